package io.lpreg.example.embedded;

import io.lpreg.engine.GatewayStartupException;
import io.lpreg.engine.LpGateway;
import io.lpreg.engine.config.GatewayConfig;
import io.lpreg.spi.WireGuardKey;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The host application's gateway: the engine started with the builder API and three extensions of this
 * application passed in as objects — storage, WireGuard and a verifier — with no plugins folder at all.
 */
public final class EmbeddedGateway implements AutoCloseable {
    public static final long BANDWIDTH_PER_VOUCHER = 500_000_000L;
    public static final Duration VOUCHER_VALIDITY = Duration.ofDays(7);

    private final LpGateway engine;
    private final InMemoryStorage storage;
    private final RecordingWireGuard wireGuard;

    private EmbeddedGateway(LpGateway engine, InMemoryStorage storage, RecordingWireGuard wireGuard) {
        this.engine = engine;
        this.storage = storage;
        this.wireGuard = wireGuard;
    }

    /**
     * @param listen where the LP listener binds (port 0: any free port)
     * @param metrics where {@code /metrics} and {@code /health} bind; empty for none
     * @param dataDirectory where the gateway's identity key is kept across restarts
     * @param wireGuardEndpoint what the WireGuard stand-in announces to clients
     * @param vouchers what {@link VoucherListVerifier} accepts
     */
    public record Settings(InetSocketAddress listen, Optional<InetSocketAddress> metrics, Path dataDirectory,
                           InetSocketAddress wireGuardEndpoint, List<String> vouchers) {
        public Settings {
            requireNonNull(listen, "listen is null");
            requireNonNull(metrics, "metrics is null");
            requireNonNull(dataDirectory, "dataDirectory is null");
            requireNonNull(wireGuardEndpoint, "wireGuardEndpoint is null");
            vouchers = List.copyOf(requireNonNull(vouchers, "vouchers is null"));
        }
    }

    public static EmbeddedGateway start(Settings settings) throws GatewayStartupException {
        requireNonNull(settings, "settings is null");
        Clock clock = Clock.systemUTC();
        InMemoryStorage storage = new InMemoryStorage(clock);
        byte[] standInKey = new byte[WireGuardKey.SIZE];
        new SecureRandom().nextBytes(standInKey);
        RecordingWireGuard wireGuard = new RecordingWireGuard(new WireGuardKey(standInKey), settings.wireGuardEndpoint());
        VoucherListVerifier verifier = new VoucherListVerifier(settings.vouchers(), BANDWIDTH_PER_VOUCHER,
                VOUCHER_VALIDITY);

        LpGateway engine = LpGateway.builder()
                .config(config(settings))
                .clock(clock)
                .extension(storage)
                .extension(wireGuard)
                .extension(verifier)
                .start();
        return new EmbeddedGateway(engine, storage, wireGuard);
    }

    /** The engine's defaults, with this application's listener, data directory and extensions selected by name. */
    static GatewayConfig config(Settings settings) {
        GatewayConfig config = GatewayConfig.defaults()
                .withBind(settings.listen())
                .withDataDirectory(settings.dataDirectory())
                .withStorage(InMemoryStorage.NAME)
                .withWireGuard(RecordingWireGuard.NAME)
                .withVerifiers(VoucherListVerifier.NAME);
        return settings.metrics()
                .map(config::withMetricsOn)
                .orElseGet(config::withoutMetrics);
    }

    public LpGateway engine() {
        return engine;
    }

    public InMemoryStorage storage() {
        return storage;
    }

    public RecordingWireGuard wireGuard() {
        return wireGuard;
    }

    @Override
    public void close() {
        engine.close();
    }
}
