package io.lpreg.testkit.storage;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster for one test class, thrown away afterwards: {@code initdb} into a temporary
 * directory, {@code pg_ctl} on a free port on 127.0.0.1, password (SCRAM) authentication over TCP. PostgreSQL
 * refuses to run as root, so under root the cluster runs as the {@code postgres} user (its directory is handed
 * to that user). Where the binaries are missing the tests are skipped with the reason, unless
 * {@code LPREG_REQUIRE_POSTGRES=1} (CI) makes that a failure.
 *
 * <pre>{@code @RegisterExtension static final ThrowawayPostgres postgres = new ThrowawayPostgres();}</pre>
 *
 * The binaries are looked up in {@code $LPREG_POSTGRES_BIN}, else the newest {@code /usr/lib/postgresql/N/bin}
 * (Debian's {@code postgresql} package).
 */
public final class ThrowawayPostgres implements BeforeAllCallback, AfterAllCallback {
    public static final String SUPERUSER = "postgres";
    private static final int START_TIMEOUT_SECONDS = 60;
    static final String MISSING = "PostgreSQL binaries (initdb, pg_ctl) not found in $LPREG_POSTGRES_BIN or "
            + "/usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)";

    private final AtomicInteger databases = new AtomicInteger();
    private Path bin;
    private Path root;
    private Path data;
    private Path passwordFile;
    private String password;
    private int port;
    private boolean running;
    private String startedBy;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (root != null) {
            return; // started for an enclosing class
        }
        if (findBinaries().isEmpty()) {
            if ("1".equals(System.getenv("LPREG_REQUIRE_POSTGRES"))) {
                Assertions.fail(MISSING + "; LPREG_REQUIRE_POSTGRES=1 makes this a failure instead of a skip");
            }
            Assumptions.abort(MISSING + " (set LPREG_REQUIRE_POSTGRES=1 to fail instead of skipping)");
        }
        startedBy = context.getUniqueId();
        create();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (root != null && context.getUniqueId().equals(startedBy)) {
            destroy();
        }
    }

    /** Creates and starts the cluster; for use outside JUnit (a benchmark). */
    public synchronized void create() throws IOException, InterruptedException {
        if (root != null) {
            throw new IllegalStateException("the cluster already exists");
        }
        bin = findBinaries().orElseThrow(() -> new IllegalStateException(MISSING));
        root = Files.createTempDirectory("lpreg-pg-");
        data = root.resolve("data");
        passwordFile = root.resolve("password");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        password = HexFormat.of().formatHex(secret);
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        if (isRoot()) {
            // the cluster's own user must own its directory; the password file stays readable for the tests (root)
            UserPrincipal postgres = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(root, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER, "--pwfile=" + passwordFile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync", "--no-instructions"));
        start();
    }

    /** Stops the cluster at once and deletes its directory. */
    public synchronized void destroy() throws IOException, InterruptedException {
        if (root == null) {
            return;
        }
        try {
            if (running) {
                stop("immediate");
            }
        } finally {
            deleteRecursively(root);
            root = null;
            port = 0;
        }
    }

    /** Starts the cluster (again), on the port it had before if it ran already. */
    public synchronized void start() throws IOException, InterruptedException {
        if (running) {
            return;
        }
        if (port == 0) {
            port = freePort();
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", root.resolve("server.log").toString(),
                "-w", "-t", Integer.toString(START_TIMEOUT_SECONDS), "-o",
                "-p " + port + " -k " + root + " -c listen_addresses=127.0.0.1 -c max_connections=200", "start"));
        running = true;
    }

    /** Stops the cluster: {@code fast} disconnects every client and rolls back their open transactions. */
    public synchronized void stop() throws IOException, InterruptedException {
        stop("fast");
    }

    /** Kills the cluster without a checkpoint, as a crash would; it recovers from its WAL at the next start. */
    public synchronized void crash() throws IOException, InterruptedException {
        stop("immediate");
    }

    private void stop(String mode) throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", mode, "-w", "stop"));
        running = false;
    }

    /** A new, empty database owned by the superuser; its JDBC URL. */
    public String createDatabase() throws IOException, InterruptedException {
        String name = "lpreg_" + databases.incrementAndGet();
        psql("CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Runs SQL as the superuser over the cluster's Unix socket; its output. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return run(List.of(bin.resolve("psql").toString(), "-h", root.toString(), "-p", Integer.toString(port), "-U", SUPERUSER,
                "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql));
    }

    private void psql(String sql) throws IOException, InterruptedException {
        psql(SUPERUSER, sql);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return SUPERUSER;
    }

    /** A file holding the superuser's password, as the plugin's {@code password_file} reads it. */
    public Path passwordFile() {
        return passwordFile;
    }

    public String password() {
        return password;
    }

    public Path binaries() {
        return bin;
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", SUPERUSER, "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", full));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            String log = "";
            Path serverLog = root.resolve("server.log");
            if (Files.isReadable(serverLog)) {
                log = "\nserver.log:\n" + Files.readString(serverLog);
            }
            throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + text + log);
        }
        return text.strip();
    }

    static Optional<Path> findBinaries() {
        String configured = System.getenv("LPREG_POSTGRES_BIN");
        if (configured != null && !configured.isBlank()) {
            Path dir = Path.of(configured);
            return Files.isExecutable(dir.resolve("initdb")) ? Optional.of(dir) : Optional.empty();
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(versions)) {
            return dirs.map(dir -> dir.resolve("bin"))
                    .filter(dir -> Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(ThrowawayPostgres::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
