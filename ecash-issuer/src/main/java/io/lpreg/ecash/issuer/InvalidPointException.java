package io.lpreg.ecash.issuer;

import static java.util.Objects.requireNonNull;

/** Bytes that are not an acceptable BLS12-381 point: badly encoded, off the curve, outside the subgroup, or the identity. */
public final class InvalidPointException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Problem {
        ENCODING("is not a compressed point encoding"),
        NOT_ON_CURVE("is not on the curve"),
        NOT_IN_SUBGROUP("is not in the prime-order subgroup"),
        INFINITY("is the point at infinity");

        private final String description;

        Problem(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

    private final Problem problem;

    public InvalidPointException(String what, Problem problem) {
        super(what + " " + requireNonNull(problem, "problem is null").description());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
