package io.lpreg.engine.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/configuration.md is read from the repository, so the documentation cannot drift from the loader. */
class ConfigurationDocTest {
    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern TOML_BLOCK = Pattern.compile("```toml\\n(.*?)```", Pattern.DOTALL);
    /** The top-level table whose sections belong to plugins: their keys are each plugin's, not the loader's. */
    private static final String PLUGIN_SECTIONS = "plugins";
    private static final Pattern KNOWN_KEYS = Pattern.compile("\\(known keys: ([^)]*)\\)");
    private static final Pattern HEADING = Pattern.compile("^### `\\[([^]]+)]`");
    private static final Pattern KEY_ROW = Pattern.compile("^\\| `([a-z_]+)` \\|");

    @TempDir
    Path dir;

    @Test
    void theExampleWithEveryDefaultLoadsAsTheDefaults() throws Exception {
        assertThat(load(tomlBlocks().get(0))).isEqualTo(GatewayConfig.defaults());
    }

    @Test
    void theDvpnExampleLoads() throws Exception {
        GatewayConfig config = load(tomlBlocks().get(1));
        assertThat(config.wireGuard()).contains("wireguard-linux");
        assertThat(config.ecash().verifiers()).containsExactly("bls");
        assertThat(config.plugins()).containsKeys("wireguard-linux", "storage-sqlite");
    }

    @Test
    void everyExampleOfTheDocumentLoads() throws Exception {
        for (String block : tomlBlocks()) {
            assertThat(load(block)).as(block).isNotNull();
        }
    }

    /**
     * The keys are the loader's own: for each table it is fed a key nobody knows, and its refusal names the
     * keys it knows. Each table of the loader has a table in the document with exactly those keys (the top
     * level's scalars under "Top level"), and the document has no key table the loader does not read.
     */
    @Test
    void theDocumentsKeyTablesAreExactlyTheKeysTheLoaderKnows() throws IOException {
        Map<String, Set<String>> known = new TreeMap<>();
        Set<String> scalars = new TreeSet<>();
        for (String key : knownKeys("")) {
            Optional<Set<String>> table = knownKeysOfTable(key);
            if (table.isPresent()) {
                known.put(key, table.get());
            } else if (!key.equals(PLUGIN_SECTIONS)) {
                scalars.add(key);
            }
        }
        known.put("", scalars);

        assertThat(known).as("the loader reads the top level and six tables").hasSize(7);
        assertThat(documentedKeys()).as("docs/configuration.md, table by table").isEqualTo(known);
        assertThat(knownKeys("")).contains(PLUGIN_SECTIONS);
        assertThat(Files.readString(DOC)).contains("### `[" + PLUGIN_SECTIONS + ".<plugin-id>]`");
    }

    @Test
    void everyCommandLineFlagIsDocumentedInATable() throws IOException {
        String doc = Files.readString(DOC);
        for (String flag : List.of("--data-dir DIR", "--listen HOST:PORT", "--metrics HOST:PORT", "--plugins DIR",
                "--identity FILE", "--ecash NAME", "--wireguard IP:PORT")) {
            assertThat(doc).contains("| `" + flag + "` |");
        }
    }

    /** What the loader says it knows when {@code table} ("" for the top level) holds a key it does not. */
    private Set<String> knownKeys(String table) {
        return knownKeysOfTable(table).orElseThrow(() -> new AssertionError("no known keys for [" + table + "]"));
    }

    private Optional<Set<String>> knownKeysOfTable(String table) {
        String toml = (table.isEmpty() ? "" : "[" + table + "]\n") + "no_such_key_anywhere = 1\n";
        try {
            load(toml);
        } catch (ConfigException refused) {
            Matcher known = KNOWN_KEYS.matcher(refused.getMessage());
            if (refused.getMessage().contains("unknown key \"no_such_key_anywhere\"") && known.find()) {
                return Optional.of(new TreeSet<>(List.of(known.group(1).split(", "))));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("[" + table + "] took a key nobody knows");
    }

    /** The first column of each key table, by heading: "Top level" is "", "`[listener]` — …" is "listener". */
    private static Map<String, Set<String>> documentedKeys() throws IOException {
        Map<String, Set<String>> tables = new TreeMap<>();
        String table = null;
        for (String line : Files.readAllLines(DOC)) {
            Matcher heading = HEADING.matcher(line);
            if (line.startsWith("#")) {
                table = line.equals("### Top level") ? "" : heading.find() && !heading.group(1).startsWith("plugins.")
                        ? heading.group(1) : null;
                continue;
            }
            Matcher row = KEY_ROW.matcher(line);
            if (table != null && row.find()) {
                tables.computeIfAbsent(table, ignored -> new TreeSet<>()).add(row.group(1));
            }
        }
        return tables;
    }

    private GatewayConfig load(String toml) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("example.toml"), toml);
        return GatewayConfigLoader.load(Optional.of(file), ConfigOverrides.none());
    }

    private static List<String> tomlBlocks() throws IOException {
        Matcher matcher = TOML_BLOCK.matcher(Files.readString(DOC));
        List<String> blocks = new ArrayList<>();
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        assertThat(blocks).as("the defaults example, the dVPN example, then plugin examples").hasSizeGreaterThanOrEqualTo(2);
        return blocks;
    }
}
