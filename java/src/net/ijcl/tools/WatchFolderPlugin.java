package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.gui.Plot;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * <i>Plugins &gt; ijcl &gt; Watch Folder...</i>: {@code ./ijcl watch} in ImageJ or Fiji
 * ({@link FolderWatch}): the same frames, outputs, state and restart, in the running ImageJ (its
 * session, device and compiled kernels stay warm), with one line per frame in the Log window,
 * ImageJ's progress bar (frames done of {@code stop after}; the status bar otherwise) and a live
 * {@link Plot} of one result column over the frames, redrawn after each frame. Esc stops the
 * watch between frames (a frame being processed completes). The dialog is macro-recordable, e.g.
 * {@code run("Watch Folder...", "macro=/m.ijm input=/in output=/out stop=100 plot=spots")}.
 */
public class WatchFolderPlugin implements PlugIn {
    /** The plot of the last run and its image (shown in a PlotWindow unless headless), kept for tests. */
    static volatile Plot lastPlot;
    static volatile ImagePlus lastPlotImage;

    @Override
    public void run(String arg) {
        GenericDialog gd = new GenericDialog("Watch Folder");
        gd.addStringField("Macro", Prefs.get("ijcl.watch.macro", ""), 40);
        gd.addStringField("Input", Prefs.get("ijcl.watch.input", ""), 40);
        gd.addStringField("Output", Prefs.get("ijcl.watch.output", ""), 40);
        gd.addStringField("Pattern", "", 12);
        gd.addMessage("Pattern: a glob of file names (empty: image files). Stop after 0 and idle 0: until Esc.");
        gd.addNumericField("Stop after (frames)", 0, 0);
        gd.addNumericField("Idle (s)", 0, 1);
        gd.addNumericField("Pages per frame (0: a file is a frame)", 0, 0);
        gd.addNumericField("Stable (s)", 1.0, 2);
        gd.addNumericField("Give up (s)", 60, 1);
        gd.addStringField("Plot column", Prefs.get("ijcl.watch.plot", ""), 12);
        gd.addStringField("Warm-up image (optional)", "", 40);
        gd.addCheckbox("Renamed (the writer renames finished files into the folder)", false);
        gd.showDialog();
        if (gd.wasCanceled()) return;
        FolderWatch.Options o = new FolderWatch.Options();
        String column;
        try {
            o.macroFile = new File(gd.getNextString());
            o.in = new File(gd.getNextString()).getCanonicalFile();
            o.out = new File(gd.getNextString()).getCanonicalFile();
            String pattern = gd.getNextString().trim();
            o.pattern = pattern.isEmpty() ? null : pattern;
            o.stopAfter = (int) gd.getNextNumber();
            o.idleSeconds = gd.getNextNumber();
            o.pagesPerFrame = (int) gd.getNextNumber();
            o.stableSeconds = gd.getNextNumber();
            o.giveUpSeconds = gd.getNextNumber();
            column = gd.getNextString().trim();
            String warm = gd.getNextString().trim();
            o.warmup = warm.isEmpty() ? null : new File(warm);
            o.renamed = gd.getNextBoolean();
        } catch (IOException e) {
            IJ.error("Watch Folder", "Cannot resolve a folder: " + e.getMessage());
            return;
        }
        String problem = gd.invalidNumber() ? "a number field holds no number" : FolderWatch.problem(o);
        if (problem != null) {
            IJ.error("Watch Folder", problem);
            return;
        }
        Prefs.set("ijcl.watch.macro", o.macroFile.getPath());
        Prefs.set("ijcl.watch.input", o.in.getPath());
        Prefs.set("ijcl.watch.output", o.out.getPath());
        Prefs.set("ijcl.watch.plot", column);
        watch(o, column);
    }

    /** Runs the watch with progress, Log lines and the live plot of {@code column} (empty: no plot). */
    static int watch(FolderWatch.Options o, String column) {
        LivePlot plot = column.isEmpty() ? null : new LivePlot(column);
        IJ.resetEscape();
        boolean batch = Interpreter.batchMode; // the frames run in batch mode; the session's mode comes back after
        try {
            FolderWatch watch = new FolderWatch(o).log(IJ::log).stopWhen(IJ::escapePressed).onFrame(f -> {
                if (o.stopAfter > 0) IJ.showProgress(Math.min(f.number, o.stopAfter), o.stopAfter);
                IJ.showStatus("Watch Folder: frame " + f.number + " " + f.file + " " + f.status + " ("
                        + FolderWatch.fmt(f.latencyMs) + " ms)");
                if (plot != null) plot.add(f);
            });
            int status = watch.run();
            IJ.showProgress(1.0);
            IJ.showStatus("Watch Folder: stopped (" + watch.stopReason() + ")");
            return status;
        } catch (IOException | RuntimeException e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            IJ.log("Watch Folder: the watch failed: " + trace);
            System.err.println("Watch Folder: the watch failed: " + trace);
            IJ.error("Watch Folder", "The watch failed: " + e);
            return 3;
        } finally {
            Interpreter.batchMode = batch;
            IJ.resetEscape();
        }
    }

    /** A Plot of one result column (first row of each frame) over the frame numbers, redrawn per frame. */
    static final class LivePlot {
        private final String column;
        private final List<Double> x = new ArrayList<>(), y = new ArrayList<>();
        private Plot plot;
        private ImagePlus image;

        LivePlot(String column) {
            this.column = column;
        }

        void add(FolderWatch.Frame f) {
            double v = f.value(column);
            if (Double.isNaN(v)) return; // an error row, or a frame without that column
            x.add((double) f.number);
            y.add(v);
            double[] xs = x.stream().mapToDouble(Double::doubleValue).toArray(), ys = y.stream().mapToDouble(Double::doubleValue).toArray();
            if (plot == null) {
                plot = new Plot("Watch Folder: " + column, "frame", column);
                plot.add("connected circle", xs, ys);
                plot.setLimitsToFit(false);
                if (GraphicsEnvironment.isHeadless()) {
                    image = plot.getImagePlus();
                } else { // a window although the frames run in batch mode (no window per frame)
                    boolean batch = Interpreter.batchMode;
                    Interpreter.batchMode = false;
                    try {
                        image = plot.show().getImagePlus();
                    } finally {
                        Interpreter.batchMode = batch;
                    }
                }
                lastPlot = plot;
                lastPlotImage = image;
            } else {
                plot.replace(0, "connected circle", xs, ys);
                plot.setLimitsToFit(true); // redraws the plot's image (and its window)
            }
        }
    }
}
