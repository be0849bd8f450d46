package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ImageCalculator;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * Pixel-wise arithmetic against ImageJ: subtractImages and addImagesWeighted(1, 1) against
 * Process > Image Calculator (ImageCalculator Subtract / Add), addImageAndScalar and
 * multiplyImageAndScalar against Process > Math > Add / Multiply (ImageProcessor.add / multiply,
 * what ij.plugin.filter.ImageMath calls), on 8-bit, 16-bit, 32-bit images and a 16-bit stack.
 *
 * Tolerances: 0 everywhere, except addImageAndScalar with a fractional scalar on 8/16-bit images,
 * where ImageJ first truncates the scalar to an integer (add(2.5) adds 2) and ijcl rounds the
 * exact sum half up: +-1, asserted as exactly "ImageJ's result + 1 or + 0".
 * multiplyImageAndScalar is exact on devices with fp64 (ImageJ forms the product in double).
 */
public class MathImageJTest extends DeviceTestBase {
    /** A second image of the same size: the first one mirrored left-right (values unchanged). */
    static ImagePlus mirrored(ImagePlus imp) {
        ImagePlus m = copy(imp);
        for (int z = 1; z <= m.getStackSize(); z++) m.getStack().getProcessor(z).flipHorizontal();
        return m;
    }

    /** Pushes a and b, runs op(a, b, result, extra...), pulls the result. */
    static ImagePlus run2(ImagePlus a, ImagePlus b, String op, Object... extra) {
        Ijcl.push(a, "m_a");
        Ijcl.push(b, "m_b");
        Object[] args = new Object[3 + extra.length];
        args[0] = "m_a";
        args[1] = "m_b";
        args[2] = "m_result";
        System.arraycopy(extra, 0, args, 3, extra.length);
        Ijcl.execute(op, args);
        return Ijcl.pull("m_result");
    }

    /** ImageJ's Image Calculator on whole stacks, creating a new image. */
    static ImagePlus calculator(String operation, ImagePlus a, ImagePlus b) {
        return new ImageCalculator().run(operation + " create stack", a, b);
    }

    /** ImageJ's Process > Math on every slice of a copy. */
    static ImagePlus math(ImagePlus imp, boolean add, double value) {
        ImagePlus out = copy(imp);
        ImageStack s = out.getStack();
        for (int z = 1; z <= s.getSize(); z++) {
            ImageProcessor ip = s.getProcessor(z);
            if (add) ip.add(value); else ip.multiply(value);
        }
        return out;
    }

    static ImagePlus[] images() {
        ImagePlus lund = open("Lund_MAX_001300.tif");
        return new ImagePlus[] {open("blobs.tif"), lund, toFloat(lund, 7), open("mini-t1-head.tif")};
    }

    @Test
    public void subtractImagesEqualsImageCalculatorSubtract() {
        for (ImagePlus imp : images()) {
            ImagePlus other = mirrored(imp);
            // destination = subtrahend - minuend = first - second, as Image Calculator's image1 - image2
            assertClose("subtractImages " + imp.getTitle(), calculator("Subtract", imp, other),
                    run2(imp, other, "subtractImages"), 0);
        }
    }

    @Test
    public void addImagesWeightedWithUnitFactorsEqualsImageCalculatorAdd() {
        for (ImagePlus imp : images()) {
            ImagePlus other = mirrored(imp);
            assertClose("addImagesWeighted(1,1) " + imp.getTitle(), calculator("Add", imp, other),
                    run2(imp, other, "addImagesWeighted", 1.0, 1.0), 0);
            assertClose("addImages " + imp.getTitle(), calculator("Add", imp, other), run2(imp, other, "addImages"), 0);
        }
    }

    @Test
    public void addImageAndScalarEqualsProcessMathAddForWholeScalars() {
        for (ImagePlus imp : images()) {
            for (double v : new double[] {25, -40}) {
                assertClose("addImageAndScalar " + v + " " + imp.getTitle(), math(imp, true, v),
                        run(imp, "addImageAndScalar", v), 0);
            }
        }
        ImagePlus f = toFloat(open("blobs.tif"), 3);
        assertClose("addImageAndScalar 2.5 float", math(f, true, 2.5), run(f, "addImageAndScalar", 2.5), 0);
    }

    @Test
    public void addImageAndScalarWithAFractionRoundsWhereImageJTruncatesTheScalar() {
        // ImageJ: 8/16-bit add(2.5) adds (int) 2.5 = 2; ijcl: v + 2.5 rounded half up = v + 3
        // (below saturation). So ijcl = ImageJ + 1 except where both saturate at the maximum.
        ImagePlus blobs = open("blobs.tif");
        ImagePlus ij = math(blobs, true, 2.5);
        ImagePlus gpu = run(blobs, "addImageAndScalar", 2.5);
        byte[] e = (byte[]) ij.getProcessor().getPixels();
        byte[] a = (byte[]) gpu.getProcessor().getPixels();
        int differing = 0;
        for (int i = 0; i < e.length; i++) {
            int d = (a[i] & 0xff) - (e[i] & 0xff);
            assertTrue("pixel " + i + ": ijcl " + (a[i] & 0xff) + " vs ImageJ " + (e[i] & 0xff), d == 1 || (d == 0 && (e[i] & 0xff) == 255));
            if (d != 0) differing++;
        }
        System.out.println("addImageAndScalar 2.5 blobs: ijcl = ImageJ + 1 on " + differing + " of " + e.length
                + " pixels (ImageJ truncates the scalar), equal on the saturated rest");
    }

