package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.atSlice;
import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.checkFallsBack;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.mirrored;
import static net.ijcl.gpumode.GpuModeHarness.oval;
import static net.ijcl.gpumode.GpuModeHarness.rect;
import static net.ijcl.gpumode.GpuModeHarness.titled;
import static net.ijcl.gpumode.GpuModeHarness.type;

import net.ijcl.HeadlessImageJTestBase;
import net.ijcl.gpumode.GpuModeHarness.Input;
import org.junit.Test;

/**
 * Process > Image Calculator... (the command) in GPU mode: every operation run with GPU mode off
 * (ImageJ's own code) and on, image1 = a real 8-, 16- or 32-bit image or stack titled "a", image2 =
 * the same mirrored, titled "b"; in place, 'create', '32-bit' and 'stack' (a stack with a stack and
 * with a single image); both images and every created image compared byte for byte
 * (GpuModeHarness). Operations the twin leaves to ImageJ's Blitter (see ImageCalculatorTwin) are
 * asserted equal and reported as fallbacks.
 */
public class GpuModeCalculatorTest extends HeadlessImageJTestBase {
    static final String[] ALL = {"Add", "Subtract", "Multiply", "Divide", "AND", "OR", "XOR", "Min", "Max", "Average",
            "Difference", "Copy", "Transparent-zero"};
    static final Input BLOBS = file("blobs.tif"), LUND = file("Lund_MAX_001300.tif"), HEAD = file("mini-t1-head.tif"),
            BEADS = file("beads_3d.tif");

    static void run(Input image, Input other, String operation, String flags, boolean gpu) {
        Input a = titled(image, "a"), b = titled(other, "b");
        String options = ("image1=a operation=" + operation + " image2=b " + flags).trim();
        if (gpu) check(a, "Image Calculator...", options, b);
        else checkFallsBack(a, "Image Calculator...", options, b);
    }

    static boolean in(String op, String... list) {
        for (String s : list) if (s.equals(op)) return true;
        return false;
    }

    @Test
    public void eightBitEveryOperation() {
        for (String op : ALL) {
            run(BLOBS, mirrored(BLOBS), op, "", true);
            run(BLOBS, mirrored(BLOBS), op, "create", true);
        }
        for (String op : new String[] {"Subtract", "Divide", "Average", "XOR"}) {
            run(BEADS, mirrored(BEADS), op, "create stack", true);
            run(BEADS, atSlice(mirrored(BEADS), 3), op, "stack", true);
        }
    }

    @Test
    public void sixteenBit() {
        for (String op : ALL) {
            boolean gpu = in(op, "Add", "Subtract", "Multiply", "Min", "Max", "Difference", "Copy");
            run(LUND, mirrored(LUND), op, "", gpu);
            run(LUND, mirrored(LUND), op, "create", gpu);
        }
        run(HEAD, mirrored(HEAD), "Subtract", "create stack", true);
        run(HEAD, mirrored(HEAD), "Difference", "stack", true);
    }

    @Test
    public void roiOnImage1IsIgnored() { // ImageJ's copyBits works on the whole image
        run(rect(BLOBS, 37, 41, 101, 77), mirrored(BLOBS), "Subtract", "", true);
        run(oval(LUND, 100, 60, 300, 200), mirrored(LUND), "Add", "", true);
        run(rect(type(LUND, 32), 0, 200, 512, 100), mirrored(type(LUND, 32)), "Divide", "", true);
        run(rect(type(LUND, 32), 0, 200, 512, 100), mirrored(type(LUND, 32)), "Multiply", "create", true);
    }

    @Test
    public void sixteenBitMultiplyOverflowFallsBack() { // ImageJ's int product wraps above 2^31
        Input bright = new Input("Lund times 40", () -> {
            ij.ImagePlus imp = LUND.image.get();
            imp.getProcessor().multiply(40);
            return imp;
        });
        run(bright, mirrored(bright), "Multiply", "create", false);
    }

    @Test
    public void divideByZeroValue() {
        float was = ij.process.FloatBlitter.divideByZeroValue;
        try {
            ij.process.FloatBlitter.divideByZeroValue = 7.5f;
            run(HEAD, mirrored(HEAD), "Divide", "create 32-bit stack", true);
            run(BLOBS, mirrored(BLOBS), "Divide", "create 32-bit", true);
            ij.process.FloatBlitter.divideByZeroValue = Float.NaN;
            run(HEAD, mirrored(HEAD), "Divide", "create 32-bit stack", false);
        } finally {
            ij.process.FloatBlitter.divideByZeroValue = was;
        }
    }

    @Test
    public void thirtyTwoBitAndFloatResults() {
        for (String op : ALL) {
            boolean gpu = in(op, "Add", "Subtract", "Multiply", "Divide", "Average", "Difference", "Copy", "Transparent-zero");
            run(type(LUND, 32), mirrored(type(LUND, 32)), op, "", gpu);
            run(BLOBS, mirrored(BLOBS), op, "create 32-bit", gpu);
            run(LUND, mirrored(LUND), op, "create 32-bit", gpu);
        }
        run(HEAD, mirrored(HEAD), "Subtract", "create 32-bit stack", true);
        run(HEAD, mirrored(HEAD), "Divide", "create 32-bit stack", true); // 0 / 0 and x / 0 in the background
        run(type(HEAD, 32), mirrored(type(HEAD, 32)), "Average", "stack", true);
        run(type(HEAD, 32), atSlice(mirrored(type(HEAD, 32)), 5), "Multiply", "create stack", true);
    }
}
