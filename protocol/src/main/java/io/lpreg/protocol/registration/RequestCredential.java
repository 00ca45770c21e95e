package io.lpreg.protocol.registration;

import io.lpreg.protocol.credential.CredentialCodec;
import io.lpreg.protocol.credential.CredentialSpendingData;

import java.util.Arrays;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The credential a request pays with: a zk-nym struct in wire v1, a {@code {scheme, data}} envelope in
 * wire v2 (docs/architecture.md §3). Either way a verifier sees a scheme name and bytes.
 */
public sealed interface RequestCredential {
    /** The scheme a verifier plugin registers for. */
    String scheme();

    /** The credential bytes in the scheme's own canonical encoding. */
    byte[] data();

    /** Nym's zk-nym ticket, carried as a bincode struct in v1; its canonical bytes are Nym's {@code to_bytes}. */
    record ZkNym(CredentialSpendingData credential) implements RequestCredential {
        public static final String SCHEME = "nym-zknym";

        public ZkNym {
            requireNonNull(credential, "credential is null");
        }

        @Override
        public String scheme() {
            return SCHEME;
        }

        @Override
        public byte[] data() {
            return CredentialCodec.toBytes(credential);
        }
    }

    /** The v2 envelope: any scheme, opaque bytes (docs/wire-v2.md). */
    record Envelope(String scheme, byte[] data) implements RequestCredential {
        public static final int MAX_SCHEME_BYTES = 64;
        public static final int MAX_DATA = 60_000;
        private static final Pattern SCHEME_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

        public Envelope {
            requireNonNull(scheme, "scheme is null");
            requireNonNull(data, "data is null");
            if (!isValidScheme(scheme)) {
                throw new IllegalArgumentException("invalid credential scheme name: " + scheme);
            }
            if (data.length > MAX_DATA) {
                throw new IllegalArgumentException("credential data exceeds " + MAX_DATA + " bytes");
            }
            data = data.clone();
        }

        static boolean isValidScheme(String scheme) {
            return SCHEME_NAME.matcher(scheme).matches();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Envelope other && scheme.equals(other.scheme) && Arrays.equals(data, other.data);
        }

        @Override
        public int hashCode() {
            return 31 * scheme.hashCode() + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Envelope[" + scheme + ", " + data.length + " bytes]";
        }
    }
}
