package io.lpreg.plugin.storage.sqlite;

import io.lpreg.testkit.storage.MutableClock;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.lpreg.plugin.storage.sqlite.Registrations.TICKET_LIFETIME;
import static io.lpreg.plugin.storage.sqlite.Registrations.key;
import static io.lpreg.plugin.storage.sqlite.Registrations.nullifier;
import static io.lpreg.plugin.storage.sqlite.Registrations.register;
import static org.assertj.core.api.Assertions.assertThat;

class PurgeTest {
    private static final Duration GRACE = Duration.ofHours(6);

    @TempDir
    Path dataDirectory;

    private final MutableClock clock = MutableClock.at("2025-06-01T12:00:00Z");
    private SqliteStorage storage;

    @BeforeEach
    void start() throws StorageException {
        storage = new SqliteStorage(MapPluginConfig.in(dataDirectory).with("purge_grace", "6h"), clock);
        storage.start();
    }

    @AfterEach
    void stop() {
        storage.stop();
    }

    /** A mixnet client: bandwidth and a spent credential, no peer. */
    private ClientId mixnetClient(int n, Instant expiresAt) throws StorageException {
        byte[] id = new byte[32];
        id[0] = (byte) n;
        return storage.inTransaction(tx -> {
            ClientId client = tx.mixnetClient(id, ClientKind.ENTRY_MIXNET);
            tx.recordSpend(new SpentCredential("test", nullifier(n), client, id, 10, clock.instant(), expiresAt));
            tx.creditBandwidth(client, 10, expiresAt);
            return client;
        });
    }

    @Test
    void rowsStayUntilTheirExpiryPlusTheGraceHasPassed() throws StorageException {
        Instant expiry = clock.instant().plus(Duration.ofDays(1));
        ClientId client = mixnetClient(1, expiry);

        assertThat(storage.purgeExpired(expiry.plus(GRACE))).isZero();
        assertThat(bandwidth(client)).isPresent();
        assertThat(spent(1)).isPresent();

        assertThat(storage.purgeExpired(expiry.plus(GRACE).plusMillis(1))).isEqualTo(2);
        assertThat(bandwidth(client)).isEmpty();
        assertThat(spent(1)).isEmpty();
    }

    @Test
    void onlyExpiredRowsArePurged() throws StorageException {
        ClientId expiring = mixnetClient(1, clock.instant().plus(Duration.ofDays(1)));
        ClientId lasting = mixnetClient(2, clock.instant().plus(Duration.ofDays(30)));

        assertThat(storage.purgeExpired(clock.instant().plus(Duration.ofDays(2)))).isEqualTo(2);

        assertThat(bandwidth(expiring)).isEmpty();
        assertThat(spent(1)).isEmpty();
        assertThat(bandwidth(lasting)).contains(new Bandwidth(10, clock.instant().plus(Duration.ofDays(30))));
        assertThat(spent(2)).isPresent();
    }

    @Test
    void theExpiredBalanceOfAClientWithAPeerIsKeptUntilThePeerIsRemoved() throws StorageException {
        register(storage, key(1), nullifier(1), clock.instant());
        ClientId client = storage.inTransaction(tx -> tx.peer(key(1)).orElseThrow().client());
        Instant long_after = clock.instant().plus(TICKET_LIFETIME).plus(GRACE).plus(Duration.ofDays(1));

        assertThat(storage.purgeExpired(long_after)).as("the spent credential goes, the balance stays").isEqualTo(1);
        assertThat(spent(1)).isEmpty();
        Bandwidth kept = bandwidth(client).orElseThrow();
        assertThat(kept.isUsable(long_after)).isFalse();

        storage.inTransaction(tx -> tx.removePeer(key(1), long_after));
        assertThat(storage.purgeExpired(long_after)).isEqualTo(1);
        assertThat(bandwidth(client)).isEmpty();
    }

    @Test
    void aBalanceOutlivedByOneOfItsCredentialsIsKeptWithIt() throws StorageException {
        ClientId client = mixnetClient(1, clock.instant().plus(Duration.ofDays(1)));
        Instant credentialExpiry = clock.instant().plus(Duration.ofDays(5));
        storage.inTransaction(tx -> {
            tx.recordSpend(new SpentCredential("test", nullifier(2), client, new byte[1], 0, clock.instant(), credentialExpiry));
            return null;
        });

        assertThat(storage.purgeExpired(clock.instant().plus(Duration.ofDays(3)))).isEqualTo(1);
        assertThat(bandwidth(client)).as("still referenced by a live nullifier").isPresent();
        assertThat(spent(2)).isPresent();
    }

    @Test
    void aPurgedMixnetClientIsForgottenEntirely() throws StorageException {
        ClientId purged = mixnetClient(1, clock.instant().plus(Duration.ofDays(1)));
        storage.purgeExpired(clock.instant().plus(Duration.ofDays(2)));

        byte[] id = new byte[32];
        id[0] = 1;
        ClientId returning = storage.inTransaction(tx -> tx.mixnetClient(id, ClientKind.ENTRY_MIXNET));

        assertThat(returning).as("a new client, never the purged id again").isNotEqualTo(purged);
        assertThat(returning.value()).isGreaterThan(purged.value());
    }

    private Optional<Bandwidth> bandwidth(ClientId client) throws StorageException {
        return storage.inTransaction(tx -> tx.bandwidth(client));
    }

    private Optional<SpentCredential> spent(int n) throws StorageException {
        return storage.inTransaction(tx -> tx.spentCredential(nullifier(n)));
    }
}
