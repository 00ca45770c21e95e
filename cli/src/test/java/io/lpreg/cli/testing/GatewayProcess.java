package io.lpreg.cli.testing;

import io.lpreg.cli.Lpreg;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * {@code lpreg gateway --config FILE} as a process of its own on 127.0.0.1, with the plugin zips the build
 * copied; started once its start line is out, stopped with SIGTERM.
 */
public record GatewayProcess(Process process, String address, String identityKey, String lpKey, URI metrics, Path log)
        implements AutoCloseable {
    private static final Pattern START_LINE = Pattern.compile(
            "lpreg gateway listening on (127\\.0\\.0\\.1:\\d+) identity_key=([0-9a-f]{64}) lp_key=([0-9a-f]{64}) metrics=(\\S+)");

    public static GatewayProcess start(Path config, Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        Path out = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".out");
        Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        Process process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dguice_bytecode_gen_option=DISABLED",
                "-cp", System.getProperty("java.class.path"), Lpreg.class.getName(), "gateway", "--config", config.toString(),
                "--data-dir", dataDirectory.toString(), "--listen", "127.0.0.1:0", "--metrics", "127.0.0.1:0",
                "--plugins", System.getProperty("lpreg.test.plugins"))
                .redirectOutput(out.toFile())
                .redirectError(log.toFile())
                .start();
        try {
            Matcher line = await("the gateway's start line").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("lpreg gateway exited " + process.exitValue() + ":\n" + Files.readString(log));
                        }
                        return startLine(out);
                    }, Optional::isPresent).orElseThrow();
            return new GatewayProcess(process, line.group(1), line.group(2), line.group(3), URI.create(line.group(4)), log);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static Optional<Matcher> startLine(Path out) throws IOException {
        return Files.readAllLines(out).stream().map(START_LINE::matcher).filter(Matcher::matches).findFirst();
    }

    public String[] target() {
        return new String[] {"--gateway", address, "--gateway-key", identityKey};
    }

    /** The sum of a Prometheus series' samples whose labels contain {@code labels} (like {@code outcome="retry"}). */
    public double metric(String name, String labels) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            String text = client.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
            return text.lines().filter(line -> line.startsWith(name + "{") && line.contains(labels))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: a graceful stop
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
