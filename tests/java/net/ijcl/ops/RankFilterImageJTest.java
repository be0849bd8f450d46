package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Filters3D;
import ij.plugin.filter.RankFilters;
import org.junit.Test;

/**
 * mean/median/minimum/maximum2DSphere against ImageJ's RankFilters.rank (Process > Filters >
 * Mean..., Median..., Minimum..., Maximum..., every slice of a stack), and ...3DSphere against
 * ij.plugin.Filters3D.filter (Process > Filters > Mean 3D..., Median 3D..., Minimum 3D...,
 * Maximum 3D...).
 *
 * Tolerance: 0 for every image type. Minimum, maximum and median pick a pixel value; the means
 * are summed in double like ImageJ (exact for these data) and rounded the way each ImageJ class
 * rounds (RankFilters: to float, then +0.5 truncated; Filters3D: +0.5 in double).
 */
public class RankFilterImageJTest extends DeviceTestBase {
    static final String[] OPS = {"mean", "median", "minimum", "maximum"};
    static final int[] RANK_TYPES = {RankFilters.MEAN, RankFilters.MEDIAN, RankFilters.MIN, RankFilters.MAX};
    static final int[] FILTERS3D_TYPES = {Filters3D.MEAN, Filters3D.MEDIAN, Filters3D.MIN, Filters3D.MAX};

    static ImagePlus imagejRank(ImagePlus imp, double radius, int type) {
        ImagePlus out = copy(imp);
        RankFilters filters = new RankFilters();
        for (int z = 1; z <= out.getStackSize(); z++) filters.rank(out.getStack().getProcessor(z), radius, type);
        return out;
    }

    static ImagePlus imagejFilters3D(ImagePlus imp, float rx, float ry, float rz, int type) {
        ImageStack result = Filters3D.filter(imp.getStack(), type, rx, ry, rz);
        return new ImagePlus("Filters3D", result);
    }

    static void check2D(String file, ImagePlus imp, double radius) {
        for (int k = 0; k < OPS.length; k++)
            assertClose(OPS[k] + "2DSphere " + file + " radius " + radius, imagejRank(imp, radius, RANK_TYPES[k]),
                    run(imp, OPS[k] + "2DSphere", radius, radius), 0);
    }

    static void check3D(String file, ImagePlus imp, float rx, float ry, float rz) {
        for (int k = 0; k < OPS.length; k++)
            assertClose(OPS[k] + "3DSphere " + file + " radius " + rx + "," + ry + "," + rz,
                    imagejFilters3D(imp, rx, ry, rz, FILTERS3D_TYPES[k]),
                    run(imp, OPS[k] + "3DSphere", (double) rx, (double) ry, (double) rz), 0);
    }

    @Test
    public void sphere2DBlobs8Bit() {
        ImagePlus blobs = open("blobs.tif");
        for (double radius : new double[] {0.5, 1, 1.5, 2, 3.5}) check2D("blobs.tif", blobs, radius);
    }

    @Test
    public void sphere2DLund16Bit() {
        ImagePlus lund = open("Lund_MAX_001300.tif");
        for (double radius : new double[] {1, 2.5, 4}) check2D("Lund_MAX_001300.tif", lund, radius);
    }

    @Test
    public void sphere2DFloat32() {
        ImagePlus lund = toFloat(open("Lund_MAX_001300.tif"), 7);
        check2D("Lund_MAX_001300.tif / 7 (32-bit)", lund, 2);
    }

    @Test
    public void sphere2DOnAStackIsPerSlice() {
        check2D("mini-t1-head.tif", open("mini-t1-head.tif"), 2);
    }

    @Test
    public void sphere3DMiniT1Head16Bit() {
        check3D("mini-t1-head.tif", open("mini-t1-head.tif"), 2, 2, 2);
        check3D("mini-t1-head.tif", open("mini-t1-head.tif"), 2, 1, 1.5f);
    }

    @Test
    public void sphere3DBeads8Bit() {
        check3D("beads_3d.tif", open("beads_3d.tif"), 2, 2, 2);
    }

    @Test
    public void sphere3DFloat32() {
        check3D("mini-t1-head.tif / 7 (32-bit)", toFloat(open("mini-t1-head.tif"), 7), 1.5f, 1.5f, 1);
    }
}
