package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.run;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Measurements;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import ij.process.StackStatistics;
import java.awt.Rectangle;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * The reductions table (native/src/ops/reduction_ops.cpp) and the threshold-method operations
 * (threshold_ops.cpp) against ImageJ itself, on the odd-sized 127 x 93 x 7 crops of
 * OddSizedImageJTest (uint8, uint16, float32) and their plane 3 (127 x 93).
 * Oracles: ImageJ's StackStatistics (stacks) / ImageStatistics (planes) for min, max, mean, sum
 * (mean x pixelCount), StdDev; ImageStatistics with the mask as the ROI mask for the masked
 * statistics, with a threshold limit (LIMIT) for meanOfPixelsAboveThreshold; stacks measured per
 * plane and the planes' ImageJ numbers combined (counts, count-weighted means, the pooled
 * sum of squares). CLIJ2's variance and standard deviation are population ones (divided by n),
 * ImageJ's StdDev divides by n - 1: the oracle is ImageJ's StdDev^2 x (n - 1) / n.
 * Tolerances: min, max, counts, dimensions exact (0); integer sums exact (0: ImageJ's mean x count
 * of whole numbers is exact below 2^53); float sums, means, variances and deviations 1e-9
 * relative (double rounding in both: different summation orders). Thresholds: the masks of
 * ImageJ's setAutoThreshold("<method> dark"[ stack]) + Convert to Mask and its lower threshold
 * (getMinThreshold), exact.
 */
public class PixelStatisticsImageJTest extends DeviceTestBase {
    static final double REL = 1e-9;

    /** The crops: each stack and its plane 3. */
    static ImagePlus[] inputs() {
        ImagePlus[] stacks = OddSizedImageJTest.stacks();
        ImagePlus[] all = new ImagePlus[2 * stacks.length];
        for (int i = 0; i < stacks.length; i++) {
            all[2 * i] = stacks[i];
            all[2 * i + 1] = OddSizedImageJTest.plane(stacks[i], 3);
        }
        return all;
    }

    static String label(ImagePlus imp) {
        return imp.getTitle() + " (" + imp.getWidth() + " x " + imp.getHeight() + " x " + imp.getStackSize() + ")";
    }

    static double number(String op, Object... args) {
        Object[] all = new Object[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        return Ijcl.execute(op, all).numbers[0];
    }

    static void assertRel(String what, double expected, double actual) {
        assertEquals(what, expected, actual, REL * Math.max(1, Math.abs(expected)));
    }

    /** Pooled ImageJ statistics of some planes: count, mean, population variance, min, max. */
    static final class Pooled {
        double n, sum, m2, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        final java.util.List<double[]> parts = new java.util.ArrayList<>();

        void add(ImageStatistics s) {
            if (s.pixelCount == 0) return;
            parts.add(new double[] {s.pixelCount, s.mean, s.stdDev});
            n += s.pixelCount;
            sum += s.mean * s.pixelCount;
            min = Math.min(min, s.min);
            max = Math.max(max, s.max);
        }

        double mean() { return sum / n; }

        double variance() {
            double mean = mean(), m2 = 0;
            for (double[] p : parts) m2 += (p[0] - 1) * p[2] * p[2] + p[0] * (p[1] - mean) * (p[1] - mean);
            return m2 / n;
        }
    }

    /** ImageJ's Default threshold mask (0/255) of each plane of imp. */
    static ImagePlus defaultMask(ImagePlus imp) {
        ImageStack out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= imp.getStackSize(); z++) {
            ImageProcessor ip = imp.getStack().getProcessor(z);
            double level = OddSizedImageJTest.defaultLevel(ip);
            ByteProcessor m = new ByteProcessor(imp.getWidth(), imp.getHeight());
            for (int i = 0; i < m.getPixelCount(); i++) m.set(i, ip.getf(i) >= level ? 255 : 0);
            out.addSlice(m);
        }
        return new ImagePlus(imp.getTitle() + "-mask", out);
    }

    static final int MEASURE = Measurements.MEAN | Measurements.MIN_MAX | Measurements.STD_DEV | Measurements.AREA;

    /** ImageJ's statistics of imp's pixels under mask (per plane, pooled). */
    static Pooled masked(ImagePlus imp, ImagePlus mask) {
        Pooled p = new Pooled();
        for (int z = 1; z <= imp.getStackSize(); z++) {
            ImageProcessor ip = imp.getStack().getProcessor(z).duplicate();
            ip.setRoi(new Rectangle(0, 0, imp.getWidth(), imp.getHeight()));
            ip.setMask(mask.getStack().getProcessor(z));
            p.add(ImageStatistics.getStatistics(ip, MEASURE, null));
        }
        return p;
    }

