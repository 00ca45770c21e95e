package io.lpreg.engine.registration;

import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.MetricsSummary;
import io.lpreg.engine.metrics.RegistrationFailure;
import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.InMemoryWireGuard;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.GatewayData;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.spi.TicketType;
import io.lpreg.protocol.registration.WireGuardKeyProof;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipeline's decisions one by one, without a network: real SQLite storage (the plugin, loaded as the
 * engine tests load it), the in-memory WireGuard interface, the test verifier, a fixed clock.
 */
class RegistrationPipelineTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final byte[] HANDSHAKE_HASH = LpTestClient.randomKey();
    private static final String REFUSING = "refusing";

    /** A plugin mode that charges the credential and then refuses: the charge must not outlive the refusal. */
    private static final class RefusingMode implements io.lpreg.spi.RegistrationMode {
        @Override
        public String name() {
            return REFUSING;
        }

        @Override
        public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
            context.charge(context.storage().mixnetClient(context.modeParameters(), ClientKind.ENTRY_MIXNET));
            throw new RegistrationRefusedException("refusing mode: this gateway takes no such client");
        }
    }

    /** A plugin mode that credits a mixnet client, under whatever name it is given. */
    private record MixnetLikeMode(String name) implements io.lpreg.spi.RegistrationMode {
        @Override
        public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
            return RegistrationPlan.withoutPeer(context.charge(context.storage().mixnetClient(context.modeParameters(),
                    ClientKind.ENTRY_MIXNET)).creditedBytes());
        }
    }

    @TempDir
    Path dir;

    private final GatewayMetrics metrics = GatewayMetrics.withoutJvmMetrics();
    private final InMemoryWireGuard wireGuard = TestGateway.newWireGuard();
    private final KeyPair gatewayLpKey = KeyPair.generate(RANDOM);
    private final List<WireGuardKey> applied = new ArrayList<>();
    private FaultyStorage storage;

    @AfterEach
    void stop() {
        if (storage != null) {
            storage.stop();
        }
    }

    private RegistrationPipeline pipeline() throws Exception {
        return pipeline(Map.of(), true);
    }

    private RegistrationPipeline pipeline(Map<String, String> storageSettings, boolean withWireGuard) throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("lib"), dir.resolve("data"), storageSettings);
        storage.start();
        return new RegistrationPipeline(storage,
                withWireGuard ? Optional.of(RegistrationPipeline.AnnouncedWireGuard.of(wireGuard)) : Optional.empty(),
                Map.of(TestVerifier.SCHEME, new TestVerifier()),
                Map.of(DvpnMode.NAME, new DvpnMode(GatewayConfig.defaults()), MixnetMode.NAME, new MixnetMode(),
                        REFUSING, new RefusingMode()),
                metrics, Clock.fixed(NOW, ZoneOffset.UTC), TimestampWindow.defaults(), LpTestClient.randomKey(),
                gatewayLpKey.privateKey(), applied::add, new PeerClaims());
    }

    /** The built-in modes and {@code extra}, telling {@code listener} of each applied peer. */
    private RegistrationPipeline pipeline(io.lpreg.spi.RegistrationMode extra, RegistrationPipeline.PeerListener listener)
            throws Exception {
        storage = FaultyStorage.sqlite(dir.resolve("lib"), dir.resolve("data"));
        storage.start();
        return new RegistrationPipeline(storage, Optional.of(RegistrationPipeline.AnnouncedWireGuard.of(wireGuard)),
                Map.of(TestVerifier.SCHEME, new TestVerifier()),
                Map.of(DvpnMode.NAME, new DvpnMode(GatewayConfig.defaults()), MixnetMode.NAME, new MixnetMode(),
                        extra.name(), extra),
                metrics, Clock.fixed(NOW, ZoneOffset.UTC), TimestampWindow.defaults(), LpTestClient.randomKey(),
                gatewayLpKey.privateKey(), listener, new PeerClaims());
    }

    private static LpRegistrationRequest dvpn(byte[] wgKey, String voucher) {
        return request(wgKey, voucher, new RegistrationMode.Dvpn(), NOW.getEpochSecond(), Optional.empty());
    }

    private static LpRegistrationRequest request(byte[] wgKey, String voucher, RegistrationMode mode, long timestamp,
                                                 Optional<byte[]> proof) {
        return new LpRegistrationRequest(wgKey, new RequestCredential.Envelope(TestVerifier.SCHEME,
                TestVerifier.voucher(voucher)), TicketType.WIREGUARD_ENTRY, mode,
                InetAddress.getLoopbackAddress(), timestamp, Optional.empty(), proof);
    }

    private static RegistrationOutcome register(RegistrationPipeline pipeline, LpRegistrationRequest request) {
        return pipeline.register(request, HANDSHAKE_HASH, () -> true);
    }

    private static String voucherId() {
        return UUID.randomUUID().toString();
    }

    private boolean spent(String id) throws Exception {
        return storage.spent(id.getBytes(StandardCharsets.US_ASCII)).isPresent();
    }

    /** Refused with this reason, nothing spent, nothing on the interface, and the reason counted once. */
    private void assertRefused(RegistrationOutcome outcome, RegistrationFailure reason, String error, String id)
            throws Exception {
        assertThat(outcome.failure()).hasValue(reason);
        assertThat(outcome.response().success()).isFalse();
        assertThat(outcome.response().error()).hasValue(error);
        assertThat(spent(id)).as("the credential stays unspent").isFalse();
        assertThat(storage.peers()).isEmpty();
        assertThat(wireGuard.configured()).isEmpty();
        assertThat(applied).isEmpty();
        MetricsSummary summary = metrics.summary();
        assertThat(summary.registrationsFailed().get(reason)).isEqualTo(1);
        assertThat(summary.registrationAttempts()).isEqualTo(1);
    }

    @Test
    void anAcceptedDvpnCredentialIsSpentAndItsPeerStoredAppliedAndAnnounced() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        byte[] key = LpTestClient.randomKey();
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, dvpn(key, "ok:" + id));

        assertThat(outcome.failure()).isEmpty();
        LpRegistrationResponse response = outcome.response();
        assertThat(response.success()).isTrue();
        assertThat(response.allocatedBandwidth()).isEqualTo(TestVerifier.BANDWIDTH);
        GatewayData data = response.gatewayData().orElseThrow();
        assertThat(data.publicKey()).isEqualTo(wireGuard.publicKey().bytes());
        WireGuardKey peer = new WireGuardKey(key);
        assertThat(wireGuard.configured()).containsOnlyKeys(peer);
        assertThat(wireGuard.configured().get(peer).allowedIps().ipv4()).isEqualTo(data.privateIpv4());
        assertThat(storage.peers()).singleElement().satisfies(stored -> assertThat(stored.publicKey()).isEqualTo(peer));
        assertThat(storage.balance(peer)).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH);
        assertThat(spent(id)).isTrue();
        assertThat(applied).containsExactly(peer);
        assertThat(metrics.summary().registrationsSucceeded()).containsEntry(DvpnMode.NAME, 1L);
        assertThat(metrics.summary().bandwidthAllocatedBytes()).isEqualTo(TestVerifier.BANDWIDTH);
    }

    @Test
    void aMixnetRegistrationCreditsItsClientWithoutAPeer() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        byte[] clientId = LpTestClient.randomKey();

        RegistrationOutcome outcome = register(pipeline, request(LpTestClient.randomKey(), "ok:" + id,
                new RegistrationMode.Mixnet(clientId), NOW.getEpochSecond(), Optional.empty()));

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.response().gatewayData()).isEmpty();
        assertThat(outcome.response().allocatedBandwidth()).isEqualTo(TestVerifier.BANDWIDTH);
        assertThat(spent(id)).isTrue();
        assertThat(wireGuard.configured()).isEmpty();
        assertThat(metrics.summary().registrationsSucceeded()).containsEntry(MixnetMode.NAME, 1L);
    }

    @Test
    void theSameRequestAgainGetsTheSameOutcomeAndIsNotCreditedTwice() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        byte[] key = LpTestClient.randomKey();
        LpRegistrationRequest request = dvpn(key, "ok:" + voucherId());

        RegistrationOutcome first = register(pipeline, request);
        RegistrationOutcome retry = register(pipeline, request);

        assertThat(retry.failure()).isEmpty();
        assertThat(retry.response().gatewayData().orElseThrow().privateIpv4())
                .isEqualTo(first.response().gatewayData().orElseThrow().privateIpv4());
        assertThat(retry.response().allocatedBandwidth()).isEqualTo(TestVerifier.BANDWIDTH);
        assertThat(storage.balance(new WireGuardKey(key))).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH);
        assertThat(metrics.summary().bandwidthAllocatedBytes()).as("credited once").isEqualTo(TestVerifier.BANDWIDTH);
        assertThat(metrics.summary().registrationsSucceeded()).containsEntry(DvpnMode.NAME, 2L);
    }

    @Test
    void aSpentCredentialForAnotherKeyIsADoubleSpend() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        byte[] owner = LpTestClient.randomKey();
        register(pipeline, dvpn(owner, "ok:" + id));

        RegistrationOutcome other = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));

        assertThat(other.failure()).hasValue(RegistrationFailure.DOUBLE_SPEND);
        assertThat(other.response().error()).hasValue("Credential verification failed: credential already spent");
        assertThat(wireGuard.configured()).containsOnlyKeys(new WireGuardKey(owner));
        assertThat(storage.balance(new WireGuardKey(owner))).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH);
    }

    @Test
    void aRejectedCredentialIsRefusedWithTheVerifiersReason() throws Exception {
        RegistrationPipeline pipeline = pipeline();

        RegistrationOutcome outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "reject"));

        assertRefused(outcome, RegistrationFailure.CREDENTIAL_REJECTED,
                "Credential verification failed: voucher signature does not verify", "reject");
        assertThat(metrics.summary().credentialsRejected()).containsEntry("bad_signature", 1L);
    }

    @Test
    void aVerifierThatThrowsIsARejectionThatHidesItsMessage() throws Exception {
        RegistrationPipeline pipeline = pipeline();

        RegistrationOutcome outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "throw"));

        assertRefused(outcome, RegistrationFailure.CREDENTIAL_REJECTED, "Credential verification failed: verifier error",
                "throw");
        assertThat(metrics.summary().credentialsRejected()).containsEntry("verifier_error", 1L);
    }

    @Test
    void aSchemeWithoutAVerifierIsRefused() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        LpRegistrationRequest request = new LpRegistrationRequest(LpTestClient.randomKey(),
                new RequestCredential.Envelope("nobody-verifies-this", TestVerifier.voucher("ok:" + id)),
                TicketType.WIREGUARD_ENTRY, new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(),
                NOW.getEpochSecond(), Optional.empty(), Optional.empty());

        assertRefused(register(pipeline, request), RegistrationFailure.NO_VERIFIER,
                "Credential verification failed: no verifier for credential scheme 'nobody-verifies-this'", id);
        assertThat(metrics.summary().credentialsRejected()).containsEntry("no_verifier", 1L);
    }

    @Test
    void aRequestOutsideTheTimestampWindowIsRefusedBeforeTheVerifierRuns() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, request(LpTestClient.randomKey(), "ok:" + id,
                new RegistrationMode.Dvpn(), NOW.getEpochSecond() - 31, Optional.empty()));

        assertRefused(outcome, RegistrationFailure.INVALID_TIMESTAMP, "Invalid timestamp", id);
        assertThat(metrics.summary().credentialsVerified()).isZero();
    }

    @Test
    void anUnknownModeIsRefused() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, request(LpTestClient.randomKey(), "ok:" + id,
                new RegistrationMode.Custom("teleport", new byte[0]), NOW.getEpochSecond(), Optional.empty()));

        assertRefused(outcome, RegistrationFailure.UNKNOWN_MODE, "Unknown registration mode 'teleport'", id);
    }

    @Test
    void aModeThatRefusesRollsTheSpendBack() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, request(LpTestClient.randomKey(), "ok:" + id,
                new RegistrationMode.Custom(REFUSING, LpTestClient.randomKey()), NOW.getEpochSecond(), Optional.empty()));

        assertRefused(outcome, RegistrationFailure.MODE_REFUSED, "refusing mode: this gateway takes no such client", id);
    }

    @Test
    void aClientThatHasGoneIsRefusedBeforeAnythingIsSpent() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();

        RegistrationOutcome outcome = pipeline.register(dvpn(LpTestClient.randomKey(), "ok:" + id), HANDSHAKE_HASH,
                () -> false);

        assertRefused(outcome, RegistrationFailure.CLIENT_GONE,
                "Registration abandoned: the client closed the connection", id);
        assertThat(metrics.summary().credentialsVerified()).as("asked after the verifier, before the spend").isEqualTo(1);
    }

    @Test
    void aKeyProofThatDoesNotVerifyIsRefused() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        byte[] forged = new byte[WireGuardKeyProof.SIZE];

        RegistrationOutcome outcome = register(pipeline, request(LpTestClient.randomKey(), "ok:" + id,
                new RegistrationMode.Dvpn(), NOW.getEpochSecond(), Optional.of(forged)));

        assertRefused(outcome, RegistrationFailure.BAD_KEY_PROOF, "Registration failed: invalid WireGuard key proof", id);
    }

    @Test
    void aDvpnRequestOnAGatewayWithoutWireGuardIsRefusedAndRolledBack() throws Exception {
        RegistrationPipeline pipeline = pipeline(Map.of(), false);
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));

        assertRefused(outcome, RegistrationFailure.WIREGUARD_UNAVAILABLE,
                "WireGuard peer registration failed: WireGuard is not configured on this gateway", id);
    }

    @Test
    void aWireGuardFailureRollsTheSpendBackAndTellsTheClientNoDetails() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        wireGuard.failAddPeer("uapi: /var/run/wireguard/wg0.sock: EIO");

        RegistrationOutcome outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));

        assertRefused(outcome, RegistrationFailure.WIREGUARD, "WireGuard peer registration failed", id);
    }

    @Test
    void aWireGuardCallThatFailedAfterApplyingIsUndoneOnTheInterface() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        wireGuard.failAddPeerAfterApplying("timed out");

        RegistrationOutcome outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));

        assertRefused(outcome, RegistrationFailure.WIREGUARD, "WireGuard peer registration failed", id);
    }

    @Test
    void aCommitThatFailsAfterWireGuardAcceptedRemovesTheNewPeerAgain() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        RegistrationOutcome outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));

        assertRefused(outcome, RegistrationFailure.STORAGE, "Registration failed: storage error", id);
    }

    @Test
    void aFailedTopUpPutsTheRegisteredPeerBackAsItWas() throws Exception {
        RegistrationPipeline pipeline = pipeline();
        byte[] key = LpTestClient.randomKey();
        WireGuardKey peer = new WireGuardKey(key);
        register(pipeline, dvpn(key, "ok:" + voucherId()));
        var before = wireGuard.configured().get(peer);
        storage.inject(FaultyStorage.Fault.FAIL_COMMIT);

        RegistrationOutcome topUp = register(pipeline, dvpn(key, "ok:" + voucherId()));

        assertThat(topUp.failure()).hasValue(RegistrationFailure.STORAGE);
        assertThat(wireGuard.configured()).containsOnlyKeys(peer);
        assertThat(wireGuard.configured().get(peer).allowedIps()).isEqualTo(before.allowedIps());
        assertThat(wireGuard.configured().get(peer).presharedKey()).isEqualTo(before.presharedKey());
        storage.inject(FaultyStorage.Fault.NONE);
        assertThat(storage.balance(peer)).map(Bandwidth::availableBytes).hasValue(TestVerifier.BANDWIDTH);
    }

    @Test
    void anExhaustedPoolRefusesTheNextPeerAndSpendsNothing() throws Exception {
        RegistrationPipeline pipeline = pipeline(Map.of("ipv4_prefix", "10.77.0.0/29"), true);
        int registered = 0;
        RegistrationOutcome outcome;
        String id;
        do {
            id = voucherId();
            outcome = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));
            if (outcome.failure().isEmpty()) {
                registered++;
            }
        } while (outcome.failure().isEmpty() && registered < 16);

        assertThat(registered).as("a /29 has fewer than 8 addresses to give").isBetween(1, 7);
        assertThat(outcome.failure()).hasValue(RegistrationFailure.POOL_EXHAUSTED);
        assertThat(outcome.response().error()).hasValue("Registration failed: no free IP addresses on this gateway");
        assertThat(spent(id)).isFalse();
        assertThat(storage.peers()).hasSize(registered);
        assertThat(wireGuard.configured()).hasSize(registered);
    }

    @Test
    void aCredentialFoundBadOrAlreadySpentBlamesTheClientWhileAnUnavailableKeyOrAVerifierErrorDoesNot()
            throws Exception {
        RegistrationPipeline pipeline = pipeline();
        String id = voucherId();
        assertThat(register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id)).blamesTheClient()).isFalse();

        RegistrationOutcome forged = register(pipeline, dvpn(LpTestClient.randomKey(), "reject"));
        RegistrationOutcome doubleSpent = register(pipeline, dvpn(LpTestClient.randomKey(), "ok:" + id));
        RegistrationOutcome unavailable = register(pipeline, dvpn(LpTestClient.randomKey(), "unavailable"));
        RegistrationOutcome verifierBug = register(pipeline, dvpn(LpTestClient.randomKey(), "throw"));

        assertThat(forged.failure()).hasValue(RegistrationFailure.CREDENTIAL_REJECTED);
        assertThat(forged.blamesTheClient()).isTrue();
        assertThat(doubleSpent.failure()).hasValue(RegistrationFailure.DOUBLE_SPEND);
        assertThat(doubleSpent.blamesTheClient()).isTrue();
        assertThat(unavailable.failure()).hasValue(RegistrationFailure.CREDENTIAL_REJECTED);
        assertThat(unavailable.blamesTheClient()).as("not the client's fault").isFalse();
        assertThat(verifierBug.failure()).hasValue(RegistrationFailure.CREDENTIAL_REJECTED);
        assertThat(verifierBug.blamesTheClient()).isFalse();
        assertThat(metrics.summary().credentialsRejected()).containsEntry("key_unavailable", 1L);
    }

    @Test
    void aPluginModeWhoseNameTheWireAcceptsIsAnsweredAndCountedAfterItsCommit() throws Exception {
        RegistrationPipeline pipeline = pipeline(new MixnetLikeMode("fast.lane"), applied::add);
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, request(LpTestClient.randomKey(), "ok:" + id,
                new RegistrationMode.Custom("fast.lane", LpTestClient.randomKey()), NOW.getEpochSecond(), Optional.empty()));

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.response().success()).isTrue();
        assertThat(outcome.response().allocatedBandwidth()).isEqualTo(TestVerifier.BANDWIDTH);
        assertThat(spent(id)).isTrue();
        assertThat(metrics.summary().registrationsSucceeded()).containsEntry("fast.lane", 1L);
    }

    @Test
    void aModeNameNoRequestCanCarryIsRefusedWhenThePipelineIsBuilt() {
        assertThatThrownBy(() -> pipeline(new MixnetLikeMode("Fast"), applied::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Fast'");
    }

    @Test
    void anAnnouncedEndpointThatIsNoIpAddressIsRefusedBeforeAnyRegistrationCanCommit() {
        InMemoryWireGuard byName = new InMemoryWireGuard(new WireGuardKey(LpTestClient.randomKey()),
                InetSocketAddress.createUnresolved("wg.example.net", 51822));

        assertThatThrownBy(() -> RegistrationPipeline.AnnouncedWireGuard.of(byName))
                .isInstanceOf(WireGuardException.class)
                .hasMessageContaining("wg.example.net");
    }

    @Test
    void aFailureAfterTheCommitNeitherFailsTheAnswerNorUndoesThePeer() throws Exception {
        RegistrationPipeline pipeline = pipeline(new MixnetLikeMode("unused"), key -> {
            throw new IllegalStateException("a listener bug");
        });
        byte[] key = LpTestClient.randomKey();
        String id = voucherId();

        RegistrationOutcome outcome = register(pipeline, dvpn(key, "ok:" + id));

        assertThat(outcome.failure()).isEmpty();
        assertThat(outcome.response().success()).isTrue();
        assertThat(outcome.response().gatewayData()).isPresent();
        assertThat(spent(id)).isTrue();
        assertThat(wireGuard.configured()).containsOnlyKeys(new WireGuardKey(key));
        assertThat(metrics.summary().registrationsSucceeded()).containsEntry(DvpnMode.NAME, 1L);
    }
}
