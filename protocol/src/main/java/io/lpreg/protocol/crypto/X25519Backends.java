package io.lpreg.protocol.crypto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

import static java.util.Objects.requireNonNull;

/**
 * Chooses the process's {@link X25519Backend} once, on first use: the first one on the class path that
 * loads and passes a known-answer self-test, else BouncyCastle, with one log line saying which and why.
 * The system property {@value #PROPERTY} names one backend instead ({@code bouncycastle}, or e.g.
 * {@code libsodium}); a named backend that does not load is an error, not a fallback, so a test run
 * that asks for a backend never silently measures another.
 */
public final class X25519Backends {
    public static final String PROPERTY = "lpreg.x25519";

    private static final System.Logger LOG = System.getLogger(X25519Backends.class.getName());

    private X25519Backends() {
    }

    /** The backend in use, and what was tried before it. */
    public record Selection(X25519Backend backend, List<String> refused) {
        private static final String NONE_PRESENT = "no native backend on the class path";

        public Selection {
            requireNonNull(backend, "backend is null");
            refused = List.copyOf(refused);
        }

        /** One line for logs and bench output, e.g. {@code libsodium 1.0.20 (FFM)}. */
        /** True when a backend was on the class path but could not be used. */
        public boolean degraded() {
            return !refused.isEmpty() && !refused.equals(List.of(NONE_PRESENT));
        }

        public String summary() {
            return refused.isEmpty()
                    ? "X25519 backend: " + backend.description()
                    : "X25519 backend: " + backend.description() + "; not used: " + String.join("; ", refused);
        }
    }

    /** The backend every X25519 of this process runs on. */
    public static X25519Backend active() {
        return Holder.SELECTION.backend();
    }

    public static Selection selection() {
        return Holder.SELECTION;
    }

    /** Every backend on the class path that loads and passes the self-test, BouncyCastle last; for benchmarks and tests. */
    public static List<X25519Backend> available() {
        List<X25519Backend> backends = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        loadProviders(X25519Backends.class.getClassLoader(), backends, refused);
        backends.add(new BouncyCastleX25519());
        return List.copyOf(backends);
    }

    static Selection select(String wanted) {
        return select(wanted, X25519Backends.class.getClassLoader());
    }

    static Selection select(String wanted, ClassLoader loader) {
        List<X25519Backend> loaded = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        if (wanted.equals(BouncyCastleX25519.NAME)) {
            return new Selection(new BouncyCastleX25519(), List.of());
        }
        loadProviders(loader, loaded, refused);
        for (X25519Backend backend : loaded) {
            if (wanted.equals("auto") || wanted.equals(backend.name())) {
                return new Selection(backend, refused);
            }
        }
        if (!wanted.equals("auto")) {
            throw new IllegalStateException(PROPERTY + "=" + wanted + " but no such X25519 backend loaded"
                    + (refused.isEmpty() ? "" : ": " + String.join("; ", refused)));
        }
        if (refused.isEmpty()) {
            refused.add(Selection.NONE_PRESENT);
        }
        return new Selection(new BouncyCastleX25519(), refused);
    }

    private static void loadProviders(ClassLoader loader, List<X25519Backend> loaded, List<String> refused) {
        Iterator<X25519Backend> providers = ServiceLoader.load(X25519Backend.class, loader).iterator();
        while (true) {
            X25519Backend backend;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                backend = providers.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // e.g. a native library missing for this platform, or a class file newer than this JDK
                refused.add(describe(e));
                continue;
            }
            String failure = selfTestFailure(backend);
            if (failure == null) {
                loaded.add(backend);
            } else {
                refused.add(backend.name() + " failed its self-test: " + failure);
            }
        }
    }

    /**
     * RFC 7748 §5.2 (the second vector has u's top bit set, which must be ignored), §6.1, and a low-order
     * point, which must give all zeros rather than an error.
     */
    static String selfTestFailure(X25519Backend backend) {
        HexFormat hex = HexFormat.of();
        String[][] vectors = {
                {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
                        "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
                        "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
                {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
                        "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
                        "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
                {"77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
                        "0000000000000000000000000000000000000000000000000000000000000000",
                        "0000000000000000000000000000000000000000000000000000000000000000"},
        };
        try {
            for (String[] vector : vectors) {
                byte[] out = new byte[X25519Backend.KEY_LENGTH];
                Arrays.fill(out, (byte) 0x55);
                backend.scalarMult(hex.parseHex(vector[0]), hex.parseHex(vector[1]), out);
                if (!hex.formatHex(out).equals(vector[2])) {
                    return "X25519(" + vector[0] + ", " + vector[1] + ") = " + hex.formatHex(out);
                }
            }
            byte[] publicKey = new byte[X25519Backend.KEY_LENGTH];
            backend.scalarMultBase(hex.parseHex(vectors[2][0]), publicKey);
            if (!hex.formatHex(publicKey).equals("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")) {
                return "wrong public key " + hex.formatHex(publicKey);
            }
            return null;
        } catch (RuntimeException | LinkageError e) {
            return describe(e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage();
        return root == e || root.getMessage() == null ? String.valueOf(message) : message + ": " + root.getMessage();
    }

    private static final class Holder {
        static final Selection SELECTION = selectAndLog();

        private static Selection selectAndLog() {
            Selection selection = select(System.getProperty(PROPERTY, "auto").strip());
            LOG.log(selection.degraded() ? System.Logger.Level.WARNING : System.Logger.Level.INFO, selection.summary());
            return selection;
        }
    }
}
