package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.StorageException;

import java.util.OptionalLong;

/** The pool's rows as {@link IpPool}'s allocation policy sees them; {@link PoolTable} keeps them in SQL. */
interface SlotTable {
    /** Where a slot stands. */
    sealed interface SlotState {
    }

    /** The slot never had a row. */
    record NeverUsed() implements SlotState {
    }

    /** The slot's pair is handed out. */
    record Allocated() implements SlotState {
    }

    /** The slot's pair came back at {@code at} (epoch milliseconds); reusable once out of quarantine. */
    record Released(long at) implements SlotState {
    }

    SlotState state(long slot) throws StorageException;

    /** Takes a never-used slot: gives it its row. */
    void insert(long slot) throws StorageException;

    /** Takes a released slot again. */
    void reuse(long slot) throws StorageException;

    /** Every slot below this one has a row. */
    long nextNeverUsed() throws StorageException;

    void nextNeverUsed(long slot) throws StorageException;

    /** The released slot released longest ago, no later than {@code releasedUntil}. */
    OptionalLong longestReleased(long releasedUntil) throws StorageException;
}
