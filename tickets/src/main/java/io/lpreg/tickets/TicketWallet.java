package io.lpreg.tickets;

import io.lpreg.spi.TicketType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A file of {@code bls-ticket-v1} tickets (docs/bls-ticket-v1.md, "Wallet file"). The file holds the serial
 * seeds, so it is written with mode 0600. Adding tickets replaces it atomically; a spend appends one line
 * (docs/bls-ticket-v1.md, "Wallet file"). One process at a time; within it, the methods are thread-safe.
 */
public final class TicketWallet {
    public static final String HEADER = "lpreg-ticket-wallet v1";
    private static final String SPENT = "spent ";
    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final List<Ticket> tickets;

    private TicketWallet(Path file, List<Ticket> tickets) {
        this.file = file;
        this.tickets = new ArrayList<>(tickets);
    }

    /** Reads an existing wallet file. */
    public static TicketWallet load(Path file) throws IOException {
        requireNonNull(file, "file is null");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return new TicketWallet(file, parse(file, lines));
    }

    /** Reads the wallet, or starts an empty one (written on the first change) if the file does not exist. */
    public static TicketWallet open(Path file) throws IOException {
        requireNonNull(file, "file is null");
        try {
            return load(file);
        } catch (NoSuchFileException e) {
            return new TicketWallet(file, List.of());
        }
    }

    public Path file() {
        return file;
    }

    /** The unspent ticket of this type that expires first (spend the oldest first); none if there is none. */
    public synchronized Optional<Ticket> nextUnspent(TicketType type) {
        requireNonNull(type, "type is null");
        return tickets.stream()
                .filter(ticket -> !ticket.spent() && ticket.ticketType() == type)
                .min(Comparator.comparing(Ticket::validUntil));
    }

    /** Like {@link #nextUnspent(TicketType)}, skipping tickets whose epoch ended at {@code now}. */
    public synchronized Optional<Ticket> nextUnspent(TicketType type, Instant now) {
        requireNonNull(now, "now is null");
        return tickets.stream()
                .filter(ticket -> !ticket.spent() && ticket.ticketType() == type && now.isBefore(ticket.validUntil()))
                .min(Comparator.comparing(Ticket::validUntil));
    }

    /** Records that {@code ticket} was spent (one appended line) before returning. */
    public synchronized void markSpent(Ticket ticket) throws IOException {
        requireNonNull(ticket, "ticket is null");
        int index = indexOf(tickets, ticket);
        if (index < 0) {
            throw new IllegalArgumentException("the ticket is not in this wallet: " + ticket);
        }
        Files.writeString(file, SPENT + HEX.formatHex(ticket.serialSeed()) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        tickets.set(index, tickets.get(index).asSpent());
    }

    /**
     * The unspent ticket of this type that expires first and is still valid at {@code now}, already marked
     * spent: taking and marking is one step, so concurrent registrations never get the same ticket.
     */
    public synchronized Optional<Ticket> takeUnspent(TicketType type, Instant now) throws IOException {
        Optional<Ticket> ticket = nextUnspent(type, now);
        if (ticket.isPresent()) {
            markSpent(ticket.get());
        }
        return ticket;
    }

    /** Adds newly issued tickets and persists the wallet; a ticket already in it is refused. */
    public synchronized void add(Collection<Ticket> issued) throws IOException {
        requireNonNull(issued, "issued is null");
        List<Ticket> updated = new ArrayList<>(tickets);
        for (Ticket ticket : issued) {
            if (indexOf(updated, ticket) >= 0) {
                throw new IllegalArgumentException("the ticket is already in this wallet: " + ticket);
            }
            updated.add(ticket);
        }
        save(updated);
    }

    public synchronized List<Ticket> tickets() {
        return List.copyOf(tickets);
    }

    private static int indexOf(List<Ticket> tickets, Ticket ticket) {
        for (int i = 0; i < tickets.size(); i++) {
            if (tickets.get(i).sameTicket(ticket)) {
                return i;
            }
        }
        return -1;
    }

    private void save(List<Ticket> updated) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n')
                .append("# ticket <type> <epoch> <serial seed> <signature> <valid until> <unspent|spent>\n");
        for (Ticket ticket : updated) {
            text.append("ticket ").append(ticket.ticketType().label()).append(' ').append(ticket.epoch()).append(' ')
                    .append(HEX.formatHex(ticket.serialSeed())).append(' ').append(HEX.formatHex(ticket.signature()))
                    .append(' ').append(ticket.validUntil()).append(' ').append(ticket.spent() ? "spent" : "unspent")
                    .append('\n');
        }
        FileReplacement.replace(file, text.toString(), FileReplacement.PRIVATE);
        tickets.clear();
        tickets.addAll(updated);
    }

    private static List<Ticket> parse(Path file, List<String> lines) throws IOException {
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new IOException(file + " is not a ticket wallet (first line must be '" + HEADER + "')");
        }
        List<Ticket> tickets = new ArrayList<>();
        java.util.Map<String, Integer> bySeed = new java.util.HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                if (line.startsWith(SPENT)) {
                    byte[] seed = HEX.parseHex(line.substring(SPENT.length()).strip());
                    Integer index = bySeed.get(HEX.formatHex(seed));
                    if (index == null) {
                        throw new IllegalArgumentException("a spend of a ticket the wallet does not hold");
                    }
                    tickets.set(index, tickets.get(index).asSpent());
                    continue;
                }
                Ticket ticket = parseTicket(line);
                if (bySeed.putIfAbsent(HEX.formatHex(ticket.serialSeed()), tickets.size()) != null) {
                    throw new IllegalArgumentException("the same ticket is listed twice");
                }
                tickets.add(ticket);
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new IOException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return tickets;
    }

    private static Ticket parseTicket(String line) {
        String[] fields = line.split(" +");
        if (fields.length != 7 || !fields[0].equals("ticket")) {
            throw new IllegalArgumentException("expected 'ticket <type> <epoch> <seed> <signature> <valid until> <state>'");
        }
        boolean spent = switch (fields[6]) {
            case "spent" -> true;
            case "unspent" -> false;
            default -> throw new IllegalArgumentException("state must be spent or unspent, got " + fields[6]);
        };
        return new Ticket(TicketType.fromLabel(fields[1]), Long.parseLong(fields[2]), HEX.parseHex(fields[3]),
                HEX.parseHex(fields[4]), Instant.parse(fields[5]), spent);
    }
}
