package io.lpreg.protocol.v3.registration;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * Nym's answers to a v3 registration request. The failure texts Nym's clients act on are here verbatim:
 * NymVPN resynchronises its clock on exactly {@link #INVALID_TIMESTAMP}.
 */
public sealed interface NymRegistrationResponse {
    String INVALID_TIMESTAMP = "invalid timestamp";
    String DVPN_DISABLED = "dVPN via LP is not enabled on this node";
    String MIXNET_UNSUPPORTED = "mixnet registration is not yet supported";
    /** Nym's prefix before the WireGuard side's error text. */
    String REGISTRATION_FAILED_PREFIX = "LP registration has failed: ";
    /** The WireGuard side's text for a Finalisation with no InitialRequest before it on the session. */
    String NOT_IN_PROGRESS = "registration is not in progress for the provided peer key";
    /** Nym's gateway accepts a request timestamp this many seconds either side of its clock. */
    long TIMESTAMP_TOLERANCE_SECONDS = 30;

    /** PendingMoreData: the InitialRequest was accepted, send the credential. */
    record RequiresCredential() implements NymRegistrationResponse {
    }

    /** Completed, with the gateway's WireGuard side. */
    record Completed(WireGuardConfig config, boolean upgradeMode) implements NymRegistrationResponse {
        public Completed {
            requireNonNull(config, "config is null");
        }
    }

    /** Failed, in dVPN mode, with Nym's text. */
    record Failed(String error) implements NymRegistrationResponse {
        public Failed {
            requireNonNull(error, "error is null");
        }
    }

    /** Failed, in mixnet mode (the only mixnet answer Nym gives). */
    record MixnetFailed(String error) implements NymRegistrationResponse {
        public MixnetFailed {
            requireNonNull(error, "error is null");
        }
    }

    /** Nym's {@code WireguardRegistrationData}. */
    record WireGuardConfig(byte[] gatewayPublicKey, int port, Inet4Address privateIpv4, Inet6Address privateIpv6) {
        public WireGuardConfig {
            requireNonNull(gatewayPublicKey, "gatewayPublicKey is null");
            requireNonNull(privateIpv4, "privateIpv4 is null");
            requireNonNull(privateIpv6, "privateIpv6 is null");
            if (gatewayPublicKey.length != 32 || port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("a 32-byte key and a u16 port");
            }
            gatewayPublicKey = gatewayPublicKey.clone();
        }

        @Override
        public byte[] gatewayPublicKey() {
            return gatewayPublicKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof WireGuardConfig that && java.util.Arrays.equals(gatewayPublicKey, that.gatewayPublicKey)
                    && port == that.port && privateIpv4.equals(that.privateIpv4) && privateIpv6.equals(that.privateIpv6);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(gatewayPublicKey) * 31 + port;
        }

        @Override
        public String toString() {
            return "WireGuardConfig[" + HexFormat.of().formatHex(gatewayPublicKey) + ", port " + port + ", "
                    + privateIpv4.getHostAddress() + ", " + privateIpv6.getHostAddress() + "]";
        }
    }
}
