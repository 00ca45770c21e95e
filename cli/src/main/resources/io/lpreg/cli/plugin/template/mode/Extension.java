package {{PACKAGE}};

import io.lpreg.spi.Charge;
import io.lpreg.spi.ClientId;
import io.lpreg.spi.ClientKind;
import io.lpreg.spi.RegistrationContext;
import io.lpreg.spi.RegistrationMode;
import io.lpreg.spi.RegistrationPlan;
import io.lpreg.spi.RegistrationRefusedException;
import io.lpreg.spi.StorageException;
import org.pf4j.Extension;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@value #NAME} registration mode: a wire v2 request names it (mode {@code "{{ID}}"}) and carries its
 * parameters; a mode is available as soon as its plugin is installed.
 *
 * <p>As generated it credits the credential's bandwidth to an account named by the parameters (1 to 64 bytes of
 * UTF-8) and configures no WireGuard peer, like mixnet mode does for a mixnet client id: the account's record is
 * the storage's client for SHA-256 of {@code "{{ID}}:" + account}. Replace {@link #register} with what your mode
 * grants. The engine verified the credential before this call and commits after it; everything written through
 * {@code context.storage()} commits or rolls back with the registration, and a throw refuses it.
 */
@Extension
public final class {{CLASS}} implements RegistrationMode {
    public static final String NAME = "{{ID}}";
    public static final int MAX_ACCOUNT_BYTES = 64;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RegistrationPlan register(RegistrationContext context) throws RegistrationRefusedException, StorageException {
        byte[] account = context.modeParameters();
        if (account.length == 0 || account.length > MAX_ACCOUNT_BYTES) {
            throw new RegistrationRefusedException(NAME + " registration needs an account name of 1 to "
                    + MAX_ACCOUNT_BYTES + " bytes as its parameters, got " + account.length);
        }
        ClientId client = context.storage().mixnetClient(clientId(account), ClientKind.of(context.ticketType()));
        Charge charge = context.charge(client);
        return RegistrationPlan.withoutPeer(charge.creditedBytes());
    }

    /** The 32-byte id the storage keeps the account's client under. */
    static byte[] clientId(byte[] account) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((NAME + ":").getBytes(StandardCharsets.UTF_8));
            return sha256.digest(account);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
