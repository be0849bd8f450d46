package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.plugin.filter.RankFilters;
import ij.process.ImageProcessor;
import org.junit.Test;

/**
 * topHatSphere (radius_z = 0) against ImageJ's Process > Filters > Top Hat...: RankFilters.rank
 * with TOP_HAT, "Light background" and "Don't subtract" off. ImageJ's top hat depends on the
 * LUT: on an inverting LUT (blobs.tif has one) it computes a closing-based top hat instead, so
 * the ImageJ side runs on processors with a normal LUT; the pixel values are the same.
 *
 * Tolerance: 0 (source - opening of integers, or the same float subtraction).
 */
public class TopHatImageJTest extends DeviceTestBase {
    static ImagePlus imagejTopHat(ImagePlus imp, double radius) {
        ImagePlus out = copy(imp);
        RankFilters filters = new RankFilters();
        for (int z = 1; z <= out.getStackSize(); z++) {
            ImageProcessor ip = out.getStack().getProcessor(z);
            if (ip.isInvertedLut()) ip.invertLut();
            filters.rank(ip, radius, RankFilters.TOP_HAT, 0, 0f, false, false);
        }
        return out;
    }

    static void check(String file, ImagePlus imp, double radius) {
        ImagePlus expected = imagejTopHat(imp, radius);
        // The top hat must change something (otherwise the comparison proves little).
        assertTrue(expected.getStack().getProcessor(1).getStatistics().max > 0);
        assertClose("topHatSphere " + file + " radius " + radius, expected,
                run(imp, "topHatSphere", radius, radius, 0.0), 0);
    }

    @Test
    public void blobs8Bit() {
        ImagePlus blobs = open("blobs.tif");
        check("blobs.tif", blobs, 2);
        check("blobs.tif", blobs, 7.5);
    }

    @Test
    public void lund16Bit() {
        check("Lund_MAX_001300.tif", open("Lund_MAX_001300.tif"), 5);
    }

    @Test
    public void float32AndStacks() {
        check("Lund_MAX_001300.tif / 7 (32-bit)", toFloat(open("Lund_MAX_001300.tif"), 7), 3);
        check("mini-t1-head.tif", open("mini-t1-head.tif"), 2);
    }
}
