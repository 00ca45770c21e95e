package io.lpreg.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code lpreg status}: what {@code /health} says, plus counts. */
@Command(name = "status", description = "The running gateway's health (as /health reports it) and counts (admin socket).")
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return AdminCall.run(admin, AdminClient.request("status"), out, spec.commandLine().getErr(), "status",
                answer -> print(answer, out));
    }

    private static void print(JsonNode answer, PrintWriter out) {
        JsonNode health = answer.path("health");
        JsonNode counts = answer.path("counts");
        out.printf("status      %s (lpreg %s)%n", health.path("status").asText(), answer.path("version").asText());
        out.printf("listener    %s%n", health.path("listener").path("up").asBoolean()
                ? "up on " + health.path("listener").path("address").asText() : "down");
        out.printf("storage     %s, %s%n", health.path("storage").path("name").asText(),
                health.path("storage").path("reachable").asBoolean() ? "reachable" : "UNREACHABLE");
        JsonNode wireGuard = health.path("wireguard");
        out.printf("wireguard   %s%n", wireGuard.isNull() ? "none (mixnet only)" : wireGuard.path("name").asText() + ", "
                + (wireGuard.path("reachable").asBoolean() ? "reachable" : "UNREACHABLE"));
        out.printf("ecash       %s%s%n", health.path("ecash").path("verifiers"),
                health.path("ecash").path("accepts_any_credential").asBoolean() ? " (accepts any credential: test only)" : "");
        out.printf("peers       %s stored, %s on the interface%n", AdminCall.cell(counts.get("peers_stored")),
                AdminCall.cell(counts.get("peers_on_interface")));
        out.printf("connections %s open%n", AdminCall.cell(counts.get("active_connections")));
        out.printf("registrations %s ok, %s failed; handshakes failed %s%n", AdminCall.cell(counts.get("registrations_succeeded")),
                AdminCall.cell(counts.get("registrations_failed")), AdminCall.cell(counts.get("handshakes_failed")));
        PoolCommand.print(answer.path("pool"), out);
    }
}
