package io.lpreg.plugin.ecash.bls;

import io.lpreg.ecash.issuer.DeterministicRandom;
import io.lpreg.ecash.issuer.MalformedPoints;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.ecash.issuer.EpochShare;
import io.lpreg.ecash.issuer.EpochWindow;
import io.lpreg.ecash.issuer.IssuerKeys;
import io.lpreg.ecash.issuer.Signer;
import io.lpreg.ecash.issuer.SignerShare;
import io.lpreg.ecash.issuer.TicketCurve;
import io.lpreg.ecash.issuer.TicketRequest;
import io.lpreg.ecash.issuer.TypeKeys;
import io.lpreg.protocol.keys.LpKeys;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.PayInfo;
import io.lpreg.tickets.SpendData;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketMessages;
import io.lpreg.tickets.TicketSpend;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the published vectors of {@code src/test/resources/vectors/bls-ticket-v1.json} from fixed inputs:
 * a 2-of-3 issuer set, one ticket per vector issued blindly by signers 1 and 3, and its spend. Every value is
 * a pure function of the labels below, so the file can be regenerated and compared byte for byte.
 */
final class BlsTicketVectors {
    static final HexFormat HEX = HexFormat.of();
    static final int SIGNERS = 3;
    static final int THRESHOLD = 2;
    static final EpochWindow WINDOW = new EpochWindow(2025_22, Instant.parse("2025-05-26T00:00:00Z"),
            Instant.parse("2025-06-02T00:00:00Z"));
    static final Instant SPEND_TIME = Instant.parse("2025-06-01T12:00:00Z");
    static final byte[] GATEWAY_SEED = fill(32, 0x47);
    static final byte[] HANDSHAKE_HASH = fill(32, 0x48);
    static final byte[] NONCE = fill(16, 0x4e);
    static final List<Integer> QUORUM = List.of(1, 3);

    private BlsTicketVectors() {
    }

