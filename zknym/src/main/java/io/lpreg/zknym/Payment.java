package io.lpreg.zknym;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Nym's {@code Payment}: one or more tickets of a ticketbook, in its serde field order (docs/zknym.md §2.3).
 * {@link #toBytes()} is its bincode (1157 bytes for one ticket), {@link #fromBytes} reads exactly that.
 */
public record Payment(
        G2Element kappa,
        G2Element kappaE,
        Signature sig,
        Signature sigExp,
        List<G2Element> kappaK,
        List<Signature> omega,
        List<G1Element> ss,
        List<G1Element> tt,
        List<G1Element> aa,
        long spendValue,
        G1Element cc,
        int tType,
        SpendProof zkProof) {
    public Payment {
        requireNonNull(kappa, "kappa is null");
        requireNonNull(kappaE, "kappaE is null");
        requireNonNull(sig, "sig is null");
        requireNonNull(sigExp, "sigExp is null");
        kappaK = List.copyOf(kappaK);
        omega = List.copyOf(omega);
        ss = List.copyOf(ss);
        tt = List.copyOf(tt);
        aa = List.copyOf(aa);
        requireNonNull(cc, "cc is null");
        if (tType < 0 || tType > 255) {
            throw new IllegalArgumentException("t_type is a u8");
        }
        requireNonNull(zkProof, "zkProof is null");
    }

    public static Payment fromBytes(byte[] bytes) throws MalformedZkNymException {
        requireNonNull(bytes, "bytes is null");
        Bincode.Reader in = new Bincode.Reader(bytes, 0, bytes.length);
        Payment payment = read(in);
        in.expectEnd("payment");
        return payment;
    }

    static Payment read(Bincode.Reader in) throws MalformedZkNymException {
        return new Payment(
                in.g2("payment.kappa"),
                in.g2("payment.kappa_e"),
                in.signature("payment.sig"),
                in.signature("payment.sig_exp"),
                in.g2s("payment.kappa_k"),
                in.signatures("payment.omega"),
                in.g1s("payment.ss"),
                in.g1s("payment.tt"),
                in.g1s("payment.aa"),
                in.varint("payment.spend_value"),
                in.g1("payment.cc"),
                in.u8("payment.t_type"),
                SpendProof.read(in));
    }

    public byte[] toBytes() {
        Bincode.Writer out = new Bincode.Writer();
        write(out);
        return out.toByteArray();
    }

    void write(Bincode.Writer out) {
        out.g2(kappa).g2(kappaE).signature(sig).signature(sigExp).g2s(kappaK).signatures(omega)
                .g1s(ss).g1s(tt).g1s(aa).varint(spendValue).g1(cc).u8(tType);
        zkProof.write(out);
    }

    /** bincode(SpendInstance): {@code kappa, cc, aa, ss, tt, kappa_k, kappa_e}, hashed into the transcript. */
    byte[] spendInstanceBytes() {
        return spendInstanceBytes(kappa, cc, aa, ss, tt, kappaK, kappaE);
    }

    static byte[] spendInstanceBytes(G2Element kappa, G1Element cc, List<G1Element> aa, List<G1Element> ss,
                                     List<G1Element> tt, List<G2Element> kappaK, G2Element kappaE) {
        return new Bincode.Writer().g2(kappa).g1(cc).g1s(aa).g1s(ss).g1s(tt).g2s(kappaK).g2(kappaE).toByteArray();
    }

    /** The serial number: the concatenated compressed {@code ss} points (48 bytes for one ticket). */
    public byte[] encodedSerialNumber() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ss.size() * Bls.G1_SIZE);
        ss.forEach(s -> s.writeTo(out));
        return out.toByteArray();
    }
}
