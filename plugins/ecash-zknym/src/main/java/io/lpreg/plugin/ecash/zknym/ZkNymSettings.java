package io.lpreg.plugin.ecash.zknym;

import io.lpreg.spi.PluginConfig;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The {@code [plugins.ecash-zknym]} section, checked once at start (docs/configuration.md). Quorum and
 * penalty are kept as decimals: Nym compares float shares, and {@code 1 − 0.7} as a double is above
 * {@code 3/10}, which would move the rejection threshold by one signer.
 *
 * @param verificationKeys the keys file, when set
 * @param nymApis nym-api base URLs asked for a key missing from the file, in order
 * @param signers nym-api base URLs every accepted spend is reported to (none: no reporting)
 */
record ZkNymSettings(Optional<Path> verificationKeys, List<URI> nymApis, Duration keyFetchTimeout,
                     Duration keyRetryAfter, Duration payInfoTolerance, List<URI> signers, BigDecimal quorum,
                     BigDecimal penalty, Optional<String> gatewayAddress, Duration signerTimeout) {
    static final Duration DEFAULT_KEY_FETCH_TIMEOUT = Duration.ofSeconds(3);
    static final Duration DEFAULT_KEY_RETRY_AFTER = Duration.ofSeconds(30);
    /** Nym's {@code TIME_RANGE_SEC} (common/credential-verification/src/ecash/mod.rs). */
    static final Duration DEFAULT_PAY_INFO_TOLERANCE = Duration.ofSeconds(30);
    /** nym-node's {@code minimum_api_quorum} and {@code revocation_bandwidth_penalty} defaults (docs/zknym.md §5). */
    static final BigDecimal DEFAULT_QUORUM = new BigDecimal("0.7");
    static final BigDecimal DEFAULT_PENALTY = BigDecimal.TEN;
    static final Duration DEFAULT_SIGNER_TIMEOUT = Duration.ofSeconds(10);

    /** A bech32 account address: a human-readable part, the separator 1, and at least 6 data characters. */
    private static final Pattern BECH32 = Pattern.compile("[a-z0-9]{1,83}1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{6,}");

    ZkNymSettings {
        requireNonNull(verificationKeys, "verificationKeys is null");
        nymApis = List.copyOf(nymApis);
        requireNonNull(keyFetchTimeout, "keyFetchTimeout is null");
        requireNonNull(keyRetryAfter, "keyRetryAfter is null");
        requireNonNull(payInfoTolerance, "payInfoTolerance is null");
        signers = List.copyOf(signers);
        requireNonNull(quorum, "quorum is null");
        requireNonNull(penalty, "penalty is null");
        requireNonNull(gatewayAddress, "gatewayAddress is null");
        requireNonNull(signerTimeout, "signerTimeout is null");
    }

    static ZkNymSettings from(PluginConfig config) {
        requireNonNull(config, "config is null");
        Optional<Path> keys = config.value("verification_keys").map(String::strip).filter(s -> !s.isEmpty()).map(Path::of);
        List<URI> nymApis = urls(config, "nym_api");
        if (keys.isEmpty() && nymApis.isEmpty()) {
            throw new IllegalArgumentException("neither verification_keys nor nym_api is set: the verifier would know "
                    + "no key and refuse every zk-nym; name a keys file, or the nym-api to ask for each epoch's key");
        }
        Duration keyFetchTimeout = positive("key_fetch_timeout", () -> config.duration("key_fetch_timeout", DEFAULT_KEY_FETCH_TIMEOUT));
        Duration keyRetryAfter = positive("key_retry_after", () -> config.duration("key_retry_after", DEFAULT_KEY_RETRY_AFTER));
        Duration tolerance = positive("pay_info_tolerance", () -> config.duration("pay_info_tolerance", DEFAULT_PAY_INFO_TOLERANCE));
        if (tolerance.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("pay_info_tolerance: whole seconds only (pay_info carries unix seconds)");
        }
        List<URI> signers = urls(config, "signers");
        BigDecimal quorum = decimal(config, "quorum", DEFAULT_QUORUM);
        if (quorum.signum() <= 0 || quorum.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("quorum must be above 0 and at most 1, got " + quorum.toPlainString());
        }
        BigDecimal penalty = decimal(config, "penalty", DEFAULT_PENALTY);
        if (penalty.signum() < 0) {
            throw new IllegalArgumentException("penalty must not be negative, got " + penalty.toPlainString());
        }
        Optional<String> address = config.value("gateway_address").map(String::strip).filter(s -> !s.isEmpty());
        if (!signers.isEmpty() && address.isEmpty()) {
            throw new IllegalArgumentException("signers are set but gateway_address is not: nym-api credits reported "
                    + "tickets to the gateway's Nyx account, so set gateway_address = \"n1…\" (the bech32 address)");
        }
        if (address.isPresent() && !BECH32.matcher(address.get()).matches()) {
            throw new IllegalArgumentException("gateway_address is not a lower-case bech32 address (like n1…): " + address.get());
        }
        Duration signerTimeout = positive("signer_timeout", () -> config.duration("signer_timeout", DEFAULT_SIGNER_TIMEOUT));
        return new ZkNymSettings(keys, nymApis, keyFetchTimeout, keyRetryAfter, tolerance, signers, quorum, penalty,
                address, signerTimeout);
    }

    private static List<URI> urls(PluginConfig config, String key) {
        LinkedHashSet<URI> urls = new LinkedHashSet<>();
        for (String value : config.values(key)) {
            urls.add(baseUrl(key, value));
        }
        return new ArrayList<>(urls);
    }

    /** A nym-api base URL without its trailing slashes, so {@code base + "/v1/…"} is the route. */
    static URI baseUrl(String key, String text) {
        String trimmed = text.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(trimmed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": not a URL: " + text, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException(key + ": expected an http(s) base URL like https://nym-api.example.net, got " + text);
        }
        return uri;
    }

    private static BigDecimal decimal(PluginConfig config, String key, BigDecimal defaultValue) {
        Optional<String> text = config.value(key);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            return new BigDecimal(text.get().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": not a number: " + text.get(), e);
        }
    }

    private static Duration positive(String key, Supplier<Duration> value) {
        Duration duration;
        try {
            duration = value.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return duration;
    }

    boolean reportsSpends() {
        return !signers.isEmpty();
    }
}
