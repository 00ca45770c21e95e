package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.v3.LpPeerConfig;
import io.lpreg.protocol.v3.Randomness;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.crypto.X25519;

import java.security.MessageDigest;
import java.util.Arrays;

import static java.util.Objects.requireNonNull;

/**
 * The client's side of one-way KKT: a request encrypted to the gateway's static X25519 key, carrying the
 * client's {@link LpPeerConfig}; then the gateway's KEM encapsulation key, accepted only if its digest is
 * the one the directory published. The directory digest is what authenticates the key: KKT carries no
 * signature.
 */
public final class KktInitiator {
    /** {@code eph_I(32) ‖ masked version(16) ‖ sealed(context 7 ‖ peer config 20)}. */
    public static final int REQUEST_LENGTH = 32 + MaskedVersion.LENGTH + KktContext.LENGTH + LpPeerConfig.LENGTH + 16;

    private final KktContext context;
    private final KktCarrier carrier;
    private final byte[] expectedDigest;
    private final byte[] request;
    private boolean answered;

    private KktInitiator(KktContext context, KktCarrier carrier, byte[] expectedDigest, byte[] request) {
        this.context = context;
        this.carrier = carrier;
        this.expectedDigest = expectedDigest;
        this.request = request;
    }

    /** The size of the gateway's answer for {@code ciphersuite}: 1 207 bytes for ML-KEM-768. */
    public static int responseLength(KktCiphersuite ciphersuite) {
        return KktContext.LENGTH + ciphersuite.kemKeyLength() + 16;
    }

    /** Draws the KKT ephemeral key (32 bytes) and seals the request. */
    public static KktInitiator oneWay(byte[] gatewayStaticKey, byte[] expectedKemDigest, KktCiphersuite ciphersuite,
                                      int outerVersion, LpPeerConfig peerConfig, Randomness randomness)
            throws LpProtocolException {
        requireNonNull(gatewayStaticKey, "gatewayStaticKey is null");
        requireNonNull(expectedKemDigest, "expectedKemDigest is null");
        requireNonNull(peerConfig, "peerConfig is null");
        if (gatewayStaticKey.length != X25519.KEY_LENGTH) {
            throw new IllegalArgumentException("the gateway's LP key is 32 bytes");
        }
        if (ciphersuite.kem() != KktCiphersuite.KEM_ML_KEM_768) {
            throw new IllegalArgumentException("only ML-KEM-768 is spoken");
        }
        if (expectedKemDigest.length != ciphersuite.hashLength()) {
            throw new IllegalArgumentException("the directory digest must be " + ciphersuite.hashLength() + " bytes");
        }
        byte[] ephemeralPrivate = randomness.bytes(X25519.KEY_LENGTH);
        byte[] ephemeralPublic = X25519.publicKey(ephemeralPrivate);
        byte[] masked = MaskedVersion.mask(outerVersion, ephemeralPublic, gatewayStaticKey);
        byte[] shared = X25519.agree(ephemeralPrivate, gatewayStaticKey);
        Arrays.fill(ephemeralPrivate, (byte) 0);
        KktCarrier carrier = KktCarrier.forInitiator(shared, KktCarrier.context(masked, ephemeralPublic, gatewayStaticKey));
        KktContext context = KktContext.oneWayRequest(ciphersuite);
        byte[] frame = concat(context.encode(), peerConfig.encode());
        byte[] request = concat(ephemeralPublic, masked, carrier.seal(frame));
        return new KktInitiator(context, carrier, expectedKemDigest.clone(), request);
    }

    public byte[] request() {
        return request.clone();
    }

    /**
     * Opens the gateway's answer and returns its KEM encapsulation key. Refused: a different size, a failed
     * AEAD, a context that is not this request's answer, a status other than Ok or UnverifiedKEMKey, and a
     * key whose digest is not the directory's ({@link LpError#INVALID_KEY}).
     */
    public byte[] acceptResponse(byte[] response) throws LpProtocolException {
        if (answered) {
            throw new LpProtocolException(LpError.INVALID_STATE, "the KKT response was already accepted");
        }
        int expected = responseLength(context.ciphersuite());
        if (response.length != expected) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "KKT response must be " + expected + " bytes, got " + response.length);
        }
        byte[] frame = carrier.open(response);
        KktContext remote = KktContext.decode(frame, 0);
        if (remote.status() != KktContext.Status.OK && remote.status() != KktContext.Status.UNVERIFIED_KEM_KEY) {
            throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "the gateway flagged KKT status " + remote.status());
        }
        if (remote.role() != KktContext.Role.RESPONDER || remote.mode() != context.mode()
                || !remote.ciphersuite().equals(context.ciphersuite())) {
            throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "the KKT response does not answer this request");
        }
        if (frame.length != KktContext.LENGTH + remote.bodyLength()) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "KKT response frame has the wrong length");
        }
        byte[] key = Arrays.copyOfRange(frame, KktContext.LENGTH, frame.length);
        byte[] digest = context.ciphersuite().hash().digest(key, context.ciphersuite().hashLength());
        if (!MessageDigest.isEqual(digest, expectedDigest)) {
            throw new LpProtocolException(LpError.INVALID_KEY, "the gateway's KEM key does not match the directory's digest");
        }
        MlKem768.checkEncapsulationKey(key);
        answered = true;
        return key;
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, offset, part.length);
            offset += part.length;
        }
        return out;
    }
}
