package io.lpreg.cli.deploy;

import io.lpreg.cli.testing.Sh;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/prometheus/lpreg-alerts.yml through promtool: valid rules, and a passing unit test for every alert. */
class AlertRulesTest {
    private final Path rules = Tools.deploy().resolve("prometheus/lpreg-alerts.yml");
    private final Path tests = Tools.deploy().resolve("prometheus/lpreg-alerts.test.yml");

    @BeforeEach
    void requirePrometheus() {
        Tools.assumePrometheus();
    }

    @Test
    void promtoolAcceptsTheRules() throws Exception {
        Sh.Result check = Sh.exec(java.util.List.of("promtool", "check", "rules", rules.toString()));

        assertThat(check.exitCode()).as(check.stderr()).isZero();
        assertThat(check.stdout()).contains("SUCCESS: 7 rules found");
    }

    @Test
    void everyAlertHasAUnitTestAndTheyPass() throws Exception {
        Set<String> alerts = names(Pattern.compile("(?m)^\\s+- alert: (\\w+)"), Files.readString(rules));
        Set<String> tested = names(Pattern.compile("(?m)^\\s+alertname: (\\w+)"), Files.readString(tests));

        Sh.Result test = Sh.exec(java.util.List.of("promtool", "test", "rules", tests.toString()));

        assertThat(alerts).containsExactlyInAnyOrder("LpregGatewayDown", "LpregRegistrationFailureRatioHigh",
                "LpregHandshakeFailuresSpiking", "LpregConnectionsNearCap", "LpregIpPoolNearlyExhausted",
                "LpregStorageUnreachable", "LpregWireGuardUnreachable");
        assertThat(tested).isEqualTo(alerts);
        assertThat(test.exitCode()).as(test.stdout() + test.stderr()).isZero();
        assertThat(test.stdout()).contains("SUCCESS");
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
