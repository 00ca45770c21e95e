package io.lpreg.plugin.ecash.zknym;

import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.zknym.PayInfo;
import io.lpreg.zknym.ZkNymSpend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import static io.lpreg.plugin.ecash.zknym.TestZkNyms.withPayment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Every acceptance and refusal of the verifier, with the epoch's key from the keys file. */
class ZkNymVerifierTest {
    static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static final byte[] GATEWAY = filled(0x47);
    static final long EPOCH = 4;

    @TempDir
    static Path dir;
    static TestZkNyms issuer;
    static Path keysFile;
    static ZkNymVerifier verifier;

    @BeforeAll
    static void issuerAndVerifier() throws Exception {
        issuer = TestZkNyms.issue(EPOCH, TODAY, TicketType.values());
        keysFile = TestZkNyms.keysFile(dir, Map.of(EPOCH, issuer.key()));
        verifier = verifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString())));
    }

    static ZkNymVerifier verifier(MapPluginConfig config) {
        return new ZkNymVerifier(config, new CountingMetrics(), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void acceptsTodaysSpendForThisGatewayWithTheSerialAsNullifierAndNymsCreditPeriod() {
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_EXIT, GATEWAY, NOW);

        VerificationResult result = verify(verifier, spend, TicketType.MIXNET_EXIT, NOW);

        // credited until midnight starting today + 6 (Nym's cred_exp_date); refused after today + 8 at 00:00
        assertThat(result).isEqualTo(new VerificationResult.Accepted(spend.serialNumber(), 100_000_000L,
                Instant.parse("2026-03-16T00:00:00Z"), Instant.parse("2026-03-18T00:00:00Z")));
        assertThat(((VerificationResult.Accepted) result).needsSettlement()).as("no signers: nothing to report").isFalse();
    }

    @Test
    void creditsEachTicketTypeItsOwnBandwidth() {
        for (TicketType type : TicketType.values()) {
            VerificationResult result = verify(verifier, issuer.spend(type, GATEWAY, NOW), type, NOW);
            assertThat(result).isInstanceOf(VerificationResult.Accepted.class);
            assertThat(((VerificationResult.Accepted) result).bandwidthBytes()).isEqualTo(type.bandwidthBytes());
        }
    }

    @Test
    void withSignersConfiguredTheReportIsTheCredentialItself() {
        ZkNymVerifier reporting = verifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString(),
                "signers", "http://127.0.0.1:9", "gateway_address", "n1qypqxpq9qcrsszg2pvxq6rs0zqg3yyc5lzv7xu")));
        ZkNymSpend spend = issuer.spend(TicketType.WIREGUARD_ENTRY, GATEWAY, NOW);

        VerificationResult result = verify(reporting, spend, TicketType.WIREGUARD_ENTRY, NOW);

        assertThat(result).isInstanceOf(VerificationResult.Accepted.class);
        assertThat(((VerificationResult.Accepted) result).report()).isEqualTo(spend.toBytes());
    }

    @Test
    void refusesATicketOfAnotherTypeThanTheRequestClaims() {
        ZkNymSpend exit = issuer.spend(TicketType.MIXNET_EXIT, GATEWAY, NOW);

        assertRejected(verify(verifier, exit, TicketType.WIREGUARD_ENTRY, NOW), RejectionReason.WRONG_TICKET_TYPE,
                "wrong_ticket_type: the ticket is a mixnet-exit ticket, the request claims wireguard-entry");
    }

    @Test
    void refusesATicketTypeNymDoesNotHave() {
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_EXIT, GATEWAY, NOW);
        ZkNymSpend fifth = withPayment(spend, TestZkNyms.withTType(spend.payment(), 4));

        assertRejected(verify(verifier, fifth, TicketType.MIXNET_EXIT, NOW), RejectionReason.WRONG_TICKET_TYPE,
                "wrong_ticket_type: t_type 4 is no ticket type (0 to 3)");
    }

    @Test
    void refusesAPaymentOfMoreThanOneTicket() {
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_EXIT, GATEWAY, NOW);
        ZkNymSpend two = withPayment(spend, TestZkNyms.withSpendValue(spend.payment(), 2));

        assertRejected(verify(verifier, two, TicketType.MIXNET_EXIT, NOW), RejectionReason.MALFORMED,
                "malformed: spend_value is 2; a gateway takes one ticket per spend");
    }

    @Test
    void refusesASpendDatedOtherThanTodayUtc() {
        ZkNymSpend yesterday = issuer.spend(TicketType.MIXNET_ENTRY, TestZkNyms.payInfo(GATEWAY, NOW), TODAY.minusDays(1));

        assertRejected(verify(verifier, yesterday, TicketType.MIXNET_ENTRY, NOW), RejectionReason.WRONG_SPEND_DATE,
                "wrong_spend_date: the spend date is 2026-03-09, the gateway's date (UTC) is 2026-03-10");
    }

    @Test
    void refusesASpendForAnotherGateway() {
        ZkNymSpend elsewhere = issuer.spend(TicketType.MIXNET_ENTRY, filled(0x48), NOW);

        assertRejected(verify(verifier, elsewhere, TicketType.MIXNET_ENTRY, NOW), RejectionReason.WRONG_PROVIDER,
                "wrong_provider: the pay_info names another gateway's identity key");
    }

    @Test
    void takesAPayInfoTimestampUpToThirtySecondsAwayEitherSideAndNoFurther() {
        for (long offset : new long[] {-30, 30}) {
            ZkNymSpend spend = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW.plusSeconds(offset));
            assertThat(verify(verifier, spend, TicketType.MIXNET_ENTRY, NOW)).as("%d s", offset)
                    .isInstanceOf(VerificationResult.Accepted.class);
        }
        for (long offset : new long[] {-31, 31}) {
            ZkNymSpend spend = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW.plusSeconds(offset));
            assertRejected(verify(verifier, spend, TicketType.MIXNET_ENTRY, NOW), RejectionReason.STALE_PAY_INFO,
                    "stale_pay_info: the pay_info timestamp " + NOW.plusSeconds(offset).getEpochSecond()
                            + " is more than 30 s away from the gateway's clock (" + NOW.getEpochSecond() + ")");
        }
    }

    @Test
    void thePayInfoToleranceIsConfigurable() {
        ZkNymVerifier lenient = verifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString(),
                "pay_info_tolerance", "2m")));
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW.minusSeconds(100));

        assertThat(verify(lenient, spend, TicketType.MIXNET_ENTRY, NOW)).isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void refusesAPayInfoSpentBeforeWithAnotherTicketButLetsTheSameSpendThroughAgain() {
        ZkNymVerifier fresh = verifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString())));
        PayInfo payInfo = TestZkNyms.payInfo(GATEWAY, NOW);
        ZkNymSpend first = issuer.spend(TicketType.MIXNET_ENTRY, payInfo, TODAY);
        ZkNymSpend second = issuer.spend(TicketType.MIXNET_ENTRY, payInfo, TODAY);

        assertThat(verify(fresh, first, TicketType.MIXNET_ENTRY, NOW)).isInstanceOf(VerificationResult.Accepted.class);
        assertRejected(verify(fresh, second, TicketType.MIXNET_ENTRY, NOW.plusSeconds(1)), RejectionReason.REPLAYED_PAY_INFO,
                "replayed_pay_info: this pay_info was spent before with another ticket");
        // the engine answers a retry of the same request from its ledger and refuses a double spend itself
        assertThat(verify(fresh, first, TicketType.MIXNET_ENTRY, NOW.plusSeconds(2))).isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void aPayInfoIsRememberedOnlyOnceItsSpendVerified() {
        ZkNymVerifier fresh = verifier(MapPluginConfig.of(Map.of("verification_keys", keysFile.toString())));
        PayInfo payInfo = TestZkNyms.payInfo(GATEWAY, NOW);
        ZkNymSpend forged = TestZkNyms.flipChallenge(issuer.spend(TicketType.MIXNET_ENTRY, payInfo, TODAY));
        ZkNymSpend honest = issuer.spend(TicketType.MIXNET_ENTRY, payInfo, TODAY);

        assertRejected(verify(fresh, forged, TicketType.MIXNET_ENTRY, NOW), RejectionReason.BAD_PROOF,
                "bad_proof: the spend proof does not verify");
        assertThat(verify(fresh, honest, TicketType.MIXNET_ENTRY, NOW)).isInstanceOf(VerificationResult.Accepted.class);
    }

    @Test
    void refusesASpendWhoseProofWasTamperedWith() {
        ZkNymSpend forged = TestZkNyms.flipChallenge(issuer.spend(TicketType.WIREGUARD_EXIT, GATEWAY, NOW));

        assertRejected(verify(verifier, forged, TicketType.WIREGUARD_EXIT, NOW), RejectionReason.BAD_PROOF,
                "bad_proof: the spend proof does not verify");
    }

    @Test
    void refusesATicketWhoseTypeWasChangedToABetterOne() {
        ZkNymSpend entry = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW);
        ZkNymSpend upgraded = withPayment(entry, TestZkNyms.withTType(entry.payment(), TicketType.WIREGUARD_EXIT.index()));

        assertRejected(verify(verifier, upgraded, TicketType.WIREGUARD_EXIT, NOW), RejectionReason.BAD_SIGNATURE,
                "bad_signature: the ticketbook signature does not verify");
    }

    @Test
    void refusesASpendRedatedToADayItsExpirationSignatureDoesNotCover() {
        Instant tomorrow = NOW.plus(Duration.ofDays(1));
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_ENTRY, TestZkNyms.payInfo(GATEWAY, tomorrow), TODAY);
        ZkNymSpend redated = new ZkNymSpend(spend.payment(), spend.payInfo(), TODAY.plusDays(1), spend.epochId());

        assertRejected(verify(verifier, redated, TicketType.MIXNET_ENTRY, tomorrow), RejectionReason.BAD_EXPIRATION_SIGNATURE,
                "bad_expiration_signature: the expiration-date signature does not cover the spend date");
    }

    @Test
    void refusesASpendCarryingAnotherCoinsIndexSignature() {
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_ENTRY, TestZkNyms.payInfo(GATEWAY, NOW), TODAY, 3);
        ZkNymSpend swapped = withPayment(spend, issuer.withOtherCoinIndexSignature(spend.payment(), TicketType.MIXNET_ENTRY));

        assertRejected(verify(verifier, swapped, TicketType.MIXNET_ENTRY, NOW), RejectionReason.BAD_COIN_INDEX_SIGNATURE,
                "bad_coin_index_signature: the coin-index signature does not verify");
    }

    @Test
    void refusesASpendUnderAnotherKeyThanTheEpochs() throws Exception {
        ZkNymVerifier wrongKey = verifier(MapPluginConfig.of(Map.of("verification_keys",
                TestZkNyms.keysFile(dir, Map.of(EPOCH, issuer.signerKey())).toString())));

        assertRejected(verify(wrongKey, issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW), TicketType.MIXNET_ENTRY, NOW),
                RejectionReason.BAD_PROOF, "bad_proof: the spend proof does not verify");
    }

    @Test
    void refusesAnEpochNeitherInTheFileNorAskableOfANymApi() {
        ZkNymSpend spend = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW);
        ZkNymSpend otherEpoch = new ZkNymSpend(spend.payment(), spend.payInfo(), spend.spendDate(), 77);

        assertRejected(verify(verifier, otherEpoch, TicketType.MIXNET_ENTRY, NOW), RejectionReason.UNKNOWN_EPOCH,
                "unknown_epoch: epoch 77 is not in the keys file and no nym_api is configured");
    }

    @Test
    void refusesOtherSchemesAndBytesThatAreNoZkNym() {
        byte[] valid = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW).toBytes();
        VerificationContext context = context(TicketType.MIXNET_ENTRY, NOW);

        assertRejected(verifier.verify(new Credential("bls-ticket-v1", valid), context), RejectionReason.MALFORMED,
                "malformed: the zknym verifier does not handle the scheme bls-ticket-v1");
        for (byte[] data : new byte[][] {new byte[0], new byte[7], Arrays.copyOf(valid, valid.length - 1),
                Arrays.copyOf(valid, valid.length + 1)}) {
            VerificationResult result = verifier.verify(new Credential(ZkNymVerifier.SCHEME, data), context);
            assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
            assertThat(((VerificationResult.Rejected) result).reason()).isEqualTo(RejectionReason.MALFORMED);
            assertThat(((VerificationResult.Rejected) result).message()).startsWith("malformed: not a zk-nym: ");
        }
    }

    @Test
    void noMutationOfAValidCredentialMakesVerifyThrow() {
        byte[] valid = issuer.spend(TicketType.MIXNET_ENTRY, GATEWAY, NOW).toBytes();
        VerificationContext context = context(TicketType.MIXNET_ENTRY, NOW);
        Random random = new Random(20260310);

        for (int i = 0; i < 300; i++) {
            byte[] mutated = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int f = 0; f < flips; f++) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 << random.nextInt(8));
            }
            byte[] input = mutated;
            assertThatCode(() -> assertThat(verifier.verify(new Credential(ZkNymVerifier.SCHEME, input), context))
                    .isInstanceOf(VerificationResult.Rejected.class)).as("mutation %d", i).doesNotThrowAnyException();
        }
    }

    static VerificationResult verify(ZkNymVerifier verifier, ZkNymSpend spend, TicketType claimed, Instant now) {
        return verifier.verify(new Credential(ZkNymVerifier.SCHEME, spend.toBytes()), context(claimed, now));
    }

    static VerificationContext context(TicketType claimed, Instant now) {
        return new VerificationContext(claimed, GATEWAY, filled(0x55), now);
    }

    static void assertRejected(VerificationResult result, RejectionReason reason, String message) {
        assertThat(result).isInstanceOf(VerificationResult.Rejected.class);
        VerificationResult.Rejected rejected = (VerificationResult.Rejected) result;
        assertThat(rejected.reason()).isEqualTo(reason);
        assertThat(rejected.message()).startsWith(reason.label() + ": ").isEqualTo(message);
    }

    static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
