package io.lpreg.zknym;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import supranational.blst.P2;
import supranational.blst.P2_Affine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Nym's {@code VerificationKeyAuth} (docs/zknym.md §2.4): alpha in G2 and n ≥ 4 betas in G1 and G2. Mainnet keys
 * have 4 betas, Nym's {@code ttp_keygen} makes 5; the scheme works for any n ≥ 4 because the transcript and
 * the coin-index hash cover the whole {@link #toBytes()}.
 */
public final class VerificationKey {
    public static final int MIN_BETAS = 4;
    public static final int MAX_BETAS = Bincode.MAX_VECTOR;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final G2Element alpha;
    private final List<G1Element> betaG1;
    private final List<G2Element> betaG2;
    private final byte[] encoded;
    /** β2·TYPE_EXP and (β1+β2)·TYPE_IDX: fixed per key, so a verifier computes them once. */
    private final P2_Affine expirationTypeTerm;
    private final P2_Affine coinIndexTypeTerm;

    public VerificationKey(G2Element alpha, List<G1Element> betaG1, List<G2Element> betaG2) {
        this.alpha = requireNonNull(alpha, "alpha is null");
        this.betaG1 = List.copyOf(betaG1);
        this.betaG2 = List.copyOf(betaG2);
        if (this.betaG1.size() != this.betaG2.size()) {
            throw new IllegalArgumentException("beta_g1 and beta_g2 differ in length");
        }
        if (this.betaG2.size() < MIN_BETAS || this.betaG2.size() > MAX_BETAS) {
            throw new IllegalArgumentException("a verification key has 4 to 64 betas, not " + this.betaG2.size());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + 8 + 144 * this.betaG2.size());
        alpha.writeTo(out);
        long n = this.betaG2.size();
        for (int i = 0; i < 8; i++) {
            out.write((int) (n >>> (8 * i)));
        }
        this.betaG1.forEach(b -> b.writeTo(out));
        this.betaG2.forEach(b -> b.writeTo(out));
        this.encoded = out.toByteArray();
        this.expirationTypeTerm = Bls.mul(beta(2), EcashParameters.TYPE_EXP).to_affine();
        this.coinIndexTypeTerm = Bls.mul(Bls.add(beta(1), beta(2)), EcashParameters.TYPE_IDX).to_affine();
    }

    /** {@code alpha ‖ u64_le(n) ‖ beta_g1[n] ‖ beta_g2[n]}, every point decoded and subgroup-checked. */
    public static VerificationKey fromBytes(byte[] bytes) throws MalformedZkNymException {
        requireNonNull(bytes, "bytes is null");
        int header = Bls.G2_SIZE + 8;
        int per = Bls.G1_SIZE + Bls.G2_SIZE;
        if (bytes.length < header || (bytes.length - header) % per != 0) {
            throw new MalformedZkNymException("verification key: " + bytes.length + " bytes is not 104 + n·144");
        }
        long declared = 0;
        for (int i = 0; i < 8; i++) {
            declared |= (bytes[Bls.G2_SIZE + i] & 0xffL) << (8 * i);
        }
        long n = (bytes.length - header) / per;
        if (declared != n) {
            throw new MalformedZkNymException("verification key: declares " + Long.toUnsignedString(declared) + " betas but holds " + n);
        }
        if (n < MIN_BETAS || n > MAX_BETAS) {
            throw new MalformedZkNymException("verification key: " + n + " betas, expected 4 to " + MAX_BETAS);
        }
        G2Element alpha = G2Element.decode(java.util.Arrays.copyOfRange(bytes, 0, Bls.G2_SIZE), "verification key alpha");
        List<G1Element> g1 = new ArrayList<>();
        List<G2Element> g2 = new ArrayList<>();
        int offset = header;
        for (int i = 0; i < n; i++, offset += Bls.G1_SIZE) {
            g1.add(G1Element.decode(java.util.Arrays.copyOfRange(bytes, offset, offset + Bls.G1_SIZE), "verification key beta_g1[" + i + "]"));
        }
        for (int i = 0; i < n; i++, offset += Bls.G2_SIZE) {
            g2.add(G2Element.decode(java.util.Arrays.copyOfRange(bytes, offset, offset + Bls.G2_SIZE), "verification key beta_g2[" + i + "]"));
        }
        return new VerificationKey(alpha, g1, g2);
    }

    public byte[] toBytes() {
        return encoded.clone();
    }

    byte[] encodedView() {
        return encoded;
    }

    public G2Element alpha() {
        return alpha;
    }

    public List<G1Element> betaG1() {
        return betaG1;
    }

    public List<G2Element> betaG2() {
        return betaG2;
    }

    public int betas() {
        return betaG2.size();
    }

    P2 beta(int i) {
        return betaG2.get(i).point();
    }

    P2_Affine expirationTypeTerm() {
        return expirationTypeTerm;
    }

    P2_Affine coinIndexTypeTerm() {
        return coinIndexTypeTerm;
    }

    /** nym-api's JSON: {@code {"alpha":hex,"beta_g1":[hex…],"beta_g2":[hex…]}}, lowercase hex of compressed points. */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("alpha", alpha.hex());
        ArrayNode g1 = node.putArray("beta_g1");
        betaG1.forEach(b -> g1.add(b.hex()));
        ArrayNode g2 = node.putArray("beta_g2");
        betaG2.forEach(b -> g2.add(b.hex()));
        return node;
    }

    /** The key of nym-api's {@code GET /v1/ecash/master-verification-key}: {@code {"key":{…}}}. */
    public ObjectNode toMasterVerificationKeyJson() {
        ObjectNode node = JSON.createObjectNode();
        node.set("key", toJson());
        return node;
    }

    public static VerificationKey fromJson(JsonNode node) throws MalformedZkNymException {
        if (node == null || !node.isObject()) {
            throw new MalformedZkNymException("verification key JSON: not an object");
        }
        G2Element alpha = G2Element.decode(Json.hex(node, "alpha", Bls.G2_SIZE), "verification key alpha");
        JsonNode g1 = Json.array(node, "beta_g1", MAX_BETAS);
        JsonNode g2 = Json.array(node, "beta_g2", MAX_BETAS);
        if (g1.size() != g2.size() || g2.size() < MIN_BETAS) {
            throw new MalformedZkNymException("verification key JSON: beta_g1 and beta_g2 must hold the same number (≥ 4) of points");
        }
        List<G1Element> betaG1 = new ArrayList<>();
        List<G2Element> betaG2 = new ArrayList<>();
        for (int i = 0; i < g1.size(); i++) {
            betaG1.add(G1Element.decode(Json.hexValue(g1.get(i), "beta_g1[" + i + "]", Bls.G1_SIZE), "verification key beta_g1[" + i + "]"));
            betaG2.add(G2Element.decode(Json.hexValue(g2.get(i), "beta_g2[" + i + "]", Bls.G2_SIZE), "verification key beta_g2[" + i + "]"));
        }
        return new VerificationKey(alpha, betaG1, betaG2);
    }

    public static VerificationKey fromJson(String json) throws MalformedZkNymException {
        return fromJson(Json.parse(json));
    }

    /** Reads nym-api's master-verification-key response {@code {"key":{…}}}. */
    public static VerificationKey fromMasterVerificationKeyJson(String json) throws MalformedZkNymException {
        JsonNode root = Json.parse(json);
        if (!root.isObject() || !root.has("key")) {
            throw new MalformedZkNymException("master verification key JSON: no \"key\"");
        }
        return fromJson(root.get("key"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VerificationKey that && java.util.Arrays.equals(encoded, that.encoded);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(encoded);
    }

    @Override
    public String toString() {
        return "VerificationKey(" + betas() + " betas, alpha " + alpha.hex().substring(0, 16) + "…)";
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
