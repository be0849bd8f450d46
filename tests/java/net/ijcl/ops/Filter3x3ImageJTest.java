package net.ijcl.ops;

import static net.ijcl.ops.FilterComparison.copy;
import static net.ijcl.ops.FilterComparison.open;
import static net.ijcl.ops.FilterComparison.run;

import ij.ImagePlus;
import ij.plugin.filter.UnsharpMask;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import org.junit.Test;

/**
 * smooth, sharpen and findEdges against ImageJ's ImageProcessor.smooth, sharpen and findEdges
 * (Process > Smooth, Sharpen, Find Edges; every slice of a stack), and unsharpMask against
 * ImageJ's UnsharpMask.sharpenFloat on the plane as float, converted back as PlugInFilterRunner's
 * CONVERT_TO_FLOAT does (ImageProcessor.setPixels(0, fp)); on the odd-sized 127 x 93 x 7 crops
 * (uint8, uint16, float32), real images and floats spanning many binary orders of magnitude.
 * Tolerance 0, compared bit for bit (VarianceFilterImageJTest.assertBitwise).
 */
public class Filter3x3ImageJTest extends DeviceTestBase {
    static ImagePlus imagej(ImagePlus imp, String op) {
        ImagePlus out = copy(imp);
        for (int z = 1; z <= out.getStackSize(); z++) {
            ImageProcessor ip = out.getStack().getProcessor(z);
            if (op.equals("smooth")) ip.smooth();
            else if (op.equals("sharpen")) ip.sharpen();
            else ip.findEdges();
        }
        return out;
    }

    static ImagePlus imagejUnsharp(ImagePlus imp, double sigma, float weight) {
        ImagePlus out = copy(imp);
        for (int z = 1; z <= out.getStackSize(); z++) {
            ImageProcessor ip = out.getStack().getProcessor(z);
            FloatProcessor fp = ip.toFloat(0, null);
            fp.snapshot();
            new UnsharpMask().sharpenFloat(fp, sigma, weight);
            ip.setPixels(0, fp);
        }
        return out;
    }

    static void check(String what, ImagePlus imp) {
        for (String op : new String[] {"smooth", "sharpen", "findEdges"})
            VarianceFilterImageJTest.assertBitwise(op + " " + what, imagej(imp, op), run(imp, op));
    }

    static void checkUnsharp(String what, ImagePlus imp, double sigma, float weight) {
        VarianceFilterImageJTest.assertBitwise("unsharpMask " + what + " sigma " + sigma + " weight " + weight,
                imagejUnsharp(imp, sigma, weight), run(imp, "unsharpMask", sigma, (double) weight));
    }

    @Test
    public void filters3x3OddSized() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) check(imp.getTitle(), imp);
    }

    @Test
    public void filters3x3RealImagesAndWideFloats() {
        check("blobs.tif", open("blobs.tif"));
        check("Lund_MAX_001300.tif", open("Lund_MAX_001300.tif"));
        check("wide floats", VarianceFilterImageJTest.wideFloats(67, 45, 2, 3));
    }

    @Test
    public void unsharpMaskOddSized() {
        for (ImagePlus imp : OddSizedImageJTest.stacks()) {
            checkUnsharp(imp.getTitle(), imp, 1, 0.6f);
            checkUnsharp(imp.getTitle(), imp, 2.5, 0.9f);
        }
    }

    @Test
    public void unsharpMaskRealImages() {
        checkUnsharp("blobs.tif", open("blobs.tif"), 0.5, 0.3f);
        checkUnsharp("Lund_MAX_001300.tif", open("Lund_MAX_001300.tif"), 12, 0.6f); // beyond 8.5: down/upscaling
        checkUnsharp("wide floats", VarianceFilterImageJTest.wideFloats(67, 45, 1, 5), 1.5, 0.6f);
    }
}
