package io.lpreg.zknym;

import supranational.blst.P1;

import static java.util.Objects.requireNonNull;

/**
 * A Pointcheval–Sanders signature {@code (h, s)} in G1: the wallet signature, an expiration-date signature or
 * a coin-index signature (Nym's {@code Signature}, {@code ExpirationDateSignature}, {@code CoinIndexSignature}).
 */
public record Signature(G1Element h, G1Element s) {
    public Signature {
        requireNonNull(h, "h is null");
        requireNonNull(s, "s is null");
    }

    public static Signature of(P1 h, P1 s) {
        return new Signature(G1Element.of(h), G1Element.of(s));
    }
}
