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
import org.junit.Test;

/**
 * The Z projections against Image > Stacks > Z Project... (ij.plugin.ZProjector) on real stacks
 * (an 8-bit time-lapse, a 16-bit MRI stack, the same as 32-bit, a confocal bead stack) and on
 * odd-sized crops of them (127 x 93 x 7). Tolerance 0: maximum, minimum and sum are exact; mean
 * and standard deviation are exact for 32-bit, and for 8/16-bit equal ImageJ's float result
 * rounded to nearest (ijcl keeps the source's pixel type, as CLIJ2 does; ImageJ gives 32-bit).
 * The bounded variants against ZProjector with start and stop slices. medianZProjection against
 * ZProjector's median for an odd number of planes (the crops: 7), exact; for an even number ImageJ
 * averages the two middle values while CLIJ2 and ijcl take the upper one, checked against that rule.
 */
public class ProjectionImageJTest extends DeviceTestBase {
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
        return crop(imp, x0, y0, z0, 7);
    }

    /** A 127 x 93 x depth crop starting at (x0, y0, z0), planes taken cyclically. */
    static ImagePlus crop(ImagePlus imp, int x0, int y0, int z0, int depth) {
        ImageStack in = imp.getStack();
        ImageStack out = new ImageStack(127, 93);
        for (int z = 0; z < depth; z++) {
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
        // medianZProjection: ImageJ's median for an odd number of planes; for an even number ImageJ
        // averages the two middle values while CLIJ2 (and ijcl) take the upper one, checked against
        // that rule worked out here from the definition
        ImagePlus median = n % 2 == 1 ? like(imp, ZProjector.run(imp, "median")) : upperMedian(imp);
        assertClose("medianZProjection " + imp.getTitle() + " (" + imp.getBitDepth() + "-bit, " + n + " planes)", median,
                run(imp, "medianZProjection"), 0);
        int lo = Math.min(1, n - 1), hi = Math.max(lo, n - 2); // 0-based, both included
        String[][] bounded = {{"max", "maximumZProjectionBounded"}, {"min", "minimumZProjectionBounded"},
            {"avg", "meanZProjectionBounded"}};
        for (String[] m : bounded) {
            ImagePlus expected = like(imp, ZProjector.run(imp, m[0], lo + 1, hi + 1));
            assertClose(m[1] + " " + lo + ".." + hi + " " + imp.getTitle(), expected,
                    run(imp, m[1], (double) lo, (double) hi), 0);
        }
    }

    /** More than 64 planes: ijcl's median then ranks by counting instead of sorting in private memory. */
    @Test
    public void medianOfManyPlanes() {
        ImagePlus drosophila = open("drosophila_timelapse.tif");
        for (int depth : new int[] {65, 78}) {
            ImagePlus stack = crop(drosophila, 7, 2, 3, depth);
            ImagePlus expected = depth % 2 == 1 ? like(stack, ZProjector.run(stack, "median")) : upperMedian(stack);
            assertClose("medianZProjection " + depth + " planes", expected, run(stack, "medianZProjection"), 0);
            ImagePlus f = toFloat(stack, 7);
            expected = depth % 2 == 1 ? like(f, ZProjector.run(f, "median")) : upperMedian(f);
            assertClose("medianZProjection " + depth + " planes (32-bit)", expected, run(f, "medianZProjection"), 0);
        }
    }

    /** For every pixel, the value at index n / 2 of its n values along z sorted (the upper middle value). */
    static ImagePlus upperMedian(ImagePlus imp) {
        int n = imp.getStackSize();
        ImageProcessor out = imp.getStack().getProcessor(1).duplicate();
        float[] line = new float[n];
        for (int i = 0; i < out.getPixelCount(); i++) {
            for (int z = 0; z < n; z++) line[z] = imp.getStack().getProcessor(z + 1).getf(i);
            java.util.Arrays.sort(line);
            out.setf(i, line[n / 2]);
        }
        return new ImagePlus(imp.getTitle() + "-upper-median", out);
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
