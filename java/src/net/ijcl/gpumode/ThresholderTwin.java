package net.ijcl.gpumode;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.LookUpTable;
import ij.Macro;
import ij.Prefs;
import ij.Undo;
import ij.plugin.Thresholder;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.ThresholdAdjuster;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * GPU twin of Process > Binary > Convert to Mask and Make Binary ({@code ij.plugin.Thresholder("mask")}
 * and {@code ij.plugin.Thresholder}) for single images (the stack dialog's options, method,
 * background, calculate, only, black, list and create, are not reproduced: stacks run ImageJ's code).
 * Thresholder is a PlugIn whose steps are private, so {@link #run(String)} does what
 * Thresholder.run and applyThreshold do for a single 8-, 16- or 32-bit image, with ImageJ's own
 * Java computing the threshold (the current one, or ImageProcessor.setAutoThreshold(ISODATA2) on the
 * image, scaled to 8-bit by its display range for 16/32-bit, as ImageJ does) and only the per-pixel
 * comparison on the device (greaterOrEqualConstant, smallerOrEqualConstant, binaryAnd: 255 where
 * lower <= value <= upper, else 0; 8-bit with the threshold's integer bounds, 16/32-bit with
 * ImageJ's float bounds). The ROI is removed, the LUT inverted or made grey, the invisible binary
 * threshold set and the Undo snapshot taken as ImageJ does.
 *
 * <p>Runs ImageJ's code instead for: stacks; RGB; an image locked by another command; Make Binary
 * when ImageJ would show its legacy dialog (a threshold set and a macro passing the old
 * "thresholded"/"remaining" keys, or no macro).
 */
public class ThresholderTwin extends Thresholder {
    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        if (covered(imp, arg)) {
            Undo.setup(Undo.TRANSFORM, imp);
            applyThreshold(imp);
            IJ.showProgress(1.0);
            return;
        }
        super.run(arg);
    }

    /** True when the single-image path below reproduces ImageJ's (checked before anything changes). */
    private static boolean covered(ImagePlus imp, String arg) {
        if (!Gpu.usable()) return false;
        if (imp.getStackSize() != 1)
            return Gpu.fallBack("a stack (the stack options of Convert to Mask / Make Binary run on the CPU)");
        int type = imp.getType();
        if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16 && type != ImagePlus.GRAY32)
            return Gpu.fallBack("pixel type " + type + " (8-, 16- and 32-bit grey images on the GPU)");
        if (imp.isLocked()) return Gpu.fallBack("the image is locked");
        if (type == ImagePlus.GRAY8) {
            boolean legacy = !(arg.equals("skip") || arg.equals("mask"));
            ImageProcessor ip = imp.getProcessor();
            // the threshold after ip.resetBinaryThreshold()
            boolean binaryThreshold = ip.getMinThreshold() == ip.getMaxThreshold()
                    && ip.getLutUpdateMode() == ImageProcessor.NO_LUT_UPDATE;
            boolean auto = binaryThreshold || ip.getMinThreshold() == ImageProcessor.NO_THRESHOLD;
            String options = Macro.getOptions();
            boolean modernMacro = options != null && !(options.contains("thresholded") || options.contains("remaining"));
            if (legacy && !(auto || modernMacro || (IJ.macroRunning() && options == null)))
                return Gpu.fallBack("Make Binary's legacy dialog (thresholded/remaining pixels, colours)");
        }
        return true;
    }

    /** Thresholder.applyThreshold(imp, false) for a single image, without the legacy dialog. */
    private void applyThreshold(ImagePlus imp) {
        imp.deleteRoi();
        ImageProcessor ip = imp.getProcessor();
        ip.resetBinaryThreshold();
        int type = imp.getType();
        if (type == ImagePlus.GRAY16 || type == ImagePlus.GRAY32) {
            applyShortOrFloatThreshold(imp);
            return;
        }
        if (!imp.lock()) return;
        double saveMinThreshold = ip.getMinThreshold();
        double saveMaxThreshold = ip.getMaxThreshold();
        boolean autoThreshold = saveMinThreshold == ImageProcessor.NO_THRESHOLD;
        double minThreshold, maxThreshold;
        ip = imp.getProcessor();
        if (autoThreshold) {
            double[] t = autoThreshold(ip);
            minThreshold = t[0];
            maxThreshold = t[1];
        } else {
            if (IJ.recording() && !Recorder.scriptMode() && (!IJ.isMacro() || Recorder.recordInMacros))
                Recorder.record("//setThreshold", (int) saveMinThreshold, (int) saveMaxThreshold);
            minThreshold = saveMinThreshold;
            maxThreshold = saveMaxThreshold;
        }
        if (ip.isColorLut()) ip.setColorModel(ip.getDefaultColorModel());
        ip.resetThreshold();
        // the LUT i -> (minThreshold <= i <= maxThreshold ? 255 : 0), on the device: for whole i
        // the bounds are ceil(min) and floor(max), exact in float
        double lo = Math.max(-1, Math.min(256, Math.ceil(minThreshold)));
        double hi = Math.max(-1, Math.min(256, Math.floor(maxThreshold)));
        if (!Gpu.plane(ip, (in, out) -> between(in, out, lo, hi))) {
            int[] lut = new int[256];
            for (int i = 0; i < 256; i++) lut[i] = i >= minThreshold && i <= maxThreshold ? 255 : 0;
            ip.applyTable(lut);
        }
        boolean invertedLut = imp.isInvertedLut();
        if ((invertedLut && Prefs.blackBackground) || (!invertedLut && !Prefs.blackBackground)) {
            ip.invertLut();
            if (!IJ.isMacro() && ThresholdAdjuster.isDarkBackground() && !invertedLut && !Prefs.blackBackground)
                IJ.log("\"Black background\" not set in Process>Binary>Options; inverting LUT");
        }
        imp.getProcessor().setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        imp.updateAndRepaintWindow();
        imp.unlock();
    }

    /** Thresholder.applyShortOrFloatThreshold: 255 where t1 <= value <= t2 (floats), a new 8-bit stack. */
    private void applyShortOrFloatThreshold(ImagePlus imp) {
        if (!imp.lock()) return;
        int width = imp.getWidth(), height = imp.getHeight(), size = width * height;
        int nSlices = imp.getStackSize();
        ImageStack stack1 = imp.getStack();
        ImageStack stack2 = new ImageStack(width, height);
        ImageProcessor ip = imp.getProcessor();
        float t1 = (float) ip.getMinThreshold();
        float t2 = (float) ip.getMaxThreshold();
        if (t1 == ImageProcessor.NO_THRESHOLD) {
            double min = ip.getMin();
            double max = ip.getMax();
            ip = ip.convertToByte(true);
            double[] t = autoThreshold(ip);
            t1 = (float) (min + (max - min) * (t[0] / 255.0));
            t2 = (float) (min + (max - min) * (t[1] / 255.0));
        }
        ByteProcessor[] masks = new ByteProcessor[nSlices];
        ImageStack target = new ImageStack(width, height);
        for (int i = 0; i < nSlices; i++) {
            masks[i] = new ByteProcessor(width, height);
            target.addSlice(null, masks[i].getPixels());
        }
        final float lower = t1, upper = t2;
        if (!Gpu.stack(stack1, target, (in, out) -> between(in, out, lower, upper))) {
            for (int i = 1; i <= nSlices; i++) {
                ImageProcessor ip1 = stack1.getProcessor(i);
                for (int j = 0; j < size; j++) {
                    float value = ip1.getf(j);
                    masks[i - 1].set(j, value >= lower && value <= upper ? 255 : 0);
                }
            }
        }
        for (int i = 1; i <= nSlices; i++) stack2.addSlice(stack1.getSliceLabel(i), masks[i - 1]);
        imp.setStack(null, stack2);
        ImageStack stack = imp.getStack();
        stack.setColorModel(LookUpTable.createGrayscaleColorModel(!Prefs.blackBackground));
        imp.setStack(null, stack);
        if (imp.isComposite()) {
            CompositeImage ci = (CompositeImage) imp;
            ci.setMode(IJ.GRAYSCALE);
            ci.resetDisplayRanges();
            ci.updateAndDraw();
        }
        imp.getProcessor().setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        IJ.showStatus("");
        imp.unlock();
    }

    /** Thresholder.autoThreshold: ISODATA2 on the (8-bit) processor; {min, max} threshold. */
    private static double[] autoThreshold(ImageProcessor ip) {
        ip.setAutoThreshold(ImageProcessor.ISODATA2, ImageProcessor.NO_LUT_UPDATE);
        return new double[] {ip.getMinThreshold(), ip.getMaxThreshold()};
    }

    /** out = 255 where lower <= in <= upper (compared in float), else 0; uint8. */
    private static void between(String in, String out, double lower, double upper) {
        String above = DeviceCache.newName(), below = DeviceCache.newName(), both = DeviceCache.newName();
        try {
            Gpu.op("greaterOrEqualConstant", in, above, lower);
            Gpu.op("smallerOrEqualConstant", in, below, upper);
            Gpu.op("binaryAnd", above, below, both);
            Gpu.op("replaceIntensity", both, out, 1.0, 255.0);
        } finally {
            Gpu.releaseQuietly(above);
            Gpu.releaseQuietly(below);
            Gpu.releaseQuietly(both);
        }
    }
}
