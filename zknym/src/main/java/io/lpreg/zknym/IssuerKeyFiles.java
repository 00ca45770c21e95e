package io.lpreg.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.tickets.FileReplacement;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The issuer's files for a test network. {@code signer-<i>.json} ({@value #SIGNER_FORMAT}, mode 0600): one
 * signer's secret shares for one epoch with the aggregated key they belong to. {@code verification-key.json}
 * ({@value #VERIFICATION_KEY_FORMAT}, mode 0644): the epoch, the threshold and the aggregated key in nym-api's
 * master-verification-key shape ({@code "key"}). Reading is strict.
 */
public final class IssuerKeyFiles {
    public static final String SIGNER_FORMAT = "lpreg-zknym-signer-key";
    public static final String VERIFICATION_KEY_FORMAT = "lpreg-zknym-verification-key";
    public static final int VERSION = 1;

    private IssuerKeyFiles() {
    }

    /** One signer of a key set and the set's public part. */
    public record SignerFile(long epochId, int threshold, SignerKey signer, VerificationKey verificationKey) {
        public SignerFile {
            requireNonNull(signer, "signer is null");
            requireNonNull(verificationKey, "verificationKey is null");
        }
    }

    /** The public part: what a verifier needs. */
    public record VerificationKeyFile(long epochId, int threshold, VerificationKey verificationKey) {
        public VerificationKeyFile {
            requireNonNull(verificationKey, "verificationKey is null");
        }
    }

    /** Writes {@code verification-key.json} and one {@code signer-<i>.json} per signer into {@code directory}. */
    public static void writeAll(Path directory, IssuerKeys keys) throws IOException {
        writeVerificationKey(directory.resolve("verification-key.json"), new VerificationKeyFile(keys.epochId(), keys.threshold(), keys.verificationKey()));
        for (SignerKey signer : keys.signers()) {
            writeSigner(directory.resolve("signer-" + signer.index() + ".json"), new SignerFile(keys.epochId(), keys.threshold(), signer, keys.verificationKey()));
        }
    }

    public static void writeSigner(Path file, SignerFile signerFile) throws IOException {
        ObjectNode root = header(SIGNER_FORMAT, signerFile.epochId(), signerFile.threshold());
        root.put("index", signerFile.signer().index());
        root.put("x", ZkNymSpend.scalarHex(signerFile.signer().x()));
        ArrayNode ys = root.putArray("ys");
        signerFile.signer().ys().forEach(y -> ys.add(ZkNymSpend.scalarHex(y)));
        root.set("key", signerFile.verificationKey().toJson());
        FileReplacement.replace(file, ZkNymWallet.pretty(root), FileReplacement.PRIVATE);
    }

    public static SignerFile readSigner(Path file) throws IOException, MalformedZkNymException {
        JsonNode root = read(file, SIGNER_FORMAT);
        long index = Json.integer(root, "index");
        if (index < 1) {
            throw new MalformedZkNymException("signer index must be at least 1");
        }
        JsonNode ysNode = Json.array(root, "ys", VerificationKey.MAX_BETAS);
        List<BigInteger> ys = new ArrayList<>();
        for (int i = 0; i < ysNode.size(); i++) {
            ys.add(Bls.scalarFromLe(Json.hexValue(ysNode.get(i), "ys[" + i + "]", Bls.SCALAR_SIZE), "ys[" + i + "]"));
        }
        VerificationKey key = VerificationKey.fromJson(Json.field(root, "key"));
        if (ys.size() != key.betas()) {
            throw new MalformedZkNymException("signer has " + ys.size() + " ys but the key " + key.betas() + " betas");
        }
        SignerKey signer = new SignerKey(index, Bls.scalarFromLe(Json.hex(root, "x", Bls.SCALAR_SIZE), "x"), ys);
        return new SignerFile(Json.integer(root, "epoch_id"), threshold(root), signer, key);
    }

    public static void writeVerificationKey(Path file, VerificationKeyFile keyFile) throws IOException {
        ObjectNode root = header(VERIFICATION_KEY_FORMAT, keyFile.epochId(), keyFile.threshold());
        root.set("key", keyFile.verificationKey().toJson());
        FileReplacement.replace(file, ZkNymWallet.pretty(root), FileReplacement.PUBLIC);
    }

    public static VerificationKeyFile readVerificationKey(Path file) throws IOException, MalformedZkNymException {
        JsonNode root = read(file, VERIFICATION_KEY_FORMAT);
        return new VerificationKeyFile(Json.integer(root, "epoch_id"), threshold(root), VerificationKey.fromJson(Json.field(root, "key")));
    }

    private static ObjectNode header(String format, long epochId, int threshold) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", format);
        root.put("version", VERSION);
        root.put("epoch_id", epochId);
        root.put("threshold", threshold);
        return root;
    }

    private static int threshold(JsonNode root) throws MalformedZkNymException {
        long threshold = Json.integer(root, "threshold");
        if (threshold < 1 || threshold > 1000) {
            throw new MalformedZkNymException("threshold " + threshold + " out of range");
        }
        return (int) threshold;
    }

    private static JsonNode read(Path file, String format) throws IOException, MalformedZkNymException {
        JsonNode root = Json.parse(Files.readString(file));
        if (!format.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new MalformedZkNymException(file + " is not a " + format + " version " + VERSION + " file");
        }
        return root;
    }
}
