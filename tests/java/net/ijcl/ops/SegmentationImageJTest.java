package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * binaryFillHoles against ImageJ's Process > Binary > Fill Holes (ij.plugin.filter.Binary "fill",
 * black background, 255 = foreground) on single 2D masks, where the two definitions agree (the
 * background 4-connected to the image edge stays, every other background pixel becomes
 * foreground); on stacks ImageJ fills plane by plane and CLIJ2 / ijcl in 3D, so stacks are tested
 * against pyclesperanto (tests/oracles/clij2_oracles.tsv). Masks of blobs.tif (256 x 254, the
 * background selected: the blobs enclosed by it are its holes) and of odd-sized crops of it (127 x 93,
 * 101 x 77; blobs cut by the crop border touch the edge and stay background). ijcl's binary result
 * is pulled as a 0/255 mask. Tolerance: 0 (exact).
 */
public class SegmentationImageJTest {
    private static boolean blackBackground;

    @BeforeClass
    public static void setUp() {
        Ijcl.selectDevice("");
        blackBackground = Prefs.blackBackground;
        Prefs.blackBackground = true;
    }

    @AfterClass
    public static void tearDown() {
        Prefs.blackBackground = blackBackground;
        Ijcl.clear();
    }

    /** A 0/255 mask of plane 1 of imp (255 where lower <= value <= upper), cropped to w x h at x0, y0. */
    static ImagePlus mask(ImagePlus imp, double lower, double upper, int x0, int y0, int w, int h) {
        ImageProcessor ip = imp.getStack().getProcessor(1).duplicate();
        ip.setRoi(x0, y0, w, h);
        ip = ip.crop();
        ip.setThreshold(lower, upper, ImageProcessor.NO_LUT_UPDATE);
        return new ImagePlus(imp.getTitle() + "-mask", ip.createMask());
    }

    static void check(ImagePlus mask) {
        ImagePlus expected = new ImagePlus("filled", mask.getProcessor().duplicate());
        IJ.run(expected, "Fill Holes", "");
        long filled = 0;
        for (int i = 0; i < mask.getProcessor().getPixelCount(); i++)
            if (mask.getProcessor().get(i) == 0 && expected.getProcessor().get(i) != 0) filled++;
        assertTrue(mask.getTitle() + ": the mask should have holes for the test to mean something", filled > 0);
        assertClose("binaryFillHoles " + mask.getTitle() + " " + mask.getWidth() + "x" + mask.getHeight(), expected,
                run(mask, "binaryFillHoles"), 0);
    }

    @Test
    public void fillHolesOfBlobsMasks() {
        ImagePlus blobs = open("blobs.tif");
        check(mask(blobs, 0, 120, 0, 0, blobs.getWidth(), blobs.getHeight()));
        check(mask(blobs, 0, 200, 0, 0, blobs.getWidth(), blobs.getHeight()));
    }

    @Test
    public void fillHolesOfAnOddSizedMask() {
        ImagePlus blobs = open("blobs.tif");
        check(mask(blobs, 0, 120, 31, 17, 127, 93));
        check(mask(blobs, 0, 160, 64, 80, 101, 77));
    }
}
