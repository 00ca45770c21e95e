package io.lpreg.cli;

import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.WalletCredentialSource;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a bls-ticket-v1 wallet (written by {@code lpreg ecash issue}) as a credential source. */
final class WalletCredentials {
    private WalletCredentials() {
    }

    static CredentialSource open(Path wallet) throws CliException {
        try {
            return WalletCredentialSource.open(wallet);
        } catch (NoSuchFileException e) {
            throw new CliException("--wallet " + wallet + ": no such file (lpreg ecash issue writes one)");
        } catch (AccessDeniedException e) {
            throw new CliException("--wallet " + wallet + ": permission denied");
        } catch (IOException e) {
            throw new CliException("--wallet " + wallet + ": not a readable wallet: " + e.getMessage());
        }
    }
}