    @Test
    public void multiplyImageAndScalarEqualsProcessMathMultiply() {
        for (ImagePlus imp : images()) {
            for (double v : new double[] {0.7, 1.3, 2.5, 0.35}) {
                assertClose("multiplyImageAndScalar " + v + " " + imp.getTitle(), math(imp, false, v),
                        run(imp, "multiplyImageAndScalar", v), 0);
            }
        }
    }

    /**
     * imagejMath against ImageJ's own code, bitwise (floats compared by Float.floatToIntBits,
     * tolerance 0): FloatProcessor.min/max/sqrt (Process > Math > Min, Max, Square Root) and
     * ImageMath's Reciprocal loop (1/v, NaN for 0), on an odd-sized 127 x 93 x 7 float crop of the
     * Lund image (as float / 7, minus 20: negatives and fractions) with NaN, both zeros, both
     * infinities, subnormals written into it; values that are floats, that are not (0.1, 33.3: Java
     * compares in double), 0 and an overflowing one.
     */
    @Test
    public void imagejMathEqualsImageJBitwise() {
        ImagePlus in = specials();
        for (double v : new double[] {20, 0.1, 33.3, 0, -0.0, -5.5, 1e300, -1e300, Float.MIN_VALUE / 3.0}) {
            assertBitwise("imagejMath min " + v, imagej(in, ip -> ip.min(v)), run(in, "imagejMath", "min", v));
            assertBitwise("imagejMath max " + v, imagej(in, ip -> ip.max(v)), run(in, "imagejMath", "max", v));
        }
        assertBitwise("imagejMath sqrt", imagej(in, ImageProcessor::sqrt), run(in, "imagejMath", "sqrt", 0.0));
        assertBitwise("imagejMath reciprocal", imagej(in, ip -> { // ImageMath.run("reciprocal")'s loop
            for (int i = 0; i < ip.getPixelCount(); i++) {
                float value = ip.getf(i);
                ip.setf(i, value == 0f ? Float.NaN : 1f / value);
            }
        }), run(in, "imagejMath", "reciprocal", 0.0));
    }

    /**
     * imagejNormalize against ImageJ's ContrastEnhancer.normalizeFloat (Enhance Contrast 'normalize'
     * on 32-bit images), bitwise, on the special-value crop of imagejMathEqualsImageJBitwise, for
     * ranges that are floats and that are not, an empty range (max = min: scale 1), a reversed one,
     * a tiny one and a huge one.
     */
    @Test
    public void imagejNormalizeEqualsContrastEnhancerBitwise() throws Exception {
        ImagePlus in = specials();
        java.lang.reflect.Method normalizeFloat = ij.plugin.ContrastEnhancer.class.getDeclaredMethod("normalizeFloat",
                ImageProcessor.class, double.class, double.class);
        normalizeFloat.setAccessible(true);
        ij.plugin.ContrastEnhancer enhancer = new ij.plugin.ContrastEnhancer();
        double[][] ranges = {{0, 100}, {-20.5, 3000.25}, {0.1, 33.3}, {5, 5}, {40, -3}, {1e-3, 1e-3 + 1e-9}, {-1e30, 1e30}};
        for (double[] r : ranges)
            assertBitwise("imagejNormalize " + r[0] + ".." + r[1], imagej(in, ip -> {
                try {
                    normalizeFloat.invoke(enhancer, ip, r[0], r[1]);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }), run(in, "imagejNormalize", r[0], r[1]));
    }

    /** 127 x 93 x 7 float crops of Lund / 7 - 20 with NaN, zeros, infinities, subnormals written in. */
    static ImagePlus specials() {
        ImagePlus lund = toFloat(open("Lund_MAX_001300.tif"), 7);
        ImageStack s = new ImageStack(127, 93);
        float[] specials = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
                -Float.MIN_VALUE, -1f, 0.1f, 33.3f, 20f, 1e-40f, -1e-40f, Float.MAX_VALUE};
        for (int z = 0; z < 7; z++) {
            ImageProcessor ip = lund.getProcessor().duplicate();
            ip.setRoi(31 * z, 17 * z, 127, 93);
            ip = ip.crop();
            float[] px = (float[]) ip.getPixels();
            for (int i = 0; i < px.length; i++) px[i] -= 20;
            for (int i = 0; i < specials.length; i++) px[(i * 97 + z * 13) % px.length] = specials[i];
            s.addSlice(ip);
        }
        return new ImagePlus("specials", s);
    }

