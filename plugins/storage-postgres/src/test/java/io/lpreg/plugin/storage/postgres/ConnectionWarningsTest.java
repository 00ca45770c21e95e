package io.lpreg.plugin.storage.postgres;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 22 §B5: the start-up warnings about how the gateway reaches its database. */
class ConnectionWarningsTest {
    private static final String FLEET = "jdbc:postgresql://db1.internal:5432,db2.internal:5432/lpreg";

    @Test
    void aUrlWithoutSslmodeIsWarnedOfBecauseTheDriversPreferAcceptsAnyCertificate() {
        assertThat(ConnectionWarnings.tls(FLEET + "?targetServerType=primary")).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("url has no sslmode, so the driver's prefer encrypts but accepts any certificate")
                .contains("db1.internal,db2.internal")
                .contains("sslmode=verify-full"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"disable", "allow", "prefer", "require", "verify-ca"})
    void everySslmodeShortOfVerifyFullIsWarnedOf(String mode) {
        assertThat(ConnectionWarnings.tls(FLEET + "?sslmode=" + mode)).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("sslmode=" + mode + " "));
    }

    @ParameterizedTest
    @ValueSource(strings = {FLEET + "?sslmode=verify-full&sslrootcert=/etc/lpreg/db-ca.pem", FLEET + "?ssl=true",
            "jdbc:postgresql://localhost:5432/lpreg", "jdbc:postgresql://127.0.0.1/lpreg?sslmode=disable",
            "jdbc:postgresql://[::1]:5433/lpreg", "jdbc:postgresql:lpreg"})
    void aVerifiedConnectionOrADatabaseOnThisHostIsNotWarnedOf(String url) {
        assertThat(ConnectionWarnings.tls(url)).isEmpty();
    }

    @Test
    void aPasswordFileItsGroupOrEveryUserCanReadIsWarnedOf(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "secret\n");

        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        assertThat(ConnectionWarnings.passwordFile(password)).isEmpty();
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r-----"));
        assertThat(ConnectionWarnings.passwordFile(password)).hasValue("password_file " + password
                + " is readable by its group; make it readable by the gateway only (chmod 600)");
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(ConnectionWarnings.passwordFile(password)).hasValue("password_file " + password
                + " is readable by every user; make it readable by the gateway only (chmod 600)");
    }
}
