package io.lpreg.cli;

import io.lpreg.client.credential.ZkNymWalletCredentialSource;
import io.lpreg.spi.TicketType;
import io.lpreg.zknym.IssuerKeys;
import io.lpreg.zknym.ZkNymIssuer;
import io.lpreg.zknym.ZkNymWallet;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The demo's zk-nym issuer: a 2-of-3 signer set made on the spot (what {@code lpreg zknym keygen} writes), and
 * ticketbooks signed by two of the signers (what {@code lpreg zknym issue} does).
 */
record DemoZkNymIssuer(Path directory, IssuerKeys keys) {
    static final long EPOCH = 1;

    static DemoZkNymIssuer create(Path directory) throws CliException {
        IssuerKeys keys = ZkNymIssuer.keygen(EPOCH, 2, 3, new SecureRandom());
        try {
            ZkNymCommand.writeKeys(directory, keys);
        } catch (IOException e) {
            throw new CliException("cannot write the demo's zk-nym keys: " + e.getMessage());
        }
        return new DemoZkNymIssuer(directory, keys);
    }

    /** What {@code [plugins.ecash-zknym] verification_keys} names. */
    Path verificationKeys() {
        return directory.resolve(ZkNymCommand.VERIFICATION_KEYS);
    }

    /** A new wallet of 50 zk-nyms of {@code type}, spendable from today, opened to pay with. */
    ZkNymWalletCredentialSource wallet(Path file, TicketType type) throws CliException {
        LocalDate expiration = LocalDate.now(ZoneOffset.UTC).plusDays(6);
        try {
            ZkNymWallet wallet = ZkNymWallet.create(file, ZkNymIssuer.issue(keys.signers().subList(0, 2),
                    keys.verificationKey(), EPOCH, type, expiration, new SecureRandom()));
            return new ZkNymWalletCredentialSource(wallet, file);
        } catch (IOException e) {
            throw new CliException("cannot write the demo's zk-nym wallet: " + e.getMessage());
        }
    }
}
