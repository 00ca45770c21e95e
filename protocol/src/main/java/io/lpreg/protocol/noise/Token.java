package io.lpreg.protocol.noise;

/** A handshake token of Noise rev 34 §7.1 and the {@code psk} token of §9. */
public enum Token {
    E("e"),
    S("s"),
    EE("ee"),
    ES("es"),
    SE("se"),
    SS("ss"),
    PSK("psk");

    private final String text;

    Token(String text) {
        this.text = text;
    }

    /** The token as the spec writes it. */
    public String text() {
        return text;
    }

    static Token fromText(String text) {
        for (Token token : values()) {
            if (token.text.equals(text)) {
                return token;
            }
        }
        throw new IllegalArgumentException("unknown token " + text);
    }
}
