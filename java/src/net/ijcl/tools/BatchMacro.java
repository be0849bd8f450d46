package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.io.FileSaver;
import ij.measure.ResultsTable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import net.ijcl.AtomicOutput;
import net.ijcl.Progress;
import net.ijcl.Stop;

/**
 * Runs a macro on every image of a folder, headless, in one JVM (one ImageJ, one GPU session:
 * the device, compiled kernels and GPU images a macro keeps stay between files):
 *
 * <pre>
 * BatchMacro [--gpu] [--files-from LIST] [--report FILE] MACRO.ijm INPUT_DIR OUTPUT_DIR
 *                                                  (./ijcl batch [--gpu] MACRO.ijm INPUT_DIR OUTPUT_DIR)
 * </pre>
 *
 * <p>{@code --gpu}: in GPU mode ({@link GpuModeRun}). {@code --files-from LIST}: only the files
 * named in LIST (one name of a file of INPUT_DIR a line, in that order) instead of every image of
 * the folder; a listed file that is missing fails like an unreadable one. {@code --report FILE}:
 * one line per file, written as each file ends, {@code name<TAB>ok|FAILED|stopped<TAB>seconds<TAB>
 * outputs or reason}. Both are what a task of {@code ./ijcl batch --slurm} runs ({@link SlurmBatch}).
 * With the environment variable {@code IJCL_DEVICES} the files are spread over several devices
 * ({@link MultiDeviceBatch}: one worker JVM per device, each running this class with
 * {@code --claim DIR}, which processes a file only after claiming it in DIR).
 *
 * <p><b>The macro's calling convention.</b> For each image file of INPUT_DIR (by name; extensions
 * in {@link #IMAGE_EXTENSIONS}; sub-folders and other files are skipped), the runner opens the
 * image (batch mode: no window) as the current image and runs the macro with
 * {@code getArgument()} = {@code "<input file path>|<output folder>"}. A recorded macro works
 * as it is (its commands act on the current image); a macro may also write files of its own into
 * the output folder. After the macro the runner writes
 * <ul>
 *   <li>the current image, when it is not the input image left unchanged, as
 *       {@code OUTPUT_DIR/<input name without extension>.tif};
 *   <li>the Results table, when it has rows, as {@code OUTPUT_DIR/<input name without extension>.csv}.
 * </ul>
 * then closes every image and clears the Results table before the next file.
 *
 * <p><b>Inputs are never overwritten.</b> OUTPUT_DIR must not be INPUT_DIR, lie inside it or
 * contain it (checked on canonical paths, so links are seen through); the runner writes only
 * inside OUTPUT_DIR and refuses any path that exists in INPUT_DIR.
 *
 * <p><b>Progress and status.</b> One line per file on standard error ({@code [2/5] name.tif: ok
 * (1.3 s) -> name.tif, name.csv} or {@code ... FAILED: reason}); a failing file (cannot be
 * opened, macro error, cannot be written) does not stop the run. At the end a summary lists the
 * failed files. Exit status: 0 all files done, 1 some file failed, 2 bad command line or folders
 * (nothing was run), 3 the runner itself failed.
 *
 * <p><b>Stopping.</b> Results are written to a temporary name in OUTPUT_DIR and renamed into place
 * atomically ({@link AtomicOutput}), so an output file is always complete: the one of an earlier
 * run or the new one. SIGTERM (SLURM at the job's time limit) or Ctrl-C ends the run at the next
 * operation boundary (net.ijcl.Stop): the GPU operation running completes, the macro is aborted at
 * its next ijcl call (or, without one, the run stops before the next file), no result of the
 * interrupted file is written, and one line on standard error says that it was stopped, which
 * files are done and which are not; the JVM then exits with 128 + the signal number (SIGTERM: 143,
 * SIGINT: 130).
 */
public final class BatchMacro {
    /** File name extensions taken as images (lower case). */
    static final List<String> IMAGE_EXTENSIONS = Arrays.asList(
            "tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp", "zip", "pgm", "fits", "fit", "dcm", "lsm");

    private final File inputDir;
    private final File outputDir;
    private final String macro;
    private final List<File> inputs;
    private final Set<File> written = new HashSet<>();
    private final File report;
    /** --claim DIR: a worker of a multi-device batch processes a file only after claiming it there. */
    private File claims;
    private int worker;

    BatchMacro(File inputDir, File outputDir, String macro, List<File> inputs, File report) {
        this.inputDir = inputDir;
        this.outputDir = outputDir;
        this.macro = macro;
        this.inputs = inputs;
        this.report = report;
    }

