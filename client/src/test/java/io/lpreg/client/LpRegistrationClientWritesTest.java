package io.lpreg.client;

import io.lpreg.client.credential.MockCredentialSource;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the client puts in each write, seen by a gateway made of the protocol's responder session over a
 * plain socket that reads once per client turn: each turn's frames must arrive together.
 */
class LpRegistrationClientWritesTest {
    private static final ClientTimeouts FAST = new ClientTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5));

    @Test
    void theHelloWithMsg1AndMsg3WithTheRequestEachArriveInOneRead() throws Exception {
        KeyPair gatewayKey = KeyPair.generate(new SecureRandom());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<List<Integer>> framesPerRead = CompletableFuture.supplyAsync(() -> answerOnce(server, gatewayKey));
            LpRegistrationClient client = new LpRegistrationClient(FAST, RetryPolicy.none(), new MockCredentialSource(),
                    Clock.systemUTC());

            RegistrationResult result = client.register(new GatewayTarget(
                    (InetSocketAddress) server.getLocalSocketAddress(), GatewayKey.lp(gatewayKey.publicKey())),
                    RegistrationOptions.mixnet(new byte[32], WireVersion.V1));

            assertThat(framesPerRead.get(10, TimeUnit.SECONDS)).as("frames in the read of each client turn")
                    .containsExactly(2, 2);
            assertThat(result).isInstanceOfSatisfying(RegistrationResult.Refused.class,
                    refused -> assertThat(refused.reason()).isEqualTo("seen"));
        }
    }

    /** Reads each client turn with one read, answers msg 2 and then a refusal; returns the frames per read. */
    private static List<Integer> answerOnce(ServerSocket server, KeyPair gatewayKey) {
        try (Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            LpSession session = LpSession.responder(gatewayKey, TimestampWindow.defaults(),
                    EphemeralKeySource.random(new SecureRandom()));
            LpFraming.Decoder decoder = new LpFraming.Decoder();
            List<Integer> framesPerRead = new ArrayList<>();
            byte[] buffer = new byte[LpFraming.MAX_FRAME_LENGTH];
            while (framesPerRead.size() < 2) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                List<byte[]> frames = decoder.feed(buffer, 0, read);
                framesPerRead.add(frames.size());
                for (byte[] frame : frames) {
                    LpSession.Output output = session.receive(frame, Instant.now());
                    for (LpPacket reply : output.packets()) {
                        out.write(LpFraming.frame(reply.encode()));
                    }
                    if (output.event() instanceof LpEvent.DataReceived) {
                        out.write(LpFraming.frame(session.seal(RegistrationCodec.encodeResponse(
                                LpRegistrationResponse.error("seen", 0))).encode()));
                    }
                }
                out.flush();
            }
            return framesPerRead;
        } catch (Exception e) {
            throw new AssertionError("the test gateway failed", e);
        }
    }
}
