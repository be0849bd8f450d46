package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static org.junit.Assert.assertEquals;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Filters3D;
import ij.plugin.filter.RankFilters;
import ij.process.FloatProcessor;
import org.junit.Test;

import java.util.Random;

/**
 * variance2DSphere against ImageJ's RankFilters.rank(ip, radius, VARIANCE) (Process > Filters >
 * Variance..., every slice of a stack) and variance3DSphere against ij.plugin.Filters3D.filter(stack,
 * VAR, rx, ry, rz) (Process > Filters > Variance 3D...), on the odd-sized 127 x 93 x 7 crops
 * (uint8, uint16, float32), real images, and float images whose values span many binary orders
 * of magnitude (there ImageJ's double sums round, and only its order of additions gives its
 * result). Tolerance 0, compared bit for bit: both ops repeat ImageJ's order of operations.
 */
public class VarianceFilterImageJTest extends DeviceTestBase {
    static ImagePlus imagejVariance2D(ImagePlus imp, double radius) {
        ImagePlus out = copy(imp);
        RankFilters filters = new RankFilters();
        for (int z = 1; z <= out.getStackSize(); z++) filters.rank(out.getStack().getProcessor(z), radius, RankFilters.VARIANCE);
        return out;
    }

    static ImagePlus imagejVariance3D(ImagePlus imp, float rx, float ry, float rz) {
        return new ImagePlus("Filters3D", Filters3D.filter(imp.getStack(), Filters3D.VAR, rx, ry, rz));
    }

    /** Every pixel's bits equal (floats by their bit patterns). */
    static void assertBitwise(String what, ImagePlus expected, ImagePlus actual) {
        assertClose(what, expected, actual, 0);
        assertEquals(what + ": bit depth", expected.getBitDepth(), actual.getBitDepth());
        for (int z = 1; z <= expected.getStackSize(); z++)
            for (int i = 0; i < expected.getWidth() * expected.getHeight(); i++)
                assertEquals(what + " z=" + z + " i=" + i,
                        Float.floatToRawIntBits(expected.getStack().getProcessor(z).getf(i)),
                        Float.floatToRawIntBits(actual.getStack().getProcessor(z).getf(i)));
    }

    static void check2D(String what, ImagePlus imp, double radius) {
        assertBitwise("variance2DSphere " + what + " radius " + radius, imagejVariance2D(imp, radius),
                run(imp, "variance2DSphere", radius));
    }

    static void check3D(String what, ImagePlus imp, float rx, float ry, float rz) {
        assertBitwise("variance3DSphere " + what + " radius " + rx + "," + ry + "," + rz, imagejVariance3D(imp, rx, ry, rz),
                run(imp, "variance3DSphere", (double) rx, (double) ry, (double) rz));
    }

    /** Floats exp(N(0, 8)): neighbours differ by many binary orders of magnitude. */
    static ImagePlus wideFloats(int w, int h, int d, long seed) {
        Random r = new Random(seed);
        ImageStack s = new ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            float[] px = new float[w * h];
            for (int i = 0; i < px.length; i++) px[i] = (float) (Math.exp(r.nextGaussian() * 8) * (r.nextBoolean() ? 1 : -1));
            s.addSlice(new FloatProcessor(w, h, px));
        }
        return new ImagePlus("wide floats", s);
    }

    @Test
    public void variance2DOddSized() {
        for (ImagePlus imp : OddSizedImageJTest.stacks())
            for (double radius : new double[] {0.5, 1, 2, 3.5}) check2D(imp.getTitle(), imp, radius);
    }

    @Test
    public void variance2DRealImages() {
        check2D("blobs.tif", open("blobs.tif"), 2);
        check2D("Lund_MAX_001300.tif", open("Lund_MAX_001300.tif"), 5); // 16-bit: many clamped at 65535
        check2D("Lund_MAX_001300.tif / 7", FilterComparison.toFloat(open("Lund_MAX_001300.tif"), 7), 2.5);
    }

    @Test
    public void variance2DFloatOrderOfSums() {
        ImagePlus wide = wideFloats(131, 41, 2, 7);
        for (double radius : new double[] {1, 2, 4.5}) check2D("wide floats", wide, radius);
    }

    @Test
    public void variance3DOddSized() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) {
            check3D(imp.getTitle(), imp, 2, 2, 2);
            check3D(imp.getTitle(), imp, 1.5f, 3, 0.7f);
            check3D(imp.getTitle(), imp, 0, 1, 1);
        }
    }

    @Test
    public void variance3DRealAndWideFloats() {
        check3D("mini-t1-head.tif", open("mini-t1-head.tif"), 2, 2, 2);
        check3D("wide floats", wideFloats(37, 29, 9, 11), 2, 1.5f, 2);
        check3D("blobs.tif (one plane)", open("blobs.tif"), 1, 1, 3);
    }
}
