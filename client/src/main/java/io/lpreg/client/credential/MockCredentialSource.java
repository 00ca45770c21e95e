package io.lpreg.client.credential;

import io.lpreg.protocol.credential.CredentialSpendingData;
import io.lpreg.protocol.credential.G1Point;
import io.lpreg.protocol.credential.G2Point;
import io.lpreg.protocol.credential.Payment;
import io.lpreg.protocol.credential.Scalar;
import io.lpreg.protocol.credential.Signature;
import io.lpreg.protocol.credential.SpendDate;
import io.lpreg.protocol.credential.SpendProof;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;

import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/**
 * A structurally valid zk-nym for gateways running mock e-cash, shaped like the one Nym's probe sends
 * (one coin: one element per per-coin vector, no {@code responses_r_k}, three attribute responses). Every
 * group element is a valid compressed point — the BLS12-381 generators — because a real Nym gateway
 * decodes the points even in mock mode. The spend date is today (UTC); pay_info follows docs/ecash.md §6.1:
 * 32 random bytes ‖ i64 BE timestamp ‖ the gateway's identity (zeros when unknown).
 */
public final class MockCredentialSource implements CredentialSource {
    private static final HexFormat HEX = HexFormat.of();
    static final G1Point G1_GENERATOR = new G1Point(HEX.parseHex(
            "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"));
    static final G2Point G2_GENERATOR = new G2Point(HEX.parseHex(
            "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
                    + "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"));
    private static final long EPOCH = 1;

    @Override
    public RequestCredential credential(CredentialRequest request) {
        CredentialSpendingData credential = build(request);
        RequestCredential.ZkNym zkNym = new RequestCredential.ZkNym(credential);
        return request.wireVersion() == WireVersion.V1 ? zkNym
                : new RequestCredential.Envelope(RequestCredential.ZkNym.SCHEME, zkNym.data());
    }

    CredentialSpendingData build(CredentialRequest request) {
        Signature signature = new Signature(G1_GENERATOR, G1_GENERATOR);
        SpendProof proof = new SpendProof(scalar(), scalar(), scalar(), List.of(), List.of(scalar()), List.of(scalar()),
                scalar(), List.of(scalar()), List.of(scalar()), List.of(scalar(), scalar(), scalar()));
        Payment payment = new Payment(G2_GENERATOR, G2_GENERATOR, signature, signature, List.of(G2_GENERATOR),
                List.of(signature), List.of(G1_GENERATOR), List.of(G1_GENERATOR), List.of(G1_GENERATOR), 1,
                G1_GENERATOR, request.ticketType().index(), proof);
        ByteBuffer payInfo = ByteBuffer.allocate(CredentialSpendingData.PAY_INFO_SIZE);
        byte[] nonce = new byte[32];
        SecureRandoms.current().nextBytes(nonce);
        payInfo.put(nonce).putLong(request.now().getEpochSecond()).put(request.gatewayIdentity().orElse(new byte[32]));
        LocalDate today = LocalDate.ofInstant(request.now(), ZoneOffset.UTC);
        return new CredentialSpendingData(payment, payInfo.array(), SpendDate.of(today), EPOCH);
    }

    /** A random scalar below the group order: 31 random bytes, little endian, top byte zero. */
    private Scalar scalar() {
        byte[] value = new byte[32];
        SecureRandoms.current().nextBytes(value);
        value[31] = 0;
        return new Scalar(value);
    }
}
