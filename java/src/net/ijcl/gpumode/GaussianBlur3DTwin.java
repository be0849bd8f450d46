package net.ijcl.gpumode;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.GaussianBlur3D;


/**
 * GPU twin of Process > Filters > Gaussian Blur 3D... ({@code ij.plugin.GaussianBlur3D}).
 * GaussianBlur3D's {@code blur} is static, so this subclass repeats its {@code run(arg)}: the
 * same composite check and error, the same dialog (the sigmas kept in GaussianBlur3D's own static
 * fields, so that dialog defaults and macro options behave as in ImageJ) and timing; its blur
 * removes the ROI as ImageJ's does, runs ijcl's gaussianBlur3D (ImageJ's GaussianBlur3D
 * algorithm: ImageJ's 2D blur of every plane with accuracy 0.002 for 8-bit and 0.0002 otherwise,
 * stored in the pixel type, then the z pass with the same kernel rule, rounded half up) and,
 * when sigma z > 0, calls {@code imp.updateAndDraw()} as ImageJ does.
 *
 * <p>Runs ImageJ's code ({@code GaussianBlur3D.blur}) instead for: hyperstacks (ImageJ blurs each
 * channel and time point as its own volume), RGB, virtual stacks and negative sigmas (ImageJ
 * skips those axes or passes them on to GaussianBlur).
 */
public class GaussianBlur3DTwin extends GaussianBlur3D {
    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        if (imp.isComposite() && imp.getNChannels() == imp.getStackSize()) {
            IJ.error("3D Gaussian Blur", "Composite color images not supported");
            return;
        }
        if (!showDialog()) return;
        imp.startTiming();
        blur3D(imp, sigma("xsigma"), sigma("ysigma"), sigma("zsigma"));
        IJ.showTime(imp, imp.getStartTime(), "", imp.getStackSize());
    }

    private static void blur3D(ImagePlus imp, double sx, double sy, double sz) {
        if (covered(imp, sx, sy, sz)) {
            imp.deleteRoi();
            ImageStack stack = imp.getStack();
            if (Gpu.stack(stack, stack, (in, out) -> Gpu.op("gaussianBlur3D", in, out, sx, sy, sz))) {
                if (sz > 0.0) imp.updateAndDraw();
                return;
            }
        }
        blur(imp, sx, sy, sz);
    }

    private static boolean covered(ImagePlus imp, double sx, double sy, double sz) {
        if (!(sx >= 0 && sy >= 0 && sz >= 0)) return Gpu.fallBack("sigma " + sx + ", " + sy + ", " + sz);
        if (imp.isHyperStack()) return Gpu.fallBack("a hyperstack (ImageJ blurs each channel and frame on its own)");
        return true;
    }

    /** GaussianBlur3D.showDialog, on GaussianBlur3D's own static sigmas. */
    private static boolean showDialog() {
        return Reflect.xyzDialog("3D Gaussian Blur", GaussianBlur3D.class, new String[] {"X sigma:", "Y sigma:", "Z sigma:"},
                new String[] {"xsigma", "ysigma", "zsigma"});
    }

    private static double sigma(String name) {
        return Reflect.staticNumber(GaussianBlur3D.class, name);
    }
}
