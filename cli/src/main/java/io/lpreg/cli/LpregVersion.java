package io.lpreg.cli;

import io.lpreg.engine.LpGateway;
import io.lpreg.protocol.crypto.X25519Backends;
import picocli.CommandLine;

/**
 * {@code lpreg --version}: the command's version (the jar manifest's, or "development" when run from classes), the
 * engine's, the X25519 backend this JVM chose (libsodium through FFM on JDK ≥ 22, else BouncyCastle) and the JVM.
 */
final class LpregVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Lpreg.class.getPackage().getImplementationVersion();
        return new String[] {
                "lpreg " + (version == null ? "development" : version),
                "engine " + LpGateway.VERSION,
                X25519Backends.selection().summary(),
                "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                        + " (" + System.getProperty("java.vendor") + "), " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")};
    }
}
