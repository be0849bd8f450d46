package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.StackReverser;
import ij.process.ImageProcessor;
import org.junit.Test;

/**
 * flip2D / flip3D against Image > Transform > Flip Horizontally / Flip Vertically (on every slice)
 * and Flip Z (StackReverser), and rotate2D against Image > Transform > Rotate... with bilinear
 * interpolation and background 0, i.e. ImageProcessor.rotate(angle) on every slice after
 * setInterpolationMethod(BILINEAR) and setBackgroundValue(0).
 *
 * Tolerances: 0 for the flips and for rotate2D on 8-bit, 16-bit and 32-bit images: ijcl repeats
 * ImageJ's double arithmetic step by step (on devices with fp64). The one conceivable source of a
 * difference is the C library's cos/sin differing from Java's in the last bit for some angle,
 * which could move a result across a .5 rounding tie; it has not happened for these angles.
 */
public class TransformImageJTest extends DeviceTestBase {
    static ImagePlus flipped(ImagePlus imp, boolean x, boolean y, boolean z) {
        ImagePlus out = copy(imp);
        ImageStack s = out.getStack();
        for (int i = 1; i <= s.getSize(); i++) {
            if (x) s.getProcessor(i).flipHorizontal();
            if (y) s.getProcessor(i).flipVertical();
        }
        if (z) new StackReverser().flipStack(out);
        return out;
    }

    static ImagePlus rotated(ImagePlus imp, double angle) {
        ImagePlus out = copy(imp);
        ImageStack s = out.getStack();
        for (int i = 1; i <= s.getSize(); i++) {
            ImageProcessor ip = s.getProcessor(i);
            ip.setInterpolationMethod(ImageProcessor.BILINEAR);
            ip.setBackgroundValue(0);
            ip.rotate(angle);
        }
        return out;
    }

    @Test
    public void flipsEqualImageJ() {
        for (ImagePlus imp : new ImagePlus[] {open("blobs.tif"), open("Lund_MAX_001300.tif"), open("mini-t1-head.tif"),
                open("drosophila_timelapse.tif")}) {
            String t = imp.getTitle();
            assertClose("flip2D x " + t, flipped(imp, true, false, false), run(imp, "flip2D", true, false), 0);
            assertClose("flip2D y " + t, flipped(imp, false, true, false), run(imp, "flip2D", false, true), 0);
            assertClose("flip2D xy " + t, flipped(imp, true, true, false), run(imp, "flip2D", true, true), 0);
            assertClose("flip3D z " + t, flipped(imp, false, false, true), run(imp, "flip3D", false, false, true), 0);
            assertClose("flip3D xyz " + t, flipped(imp, true, true, true), run(imp, "flip3D", true, true, true), 0);
        }
    }

    @Test
    public void rotate2DEqualsImageProcessorRotateBilinear() {
        ImagePlus lund = open("Lund_MAX_001300.tif");
        ImagePlus head = open("mini-t1-head.tif");
        for (double angle : new double[] {30, -45, 90, 137.5, 181}) {
            for (ImagePlus imp : new ImagePlus[] {open("blobs.tif"), lund, head}) {
                assertClose("rotate2D " + angle + " " + imp.getTitle(), rotated(imp, angle),
                        run(imp, "rotate2D", angle, true), 0);
            }
            ImagePlus f = toFloat(lund, 3);
            assertClose("rotate2D " + angle + " float Lund", rotated(f, angle), run(f, "rotate2D", angle, true), 0);
        }
    }
}
