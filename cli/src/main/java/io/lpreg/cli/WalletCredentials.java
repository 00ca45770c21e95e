package io.lpreg.cli;

import io.lpreg.client.credential.CredentialSource;
import io.lpreg.client.credential.WalletCredentialSource;
import io.lpreg.client.credential.ZkNymWalletCredentialSource;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Opens a wallet as a credential source: a bls-ticket-v1 wallet (written by {@code lpreg ecash issue}) or a
 * zk-nym wallet (written by {@code lpreg zknym issue}); a wallet that cannot be opened is a usage error.
 */
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

    static ZkNymWalletCredentialSource openZkNym(Path wallet) throws CliException {
        try {
            return ZkNymWalletCredentialSource.open(wallet);
        } catch (NoSuchFileException e) {
            throw new CliException("--zknym-wallet " + wallet + ": no such file (lpreg zknym issue writes one)");
        } catch (AccessDeniedException e) {
            throw new CliException("--zknym-wallet " + wallet + ": permission denied");
        } catch (IOException e) {
            throw new CliException("--zknym-wallet " + wallet + ": not a readable zk-nym wallet: " + e.getMessage());
        }
    }
}
