package io.lpreg.engine.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lpreg.engine.config.BindAddress;
import io.lpreg.protocol.crypto.X25519Backend;
import io.lpreg.protocol.crypto.X25519Backends;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The metrics port: {@code GET /metrics} (Prometheus text format) and {@code GET /health} (JSON, its live
 * checks taken at most once a second by one request at a time: {@link HealthCache}).
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds (port 0: any free port, see {@link #boundAddress()}) and starts serving. */
    public static MetricsServer start(InetSocketAddress bind, GatewayMetrics metrics, Supplier<GatewayHealth> health)
            throws IOException {
        requireNonNull(bind, "bind is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(health, "health is null");
        HttpServer server = HttpServer.create(bind, 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/metrics", new MetricsHandler(metrics.registry()));
        HealthCache cachedHealth = new HealthCache(health, HealthCache.DEFAULT_MAX_AGE, System::nanoTime);
        server.createContext("/health", exchange -> serveHealth(exchange, cachedHealth));
        server.createContext("/", exchange -> respond(exchange, 404, "text/plain; charset=utf-8",
                "not found; try /metrics or /health\n".getBytes(StandardCharsets.UTF_8)));
        server.start();
        return new MetricsServer(server, executor);
    }

    public InetSocketAddress boundAddress() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void serveHealth(HttpExchange exchange, Supplier<GatewayHealth> health) throws IOException {
        if (!"/health".equals(exchange.getRequestURI().getPath())) {
            respond(exchange, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            respond(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        GatewayHealth current;
        try {
            current = health.get();
        } catch (RuntimeException e) {
            log.warn("health check failed", e);
            respond(exchange, 500, "application/json", "{\"status\":\"error\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        respond(exchange, current.isUp() ? 200 : 503, "application/json", JSON.writeValueAsBytes(toJson(current)));
    }

    /** The body of {@code /health}; the admin endpoint's {@code status} carries it too. */
    public static ObjectNode toJson(GatewayHealth health) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", health.status());
        ObjectNode listener = root.putObject("listener");
        listener.put("up", health.listener().up());
        listener.put("address", health.listener().address().map(BindAddress::format).orElse(null));
        ObjectNode storage = root.putObject("storage");
        storage.put("name", health.storage().name());
        storage.put("reachable", health.storage().reachable());
        if (!health.storage().details().isEmpty()) {
            ObjectNode details = storage.putObject("details");
            health.storage().details().forEach(details::put);
        }
        if (health.wireGuard().isPresent()) {
            ObjectNode wireGuard = root.putObject("wireguard");
            wireGuard.put("name", health.wireGuard().get().name());
            wireGuard.put("reachable", health.wireGuard().get().reachable());
        } else {
            root.putNull("wireguard");
        }
        ObjectNode ecash = root.putObject("ecash");
        health.ecash().verifiers().forEach(ecash.putArray("verifiers")::add);
        ecash.put("accepts_any_credential", health.ecash().acceptsAnyCredential());
        // A process-wide choice (X25519Backends): which X25519 the handshakes run on, native or the fallback.
        X25519Backend x25519 = X25519Backends.active();
        root.putObject("crypto").put("x25519", x25519.name()).put("x25519_description", x25519.description());
        ArrayNode plugins = root.putArray("plugins");
        for (GatewayHealth.Plugin plugin : health.plugins()) {
            plugins.addObject().put("id", plugin.id()).put("version", plugin.version()).put("state", plugin.state());
        }
        return root;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
