package io.lpreg.engine.listener;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void closingStopsAcceptingButFinishesTheRegistrationInFlight() throws Exception {
        TestGateway gateway = TestGateway.start(dir);
        InetSocketAddress address = gateway.address();
        String id = UUID.randomUUID().toString();
        TestVerifier.Gate verifying = TestVerifier.gate(id);
        // own threads: the common pool may have a single worker on a small machine
        ExecutorService threads = Executors.newCachedThreadPool();
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            CompletableFuture<LpRegistrationResponse> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.register(LpTestClient.dvpnRequest(WireVersion.V2, LpTestClient.randomKey(),
                            TestVerifier.SCHEME, TestVerifier.voucher("gate:" + id)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            // the request is in a worker, held in the verifier, when the gateway is told to stop
            verifying.awaitEntered(Duration.ofSeconds(10));
            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close, threads);

            await().atMost(Duration.ofSeconds(10)).alias("no new connections while shutting down").untilAsserted(() ->
                    assertThatThrownBy(() -> {
                        try (Socket late = new Socket()) {
                            late.connect(address, 1_000);
                        }
                    }).isInstanceOf(IOException.class));
            assertThat(inFlight).as("the registration waits in the verifier").isNotDone();
            assertThat(closing).as("and the shutdown waits for it").isNotDone();

            verifying.open();
            LpRegistrationResponse response = inFlight.get(10, TimeUnit.SECONDS);
            assertThat(response.success()).as(response.error().orElse("")).isTrue();
            closing.get(10, TimeUnit.SECONDS);
        } finally {
            verifying.open();
            gateway.close();
            threads.shutdownNow();
        }
    }
}
