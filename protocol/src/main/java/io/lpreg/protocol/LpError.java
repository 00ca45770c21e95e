package io.lpreg.protocol;

/**
 * Why a peer's bytes or a protocol step were refused. A closed set: metrics use {@link #label()} as a
 * label value, so nothing here may carry peer-controlled text.
 */
public enum LpError {
    /** A frame length above 65 536, or a packet or field shorter or longer than its layout allows. */
    BAD_LENGTH("bad_length"),
    /** A message type outside the table of docs/wire-v1.md §4.2. */
    UNKNOWN_MESSAGE_TYPE("unknown_message_type"),
    /** A message type valid on the wire but not expected in the session's current state. */
    UNEXPECTED_MESSAGE("unexpected_message"),
    /** Bytes that do not decode as the expected structure (bincode, Base64, enum index, UTF-8, point). */
    MALFORMED("malformed"),
    /** A packet whose header version this side does not speak. */
    UNSUPPORTED_VERSION("unsupported_version"),
    /** The header's session id is not this session's lp_id (docs/wire-v1.md §8.1). */
    LP_ID_MISMATCH("lp_id_mismatch"),
    /** The counter was already received (docs/wire-v1.md §8.3). */
    REPLAY("replay"),
    /** The counter is more than 1024 behind the newest one received (docs/wire-v1.md §8.3). */
    OUT_OF_WINDOW("out_of_window"),
    /** A timestamp older than the tolerance allows. */
    STALE_TIMESTAMP("stale_timestamp"),
    /** A timestamp further in the future than the tolerance allows. */
    FUTURE_TIMESTAMP("future_timestamp"),
    /** ChaCha20-Poly1305 authentication failed: a wrong key, a wrong PSK, or altered bytes. */
    AEAD_FAILURE("aead_failure"),
    /** An invalid key: not a point, a low-order X25519 result, the wrong size. */
    INVALID_KEY("invalid_key"),
    /** The session is closed, or was asked to do something its state does not allow. */
    INVALID_STATE("invalid_state");

    private final String label;

    LpError(String label) {
        this.label = label;
    }

    /** The stable snake_case name used as a metric label value. */
    public String label() {
        return label;
    }
}
