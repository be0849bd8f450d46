package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.toFloat;

import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Concatenator;
import ij.plugin.StackCombiner;
import ij.plugin.SubstackMaker;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import org.junit.Test;

/**
 * The remap family against ImageJ's own commands on real images (an 8-bit time-lapse, a 16-bit
 * MRI stack, the same as 32-bit, a binary-like bead stack) cut to odd sizes: crop2D/crop3D
 * against ImageProcessor.crop per slice (Image > Crop / Duplicate), rotateClockwise /
 * rotateCounterClockwise against ImageProcessor.rotateRight / rotateLeft (Rotate 90 Degrees),
 * subStack against SubstackMaker (Make Substack), concatenateStacks against Concatenator,
 * combineHorizontally / combineVertically against StackCombiner (Combine), copySlice against
 * the stack's slice. Tolerance 0: pixels move unchanged.
 */
public class RemapImageJTest extends DeviceTestBase {
    static ImagePlus ijcl(String op, ImagePlus a, ImagePlus b, Object... numbers) {
        Ijcl.push(a, "rm_a");
        int n = b == null ? 2 : 3;
        Object[] args = new Object[numbers.length + n];
        args[0] = "rm_a";
        if (b != null) {
            Ijcl.push(b, "rm_b");
            args[1] = "rm_b";
        }
        args[n - 1] = "rm_out";
        System.arraycopy(numbers, 0, args, n, numbers.length);
        Ijcl.execute(op, args);
        ImagePlus out = Ijcl.pull("rm_out");
        Ijcl.clear();
        return out;
    }

    static ImagePlus perSlice(ImagePlus imp, java.util.function.UnaryOperator<ImageProcessor> f) {
        ImageStack in = imp.getStack();
        ImageStack out = null;
        for (int z = 1; z <= in.getSize(); z++) {
            ImageProcessor ip = f.apply(in.getProcessor(z).duplicate());
            if (out == null) out = new ImageStack(ip.getWidth(), ip.getHeight());
            out.addSlice(ip);
        }
        return new ImagePlus(imp.getTitle(), out);
    }

    static ImagePlus crop(ImagePlus imp, int x, int y, int w, int h, int z0, int d) {
        return FilterComparison.crop(imp, imp.getTitle(), x, y, w, h, z0, d);
    }

    static void check(ImagePlus imp) {
        String t = imp.getTitle() + " (" + imp.getBitDepth() + "-bit)";
        int w = imp.getWidth(), h = imp.getHeight(), d = imp.getStackSize();
        int cw = Math.max(1, w - 11), ch = Math.max(1, h / 2 + 1), cd = Math.max(1, d - 2);
        assertClose("crop3D " + t, crop(imp, 3, 5, cw - 3, ch, 1 % d, Math.min(cd, d - 1 % d)),
                ijcl("crop3D", imp, null, 3.0, 5.0, (double) (1 % d), (double) (cw - 3), (double) ch, (double) Math.min(cd, d - 1 % d)), 0);
        assertClose("crop2D " + t, crop(imp, 7, 2, 17, 9, 0, 1), ijcl("crop2D", imp, null, 7.0, 2.0, 17.0, 9.0), 0);
        assertClose("rotateClockwise " + t, perSlice(imp, ImageProcessor::rotateRight), ijcl("rotateClockwise", imp, null), 0);
        assertClose("rotateCounterClockwise " + t, perSlice(imp, ImageProcessor::rotateLeft), ijcl("rotateCounterClockwise", imp, null), 0);
        if (d >= 3) {
            ImagePlus sub = new SubstackMaker().makeSubstack(imp, "2-" + (d - 1));
            assertClose("subStack " + t, sub, ijcl("subStack", imp, null, 1.0, (double) (d - 2)), 0);
            ImagePlus plane = new ImagePlus("plane", imp.getStack().getProcessor(3).duplicate());
            assertClose("copySlice " + t, plane, ijcl("copySlice", imp, null, 2.0), 0);
        }
        ImagePlus second = perSlice(imp, ip -> { ip.flipHorizontal(); return ip; });
        assertClose("concatenateStacks " + t, new Concatenator().concatenate(imp.duplicate(), second.duplicate(), false),
                ijcl("concatenateStacks", imp, second), 0);
        ImageStack h2 = new StackCombiner().combineHorizontally(imp.duplicate().getStack(), second.duplicate().getStack());
        assertClose("combineHorizontally " + t, new ImagePlus("h", h2), ijcl("combineHorizontally", imp, second), 0);
        ImageStack v2 = new StackCombiner().combineVertically(imp.duplicate().getStack(), second.duplicate().getStack());
        assertClose("combineVertically " + t, new ImagePlus("v", v2), ijcl("combineVertically", imp, second), 0);
    }

    @Test
    public void equalsImageJ() {
        ImagePlus head = open("mini-t1-head.tif");
        check(crop(open("drosophila_timelapse.tif"), 1, 2, 127, 93, 0, 7));
        check(head);
        check(toFloat(head, 3));
        check(crop(open("beads_3d.tif"), 0, 0, 61, 47, 3, 5));
        check(new ImagePlus("blobs plane", open("blobs.tif").getProcessor()));
    }
}
