package io.lpreg.client;

import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;

import java.net.InetAddress;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What to register for.
 *
 * @param wireGuardKeys the client's WireGuard key pair; a fresh one when empty. Given over wire v2, the request
 *                      carries the proof that the client holds its private key (docs/wire-v2.md §2.1), so a
 *                      re-registration of the key may change its preshared key
 * @param presharedKey a WireGuard preshared key for the peer (wire v2 only)
 * @param clientIp what E2 puts in {@code client_ip}: by default, like the Nym client, the gateway's own address
 */
public record RegistrationOptions(RegistrationMode mode, TicketType ticketType, WireVersion wireVersion,
                                  Optional<KeyPair> wireGuardKeys, Optional<byte[]> presharedKey,
                                  Optional<InetAddress> clientIp) {
    public RegistrationOptions {
        requireNonNull(mode, "mode is null");
        requireNonNull(ticketType, "ticketType is null");
        requireNonNull(wireVersion, "wireVersion is null");
        requireNonNull(wireGuardKeys, "wireGuardKeys is null");
        requireNonNull(presharedKey, "presharedKey is null");
        requireNonNull(clientIp, "clientIp is null");
        if (presharedKey.isPresent() && wireVersion == WireVersion.V1) {
            throw new IllegalArgumentException("a WireGuard preshared key needs wire v2");
        }
        if (mode instanceof RegistrationMode.Custom && wireVersion == WireVersion.V1) {
            throw new IllegalArgumentException("plugin registration modes need wire v2");
        }
    }

    /** dVPN with a WireGuard entry ticket, the Nym client's default. */
    public static RegistrationOptions dvpn(WireVersion version) {
        return new RegistrationOptions(new RegistrationMode.Dvpn(), TicketType.WIREGUARD_ENTRY, version,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static RegistrationOptions mixnet(byte[] clientId, WireVersion version) {
        return new RegistrationOptions(new RegistrationMode.Mixnet(clientId), TicketType.MIXNET_ENTRY, version,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public RegistrationOptions withTicketType(TicketType type) {
        return new RegistrationOptions(mode, type, wireVersion, wireGuardKeys, presharedKey, clientIp);
    }

    public RegistrationOptions withWireGuardKeys(KeyPair keys) {
        return new RegistrationOptions(mode, ticketType, wireVersion, Optional.of(keys), presharedKey, clientIp);
    }

    public RegistrationOptions withPresharedKey(byte[] key) {
        return new RegistrationOptions(mode, ticketType, wireVersion, wireGuardKeys, Optional.of(key.clone()), clientIp);
    }
}
