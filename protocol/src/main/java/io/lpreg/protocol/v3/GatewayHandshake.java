package io.lpreg.protocol.v3;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.crypto.MlKem768;
import io.lpreg.protocol.v3.kkt.KktInitiator;
import io.lpreg.protocol.v3.kkt.KktResponder;
import io.lpreg.protocol.v3.psq.PsqMessages;
import io.lpreg.protocol.v3.psq.PsqResponder;
import io.lpreg.protocol.v3.transport.LpTransportSession;

import static java.util.Objects.requireNonNull;

/**
 * A gateway's side of one v3 handshake, without I/O: read {@link #KKT_REQUEST_LENGTH} bytes and send
 * what {@link #answerKktRequest} returns (1 207 bytes), read {@link #MSG1_LENGTH} bytes and send what
 * {@link #answerMsg1} returns (msg2, 70 bytes); {@link #session()} is then up. On any refusal Nym's
 * gateway closes the connection without a word; a caller should do the same.
 */
public final class GatewayHandshake {
    public static final int KKT_REQUEST_LENGTH = KktInitiator.REQUEST_LENGTH;
    public static final int MSG1_LENGTH = PsqMessages.MSG1_LENGTH;

    private enum Step { AWAIT_KKT_REQUEST, AWAIT_MSG1, DONE, FAILED }

    private final KeyPair staticKey;
    private final MlKem768.KeyPair kemKey;
    private final Randomness randomness;
    private LpPeerConfig peerConfig;
    private LpTransportSession session;
    private Step step = Step.AWAIT_KKT_REQUEST;

    public GatewayHandshake(KeyPair staticKey, MlKem768.KeyPair kemKey, Randomness randomness) {
        this.staticKey = requireNonNull(staticKey, "staticKey is null");
        this.kemKey = requireNonNull(kemKey, "kemKey is null");
        this.randomness = requireNonNull(randomness, "randomness is null");
    }

    public byte[] answerKktRequest(byte[] request) throws LpProtocolException {
        expect(Step.AWAIT_KKT_REQUEST);
        try {
            KktResponder.Answer answer = new KktResponder(staticKey, kemKey).answer(request);
            peerConfig = answer.peerConfig();
            step = Step.AWAIT_MSG1;
            return answer.response();
        } catch (LpProtocolException e) {
            step = Step.FAILED;
            throw e;
        }
    }

    public byte[] answerMsg1(byte[] msg1) throws LpProtocolException {
        expect(Step.AWAIT_MSG1);
        try {
            PsqResponder.Accepted accepted = new PsqResponder(staticKey, kemKey).acceptMsg1(msg1);
            PsqResponder.Reply reply = accepted.reply(randomness);
            int receiverIndex = peerConfig.receiverIndex(accepted.initiatorStaticKey(), kemKey.encapsulationKey());
            session = LpTransportSession.forGateway(reply.session(), receiverIndex);
            step = Step.DONE;
            return reply.msg2();
        } catch (LpProtocolException e) {
            step = Step.FAILED;
            throw e;
        }
    }

    public LpTransportSession session() throws LpProtocolException {
        expect(Step.DONE);
        return session;
    }

    /** The client's peer config, once its KKT request was accepted. */
    public LpPeerConfig peerConfig() throws LpProtocolException {
        if (peerConfig == null) {
            throw new LpProtocolException(LpError.INVALID_STATE, "no KKT request accepted yet");
        }
        return peerConfig;
    }

    private void expect(Step wanted) throws LpProtocolException {
        if (step != wanted) {
            throw new LpProtocolException(LpError.INVALID_STATE, "handshake is at " + step + ", not " + wanted);
        }
    }
}
