package io.lpreg.protocol;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Randomness for the hot path. The JDK's default on Linux (NativePRNG) reads /dev/urandom under one
 * process-wide lock on every call, so every handshake's ephemeral key and salt contends on it; a DRBG
 * per thread is seeded from the system once and then runs in user space without sharing.
 */
public final class SecureRandoms {
    private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(SecureRandoms::create);

    private SecureRandoms() {
    }

    /** This thread's generator; never hand it to another thread. */
    public static SecureRandom current() {
        return PER_THREAD.get();
    }

    /** A new NIST SP 800-90A DRBG (the JDK's "DRBG"), falling back to the platform default. */
    public static SecureRandom create() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
