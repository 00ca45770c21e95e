package io.lpreg.cli;

import io.lpreg.cli.admin.PeersCommand;
import io.lpreg.cli.admin.PoolCommand;
import io.lpreg.cli.admin.StatusCommand;
import io.lpreg.cli.vectors.VectorsCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code lpreg} command. */
@Command(name = "lpreg",
        mixinStandardHelpOptions = true,
        versionProvider = LpregVersion.class,
        description = "Gateway engine, client and tools for the LP registration protocol.",
        subcommands = {DemoCommand.class, GatewayCommand.class, RegisterCommand.class, ProbeCommand.class, BenchCommand.class, KeygenCommand.class, EcashCommand.class, ZkNymCommand.class, VectorsCommand.class,
                PeersCommand.class, PoolCommand.class, StatusCommand.class, CommandLine.HelpCommand.class})
public final class Lpreg implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Lpreg());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
