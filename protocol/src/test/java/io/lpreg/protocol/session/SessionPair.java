package io.lpreg.protocol.session;

import io.lpreg.protocol.LpProtocolException;
import io.lpreg.protocol.TimestampWindow;
import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.wire.LpPacket;
import io.lpreg.protocol.wire.WireVersion;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/** A client and a gateway session wired together in memory. */
final class SessionPair {
    static final Instant NOW = Instant.ofEpochSecond(1_762_819_200L);

    final KeyPair gatewayKey;
    final LpSession client;
    final LpSession gateway;

    SessionPair(SecureRandom random, WireVersion version) {
        this(KeyPair.generate(random), KeyPair.generate(random), random, version);
    }

    SessionPair(KeyPair gatewayKey, KeyPair clientKey, SecureRandom random, WireVersion version) {
        this.gatewayKey = gatewayKey;
        this.client = LpSession.initiator(clientKey, gatewayKey.publicKey(), version, EphemeralKeySource.random(random));
        this.gateway = LpSession.responder(gatewayKey, TimestampWindow.defaults(), EphemeralKeySource.random(random));
    }

    /** Runs the whole handshake; returns the packets the client sent (hello, msg1, msg3). */
    List<LpPacket> handshake(SecureRandom random) throws LpProtocolException {
        List<LpPacket> opening = client.start(NOW, random);
        gateway.receive(opening.get(0).encode(), NOW);
        LpPacket msg2 = gateway.receive(opening.get(1).encode(), NOW).packets().get(0);
        LpPacket msg3 = client.receive(msg2.encode(), NOW).packets().get(0);
        gateway.receive(msg3.encode(), NOW);
        return List.of(opening.get(0), opening.get(1), msg3);
    }
}
