package io.lpreg.zknym;

import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import supranational.blst.P1;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Our own 2-of-3 issuer, ticketbook and spend; each check of the verifier refuses the field it covers. */
class OwnIssuerSpendTest {
    static final LocalDate EXPIRATION = LocalDate.of(2026, 6, 10);
    static final LocalDate SPEND_DATE = LocalDate.of(2026, 6, 7);
    static final byte[] PROVIDER = filled(32, 0x42);

    private static IssuerKeys keys;
    private static Ticketbook book;
    private static ZkNymSpend spend;
    private final SpendVerifier verifier = new SpendVerifier();

    @BeforeAll
    static void issue() {
        SecureRandom random = new SecureRandom();
        keys = ZkNymIssuer.keygen(3, 2, 3, random);
        // signers 1 and 3 issue: any 2 of the 3 make the same aggregated signatures
        book = ZkNymIssuer.issue(List.of(keys.signer(1), keys.signer(3)), keys.verificationKey(), 3, TicketType.WIREGUARD_ENTRY, EXPIRATION, random);
        spend = book.spend(payInfo(), SPEND_DATE, 7, random);
    }

    static PayInfo payInfo() {
        return PayInfo.of(filled(32, 1), 1_780_800_000L, PROVIDER);
    }

    @Test
    void twoOfThreeIssuedSpendVerifiesAndIs1245Bytes() throws Exception {
        assertThat(verifier.verify(keys.verificationKey(), spend)).isEqualTo(Verdict.OK);
        byte[] bytes = spend.toBytes();
        assertThat(bytes).hasSize(1245);
        ZkNymSpend decoded = ZkNymSpend.fromBytes(bytes);
        assertThat(decoded.toBytes()).isEqualTo(bytes);
        assertThat(verifier.verify(keys.verificationKey(), decoded)).isEqualTo(Verdict.OK);
        assertThat(decoded.payment().tType()).isEqualTo(TicketType.WIREGUARD_ENTRY.index());
        assertThat(decoded.epochId()).isEqualTo(3);
    }

    @Test
    void anyTwoSignersAggregateToTheSameKey() {
        var two = java.util.Map.of(2L, keys.signer(2).verificationKey(), 3L, keys.signer(3).verificationKey());
        assertThat(ZkNymIssuer.aggregateVerificationKeys(two)).isEqualTo(keys.verificationKey());
    }

    @Test
    void oneSignersShareAloneDoesNotMakeAValidTicketbook() {
        Ticketbook lone = ZkNymIssuer.issue(List.of(keys.signer(2)), keys.verificationKey(), 3, TicketType.WIREGUARD_ENTRY, EXPIRATION, new SecureRandom());
        ZkNymSpend forged = lone.spend(payInfo(), SPEND_DATE, 0, new SecureRandom());
        assertThat(verifier.verify(keys.verificationKey(), forged)).isNotEqualTo(Verdict.OK);
    }

    @Test
    void duplicatedSerialIsRefused() {
        assertThat(verify(copy(spend.payment(), Builder::twoTickets))).isEqualTo(Verdict.DUPLICATE_SERIAL);
    }

    @Test
    void changedResponseIsABadProof() {
        assertThat(verify(copy(spend.payment(), b -> b.proof(withResponseR(b.proof, BigInteger.ONE))))).isEqualTo(Verdict.BAD_PROOF);
    }

    @Test
    void otherPayInfoIsABadProof() {
        ZkNymSpend other = new ZkNymSpend(spend.payment(), PayInfo.of(filled(32, 1), 1_780_800_000L, filled(32, 0x43)), SPEND_DATE, 3);
        assertThat(verifier.verify(keys.verificationKey(), other)).isEqualTo(Verdict.BAD_PROOF);
    }

