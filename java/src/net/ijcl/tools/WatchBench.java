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
 * WatchBench [--interval SECONDS] [--frames N] [--gpu] [--macro MACRO.ijm] [--data IMAGE] [--out DIR]
 * </pre>
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
        boolean gpu = false;
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
                case "--macro": if (!v) return usage(); macro = new File(args[++a]); break;
                case "--data": if (!v) return usage(); data = new File(args[++a]); break;
                case "--out": if (!v) return usage(); out = new File(args[++a]); break;
                default: return usage();
            }
        }
        if (!data.isFile() || !macro.isFile()) {
            System.err.println("WatchBench: no such file: " + (data.isFile() ? macro : data));
            return 2;
        }
        File work = Files.createTempDirectory("ijcl-watch-bench").toFile();
        File in = new File(work, "in"), warm = new File(work, "warmup.tif");
        if (out == null) out = new File(work, "out");
        if (new File(out, FolderWatch.STATE).exists()) {
            System.err.println("WatchBench: " + out + " holds an earlier watch; choose an empty folder");
            return 2;
        }
        Files.createDirectories(in.toPath());
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
        Files.write(warm.toPath(), frames.get(0));

        FolderWatch.Options o = new FolderWatch.Options();
        o.macroFile = macro;
        o.in = in.getCanonicalFile();
        o.out = out.getCanonicalFile();
        o.warmup = warm;
        o.renamed = true;
        o.stopAfter = n;
        o.quiet = true;
        o.pollSeconds = 0.05;
        List<FolderWatch.Frame> done = Collections.synchronizedList(new ArrayList<>());
        FolderWatch watch = new FolderWatch(o).onFrame(done::add);
        AtomicReference<Throwable> writerFailed = new AtomicReference<>();
        final double gap = interval;
        final int count = n;
        // the microscope: frame i is written at start + i * interval, under a hidden name, then renamed
        Thread writer = new Thread(() -> {
            try {
                long start = System.nanoTime() + (long) (1e9 * 3); // after the warm-up has begun
                for (int i = 0; i < count; i++) {
                    long due = start + (long) (i * gap * 1e9);
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
            if (gpu) GpuModeRun.end();
        }
        if (writerFailed.get() != null) throw new IOException("the frame writer failed: " + writerFailed.get(), writerFailed.get());

        double[] latency = new double[done.size()], processing = new double[done.size()];
        int late = 0, errors = 0;
        StringBuilder spots = new StringBuilder();
        for (int i = 0; i < done.size(); i++) {
            FolderWatch.Frame f = done.get(i);
            latency[i] = f.latencyMs;
            processing[i] = f.processingMs;
            if (f.latencyMs > interval * 1000) late++;
            if (!"ok".equals(f.status)) errors++;
            double s = f.value("spots");
            if (!Double.isNaN(s)) spots.append(spots.length() == 0 ? "" : " ").append((long) s);
        }
        System.out.println("watch benchmark: " + data.getName() + ", " + done.size() + " frames every " + FolderWatch.fmt(interval)
                + " s, macro " + macro.getName() + (gpu ? ", GPU mode" : "") + ", device: " + device());
        System.out.println(String.format(Locale.ROOT, "latency ms (arrival to result): median %s, p95 %s, max %s; first frame %s",
                FolderWatch.fmt(percentile(latency, 50)), FolderWatch.fmt(percentile(latency, 95)),
                FolderWatch.fmt(percentile(latency, 100)), latency.length > 0 ? FolderWatch.fmt(latency[0]) : "-"));
        System.out.println(String.format(Locale.ROOT, "processing ms: median %s, p95 %s, max %s",
                FolderWatch.fmt(percentile(processing, 50)), FolderWatch.fmt(percentile(processing, 95)),
                FolderWatch.fmt(percentile(processing, 100))));
        if (spots.length() > 0) System.out.println("spots per frame: " + spots);
        boolean allInTime = late == 0 && errors == 0 && done.size() == n;
        System.out.println("every frame within the interval: " + (allInTime ? "yes" : "no") + " (" + late + " late, "
                + errors + " failed, " + done.size() + " of " + n + " done); results: " + new File(out, FolderWatch.RESULTS));
        return allInTime ? 0 : 1;
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
        System.err.println("usage: ./ijcl bench --watch [--interval SECONDS] [--frames N] [--gpu] [--macro MACRO.ijm]"
                + " [--data IMAGE] [--out DIR]");
        return 2;
    }
}
