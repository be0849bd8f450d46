package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.atSlice;
import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.checkFallsBack;
import static net.ijcl.gpumode.GpuModeHarness.displayRange;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.oval;
import static net.ijcl.gpumode.GpuModeHarness.rect;
import static net.ijcl.gpumode.GpuModeHarness.type;

import net.ijcl.HeadlessImageJTestBase;
import net.ijcl.gpumode.GpuModeHarness.Input;
import org.junit.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Process > Math and Edit > Invert in GPU mode: each command run with GPU mode off (ImageJ's own
 * code) and on, on real 8-, 16- and 32-bit images, a stack with and without 'stack', rectangular
 * and oval ROIs and a 16-bit image with a set display range (16-bit Log, Exp, Gamma and Invert
 * read it); results compared byte for byte (GpuModeHarness). Where the twin must leave a case to
 * ImageJ (see ImageMathTwin), the test asserts the same result and a reported fallback.
 */
public class GpuModeMathTest extends HeadlessImageJTestBase {
    static final Input BLOBS = file("blobs.tif"), LUND = file("Lund_MAX_001300.tif"), HEAD = file("mini-t1-head.tif"),
            BEADS = file("beads_3d.tif");

    /**
     * A 32-bit input shifted to hold negatives, with NaN, both zeros, both infinities, the smallest
     * subnormal and -1 written into its first row (ImageJ's special cases of Min, Max, Square Root,
     * Reciprocal, Abs, Invert).
     */
    static Input special(Input in) {
        return new Input(in.name + " minus 20, with special values", () -> {
            ij.ImagePlus imp = in.image.get();
            float[] specials = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
                    -1f, -Float.MIN_VALUE, 0.1f, 20f, 40f, 33.3f};
            ij.ImageStack s = imp.getStack();
            for (int z = 1; z <= s.getSize(); z++) {
                float[] px = (float[]) s.getPixels(z);
                for (int i = 0; i < px.length; i++) px[i] -= 20;
                for (int i = 0; i < specials.length * 3; i++) px[i * 3 % px.length] = specials[i % specials.length];
            }
            imp.getProcessor().resetMinAndMax();
            return imp;
        });
    }

    /** {input, extra options} per pixel type: 8-bit, 16-bit, 32-bit. */
    static List<Object[]> variants(int bitDepth) {
        List<Object[]> v = new ArrayList<>();
        if (bitDepth == 8) {
            v.add(new Object[] {BLOBS, ""});
            v.add(new Object[] {rect(BLOBS, 37, 41, 101, 77), ""});
            v.add(new Object[] {oval(BLOBS, 30, 20, 150, 90), ""});
            v.add(new Object[] {atSlice(BEADS, 5), " slice"});
            v.add(new Object[] {BEADS, " stack"});
        } else if (bitDepth == 16) {
            v.add(new Object[] {LUND, ""});
            v.add(new Object[] {displayRange(LUND, 150, 900), ""});
            v.add(new Object[] {oval(LUND, 100, 60, 300, 200), ""});
            v.add(new Object[] {atSlice(HEAD, 9), " slice"});
            v.add(new Object[] {displayRange(atSlice(HEAD, 9), 20, 300), " slice"});
            v.add(new Object[] {HEAD, " stack"});
            v.add(new Object[] {oval(HEAD, 3, 5, 20, 17), " stack"});
        } else {
            v.add(new Object[] {type(BLOBS, 32), ""});
            v.add(new Object[] {type(LUND, 32), ""});
            v.add(new Object[] {rect(type(LUND, 32), 0, 200, 512, 100), ""});
            v.add(new Object[] {atSlice(type(HEAD, 32), 4), " slice"});
            v.add(new Object[] {type(HEAD, 32), " stack"});
            v.add(new Object[] {oval(type(HEAD, 32), 3, 5, 20, 17), " stack"});
            v.add(new Object[] {special(type(LUND, 32)), ""});
            v.add(new Object[] {special(type(HEAD, 32)), " stack"});
        }
        return v;
    }

    /** Every variant of each listed bit depth; on the GPU where {@code gpu} holds that depth, else a reported fallback. */
    static void checkAll(String command, String options, int[] depths, int... onGpu) {
        for (int depth : depths) {
            boolean gpu = false;
            for (int d : onGpu) gpu |= d == depth;
            for (Object[] v : variants(depth)) {
                String o = (options + v[1]).trim();
                if (gpu) check((Input) v[0], command, o);
                else checkFallsBack((Input) v[0], command, o);
            }
        }
    }

    static final int[] ALL = {8, 16, 32};

    @Test
    public void addSubtractMultiplyDivide() {
        checkAll("Add...", "value=25", ALL, 8, 16, 32);
        checkAll("Add...", "value=-2.5", ALL, 8, 16, 32);
        checkAll("Subtract...", "value=25", ALL, 8, 16, 32);
        checkAll("Subtract...", "value=0.3", ALL, 8, 16, 32);
        checkAll("Multiply...", "value=1.25", ALL, 8, 16, 32);
        checkAll("Multiply...", "value=0.1", ALL, 8, 16, 32);
        checkAll("Divide...", "value=3", ALL, 8, 16, 32);
        checkAll("Divide...", "value=0.7", ALL, 8, 16, 32);
        checkAll("Divide...", "value=0", new int[] {32}); // 32-bit: times infinity (ijcl takes finite factors)
        checkFallsBack(BLOBS, "Divide...", "value=0");         // 8/16-bit: ImageJ does nothing
    }

    @Test
    public void minMax() {
        checkAll("Min...", "value=100", new int[] {8, 16}, 8, 16);
        checkAll("Max...", "value=200", new int[] {8, 16}, 8, 16);
        checkAll("Min...", "value=500.5", new int[] {16}, 16);
        checkAll("Max...", "value=1000", new int[] {16}, 16);
        checkAll("Min...", "value=20", new int[] {32}, 32);
        checkAll("Max...", "value=40", new int[] {32}, 32);
        checkAll("Min...", "value=0.1", new int[] {32}, 32);  // not a float: compared in double
        checkAll("Max...", "value=33.3", new int[] {32}, 32);
    }

    @Test
    public void gammaLogExp() {
        checkAll("Gamma...", "value=0.5", new int[] {8, 16}, 8, 16);
        checkAll("Gamma...", "value=2.2", new int[] {8, 16}, 8, 16);
        checkAll("Log", "", new int[] {8, 16}, 8, 16);
        checkAll("Exp", "", new int[] {8, 16}, 8, 16);
        checkAll("Gamma...", "value=0.5", new int[] {32});
        checkAll("Log", "", new int[] {32}, 32);
        checkAll("Exp", "", new int[] {32}, 32);
    }

    @Test
    public void squareSquareRootAbsReciprocal() {
        checkAll("Square", "", ALL, 8, 16, 32);
        checkAll("Square Root", "", new int[] {8, 16}, 8, 16);
        checkAll("Square Root", "", new int[] {32}, 32);
        checkAll("Abs", "", new int[] {32}, 32);
        checkAll("Abs", "", new int[] {8, 16}); // ImageJ leaves unsigned images unchanged
        checkAll("Reciprocal", "", new int[] {8, 16}); // ImageJ does nothing to 8/16-bit images
        checkAll("Reciprocal", "", new int[] {32}, 32);
    }

    /** The 16-bit input with ImageJ's signed 16-bit calibration (value = raw - 32768; Abs, Add... use the offset). */
    static Input signed16(Input in) {
        return new Input(in.name + " signed 16-bit", () -> {
            ij.ImagePlus imp = in.image.get();
            ij.measure.Calibration cal = imp.getCalibration();
            cal.setSigned16BitCalibration();
            imp.setCalibration(cal);
            ij.ImageStack s = imp.getStack(); // half of the values below zero
            for (int z = 1; z <= s.getSize(); z++) {
                short[] px = (short[]) s.getPixels(z);
                for (int i = 0; i < px.length; i++) px[i] = (short) (32768 - 400 + (px[i] & 0xffff));
            }
            imp.getProcessor().resetMinAndMax();
            return imp;
        });
    }

    @Test
    public void signed16Bit() {
        Input[] inputs = {signed16(LUND), signed16(oval(LUND, 100, 60, 300, 200))};
        for (Input in : inputs) {
            check(in, "Abs", "");
            check(in, "Add...", "value=25");
            check(in, "Multiply...", "value=1.5");
            check(in, "Log", "");
            check(in, "Square Root", "");
            check(in, "Min...", "value=-100");
            check(in, "Invert", "");
        }
        check(signed16(HEAD), "Abs", "stack");
    }

    @Test
    public void invertFullRange16Bit() {
        boolean was = ij.Prefs.fullRange16bitInversions;
        ij.Prefs.fullRange16bitInversions = true;
        try {
            checkAll("Invert", "", new int[] {16}, 16);
        } finally {
            ij.Prefs.fullRange16bitInversions = was;
        }
    }

    @Test
    public void invert() {
        checkAll("Invert", "", new int[] {8, 16}, 8, 16);
        for (Object[] v : variants(32)) {
            String o = ("" + v[1]).trim();
            if (((Input) v[0]).name.contains("special")) checkFallsBack((Input) v[0], "Invert", o); // range -inf..inf
            else check((Input) v[0], "Invert", o);
        }
        check(displayRange(type(LUND, 32), -3.25, 100.5), "Invert", "");
    }
}
