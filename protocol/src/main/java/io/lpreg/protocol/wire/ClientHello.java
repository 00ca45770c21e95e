package io.lpreg.protocol.wire;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The cleartext ClientHello content of E2: client LP X25519 public key(32) ‖ salt(32), where the salt's
 * first 8 bytes are the client's unix time in seconds, u64 LE (docs/wire-v1.md §5.1).
 *
 * <p>E2 decodes with bincode, which tolerates trailing bytes; we require exactly 64 so that an E1
 * (65-byte) hello is refused with a clear length error instead of being read with a shifted salt.
 */
public final class ClientHello {
    public static final int KEY_SIZE = 32;
    public static final int SALT_SIZE = 32;
    public static final int SIZE = KEY_SIZE + SALT_SIZE;
    private static final int SALT_RANDOM_SIZE = 24;

    private final byte[] clientPublicKey;
    private final byte[] salt;

    public ClientHello(byte[] clientPublicKey, byte[] salt) {
        requireNonNull(clientPublicKey, "clientPublicKey is null");
        requireNonNull(salt, "salt is null");
        if (clientPublicKey.length != KEY_SIZE || salt.length != SALT_SIZE) {
            throw new IllegalArgumentException("ClientHello needs a 32-byte key and a 32-byte salt");
        }
        this.clientPublicKey = clientPublicKey.clone();
        this.salt = salt.clone();
    }

    /** A salt for {@code unixSeconds}: timestamp u64 LE ‖ 24 random bytes. */
    public static byte[] newSalt(long unixSeconds, SecureRandom random) {
        byte[] nonce = new byte[SALT_RANDOM_SIZE];
        random.nextBytes(nonce);
        return salt(unixSeconds, nonce);
    }

    public static byte[] salt(long unixSeconds, byte[] nonce24) {
        if (nonce24.length != SALT_RANDOM_SIZE) {
            throw new IllegalArgumentException("salt nonce must be 24 bytes");
        }
        byte[] salt = new byte[SALT_SIZE];
        for (int i = 0; i < 8; i++) {
            salt[i] = (byte) (unixSeconds >>> (8 * i));
        }
        System.arraycopy(nonce24, 0, salt, 8, SALT_RANDOM_SIZE);
        return salt;
    }

    public byte[] clientPublicKey() {
        return clientPublicKey.clone();
    }

    public byte[] salt() {
        return salt.clone();
    }

    /** The client's timestamp, unix seconds, unsigned (a value above 2^63 reads as negative). */
    public long timestamp() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (salt[i] & 0xffL) << (8 * i);
        }
        return value;
    }

    public byte[] encode() {
        byte[] out = new byte[SIZE];
        System.arraycopy(clientPublicKey, 0, out, 0, KEY_SIZE);
        System.arraycopy(salt, 0, out, KEY_SIZE, SALT_SIZE);
        return out;
    }

    public static ClientHello decode(byte[] content) throws LpProtocolException {
        requireNonNull(content, "content is null");
        if (content.length != SIZE) {
            throw new LpProtocolException(LpError.BAD_LENGTH,
                    "ClientHello must be " + SIZE + " bytes, got " + content.length);
        }
        return new ClientHello(Arrays.copyOfRange(content, 0, KEY_SIZE), Arrays.copyOfRange(content, KEY_SIZE, SIZE));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientHello other
                && Arrays.equals(clientPublicKey, other.clientPublicKey)
                && Arrays.equals(salt, other.salt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(clientPublicKey) + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "ClientHello[key=" + HexFormat.of().formatHex(clientPublicKey) + ", timestamp="
                + Long.toUnsignedString(timestamp()) + "]";
    }
}
