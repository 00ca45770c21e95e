package io.lpreg.plugin.storage.sqlite;

/**
 * The pool at one instant: {@code free = size - allocated - quarantined}.
 *
 * @param size pairs in the pool
 * @param allocated pairs held by peers (or by a transaction in progress)
 * @param quarantined released pairs whose quarantine has not ended
 * @param free pairs an allocation may take
 */
public record PoolStatus(long size, long allocated, long quarantined, long free) {
    public PoolStatus {
        if (allocated < 0 || quarantined < 0 || free != size - allocated - quarantined || free < 0) {
            throw new IllegalArgumentException("inconsistent pool status: size " + size + ", allocated " + allocated
                    + ", quarantined " + quarantined + ", free " + free);
        }
    }
}
