package io.lpreg.protocol.registration;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The registration request inside the first EncryptedData packet (LP-WIRE.md §A.6.1; v2: docs/wire-v2.md).
 *
 * @param wgPublicKey the client's WireGuard public key (32 bytes)
 * @param credential what the client pays with
 * @param ticketType the ticket type the credential is spent as
 * @param mode dVPN, mixnet or a plugin mode
 * @param clientIp the address E2 clients fill with the gateway's own IP (LP-WIRE.md §A.13.3)
 * @param timestamp unix seconds at creation, checked ±30 s by the gateway
 * @param wgPresharedKey v2 only: a WireGuard preshared key the client wants on its peer
 */
public record LpRegistrationRequest(byte[] wgPublicKey, RequestCredential credential, TicketType ticketType,
                                    RegistrationMode mode, InetAddress clientIp, long timestamp,
                                    Optional<byte[]> wgPresharedKey) {
    public static final int KEY_SIZE = 32;

    public LpRegistrationRequest {
        requireNonNull(wgPublicKey, "wgPublicKey is null");
        requireNonNull(credential, "credential is null");
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(clientIp, "clientIp is null");
        requireNonNull(wgPresharedKey, "wgPresharedKey is null");
        if (wgPublicKey.length != KEY_SIZE) {
            throw new IllegalArgumentException("WireGuard public key must be 32 bytes, got " + wgPublicKey.length);
        }
        if (wgPresharedKey.isPresent() && wgPresharedKey.get().length != KEY_SIZE) {
            throw new IllegalArgumentException("WireGuard preshared key must be 32 bytes");
        }
        wgPublicKey = wgPublicKey.clone();
        wgPresharedKey = wgPresharedKey.map(byte[]::clone);
    }

    @Override
    public byte[] wgPublicKey() {
        return wgPublicKey.clone();
    }

    @Override
    public Optional<byte[]> wgPresharedKey() {
        return wgPresharedKey.map(byte[]::clone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LpRegistrationRequest other
                && Arrays.equals(wgPublicKey, other.wgPublicKey)
                && credential.equals(other.credential)
                && ticketType == other.ticketType
                && mode.equals(other.mode)
                && clientIp.equals(other.clientIp)
                && timestamp == other.timestamp
                && Arrays.equals(wgPresharedKey.orElse(null), other.wgPresharedKey.orElse(null));
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(wgPublicKey) * 31 + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return "LpRegistrationRequest[wgPublicKey=" + Base64.getEncoder().encodeToString(wgPublicKey)
                + ", credential=" + credential.scheme() + ", ticketType=" + ticketType + ", mode=" + mode
                + ", clientIp=" + clientIp.getHostAddress() + ", timestamp=" + timestamp
                + ", wgPresharedKey=" + (wgPresharedKey.isPresent() ? "set" : "none") + "]";
    }
}
