package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.StorageException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Registration transactions per second through the plugin, next to the bound that caps them on this disk:
 * bare auto-committed {@code INSERT}s into a one-column table, same file system, same SQLite settings
 * (DESIGN.md §10). Run with {@code ./mvnw -q -B -pl plugins/storage-sqlite -am -Pbench -DskipTests verify} (README.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StorageBenchmark {
    /** The plugin as configured by default (WAL, synchronous full), with a /8 + /104 pool so a run never exhausts it. */
    @State(Scope.Benchmark)
    public static class Plugin {
        @Param({"full", "normal"})
        public String synchronous;

        Path directory;
        SqliteStorage storage;
        long next;

        @Setup(Level.Trial)
        public void start() throws IOException, StorageException {
            directory = Files.createTempDirectory("lpreg-bench-");
            storage = new SqliteStorage(MapPluginConfig.in(directory)
                    .with("ipv4_prefix", "10.0.0.0/8")
                    .with("ipv6_prefix", "fd00::/104")
                    .with("synchronous", synchronous), Clock.systemUTC());
            storage.start();
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException {
            storage.stop();
            deleteRecursively(directory);
        }
    }

    /** A one-column table in its own file, opened with the plugin's settings; every INSERT is its own transaction. */
    @State(Scope.Benchmark)
    public static class BareTable {
        @Param({"full", "normal"})
        public String synchronous;

        Path directory;
        Connection connection;
        PreparedStatement insert;
        long next;

        @Setup(Level.Trial)
        public void open() throws IOException, SQLException {
            directory = Files.createTempDirectory("lpreg-bench-");
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(5_000);
            config.setSynchronous(Synchronous.parse(synchronous).mode());
            SQLiteDataSource dataSource = new SQLiteDataSource(config);
            dataSource.setUrl("jdbc:sqlite:" + directory.resolve("bare.db"));
            connection = dataSource.getConnection();
            connection.createStatement().execute("CREATE TABLE bare (x INTEGER)");
            insert = connection.prepareStatement("INSERT INTO bare (x) VALUES (?)");
        }

        @TearDown(Level.Trial)
        public void close() throws IOException, SQLException {
            insert.close();
            connection.close();
            deleteRecursively(directory);
        }
    }

    @Benchmark
    public Object registration(Plugin plugin) throws StorageException {
        long n = plugin.next++;
        return Registrations.register(plugin.storage, Registrations.key(n), Registrations.nullifier(n), Clock.systemUTC().instant());
    }

    @Benchmark
    public int bareInsert(BareTable table) throws SQLException {
        table.insert.setLong(1, table.next++);
        return table.insert.executeUpdate();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
