package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import org.junit.jupiter.api.Test;
import supranational.blst.P1_Affine;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThresholdIssuanceTest {
    static final EpochWindow WINDOW = new EpochWindow(42, Instant.parse("2025-06-01T00:00:00Z"),
            Instant.parse("2025-06-08T00:00:00Z"));
    private static final int SIGNERS = 5;
    private static final int THRESHOLD = 3;
    private static final IssuerKeys KEYS = IssuerKeys.generate(SIGNERS, THRESHOLD, WINDOW,
            EnumSet.allOf(TicketType.class), new DeterministicRandom("threshold"));

    @Test
    void everySetOfTSignersOutOfNYieldsTheSameValidSignature() throws Exception {
        TicketRequest request = TicketRequest.create(TicketType.WIREGUARD_ENTRY, WINDOW, new SecureRandom());
        Map<Integer, byte[]> all = shares(request, List.of(1, 2, 3, 4, 5));
        List<Set<Integer>> subsets = subsets(THRESHOLD);
        byte[] first = null;

        for (Set<Integer> subset : subsets) {
            Ticket ticket = request.finish(restrict(all, subset), keys(TicketType.WIREGUARD_ENTRY));
            assertThat(request.verifies(ticket.signature(), keys(TicketType.WIREGUARD_ENTRY))).isTrue();
            if (first == null) {
                first = ticket.signature();
            }
            assertThat(ticket.signature()).as("signers %s", subset).isEqualTo(first);
        }
        assertThat(subsets).hasSize(10);
    }

    @Test
    void noSetOfTMinusOneSignersYieldsAValidSignature() throws Exception {
        TicketRequest request = TicketRequest.create(TicketType.WIREGUARD_ENTRY, WINDOW, new SecureRandom());
        Map<Integer, byte[]> all = shares(request, List.of(1, 2, 3, 4, 5));

        for (Set<Integer> subset : subsets(THRESHOLD - 1)) {
            Map<Integer, P1_Affine> points = new TreeMap<>();
            for (int index : subset) {
                points.put(index, TicketCurve.g1(all.get(index), "share"));
            }
            byte[] combined = request.unblind(TicketRequest.combine(points));
            assertThat(request.verifies(combined, keys(TicketType.WIREGUARD_ENTRY))).as("signers %s", subset).isFalse();
            assertThatThrownBy(() -> request.finish(restrict(all, subset), keys(TicketType.WIREGUARD_ENTRY)))
                    .isInstanceOf(IssuanceException.class)
                    .hasMessageContaining("does not verify against the group key");
        }
    }

    @Test
    void aSignerThatAnswersWithAWrongShareIsNamed() throws Exception {
        TicketRequest request = TicketRequest.create(TicketType.MIXNET_ENTRY, WINDOW, new SecureRandom());
        Map<Integer, byte[]> shares = shares(request, List.of(1, 2, 3));
        // signer 2 signs with its key of another ticket type
        shares.put(2, new Signer(new SignerShare(2, SIGNERS, THRESHOLD, List.of(KEYS.shares().get(1))))
                .signBlinded(WINDOW.epoch(), TicketType.MIXNET_EXIT, request.blinded()));

        assertThatThrownBy(() -> request.finish(shares, keys(TicketType.MIXNET_ENTRY)))
                .isInstanceOf(IssuanceException.class)
                .hasMessage("signer 2 returned a share that does not match its key");
    }

    @Test
    void theSignersSeeOnlyARandomizedPointNeverTheTicketMessageOrItsHash() throws Exception {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        TicketRequest first = TicketRequest.withSecrets(TicketType.MIXNET_ENTRY, WINDOW, seed, TicketCurve.randomScalar(new SecureRandom()));
        TicketRequest second = TicketRequest.withSecrets(TicketType.MIXNET_ENTRY, WINDOW, seed, TicketCurve.randomScalar(new SecureRandom()));
        byte[] hashOfMessage = TicketCurve.ticketPoint(TicketType.MIXNET_ENTRY, WINDOW.epoch(), first.serial()).compress();

        Ticket one = first.finish(shares(first, List.of(1, 2, 3)), keys(TicketType.MIXNET_ENTRY));
        Ticket two = second.finish(shares(second, List.of(3, 4, 5)), keys(TicketType.MIXNET_ENTRY));

        // the same ticket blinded twice looks like two unrelated points to the signers ...
        assertThat(first.blinded()).isNotEqualTo(second.blinded()).isNotEqualTo(hashOfMessage);
        assertThat(second.blinded()).isNotEqualTo(hashOfMessage);
        // ... and both unblind to the one deterministic BLS signature on m, which is all a gateway sees
        assertThat(one.signature()).isEqualTo(two.signature());
        assertThat(one.signature()).isNotEqualTo(first.blinded()).isNotEqualTo(second.blinded());
    }

    @Test
    void eachTicketTypeHasAnIndependentKey() {
        Set<String> keys = new java.util.HashSet<>();
        for (TicketType type : TicketType.values()) {
            keys.add(java.util.HexFormat.of().formatHex(keys(type).verificationKey()));
        }
        assertThat(keys).hasSize(4);
    }

    @Test
    void aTicketSignedForOneTypeDoesNotVerifyUnderAnotherTypesKey() throws Exception {
        TicketRequest request = TicketRequest.create(TicketType.MIXNET_EXIT, WINDOW, new SecureRandom());
        Ticket ticket = request.finish(shares(request, List.of(1, 2, 3)), keys(TicketType.MIXNET_EXIT));

        assertThat(request.verifies(ticket.signature(), keys(TicketType.WIREGUARD_ENTRY))).isFalse();
    }

    @Test
    void lagrangeWeightsOfAnySetInterpolateTheSecretAtZero() {
        java.math.BigInteger secret = TicketCurve.randomScalar(new SecureRandom());
        List<java.math.BigInteger> shares = SecretSharing.split(secret, THRESHOLD, SIGNERS, new SecureRandom());
        for (Set<Integer> subset : subsets(THRESHOLD)) {
            java.math.BigInteger sum = java.math.BigInteger.ZERO;
            for (int i : subset) {
                sum = sum.add(SecretSharing.lagrangeAtZero(i, subset).multiply(shares.get(i - 1)));
            }
            assertThat(sum.mod(TicketCurve.ORDER)).isEqualTo(secret);
        }
    }

    static TypeKeys keys(TicketType type) {
        return KEYS.keys().keys(type).orElseThrow();
    }

    static Map<Integer, byte[]> shares(TicketRequest request, List<Integer> signers) throws InvalidPointException {
        Map<Integer, byte[]> shares = new LinkedHashMap<>();
        for (int index : signers) {
            Signer signer = new Signer(new SignerShare(index, SIGNERS, THRESHOLD, List.of(KEYS.shares().get(index - 1))));
            shares.put(index, signer.signBlinded(WINDOW.epoch(), request.type(), request.blinded()));
        }
        return shares;
    }

    private static Map<Integer, byte[]> restrict(Map<Integer, byte[]> all, Set<Integer> subset) {
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        subset.forEach(index -> out.put(index, all.get(index)));
        return out;
    }

    private static List<Set<Integer>> subsets(int size) {
        List<Set<Integer>> out = new ArrayList<>();
        for (int mask = 0; mask < (1 << SIGNERS); mask++) {
            if (Integer.bitCount(mask) == size) {
                Set<Integer> subset = new java.util.TreeSet<>();
                for (int i = 0; i < SIGNERS; i++) {
                    if ((mask & (1 << i)) != 0) {
                        subset.add(i + 1);
                    }
                }
                out.add(subset);
            }
        }
        return out;
    }
}
