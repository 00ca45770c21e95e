package io.lpreg.example.voucher;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * An {@code hmac-voucher-v1} voucher (README.md, "Voucher format"): 65 bytes,
 * {@code version ‖ id ‖ expiry ‖ bandwidth ‖ HMAC-SHA256(secret, label ‖ version ‖ id ‖ expiry ‖ bandwidth)}.
 *
 * @param id 16 bytes, unique per voucher; the gateway's nullifier
 * @param expiry the last moment (exclusive) the voucher can be redeemed, whole seconds
 * @param bandwidthBytes what it buys; 0 means the standard allowance of the request's ticket type
 */
public record Voucher(byte[] id, Instant expiry, long bandwidthBytes) {
    public static final String SCHEME = "hmac-voucher-v1";
    public static final int VERSION = 1;
    public static final int ID_BYTES = 16;
    public static final int TAG_BYTES = 32;
    /** version (1) + id (16) + expiry (8) + bandwidth (8): the bytes the tag authenticates. */
    public static final int BODY_BYTES = 1 + ID_BYTES + 8 + 8;
    public static final int ENCODED_BYTES = BODY_BYTES + TAG_BYTES;
    /** Domain separation: a tag made for another purpose with the same key never passes as a voucher's. */
    static final byte[] MAC_LABEL = "lpreg/hmac-voucher-v1".getBytes(StandardCharsets.US_ASCII);

    public Voucher {
        requireNonNull(id, "id is null");
        requireNonNull(expiry, "expiry is null");
        if (id.length != ID_BYTES) {
            throw new IllegalArgumentException("a voucher id is " + ID_BYTES + " bytes, got " + id.length);
        }
        if (expiry.getNano() != 0 || expiry.getEpochSecond() <= 0) {
            throw new IllegalArgumentException("a voucher expires at a whole second after 1970, got " + expiry);
        }
        if (bandwidthBytes < 0) {
            throw new IllegalArgumentException("bandwidth must not be negative, got " + bandwidthBytes);
        }
        id = id.clone();
    }

    /** A voucher with a fresh random id. */
    public static Voucher random(Instant expiry, long bandwidthBytes, SecureRandom random) {
        byte[] id = new byte[ID_BYTES];
        requireNonNull(random, "random is null").nextBytes(id);
        return new Voucher(id, expiry, bandwidthBytes);
    }

    @Override
    public byte[] id() {
        return id.clone();
    }

    /** The 65 bytes a client sends in the v2 credential envelope. */
    public byte[] sign(VoucherSecret secret) {
        requireNonNull(secret, "secret is null");
        byte[] body = body();
        return ByteBuffer.allocate(ENCODED_BYTES).put(body).put(secret.tag(macInput(body))).array();
    }

    /** The voucher in {@code encoded} if it is well formed and {@code secret} made its tag. */
    public static Opened open(byte[] encoded, VoucherSecret secret) {
        requireNonNull(encoded, "encoded is null");
        requireNonNull(secret, "secret is null");
        if (encoded.length != ENCODED_BYTES) {
            return new Opened.Malformed("an " + SCHEME + " voucher is " + ENCODED_BYTES + " bytes, got " + encoded.length);
        }
        if (encoded[0] != VERSION) {
            return new Opened.Malformed("unknown voucher version " + Byte.toUnsignedInt(encoded[0])
                    + " (this gateway reads version " + VERSION + ")");
        }
        byte[] body = Arrays.copyOf(encoded, BODY_BYTES);
        if (!secret.authenticates(macInput(body), Arrays.copyOfRange(encoded, BODY_BYTES, ENCODED_BYTES))) {
            return new Opened.Forged();
        }
        ByteBuffer fields = ByteBuffer.wrap(body, 1 + ID_BYTES, 16);
        long expiry = fields.getLong();
        long bandwidth = fields.getLong();
        // Authentic but out of range: only a broken minting tool writes these.
        if (expiry <= 0 || bandwidth < 0) {
            return new Opened.Malformed("voucher fields out of range: expiry " + expiry + ", bandwidth " + bandwidth);
        }
        return new Opened.Valid(new Voucher(Arrays.copyOfRange(body, 1, 1 + ID_BYTES), Instant.ofEpochSecond(expiry),
                bandwidth));
    }

    /** What {@link #open} found. */
    public sealed interface Opened {
        record Valid(Voucher voucher) implements Opened {
            public Valid {
                requireNonNull(voucher, "voucher is null");
            }
        }

        record Malformed(String problem) implements Opened {
            public Malformed {
                requireNonNull(problem, "problem is null");
            }
        }

        /** The tag is not this secret's tag of the body: another issuer's voucher, or an altered one. */
        record Forged() implements Opened {
        }
    }

    private byte[] body() {
        return ByteBuffer.allocate(BODY_BYTES)
                .put((byte) VERSION)
                .put(id)
                .putLong(expiry.getEpochSecond())
                .putLong(bandwidthBytes)
                .array();
    }

    private static byte[] macInput(byte[] body) {
        return ByteBuffer.allocate(MAC_LABEL.length + body.length).put(MAC_LABEL).put(body).array();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Voucher other && Arrays.equals(id, other.id) && expiry.equals(other.expiry)
                && bandwidthBytes == other.bandwidthBytes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(id);
    }

    @Override
    public String toString() {
        return "Voucher[" + HexFormat.of().formatHex(id) + ", expires " + expiry + ", "
                + (bandwidthBytes == 0 ? "ticket-type allowance" : bandwidthBytes + " bytes") + "]";
    }
}
