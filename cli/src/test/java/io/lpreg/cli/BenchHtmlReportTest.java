package io.lpreg.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code lpreg bench --report}: one well-formed, self-contained page holding the figures of the same run's JSON. */
class BenchHtmlReportTest {
    @TempDir
    Path dir;

    private final String home = System.getProperty("lpreg.home");

    @AfterEach
    void restoreHome() {
        if (home == null) {
            System.clearProperty("lpreg.home");
        } else {
            System.setProperty("lpreg.home", home);
        }
    }

    @Test
    void theReportIsASelfContainedPageWithTheFiguresOfTheJson() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("home/plugins"));
        Path bundled = Path.of(System.getProperty("lpreg.test.plugins"));
        for (String id : List.of("storage-sqlite", "ecash-mock")) {
            String zip = "lpreg-plugin-" + id + "-plugin.zip";
            Files.copy(bundled.resolve(zip), plugins.resolve(zip));
        }
        System.setProperty("lpreg.home", dir.resolve("home").toString());
        Path page = dir.resolve("bench.html");
        StringWriter out = new StringWriter();
        CommandLine command = Lpreg.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(new StringWriter(), true));

        int exitCode = command.execute("bench", "--embedded", "--use-mock-ecash", "--n", "300", "--warmup", "50", "--concurrency", "8",
                "--json", "--report", page.toString());

        assertThat(exitCode).as(out.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        String html = Files.readString(page);
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(page.toFile());
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("html");
        assertThat(html).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("@font-face")
                .doesNotContain("url(").doesNotContain("src=").doesNotContain("href=");
        assertThat(Stream.of(html.split("\"")).filter(part -> part.startsWith("http")).toList())
                .containsOnly("http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg");
        assertThat(document.getElementsByTagName("svg").getLength()).as("throughput and one chart per step").isEqualTo(5);
        assertThat(html).contains("X25519 bound").contains("p50 ").contains("p99 ");

        NodeList figures = document.getElementsByTagName("span");
        Set<String> shown = new HashSet<>();
        for (int i = 0; i < figures.getLength(); i++) {
            Element figure = (Element) figures.item(i);
            String path = figure.getAttribute("data-figure");
            if (path.isEmpty()) {
                continue;
            }
            shown.add(path);
            JsonNode value = json.at("/" + path.replace('.', '/'));
            assertThat(value.isNumber()).as(path).isTrue();
            String text = figure.getTextContent();
            int decimals = text.contains(".") ? text.length() - text.indexOf('.') - 1 : 0;
            assertThat(Double.parseDouble(text)).as(path).isCloseTo(value.asDouble(), within(0.5 * Math.pow(10, -decimals) + 1e-9));
        }
        assertThat(shown).contains("registrations_per_second", "x25519.bound_registrations_per_second", "fraction_of_bound",
                "registrations", "registered", "wall_seconds");
        for (String step : List.of("connect", "handshake", "registration", "total")) {
            for (String figure : List.of("p50", "p90", "p99", "max", "count")) {
                assertThat(shown).contains("latency_ms." + step + "." + figure);
            }
        }
    }
}
