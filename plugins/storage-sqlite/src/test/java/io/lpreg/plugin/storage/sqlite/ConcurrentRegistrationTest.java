package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static io.lpreg.plugin.storage.sqlite.Registrations.key;
import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;
import static io.lpreg.plugin.storage.sqlite.Registrations.register;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

class ConcurrentRegistrationTest {
    private static final int THREADS = 64;
    private static final int KEYS = 10_000;

    @TempDir
    Path dataDirectory;

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void sixtyFourThreadsRegisterTenThousandKeysWithoutADuplicateOrALostRow() throws Exception {
        SqliteStorage storage = new SqliteStorage(MapPluginConfig.in(dataDirectory), Clock.systemUTC());
        storage.start();
        Map<WireGuardKey, IpPair> answers = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(threads.submit(() -> {
                    go.await();
                    for (int n = next.getAndIncrement(); n < KEYS; n = next.getAndIncrement()) {
                        WireGuardKey key = key(n);
                        answers.put(key, register(storage, key, nullifier(n), Clock.systemUTC().instant()));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(answers).hasSize(KEYS);
        assertThat(answers.values().stream().map(IpPair::ipv4).distinct()).hasSize(KEYS);
        assertThat(answers.values().stream().map(IpPair::ipv6).distinct()).hasSize(KEYS);
        List<StoredPeer> peers = storage.peers();
        assertThat(peers).hasSize(KEYS);
        assertThat(peers.stream().collect(Collectors.toMap(StoredPeer::publicKey, StoredPeer::ips))).isEqualTo(answers);
        assertThat(storage.poolStatus(Clock.systemUTC().instant()).allocated()).isEqualTo(KEYS);
        storage.stop();

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDirectory.resolve("gateway.db"));
             ResultSet rs = connection.createStatement().executeQuery("""
                     SELECT (SELECT count(*) FROM spent_credentials), (SELECT count(*) FROM bandwidth),
                            (SELECT count(*) FROM clients), (SELECT count(DISTINCT ipv4) FROM ip_pool),
                            (SELECT count(DISTINCT ipv6) FROM ip_pool)""")) {
            for (int column = 1; column <= 5; column++) {
                assertThat(rs.getLong(column)).as("column %d", column).isEqualTo(KEYS);
            }
        }
        assertThat(answers.values()).allSatisfy(pair -> {
            assertThat(pair.ipv4().getHostAddress()).startsWith("10.1.");
            assertThat(pair.ipv6()).isNotEqualTo(InetAddress.getByName("fd00::1"));
        });
    }
}
