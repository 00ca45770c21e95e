package io.lpreg.cli;

import io.lpreg.client.credential.CredentialSource;

import java.nio.file.Path;

/** Opens a bls-ticket-v1 wallet as a credential source. */
final class WalletCredentials {
    private WalletCredentials() {
    }

    static CredentialSource open(Path wallet) throws CliException {
        throw new CliException("--wallet: bls-ticket-v1 wallets are not supported by this build yet");
    }
}
