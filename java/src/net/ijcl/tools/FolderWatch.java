package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import net.ijcl.AtomicOutput;
import net.ijcl.Stop;

/**
 * The engine of {@code ./ijcl watch} ({@link WatchMacro}) and of <i>Plugins &gt; ijcl &gt; Watch
 * Folder...</i> ({@link WatchFolderPlugin}): runs a macro on every frame that appears in a folder,
 * in one warm ImageJ/ijcl session, exactly once per frame, across restarts.
 *
 * <p><b>Frames.</b> Without {@code pagesPerFrame} every matching file is one frame (a 2D image
 * or a whole 3D stack, as {@code ./ijcl batch} opens it). With {@code pagesPerFrame = N} every
 * TIFF is a stack that may still be growing (as Micro-Manager writes): each N consecutive complete
 * pages are one frame, processed as soon as they are complete; other formats stay one frame per file.
 *
 * <p><b>When a file is complete.</b> A file is read only once its size and modification time
 * have not changed for the stability window ({@code stableSeconds}; or at once with
 * {@code renamed}, for writers that write elsewhere or under a hidden name and rename), and then
 * only if it is a complete image: a TIFF must have an IFD chain that ends and all its pixel data
 * inside the file ({@link TiffPages}); any file must open in ImageJ. A writer pausing longer than
 * the window thus leaves a file that fails these checks and stays pending; it is retried each time
 * it changes. A file that fails them and stays unchanged for {@code giveUpSeconds} is taken to be
 * truncated or corrupt: it gets an error row and is not read again. In page mode a page is
 * complete when its IFD and data are inside the file and the writer has linked a next page or the
 * file has been stable for the window.
 *
 * <p><b>Outputs</b> (OUT_DIR): per frame, what {@code ./ijcl batch} writes for a file
 * ({@link BatchMacro#processImage}; page frames are named {@code <name>-t0001} etc.), one or more
 * rows appended to {@code results.csv} (flushed and fsynced), {@code latest.json} replaced
 * atomically, a line in {@code watch-state.tsv} (fsynced after the rows) and a status line.
 *
 * <p><b>Exactly once.</b> {@code watch-state.tsv} lists the finished frames (id, status, number of
 * lines of results.csv after the frame). At start the watch skips those frames and cuts
 * results.csv back to the line count of the last finished frame, so rows of a frame interrupted by
 * a kill are dropped and that frame runs again; a frame is never recorded twice. A SIGTERM or
 * Ctrl-C (net.ijcl.Stop) ends the watch between frames, or at the macro's next ijcl call: that
 * frame is not recorded (its macro may have run; it runs again after a restart).
 *
 * <p><b>Warm.</b> One ImageJ and one ijcl session serve every frame (device, compiled kernels,
 * GPU images kept under the macro's names). With {@code warmup} the macro first runs once on that
 * sample image (outputs discarded), so its kernels are compiled before the first frame arrives;
 * without it the first frame compiles them (ijcl's on-disk program-binary cache, IJCL_CACHE_DIR,
 * makes that a load on a machine that ran the macro before).
 */
final class FolderWatch {
    /** Fixed leading columns of results.csv; the macro's Results columns follow. */
    static final List<String> FIXED = Collections.unmodifiableList(Arrays.asList(
            "frame", "file", "pages", "status", "message", "arrival", "done", "processing_ms", "latency_ms", "row"));
    static final String RESULTS = "results.csv", LATEST = "latest.json", STATE = "watch-state.tsv";

    /** Settings. */
    static final class Options {
        File macroFile, in, out, warmup;
        String pattern;
        int stopAfter;
        double idleSeconds;
        double stableSeconds = 1.0, giveUpSeconds = 60, pollSeconds = 0.2;
        int pagesPerFrame;
        boolean renamed, quiet;
    }

    /** One finished frame, as written to results.csv and latest.json. */
    static final class Frame {
        int number;
        String id, file, pages = "", status, message = "";
        long arrival, done;
        double processingMs, latencyMs;
        List<String> headings = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<String> outputs = new ArrayList<>();

