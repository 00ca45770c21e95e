package io.lpreg.engine.registration;

import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode.Custom;
import io.lpreg.protocol.registration.RegistrationMode.Mixnet;
import io.lpreg.protocol.registration.WireGuardKeyProof;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.Charge;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PoolExhaustedException;
import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.Settlement;
import io.lpreg.spi.SpentCredential;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.StoredPeer;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The registration pipeline of docs/architecture.md §4.3: timestamp → mode → verify (pure) → one storage transaction
 * (nullifier, bandwidth, IP pair, peer) with the WireGuard peer applied inside it → commit. Any failure
 * rolls the transaction back; a commit that fails after WireGuard accepted the peer is compensated. It
 * always yields an answer, never an exception. Runs on worker threads: it blocks on storage and WireGuard.
 */
public final class RegistrationPipeline {
    private static final Logger log = LoggerFactory.getLogger(RegistrationPipeline.class);

    private final GatewayStorage storage;
    private final Optional<AnnouncedWireGuard> wireGuard;
    private final Map<String, EcashVerifier> verifiersByScheme;
    private final Map<String, RegistrationMode> modesByName;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final TimestampWindow requestWindow;
    private final byte[] gatewayIdentity;
    private final PeerListener peerListener;
    private final PeerClaims claims;
    private final byte[] gatewayLpPrivateKey;
    private final Runnable settlementEnqueued;

    /** Told about every peer the pipeline put on the interface (a peer new there is metered from zero). */
    public interface PeerListener {
        void peerApplied(WireGuardKey key);
    }

    /**
     * The WireGuard interface and what the gateway announces of it, read once at start: nothing about the
     * interface is asked after a registration commits, so a committed registration always gets its answer.
     */
    public record AnnouncedWireGuard(WireGuardController controller, WireGuardKey publicKey, InetSocketAddress endpoint) {
        public AnnouncedWireGuard {
            requireNonNull(controller, "controller is null");
            requireNonNull(publicKey, "publicKey is null");
            requireNonNull(endpoint, "endpoint is null");
            if (endpoint.isUnresolved()) {
                throw new IllegalArgumentException(unresolved(controller, endpoint));
            }
        }

        /** @throws WireGuardException also for an endpoint that is a host name: the answer carries an address */
        public static AnnouncedWireGuard of(WireGuardController controller) throws WireGuardException {
            InetSocketAddress endpoint = controller.endpoint();
            if (endpoint != null && endpoint.isUnresolved()) {
                throw new WireGuardException(unresolved(controller, endpoint));
            }
            return new AnnouncedWireGuard(controller, controller.publicKey(), endpoint);
        }

        private static String unresolved(WireGuardController controller, InetSocketAddress endpoint) {
            return "WireGuard controller '" + controller.name() + "' announces the endpoint " + endpoint.getHostString()
                    + ":" + endpoint.getPort() + ", which is not an IP address; a dVPN answer carries an address "
                    + "(docs/wire-v1.md §10.2)";
        }
    }

    public RegistrationPipeline(GatewayStorage storage, Optional<AnnouncedWireGuard> wireGuard,
                                Map<String, EcashVerifier> verifiersByScheme, Map<String, RegistrationMode> modesByName,
                                GatewayMetrics metrics, Clock clock, TimestampWindow requestWindow,
                                byte[] gatewayIdentity, byte[] gatewayLpPrivateKey, PeerListener peerListener,
                                PeerClaims claims) {
        this(storage, wireGuard, verifiersByScheme, modesByName, metrics, clock, requestWindow, gatewayIdentity,
                gatewayLpPrivateKey, peerListener, claims, () -> { });
    }

