package io.lpreg.cli;

import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.MockCredentialSource;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --use-mock-ecash | --wallet FILE}. */
final class CredentialOptions {
    @Option(names = "--use-mock-ecash", description = "Pay with a structurally valid mock zk-nym (gateways running mock e-cash)")
    boolean mock;

    @Option(names = "--wallet", paramLabel = "FILE", description = "Pay with a bls-ticket-v1 ticket from this wallet (wire v2)")
    Path wallet;

    CredentialSource source() throws CliException {
        if (mock && wallet != null) {
            throw new CliException("choose one of --use-mock-ecash and --wallet");
        }
        if (wallet != null) {
            return WalletCredentials.open(wallet);
        }
        if (mock) {
            return new MockCredentialSource();
        }
        throw new CliException("no credential: pass --use-mock-ecash (gateways running mock e-cash) or --wallet FILE");
    }
}
