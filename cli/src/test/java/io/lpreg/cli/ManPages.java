package io.lpreg.cli;

import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.io.IOException;

/**
 * Writes the AsciiDoc man page of every command, {@code lpreg.adoc}, {@code lpreg-ecash-issue.adoc}, … into a
 * folder: the command tree as {@link Lpreg#commandLine()} builds it (help and version options on every command),
 * which picocli's ManPageGenerator given the class name would not see. Run by the build (cli/pom.xml, before
 * asciidoctor turns the pages into the archive's man/) and by {@code ManPagesTest}.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ManPages OUTPUT_DIRECTORY");
            System.exit(2);
        }
        System.exit(write(new File(args[0])));
    }

    static int write(File directory) throws IOException {
        return ManPageGenerator.generateManPage(directory, null, new boolean[0], true,
                Lpreg.commandLine().getCommandSpec());
    }
}
