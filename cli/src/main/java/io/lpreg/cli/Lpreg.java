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
        usageHelpAutoWidth = true,
        description = "Gateway engine, client and tools for the LP registration protocol.",
        footer = {"", "lpreg help COMMAND (or lpreg COMMAND --help) explains a command, lpreg completion bash|zsh prints "
                + "shell completion, and the release archive has a man page per command in man/."},
        subcommands = {DemoCommand.class, GatewayCommand.class, RegisterCommand.class, ProbeCommand.class, BenchCommand.class, KeygenCommand.class, EcashCommand.class, ZkNymCommand.class, VectorsCommand.class,
                PeersCommand.class, PoolCommand.class, StatusCommand.class, PluginCommand.class, CompletionCommand.class, HelpCommand.class})
public final class Lpreg implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine lpreg = new CommandLine(new Lpreg());
        conventions(lpreg, new LpregVersion());
        return lpreg;
    }

    /**
     * {@code -h/--help}, {@code -V/--version}, a usage as wide as the terminal and, where there are subcommands, a
     * {@code help} subcommand, on every subcommand at any depth, a command added later included. Done here rather than by {@code scope = INHERIT}, which would ask the version
     * provider (and so choose the X25519 backend) on every run instead of on {@code --version} only.
     */
    private static void conventions(CommandLine command, CommandLine.IVersionProvider version) {
        for (CommandLine subcommand : command.getSubcommands().values()) {
            CommandLine.Model.CommandSpec spec = subcommand.getCommandSpec();
            if (!spec.mixinStandardHelpOptions()) {
                spec.mixinStandardHelpOptions(true);
            }
            if (spec.versionProvider() == null) {
                spec.versionProvider(version);
            }
            spec.usageMessage().autoWidth(true);
            if (!subcommand.getSubcommands().isEmpty() && !subcommand.getSubcommands().containsKey("help")) {
                subcommand.addSubcommand("help", new HelpCommand());
            }
            conventions(subcommand, version);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
