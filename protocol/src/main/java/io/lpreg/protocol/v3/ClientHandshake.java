package io.lpreg.protocol.v3;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.v3.kkt.KktCiphersuite;
import io.lpreg.protocol.v3.kkt.KktInitiator;
import io.lpreg.protocol.v3.psq.PsqInitiator;
import io.lpreg.protocol.v3.psq.PsqMessages;
import io.lpreg.protocol.v3.psq.PsqSession;
import io.lpreg.protocol.v3.transport.LpTransportSession;

import static java.util.Objects.requireNonNull;

/**
 * A client's v3 handshake with its entry gateway, step by step and without I/O: send {@link #kktRequest()}
 * (91 bytes), read {@link #KKT_RESPONSE_LENGTH} bytes and send what {@link #acceptKktResponse} returns
 * (msg1, 1 247 bytes), read {@link #MSG2_LENGTH} bytes and {@link #acceptMsg2} them: the session is up.
 * Draws from {@link Randomness} in Nym's order: peer-config seed and filler, KKT ephemeral, PSQ ephemeral,
 * ML-KEM message.
 */
public final class ClientHandshake {
    public static final int KKT_REQUEST_LENGTH = KktInitiator.REQUEST_LENGTH;
    public static final int KKT_RESPONSE_LENGTH = KktInitiator.responseLength(KktCiphersuite.DEFAULT);
    public static final int MSG1_LENGTH = PsqMessages.MSG1_LENGTH;
    public static final int MSG2_LENGTH = PsqMessages.MSG2_LENGTH;
    /** The LP version hidden in the KKT request; Nym's {@code version::CURRENT}. */
    public static final int LP_VERSION = 1;

    private enum Step { AWAIT_KKT_RESPONSE, AWAIT_MSG2, DONE }

    private final KeyPair staticKey;
    private final byte[] gatewayStaticKey;
    private final Randomness randomness;
    private final LpPeerConfig peerConfig;
    private final KktInitiator kkt;
    private PsqInitiator psq;
    private byte[] gatewayKemKey;
    private Step step = Step.AWAIT_KKT_RESPONSE;

    private ClientHandshake(KeyPair staticKey, byte[] gatewayStaticKey, Randomness randomness, LpPeerConfig peerConfig,
                            KktInitiator kkt) {
        this.staticKey = staticKey;
        this.gatewayStaticKey = gatewayStaticKey;
        this.randomness = randomness;
        this.peerConfig = peerConfig;
        this.kkt = kkt;
    }

    /**
     * @param staticKey        the client's LP X25519 key (Nym's client makes a fresh one per registration)
     * @param gatewayStaticKey the gateway's LP X25519 key from the directory
     * @param gatewayKemDigest the directory's BLAKE3 digest of the gateway's ML-KEM-768 key
     */
    public static ClientHandshake start(KeyPair staticKey, byte[] gatewayStaticKey, byte[] gatewayKemDigest,
                                        Randomness randomness) throws LpProtocolException {
        requireNonNull(staticKey, "staticKey is null");
        requireNonNull(randomness, "randomness is null");
        LpPeerConfig peerConfig = LpPeerConfig.clientToEntry(randomness);
        KktInitiator kkt = KktInitiator.oneWay(gatewayStaticKey, gatewayKemDigest, KktCiphersuite.DEFAULT, LP_VERSION,
                peerConfig, randomness);
        return new ClientHandshake(staticKey, gatewayStaticKey.clone(), randomness, peerConfig, kkt);
    }

    public byte[] kktRequest() {
        return kkt.request();
    }

    /** Checks the gateway's KEM key against the directory digest and returns PSQ msg1. */
    public byte[] acceptKktResponse(byte[] response) throws LpProtocolException {
        expect(Step.AWAIT_KKT_RESPONSE);
        gatewayKemKey = kkt.acceptResponse(response);
        psq = PsqInitiator.start(staticKey, gatewayStaticKey, gatewayKemKey, randomness);
        step = Step.AWAIT_MSG2;
        return psq.msg1();
    }

    public LpTransportSession acceptMsg2(byte[] msg2) throws LpProtocolException {
        expect(Step.AWAIT_MSG2);
        PsqSession session = psq.acceptMsg2(msg2);
        step = Step.DONE;
        return LpTransportSession.forClient(session, peerConfig.receiverIndex(staticKey.publicKey(), gatewayKemKey));
    }

    public LpPeerConfig peerConfig() {
        return peerConfig;
    }

    private void expect(Step wanted) throws LpProtocolException {
        if (step != wanted) {
            throw new LpProtocolException(LpError.INVALID_STATE, "handshake is at " + step + ", not " + wanted);
        }
    }
}
