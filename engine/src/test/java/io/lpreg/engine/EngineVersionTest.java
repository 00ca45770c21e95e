package io.lpreg.engine;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EngineVersionTest {
    @Test
    void theGatewayReportsTheProjectVersionOfThePom() {
        String pomVersion = System.getProperty("lpreg.project.version");

        assertThat(pomVersion).as("surefire passes ${project.version}").isNotBlank().doesNotStartWith("${");
        assertThat(LpGateway.VERSION).isEqualTo(pomVersion);
    }

    @Test
    void anUnfilteredVersionFileFallsBackToTheManifest() throws Exception {
        assertThat(EngineVersion.from(properties("version=${project.version}"), Optional.of("1.2.3")))
                .isEqualTo("1.2.3");
        assertThat(EngineVersion.from(null, Optional.of("1.2.3"))).isEqualTo("1.2.3");
    }

    @Test
    void withoutEitherTheVersionIsUnknownAndChecksNoPluginRequirement() throws Exception {
        assertThat(EngineVersion.from(properties("version=${project.version}"), Optional.empty()))
                .isEqualTo(EngineVersion.UNKNOWN)
                .startsWith("0.0.0-");
    }

    @Test
    void theVersionFileTheBuildFilledInWinsOverTheManifest() throws Exception {
        assertThat(EngineVersion.from(properties("version=2.0.0"), Optional.of("1.2.3"))).isEqualTo("2.0.0");
    }

    private static InputStream properties(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
