package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;

import ij.ImagePlus;
import ij.plugin.ZProjector;
import net.ijcl.Ijcl;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * maximumZProjection against Image > Stacks > Z Project... Max Intensity (ZProjector.run(imp,
 * "max")) on an 8-bit time-lapse, a 16-bit MRI stack, the same as 32-bit, and a confocal bead
 * stack. Tolerance: 0 (exact).
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

    static void check(ImagePlus imp) {
        assertClose("maximumZProjection " + imp.getTitle(), ZProjector.run(imp, "max"), run(imp, "maximumZProjection"), 0);
    }

    @Test
    public void equalsZProjectorMax() {
        check(open("drosophila_timelapse.tif"));
        ImagePlus head = open("mini-t1-head.tif");
        check(head);
        check(toFloat(head, 3));
        check(open("beads_3d.tif"));
    }
}
