package io.lpreg.spi;

/** No free IPv4/IPv6 pair is left in the pool (quarantined addresses are not free). */
public final class PoolExhaustedException extends StorageException {
    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String message) {
        super(message);
    }
}
