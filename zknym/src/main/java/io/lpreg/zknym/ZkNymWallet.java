package io.lpreg.zknym;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lpreg.tickets.FileReplacement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A ticketbook in a file ({@code lpreg-zknym-wallet}, JSON, mode 0600) with the index of its next unspent
 * ticket. {@link #nextSpend} writes the advanced index before it returns the credential, so a crash can
 * waste a ticket but never spend one twice.
 */
public final class ZkNymWallet {
    public static final String FORMAT = "lpreg-zknym-wallet";
    public static final int VERSION = 1;

    private final Path file;
    private final Ticketbook ticketbook;
    private int nextTicketIndex;

    private ZkNymWallet(Path file, Ticketbook ticketbook, int nextTicketIndex) {
        this.file = file;
        this.ticketbook = ticketbook;
        this.nextTicketIndex = nextTicketIndex;
    }

    public static ZkNymWallet create(Path file, Ticketbook ticketbook) throws IOException {
        requireNonNull(file, "file is null");
        requireNonNull(ticketbook, "ticketbook is null");
        ZkNymWallet wallet = new ZkNymWallet(file, ticketbook, 0);
        wallet.save();
        return wallet;
    }

    public static ZkNymWallet open(Path file) throws IOException, MalformedZkNymException {
        requireNonNull(file, "file is null");
        JsonNode root = Json.parse(Files.readString(file));
        if (!FORMAT.equals(root.path("format").asText()) || root.path("version").asInt() != VERSION) {
            throw new MalformedZkNymException(file + " is not an " + FORMAT + " version " + VERSION + " file");
        }
        LocalDate expiration;
        try {
            expiration = LocalDate.parse(Json.text(root, "expiration_date"));
        } catch (DateTimeParseException e) {
            throw new MalformedZkNymException("expiration_date is not a date");
        }
        long tType = Json.integer(root, "t_type");
        long next = Json.integer(root, "next_ticket_index");
        if (tType < 0 || tType > 255 || next < 0 || next > EcashParameters.TICKETS_PER_BOOK) {
            throw new MalformedZkNymException("t_type or next_ticket_index out of range");
        }
        List<Signature> dates = signatures(Json.array(root, "expiration_date_signatures", EcashParameters.VALIDITY_DAYS), "expiration_date_signatures");
        List<Signature> coins = signatures(Json.array(root, "coin_index_signatures", EcashParameters.TICKETS_PER_BOOK), "coin_index_signatures");
        if (dates.size() != EcashParameters.VALIDITY_DAYS || coins.size() != EcashParameters.TICKETS_PER_BOOK) {
            throw new MalformedZkNymException("a ticketbook has 7 expiration-date and 50 coin-index signatures");
        }
        Ticketbook book = new Ticketbook(
                Bls.scalarFromLe(Json.hex(root, "user_secret_key", Bls.SCALAR_SIZE), "user_secret_key"),
                Bls.scalarFromLe(Json.hex(root, "wallet_secret", Bls.SCALAR_SIZE), "wallet_secret"),
                expiration,
                (int) tType,
                Json.integer(root, "epoch_id"),
                VerificationKey.fromJson(Json.field(root, "verification_key")),
                signature(Json.field(root, "signature"), "signature"),
                dates,
                coins);
        return new ZkNymWallet(file, book, (int) next);
    }

    public Ticketbook ticketbook() {
        return ticketbook;
    }

    public synchronized int nextTicketIndex() {
        return nextTicketIndex;
    }

    public synchronized int remaining() {
        return EcashParameters.TICKETS_PER_BOOK - nextTicketIndex;
    }

    /**
     * Spends the next ticket for the gateway whose Ed25519 identity is {@code providerKey}, at {@code now}
     * (the spend date is now's UTC date, the pay_info timestamp now's unix seconds), and returns the
     * credential in Nym's {@code to_bytes} form. The index is persisted first.
     */
    public synchronized byte[] nextSpend(byte[] providerKey, Instant now, SecureRandom random) throws IOException {
        requireNonNull(providerKey, "providerKey is null");
        requireNonNull(now, "now is null");
        requireNonNull(random, "random is null");
        if (nextTicketIndex >= EcashParameters.TICKETS_PER_BOOK) {
            throw new IllegalStateException("the ticketbook in " + file + " is spent");
        }
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (ticketbook.dateIndex(today) < 0) {
            throw new IllegalStateException("the ticketbook in " + file + " is not valid on " + today + " (expires " + ticketbook.expirationDate() + ")");
        }
        int index = nextTicketIndex;
        nextTicketIndex = index + 1;
        try {
            save();
        } catch (IOException | RuntimeException e) {
            nextTicketIndex = index;
            throw e;
        }
        byte[] randomness = new byte[32];
        random.nextBytes(randomness);
        PayInfo payInfo = PayInfo.of(randomness, now.getEpochSecond(), providerKey);
        return ticketbook.spend(payInfo, today, index, random).toBytes();
    }

    private void save() throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("epoch_id", ticketbook.epochId());
        root.put("t_type", ticketbook.tType());
        root.put("expiration_date", ticketbook.expirationDate().toString());
        root.put("next_ticket_index", nextTicketIndex);
        root.put("user_secret_key", ZkNymSpend.scalarHex(ticketbook.userSecret()));
        root.put("wallet_secret", ZkNymSpend.scalarHex(ticketbook.walletSecret()));
        root.set("signature", json(ticketbook.signature()));
        ArrayNode dates = root.putArray("expiration_date_signatures");
        ticketbook.expirationDateSignatures().forEach(s -> dates.add(json(s)));
        ArrayNode coins = root.putArray("coin_index_signatures");
        ticketbook.coinIndexSignatures().forEach(s -> coins.add(json(s)));
        root.set("verification_key", ticketbook.verificationKey().toJson());
        FileReplacement.replace(file, pretty(root), FileReplacement.PRIVATE);
    }

    static String pretty(JsonNode node) {
        try {
            return Json.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode json(Signature signature) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("h", signature.h().hex());
        node.put("s", signature.s().hex());
        return node;
    }

    static Signature signature(JsonNode node, String what) throws MalformedZkNymException {
        return new Signature(G1Element.decode(Json.hex(node, "h", Bls.G1_SIZE), what + ".h"),
                G1Element.decode(Json.hex(node, "s", Bls.G1_SIZE), what + ".s"));
    }

    private static List<Signature> signatures(JsonNode array, String what) throws MalformedZkNymException {
        List<Signature> out = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            out.add(signature(array.get(i), what + "[" + i + "]"));
        }
        return out;
    }
}
