package io.lpreg.tickets;

import io.lpreg.spi.TicketType;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.fail;

/** Whatever the bytes, {@link TicketSpend#decode} answers with a spend or an {@link MalformedSpendException}, nothing else. */
class TicketSpendHostileInputTest {
    private static final byte[] VALID = TicketSpend.spend(TicketSpendTest.ticket(TicketType.MIXNET_EXIT, 3),
            TicketSpendTest.GATEWAY, TicketSpendTest.HANDSHAKE, TicketSpendTest.NOW, new SecureRandom());

    @Test
    void randomBytesOfEveryLengthUpTo512() {
        Random random = new Random(20250601);
        for (int length = 0; length <= 512; length++) {
            for (int round = 0; round < 20; round++) {
                byte[] bytes = new byte[length];
                random.nextBytes(bytes);
                decodeOrRefuse(bytes);
            }
        }
    }

    @Test
    void aValidSpendWithEveryByteReplacedByEveryValue() {
        for (int i = 0; i < VALID.length; i++) {
            for (int value = 0; value < 256; value++) {
                byte[] mutated = VALID.clone();
                mutated[i] = (byte) value;
                decodeOrRefuse(mutated);
            }
        }
    }

    @Test
    void aValidSpendTruncatedOrExtendedAtEveryLength() {
        for (int length = 0; length < VALID.length * 2; length++) {
            decodeOrRefuse(Arrays.copyOf(VALID, length));
        }
    }

    private static void decodeOrRefuse(byte[] bytes) {
        try {
            SpendData spend = TicketSpend.decode(bytes);
            spend.spendSignatureValid(TicketSpendTest.HANDSHAKE);
            spend.encode();
        } catch (MalformedSpendException expected) {
            // a refusal is the other allowed answer
        } catch (RuntimeException e) {
            fail("decode threw " + e + " on " + java.util.HexFormat.of().formatHex(bytes), e);
        }
    }
}
