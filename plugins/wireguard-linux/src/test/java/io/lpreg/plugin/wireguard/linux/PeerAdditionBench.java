package io.lpreg.plugin.wireguard.linux;

import io.lpreg.testkit.plugin.MapPluginConfig;
import io.lpreg.testkit.plugin.CountingMetrics;
import io.lpreg.spi.PeerConfig;
import io.lpreg.spi.WireGuardException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Peer additions per second through each backend, on a real wireguard-go in a network namespace of its
 * own, single-threaded, each beside the bound it cannot beat measured in the same run: an empty UAPI
 * round trip (uapi, wireguard-go) or running a trivial {@code wg} process (wg). A benchmark, not a test:
 * run it as README.md shows. Arguments: peers per backend (default 2000).
 */
public final class PeerAdditionBench {
    private PeerAdditionBench() {
    }

    public static void main(String[] args) throws Exception {
        int peers = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("lpreg-wg-bench");
        try (Netns netns = Netns.create("bn")) {
            for (String backend : List.of("uapi", "wg", "wireguard-go")) {
                String name = "lpwg" + Sh.unique();
                OperatorWireGuardGo operator = backend.equals("wireguard-go") ? null : OperatorWireGuardGo.start(name, netns);
                try (LinuxWireGuardController controller = controller(backend, name, netns, dir)) {
                    List<PeerConfig> configs = new ArrayList<>();
                    for (int i = 0; i < peers; i++) {
                        configs.add(Peers.peer(Peers.randomKey(), 2 + i, Optional.empty(), Duration.ofSeconds(25)));
                    }
                    add(controller, configs.subList(0, Math.min(200, peers)));
                    for (PeerConfig peer : configs.subList(0, Math.min(200, peers))) {
                        controller.removePeer(peer.publicKey());
                    }
                    long start = System.nanoTime();
                    add(controller, configs);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    int onInterface = controller.peers().size();
                    System.out.printf("%-13s %6d peers in %6.2f s = %8.0f additions/s (interface lists %d); bound: %s%n",
                            backend, peers, seconds, peers / seconds, onInterface, bound(backend, controller, name));
                } finally {
                    if (operator != null) {
                        operator.close();
                    }
                }
            }
        }
    }

    private static LinuxWireGuardController controller(String backend, String name, Netns netns, Path dir)
            throws WireGuardException {
        Map<String, String> values = Map.of("backend", backend, "interface", name, "endpoint", "10.233.0.1:51822",
                "listen_port", Integer.toString(40_000 + (name.hashCode() & 0x1fff)), "netns", netns.name());
        return new LinuxWireGuardController(WireGuardLinuxSettings.from(new MapPluginConfig(values, dir)),
                new CountingMetrics());
    }

    private static void add(LinuxWireGuardController controller, List<PeerConfig> peers) throws WireGuardException {
        for (PeerConfig peer : peers) {
            controller.addPeer(peer);
        }
    }

    private static String bound(String backend, LinuxWireGuardController controller, String name) throws Exception {
        int rounds = 2000;
        if (backend.equals("wg")) {
            rounds = 200;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                Commands.run(controller.settings().inNetns(List.of("wg", "--version")), "", Duration.ofSeconds(10));
            }
            return String.format("%.0f runs/s of 'ip netns exec <ns> wg --version'",
                    rounds / ((System.nanoTime() - start) / 1e9));
        }
        UapiClient client = new UapiClient(name, controller.settings().socket(), Duration.ofSeconds(10));
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) {
            client.removePeer(Peers.randomKey());
        }
        return String.format("%.0f UAPI set round trips/s (removal of an unknown peer)",
                rounds / ((System.nanoTime() - start) / 1e9));
    }
}
