package io.lpreg.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user who clones the repository has is what the code and its docs refer to (issue 26, part 3): no
 * file under a {@code src/main} names the engineers' folder beside the clone ({@code shared/}) or cites its
 * specifications, every {@code docs/FILE.md §N} a main file cites is a numbered section of that file, and
 * the README and docs/ send nobody to {@code ../shared/spec}.
 */
class DocsTravelWithTheCodeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SPEC_CITATION = Pattern.compile("\\b(?:DESIGN|LP-WIRE|ECASH|ZKNYM|NYM-LP-NEWEST)\\.md\\b");
    private static final Pattern DOCS_CITATION = Pattern.compile("docs/([a-z0-9][a-z0-9-]*\\.md)(?:\\s+§(\\d+(?:\\.\\d+)*))?");

    @Test
    void noMainFileNamesTheSharedFolder() {
        List<String> offenders = new ArrayList<>();
        for (Path file : mainFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("shared/")) {
                    offenders.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }

        assertThat(mainFiles()).hasSizeGreaterThan(100);
        assertThat(offenders).as("src/main files naming shared/ (not in a clone)").isEmpty();
    }

    @Test
    void noMainFileCitesTheEngineersSpecifications() {
        List<String> offenders = new ArrayList<>();
        for (Path file : mainFiles()) {
            List<String> lines = lines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (SPEC_CITATION.matcher(lines.get(i)).find()) {
                    offenders.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }

        assertThat(offenders).as("cite docs/architecture.md, docs/wire-v1.md or docs/ecash.md instead").isEmpty();
    }

    @Test
    void everyDocsSectionAMainFileCitesExists() {
        List<String> broken = new ArrayList<>();
        int citations = 0;
        for (Path file : mainFiles()) {
            Matcher matcher = DOCS_CITATION.matcher(read(file));
            while (matcher.find()) {
                citations++;
                Path doc = ROOT.resolve("docs").resolve(matcher.group(1));
                String section = matcher.group(2);
                if (!Files.isRegularFile(doc)) {
                    broken.add(ROOT.relativize(file) + ": " + matcher.group() + " (no such file)");
                } else if (section != null && !hasSection(read(doc), section)) {
                    broken.add(ROOT.relativize(file) + ": " + matcher.group() + " (no such section)");
                }
            }
        }

        assertThat(citations).isPositive();
        assertThat(broken).isEmpty();
    }

    @Test
    void theReadmeAndDocsSendNobodyToTheSharedSpecifications() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        }

        assertThat(pages).filteredOn(page -> read(page).contains("shared/spec")).isEmpty();
        assertThat(read(ROOT.resolve("README.md")).lines().findFirst().orElseThrow()).startsWith("# lpreg");
    }

    /** A heading {@code ## 4. Title} is section 4, {@code ### 4.3 Title} section 4.3. */
    static boolean hasSection(String markdown, String section) {
        Pattern heading = Pattern.compile("(?m)^#{2,6} " + Pattern.quote(section) + "\\.? ");
        return heading.matcher(markdown).find();
    }

    /** Every file under a module's src/main (sources, resources, templates), build output and .git pruned. */
    private static List<Path> mainFiles() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    return !dir.equals(ROOT) && (name.equals("target") || name.startsWith("."))
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String path = ROOT.relativize(file).toString().replace('\\', '/');
                    if (attributes.isRegularFile() && path.contains("/src/main/")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + ROOT, e);
        }
        files.sort(null);
        return files;
    }

    private static List<String> lines(Path file) {
        return read(file).lines().toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }
}
