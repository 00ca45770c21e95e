package io.lpreg.plugin.ecash.mock;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MockEcashVerifierTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    /** Stands for the Nym probe's fixed dummy credential: any bytes are accepted. */
    private static final Credential PROBE_CREDENTIAL = new Credential("nym-zknym",
            HexFormat.of().parseHex("000004d5deadbeef"));

    @Test
    void acceptsAnyCredentialWithNymsOneGibibyteForSevenDaysByDefault() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());

        VerificationResult result = verifier.verify(PROBE_CREDENTIAL, session(1));

        assertThat(result).isInstanceOfSatisfying(VerificationResult.Accepted.class, accepted -> {
            assertThat(accepted.bandwidthBytes()).isEqualTo(1_073_741_824L);
            assertThat(accepted.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(7)));
        });
    }

    @Test
    void handlesTheNymAndBlsTicketSchemesByDefault() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());

        assertThat(verifier.schemes()).containsExactlyInAnyOrder("nym-zknym", "bls-ticket-v1");
        assertThat(verifier.verify(new Credential("bls-ticket-v1", new byte[0]), session(1)))
                .isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void isTheAcceptAllVerifierNamedMock() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());

        assertThat(verifier.name()).isEqualTo("mock");
        assertThat(verifier.acceptsEverything()).isTrue();
    }

    @Test
    void derivesTheNullifierFromTheHandshakeHashAndTheCredential() throws Exception {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("lpreg-ecash-mock-v1".getBytes(StandardCharsets.US_ASCII));
        sha256.update(session(1).handshakeHash());
        sha256.update(PROBE_CREDENTIAL.data());

        VerificationResult.Accepted accepted = (VerificationResult.Accepted) verifier.verify(PROBE_CREDENTIAL, session(1));

        assertThat(accepted.nullifier()).isEqualTo(sha256.digest());
    }

    @Test
    void givesTheSameCredentialAFreshNullifierInEverySession() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());

        byte[] first = ((VerificationResult.Accepted) verifier.verify(PROBE_CREDENTIAL, session(1))).nullifier();
        byte[] second = ((VerificationResult.Accepted) verifier.verify(PROBE_CREDENTIAL, session(2))).nullifier();
        byte[] replay = ((VerificationResult.Accepted) verifier.verify(PROBE_CREDENTIAL, session(1))).nullifier();

        assertThat(second).isNotEqualTo(first);
        assertThat(replay).isEqualTo(first);
    }

    @Test
    void givesDifferentCredentialsOfOneSessionDifferentNullifiers() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());

        byte[] first = ((VerificationResult.Accepted) verifier.verify(PROBE_CREDENTIAL, session(1))).nullifier();
        byte[] other = ((VerificationResult.Accepted) verifier.verify(
                new Credential("nym-zknym", new byte[] {1}), session(1))).nullifier();

        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void rejectsACredentialOfASchemeItDoesNotHandle() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.empty());

        VerificationResult result = verifier.verify(new Credential("example-voucher", new byte[] {1}), session(1));

        assertThat(result).isEqualTo(new VerificationResult.Rejected(RejectionReason.MALFORMED,
                "the mock verifier does not handle the credential scheme example-voucher"));
    }

    @Test
    void readsAllowanceValidityAndSchemesFromItsSection() {
        MockEcashVerifier verifier = new MockEcashVerifier(MapPluginConfig.of(Map.of(
                "allowance_bytes", "5000", "validity", "90m", "schemes", " example-voucher , nym-zknym")));

        VerificationResult result = verifier.verify(new Credential("example-voucher", new byte[] {1}), session(1));

        assertThat(verifier.schemes()).containsExactly("example-voucher", "nym-zknym");
        assertThat(result).isInstanceOfSatisfying(VerificationResult.Accepted.class, accepted -> {
            assertThat(accepted.bandwidthBytes()).isEqualTo(5000);
            assertThat(accepted.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(90)));
        });
    }

    @Test
    void refusesANegativeAllowance() {
        assertThatThrownBy(() -> new MockEcashVerifier(MapPluginConfig.of(Map.of("allowance_bytes", "-1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("allowance_bytes must not be negative, got -1");
    }

    @Test
    void namesTheKeyOfAValueItCannotRead() {
        assertThatThrownBy(() -> new MockEcashVerifier(MapPluginConfig.of(Map.of("validity", "7 days"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validity: unknown duration unit in 7 days (ms, s, m, h, d)");
        assertThatThrownBy(() -> new MockEcashVerifier(MapPluginConfig.of(Map.of("allowance_bytes", "1GiB"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("allowance_bytes: ");
    }

    @Test
    void refusesAZeroValidity() {
        assertThatThrownBy(() -> new MockEcashVerifier(MapPluginConfig.of(Map.of("validity", "0s"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("validity must be positive, got 0s");
    }

    @Test
    void refusesAnEmptySchemeList() {
        assertThatThrownBy(() -> new MockEcashVerifier(MapPluginConfig.of(Map.of("schemes", " , "))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("schemes must name at least one credential scheme");
    }

    private static VerificationContext session(int handshake) {
        byte[] handshakeHash = new byte[32];
        handshakeHash[31] = (byte) handshake;
        return new VerificationContext(TicketType.WIREGUARD_ENTRY, new byte[32], handshakeHash, NOW);
    }
}
