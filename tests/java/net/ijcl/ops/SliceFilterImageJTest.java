package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.run;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.plugin.Filters3D;
import ij.plugin.filter.RankFilters;
import ij.process.Blitter;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import org.junit.Test;

/**
 * ImageJ as the oracle, on the odd-sized 127 x 93 x 7 crops of OddSizedImageJTest (uint8, uint16,
 * float32; 2D cases on plane 3), for:
 * <ul>
 * <li>the slice-by-slice sphere filters (CLIJ2's names of the 2D sphere filters): ImageJ's
 * Process > Filters > Mean/Median/Minimum/Maximum (RankFilters) on every slice;
 * <li>greyscaleOpeningSphere / greyscaleClosingSphere: RankFilters OPEN / CLOSE on every slice
 * (radius_z = 0), and Filters3D MIN then MAX (MAX then MIN) for radius_z > 0;
 * <li>bottomHatSphere: that closing minus the source (ImageJ's Blitter SUBTRACT: integers stop at
 * 0, which the closing never goes below; float32 one float subtraction);
 * <li>openingBox / closingBox: Process > Binary > Open / Close with iterations=n count=1, black
 * background, pad edges off, on a 2D mask (plane 3 of the crop above its mean);
 * <li>erodeBoxSliceBySlice / dilateBoxSliceBySlice: Process > Binary > Erode / Dilate
 * (iterations=1) on every slice of the mask stack.
 * </ul>
 * ImageJ's circle and Filters3D's ellipsoid are the neighbourhoods of ijcl's sphere filters (see
 * RankFilterImageJTest). Tolerance: 0 everywhere (the filters pick pixel values; the subtraction
 * is one rounding on both sides).
 */
public class SliceFilterImageJTest extends DeviceTestBase {
    static final String[] SLICE_OPS = {"meanSliceBySliceSphere", "medianSliceBySliceSphere",
        "minimumSliceBySliceSphere", "maximumSliceBySliceSphere"};

    /** RankFilters filter {@code type} (OPEN, CLOSE, ...) on every slice of a copy, normal LUT. */
    static ImagePlus rankEverySlice(ImagePlus imp, double radius, int type) {
        ImagePlus out = copy(imp);
        RankFilters filters = new RankFilters();
        for (int z = 1; z <= out.getStackSize(); z++) {
            ImageProcessor ip = out.getStack().getProcessor(z);
            if (ip.isInvertedLut()) ip.invertLut();
            filters.rank(ip, radius, type);
        }
        return out;
    }

    static ImagePlus filters3D(ImagePlus imp, float rx, float ry, float rz, int first, int second) {
        ImageStack once = Filters3D.filter(imp.getStack(), first, rx, ry, rz);
        return new ImagePlus("Filters3D", Filters3D.filter(once, second, rx, ry, rz));
    }

    /** closing - source, slice by slice, with ImageJ's Blitter. */
    static ImagePlus minusSource(ImagePlus closing, ImagePlus source) {
        ImagePlus out = copy(closing);
        for (int z = 1; z <= out.getStackSize(); z++)
            out.getStack().getProcessor(z).copyBits(source.getStack().getProcessor(z), 0, 0, Blitter.SUBTRACT);
        return out;
    }

    @Test
    public void sliceBySliceSpheresEqualImageJRankFilters() {
        int[] types = {RankFilters.MEAN, RankFilters.MEDIAN, RankFilters.MIN, RankFilters.MAX};
        for (ImagePlus imp : OddSizedImageJTest.stacks())
            for (double radius : new double[] {1, 2.5})
                for (int k = 0; k < SLICE_OPS.length; k++)
                    assertClose(SLICE_OPS[k] + " " + imp.getTitle() + " radius " + radius,
                            rankEverySlice(imp, radius, types[k]), run(imp, SLICE_OPS[k], radius, radius), 0);
    }

