package io.lpreg.engine.listener;

import io.lpreg.protocol.noise.EphemeralKeySource;
import io.lpreg.protocol.noise.KeyPair;

import static java.util.Objects.requireNonNull;

/**
 * One event loop's ephemeral key pairs, one made ahead: msg 2's fixed-base multiplication is done after the
 * previous msg 2 has left, while the loop waits for msg 3, not while a client waits for msg 2. Each pair is
 * handed out once; an empty stock makes one on the spot. Confined to its event loop's thread.
 */
final class StockedEphemerals implements EphemeralKeySource {
    private final EphemeralKeySource source;
    private KeyPair stocked;

    StockedEphemerals(EphemeralKeySource source) {
        this.source = requireNonNull(source, "source is null");
    }

    @Override
    public KeyPair next() {
        KeyPair pair = stocked;
        if (pair == null) {
            return source.next();
        }
        stocked = null;
        return pair;
    }

    void restock() {
        if (stocked == null) {
            stocked = source.next();
        }
    }
}
