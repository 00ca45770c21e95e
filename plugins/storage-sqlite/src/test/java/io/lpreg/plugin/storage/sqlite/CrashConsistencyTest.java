package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.StorageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kills a registering child JVM with SIGKILL, several times over one file, and checks after each kill that
 * every acknowledged commit is there, nothing of an unacknowledged one is half there, and the pool, the peers,
 * the nullifiers and the balances agree.
 */
class CrashConsistencyTest {
    private static final int ROUNDS = 3;

    @TempDir
    Path dataDirectory;

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void aKilledWriterLeavesAConsistentDatabaseWithEveryAcknowledgedCommit() throws Exception {
        Path file = dataDirectory.resolve("gateway.db");
        long next = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long acknowledged = runAndKill(file, next, next + 100 + ThreadLocalRandom.current().nextInt(100));

            long committed = verify(file, acknowledged);
            assertThat(committed).as("round %d: the last commit is the acknowledged one or the one after it", round)
                    .isBetween(acknowledged, acknowledged + 1);
            next = committed + 1;
        }
    }

    /** Starts the child at iteration {@code first}, SIGKILLs it once iteration {@code killAfter} is acknowledged. */
    private static long runAndKill(Path file, long first, long killAfter) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                RegisteringChild.class.getName(), file.toString(), Long.toString(first))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        AtomicLong acknowledged = new AtomicLong(first - 1);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("committed ")) {
                    acknowledged.set(Long.parseLong(line.substring("committed ".length())));
                    if (acknowledged.get() >= killAfter) {
                        child.destroyForcibly(); // SIGKILL on Linux
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor()).as("killed by SIGKILL (128 + 9); the child ran from " + first).isEqualTo(137);
        return acknowledged.get();
    }

    /** Reopens the file through the plugin and checks it; returns the last committed iteration. */
    private static long verify(Path file, long acknowledged) throws StorageException, SQLException {
        SqliteStorage storage = new SqliteStorage(MapPluginConfig.in(file.getParent()).with("path", file.toString()),
                Clock.systemUTC());
        storage.start();
        long committed;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(strings(db, "PRAGMA integrity_check")).containsExactly("ok");
            assertThat(strings(db, "PRAGMA foreign_key_check")).isEmpty();

            committed = acknowledged + (isSpent(db, nullifier(2 * (acknowledged + 1))) ? 1 : 0);
            assertThat(isSpent(db, nullifier(2 * (committed + 1)))).isFalse();
            for (long i = 0; i <= committed; i++) {
                assertThat(isSpent(db, nullifier(2 * i))).as("nullifier of iteration %d", i).isTrue();
                if (i % 5 == 0 && i > 0) {
                    assertThat(isSpent(db, nullifier(2 * i + 1))).as("re-registration in iteration %d", i).isTrue();
                }
            }

            Set<Long> expectedPeers = new HashSet<>();
            long removals = 0;
            for (long i = 0; i <= committed; i++) {
                if ((i + 3) % 7 == 0 && i + 3 <= committed) {
                    removals++;
                } else {
                    expectedPeers.add(i);
                }
            }
            assertThat(storage.peers()).extracting(peer -> peer.publicKey())
                    .containsExactlyInAnyOrderElementsOf(expectedPeers.stream().map(Registrations::key).toList());

            assertThat(longs(db, "SELECT count(*) FROM peers p JOIN ip_pool a ON a.slot = p.slot WHERE a.released_at IS NULL"))
                    .as("no peer without its allocated pair").containsExactly((long) expectedPeers.size());
            assertThat(longs(db, "SELECT count(*) FROM ip_pool WHERE released_at IS NULL"))
                    .as("no allocated pair without its peer").containsExactly((long) expectedPeers.size());
            assertThat(longs(db, "SELECT count(*) FROM ip_pool WHERE released_at IS NOT NULL"))
                    .as("a quarantined pair per removed peer").containsExactly(removals);
            assertThat(longs(db, """
                    SELECT count(*) FROM bandwidth b
                    WHERE b.available_bytes != (SELECT sum(credited_bytes) FROM spent_credentials s WHERE s.client_id = b.client_id)"""))
                    .as("every balance is exactly the sum of its spent credentials").containsExactly(0L);
            assertThat(longs(db, "SELECT count(*) FROM spent_credentials s LEFT JOIN bandwidth b USING (client_id) WHERE b.client_id IS NULL"))
                    .as("no nullifier without its bandwidth credit").containsExactly(0L);

            PoolStatus pool = storage.poolStatus(Clock.systemUTC().instant());
            assertThat(pool).isEqualTo(new PoolStatus(65_533, expectedPeers.size(), removals,
                    65_533 - expectedPeers.size() - removals));
        } finally {
            storage.stop();
        }
        return committed;
    }

    private static boolean isSpent(Connection db, byte[] nullifier) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("SELECT count(*) FROM spent_credentials WHERE nullifier = ?")) {
            statement.setBytes(1, nullifier);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.getLong(1) == 1;
            }
        }
    }

    private static List<String> strings(Connection db, String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            java.util.ArrayList<String> values = new java.util.ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    private static List<Long> longs(Connection db, String sql) throws SQLException {
        return strings(db, sql).stream().map(Long::valueOf).toList();
    }
}
