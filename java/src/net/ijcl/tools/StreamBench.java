package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ShortProcessor;

import java.io.File;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import net.ijcl.FrameStreamer;
import net.ijcl.Ijcl;

/**
 * {@code ./ijcl bench --stream}: a time-lapse built in memory from real data streamed through a
 * filter frame by frame (issue 13, section 2), against the device's measured host-to-device
 * bandwidth from pinned memory.
 *
 * <pre>
 * java -cp ... net.ijcl.tools.StreamBench [--gb 8] [--frame-mb 64] [--out DIR]
 * </pre>
 *
 * The time-lapse: frames of 1024 x 1024 x Z uint16 (Z from --frame-mb), as many as make --gb
 * gigabytes (1e9 bytes; default 8), each plane tiled from a frame of the real 16-bit time-lapse
 * cancer_cell_migration_crop.tif (ijcl.data.dir), shifted per plane so no two planes are equal.
 * The filter: gaussianBlur3D, sigma 1 in x, y and z. Three runs, each over every frame:
 * <ul>
 * <li>stream+pull: Ijcl streamFrame (frame t + 1 uploaded in the background), the filter, the
 * result read back into one reusable frame of Java arrays;</li>
 * <li>stream: the same without reading back (the upload/compute overlap alone);</li>
 * <li>push+pull: each frame pushed when needed (no prefetch), the filter, the read-back;</li>
 * <li>stream-only: the frames streamed without the filter (what the transfers alone reach).</li>
 * </ul>
 * Reported: input GB/s (time-lapse bytes / wall time of the run) and its ratio to the pinned
 * upload bandwidth (Ijcl.pinnedUploadGbps, one frame, median of 9), how many frames came from
 * the prefetch, and the run's time per frame in its three steps on the macro's thread (getting
 * the frame onto the GPU, the filter, the pull). Output: stdout and DIR/stream_bench.csv. Needs a heap larger than the time-lapse
 * (./ijcl passes -Xmx from IJCL_BENCH_HEAP, default 24g).
 */
public final class StreamBench {
    private StreamBench() {}

