package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lpreg.engine.identity.GatewayIdentity;
import io.lpreg.protocol.keys.LpKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class KeygenCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;

    @Test
    void writesTheIdentityFileAndPrintsBothPublicKeys() throws Exception {
        Path out = dir.resolve("gw");
        Run run = run("keygen", "--data-dir", out.toString());

        assertThat(run.exitCode).isZero();
        assertThat(run.err).isEmpty();
        GatewayIdentity saved = GatewayIdentity.load(out.resolve("identity.key"));
        assertThat(run.out.lines().toList()).containsExactly(
                "identity key (Ed25519): " + HEX.formatHex(saved.ed25519PublicKey()),
                "LP key (X25519):        " + HEX.formatHex(saved.lpPublicKey()));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("identity.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void jsonGivesTheKeysAndTheAbsoluteFile() throws Exception {
        Run run = run("keygen", "--data-dir", dir.toString(), "--json");

        assertThat(run.exitCode).isZero();
        JsonNode json = JSON.readTree(run.out);
        Path file = dir.resolve("identity.key").toAbsolutePath();
        assertThat(json.get("file").asText()).isEqualTo(file.toString());
        GatewayIdentity saved = GatewayIdentity.load(file);
        assertThat(json.get("identity_key").asText()).isEqualTo(HEX.formatHex(saved.ed25519PublicKey()));
        assertThat(json.get("lp_key").asText()).isEqualTo(HEX.formatHex(saved.lpPublicKey()));
        assertThat(json.properties()).hasSize(3);
    }

    @Test
    void theLpKeyIsTheOneAClientDerivesFromTheIdentityKey() throws Exception {
        JsonNode json = JSON.readTree(run("keygen", "--data-dir", dir.toString(), "--json").out);
        byte[] identityKey = HEX.parseHex(json.get("identity_key").asText());
        assertThat(HEX.formatHex(LpKeys.x25519PublicFromEd25519Public(identityKey))).isEqualTo(json.get("lp_key").asText());
    }

    @Test
    void anExistingIdentityIsNotOverwrittenAndTheExitStatusIsTheUsageErrorTwo() throws Exception {
        assertThat(run("keygen", "--data-dir", dir.toString()).exitCode).isZero();
        String before = Files.readString(dir.resolve("identity.key"));

        Run second = run("keygen", "--data-dir", dir.toString());

        assertThat(second.exitCode).isEqualTo(2);
        assertThat(second.out).isEmpty();
        assertThat(second.err.strip()).isEqualTo("lpreg keygen: " + dir.resolve("identity.key").toAbsolutePath()
                + " already exists; refusing to overwrite a gateway identity (move it away first)");
        assertThat(Files.readString(dir.resolve("identity.key"))).isEqualTo(before);
    }

    @Test
    void eachRunMakesANewKey() throws Exception {
        String first = run("keygen", "--data-dir", dir.resolve("a").toString()).out;
        String second = run("keygen", "--data-dir", dir.resolve("b").toString()).out;
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theDefaultDirectoryIsLpregDataInTheWorkingDirectory() {
        var keygen = Lpreg.commandLine().getSubcommands().get("keygen");
        assertThat(keygen.getCommandSpec().findOption("--data-dir").defaultValue()).isEqualTo("./lpreg-data");
        assertThat(keygen.getUsageMessage()).contains("(default: ./lpreg-data)");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var commandLine = Lpreg.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {
    }
}
