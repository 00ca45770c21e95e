package io.lpreg.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.lpreg.cli.HelpCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code lpreg peers list|show|remove}: the running gateway's WireGuard peers. */
@Command(name = "peers", description = "List, show or remove the running gateway's WireGuard peers (admin socket).",
        subcommands = {PeersCommand.List.class, PeersCommand.Show.class, PeersCommand.Remove.class, HelpCommand.class})
public final class PeersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list, show or remove");
    }

    @Command(name = "list", description = "Every registered peer: key, addresses, balance, interface counters.")
    static final class List implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return AdminCall.run(admin, AdminClient.request("peers_list"), out, spec.commandLine().getErr(),
                    "peers list", answer -> {
                        String format = "%-44s  %-15s  %-39s  %15s  %-24s  %12s  %12s  %s%n";
                        out.printf(format, "KEY", "IPV4", "IPV6", "BALANCE_BYTES", "EXPIRES", "RX_BYTES", "TX_BYTES",
                                "LAST_HANDSHAKE");
                        for (JsonNode peer : answer.path("peers")) {
                            out.printf(format, peer.get("key").asText(), peer.get("ipv4").asText(),
                                    peer.get("ipv6").asText(), AdminCall.cell(peer.get("bandwidth_bytes")),
                                    AdminCall.cell(peer.get("bandwidth_expires_at")),
                                    AdminCall.cell(peer.get("rx_bytes")), AdminCall.cell(peer.get("tx_bytes")),
                                    peer.path("on_interface").asBoolean() ? AdminCall.cell(peer.get("last_handshake"))
                                            .replace("-", "never") : "NOT ON INTERFACE");
                        }
                        int count = answer.path("peers").size();
                        out.println(count + (count == 1 ? " peer" : " peers"));
                    });
        }
    }

    @Command(name = "show", description = "One peer in detail.")
    static final class Show implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "KEY", description = "The peer's WireGuard public key (Base64, as wg prints it)")
        String key;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return AdminCall.run(admin, AdminClient.request("peers_show").put("key", key), out,
                    spec.commandLine().getErr(), "peers show", answer -> answer.path("peer").properties()
                            .forEach(field -> out.printf("%-20s %s%n", field.getKey(), AdminCall.cell(field.getValue()))));
        }
    }

    @Command(name = "remove", description = "Remove a peer from the interface and from storage, atomically; its addresses go back to the pool after the quarantine.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        AdminOptions admin;

        @Parameters(paramLabel = "KEY", description = "The peer's WireGuard public key (Base64, as wg prints it)")
        String key;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return AdminCall.run(admin, AdminClient.request("peers_remove").put("key", key), out,
                    spec.commandLine().getErr(), "peers remove", answer -> {
                        JsonNode removed = answer.path("removed");
                        out.println("removed peer " + removed.path("key").asText() + " (" + removed.path("ipv4").asText()
                                + ", " + removed.path("ipv6").asText() + ")");
                    });
        }
    }
}
