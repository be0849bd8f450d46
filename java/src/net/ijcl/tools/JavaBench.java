package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.plugin.Filters3D;
import ij.plugin.GaussianBlur3D;
import ij.plugin.ImageCalculator;
import ij.plugin.ZProjector;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.ParticleAnalyzer;
import ij.plugin.filter.RankFilters;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import ij.process.ShortProcessor;
import ij.process.StackStatistics;

import java.io.File;
import java.io.FileWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import net.ijcl.Ijcl;

/**
 * Benchmarks measured from Java, the way ImageJ uses ijcl (not a test; nothing in ./ijcl test
 * runs it).
 *
 * <pre>
 * java -cp ... net.ijcl.tools.JavaBench imagej   [--quick] [--threads N] [--out DIR]
 * java -cp ... net.ijcl.tools.JavaBench transfer [--quick] [--out DIR]
 * </pre>
 *
 * <ul>
 * <li>{@code imagej}: ImageJ's own CPU implementation of each operation that has one, at the
 * sizes of the native harness (uint16 2D 4096x4096, 3D 1024x1024x32 and 1024x1024x256; --quick:
 * 1024x1024, 256x256x16, 256x256x64), radius and sigma 2, with ImageJ's thread count set to
 * --threads (default: all cores). Median of 5 runs after one warm-up (2 at the large size; 1 when the
 * warm-up call took over 5 s). Writes imagej_bench.csv.</li>
 * <li>{@code transfer}: {@link Ijcl#push} and {@link Ijcl#pull} of 64 MB and 512 MB ImageJ stacks
 * of 8, 16 and 32-bit (1024x1024 planes), median of 7 after warm-up, in GB/s. Writes
 * transfer_bench.csv.</li>
 * </ul>
 */
public final class JavaBench {
    private JavaBench() {}

    private interface Op {
        void run(ImagePlus a, ImagePlus b, ImagePlus mask);
    }

    private static final class Case {
        final String label;
        final int w, h, d;

        Case(String label, int w, int h, int d) {
            this.label = label;
            this.w = w;
            this.h = h;
            this.d = d;
        }

        boolean is3d() {
            return d > 1;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: JavaBench imagej|transfer [--quick] [--threads N] [--out DIR]");
            System.exit(2);
        }
        boolean quick = false;
        int threads = Runtime.getRuntime().availableProcessors();
        String out = ".";
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--quick")) quick = true;
            else if (args[i].equals("--threads")) threads = Integer.parseInt(args[++i]);
            else if (args[i].equals("--out")) out = args[++i];
        }
        int status = 0;
        try {
            if (args[0].equals("imagej")) imagej(quick, threads, out);
            else if (args[0].equals("transfer")) transfer(quick, out);
            else {
                System.err.println("unknown mode " + args[0]);
                status = 2;
            }
        } catch (Throwable t) {
            t.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    // --- ImageJ CPU ------------------------------------------------------------------------------

    private static ImagePlus noise(Case c, long seed) {
        ImageStack stack = new ImageStack(c.w, c.h);
        long x = seed * 2654435761L + 1;
        for (int z = 0; z < c.d; z++) {
            short[] px = new short[c.w * c.h];
            for (int i = 0; i < px.length; i++) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
                px[i] = (short) (x & 0x0FFF);
            }
            stack.addSlice(null, new ShortProcessor(c.w, c.h, px, null));
        }
        return new ImagePlus("noise", stack);
    }

    private static ImagePlus mask(ImagePlus a) {
        ImageStack stack = new ImageStack(a.getWidth(), a.getHeight());
        for (int z = 1; z <= a.getStackSize(); z++) {
            ImageProcessor ip = a.getStack().getProcessor(z);
            ip.setThreshold(3000, 65535, ImageProcessor.NO_LUT_UPDATE);
            stack.addSlice(null, ip.createMask());
            ip.resetThreshold();
        }
        return new ImagePlus("mask", stack);
    }

    private static void eachSlice(ImagePlus imp, java.util.function.Consumer<ImageProcessor> f) {
        for (int z = 1; z <= imp.getStackSize(); z++) f.accept(imp.getStack().getProcessor(z));
    }

    private static ImagePlus dup(ImagePlus imp) {
        return imp.duplicate();
    }

