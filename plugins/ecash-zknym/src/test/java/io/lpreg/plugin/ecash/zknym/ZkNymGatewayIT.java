package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.zknym.ZkNymSpend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway on 127.0.0.1 with the real storage-sqlite plugin and this module's own plugin zip loaded
 * from a plugins folder (the plugin's classes are not on this test's class path), zk-nyms made by the zknym
 * library's issuer and wallet, sent over LP wire v1 as Nym's clients send them. The epoch's key comes from a
 * nym-api stand-in over HTTP, and the accepted spend is reported to it as a signer.
 */
class ZkNymGatewayIT {
    private static final Path PLUGIN_ZIP = Path.of(System.getProperty("lpreg.ecash-zknym.zip",
            "target/lpreg-plugin-ecash-zknym-0.1.0-SNAPSHOT-plugin.zip"));
    private static final String ADDRESS = "n1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu";
    private static final long EPOCH = 3;

    @TempDir
    Path dir;
    private TestZkNyms issuer;
    private NymApiStandIn nymApi;
    private TestGateway gateway;

    @BeforeEach
    void start() throws Exception {
        issuer = TestZkNyms.issue(EPOCH, LocalDate.now(ZoneOffset.UTC), TicketType.WIREGUARD_ENTRY, TicketType.MIXNET_ENTRY);
        nymApi = NymApiStandIn.started().serve(EPOCH, issuer.key());
        Path plugins = Files.createDirectories(dir.resolve("gateway").resolve("plugins"));
        Files.copy(PLUGIN_ZIP, plugins.resolve(PLUGIN_ZIP.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        String url = nymApi.baseUrl().toString();
        gateway = TestGateway.start(dir.resolve("gateway"), config -> config.withVerifiers("zknym")
                        .withPluginSection("ecash-zknym", Map.of("nym_api", url, "signers", url, "gateway_address", ADDRESS)),
                builder -> { });
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (nymApi != null) {
            nymApi.close();
        }
    }

    @Test
    void theVerifierComesFromThePluginZipNotFromTheClassPath() throws Exception {
        assertThat(getClass().getClassLoader().getResource("io/lpreg/plugin/ecash/zknym/ZkNymVerifier.class")).isNull();
        assertThat(gateway.http("/health").body()).contains("ecash-zknym");
    }

    @Test
    void aZkNymRegistersOnceItsSecondSpendIsRefusedAndTheSpendReachesTheSigner() throws Exception {
        ZkNymSpend spend = issuer.spend(TicketType.WIREGUARD_ENTRY, gateway.gateway().identityKey(), Instant.now());

        LpRegistrationResponse first = register(spend, TicketType.WIREGUARD_ENTRY);

        assertThat(first.success()).as("%s", first.error()).isTrue();
        assertThat(first.allocatedBandwidth()).isEqualTo(500_000_000L);
        assertThat(gateway.metric("lp_credential_verification_success_total")).isEqualTo(1);

        // the same pay_info with the same serial passes the verifier; the engine's ledger refuses the second spend
        LpRegistrationResponse again = register(spend, TicketType.WIREGUARD_ENTRY);

        assertThat(nymApi.keyRequests(EPOCH)).as("the epoch's key, asked of the nym-api once").isEqualTo(1);
        assertThat(again.success()).isFalse();
        assertThat(again.error()).get().asString().contains("credential already spent");
        assertThat(gateway.metric("lp_registration_failed_total", "reason", "double_spend")).isEqualTo(1);

        await().atMost(Duration.ofSeconds(20)).until(() -> !nymApi.tickets().isEmpty());
        JsonNode reported = nymApi.tickets().getFirst();
        assertThat(reported.get("gateway_cosmos_addr").asText()).isEqualTo(ADDRESS);
        assertThat(reported.at("/credential/payment/ss/0").asText()).isEqualTo(spend.payment().ss().getFirst().hex());
    }

    @Test
    void refusalsReachTheClientWithTheirReasonAndMetricAndTheNextClientRegisters() throws Exception {
        byte[] identity = gateway.gateway().identityKey();
        byte[] other = identity.clone();
        other[0] ^= 1;

        refused(issuer.spend(TicketType.MIXNET_ENTRY, identity, Instant.now()), TicketType.WIREGUARD_ENTRY,
                "wrong_ticket_type", "wrong_ticket_type: the ticket is a mixnet-entry ticket, the request claims wireguard-entry");
        refused(issuer.spend(TicketType.WIREGUARD_ENTRY, other, Instant.now()), TicketType.WIREGUARD_ENTRY,
                "wrong_provider", "wrong_provider: the pay_info names another gateway's identity key");
        refused(issuer.spend(TicketType.WIREGUARD_ENTRY, identity, Instant.now().minusSeconds(120)), TicketType.WIREGUARD_ENTRY,
                "stale_pay_info", "stale_pay_info: the pay_info timestamp");
        refused(TestZkNyms.flipChallenge(issuer.spend(TicketType.WIREGUARD_ENTRY, identity, Instant.now())),
                TicketType.WIREGUARD_ENTRY, "bad_proof", "bad_proof: the spend proof does not verify");
        ZkNymSpend spend = issuer.spend(TicketType.WIREGUARD_ENTRY, identity, Instant.now());
        refused(new ZkNymSpend(spend.payment(), spend.payInfo(), spend.spendDate(), 99), TicketType.WIREGUARD_ENTRY,
                "unknown_epoch", "unknown_epoch: epoch 99 is unknown to the nym-api");

        assertThat(gateway.metric("lp_credential_verification_success_total")).isZero();
        LpRegistrationResponse next = register(issuer.spend(TicketType.MIXNET_ENTRY, identity, Instant.now()), TicketType.MIXNET_ENTRY);
        assertThat(next.success()).as("%s", next.error()).isTrue();
        assertThat(next.allocatedBandwidth()).isEqualTo(200_000_000L);
    }

    private void refused(ZkNymSpend spend, TicketType claimed, String reason, String message) throws Exception {
        double before = gateway.metric("lp_credential_verification_failed_total", "reason", reason);

        LpRegistrationResponse response = register(spend, claimed);

        assertThat(response.success()).as(reason).isFalse();
        assertThat(response.error().orElseThrow()).startsWith("Credential verification failed: ").contains(message);
        assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", reason)).as(reason)
                .isEqualTo(before + 1);
    }

    /** A v1 dVPN request carrying the zk-nym as Nym's clients do: the bincode struct decoded from to_bytes. */
    private LpRegistrationResponse register(ZkNymSpend spend, TicketType claimed) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V1)) {
            client.handshake();
            RequestCredential credential = new RequestCredential.ZkNym(CredentialCodec.fromBytes(spend.toBytes()));
            return client.register(new LpRegistrationRequest(LpTestClient.randomKey(), credential, claimed,
                    new RegistrationMode.Dvpn(), InetAddress.getLoopbackAddress(), Instant.now().getEpochSecond(),
                    Optional.empty()));
        }
    }
}