    public static void main(String[] args) {
        ToolMain.main("BatchMacro", args, true, BatchMacro::run); // a SIGTERM waits for the next operation boundary and the report
    }

    static int run(String[] args) throws IOException {
        boolean gpu = false;
        File filesFrom = null, report = null, claims = null;
        int worker = 0;
        String[] original = args.clone();
        int a = 0;
        for (; a < args.length && args[a].startsWith("--"); a++) {
            if (args[a].equals("--gpu")) gpu = true;
            else if (args[a].equals("--claim") && a + 1 < args.length) claims = new File(args[++a]);
            else if (args[a].equals("--worker") && a + 1 < args.length) worker = Integer.parseInt(args[++a]);
            else if (args[a].equals("--files-from") && a + 1 < args.length) filesFrom = new File(args[++a]);
            else if (args[a].equals("--report") && a + 1 < args.length) report = new File(args[++a]);
            else break;
        }
        args = Arrays.copyOfRange(args, a, args.length);
        if (args.length != 3) {
            System.err.println("usage: BatchMacro [--gpu] [--files-from LIST] [--report FILE] MACRO.ijm INPUT_DIR OUTPUT_DIR");
            return 2;
        }
        File macroFile = new File(args[0]);
        File in = new File(args[1]).getCanonicalFile(), out = new File(args[2]).getCanonicalFile();
        String problem = problem(macroFile, in, out);
        List<File> images = null;
        if (problem == null) {
            if (filesFrom == null) {
                images = images(in);
                if (images.isEmpty()) problem = "no image files in " + in;
            } else if (!filesFrom.isFile()) {
                problem = "no such file list: " + filesFrom;
            } else {
                images = new ArrayList<>();
                for (String name : Files.readAllLines(filesFrom.toPath(), StandardCharsets.UTF_8)) {
                    if (name.isEmpty()) continue;
                    if (name.contains("/") || name.equals(".") || name.equals("..")) {
                        problem = filesFrom + ": '" + name + "' is not a file name of the input folder";
                        break;
                    }
                    images.add(new File(in, name));
                }
                if (problem == null && images.isEmpty()) problem = "no file names in " + filesFrom;
            }
        }
        if (problem != null) {
            System.err.println("BatchMacro: " + problem);
            return 2;
        }
        Files.createDirectories(out.toPath());
        if (claims == null && MultiDeviceBatch.devicesRequested())
            return MultiDeviceBatch.run(original, images, out); // one worker JVM per device, each running this with --claim
        String macro = new String(Files.readAllBytes(macroFile.toPath()), StandardCharsets.UTF_8);
        HeadlessImageJ.patch(); // before any ij.* class is loaded
        BatchMacro batch = new BatchMacro(in, out, macro, images, report);
        batch.claims = claims;
        batch.worker = worker;
        if (!gpu) return batch.runAll();
        GpuModeRun.begin();
        try {
            return batch.runAll();
        } finally {
            GpuModeRun.end();
        }
    }

    /** Why MACRO, INPUT_DIR and OUTPUT_DIR (the last two canonical) cannot be run, or null. */
    static String problem(File macroFile, File in, File out) {
        return !macroFile.isFile() ? "no such macro file: " + macroFile
                : !in.isDirectory() ? "no such input folder: " + in
                : out.equals(in) ? "the output folder is the input folder; choose another one (inputs are never overwritten)"
                : inside(out, in) ? "the output folder " + out + " is inside the input folder " + in + "; choose one outside it"
                : inside(in, out) ? "the input folder " + in + " is inside the output folder " + out + "; choose one outside it"
                : out.exists() && !out.isDirectory() ? "the output path " + out + " is a file, not a folder"
                : null;
    }

    /** The image files of a folder, sorted by name. */
    static List<File> images(File dir) {
        File[] files = dir.listFiles();
        List<File> out = new ArrayList<>();
        if (files == null) return out;
        Arrays.sort(files);
        for (File f : files) {
            String name = f.getName(), ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            if (f.isFile() && !name.startsWith(".") && name.contains(".") && IMAGE_EXTENSIONS.contains(ext)) out.add(f);
        }
        return out;
    }

    private int runAll() throws IOException {
        List<File> images = inputs;
        try (java.io.Writer lines = report == null ? null
                : Files.newBufferedWriter(report.toPath(), StandardCharsets.UTF_8)) {
            reportLines = lines;
            return runAll(images);
        } finally {
            reportLines = null;
        }
    }

    /** The open --report file, or null. */
    private java.io.Writer reportLines;

