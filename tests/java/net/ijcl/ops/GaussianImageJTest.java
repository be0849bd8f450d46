package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;

import ij.ImagePlus;
import ij.plugin.GaussianBlur3D;
import ij.plugin.filter.GaussianBlur;
import org.junit.Test;

/**
 * gaussianBlur2D against ImageJ's GaussianBlur.blurGaussian (what Process > Filters > Gaussian
 * Blur... runs on every slice, with accuracy 0.002 for 8-bit and 0.0002 for 16/32-bit images), and
 * gaussianBlur3D against ij.plugin.GaussianBlur3D.blur (Process > Filters > Gaussian Blur 3D...),
 * blur3DSliceBySlice (CLIJ2's name for a per-slice blur) against the same per-slice blur on odd-sized
 * 127 x 93 x 7 crops of 8-, 16- and 32-bit stacks.
 *
 * Tolerance: 0 for every image type. ijcl uses ImageJ's kernel weights (computed on the host the
 * same way) and sums in float in ImageJ's order, and rounds integers where ImageJ does (after the
 * 2D blur of each plane and at the end), so the results are expected to be identical, also for
 * sigma above 8.5 where ImageJ reduces, blurs and enlarges each line.
 */
public class GaussianImageJTest extends DeviceTestBase {
    /** ImageJ's 2D Gaussian blur on every slice of a copy. */
    static ImagePlus imagej2D(ImagePlus imp, double sigmaX, double sigmaY) {
        ImagePlus out = copy(imp);
        double accuracy = imp.getBitDepth() == 8 ? 0.002 : 0.0002;  // as GaussianBlur.run chooses
        GaussianBlur blur = new GaussianBlur();
        for (int z = 1; z <= out.getStackSize(); z++)
            blur.blurGaussian(out.getStack().getProcessor(z), sigmaX, sigmaY, accuracy);
        return out;
    }

    static ImagePlus imagej3D(ImagePlus imp, double sx, double sy, double sz) {
        ImagePlus out = copy(imp);
        GaussianBlur3D.blur(out, sx, sy, sz);
        return out;
    }

    static void check2D(String file, ImagePlus imp, double sx, double sy) {
        assertClose("gaussianBlur2D " + file + " sigma " + sx + "," + sy, imagej2D(imp, sx, sy),
                run(imp, "gaussianBlur2D", sx, sy), 0);
    }

    static void check3D(String file, ImagePlus imp, double sx, double sy, double sz) {
        assertClose("gaussianBlur3D " + file + " sigma " + sx + "," + sy + "," + sz, imagej3D(imp, sx, sy, sz),
                run(imp, "gaussianBlur3D", sx, sy, sz), 0);
    }

    @Test
    public void blobs8Bit() {
        ImagePlus blobs = open("blobs.tif");
        check2D("blobs.tif", blobs, 2, 2);
        check2D("blobs.tif", blobs, 0.7, 3.5);
        check2D("blobs.tif", blobs, 1, 0);
    }

    @Test
    public void lund16Bit() {
        ImagePlus lund = open("Lund_MAX_001300.tif");
        check2D("Lund_MAX_001300.tif", lund, 2, 2);
        check2D("Lund_MAX_001300.tif", lund, 5.5, 1);
    }

    @Test
    public void float32() {
        ImagePlus lund = toFloat(open("Lund_MAX_001300.tif"), 7);
        check2D("Lund_MAX_001300.tif / 7 (32-bit)", lund, 2, 2);
        check2D("Lund_MAX_001300.tif / 7 (32-bit)", lund, 3.3, 0.6);
    }

    @Test
    public void largeSigmaIsReducedLikeImageJ() {
        // sigma > 8.5: ImageJ reduces each line by floor(sigma / 4), blurs, enlarges.
        check2D("blobs.tif", open("blobs.tif"), 10, 10);
        check2D("Lund_MAX_001300.tif", open("Lund_MAX_001300.tif"), 12, 25);
        check3D("mini-t1-head.tif", open("mini-t1-head.tif"), 1, 1, 10);
    }

    @Test
    public void twoDOnAStackIsPerSlice() {
        check2D("mini-t1-head.tif", open("mini-t1-head.tif"), 1.5, 1.5);
    }

    /** blur3DSliceBySlice (CLIJ2's name) is ImageJ's 2D blur of every slice. */
    static void checkSliceBySlice(String file, ImagePlus imp, double sx, double sy) {
        assertClose("blur3DSliceBySlice " + file + " sigma " + sx + "," + sy, imagej2D(imp, sx, sy),
                run(imp, "blur3DSliceBySlice", sx, sy), 0);
    }

    @Test
    public void blur3DSliceBySliceOnOddSizedCrops() {
        ImagePlus drosophila = open("drosophila_timelapse.tif"), head = open("mini-t1-head.tif");
        ImagePlus drosophilaCrop = ProjectionImageJTest.crop(drosophila, 3, 5, 0);
        ImagePlus headCrop = ProjectionImageJTest.crop(head, 20, 17, 4);
        checkSliceBySlice("drosophila_timelapse.tif 127 x 93 x 7 crop (" + drosophilaCrop.getBitDepth() + "-bit)",
                drosophilaCrop, 2, 1.5);
        checkSliceBySlice("mini-t1-head.tif 127 x 93 x 7 crop (" + headCrop.getBitDepth() + "-bit)", headCrop, 1.2, 3);
        checkSliceBySlice("mini-t1-head.tif 127 x 93 x 7 crop / 7 (32-bit)", toFloat(headCrop, 7), 2.5, 0.8);
        checkSliceBySlice("mini-t1-head.tif", head, 10, 1);
    }

    @Test
    public void threeD() {
        check3D("mini-t1-head.tif", open("mini-t1-head.tif"), 2, 2, 2);
        check3D("beads_3d.tif", open("beads_3d.tif"), 1, 1, 2.5);
        check3D("mini-t1-head.tif (32-bit)", toFloat(open("mini-t1-head.tif"), 3), 1.2, 2, 0.8);
        check3D("mini-t1-head.tif z only", open("mini-t1-head.tif"), 0, 0, 2);
    }
}
