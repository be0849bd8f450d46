package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.atSlice;
import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.oval;
import static net.ijcl.gpumode.GpuModeHarness.rect;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.plugin.filter.Binary;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import net.ijcl.HeadlessImageJTestBase;
import org.junit.After;
import org.junit.Test;

import java.lang.reflect.Field;

/**
 * Process > Binary in GPU mode: Erode, Dilate, Open, Close-, Outline and Fill Holes on masks made
 * from real images (blobs.tif, a slice and the whole of mini-t1-head.tif and beads_3d.tif), with
 * normal and inverted LUTs, black background on and off, Binary Options iterations/count/pad
 * edges, stacks with and without 'stack', rectangular and oval ROIs; each run with GPU mode off
 * (ImageJ's own code) and on, compared byte for byte (GpuModeHarness), the GPU run shown to run on
 * the device.
 */
public class GpuModeBinaryTest extends HeadlessImageJTestBase {
    private final boolean black = Prefs.blackBackground, pad = Prefs.padEdges;
    private final int iterations = binaryOption("iterations"), count = binaryOption("count");

    @After
    public void restore() {
        Prefs.blackBackground = black;
        Prefs.padEdges = pad;
        setOptions(iterations, count, pad);
    }

    static int binaryOption(String name) {
        try {
            Field f = Binary.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.getInt(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Process > Binary > Options' static state (iterations, count) and Prefs.padEdges. */
    static void setOptions(int iterations, int count, boolean padEdges) {
        try {
            for (String[] f : new String[][] {{"iterations", "" + iterations}, {"count", "" + count}}) {
                Field field = Binary.class.getDeclaredField(f[0]);
                field.setAccessible(true);
                field.setInt(null, Integer.parseInt(f[1]));
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        Prefs.padEdges = padEdges;
    }

    /** Every slice of the input above its mean (255) or not (0); inverted LUT if asked. */
    static GpuModeHarness.Input mask(GpuModeHarness.Input in, boolean invertedLut) {
        return new GpuModeHarness.Input(in.name + " as a mask" + (invertedLut ? " (inverted LUT)" : ""), () -> {
            ImagePlus imp = in.image.get();
            ImageStack s = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
            for (int z = 1; z <= s.getSize(); z++) {
                ImageProcessor ip = s.getProcessor(z);
                double mean = ip.getStats().mean;
                ByteProcessor m = new ByteProcessor(imp.getWidth(), imp.getHeight());
                for (int i = 0; i < m.getPixelCount(); i++) m.set(i, ip.getf(i) > mean ? 255 : 0);
                if (invertedLut) m.invertLut();
                out.addSlice(s.getSliceLabel(z), m);
            }
            ImagePlus mask = new ImagePlus(imp.getTitle(), out);
            mask.setCalibration(imp.getCalibration());
            return mask;
        });
    }

    private static final String[] COMMANDS = {"Erode", "Dilate", "Open", "Close-", "Outline", "Fill Holes"};

    private static void checkAll(String command) {
        GpuModeHarness.Input blobs = mask(file("blobs.tif"), false), blobsInv = mask(file("blobs.tif"), true);
        GpuModeHarness.Input head = mask(file("mini-t1-head.tif"), false), beads = mask(file("beads_3d.tif"), true);
        check(blobs, command, "");
        check(blobsInv, command, "");
        check(atSlice(head, 9), command, "slice");
        check(head, command, "stack");
        check(beads, command, "stack");
        if (!command.equals("Fill Holes")) { // Fill Holes with a ROI falls back (ImageJ fills the whole image)
            check(rect(blobs, 37, 41, 101, 77), command, "");
            check(rect(blobsInv, 0, 0, 120, 254), command, ""); // touches the left, top and bottom edges
            check(oval(blobs, 30, 20, 150, 120), command, "");
            check(oval(head, 3, 5, 20, 17), command, "stack");
        }
    }

    @Test
    public void blackBackground() {
        Prefs.blackBackground = true;
        setOptions(1, 1, false);
        for (String c : COMMANDS) checkAll(c);
    }

    @Test
    public void whiteBackground() {
        Prefs.blackBackground = false;
        setOptions(1, 1, false);
        for (String c : COMMANDS) checkAll(c);
    }

    @Test
    public void options() {
        for (boolean b : new boolean[] {true, false}) {
            Prefs.blackBackground = b;
            setOptions(3, 4, true);
            for (String c : new String[] {"Erode", "Dilate", "Open", "Close-"}) checkAll(c);
            setOptions(2, 2, false);
            for (String c : new String[] {"Erode", "Close-"}) checkAll(c);
        }
    }

    /** The input with a threshold set (ImageJ's Image > Adjust > Threshold, red LUT), in raw values. */
    static GpuModeHarness.Input thresholded(GpuModeHarness.Input in, double lower, double upper) {
        return new GpuModeHarness.Input(in.name + " thresholded " + lower + ".." + upper, () -> {
            ImagePlus imp = in.image.get();
            imp.getProcessor().setThreshold(lower, upper, ImageProcessor.RED_LUT);
            return imp;
        });
    }

    @Test
    public void convertToMaskAndMakeBinary() {
        GpuModeHarness.Input blobs = file("blobs.tif"), lund = file("Lund_MAX_001300.tif");
        GpuModeHarness.Input lund32 = GpuModeHarness.type(lund, 32), blobs16 = GpuModeHarness.type(blobs, 16);
        for (boolean b : new boolean[] {true, false}) {
            Prefs.blackBackground = b;
            for (String command : new String[] {"Convert to Mask", "Make Binary"}) {
                // no threshold: ISODATA2 (16/32-bit scaled by the display range)
                check(blobs, command, "");
                check(mask(blobs, false), command, ""); // a mask again (its invisible binary threshold is reset)
                check(lund, command, "");
                check(lund32, command, "");
                check(blobs16, command, "");
                check(rect(lund, 30, 40, 200, 100), command, ""); // the ROI is removed
                check(GpuModeHarness.calibrated(lund32, 0.5, 0.5, 1), command, "");
                // a threshold set: 16/32-bit compare raw values with ImageJ's float bounds
                check(thresholded(lund, 1200.5, 3000), command, "");
                check(thresholded(lund32, 150.25, 410.7), command, "");
            }
            // 8-bit with a threshold: the LUT with ceil/floor of the bounds; Make Binary as IJ.run runs it
            // (macro running, no options: no legacy dialog)
            check(thresholded(blobs, 125.5, 248), "Convert to Mask", "");
            check(thresholded(blobs, 125.5, 248), "Make Binary", "");
            check(thresholded(mask(blobs, true), 255, 255), "Convert to Mask", "");
        }
    }

    @Test
    public void convertStacks() {
        GpuModeHarness.Input head = file("mini-t1-head.tif"), beads = file("beads_3d.tif");
        GpuModeHarness.Input head32 = GpuModeHarness.type(head, 32);
        String[] options = {
            "method=Default background=Default black", // the current slice's ISODATA2 threshold for all
            "method=Default background=Dark calculate black", // each slice its own threshold
            "method=Otsu background=Dark calculate",
            "method=Huang background=Light calculate list",
            "method=Default background=Default calculate black create",
            "method=Default background=Default create"};
        for (String command : new String[] {"Convert to Mask", "Make Binary"})
            for (String o : options) {
                check(head, command, o);
                check(beads, command, o);
                check(head32, command, o);
            }
        check(atSlice(beads, 20), "Convert to Mask", "method=Default background=Default only black");
        check(atSlice(beads, 20), "Convert to Mask", "method=Default background=Default slice"); // old key
        check(thresholded(atSlice(head, 12), 100, 420), "Convert to Mask", "method=Default background=Default black");
        check(thresholded(atSlice(head32, 12), 100.5, 420.25), "Convert to Mask", "method=Default background=Dark");
        check(thresholded(mask(atSlice(beads, 5), false), 255, 255), "Convert to Mask", "method=Default background=Default");
    }

    /** The cases the twins leave to ImageJ: same result, the report says CPU with the reason. */
    @Test
    public void fallBacks() {
        Prefs.blackBackground = true;
        setOptions(1, 1, false);
        GpuModeHarness.Input blobs = mask(file("blobs.tif"), false);
        GpuModeStacksTest.assertFallsBack(rect(blobs, 10, 10, 50, 50), "Fill Holes", "", "Fill Holes with a ROI");
        GpuModeStacksTest.assertFallsBack(rect(blobs, 10, 10, 245, 50), "Erode", "", "one pixel before"); // blobs is 256 wide
        setOptions(1, 9, false);
        GpuModeStacksTest.assertFallsBack(blobs, "Dilate", "", "count 9");
        // the old keys of Make Binary's legacy dialog (thresholded/remaining pixels, colours)
        GpuModeStacksTest.assertFallsBack(thresholded(file("blobs.tif"), 125, 255), "Make Binary", "thresholded remaining black", "legacy dialog");
    }
}