        /** The value of a result column in the first row, or NaN. */
        double value(String column) {
            int c = headings.indexOf(column);
            if (c < 0 || rows.isEmpty()) return Double.NaN;
            try {
                return Double.parseDouble(rows.get(0).get(c));
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
    }

    private final Options o;
    private final String macro;
    private final PathMatcher matcher;
    private final BatchMacro runner;
    private final Set<String> done = new HashSet<>();
    private final Set<Integer> openAtStart = new HashSet<>();
    private final Map<String, Pending> pending = new TreeMap<>();
    private final List<String> header = new ArrayList<>(FIXED);
    private int resultLines, frames, framesThisRun, errorsThisRun;
    private long watchStart, lastActivity;
    /** When the folder was first listed (ms, nanoTime clock); -1 before: the files listed then share it as their change time. */
    private long startedAt = -1;
    private Consumer<Frame> listener = f -> {};
    private Consumer<String> log = System.err::println;
    private BooleanSupplier stopRequested = () -> false;
    private String stopReason;

    /** A file seen but not finished. */
    private static final class Pending {
        final File file;
        long size = -1, mtime = -1;
        long changedAt; // monotonic ms of the observation that saw the last change
        long changedWall;
        boolean failed; // the last attempt (at this size and mtime) found it incomplete or unreadable
        String problem;
        boolean warned;
        int nextFrame = 1; // page mode: the next frame of the file (1-based)
        final Map<Integer, Long> completeSince = new TreeMap<>(); // page mode: wall ms a frame was first seen complete

        Pending(File file) {
            this.file = file;
        }
    }

    FolderWatch(Options options) throws IOException {
        o = options;
        macro = new String(Files.readAllBytes(o.macroFile.toPath()), StandardCharsets.UTF_8);
        matcher = o.pattern == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + o.pattern);
        runner = new BatchMacro(o.in, o.out, macro, Collections.<File>emptyList(), null);
    }

    FolderWatch onFrame(Consumer<Frame> l) {
        listener = l;
        return this;
    }

    FolderWatch log(Consumer<String> l) {
        log = l;
        return this;
    }

    FolderWatch stopWhen(BooleanSupplier s) {
        stopRequested = s;
        return this;
    }

    int framesThisRun() {
        return framesThisRun;
    }

    int errorsThisRun() {
        return errorsThisRun;
    }

    String stopReason() {
        return stopReason;
    }

    /** Why the options cannot run (the folders canonical), or null. */
    static String problem(Options o) {
        String p = BatchMacro.problem(o.macroFile, o.in, o.out);
        if (p != null) return p;
        if (o.warmup != null && !o.warmup.isFile()) return "no such warm-up image: " + o.warmup;
        if (o.stopAfter < 0 || o.idleSeconds < 0 || o.stableSeconds < 0 || o.giveUpSeconds <= 0 || o.pagesPerFrame < 0)
            return "negative --stop-after, --idle, --stable or --pages, or --give-up not above 0";
        return null;
    }

    /** Watches until stop-after, idle, a stop request or a shutdown; returns the exit status (0, or 1 if a frame failed). */
    int run() throws IOException {
        HeadlessMacro.init();
        int[] open = WindowManager.getIDList();
        if (open != null) for (int id : open) openAtStart.add(id);
        Files.createDirectories(o.out.toPath());
        restoreState();
        if (o.warmup != null) warmUp();
        watchStart = System.currentTimeMillis();
        lastActivity = System.nanoTime();
        if (!o.quiet)
            log.accept("watch: " + o.in + " -> " + o.out + (done.isEmpty() ? "" : " (resuming after " + done.size() + " finished frame(s))"));
        try (WatchService events = watchService()) {
            while (true) {
                if (Stop.shutdownReason() != null) { stopReason = Stop.shutdownReason(); break; }
                if (stopRequested.getAsBoolean()) { stopReason = "stop requested"; break; }
                if (o.stopAfter > 0 && framesThisRun >= o.stopAfter) { stopReason = o.stopAfter + " frame(s) done"; break; }
                observe();
                if (step()) continue;
                if (o.idleSeconds > 0 && System.nanoTime() - lastActivity >= (long) (o.idleSeconds * 1e9)) {
                    stopReason = "idle for " + fmt(o.idleSeconds) + " s";
                    break;
                }
                await(events);
            }
        }
        if (!o.quiet)
            log.accept("watch: stopped (" + stopReason + "); " + framesThisRun + " frame(s) in this run, " + errorsThisRun
                    + " with an error; " + frames + " in " + new File(o.out, RESULTS));
        return errorsThisRun == 0 ? 0 : 1;
    }

