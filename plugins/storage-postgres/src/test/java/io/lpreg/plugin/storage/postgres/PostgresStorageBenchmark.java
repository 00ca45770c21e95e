package io.lpreg.plugin.storage.postgres;

import io.lpreg.spi.StorageException;
import io.lpreg.testkit.storage.Registrations;
import io.lpreg.testkit.storage.ThrowawayPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * Registration transactions per second through the plugin, next to the bound that caps them on this machine:
 * bare auto-committed {@code INSERT}s into a one-column table of the same cluster, over the same driver
 * (DESIGN.md §10). The cluster is a throwaway one with PostgreSQL's defaults (fsync and synchronous_commit on).
 * Run with {@code ./mvnw -q -B -pl plugins/storage-postgres -am -Pbench -DskipTests verify}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PostgresStorageBenchmark {
    @State(Scope.Benchmark)
    public static class Cluster {
        final ThrowawayPostgres postgres = new ThrowawayPostgres();
        PostgresStorage storage;
        Connection bare;
        PreparedStatement insert;
        long next;

        @Setup(Level.Trial)
        public void start() throws IOException, InterruptedException, StorageException, SQLException {
            postgres.create();
            // a /16 + /112 pool holds 65 533 pairs, more than a run registers
            storage = new PostgresStorage(PostgresFixture.node(postgres, postgres.createDatabase(), "gw-bench")
                    .with("ipv4_prefix", "10.1.0.0/16").with("ipv6_prefix", "fd00::/112"), Clock.systemUTC());
            storage.start();
            PGSimpleDataSource driver = new PGSimpleDataSource();
            driver.setURL(postgres.createDatabase());
            driver.setUser(postgres.user());
            driver.setPassword(postgres.password());
            bare = driver.getConnection();
            bare.createStatement().execute("CREATE TABLE bare (x bigint)");
            insert = bare.prepareStatement("INSERT INTO bare (x) VALUES (?)");
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException, InterruptedException, SQLException {
            insert.close();
            bare.close();
            storage.stop();
            postgres.destroy();
        }
    }

    @Benchmark
    public Object registration(Cluster cluster) throws StorageException {
        long n = cluster.next++;
        return Registrations.register(cluster.storage, Registrations.key(n), Registrations.nullifier(n), Clock.systemUTC().instant());
    }

    @Benchmark
    public int bareInsert(Cluster cluster) throws SQLException {
        cluster.insert.setLong(1, cluster.next++);
        return cluster.insert.executeUpdate();
    }
}
