package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.assertClose;
import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;
import static net.ijcl.ops.FilterComparison.toFloat;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.WindowManager;
import ij.plugin.Thresholder;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * threshold and automaticThreshold against ImageJ's own thresholding. Tolerance: 0 (the masks
 * must be identical) for every image, type and method.
 *
 * - threshold(t): ImageJ's setThreshold(t, max) + createMask on every slice (whole t).
 * - automaticThreshold on a 2D image: ImageProcessor.setAutoThreshold("<Method> dark") followed by
 *   ImageJ's Convert to Mask (ij.plugin.Thresholder "mask"), run unchanged.
 * - automaticThreshold on a stack: IJ.setAutoThreshold(imp, "<Method> dark stack") (ImageJ's stack
 *   histogram), then ImageJ's resulting lower/upper thresholds applied to every slice the way
 *   Convert to Mask does for a stack (8-bit: lower <= v <= upper; 16/32-bit: compared as floats).
 *   Convert to Mask itself cannot run on a stack here: it opens a dialog, which fails headless.
 * - Raw pixel values: an inverting LUT is removed from the ImageJ copy first (ImageJ's "dark"
 *   would otherwise select the low raw values of an image displayed inverted); ijcl always
 *   treats high raw values as objects.
 *
 * Images: blobs.tif (8-bit), Lund_MAX_001300.tif (16-bit) and the same as 32-bit,
 * mini-t1-head.tif (16-bit stack) and as 32-bit, drosophila_timelapse.tif (8-bit stack).
 */
public class ThresholdImageJTest {
    @BeforeClass
    public static void setUp() {
        Ijcl.selectDevice("");
        Prefs.blackBackground = true;  // masks with 255 = object, as ijcl pulls binary images
    }

    @AfterClass
    public static void tearDown() {
        Ijcl.clear();
    }

    static ImagePlus withoutInvertingLut(ImagePlus imp) {
        ImagePlus out = copy(imp);
        for (int z = 1; z <= out.getStackSize(); z++) {
            ImageProcessor ip = out.getStack().getProcessor(z);
            if (ip.isInvertedLut()) ip.invertLut();
        }
        if (out.getProcessor().isInvertedLut()) out.getProcessor().invertLut();
        assertFalse(out.getProcessor().isInvertedLut());
        return out;
    }

    /** ImageJ: setAutoThreshold("<method> dark") (2D) or the stack variant, then the mask. */
    static ImagePlus imagejAuto(ImagePlus source, String method) {
        ImagePlus imp = withoutInvertingLut(source);
        if (imp.getStackSize() == 1) {
            imp.getProcessor().setAutoThreshold(method + " dark");
            WindowManager.setTempCurrentImage(imp);
            new Thresholder().run("mask");  // Process > Binary > Convert to Mask
            WindowManager.setTempCurrentImage(null);
            assertEquals("Convert to Mask made an 8-bit mask", 8, imp.getBitDepth());
            return imp;
        }
        IJ.setAutoThreshold(imp, method + " dark stack");
        double lower = imp.getProcessor().getMinThreshold(), upper = imp.getProcessor().getMaxThreshold();
        boolean bytes = imp.getBitDepth() == 8;
        ImageStack in = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= in.getSize(); z++) {
            ImageProcessor ip = in.getProcessor(z);
            ByteProcessor mask = new ByteProcessor(imp.getWidth(), imp.getHeight());
            for (int i = 0; i < ip.getPixelCount(); i++) {
                float v = ip.getf(i);
                boolean in_ = bytes ? (v >= lower && v <= upper) : (v >= (float) lower && v <= (float) upper);
                mask.set(i, in_ ? 255 : 0);
            }
            out.addSlice(mask);
        }
        return new ImagePlus(imp.getTitle() + "-mask", out);
    }

    static ImagePlus imagejFixed(ImagePlus imp, double t) {
        double max = imp.getBitDepth() == 8 ? 255 : imp.getBitDepth() == 16 ? 65535 : Float.MAX_VALUE;
        ImageStack in = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= in.getSize(); z++) {
            ImageProcessor ip = in.getProcessor(z).duplicate();
            ip.setThreshold(t, max, ImageProcessor.NO_LUT_UPDATE);
            out.addSlice(ip.createMask());
        }
        return new ImagePlus(imp.getTitle() + "-mask", out);
    }

    static ImagePlus[] images() {
        ImagePlus lund = open("Lund_MAX_001300.tif");
        ImagePlus head = open("mini-t1-head.tif");
        return new ImagePlus[] {open("blobs.tif"), lund, toFloat(lund, 3), head, toFloat(head, 7),
                open("drosophila_timelapse.tif")};
    }

    @Test
    public void thresholdEqualsSetThresholdAndCreateMask() {
        ImagePlus[] imgs = images();
        double[] t = {128, 500, 500.0 / 3, 300, 300.0 / 7, 70};
        for (int k = 0; k < imgs.length; k++)
            assertClose("threshold " + t[k] + " " + imgs[k].getTitle(), imagejFixed(imgs[k], t[k]),
                    run(withoutInvertingLut(imgs[k]), "threshold", t[k]), 0);
    }

    @Test
    public void registryOffersImageJsMethods() {
        OpDescriptor op = OpRegistry.get().find("automaticThreshold");
        assertEquals(String.join(",", AutoThresholder.getMethods()), String.join(",", op.params.get(2).choices));
    }

    @Test
    public void automaticThresholdEqualsImageJForEveryMethod() {
        for (ImagePlus imp : images()) {
            for (String method : AutoThresholder.getMethods()) {
                assertClose("automaticThreshold " + method + " " + imp.getTitle() + " (" + imp.getBitDepth() + "-bit, "
                        + imp.getStackSize() + " planes)", imagejAuto(imp, method),
                        run(withoutInvertingLut(imp), "automaticThreshold", method), 0);
            }
        }
    }
}