    private static Map<String, Op> imagejOps(final boolean is3d) {
        Map<String, Op> ops = new LinkedHashMap<>();
        ops.put("copy", (a, b, m) -> dup(a));
        ops.put("addImages", (a, b, m) -> ImageCalculator.run(a, b, "add create stack"));
        ops.put("subtractImages", (a, b, m) -> ImageCalculator.run(a, b, "subtract create stack"));
        ops.put("addImageAndScalar", (a, b, m) -> eachSlice(dup(a), ip -> ip.add(2)));
        ops.put("multiplyImageAndScalar", (a, b, m) -> eachSlice(dup(a), ip -> ip.multiply(2)));
        ops.put("threshold", (a, b, m) -> mask(a));
        ops.put("automaticThreshold", (a, b, m) -> {
            ImagePlus d = dup(a);
            eachSlice(d, ip -> ip.setAutoThreshold(ij.process.AutoThresholder.Method.Otsu, true, ImageProcessor.NO_LUT_UPDATE));
            eachSlice(d, ImageProcessor::createMask);
        });
        ops.put("binaryAnd", (a, b, m) -> ImageCalculator.run(m, m, "and create stack"));
        ops.put("binaryOr", (a, b, m) -> ImageCalculator.run(m, m, "or create stack"));
        ops.put("binaryNot", (a, b, m) -> eachSlice(dup(m), ImageProcessor::invert));
        ops.put(is3d ? "flip3D" : "flip2D", (a, b, m) -> eachSlice(dup(a), ImageProcessor::flipHorizontal));
        if (!is3d) {
            ops.put("rotate2D", (a, b, m) -> eachSlice(dup(a), ip -> {
                ip.setInterpolationMethod(ImageProcessor.BILINEAR);
                ip.rotate(45);
            }));
        }
        if (is3d) ops.put("maximumZProjection", (a, b, m) -> ZProjector.run(a, "max"));
        if (!is3d) {
            ops.put("gaussianBlur2D", (a, b, m) -> eachSlice(dup(a), ip -> new GaussianBlur().blurGaussian(ip, 2, 2, 0.0002)));
            String[] names = {"mean", "minimum", "maximum", "median"};
            int[] types = {RankFilters.MEAN, RankFilters.MIN, RankFilters.MAX, RankFilters.MEDIAN};
            for (int i = 0; i < names.length; i++) {
                final int type = types[i];
                ops.put(names[i] + "2DSphere", (a, b, m) -> eachSlice(dup(a), ip -> new RankFilters().rank(ip, 2, type)));
            }
            ops.put("topHatSphere", (a, b, m) -> eachSlice(dup(a), ip -> new RankFilters().rank(ip, 2, RankFilters.TOP_HAT)));
            ops.put("erodeBox", (a, b, m) -> eachSlice(dup(m), ip -> ((ByteProcessor) ip).erode(1, 0)));
            ops.put("dilateBox", (a, b, m) -> eachSlice(dup(m), ip -> ((ByteProcessor) ip).dilate(1, 0)));
            ops.put("connectedComponentsLabelingBox", (a, b, m) -> {
                ResultsTable rt = new ResultsTable();
                ParticleAnalyzer pa = new ParticleAnalyzer(ParticleAnalyzer.SHOW_NONE, 0, rt, 0, Double.POSITIVE_INFINITY);
                pa.setHideOutputImage(true);
                pa.analyze(m, m.getProcessor());
            });
        } else {
            ops.put("gaussianBlur3D", (a, b, m) -> GaussianBlur3D.blur(dup(a), 2, 2, 2));
            String[] names = {"mean", "minimum", "maximum", "median"};
            int[] types = {Filters3D.MEAN, Filters3D.MIN, Filters3D.MAX, Filters3D.MEDIAN};
            for (int i = 0; i < names.length; i++) {
                final int type = types[i];
                ops.put(names[i] + "3DSphere", (a, b, m) -> Filters3D.filter(a.getStack(), type, 2, 2, 2));
            }
        }
        ops.put("getMaximumOfAllPixels", (a, b, m) -> new StackStatistics(a));
        ops.put("getSumOfAllPixels", (a, b, m) -> new StackStatistics(a));
        return ops;
    }

