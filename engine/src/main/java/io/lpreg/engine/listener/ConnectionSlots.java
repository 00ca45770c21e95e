package io.lpreg.engine.listener;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How the listener shares its connection slots between sources (issue 22 A2). Open connections are counted
 * per address (an IPv4 /32, an IPv6 /64), per network (an IPv4 /24, an IPv6 /56) and per IPv6 site (/48),
 * each with a cap well below {@code max_connections}, so that one provider's block cannot hold every slot. A
 * connection must send its ClientHello within {@code helloTimeout}. A source that registered successfully
 * within {@code provenFor} is preferred when the gateway is full: its new connection takes the slot of the
 * oldest connection from an unproven source that has not yet been answered msg 2.
 *
 * @param perAddress open connections per IPv4 address or IPv6 /64
 * @param perNetwork open connections per IPv4 /24 or IPv6 /56 (loopback IPv4 is counted by address only)
 * @param perSite open connections per IPv6 /48
 * @param helloTimeout from accept to the ClientHello
 * @param provenFor how long a successful registration makes its source preferred
 */
public record ConnectionSlots(int perAddress, int perNetwork, int perSite, Duration helloTimeout, Duration provenFor) {
    public ConnectionSlots {
        if (perAddress <= 0 || perNetwork <= 0 || perSite <= 0) {
            throw new IllegalArgumentException("connection caps must be positive");
        }
        requireNonNull(helloTimeout, "helloTimeout is null");
        requireNonNull(provenFor, "provenFor is null");
        if (helloTimeout.isNegative() || helloTimeout.isZero() || provenFor.isNegative()) {
            throw new IllegalArgumentException("helloTimeout must be positive, provenFor not negative");
        }
    }

    /** 100 per address, 400 per network, 1 000 per site, 3 s to the hello, proven for 10 minutes. */
    public static ConnectionSlots defaults() {
        return new ConnectionSlots(100, 400, 1000, Duration.ofSeconds(3), Duration.ofMinutes(10));
    }

    /** The same cap at every prefix length (a guard built before caps per prefix existed). */
    static ConnectionSlots uniform(int perSource) {
        ConnectionSlots defaults = defaults();
        return new ConnectionSlots(perSource, Integer.MAX_VALUE, Integer.MAX_VALUE, defaults.helloTimeout(),
                defaults.provenFor());
    }
}
