package io.lpreg.client;

/** The step of a registration, for failures and timings. */
public enum Step {
    CONNECT("connect"),
    HANDSHAKE("handshake"),
    CREDENTIAL("credential"),
    REGISTRATION("registration");

    private final String label;

    Step(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
