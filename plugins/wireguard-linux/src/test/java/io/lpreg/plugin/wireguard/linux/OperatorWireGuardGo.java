package io.lpreg.plugin.wireguard.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A wireguard-go the test starts itself, standing for an interface the operator manages (the uapi and wg
 * backends) or for a client's interface. Killed and its socket removed on close.
 */
final class OperatorWireGuardGo implements AutoCloseable {
    static final Path SOCKETS = Path.of("/var/run/wireguard");

    private final String interfaceName;
    private final Process process;

    private OperatorWireGuardGo(String interfaceName, Process process) {
        this.interfaceName = interfaceName;
        this.process = process;
    }

    static OperatorWireGuardGo start(String interfaceName, Netns netns) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", netns.name(), "wireguard-go", "-f",
                interfaceName).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        OperatorWireGuardGo started = new OperatorWireGuardGo(interfaceName, builder.start());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(started.socket())) {
            if (!started.process.isAlive() || System.nanoTime() > deadline) {
                started.close();
                throw new IllegalStateException("wireguard-go for " + interfaceName + " did not start");
            }
            Thread.sleep(20);
        }
        return started;
    }

    String interfaceName() {
        return interfaceName;
    }

    Path socket() {
        return SOCKETS.resolve(interfaceName + ".sock");
    }

    /** Crashes it: SIGKILL leaves the socket file behind, as a real crash does. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            kill();
        }
        try {
            Files.deleteIfExists(socket());
        } catch (IOException e) {
            // best effort
        }
    }
}
