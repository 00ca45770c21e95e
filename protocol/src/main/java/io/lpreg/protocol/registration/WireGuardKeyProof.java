package io.lpreg.protocol.registration;

import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Proof that a v2 request's sender holds the private key of its WireGuard public key (docs/wire-v2.md §2.1):
 * {@code HMAC-SHA256(X25519(wg_private, gateway_lp_public), domain ‖ handshake_hash ‖ wg_public_key ‖
 * psk_option)}. The gateway computes the same key as {@code X25519(gateway_lp_private, wg_public_key)}: one
 * DH on each side. The handshake hash binds the proof to one Noise session, so a captured proof is worth
 * nothing elsewhere; the preshared key is covered, so a proof cannot be moved to another key choice.
 */
public final class WireGuardKeyProof {
    public static final int SIZE = 32;
    private static final byte[] DOMAIN = "lpreg-wg-key-proof-v1".getBytes(StandardCharsets.US_ASCII);

    private WireGuardKeyProof() {
    }

    /** The client's side: {@code wgPrivateKey} is its WireGuard private key (any 32 bytes; X25519 clamps). */
    public static byte[] create(byte[] wgPrivateKey, byte[] gatewayLpPublicKey, byte[] handshakeHash,
                                Optional<byte[]> presharedKey) {
        requireNonNull(wgPrivateKey, "wgPrivateKey is null");
        requireNonNull(gatewayLpPublicKey, "gatewayLpPublicKey is null");
        byte[] wgPublicKey = new byte[X25519Backend.KEY_LENGTH];
        X25519Backends.active().scalarMultBase(wgPrivateKey, wgPublicKey);
        byte[] shared = sharedKey(wgPrivateKey, gatewayLpPublicKey);
        if (shared == null) {
            throw new IllegalArgumentException("the gateway's LP key is a low-order point");
        }
        return mac(shared, handshakeHash, wgPublicKey, presharedKey);
    }

    /** The gateway's side: true only for the proof {@link #create} makes with the matching private key. */
    public static boolean verify(byte[] gatewayLpPrivateKey, byte[] wgPublicKey, byte[] handshakeHash,
                                 Optional<byte[]> presharedKey, byte[] proof) {
        requireNonNull(gatewayLpPrivateKey, "gatewayLpPrivateKey is null");
        requireNonNull(wgPublicKey, "wgPublicKey is null");
        requireNonNull(proof, "proof is null");
        byte[] shared = sharedKey(gatewayLpPrivateKey, wgPublicKey);
        if (shared == null || proof.length != SIZE) {
            return false;
        }
        return MessageDigest.isEqual(mac(shared, handshakeHash, wgPublicKey, presharedKey), proof);
    }

    /** Null for a low-order public key (all-zero shared secret): anyone could compute that one. */
    private static byte[] sharedKey(byte[] privateKey, byte[] publicKey) {
        if (privateKey.length != X25519Backend.KEY_LENGTH || publicKey.length != X25519Backend.KEY_LENGTH) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes");
        }
        byte[] shared = new byte[X25519Backend.KEY_LENGTH];
        X25519Backends.active().scalarMult(privateKey, publicKey, shared);
        return Arrays.equals(shared, new byte[X25519Backend.KEY_LENGTH]) ? null : shared;
    }

    private static byte[] mac(byte[] key, byte[] handshakeHash, byte[] wgPublicKey, Optional<byte[]> presharedKey) {
        requireNonNull(handshakeHash, "handshakeHash is null");
        requireNonNull(presharedKey, "presharedKey is null");
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key));
        hmac.update(DOMAIN, 0, DOMAIN.length);
        hmac.update(handshakeHash, 0, handshakeHash.length);
        hmac.update(wgPublicKey, 0, wgPublicKey.length);
        hmac.update((byte) (presharedKey.isPresent() ? 1 : 0));
        presharedKey.ifPresent(psk -> hmac.update(psk, 0, psk.length));
        byte[] out = new byte[SIZE];
        hmac.doFinal(out, 0);
        return out;
    }
}
