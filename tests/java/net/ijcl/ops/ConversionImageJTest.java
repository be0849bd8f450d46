package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ImageConverter;
import ij.process.StackConverter;
import net.ijcl.Ijcl;
import org.junit.AfterClass;
import org.junit.Test;

/**
 * convertUInt8, convertUInt16 and convertFloat against Image > Type with "Scale when converting"
 * off (ImageConverter / StackConverter with setDoScaling(false)), on real 16-bit and 8-bit stacks
 * and on float stacks holding fractions, negative values and values beyond 65535, also on odd-sized
 * crops; a conversion to the image's own type against ImageJ leaving the image alone (the image
 * itself); create2D and create3D (8, 16 and 32-bit, odd sizes) against File > New > Image... black.
 * Tolerance 0.
 */
public class ConversionImageJTest extends DeviceTestBase {
    @AfterClass
    public static void restoreScaling() {
        ImageConverter.setDoScaling(true);
    }

    static ImagePlus imagej(ImagePlus imp, String type) {
        ImagePlus copy = imp.duplicate();
        ImageConverter.setDoScaling(false);
        if (copy.getStackSize() > 1) {
            StackConverter sc = new StackConverter(copy);
            if (type.equals("8-bit")) sc.convertToGray8();
            else if (type.equals("16-bit")) sc.convertToGray16();
            else sc.convertToGray32();
        } else {
            ImageConverter ic = new ImageConverter(copy);
            if (type.equals("8-bit")) ic.convertToGray8();
            else if (type.equals("16-bit")) ic.convertToGray16();
            else ic.convertToGray32();
        }
        ImageConverter.setDoScaling(true);
        return copy;
    }

    static void check(ImagePlus imp) {
        String[][] ops = {{"8-bit", "convertUInt8"}, {"16-bit", "convertUInt16"}, {"32-bit", "convertFloat"}};
        for (String[] o : ops) {
            // Image > Type to the image's own type leaves it alone: the expected result is the image itself.
            ImagePlus expected = o[0].equals(imp.getBitDepth() + "-bit") ? imp.duplicate() : imagej(imp, o[0]);
            assertClose(o[1] + " " + imp.getTitle() + " (" + imp.getBitDepth() + "-bit, " + imp.getWidth() + " x "
                    + imp.getHeight() + " x " + imp.getStackSize() + ")", expected, FilterComparison.run(imp, o[1]), 0);
        }
    }

    @Test
    public void equalsImageTypeWithoutScaling() {
        ImagePlus head = open("mini-t1-head.tif");
        check(head);
        check(open("drosophila_timelapse.tif"));
        // float values with fractions (x.5 ties included), negatives and values beyond 65535
        ImagePlus f = FilterComparison.toFloat(head, 1);
        for (int z = 1; z <= f.getStackSize(); z++) {
            ij.process.ImageProcessor ip = f.getStack().getProcessor(z);
            for (int i = 0; i < ip.getPixelCount(); i++) ip.setf(i, ip.getf(i) * 37.5f - 2000.25f + (i % 4) * 0.25f);
        }
        check(f);
        check(new ImagePlus("plane", f.getStack().getProcessor(7).duplicate()));
        // odd-sized 127 x 93 x 7 crops (ProjectionImageJTest.crop; the 32 x 32 head's 31 x 29 part padded
        // with 0 by ImageStack): the head (16-bit and the float values) and drosophila (8-bit)
        check(ProjectionImageJTest.crop(head, 1, 3, 5));
        check(ProjectionImageJTest.crop(f, 1, 3, 5));
        check(ProjectionImageJTest.crop(open("drosophila_timelapse.tif"), 3, 5, 0));
    }

    @Test
    public void createEqualsNewBlackImage() {
        Ijcl.execute("create3D", "cr_a", 61.0, 47.0, 5.0, 16.0);
        assertClose("create3D", IJ.createImage("x", "16-bit black", 61, 47, 5), Ijcl.pull("cr_a"), 0);
        Ijcl.execute("create2D", "cr_b", 33.0, 7.0, 8.0);
        assertClose("create2D", IJ.createImage("x", "8-bit black", 33, 7, 1), Ijcl.pull("cr_b"), 0);
        Ijcl.execute("create2D", "cr_c", 5.0, 9.0, 32.0);
        assertClose("create2D 32-bit", IJ.createImage("x", "32-bit black", 5, 9, 1), Ijcl.pull("cr_c"), 0);
        Ijcl.execute("create2D", "cr_d", 27.0, 13.0, 16.0);
        assertClose("create2D 16-bit", IJ.createImage("x", "16-bit black", 27, 13, 1), Ijcl.pull("cr_d"), 0);
        Ijcl.execute("create3D", "cr_e", 9.0, 11.0, 3.0, 8.0);
        assertClose("create3D 8-bit", IJ.createImage("x", "8-bit black", 9, 11, 3), Ijcl.pull("cr_e"), 0);
        Ijcl.execute("create3D", "cr_f", 7.0, 5.0, 9.0, 32.0);
        assertClose("create3D 32-bit", IJ.createImage("x", "32-bit black", 7, 5, 9), Ijcl.pull("cr_f"), 0);
    }
}
