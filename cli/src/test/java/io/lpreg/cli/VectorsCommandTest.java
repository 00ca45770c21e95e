package io.lpreg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VectorsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The LP handshake of lp-e2-kat.json in cacophony form (our own computation). */
    private static Path lpVector() throws URISyntaxException {
        return Path.of(VectorsCommandTest.class.getResource("/vectors/lp-e2-xkpsk3.json").toURI());
    }

    @Test
    void theLpHandshakeVectorPassesAndTheLastLineCountsIt() throws Exception {
        Run run = run(lpVector().toString());
        assertThat(run.exitCode).isZero();
        assertThat(run.lastLine()).isEqualTo("1 passed, 0 failed, 0 skipped");
    }

    @Test
    void aWrongCiphertextFailsWithExitStatusOne() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(lpVector().toFile());
        ObjectNode msg2 = (ObjectNode) root.get("vectors").get(0).get("messages").get(1);
        String ciphertext = msg2.get("ciphertext").asText();
        msg2.put("ciphertext", (ciphertext.charAt(0) == '0' ? "1" : "0") + ciphertext.substring(1));
        Path file = dir.resolve("broken.json");
        JSON.writeValue(file.toFile(), root);

        Run run = run(file.toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.output).contains("FAIL Noise_XKpsk3_25519_ChaChaPoly_SHA256");
        assertThat(run.lastLine()).isEqualTo("0 passed, 1 failed, 0 skipped");
    }

    @Test
    void aVectorWithPrimitivesWeDoNotImplementIsSkipped() throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(lpVector().toFile());
        ((ObjectNode) root.get("vectors").get(0)).put("protocol_name", "Noise_XKpsk3_448_ChaChaPoly_SHA256");
        Path file = dir.resolve("x448.json");
        JSON.writeValue(file.toFile(), root);

        Run run = run(file.toString(), lpVector().toString());
        assertThat(run.exitCode).isZero();
        assertThat(run.lastLine()).isEqualTo("1 passed, 0 failed, 1 skipped");
    }

    @Test
    void anUnreadableFileCountsAsAFailure() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{not json");
        Run run = run(garbage.toString(), dir.resolve("missing.json").toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.lastLine()).isEqualTo("0 passed, 2 failed, 0 skipped");
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        var commandLine = Lpreg.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));
        int exitCode = commandLine.execute(prepend("vectors", args));
        return new Run(exitCode, out.toString());
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private record Run(int exitCode, String output) {
        String lastLine() {
            List<String> lines = output.strip().lines().toList();
            return lines.get(lines.size() - 1);
        }
    }
}
