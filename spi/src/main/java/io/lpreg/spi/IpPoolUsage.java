package io.lpreg.spi;

/**
 * The IP pool at one instant, counted in IPv4/IPv6 pairs (a peer always holds one of each, so both
 * families have the same counts): {@code free = size - allocated - quarantined}.
 *
 * @param size pairs the pool can hand out
 * @param allocated pairs held by peers
 * @param quarantined released pairs not yet handed out again (their quarantine has not ended)
 */
public record IpPoolUsage(long size, long allocated, long quarantined) {
    public IpPoolUsage {
        if (size < 0 || allocated < 0 || quarantined < 0 || allocated + quarantined > size) {
            throw new IllegalArgumentException("inconsistent pool usage: size " + size + ", allocated " + allocated
                    + ", quarantined " + quarantined);
        }
    }

    /** Pairs an allocation may take now. */
    public long free() {
        return size - allocated - quarantined;
    }
}
