package io.lpreg.engine.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A GET against a {@link MetricsServer}, and the Prometheus text format read back into samples and types. */
record Scrape(int status, String contentType, String body) {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static Scrape get(InetSocketAddress server, String path) throws IOException, InterruptedException {
        return send(server, path, "GET");
    }

    static Scrape send(InetSocketAddress server, String path, String method) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Scrape(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    /** {@code name{labels}} (as written) → value, for every sample line. */
    Map<String, Double> samples() {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : lines()) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    /** Metric family → type, from the {@code # TYPE} lines. */
    Map<String, String> types() {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : lines()) {
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.split(" ");
                types.put(parts[2], parts[3]);
            }
        }
        return types;
    }

    /** The {@code le} bounds of a histogram, in order, {@code +Inf} included. */
    List<String> buckets(String histogram) {
        return lines().stream()
                .filter(line -> line.startsWith(histogram + "_bucket{"))
                .map(line -> line.substring(line.indexOf("le=\"") + 4, line.indexOf('"', line.indexOf("le=\"") + 4)))
                .toList();
    }

    double value(String sample) {
        Double value = samples().get(sample);
        if (value == null) {
            throw new AssertionError("no sample " + sample + " in\n" + body);
        }
        return value;
    }

    private List<String> lines() {
        return body.lines().toList();
    }
}
