package io.lpreg.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.engine.identity.GatewayIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Callable;

/**
 * {@code lpreg keygen [--data-dir DIR] [--json]}: creates {@code DIR/identity.key} (never overwriting one) and
 * prints the Ed25519 identity key and the LP X25519 key clients derive from it (docs/wire-v1.md §6.1).
 */
@Command(name = "keygen",
        description = "Create a gateway identity (Ed25519) in DIR/identity.key and print its public key and "
                + "the LP key (X25519) derived from it.")
public final class KeygenCommand implements Callable<Integer> {
    static final String FILE_NAME = "identity.key";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "./lpreg-data",
            description = "The gateway's data directory, where identity.key goes (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--json", description = "Print {\"identity_key\", \"lp_key\", \"file\"} as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Path file = dataDir.resolve(FILE_NAME).toAbsolutePath().normalize();
        GatewayIdentity identity = GatewayIdentity.generate(new SecureRandom());
        try {
            identity.save(file);
        } catch (FileAlreadyExistsException e) {
            error(file + " already exists; refusing to overwrite a gateway identity (move it away first)");
            return 2;
        } catch (IOException e) {
            error("cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        HexFormat hex = HexFormat.of();
        String identityKey = hex.formatHex(identity.ed25519PublicKey());
        String lpKey = hex.formatHex(identity.lpPublicKey());
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode result = mapper.createObjectNode()
                    .put("identity_key", identityKey)
                    .put("lp_key", lpKey)
                    .put("file", file.toString());
            stdout.println(mapper.writeValueAsString(result));
        } else {
            stdout.println("identity key (Ed25519): " + identityKey);
            stdout.println("LP key (X25519):        " + lpKey);
        }
        stdout.flush();
        return 0;
    }

    private void error(String message) {
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("lpreg keygen: " + message);
        stderr.flush();
    }
}
