package io.lpreg.client.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class X25519BoundTest {
    @Test
    void aRegistrationCostsFourFixedAndEightVariableBaseMultiplications() {
        X25519Bound bound = new X25519Bound(8_000, 4_000, 2, "test");

        // 4 / 4000 + 8 / 8000 = 2 ms per registration
        assertThat(bound.registrationsPerSecond()).isCloseTo(500, within(1e-9));
    }

    @Test
    void theHigherOfTwoMeasurementsIsTheOneThatAllowsMoreRegistrations() {
        X25519Bound disturbed = new X25519Bound(6_000, 4_000, 2, "test");
        X25519Bound quiet = new X25519Bound(8_000, 4_000, 2, "test");

        assertThat(disturbed.higher(quiet)).isSameAs(quiet);
        assertThat(quiet.higher(disturbed)).isSameAs(quiet);
    }
}
