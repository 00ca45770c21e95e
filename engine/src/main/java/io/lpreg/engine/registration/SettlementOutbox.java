package io.lpreg.engine.registration;

import io.lpreg.engine.metrics.GatewayMetrics;
import io.lpreg.engine.metrics.SettlementOutcome;
import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.GatewayStorage;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
import io.lpreg.spi.SettlementVote;
import io.lpreg.spi.StorageException;
import io.lpreg.spi.StorageTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static java.util.Objects.requireNonNull;

/**
 * Drains the settlement outbox: spends whose verifier asked for a report ({@code Accepted.report}) are handed to
 * {@link EcashVerifier#settle} on a thread of their own, never on the registration path. Each round claims a
 * batch in one transaction (a lease, so a gateway sharing the storage does not take the same rows meanwhile),
 * settles each outside any transaction, then records each result in a transaction of its own: a rejected spend's
 * penalty is debited in the same transaction that decides it. An undecided spend, a verifier that throws and a
 * scheme without a verifier are tried again after an exponential back-off. Nothing stops the drainer but
 * {@link #close()}: a failed round is logged and the next one tries again.
 */
public final class SettlementOutbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SettlementOutbox.class);

    /**
     * @param pollInterval the longest wait between two rounds; a registration that enqueues wakes it early
     * @param lease how long claimed rows stay away from other claims (the whole round must fit in it)
     * @param batch rows claimed per round
     * @param retryMin the delay after a first failed attempt, doubled on each further one
     * @param retryMax the longest delay between two attempts
     */
    public record Settings(Duration pollInterval, Duration lease, int batch, Duration retryMin, Duration retryMax) {
        public Settings {
            requirePositive(pollInterval, "pollInterval");
            requirePositive(lease, "lease");
            requirePositive(retryMin, "retryMin");
            requirePositive(retryMax, "retryMax");
            if (batch <= 0) {
                throw new IllegalArgumentException("batch must be positive, got " + batch);
            }
            if (retryMax.compareTo(retryMin) < 0) {
                throw new IllegalArgumentException("retryMax is shorter than retryMin");
            }
        }

        public static Settings of(Duration retryMin, Duration retryMax) {
            return new Settings(Duration.ofSeconds(1), Duration.ofMinutes(5), 16, retryMin, retryMax);
        }

        /** The delay before the next attempt of a row tried {@code attempts} times before this failure. */
        public Duration backoff(int attempts) {
            Duration delay = retryMin;
            for (int i = 0; i < attempts && delay.compareTo(retryMax) < 0; i++) {
                delay = delay.multipliedBy(2);
            }
            return delay.compareTo(retryMax) > 0 ? retryMax : delay;
        }

        private static void requirePositive(Duration value, String name) {
            requireNonNull(value, name + " is null");
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + value);
            }
        }
    }

    /** What one round did, for tests and the log. */
    public record Round(int claimed, int confirmed, int rejected, int retried, int failed) {
    }

    private final GatewayStorage storage;
    private final Map<String, EcashVerifier> verifiersByScheme;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final Settings settings;
    /** Failure kinds already logged at WARN; a kind is logged again only after it has gone away. */
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
    private final Object roundLock = new Object();
    private volatile boolean closed;
    private volatile Thread thread;

    public SettlementOutbox(GatewayStorage storage, Map<String, EcashVerifier> verifiersByScheme,
                            GatewayMetrics metrics, Clock clock, Settings settings) {
        this.storage = requireNonNull(storage, "storage is null");
        this.verifiersByScheme = Map.copyOf(requireNonNull(verifiersByScheme, "verifiersByScheme is null"));
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.settings = requireNonNull(settings, "settings is null");
        metrics.declareSettlementSchemes(this.verifiersByScheme.keySet());
    }

    /** Starts the drainer thread; its first round runs at once (rows left by an earlier run are due). */
    public synchronized void start() {
        if (thread != null || closed) {
            throw new IllegalStateException("already started");
        }
        thread = new Thread(this::run, "lpreg-settlements");
        thread.setDaemon(true);
        thread.start();
    }

    /** A registration committed a settlement: the next round starts now rather than after the poll interval. */
    public void wake() {
        Thread current = thread;
        if (current != null) {
            LockSupport.unpark(current);
        }
    }

    private void run() {
        while (!closed) {
            try {
                Round round = drain();
                if (round.claimed() >= settings.batch()) {
                    continue;
                }
            } catch (RuntimeException e) {
                log.error("settlement round failed unexpectedly", e);
            }
            // A wake() during the round leaves a permit: this returns at once and the next round sees the row.
            LockSupport.parkNanos(this, settings.pollInterval().toNanos());
        }
    }

    /** One round: claim a batch of due rows, settle each, record each result. */
    public Round drain() {
        synchronized (roundLock) {
            return drainClaimed();
        }
    }

    private Round drainClaimed() {
        Instant now = clock.instant();
        List<SettlementEntry> claimed;
        try {
            claimed = storage.inTransaction(transaction ->
                    transaction.claimSettlements(now, now.plus(settings.lease()), settings.batch()));
            recovered("claim", "claiming settlements works again");
        } catch (StorageException | RuntimeException e) {
            failed("claim", "claiming settlements failed, retrying: {}", e);
            return new Round(0, 0, 0, 0, 0);
        }
        int[] counts = new int[SettlementOutcome.values().length];
        for (SettlementEntry entry : claimed) {
            if (closed) {
                break;
            }
            SettlementOutcome outcome;
            try {
                outcome = settle(entry);
            } catch (RuntimeException e) {
                log.error("settling entry {} failed unexpectedly", entry.id(), e);
                outcome = SettlementOutcome.ERROR;
            }
            counts[outcome.ordinal()]++;
        }
        return new Round(claimed.size(), counts[SettlementOutcome.CONFIRMED.ordinal()],
                counts[SettlementOutcome.REJECTED.ordinal()], counts[SettlementOutcome.RETRY.ordinal()],
                counts[SettlementOutcome.ERROR.ordinal()]);
    }

    private SettlementOutcome settle(SettlementEntry entry) {
        String scheme = entry.settlement().scheme();
        EcashVerifier verifier = verifiersByScheme.get(scheme);
        if (verifier == null) {
            failed("no-verifier:" + scheme, "settlements of scheme '{}' stay pending: no enabled verifier serves it",
                    scheme);
            return retryAfterError(entry, scheme);
        }
        SettlementResult result;
        try {
            result = verifier.settle(entry);
            requireNonNull(result, "settle returned null");
            recovered("settle:" + scheme, "settling spends of scheme '" + scheme + "' works again");
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failed("settle:" + scheme, "verifier " + verifier.name() + " could not settle a spend of scheme '"
                    + scheme + "', retrying with back-off: {}", e);
            return retryAfterError(entry, scheme);
        }
        SettlementOutcome outcome = switch (result.state()) {
            case CONFIRMED -> SettlementOutcome.CONFIRMED;
            case REJECTED -> SettlementOutcome.REJECTED;
            case PENDING -> SettlementOutcome.RETRY;
        };
        long penalty;
        try {
            penalty = storage.inTransaction(transaction -> record(transaction, entry, result));
            recovered("record", "recording settlements works again");
        } catch (StorageException | RuntimeException e) {
            // The row stays claimed until its lease ends; the verifier asks the signers again then.
            failed("record", "recording a settlement failed, retrying after the lease: {}", e);
            metrics.settlementAttempted(scheme, SettlementOutcome.ERROR);
            return SettlementOutcome.ERROR;
        }
        long accepted = result.newVotes().stream().filter(SettlementVote::accepted).count();
        metrics.settlementVotes(scheme, (int) accepted, result.newVotes().size() - (int) accepted);
        metrics.settlementAttempted(scheme, outcome);
        if (outcome == SettlementOutcome.REJECTED) {
            metrics.settlementPenalty(penalty);
            log.info("scheme '{}' rejected a spend of {}: {} bytes taken off its balance ({} asked)", scheme,
                    entry.settlement().client(), penalty, result.penaltyBytes());
        }
        return outcome;
    }

    /** Writes the votes and the decision; returns the bytes a rejection actually took off the balance. */
    private long record(StorageTransaction transaction, SettlementEntry entry, SettlementResult result)
            throws StorageException {
        if (!result.newVotes().isEmpty()) {
            transaction.recordSettlementVotes(entry.id(), result.newVotes());
        }
        switch (result.state()) {
            case CONFIRMED -> transaction.decideSettlement(entry.id(), result.state());
            case REJECTED -> {
                transaction.decideSettlement(entry.id(), result.state());
                return debit(transaction, entry.settlement().client(), result.penaltyBytes());
            }
            case PENDING -> transaction.retrySettlement(entry.id(), nextAttempt(entry));
        }
        return 0;
    }

    private static long debit(StorageTransaction transaction, ClientId client, long penalty) throws StorageException {
        if (penalty == 0) {
            return 0;
        }
        long before = transaction.bandwidth(client).map(Bandwidth::availableBytes).orElse(0L);
        long after = transaction.debitBandwidth(client, penalty).availableBytes();
        return Math.max(0, before - after);
    }

    private SettlementOutcome retryAfterError(SettlementEntry entry, String scheme) {
        metrics.settlementAttempted(scheme, SettlementOutcome.ERROR);
        try {
            storage.inTransaction(transaction -> {
                transaction.retrySettlement(entry.id(), nextAttempt(entry));
                return null;
            });
        } catch (StorageException | RuntimeException e) {
            failed("record", "recording a settlement failed, retrying after the lease: {}", e);
        }
        return SettlementOutcome.ERROR;
    }

    private Instant nextAttempt(SettlementEntry entry) {
        return clock.instant().plus(settings.backoff(entry.attempts()));
    }

    private void failed(String kind, String message, Object argument) {
        Object shown = argument instanceof Exception e ? String.valueOf(e.getMessage() != null ? e.getMessage() : e)
                : argument;
        if (reportedFailures.add(kind)) {
            log.warn(message + " (logged once until it recovers)", shown);
        } else {
            log.debug(message, shown);
        }
    }

    private void recovered(String kind, String message) {
        if (reportedFailures.remove(kind)) {
            log.info(message);
        }
    }

    /** Stops the drainer: the round in progress finishes its current row; claimed rows not reached wait out their lease. */
    @Override
    public void close() {
        Thread current;
        synchronized (this) {
            closed = true;
            current = thread;
        }
        if (current == null || current == Thread.currentThread()) {
            return;
        }
        LockSupport.unpark(current);
        try {
            current.join(TimeUnit.SECONDS.toMillis(5));
            if (current.isAlive()) {
                // a settle() stuck on the network: interrupt it rather than hold the shutdown
                current.interrupt();
                current.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