    private static double median(List<Double> v) {
        Double[] s = v.toArray(new Double[0]);
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static void imagej(boolean quick, int threads, String out) throws IOException {
        Prefs.setThreads(threads);
        Case[] cases = quick
            ? new Case[] {new Case("2D 1024x1024", 1024, 1024, 1), new Case("3D 256x256x16", 256, 256, 16),
                          new Case("3D 256x256x64", 256, 256, 64)}
            : new Case[] {new Case("2D 4096x4096", 4096, 4096, 1), new Case("3D 1024x1024x32", 1024, 1024, 32),
                          new Case("3D 1024x1024x256", 1024, 1024, 256)};
        try (PrintWriter csv = new PrintWriter(new FileWriter(new File(out, "imagej_bench.csv")))) {
            csv.println("threads,operation,size,median_ms,runs");
            for (Case c : cases) {
                ImagePlus a = noise(c, 7), b = noise(c, 11), m = mask(a);
                boolean large = (long) c.w * c.h * c.d > (64L << 20);
                for (Map.Entry<String, Op> e : imagejOps(c.is3d()).entrySet()) {
                    // The sphere median on the large volume takes minutes per run in ImageJ.
                    int runs = large ? 2 : 5;
                    List<Double> times = new ArrayList<>();
                    long w0 = System.nanoTime();
                    e.getValue().run(a, b, m);  // warm-up (JIT)
                    if ((System.nanoTime() - w0) / 1e9 > 5) runs = 1;  // seconds per call: one timed run
                    for (int r = 0; r < runs; r++) {
                        long t0 = System.nanoTime();
                        e.getValue().run(a, b, m);
                        times.add((System.nanoTime() - t0) / 1e6);
                    }
                    double med = median(times);
                    csv.printf(Locale.ROOT, "%d,%s,%s,%.4f,%d%n", threads, e.getKey(), c.label, med, runs);
                    csv.flush();
                    System.out.printf(Locale.ROOT, "imagej %s %s: %.2f ms%n", c.label, e.getKey(), med);
                }
            }
        }
    }

    // --- transfers ------------------------------------------------------------------------------

    private static ImagePlus stack(int bits, long bytes) {
        int w = 1024, h = 1024;
        int bpp = bits / 8;
        int depth = (int) (bytes / ((long) w * h * bpp));
        ImageStack s = new ImageStack(w, h);
        for (int z = 0; z < depth; z++) {
            ImageProcessor ip = bits == 8 ? new ByteProcessor(w, h) : bits == 16 ? new ShortProcessor(w, h)
                                          : new ij.process.FloatProcessor(w, h);
            ip.setColor(z + 1);
            ip.fill();
            s.addSlice(null, ip);
        }
        return new ImagePlus("stack" + bits, s);
    }

    private static void transfer(boolean quick, String out) throws IOException {
        String device = Ijcl.selectDevice(System.getProperty("ijcl.device", ""));
        long[] sizes = quick ? new long[] {16L << 20, 64L << 20} : new long[] {64L << 20, 512L << 20};
        try (PrintWriter csv = new PrintWriter(new FileWriter(new File(out, "transfer_bench.csv")))) {
            csv.println("device,bits,bytes,push_ms,push_gbps,pull_ms,pull_gbps");
            for (long bytes : sizes) {
                for (int bits : new int[] {8, 16, 32}) {
                    ImagePlus imp = stack(bits, bytes);
                    List<Double> push = new ArrayList<>(), pull = new ArrayList<>();
                    for (int r = 0; r < 9; r++) {
                        long t0 = System.nanoTime();
                        Ijcl.push(imp, "bench");
                        long t1 = System.nanoTime();
                        ImagePlus back = Ijcl.pull("bench");
                        long t2 = System.nanoTime();
                        if (back.getStackSize() != imp.getStackSize()) throw new IllegalStateException("pull lost planes");
                        if (r >= 2) {
                            push.add((t1 - t0) / 1e6);
                            pull.add((t2 - t1) / 1e6);
                        }
                    }
                    Ijcl.release("bench");
                    double pm = median(push), lm = median(pull);
                    double gb = bytes / 1e9;
                    csv.printf(Locale.ROOT, "\"%s\",%d,%d,%.3f,%.2f,%.3f,%.2f%n", device, bits, bytes, pm, gb / (pm / 1e3), lm,
                               gb / (lm / 1e3));
                    System.out.printf(Locale.ROOT, "transfer %d-bit %d MB: push %.2f ms (%.1f GB/s), pull %.2f ms (%.1f GB/s)%n",
                                      bits, bytes >> 20, pm, gb / (pm / 1e3), lm, gb / (lm / 1e3));
                }
            }
        }
    }
}