    static ObjectNode generate() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        IssuerKeys keys = IssuerKeys.generate(SIGNERS, THRESHOLD, WINDOW,
                EnumSet.of(TicketType.MIXNET_EXIT, TicketType.WIREGUARD_ENTRY), new DeterministicRandom("lpreg bls-ticket-v1 vectors: keys"));
        byte[] gateway = LpKeys.ed25519PublicFromSeed(GATEWAY_SEED);
        ObjectNode root = json.createObjectNode()
                .put("description", "bls-ticket-v1 (docs/bls-ticket-v1.md): a 2-of-3 issuer set, tickets issued blindly by "
                        + "signers 1 and 3, spent at a gateway; every byte string is hex")
                .put("scheme", TicketSpend.SCHEME)
                .put("hash_to_g1_dst", TicketMessages.HASH_TO_G1_DST)
                .put("signers", SIGNERS)
                .put("threshold", THRESHOLD)
                .put("epoch", WINDOW.epoch())
                .put("valid_from", WINDOW.validFrom().toString())
                .put("valid_until", WINDOW.validUntil().toString())
                .put("gateway_identity", HEX.formatHex(gateway))
                .put("handshake_hash", HEX.formatHex(HANDSHAKE_HASH))
                .put("spend_time", SPEND_TIME.toString());
        ArrayNode vectors = root.putArray("vectors");
        int n = 0;
        for (TicketType type : List.of(TicketType.WIREGUARD_ENTRY, TicketType.MIXNET_EXIT)) {
            n++;
            TypeKeys typeKeys = keys.keys().keys(type).orElseThrow();
            DeterministicRandom random = new DeterministicRandom("lpreg bls-ticket-v1 vectors: ticket " + n);
            byte[] seed = new byte[32];
            random.nextBytes(seed);
            BigInteger blindingFactor = TicketCurve.randomScalar(random);
            TicketRequest request = TicketRequest.withSecrets(type, WINDOW, seed, blindingFactor);
            ObjectNode vector = vectors.addObject().put("ticket_type", type.label()).put("ticket_type_index", type.index());
            ArrayNode secretShares = vector.putArray("signer_secret_shares");
            ArrayNode signerKeys = vector.putArray("signer_keys");
            for (int i = 1; i <= SIGNERS; i++) {
                secretShares.add(HEX.formatHex(TicketCurve.scalarBytes(keys.shares().get(i - 1).secret(type).orElseThrow())));
                signerKeys.add(HEX.formatHex(typeKeys.signerKey(i)));
            }
            vector.put("verification_key", HEX.formatHex(typeKeys.verificationKey()))
                    .put("serial_seed", HEX.formatHex(seed))
                    .put("serial", HEX.formatHex(request.serial()))
                    .put("ticket_message", HEX.formatHex(TicketMessages.ticketMessage(type, WINDOW.epoch(), request.serial())))
                    .put("hash_to_g1", HEX.formatHex(TicketCurve.ticketPoint(type, WINDOW.epoch(), request.serial()).compress()))
                    .put("blinding_factor", HEX.formatHex(TicketCurve.scalarBytes(blindingFactor)))
                    .put("blinded", HEX.formatHex(request.blinded()));
            Map<Integer, byte[]> shares = new LinkedHashMap<>();
            ObjectNode shareNode = vector.putObject("signature_shares");
            for (int index : QUORUM) {
                EpochShare share = keys.shares().get(index - 1);
                byte[] signed = new Signer(new SignerShare(index, SIGNERS, THRESHOLD, List.of(share)))
                        .signBlinded(WINDOW.epoch(), type, request.blinded());
                shares.put(index, signed);
                shareNode.put(Integer.toString(index), HEX.formatHex(signed));
            }
            Ticket ticket = request.finish(shares, typeKeys);
            vector.put("signature", HEX.formatHex(ticket.signature()));
            PayInfo payInfo = new PayInfo(gateway, SPEND_TIME.getEpochSecond(), NONCE);
            byte[] spend = TicketSpend.spend(ticket, gateway, HANDSHAKE_HASH, SPEND_TIME, new FixedNonce(NONCE));
            vector.put("pay_info", HEX.formatHex(payInfo.encode()))
                    .put("spend_signature_message", HEX.formatHex(TicketMessages.spendSignatureMessage(payInfo, HANDSHAKE_HASH)))
                    .put("spend", HEX.formatHex(spend))
                    .put("bandwidth_bytes", type.bandwidthBytes());
            ArrayNode invalid = vector.putArray("invalid_spends");
            invalid(invalid, ticket, gateway, "sigma is the point at infinity", MalformedPoints.infinity(), "malformed");
            invalid(invalid, ticket, gateway, "sigma is not on the curve", MalformedPoints.notOnCurve(), "malformed");
            invalid(invalid, ticket, gateway, "sigma is not in the prime-order subgroup", MalformedPoints.notInSubgroup(), "malformed");
            byte[] other = TicketCurve.hashToG1(ticket.signature()).compress();
            invalid(invalid, ticket, gateway, "sigma is a valid G1 point but not the issuers' signature", other, "bad_signature");
        }
        return root;
    }

    private static void invalid(ArrayNode invalid, Ticket ticket, byte[] gateway, String what, byte[] sigma, String reason) {
        Ticket altered = new Ticket(ticket.ticketType(), ticket.epoch(), ticket.serialSeed(), sigma, ticket.validUntil(), false);
        invalid.addObject().put("description", what).put("sigma", HEX.formatHex(sigma)).put("reason", reason)
                .put("spend", HEX.formatHex(TicketSpend.spend(altered, gateway, HANDSHAKE_HASH, SPEND_TIME, new FixedNonce(NONCE))));
    }

    static SpendData decode(String hex) throws Exception {
        return TicketSpend.decode(HEX.parseHex(hex));
    }

    private static byte[] fill(int size, int value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Hands out the one nonce of the vectors. */
    private static final class FixedNonce extends java.security.SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] nonce;

        FixedNonce(byte[] nonce) {
            this.nonce = nonce.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(nonce, 0, bytes, 0, bytes.length);
        }
    }
}
