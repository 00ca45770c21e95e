package io.lpreg.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code lpreg completion bash|zsh}: the completion script picocli's AutoComplete generates from the command tree.
 * It is a bash script; zsh runs it through bashcompinit, which the script loads itself when sourced in zsh.
 */
@Command(name = "completion",
        description = {"Print a shell completion script for lpreg, its commands and options.",
                "bash:  source <(lpreg completion bash)   (in ~/.bashrc; or save it under /etc/bash_completion.d/lpreg)",
                "zsh:   source <(lpreg completion zsh)    (in ~/.zshrc; the script is bash's, run through zsh's "
                        + "bashcompinit, which it loads itself)"})
public final class CompletionCommand implements Callable<Integer> {
    enum Shell { bash, zsh }

    @Parameters(paramLabel = "SHELL", description = "bash or zsh")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (shell == Shell.zsh) {
            out.println("# lpreg completion for zsh: a bash completion script, which zsh runs through bashcompinit");
            out.println("# (it runs 'autoload -U +X bashcompinit && bashcompinit' itself). Use: source <(lpreg completion zsh)");
        }
        out.print(AutoComplete.bash("lpreg", spec.root().commandLine()));
        out.flush();
        return 0;
    }
}
