package io.lpreg.ecash.issuer;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The public keys of one (ticket type, epoch): the group verification key sk·g2 gateways check against, and
 * each signer's key share sk_i·g2 (index i−1) clients check blind signature shares against. Compressed G2.
 */
public record TypeKeys(byte[] verificationKey, List<byte[]> signerKeys) {
    public TypeKeys {
        requireNonNull(verificationKey, "verificationKey is null");
        requireNonNull(signerKeys, "signerKeys is null");
        if (verificationKey.length != TicketCurve.G2_SIZE) {
            throw new IllegalArgumentException("a verification key is 96 bytes, got " + verificationKey.length);
        }
        List<byte[]> copies = new ArrayList<>();
        for (byte[] key : signerKeys) {
            if (key.length != TicketCurve.G2_SIZE) {
                throw new IllegalArgumentException("a signer key is 96 bytes, got " + key.length);
            }
            copies.add(key.clone());
        }
        verificationKey = verificationKey.clone();
        signerKeys = List.copyOf(copies);
    }

    @Override
    public byte[] verificationKey() {
        return verificationKey.clone();
    }

    /** The key share of signer {@code index} (1-based). */
    public byte[] signerKey(int index) {
        return signerKeys.get(index - 1).clone();
    }

    @Override
    public List<byte[]> signerKeys() {
        return signerKeys.stream().map(byte[]::clone).toList();
    }
}