    /** @param settlementEnqueued told after a registration committed a spend to the settlement outbox */
    public RegistrationPipeline(GatewayStorage storage, Optional<AnnouncedWireGuard> wireGuard,
                                Map<String, EcashVerifier> verifiersByScheme, Map<String, RegistrationMode> modesByName,
                                GatewayMetrics metrics, Clock clock, TimestampWindow requestWindow,
                                byte[] gatewayIdentity, byte[] gatewayLpPrivateKey, PeerListener peerListener,
                                PeerClaims claims, Runnable settlementEnqueued) {
        this.storage = requireNonNull(storage, "storage is null");
        this.wireGuard = requireNonNull(wireGuard, "wireGuard is null");
        this.verifiersByScheme = Map.copyOf(requireNonNull(verifiersByScheme, "verifiersByScheme is null"));
        this.modesByName = Map.copyOf(requireNonNull(modesByName, "modesByName is null"));
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.requestWindow = requireNonNull(requestWindow, "requestWindow is null");
        this.gatewayIdentity = requireNonNull(gatewayIdentity, "gatewayIdentity is null").clone();
        this.peerListener = requireNonNull(peerListener, "peerListener is null");
        this.gatewayLpPrivateKey = requireNonNull(gatewayLpPrivateKey, "gatewayLpPrivateKey is null").clone();
        this.claims = requireNonNull(claims, "claims is null");
        this.settlementEnqueued = requireNonNull(settlementEnqueued, "settlementEnqueued is null");
        // Checked here, not after a registration has committed: its answer must not fail on a name.
        this.modesByName.keySet().forEach(name -> {
            if (!requestsCanName(name)) {
                throw new IllegalArgumentException("registration mode '" + name + "' cannot be served: a request "
                        + "names a mode dvpn, mixnet or [a-z0-9][a-z0-9._-]{0,63} (docs/wire-v2.md); rename it");
            }
        });
        metrics.declareModes(this.modesByName.keySet());
    }

