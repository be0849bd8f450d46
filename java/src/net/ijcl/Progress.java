package net.ijcl;

import ij.IJ;

import java.awt.GraphicsEnvironment;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work (a batch over files, a time-lapse streamed frame by frame, an image
 * processed in tiles, the first compilation of an operation's kernels), shown where the user
 * looks: in Fiji/ImageJ with a window, ImageJ's progress bar and status line
 * ({@code IJ.showProgress}, {@code IJ.showStatus}); headless, one line on standard error,
 * rewritten in place with a carriage return, at most {@value #UPDATES_PER_SECOND} times a second
 * (the first and the last state are always written), and ended with a line break by
 * {@link #close}. Quiet mode writes nothing: environment variable {@code IJCL_QUIET} set to
 * anything but "" or "0", or system property {@code ijcl.quiet=true}.
 *
 * <pre>
 * try (Progress p = Progress.start("tiling gaussianBlur3D", tiles.size(), "tiles")) {
 *     for (Tile tile : tiles) { run(tile); p.advance(); }
 * }
 * </pre>
 *
 * The headless line reads {@code ijcl: <task>: <done>/<total> <unit> (<percent>%)[ <detail>]},
 * e.g. {@code ijcl: batch: 2/3 files (67%) blobs.tif}. Thread-safe.
 */
public final class Progress implements AutoCloseable {
    /** At most this many headless updates a second. */
    public static final int UPDATES_PER_SECOND = 4;
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L / UPDATES_PER_SECOND;

    /** Where progress goes: ImageJ's bar and status line, a stderr line, or nowhere. */
    enum Sink { IMAGEJ, STDERR, QUIET }

    private final String task, unit;
    private final long total;
    private final Sink sink;
    private final PrintStream err;
    private final LongSupplier clock;
    private long done;
    private String detail = "";
    private long lastWrite;
    private boolean written, closed, redraw;
    private int lastLength;
    private String lastLine = "";

    Progress(String task, long total, String unit, Sink sink, PrintStream err, LongSupplier clock) {
        this.task = task;
        this.total = Math.max(0, total);
        this.unit = unit == null ? "" : unit;
        this.sink = sink;
        this.err = err;
        this.clock = clock;
    }

    /** Starts showing the progress of {@code total} units ({@code unit}: "files", "frames", "tiles"). */
    public static Progress start(String task, long total, String unit) {
        Progress p = new Progress(task, total, unit, defaultSink(), System.err, System::nanoTime);
        p.show(true);
        return p;
    }

    /** Whether quiet mode is on (IJCL_QUIET or ijcl.quiet). */
    public static boolean quiet() {
        String env = System.getenv("IJCL_QUIET");
        if (env != null && !env.trim().isEmpty() && !env.trim().equals("0")) return true;
        return Boolean.getBoolean("ijcl.quiet");
    }

    static Sink defaultSink() {
        if (quiet()) return Sink.QUIET;
        return !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null ? Sink.IMAGEJ : Sink.STDERR;
    }

    /** One more unit done. */
    public void advance() {
        advance(1, null);
    }

    /** {@code units} more done; {@code detail} (e.g. the file name; null keeps the last) is shown after the count. */
    public synchronized void advance(long units, String detail) {
        done = Math.min(total, done + Math.max(0, units));
        if (detail != null) this.detail = detail;
        show(done == total);
    }

    /** Sets the detail shown after the count (e.g. the file being worked on) without advancing. */
    public synchronized void detail(String text) {
        this.detail = text == null ? "" : text;
        show(false);
    }

    /** Units done so far. */
    public synchronized long done() {
        return done;
    }

    /**
     * Writes a line of its own (a result, a warning) without breaking the progress line: headless,
     * the progress line is cleared and the line written; the progress line comes back at the next
     * update (so consecutive lines stay together).
     */
    public synchronized void println(String line) {
        if (sink == Sink.STDERR && written && !closed && lastLength > 0) {
            err.print("\r" + spaces(lastLength) + "\r");
            err.println(line);
            lastLength = 0;
            redraw = true; // the progress line comes back at the next update, whatever the rate
        } else {
            err.println(line);
        }
    }

    /** Ends the progress: the last state written, the line ended (headless) or the bar removed (ImageJ). */
    @Override
    public synchronized void close() {
        if (closed) return;
        show(true);
        closed = true;
        if (sink == Sink.STDERR && written) {
            err.println();
            err.flush();
        } else if (sink == Sink.IMAGEJ) {
            IJ.showProgress(1.0);
            IJ.showStatus("");
        }
    }

    /** The headless line for the current state (without the carriage return). */
    synchronized String line() {
        StringBuilder s = new StringBuilder("ijcl: ").append(task).append(": ").append(done);
        if (total > 0) s.append('/').append(total);
        if (!unit.isEmpty()) s.append(' ').append(unit);
        if (total > 0) s.append(String.format(Locale.ROOT, " (%d%%)", Math.round(100.0 * done / total)));
        if (!detail.isEmpty()) s.append(' ').append(detail);
        return s.toString();
    }

    private void show(boolean force) {
        if (closed || sink == Sink.QUIET) return;
        long now = clock.getAsLong();
        if (!force && !redraw && written && now - lastWrite < MIN_INTERVAL_NANOS) return;
        lastWrite = now;
        if (sink == Sink.IMAGEJ) {
            if (total > 0) IJ.showProgress(done / (double) total);
            IJ.showStatus(line().substring("ijcl: ".length()));
            written = true;
            return;
        }
        draw();
    }

    private void draw() {
        String l = line();
        if (!redraw && l.equals(lastLine)) return; // nothing new to show
        lastLine = l;
        // pad over a longer previous line, so no tail of it stays visible
        err.print("\r" + l + (l.length() < lastLength ? spaces(lastLength - l.length()) : ""));
        err.flush();
        lastLength = l.length();
        written = true;
        redraw = false;
    }

    private static String spaces(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) s.append(' ');
        return s.toString();
    }

    // --- one-off status messages (kernel compilation) ---------------------------------------------

    /**
     * Shows a status message that is not a count (e.g. "compiling kernels for gaussianBlur3D…"):
     * ImageJ's status line, or one stderr line headless (ended with a line break, since nothing
     * rewrites it); nothing in quiet mode.
     */
    public static void status(String message) {
        switch (defaultSink()) {
            case IMAGEJ: IJ.showStatus(message); break;
            case STDERR: System.err.println("ijcl: " + message); break;
            default: break;
        }
    }
}
