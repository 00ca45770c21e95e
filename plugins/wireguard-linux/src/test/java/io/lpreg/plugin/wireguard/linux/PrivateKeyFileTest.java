package io.lpreg.plugin.wireguard.linux;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrivateKeyFileTest {
    @TempDir
    Path dir;

    @Test
    void createsTheKeyOwnerOnlyAndLoadsTheSameKeyAgain() throws Exception {
        Path file = dir.resolve("data/wg-private.key");

        WireGuardPrivateKey created = PrivateKeyFile.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo(created.base64() + "\n");
        assertThat(PrivateKeyFile.loadOrCreate(file)).isEqualTo(created);
    }

    @Test
    void readsAKeyWrittenByWgGenkey() throws Exception {
        Path file = dir.resolve("wg.key");
        WireGuardPrivateKey key = WireGuardPrivateKey.generate();
        Files.writeString(file, key.base64() + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThat(PrivateKeyFile.loadOrCreate(file)).isEqualTo(key);
    }

    @Test
    void refusesAKeyFileOthersCanRead() throws Exception {
        Path file = dir.resolve("wg.key");
        Files.writeString(file, WireGuardPrivateKey.generate().base64());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> PrivateKeyFile.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessage("the WireGuard private key file " + file + " is accessible by others (rw-r--r--); chmod 600 it");
    }

    @Test
    void refusesAFileThatHoldsNoKey() throws Exception {
        Path file = dir.resolve("wg.key");
        Files.writeString(file, "not a key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> PrivateKeyFile.loadOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the WireGuard private key file " + file + " does not hold a key");
    }
}
