package io.lpreg.plugin.wireguard.linux;

import io.lpreg.spi.IpPair;
import io.lpreg.spi.PluginConfig;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The {@code [plugins.wireguard-linux]} section (README.md lists every key with its default).
 *
 * @param listenPort the UDP port of an interface the plugin configures (wireguard-go, or a key-less one)
 * @param netns the network namespace the interface lives in, if not the gateway's
 */
public record WireGuardLinuxSettings(Backend backend, String interfaceName, InetSocketAddress endpoint, int listenPort,
                                     Path privateKeyFile, InterfaceAddress addressV4, InterfaceAddress addressV6,
                                     Optional<String> netns, String wireguardGo, String wg, String ip,
                                     Path socketDirectory, Duration startTimeout, Duration commandTimeout,
                                     Duration restartBackoff, Duration restartBackoffMax) {
    static final String PRIVATE_KEY_FILE_NAME = "wg-private.key";
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_=+.-]{1,15}");
    private static final Pattern NETNS_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Set<String> KEYS = Set.of("backend", "interface", "endpoint", "listen_port", "private_key_file",
            "address_v4", "address_v6", "netns", "wireguard_go", "wg", "ip", "socket_directory", "start_timeout",
            "command_timeout", "restart_backoff", "restart_backoff_max");

    public enum Backend {
        UAPI("uapi"), WG("wg"), WIREGUARD_GO("wireguard-go");

        private final String configName;

        Backend(String configName) {
            this.configName = configName;
        }

        public String configName() {
            return configName;
        }

        static Backend of(String name) {
            return Arrays.stream(values()).filter(backend -> backend.configName.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("backend must be one of uapi, wg, wireguard-go; got "
                            + name));
        }
    }

    /** An address with its prefix length as {@code ip address add} takes it: {@code 10.1.0.1/16}. */
    public record InterfaceAddress(InetAddress address, int prefixLength) {
        public InterfaceAddress {
            requireNonNull(address, "address is null");
            int bits = address instanceof Inet4Address ? 32 : 128;
            if (prefixLength < 1 || prefixLength > bits) {
                throw new IllegalArgumentException("prefix length must be 1.." + bits + ", got " + prefixLength);
            }
        }

        static InterfaceAddress parse(String key, String text, Class<? extends InetAddress> family) {
            String[] parts = text.strip().split("/", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException(key + " must be an address with a prefix length, e.g. "
                        + (family == Inet4Address.class ? "10.1.0.1/16" : "fd00::1/112") + "; got " + text);
            }
            InetAddress address = literal(key, parts[0]);
            if (!family.isInstance(address)) {
                throw new IllegalArgumentException(key + " must be an " + (family == Inet4Address.class ? "IPv4" : "IPv6")
                        + " address, got " + text);
            }
            try {
                return new InterfaceAddress(address, Integer.parseInt(parts[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }

        @Override
        public String toString() {
            return IpPair.text(address) + "/" + prefixLength;
        }
    }

    public WireGuardLinuxSettings {
        requireNonNull(backend, "backend is null");
        requireNonNull(interfaceName, "interfaceName is null");
        if (!INTERFACE_NAME.matcher(interfaceName).matches()) {
            throw new IllegalArgumentException("interface must be 1 to 15 characters of A-Z a-z 0-9 _ = + . -, got '"
                    + interfaceName + "'");
        }
        requireNonNull(endpoint, "endpoint is null");
        if (endpoint.isUnresolved() || endpoint.getAddress().isAnyLocalAddress()) {
            throw new IllegalArgumentException("endpoint must be the address clients reach the gateway at, not "
                    + endpoint.getHostString() + " (an unspecified address is meaningless to a client)");
        }
        if (listenPort < 1 || listenPort > 65535) {
            throw new IllegalArgumentException("listen_port must be 1..65535, got " + listenPort);
        }
        requireNonNull(privateKeyFile, "privateKeyFile is null");
        requireNonNull(addressV4, "addressV4 is null");
        requireNonNull(addressV6, "addressV6 is null");
        requireNonNull(netns, "netns is null").ifPresent(name -> {
            if (!NETNS_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("netns must be a network namespace name (A-Z a-z 0-9 _ . -), got '"
                        + name + "'");
            }
        });
        requireNonBlank(wireguardGo, "wireguard_go");
        requireNonBlank(wg, "wg");
        requireNonBlank(ip, "ip");
        requireNonNull(socketDirectory, "socketDirectory is null");
        requirePositive(startTimeout, "start_timeout");
        requirePositive(commandTimeout, "command_timeout");
        requirePositive(restartBackoff, "restart_backoff");
        requirePositive(restartBackoffMax, "restart_backoff_max");
        if (restartBackoffMax.compareTo(restartBackoff) < 0) {
            throw new IllegalArgumentException("restart_backoff_max (" + restartBackoffMax
                    + ") must not be shorter than restart_backoff (" + restartBackoff + ")");
        }
    }

    public static WireGuardLinuxSettings from(PluginConfig config) {
        requireNonNull(config, "config is null");
        Set<String> unknown = new TreeSet<>(config.keys());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown keys in [plugins.wireguard-linux]: " + unknown + "; the keys are "
                    + new TreeSet<>(KEYS));
        }
        String endpoint = config.value("endpoint").orElseThrow(() -> new IllegalArgumentException(
                "endpoint is required: the host:port clients send WireGuard packets to, e.g. 203.0.113.7:51822"));
        return new WireGuardLinuxSettings(
                read("backend", () -> Backend.of(config.string("backend", Backend.WIREGUARD_GO.configName()))),
                config.string("interface", "lpwg0"),
                read("endpoint", () -> parseEndpoint(endpoint)),
                (int) read("listen_port", () -> config.longValue("listen_port", 51822)).longValue(),
                config.value("private_key_file").map(Path::of)
                        .orElseGet(() -> config.dataDirectory().resolve(PRIVATE_KEY_FILE_NAME)),
                InterfaceAddress.parse("address_v4", config.string("address_v4", "10.1.0.1/16"), Inet4Address.class),
                InterfaceAddress.parse("address_v6", config.string("address_v6", "fd00::1/112"), Inet6Address.class),
                config.value("netns").map(String::strip).filter(name -> !name.isEmpty()),
                config.string("wireguard_go", "wireguard-go"),
                config.string("wg", "wg"),
                config.string("ip", "ip"),
                Path.of(config.string("socket_directory", "/var/run/wireguard")),
                read("start_timeout", () -> config.duration("start_timeout", Duration.ofSeconds(10))),
                read("command_timeout", () -> config.duration("command_timeout", Duration.ofSeconds(10))),
                read("restart_backoff", () -> config.duration("restart_backoff", Duration.ofSeconds(1))),
                read("restart_backoff_max", () -> config.duration("restart_backoff_max", Duration.ofSeconds(30))));
    }

    /** The UAPI socket of the interface (its path does not depend on the network namespace). */
    public Path socket() {
        return socketDirectory.resolve(interfaceName + ".sock");
    }

    /** {@code command} run inside the configured network namespace, if any. */
    List<String> inNetns(List<String> command) {
        if (netns.isEmpty()) {
            return command;
        }
        return Stream.concat(List.of(ip, "netns", "exec", netns.get()).stream(), command.stream())
                .toList();
    }

    /** An {@code ip} command addressed to the configured network namespace, if any. */
    List<String> ipCommand(String... arguments) {
        List<String> command = new ArrayList<>(List.of(ip));
        netns.ifPresent(name -> command.addAll(List.of("-n", name)));
        command.addAll(List.of(arguments));
        return List.copyOf(command);
    }

    static InetSocketAddress parseEndpoint(String text) {
        String value = text.strip();
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new IllegalArgumentException("must be ip:port or [ipv6]:port, got " + text);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("an IPv6 endpoint is written [address]:port, got " + text);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port of " + text + " is not a number", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be 1..65535, got " + text);
        }
        return new InetSocketAddress(literal("endpoint", host), port);
    }

    /** An IP literal; never a name, so that reading the configuration never waits for DNS. */
    private static InetAddress literal(String key, String text) {
        boolean ipv4 = IPV4_LITERAL.matcher(text).matches();
        boolean ipv6 = text.contains(":") && text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        if (!ipv4 && !ipv6) {
            throw new IllegalArgumentException(key + " must be an IP address, got '" + text + "'");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(key + " is not a valid IP address: " + text, e);
        }
    }

    private static <T> T read(String key, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new IllegalArgumentException(message.startsWith(key) ? message : key + ": " + message, e);
        }
    }

    private static void requireNonBlank(String value, String key) {
        requireNonNull(value, key + " is null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(key + " is blank");
        }
    }

    private static void requirePositive(Duration value, String key) {
        requireNonNull(value, key + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + value);
        }
    }
}
