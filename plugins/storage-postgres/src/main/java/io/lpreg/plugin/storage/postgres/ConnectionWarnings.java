package io.lpreg.plugin.storage.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What the gateway warns of at start about the way it reaches the database: a connection whose peer is not
 * verified (anyone on the path can read and rewrite the ledger) and a password file others can read.
 */
final class ConnectionWarnings {
    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private ConnectionWarnings() {
    }

    /**
     * Empty for {@code sslmode=verify-full} (or {@code ssl=true}, which the driver takes as verify-full) and for
     * a database on this host. The driver's default, {@code prefer}, like {@code require}, encrypts without
     * checking the certificate: it stops a listener, not a man in the middle.
     */
    static Optional<String> tls(String url) {
        requireNonNull(url, "url is null");
        List<String> hosts = hosts(url);
        if (!hosts.isEmpty() && hosts.stream().allMatch(host -> LOOPBACK.contains(host.toLowerCase(Locale.ROOT)))) {
            return Optional.empty();
        }
        Optional<String> sslmode = parameter(url, "sslmode");
        boolean ssl = parameter(url, "ssl").map(value -> value.isEmpty() || value.equalsIgnoreCase("true")).orElse(false);
        String mode = sslmode.orElse(ssl ? "verify-full" : "prefer");
        if (mode.equals("verify-full")) {
            return Optional.empty();
        }
        String why = switch (mode) {
            case "disable" -> "connects without TLS";
            case "allow" -> "connects without TLS unless the server insists";
            case "verify-ca" -> "checks the certificate's CA but not that it names the database host";
            default -> "encrypts but accepts any certificate";
        };
        String setting = sslmode.map(value -> "sslmode=" + value).orElse("url has no sslmode, so the driver's prefer");
        return Optional.of(setting + " " + why + ": whoever sits between this gateway and " + String.join(",", hosts)
                + " can read and rewrite the ledger. Add sslmode=verify-full&sslrootcert=/path/to/ca.pem to url "
                + "(docs/fleet.md)");
    }

    /** Present when users other than the file's owner may read the password. */
    static Optional<String> passwordFile(Path file) throws IOException {
        requireNonNull(file, "file is null");
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
            return Optional.of("password_file " + file + " is readable by every user; make it readable by the gateway "
                    + "only (chmod 600)");
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)) {
            return Optional.of("password_file " + file + " is readable by its group; make it readable by the gateway "
                    + "only (chmod 600)");
        }
        return Optional.empty();
    }

    /** The hosts of {@code jdbc:postgresql://h1:p1,h2/db?...}; none for {@code jdbc:postgresql:db} (localhost). */
    private static List<String> hosts(String url) {
        String rest = url.substring("jdbc:postgresql:".length());
        if (!rest.startsWith("//")) {
            return List.of("localhost");
        }
        String authority = rest.substring(2);
        int end = authority.indexOf('/');
        if (end >= 0) {
            authority = authority.substring(0, end);
        }
        List<String> hosts = new ArrayList<>();
        for (String hostAndPort : authority.split(",")) {
            String host = hostAndPort;
            if (host.startsWith("[")) {
                host = host.substring(0, host.indexOf(']') + 1);
            } else if (host.contains(":")) {
                host = host.substring(0, host.indexOf(':'));
            }
            hosts.add(host.isEmpty() ? "localhost" : host);
        }
        return hosts;
    }

    private static Optional<String> parameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        Optional<String> value = Optional.empty();
        for (String pair : url.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                value = Optional.of(equals < 0 ? "" : pair.substring(equals + 1));
            }
        }
        return value;
    }
}
