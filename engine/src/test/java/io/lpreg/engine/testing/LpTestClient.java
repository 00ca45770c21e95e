package io.lpreg.engine.testing;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.credential.CredentialFixtures;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationCodec;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.session.LpEvent;
import io.lpreg.protocol.session.LpSession;
import io.lpreg.protocol.wire.LpFraming;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A blocking LP client over a plain socket, driving the protocol's {@link LpSession}: enough to test the
 * gateway end to end (the client module's library is the product-grade one).
 */
public final class LpTestClient implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final LpSession session;
    private final List<byte[]> sent = new ArrayList<>();

    public LpTestClient(InetSocketAddress gateway, byte[] gatewayLpKey, WireVersion version) throws IOException {
        this(gateway, gatewayLpKey, version, null);
    }

    /** A client whose connection leaves from {@code source} (e.g. another 127.0.0.0/8 address); null for any. */
    public LpTestClient(InetSocketAddress gateway, byte[] gatewayLpKey, WireVersion version, InetSocketAddress source)
            throws IOException {
        this.socket = new Socket();
        if (source != null) {
            socket.bind(source);
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        socket.connect(gateway, 5_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.session = LpSession.initiator(KeyPair.generate(RANDOM), gatewayLpKey, version, EphemeralKeySource.random(RANDOM));
    }

    /** Runs hello + Noise; returns the handshake hash. */
    public byte[] handshake() throws IOException, LpProtocolException {
        return handshake(Instant.now());
    }

    public byte[] handshake(Instant helloTime) throws IOException, LpProtocolException {
        List<LpPacket> opening = session.start(helloTime, RANDOM);
        for (LpPacket packet : opening) {
            send(packet.encode());
        }
        LpSession.Output output = session.receive(readPacket(), Instant.now());
        if (output.event() instanceof LpEvent.GatewayBusy) {
            throw new IOException("gateway is busy");
        }
        send(output.packets().get(0).encode());
        return session.handshakeHash();
    }

    public LpRegistrationResponse register(LpRegistrationRequest request) throws IOException, LpProtocolException {
        send(session.seal(RegistrationCodec.encodeRequest(request, session.version())).encode());
        LpEvent event = session.receive(readPacket(), Instant.now()).event();
        return RegistrationCodec.decodeResponse(((LpEvent.DataReceived) event).plaintext());
    }

    /** Every packet sent so far, in order (ClientHello and msg1 first). */
    public List<byte[]> sentPackets() {
        return List.copyOf(sent);
    }

    public LpSession session() {
        return session;
    }

    public void send(byte[] packet) throws IOException {
        sent.add(packet.clone());
        out.write(LpFraming.frame(packet));
        out.flush();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    public byte[] readPacket() throws IOException {
        int length = in.readInt();
        byte[] packet = new byte[length];
        in.readFully(packet);
        return packet;
    }

    /** True when the gateway closed the connection (EOF) within the socket timeout. */
    public boolean closedByGateway() {
        try {
            while (in.read() >= 0) {
                // drain whatever the gateway still sent
            }
            return true;
        } catch (EOFException e) {
            return true;
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().contains("reset");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public static byte[] randomKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** A dVPN request with a structurally valid zk-nym (v1) or an envelope of {@code scheme} (v2). */
    public static LpRegistrationRequest dvpnRequest(WireVersion version, byte[] wgKey, String scheme, byte[] credential) {
        return request(version, wgKey, new RegistrationMode.Dvpn(), scheme, credential);
    }

    public static LpRegistrationRequest request(WireVersion version, byte[] wgKey, RegistrationMode mode, String scheme,
                                                byte[] credential) {
        RequestCredential payment = version == WireVersion.V1
                ? new RequestCredential.ZkNym(CredentialFixtures.synthetic(RANDOM.nextLong(), 1, 1))
                : new RequestCredential.Envelope(scheme, credential);
        return new LpRegistrationRequest(wgKey, payment, TicketType.WIREGUARD_ENTRY, mode,
                InetAddress.getLoopbackAddress(), Instant.now().getEpochSecond(), Optional.empty());
    }
}
