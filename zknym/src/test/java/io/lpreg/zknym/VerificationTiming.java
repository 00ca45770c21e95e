package io.lpreg.zknym;

import io.lpreg.spi.TicketType;
import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.PT;

import java.security.SecureRandom;
import java.time.LocalDate;
import java.util.List;

/** A rough timing loop (not a test): one verification against 6 Miller loops + 3 final exponentiations. */
final class VerificationTiming {
    public static void main(String[] args) throws Exception {
        SecureRandom random = new SecureRandom();
        IssuerKeys keys = ZkNymIssuer.keygen(1, 2, 3, random);
        Ticketbook book = ZkNymIssuer.issue(List.of(keys.signer(1), keys.signer(2)), keys.verificationKey(), 1, TicketType.MIXNET_ENTRY, LocalDate.of(2026, 1, 7), random);
        byte[] bytes = book.spend(OwnIssuerSpendTest.payInfo(), LocalDate.of(2026, 1, 5), 0, random).toBytes();
        SpendVerifier verifier = new SpendVerifier();
        var p1 = Bls.mul(Bls.g1(), Bls.randomScalar(random)).to_affine();
        var p2 = Bls.mul(Bls.g2(), Bls.randomScalar(random)).to_affine();
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (verifier.verify(keys.verificationKey(), ZkNymSpend.fromBytes(bytes)) != Verdict.OK) {
                    throw new AssertionError();
                }
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    new PT(p1, p2).mul(new PT(p1, p2)).final_exp().is_one();
                }
            }
            long t2 = System.nanoTime();
            long t3 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                ZkNymSpend.fromBytes(bytes);
            }
            long t4 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Bls.mul(new P2().add(Bls.g2()), Bls.randomScalar(random));
            }
            long t5 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                Bls.mul(new P1().add(Bls.g1()), Bls.randomScalar(random));
            }
            long t6 = System.nanoTime();
            System.out.printf("verify(decode incl.) %.3f ms, pairing bound %.3f ms (%.0f%%), decode %.3f ms, G2 mul %.3f ms, G1 mul %.3f ms%n",
                    (t1 - t0) / 1e6 / n, (t2 - t1) / 1e6 / n, 100.0 * (t2 - t1) / (t1 - t0), (t4 - t3) / 1e6 / n, (t5 - t4) / 1e6 / n, (t6 - t5) / 1e6 / n);
        }
    }
}