    public static void main(String[] args) throws Exception {
        double gb = 8;
        int frameMb = 64;
        String out = ".";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--gb": gb = Double.parseDouble(args[++i]); break;
                case "--frame-mb": frameMb = Integer.parseInt(args[++i]); break;
                case "--out": out = args[++i]; break;
                default:
                    System.err.println("usage: StreamBench [--gb GB] [--frame-mb MB] [--out DIR]");
                    System.exit(2);
            }
        }
        HeadlessImageJ.patch();
        if (System.getProperty("ijcl.quiet") == null) System.setProperty("ijcl.quiet", "true"); // no progress lines between the results
        run(gb, frameMb, out);
        System.exit(0);
    }

    static void run(double gb, int frameMb, String out) throws IOException {
        String device = Ijcl.selectDevice(System.getProperty("ijcl.device", ""));
        final int w = 1024, h = 1024;
        final long planeBytes = 2L * w * h;
        final int depth = (int) Math.max(1, (frameMb * (1L << 20)) / planeBytes);
        final long frameBytes = planeBytes * depth;
        final int frames = (int) Math.max(2, Math.ceil(gb * 1e9 / frameBytes));
        ImagePlus movie = build(w, h, depth, frames);
        double totalGb = frameBytes * (double) frames / 1e9;
        System.out.printf(Locale.ROOT, "device: %s%ntime-lapse: %d frames of %d x %d x %d uint16 = %.2f GB%n", device, frames, w, h,
                depth, totalGb);

        double pinned = Ijcl.pinnedUploadGbps(frameBytes, 9);
        System.out.printf(Locale.ROOT, "pinned host->device bandwidth: %.2f GB/s (one frame, median of 9)%n", pinned);
        double[] copy = Ijcl.hostCopyGbps(frameBytes, 9);
        System.out.printf(Locale.ROOT,
                "host copy into pinned memory (%d threads): %.2f GB/s alone, %.2f GB/s while uploads run (one frame, median of 9)%n",
                (int) copy[2], copy[0], copy[1]);

        Object[] result = new Object[depth];
        for (int z = 0; z < depth; z++) result[z] = new short[w * h];
        // warm-up: compiles the filter's kernels, touches the stream's buffers
        streamRun(movie, Math.min(frames, 3), true, true, true, result);

        new File(out).mkdirs();
        try (PrintWriter csv = new PrintWriter(new FileWriter(new File(out, "stream_bench.csv")))) {
            csv.println("device,frames,frame_bytes,total_gb,run,seconds,input_gbps,pinned_gbps,ratio,prefetched_frames,to_gpu_s,filter_s,pull_s");
            for (String mode : new String[] {"stream+pull", "stream", "push+pull", "stream-only"}) {
                long used = FrameStreamer.prefetchedFramesUsed();
                long t0 = System.nanoTime();
                streamRun(movie, frames, mode.startsWith("stream"), mode.endsWith("pull"), !mode.endsWith("only"), result);
                double s = (System.nanoTime() - t0) / 1e9;
                long prefetched = FrameStreamer.prefetchedFramesUsed() - used;
                double gbps = totalGb / s;
                System.out.printf(Locale.ROOT,
                        "%-12s %7.3f s  %6.2f GB/s  %5.1f%% of pinned  (%d of %d frames prefetched; per frame: %.2f ms to the GPU, %.2f ms filter, %.2f ms pull)%n",
                        mode, s, gbps, 100 * gbps / pinned, prefetched, frames, 1e3 * PHASES[0] / frames, 1e3 * PHASES[1] / frames,
                        1e3 * PHASES[2] / frames);
                csv.printf(Locale.ROOT, "\"%s\",%d,%d,%.3f,%s,%.4f,%.3f,%.3f,%.4f,%d,%.5f,%.5f,%.5f%n", device, frames, frameBytes, totalGb, mode,
                        s, gbps, pinned, gbps / pinned, prefetched, PHASES[0], PHASES[1], PHASES[2]);
            }
        }
        Ijcl.clear();
    }

    /** Seconds of the last streamRun spent getting frames onto the GPU, in the filter, and pulling. */
    private static final double[] PHASES = new double[3];

    private static void streamRun(ImagePlus movie, int frames, boolean stream, boolean pull, boolean filter, Object[] result) {
        java.util.Arrays.fill(PHASES, 0);
        for (int t = 1; t <= frames; t++) {
            long t0 = System.nanoTime();
            if (stream) FrameStreamer.streamFrame(movie, "frame", 1, t);
            else Ijcl.pushStackIndices(movie, "frame", zStack(movie, t));
            long t1 = System.nanoTime();
            if (filter) Ijcl.execute("gaussianBlur3D", "frame", "filtered", 1.0, 1.0, 1.0);
            long t2 = System.nanoTime();
            if (pull) Ijcl.readPlanesInto("filtered", result);
            long t3 = System.nanoTime();
            PHASES[0] += (t1 - t0) / 1e9;
            PHASES[1] += (t2 - t1) / 1e9;
            PHASES[2] += (t3 - t2) / 1e9;
        }
        FrameStreamer.end();
    }

    private static int[] zStack(ImagePlus imp, int t) {
        int[] out = new int[imp.getNSlices()];
        for (int z = 0; z < out.length; z++) out[z] = imp.getStackIndex(1, z + 1, t);
        return out;
    }

    /** The time-lapse: plane (z, t) tiled from frame (t + z) mod 48 of the real data, shifted by z. */
    static ImagePlus build(int w, int h, int depth, int frames) {
        String dir = System.getProperty("ijcl.data.dir", "../shared/data");
        ImagePlus src = IJ.openImage(new File(dir, "cancer_cell_migration_crop.tif").getPath());
        if (src == null) throw new IllegalStateException("cannot open cancer_cell_migration_crop.tif in " + dir);
        final int sw = src.getWidth(), sh = src.getHeight(), sn = src.getStackSize();
        final short[][] source = new short[sn][];
        for (int i = 0; i < sn; i++) source[i] = (short[]) src.getStack().getProcessor(i + 1).convertToShort(false).getPixels();
        final int planes = depth * frames;
        final Object[] pixels = new Object[planes];
        AtomicInteger next = new AtomicInteger();
        Thread[] workers = new Thread[Math.max(1, Runtime.getRuntime().availableProcessors())];
        for (int k = 0; k < workers.length; k++) {
            workers[k] = new Thread(() -> {
                for (int p = next.getAndIncrement(); p < planes; p = next.getAndIncrement()) {
                    int z = p % depth, t = p / depth;
                    short[] from = source[(t + z) % sn];
                    short[] to = new short[w * h];
                    for (int y = 0; y < h; y++) {
                        int sy = (y + z) % sh;
                        for (int x = 0; x < w; x++) to[y * w + x] = from[sy * sw + (x + 3 * z) % sw];
                    }
                    pixels[p] = to;
                }
            });
            workers[k].start();
        }
        for (Thread worker : workers) {
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        ImageStack stack = new ImageStack(w, h);
        for (Object p : pixels) stack.addSlice(null, new ShortProcessor(w, h, (short[]) p, null));
        ImagePlus movie = new ImagePlus("time-lapse", stack);
        movie.setDimensions(1, depth, frames);
        movie.setOpenAsHyperStack(true);
        return movie;
    }
}
