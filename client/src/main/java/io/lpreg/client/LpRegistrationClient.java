package io.lpreg.client;

import io.lpreg.client.credential.CredentialRequest;
import io.lpreg.client.credential.CredentialSource;
import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.SecureRandoms;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.registration.WireGuardKeyProof;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static java.util.Objects.requireNonNull;

/**
 * Registers with an LP gateway over one TCP connection: ClientHello, Noise XKpsk3, one request, one
 * answer (docs/wire-v1.md §1). Speaks wire v1 (Nym E2) and v2. Thread-safe: one client serves many
 * concurrent registrations.
 *
 * <p>It retries only where nothing can have been spent — connection refused, {@code Busy}, a timeout
 * before the request was sent — with capped exponential backoff and jitter. Once the request is on the
 * wire the credential may be spent, so a lost answer is reported, not retried.
 */
public final class LpRegistrationClient {
    private final ClientTimeouts timeouts;
    private final RetryPolicy retry;
    private final CredentialSource credentials;
    private final Clock clock;

    public LpRegistrationClient(ClientTimeouts timeouts, RetryPolicy retry, CredentialSource credentials, Clock clock) {
        this.timeouts = requireNonNull(timeouts, "timeouts is null");
        this.retry = requireNonNull(retry, "retry is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public LpRegistrationClient(CredentialSource credentials) {
        this(ClientTimeouts.defaults(), RetryPolicy.defaults(), credentials, Clock.systemUTC());
    }

    /** Entry and exit results of {@link #registerEntryAndExit}. */
    public record EntryAndExit(RegistrationResult entry, RegistrationResult exit) {
    }

    /** Registers with an entry and an exit gateway at the same time, as the Nym client does. */
    public EntryAndExit registerEntryAndExit(GatewayTarget entry, RegistrationOptions entryOptions,
                                             GatewayTarget exit, RegistrationOptions exitOptions) {
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<RegistrationResult> entryResult =
                    CompletableFuture.supplyAsync(() -> register(entry, entryOptions), executor);
            CompletableFuture<RegistrationResult> exitResult =
                    CompletableFuture.supplyAsync(() -> register(exit, exitOptions), executor);
            return new EntryAndExit(entryResult.join(), exitResult.join());
        }
    }