    /**
     * imagejDivideImages against ImageJ's Image Calculator Divide (FloatBlitter) on 32-bit images,
     * bitwise: the odd-sized special-value crop of imagejMathEqualsImageJBitwise divided by its
     * mirror image (zeros of both signs, NaN, infinities, subnormals on both sides), with ImageJ's
     * default divide-by-zero value (infinity: plain division) and a finite one (7.5).
     */
    @Test
    public void imagejDivideImagesEqualsImageCalculatorDivideBitwise() {
        ImagePlus a = specials();
        ImagePlus b = mirrored(a);
        float was = ij.process.FloatBlitter.divideByZeroValue;
        try {
            ij.process.FloatBlitter.divideByZeroValue = Float.POSITIVE_INFINITY;
            assertBitwise("imagejDivideImages", calculator("Divide", a, b), run2(a, b, "imagejDivideImages", false, 0.0));
            assertBitwise("imagejDivideImages b/a", calculator("Divide", b, a), run2(b, a, "imagejDivideImages", false, 0.0));
            ij.process.FloatBlitter.divideByZeroValue = 7.5f;
            assertBitwise("imagejDivideImages, divide-by-zero value 7.5", calculator("Divide", a, b),
                    run2(a, b, "imagejDivideImages", true, 7.5));
        } finally {
            ij.process.FloatBlitter.divideByZeroValue = was;
        }
    }

    /**
     * imagejLogExp against Java's (float) Math.log / Math.exp (FloatProcessor.log/exp, Process > Math >
     * Log and Exp), bitwise, on every pixel it marks decided; its undecided count equals the mask's
     * pixel count. Inputs: the odd-sized special-value crop, and 1001 x 999 random float bit patterns
     * (log: positive floats of every exponent, subnormals included; exp: -110 .. 90, where results
     * underflow to subnormals and overflow to infinity).
     */
    @Test
    public void imagejLogExpEqualsJavaWhereDecided() {
        java.util.Random random = new java.util.Random(12);
        float[] pos = new float[1001 * 999], small = new float[pos.length];
        for (int i = 0; i < pos.length; i++) {
            pos[i] = Float.intBitsToFloat(random.nextInt(0x7f800000));
            small[i] = -110f + 200f * random.nextFloat();
        }
        ImagePlus[] inputs = {specials(), new ImagePlus("positive", new ij.process.FloatProcessor(1001, 999, pos)),
                new ImagePlus("small", new ij.process.FloatProcessor(1001, 999, small))};
        for (ImagePlus in : inputs) {
            for (String op : new String[] {"log", "exp"}) {
                Ijcl.push(in, "le_src");
                Ijcl.Result r = Ijcl.execute("imagejLogExp", "le_src", "le_dst", "le_mask", op, null);
                ImagePlus dst = Ijcl.pull("le_dst"), mask = Ijcl.pull("le_mask");
                Ijcl.clear();
                long undecided = 0;
                for (int z = 1; z <= in.getStackSize(); z++) {
                    float[] v = (float[]) in.getStack().getPixels(z), d = (float[]) dst.getStack().getPixels(z);
                    byte[] m = (byte[]) mask.getStack().getPixels(z);
                    for (int i = 0; i < v.length; i++) {
                        if (m[i] != 0) {
                            undecided++;
                            continue;
                        }
                        float java = op.equals("log") ? (float) Math.log(v[i]) : (float) Math.exp(v[i]);
                        assertTrue("imagejLogExp " + op + " of " + v[i] + ": Java " + java + ", ijcl " + d[i],
                                Float.floatToIntBits(java) == Float.floatToIntBits(d[i]));
                    }
                }
                System.out.println("imagejLogExp " + op + " on " + in.getTitle() + ": " + undecided + " undecided pixels");
                org.junit.Assert.assertEquals("undecided_count", (double) undecided, r.numbers[0], 0);
            }
        }
    }

    @Test
    public void imagejMathRefusesIntegerImagesClearly() {
        try {
            run(open("blobs.tif"), "imagejMath", "sqrt", 0.0);
            org.junit.Assert.fail("a uint8 source was accepted");
        } catch (RuntimeException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("imagejMath") && e.getMessage().contains("float32"));
        } finally {
            Ijcl.clear();
        }
    }

    static ImagePlus imagej(ImagePlus imp, java.util.function.Consumer<ImageProcessor> f) {
        ImagePlus out = copy(imp);
        for (int z = 1; z <= out.getStackSize(); z++) f.accept(out.getStack().getProcessor(z));
        return out;
    }

    static void assertBitwise(String what, ImagePlus expected, ImagePlus actual) {
        FilterComparison.assertSameShape(what, expected, actual);
        for (int z = 1; z <= expected.getStackSize(); z++) {
            float[] e = (float[]) expected.getStack().getPixels(z), a = (float[]) actual.getStack().getPixels(z);
            for (int i = 0; i < e.length; i++)
                assertTrue(what + ": plane " + z + " pixel " + i + ": ImageJ " + e[i] + ", ijcl " + a[i],
                        Float.floatToIntBits(e[i]) == Float.floatToIntBits(a[i]));
        }
    }
}
