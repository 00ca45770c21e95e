package io.lpreg.protocol.session;

import io.lpreg.protocol.noise.KeyPair;
import io.lpreg.protocol.wire.WireVersion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class LpSessionPropertyTest {
    @Property(tries = 200)
    void sessionsWithRandomKeysCompleteAndAgree(@ForAll("keys") byte[] gatewayPrivate, @ForAll("keys") byte[] clientPrivate,
                                                @ForAll("payloads") byte[] request, @ForAll("payloads") byte[] response,
                                                @ForAll WireVersion version) throws Exception {
        SecureRandom random = new SecureRandom();
        SessionPair pair = new SessionPair(KeyPair.fromPrivate(gatewayPrivate), KeyPair.fromPrivate(clientPrivate), random, version);
        pair.handshake(random);

        assertThat(pair.client.isTransport()).isTrue();
        assertThat(pair.gateway.isTransport()).isTrue();
        assertThat(pair.client.handshakeHash()).isEqualTo(pair.gateway.handshakeHash());
        assertThat(pair.client.lpId()).isEqualTo(pair.gateway.lpId());
        assertThat(pair.gateway.version()).isEqualTo(version);
        assertThat(pair.gateway.remoteStatic()).isEqualTo(KeyPair.fromPrivate(clientPrivate).publicKey());

        LpEvent atGateway = pair.gateway.receive(pair.client.seal(request).encode(), SessionPair.NOW).event();
        assertThat(((LpEvent.DataReceived) atGateway).plaintext()).isEqualTo(request);
        LpEvent atClient = pair.client.receive(pair.gateway.seal(response).encode(), SessionPair.NOW).event();
        assertThat(((LpEvent.DataReceived) atClient).plaintext()).isEqualTo(response);
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32);
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2048);
    }
}
