package io.lpreg.protocol.noise;

import io.lpreg.protocol.LpError;
import io.lpreg.protocol.LpProtocolException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * A handshake pattern as data: the initiator's and responder's pre-messages and the token list of each
 * message. Message {@code i} is sent by the initiator when {@code i} is even (Noise rev 34 §7.1).
 */
public record HandshakePattern(
        String name,
        List<Token> initiatorPreMessage,
        List<Token> responderPreMessage,
        List<List<Token>> messages) {

    private static final Pattern PSK_MODIFIER = Pattern.compile("psk(0|[1-9][0-9]{0,2})");

    // Noise rev 34 §7.4 (one-way), §7.5 (interactive), §7.6 (deferred); "..." ends the pre-messages.
    private static final Map<String, HandshakePattern> BASE = table(
            "N", "<- s ... -> e, es",
            "K", "-> s <- s ... -> e, es, ss",
            "X", "<- s ... -> e, es, s, ss",
            "NN", "-> e <- e, ee",
            "NK", "<- s ... -> e, es <- e, ee",
            "NX", "-> e <- e, ee, s, es",
            "KN", "-> s ... -> e <- e, ee, se",
            "KK", "-> s <- s ... -> e, es, ss <- e, ee, se",
            "KX", "-> s ... -> e <- e, ee, se, s, es",
            "XN", "-> e <- e, ee -> s, se",
            "XK", "<- s ... -> e, es <- e, ee -> s, se",
            "XX", "-> e <- e, ee, s, es -> s, se",
            "IN", "-> e, s <- e, ee, se",
            "IK", "<- s ... -> e, es, s, ss <- e, ee, se",
            "IX", "-> e, s <- e, ee, se, s, es",
            "NK1", "<- s ... -> e <- e, ee, es",
            "NX1", "-> e <- e, ee, s -> es",
            "X1N", "-> e <- e, ee -> s <- se",
            "X1K", "<- s ... -> e, es <- e, ee -> s <- se",
            "XK1", "<- s ... -> e <- e, ee, es -> s, se",
            "X1K1", "<- s ... -> e <- e, ee, es -> s <- se",
            "X1X", "-> e <- e, ee, s, es -> s <- se",
            "XX1", "-> e <- e, ee, s -> es, s, se",
            "X1X1", "-> e <- e, ee, s -> es, s <- se",
            "K1N", "-> s ... -> e <- e, ee -> se",
            "K1K", "-> s <- s ... -> e, es <- e, ee -> se",
            "KK1", "-> s <- s ... -> e <- e, ee, se, es",
            "K1K1", "-> s <- s ... -> e <- e, ee, es -> se",
            "K1X", "-> s ... -> e <- e, ee, s, es -> se",
            "KX1", "-> s ... -> e <- e, ee, se, s -> es",
            "K1X1", "-> s ... -> e <- e, ee, s -> se, es",
            "I1N", "-> e, s <- e, ee -> se",
            "I1K", "<- s ... -> e, es, s <- e, ee -> se",
            "IK1", "<- s ... -> e, s <- e, ee, se, es",
            "I1K1", "<- s ... -> e, s <- e, ee, es -> se",
            "I1X", "-> e, s <- e, ee, s, es -> se",
            "IX1", "-> e, s <- e, ee, se, s -> es",
            "I1X1", "-> e, s <- e, ee, s -> se, es");

    public HandshakePattern {
        requireNonNull(name, "name is null");
        initiatorPreMessage = List.copyOf(initiatorPreMessage);
        responderPreMessage = List.copyOf(responderPreMessage);
        messages = messages.stream().map(List::copyOf).toList();
    }

    /**
     * Parses a pattern name such as {@code XK}, {@code XKpsk3} or {@code NNpsk0+psk2}: a base pattern of
     * the spec's tables followed by psk modifiers (Noise rev 34 §9.2).
     */
    public static HandshakePattern parse(String name) throws LpProtocolException {
        requireNonNull(name, "name is null");
        int split = 0;
        while (split < name.length() && !Character.isLowerCase(name.charAt(split))) {
            split++;
        }
        HandshakePattern base = BASE.get(name.substring(0, split));
        if (base == null) {
            throw new LpProtocolException(LpError.MALFORMED, "unknown handshake pattern: " + name);
        }
        if (split == name.length()) {
            return base;
        }
        List<List<Token>> messages = new ArrayList<>();
        base.messages.forEach(message -> messages.add(new ArrayList<>(message)));
        Set<Integer> seen = new HashSet<>();
        for (String modifier : name.substring(split).split("\\+", -1)) {
            if (!PSK_MODIFIER.matcher(modifier).matches()) {
                throw new LpProtocolException(LpError.MALFORMED, "unsupported pattern modifier in " + name);
            }
            int position = Integer.parseInt(modifier, 3, modifier.length(), 10);
            if (position > messages.size() || !seen.add(position)) {
                throw new LpProtocolException(LpError.MALFORMED, "invalid psk modifier in " + name);
            }
            if (position == 0) {
                messages.get(0).add(0, Token.PSK);
            } else {
                messages.get(position - 1).add(Token.PSK);
            }
        }
        return new HandshakePattern(name, base.initiatorPreMessage, base.responderPreMessage, messages);
    }

    /** The names of the base patterns this implementation knows, in the spec's order. */
    public static List<String> baseNames() {
        return List.copyOf(BASE.keySet());
    }

    /** One-way patterns have a single message, after which only the initiator sends (Noise rev 34 §7.4). */
    public boolean isOneWay() {
        return messages.size() == 1;
    }

    public int pskCount() {
        int count = 0;
        for (List<Token> message : messages) {
            for (Token token : message) {
                if (token == Token.PSK) {
                    count++;
                }
            }
        }
        return count;
    }

    /** Whether the given side sends its static key in a message or a pre-message. */
    public boolean usesStatic(boolean initiator) {
        if ((initiator ? initiatorPreMessage : responderPreMessage).contains(Token.S)) {
            return true;
        }
        for (int i = initiator ? 0 : 1; i < messages.size(); i += 2) {
            if (messages.get(i).contains(Token.S)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the given side must know the peer's static key before the handshake starts. */
    public boolean needsRemoteStaticUpFront(boolean initiator) {
        return (initiator ? responderPreMessage : initiatorPreMessage).contains(Token.S);
    }

    private static Map<String, HandshakePattern> table(String... entries) {
        Map<String, HandshakePattern> table = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            table.put(entries[i], notation(entries[i], entries[i + 1]));
        }
        return table;
    }

    private static HandshakePattern notation(String name, String text) {
        int dots = text.indexOf("...");
        String preText = dots < 0 ? "" : text.substring(0, dots).trim();
        List<List<Token>> pre = lines(preText);
        List<Token> initiatorPre = List.of();
        List<Token> responderPre = List.of();
        if (preText.startsWith("->")) {
            initiatorPre = pre.get(0);
            responderPre = pre.size() > 1 ? pre.get(1) : List.of();
        } else if (preText.startsWith("<-")) {
            responderPre = pre.get(0);
        }
        String messageText = dots < 0 ? text : text.substring(dots + 3);
        return new HandshakePattern(name, initiatorPre, responderPre, lines(messageText));
    }

    private static List<List<Token>> lines(String text) {
        List<List<Token>> lines = new ArrayList<>();
        for (String word : text.trim().split("[\\s,]+")) {
            if (word.isEmpty()) {
                continue;
            }
            if (word.equals("->") || word.equals("<-")) {
                lines.add(new ArrayList<>());
            } else {
                lines.get(lines.size() - 1).add(Token.fromText(word));
            }
        }
        return lines;
    }
}
