package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;
import static org.junit.Assert.assertNotNull;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import net.ijcl.Ijcl;
import net.ijcl.tools.HeadlessImageJ;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * resliceTop, resliceBottom, resliceLeft and resliceRight against ImageJ's own Image > Stacks >
 * Reslice [/] (ij.plugin.Slicer, run as its command with "avoid interpolation" and output
 * spacing 1, no rotation) on odd-sized stacks: a 127 x 93 x 7 crop of
 * the 16-bit cancer cell time-lapse, the same as 8-bit and as 32-bit (divided by 7), and a
 * 61 x 47 x 5 crop of the 8-bit bead stack. Calibration is reset to 1 pixel so that Slicer does not
 * rescale z. Tolerance 0: pixels move unchanged.
 */
public class ResliceImageJTest {
    @BeforeClass
    public static void setUp() {
        HeadlessImageJ.patch();
        Interpreter.batchMode = true;
        Ijcl.selectDevice("");
    }

    @AfterClass
    public static void tearDown() {
        Interpreter.batchMode = false;
        Ijcl.clear();
    }

    static ImagePlus crop(ImagePlus imp, int x, int y, int w, int h, int z0, int d) {
        ImagePlus c = FilterComparison.crop(imp, imp.getTitle() + " crop", x, y, w, h, z0, d);
        c.setCalibration(new Calibration());
        return c;
    }

    /** ImageJ's Reslice [/] of {@code imp} starting at {@code start}. */
    static ImagePlus imagej(ImagePlus imp, String start, boolean rotate) {
        ImagePlus in = imp.duplicate();
        in.setCalibration(new Calibration());
        in.deleteRoi();
        IJ.run(in, "Reslice [/]...", "output=1.000 start=" + start + (rotate ? " rotate" : "") + " avoid");
        ImagePlus out = WindowManager.getCurrentImage();
        assertNotNull("Reslice made no image", out);
        if (out == in) throw new AssertionError("Reslice [/] did not run on " + imp.getTitle());
        out.changes = false;
        out.close();
        return out;
    }

    static void check(ImagePlus imp) {
        String t = imp.getTitle() + " (" + imp.getBitDepth() + "-bit " + imp.getWidth() + "x" + imp.getHeight() + "x"
                + imp.getStackSize() + ")";
        assertClose("resliceTop " + t, imagej(imp, "Top", false), run(imp, "resliceTop"), 0);
        assertClose("resliceBottom " + t, imagej(imp, "Bottom", false), run(imp, "resliceBottom"), 0);
        assertClose("resliceLeft " + t, imagej(imp, "Left", false), run(imp, "resliceLeft"), 0);
        assertClose("resliceRight " + t, imagej(imp, "Right", false), run(imp, "resliceRight"), 0);
    }

    @Test
    public void equalsImageJ() {
        ImagePlus cells = crop(open("cancer_cell_migration_crop.tif"), 0, 0, 127, 93, 0, 7);
        check(cells);
        ImagePlus cells8 = cells.duplicate();
        cells8.setTitle("cells 8-bit");
        new ij.process.StackConverter(cells8).convertToGray8();
        check(cells8);
        ImagePlus cellsFloat = toFloat(cells, 7);
        cellsFloat.setCalibration(new Calibration());
        check(cellsFloat);
        check(crop(open("beads_3d.tif"), 0, 0, 61, 47, 3, 5));
    }
}
