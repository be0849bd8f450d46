package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ZProjector;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.ijcl.Ijcl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The Z projections against Image > Stacks > Z Project... (ij.plugin.ZProjector) on real stacks
 * (an 8-bit time-lapse, a 16-bit MRI stack, the same as 32-bit, a confocal bead stack) and on
 * odd-sized crops of them (127 x 93 x 7). Tolerance 0: maximum, minimum and sum are exact; mean
 * and standard deviation are exact for 32-bit, and for 8/16-bit equal ImageJ's float result
 * rounded to nearest (ijcl keeps the source's pixel type, as CLIJ2 does; ImageJ gives 32-bit).
 * The bounded variants against ZProjector with start and stop slices.
 */
public class ProjectionImageJTest {
    @BeforeClass
    public static void setUp() {
        Ijcl.selectDevice("");
    }

    @AfterClass
    public static void tearDown() {
        Ijcl.clear();
    }

    /** ImageJ's 32-bit projection as the source's bit depth: rounded to nearest, saturated. */
    static ImagePlus like(ImagePlus source, ImagePlus projection) {
        if (source.getBitDepth() == 32 || projection.getBitDepth() == source.getBitDepth()) return projection;
        ImageProcessor fp = projection.getProcessor();
        ImageProcessor out = source.getBitDepth() == 8 ? new ByteProcessor(fp.getWidth(), fp.getHeight())
                : new ShortProcessor(fp.getWidth(), fp.getHeight());
        double max = source.getBitDepth() == 8 ? 255 : 65535;
        for (int i = 0; i < fp.getPixelCount(); i++)
            out.setf(i, (float) Math.min(max, Math.max(0, Math.floor(fp.getf(i) + 0.5))));
        return new ImagePlus(projection.getTitle(), out);
    }

    /** A 127 x 93 x 7 crop starting at (x0, y0, z0). */
    static ImagePlus crop(ImagePlus imp, int x0, int y0, int z0) {
        ImageStack in = imp.getStack();
        ImageStack out = new ImageStack(127, 93);
        for (int z = 0; z < 7; z++) {
            ImageProcessor ip = in.getProcessor(1 + (z0 + z) % in.getSize());
            ip.setRoi(x0, y0, 127, 93);
            out.addSlice(ip.crop());
        }
        return new ImagePlus(imp.getTitle() + "-crop", out);
    }

    static void check(ImagePlus imp) {
        String[][] methods = {{"max", "maximumZProjection"}, {"min", "minimumZProjection"},
            {"avg", "meanZProjection"}, {"sum", "sumZProjection"}, {"sd", "standardDeviationZProjection"}};
        for (String[] m : methods) {
            ImagePlus expected = ZProjector.run(imp, m[0]);
            if (!m[0].equals("sum")) expected = like(imp, expected);
            assertClose(m[1] + " " + imp.getTitle() + " (" + imp.getBitDepth() + "-bit)", expected, run(imp, m[1]), 0);
        }
        int n = imp.getStackSize();
        int lo = Math.min(1, n - 1), hi = Math.max(lo, n - 2); // 0-based, both included
        String[][] bounded = {{"max", "maximumZProjectionBounded"}, {"min", "minimumZProjectionBounded"},
            {"avg", "meanZProjectionBounded"}};
        for (String[] m : bounded) {
            ImagePlus expected = like(imp, ZProjector.run(imp, m[0], lo + 1, hi + 1));
            assertClose(m[1] + " " + lo + ".." + hi + " " + imp.getTitle(), expected,
                    run(imp, m[1], (double) lo, (double) hi), 0);
        }
    }

    @Test
    public void equalsZProjector() {
        ImagePlus drosophila = open("drosophila_timelapse.tif");
        ImagePlus head = open("mini-t1-head.tif");
        check(drosophila);
        check(head);
        check(toFloat(head, 3));
        check(open("beads_3d.tif"));
        check(crop(drosophila, 3, 5, 0));
        check(crop(head, 20, 17, 4));
        check(toFloat(crop(head, 11, 9, 2), 7));
    }
}
