package io.lpreg.protocol.registration;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * What the client registers for: a WireGuard peer (dVPN), mixnet bandwidth for a client id, or, in wire
 * v2 only, a mode provided by a plugin and named in the request.
 */
public sealed interface RegistrationMode {
    /** The name the gateway routes on: {@code dvpn}, {@code mixnet}, or the plugin mode's name. */
    String name();

    record Dvpn() implements RegistrationMode {
        @Override
        public String name() {
            return "dvpn";
        }
    }

    /** Variant 1 of E2: {@code Mixnet { client_id: [u8; 32] }}. */
    record Mixnet(byte[] clientId) implements RegistrationMode {
        public static final int CLIENT_ID_SIZE = 32;

        public Mixnet {
            requireNonNull(clientId, "clientId is null");
            if (clientId.length != CLIENT_ID_SIZE) {
                throw new IllegalArgumentException("mixnet client id must be 32 bytes, got " + clientId.length);
            }
            clientId = clientId.clone();
        }

        @Override
        public byte[] clientId() {
            return clientId.clone();
        }

        @Override
        public String name() {
            return "mixnet";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Mixnet other && Arrays.equals(clientId, other.clientId);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(clientId);
        }

        @Override
        public String toString() {
            return "Mixnet[" + HexFormat.of().formatHex(clientId) + "]";
        }
    }

    /** Wire v2 variant 2: a plugin's mode, with opaque parameters for it (docs/wire-v2.md). */
    record Custom(String name, byte[] parameters) implements RegistrationMode {
        public static final int MAX_NAME_BYTES = 64;
        public static final int MAX_PARAMETERS = 4096;
        private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

        public Custom {
            requireNonNull(name, "name is null");
            requireNonNull(parameters, "parameters is null");
            if (!NAME.matcher(name).matches() || name.equals("dvpn") || name.equals("mixnet")) {
                throw new IllegalArgumentException("invalid custom mode name: " + name);
            }
            if (parameters.length > MAX_PARAMETERS) {
                throw new IllegalArgumentException("mode parameters exceed " + MAX_PARAMETERS + " bytes");
            }
            parameters = parameters.clone();
        }

        static boolean isValidName(String name) {
            return NAME.matcher(name).matches() && !name.equals("dvpn") && !name.equals("mixnet");
        }

        @Override
        public byte[] parameters() {
            return parameters.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Custom other && name.equals(other.name) && Arrays.equals(parameters, other.parameters);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(parameters);
        }

        @Override
        public String toString() {
            return "Custom[" + name + ", " + parameters.length + " bytes]";
        }
    }
}
