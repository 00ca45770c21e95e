package io.lpreg.cli;

import picocli.CommandLine;

/** The version from the jar manifest, or "development" when run from classes. */
final class LpregVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Lpreg.class.getPackage().getImplementationVersion();
        return new String[] {"lpreg " + (version == null ? "development" : version)};
    }
}
