package io.lpreg.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/** One request to a running gateway's admin socket: a JSON line out, a JSON line back. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path socket;

    AdminClient(Path socket) {
        this.socket = requireNonNull(socket, "socket is null");
    }

    static ObjectNode request(String action) {
        return JSON.createObjectNode().put("action", action);
    }

    /** The gateway's answer, whatever its {@code result}. */
    JsonNode call(ObjectNode request) throws AdminUnavailableException {
        requireNonNull(request, "request is null");
        Path absolute = socket.toAbsolutePath();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(absolute));
            ByteBuffer out = ByteBuffer.wrap((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (channel.read(in) >= 0) {
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
            if (answer.size() == 0) {
                throw new AdminUnavailableException("the gateway on " + absolute + " closed the connection without an answer");
            }
            return JSON.readTree(answer.toByteArray());
        } catch (IOException e) {
            throw new AdminUnavailableException(explain(absolute, e));
        }
    }

    private static String explain(Path socket, IOException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (!Files.exists(socket) && !message.contains("permission denied")) {
            return "no gateway admin socket at " + socket + ": is 'lpreg gateway' running with this data directory? "
                    + "(--data-dir DIR, or --admin PATH)";
        }
        if (message.contains("permission denied") || message.contains("access denied")) {
            return "permission denied on " + socket + ": the admin socket is open only to the user the gateway runs as "
                    + "(mode 0600); run this command as that user";
        }
        if (e instanceof SocketException && message.contains("connection refused")) {
            return "no gateway is running at " + socket + " (the socket is left over from one that stopped)";
        }
        return "cannot talk to the gateway on " + socket + ": " + e.getMessage();
    }
}
