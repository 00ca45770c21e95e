package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A protocol name {@code Noise_<pattern>_<dh>_<cipher>_<hash>} (Noise rev 34 §8) that this implementation
 * can run: DH 25519, cipher ChaChaPoly, hash SHA256 or BLAKE2s. Immutable and shareable across threads.
 */
public final class NoiseProtocol {
    private static final String DH = "25519";
    private static final String CIPHER = "ChaChaPoly";
    // The spec's other primitives (§12): names built from them are well-formed but not supported here.
    private static final Set<String> OTHER_DH = Set.of("448");
    private static final Set<String> OTHER_CIPHERS = Set.of("AESGCM");
    private static final Set<String> OTHER_HASHES = Set.of("SHA512", "BLAKE2b");

    private final String name;
    private final byte[] nameBytes;
    private final HandshakePattern pattern;
    private final HashAlgorithm hashAlgorithm;
    private final int[] messageOverheads;

    private NoiseProtocol(String name, HandshakePattern pattern, HashAlgorithm hashAlgorithm) {
        this.name = name;
        this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        this.pattern = pattern;
        this.hashAlgorithm = hashAlgorithm;
        this.messageOverheads = overheads(pattern);
    }

    public static NoiseProtocol parse(String name) throws LpProtocolException {
        Parts parts = split(name);
        if (!parts.dh.equals(DH) || !parts.cipher.equals(CIPHER) || HashAlgorithm.fromNoiseName(parts.hash) == null) {
            throw new LpProtocolException(LpError.MALFORMED, "unsupported primitive in " + name);
        }
        return new NoiseProtocol(name, parts.pattern, HashAlgorithm.fromNoiseName(parts.hash));
    }

    public static boolean isSupported(String name) {
        try {
            parse(name);
            return true;
        } catch (LpProtocolException e) {
            return false;
        }
    }

    /**
     * For a well-formed name that uses a primitive of the spec this implementation lacks, that primitive
     * (e.g. {@code 448}); empty for a supported name and for a malformed one.
     */
    public static Optional<String> unsupportedPrimitive(String name) {
        Parts parts;
        try {
            parts = split(name);
        } catch (LpProtocolException e) {
            return Optional.empty();
        }
        if (!parts.dh.equals(DH)) {
            return Optional.of(parts.dh);
        }
        if (!parts.cipher.equals(CIPHER)) {
            return Optional.of(parts.cipher);
        }
        if (HashAlgorithm.fromNoiseName(parts.hash) == null) {
            return Optional.of(parts.hash);
        }
        return Optional.empty();
    }

    public String name() {
        return name;
    }

    public HandshakePattern pattern() {
        return pattern;
    }

    public String dhName() {
        return DH;
    }

    public String cipherName() {
        return CIPHER;
    }

    public String hashName() {
        return hashAlgorithm.noiseName();
    }

    byte[] nameBytes() {
        return nameBytes;
    }

    HashAlgorithm hashAlgorithm() {
        return hashAlgorithm;
    }

    /** The bytes message {@code index} adds to its payload: public keys, their tags and the payload's tag. */
    int messageOverhead(int index) {
        return messageOverheads[index];
    }

    private record Parts(HandshakePattern pattern, String dh, String cipher, String hash) {}

    private static Parts split(String name) throws LpProtocolException {
        requireNonNull(name, "name is null");
        List<String> fields = List.of(name.split("_", -1));
        if (fields.size() != 5 || !fields.get(0).equals("Noise")) {
            throw new LpProtocolException(LpError.MALFORMED, "not a Noise protocol name: " + name);
        }
        HandshakePattern pattern = HandshakePattern.parse(fields.get(1));
        String dh = fields.get(2);
        String cipher = fields.get(3);
        String hash = fields.get(4);
        if (!(dh.equals(DH) || OTHER_DH.contains(dh))
                || !(cipher.equals(CIPHER) || OTHER_CIPHERS.contains(cipher))
                || !(HashAlgorithm.fromNoiseName(hash) != null || OTHER_HASHES.contains(hash))) {
            throw new LpProtocolException(LpError.MALFORMED, "unknown primitive in " + name);
        }
        return new Parts(pattern, dh, cipher, hash);
    }

    private static int[] overheads(HandshakePattern pattern) {
        boolean keyed = false;
        int[] overheads = new int[pattern.messages().size()];
        for (int i = 0; i < overheads.length; i++) {
            int overhead = 0;
            for (Token token : pattern.messages().get(i)) {
                switch (token) {
                    case E -> {
                        overhead += KeyPair.KEY_LENGTH;
                        keyed |= pattern.pskCount() > 0;
                    }
                    case S -> overhead += KeyPair.KEY_LENGTH + (keyed ? CipherState.TAG_LENGTH : 0);
                    case EE, ES, SE, SS, PSK -> keyed = true;
                }
            }
            overheads[i] = overhead + (keyed ? CipherState.TAG_LENGTH : 0);
        }
        return overheads;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NoiseProtocol that && name.equals(that.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name;
    }
}
