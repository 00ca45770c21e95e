package io.lpreg.plugin.ecash.bls;

import io.lpreg.engine.testing.FaultyStorage;
import io.lpreg.engine.testing.LpTestClient;
import io.lpreg.engine.testing.TestGateway;
import io.lpreg.protocol.registration.LpRegistrationRequest;
import io.lpreg.protocol.registration.LpRegistrationResponse;
import io.lpreg.protocol.registration.RegistrationMode;
import io.lpreg.protocol.registration.RequestCredential;
import io.lpreg.protocol.wire.WireVersion;
import io.lpreg.spi.TicketType;
import io.lpreg.tickets.Ticket;
import io.lpreg.tickets.TicketSpend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12 §A1: a ticket of an epoch valid for 30 days is credited once, also after its 7 days of bandwidth
 * and storage's purge have passed: the nullifier lives as long as the verifier would accept the ticket.
 */
class NullifierLifetimeIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Path PLUGIN_ZIP = Path.of(System.getProperty("lpreg.ecash-bls.zip",
            "target/lpreg-plugin-ecash-bls-0.1.0-SNAPSHOT-plugin.zip"));

    @TempDir
    Path dir;

    @Test
    void aTicketIsNotCreditedAgainAfterItsBandwidthExpiredWhileItsEpochIsValid() throws Exception {
        Instant start = Instant.now();
        TestIssuer issuer = TestIssuer.create(Files.createDirectories(dir.resolve("issuer")), start);
        Path plugins = Files.createDirectories(dir.resolve("gateway").resolve("plugins"));
        Files.copy(PLUGIN_ZIP, plugins.resolve(PLUGIN_ZIP.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        FaultyStorage storage = FaultyStorage.sqlite(dir.resolve("sqlite-lib"), dir.resolve("storage"));
        SettableClock clock = new SettableClock(start);
        Ticket ticket = issuer.ticket(TicketType.MIXNET_ENTRY, TestIssuer.LONG);

        try (TestGateway gateway = TestGateway.start(dir.resolve("gateway"), config -> config.withVerifiers("bls")
                        .withStorage("faulty")
                        .withPluginSection("ecash-bls", Map.of("verification_keys", issuer.verificationKeys().toString())),
                builder -> builder.clock(clock).extension(storage))) {
            LpRegistrationResponse first = register(gateway, ticket, clock.instant());
            assertThat(first.success()).as("%s", first.error()).isTrue();

            clock.set(start.plus(Duration.ofDays(9)));
            storage.purgeExpired(clock.instant());
            LpRegistrationResponse again = register(gateway, ticket, clock.instant());

            assertThat(again.success()).as("the same ticket, 9 days later, inside its 30-day epoch").isFalse();
            assertThat(again.error()).hasValue("Credential verification failed: credential already spent");
            assertThat(storage.spent(TicketSpend.decode(TicketSpend.spend(ticket, gateway.gateway().identityKey(),
                    new byte[32], clock.instant(), RANDOM)).serial())).isPresent();
        }
    }

    private static LpRegistrationResponse register(TestGateway gateway, Ticket ticket, Instant now) throws Exception {
        try (LpTestClient client = gateway.client(WireVersion.V2)) {
            byte[] handshakeHash = client.handshake(now);
            byte[] spend = TicketSpend.spend(ticket, gateway.gateway().identityKey(), handshakeHash, now, RANDOM);
            return client.register(new LpRegistrationRequest(LpTestClient.randomKey(),
                    new RequestCredential.Envelope(TicketSpend.SCHEME, spend), TicketType.MIXNET_ENTRY,
                    new RegistrationMode.Mixnet(LpTestClient.randomKey()), InetAddress.getLoopbackAddress(),
                    now.getEpochSecond(), Optional.empty()));
        }
    }

    private static final class SettableClock extends Clock {
        private volatile Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
