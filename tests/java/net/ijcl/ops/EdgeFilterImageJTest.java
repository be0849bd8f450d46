package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.run;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ImageCalculator;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.junit.Test;

/**
 * ImageJ as the oracle of the edge filters and Gaussian compositions that ImageJ has commands for,
 * on the odd-sized 127 x 93 x 7 crops of OddSizedImageJTest (uint8, uint16, float32; 2D cases get
 * plane 3):
 * <ul>
 * <li>differenceOfGaussian2D / differenceOfGaussian3D: ImageJ's Gaussian Blur (GaussianImageJTest.imagej2D)
 * or Gaussian Blur 3D (imagej3D) on two copies, then ImageJ's Image Calculator "Subtract" (stack),
 * which keeps the pixel type and clips negative integer results at 0, as CLIJ2's subtractImages into
 * an image of the source's type: exact (0).</li>
 * <li>divideByGaussianBackground: ImageJ's Gaussian Blur 3D (a 2D image: Gaussian Blur) on a copy,
 * then the float quotient source / background worked out here (Image Calculator's Divide gives
 * Infinity instead of NaN for 0 / 0; the crops have no 0 background): exact (0).</li>
 * <li>sobelSliceBySlice and sobel on a 2D image: ImageJ's Process > Find Edges (ImageProcessor.findEdges,
 * the 3x3 Sobel magnitude sqrt(gx^2 + gy^2), edge pixels repeated) on every plane. The definitions are
 * the same; the rounding is not: ImageJ truncates 8- and 16-bit results ((int) sqrt), ijcl (like
 * CLIJ2's conversion) rounds to nearest, so uint8 and uint16 differ by 1 where the fraction is 0.5 or
 * more (about half the pixels: seen 29597 of 82677 uint8, 40329 uint16); ImageJ's float results are
 * computed in double, ijcl's in float (CLIJ2's kernel): 2 float ulps seen (0.0039 at 22728),
 * tolerance 0.01 for values below 65536.</li>
 * </ul>
 */
public class EdgeFilterImageJTest extends DeviceTestBase {
    static ImagePlus subtract(ImagePlus a, ImagePlus b) {
        ImagePlus out = new ImageCalculator().run("Subtract create stack", a, b);
        out.setTitle(a.getTitle());
        return out;
    }

    /** source / background in float, pixel by pixel. */
    static ImagePlus quotient(ImagePlus source, ImagePlus background) {
        ImageStack out = new ImageStack(source.getWidth(), source.getHeight());
        for (int z = 1; z <= source.getStackSize(); z++) {
            ImageProcessor s = source.getStack().getProcessor(z), b = background.getStack().getProcessor(z);
            FloatProcessor q = new FloatProcessor(source.getWidth(), source.getHeight());
            for (int i = 0; i < s.getPixelCount(); i++) q.setf(i, s.getf(i) / b.getf(i));
            out.addSlice(q);
        }
        return new ImagePlus(source.getTitle() + "-quotient", out);
    }

    static ImagePlus findEdges(ImagePlus imp) {
        ImagePlus out = copy(imp);
        for (int z = 1; z <= out.getStackSize(); z++) out.getStack().getProcessor(z).findEdges();
        return out;
    }

    @Test
    public void differenceOfGaussianEqualsImageJBlursSubtracted() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) {
            ImagePlus plane = OddSizedImageJTest.plane(imp, 3);
            assertClose("differenceOfGaussian2D " + plane.getTitle(),
                    subtract(GaussianImageJTest.imagej2D(plane, 1.5, 2), GaussianImageJTest.imagej2D(plane, 4, 3.5)),
                    run(plane, "differenceOfGaussian2D", 1.5, 2, 4, 3.5), 0);
            assertClose("differenceOfGaussian2D " + imp.getTitle() + " stack",
                    subtract(GaussianImageJTest.imagej2D(imp, 1, 1), GaussianImageJTest.imagej2D(imp, 3, 3)),
                    run(imp, "differenceOfGaussian2D", 1, 1, 3, 3), 0);
            assertClose("differenceOfGaussian3D " + imp.getTitle(),
                    subtract(GaussianImageJTest.imagej3D(imp, 1, 1.5, 1), GaussianImageJTest.imagej3D(imp, 3, 2.5, 2)),
                    run(imp, "differenceOfGaussian3D", 1, 1.5, 1, 3, 2.5, 2), 0);
        }
    }

    @Test
    public void divideByGaussianBackgroundEqualsImageJBlurQuotient() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) {
            assertClose("divideByGaussianBackground " + imp.getTitle(),
                    quotient(imp, GaussianImageJTest.imagej3D(imp, 4, 3, 1.5)),
                    run(imp, "divideByGaussianBackground", 4, 3, 1.5), 0);
            ImagePlus plane = OddSizedImageJTest.plane(imp, 3);
            assertClose("divideByGaussianBackground " + plane.getTitle(),
                    quotient(plane, GaussianImageJTest.imagej2D(plane, 5, 2)),
                    run(plane, "divideByGaussianBackground", 5, 2, 7), 0);
        }
    }

    @Test
    public void sobelEqualsFindEdgesUpToRounding() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) {
            double tolerance = imp.getBitDepth() == 32 ? 0.01 : 1;
            assertClose("sobelSliceBySlice " + imp.getTitle(), findEdges(imp), run(imp, "sobelSliceBySlice"), tolerance);
            ImagePlus plane = OddSizedImageJTest.plane(imp, 3);
            assertClose("sobel " + plane.getTitle(), findEdges(plane), run(plane, "sobel"), tolerance);
        }
    }

    /**
     * Not an ImageJ oracle: the 2D branches of laplaceBox / laplaceDiamond (CLIJ2's laplace_box_2d and
     * laplace_diamond_2d: 8 or 4 times the centre minus the 8 or 4 neighbours, edge pixels repeated,
     * in double, then float) worked out here from that definition on the odd-sized plane, which the
     * stack rows of clij2_oracles.tsv do not reach. Integer results rounded to nearest and clipped to
     * the type's range (ijcl's conversion). Exact (0).
     */
    @Test
    public void laplaceOfAPlaneFollowsClij2s2DKernels() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) {
            ImagePlus plane = OddSizedImageJTest.plane(imp, 3);
            for (boolean box : new boolean[] {true, false}) {
                ImageProcessor in = plane.getProcessor();
                ImageProcessor expected = in.createProcessor(in.getWidth(), in.getHeight());
                int w = in.getWidth(), h = in.getHeight();
                for (int y = 0; y < h; y++)
                    for (int x = 0; x < w; x++) {
                        double sum = (box ? 8.0 : 4.0) * at(in, x, y);
                        for (int dy = -1; dy <= 1; dy++)
                            for (int dx = -1; dx <= 1; dx++)
                                if ((dx != 0 || dy != 0) && (box || dx == 0 || dy == 0)) sum -= at(in, x + dx, y + dy);
                        float v = (float) sum;
                        if (imp.getBitDepth() == 32) expected.setf(x, y, v);
                        else expected.set(x, y, (int) Math.max(0, Math.min(imp.getBitDepth() == 8 ? 255 : 65535, Math.floor(v + 0.5))));
                    }
                String op = box ? "laplaceBox" : "laplaceDiamond";
                assertClose(op + " " + plane.getTitle(), new ImagePlus("expected", expected), run(plane, op), 0);
            }
        }
    }

    static double at(ImageProcessor ip, int x, int y) {
        return ip.getf(Math.max(0, Math.min(ip.getWidth() - 1, x)), Math.max(0, Math.min(ip.getHeight() - 1, y)));
    }
}
