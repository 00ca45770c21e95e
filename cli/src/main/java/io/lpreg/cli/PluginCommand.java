package io.lpreg.cli;

import io.lpreg.engine.LpGateway;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code lpreg plugin new --kind verifier|storage|wireguard|mode --id NAME --dir DIR}: a Maven project for a plugin
 * of one extension point (docs/plugins.md), from the templates under {@code io/lpreg/cli/plugin/template/}. The
 * project builds its PF4J zip with {@code ./mvnw verify} as written: lpreg's artifacts come from the release
 * archive's {@code maven/} repository (a {@code file:} repository in the pom), everything else from Maven Central.
 */
@Command(name = "plugin", mixinStandardHelpOptions = true,
        description = "Plugin authoring: 'lpreg plugin new' writes a ready Maven project for a plugin (docs/plugins.md).",
        subcommands = PluginCommand.New.class)
public final class PluginCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The four extension points a plugin implements, with the class-name suffix and the files of each. */
    enum Kind {
        verifier("Verifier", "an e-cash verifier (EcashVerifier)"),
        storage("Storage", "a gateway storage (GatewayStorage)"),
        wireguard("WireGuard", "a WireGuard controller (WireGuardController)"),
        mode("Mode", "a registration mode (RegistrationMode)");

        final String suffix;
        final String description;

        Kind(String suffix, String description) {
            this.suffix = suffix;
            this.description = description;
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Write a Maven project for a plugin into DIR: pom (PF4J descriptor, spi and pf4j provided, "
                    + "the zip assembly), one extension, its tests; './mvnw verify' in DIR builds target/ID-0.1.0-SNAPSHOT-plugin.zip.")
    static final class New implements Callable<Integer> {
        private static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
        private static final Pattern GROUP = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
        private static final String TEMPLATES = "/io/lpreg/cli/plugin/template/";

        @Option(names = "--kind", required = true, paramLabel = "KIND",
                description = "verifier, storage, wireguard or mode")
        Kind kind;

        @Option(names = "--id", required = true, paramLabel = "NAME",
                description = "plugin id (lower case, digits, dashes; e.g. acme-voucher): plugin.id, the [plugins.NAME] "
                        + "table, the artifactId, and the name the gateway selects the extension by")
        String id;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "the project directory (absent or empty)")
        Path dir;

        @Option(names = "--group", paramLabel = "GROUP", defaultValue = "com.example",
                description = "Maven groupId; the Java package is GROUP.ID without dashes (default ${DEFAULT-VALUE})")
        String group;

        @Option(names = "--repository", paramLabel = "URL",
                description = "the Maven repository with lpreg-spi and the testkits (default: the maven/ folder of this "
                        + "lpreg installation, as a file: URL; 'none' to use only your local repository, ~/.m2)")
        String repository;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!ID.matcher(id).matches() || id.length() > 60) {
                return usage("--id " + id + ": lower-case letters, digits and single dashes, starting with a letter, "
                        + "at most 60 (e.g. acme-voucher)");
            }
            if (List.of("dvpn", "mixnet").contains(id)) {
                return usage("--id " + id + ": the name of a built-in registration mode; choose another");
            }
            if (!GROUP.matcher(group).matches()) {
                return usage("--group " + group + ": a Java package name (e.g. com.example)");
            }
            Path project = dir.toAbsolutePath().normalize();
            if (Files.exists(project) && (!Files.isDirectory(project) || !isEmpty(project))) {
                return usage(project + " exists and is not an empty directory; refusing to overwrite anything");
            }
            Optional<String> repositoryUrl;
            try {
                repositoryUrl = repositoryUrl();
            } catch (CliException e) {
                return usage(e.getMessage());
            }

            Map<String, String> values = values(repositoryUrl);
            String packagePath = values.get("PACKAGE").replace('.', '/');
            String className = values.get("CLASS");
            Map<String, String> files = new LinkedHashMap<>();
            files.put("common/pom.xml", "pom.xml");
            files.put("common/README.md", "README.md");
            files.put("common/gitignore", ".gitignore");
            files.put("common/mvnw", "mvnw");
            files.put("common/.mvn/wrapper/maven-wrapper.properties", ".mvn/wrapper/maven-wrapper.properties");
            files.put("common/plugin.properties", "src/main/resources/plugin.properties");
            files.put("common/plugin-zip.xml", "src/assembly/plugin-zip.xml");
            files.put(kind + "/Extension.java", "src/main/java/" + packagePath + "/" + className + ".java");
            files.put(kind + "/ExtensionTest.java", "src/test/java/" + packagePath + "/" + className + "Test.java");
            if (kind == Kind.storage) {
                files.put("storage/AddressPool.java", "src/main/java/" + packagePath + "/AddressPool.java");
                files.put("storage/ContractTest.java", "src/test/java/" + packagePath + "/" + className + "ContractTest.java");
            }

            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = project.resolve(file.getValue());
                Files.createDirectories(target.getParent());
                String template = template(file.getKey());
                Files.writeString(target, file.getKey().equals("common/mvnw") ? template : fill(template, values),
                        StandardCharsets.UTF_8);
            }
            Files.setPosixFilePermissions(project.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));

            out.println("wrote " + kind.description + " plugin '" + id + "' to " + project);
            out.println("  extension  " + values.get("PACKAGE") + "." + className);
            out.println("  lpreg      " + LpGateway.VERSION + " from " + repositoryUrl.orElse("the local Maven repository (~/.m2)"));
            out.println("build it:    cd " + project + " && ./mvnw verify    (target/" + id + "-0.1.0-SNAPSHOT-plugin.zip)");
            out.flush();
            return 0;
        }

        private Map<String, String> values(Optional<String> repositoryUrl) {
            String camel = camel(id);
            String version = LpGateway.VERSION;
            Matcher release = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*").matcher(version);
            String requires = release.matches()
                    ? ">=" + release.group(1) + "." + release.group(2) + ".0 & <" + nextLine(release) : ">=0.0.0";
            Map<String, String> values = new LinkedHashMap<>();
            values.put("ID", id);
            values.put("GROUP", group);
            values.put("PACKAGE", group + "." + id.replace("-", ""));
            // acme-voucher -> AcmeVoucherVerifier, acme-storage -> AcmeStorage
            values.put("CLASS", camel.toLowerCase(Locale.ROOT).endsWith(kind.suffix.toLowerCase(Locale.ROOT))
                    ? camel : camel + kind.suffix);
            values.put("KIND", kind.name());
            values.put("KIND_DESCRIPTION", kind.description);
            values.put("METRIC", id.replace('-', '_'));
            values.put("SCHEME", id + "-v1");
            values.put("LPREG_VERSION", version);
            values.put("PLUGIN_REQUIRES", requires);
            values.put("PLUGIN_REQUIRES_XML", requires.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
            values.put("STORAGE_TESTKIT", kind != Kind.storage ? "" : """
                        <!-- GatewayStorageContract: the conformance suite every lpreg storage runs -->
                        <dependency>
                          <groupId>io.lpreg</groupId>
                          <artifactId>lpreg-storage-testkit</artifactId>
                          <version>${lpreg.version}</version>
                          <scope>test</scope>
                        </dependency>
                    """);
            values.put("SELECT", switch (kind) {
                case verifier -> "[ecash]\nverifiers = [\"" + id + "\"]";
                case storage -> "storage = \"" + id + "\"";
                case wireguard -> "wireguard = \"" + id + "\"";
                case mode -> "# nothing to select: a registration mode is there once its plugin is installed";
            });
            values.put("WHAT", switch (kind) {
                case verifier -> "As generated, a credential of the scheme `" + id + "-v1` is any 16-byte ticket id, which "
                        + "is also its nullifier:\n`lpreg register --gateway HOST:PORT --gateway-key HEX --credential " + id
                        + "-v1:00112233445566778899aabbccddeeff`\nregisters once; the same id again is refused as already "
                        + "spent, any other length as malformed. Replace `check` with your scheme's verification.";
                case storage -> "As generated, the state lives in memory and is gone when the gateway stops; `"
                        + camel(id) + "StorageContractTest` runs lpreg's storage contract against it. Replace it with "
                        + "your database and keep the contract green.";
                case wireguard -> "As generated, the controller keeps the peers the gateway configures in memory and moves "
                        + "no packet: registrations work, tunnels do not. Replace `addPeer`, `removePeer` and `peers` with "
                        + "calls to your data plane.";
                case mode -> "As generated, a wire v2 request for mode `" + id + "` whose parameters are an account name "
                        + "(1 to 64 bytes of UTF-8) credits the credential's bandwidth to that account and configures no "
                        + "WireGuard peer. Replace `register` with what your mode grants.";
            });
            values.put("REPOSITORIES", repositoryUrl.map(url -> """
                      <!-- lpreg's artifacts (lpreg-spi, the testkits, their parent pom): the maven/ repository of the lpreg
                           release archive this project was made with. Everything else comes from Maven Central. -->
                      <repositories>
                        <repository>
                          <id>lpreg</id>
                          <url>${lpreg.repository}</url>
                        </repository>
                      </repositories>
                    """).orElse("""
                      <!-- lpreg's artifacts come from your local Maven repository: in the lpreg source tree,
                           ./mvnw -pl spi,plugin-testkit,storage-testkit -am -DskipTests source:jar-no-fork install -->
                    """).stripTrailing());
            values.put("REPOSITORY_PROPERTY", repositoryUrl.map(url -> """
                        <!-- where lpreg's maven/ repository is; -Dlpreg.repository=file:///other/lpreg/maven for another -->
                        <lpreg.repository>%s</lpreg.repository>
                    """.formatted(url)).orElse("").stripTrailing());
            return values;
        }

        private static String camel(String id) {
            return Stream.of(id.split("-")).map(part -> Character.toUpperCase(part.charAt(0)) + part.substring(1))
                    .reduce("", String::concat);
        }

        /** The first version the plugin does not promise to run on: the next minor in 0.x, the next major after. */
        private static String nextLine(Matcher release) {
            int major = Integer.parseInt(release.group(1));
            int minor = Integer.parseInt(release.group(2));
            return major == 0 ? "0." + (minor + 1) + ".0" : (major + 1) + ".0.0";
        }

        private Optional<String> repositoryUrl() throws CliException {
            if (repository != null) {
                if (repository.equals("none")) {
                    return Optional.empty();
                }
                if (repository.contains("://") || repository.startsWith("file:")) {
                    return Optional.of(repository);
                }
                Path local = Path.of(repository).toAbsolutePath().normalize();
                if (!Files.isDirectory(local)) {
                    throw new CliException("--repository " + repository + ": no such directory");
                }
                return Optional.of(local.toUri().toString());
            }
            String home = System.getProperty("lpreg.home");
            Path maven = home == null ? null : Path.of(home).resolve("maven").toAbsolutePath().normalize();
            if (maven == null || !Files.isDirectory(maven.resolve("io/lpreg/lpreg-spi"))) {
                throw new CliException("no maven/ repository beside this lpreg (" + (maven == null ? "lpreg.home is not set"
                        : maven + " has no io/lpreg/lpreg-spi") + "): run the release archive's bin/lpreg, or pass "
                        + "--repository DIR|URL, or --repository none after installing lpreg's artifacts into ~/.m2");
            }
            return Optional.of(maven.toUri().toString());
        }

        private int usage(String message) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("lpreg plugin new: " + message);
            err.flush();
            return 2;
        }

        private static boolean isEmpty(Path directory) throws IOException {
            try (Stream<Path> entries = Files.list(directory)) {
                return entries.findAny().isEmpty();
            }
        }

        private static String template(String name) throws IOException {
            try (InputStream in = PluginCommand.class.getResourceAsStream(TEMPLATES + name)) {
                if (in == null) {
                    throw new IOException("template " + name + " is missing from the lpreg jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        /** Replaces every {@code {{NAME}}}; a placeholder without a value is a bug in the templates. */
        static String fill(String template, Map<String, String> values) {
            Matcher placeholder = Pattern.compile("\\{\\{([A-Z_]+)}}").matcher(template);
            StringBuilder filled = new StringBuilder();
            while (placeholder.find()) {
                String value = values.get(placeholder.group(1));
                if (value == null) {
                    throw new IllegalStateException("template placeholder without a value: " + placeholder.group());
                }
                placeholder.appendReplacement(filled, Matcher.quoteReplacement(value));
            }
            placeholder.appendTail(filled);
            return filled.toString();
        }
    }
}
