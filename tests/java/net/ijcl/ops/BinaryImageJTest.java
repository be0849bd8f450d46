package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ImageCalculator;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * binaryAnd / binaryOr against Process > Image Calculator AND / OR on two ImageJ masks (0/255),
 * binaryNot against Edit > Invert of a mask (ImageProcessor.invert), on blobs.tif (2D) and the
 * drosophila time-lapse (a stack). ijcl's binary results are pulled as 0/255 masks.
 * Tolerance: 0 (exact).
 */
public class BinaryImageJTest extends DeviceTestBase {
    /** ImageJ masks (255 where lower <= value <= upper) of every slice, via createMask. */
    static ImagePlus mask(ImagePlus imp, double lower, double upper) {
        ImageStack in = imp.getStack();
        ImageStack out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= in.getSize(); z++) {
            ImageProcessor ip = in.getProcessor(z).duplicate();
            ip.setThreshold(lower, upper, ImageProcessor.NO_LUT_UPDATE);
            out.addSlice(ip.createMask());
        }
        return new ImagePlus(imp.getTitle() + "-mask", out);
    }

    static ImagePlus run2(ImagePlus a, ImagePlus b, String op) {
        Ijcl.push(a, "b_a");
        Ijcl.push(b, "b_b");
        Ijcl.execute(op, "b_a", "b_b", "b_result");
        return Ijcl.pull("b_result");
    }

    static void check(ImagePlus imp, double t1, double t2) {
        ImagePlus m1 = mask(imp, t1, 255), m2 = mask(imp, 0, t2);
        String what = imp.getTitle() + " masks >= " + t1 + " and <= " + t2;
        assertClose("binaryAnd " + what, new ImageCalculator().run("AND create stack", m1, m2), run2(m1, m2, "binaryAnd"), 0);
        assertClose("binaryOr " + what, new ImageCalculator().run("OR create stack", m1, m2), run2(m1, m2, "binaryOr"), 0);
        ImagePlus inverted = copy(m1);
        for (int z = 1; z <= inverted.getStackSize(); z++) inverted.getStack().getProcessor(z).invert();
        assertClose("binaryNot " + what, inverted, run(m1, "binaryNot"), 0);
    }

    @Test
    public void masksOfBlobs() {
        check(open("blobs.tif"), 120, 200);
    }

    @Test
    public void masksOfAStack() {
        check(open("drosophila_timelapse.tif"), 60, 90);
    }
}
