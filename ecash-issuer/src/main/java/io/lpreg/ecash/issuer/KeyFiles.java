package io.lpreg.ecash.issuer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.FileReplacement;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON files of an issuer set (docs/bls-ticket-v1.md, "Key files"): {@code verification-keys.json}
 * (public) and {@code signer-<i>.json} (one signer's secret shares, mode 0600). Reading is strict: unknown
 * formats, missing fields, wrong sizes and points outside G2 are refused with the file and field named.
 */
public final class KeyFiles {
    public static final String VERIFICATION_KEYS_FORMAT = "lpreg-bls-ticket-v1-verification-keys";
    public static final String SIGNER_SHARE_FORMAT = "lpreg-bls-ticket-v1-signer-share";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final HexFormat HEX = HexFormat.of();

    private KeyFiles() {
    }

    public static VerificationKeys readVerificationKeys(Path file) throws IOException {
        JsonNode root = readTree(file, VERIFICATION_KEYS_FORMAT);
        try {
            int signers = integer(root, "signers");
            int threshold = integer(root, "threshold");
            List<EpochKeys> epochs = new ArrayList<>();
            for (JsonNode epoch : array(root, "epochs")) {
                Map<TicketType, TypeKeys> keys = new EnumMap<>(TicketType.class);
                for (Map.Entry<String, JsonNode> entry : entries(object(epoch, "ticket_types"))) {
                    TicketType type = TicketType.fromLabel(entry.getKey());
                    byte[] verificationKey = g2(entry.getValue(), "verification_key");
                    List<byte[]> signerKeys = new ArrayList<>();
                    for (JsonNode key : array(entry.getValue(), "signer_keys")) {
                        signerKeys.add(checkedG2(hex(key, "signer_keys"), "signer_keys"));
                    }
                    keys.put(type, new TypeKeys(verificationKey, signerKeys));
                }
                epochs.add(new EpochKeys(window(epoch), keys));
            }
            return new VerificationKeys(signers, threshold, epochs);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static void writeVerificationKeys(Path file, VerificationKeys keys) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("format", VERIFICATION_KEYS_FORMAT)
                .put("signers", keys.signers()).put("threshold", keys.threshold());
        ArrayNode epochs = root.putArray("epochs");
        for (EpochKeys epoch : keys.epochs()) {
            ObjectNode node = window(epochs.addObject(), epoch.window());
            ObjectNode types = node.putObject("ticket_types");
            for (TicketType type : TicketType.values()) {
                epoch.keys(type).ifPresent(typeKeys -> {
                    ObjectNode typeNode = types.putObject(type.label())
                            .put("verification_key", HEX.formatHex(typeKeys.verificationKey()));
                    ArrayNode signerKeys = typeNode.putArray("signer_keys");
                    typeKeys.signerKeys().forEach(key -> signerKeys.add(HEX.formatHex(key)));
                });
            }
        }
        write(file, root, false);
    }

    public static SignerShare readSignerShare(Path file) throws IOException {
        JsonNode root = readTree(file, SIGNER_SHARE_FORMAT);
        try {
            List<EpochShare> epochs = new ArrayList<>();
            for (JsonNode epoch : array(root, "epochs")) {
                Map<TicketType, BigInteger> secrets = new EnumMap<>(TicketType.class);
                for (Map.Entry<String, JsonNode> entry : entries(object(epoch, "ticket_types"))) {
                    secrets.put(TicketType.fromLabel(entry.getKey()),
                            TicketCurve.scalar(hex(entry.getValue(), entry.getKey())));
                }
                epochs.add(new EpochShare(window(epoch), secrets));
            }
            return new SignerShare(integer(root, "signer"), integer(root, "signers"), integer(root, "threshold"), epochs);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    public static void writeSignerShare(Path file, SignerShare share) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("format", SIGNER_SHARE_FORMAT).put("signer", share.index())
                .put("signers", share.signers()).put("threshold", share.threshold());
        ArrayNode epochs = root.putArray("epochs");
        for (EpochShare epoch : share.epochs()) {
            ObjectNode types = window(epochs.addObject(), epoch.window()).putObject("ticket_types");
            for (TicketType type : TicketType.values()) {
                epoch.secret(type).ifPresent(secret -> types.put(type.label(), HEX.formatHex(TicketCurve.scalarBytes(secret))));
            }
        }
        write(file, root, true);
    }

    private static ObjectNode window(ObjectNode node, EpochWindow window) {
        return node.put("epoch", window.epoch()).put("valid_from", window.validFrom().toString())
                .put("valid_until", window.validUntil().toString());
    }

    private static EpochWindow window(JsonNode epoch) {
        JsonNode number = field(epoch, "epoch");
        if (!number.canConvertToLong() || !number.isIntegralNumber()) {
            throw new IllegalArgumentException("epoch must be an integer");
        }
        return new EpochWindow(number.asLong(), Instant.parse(text(epoch, "valid_from")),
                Instant.parse(text(epoch, "valid_until")));
    }

    private static byte[] g2(JsonNode node, String name) {
        return checkedG2(hex(field(node, name), name), name);
    }

    private static byte[] checkedG2(byte[] key, String name) {
        try {
            TicketCurve.g2(key, name);
        } catch (InvalidPointException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return key;
    }

    private static JsonNode readTree(Path file, String format) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject() || !format.equals(root.path("format").asText())) {
            throw new IOException(file + " is not a " + format + " file");
        }
        return root;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return value;
    }

    private static int integer(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isInt()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        return value.intValue();
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return value.textValue();
    }

    private static byte[] hex(JsonNode value, String name) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException(name + " must be a hex string");
        }
        return HEX.parseHex(value.textValue());
    }

    private static JsonNode array(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isArray()) {
            throw new IllegalArgumentException(name + " must be an array");
        }
        return value;
    }

    private static JsonNode object(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isObject()) {
            throw new IllegalArgumentException(name + " must be an object");
        }
        return value;
    }

    private static Iterable<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        return () -> {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            return fields;
        };
    }

    private static void write(Path file, JsonNode root, boolean secret) throws IOException {
        FileReplacement.replace(file, JSON.writeValueAsString(root) + "\n",
                secret ? FileReplacement.PRIVATE : FileReplacement.PUBLIC);
    }
}
