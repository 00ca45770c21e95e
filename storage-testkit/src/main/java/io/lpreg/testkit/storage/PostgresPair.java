package io.lpreg.testkit.storage;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * A real PostgreSQL high-availability pair for one test class, thrown away afterwards: a primary and a streaming
 * standby ({@code pg_basebackup -R}) on two free ports of 127.0.0.1, the standby synchronous
 * ({@code synchronous_standby_names = '*'} on the primary). Failover as an operator (or pg_auto_failover) does
 * it: {@link #killPrimary()} SIGKILLs every process of the primary, as a crash of its machine would, and
 * {@link #promoteStandby()} runs {@code pg_ctl promote}; the promoted server runs alone until
 * {@link #rebuildStandby()} makes the dead one a new standby of it. Binaries, the {@code postgres} user under
 * root and the skip rules are {@link ThrowawayPostgres}'s.
 *
 * <pre>{@code @RegisterExtension static final PostgresPair pair = new PostgresPair();}</pre>
 *
 * The gateways' URL names both servers, {@code jdbc:postgresql://127.0.0.1:A,127.0.0.1:B/db?targetServerType=primary},
 * so it stays the same through every failover.
 */
public final class PostgresPair implements BeforeAllCallback, AfterAllCallback {
    private static final int TIMEOUT_SECONDS = 60;

    private final AtomicInteger databases = new AtomicInteger();
    private Path bin;
    private Path root;
    private Path passwordFile;
    private String password;
    private Server first;
    private Server second;
    private Server primary;
    private Server standby;
    private String startedBy;

    /** One server of the pair: its data directory, port and log; {@code running} while its processes live. */
    private static final class Server {
        final String name;
        final Path data;
        final Path log;
        final int port;
        boolean running;

        Server(Path root, String name, int port) {
            this.name = name;
            this.data = root.resolve(name);
            this.log = root.resolve(name + ".log");
            this.port = port;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (root != null) {
            return;
        }
        if (ThrowawayPostgres.findBinaries().isEmpty()) {
            if ("1".equals(System.getenv("LPREG_REQUIRE_POSTGRES"))) {
                Assertions.fail(ThrowawayPostgres.MISSING + "; LPREG_REQUIRE_POSTGRES=1 makes this a failure instead of a skip");
            }
            Assumptions.abort(ThrowawayPostgres.MISSING + " (set LPREG_REQUIRE_POSTGRES=1 to fail instead of skipping)");
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

    /** Creates the primary, then its synchronous standby; returns once the standby is streaming as {@code sync}. */
    public synchronized void create() throws IOException, InterruptedException {
        if (root != null) {
            throw new IllegalStateException("the pair already exists");
        }
        bin = ThrowawayPostgres.findBinaries().orElseThrow(() -> new IllegalStateException(ThrowawayPostgres.MISSING));
        root = Files.createTempDirectory("lpreg-pg-pair-");
        passwordFile = root.resolve("password");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        password = HexFormat.of().formatHex(secret);
        Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
        if (ThrowawayPostgres.isRoot()) {
            UserPrincipal postgres = root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ThrowawayPostgres.SUPERUSER);
            Files.setOwner(root, postgres);
            Files.setOwner(passwordFile, postgres);
        }
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        first = new Server(root, "a", ThrowawayPostgres.freePort());
        second = new Server(root, "b", ThrowawayPostgres.freePort());
        // initdb's pg_hba.conf lets 127.0.0.1 in for replication too, with the same SCRAM password
        run(List.of(bin.resolve("initdb").toString(), "-D", first.data.toString(), "-U", ThrowawayPostgres.SUPERUSER,
                "--pwfile=" + passwordFile, "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync",
                "--no-instructions"));
        start(first);
        primary = first;
        attachStandby(second);
    }

    /** Stops whatever still runs, at once, and deletes every directory. */
    public synchronized void destroy() throws IOException, InterruptedException {
        if (root == null) {
            return;
        }
        try {
            for (Server server : List.of(first, second)) {
                if (server.running) {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", server.data.toString(), "-m", "immediate", "-w", "stop"));
                    server.running = false;
                }
            }
        } finally {
            ThrowawayPostgres.deleteRecursively(root);
            root = null;
        }
    }

    /** A new, empty database on the primary (the standby receives it through the WAL); its multi-host JDBC URL. */
    public String createDatabase() throws IOException, InterruptedException {
        String name = "lpreg_" + databases.incrementAndGet();
        psql(ThrowawayPostgres.SUPERUSER, "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Both servers, first the one that started as primary; the driver connects to whichever is primary. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + first.port + ",127.0.0.1:" + second.port + "/" + database
                + "?targetServerType=primary";
    }

    /** Runs SQL as the superuser on the current primary; its output. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return psql(primary, database, sql);
    }

    /** Runs SQL as the superuser on the standby (read-only); its output. */
    public String psqlOnStandby(String database, String sql) throws IOException, InterruptedException {
        if (standby == null || !standby.running) {
            throw new IllegalStateException("no standby runs");
        }
        return psql(standby, database, sql);
    }

    /**
     * Sets a server parameter on the primary as {@code ALTER SYSTEM} does and reloads, so every session
     * that did not set it itself follows (e.g. {@code synchronous_commit}).
     */
    public void setOnPrimary(String parameter, String value) throws IOException, InterruptedException {
        psql(ThrowawayPostgres.SUPERUSER, "ALTER SYSTEM SET " + parameter + " = '" + value.replace("'", "''") + "'");
        psql(ThrowawayPostgres.SUPERUSER, "SELECT pg_reload_conf()");
    }

    /**
     * SIGKILL to the primary's postmaster and every one of its processes, the way a machine crash ends them:
     * no shutdown checkpoint, nothing more sent to the standby. The server stays dead.
     */
    public synchronized void killPrimary() throws IOException {
        Server victim = requirePrimary();
        List<String> pidFile = Files.readAllLines(victim.data.resolve("postmaster.pid"));
        long pid = Long.parseLong(pidFile.get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("postmaster " + pid + " is not running"));
        List<ProcessHandle> processes = new ArrayList<>();
        processes.add(postmaster);
        processes.addAll(postmaster.descendants().toList());
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            process.onExit().orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS).join();
        }
        victim.running = false;
        removeSharedMemory(pidFile);
    }

    /**
     * {@code pg_ctl promote} of the standby; returns when {@code pg_ctl} does (the server then accepts writes).
     * The promoted server has no standby and no {@code synchronous_standby_names}: it commits alone, as
     * pg_auto_failover's or Patroni's new primary does while its partner is gone.
     */
    public synchronized void promoteStandby() throws IOException, InterruptedException {
        if (standby == null || !standby.running) {
            throw new IllegalStateException("no standby to promote");
        }
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", standby.data.toString(), "-w", "-t", Integer.toString(TIMEOUT_SECONDS), "promote"));
        primary = standby;
        standby = null;
    }

    /**
     * Makes the server that is not primary (killed, never restarted: its timeline forked) a new synchronous
     * standby of the primary: its directory is replaced by a {@code pg_basebackup -R} of the primary.
     */
    public synchronized void rebuildStandby() throws IOException, InterruptedException {
        Server other = requirePrimary() == first ? second : first;
        if (other.running) {
            throw new IllegalStateException("server " + other.name + " still runs");
        }
        ThrowawayPostgres.deleteRecursively(other.data);
        attachStandby(other);
    }

    /** {@code sync_state} of each standby the primary streams to, as {@code pg_stat_replication} shows it. */
    public List<String> syncStates() throws IOException, InterruptedException {
        String states = psql(ThrowawayPostgres.SUPERUSER, "SELECT sync_state FROM pg_stat_replication ORDER BY application_name");
        return states.isEmpty() ? List.of() : states.lines().toList();
    }

    public String user() {
        return ThrowawayPostgres.SUPERUSER;
    }

    /** A file holding the superuser's password, as the plugin's {@code password_file} reads it. */
    public Path passwordFile() {
        return passwordFile;
    }

    public int primaryPort() {
        return requirePrimary().port;
    }

    public int standbyPort() {
        if (standby == null) {
            throw new IllegalStateException("no standby");
        }
        return standby.port;
    }

    private void attachStandby(Server server) throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", Integer.toString(primary.port),
                "-U", ThrowawayPostgres.SUPERUSER, "-D", server.data.toString(), "-R", "-X", "stream", "-c", "fast",
                "--no-sync", "-d", "application_name=lpreg_" + server.name));
        start(server);
        standby = server;
        await("server " + server.name + " streaming from " + primary.name).atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                .pollInterval(Duration.ofMillis(100)).until(() -> syncStates().equals(List.of("async")));
        setOnPrimary("synchronous_standby_names", "*");
        await("server " + server.name + " synchronous").atMost(Duration.ofSeconds(TIMEOUT_SECONDS))
                .pollInterval(Duration.ofMillis(100)).until(() -> syncStates().equals(List.of("sync")));
    }

    private void start(Server server) throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", server.data.toString(), "-l", server.log.toString(),
                "-w", "-t", Integer.toString(TIMEOUT_SECONDS), "-o",
                "-p " + server.port + " -k " + root + " -c listen_addresses=127.0.0.1 -c max_connections=200", "start"));
        server.running = true;
    }

    private Server requirePrimary() {
        if (primary == null || !primary.running) {
            throw new IllegalStateException("no primary runs");
        }
        return primary;
    }

    /** The killed postmaster leaves its System V segment behind (postmaster.pid line 7: key, id); nothing else will. */
    private static void removeSharedMemory(List<String> pidFile) {
        if (pidFile.size() < 7) {
            return;
        }
        String[] keyAndId = pidFile.get(6).strip().split("\\s+");
        if (keyAndId.length != 2) {
            return;
        }
        try {
            new ProcessBuilder("ipcrm", "-m", keyAndId[1]).redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no ipcrm: the segment stays until reboot, harmless
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String psql(Server server, String database, String sql) throws IOException, InterruptedException {
        return run(List.of(bin.resolve("psql").toString(), "-h", root.toString(), "-p", Integer.toString(server.port),
                "-U", ThrowawayPostgres.SUPERUSER, "-d", database, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql));
    }

    private String run(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (ThrowawayPostgres.isRoot()) {
            full.addAll(List.of("runuser", "-u", ThrowawayPostgres.SUPERUSER, "--"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true);
        // pg_basebackup's replication connection authenticates with SCRAM too; -R writes it into primary_conninfo
        Map<String, String> environment = builder.environment();
        environment.put("PGPASSWORD", password);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", full));
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            StringBuilder logs = new StringBuilder();
            for (Server server : List.of(first, second)) {
                if (Files.isReadable(server.log)) {
                    logs.append("\n").append(server.name).append(".log:\n").append(Files.readString(server.log));
                }
            }
            throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n" + text + logs);
        }
        return text.strip();
    }
}
