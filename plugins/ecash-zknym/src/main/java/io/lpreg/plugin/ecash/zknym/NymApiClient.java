package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.zknym.MalformedZkNymException;
import io.lpreg.zknym.VerificationKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * The two nym-api routes a gateway uses (nym-api/nym-api-requests/src/ecash/models.rs): the master
 * verification key of an epoch, and verify-ecash-ticket. Every call is bounded: by a deadline for the key
 * (verify() waits on it), by a timeout for a vote, and by {@link #MAX_BODY} for what an answer may weigh.
 */
final class NymApiClient {
    /** A key with 64 betas is about 28 KB of hex; an answer is never legitimately larger. */
    static final int MAX_BODY = 64 * 1024;
    static final String KEY_ROUTE = "/v1/ecash/master-verification-key";
    static final String VERIFY_ROUTE = "/v1/ecash/verify-ecash-ticket";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;

    NymApiClient(Duration connectTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requireNonNull(connectTimeout, "connectTimeout is null"))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** What one nym-api said about an epoch's key. */
    sealed interface KeyAnswer {
        record Key(VerificationKey key) implements KeyAnswer {
        }

        /** The API answered that it has no key for the epoch. */
        record NoSuchEpoch(String detail) implements KeyAnswer {
        }

        /** No usable answer: unreachable, too slow, an error, or a malformed key. */
        record Failed(String detail) implements KeyAnswer {
        }
    }

    /** What one signer said about a reported ticket; {@code detail} is its rejection as it wrote it. */
    record Vote(boolean accepted, String detail) {
        Vote {
            requireNonNull(detail, "detail is null");
        }
    }

    KeyAnswer masterVerificationKey(URI base, long epoch, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
            return new KeyAnswer.Failed(base + ": no time left");
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + KEY_ROUTE + "?epoch_id=" + Long.toUnsignedString(epoch)))
                .timeout(Duration.ofNanos(remaining))
                .header("Accept", "application/json")
                .GET()
                .build();
        HttpResponse<Body> response;
        try {
            response = await(http.sendAsync(request, bounded()), remaining);
        } catch (IOException e) {
            return new KeyAnswer.Failed(base + ": " + e.getMessage());
        }
        int status = response.statusCode();
        String text = response.body().text();
        if (status == 200) {
            try {
                return new KeyAnswer.Key(VerificationKey.fromMasterVerificationKeyJson(text));
            } catch (MalformedZkNymException | RuntimeException e) {
                return new KeyAnswer.Failed(base + ": answered a key that does not decode: " + e.getMessage());
            }
        }
        if (status == 404 || (status == 400 && saysNoSuchEpoch(text))) {
            return new KeyAnswer.NoSuchEpoch(base + ": " + status + " " + abbreviate(text));
        }
        return new KeyAnswer.Failed(base + ": HTTP " + status + " " + abbreviate(text));
    }

    /**
     * nym-api answers an epoch it knows nothing of with 400 and a plain-text EcashError (nym-api/src/ecash/error.rs):
     * no threshold for the epoch on the DKG contract, or fewer key shares than the threshold. Any other 400 (a DKG
     * in progress, say) says nothing about the epoch.
     */
    private static boolean saysNoSuchEpoch(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.contains("threshold value for epoch") || lower.contains("could not obtain enough shares");
    }

    /** POSTs {@code body} (a VerifyEcashTicketBody) to the signer; completes empty when it gave no vote. */
    CompletableFuture<Optional<Vote>> verifyTicket(URI base, byte[] body, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + VERIFY_ROUTE))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.sendAsync(request, bounded())
                .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .handle((response, failure) -> failure != null ? Optional.<Vote>empty() : vote(response));
    }

    private static Optional<Vote> vote(HttpResponse<Body> response) {
        if (response.statusCode() / 100 != 2) {
            return Optional.empty();
        }
        JsonNode verified;
        try {
            verified = JSON.readTree(response.body().text()).path("verified");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (verified.isObject() && verified.size() == 1 && verified.has("Ok")) {
            return Optional.of(new Vote(true, ""));
        }
        if (verified.isObject() && verified.size() == 1 && verified.has("Err")) {
            JsonNode error = verified.get("Err");
            return Optional.of(new Vote(false, error.isTextual() ? error.asText() : error.toString()));
        }
        return Optional.empty();
    }

    private static <T> T await(CompletableFuture<T> future, long timeoutNanos) throws IOException {
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("no answer within the timeout");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IOException(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static String abbreviate(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    /** A response body of at most {@link #MAX_BODY} bytes; a longer one fails the request. */
    record Body(byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse.BodyHandler<Body> bounded() {
        return info -> new BoundedSubscriber();
    }

    private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<Body> {
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private final ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                if (bytes.size() + buffer.remaining() > MAX_BODY) {
                    subscription.cancel();
                    result.completeExceptionally(new IOException("answer larger than " + MAX_BODY + " bytes"));
                    return;
                }
                byte[] chunk = new byte[buffer.remaining()];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            result.complete(new Body(bytes.toByteArray()));
        }
    }
}
