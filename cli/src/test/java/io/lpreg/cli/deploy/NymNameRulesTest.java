package io.lpreg.cli.deploy;

import io.lpreg.cli.testing.Sh;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/prometheus/lpreg-nym-names.yml through promtool: valid recording rules that publish lpreg's metrics
 * under Nym's names, each recorded name checked by a unit test and listed in docs/metrics.md.
 */
class NymNameRulesTest {
    private final Path rules = Tools.deploy().resolve("prometheus/lpreg-nym-names.yml");
    private final Path tests = Tools.deploy().resolve("prometheus/lpreg-nym-names.test.yml");

    @BeforeEach
    void requirePrometheus() {
        Tools.assumePrometheus();
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Sh.Result check = Sh.exec(List.of("promtool", "check", "rules", rules.toString()));

        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stdout()).contains("SUCCESS: 14 rules found");
    }

    @Test
    void everyRecordedNameIsNymsTestedAndDocumented() throws Exception {
        Set<String> recorded = names(Pattern.compile("(?m)^\\s+- record: (\\w+)"), Files.readString(rules));
        String testText = Files.readString(tests);
        String metricsDoc = Files.readString(Tools.deploy().resolve("../docs/metrics.md").normalize());

        Sh.Result test = Sh.exec(List.of("promtool", "test", "rules", tests.toString()));

        assertThat(recorded).hasSize(14).allMatch(name -> name.startsWith("nym_node_lp_"));
        assertThat(recorded).allSatisfy(name -> {
            assertThat(testText).as("a promql_expr_test of " + name).contains("- expr: " + name);
            assertThat(metricsDoc).as("docs/metrics.md names " + name).contains(documented(name));
        });
        assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
        assertThat(test.stdout()).contains("SUCCESS");
    }

    /** A histogram's three series are documented once, by the histogram's name. */
    private static String documented(String name) {
        return "`" + name.replaceFirst("_(bucket|sum|count)$", "") + "`";
    }

    private static Set<String> names(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