    /** ImageJ's statistics of imp's pixels > t (a LIMIT threshold from the next value up). */
    static Pooled above(ImagePlus imp, double t) {
        Pooled p = new Pooled();
        for (int z = 1; z <= imp.getStackSize(); z++) {
            ImageProcessor ip = imp.getStack().getProcessor(z).duplicate();
            double lower = imp.getBitDepth() == 32 ? Math.nextUp((float) t) : Math.floor(t) + 1;
            double upper = imp.getBitDepth() == 8 ? 255 : imp.getBitDepth() == 16 ? 65535 : Float.MAX_VALUE;
            ip.setThreshold(lower, upper, ImageProcessor.NO_LUT_UPDATE);
            p.add(ImageStatistics.getStatistics(ip, MEASURE | Measurements.LIMIT, null));
        }
        return p;
    }

    @Test
    public void reductionsOfAllPixelsEqualImageJsStatistics() {
        for (ImagePlus imp : inputs()) {
            String l = label(imp);
            ImageStatistics s = imp.getStackSize() > 1 ? new StackStatistics(imp)
                    : ImageStatistics.getStatistics(imp.getProcessor(), MEASURE, null);
            double n = s.pixelCount;
            assertEquals(l, (double) imp.getWidth() * imp.getHeight() * imp.getStackSize(), n, 0);
            Ijcl.push(imp, "ps_src");
            assertEquals("getMinimumOfAllPixels " + l, s.min, number("getMinimumOfAllPixels", "ps_src"), 0);
            assertEquals("minimumOfAllPixels " + l, s.min, number("minimumOfAllPixels", "ps_src"), 0);
            assertEquals("getMaximumOfAllPixels " + l, s.max, number("getMaximumOfAllPixels", "ps_src"), 0);
            assertEquals("maximumOfAllPixels " + l, s.max, number("maximumOfAllPixels", "ps_src"), 0);
            double sum = s.mean * n;
            double sumTol = imp.getBitDepth() == 32 ? REL * Math.abs(sum) : 0;
            assertEquals("getSumOfAllPixels " + l, sum, number("getSumOfAllPixels", "ps_src"), sumTol);
            assertEquals("sumOfAllPixels " + l, sum, number("sumOfAllPixels", "ps_src"), sumTol);
            assertRel("getMeanOfAllPixels " + l, s.mean, number("getMeanOfAllPixels", "ps_src"));
            assertRel("meanOfAllPixels " + l, s.mean, number("meanOfAllPixels", "ps_src"));
            double variance = s.stdDev * s.stdDev * (n - 1) / n;
            assertRel("varianceOfAllPixels " + l, variance, number("varianceOfAllPixels", "ps_src"));
            assertRel("standardDeviationOfAllPixels " + l, Math.sqrt(variance),
                    number("standardDeviationOfAllPixels", "ps_src"));

            // getDimensions: ImageJ's width, height, slices
            double[] dims = Ijcl.execute("getDimensions", "ps_src", null, null, null).numbers;
            int[] d = imp.getDimensions();
            assertEquals("getDimensions width " + l, d[0], dims[0], 0);
            assertEquals("getDimensions height " + l, d[1], dims[1], 0);
            assertEquals("getDimensions depth " + l, d[3], dims[2], 0);

            // sumImageSliceBySlice: ImageJ's mean x pixelCount per plane, rounded to float as CLIJ2 stores it
            Ijcl.execute("sumImageSliceBySlice", "ps_src", "ps_sums");
            ImagePlus sums = Ijcl.pull("ps_sums");
            assertEquals("sumImageSliceBySlice width " + l, imp.getStackSize(), sums.getWidth());
            assertEquals("sumImageSliceBySlice height " + l, 1, sums.getHeight());
            for (int z = 1; z <= imp.getStackSize(); z++) {
                ImageStatistics p = ImageStatistics.getStatistics(imp.getStack().getProcessor(z), MEASURE, null);
                float expected = (float) (p.mean * p.pixelCount);
                assertEquals("sumImageSliceBySlice plane " + z + " " + l, expected,
                        sums.getProcessor().getf(z - 1, 0), Math.ulp(expected));
            }
            Ijcl.release("ps_sums");
            Ijcl.release("ps_src");
        }
    }

