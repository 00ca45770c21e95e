package io.lpreg.cli.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Runs one admin request for a command and prints its answer: as JSON with {@code --json}, else through the
 * command's own rendering. Exit codes: 0 ok, 1 the gateway said no (not found, failed) or cannot be reached,
 * 2 a request the gateway calls malformed.
 */
final class AdminCall {
    private AdminCall() {
    }

    static int run(AdminOptions options, ObjectNode request, PrintWriter out, PrintWriter err,
                   String command, Consumer<JsonNode> render) {
        JsonNode answer;
        try {
            answer = new AdminClient(options.socket()).call(request);
        } catch (AdminUnavailableException e) {
            err.println("lpreg " + command + ": " + e.getMessage());
            return 1;
        }
        String result = answer.path("result").asText("");
        if (!result.equals("ok")) {
            err.println("lpreg " + command + ": " + answer.path("error").asText("the gateway answered " + answer));
            if (options.json) {
                out.println(pretty(answer));
            }
            return result.equals("bad_request") ? 2 : 1;
        }
        if (options.json) {
            out.println(pretty(answer));
        } else {
            render.accept(answer);
        }
        return 0;
    }

    static String pretty(JsonNode node) {
        try {
            return AdminClient.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON value as a table cell: {@code -} for null. */
    static String cell(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? "-" : node.asText();
    }
}
