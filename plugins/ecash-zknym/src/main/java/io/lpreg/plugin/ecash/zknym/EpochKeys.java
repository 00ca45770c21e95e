package io.lpreg.plugin.ecash.zknym;

import io.lpreg.plugin.ecash.zknym.NymApiClient.KeyAnswer;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.zknym.VerificationKey;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * The aggregated verification key of each epoch (docs/zknym.md §4): from the keys file, else fetched from the
 * configured nym-apis in turn and kept. A fetch runs on the first caller's thread, bounded by the timeout;
 * callers asking for the same epoch meanwhile wait for that fetch, never start their own.
 */
final class EpochKeys {
    /**
     * How many failed epochs are remembered. Every remembered failure is an epoch nobody fetches again until
     * {@code key_retry_after} has passed; when all of them are recent, a further epoch is refused without a
     * fetch. So a flood of made-up epoch ids costs the nym-apis at most this many requests per retry period
     * (per API) and the gateway this many entries, while the epochs already known keep working.
     */
    static final int MAX_REMEMBERED_FAILURES = 1024;

    sealed interface Lookup {
        record Found(VerificationKey key) implements Lookup {
        }

        record Unknown(String detail) implements Lookup {
        }

        record Unavailable(String detail) implements Lookup {
        }
    }

    private record Failure(Lookup answer, Instant until) {
    }

    private final Map<Long, VerificationKey> fromFile;
    private final List<URI> apis;
    private final NymApiClient client;
    private final Duration timeout;
    private final Duration retryAfter;
    private final int maxRememberedFailures;
    private final PluginMetrics.Counter fetches;
    private final PluginMetrics.Counter fetchFailures;
    private final Map<Long, VerificationKey> fetched = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Lookup>> inFlight = new ConcurrentHashMap<>();
    /** Insertion order is expiry order: every entry lives {@code retryAfter} from when it was put. */
    private final LinkedHashMap<Long, Failure> failures = new LinkedHashMap<>();

    EpochKeys(Map<Long, VerificationKey> fromFile, List<URI> apis, NymApiClient client, Duration timeout,
              Duration retryAfter, PluginMetrics metrics) {
        this(fromFile, apis, client, timeout, retryAfter, metrics, MAX_REMEMBERED_FAILURES);
    }

    EpochKeys(Map<Long, VerificationKey> fromFile, List<URI> apis, NymApiClient client, Duration timeout,
              Duration retryAfter, PluginMetrics metrics, int maxRememberedFailures) {
        this.fromFile = Map.copyOf(fromFile);
        this.apis = List.copyOf(apis);
        this.client = requireNonNull(client, "client is null");
        this.timeout = requireNonNull(timeout, "timeout is null");
        this.retryAfter = requireNonNull(retryAfter, "retryAfter is null");
        this.maxRememberedFailures = maxRememberedFailures;
        this.fetches = metrics.counter("zknym_key_fetches", "epoch verification keys asked of a nym-api");
        this.fetchFailures = metrics.counter("zknym_key_fetch_failures",
                "epoch key fetches that got no key (no nym-api answered, or none knew the epoch)");
    }

    int fromFileCount() {
        return fromFile.size();
    }

    Lookup key(long epoch, Instant now) {
        VerificationKey known = known(epoch);
        if (known != null) {
            return new Lookup.Found(known);
        }
        if (apis.isEmpty()) {
            return new Lookup.Unknown("epoch " + Long.toUnsignedString(epoch) + " is not in the keys file and no nym_api is configured");
        }
        Lookup remembered = rememberedFailure(epoch, now);
        if (remembered != null) {
            return remembered;
        }
        CompletableFuture<Lookup> mine = new CompletableFuture<>();
        CompletableFuture<Lookup> running = inFlight.putIfAbsent(epoch, mine);
        if (running != null) {
            return await(running, epoch);
        }
        try {
            Lookup answer = fetchOnce(epoch, now);
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(epoch, mine);
        }
    }

    private VerificationKey known(long epoch) {
        VerificationKey key = fromFile.get(epoch);
        return key != null ? key : fetched.get(epoch);
    }

    private Lookup fetchOnce(long epoch, Instant now) {
        // a fetch that finished between our first look and our claim on the epoch
        VerificationKey known = known(epoch);
        if (known != null) {
            return new Lookup.Found(known);
        }
        Lookup answer = fetch(epoch);
        if (answer instanceof Lookup.Found found) {
            fetched.put(epoch, found.key());
        } else {
            fetchFailures.increment();
            synchronized (failures) {
                failures.remove(epoch);
                failures.put(epoch, new Failure(answer, now.plus(retryAfter)));
            }
        }
        return answer;
    }

    private Lookup rememberedFailure(long epoch, Instant now) {
        synchronized (failures) {
            Iterator<Failure> oldestFirst = failures.values().iterator();
            while (oldestFirst.hasNext() && !oldestFirst.next().until().isAfter(now)) {
                oldestFirst.remove();
            }
            Failure failure = failures.get(epoch);
            if (failure != null) {
                return failure.answer();
            }
            if (failures.size() >= maxRememberedFailures) {
                return new Lookup.Unavailable("no key fetched for epoch " + Long.toUnsignedString(epoch) + ": "
                        + failures.size() + " other epochs failed within " + retryAfter.toSeconds() + " s");
            }
            return null;
        }
    }

    private Lookup fetch(long epoch) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> unknown = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (URI api : apis) {
            fetches.increment();
            KeyAnswer answer = client.masterVerificationKey(api, epoch, deadline);
            switch (answer) {
                case KeyAnswer.Key key -> {
                    return new Lookup.Found(key.key());
                }
                case KeyAnswer.NoSuchEpoch none -> unknown.add(none.detail());
                case KeyAnswer.Failed failure -> failed.add(failure.detail());
            }
        }
        String epochText = "epoch " + Long.toUnsignedString(epoch);
        if (!unknown.isEmpty()) {
            return new Lookup.Unknown(epochText + " is unknown to the nym-api (" + String.join("; ", unknown) + ")");
        }
        return new Lookup.Unavailable("no nym-api gave the key of " + epochText + " within "
                + timeout.toMillis() + " ms (" + String.join("; ", failed) + ")");
    }

    private Lookup await(CompletableFuture<Lookup> running, long epoch) {
        try {
            return running.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return new Lookup.Unavailable("the key of epoch " + Long.toUnsignedString(epoch) + " is still being fetched");
        } catch (ExecutionException e) {
            return new Lookup.Unavailable("fetching the key of epoch " + Long.toUnsignedString(epoch) + " failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup.Unavailable("interrupted while the key of epoch " + Long.toUnsignedString(epoch) + " was fetched");
        }
    }
}
