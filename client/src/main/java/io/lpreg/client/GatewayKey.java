package io.lpreg.client;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.keys.LpKeys;

import java.util.HexFormat;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * How the client knows a gateway: by its Ed25519 identity (from which the LP key derives, docs/wire-v1.md
 * §6.1) or directly by its LP X25519 key.
 */
public sealed interface GatewayKey {
    /** The LP X25519 public key the handshake runs against. */
    byte[] lpKey();

    /** The Ed25519 identity, when known (credentials bind to it). */
    Optional<byte[]> identity();

    static GatewayKey identity(byte[] ed25519PublicKey) throws LpProtocolException {
        return new Identity(ed25519PublicKey, LpKeys.x25519PublicFromEd25519Public(ed25519PublicKey));
    }

    static GatewayKey lp(byte[] x25519PublicKey) {
        return new Lp(x25519PublicKey);
    }

    /**
     * A key in hex: the gateway's Ed25519 identity key (what {@code lpreg gateway} prints as
     * {@code identity_key}), or, prefixed {@code lp:}, its LP X25519 key. There is no guessing: half of
     * all X25519 keys also decode as Edwards points.
     */
    static GatewayKey parse(String text) throws LpProtocolException {
        requireNonNull(text, "text is null");
        String value = text.strip();
        if (value.startsWith("lp:")) {
            return lp(hex(value.substring(3)));
        }
        return identity(hex(value.startsWith("identity:") ? value.substring(9) : value));
    }

    private static byte[] hex(String text) {
        byte[] key = HexFormat.of().parseHex(text);
        if (key.length != 32) {
            throw new IllegalArgumentException("a gateway key is 32 bytes (64 hex digits), got " + key.length);
        }
        return key;
    }

    record Identity(byte[] ed25519, byte[] x25519) implements GatewayKey {
        public Identity {
            ed25519 = ed25519.clone();
            x25519 = x25519.clone();
        }

        @Override
        public byte[] lpKey() {
            return x25519.clone();
        }

        @Override
        public Optional<byte[]> identity() {
            return Optional.of(ed25519.clone());
        }
    }

    record Lp(byte[] x25519) implements GatewayKey {
        public Lp {
            requireNonNull(x25519, "x25519 is null");
            if (x25519.length != 32) {
                throw new IllegalArgumentException("an LP key is 32 bytes");
            }
            x25519 = x25519.clone();
        }

        @Override
        public byte[] lpKey() {
            return x25519.clone();
        }

        @Override
        public Optional<byte[]> identity() {
            return Optional.empty();
        }
    }
}
