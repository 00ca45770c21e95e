package io.lpreg.protocol.v3.kkt;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.LpPeerConfig;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.crypto.X25519;

import java.util.Arrays;
import java.util.OptionalInt;

import static java.util.Objects.requireNonNull;

/**
 * The gateway's side of one-way KKT. It finds the masked version by trial hashing before any X25519, so a
 * request that is not for this gateway costs a few BLAKE3 calls; then it opens the request and answers with
 * its ML-KEM-768 encapsulation key. Nym's gateway answers nothing when a request is refused; neither does
 * the caller of this class.
 *
 * <p>Beyond Nym: mutual (node-to-node) mode, Classic McEliece and a request whose status is not Ok are
 * refused. Nym's clients send none of them.
 */
public final class KktResponder {
    /** The LP protocol versions this gateway hides behind the masked byte; Nym's {@code version::CURRENT}. */
    public static final int[] SUPPORTED_OUTER_VERSIONS = {1};

    private final KeyPair staticKey;
    private final MlKem768.KeyPair kemKey;

    public KktResponder(KeyPair staticKey, MlKem768.KeyPair kemKey) {
        this.staticKey = requireNonNull(staticKey, "staticKey is null");
        this.kemKey = requireNonNull(kemKey, "kemKey is null");
    }

    /** What an accepted request gives the gateway: its answer, and what the client chose. */
    public record Answer(byte[] response, LpPeerConfig peerConfig, int outerVersion, KktCiphersuite ciphersuite) {
        public Answer {
            response = response.clone();
        }

        @Override
        public byte[] response() {
            return response.clone();
        }
    }

    public Answer answer(byte[] request) throws LpProtocolException {
        requireNonNull(request, "request is null");
        if (request.length != KktInitiator.REQUEST_LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "KKT request must be " + KktInitiator.REQUEST_LENGTH + " bytes, got " + request.length);
        }
        byte[] ephemeral = Arrays.copyOfRange(request, 0, 32);
        byte[] masked = Arrays.copyOfRange(request, 32, 32 + MaskedVersion.LENGTH);
        byte[] ownKey = staticKey.publicKey();
        OptionalInt version = MaskedVersion.unmask(masked, ephemeral, ownKey, SUPPORTED_OUTER_VERSIONS);
        if (version.isEmpty()) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "no supported LP version behind the masked byte");
        }
        byte[] shared = X25519.agree(staticKey.privateKey(), ephemeral);
        KktCarrier carrier = KktCarrier.forResponder(shared, KktCarrier.context(masked, ephemeral, ownKey));
        byte[] frame = carrier.open(Arrays.copyOfRange(request, 32 + MaskedVersion.LENGTH, request.length));
        KktContext remote = KktContext.decode(frame, 0);
        if (remote.role() != KktContext.Role.INITIATOR) {
            throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "a KKT request from a responder");
        }
        if (remote.mode() != KktContext.Mode.ONE_WAY || remote.status() != KktContext.Status.OK) {
            throw new LpProtocolException(LpError.UNEXPECTED_MESSAGE, "only one-way KKT requests with status Ok are served");
        }
        if (frame.length != KktContext.LENGTH + remote.bodyLength() + LpPeerConfig.LENGTH) {
            throw new LpProtocolException(LpError.BAD_LENGTH, "KKT request frame has the wrong length");
        }
        if (remote.ciphersuite().kem() != KktCiphersuite.KEM_ML_KEM_768) {
            throw new LpProtocolException(LpError.UNSUPPORTED_VERSION, "only ML-KEM-768 is served");
        }
        LpPeerConfig peerConfig = LpPeerConfig.decode(Arrays.copyOfRange(frame, KktContext.LENGTH, frame.length));
        byte[] answer = KktInitiator.concat(remote.answer().encode(), kemKey.encapsulationKey());
        return new Answer(carrier.seal(answer), peerConfig, version.getAsInt(), remote.ciphersuite());
    }
}
