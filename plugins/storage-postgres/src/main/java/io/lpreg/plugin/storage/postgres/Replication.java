package io.lpreg.plugin.storage.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * How durable a commit on the server this node writes to is, read from the server itself: its
 * {@code synchronous_commit} (as this node's sessions have it), {@code synchronous_standby_names} and the
 * standbys {@code pg_stat_replication} shows as {@code sync} or {@code quorum}. A role without
 * {@code pg_read_all_stats} (or {@code pg_monitor}) sees the standbys' rows but not their {@code sync_state}:
 * then {@link #synchronousStandby()} is empty, unknown.
 *
 * @param server the server's address and port ({@code inet_server_addr}), or "local socket"
 * @param synchronousStandbys standbys streaming as {@code sync}/{@code quorum}; empty when not visible
 */
record Replication(String server, String synchronousCommit, String synchronousStandbyNames, int standbys,
                   Optional<Integer> synchronousStandbys) {
    /** The levels at which a commit waits for a synchronous standby (PostgreSQL: §20.5.1). */
    private static final Set<String> WAITS_FOR_STANDBY = Set.of("on", "remote_write", "remote_apply");

    Replication {
        requireNonNull(server, "server is null");
        requireNonNull(synchronousCommit, "synchronousCommit is null");
        requireNonNull(synchronousStandbyNames, "synchronousStandbyNames is null");
        requireNonNull(synchronousStandbys, "synchronousStandbys is null");
    }

    static Replication read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("""
                     SELECT coalesce(host(inet_server_addr()) || ':' || inet_server_port(), 'local socket'),
                            current_setting('synchronous_commit'),
                            current_setting('synchronous_standby_names'),
                            (SELECT count(*) FROM pg_stat_replication),
                            (SELECT count(*) FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')),
                            (SELECT count(*) FROM pg_stat_replication WHERE sync_state IS NULL)""")) {
            rs.next();
            boolean hidden = rs.getInt(6) > 0;
            return new Replication(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                    hidden ? Optional.empty() : Optional.of(rs.getInt(5)));
        }
    }

    /**
     * True when a commit is acknowledged only once a synchronous standby has it; empty when the role may not
     * see {@code sync_state} and {@code synchronous_commit} would wait for one.
     */
    Optional<Boolean> synchronousStandby() {
        if (!WAITS_FOR_STANDBY.contains(synchronousCommit) || synchronousStandbyNames.isBlank()) {
            return Optional.of(false);
        }
        return synchronousStandbys.map(count -> count > 0);
    }

    /** What {@code /health} shows under {@code storage.details}. */
    Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("server", server);
        details.put("synchronous_commit", synchronousCommit);
        details.put("synchronous_standby", synchronousStandby().map(String::valueOf).orElse("unknown"));
        details.put("standbys", Integer.toString(standbys));
        return details;
    }

    /** One line for the start log and for a refusal. */
    String describe() {
        String standbysSeen = synchronousStandbys.map(count -> count + " of " + standbys + " standbys synchronous")
                .orElse(standbys + " standbys, their sync_state not visible to this role (grant it pg_monitor)");
        return "server " + server + ": synchronous_commit=" + synchronousCommit + ", synchronous_standby_names='"
                + synchronousStandbyNames + "', " + standbysSeen;
    }

    /** What an acknowledged registration survives at this level, for the start log. */
    String durability() {
        return switch (synchronousCommit) {
            case "off" -> "acknowledged registrations may be lost by a crash or failover of this server (synchronous_commit=off)";
            case "local" -> "an acknowledged registration is on this server's disk only; a failover may lose the last ones";
            default -> synchronousStandby().map(synchronous -> synchronous
                            ? "an acknowledged registration is on this server and a synchronous standby"
                            : "no synchronous standby: an acknowledged registration is on this server only; a failover may lose the last ones")
                    .orElse("whether a synchronous standby has each commit is unknown");
        };
    }
}
