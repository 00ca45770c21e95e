package io.lpreg.engine.listener;

import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StockedEphemeralsTest {
    private final List<KeyPair> made = new ArrayList<>();
    /** Makes a new pair on each call and remembers when: the order of calls is what the tests look at. */
    private final EphemeralKeySource source = () -> {
        KeyPair pair = KeyPair.generate(new SecureRandom());
        made.add(pair);
        return pair;
    };

    @Test
    void anEmptyStockMakesAPairOnTheSpot() {
        StockedEphemerals ephemerals = new StockedEphemerals(source);

        KeyPair pair = ephemerals.next();

        assertThat(made).containsExactly(pair);
    }

    @Test
    void aStockedPairIsMadeAheadAndHandedOutOnce() {
        StockedEphemerals ephemerals = new StockedEphemerals(source);

        ephemerals.restock();
        assertThat(made).as("made at restock, before anyone asked").hasSize(1);

        assertThat(ephemerals.next()).isSameAs(made.get(0));
        assertThat(made).as("handing out the stocked pair makes none").hasSize(1);
        KeyPair onTheSpot = ephemerals.next();
        assertThat(onTheSpot).as("the stock is empty again").isNotSameAs(made.get(0));
        assertThat(made).containsExactly(made.get(0), onTheSpot);
    }

    @Test
    void restockingAFullStockMakesNothing() {
        StockedEphemerals ephemerals = new StockedEphemerals(source);

        ephemerals.restock();
        ephemerals.restock();

        assertThat(made).hasSize(1);
        assertThat(ephemerals.next()).isSameAs(made.get(0));
    }
}
