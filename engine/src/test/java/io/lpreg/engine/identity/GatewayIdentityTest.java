package io.lpreg.engine.identity;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lpreg.protocol.keys.LpKeys;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayIdentityTest {
    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032 §7.1 TEST 1. */
    private static final byte[] TEST1_SEED = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final String TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String TEST1_SIGNATURE = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

    @TempDir
    Path dir;

    @Test
    void theRfc8032Test1SeedHasItsPublicKeySignatureAndLpKey() {
        GatewayIdentity identity = GatewayIdentity.fromSeed(TEST1_SEED);
        assertThat(HEX.formatHex(identity.ed25519PublicKey())).isEqualTo(TEST1_PUBLIC);
        assertThat(HEX.formatHex(identity.sign(new byte[0]))).isEqualTo(TEST1_SIGNATURE);
        assertThat(HEX.formatHex(identity.lpPublicKey()))
                .isEqualTo("d85e07ec22b0ad881537c2f44d662d1a143cf830c57aca4305d85c7a90f6b62e");
    }

    @Test
    void theLpPrivateKeyIsTheSha512OfTheSeedAndMatchesTheLpPublicKey() {
        GatewayIdentity identity = GatewayIdentity.fromSeed(TEST1_SEED);
        assertThat(identity.lpKeyPair().privateKey()).isEqualTo(LpKeys.x25519PrivateFromEd25519Seed(TEST1_SEED));
        assertThat(LpKeys.x25519Public(identity.lpKeyPair().privateKey())).isEqualTo(identity.lpPublicKey());
    }

    @Test
    void aClientComputesTheLpKeyFromTheIdentityKeyAlone() throws Exception {
        GatewayIdentity identity = GatewayIdentity.generate(new SecureRandom());
        assertThat(LpKeys.x25519PublicFromEd25519Public(identity.ed25519PublicKey())).isEqualTo(identity.lpPublicKey());
    }

    @Test
    void signaturesVerifyUnderTheIdentityKey() {
        GatewayIdentity identity = GatewayIdentity.generate(new SecureRandom());
        byte[] message = "announce".getBytes(StandardCharsets.UTF_8);
        byte[] signature = identity.sign(message);
        assertThat(Ed25519.verify(signature, 0, identity.ed25519PublicKey(), 0, message, 0, message.length)).isTrue();
        message[0] ^= 1;
        assertThat(Ed25519.verify(signature, 0, identity.ed25519PublicKey(), 0, message, 0, message.length)).isFalse();
    }

    @Test
    void aSavedIdentityLoadsBackTheSame() throws IOException {
        GatewayIdentity identity = GatewayIdentity.generate(new SecureRandom());
        Path file = dir.resolve("a/b/identity.key");
        identity.save(file);

        GatewayIdentity loaded = GatewayIdentity.load(file);
        assertThat(loaded.ed25519PublicKey()).isEqualTo(identity.ed25519PublicKey());
        assertThat(loaded.lpKeyPair()).isEqualTo(identity.lpKeyPair());
    }

    @Test
    void theFileIsTheFormatLineAndTheSeedInHex() throws IOException {
        Path file = dir.resolve("identity.key");
        GatewayIdentity.fromSeed(TEST1_SEED).save(file);
        assertThat(Files.readString(file))
                .isEqualTo("lpreg-ed25519-identity-v1\n9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\n");
    }

    @Test
    void theFileIsCreatedOwnerReadWriteOnly() throws IOException {
        Path file = dir.resolve("identity.key");
        GatewayIdentity.generate(new SecureRandom()).save(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anExistingFileIsNeverOverwritten() throws IOException {
        Path file = dir.resolve("identity.key");
        GatewayIdentity.fromSeed(TEST1_SEED).save(file);
        String before = Files.readString(file);

        assertThatThrownBy(() -> GatewayIdentity.generate(new SecureRandom()).save(file))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("refusing to overwrite");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void loadOrCreateCreatesOnceAndThenLoadsTheSameIdentity() throws IOException {
        Path file = dir.resolve("data/identity.key");
        GatewayIdentity created = GatewayIdentity.loadOrCreate(file);
        assertThat(file).exists();
        assertThat(GatewayIdentity.loadOrCreate(file).ed25519PublicKey()).isEqualTo(created.ed25519PublicKey());
    }

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> GatewayIdentity.load(dir.resolve("none.key"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aFileOpenToOthersStillLoadsWithAWarning() throws IOException {
        Path file = dir.resolve("identity.key");
        GatewayIdentity.fromSeed(TEST1_SEED).save(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Logger logger = (Logger) LoggerFactory.getLogger(GatewayIdentity.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThat(HEX.formatHex(GatewayIdentity.load(file).ed25519PublicKey())).isEqualTo(TEST1_PUBLIC);
        } finally {
            logger.detachAppender(logged);
        }
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("identity file " + file
                    + " is accessible to group or others (rw-r--r--); chmod 600 it");
        });
    }

    @Test
    void aFileOfAnotherKindIsRefusedNamingTheFile() throws IOException {
        Path file = Files.writeString(dir.resolve("identity.key"), "-----BEGIN PRIVATE KEY-----\nMC4CAQ==\n");
        assertThatThrownBy(() -> GatewayIdentity.load(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " is not an lpreg identity file: the first line must be lpreg-ed25519-identity-v1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "lpreg-ed25519-identity-v1\n",
            "lpreg-ed25519-identity-v1\n9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "lpreg-ed25519-identity-v1\n9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60\nextra\n"})
    void aFileWithTheWrongShapeIsRefusedNamingTheFile(String content) throws IOException {
        Path file = Files.writeString(dir.resolve("identity.key"), content);
        assertThatThrownBy(() -> GatewayIdentity.load(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + " is malformed: expected two lines");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f6000",
            "zz61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            " 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f6"})
    void aBadSeedIsRefusedNamingTheFileButNotTheSeed(String seedLine) throws IOException {
        Path file = Files.writeString(dir.resolve("identity.key"), "lpreg-ed25519-identity-v1\n" + seedLine + "\n");
        assertThatThrownBy(() -> GatewayIdentity.load(file)).isInstanceOf(IOException.class)
                .hasMessage(file + " is malformed: the second line must be the seed as 64 hex digits")
                .message().doesNotContain(seedLine.strip());
    }

    @Test
    void toStringShowsThePublicKeyOnly() {
        assertThat(GatewayIdentity.fromSeed(TEST1_SEED).toString())
                .isEqualTo("GatewayIdentity[" + TEST1_PUBLIC + "]")
                .doesNotContain("9d61b19d");
    }

    @Test
    void aSeedMustBe32Bytes() {
        assertThatThrownBy(() -> GatewayIdentity.fromSeed(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }
}
