package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.plugin.Duplicator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ./ijcl bench --watch}: a microscope simulated by a thread that writes the frames of a
 * time-lapse into a watched folder at a fixed interval (each frame written under a hidden name and
 * renamed, as acquisition software does), while {@link FolderWatch} runs a macro on each in this
 * JVM (warmed up on the first frame before the first one arrives). Reports per-frame end-to-end
 * latency (arrival to result; median, 95th percentile, maximum), processing time, and whether
 * every frame finished within the interval.
 *
 * <pre>
 * WatchBench [--interval SECONDS] [--frames N] [--gpu | --compare] [--macro MACRO.ijm] [--data IMAGE] [--out DIR]
 * </pre>
 *
 * <p>{@code --compare}: the seed's comparison: the same macro (default
 * macros/watch_spot_count_recorded.ijm, ImageJ's own commands) replayed twice, with ImageJ's CPU
 * commands and in GPU mode; seconds per frame side by side, and whether the counts are identical.
 *
 * Defaults: interval 2 s, every frame, macros/watch_spot_count.ijm, drosophila_timelapse.tif of
 * the data folder (its slices are the frames; a hyperstack's time points are 3D frames), a
 * temporary output folder (kept with --out).
 */
public final class WatchBench {
    private WatchBench() {}

    public static void main(String[] args) {
        ToolMain.main("WatchBench", args, true, WatchBench::run);
    }

    static int run(String[] args) throws Exception {
        HeadlessImageJ.patch();
        double interval = 2;
        int maxFrames = 0;
        boolean gpu = false, compare = false, macroGiven = false;
        String root = System.getProperty("ijcl.root", ".");
        File macro = new File(root, "macros/watch_spot_count.ijm");
        File data = new File(System.getProperty("ijcl.data.dir", "../shared/data"), "drosophila_timelapse.tif");
        File out = null;
        for (int a = 0; a < args.length; a++) {
            boolean v = a + 1 < args.length;
            switch (args[a]) {
                case "--interval": if (!v) return usage(); interval = Double.parseDouble(args[++a]); break;
                case "--frames": if (!v) return usage(); maxFrames = Integer.parseInt(args[++a]); break;
                case "--gpu": gpu = true; break;
                case "--compare": compare = true; break;
                case "--macro": if (!v) return usage(); macro = new File(args[++a]); macroGiven = true; break;
                case "--data": if (!v) return usage(); data = new File(args[++a]); break;
                case "--out": if (!v) return usage(); out = new File(args[++a]); break;
                default: return usage();
            }
        }
        if (compare && !macroGiven) macro = new File(root, "macros/watch_spot_count_recorded.ijm");
        if (!data.isFile() || !macro.isFile()) {
            System.err.println("WatchBench: no such file: " + (data.isFile() ? macro : data));
            return 2;
        }
        if (out != null && out.exists()) {
            System.err.println("WatchBench: " + out + " exists; choose a new folder");
            return 2;
        }
        HeadlessMacro.init();
        ImagePlus movie = IJ.openImage(data.getPath());
        if (movie == null) {
            System.err.println("WatchBench: ImageJ cannot open " + data);
            return 2;
        }
        boolean hyper = movie.getNFrames() > 1;
        int n = hyper ? movie.getNFrames() : movie.getStackSize();
        if (maxFrames > 0) n = Math.min(n, maxFrames);
        List<byte[]> frames = new ArrayList<>();
        for (int t = 1; t <= n; t++) {
            ImagePlus f = hyper ? new Duplicator().run(movie, 1, 1, 1, movie.getNSlices(), t, t)
                    : new Duplicator().run(movie, t, t);
            frames.add(new FileSaver(f).serialize());
        }
        movie.close();
        if (!compare) {
            Replay r = replay(frames, interval, macro, gpu, out);
            System.out.println("watch benchmark: " + data.getName() + ", " + r.done.size() + " frames every "
                    + FolderWatch.fmt(interval) + " s, macro " + macro.getName() + (gpu ? ", GPU mode" : "") + ", device: " + device());
            r.print();
            return r.allInTime() ? 0 : 1;
        }
        // the seed's comparison: the same recorded macro with ImageJ's CPU commands, then in GPU mode
        Replay cpu = replay(frames, interval, macro, false, out == null ? null : new File(out, "cpu"));
        Replay gpuMode = replay(frames, interval, macro, true, out == null ? null : new File(out, "gpu-mode"));
        System.out.println("watch benchmark: " + data.getName() + ", " + n + " frames every " + FolderWatch.fmt(interval)
                + " s, macro " + macro.getName() + ", device: " + device());
        System.out.println("ImageJ (CPU):");
        cpu.print();
        System.out.println("GPU mode:");
        gpuMode.print();
        boolean same = cpu.spots().equals(gpuMode.spots());
        System.out.println(String.format(Locale.ROOT, "seconds per frame (median processing): CPU %.3f, GPU mode %.3f; counts %s",
                cpu.median() / 1000, gpuMode.median() / 1000, same ? "identical" : "DIFFER"));
        return same && cpu.done.size() == n && gpuMode.done.size() == n ? 0 : 1;
    }

    /** One replay: the frames written into a fresh watched folder at the interval, watched until all are done. */
    private static Replay replay(List<byte[]> frames, double interval, File macro, boolean gpu, File out) throws Exception {
        File work = Files.createTempDirectory("ijcl-watch-bench").toFile();
        File in = new File(work, "in"), warm = new File(work, "warmup.tif");
        if (out == null) out = new File(work, "out");
        Files.createDirectories(in.toPath());
        Files.write(warm.toPath(), frames.get(0));
        FolderWatch.Options o = new FolderWatch.Options();
        o.macroFile = macro;
        o.in = in.getCanonicalFile();
        o.out = out.getCanonicalFile();
        o.warmup = warm;
        o.renamed = true;
        o.stopAfter = frames.size();
        o.quiet = true;
        o.pollSeconds = 0.05;
        Replay r = new Replay(interval, frames.size(), o.out);
        FolderWatch watch = new FolderWatch(o).onFrame(r.done::add);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        // the microscope: frame i is written at start + i * interval, under a hidden name, then renamed
        Thread writer = new Thread(() -> {
            try {
                long start = System.nanoTime() + (long) (1e9 * 3); // after the warm-up has begun
                for (int i = 0; i < frames.size(); i++) {
                    long due = start + (long) (i * interval * 1e9);
                    for (long left; (left = due - System.nanoTime()) > 0; ) Thread.sleep(Math.max(1, left / 1_000_000));
                    String name = String.format(Locale.ROOT, "frame%04d.tif", i + 1);
                    File hidden = new File(in, "." + name);
                    Files.write(hidden.toPath(), frames.get(i));
                    Files.move(hidden.toPath(), new File(in, name).toPath(), StandardCopyOption.ATOMIC_MOVE);
                }
            } catch (Throwable t) {
                writerFailed.set(t);
            }
        }, "microscope");
        writer.setDaemon(true);
        if (gpu) GpuModeRun.begin();
        writer.start();
        try {
            watch.run();
        } finally {
            if (gpu) {
                GpuModeRun.end();
                net.ijcl.gpumode.GpuMode.disable();
            }
        }
        if (writerFailed.get() != null) throw new IOException("the frame writer failed: " + writerFailed.get(), writerFailed.get());
        return r;
    }

    /** The frames of one replay and their statistics. */
    private static final class Replay {
        final double interval;
        final int expected;
        final File out;
        final List<FolderWatch.Frame> done = Collections.synchronizedList(new ArrayList<>());

        Replay(double interval, int expected, File out) {
            this.interval = interval;
            this.expected = expected;
            this.out = out;
        }

        double[] values(boolean latency) {
            double[] v = new double[done.size()];
            for (int i = 0; i < v.length; i++) v[i] = latency ? done.get(i).latencyMs : done.get(i).processingMs;
            return v;
        }

        double median() {
            return percentile(values(false), 50);
        }

        String spots() {
            StringBuilder b = new StringBuilder();
            for (FolderWatch.Frame f : done) {
                double s = f.value("spots");
                if (!Double.isNaN(s)) b.append(b.length() == 0 ? "" : " ").append((long) s);
            }
            return b.toString();
        }

        int late() {
            int late = 0;
            for (FolderWatch.Frame f : done) if (f.latencyMs > interval * 1000 || !"ok".equals(f.status)) late++;
            return late;
        }

        boolean allInTime() {
            return late() == 0 && done.size() == expected;
        }

        void print() {
            double[] latency = values(true), processing = values(false);
            System.out.println(String.format(Locale.ROOT, "  latency ms (arrival to result): median %s, p95 %s, max %s; first frame %s",
                    FolderWatch.fmt(percentile(latency, 50)), FolderWatch.fmt(percentile(latency, 95)),
                    FolderWatch.fmt(percentile(latency, 100)), latency.length > 0 ? FolderWatch.fmt(latency[0]) : "-"));
            System.out.println(String.format(Locale.ROOT, "  processing ms: median %s, p95 %s, max %s",
                    FolderWatch.fmt(percentile(processing, 50)), FolderWatch.fmt(percentile(processing, 95)),
                    FolderWatch.fmt(percentile(processing, 100))));
            if (!spots().isEmpty()) System.out.println("  spots per frame: " + spots());
            System.out.println("  every frame within the interval: " + (allInTime() ? "yes" : "no") + " (" + late()
                    + " late or failed, " + done.size() + " of " + expected + " done); results: " + new File(out, FolderWatch.RESULTS));
        }
    }

    private static String device() {
        try {
            return net.ijcl.Ijcl.deviceName();
        } catch (RuntimeException | LinkageError e) {
            return "(unknown: " + e.getMessage() + ")";
        }
    }

    /** The p-th percentile (nearest rank) of the values. */
    static double percentile(double[] values, double p) {
        if (values.length == 0) return Double.NaN;
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    private static int usage() {
        System.err.println("usage: ./ijcl bench --watch [--interval SECONDS] [--frames N] [--gpu | --compare] [--macro MACRO.ijm]"
                + " [--data IMAGE] [--out DIR]");
        return 2;
    }
}
