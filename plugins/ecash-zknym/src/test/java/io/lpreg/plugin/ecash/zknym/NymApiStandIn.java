package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lpreg.zknym.VerificationKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A nym-api on 127.0.0.1 for tests, over real HTTP: {@code GET /v1/ecash/master-verification-key?epoch_id=N}
 * answers the key it was given for N (an epoch it has none of gets nym-api's own 400, "the threshold value
 * for epoch N is not available"), and {@code POST /v1/ecash/verify-ecash-ticket} answers the scripted vote.
 * It counts and keeps what it received; {@link #stop()} and {@link #start()} make an outage on the same port;
 * {@link #holdAnswers()} keeps answers back until released, for slow-API and concurrency tests.
 */
public final class NymApiStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What verify-ecash-ticket answers: a status and a body. */
    public record Answer(int status, String body) {
        public static Answer accept() {
            return new Answer(200, "{\"verified\":{\"Ok\":null}}");
        }

        public static Answer reject(String rejection) {
            return new Answer(200, "{\"verified\":{\"Err\":\"" + rejection + "\"}}");
        }

        public static Answer status(int status) {
            return new Answer(status, "nym-api stand-in answers " + status);
        }
    }

    private final Map<Long, String> keys = new ConcurrentHashMap<>();
    private final Map<Long, AtomicInteger> keyRequests = new ConcurrentHashMap<>();
    private final List<JsonNode> tickets = new CopyOnWriteArrayList<>();
    private final AtomicReference<Answer> vote = new AtomicReference<>(Answer.accept());
    private final AtomicReference<Answer> unknownEpoch = new AtomicReference<>();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>(new CountDownLatch(0));
    /** 0 until the first start chose a port; later starts bind the same one, so a stop is an outage of one address. */
    private int port;
    private HttpServer server;
    private ExecutorService executor;

    private NymApiStandIn() {
    }

    public static NymApiStandIn started() {
        NymApiStandIn standIn = new NymApiStandIn();
        standIn.start();
        return standIn;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            executor = Executors.newCachedThreadPool();
            created.setExecutor(executor);
            created.createContext("/", this::handle);
            created.start();
            server = created;
            port = created.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** Closes the socket: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        hold.get().countDown();
        server.stop(0);
        executor.shutdownNow();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public NymApiStandIn serve(long epoch, VerificationKey key) {
        keys.put(epoch, key.toMasterVerificationKeyJson().toString());
        return this;
    }

    /** Answers the key request of {@code epoch} with this body (200), whatever it is. */
    public NymApiStandIn serveRaw(long epoch, String body) {
        keys.put(epoch, body);
        return this;
    }

    /** How an epoch without a key is answered; nym-api's own 400 unless set. */
    public NymApiStandIn answerUnknownEpochsWith(Answer answer) {
        unknownEpoch.set(answer);
        return this;
    }

    public NymApiStandIn vote(Answer answer) {
        vote.set(answer);
        return this;
    }

    /** Answers wait until the returned latch is counted down (or the stand-in stops). */
    public CountDownLatch holdAnswers() {
        CountDownLatch latch = new CountDownLatch(1);
        hold.set(latch);
        return latch;
    }

    public int keyRequests(long epoch) {
        AtomicInteger count = keyRequests.get(epoch);
        return count == null ? 0 : count.get();
    }

    public int keyRequests() {
        return keyRequests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The verify-ecash-ticket bodies received, in order. */
    public List<JsonNode> tickets() {
        return List.copyOf(tickets);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] request = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            if ("GET".equals(exchange.getRequestMethod()) && path.equals("/v1/ecash/master-verification-key")) {
                long epoch = Long.parseUnsignedLong(query(exchange.getRequestURI(), "epoch_id"));
                keyRequests.computeIfAbsent(epoch, e -> new AtomicInteger()).incrementAndGet();
                awaitRelease();
                String key = keys.get(epoch);
                if (key != null) {
                    send(exchange, new Answer(200, key));
                } else {
                    Answer unknown = unknownEpoch.get();
                    send(exchange, unknown != null ? unknown
                            : new Answer(400, "the threshold value for epoch " + Long.toUnsignedString(epoch) + " is not available"));
                }
            } else if ("POST".equals(exchange.getRequestMethod()) && path.equals("/v1/ecash/verify-ecash-ticket")) {
                tickets.add(JSON.readTree(request));
                awaitRelease();
                send(exchange, vote.get());
            } else {
                send(exchange, new Answer(404, "no route " + path));
            }
        }
    }

    private void awaitRelease() {
        try {
            hold.get().await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String query(URI uri, String name) {
        for (String pair : uri.getRawQuery() == null ? new String[0] : uri.getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        throw new IllegalArgumentException("no " + name + " in " + uri);
    }

    private static void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", answer.body().startsWith("{") ? "application/json" : "text/plain");
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
    }
}