    public RegistrationResult register(GatewayTarget target, RegistrationOptions options) {
        requireNonNull(target, "target is null");
        requireNonNull(options, "options is null");
        KeyPair wireGuardKeys = options.wireGuardKeys().orElseGet(() -> KeyPair.generate(SecureRandoms.current()));
        Retryable last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1) {
                sleep(retry.backoff(attempt));
            }
            Attempt run = new Attempt(target, options, wireGuardKeys, attempt);
            try {
                return run.execute();
            } catch (Retryable e) {
                last = e;
            }
        }
        return new RegistrationResult.Failed(last.step, last.getMessage() + " (after " + retry.maxAttempts()
                + (retry.maxAttempts() == 1 ? " attempt)" : " attempts)"), last.timings);
    }

    /** A failure that spent nothing, so another attempt is safe. */
    private static final class Retryable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Step step;
        private final transient Timings timings;

        Retryable(Step step, String message, Timings timings) {
            super(message, null, false, false);
            this.step = step;
            this.timings = timings;
        }
    }

    private final class Attempt {
        private final GatewayTarget target;
        private final RegistrationOptions options;
        private final KeyPair wireGuardKeys;
        private final int number;
        private Duration connect;
        private Duration handshake;
        private Duration registration;

        Attempt(GatewayTarget target, RegistrationOptions options, KeyPair wireGuardKeys, int number) {
            this.target = target;
            this.options = options;
            this.wireGuardKeys = wireGuardKeys;
            this.number = number;
        }

        private Timings timings() {
            return new Timings(Optional.ofNullable(connect), Optional.ofNullable(handshake),
                    Optional.ofNullable(registration), number);
        }

        private RegistrationResult failed(Step step, String message) {
            return new RegistrationResult.Failed(step, message, timings());
        }

        RegistrationResult execute() throws Retryable {
            try (Socket socket = new Socket()) {
                socket.setTcpNoDelay(true);
                long started = System.nanoTime();
                try {
                    socket.connect(target.address(), millis(timeouts.connect()));
                } catch (ConnectException e) {
                    throw new Retryable(Step.CONNECT, "cannot connect to " + target.address() + ": " + e.getMessage(), timings());
                } catch (SocketTimeoutException e) {
                    throw new Retryable(Step.CONNECT, "connecting to " + target.address() + " timed out after "
                            + timeouts.connect().toSeconds() + " s", timings());
                } catch (IOException e) {
                    return failed(Step.CONNECT, "cannot connect to " + target.address() + ": " + e.getMessage());
                }
                connect = elapsed(started);
                return converse(socket);
            } catch (IOException e) {
                return failed(Step.CONNECT, "socket error: " + e.getMessage());
            }
        }

        private RegistrationResult converse(Socket socket) throws IOException, Retryable {
            // IOException escapes only from setting up the streams.
            Frames frames = new Frames(socket);
            SecureRandom random = SecureRandoms.current();
            LpSession session = LpSession.initiator(KeyPair.generate(random), target.key().lpKey(), options.wireVersion(),
                    EphemeralKeySource.random(random));
            long started = System.nanoTime();
            long handshakeDeadline = started + timeouts.handshake().toNanos();
            List<LpPacket> msg3;
            try {
                try {
                    frames.send(session.start(clock.instant(), random));
                } catch (IOException writeFailed) {
                    // A gateway at its cap answers Busy and closes at once; read what it said before giving up.
                    if (Frames.isBusy(frames, session)) {
                        throw new Retryable(Step.HANDSHAKE, "gateway " + target.address() + " is busy", timings());
                    }
                    throw writeFailed;
                }
                // The PSK's X25519 runs while the gateway works on msg 1, not after msg 2 arrives.
                session.precomputePsk();
                LpSession.Output output = session.receive(frames.read(handshakeDeadline), clock.instant());
                if (output.event() instanceof LpEvent.GatewayBusy) {
                    throw new Retryable(Step.HANDSHAKE, "gateway " + target.address() + " is busy", timings());
                }
                msg3 = output.packets();
            } catch (SocketTimeoutException e) {
                throw new Retryable(Step.HANDSHAKE, "handshake timed out after " + timeouts.handshake().toSeconds() + " s",
                        timings());
            } catch (EOFException e) {
                return failed(Step.HANDSHAKE, "the gateway closed the connection during the handshake "
                        + "(wrong gateway key, or a ClientHello it refused: check the key and this machine's clock)");
            } catch (LpProtocolException e) {
                return failed(Step.HANDSHAKE, "handshake failed: " + e.getMessage());
            } catch (IOException e) {
                return failed(Step.HANDSHAKE, "connection lost during the handshake: " + e.getMessage());
            }
            handshake = elapsed(started);

            started = System.nanoTime();
            RequestCredential credential;
            try {
                credential = credentials.credential(new CredentialRequest(options.ticketType(), options.wireVersion(),
                        target.key().identity(), session.handshakeHash(), clock.instant()));
            } catch (IOException | RuntimeException e) {
                return failed(Step.CREDENTIAL, "no credential: " + e.getMessage());
            }
            LpRegistrationRequest request = new LpRegistrationRequest(wireGuardKeys.publicKey(), credential,
                    options.ticketType(), options.mode(), options.clientIp().orElse(target.address().getAddress()),
                    clock.instant().getEpochSecond(), options.presharedKey());
            if (options.wireVersion() == WireVersion.V2 && options.wireGuardKeys().isPresent()) {
                // The caller's own key may already be registered: prove we hold it (docs/wire-v2.md §2.1), or the
                // gateway keeps the peer's old preshared key. A key made here is new and needs no proof.
                request = request.withKeyProof(WireGuardKeyProof.create(wireGuardKeys.privateKey(), target.key().lpKey(),
                        session.handshakeHash(), options.presharedKey()));
            }
            LpRegistrationResponse response;
            try {
                // msg 3 leaves with the request, in one write: one segment and one wake-up of the gateway, not two.
                List<LpPacket> packets = new ArrayList<>(msg3);
                packets.add(session.seal(RegistrationCodec.encodeRequest(request, options.wireVersion())));
                frames.send(packets);
                byte[] answer = frames.read(System.nanoTime() + timeouts.registration().toNanos());
                LpEvent event = session.receive(answer, clock.instant()).event();
                if (!(event instanceof LpEvent.DataReceived data)) {
                    return failed(Step.REGISTRATION, "unexpected answer from the gateway: " + event);
                }
                response = RegistrationCodec.decodeResponse(data.plaintext());
            } catch (SocketTimeoutException e) {
                return failed(Step.REGISTRATION, "no answer within " + timeouts.registration().toSeconds()
                        + " s; the credential may have been spent, so the request is not sent again");
            } catch (EOFException e) {
                return failed(Step.REGISTRATION, "the gateway closed the connection without answering the request");
            } catch (LpProtocolException e) {
                return failed(Step.REGISTRATION, "invalid answer: " + e.getMessage());
            } catch (IOException e) {
                return failed(Step.REGISTRATION, "connection lost after the request was sent: " + e.getMessage());
            }
            registration = elapsed(started);
            if (!response.success()) {
                return new RegistrationResult.Refused(response.error().orElse("Unknown error"), timings());
            }
            return new RegistrationResult.Registered(response.gatewayData(), response.allocatedBandwidth(),
                    wireGuardKeys, timings());
        }
    }

    /** Length-prefixed frames over a blocking socket, with per-read deadlines. */
    private static final class Frames {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Frames(Socket socket) throws IOException {
            this.socket = socket;
            // Buffered: a frame's length prefix and body come in one read, not two.
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = socket.getOutputStream();
        }

        /** All packets in one write: ClientHello and msg1, or msg3 and the request, leave in one segment. */
        void send(List<LpPacket> packets) throws IOException {
            if (packets.size() == 1) {
                out.write(LpFraming.frame(packets.getFirst().encode()));
            } else {
                ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
                for (LpPacket packet : packets) {
                    buffer.write(LpFraming.frame(packet.encode()));
                }
                out.write(buffer.toByteArray());
            }
            out.flush();
        }

        static boolean isBusy(Frames frames, LpSession session) {
            try {
                byte[] packet = frames.read(System.nanoTime() + 1_000_000_000L);
                return session.receive(packet, java.time.Instant.now()).event() instanceof LpEvent.GatewayBusy;
            } catch (IOException | LpProtocolException e) {
                return false;
            }
        }

        byte[] read(long deadlineNanos) throws IOException, LpProtocolException {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            socket.setSoTimeout((int) Math.max(1, remaining / 1_000_000));
            int length = LpFraming.checkLength(Integer.toUnsignedLong(in.readInt()));
            byte[] packet = new byte[length];
            in.readFully(packet);
            return packet;
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