    /**
     * One line of the --report file: {@code name<TAB>ok|FAILED|stopped<TAB>seconds<TAB>outputs or
     * reason}, flushed at once (a task killed later keeps the lines of the files it finished).
     */
    private void record(File image, String status, long startNanos, String detail) {
        if (reportLines == null) return;
        try {
            reportLines.write(image.getName() + "\t" + status + "\t"
                    + String.format(Locale.ROOT, "%.1f", (System.nanoTime() - startNanos) / 1e9) + "\t"
                    + detail.replaceAll("[\t\r\n]+", " ") + "\n");
            reportLines.flush();
        } catch (IOException e) {
            System.err.println("BatchMacro: cannot write the report " + report + ": " + e.getMessage());
        }
    }

    private int runAll(List<File> images) {
        HeadlessMacro.init();
        try (Progress progress = Progress.start("batch", images.size(), "files")) {
            return runAll(images, progress);
        }
    }

    private int runAll(List<File> images, Progress progress) {
        List<String> failed = new ArrayList<>(), done = new ArrayList<>();
        int processed = 0;
        for (int i = 0; i < images.size(); i++) {
            File image = images.get(i);
            if (Stop.shutdownReason() != null) return stopped(progress, Stop.shutdownReason(), done, i, false);
            if (claims != null && !MultiDeviceBatch.reservedFor(claims, image, worker) && !MultiDeviceBatch.claim(claims, image)) {
                progress.advance(1, ""); // another worker's file
                continue;
            }
            processed++;
            String prefix = "[" + (i + 1) + "/" + images.size() + "] " + image.getName() + ": ";
            long start = System.nanoTime();
            progress.detail(image.getName());
            try {
                List<String> outputs = processOne(image);
                progress.println(prefix + "ok (" + seconds(start) + ")"
                        + (outputs.isEmpty() ? "" : " -> " + String.join(", ", outputs)));
                done.add(image.getName());
                record(image, "ok", start, String.join(", ", outputs));
            } catch (Stopped e) {
                progress.println(prefix + "stopped (" + seconds(start) + "): " + e.getMessage());
                record(image, "stopped", start, e.getMessage());
                return stopped(progress, e.reason, done, i, true);
            } catch (Failure | RuntimeException e) {
                String reason = e instanceof Failure ? e.getMessage() : e.toString();
                if (Stop.stopping()) { // failed because the JVM shuts down (e.g. the native library refusing calls)
                    progress.println(prefix + "stopped (" + seconds(start) + "): " + reason);
                    record(image, "stopped", start, reason);
                    return stopped(progress, Stop.shutdownReason() != null ? Stop.shutdownReason() : "the JVM is shutting down", done, i, true);
                }
                progress.println(prefix + "FAILED (" + seconds(start) + "): " + reason);
                failed.add(image.getName() + ": " + reason);
                record(image, "FAILED", start, reason);
            } finally {
                closeAll();
                progress.advance(1, "");
            }
        }
        progress.close(); // the summary below the finished progress line
        progress.println("BatchMacro: " + (processed - failed.size()) + " of " + processed
                + " files done; results in " + outputDir);
        if (failed.isEmpty()) return 0;
        progress.println("BatchMacro: " + failed.size() + " failed:");
        for (String f : failed) progress.println("  " + f);
        return 1;
    }

    /**
     * Reports a stop on standard error: why, which files are done (their results are complete in
     * the output folder), which are not. Returns the exit status (4; the JVM's exit status after a
     * signal is 128 + its number whatever this returns).
     */
    private int stopped(Progress progress, String reason, List<String> done, int current, boolean interrupted) {
        progress.close();
        List<String> notDone = new ArrayList<>();
        for (int i = current; i < inputs.size(); i++)
            notDone.add(inputs.get(i).getName() + (i == current && interrupted ? " (interrupted; no result written)" : ""));
        progress.println("BatchMacro: stopped at an operation boundary: " + reason + "; " + done.size() + " of "
                + inputs.size() + " files done" + (done.isEmpty() ? "" : ": " + String.join(", ", done))
                + "; results in " + outputDir + "; not done: " + String.join(", ", notDone));
        return 4;
    }

    /** Opens the image, runs the macro, writes the results; returns the names written. */
    private List<String> processOne(File image) throws Failure, Stopped {
        closeAll();
        if (!image.isFile()) throw new Failure("no such file in " + inputDir);
        String errorBefore = IJ.getErrorMessage();
        ImagePlus input = IJ.openImage(image.getPath());
        if (input == null) {
            String error = IJ.getErrorMessage();
            throw new Failure("ImageJ cannot open it" + (error != null && error != errorBefore ? " (" + error.replace('\n', ' ') + ")" : ""));
        }
        return processImage(input, image.getPath(), outputBase(image), image.getName());
    }

