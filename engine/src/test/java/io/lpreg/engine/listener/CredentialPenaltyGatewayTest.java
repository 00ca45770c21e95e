package io.lpreg.engine.listener;

import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.engine.testing.TestVerifier;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real gateway on 127.0.0.1: a source whose credentials the verifier finds bad pays for each like for a
 * failed handshake and is soon refused at accept, while another source registers; and every verification ran
 * on a registration worker, never on an event loop.
 */
class CredentialPenaltyGatewayTest {
    private static final String FORGED = "forged-proof";
    /** Without the penalty, the source's burst alone would admit this many connections. */
    private static final int BURST = 10;

    @TempDir
    Path dir;

    /** Refuses every credential as a bad proof, and notes the thread it ran on. */
    private static final class ForgeryDetector implements EcashVerifier {
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "forgery-detector";
        }

        @Override
        public Set<String> schemes() {
            return Set.of(FORGED);
        }

        @Override
        public VerificationResult verify(Credential credential, VerificationContext context) {
            threads.add(Thread.currentThread());
            return new VerificationResult.Rejected(RejectionReason.BAD_PROOF, "the proof does not verify");
        }
    }

    /** The answer to one registration from {@code source}, or null when the gateway refused the connection. */
    private static LpRegistrationResponse registerFrom(TestGateway gateway, String source, String scheme,
                                                       String credential) throws Exception {
        try (LpTestClient client = new LpTestClient(gateway.address(), gateway.gateway().lpKey(), WireVersion.V2,
                new InetSocketAddress(source, 0))) {
            try {
                client.handshake();
            } catch (IOException | LpProtocolException e) {
                return null;
            }
            return client.register(LpTestClient.dvpnRequest(WireVersion.V2, LpTestClient.randomKey(), scheme,
                    TestVerifier.voucher(credential)));
        }
    }

    @Test
    void aSourceSendingForgedCredentialsIsRefusedAtAcceptWhileAnotherSourceRegisters() throws Exception {
        ForgeryDetector detector = new ForgeryDetector();
        try (TestGateway gateway = TestGateway.start(dir, config -> config
                        .withListener(config.listener().withConnectionRate(1, BURST))
                        .withVerifiers("mock", "test", detector.name()),
                builder -> builder.extension(detector))) {
            int answered = 0;
            LpRegistrationResponse response;
            while ((response = registerFrom(gateway, "127.0.0.22", FORGED, "x")) != null) {
                assertThat(response.success()).isFalse();
                answered++;
                assertThat(answered).as("refused before the burst alone would refuse it").isLessThan(BURST);
            }

            assertThat(answered).isPositive();
            assertThat(gateway.metric("lp_connections_total", "result", "rate_limited")).isEqualTo(1);
            assertThat(gateway.metric("lp_credential_verification_failed_total", "reason", "bad_proof"))
                    .isEqualTo(answered);
            LpRegistrationResponse other = registerFrom(gateway, "127.0.0.23", TestVerifier.SCHEME, "ok:other-source");
            assertThat(other).as("another source is admitted").isNotNull();
            assertThat(other.success()).isTrue();
            assertThat(detector.threads).hasSize(answered).allSatisfy(thread -> assertThat(thread.getName())
                    .as("verification runs on the registration workers").startsWith("lpreg-registration-"));
        }
    }
}
