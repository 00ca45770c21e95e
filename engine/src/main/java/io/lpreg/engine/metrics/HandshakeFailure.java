package io.lpreg.engine.metrics;

import io.lpreg.protocol.LpError;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * Why a handshake failed: the {@code reason} label of {@code lp_handshakes_failed_total}. One value per
 * {@link LpError}, with the same label, plus the failures that are not protocol errors.
 */
public enum HandshakeFailure {
    BAD_LENGTH,
    UNKNOWN_MESSAGE_TYPE,
    UNEXPECTED_MESSAGE,
    MALFORMED,
    UNSUPPORTED_VERSION,
    LP_ID_MISMATCH,
    REPLAY,
    OUT_OF_WINDOW,
    STALE_TIMESTAMP,
    FUTURE_TIMESTAMP,
    AEAD_FAILURE,
    INVALID_KEY,
    INVALID_STATE,
    /** {@code handshake_timeout} passed before msg 3. */
    TIMEOUT,
    /** A ClientHello the gateway has seen before: a replay. */
    REPLAYED_HELLO,
    /** A msg 1 whose ephemeral key the gateway has seen before: a replayed msg 1, refused before any DH. */
    REPLAYED_EPHEMERAL,
    /** The client closed the connection during the handshake. */
    PEER_CLOSED,
    /** Answered {@code Busy} at msg 1: the event loops' budget for new handshakes' crypto was spent. */
    CRYPTO_BUDGET;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }

    public static HandshakeFailure of(LpError error) {
        requireNonNull(error, "error is null");
        // No default branch: a new LpError must not compile until it has a label here.
        return switch (error) {
            case BAD_LENGTH -> BAD_LENGTH;
            case UNKNOWN_MESSAGE_TYPE -> UNKNOWN_MESSAGE_TYPE;
            case UNEXPECTED_MESSAGE -> UNEXPECTED_MESSAGE;
            case MALFORMED -> MALFORMED;
            case UNSUPPORTED_VERSION -> UNSUPPORTED_VERSION;
            case LP_ID_MISMATCH -> LP_ID_MISMATCH;
            case REPLAY -> REPLAY;
            case OUT_OF_WINDOW -> OUT_OF_WINDOW;
            case STALE_TIMESTAMP -> STALE_TIMESTAMP;
            case FUTURE_TIMESTAMP -> FUTURE_TIMESTAMP;
            case AEAD_FAILURE -> AEAD_FAILURE;
            case INVALID_KEY -> INVALID_KEY;
            case INVALID_STATE -> INVALID_STATE;
        };
    }
}
