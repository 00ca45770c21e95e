package io.lpreg.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code lpreg pool}: the running gateway's IP pool per address family. */
@Command(name = "pool", description = "The running gateway's IP pool: size, allocated, quarantined and free per address family (admin socket).")
public final class PoolCommand implements Callable<Integer> {
    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return AdminCall.run(admin, AdminClient.request("pool"), out, spec.commandLine().getErr(), "pool",
                answer -> print(answer.path("pool"), out));
    }

    static void print(JsonNode pool, PrintWriter out) {
        if (pool.isNull() || pool.isMissingNode()) {
            out.println("the gateway's storage does not report its IP pool");
            return;
        }
        String format = "%-6s  %12s  %12s  %12s  %12s%n";
        out.printf(format, "FAMILY", "SIZE", "ALLOCATED", "QUARANTINED", "FREE");
        pool.properties().forEach(family -> out.printf(format, family.getKey(), family.getValue().path("size").asLong(),
                family.getValue().path("allocated").asLong(), family.getValue().path("quarantined").asLong(),
                family.getValue().path("free").asLong()));
    }
}