    private WatchService watchService() {
        try {
            WatchService ws = FileSystems.getDefault().newWatchService();
            o.in.toPath().register(ws, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
            return ws;
        } catch (IOException | UnsupportedOperationException e) {
            return null; // polling alone
        }
    }

    /** Waits for a file event or the poll interval, whichever comes first. */
    private void await(WatchService events) {
        long ms = Math.max(1, (long) (o.pollSeconds * 1000));
        try {
            if (events == null) {
                Thread.sleep(ms); // polling: the interval between listings of the folder
                return;
            }
            WatchKey key = events.poll(ms, TimeUnit.MILLISECONDS);
            if (key != null) {
                key.pollEvents();
                key.reset();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = () -> true;
        } catch (ClosedWatchServiceException e) {
            // polling goes on
        }
    }

    private boolean matches(File f) {
        String name = f.getName();
        if (name.startsWith(".") || !f.isFile()) return false;
        if (matcher != null) return matcher.matches(Paths.get(name));
        int dot = name.lastIndexOf('.');
        return dot > 0 && BatchMacro.IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean isTiff(File f) {
        String n = f.getName().toLowerCase(Locale.ROOT);
        return n.endsWith(".tif") || n.endsWith(".tiff");
    }

    private boolean pageMode(File f) {
        return o.pagesPerFrame > 0 && isTiff(f);
    }

    /** Lists the folder and records each unfinished file's size and modification time. */
    private void observe() {
        File[] files = o.in.listFiles();
        if (files == null) return;
        long now = System.nanoTime() / 1_000_000, wall = System.currentTimeMillis();
        if (startedAt < 0) startedAt = now; // the first listing: what it finds becomes stable together, one window later
        Set<String> listed = new HashSet<>();
        for (File f : files) listed.add(f.getName());
        pending.keySet().retainAll(listed); // a file deleted or renamed away before it was complete is forgotten
        for (File f : files) {
            if (!matches(f) || done.contains(f.getName())) continue;
            Pending p = pending.computeIfAbsent(f.getName(), n -> new Pending(f));
            long size = f.length(), mtime = f.lastModified();
            if (size != p.size || mtime != p.mtime) {
                p.size = size;
                p.mtime = mtime;
                p.changedAt = now;
                p.changedWall = wall;
                p.failed = false;
                p.warned = false;
                lastActivity = System.nanoTime();
            }
        }
    }

    /** Processes the first ready frame (in file name order); false when none is ready. */
    private boolean step() throws IOException {
        long now = System.nanoTime() / 1_000_000;
        // the files of the first listing all become stable together, one window after it: then in name order
        // (timed from that listing, not from an earlier moment: a slow start must not let a later file go first)
        if (!o.renamed && (startedAt < 0 || now - startedAt < (long) (o.stableSeconds * 1000))) return false;
        for (Pending p : new ArrayList<>(pending.values())) {
            if (p.size < 0) continue;
            boolean stable = o.renamed || now - p.changedAt >= (long) (o.stableSeconds * 1000);
            boolean givenUp = now - p.changedAt >= (long) (o.giveUpSeconds * 1000);
            if (pageMode(p.file)) {
                if (stepPages(p, stable, givenUp)) return true;
                continue;
            }
            if (!stable) continue;
            if (p.failed) {
                if (!givenUp) continue;
                fail(p, p.file.getName(), "", p.problem + "; unchanged for " + fmt(o.giveUpSeconds) + " s: taken as truncated or corrupt, skipped");
                return true;
            }
            ImagePlus image = openWhole(p);
            if (image == null) continue;
            process(p, p.file.getName(), "", image, p.file.getPath(), BatchMacro.outputBase(p.file), p.file.getName(),
                    arrival(p.mtime, p.changedWall));
            pending.remove(p.file.getName());
            done.add(p.file.getName());
            return true;
        }
        return false;
    }

    /** Opens a whole-file frame, or null (recording why) when it is not a complete image yet. */
    private ImagePlus openWhole(Pending p) {
        String problem = null;
        try {
            if (isTiff(p.file)) {
                TiffPages.Scan scan = TiffPages.scan(p.file);
                if (!scan.complete() && !scan.bigTiff) problem = "not a complete TIFF (" + scan.why() + ")";
            }
            if (problem == null) {
                cleanup();
                String before = IJ.getErrorMessage();
                ImagePlus image = IJ.openImage(p.file.getPath());
                if (image != null) return image;
                String error = IJ.getErrorMessage();
                problem = "ImageJ cannot open it" + (error != null && error != before ? " (" + error.replace('\n', ' ') + ")" : "");
            }
        } catch (IOException | RuntimeException e) {
            problem = "cannot read it (" + e + ")";
        }
        p.failed = true;
        p.problem = problem;
        return null;
    }

    /** Page mode: processes the file's next complete frame, if any. */
    private boolean stepPages(Pending p, boolean stable, boolean givenUp) throws IOException {
        if (p.failed && !givenUp) return false;
        TiffPages.Scan scan;
        try {
            scan = TiffPages.scan(p.file);
        } catch (IOException e) {
            p.failed = true;
            p.problem = "cannot read it (" + e + ")";
            return false;
        }
        String name = p.file.getName();
        if (scan.problem != null || scan.bigTiff || (!scan.tiff && p.size >= 8)) {
            String why = scan.bigTiff ? "BigTIFF files cannot be watched page by page" : scan.why();
            if (!givenUp) {
                p.failed = true;
                p.problem = why;
                return false;
            }
            fail(p, name, "", why + "; unchanged for " + fmt(o.giveUpSeconds) + " s: skipped");
            return true;
        }
        int n = o.pagesPerFrame, available = scan.pages() / n;
        long wall = System.currentTimeMillis();
        for (int k = p.nextFrame; k <= available; k++) p.completeSince.putIfAbsent(k, wall);
        int k = p.nextFrame;
        while (k <= available && done.contains(frameId(name, k))) k++; // finished before a restart
        p.nextFrame = k;
        if (k <= available) {
            boolean linked = k * n < scan.pages() || !scan.ended; // a later page exists or is being written
            if (!linked && !stable) return false;
            String base = BatchMacro.outputBase(p.file) + String.format(Locale.ROOT, "-t%04d", k);
            String pages = n == 1 ? Integer.toString((k - 1) * n + 1) : ((k - 1) * n + 1) + "-" + (k * n);
            ImagePlus image;
            try {
                cleanup();
                image = TiffPages.open(p.file, scan, (k - 1) * n, n, base + ".tif");
            } catch (IOException | RuntimeException e) {
                if (!givenUp) {
                    p.failed = true;
                    p.problem = "cannot read pages " + pages + " (" + e.getMessage() + ")";
                    return false;
                }
                record(failedFrame(frameId(name, k), name, pages, p.problem));
                p.nextFrame = k + 1;
                return true;
            }
            long since = p.completeSince.getOrDefault(k, wall);
            process(p, frameId(name, k), pages, image, p.file.getPath(), base, base, arrival(Math.min(p.mtime, since), since));
            p.completeSince.remove(k);
            p.nextFrame = k + 1;
            return true;
        }
        if (givenUp && !p.warned && (scan.pages() % n != 0 || !scan.ended)) {
            p.warned = true;
            if (!o.quiet)
                log.accept("watch: " + name + ": " + scan.why() + ", unchanged for " + fmt(o.giveUpSeconds)
                        + " s; still waiting for the writer (page mode: a stack may grow again)");
        }
        return false;
    }

    static String frameId(String file, int k) {
        return file + "#" + k;
    }

    /** Arrival: the writer's last modification, not before the watch began nor after the watcher saw it. */
    private long arrival(long mtime, long seenWall) {
        return Math.max(watchStart, Math.min(mtime, seenWall));
    }

    /** A whole file (or a page-mode file) reported as unreadable: one error row; the file is done. */
    private void fail(Pending p, String id, String pages, String message) throws IOException {
        Frame f = failedFrame(id, p.file.getName(), pages, message);
        f.arrival = arrival(p.mtime, p.changedWall);
        record(f);
        pending.remove(p.file.getName());
        done.add(p.file.getName());
    }

    private Frame failedFrame(String id, String file, String pages, String message) {
        Frame f = new Frame();
        f.id = id;
        f.file = file;
        f.pages = pages;
        f.status = "error";
        f.message = message;
        f.arrival = System.currentTimeMillis();
        return f;
    }

    /** Runs the macro on one frame (batch's per-file work) and records it. */
    private void process(Pending p, String id, String pages, ImagePlus image, String path, String base, String fallback,
                         long arrival) throws IOException {
        Frame f = new Frame();
        f.id = id;
        f.file = p.file.getName();
        f.pages = pages;
        f.arrival = arrival;
        long start = System.nanoTime();
        try {
            f.outputs = runner.processImage(image, path, base, fallback);
            f.status = "ok";
            ResultsTable rt = ResultsTable.getResultsTable();
            if (rt != null && rt.size() > 0) {
                f.headings.addAll(Arrays.asList(rt.getHeadings()));
                for (int r = 0; r < rt.size(); r++) {
                    List<String> row = new ArrayList<>();
                    for (String h : f.headings) row.add(rt.getStringValue(h, r));
                    f.rows.add(row);
                }
            }
        } catch (BatchMacro.Stopped e) {
            cleanup();
            stopReason = e.reason;
            stopRequested = () -> true; // not recorded: runs again after a restart
            return;
        } catch (BatchMacro.Failure | RuntimeException e) {
            if (Stop.stopping()) {
                cleanup();
                stopRequested = () -> true;
                return;
            }
            f.status = "error";
            f.message = e instanceof BatchMacro.Failure ? e.getMessage() : e.toString();
        } finally {
            cleanup();
        }
        f.processingMs = (System.nanoTime() - start) / 1e6;
        record(f);
    }

    /** Appends the frame's rows (fsync), its state line (fsync), replaces latest.json, reports it. */
    private void record(Frame f) throws IOException {
        if (f.done == 0) f.done = System.currentTimeMillis();
        f.latencyMs = Math.max(0, f.done - f.arrival);
        f.number = ++frames;
        framesThisRun++;
        if (!"ok".equals(f.status)) errorsThisRun++;
        lastActivity = System.nanoTime();

        boolean widened = false;
        for (String h : f.headings)
            if (!header.contains(column(h))) {
                header.add(column(h));
                widened = true;
            }
        File results = new File(o.out, RESULTS);
        if (widened && resultLines > 0) rewriteHeader(results);
        StringBuilder text = new StringBuilder();
        if (resultLines == 0) {
            text.append(csvLine(header));
            resultLines = 1;
        }
        List<List<String>> rows = f.rows.isEmpty() ? Collections.singletonList(Collections.<String>emptyList()) : f.rows;
        for (int r = 0; r < rows.size(); r++) {
            List<String> cells = new ArrayList<>(Arrays.asList(Integer.toString(f.number), f.file, f.pages, f.status,
                    f.message, Instant.ofEpochMilli(f.arrival).toString(), Instant.ofEpochMilli(f.done).toString(),
                    fmt(f.processingMs), fmt(f.latencyMs), f.rows.isEmpty() ? "" : Integer.toString(r + 1)));
            for (int c = FIXED.size(); c < header.size(); c++) {
                int i = -1;
                for (int h = 0; h < f.headings.size() && i < 0; h++)
                    if (column(f.headings.get(h)).equals(header.get(c))) i = h;
                cells.add(i < 0 || f.rows.isEmpty() ? "" : rows.get(r).get(i));
            }
            text.append(csvLine(cells));
            resultLines++;
        }
        appendSynced(results, text.toString());
        appendSynced(new File(o.out, STATE), f.id.replaceAll("[\t\r\n]", " ") + "\t" + f.status + "\t" + resultLines + "\n");
        done.add(f.id);
        AtomicOutput.write(new File(o.out, LATEST), json(f).getBytes(StandardCharsets.UTF_8));
        if (!o.quiet)
            log.accept(String.format(Locale.ROOT, "[frame %d] %s%s: %s (processing %s ms, latency %s ms)%s", f.number, f.file,
                    f.pages.isEmpty() ? "" : " page " + f.pages, f.status, fmt(f.processingMs), fmt(f.latencyMs),
                    "ok".equals(f.status) ? (f.outputs.isEmpty() ? "" : " -> " + String.join(", ", f.outputs)) : ": " + f.message));
        listener.accept(f);
    }

    /**
     * Closes the images of a frame and clears the Results table before the next: every image
     * without a window that was not open when the watch began (headless: every image, as
     * {@code ./ijcl batch} does). In ImageJ/Fiji the user's images and windows, the live plot
     * included, stay open; the frames, opened in batch mode, have no window.
     */
    private void cleanup() {
        int[] ids = WindowManager.getIDList();
        if (ids != null)
            for (int id : ids) {
                ImagePlus imp = WindowManager.getImage(id);
                if (imp != null && imp.getWindow() == null && !openAtStart.contains(id)) {
                    imp.changes = false;
                    imp.close();
                }
            }
        WindowManager.setTempCurrentImage(null);
        ResultsTable results = ResultsTable.getResultsTable();
        if (results != null) results.reset();
    }

    /** The results.csv column of a Results column: its name, or {@code result_NAME} when a fixed column has that name. */
    static String column(String heading) {
        return FIXED.contains(heading) ? "result_" + heading : heading;
    }

    /** Reads watch-state.tsv: the finished frames; cuts results.csv and the state to what they cover. */
    private void restoreState() throws IOException {
        File state = new File(o.out, STATE), results = new File(o.out, RESULTS);
        int lines = 0;
        if (state.isFile()) {
            byte[] bytes = Files.readAllBytes(state.toPath());
            String text = new String(bytes, StandardCharsets.UTF_8);
            int end = text.lastIndexOf('\n') + 1; // a line without its newline was cut by a kill
            for (String line : text.substring(0, end).split("\n")) {
                String[] parts = line.split("\t");
                if (parts.length < 3) continue;
                done.add(parts[0]); // a whole file's name, or a page frame's NAME#K
                lines = Integer.parseInt(parts[2]);
                frames++;
            }
            if (end < bytes.length) truncate(state, text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
        }
        List<String> kept = new ArrayList<>();
        if (results.isFile()) {
            List<String> all = Files.readAllLines(results.toPath(), StandardCharsets.UTF_8);
            if (all.size() < lines)
                throw new IOException(results + " has " + all.size() + " lines but " + state + " says " + lines
                        + "; move both away to start afresh");
            kept = all.subList(0, lines);
            if (all.size() > lines || !endsWithNewline(results)) {
                StringBuilder b = new StringBuilder();
                for (String l : kept) b.append(l).append('\n');
                AtomicOutput.write(results, b.toString().getBytes(StandardCharsets.UTF_8));
            }
        } else if (lines > 0) {
            throw new IOException(state + " lists finished frames but " + results + " is missing; move it away to start afresh");
        }
        resultLines = kept.size();
        if (!kept.isEmpty()) {
            List<String> h = parseCsvLine(kept.get(0));
            if (h.size() >= FIXED.size() && h.subList(0, FIXED.size()).equals(FIXED)) {
                header.clear();
                header.addAll(h);
            }
        }
    }

    private static boolean endsWithNewline(File f) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(f, "r")) {
            if (r.length() == 0) return true;
            r.seek(r.length() - 1);
            return r.read() == '\n';
        }
    }

    private static void truncate(File f, long length) throws IOException {
        try (FileChannel c = FileChannel.open(f.toPath(), StandardOpenOption.WRITE)) {
            c.truncate(length);
            c.force(true);
        }
    }

    private void rewriteHeader(File results) throws IOException {
        List<String> all = Files.readAllLines(results.toPath(), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(csvLine(header));
        for (int i = 1; i < all.size(); i++) b.append(all.get(i)).append('\n');
        AtomicOutput.write(results, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void appendSynced(File f, String text) throws IOException {
        try (FileChannel c = FileChannel.open(f.toPath(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) c.write(b);
            c.force(true);
        }
    }

    /** The warm-up: the macro once on a sample image, outputs into a temporary folder, then discarded. */
    private void warmUp() throws IOException {
        File tmp = Files.createTempDirectory("ijcl-watch-warmup").toFile();
        long start = System.nanoTime();
        String outcome = "ok";
        try {
            cleanup();
            ImagePlus image = IJ.openImage(o.warmup.getPath());
            if (image == null) throw new IOException("ImageJ cannot open the warm-up image " + o.warmup);
            new BatchMacro(o.warmup.getAbsoluteFile().getParentFile(), tmp, macro, Collections.<File>emptyList(), null)
                    .processImage(image, o.warmup.getPath(), "warmup", "warmup");
        } catch (BatchMacro.Failure | BatchMacro.Stopped e) {
            outcome = "failed (" + e.getMessage() + ")";
        } finally {
            cleanup();
            File[] left = tmp.listFiles();
            if (left != null) for (File f : left) Files.deleteIfExists(f.toPath());
            Files.deleteIfExists(tmp.toPath());
        }
        if (!o.quiet)
            log.accept("watch: warm-up on " + o.warmup.getName() + " " + outcome + " in " + fmt((System.nanoTime() - start) / 1e6) + " ms");
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) b.append(',');
            String c = cells.get(i) == null ? "" : cells.get(i).replaceAll("[\r\n]+", " ");
            if (c.contains(",") || c.contains("\"")) c = "\"" + c.replace("\"", "\"\"") + "\"";
            b.append(c);
        }
        return b.append('\n').toString();
    }

    /** One line of results.csv as cells (quotes as {@link #csvLine} writes them). */
    static List<String> parseCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder c = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') { c.append('"'); i++; }
                else if (ch == '"') quoted = false;
                else c.append(ch);
            } else if (ch == '"') quoted = true;
            else if (ch == ',') { out.add(c.toString()); c.setLength(0); }
            else c.append(ch);
        }
        out.add(c.toString());
        return out;
    }

    static String json(Frame f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frame", f.number);
        m.put("id", f.id);
        m.put("file", f.file);
        m.put("pages", f.pages);
        m.put("status", f.status);
        m.put("message", f.message);
        m.put("arrival", Instant.ofEpochMilli(f.arrival).toString());
        m.put("done", Instant.ofEpochMilli(f.done).toString());
        m.put("processing_ms", f.processingMs);
        m.put("latency_ms", f.latencyMs);
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, Object> e : m.entrySet())
            b.append(quote(e.getKey())).append(": ").append(e.getValue() instanceof String ? quote((String) e.getValue())
                    : e.getValue() instanceof Double ? fmt((Double) e.getValue()) : e.getValue()).append(", ");
        b.append("\"outputs\": [");
        for (int i = 0; i < f.outputs.size(); i++) b.append(i > 0 ? ", " : "").append(quote(f.outputs.get(i)));
        b.append("], \"results\": [");
        for (int r = 0; r < f.rows.size(); r++) {
            b.append(r > 0 ? ", " : "").append('{');
            for (int c = 0; c < f.headings.size(); c++) {
                String v = f.rows.get(r).get(c);
                b.append(c > 0 ? ", " : "").append(quote(f.headings.get(c))).append(": ").append(number(v) ? v : quote(v));
            }
            b.append('}');
        }
        return b.append("]}\n").toString();
    }

    private static boolean number(String v) {
        return v != null && v.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }
}
