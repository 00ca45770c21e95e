package io.lpreg.zknym;

import java.math.BigInteger;
import java.util.List;

import static java.util.Objects.requireNonNull;

/** Nym's {@code SpendProof}, in its serde field order (docs/zknym.md §2.3); responses are {@code w̃ − c·witness}. */
public record SpendProof(
        BigInteger challenge,
        BigInteger responseR,
        BigInteger responseRE,
        List<BigInteger> responsesRK,
        List<BigInteger> responsesL,
        List<BigInteger> responsesOA,
        BigInteger responseOC,
        List<BigInteger> responsesMu,
        List<BigInteger> responsesOMu,
        List<BigInteger> responsesAttributes) {
    public SpendProof {
        requireNonNull(challenge, "challenge is null");
        requireNonNull(responseR, "responseR is null");
        requireNonNull(responseRE, "responseRE is null");
        requireNonNull(responseOC, "responseOC is null");
        responsesRK = List.copyOf(responsesRK);
        responsesL = List.copyOf(responsesL);
        responsesOA = List.copyOf(responsesOA);
        responsesMu = List.copyOf(responsesMu);
        responsesOMu = List.copyOf(responsesOMu);
        responsesAttributes = List.copyOf(responsesAttributes);
    }

    static SpendProof read(Bincode.Reader in) throws MalformedZkNymException {
        return new SpendProof(
                in.scalar("zk_proof.challenge"),
                in.scalar("zk_proof.response_r"),
                in.scalar("zk_proof.response_r_e"),
                in.scalars("zk_proof.responses_r_k"),
                in.scalars("zk_proof.responses_l"),
                in.scalars("zk_proof.responses_o_a"),
                in.scalar("zk_proof.response_o_c"),
                in.scalars("zk_proof.responses_mu"),
                in.scalars("zk_proof.responses_o_mu"),
                in.scalars("zk_proof.responses_attributes"));
    }

    void write(Bincode.Writer out) {
        out.scalar(challenge).scalar(responseR).scalar(responseRE)
                .scalars(responsesRK).scalars(responsesL).scalars(responsesOA)
                .scalar(responseOC).scalars(responsesMu).scalars(responsesOMu).scalars(responsesAttributes);
    }
}
