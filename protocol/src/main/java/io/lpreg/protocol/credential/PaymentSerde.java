package io.lpreg.protocol.credential;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.util.ArrayList;
import java.util.List;

/**
 * The serde tree of Nym's {@code Payment} and {@code SpendProof} (derived {@code Serialize}, fields in
 * declaration order; points and scalars are serde byte strings via {@code serdect}), independent of
 * the integer encoding underneath.
 */
final class PaymentSerde {
    private PaymentSerde() {
    }

    @FunctionalInterface
    private interface Element<T> {
        T read(SerdeReader in, String what) throws LpProtocolException;
    }

    static Payment read(SerdeReader in) throws LpProtocolException {
        G2Point kappa = g2(in, "kappa");
        G2Point kappaE = g2(in, "kappa_e");
        Signature sig = signature(in, "sig");
        Signature sigExp = signature(in, "sig_exp");
        List<G2Point> kappaK = vector(in, "kappa_k", G2Point.SIZE, PaymentSerde::g2);
        List<Signature> omega = vector(in, "omega", 2 * G1Point.SIZE, PaymentSerde::signature);
        List<G1Point> ss = vector(in, "ss", G1Point.SIZE, PaymentSerde::g1);
        List<G1Point> tt = vector(in, "tt", G1Point.SIZE, PaymentSerde::g1);
        List<G1Point> aa = vector(in, "aa", G1Point.SIZE, PaymentSerde::g1);
        long spendValue = in.u64("spend_value");
        G1Point cc = g1(in, "cc");
        int tType = in.u8("t_type");
        SpendProof zkProof = new SpendProof(
                scalar(in, "challenge"),
                scalar(in, "response_r"),
                scalar(in, "response_r_e"),
                vector(in, "responses_r_k", Scalar.SIZE, PaymentSerde::scalar),
                vector(in, "responses_l", Scalar.SIZE, PaymentSerde::scalar),
                vector(in, "responses_o_a", Scalar.SIZE, PaymentSerde::scalar),
                scalar(in, "response_o_c"),
                vector(in, "responses_mu", Scalar.SIZE, PaymentSerde::scalar),
                vector(in, "responses_o_mu", Scalar.SIZE, PaymentSerde::scalar),
                vector(in, "responses_attributes", Scalar.SIZE, PaymentSerde::scalar));
        return new Payment(kappa, kappaE, sig, sigExp, kappaK, omega, ss, tt, aa, spendValue, cc, tType, zkProof);
    }

    static void write(Payment payment, SerdeWriter out) {
        out.byteString(payment.kappa().compressed());
        out.byteString(payment.kappaE().compressed());
        signature(payment.sig(), out);
        signature(payment.sigExp(), out);
        out.length(payment.kappaK().size());
        payment.kappaK().forEach(point -> out.byteString(point.compressed()));
        out.length(payment.omega().size());
        payment.omega().forEach(signature -> signature(signature, out));
        g1s(payment.ss(), out);
        g1s(payment.tt(), out);
        g1s(payment.aa(), out);
        out.u64(payment.spendValue());
        out.byteString(payment.cc().compressed());
        out.u8(payment.tType());
        SpendProof proof = payment.zkProof();
        out.byteString(proof.challenge().littleEndian());
        out.byteString(proof.responseR().littleEndian());
        out.byteString(proof.responseRE().littleEndian());
        scalars(proof.responsesRK(), out);
        scalars(proof.responsesL(), out);
        scalars(proof.responsesOA(), out);
        out.byteString(proof.responseOC().littleEndian());
        scalars(proof.responsesMu(), out);
        scalars(proof.responsesOMu(), out);
        scalars(proof.responsesAttributes(), out);
    }

    /**
     * A {@code Vec<T>}: the count is capped before anything is allocated, both absolutely and by the
     * bytes that remain ({@code minElementBytes} is a lower bound on one encoded element).
     */
    private static <T> List<T> vector(SerdeReader in, String what, int minElementBytes, Element<T> element)
            throws LpProtocolException {
        int count = in.length(what, CredentialCodec.MAX_VECTOR_LENGTH);
        if ((long) count * minElementBytes > in.remaining()) {
            throw new LpProtocolException(LpError.MALFORMED,
                    what + " claims " + count + " elements but only " + in.remaining() + " bytes remain");
        }
        List<T> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(element.read(in, what + "[" + i + "]"));
        }
        return elements;
    }

    private static G1Point g1(SerdeReader in, String what) throws LpProtocolException {
        byte[] bytes = in.byteString(what, G1Point.SIZE);
        checkPoint(bytes, what);
        return new G1Point(bytes);
    }

    private static G2Point g2(SerdeReader in, String what) throws LpProtocolException {
        byte[] bytes = in.byteString(what, G2Point.SIZE);
        checkPoint(bytes, what);
        return new G2Point(bytes);
    }

    private static void checkPoint(byte[] compressed, String what) throws LpProtocolException {
        String problem = Encodings.pointProblem(compressed);
        if (problem != null) {
            throw new LpProtocolException(LpError.MALFORMED, what + ": " + problem);
        }
    }

    private static Scalar scalar(SerdeReader in, String what) throws LpProtocolException {
        byte[] bytes = in.byteString(what, Scalar.SIZE);
        String problem = Encodings.scalarProblem(bytes);
        if (problem != null) {
            throw new LpProtocolException(LpError.MALFORMED, what + ": " + problem);
        }
        return new Scalar(bytes);
    }

    private static Signature signature(SerdeReader in, String what) throws LpProtocolException {
        return new Signature(g1(in, what + ".h"), g1(in, what + ".s"));
    }

    private static void signature(Signature signature, SerdeWriter out) {
        out.byteString(signature.h().compressed());
        out.byteString(signature.s().compressed());
    }

    private static void g1s(List<G1Point> points, SerdeWriter out) {
        out.length(points.size());
        points.forEach(point -> out.byteString(point.compressed()));
    }

    private static void scalars(List<Scalar> scalars, SerdeWriter out) {
        out.length(scalars.size());
        scalars.forEach(scalar -> out.byteString(scalar.littleEndian()));
    }
}
