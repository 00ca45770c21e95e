package io.lpreg.ecash.issuer;

import io.lpreg.spi.TicketType;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Key generation by a trusted dealer: for every ticket type an independent secret (never derived from one
 * master key: docs/ecash.md §7.1), split t-of-n with Shamir. The dealer's secrets exist only inside {@link #generate}.
 *
 * @param shares each signer's shares of this epoch, index i−1 for signer i
 * @param keys the public keys of this epoch
 */
public record IssuerKeys(List<EpochShare> shares, EpochKeys keys) {
    public IssuerKeys {
        shares = List.copyOf(requireNonNull(shares, "shares is null"));
        requireNonNull(keys, "keys is null");
    }

    public static IssuerKeys generate(int signers, int threshold, EpochWindow window, Set<TicketType> types,
                                      SecureRandom random) {
        requireNonNull(window, "window is null");
        requireNonNull(types, "types is null");
        requireNonNull(random, "random is null");
        SecretSharing.checkThreshold(threshold, signers);
        if (types.isEmpty()) {
            throw new IllegalArgumentException("at least one ticket type is needed");
        }
        List<Map<TicketType, BigInteger>> perSigner = new ArrayList<>();
        for (int i = 0; i < signers; i++) {
            perSigner.add(new EnumMap<>(TicketType.class));
        }
        Map<TicketType, TypeKeys> publicKeys = new EnumMap<>(TicketType.class);
        for (TicketType type : types) {
            BigInteger secret = TicketCurve.randomScalar(random);
            List<BigInteger> split = SecretSharing.split(secret, threshold, signers, random);
            List<byte[]> signerKeys = new ArrayList<>();
            for (int i = 0; i < signers; i++) {
                perSigner.get(i).put(type, split.get(i));
                signerKeys.add(TicketCurve.publicKey(split.get(i)));
            }
            publicKeys.put(type, new TypeKeys(TicketCurve.publicKey(secret), signerKeys));
        }
        List<EpochShare> shares = perSigner.stream().map(secrets -> new EpochShare(window, secrets)).toList();
        return new IssuerKeys(shares, new EpochKeys(window, publicKeys));
    }
}
