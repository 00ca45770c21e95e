package io.lpreg.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * Progress of long work a person waits for (bench runs, issuing many tickets), always on stderr so that stdout,
 * {@code --json} included, stays what a script reads. On a terminal: one bar redrawn in place at most ten times a
 * second, as wide as the terminal; elsewhere (a pipe, a file, CI, {@code TERM=dumb}): a plain line at every tenth
 * of the work. Thread-safe: {@link #accept} may be called from many threads with counts in any order.
 */
final class Progress implements IntConsumer {
    /** How progress can be shown where this process runs. */
    record Terminal(boolean interactive, int columns) {
        static final Terminal NONE = new Terminal(false, 80);

        /** A terminal when there is a console that is one (stdin and stdout), and TERM is not dumb. */
        static Terminal detect() {
            return detect(System.console(), System.getenv());
        }

        static Terminal detect(Console console, Map<String, String> environment) {
            boolean interactive = console != null && isTerminal(console)
                    && !"dumb".equals(environment.getOrDefault("TERM", ""));
            int columns = 80;
            try {
                columns = Integer.parseInt(environment.getOrDefault("COLUMNS", "80").strip());
            } catch (NumberFormatException ignored) {
                // 80, as a terminal is by default
            }
            return new Terminal(interactive, Math.max(columns, 20));
        }

        /** {@code Console.isTerminal()} (JDK 22+: System.console() is not null on a redirected JDK 22 run). */
        private static boolean isTerminal(Console console) {
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(console);
            } catch (ReflectiveOperationException e) {
                return true; // JDK 21: a console exists only on a terminal
            }
        }
    }

    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final int total;
    private final Terminal terminal;
    private final LongSupplier nanoTime;
    private final AtomicLong lastDraw;
    private final AtomicInteger lastTenth = new AtomicInteger();
    private final AtomicInteger highest = new AtomicInteger();
    private final long started;
    private volatile boolean drawn;

    Progress(PrintWriter err, String label, String unit, int total, Terminal terminal) {
        this(err, label, unit, total, terminal, System::nanoTime);
    }

    Progress(PrintWriter err, String label, String unit, int total, Terminal terminal, LongSupplier nanoTime) {
        this.err = requireNonNull(err, "err is null");
        this.label = requireNonNull(label, "label is null");
        this.unit = requireNonNull(unit, "unit is null");
        this.total = Math.max(total, 1);
        this.terminal = requireNonNull(terminal, "terminal is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.started = nanoTime.getAsLong();
        this.lastDraw = new AtomicLong(started - REDRAW_NANOS);
    }

    /** {@code done} of the total are finished. */
    @Override
    public void accept(int done) {
        int now = highest.accumulateAndGet(Math.min(done, total), Math::max);
        if (terminal.interactive()) {
            long time = nanoTime.getAsLong();
            long last = lastDraw.get();
            if ((now < total && time - last < REDRAW_NANOS) || !lastDraw.compareAndSet(last, time)) {
                return;
            }
            synchronized (err) {
                err.print("\r" + bar(now, time));
                err.flush();
                drawn = true;
            }
        } else {
            int tenth = (int) ((long) now * 10 / total);
            int previous = lastTenth.get();
            if (tenth > previous && lastTenth.compareAndSet(previous, tenth)) {
                synchronized (err) {
                    err.println(line(now));
                    err.flush();
                }
            }
        }
    }

    /** Ends the bar's line on a terminal, so what follows starts on a line of its own. */
    void finish() {
        if (drawn) {
            synchronized (err) {
                err.println();
                err.flush();
            }
        }
    }

    /** E.g. {@code lpreg bench: 2000/10000 registrations (20%)}. */
    String line(int done) {
        return label + ": " + done + "/" + total + " " + unit + " (" + percent(done) + "%)";
    }

    /** E.g. {@code lpreg bench [#####     ] 2000/10000 registrations  20%  12 s}, fitted to the terminal's width. */
    String bar(int done, long nanos) {
        long seconds = Math.max(0, (nanos - started) / 1_000_000_000L);
        String counts = " " + done + "/" + total + " " + unit + " " + String.format("%3d%%", percent(done))
                + " " + seconds + " s";
        // the column the cursor would wrap at is left free, so that \r returns to this line
        int width = terminal.columns() - 1 - label.length() - counts.length() - 3;
        if (width < 10) {
            String text = label + counts;
            return text.length() >= terminal.columns() ? text.substring(0, terminal.columns() - 1) : text;
        }
        int filled = (int) ((long) done * width / total);
        return label + " [" + "#".repeat(filled) + " ".repeat(width - filled) + "]" + counts;
    }

    private int percent(int done) {
        return (int) ((long) done * 100 / total);
    }
}
