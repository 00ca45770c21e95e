package io.lpreg.plugin.ecash.zknym;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.lpreg.spi.TicketType;
import io.lpreg.zknym.IssuerKeys;
import io.lpreg.zknym.PayInfo;
import io.lpreg.zknym.Payment;
import io.lpreg.zknym.Ticketbook;
import io.lpreg.zknym.VerificationKey;
import io.lpreg.zknym.ZkNymIssuer;
import io.lpreg.zknym.ZkNymSpend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test network's issuer (2-of-3, one epoch) made by the zknym library, with a ticketbook per ticket type
 * whose 7 days cover {@code today}, and spends of its tickets: each call spends the next unused ticket.
 */
final class TestZkNyms {
    static final SecureRandom RANDOM = new SecureRandom();

    private final IssuerKeys keys;
    private final Map<TicketType, Ticketbook> books = new EnumMap<>(TicketType.class);
    private final AtomicInteger nextTicket = new AtomicInteger();

    private TestZkNyms(IssuerKeys keys) {
        this.keys = keys;
    }

    /** Ticketbooks expiring 3 days after {@code today}, so today − 3 … today + 3 are all spendable days. */
    static TestZkNyms issue(long epoch, LocalDate today, TicketType... types) {
        TestZkNyms issuer = new TestZkNyms(ZkNymIssuer.keygen(epoch, 2, 3, RANDOM));
        for (TicketType type : types) {
            issuer.books.put(type, ZkNymIssuer.issue(issuer.keys.signers().subList(0, 2), issuer.keys.verificationKey(),
                    epoch, type, today.plusDays(3), RANDOM));
        }
        return issuer;
    }

    long epoch() {
        return keys.epochId();
    }

    VerificationKey key() {
        return keys.verificationKey();
    }

    /** One signer's own key: what a gateway would hold by mistake instead of the aggregate. */
    VerificationKey signerKey() {
        return keys.signers().get(0).verificationKey();
    }

    ZkNymSpend spend(TicketType type, PayInfo payInfo, LocalDate spendDate) {
        return books.get(type).spend(payInfo, spendDate, nextTicket.getAndIncrement() % 50, RANDOM);
    }

    ZkNymSpend spend(TicketType type, PayInfo payInfo, LocalDate spendDate, int ticket) {
        return books.get(type).spend(payInfo, spendDate, ticket, RANDOM);
    }

    /** A spend for {@code gateway} at {@code now} on today's date: what an honest client sends. */
    ZkNymSpend spend(TicketType type, byte[] gateway, Instant now) {
        return spend(type, payInfo(gateway, now), LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    static PayInfo payInfo(byte[] gateway, Instant at) {
        byte[] randomness = new byte[32];
        RANDOM.nextBytes(randomness);
        return PayInfo.of(randomness, at.getEpochSecond(), gateway);
    }

    /** The same spend with a payment field changed, as a cheating client could send it. */
    static ZkNymSpend withPayment(ZkNymSpend spend, Payment payment) {
        return new ZkNymSpend(payment, spend.payInfo(), spend.spendDate(), spend.epochId());
    }

    static Payment withTType(Payment p, int tType) {
        return new Payment(p.kappa(), p.kappaE(), p.sig(), p.sigExp(), p.kappaK(), p.omega(), p.ss(), p.tt(), p.aa(),
                p.spendValue(), p.cc(), tType, p.zkProof());
    }

    static Payment withSpendValue(Payment p, long spendValue) {
        return new Payment(p.kappa(), p.kappaE(), p.sig(), p.sigExp(), p.kappaK(), p.omega(), p.ss(), p.tt(), p.aa(),
                spendValue, p.cc(), p.tType(), p.zkProof());
    }

    Payment withOtherCoinIndexSignature(Payment p, TicketType type) {
        return new Payment(p.kappa(), p.kappaE(), p.sig(), p.sigExp(), p.kappaK(),
                List.of(books.get(type).coinIndexSignatures().get(49)), p.ss(), p.tt(), p.aa(),
                p.spendValue(), p.cc(), p.tType(), p.zkProof());
    }

    /** The spend with the least significant byte of its proof's challenge flipped: a proof that no longer holds. */
    static ZkNymSpend flipChallenge(ZkNymSpend spend) {
        byte[] bytes = spend.toBytes();
        bytes[4 + 789] ^= 0x01; // the challenge's least significant byte (ZKNYM.md §2.3: zk_proof at 788, after its length byte)
        try {
            return ZkNymSpend.fromBytes(bytes);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The verification_keys file: {@code [{"epoch_id": N, "key": {…}}]}. */
    static Path keysFile(Path dir, Map<Long, VerificationKey> keys) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        keys.forEach((epoch, key) -> array.addObject().put("epoch_id", epoch).set("key", key.toJson()));
        Path file = Files.createTempFile(dir, "verification-keys", ".json");
        Files.writeString(file, array.toString());
        return file;
    }
}
