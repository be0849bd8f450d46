package net.ijcl.tools;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.WindowManager;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import net.ijcl.gpumode.GpuMode;
import net.ijcl.gpumode.Report;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * GPU mode's benchmark: each command with GPU mode off and on, side by side in one JVM on the same
 * input, and the demo's recorded macro (macros/spot_counting_recorded.ijm) both ways.
 *
 * <ul>
 * <li>Commands: a 16-bit 4096 x 2048 plane (Lund_MAX_001300.tif tiled 4 x 4; --quick: 2 x 2), its
 * Default-thresholded 8-bit mask for the binary commands, and a 16-bit 512 x 512 x 64 stack
 * (mini-t1-head.tif tiled 16 x 16 x 2; --quick: 8 x 8 x 1) for the stack and 3D commands. Each
 * timing runs IJ.run on a fresh copy (the copy is not timed; the GPU time includes the push and the
 * pull); median of --reps runs (default 5) after one warm-up run. The last outputs of both modes
 * are compared bitwise. Writes gpu_mode_commands.csv: command, options, input, ImageJ ms, GPU mode
 * ms, speed-up, where GPU mode ran it (GPU/CPU), identical (yes/no).</li>
 * <li>Recorded macro: the 13-frame spot counting, median of --reps runs after a warm-up each way;
 * per-frame milliseconds and the speed-up; the spot tables and last filtered frames compared
 * byte for byte. Writes gpu_mode_macro.csv.</li>
 * </ul>
 * <p>{@code --commands FIRST-LAST} (1-based, inclusive; {@code none}) runs part of the command list,
 * {@code --no-macro} leaves the macro out (tests/bench/gpu_mode.sh resumes after a crashed command).
 * ImageJ uses all cores (Prefs.setThreads(available processors)); the device is ijcl's default (or
 * IJCL_DEVICE).
 */
final class GpuModeBenchRun {
    private GpuModeBenchRun() {}

    /** command, options, input ("plane": 16-bit, "plane32": the same as 32-bit, "mask", "stack"); new rows go last, so that --commands ranges stay */
    private static final String[][] COMMANDS = {
            {"Gaussian Blur...", "sigma=2", "plane"},
            {"Gaussian Blur...", "sigma=10", "plane"},
            {"Median...", "radius=2", "plane"},
            {"Mean...", "radius=2", "plane"},
            {"Minimum...", "radius=2", "plane"},
            {"Maximum...", "radius=2", "plane"},
            {"Variance...", "radius=2", "plane"},
            {"Unsharp Mask...", "radius=2 mask=0.60", "plane"},
            {"Smooth", "", "plane"},
            {"Sharpen", "", "plane"},
            {"Find Edges", "", "plane"},
            {"Add...", "value=25", "plane"},
            {"Subtract...", "value=25", "plane"},
            {"Multiply...", "value=1.5", "plane"},
            {"Divide...", "value=1.5", "plane"},
            {"Min...", "value=100", "plane"},
            {"Max...", "value=1000", "plane"},
            {"Gamma...", "value=0.5", "plane"},
            {"Log", "", "plane"},
            {"Exp", "", "plane"},
            {"Square", "", "plane"},
            {"Square Root", "", "plane"},
            {"Abs", "", "plane"},
            {"Reciprocal", "", "plane"},
            {"Invert", "", "plane"},
            {"Flip Horizontally", "", "plane"},
            {"Flip Vertically", "", "plane"},
            {"Rotate 90 Degrees Left", "", "plane"},
            {"Rotate 90 Degrees Right", "", "plane"},
            {"8-bit", "", "plane"},
            {"32-bit", "", "plane"},
            {"Subtract Background...", "rolling=50", "plane"},
            {"Subtract Background...", "rolling=50 sliding", "plane"},
            {"Enhance Contrast...", "saturated=0.35 normalize", "plane"},
            {"Find Maxima...", "prominence=100 output=Count", "plane"},
            {"Convert to Mask", "", "plane"},
            {"Erode", "", "mask"},
            {"Dilate", "", "mask"},
            {"Open", "", "mask"},
            {"Close-", "", "mask"},
            {"Outline", "", "mask"},
            {"Fill Holes", "", "mask"},
            {"Distance Map", "", "mask"},
            {"Gaussian Blur...", "sigma=2 stack", "stack"},
            {"Median...", "radius=2 stack", "stack"},
            {"Gaussian Blur 3D...", "x=2 y=2 z=2", "stack"},
            {"Median 3D...", "x=2 y=2 z=2", "stack"},
            {"Mean 3D...", "x=2 y=2 z=2", "stack"},
            {"Minimum 3D...", "x=2 y=2 z=2", "stack"},
            {"Maximum 3D...", "x=2 y=2 z=2", "stack"},
            {"Variance 3D...", "x=2 y=2 z=2", "stack"},
            {"Z Project...", "projection=[Max Intensity]", "stack"},
            {"Z Project...", "projection=[Average Intensity]", "stack"},
            {"Z Project...", "projection=[Sum Slices]", "stack"},
            {"Z Project...", "projection=[Standard Deviation]", "stack"},
            {"Enhance Contrast...", "saturated=0.35 normalize", "plane32"},
    };

