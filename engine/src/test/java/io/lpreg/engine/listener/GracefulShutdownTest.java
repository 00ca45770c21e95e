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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void closingStopsAcceptingButFinishesTheRegistrationInFlight() throws Exception {
        TestGateway gateway = TestGateway.start(dir);
        InetSocketAddress address = gateway.address();
        CompletableFuture<LpRegistrationResponse> inFlight;
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            client.handshake();
            // the verifier takes a second: the request is in a worker when the gateway is told to stop
            // own threads: the common pool may have a single worker on a small machine
            ExecutorService threads = Executors.newCachedThreadPool();
            inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.register(LpTestClient.dvpnRequest(WireVersion.V2, LpTestClient.randomKey(),
                            TestVerifier.SCHEME, TestVerifier.voucher("slow:" + UUID.randomUUID())));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            Thread.sleep(300);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(gateway::close, threads);
            Thread.sleep(200);

            assertThatThrownBy(() -> {
                try (Socket late = new Socket()) {
                    late.connect(address, 1_000);
                }
            }).as("no new connections while shutting down").isInstanceOf(IOException.class);
            LpRegistrationResponse response = inFlight.get();
            assertThat(response.success()).as(response.error().orElse("")).isTrue();
            closing.get();
            threads.shutdown();
        }
    }
}
