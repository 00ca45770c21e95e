package io.lpreg.plugin.storage.postgres;

import io.lpreg.testkit.storage.GatewayStorageContract;
import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.testkit.storage.ThrowawayPostgres;

import java.io.IOException;
import java.nio.file.Path;

/** The plugin's section for a node on a throwaway cluster: five pairs (/29 + /125), the contract's durations. */
final class PostgresFixture {
    static final int POOL_SIZE = 5;

    private PostgresFixture() {
    }

    static MapPluginConfig node(ThrowawayPostgres postgres, String url, String node) {
        return MapPluginConfig.in(Path.of("/nonexistent/lpreg-data"))
                .with("url", url)
                .with("user", postgres.user())
                .with("password_file", postgres.passwordFile().toString())
                .with("node", node)
                .with("ipv4_prefix", "10.9.0.0/29")
                .with("ipv6_prefix", "fd00::/125")
                .with("quarantine", GatewayStorageContract.QUARANTINE.toMinutes() + "m")
                .with("purge_grace", GatewayStorageContract.PURGE_GRACE.toHours() + "h");
    }

    static MapPluginConfig freshNode(ThrowawayPostgres postgres, String node) throws IOException, InterruptedException {
        return node(postgres, postgres.createDatabase(), node);
    }
}
