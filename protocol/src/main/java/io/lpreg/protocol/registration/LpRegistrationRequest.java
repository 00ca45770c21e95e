package io.lpreg.protocol.registration;

import io.lpreg.spi.TicketType;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The registration request inside the first EncryptedData packet (docs/wire-v1.md §9.1; v2: docs/wire-v2.md).
 *
 * @param wgPublicKey the client's WireGuard public key (32 bytes)
 * @param credential what the client pays with
 * @param ticketType the ticket type the credential is spent as
 * @param mode dVPN, mixnet or a plugin mode
 * @param clientIp the address E2 clients fill with the gateway's own IP (docs/wire-v1.md §9.1)
 * @param timestamp unix seconds at creation, checked ±30 s by the gateway
 * @param wgPresharedKey v2 only: a WireGuard preshared key the client wants on its peer
 * @param wgKeyProof v2 only: {@link WireGuardKeyProof}, the proof that the client holds the WireGuard private
 *                   key; without it a re-registration never changes the peer's preshared key
 */
public record LpRegistrationRequest(byte[] wgPublicKey, RequestCredential credential, TicketType ticketType,
                                    RegistrationMode mode, InetAddress clientIp, long timestamp,
                                    Optional<byte[]> wgPresharedKey, Optional<byte[]> wgKeyProof) {
    public static final int KEY_SIZE = 32;

    public LpRegistrationRequest {
        requireNonNull(wgPublicKey, "wgPublicKey is null");
        requireNonNull(credential, "credential is null");
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(clientIp, "clientIp is null");
        requireNonNull(wgPresharedKey, "wgPresharedKey is null");
        requireNonNull(wgKeyProof, "wgKeyProof is null");
        if (wgPublicKey.length != KEY_SIZE) {
            throw new IllegalArgumentException("WireGuard public key must be 32 bytes, got " + wgPublicKey.length);
        }
        if (wgPresharedKey.isPresent() && wgPresharedKey.get().length != KEY_SIZE) {
            throw new IllegalArgumentException("WireGuard preshared key must be 32 bytes");
        }
        if (wgKeyProof.isPresent() && wgKeyProof.get().length != WireGuardKeyProof.SIZE) {
            throw new IllegalArgumentException("WireGuard key proof must be 32 bytes");
        }
        wgPublicKey = wgPublicKey.clone();
        wgPresharedKey = wgPresharedKey.map(byte[]::clone);
        wgKeyProof = wgKeyProof.map(byte[]::clone);
    }

    /** A request without a key proof (every v1 request, and v2 from a client that holds no private key). */
    public LpRegistrationRequest(byte[] wgPublicKey, RequestCredential credential, TicketType ticketType,
                                 RegistrationMode mode, InetAddress clientIp, long timestamp,
                                 Optional<byte[]> wgPresharedKey) {
        this(wgPublicKey, credential, ticketType, mode, clientIp, timestamp, wgPresharedKey, Optional.empty());
    }

    /** This request with {@code proof} as its key proof. */
    public LpRegistrationRequest withKeyProof(byte[] proof) {
        return new LpRegistrationRequest(wgPublicKey, credential, ticketType, mode, clientIp, timestamp, wgPresharedKey,
                Optional.of(proof));
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
    public Optional<byte[]> wgKeyProof() {
        return wgKeyProof.map(byte[]::clone);
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
                && Arrays.equals(wgPresharedKey.orElse(null), other.wgPresharedKey.orElse(null))
                && Arrays.equals(wgKeyProof.orElse(null), other.wgKeyProof.orElse(null));
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
                + ", wgPresharedKey=" + (wgPresharedKey.isPresent() ? "set" : "none")
                + ", wgKeyProof=" + (wgKeyProof.isPresent() ? "set" : "none") + "]";
    }
}
