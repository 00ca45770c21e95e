package io.lpreg.plugin.storage.sqlite;

import io.lpreg.spi.StorageException;
import org.sqlite.SQLiteErrorCode;

import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit on the one writer connection. SQLite allows one writer at a time, so members queue on a
 * fair lock here instead of failing with {@code SQLITE_BUSY}. Members run one at a time in one shared
 * SQLite transaction (begun {@code IMMEDIATE}, so that a second process writing the same file is waited for
 * at the start, never halfway through), each after the first in a savepoint of its own, and the transaction
 * commits when no member is waiting for the lock (or the batch is full). Every member returns only after
 * that commit, so "returned" still means "committed" (with {@code synchronous=full}, on the disk), while
 * one fsync covers many registrations. A lone member commits at once: batching never makes a single client
 * wait. A member that fails rolls back its savepoint (the first, the transaction) and leaves the others'
 * work in the batch.
 */
final class GroupCommit {
    private static final int MAX_BATCH = 256;

    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** The open shared transaction; guarded by {@link #writeLock}. */
    private Batch openBatch;

    /** The writer's statements, or why there is no writer (the storage is stopped). */
    @FunctionalInterface
    interface Writer {
        Statements statements() throws StorageException;
    }

    /** One member's work inside its savepoint. */
    @FunctionalInterface
    interface Member<T, X extends Exception> {
        T run(Statements statements) throws X, StorageException;
    }

    /** What runs while no member is in the write section. */
    @FunctionalInterface
    interface Action<X extends Exception> {
        void run() throws X;
    }

    <T, X extends Exception> T run(Writer writer, Member<T, X> member) throws X, StorageException {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("inTransaction is not reentrant: this thread's work already runs in a transaction");
        }
        // Not interruptible: a queued member is what keeps a batch open (see decideCommit), so it must come.
        writeLock.lock();
        boolean locked = true;
        try {
            Statements statements = writer.statements();
            // The batch's first member has the transaction to itself, so the transaction is its savepoint: a
            // lone client (the usual case under light load) runs no SAVEPOINT and RELEASE.
            boolean first = openBatch == null;
            if (first) {
                execute(statements, "BEGIN IMMEDIATE", "begin a transaction");
                openBatch = new Batch();
            } else {
                execute(statements, "SAVEPOINT work", "open a savepoint");
            }
            Batch batch = openBatch;
            T result;
            try {
                result = member.run(statements);
                if (!first) {
                    execute(statements, "RELEASE work", "release a savepoint");
                }
            } catch (Throwable t) {
                if (first) {
                    rollback(statements, t);
                    openBatch = null;
                } else {
                    rollbackToSavepoint(statements, batch, t);
                    decideCommit(statements, batch);
                }
                throw t;
            }
            decideCommit(statements, batch);
            writeLock.unlock();
            locked = false;
            batch.awaitCommit();
            return result;
        } finally {
            if (locked) {
                // Failed before its work ran (savepoint, storage stopped): do not strand an open batch.
                Batch batch = openBatch;
                if (batch != null && !writeLock.hasQueuedThreads()) {
                    try {
                        decideCommit(writer.statements(), batch);
                    } catch (StorageException stopped) {
                        // stop() committed the batch before the writer went
                    }
                }
                writeLock.unlock();
            }
        }
    }

    /**
     * Runs {@code action} with no member in the write section, after committing the open batch (its
     * members, queued behind us, still hear how it ended): for start and stop.
     */
    <X extends Exception> void quiesce(Writer writer, Action<X> action) throws X {
        writeLock.lock();
        try {
            Batch batch = openBatch;
            if (batch != null) {
                openBatch = null;
                try {
                    commit(writer.statements());
                    batch.finish(null);
                } catch (StorageException e) {
                    batch.finish(e);
                }
            }
            action.run();
        } finally {
            writeLock.unlock();
        }
    }

    private void decideCommit(Statements statements, Batch batch) {
        batch.members++;
        if (openBatch != batch || (writeLock.hasQueuedThreads() && batch.members < MAX_BATCH)) {
            return;
        }
        openBatch = null;
        try {
            commit(statements);
            batch.finish(null);
        } catch (StorageException e) {
            batch.finish(e);
        }
    }

    private void rollbackToSavepoint(Statements statements, Batch batch, Throwable cause) {
        try {
            statements.execute("ROLLBACK TO work");
            statements.execute("RELEASE work");
        } catch (SQLException e) {
            // SQLite rolled the whole transaction back on its own (SQLITE_FULL, SQLITE_IOERR, ...): the batch
            // is gone, and its other members must hear so.
            cause.addSuppressed(e);
            rollback(statements, cause);
            if (openBatch == batch) {
                openBatch = null;
                batch.finish(new StorageException("the transaction was aborted by a storage error: " + Migrator.rootMessage(e), e));
            }
        }
    }

    private static void commit(Statements statements) throws StorageException {
        try {
            statements.execute("COMMIT");
        } catch (SQLException e) {
            StorageException failure = new StorageException(
                    SqliteTransaction.hasResultCode(e, SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY)
                            ? "commit refused: a spent credential's client has no bandwidth row (recordSpend and creditBandwidth belong in one transaction)"
                            : "could not commit: " + Migrator.rootMessage(e), e);
            rollback(statements, failure);
            throw failure;
        }
    }

    private static void rollback(Statements statements, Throwable cause) {
        try {
            statements.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite already rolled back on its own after some errors (SQLITE_FULL, SQLITE_IOERR, ...)
            if (!String.valueOf(Migrator.rootMessage(e)).contains("no transaction is active")) {
                cause.addSuppressed(e);
            }
        }
    }

    private static void execute(Statements statements, String sql, String what) throws StorageException {
        try {
            statements.execute(sql);
        } catch (SQLException e) {
            throw SqliteTransaction.failure(what, e);
        }
    }

    private static final class Batch {
        private int members;
        private boolean done;
        private StorageException failure;

        synchronized void finish(StorageException failure) {
            this.failure = failure;
            this.done = true;
            notifyAll();
        }

        synchronized void awaitCommit() throws StorageException {
            boolean interrupted = false;
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new StorageException(failure.getMessage(), failure);
            }
        }
    }
}
