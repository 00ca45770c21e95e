package {{PACKAGE}};

import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.PeerStats;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.WireGuardController;
import io.lpreg.spi.WireGuardException;
import io.lpreg.spi.WireGuardKey;
import jakarta.inject.Inject;
import org.pf4j.Extension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@value #NAME} WireGuard controller, selected by {@code wireguard = "{{ID}}"}.
 *
 * <p>As generated it keeps the peers the gateway configures in memory and moves no packet: registrations work,
 * tunnels do not. Replace {@link #addPeer}, {@link #removePeer} and {@link #peers} with calls to your data plane
 * (a UAPI socket, a netlink library, a remote API). {@code [plugins.{{ID}}]} keys: {@code endpoint}, the
 * {@code IP:PORT} clients send WireGuard to (default 127.0.0.1:51820), and {@code public_key}, the interface's
 * public key in Base64; without it a key is made once and kept in the plugin's data directory.
 *
 * <p>Called from several worker threads at once, never from the network event loop: calls may block.
 */
@Extension
public final class {{CLASS}} implements WireGuardController {
    public static final String NAME = "{{ID}}";
    static final String KEY_FILE = "public.key";

    private final WireGuardKey publicKey;
    private final InetSocketAddress endpoint;
    private final Map<WireGuardKey, PeerConfig> peers = new ConcurrentHashMap<>();

    @Inject
    public {{CLASS}}(PluginConfig config) {
        this.endpoint = endpoint(config.string("endpoint", "127.0.0.1:51820"));
        Optional<String> configured = config.value("public_key");
        this.publicKey = configured.isPresent() ? WireGuardKey.fromBase64(configured.get()) : keptKey(config.dataDirectory());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public WireGuardKey publicKey() {
        return publicKey;
    }

    @Override
    public InetSocketAddress endpoint() {
        return endpoint;
    }

    @Override
    public void addPeer(PeerConfig peer) throws WireGuardException {
        peers.put(peer.publicKey(), peer);
    }

    @Override
    public void removePeer(WireGuardKey key) throws WireGuardException {
        peers.remove(key);
    }

    /** Every peer with its counters: zero here, since nothing flows. */
    @Override
    public List<PeerStats> peers() throws WireGuardException {
        return peers.keySet().stream().map(key -> new PeerStats(key, 0, 0, Optional.empty())).toList();
    }

    /** The peer as the gateway configured it, if it is on the interface. */
    public Optional<PeerConfig> peer(WireGuardKey key) {
        return Optional.ofNullable(peers.get(key));
    }

    private static InetSocketAddress endpoint(String text) {
        int colon = text.lastIndexOf(':');
        try {
            InetAddress address = InetAddress.getByName(text.substring(0, colon).replace("[", "").replace("]", ""));
            if (address.isAnyLocalAddress()) {
                throw new IllegalArgumentException("[plugins.{{ID}}] endpoint is the address clients send to, not " + text);
            }
            return new InetSocketAddress(address, Integer.parseInt(text.substring(colon + 1)));
        } catch (UnknownHostException | RuntimeException e) {
            throw new IllegalArgumentException("[plugins.{{ID}}] endpoint: expected IP:PORT, got " + text + " (" + e.getMessage() + ")", e);
        }
    }

    /** A stand-in public key, made on first start and kept, so that clients see the same key after a restart. */
    private static WireGuardKey keptKey(Path directory) {
        Path file = directory.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return WireGuardKey.fromBase64(Files.readString(file, StandardCharsets.US_ASCII).strip());
            }
            byte[] key = new byte[WireGuardKey.SIZE];
            new SecureRandom().nextBytes(key);
            WireGuardKey made = new WireGuardKey(key);
            Files.createDirectories(directory);
            Files.writeString(file, made.base64() + "\n", StandardCharsets.US_ASCII);
            return made;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the interface key in " + file + ": " + e, e);
        }
    }
}
