package {{PACKAGE}};

import io.lpreg.spi.Bandwidth;
import io.lpreg.spi.Charge;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.StorageTransaction;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.WireGuardKey;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The mode against a registration context that records what the mode asked of storage and of the engine. */
class {{CLASS}}Test {
    private static final long CREDITED = TicketType.MIXNET_ENTRY.bandwidthBytes();

    private final List<byte[]> clientIds = new ArrayList<>();
    private final List<ClientId> charged = new ArrayList<>();

    @Test
    void creditsTheAccountsClientOnceAndConfiguresNoPeer() throws Exception {
        RegistrationPlan plan = new {{CLASS}}().register(context("alice"));

        assertThat(plan.peer()).isEmpty();
        assertThat(plan.allocatedBandwidth()).isEqualTo(CREDITED);
        assertThat(clientIds).singleElement().satisfies(id -> assertThat(id).hasSize(32)
                .isEqualTo({{CLASS}}.clientId("alice".getBytes(StandardCharsets.UTF_8))));
        assertThat(charged).containsExactly(new ClientId(1));
    }

    @Test
    void oneAccountIsOneClientAndTwoAccountsAreTwo() {
        assertThat({{CLASS}}.clientId(bytes("alice"))).isEqualTo({{CLASS}}.clientId(bytes("alice")));
        assertThat({{CLASS}}.clientId(bytes("alice"))).isNotEqualTo({{CLASS}}.clientId(bytes("bob")));
    }

    @Test
    void refusesWithoutAnAccountAndChargesNothing() {
        assertThatThrownBy(() -> new {{CLASS}}().register(context("")))
                .isInstanceOf(RegistrationRefusedException.class).hasMessageContaining("account name");
        assertThatThrownBy(() -> new {{CLASS}}().register(context("x".repeat(65))))
                .isInstanceOf(RegistrationRefusedException.class);
        assertThat(charged).isEmpty();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private RegistrationContext context(String account) {
        StorageTransaction storage = (StorageTransaction) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {StorageTransaction.class}, (proxy, method, args) -> {
                    if (method.getName().equals("mixnetClient")) {
                        clientIds.add(((byte[]) args[0]).clone());
                        assertThat(args[1]).isEqualTo(ClientKind.ENTRY_MIXNET);
                        return new ClientId(1);
                    }
                    throw new AssertionError("the mode should not call " + method.getName() + Arrays.toString(args));
                });
        return new RegistrationContext() {
            @Override
            public WireGuardKey clientKey() {
                return new WireGuardKey(new byte[32]);
            }

            @Override
            public Optional<byte[]> presharedKey() {
                return Optional.empty();
            }

            @Override
            public TicketType ticketType() {
                return TicketType.MIXNET_ENTRY;
            }

            @Override
            public byte[] modeParameters() {
                return bytes(account);
            }

            @Override
            public StorageTransaction storage() {
                return storage;
            }

            @Override
            public Charge charge(ClientId client) {
                charged.add(client);
                return new Charge(CREDITED, new Bandwidth(CREDITED, now().plusSeconds(3600)), false);
            }

            @Override
            public Instant now() {
                return Instant.parse("2026-01-01T00:00:00Z");
            }
        };
    }
}