    static int run(String[] args) throws IOException {
        boolean quick = false, withMacro = true;
        int reps = 5, first = 1, last = COMMANDS.length;
        String out = ".";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--quick")) quick = true;
            else if (args[i].equals("--reps")) reps = Integer.parseInt(args[++i]);
            else if (args[i].equals("--out")) out = args[++i];
            else if (args[i].equals("--no-macro")) withMacro = false;
            else if (args[i].equals("--commands") && i + 1 < args.length) {
                String range = args[++i];
                if (range.equals("none")) {
                    first = 1;
                    last = 0;
                } else {
                    String[] ab = range.split("-", 2);
                    first = Math.max(1, Integer.parseInt(ab[0]));
                    last = Math.min(COMMANDS.length, ab.length > 1 && !ab[1].isEmpty() ? Integer.parseInt(ab[1]) : COMMANDS.length);
                }
            } else if (!args[i].equals("--gpu-mode")) {
                System.err.println("usage: GpuModeBench [--quick] [--reps N] [--out DIR] [--commands FIRST-LAST|none] [--no-macro]");
                return 2;
            }
        }
        new File(out).mkdirs();
        HeadlessMacro.init();
        Prefs.setThreads(Runtime.getRuntime().availableProcessors());
        String data = System.getProperty("ijcl.data.dir", "../shared/data");
        String device = Ijcl.deviceName();
        System.out.println("device: " + device + "; ImageJ threads: " + Prefs.getThreads() + "; reps: " + reps);
        ImagePlus plane = tile(IJ.openImage(data + "/Lund_MAX_001300.tif"), quick ? 2 : 4, quick ? 2 : 4, 1);
        ImagePlus plane32 = plane.duplicate();
        IJ.run(plane32, "32-bit", "");
        ImagePlus mask = plane.duplicate();
        IJ.setAutoThreshold(mask, "Default dark");
        IJ.run(mask, "Convert to Mask", "");
        ImagePlus stack = tile(IJ.openImage(data + "/mini-t1-head.tif"), quick ? 8 : 16, quick ? 8 : 16, quick ? 1 : 2);
        int failures = 0;
        try (PrintWriter csv = new PrintWriter(new File(out, "gpu_mode_commands.csv"), "UTF-8")) {
            csv.println("command,options,input,imagej_ms,gpu_mode_ms,speedup,ran_on,identical");
            System.out.printf(Locale.ROOT, "%-24s %-32s %-22s %10s %10s %8s %5s %s%n", "command", "options", "input",
                    "ImageJ ms", "GPU ms", "speed-up", "where", "identical");
            for (int k = first; k <= last; k++) {
                String[] c = COMMANDS[k - 1];
                ImagePlus input = c[2].equals("mask") ? mask : c[2].equals("stack") ? stack : c[2].equals("plane32") ? plane32 : plane;
                String inputName = input.getWidth() + "x" + input.getHeight() + (input.getStackSize() > 1 ? "x" + input.getStackSize() : "")
                        + " " + (c[2].equals("mask") ? "8-bit mask" : input.getBitDepth() + "-bit");
                Timing cpu = time(false, input, c[0], c[1], reps);
                Timing gpu = time(true, input, c[0], c[1], reps);
                boolean same = cpu.output.equals(gpu.output);
                if (!same) failures++;
                String where = gpu.onGpu ? "GPU" : "CPU";
                double speedup = cpu.ms / gpu.ms;
                csv.printf(Locale.ROOT, "%s,%s,%s,%.3f,%.3f,%.2f,%s,%s%n", quote(c[0]), quote(c[1]), inputName, cpu.ms, gpu.ms,
                        speedup, where, same ? "yes" : "no");
                System.out.printf(Locale.ROOT, "%-24s %-32s %-22s %10.2f %10.2f %8.2f %5s %s%n", c[0], c[1], inputName, cpu.ms,
                        gpu.ms, speedup, where, same ? "yes" : "NO");
                csv.flush();
            }
        }
        if (withMacro) failures += macro(data, out, reps);
        GpuMode.disable();
        if (failures > 0) System.out.println(failures + " comparisons differ (see above)");
        return failures == 0 ? 0 : 1;
    }

    private static final class Timing {
        final double ms;
        final String output;
        final boolean onGpu;

        Timing(double ms, String output, boolean onGpu) {
            this.ms = ms;
            this.output = output;
            this.onGpu = onGpu;
        }
    }

    private static Timing time(boolean gpu, ImagePlus input, String command, String options, int reps) {
        if (gpu) GpuMode.enable();
        else GpuMode.disable();
        double[] ms = new double[reps];
        String output = "";
        boolean onGpu = false;
        for (int r = -1; r < reps; r++) {
            ImagePlus imp = input.duplicate();
            imp.setTitle("input");
            imp.show();
            int[] before = ids();
            Report.reset();
            long t0 = System.nanoTime();
            IJ.run(imp, command, options);
            long t1 = System.nanoTime();
            if (r >= 0) ms[r] = (t1 - t0) / 1e6;
            List<ImagePlus> outs = new ArrayList<>();
            outs.add(imp);
            for (int id : ids()) if (Arrays.stream(before).noneMatch(b -> b == id) && WindowManager.getImage(id) != imp)
                outs.add(WindowManager.getImage(id));
            if (r == reps - 1) {
                output = fingerprint(outs);
                for (String line : Report.lines()) if (line.startsWith("gpu-mode: " + command + "\t")) onGpu = line.contains("\tGPU\t");
            }
            for (ImagePlus o : outs) {
                o.changes = false;
                o.close();
            }
        }
        GpuMode.disable();
        Arrays.sort(ms);
        return new Timing(ms[reps / 2], output, onGpu);
    }

    /** Every output image's type, size and pixels (bits), as one string to compare. */
    private static String fingerprint(List<ImagePlus> images) {
        StringBuilder s = new StringBuilder();
        for (ImagePlus imp : images) {
            s.append(imp.getTitle()).append(' ').append(imp.getBitDepth()).append(' ').append(imp.getWidth()).append('x')
                    .append(imp.getHeight()).append('x').append(imp.getStackSize()).append(':');
            ImageStack st = imp.getStack();
            long h = 1125899906842597L;
            for (int z = 1; z <= st.getSize(); z++) {
                ImageProcessor ip = st.getProcessor(z);
                for (int i = 0; i < ip.getPixelCount(); i++) h = 31 * h + Float.floatToIntBits(ip.getf(i));
            }
            s.append(Long.toHexString(h)).append(';');
        }
        return s.toString();
    }

    /** The recorded spot-counting macro, off and on; returns the number of differing outputs. */
    private static int macro(String data, String out, int reps) throws IOException {
        File macroFile = new File("macros/spot_counting_recorded.ijm");
        String macro = new String(Files.readAllBytes(macroFile.toPath()), "UTF-8");
        File dir = new File(out, "recorded-macro");
        dir.mkdirs();
        String input = data + "/drosophila_timelapse.tif";
        double[] perFrame = new double[2];
        for (int mode = 0; mode < 2; mode++) {
            String label = mode == 0 ? "ImageJ" : "GPU mode";
            double[] ms = new double[reps];
            for (int r = -1; r < reps; r++) {
                if (mode == 1) GpuMode.enable();
                else GpuMode.disable();
                long t0 = System.nanoTime();
                HeadlessMacro.Outcome o = HeadlessMacro.run(macro, input + "|" + dir + "|" + label);
                long t1 = System.nanoTime();
                WindowManager.closeAllWindows();
                if (o.status != 0) throw new IOException("the recorded macro failed (" + label + "): " + o.error);
                if (r >= 0) ms[r] = (t1 - t0) / 1e6;
            }
            GpuMode.disable();
            Arrays.sort(ms);
            perFrame[mode] = ms[reps / 2] / 13.0;
        }
        int differ = 0;
        for (String[] pair : new String[][] {{"spot_counts_recorded_ImageJ.csv", "spot_counts_recorded_GPU_mode.csv"},
                {"last_frame_filtered_ImageJ.tif", "last_frame_filtered_GPU_mode.tif"}})
            if (!Arrays.equals(Files.readAllBytes(new File(dir, pair[0]).toPath()), Files.readAllBytes(new File(dir, pair[1]).toPath())))
                differ++;
        try (PrintWriter csv = new PrintWriter(new File(out, "gpu_mode_macro.csv"), "UTF-8")) {
            csv.println("macro,frames,imagej_ms_per_frame,gpu_mode_ms_per_frame,speedup,identical");
            csv.printf(Locale.ROOT, "spot_counting_recorded.ijm,13,%.2f,%.2f,%.2f,%s%n", perFrame[0], perFrame[1],
                    perFrame[0] / perFrame[1], differ == 0 ? "yes" : "no");
        }
        System.out.printf(Locale.ROOT, "recorded macro (spot counting, 13 frames): ImageJ %.1f ms/frame, GPU mode %.1f ms/frame, "
                + "speed-up %.2f, outputs %s%n", perFrame[0], perFrame[1], perFrame[0] / perFrame[1], differ == 0 ? "identical" : "DIFFER");
        return differ;
    }

    private static ImagePlus tile(ImagePlus src, int nx, int ny, int nz) {
        int w = src.getWidth(), h = src.getHeight(), d = src.getStackSize();
        ImageStack out = new ImageStack(w * nx, h * ny);
        for (int k = 0; k < nz; k++)
            for (int z = 1; z <= d; z++) {
                ImageProcessor p = src.getStack().getProcessor(z), t = p.createProcessor(w * nx, h * ny);
                for (int j = 0; j < ny; j++) for (int i = 0; i < nx; i++) t.insert(p, i * w, j * h);
                out.addSlice(t);
            }
        ImagePlus imp = new ImagePlus(src.getTitle(), out);
        imp.setCalibration(src.getCalibration());
        return imp;
    }

    private static int[] ids() {
        int[] ids = WindowManager.getIDList();
        return ids == null ? new int[0] : ids;
    }

    private static String quote(String s) {
        return s.contains(",") ? "\"" + s + "\"" : s;
    }
}
