package io.lpreg.cli;

import io.lpreg.engine.config.BindAddress;
import io.lpreg.engine.config.GatewayConfig;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What to do next, for the mistakes a newcomer makes first: a key in the wrong form, no gateway where the client
 * looks, a port already taken, WireGuard without root. Each method gives the sentence a command prints.
 */
final class NextStep {
    static final String KEY_FORMS = "the gateway's identity key, 64 hex digits (identity_key, as 'lpreg gateway' "
            + "prints it when it starts and 'lpreg keygen' when it creates it), or lp:HEX for its LP (X25519) key";

    private NextStep() {
    }

    /** {@code --gateway-key TEXT} did not parse: what was wrong with it, and what a gateway key looks like. */
    static String gatewayKey(String given, Exception problem) {
        String value = given == null ? "" : given.strip();
        String body = value.startsWith("lp:") ? value.substring(3)
                : value.startsWith("identity:") ? value.substring(9) : value;
        String what;
        if (body.isEmpty()) {
            what = "it is empty";
        } else if (!body.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            int bad = body.chars().filter(c -> Character.digit(c, 16) < 0).findFirst().orElse('?');
            what = "'" + (char) bad + "' is not a hex digit" + (looksBase64(body) ? " (that looks like Base64, the form "
                    + "of WireGuard keys; the gateway's key is given in hex)" : "");
        } else if (body.length() != 64) {
            what = "it has " + body.length() + " hex digits, a key has 64";
        } else if (!value.startsWith("lp:")) {
            what = "it is not an Ed25519 identity key; if it is the gateway's LP key (lp_key), pass it as lp:" + body;
        } else {
            what = String.valueOf(problem.getMessage());
        }
        return "--gateway-key " + abbreviate(value) + ": " + what + ". Expected " + KEY_FORMS;
    }

    private static boolean looksBase64(String text) {
        return text.length() == 44 && text.endsWith("=");
    }

    private static String abbreviate(String text) {
        return text.length() > 24 ? text.substring(0, 12) + "…" + text.substring(text.length() - 8) : text;
    }

    /**
     * A client's connect or handshake failure: whether a gateway runs there, whether the key is its own.
     * {@code failure} is the client's message, e.g. {@code connect failed: cannot connect to …: Connection refused}.
     */
    static Optional<String> afterClientFailure(String step, String failure, InetSocketAddress gateway) {
        String message = failure.toLowerCase(Locale.ROOT);
        String address = BindAddress.format(gateway);
        if (step.equals("connect") && message.contains("connection refused")) {
            return Optional.of("nothing accepts connections on " + address + ": is 'lpreg gateway' running on "
                    + address + "? Start one with 'lpreg gateway --listen " + address + " --ecash mock' (a test "
                    + "gateway), or check --gateway (the LP port is 41264 unless the gateway's [listener] bind says otherwise)");
        }
        if (step.equals("connect") && (message.contains("timed out") || message.contains("timeout"))) {
            return Optional.of("no answer from " + address + " in time: check --gateway and that a firewall lets TCP "
                    + "through to that port");
        }
        if (step.equals("handshake")) {
            return Optional.of("the gateway at " + address + " did not complete the handshake: check that --gateway-key "
                    + "is this gateway's identity_key (or lp:LP_KEY), as 'lpreg gateway' printed them when it started");
        }
        return Optional.empty();
    }

    /** The startup failure was a port already taken: which one, and how to choose another. */
    static Optional<String> bindFailure(Throwable failure, GatewayConfig config) {
        Throwable inUse = null;
        for (Throwable t = failure; t != null && inUse == null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof BindException || message.contains("address already in use")) {
                inUse = t;
            }
        }
        if (inUse == null) {
            return Optional.empty();
        }
        List<String> culprits = new ArrayList<>();
        boolean metrics = thrownBy(inUse, "sun.net.httpserver", "io.lpreg.engine.metrics");
        boolean listener = thrownBy(inUse, "io.netty", "io.lpreg.engine.listener");
        if ((listener || !metrics) && config.listener().bind().getPort() != 0) {
            culprits.add(port(config.listener().bind(), "the LP listener", "--listen HOST:PORT", "[listener] bind"));
        }
        if (config.metrics().enabled() && (metrics || !listener) && config.metrics().bind().getPort() != 0) {
            culprits.add(port(config.metrics().bind(), "/metrics and /health", "--metrics HOST:PORT", "[metrics] bind"));
        }
        if (culprits.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; or ", culprits) + ". Another gateway may be running there ('lpreg status' "
                + "asks it), or another program holds the port ('ss -ltnp' shows which)");
    }

    private static String port(InetSocketAddress address, String what, String option, String key) {
        return "port " + address.getPort() + " (" + what + ", " + BindAddress.format(address) + ") is already in use: "
                + "choose another with " + option + " or " + key + " in the config file";
    }

    /** By its class (Netty's native errors have no stack trace) or a frame of its stack. */
    private static boolean thrownBy(Throwable t, String... prefixes) {
        for (String prefix : prefixes) {
            if (t.getClass().getName().startsWith(prefix)) {
                return true;
            }
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            for (String prefix : prefixes) {
                if (frame.getClassName().startsWith(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Why this host cannot run the managed wireguard-go interface, if it cannot: it needs root (CAP_NET_ADMIN) and
     * {@code /dev/net/tun}.
     */
    static Optional<String> wireGuardHost(boolean root, boolean tun) {
        if (root && tun) {
            return Optional.empty();
        }
        String missing = !root && !tun ? "this process is not root and /dev/net/tun is missing"
                : !root ? "this process is not root" : "/dev/net/tun is missing";
        return Optional.of("WireGuard needs root and /dev/net/tun (" + missing + "): run as root (in a container: "
                + "--cap-add NET_ADMIN --device /dev/net/tun), or run without WireGuard: drop --wireguard (and "
                + "wireguard from the config file) for mixnet registrations only; 'lpreg demo --no-wireguard' does the same");
    }

    static Optional<String> wireGuardHost() {
        return wireGuardHost(isRoot(), Files.exists(Path.of("/dev/net/tun")));
    }

    /** The effective user is root: the owner of /proc/self is the process's uid (Linux), else by name. */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (Exception e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