    @Test
    public void maskedReductionsEqualImageJsStatisticsUnderTheMask() {
        for (ImagePlus imp : inputs()) {
            String l = label(imp);
            ImagePlus mask = defaultMask(imp);
            Pooled p = masked(imp, mask);
            assertTrue(l + ": the mask selects some pixels, not all", p.n > 100 && p.n < 0.9 * imp.getWidth() * imp.getHeight() * imp.getStackSize());
            Ijcl.push(imp, "ps_src");
            Ijcl.push(mask, "ps_mask");
            assertEquals("minimumOfMaskedPixels " + l, p.min, number("minimumOfMaskedPixels", "ps_src", "ps_mask"), 0);
            assertEquals("maximumOfMaskedPixels " + l, p.max, number("maximumOfMaskedPixels", "ps_src", "ps_mask"), 0);
            assertRel("meanOfMaskedPixels " + l, p.mean(), number("meanOfMaskedPixels", "ps_src", "ps_mask"));
            assertRel("getMeanOfMaskedPixels " + l, p.mean(), number("getMeanOfMaskedPixels", "ps_src", "ps_mask"));
            assertRel("varianceOfMaskedPixels " + l, p.variance(), number("varianceOfMaskedPixels", "ps_src", "ps_mask"));
            assertRel("standardDeviationOfMaskedPixels " + l, Math.sqrt(p.variance()),
                    number("standardDeviationOfMaskedPixels", "ps_src", "ps_mask"));

            // countNonZeroPixels: the (bright) pixels under the mask are not 0, so the source set to 0
            // outside the mask has as many non-zero pixels as ImageJ counts under the mask
            ImagePlus cut = imp.duplicate();
            for (int z = 1; z <= cut.getStackSize(); z++) {
                ImageProcessor ip = cut.getStack().getProcessor(z), m = mask.getStack().getProcessor(z);
                for (int i = 0; i < ip.getPixelCount(); i++) {
                    if (m.get(i) == 0) ip.setf(i, 0);
                    else assertTrue(l + ": no 0 pixel under the mask", ip.getf(i) != 0);
                }
            }
            Ijcl.push(cut, "ps_cut");
            assertEquals("countNonZeroPixels " + l, p.n, number("countNonZeroPixels", "ps_cut"), 0);
            Ijcl.release("ps_cut");
            Ijcl.release("ps_mask");
            Ijcl.release("ps_src");
        }
    }

    @Test
    public void meanOfPixelsAboveThresholdEqualsImageJsLimitedMean() {
        for (ImagePlus imp : inputs()) {
            String l = label(imp);
            ImageStatistics s = new StackStatistics(imp);
            Ijcl.push(imp, "ps_src");
            for (double f : new double[] {0.3, 0.5, 0.8}) {
                double t = s.min + f * (s.max - s.min);
                if (imp.getBitDepth() != 32) t = Math.floor(t);  // a whole threshold: > t is >= t + 1
                Pooled p = above(imp, t);
                assertTrue(l + ": pixels above " + t, p.n > 0);
                assertRel("meanOfPixelsAboveThreshold " + t + " " + l, p.mean(),
                        number("meanOfPixelsAboveThreshold", "ps_src", t));
            }
            Ijcl.release("ps_src");
        }
    }

    @Test
    public void thresholdMethodsEqualImageJsAutoThreshold() {
        for (ImagePlus imp : inputs()) {
            ImagePlus in = ThresholdImageJTest.withoutInvertingLut(imp);
            for (String method : AutoThresholder.getMethods()) {
                if (method.equals("IJ_IsoData")) continue;  // CLIJ2 has no thresholdIJ_IsoData
                String l = method + " " + label(in);
                assertClose("threshold" + method + " " + l, ThresholdImageJTest.imagejAuto(in, method),
                        run(in, "threshold" + method), 0);
            }
        }
    }

    @Test
    public void getAutomaticThresholdEqualsImageJsLowerThreshold() {
        for (ImagePlus imp : inputs()) {
            ImagePlus in = ThresholdImageJTest.withoutInvertingLut(imp);
            Ijcl.push(in, "ps_src");
            for (String method : AutoThresholder.getMethods()) {
                ImagePlus ij = ThresholdImageJTest.withoutInvertingLut(in);
                double lower;
                if (ij.getStackSize() == 1) {
                    ij.getProcessor().setAutoThreshold(method + " dark");
                    lower = ij.getProcessor().getMinThreshold();
                } else {
                    IJ.setAutoThreshold(ij, method + " dark stack");
                    lower = ij.getProcessor().getMinThreshold();
                }
                double ours = number("getAutomaticThreshold", "ps_src", method);
                String l = "getAutomaticThreshold " + method + " " + label(in);
                if (in.getBitDepth() == 32) assertRel(l, lower, ours);
                else assertEquals(l, lower, ours, 0);
            }
            Ijcl.release("ps_src");
        }
    }
}
