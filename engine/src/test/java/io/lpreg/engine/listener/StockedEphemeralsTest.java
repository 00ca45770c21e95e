package io.lpreg.engine.listener;

import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class StockedEphemeralsTest {
    private final KeyPair first = KeyPair.generate(new SecureRandom());
    private final KeyPair second = KeyPair.generate(new SecureRandom());
    private final KeyPair third = KeyPair.generate(new SecureRandom());

    @Test
    void anEmptyStockMakesAPairOnTheSpot() {
        StockedEphemerals ephemerals = new StockedEphemerals(EphemeralKeySource.fixed(first, second));

        assertThat(ephemerals.isEmpty()).isTrue();
        assertThat(ephemerals.next()).isSameAs(first);
        assertThat(ephemerals.next()).isSameAs(second);
    }

    @Test
    void aStockedPairIsHandedOutOnceAndThenTheStockIsEmpty() {
        StockedEphemerals ephemerals = new StockedEphemerals(EphemeralKeySource.fixed(first, second));

        ephemerals.restock();

        assertThat(ephemerals.isEmpty()).isFalse();
        assertThat(ephemerals.next()).isSameAs(first);
        assertThat(ephemerals.isEmpty()).isTrue();
        assertThat(ephemerals.next()).as("made on the spot, not the stocked one again").isSameAs(second);
    }

    @Test
    void restockingAFullStockMakesNothing() {
        StockedEphemerals ephemerals = new StockedEphemerals(EphemeralKeySource.fixed(first, second, third));

        ephemerals.restock();
        ephemerals.restock();

        assertThat(ephemerals.next()).isSameAs(first);
        assertThat(ephemerals.next()).as("the second restock did not take a pair").isSameAs(second);
    }
}
