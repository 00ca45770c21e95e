package io.lpreg.tickets;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * What a spend is bound to besides the session (docs/bls-ticket-v1.md): the gateway it is paid to, the
 * moment it was made, and a random nonce. Encoded as {@code gateway(32) ‖ timestamp(u64 BE) ‖ nonce(16)}.
 *
 * @param gatewayIdentity the gateway's Ed25519 identity public key
 * @param timestamp unix seconds when the client made the spend
 * @param nonce 16 random bytes
 */
public record PayInfo(byte[] gatewayIdentity, long timestamp, byte[] nonce) {
    public static final int GATEWAY_SIZE = 32;
    public static final int NONCE_SIZE = 16;
    public static final int SIZE = GATEWAY_SIZE + Long.BYTES + NONCE_SIZE;

    public PayInfo {
        requireNonNull(gatewayIdentity, "gatewayIdentity is null");
        requireNonNull(nonce, "nonce is null");
        if (gatewayIdentity.length != GATEWAY_SIZE) {
            throw new IllegalArgumentException("gateway identity must be 32 bytes, got " + gatewayIdentity.length);
        }
        if (nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("pay_info nonce must be 16 bytes, got " + nonce.length);
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("pay_info timestamp is negative: " + timestamp);
        }
        gatewayIdentity = gatewayIdentity.clone();
        nonce = nonce.clone();
    }

    @Override
    public byte[] gatewayIdentity() {
        return gatewayIdentity.clone();
    }

    @Override
    public byte[] nonce() {
        return nonce.clone();
    }

    public byte[] encode() {
        return ByteBuffer.allocate(SIZE).put(gatewayIdentity).putLong(timestamp).put(nonce).array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PayInfo other && Arrays.equals(gatewayIdentity, other.gatewayIdentity)
                && timestamp == other.timestamp && Arrays.equals(nonce, other.nonce);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(gatewayIdentity) * 31 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "PayInfo[gateway=" + HexFormat.of().formatHex(gatewayIdentity) + ", timestamp=" + timestamp
                + ", nonce=" + HexFormat.of().formatHex(nonce) + "]";
    }
}