    @Test
    public void greyscaleSphereOpeningClosingAndBottomHatEqualImageJ() {
        for (ImagePlus stack : OddSizedImageJTest.stacks()) {
            for (ImagePlus imp : new ImagePlus[] {OddSizedImageJTest.plane(stack, 3), stack}) {
                String what = imp.getTitle() + " (" + imp.getStackSize() + " plane(s))";
                double r = 2;
                ImagePlus opening = rankEverySlice(imp, r, RankFilters.OPEN);
                ImagePlus closing = rankEverySlice(imp, r, RankFilters.CLOSE);
                assertClose("greyscaleOpeningSphere " + what, opening, run(imp, "greyscaleOpeningSphere", r, r, 0.0), 0);
                assertClose("greyscaleClosingSphere " + what, closing, run(imp, "greyscaleClosingSphere", r, r, 0.0), 0);
                ImagePlus bottomHat = minusSource(closing, imp);
                assertTrue("the bottom-hat must change something",
                        bottomHat.getStack().getProcessor(1).getStatistics().max > 0);
                assertClose("bottomHatSphere " + what, bottomHat, run(imp, "bottomHatSphere", r, r, 0.0), 0);
            }
            float rx = 2, ry = 1.5f, rz = 1;
            String what = stack.getTitle() + " 3D radius " + rx + "," + ry + "," + rz;
            ImagePlus opening = filters3D(stack, rx, ry, rz, Filters3D.MIN, Filters3D.MAX);
            ImagePlus closing = filters3D(stack, rx, ry, rz, Filters3D.MAX, Filters3D.MIN);
            assertClose("greyscaleOpeningSphere " + what, opening,
                    run(stack, "greyscaleOpeningSphere", (double) rx, (double) ry, (double) rz), 0);
            assertClose("greyscaleClosingSphere " + what, closing,
                    run(stack, "greyscaleClosingSphere", (double) rx, (double) ry, (double) rz), 0);
            assertClose("bottomHatSphere " + what, minusSource(closing, stack),
                    run(stack, "bottomHatSphere", (double) rx, (double) ry, (double) rz), 0);
        }
    }

    /** The uint8 crop above its mean as a 0/255 mask stack (normal LUT). */
    static ImagePlus maskStack() {
        ImagePlus u8 = OddSizedImageJTest.stacks()[0];
        ImageStack s = new ImageStack(u8.getWidth(), u8.getHeight());
        for (int z = 1; z <= u8.getStackSize(); z++) {
            ImageProcessor ip = u8.getStack().getProcessor(z);
            double mean = ip.getStatistics().mean;
            ByteProcessor m = new ByteProcessor(ip.getWidth(), ip.getHeight());
            for (int i = 0; i < ip.getPixelCount(); i++) m.set(i, ip.get(i) > mean ? 255 : 0);
            s.addSlice(m);
        }
        return new ImagePlus("mask", s);
    }

    /** ImageJ's Process > Binary > {@code command} on every slice of a copy (black background, pad edges off). */
    static ImagePlus imagejBinary(ImagePlus mask, String command, int iterations) {
        boolean black = Prefs.blackBackground, pad = Prefs.padEdges;
        ImageStack out = new ImageStack(mask.getWidth(), mask.getHeight());
        try {
            Prefs.blackBackground = true;
            Prefs.padEdges = false;
            for (int z = 1; z <= mask.getStackSize(); z++) {
                ImagePlus slice = new ImagePlus("slice", mask.getStack().getProcessor(z).duplicate());
                IJ.run(slice, "Options...", "iterations=" + iterations + " count=1 black");
                IJ.run(slice, command, "");
                out.addSlice(slice.getProcessor());
            }
        } finally {
            Prefs.blackBackground = black;
            Prefs.padEdges = pad;
            IJ.run("Options...", "iterations=1 count=1");
        }
        return new ImagePlus("imagej " + command, out);
    }

    /** ijcl's 0/1 result as 0/255 (ImageJ's binary values). */
    static ImagePlus to255(ImagePlus binary) {
        assertEquals(8, binary.getBitDepth());
        ImagePlus out = copy(binary);
        for (int z = 1; z <= out.getStackSize(); z++) out.getStack().getProcessor(z).multiply(255);
        return out;
    }

    @Test
    public void binaryOpenCloseAndSliceBySliceStepsEqualImageJ() {
        ImagePlus masks = maskStack();
        ImagePlus plane = OddSizedImageJTest.plane(masks, 3);
        for (int n : new int[] {1, 3}) {
            assertClose("openingBox n=" + n, imagejBinary(plane, "Open", n), to255(run(plane, "openingBox", (double) n)), 0);
            assertClose("closingBox n=" + n, imagejBinary(plane, "Close-", n), to255(run(plane, "closingBox", (double) n)), 0);
        }
        assertClose("erodeBoxSliceBySlice", imagejBinary(masks, "Erode", 1), to255(run(masks, "erodeBoxSliceBySlice")), 0);
        assertClose("dilateBoxSliceBySlice", imagejBinary(masks, "Dilate", 1), to255(run(masks, "dilateBoxSliceBySlice")), 0);
    }
}
