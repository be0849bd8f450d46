package net.ijcl.ops;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import java.io.File;
import java.util.Locale;
import net.ijcl.Ijcl;

/**
 * Helpers shared by the filter tests against ImageJ (GaussianImageJTest, RankFilterImageJTest,
 * TopHatImageJTest, and the remap and reslice tests): opening the real images of ../shared/data, running an ijcl operation on a
 * pushed copy, and comparing two stacks pixel by pixel with a stated tolerance.
 */
final class FilterComparison {
    private FilterComparison() {}

    /** An image of the shared data folder (ijcl.data.dir). */
    static ImagePlus open(String file) {
        File path = new File(System.getProperty("ijcl.data.dir"), file);
        ImagePlus imp = IJ.openImage(path.getPath());
        assertTrue("cannot open " + path, imp != null);
        return imp;
    }

    /** The same pixels as a 32-bit image (values unchanged), divided by {@code divisor}. */
    static ImagePlus toFloat(ImagePlus imp, double divisor) {
        ImageStack in = imp.getStack();
        ImageStack out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= in.getSize(); z++) {
            ImageProcessor fp = in.getProcessor(z).convertToFloat();
            if (divisor != 1) fp.multiply(1.0 / divisor);
            out.addSlice(fp);
        }
        return new ImagePlus(imp.getTitle() + "-float", out);
    }

    /** The box x, y, w x h of planes z0 .. z0 + d - 1 (0-based) of {@code imp}, by ImageJ's crop, under {@code title}. */
    static ImagePlus crop(ImagePlus imp, String title, int x, int y, int w, int h, int z0, int d) {
        ImageStack out = new ImageStack(w, h);
        for (int z = z0; z < z0 + d; z++) {
            ImageProcessor ip = imp.getStack().getProcessor(z + 1);
            ip.setRoi(x, y, w, h);
            out.addSlice(ip.crop());
        }
        return new ImagePlus(title, out);
    }

    /** Pushes {@code source}, runs {@code op(source, result, numbers...)}, pulls the result. */
    static ImagePlus run(ImagePlus source, String op, Object... numbers) {
        return run(new ImagePlus[] {source}, op, numbers);
    }

    /** Pushes the inputs, runs {@code op(inputs..., result, numbers...)}, pulls the result; frees the GPU images. */
    static ImagePlus run(ImagePlus[] inputs, String op, Object... numbers) {
        Object[] args = new Object[inputs.length + 1 + numbers.length];
        for (int k = 0; k < inputs.length; k++) {
            Ijcl.push(inputs[k], "cmp_source" + k);
            args[k] = "cmp_source" + k;
        }
        args[inputs.length] = "cmp_result";
        System.arraycopy(numbers, 0, args, inputs.length + 1, numbers.length);
        Ijcl.execute(op, args);
        ImagePlus out = Ijcl.pull("cmp_result");
        for (int k = 0; k < inputs.length; k++) Ijcl.release("cmp_source" + k);
        Ijcl.release("cmp_result");
        return out;
    }

    /** Asserts the same bit depth, width, height and number of slices. */
    static void assertSameShape(String what, ImagePlus expected, ImagePlus actual) {
        assertEquals(what + ": bit depth", expected.getBitDepth(), actual.getBitDepth());
        assertEquals(what + ": width", expected.getWidth(), actual.getWidth());
        assertEquals(what + ": height", expected.getHeight(), actual.getHeight());
        assertEquals(what + ": slices", expected.getStackSize(), actual.getStackSize());
    }

    /**
     * Asserts that every pixel of {@code actual} is within {@code tolerance} of {@code expected}
     * (same size and bit depth), after printing the largest difference and how many pixels differ
     * at all. Returns the largest difference.
     */
    static double assertClose(String what, ImagePlus expected, ImagePlus actual, double tolerance) {
        assertSameShape(what, expected, actual);
        double max = 0;
        long differing = 0, total = 0;
        String worst = "";
        for (int z = 1; z <= expected.getStackSize(); z++) {
            ImageProcessor e = expected.getStack().getProcessor(z);
            ImageProcessor a = actual.getStack().getProcessor(z);
            int n = e.getPixelCount();
            for (int i = 0; i < n; i++) {
                double d = Math.abs((double) e.getf(i) - (double) a.getf(i));
                total++;
                if (d != 0) differing++;
                if (d > max) {
                    max = d;
                    worst = String.format(Locale.ROOT, " (worst at x=%d y=%d z=%d: ImageJ %s, ijcl %s)",
                            i % e.getWidth(), i / e.getWidth(), z - 1, e.getf(i), a.getf(i));
                }
            }
        }
        System.out.println(String.format(Locale.ROOT, "%s: max |difference| = %g, differing pixels = %d of %d%s",
                what, max, differing, total, worst));
        assertTrue(what + ": max |difference| " + max + " exceeds " + tolerance + worst, max <= tolerance);
        return max;
    }

    /** A copy of the stack (ImageJ's filters work in place). */
    static ImagePlus copy(ImagePlus imp) {
        ImagePlus dup = imp.duplicate();
        dup.setTitle(imp.getTitle());
        return dup;
    }
}