    @Test
    void changedWalletSignatureIsABadSignature() {
        Signature sig = spend.payment().sig();
        assertThat(verify(copy(spend.payment(), b -> b.sig = new Signature(sig.h(), G1Element.of(Bls.add(sig.s().point(), Bls.g1())))))).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(verify(copy(spend.payment(), b -> b.sig = new Signature(G1Element.of(new P1()), sig.s())))).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void otherTicketTypeIsABadSignature() {
        assertThat(verify(copy(spend.payment(), b -> b.tType = 3))).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void changedExpirationSignatureOrDateIsABadExpirationSignature() {
        Signature sig = spend.payment().sigExp();
        assertThat(verify(copy(spend.payment(), b -> b.sigExp = new Signature(sig.h(), G1Element.of(Bls.add(sig.s().point(), Bls.g1())))))).isEqualTo(Verdict.BAD_EXPIRATION_SIGNATURE);
        assertThat(verify(copy(spend.payment(), b -> b.sigExp = new Signature(G1Element.of(new P1()), sig.s())))).isEqualTo(Verdict.BAD_EXPIRATION_SIGNATURE);
        ZkNymSpend nextDay = new ZkNymSpend(spend.payment(), spend.payInfo(), SPEND_DATE.plusDays(1), 3);
        assertThat(verifier.verify(keys.verificationKey(), nextDay)).isEqualTo(Verdict.BAD_EXPIRATION_SIGNATURE);
    }

    @Test
    void changedCoinIndexSignatureIsABadCoinIndexSignature() {
        Signature omega = spend.payment().omega().get(0);
        assertThat(verify(copy(spend.payment(), b -> b.omega = List.of(new Signature(omega.h(), G1Element.of(Bls.add(omega.s().point(), Bls.g1()))))))).isEqualTo(Verdict.BAD_COIN_INDEX_SIGNATURE);
        G1Element identity = G1Element.of(new P1());
        assertThat(verify(copy(spend.payment(), b -> b.omega = List.of(new Signature(identity, identity))))).isEqualTo(Verdict.BAD_COIN_INDEX_SIGNATURE);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void responsesAttributesOtherThanThreeAreMalformed(int count) {
        List<BigInteger> attributes = new ArrayList<>(spend.payment().zkProof().responsesAttributes());
        while (attributes.size() > count) {
            attributes.remove(attributes.size() - 1);
        }
        while (attributes.size() < count) {
            attributes.add(BigInteger.ONE);
        }
        assertThat(verify(copy(spend.payment(), b -> b.proof(withAttributes(b.proof, attributes))))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void emptyOmegaOrKappaKIsMalformed() {
        assertThat(verify(copy(spend.payment(), b -> b.omega = List.of()))).isEqualTo(Verdict.MALFORMED);
        assertThat(verify(copy(spend.payment(), b -> b.kappaK = List.of()))).isEqualTo(Verdict.MALFORMED);
        assertThat(verify(copy(spend.payment(), b -> {
            b.omega = List.of();
            b.kappaK = List.of();
        }))).isEqualTo(Verdict.MALFORMED);
        assertThat(verify(copy(spend.payment(), b -> b.spendValue = 0))).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void spendDateBeforeTheUnixEpochIsMalformed() {
        ZkNymSpend old = new ZkNymSpend(spend.payment(), spend.payInfo(), LocalDate.of(1970, 1, 1), 3);
        assertThat(verifier.verify(keys.verificationKey(), old)).isEqualTo(Verdict.MALFORMED);
        ZkNymSpend far = new ZkNymSpend(spend.payment(), spend.payInfo(), LocalDate.of(2200, 1, 1), 3);
        assertThat(verifier.verify(keys.verificationKey(), far)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void pointsOffTheCurveOrOutsideTheSubgroupAreMalformed() {
        byte[] bytes = spend.toBytes();
        int cc = 4 + 739;
        assertThat(Arrays.copyOfRange(bytes, cc, cc + 48)).isEqualTo(spend.payment().cc().bytes());
        byte[] notInGroup = bytes.clone();
        System.arraycopy(CurvePoints.g1OnCurveOutsideSubgroup(), 0, notInGroup, cc, 48);
        assertThatThrownBy(() -> ZkNymSpend.fromBytes(notInGroup)).isInstanceOf(MalformedZkNymException.class).hasMessageContaining("subgroup");
        byte[] offCurve = bytes.clone();
        System.arraycopy(CurvePoints.g1OffCurve(), 0, offCurve, cc, 48);
        assertThatThrownBy(() -> ZkNymSpend.fromBytes(offCurve)).isInstanceOf(MalformedZkNymException.class);
    }

    @Test
    void truncatedOrExtendedBytesAreMalformed() {
        byte[] bytes = spend.toBytes();
        for (int length : new int[] {0, 3, 87, 88, 1244}) {
            assertThatThrownBy(() -> ZkNymSpend.fromBytes(Arrays.copyOf(bytes, length))).isInstanceOf(MalformedZkNymException.class);
        }
        assertThatThrownBy(() -> ZkNymSpend.fromBytes(Arrays.copyOf(bytes, 1246))).isInstanceOf(MalformedZkNymException.class);
        byte[] longerPayment = Arrays.copyOf(bytes, 1246);
        longerPayment[3]++;
        assertThatThrownBy(() -> ZkNymSpend.fromBytes(longerPayment)).isInstanceOf(MalformedZkNymException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> ZkNymSpend.fromLpBincode(Arrays.copyOf(spend.toLpBincode(), spend.toLpBincode().length + 1)))
                .isInstanceOf(MalformedZkNymException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6})
    void keysWithFourFiveAndSixBetasWork(int betas) throws Exception {
        SecureRandom random = new SecureRandom();
        IssuerKeys set = ZkNymIssuer.keygen(1, 2, 3, betas, random);
        assertThat(set.verificationKey().betas()).isEqualTo(betas);
        assertThat(VerificationKey.fromBytes(set.verificationKey().toBytes())).isEqualTo(set.verificationKey());
        Ticketbook issued = ZkNymIssuer.issue(List.of(set.signer(2), set.signer(3)), set.verificationKey(), 1, TicketType.MIXNET_ENTRY, EXPIRATION, random);
        assertThat(verifier.verify(set.verificationKey(), issued.spend(payInfo(), EXPIRATION, 49, random))).isEqualTo(Verdict.OK);
    }

    @Test
    void nymApiJsonHasNymsFieldNames() {
        var json = spend.toVerifyTicketBody("n1gateway");
        var credential = json.get("credential");
        assertThat(credential.get("pay_info")).hasSize(72);
        assertThat(credential.get("spend_date").get(0).asInt()).isEqualTo(2026);
        assertThat(credential.get("spend_date").get(1).asInt()).isEqualTo(SPEND_DATE.getDayOfYear());
        assertThat(credential.get("epoch_id").asLong()).isEqualTo(3);
        var payment = credential.get("payment");
        assertThat(iterable(payment.fieldNames())).containsExactly("kappa", "kappa_e", "sig", "sig_exp", "kappa_k", "omega", "ss", "tt", "aa",
                "spend_value", "cc", "t_type", "zk_proof");
        assertThat(iterable(payment.get("zk_proof").fieldNames())).containsExactly("challenge", "response_r", "response_r_e", "responses_r_k",
                "responses_l", "responses_o_a", "response_o_c", "responses_mu", "responses_o_mu", "responses_attributes");
        assertThat(payment.get("sig").get("h").asText()).isEqualTo(spend.payment().sig().h().hex());
        assertThat(json.get("gateway_cosmos_addr").asText()).isEqualTo("n1gateway");
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private Verdict verify(Payment payment) {
        return verifier.verify(keys.verificationKey(), new ZkNymSpend(payment, spend.payInfo(), spend.spendDate(), spend.epochId()));
    }

    static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) value);
        return out;
    }

    static SpendProof withResponseR(SpendProof p, BigInteger delta) {
        return new SpendProof(p.challenge(), p.responseR().add(delta).mod(Bls.ORDER), p.responseRE(), p.responsesRK(), p.responsesL(), p.responsesOA(),
                p.responseOC(), p.responsesMu(), p.responsesOMu(), p.responsesAttributes());
    }

    static SpendProof withAttributes(SpendProof p, List<BigInteger> attributes) {
        return new SpendProof(p.challenge(), p.responseR(), p.responseRE(), p.responsesRK(), p.responsesL(), p.responsesOA(),
                p.responseOC(), p.responsesMu(), p.responsesOMu(), attributes);
    }

    static Payment copy(Payment p, java.util.function.Consumer<Builder> change) {
        Builder b = new Builder(p);
        change.accept(b);
        return b.build();
    }

    /** A mutable copy of a payment's fields, for tampering in tests. */
    static final class Builder {
        G2Element kappa;
        G2Element kappaE;
        Signature sig;
        Signature sigExp;
        List<G2Element> kappaK;
        List<Signature> omega;
        List<G1Element> ss;
        List<G1Element> tt;
        List<G1Element> aa;
        long spendValue;
        G1Element cc;
        int tType;
        SpendProof proof;

        Builder(Payment p) {
            kappa = p.kappa();
            kappaE = p.kappaE();
            sig = p.sig();
            sigExp = p.sigExp();
            kappaK = p.kappaK();
            omega = p.omega();
            ss = p.ss();
            tt = p.tt();
            aa = p.aa();
            spendValue = p.spendValue();
            cc = p.cc();
            tType = p.tType();
            proof = p.zkProof();
        }

        void proof(SpendProof replacement) {
            proof = replacement;
        }

        /** Every per-ticket list doubled: two tickets with the same serial number. */
        void twoTickets() {
            UnaryOperator<List<BigInteger>> twice = l -> List.of(l.get(0), l.get(0));
            kappaK = List.of(kappaK.get(0), kappaK.get(0));
            omega = List.of(omega.get(0), omega.get(0));
            ss = List.of(ss.get(0), ss.get(0));
            tt = List.of(tt.get(0), tt.get(0));
            aa = List.of(aa.get(0), aa.get(0));
            spendValue = 2;
            proof = new SpendProof(proof.challenge(), proof.responseR(), proof.responseRE(), proof.responsesRK(), twice.apply(proof.responsesL()),
                    twice.apply(proof.responsesOA()), proof.responseOC(), twice.apply(proof.responsesMu()), twice.apply(proof.responsesOMu()),
                    proof.responsesAttributes());
        }

        Payment build() {
            return new Payment(kappa, kappaE, sig, sigExp, kappaK, omega, ss, tt, aa, spendValue, cc, tType, proof);
        }
    }
}
