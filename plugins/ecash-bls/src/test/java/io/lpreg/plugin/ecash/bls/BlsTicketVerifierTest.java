package io.lpreg.plugin.ecash.bls;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.ecash.issuer.MalformedPoints;

import io.lpreg.spi.Credential;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.tickets.SpendData;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketSpend;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import supranational.blst.P1;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BlsTicketVerifierTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final byte[] GATEWAY = filled(0x47);
    private static final byte[] HANDSHAKE = filled(0x48);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path dir;
    private static TestIssuer issuer;
    private static BlsTicketVerifier verifier;

    @BeforeAll
    static void issuerSet() throws Exception {
        issuer = TestIssuer.create(dir, NOW);
        verifier = new BlsTicketVerifier(MapPluginConfig.of(Map.of("verification_keys", issuer.verificationKeys().toString())));
    }

    @Test
    void acceptsAFreshSpendWithTheSerialAsNullifierAndTheTicketTypesBandwidth() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_EXIT);

        VerificationResult result = verify(spend(ticket), TicketType.MIXNET_EXIT, NOW);

        // refused after the epoch's end (a day ago + 7 days) plus the 30 s clock tolerance
        assertThat(result).isEqualTo(new VerificationResult.Accepted(ticket.serial(), 100_000_000L, NOW.plus(Duration.ofDays(7)),
                NOW.plus(Duration.ofDays(6)).plusSeconds(30)));
    }

    @Test
    void creditsEachTicketTypeItsOwnBandwidth() throws Exception {
        for (TicketType type : TicketType.values()) {
            VerificationResult result = verify(spend(issuer.ticket(type)), type, NOW);
            assertThat(((VerificationResult.Accepted) result).bandwidthBytes()).isEqualTo(type.bandwidthBytes());
        }
    }

    @Test
    void refusesATicketOfAnotherTypeThanTheRequestClaims() throws Exception {
        byte[] exit = spend(issuer.ticket(TicketType.MIXNET_EXIT));

        assertRejected(verify(exit, TicketType.WIREGUARD_ENTRY, NOW), RejectionReason.WRONG_TICKET_TYPE,
                "the ticket is a mixnet-exit ticket, the request claims wireguard-entry");
    }

    @Test
    void refusesATicketWhoseTypeFieldWasChangedToABetterOne() throws Exception {
        SpendData exit = TicketSpend.decode(spend(issuer.ticket(TicketType.MIXNET_EXIT)));
        byte[] upgraded = resign(issuer.ticket(TicketType.MIXNET_EXIT), TicketType.WIREGUARD_ENTRY, exit.epoch(), exit.sigma());

        assertRejected(verify(upgraded, TicketType.WIREGUARD_ENTRY, NOW), RejectionReason.BAD_SIGNATURE,
                "the issuers' signature on the ticket does not verify");
    }

    @Test
    void refusesATicketOfATypeItsEpochDoesNotIssue() throws Exception {
        Ticket mixnet = issuer.ticket(TicketType.MIXNET_ENTRY, TestIssuer.MIXNET_ONLY);
        byte[] wrongType = resign(mixnet, TicketType.MIXNET_EXIT, TestIssuer.MIXNET_ONLY, mixnet.signature());

        assertThat(verify(spend(mixnet), TicketType.MIXNET_ENTRY, NOW)).isInstanceOf(VerificationResult.Accepted.class);
        assertRejected(verify(wrongType, TicketType.MIXNET_EXIT, NOW), RejectionReason.WRONG_TICKET_TYPE,
                "epoch 2 issues no mixnet-exit tickets");
    }

    @Test
    void refusesAnUnknownEpoch() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY);

        assertRejected(verify(resign(ticket, ticket.ticketType(), 99, ticket.signature()), TicketType.MIXNET_ENTRY, NOW),
                RejectionReason.UNKNOWN_EPOCH, "unknown ticket epoch 99");
    }

    @Test
    void refusesATicketMovedToAnotherKnownEpoch() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY, TestIssuer.CURRENT);

        assertRejected(verify(resign(ticket, ticket.ticketType(), TestIssuer.MIXNET_ONLY, ticket.signature()),
                TicketType.MIXNET_ENTRY, NOW), RejectionReason.BAD_SIGNATURE,
                "the issuers' signature on the ticket does not verify");
    }

    @Test
    void refusesATicketOfAnEpochThatEndedOrHasNotStarted() throws Exception {
        Ticket ended = issuer.ticket(TicketType.MIXNET_ENTRY, TestIssuer.ENDED);
        Ticket current = issuer.ticket(TicketType.MIXNET_ENTRY);
        Instant beforeStart = NOW.minus(Duration.ofDays(2));

        assertRejected(verify(spend(ended), TicketType.MIXNET_ENTRY, NOW), RejectionReason.EXPIRED,
                "ticket epoch 0 ended at " + NOW.minus(Duration.ofDays(2)));
        assertRejected(verify(spend(current, GATEWAY, HANDSHAKE, beforeStart), TicketType.MIXNET_ENTRY, beforeStart),
                RejectionReason.EXPIRED, "ticket epoch 1 is not valid before " + NOW.minus(Duration.ofDays(1)));
    }

    @Test
    void refusesASpendBoundToAnotherGateway() throws Exception {
        byte[] elsewhere = spend(issuer.ticket(TicketType.MIXNET_ENTRY), filled(0x99), HANDSHAKE, NOW);

        assertRejected(verify(elsewhere, TicketType.MIXNET_ENTRY, NOW), RejectionReason.WRONG_GATEWAY,
                "the spend is bound to another gateway");
    }

    @Test
    void refusesASpendBoundToAnotherSession() throws Exception {
        byte[] otherSession = spend(issuer.ticket(TicketType.MIXNET_ENTRY), GATEWAY, filled(0x01), NOW);

        assertRejected(verify(otherSession, TicketType.MIXNET_ENTRY, NOW), RejectionReason.BAD_SIGNATURE,
                "the spend signature does not verify for this session (made for another session, or not by the serial's key)");
    }

    @Test
    void acceptsTimestampsWithinThirtySecondsEitherWayAndRefusesBeyond() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY);

        assertThat(verify(spend(ticket, GATEWAY, HANDSHAKE, NOW.minusSeconds(30)), TicketType.MIXNET_ENTRY, NOW))
                .isInstanceOf(VerificationResult.Accepted.class);
        assertThat(verify(spend(ticket, GATEWAY, HANDSHAKE, NOW.plusSeconds(30)), TicketType.MIXNET_ENTRY, NOW))
                .isInstanceOf(VerificationResult.Accepted.class);
        assertRejected(verify(spend(ticket, GATEWAY, HANDSHAKE, NOW.minusSeconds(31)), TicketType.MIXNET_ENTRY, NOW),
                RejectionReason.STALE_TIMESTAMP, "the spend's timestamp is 31 s away from the gateway's clock (tolerance 30 s)");
        assertRejected(verify(spend(ticket, GATEWAY, HANDSHAKE, NOW.plusSeconds(31)), TicketType.MIXNET_ENTRY, NOW),
                RejectionReason.STALE_TIMESTAMP, "the spend's timestamp is 31 s away from the gateway's clock (tolerance 30 s)");
    }

    @Test
    void refusesASignatureThatIsTheIdentityOffTheCurveOrOutsideTheSubgroup() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY);
        Map<String, byte[]> points = Map.of(
                "the ticket signature is the point at infinity", MalformedPoints.infinity(),
                "the ticket signature is not on the curve", MalformedPoints.notOnCurve(),
                "the ticket signature is not in the prime-order subgroup", MalformedPoints.notInSubgroup());

        points.forEach((message, sigma) -> assertRejected(
                verify(resign(ticket, ticket.ticketType(), ticket.epoch(), sigma), TicketType.MIXNET_ENTRY, NOW),
                RejectionReason.MALFORMED, message));
    }

    @Test
    void refusesAForgedSignature() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY);
        Ticket other = issuer.ticket(TicketType.MIXNET_ENTRY);
        byte[] random = new P1().hash_to(filled(0x33), "forger").compress();

        for (byte[] forged : new byte[][] {other.signature(), random, P1.generator().compress()}) {
            assertRejected(verify(resign(ticket, ticket.ticketType(), ticket.epoch(), forged), TicketType.MIXNET_ENTRY, NOW),
                    RejectionReason.BAD_SIGNATURE, "the issuers' signature on the ticket does not verify");
        }
    }

    @Test
    void refusesASpendSignedByAnotherKeyThanTheSerial() throws Exception {
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY);
        Ticket thief = issuer.ticket(TicketType.MIXNET_ENTRY);
        SpendData stolen = TicketSpend.decode(spend(thief));
        SpendData spend = TicketSpend.decode(spend(ticket));
        byte[] mixed = new SpendData(spend.ticketType(), spend.epoch(), spend.serial(), spend.sigma(), stolen.payInfo(),
                stolen.spendSignature()).encode();

        assertRejected(verify(mixed, TicketType.MIXNET_ENTRY, NOW), RejectionReason.BAD_SIGNATURE,
                "the spend signature does not verify for this session (made for another session, or not by the serial's key)");
    }

    @Test
    void refusesBytesOfTheWrongLengthAndOtherSchemes() throws Exception {
        byte[] data = spend(issuer.ticket(TicketType.MIXNET_ENTRY));

        assertRejected(verify(Arrays.copyOf(data, 208), TicketType.MIXNET_ENTRY, NOW), RejectionReason.MALFORMED,
                "bls-ticket-v1 spend must be 209 bytes, got 208");
        assertRejected(verifier.verify(new Credential("nym-zknym", data), context(TicketType.MIXNET_ENTRY, NOW)),
                RejectionReason.MALFORMED, "the bls verifier does not handle the scheme nym-zknym");
    }

    @Test
    void isNamedBlsAndHandlesBlsTicketV1() {
        assertThat(verifier.name()).isEqualTo("bls");
        assertThat(verifier.schemes()).containsExactly("bls-ticket-v1");
        assertThat(verifier.acceptsEverything()).isFalse();
    }

    @Test
    void readsTheToleranceAndBandwidthValidityFromItsSection() throws Exception {
        BlsTicketVerifier lenient = new BlsTicketVerifier(MapPluginConfig.of(Map.of("verification_keys",
                issuer.verificationKeys().toString(), "timestamp_tolerance", "2m", "bandwidth_validity", "1d")));

        VerificationResult result = lenient.verify(new Credential("bls-ticket-v1",
                spend(issuer.ticket(TicketType.MIXNET_ENTRY), GATEWAY, HANDSHAKE, NOW.minusSeconds(100))),
                context(TicketType.MIXNET_ENTRY, NOW));

        assertThat(result).isInstanceOfSatisfying(VerificationResult.Accepted.class,
                accepted -> assertThat(accepted.expiresAt()).isEqualTo(NOW.plus(Duration.ofDays(1))));
    }

    @Test
    void refusesToStartWithoutAUsableKeysFile() {
        assertThatThrownBy(() -> new BlsTicketVerifier(MapPluginConfig.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("verification_keys is not set");
        assertThatThrownBy(() -> new BlsTicketVerifier(MapPluginConfig.of(Map.of("verification_keys", dir.resolve("none.json").toString()))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("verification_keys: cannot read " + dir.resolve("none.json"));
        assertThatThrownBy(() -> new BlsTicketVerifier(MapPluginConfig.of(Map.of("verification_keys",
                issuer.verificationKeys().toString(), "timestamp_tolerance", "30 seconds"))))
                .hasMessageStartingWith("timestamp_tolerance: ");
    }

    private static VerificationResult verify(byte[] data, TicketType claimed, Instant now) {
        return verifier.verify(new Credential("bls-ticket-v1", data), context(claimed, now));
    }

    private static VerificationContext context(TicketType claimed, Instant now) {
        return new VerificationContext(claimed, GATEWAY, HANDSHAKE, now);
    }

    private static byte[] spend(Ticket ticket) {
        return spend(ticket, GATEWAY, HANDSHAKE, NOW);
    }

    private static byte[] spend(Ticket ticket, byte[] gateway, byte[] handshake, Instant at) {
        return TicketSpend.spend(ticket, gateway, handshake, at, RANDOM);
    }

    /** A spend by the ticket's own serial key, correctly signed, claiming another type, epoch or issuer signature. */
    private static byte[] resign(Ticket ticket, TicketType type, long epoch, byte[] sigma) {
        return spend(new Ticket(type, epoch, ticket.serialSeed(), sigma, ticket.validUntil(), false));
    }

    private static void assertRejected(VerificationResult result, RejectionReason reason, String message) {
        assertThat(result).isEqualTo(new VerificationResult.Rejected(reason, message));
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