    private static boolean requestsCanName(String mode) {
        if (mode.equals(DvpnMode.NAME) || mode.equals(MixnetMode.NAME)) {
            return true;
        }
        try {
            new Custom(mode, new byte[0]);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Runs one registration. {@code clientConnected} is asked right before anything is spent: a client that
     * has gone gets nothing, so its credential is not consumed for an answer nobody reads.
     */
    public RegistrationOutcome register(LpRegistrationRequest request, byte[] handshakeHash,
                                        BooleanSupplier clientConnected) {
        long started = System.nanoTime();
        int sessionId = SecureRandoms.current().nextInt();
        metrics.registrationAttempted();
        try {
            Success success = process(request, handshakeHash, sessionId, clientConnected);
            afterCommit("counting the registration", () -> metrics.registrationSucceeded(success.mode(),
                    elapsed(started), success.creditedBytes()));
            return new RegistrationOutcome(success.response(), Optional.empty());
        } catch (Refusal refusal) {
            metrics.registrationFailed(refusal.failure, elapsed(started));
            return new RegistrationOutcome(LpRegistrationResponse.error(refusal.getMessage(), sessionId),
                    Optional.of(refusal.failure), refusal.blamesTheClient);
        } catch (RuntimeException e) {
            log.error("registration failed unexpectedly", e);
            metrics.registrationFailed(RegistrationFailure.INTERNAL, elapsed(started));
            return new RegistrationOutcome(LpRegistrationResponse.error("Registration failed: internal error", sessionId),
                    Optional.of(RegistrationFailure.INTERNAL));
        }
    }

    private record Success(String mode, long creditedBytes, LpRegistrationResponse response) {
    }

    private Success process(LpRegistrationRequest request, byte[] handshakeHash, int sessionId,
                            BooleanSupplier clientConnected) throws Refusal {
        Instant now = clock.instant();
        try {
            requestWindow.check(request.timestamp(), now.getEpochSecond(), "request");
        } catch (LpProtocolException e) {
            // E2's wording (docs/wire-v1.md §10.3)
            throw new Refusal(RegistrationFailure.INVALID_TIMESTAMP, "Invalid timestamp");
        }
        RegistrationMode mode = modesByName.get(request.mode().name());
        if (mode == null) {
            throw new Refusal(RegistrationFailure.UNKNOWN_MODE, "Unknown registration mode '" + request.mode().name() + "'");
        }
        boolean provesKey = provesKeyPossession(request, handshakeHash);
        TicketType ticketType = request.ticketType();
        VerificationResult.Accepted accepted = verify(request, ticketType, handshakeHash, now);
        if (!clientConnected.getAsBoolean()) {
            throw new Refusal(RegistrationFailure.CLIENT_GONE, "Registration abandoned: the client closed the connection");
        }
        Attempt attempt = new Attempt(request, ticketType, accepted, now, provesKey);
        Committed committed = runTransaction(mode, attempt);
        String routed = request.mode().name();
        if (committed.gatewayData().isEmpty()) {
            return new Success(routed, attempt.creditedBytes(),
                    LpRegistrationResponse.mixnetSuccess(committed.plan().allocatedBandwidth(), sessionId));
        }
        return new Success(routed, attempt.creditedBytes(), LpRegistrationResponse.success(
                committed.gatewayData().get(), committed.plan().allocatedBandwidth(), sessionId));
    }

    /** What committed, with the gateway data of its answer, made before the commit. */
    private record Committed(RegistrationPlan plan, Optional<GatewayData> gatewayData) {
    }

    /** docs/wire-v2.md §2.1: false without a proof; a proof that does not verify is refused. */
    private boolean provesKeyPossession(LpRegistrationRequest request, byte[] handshakeHash) throws Refusal {
        Optional<byte[]> proof = request.wgKeyProof();
        if (proof.isEmpty()) {
            return false;
        }
        if (!WireGuardKeyProof.verify(gatewayLpPrivateKey, request.wgPublicKey(), handshakeHash, request.wgPresharedKey(),
                proof.get())) {
            throw new Refusal(RegistrationFailure.BAD_KEY_PROOF, "Registration failed: invalid WireGuard key proof");
        }
        return true;
    }

    private VerificationResult.Accepted verify(LpRegistrationRequest request, TicketType ticketType, byte[] handshakeHash,
                                               Instant now) throws Refusal {
        String scheme = request.credential().scheme();
        EcashVerifier verifier = verifiersByScheme.get(scheme);
        if (verifier == null) {
            metrics.credentialRejected("no_verifier");
            throw new Refusal(RegistrationFailure.NO_VERIFIER,
                    "Credential verification failed: no verifier for credential scheme '" + scheme + "'");
        }
        VerificationResult result;
        try {
            result = verifier.verify(new Credential(scheme, request.credential().data()),
                    new VerificationContext(ticketType, gatewayIdentity, handshakeHash, now));
        } catch (RuntimeException e) {
            log.warn("verifier {} failed on a credential", verifier.name(), e);
            metrics.credentialRejected("verifier_error");
            throw new Refusal(RegistrationFailure.CREDENTIAL_REJECTED, "Credential verification failed: verifier error");
        }
        return switch (result) {
            case VerificationResult.Accepted accepted -> {
                metrics.credentialVerified();
                yield accepted;
            }
            case VerificationResult.Rejected rejected -> {
                metrics.credentialRejected(rejected.reason().label());
                throw new Refusal(RegistrationFailure.CREDENTIAL_REJECTED,
                        "Credential verification failed: " + rejected.message(), rejected.reason().blamesTheClient());
            }
        };
    }

    private Committed runTransaction(RegistrationMode mode, Attempt attempt) throws Refusal {
        AppliedPeer applied = new AppliedPeer();
        // Held until the outcome is final, so the meter neither removes this peer nor takes it for a stranger.
        try (PeerClaims.Claim claim = claims.claim(attempt.clientKey())) {
            return runClaimed(mode, attempt, applied);
        }
    }

    private Committed runClaimed(RegistrationMode mode, Attempt attempt, AppliedPeer applied) throws Refusal {
        Committed committed;
        try {
            committed = storage.inTransaction(transaction -> {
                Optional<StoredPeer> before = transaction.peer(attempt.clientKey());
                attempt.bind(transaction, before);
                RegistrationPlan plan = mode.register(attempt);
                if (!attempt.charged) {
                    throw new IllegalStateException("mode " + mode.name() + " did not charge the credential");
                }
                if (plan.peer().isEmpty()) {
                    return new Committed(plan, Optional.empty());
                }
                AnnouncedWireGuard announced = wireGuard.orElseThrow(() -> new Refusal(
                        RegistrationFailure.WIREGUARD_UNAVAILABLE,
                        "WireGuard peer registration failed: WireGuard is not configured on this gateway"));
                PeerConfig peer = plan.peer().get();
                GatewayData data = new GatewayData(announced.publicKey().bytes(), announced.endpoint(),
                        peer.allowedIps().ipv4(), peer.allowedIps().ipv6());
                // A failed call (a timeout above all) may still have been applied: it counts as applied.
                applied.before = before;
                applied.peer = peer;
                announced.controller().addPeer(peer);
                return new Committed(plan, Optional.of(data));
            });
        } catch (Refusal refusal) {
            throw refusal;
        } catch (RegistrationRefusedException e) {
            if (attempt.doubleSpend) {
                throw new Refusal(RegistrationFailure.DOUBLE_SPEND, e.getMessage(), true);
            }
            throw new Refusal(RegistrationFailure.MODE_REFUSED, e.getMessage());
        } catch (PoolExhaustedException e) {
            log.warn("IP pool exhausted: {}", e.getMessage());
            throw new Refusal(RegistrationFailure.POOL_EXHAUSTED, "Registration failed: no free IP addresses on this gateway");
        } catch (WireGuardException e) {
            log.warn("WireGuard refused peer {}: {}", attempt.clientKey(), e.getMessage());
            compensate(applied);
            // The client learns that WireGuard failed, never how: command lines and socket paths stay in the log.
            throw new Refusal(RegistrationFailure.WIREGUARD, "WireGuard peer registration failed");
        } catch (StorageException e) {
            compensate(applied);
            log.warn("storage failed during registration: {}", e.getMessage(), e);
            throw new Refusal(RegistrationFailure.STORAGE, "Registration failed: storage error");
        } catch (RuntimeException e) {
            compensate(applied);
            throw e;
        } catch (Exception e) {
            compensate(applied);
            log.error("registration mode {} failed", mode.name(), e);
            throw new Refusal(RegistrationFailure.INTERNAL, "Registration failed: internal error");
        }
        if (applied.peer != null) {
            WireGuardKey key = applied.peer.publicKey();
            afterCommit("telling the meter of peer " + key, () -> peerListener.peerApplied(key));
        }
        if (attempt.settlementEnqueued) {
            afterCommit("waking the settlement outbox", settlementEnqueued);
        }
        return committed;
    }

    /** The registration has committed: the credential is spent and the client is owed its answer whatever fails. */
    private static void afterCommit(String step, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.error("{} failed after a registration committed; the client gets its answer", step, e);
        }
    }

    /**
     * The transaction did not commit although WireGuard may have taken the peer: put the interface back as
     * it was. If that fails too, the meter removes a peer storage does not know (docs/architecture.md §4.8).
     */
    private void compensate(AppliedPeer applied) {
        if (applied.peer == null) {
            return;
        }
        WireGuardController controller = wireGuard.orElseThrow().controller();
        try {
            if (applied.before.isPresent()) {
                StoredPeer previous = applied.before.get();
                controller.addPeer(new PeerConfig(previous.publicKey(), previous.ips(), previous.presharedKey(),
                        applied.peer.persistentKeepalive()));
            } else {
                controller.removePeer(applied.peer.publicKey());
            }
        } catch (WireGuardException e) {
            log.error("could not undo WireGuard peer {} after a failed commit: {}", applied.peer.publicKey(), e.getMessage());
        }
    }

    private static final class AppliedPeer {
        private Optional<StoredPeer> before = Optional.empty();
        private PeerConfig peer;
    }

    /** One registration inside the transaction, as the mode sees it. */
    private final class Attempt implements RegistrationContext {
        private final LpRegistrationRequest request;
        private final WireGuardKey clientKey;
        private final TicketType ticketType;
        private final VerificationResult.Accepted accepted;
        private final Instant now;
        private final byte[] requestDigest;
        private final boolean provesKey;
        private StorageTransaction transaction;
        private Optional<StoredPeer> before = Optional.empty();
        private boolean charged;
        private boolean doubleSpend;
        private boolean settlementEnqueued;
        private long creditedBytes;

        private Attempt(LpRegistrationRequest request, TicketType ticketType, VerificationResult.Accepted accepted,
                        Instant now, boolean provesKey) {
            this.request = request;
            this.provesKey = provesKey;
            this.clientKey = new WireGuardKey(request.wgPublicKey());
            this.ticketType = ticketType;
            this.accepted = accepted;
            this.now = now;
            this.requestDigest = requestDigest(request);
        }

        void bind(StorageTransaction transaction, Optional<StoredPeer> before) {
            this.transaction = transaction;
            this.before = before;
            this.charged = false;
            this.doubleSpend = false;
            this.settlementEnqueued = false;
        }

        long creditedBytes() {
            return creditedBytes;
        }

        @Override
        public WireGuardKey clientKey() {
            return clientKey;
        }

        /**
         * The requested key for a new peer; a registered peer keeps its own unless the request proves the
         * WireGuard private key (docs/wire-v2.md §2.1): a stranger's ticket must not rewrite a victim's peer.
         */
        @Override
        public Optional<byte[]> presharedKey() {
            if (before.isPresent() && !provesKey) {
                return before.get().presharedKey();
            }
            return request.wgPresharedKey();
        }

        @Override
        public TicketType ticketType() {
            return ticketType;
        }

        @Override
        public byte[] modeParameters() {
            return parameters(request.mode());
        }

        @Override
        public StorageTransaction storage() {
            return transaction;
        }

        @Override
        public Charge charge(ClientId client) throws RegistrationRefusedException, StorageException {
            requireNonNull(client, "client is null");
            if (charged) {
                throw new IllegalStateException("the credential was already charged");
            }
            byte[] nullifier = accepted.nullifier();
            Optional<SpentCredential> spent = transaction.spentCredential(nullifier);
            if (spent.isPresent()) {
                return chargeAgain(spent.get(), client);
            }
            try {
                // Kept while the verifier would still accept the credential, not only while its bandwidth lasts.
                transaction.recordSpend(new SpentCredential(request.credential().scheme(), nullifier, client, requestDigest,
                        accepted.bandwidthBytes(), now, accepted.nullifierExpiry()));
            } catch (StorageException e) {
                // A storage shared by several gateways (storage-postgres) lets a racing spend commit between the
                // look-up and the insert; it is a double spend, not a storage failure.
                Optional<SpentCredential> raced = transaction.spentCredential(nullifier);
                if (raced.isPresent()) {
                    return chargeAgain(raced.get(), client);
                }
                throw e;
            }
            if (accepted.needsSettlement()) {
                // In the spend's transaction: a spend the network must hear of is never committed without its report.
                transaction.enqueueSettlement(new Settlement(request.credential().scheme(), nullifier, client,
                        accepted.bandwidthBytes(), accepted.report(), now, accepted.nullifierExpiry()));
                settlementEnqueued = true;
            }
            Bandwidth balance = transaction.creditBandwidth(client, accepted.bandwidthBytes(), accepted.expiresAt());
            charged = true;
            creditedBytes = accepted.bandwidthBytes();
            return new Charge(accepted.bandwidthBytes(), balance, false);
        }

        /** The nullifier is spent: the same request again (its answer was lost) gets the same outcome, anything else is refused. */
        private Charge chargeAgain(SpentCredential previous, ClientId client) throws RegistrationRefusedException, StorageException {
            if (!previous.client().equals(client) || !Arrays.equals(previous.requestDigest(), requestDigest)) {
                doubleSpend = true;
                throw new RegistrationRefusedException("Credential verification failed: credential already spent");
            }
            charged = true;
            creditedBytes = 0;
            Bandwidth balance = transaction.bandwidth(client).orElse(new Bandwidth(0, now));
            return new Charge(previous.creditedBytes(), balance, true);
        }

        @Override
        public Instant now() {
            return now;
        }
    }

    /** What makes two requests "the same request": key, mode, mode parameters, ticket type and preshared key. */
    private static byte[] requestDigest(LpRegistrationRequest request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(request.wgPublicKey());
            sha256.update(request.mode().name().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(parameters(request.mode()));
            sha256.update((byte) request.ticketType().index());
            Optional<byte[]> psk = request.wgPresharedKey();
            sha256.update((byte) (psk.isPresent() ? 1 : 0));
            psk.ifPresent(sha256::update);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }

    /** The mixnet client id or a plugin mode's parameters; nothing for dVPN. */
    private static byte[] parameters(io.lpreg.protocol.registration.RegistrationMode mode) {
        return switch (mode) {
            case Mixnet mixnet -> mixnet.clientId();
            case Custom custom -> custom.parameters();
            case io.lpreg.protocol.registration.RegistrationMode.Dvpn dvpn -> new byte[0];
        };
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** A refusal with the answer's error text and the metric reason. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RegistrationFailure failure;
        private final boolean blamesTheClient;

        Refusal(RegistrationFailure failure, String message) {
            this(failure, message, false);
        }

        /** @param blamesTheClient the credential itself was bad: its source pays as for a failed handshake */
        Refusal(RegistrationFailure failure, String message, boolean blamesTheClient) {
            super(message, null, false, false);
            this.failure = failure;
            this.blamesTheClient = blamesTheClient;
        }
    }
}
