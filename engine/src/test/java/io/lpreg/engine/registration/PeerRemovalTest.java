package io.lpreg.engine.registration;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.IpPair;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An operator's peer removal: storage and interface together, or neither (real SQLite storage). */
class PeerRemovalTest {
    @TempDir
    Path dir;

    private FaultyStorage storage;
    private final InMemoryWireGuard interfacePeers = TestGateway.newWireGuard();
    private final RefusingWireGuard wireGuard = new RefusingWireGuard(interfacePeers);
    private final ReentrantLock maintenance = new ReentrantLock();
    private PeerRemoval removal;

    @BeforeEach
    void start() throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("sqlite-lib"), dir.resolve("data"));
        storage.start();
        removal = new PeerRemoval(storage, Optional.of(wireGuard), Clock.systemUTC(), PeerConfig.DEFAULT_KEEPALIVE,
                maintenance);
    }

    @AfterEach
    void stop() {
        storage.stop();
    }

    @Test
    void removesTheStoredPeerFromStorageAndInterface() throws Exception {
        WireGuardKey key = registered();
        WireGuardKey other = registered();

        Optional<StoredPeer> removed = removal.remove(key);

        assertThat(removed).map(StoredPeer::publicKey).contains(key);
        assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(other);
        assertThat(interfacePeers.configured()).containsOnlyKeys(other);
        assertThat(maintenance.isLocked()).isFalse();
    }

    @Test
    void anUnknownKeyChangesNothing() throws Exception {
        WireGuardKey key = registered();

        assertThat(removal.remove(new WireGuardKey(LpTestClient.randomKey()))).isEmpty();

        assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(key);
        assertThat(interfacePeers.configured()).containsOnlyKeys(key);
    }

    @Test
    void anInterfaceThatRefusesKeepsThePeerInStorage() throws Exception {
        WireGuardKey key = registered();
        wireGuard.refuseRemoval = true;

        assertThatThrownBy(() -> removal.remove(key)).isInstanceOf(WireGuardException.class).hasMessageContaining("injected");

        assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(key);
        assertThat(interfacePeers.configured()).containsOnlyKeys(key);
    }

    @Test
    void aFailedCommitPutsThePeerBackOnTheInterface() throws Exception {
        WireGuardKey key = registered();
        IpPair ips = storage.peers().getFirst().ips();
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        assertThatThrownBy(() -> removal.remove(key)).isInstanceOf(StorageException.class);

        storage.inject(FaultyStorage.Fault.NONE);
        assertThat(storage.peers()).extracting(StoredPeer::publicKey).containsExactly(key);
        assertThat(interfacePeers.configured()).containsOnlyKeys(key);
        assertThat(interfacePeers.configured().get(key).allowedIps()).isEqualTo(ips);
        assertThat(maintenance.isLocked()).isFalse();
    }

    private WireGuardKey registered() throws Exception {
        WireGuardKey key = new WireGuardKey(LpTestClient.randomKey());
        Instant now = Instant.now();
        StoredPeer peer = storage.inTransaction(transaction -> {
            ClientId client = transaction.peerClient(key, ClientKind.ENTRY_WIREGUARD);
            return transaction.upsertPeer(key, client, transaction.allocateIpPair(now), Optional.empty(), now);
        });
        interfacePeers.addPeer(new PeerConfig(key, peer.ips(), Optional.empty(), PeerConfig.DEFAULT_KEEPALIVE));
        return key;
    }

    /** The in-memory interface, refusing removals when told to. */
    private static final class RefusingWireGuard implements WireGuardController {
        private final InMemoryWireGuard delegate;
        private volatile boolean refuseRemoval;

        RefusingWireGuard(InMemoryWireGuard delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return "refusing";
        }

        @Override
        public WireGuardKey publicKey() {
            return delegate.publicKey();
        }

        @Override
        public InetSocketAddress endpoint() {
            return delegate.endpoint();
        }

        @Override
        public void addPeer(PeerConfig peer) throws WireGuardException {
            delegate.addPeer(peer);
        }

        @Override
        public void removePeer(WireGuardKey key) throws WireGuardException {
            if (refuseRemoval) {
                throw new WireGuardException("injected: the interface refused");
            }
            delegate.removePeer(key);
        }

        @Override
        public List<PeerStats> peers() {
            return delegate.peers();
        }
    }
}
