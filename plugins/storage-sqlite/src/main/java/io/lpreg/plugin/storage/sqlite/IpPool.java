package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.IpPair;
import io.lpreg.spi.StorageException;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

import static java.util.Objects.requireNonNull;

/**
 * The address arithmetic of the pool: slot {@code n} is the pair of the n-th usable IPv4 host and the n-th
 * usable IPv6 host. Offset 0 of each prefix is the network address, offset 1 the gateway's own address, and
 * the IPv4 broadcast address is never handed out, so slot 0 is offset 2. The pool is as large as the
 * smaller of the two usable ranges. The pool also owns the allocation policy; {@link SlotTable} keeps the rows.
 */
final class IpPool {
    private static final long FIRST_HOST_OFFSET = 2;
    /** Random draws before a random allocation falls back to the sequential scan (the pool is nearly full). */
    private static final int RANDOM_PROBES = 32;

    private final IpPrefix ipv4Prefix;
    private final IpPrefix ipv6Prefix;
    private final long size;

    IpPool(IpPrefix ipv4Prefix, IpPrefix ipv6Prefix) {
        this.ipv4Prefix = requireNonNull(ipv4Prefix, "ipv4Prefix is null");
        this.ipv6Prefix = requireNonNull(ipv6Prefix, "ipv6Prefix is null");
        if (!ipv4Prefix.isIpv4()) {
            throw new IllegalArgumentException("not an IPv4 prefix: " + ipv4Prefix);
        }
        if (!ipv6Prefix.isIpv6()) {
            throw new IllegalArgumentException("not an IPv6 prefix: " + ipv6Prefix);
        }
        BigInteger ipv4Hosts = ipv4Prefix.addressCount().subtract(BigInteger.valueOf(FIRST_HOST_OFFSET + 1));
        BigInteger ipv6Hosts = ipv6Prefix.addressCount().subtract(BigInteger.valueOf(FIRST_HOST_OFFSET));
        if (ipv4Hosts.signum() <= 0) {
            throw new IllegalArgumentException(ipv4Prefix + " leaves no client address (network, gateway and broadcast are reserved); use /30 or shorter");
        }
        if (ipv6Hosts.signum() <= 0) {
            throw new IllegalArgumentException(ipv6Prefix + " leaves no client address (network and gateway are reserved); use /126 or shorter");
        }
        this.size = ipv4Hosts.min(ipv6Hosts).longValueExact();
    }

    IpPrefix ipv4Prefix() {
        return ipv4Prefix;
    }

    IpPrefix ipv6Prefix() {
        return ipv6Prefix;
    }

    /** How many pairs the pool holds. */
    long size() {
        return size;
    }

    IpPair pair(long slot) {
        if (slot < 0 || slot >= size) {
            throw new IllegalArgumentException("slot " + slot + " is outside the pool of " + size);
        }
        return new IpPair((Inet4Address) ipv4Prefix.address(FIRST_HOST_OFFSET + slot),
                (Inet6Address) ipv6Prefix.address(FIRST_HOST_OFFSET + slot));
    }

    /** The slot of a pair this pool hands out; empty for any other pair. */
    Optional<Long> slotOf(IpPair pair) {
        Optional<Long> ipv4 = ipv4Prefix.offsetOf(pair.ipv4());
        Optional<Long> ipv6 = ipv6Prefix.offsetOf(pair.ipv6());
        if (ipv4.isEmpty() || !ipv4.equals(ipv6)) {
            return Optional.empty();
        }
        long slot = ipv4.get() - FIRST_HOST_OFFSET;
        return slot >= 0 && slot < size ? Optional.of(slot) : Optional.empty();
    }

    /**
     * Takes a free slot: with {@code random}, a few random draws first (a never-used slot, or one out of
     * quarantine); then the lowest never-used slot; then the slot released longest ago, if that was no
     * later than {@code reusableUntil} (its quarantine is over). Empty when every slot is taken.
     */
    OptionalLong allocate(SlotTable table, AllocationStrategy strategy, RandomGenerator random, long reusableUntil)
            throws StorageException {
        requireNonNull(table, "table is null");
        requireNonNull(strategy, "strategy is null");
        requireNonNull(random, "random is null");
        if (strategy == AllocationStrategy.RANDOM) {
            OptionalLong drawn = randomFreeSlot(table, random, reusableUntil);
            if (drawn.isPresent()) {
                return drawn;
            }
        }
        OptionalLong neverUsed = neverUsedSlot(table);
        if (neverUsed.isPresent()) {
            return neverUsed;
        }
        OptionalLong released = table.longestReleased(reusableUntil);
        if (released.isPresent()) {
            table.reuse(released.getAsLong());
        }
        return released;
    }

    private OptionalLong randomFreeSlot(SlotTable table, RandomGenerator random, long reusableUntil) throws StorageException {
        for (int probe = 0; probe < RANDOM_PROBES; probe++) {
            long slot = random.nextLong(size);
            switch (table.state(slot)) {
                case SlotTable.NeverUsed neverUsed -> {
                    table.insert(slot);
                    return OptionalLong.of(slot);
                }
                case SlotTable.Released released when released.at() <= reusableUntil -> {
                    table.reuse(slot);
                    return OptionalLong.of(slot);
                }
                case SlotTable.Released quarantined -> {
                }
                case SlotTable.Allocated allocated -> {
                }
            }
        }
        return OptionalLong.empty();
    }

    /** The lowest slot that never had a row (a random allocation may have taken slots above the mark). */
    private OptionalLong neverUsedSlot(SlotTable table) throws StorageException {
        long mark = table.nextNeverUsed();
        long next = mark;
        while (next < size && !(table.state(next) instanceof SlotTable.NeverUsed)) {
            next++;
        }
        OptionalLong slot = OptionalLong.empty();
        if (next < size) {
            table.insert(next);
            slot = OptionalLong.of(next);
            next++;
        }
        if (next != mark) {
            table.nextNeverUsed(next);
        }
        return slot;
    }

    /** The gateway's own pair: first host of each prefix, never allocated. */
    IpPair gatewayPair() {
        return new IpPair((Inet4Address) ipv4Prefix.address(1), (Inet6Address) ipv6Prefix.address(1));
    }

    @Override
    public String toString() {
        return ipv4Prefix + " + " + ipv6Prefix + " (" + size + " pairs)";
    }
}
