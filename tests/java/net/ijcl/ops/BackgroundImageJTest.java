package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.filter.BackgroundSubtracter;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import net.ijcl.TestData;
import org.junit.Test;

/**
 * rollingBallBackground and slidingParaboloidBackground against ImageJ's own
 * BackgroundSubtracter.rollingBallBackground (Process > Subtract Background... with 'create
 * background', rolling ball or 'sliding' paraboloid) on each plane as float, tolerance 0 (bitwise):
 * odd-sized crops of the 8-bit blobs, the 16-bit Lund image and the 8-bit bead stack, the 16-bit
 * one also divided by 7 as 32-bit; radii 3 and 10 (no shrinking), 25 (2x2), 50 (4x4) and 120 (8x8);
 * dark and light background; with and without the 3x3 presmoothing; the paraboloid with and
 * without ImageJ's corner correction.
 */
public class BackgroundImageJTest extends DeviceTestBase {
    private static ImagePlus crop(String file, int x, int y, int w, int h, int z0, int d, int bitDepth) {
        ImagePlus imp = TestData.open(file);
        ImageStack s = new ImageStack(w, h);
        for (int z = z0; z < z0 + d; z++) {
            ImageProcessor ip = imp.getStack().getProcessor(z);
            ip.setRoi(x, y, w, h);
            ImageProcessor c = ip.crop();
            if (bitDepth == 32) {
                c = c.convertToFloat();
                c.multiply(1.0 / 7);
            }
            s.addSlice(c);
        }
        return new ImagePlus(file + " crop", s);
    }

    private static void check(ImagePlus imp, double radius, boolean light, boolean presmooth) {
        check(imp, false, radius, light, presmooth, true);
    }

    private static void check(ImagePlus imp, boolean paraboloid, double radius, boolean light, boolean presmooth,
                              boolean corners) {
        String what = imp.getTitle() + " (" + imp.getBitDepth() + "-bit) " + (paraboloid ? "paraboloid" : "ball")
                + " radius " + radius + " light " + light + " presmooth " + presmooth + " corners " + corners;
        Ijcl.push(imp, "rb_in");
        if (paraboloid) Ijcl.execute("slidingParaboloidBackground", "rb_in", "rb_out", radius, light, presmooth, corners);
        else Ijcl.execute("rollingBallBackground", "rb_in", "rb_out", radius, light, presmooth);
        ImagePlus got = Ijcl.pull("rb_out");
        assertEquals(what, 32, got.getBitDepth());
        assertEquals(what, imp.getStackSize(), got.getStackSize());
        for (int z = 1; z <= imp.getStackSize(); z++) {
            ImageProcessor plane = imp.getStack().getProcessor(z);
            FloatProcessor fp = new FloatProcessor(plane.getWidth(), plane.getHeight(),
                    (float[]) plane.convertToFloatProcessor().getPixels()); // a grey LUT, never inverted
            // 'light' is ImageJ's invert when the LUT is not inverted
            new BackgroundSubtracter().rollingBallBackground(fp, radius, true, light, paraboloid, presmooth, corners);
            float[] want = (float[]) fp.getPixels(), have = (float[]) got.getStack().getProcessor(z).getPixels();
            for (int i = 0; i < want.length; i++)
                if (Float.floatToIntBits(want[i]) != Float.floatToIntBits(have[i]))
                    fail(what + ", plane " + z + ", pixel " + i + ": ImageJ " + want[i] + ", ijcl " + have[i]);
        }
        Ijcl.release("rb_in");
        Ijcl.release("rb_out");
    }

    private static ImagePlus[] inputs() {
        return new ImagePlus[] {crop("blobs.tif", 3, 5, 127, 93, 1, 1, 8), crop("Lund_MAX_001300.tif", 101, 33, 211, 157, 1, 1, 16),
            crop("Lund_MAX_001300.tif", 101, 33, 211, 157, 1, 1, 32), crop("beads_3d.tif", 7, 9, 61, 47, 2, 3, 8)};
    }

    @Test
    public void equalsImageJsSlidingParaboloidBitForBit() {
        ImagePlus[] inputs = inputs();
        for (ImagePlus imp : inputs)
            for (double radius : new double[] {3, 10, 25, 50, 120})
                for (boolean light : new boolean[] {false, true})
                    check(imp, true, radius, light, radius != 25 || light, radius != 10);
        check(inputs[1], true, 7.5, false, false, false);
        check(crop("blobs.tif", 0, 0, 2, 9, 1, 1, 8), true, 20, false, true, true); // narrower than 3 pixels
        ImagePlus tall = crop("blobs.tif", 20, 10, 57, 201, 1, 1, 8); // taller than wide: every diagonal pass
        check(tall, true, 15, false, true, true);
        check(tall, true, 40, true, false, true);
    }

    @Test
    public void equalsImageJsRollingBallBitForBit() {
        ImagePlus[] inputs = inputs();
        for (ImagePlus imp : inputs)
            for (double radius : new double[] {3, 10, 25, 50, 120})
                for (boolean light : new boolean[] {false, true})
                    check(imp, radius, light, radius != 25 || light);
        check(inputs[1], 7.5, false, false);
    }

    @Test
    public void refusesBadArguments() {
        Ijcl.push(crop("blobs.tif", 0, 0, 5, 5, 1, 1, 8), "rb_small"); // 5 x 5: one shrunk pixel for radii above 30
        for (Object[] bad : new Object[][] {{0.0, "radius"}, {-2.0, "radius"}, {120.0, "source"}, {1e6, "radius"}, {Double.POSITIVE_INFINITY, "radius"}}) {
            try {
                Ijcl.execute("rollingBallBackground", "rb_small", "rb_bad", bad[0], false, true);
                fail("radius " + bad[0] + " accepted");
            } catch (RuntimeException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("argument '" + bad[1] + "'"));
            }
        }
        for (double bad : new double[] {0.0, -2.0, Double.NaN}) {
            try {
                Ijcl.execute("slidingParaboloidBackground", "rb_small", "rb_bad", bad, false, true, true);
                fail("radius " + bad + " accepted by the paraboloid");
            } catch (RuntimeException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("argument 'radius'"));
            }
        }
        Ijcl.release("rb_small");
    }
}
