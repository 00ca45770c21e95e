package io.lpreg.plugin.ecash.bls;

import io.lpreg.ecash.issuer.InvalidPointException;
import io.lpreg.ecash.issuer.KeyFiles;
import io.lpreg.ecash.issuer.TicketCurve;
import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult.Accepted;
import io.lpreg.spi.VerificationResult.Rejected;
import io.lpreg.spi.VerificationResult;
import io.lpreg.tickets.MalformedSpendException;
import io.lpreg.tickets.SpendData;
import io.lpreg.tickets.TicketSpend;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Verifies {@code bls-ticket-v1} spends (docs/ecash.md §7.4, docs/bls-ticket-v1.md): the ticket's epoch and type,
 * the epoch's validity, the spend's binding to this gateway, to now and to the client's Noise session, and
 * the issuers' threshold BLS signature by one pairing check. The serial is the nullifier; the engine refuses
 * its second spend.
 */
@Extension
public final class BlsTicketVerifier implements EcashVerifier {
    public static final String NAME = "bls";
    public static final Duration DEFAULT_TIMESTAMP_TOLERANCE = Duration.ofSeconds(30);
    /** Nym credits a ticket's bandwidth for 7 days (docs/ecash.md §3). */
    public static final Duration DEFAULT_BANDWIDTH_VALIDITY = Duration.ofDays(7);

    private static final Logger log = LoggerFactory.getLogger(BlsTicketVerifier.class);

    private final VerificationKeyRing keys;
    private final Duration timestampTolerance;
    private final Duration bandwidthValidity;

    @Inject
    public BlsTicketVerifier(PluginConfig config) {
        requireNonNull(config, "config is null");
        String file = config.value("verification_keys").orElseThrow(() -> new IllegalArgumentException(
                "verification_keys is not set: name the verification-keys.json written by lpreg ecash keygen"));
        this.timestampTolerance = setting("timestamp_tolerance",
                () -> config.duration("timestamp_tolerance", DEFAULT_TIMESTAMP_TOLERANCE));
        this.bandwidthValidity = setting("bandwidth_validity",
                () -> config.duration("bandwidth_validity", DEFAULT_BANDWIDTH_VALIDITY));
        if (timestampTolerance.isNegative() || timestampTolerance.isZero()) {
            throw new IllegalArgumentException("timestamp_tolerance must be positive");
        }
        if (bandwidthValidity.isNegative() || bandwidthValidity.isZero()) {
            throw new IllegalArgumentException("bandwidth_validity must be positive");
        }
        try {
            this.keys = VerificationKeyRing.of(KeyFiles.readVerificationKeys(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalArgumentException("verification_keys: cannot read " + file + ": " + e.getMessage(), e);
        }
        log.info("bls-ticket-v1 verifier: {} epochs from {}", keys.size(), file);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(TicketSpend.SCHEME);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        if (!credential.scheme().equals(TicketSpend.SCHEME)) {
            return rejected(RejectionReason.MALFORMED, "the bls verifier does not handle the scheme " + credential.scheme());
        }
        SpendData spend;
        try {
            spend = TicketSpend.decode(credential.data());
        } catch (MalformedSpendException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        VerificationKeyRing.Epoch epoch = keys.epoch(spend.epoch()).orElse(null);
        if (epoch == null) {
            return rejected(RejectionReason.UNKNOWN_EPOCH, "unknown ticket epoch " + spend.epoch());
        }
        Instant now = context.now();
        if (now.isBefore(epoch.window().validFrom())) {
            return rejected(RejectionReason.EXPIRED, "ticket epoch " + spend.epoch() + " is not valid before "
                    + epoch.window().validFrom());
        }
        if (!now.isBefore(epoch.window().validUntil())) {
            return rejected(RejectionReason.EXPIRED, "ticket epoch " + spend.epoch() + " ended at " + epoch.window().validUntil());
        }
        TicketType type = spend.ticketType();
        if (type != context.ticketType()) {
            return rejected(RejectionReason.WRONG_TICKET_TYPE, "the ticket is a " + type.label()
                    + " ticket, the request claims " + context.ticketType().label());
        }
        P2_Affine key = epoch.keys().get(spend.ticketType());
        if (key == null) {
            return rejected(RejectionReason.WRONG_TICKET_TYPE, "epoch " + spend.epoch() + " issues no " + type.label() + " tickets");
        }
        if (!Arrays.equals(spend.payInfo().gatewayIdentity(), context.gatewayIdentity())) {
            return rejected(RejectionReason.WRONG_GATEWAY, "the spend is bound to another gateway");
        }
        long skew = Math.abs(spend.payInfo().timestamp() - now.getEpochSecond());
        if (skew > timestampTolerance.toSeconds()) {
            return rejected(RejectionReason.STALE_TIMESTAMP, "the spend's timestamp is " + skew
                    + " s away from the gateway's clock (tolerance " + timestampTolerance.toSeconds() + " s)");
        }
        P1_Affine sigma;
        try {
            sigma = TicketCurve.g1(spend.sigma(), "the ticket signature");
        } catch (InvalidPointException e) {
            return rejected(RejectionReason.MALFORMED, e.getMessage());
        }
        if (!spend.spendSignatureValid(context.handshakeHash())) {
            return rejected(RejectionReason.BAD_SIGNATURE,
                    "the spend signature does not verify for this session (made for another session, or not by the serial's key)");
        }
        P1_Affine message = TicketCurve.hashToG1(spend.ticketMessage()).to_affine();
        if (!TicketCurve.pairingCheck(sigma, message, key)) {
            return rejected(RejectionReason.BAD_SIGNATURE, "the issuers' signature on the ticket does not verify");
        }
        // Another gateway sharing the storage may run up to the tolerance behind: it still accepts until then.
        return new Accepted(spend.serial(), type.bandwidthBytes(), now.plus(bandwidthValidity),
                epoch.window().validUntil().plus(timestampTolerance));
    }

    private static Rejected rejected(RejectionReason reason, String message) {
        return new Rejected(reason, message);
    }

    private static <T> T setting(String key, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "BlsTicketVerifier[" + keys.size() + " epochs, ±" + timestampTolerance.toSeconds() + " s]";
    }
}
