package io.lpreg.protocol.v3.registration;

import io.lpreg.protocol.credential.CredentialSpendingData;
import io.lpreg.spi.TicketType;

import java.util.Arrays;
import java.util.Base64;

import static java.util.Objects.requireNonNull;

/**
 * Nym's two-step dVPN registration on one v3 session: {@link InitialRequest} (WireGuard key and PSK, no
 * credential) then {@link Finalisation} (the credential). A {@link MixnetRequest} is recognised by its tag
 * only: Nym does not serve it.
 */
public sealed interface NymRegistrationRequest {

    record InitialRequest(byte[] wgPublicKey, byte[] psk, long timestamp) implements NymRegistrationRequest {
        public InitialRequest {
            requireNonNull(wgPublicKey, "wgPublicKey is null");
            requireNonNull(psk, "psk is null");
            if (wgPublicKey.length != 32 || psk.length != 32) {
                throw new IllegalArgumentException("the WireGuard key and the PSK are 32 bytes each");
            }
            wgPublicKey = wgPublicKey.clone();
            psk = psk.clone();
        }

        @Override
        public byte[] wgPublicKey() {
            return wgPublicKey.clone();
        }

        @Override
        public byte[] psk() {
            return psk.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof InitialRequest that && Arrays.equals(wgPublicKey, that.wgPublicKey)
                    && Arrays.equals(psk, that.psk) && timestamp == that.timestamp;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(wgPublicKey) * 31 + Long.hashCode(timestamp);
        }

        /** Shows the WireGuard key, never the PSK. */
        @Override
        public String toString() {
            return "InitialRequest[wgPublicKey=" + Base64.getEncoder().encodeToString(wgPublicKey) + ", timestamp=" + timestamp + "]";
        }
    }

    record Finalisation(BandwidthCredential credential, TicketType kind, long timestamp) implements NymRegistrationRequest {
        public Finalisation {
            requireNonNull(credential, "credential is null");
            requireNonNull(kind, "kind is null");
        }
    }

    /** A mixnet-mode request; its content and timestamp are not read. */
    record MixnetRequest() implements NymRegistrationRequest {
    }

    /** Nym's {@code BandwidthCredential}. */
    sealed interface BandwidthCredential {
    }

    record ZkNym(CredentialSpendingData credential) implements BandwidthCredential {
        public ZkNym {
            requireNonNull(credential, "credential is null");
        }
    }

    record UpgradeModeJwt(String token) implements BandwidthCredential {
        public UpgradeModeJwt {
            requireNonNull(token, "token is null");
        }

        /** The token is a bearer secret. */
        @Override
        public String toString() {
            return "UpgradeModeJwt[" + token.length() + " chars]";
        }
    }
}
