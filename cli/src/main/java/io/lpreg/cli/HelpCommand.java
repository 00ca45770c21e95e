package io.lpreg.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lpreg help [COMMAND...]}: the usage of lpreg, of a command, or of a subcommand at any depth
 * ({@code lpreg help ecash issue}); picocli's own help command stops at the first level.
 */
@Command(name = "help", helpCommand = true,
        description = "Show the usage of lpreg or of a command, e.g. lpreg help register, lpreg help ecash issue.")
public final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Runnable {
    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands, to explain")
    List<String> commands = new ArrayList<>();

    private CommandLine self;
    private PrintWriter out;
    private CommandLine.Help.ColorScheme colorScheme;

    @Override
    public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : commands) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                String where = String.join(" ", qualifiedName(target));
                throw new CommandLine.ParameterException(self, "'" + name + "' is not a command of " + where + "; "
                        + "its commands are " + String.join(", ", target.getSubcommands().keySet())
                        + " (" + where + " --help shows them all)");
            }
            target = next;
        }
        target.usage(out, colorScheme);
        out.flush();
    }

    private static List<String> qualifiedName(CommandLine command) {
        List<String> names = new ArrayList<>();
        for (CommandLine c = command; c != null; c = c.getParent()) {
            names.add(0, c.getCommandName());
        }
        return names;
    }
}
