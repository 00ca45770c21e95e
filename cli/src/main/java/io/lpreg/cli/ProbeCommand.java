package io.lpreg.cli;

import io.lpreg.client.ClientTimeouts;
import io.lpreg.client.GatewayTarget;
import io.lpreg.client.RegistrationOptions;
import io.lpreg.client.probe.LpProbe;
import io.lpreg.client.probe.ProbeResult;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code lpreg probe}: the LP test of Nym's gateway probe (docs/wire-v1.md §13). */
@Command(name = "probe", description = "Probe a gateway's LP registration: connect, handshake, register. Exit 0 only if registration succeeded.")
public final class ProbeCommand implements Callable<Integer> {
    @Mixin
    GatewayOptions gateway;

    @ArgGroup(exclusive = false)
    CredentialOptions credential = new CredentialOptions();

    @Option(names = "--only-lp-registration", description = "Only test LP registration (accepted for compatibility with Nym's probe; it is all this probe does)")
    boolean onlyLpRegistration;

    @Option(names = "--wire", description = "v1 (Nym E2) or v2 (default v1; v2 with --wallet or a --credential of a scheme other than nym-zknym)")
    RegisterCommand.Wire wire;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            GatewayTarget target = gateway.target();
            ProbeResult result = new LpProbe(ClientTimeouts.defaults(), credential.source())
                    .probe(target, credential.withTicketType(RegistrationOptions.dvpn(credential.wireVersion(wire))));
            if (json) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("can_connect", result.canConnect());
                fields.put("can_handshake", result.canHandshake());
                fields.put("can_register", result.canRegister());
                fields.put("error", result.error().orElse(null));
                fields.put("latency_ms", ClientOutput.timings(result.timings()));
                out.println(Json.write(Map.of("lp", fields)));
            } else {
                out.printf("connect    %s%n", mark(result.canConnect(), result.timings().connect().map(ClientOutput::ms)));
                out.printf("handshake  %s%n", mark(result.canHandshake(), result.timings().handshake().map(ClientOutput::ms)));
                out.printf("register   %s%n", mark(result.canRegister(), result.timings().registration().map(ClientOutput::ms)));
                result.error().ifPresent(error -> out.println("error: " + error));
            }
            out.flush();
            if (!result.canHandshake()) {
                NextStep.afterClientFailure(result.canConnect() ? "handshake" : "connect", result.error().orElse(""),
                        target.address()).ifPresent(hint -> err.println("lpreg probe: " + hint));
            }
            return result.canRegister() ? 0 : 1;
        } catch (CliException e) {
            err.println("lpreg probe: " + e.getMessage());
            return 2;
        }
    }

    private static String mark(boolean ok, java.util.Optional<Double> ms) {
        return (ok ? "ok" : "FAILED") + ms.filter(v -> ok).map(v -> String.format("  %.2f ms", v)).orElse("");
    }
}
