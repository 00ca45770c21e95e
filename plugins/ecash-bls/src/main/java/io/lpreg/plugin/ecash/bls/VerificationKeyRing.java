package io.lpreg.plugin.ecash.bls;

import io.lpreg.ecash.issuer.EpochKeys;
import io.lpreg.ecash.issuer.EpochWindow;
import io.lpreg.ecash.issuer.InvalidPointException;
import io.lpreg.ecash.issuer.TicketCurve;
import io.lpreg.ecash.issuer.TypeKeys;
import io.lpreg.ecash.issuer.VerificationKeys;
import io.lpreg.spi.TicketType;
import supranational.blst.P2_Affine;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** The group verification keys of every configured epoch, decoded and subgroup-checked once at start. */
final class VerificationKeyRing {
    record Epoch(EpochWindow window, Map<TicketType, P2_Affine> keys) {
    }

    private final Map<Long, Epoch> epochs;

    private VerificationKeyRing(Map<Long, Epoch> epochs) {
        this.epochs = Map.copyOf(epochs);
    }

    static VerificationKeyRing of(VerificationKeys keys) {
        requireNonNull(keys, "keys is null");
        Map<Long, Epoch> epochs = new HashMap<>();
        for (EpochKeys epoch : keys.epochs()) {
            Map<TicketType, P2_Affine> decoded = new EnumMap<>(TicketType.class);
            for (Map.Entry<TicketType, TypeKeys> entry : epoch.keys().entrySet()) {
                try {
                    decoded.put(entry.getKey(), TicketCurve.g2(entry.getValue().verificationKey(),
                            "the " + entry.getKey().label() + " key of epoch " + epoch.epoch()));
                } catch (InvalidPointException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            }
            epochs.put(epoch.epoch(), new Epoch(epoch.window(), Map.copyOf(decoded)));
        }
        return new VerificationKeyRing(epochs);
    }

    Optional<Epoch> epoch(long epoch) {
        return Optional.ofNullable(epochs.get(epoch));
    }

    int size() {
        return epochs.size();
    }
}
