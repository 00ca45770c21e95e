package io.lpreg.plugin.ecash.bls;

import io.lpreg.ecash.issuer.MalformedPoints;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketSpend;
import io.lpreg.tickets.TicketWallet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supranational.blst.P1;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway on 127.0.0.1 with the real storage-sqlite plugin and this module's own plugin zip loaded
 * from a plugins folder (the plugin's classes are not on this test's class path), tickets issued by the
 * blind protocol and spent over LP wire v2.
 */
class BlsTicketGatewayIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path PLUGIN_ZIP = Path.of(System.getProperty("lpreg.ecash-bls.zip",
            "target/lpreg-plugin-ecash-bls-0.1.0-SNAPSHOT-plugin.zip"));

    @TempDir
    Path dir;
    private TestIssuer issuer;
    private TestGateway gateway;
    private final AtomicInteger sources = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        issuer = TestIssuer.create(Files.createDirectories(dir.resolve("issuer")), Instant.now());
        Path plugins = Files.createDirectories(dir.resolve("gateway").resolve("plugins"));
        Files.copy(PLUGIN_ZIP, plugins.resolve(PLUGIN_ZIP.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        gateway = startGateway();
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theVerifierComesFromThePluginZipNotFromTheClassPath() throws Exception {
        assertThat(getClass().getClassLoader().getResource("io/lpreg/plugin/ecash/bls/BlsTicketVerifier.class")).isNull();
        assertThat(gateway.http("/health").body()).contains("ecash-bls");
    }

    @Test
    void aTicketFromTheWalletRegistersAndCreditsItsBandwidthOnceEvenAcrossARestart() throws Exception {
        TicketWallet wallet = TicketWallet.open(dir.resolve("wallet"));
        wallet.add(issuer.tickets(TicketType.WIREGUARD_ENTRY, TestIssuer.CURRENT, 2));
        Ticket ticket = wallet.nextUnspent(TicketType.WIREGUARD_ENTRY).orElseThrow();
        double allocatedBefore = gateway.metric("lp_bandwidth_allocated_bytes_total");

        LpRegistrationResponse first = register(ticket, TicketType.WIREGUARD_ENTRY, Spender.honest());
        wallet.markSpent(ticket);

        assertThat(first.success()).as("%s", first.error()).isTrue();
        assertThat(first.allocatedBandwidth()).isEqualTo(500_000_000L);
        assertThat(gateway.metric("lp_bandwidth_allocated_bytes_total") - allocatedBefore).isEqualTo(500_000_000.0);
        assertThat(gateway.metric("lp_credential_verification_success_total")).isEqualTo(1);

        LpRegistrationResponse again = register(unspent(ticket), TicketType.WIREGUARD_ENTRY, Spender.honest());
        assertThat(again.success()).isFalse();
        assertThat(again.error()).contains("Credential verification failed: credential already spent");
        assertThat(gateway.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(1);

        gateway.close();
        gateway = startGateway();

        LpRegistrationResponse afterRestart = register(unspent(ticket), TicketType.WIREGUARD_ENTRY, Spender.honest());
        assertThat(afterRestart.success()).isFalse();
        assertThat(afterRestart.error()).contains("Credential verification failed: credential already spent");
        assertThat(gateway.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(1);

        Ticket second = wallet.nextUnspent(TicketType.WIREGUARD_ENTRY).orElseThrow();
        assertThat(register(second, TicketType.WIREGUARD_ENTRY, Spender.honest()).success()).isTrue();
    }

    @Test
    void everyBadSpendIsRefusedWithItsReasonAndMetricAndTheGatewayServesTheNextClient() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY);
        Ticket exit = issuer.ticket(TicketType.MIXNET_EXIT);
        Ticket ended = issuer.ticket(TicketType.MIXNET_ENTRY, TestIssuer.ENDED);
        Ticket other = issuer.ticket(TicketType.MIXNET_ENTRY);

        refused(exit, TicketType.WIREGUARD_EXIT, Spender.honest(),
                "wrong_ticket_type", "the ticket is a mixnet-exit ticket, the request claims wireguard-exit");
        refused(with(exit, TicketType.WIREGUARD_EXIT, TestIssuer.CURRENT), TicketType.WIREGUARD_EXIT, Spender.honest(),
                "bad_signature", "the issuers' signature on the ticket does not verify");
        refused(with(ticket, TicketType.MIXNET_ENTRY, 77), TicketType.MIXNET_ENTRY, Spender.honest(),
                "unknown_epoch", "unknown ticket epoch 77");
        refused(with(ticket, TicketType.MIXNET_ENTRY, TestIssuer.MIXNET_ONLY), TicketType.MIXNET_ENTRY, Spender.honest(),
                "bad_signature", "the issuers' signature on the ticket does not verify");
        refused(ended, TicketType.MIXNET_ENTRY, Spender.honest(), "expired", "ticket epoch 0 ended at");
        refused(withSigma(ticket, other.signature()), TicketType.MIXNET_ENTRY, Spender.honest(),
                "bad_signature", "the issuers' signature on the ticket does not verify");
        refused(ticket, TicketType.MIXNET_ENTRY, Spender.atGateway(new byte[32]), "wrong_gateway",
                "the spend is bound to another gateway");
        refused(ticket, TicketType.MIXNET_ENTRY, Spender.inAnotherSession(), "bad_signature",
                "the spend signature does not verify for this session");
        refused(ticket, TicketType.MIXNET_ENTRY, Spender.at(Instant.now().minusSeconds(120)), "stale_timestamp",
                "s away from the gateway's clock (tolerance 30 s)");
        refused(withSigma(ticket, MalformedPoints.notOnCurve()), TicketType.MIXNET_ENTRY, Spender.honest(),
                "malformed", "the ticket signature is not on the curve");
        refused(withSigma(ticket, MalformedPoints.notInSubgroup()), TicketType.MIXNET_ENTRY, Spender.honest(),
                "malformed", "the ticket signature is not in the prime-order subgroup");
        refused(withSigma(ticket, MalformedPoints.infinity()), TicketType.MIXNET_ENTRY, Spender.honest(),
                "malformed", "the ticket signature is the point at infinity");
        refused(withSigma(ticket, new P1().hash_to(new byte[] {1}, "forger").compress()), TicketType.MIXNET_ENTRY,
                Spender.honest(), "bad_signature", "the issuers' signature on the ticket does not verify");

        assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", "malformed")).isEqualTo(3);
        assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", "bad_signature")).isEqualTo(5);
        assertThat(gateway.metric("lp_credential_verification_success_total")).isZero();
        LpRegistrationResponse next = register(ticket, TicketType.MIXNET_ENTRY, Spender.honest());
        assertThat(next.success()).as("%s", next.error()).isTrue();
        assertThat(next.allocatedBandwidth()).isEqualTo(200_000_000L);
    }

    private void refused(Ticket ticket, TicketType claimed, Spender spender, String reason, String message) throws Exception {
        double before = gateway.metric("lp_credential_verification_failed_total", "reason", reason);

        LpRegistrationResponse response = register(ticket, claimed, spender);

        assertThat(response.success()).as(reason).isFalse();
        assertThat(response.error().orElseThrow()).startsWith("Credential verification failed: ").contains(message);
        assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", reason)).as(reason)
                .isEqualTo(before + 1);
    }

    private LpRegistrationResponse register(Ticket ticket, TicketType claimed, Spender spender) throws Exception {
        // each from a loopback address of its own: a refused spend costs its source a penalty, as a failed handshake does
        try (LpTestClient client = gateway.client(WireVersion.V2, nextSource())) {
            byte[] handshakeHash = client.handshake();
            byte[] spend = spender.spend(ticket, gateway.gateway().identityKey(), handshakeHash);
            byte[] clientId = LpTestClient.randomKey();
            return client.register(new LpRegistrationRequest(LpTestClient.randomKey(),
                    new RequestCredential.Envelope(TicketSpend.SCHEME, spend), claimed, new RegistrationMode.Mixnet(clientId),
                    InetAddress.getLoopbackAddress(), Instant.now().getEpochSecond(), Optional.empty()));
        }
    }

    private InetAddress nextSource() throws Exception {
        return InetAddress.getByAddress(new byte[] {127, 0, 2, (byte) sources.incrementAndGet()});
    }

    /** How the client makes the spend: honestly, or bound to the wrong gateway, session or time. */
    private interface Spender {
        byte[] spend(Ticket ticket, byte[] gatewayIdentity, byte[] handshakeHash);

        static Spender honest() {
            return (ticket, gateway, handshake) -> TicketSpend.spend(ticket, gateway, handshake, Instant.now(), RANDOM);
        }

        static Spender atGateway(byte[] otherGateway) {
            return (ticket, gateway, handshake) -> TicketSpend.spend(ticket, otherGateway, handshake, Instant.now(), RANDOM);
        }

        static Spender inAnotherSession() {
            return (ticket, gateway, handshake) -> TicketSpend.spend(ticket, gateway, LpTestClient.randomKey(), Instant.now(), RANDOM);
        }

        static Spender at(Instant time) {
            return (ticket, gateway, handshake) -> TicketSpend.spend(ticket, gateway, handshake, time, RANDOM);
        }
    }

    /** The same serial key claiming another type or epoch: what a cheating client can make. */
    private static Ticket with(Ticket ticket, TicketType type, long epoch) {
        return new Ticket(type, epoch, ticket.serialSeed(), ticket.signature(), ticket.validUntil(), false);
    }

    /** The wallet marked it spent; a client that ignores that. */
    private static Ticket unspent(Ticket ticket) {
        return new Ticket(ticket.ticketType(), ticket.epoch(), ticket.serialSeed(), ticket.signature(), ticket.validUntil(), false);
    }

    private static Ticket withSigma(Ticket ticket, byte[] sigma) {
        return new Ticket(ticket.ticketType(), ticket.epoch(), ticket.serialSeed(), sigma, ticket.validUntil(), false);
    }

    private TestGateway startGateway() throws Exception {
        Path keys = issuer.verificationKeys();
        return TestGateway.start(dir.resolve("gateway"), config -> config.withVerifiers("bls")
                        .withPluginSection("ecash-bls", Map.of("verification_keys", keys.toString())),
                builder -> { });
    }
}
