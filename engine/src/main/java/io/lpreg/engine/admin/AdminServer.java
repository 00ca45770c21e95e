package io.lpreg.engine.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.engine.metrics.OperationalMetrics.AdminResult;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * The admin endpoint: a Unix domain socket, mode 0600, so only the gateway's own user (and root) may connect —
 * filesystem permissions are the authentication, as for WireGuard's UAPI socket and Docker's. Never a network
 * port. Each connection carries one request line (JSON) and gets one answer line (JSON).
 *
 * <p>The socket is bound inside a fresh 0700 directory, given mode 0600, and only then renamed into place, so
 * at no moment can another user open it.
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    /** Requests are a few hundred bytes; anything longer is not one. */
    static final int MAX_REQUEST = 8192;

    private final Path path;
    private final ServerSocketChannel server;
    private final ExecutorService connections;
    private final Thread acceptor;

    private AdminServer(Path path, ServerSocketChannel server, AdminService service) {
        this.path = path;
        this.server = server;
        this.connections = Executors.newVirtualThreadPerTaskExecutor();
        this.acceptor = Thread.ofPlatform().daemon().name("lpreg-admin").unstarted(() -> accept(service));
    }

    /**
     * Binds {@code path} and serves {@code service} there. A socket file left by a gateway that is gone is
     * replaced; one a running gateway answers on is not.
     */
    public static AdminServer start(Path path, AdminService service) throws IOException {
        requireNonNull(path, "path is null");
        requireNonNull(service, "service is null");
        Path socket = path.toAbsolutePath();
        Path directory = socket.getParent();
        Files.createDirectories(directory);
        if (Files.exists(socket)) {
            if (isServed(socket)) {
                throw new IOException("another gateway serves its admin endpoint on " + socket);
            }
            Files.delete(socket);
        }
        Path staging = Files.createTempDirectory(directory, ".admin-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path staged = staging.resolve("s");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(staged));
            Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-------"));
            Files.move(staged, socket, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } finally {
            Files.deleteIfExists(staged);
            Files.deleteIfExists(staging);
        }
        AdminServer admin = new AdminServer(socket, server, service);
        admin.acceptor.start();
        log.info("admin endpoint on {} (mode 0600)", socket);
        return admin;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            log.debug("closing the admin socket: {}", e.getMessage());
        }
        connections.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("could not delete the admin socket {}: {}", path, e.getMessage());
        }
    }

    private void accept(AdminService service) {
        while (server.isOpen()) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("admin endpoint: accept failed: {}", e.getMessage());
                continue;
            }
            try {
                connections.execute(() -> serve(connection, service));
            } catch (RuntimeException e) {
                closeQuietly(connection);
            }
        }
    }

    private static void serve(SocketChannel connection, AdminService service) {
        try (connection) {
            String caller = caller(connection);
            ObjectNode answer;
            byte[] line = readLine(connection);
            if (line == null) {
                answer = AdminService.failure(AdminResult.BAD_REQUEST, "a request is one JSON line of at most "
                        + MAX_REQUEST + " bytes");
            } else {
                JsonNode request;
                try {
                    request = AdminService.JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    request = null;
                }
                answer = request == null || !request.isObject()
                        ? AdminService.failure(AdminResult.BAD_REQUEST, "a request is a JSON object")
                        : service.handle(request, caller);
            }
            byte[] out = (AdminService.JSON.writeValueAsString(answer) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(out);
            while (buffer.hasRemaining()) {
                connection.write(buffer);
            }
        } catch (IOException e) {
            log.debug("admin connection: {}", e.getMessage());
        }
    }

    /** The request line without its newline; null if it is longer than {@link #MAX_REQUEST}. */
    private static byte[] readLine(SocketChannel connection) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (connection.read(buffer) >= 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                byte b = buffer.get();
                if (b == '\n') {
                    return line.toByteArray();
                }
                line.write(b);
            }
            buffer.clear();
            if (line.size() > MAX_REQUEST) {
                return null;
            }
        }
        return line.size() > MAX_REQUEST ? null : line.toByteArray();
    }

    private static String caller(SocketChannel connection) {
        try {
            UnixDomainPrincipal principal = connection.getOption(ExtendedSocketOptions.SO_PEERCRED);
            return "user " + principal.user().getName();
        } catch (IOException | UnsupportedOperationException e) {
            return "an unknown user";
        }
    }

    private static boolean isServed(Path socket) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (AccessDeniedException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(SocketChannel connection) {
        try {
            connection.close();
        } catch (IOException e) {
            log.debug("closing an admin connection: {}", e.getMessage());
        }
    }
}
