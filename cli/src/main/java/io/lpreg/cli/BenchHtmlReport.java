package io.lpreg.cli;

import io.lpreg.client.RegistrationResult;
import io.lpreg.client.Timings;
import io.lpreg.client.bench.LoadGenerator.Completion;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code lpreg bench --report FILE.html}: one self-contained page (inline SVG and CSS, no script, no font, no
 * external resource) with the latency distribution of each step, the throughput over time against the X25519
 * bound measured in the same run, and the figures of {@code --json}, each marked {@code data-figure="<json
 * path>"}. The page is well-formed XML (polyglot XHTML), so a test can read it back.
 */
final class BenchHtmlReport {
    static final List<String> STEPS = List.of("connect", "handshake", "registration", "total");
    private static final int WIDTH = 640;
    private static final int HEIGHT = 200;
    private static final int LEFT = 56;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 36;
    private static final int BINS = 48;

    private BenchHtmlReport() {
    }

    /** @param figures what {@code --json} prints for this run */
    static String render(Map<String, Object> figures, List<Completion> completions) {
        StringBuilder page = new StringBuilder();
        page.append("""
                <!DOCTYPE html>
                <html xmlns="http://www.w3.org/1999/xhtml" lang="en">
                <head>
                <meta charset="utf-8"/>
                <title>lpreg bench</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 720px; color: #222; }
                h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
                table { border-collapse: collapse; } td, th { padding: 2px 10px; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                .note { color: #666; font-size: 0.9em; }
                svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #444; }
                </style>
                </head>
                <body>
                """);
        page.append("<h1>lpreg bench: ").append(figure(figures, "registrations_per_second", "%.1f"))
                .append(" registrations/s, ").append(figure(figures, "fraction_of_bound", "%.3f", 1.0))
                .append(" of the X25519 bound</h1>\n");
        page.append("<p class=\"note\">").append(figure(figures, "registrations", "%.0f")).append(" registrations (")
                .append(escape(String.valueOf(figures.get("mode")))).append(", wire ")
                .append(escape(String.valueOf(figures.get("wire")))).append(", concurrency ")
                .append(figure(figures, "concurrency", "%.0f")).append(", credential ")
                .append(escape(String.valueOf(figures.get("credential")))).append("): ")
                .append(figure(figures, "registered", "%.0f")).append(" registered, ")
                .append(figure(figures, "refused", "%.0f")).append(" refused, ")
                .append(figure(figures, "failed", "%.0f")).append(" failed in ")
                .append(figure(figures, "wall_seconds", "%.2f")).append(" s.</p>\n");

        page.append("<h2>Throughput over time, against the bound of this run</h2>\n");
        page.append(throughput(completions, number(figures, "wall_seconds"),
                number(figures, "x25519.bound_registrations_per_second"), number(figures, "registrations_per_second")));
        page.append("<p class=\"note\">The bound: X25519 on ").append(figure(figures, "x25519.threads", "%.0f"))
                .append(" threads did ").append(figure(figures, "x25519.variable_base_per_second", "%.0f"))
                .append(" variable-base and ").append(figure(figures, "x25519.fixed_base_per_second", "%.0f"))
                .append(" fixed-base multiplications/s just before the load; a registration needs ")
                .append(figure(figures, "x25519.variable_base_per_registration", "%.0f")).append(" + ")
                .append(figure(figures, "x25519.fixed_base_per_registration", "%.0f"))
                .append(" (both sides), so at most ").append(figure(figures, "x25519.bound_registrations_per_second", "%.1f"))
                .append(" registrations/s.</p>\n");

        page.append("<h2>Latency of each step</h2>\n<table>\n<tr><th>ms</th><th>p50</th><th>p90</th><th>p99</th><th>max</th><th>n</th></tr>\n");
        for (String step : STEPS) {
            page.append("<tr><td>").append(step).append("</td>");
            for (String quantile : List.of("p50", "p90", "p99", "max")) {
                page.append("<td>").append(figure(figures, "latency_ms." + step + "." + quantile, "%.2f")).append("</td>");
            }
            page.append("<td>").append(figure(figures, "latency_ms." + step + ".count", "%.0f")).append("</td></tr>\n");
        }
        page.append("</table>\n");
        for (String step : STEPS) {
            List<Double> samples = samples(completions, step);
            page.append("<h2>").append(step).append("</h2>\n");
            page.append(histogram(samples, number(figures, "latency_ms." + step + ".p50"),
                    number(figures, "latency_ms." + step + ".p99")));
        }
        page.append("<p class=\"note\">Generated by lpreg bench ").append(escape(String.valueOf(figures.get("embedded")).equals("true")
                ? "against an embedded gateway" : "against a remote gateway")).append(". Figures are those of --json for the same run.</p>\n");
        page.append("</body>\n</html>\n");
        return page.toString();
    }

    private static List<Double> samples(List<Completion> completions, String step) {
        Function<Timings, Optional<Duration>> pick = switch (step) {
            case "connect" -> Timings::connect;
            case "handshake" -> Timings::handshake;
            case "registration" -> Timings::registration;
            default -> Timings::total;
        };
        List<Double> samples = new ArrayList<>();
        for (Completion completion : completions) {
            if (completion.result() instanceof RegistrationResult.Registered registered) {
                pick.apply(registered.timings()).ifPresent(d -> samples.add(d.toNanos() / 1e6));
            }
        }
        return samples;
    }

    /** Bars of how many registrations took how long; the last bar holds everything beyond the axis. */
    private static String histogram(List<Double> samples, double p50, double p99) {
        StringBuilder svg = open();
        if (samples.isEmpty()) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "no successful registration", "middle"));
            return svg.append("</svg>\n").toString();
        }
        double max = samples.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        double axis = niceCeiling(Math.max(Math.min(max, p99 * 1.5), 0.001));
        int[] counts = new int[BINS];
        for (double sample : samples) {
            counts[Math.min(BINS - 1, (int) (sample / axis * BINS))]++;
        }
        int highest = 1;
        for (int count : counts) {
            highest = Math.max(highest, count);
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double barWidth = plotWidth / BINS;
        for (int bin = 0; bin < BINS; bin++) {
            double height = plotHeight * counts[bin] / highest;
            svg.append(String.format(Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#4a7bd0\"/>%n",
                    LEFT + bin * barWidth + 0.5, TOP + plotHeight - height, Math.max(barWidth - 1, 0.5), height));
        }
        axes(svg, 0, axis, "ms", 0, highest, "registrations");
        marker(svg, LEFT + plotWidth * Math.min(p50 / axis, 1), "p50 " + format(p50) + " ms", "#1a7f37");
        marker(svg, LEFT + plotWidth * Math.min(p99 / axis, 1), "p99 " + format(p99) + " ms", "#c0392b");
        return svg.append("</svg>\n").toString();
    }

    /** Registrations completed per time slice, as a rate, with the bound and the mean as horizontal lines. */
    private static String throughput(List<Completion> completions, double wallSeconds, double bound, double mean) {
        StringBuilder svg = open();
        double slice = Math.max(wallSeconds / 60, 0.05);
        int slices = Math.max(1, (int) Math.ceil(wallSeconds / slice));
        int[] counts = new int[slices];
        for (Completion completion : completions) {
            if (completion.result().isRegistered()) {
                counts[Math.min(slices - 1, (int) (completion.completedNanos() / 1e9 / slice))]++;
            }
        }
        double highest = Math.max(bound, mean);
        for (int count : counts) {
            highest = Math.max(highest, count / slice);
        }
        highest = niceCeiling(highest * 1.1);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder points = new StringBuilder();
        for (int i = 0; i < slices; i++) {
            double x = LEFT + plotWidth * (i + 0.5) / slices;
            double y = TOP + plotHeight * (1 - counts[i] / slice / highest);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#4a7bd0\" stroke-width=\"2\" points=\"").append(points.toString().strip())
                .append("\"/>\n");
        level(svg, TOP + plotHeight * (1 - bound / highest), "X25519 bound " + format(bound) + "/s", "#c0392b", "6 4");
        level(svg, TOP + plotHeight * (1 - mean / highest), "mean " + format(mean) + "/s", "#1a7f37", "2 3");
        axes(svg, 0, wallSeconds, "s", 0, highest, "registrations/s");
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open() {
        return new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">%n",
                WIDTH, HEIGHT, WIDTH, HEIGHT));
    }

    private static void axes(StringBuilder svg, double xMin, double xMax, String xUnit, double yMin, double yMax, String yUnit) {
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#888\"/>%n",
                LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%.1f\" stroke=\"#888\"/>%n",
                LEFT, TOP, LEFT, TOP + plotHeight));
        for (int tick = 0; tick <= 4; tick++) {
            double x = LEFT + plotWidth * tick / 4;
            svg.append(text(x, TOP + plotHeight + 14, format(xMin + (xMax - xMin) * tick / 4), "middle"));
            double y = TOP + plotHeight * (1 - tick / 4.0);
            svg.append(text(LEFT - 4, y + 4, format(yMin + (yMax - yMin) * tick / 4), "end"));
        }
        svg.append(text(LEFT + plotWidth / 2, HEIGHT - 4, xUnit, "middle"));
        svg.append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.1f)\">%s</text>%n",
                TOP + plotHeight / 2, TOP + plotHeight / 2, escape(yUnit)));
    }

    private static void marker(StringBuilder svg, double x, String label, String colour) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.5\"/>%n",
                x, TOP, x, HEIGHT - BOTTOM, colour));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" style=\"fill:%s\">%s</text>%n", x + 3, TOP + 10,
                colour, escape(label)));
    }

    private static void level(StringBuilder svg, double y, String label, String colour, String dashes) {
        svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-dasharray=\"%s\"/>%n",
                LEFT, y, WIDTH - RIGHT, y, colour, dashes));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" style=\"fill:%s\">%s</text>%n",
                WIDTH - RIGHT - 2, y - 3, colour, escape(label)));
    }

    private static String text(double x, double y, String text, String anchor) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>%n", x, y, anchor, escape(text));
    }

    /** The smallest of 1, 2, 2.5, 5 times a power of ten at or above {@code value}. */
    static double niceCeiling(double value) {
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String format(double value) {
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }

    /** A figure of the JSON at {@code path} (dots between keys), marked for readers and tests. */
    private static String figure(Map<String, Object> figures, String path, String format) {
        return figure(figures, path, format, 1.0);
    }

    private static String figure(Map<String, Object> figures, String path, String format, double scale) {
        return "<span data-figure=\"" + path + "\">" + String.format(Locale.ROOT, format, number(figures, path) * scale)
                + "</span>";
    }

    static double number(Map<String, Object> figures, String path) {
        Object value = figures;
        for (String key : path.split("\\.")) {
            value = ((Map<?, ?>) value).get(key);
        }
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("no number at " + path + ": " + value);
        }
        return number.doubleValue();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
