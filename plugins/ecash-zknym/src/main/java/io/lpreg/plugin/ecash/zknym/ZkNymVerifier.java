package io.lpreg.plugin.ecash.zknym;

import io.lpreg.spi.Credential;
import io.lpreg.spi.EcashVerifier;
import io.lpreg.spi.PluginConfig;
import io.lpreg.spi.PluginMetrics;
import io.lpreg.spi.RejectionReason;
import io.lpreg.spi.SettlementEntry;
import io.lpreg.spi.SettlementResult;
import io.lpreg.spi.TicketType;
import io.lpreg.spi.VerificationContext;
import io.lpreg.spi.VerificationResult;
import io.lpreg.spi.VerificationResult.Accepted;
import io.lpreg.spi.VerificationResult.Rejected;
import io.lpreg.zknym.MalformedZkNymException;
import io.lpreg.zknym.Payment;
import io.lpreg.zknym.SpendVerifier;
import io.lpreg.zknym.Verdict;
import io.lpreg.zknym.VerificationKey;
import io.lpreg.zknym.ZkNymSpend;
import jakarta.inject.Inject;
import org.pf4j.Extension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Verifies Nym's zk-nyms (scheme {@code nym-zknym}, the credential in Nym's {@code to_bytes} form) as a Nym
 * gateway does (docs/zknym.md §3.1): the cheap policy first, in Nym's order — ticket type, one ticket, today's
 * spend date, this gateway's key and a fresh timestamp in pay_info, no pay_info replayed with another ticket —
 * then the epoch's key and {@code spend_verify}. The serial number is the nullifier. With {@code signers}
 * configured, every accepted spend is reported to the nym-api quorum through the engine's outbox
 * ({@link #settle}).
 */
@Extension
public final class ZkNymVerifier implements EcashVerifier {
    public static final String NAME = "zknym";
    public static final String SCHEME = "nym-zknym";
    /** Nym credits a ticket until {@code cred_exp_date()}: midnight UTC starting the sixth day after today. */
    static final int CREDITED_DAYS = 6;
    /**
     * The expiration-date signature lets a ticket be spent on any of the ticketbook's 7 days, so a ticket
     * spent today is still accepted through the end of today + 6; a day more covers gateways sharing the
     * storage whose clocks disagree around midnight.
     */
    static final int REFUSED_AFTER_DAYS = 7 + 1;

    private static final Logger log = LoggerFactory.getLogger(ZkNymVerifier.class);

    private final ZkNymSettings settings;
    private final EpochKeys keys;
    private final PayInfoCache payInfos;
    private final SpendVerifier spendVerifier = new SpendVerifier();
    private final Optional<SignerQuorum> quorum;

    @Inject
    public ZkNymVerifier(PluginConfig config, PluginMetrics metrics, Clock clock) {
        requireNonNull(config, "config is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(clock, "clock is null");
        this.settings = ZkNymSettings.from(config);
        Map<Long, VerificationKey> fromFile = settings.verificationKeys().map(VerificationKeysFile::read).orElse(Map.of());
        NymApiClient client = new NymApiClient(settings.keyFetchTimeout());
        this.keys = new EpochKeys(fromFile, settings.nymApis(), client, settings.keyFetchTimeout(), settings.keyRetryAfter(), metrics);
        this.payInfos = new PayInfoCache(settings.payInfoTolerance());
        this.quorum = settings.reportsSpends()
                ? Optional.of(new SignerQuorum(settings.signers(), settings.quorum(), settings.penalty(),
                        settings.gatewayAddress().orElseThrow(), settings.signerTimeout(), client, clock))
                : Optional.empty();
        log.info("zk-nym verifier: {} epoch keys from {}, {}; {}", fromFile.size(),
                settings.verificationKeys().map(Object::toString).orElse("no file"),
                settings.nymApis().isEmpty() ? "no nym-api asked for others" : "others asked of " + settings.nymApis(),
                quorum.isPresent() ? "spends reported to " + settings.signers().size() + " signers (quorum "
                        + settings.quorum().toPlainString() + ") for " + settings.gatewayAddress().orElseThrow()
                        : "spends not reported (no signers)");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public VerificationResult verify(Credential credential, VerificationContext context) {
        try {
            return check(credential, context);
        } catch (RuntimeException e) {
            // jblst and the codec throw on inputs nobody anticipated; a credential never brings the gateway down
            log.debug("zk-nym refused on an unexpected failure", e);
            return rejected(RejectionReason.MALFORMED, "the credential could not be processed (" + e.getClass().getSimpleName() + ")");
        }
    }

    private VerificationResult check(Credential credential, VerificationContext context) {
        if (!SCHEME.equals(credential.scheme())) {
            return rejected(RejectionReason.MALFORMED, "the zknym verifier does not handle the scheme " + credential.scheme());
        }
        byte[] data = credential.data();
        ZkNymSpend spend;
        try {
            spend = ZkNymSpend.fromBytes(data);
        } catch (MalformedZkNymException e) {
            return rejected(RejectionReason.MALFORMED, "not a zk-nym: " + e.getMessage());
        }
        Payment payment = spend.payment();
        if (payment.tType() > TicketType.WIREGUARD_EXIT.index()) {
            return rejected(RejectionReason.WRONG_TICKET_TYPE, "t_type " + payment.tType() + " is no ticket type (0 to 3)");
        }
        TicketType type = TicketType.fromIndex(payment.tType());
        if (type != context.ticketType()) {
            return rejected(RejectionReason.WRONG_TICKET_TYPE, "the ticket is a " + type.label() + " ticket, the request claims "
                    + context.ticketType().label());
        }
        if (payment.spendValue() != 1) {
            return rejected(RejectionReason.MALFORMED, "spend_value is " + Long.toUnsignedString(payment.spendValue())
                    + "; a gateway takes one ticket per spend");
        }
        Instant now = context.now();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!spend.spendDate().equals(today)) {
            return rejected(RejectionReason.WRONG_SPEND_DATE, "the spend date is " + spend.spendDate()
                    + ", the gateway's date (UTC) is " + today);
        }
        if (!Arrays.equals(spend.payInfo().providerKey(), context.gatewayIdentity())) {
            return rejected(RejectionReason.WRONG_PROVIDER, "the pay_info names another gateway's identity key");
        }
        long timestamp = spend.payInfo().timestamp();
        long tolerance = settings.payInfoTolerance().toSeconds();
        if (timestamp < now.getEpochSecond() - tolerance || timestamp > now.getEpochSecond() + tolerance) {
            return rejected(RejectionReason.STALE_PAY_INFO, "the pay_info timestamp " + timestamp + " is more than "
                    + tolerance + " s away from the gateway's clock (" + now.getEpochSecond() + ")");
        }
        byte[] payInfo = spend.payInfo().bytes();
        byte[] serial = spend.serialNumber();
        if (payInfos.seenWithAnotherSerial(payInfo, serial, now)) {
            return replayed();
        }
        VerificationKey key;
        switch (keys.key(spend.epochId(), now)) {
            case EpochKeys.Lookup.Found found -> key = found.key();
            case EpochKeys.Lookup.Unknown unknown -> {
                return rejected(RejectionReason.UNKNOWN_EPOCH, unknown.detail());
            }
            case EpochKeys.Lookup.Unavailable unavailable -> {
                return rejected(RejectionReason.KEY_UNAVAILABLE, unavailable.detail());
            }
        }
        Verdict verdict = spendVerifier.verify(key, spend);
        if (verdict != Verdict.OK) {
            return refusal(verdict);
        }
        if (!payInfos.record(payInfo, serial, now)) {
            return replayed();
        }
        Instant expiresAt = today.plusDays(CREDITED_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant refusedAfter = today.plusDays(REFUSED_AFTER_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        // the to_bytes form is all settle() needs: nym-api's JSON is made from it when the report is sent
        byte[] report = quorum.isPresent() ? data : new byte[0];
        return new Accepted(serial, type.bandwidthBytes(), expiresAt, refusedAfter, report);
    }

    private static Rejected refusal(Verdict verdict) {
        return switch (verdict) {
            case MALFORMED -> rejected(RejectionReason.MALFORMED,
                    "the payment's lists do not match one ticket, or its spend date is outside Nym's range");
            case DUPLICATE_SERIAL -> rejected(RejectionReason.MALFORMED, "the payment repeats a serial number");
            case BAD_PROOF -> rejected(RejectionReason.BAD_PROOF, "the spend proof does not verify");
            case BAD_SIGNATURE -> rejected(RejectionReason.BAD_SIGNATURE, "the ticketbook signature does not verify");
            case BAD_EXPIRATION_SIGNATURE -> rejected(RejectionReason.BAD_EXPIRATION_SIGNATURE,
                    "the expiration-date signature does not cover the spend date");
            case BAD_COIN_INDEX_SIGNATURE -> rejected(RejectionReason.BAD_COIN_INDEX_SIGNATURE,
                    "the coin-index signature does not verify");
            case OK -> throw new IllegalArgumentException("an accepted spend is no refusal");
        };
    }

    private static Rejected replayed() {
        return rejected(RejectionReason.REPLAYED_PAY_INFO, "this pay_info was spent before with another ticket");
    }

    /** Every refusal's message starts with its reason's label, so a client can tell them apart. */
    private static Rejected rejected(RejectionReason reason, String message) {
        return new Rejected(reason, reason.label() + ": " + message);
    }

    @Override
    public SettlementResult settle(SettlementEntry entry) {
        return quorum.orElseThrow(() -> new UnsupportedOperationException(
                "zknym reports no spends: no signers are configured")).settle(entry);
    }

    @Override
    public String toString() {
        return "ZkNymVerifier[" + keys.fromFileCount() + " epochs from file, " + settings.nymApis().size() + " nym-apis, "
                + settings.signers().size() + " signers]";
    }
}