    /**
     * The per-file work of a batch on an image already open (also {@code ./ijcl watch}'s per-frame
     * work, {@link FolderWatch}): shows it as the current image, runs the macro with the argument
     * {@code "<path>|<output folder>"}, writes the current image (when it is not the input left
     * unchanged) as {@code base.tif} and the Results table (when it has rows) as {@code base.csv};
     * {@code name} is the fallback prefix when this run already wrote those names. Returns the
     * names written. The caller closes the images ({@link #closeAll}).
     */
    List<String> processImage(ImagePlus input, String path, String base, String name) throws Failure, Stopped {
        input.show();
        HeadlessMacro.Outcome outcome = HeadlessMacro.run(macro, path + "|" + outputDir.getPath());
        if (outcome.stopped != null) throw new Stopped(outcome.stopped, "the macro was stopped (" + outcome.error + ")");
        if (outcome.status != 0) throw new Failure("macro error: " + outcome.error);

        List<String> outputs = new ArrayList<>();
        ImagePlus current = WindowManager.getCurrentImage();
        if (current != null && (current != input || input.changes)) {
            File target = target(base + ".tif", name + ".tif");
            String title = current.getTitle();
            write(target, temporary -> new FileSaver(current).saveAsTiff(temporary.getPath()));
            current.setTitle(title); // FileSaver names the image after the file it wrote
            outputs.add(target.getName());
        }
        ResultsTable results = ResultsTable.getResultsTable();
        if (results != null && results.size() > 0) {
            File target = target(base + ".csv", name + ".csv");
            write(target, temporary -> results.save(temporary.getPath()));
            outputs.add(target.getName());
        }
        return outputs;
    }

    /**
     * Writes a result through a temporary in the output folder renamed into place atomically
     * ({@link AtomicOutput}): a stopped or killed run leaves the earlier complete file or the new
     * complete one, never a truncated file.
     */
    private static void write(File target, AtomicOutput.Writer writer) throws Failure {
        try {
            if (!AtomicOutput.write(target, writer)) throw new Failure("cannot write " + target);
        } catch (IOException e) {
            throw new Failure("cannot write " + target + ": " + e.getMessage());
        }
    }

    /** The output file: {@code name}, or {@code fallback} when this run already wrote {@code name}. */
    private File target(String name, String fallback) throws Failure {
        File f = new File(outputDir, name);
        if (written.contains(f)) f = new File(outputDir, fallback);
        File canonical;
        try {
            canonical = f.getCanonicalFile();
        } catch (IOException e) {
            throw new Failure("cannot resolve " + f + ": " + e.getMessage());
        }
        if (!canonical.getParentFile().equals(outputDir) || inside(canonical, inputDir) || isAnInput(canonical))
            throw new Failure("refusing to write " + canonical + ": it is not a file of the output folder, or it is an input");
        written.add(f);
        return f;
    }

    /** Whether an existing file is one of the inputs (also through a hard or symbolic link). */
    private boolean isAnInput(File file) throws Failure {
        if (!file.exists()) return false;
        try {
            for (File input : inputs)
                if (Files.isSameFile(file.toPath(), input.toPath())) return true;
        } catch (IOException e) {
            throw new Failure("cannot compare " + file + " with the inputs: " + e.getMessage());
        }
        return false;
    }

    static String outputBase(File image) {
        String name = image.getName();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /** Closes every image (batch-mode images included) and clears the Results table. */
    static void closeAll() {
        int[] ids = WindowManager.getIDList();
        if (ids != null) {
            for (int id : ids) {
                ImagePlus imp = WindowManager.getImage(id);
                if (imp != null) {
                    imp.changes = false;
                    imp.close();
                }
            }
        }
        WindowManager.setTempCurrentImage(null);
        ResultsTable results = ResultsTable.getResultsTable();
        if (results != null) results.reset();
    }

    /** Whether {@code path} lies strictly inside {@code dir} (both canonical). */
    static boolean inside(File path, File dir) {
        for (File p = path.getParentFile(); p != null; p = p.getParentFile())
            if (p.equals(dir)) return true;
        return false;
    }

    private static String seconds(long startNanos) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    /** The macro was stopped at an operation boundary (see net.ijcl.Stop); no result was written. */
    static final class Stopped extends Exception {
        private static final long serialVersionUID = 1L;
        final String reason;

        Stopped(String reason, String message) {
            super(message);
            this.reason = reason;
        }
    }

    /** A file that could not be processed; the message says why. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }
}
