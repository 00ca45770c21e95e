package io.lpreg.crypto.bench;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * ChaCha20-Poly1305 and SHA-256, BouncyCastle against the JDK, at LP's sizes: 0 and 32 bytes are
 * handshake payloads and static keys, 64 a mixHash input, 512 a registration request with a credential.
 * Each call is set up as the Noise code sets it up (a fresh nonce per message, h as associated data).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Threads(1)
public class PrimitiveBenchmark {
    @Param({"0", "32", "64", "512"})
    public int size;

    private final byte[] key = new byte[32];
    private final byte[] ad = new byte[32];
    private byte[] plaintext;
    private byte[] out;
    private long nonce;
    private final ChaCha20Poly1305 bcAead = new ChaCha20Poly1305();
    private final KeyParameter bcKey = new KeyParameter(key);
    private Cipher jdkAead;
    private SecretKeySpec jdkKey;
    private final SHA256Digest bcSha = new SHA256Digest();
    private MessageDigest jdkSha;
    private final byte[] digest = new byte[32];

    @Setup
    public void setUp() throws GeneralSecurityException {
        plaintext = new byte[size];
        out = new byte[size + 16];
        jdkAead = Cipher.getInstance("ChaCha20-Poly1305");
        jdkKey = new SecretKeySpec(key, "ChaCha20");
        jdkSha = MessageDigest.getInstance("SHA-256");
    }

    @Benchmark
    public byte[] chachaPolyBouncyCastle() throws InvalidCipherTextException {
        bcAead.init(true, new AEADParameters(bcKey, 128, nonce(), ad));
        int written = bcAead.processBytes(plaintext, 0, plaintext.length, out, 0);
        bcAead.doFinal(out, written);
        return out;
    }

    @Benchmark
    public byte[] chachaPolyJdk() throws GeneralSecurityException {
        jdkAead.init(Cipher.ENCRYPT_MODE, jdkKey, new IvParameterSpec(nonce()));
        jdkAead.updateAAD(ad);
        jdkAead.doFinal(plaintext, 0, plaintext.length, out, 0);
        return out;
    }

    @Benchmark
    public byte[] sha256BouncyCastle() {
        bcSha.update(plaintext, 0, plaintext.length);
        bcSha.doFinal(digest, 0);
        return digest;
    }

    @Benchmark
    public byte[] sha256Jdk() throws GeneralSecurityException {
        jdkSha.update(plaintext, 0, plaintext.length);
        jdkSha.digest(digest, 0, 32);
        return digest;
    }

    private byte[] nonce() {
        long n = nonce++;
        byte[] bytes = new byte[12];
        for (int i = 0; i < 8; i++) {
            bytes[4 + i] = (byte) (n >>> (8 * i));
        }
        return bytes;
    }
}
