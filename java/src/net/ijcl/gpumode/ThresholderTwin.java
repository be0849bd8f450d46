package net.ijcl.gpumode;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.LookUpTable;
import ij.Macro;
import ij.Prefs;
import ij.Undo;
import ij.gui.GenericDialog;
import ij.plugin.Thresholder;
import ij.plugin.frame.Recorder;
import ij.plugin.frame.ThresholdAdjuster;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/**
 * GPU twin of Process > Binary > Convert to Mask and Make Binary ({@code ij.plugin.Thresholder("mask")}
 * and {@code ij.plugin.Thresholder}). Thresholder is a PlugIn whose steps are private, so
 * {@link #run(String)} does what Thresholder.run, applyThreshold, applyShortOrFloatThreshold and
 * (for stacks run from a macro) convertStack and convertStackToBinary do, for 8-, 16- and 32-bit
 * images and stacks (the stack dialog's method, background, calculate, only, black, list and
 * create options read from the macro options as ImageJ reads them), with ImageJ's own
 * Java computing the threshold (the current one, or ImageProcessor.setAutoThreshold(ISODATA2) on the
 * image, scaled to 8-bit by its display range for 16/32-bit, as ImageJ does) and only the per-pixel
 * comparison on the device (greaterOrEqualConstant, smallerOrEqualConstant, binaryAnd: 255 where
 * lower <= value <= upper, else 0; 8-bit with the threshold's integer bounds, 16/32-bit with
 * ImageJ's float bounds). The ROI is removed, the LUT inverted or made grey, the invisible binary
 * threshold set and the Undo snapshot taken as ImageJ does.
 *
 * <p>Runs ImageJ's code instead for: RGB; an image locked by another command; Make Binary on a
 * single 8-bit image when ImageJ would show its legacy dialog (a threshold set and a macro passing
 * the old "thresholded"/"remaining" keys, or no macro); stacks without macro options (ImageJ then
 * uses the dialog's remembered static settings), virtual stacks and composite images.
 */
public class ThresholderTwin extends Thresholder {
    @Override
    public void run(String arg) {
        ImagePlus imp = IJ.getImage();
        if (imp.getStackSize() == 1 ? covered(imp, arg) : coveredStack(imp)) {
            if (imp.getStackSize() == 1) {
                Undo.setup(Undo.TRANSFORM, imp);
                applyThreshold(imp, false);
            } else {
                convertStack(imp);
            }
            IJ.showProgress(1.0);
            return;
        }
        super.run(arg);
    }

    /** Stacks: the macro form of Thresholder.convertStack (checked before anything changes). */
    private static boolean coveredStack(ImagePlus imp) {
        if (!Gpu.usable()) return false;
        if (!IJ.isMacro())
            return Gpu.fallBack("a stack without macro options (ImageJ uses the dialog's remembered settings)");
        int type = imp.getType();
        if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16 && type != ImagePlus.GRAY32)
            return Gpu.fallBack("pixel type " + type + " (8-, 16- and 32-bit grey images on the GPU)");
        if (imp.getStack().isVirtual()) return Gpu.fallBack("virtual stack (ImageJ creates a new stack)");
        if (imp.isComposite()) return Gpu.fallBack("a composite image");
        if (imp.isLocked()) return Gpu.fallBack("the image is locked");
        return true;
    }

    /** Thresholder.convertStack with macro options (IJ.isMacro()). */
    private void convertStack(ImagePlus imp) {
        boolean thresholdSet = imp.isThreshold();
        String macroOptions = Macro.getOptions();
        if (macroOptions != null && macroOptions.indexOf("slice ") != -1)
            Macro.setOptions(macroOptions.replaceAll("slice ", "only "));
        String method = methods[0], background = backgrounds[0];
        boolean useLocal = false, listThresholds = false, createStack = false;
        boolean saveBlackBackground = Prefs.blackBackground;
        boolean oneSlice = false;
        GenericDialog gd = new GenericDialog("Convert Stack to Binary");
        gd.addChoice("Method:", methods, method);
        gd.addChoice("Background:", backgrounds, background);
        gd.addCheckbox("Calculate threshold for each image", useLocal);
        gd.addCheckbox("Only convert current image", oneSlice);
        gd.addCheckbox("Black background (of binary masks)", Prefs.blackBackground);
        gd.addCheckbox("List thresholds", listThresholds);
        gd.addCheckbox("Create new stack", createStack);
        gd.showDialog();
        if (gd.wasCanceled()) return;
        gd.setSmartRecording(method.equals("Default"));
        method = methods[gd.getNextChoiceIndex()];
        gd.setSmartRecording(false);
        gd.setSmartRecording(background.equals("Default"));
        background = backgrounds[gd.getNextChoiceIndex()];
        gd.setSmartRecording(false);
        useLocal = gd.getNextBoolean();
        oneSlice = gd.getNextBoolean();
        Prefs.blackBackground = gd.getNextBoolean();
        listThresholds = gd.getNextBoolean();
        createStack = gd.getNextBoolean();
        if (oneSlice) {
            useLocal = false;
            listThresholds = false;
            createStack = false;
            if (imp.getBitDepth() != 8) {
                IJ.error("Thresholder", "8-bit stack required to process a single slice.");
                return;
            }
        }
        Undo.reset();
        ImageProcessor ip = imp.getProcessor();
        double minThreshold = ip.getMinThreshold();
        double maxThreshold = ip.getMaxThreshold();
        int currentSlice = imp.getCurrentSlice();
        if (createStack) {
            imp = imp.duplicate();
            imp.setTitle(imp.getTitle().replace("DUP_", "MASK_"));
            if (minThreshold != ImageProcessor.NO_THRESHOLD)
                imp.getProcessor().setThreshold(minThreshold, maxThreshold, ImageProcessor.RED_LUT);
            imp.setSlice(currentSlice);
        }
        if (useLocal) convertStackToBinary(imp, method, background, listThresholds);
        else applyThreshold(imp, oneSlice);
        Prefs.blackBackground = saveBlackBackground;
        if (createStack) {
            imp.setSlice(1);
            imp.show();
            imp.setSlice(currentSlice);
        } else if (thresholdSet) {
            if (imp.getProcessor().getLutUpdateMode() != ImageProcessor.NO_LUT_UPDATE)
                imp.getProcessor().resetThreshold();
            imp.updateAndDraw();
        }
    }

    /** Thresholder.convertStackToBinary: each slice's own threshold (ImageJ's Java), applied on the device. */
    private static void convertStackToBinary(ImagePlus imp, String method, String background, boolean listThresholds) {
        int nSlices = imp.getStackSize();
        double[] minValues = listThresholds ? new double[nSlices] : null;
        double[] maxValues = listThresholds ? new double[nSlices] : null;
        int bitDepth = imp.getBitDepth();
        if (bitDepth != 8) {
            IJ.showStatus("Converting to byte");
            ImageStack stack1 = imp.getStack();
            ImageStack stack2 = new ImageStack(imp.getWidth(), imp.getHeight());
            for (int i = 1; i <= nSlices; i++) {
                IJ.showProgress(i, nSlices);
                String label = stack1.getSliceLabel(i);
                ImageProcessor ip = stack1.getProcessor(i);
                ip.resetMinAndMax();
                if (listThresholds) {
                    minValues[i - 1] = ip.getMin();
                    maxValues[i - 1] = ip.getMax();
                }
                stack2.addSlice(label, ip.convertToByte(true));
            }
            imp.setStack(null, stack2);
        }
        ImageStack stack = imp.getStack();
        IJ.showStatus("Auto-thresholding");
        if (listThresholds) IJ.log("Thresholding method: " + method);
        for (int i = 1; i <= nSlices; i++) {
            IJ.showProgress(i, nSlices);
            ImageProcessor ip = stack.getProcessor(i);
            if (method.equals("Default") && background.equals("Default"))
                ip.setAutoThreshold(ImageProcessor.ISODATA2, ImageProcessor.NO_LUT_UPDATE);
            else
                ip.setAutoThreshold(method, !background.equals("Light"), ImageProcessor.NO_LUT_UPDATE);
            double minThreshold = ip.getMinThreshold();
            double maxThreshold = ip.getMaxThreshold();
            if (listThresholds) {
                double t1 = minThreshold;
                double t2 = maxThreshold;
                if (bitDepth != 8) {
                    t1 = minValues[i - 1] + (t1 / 255.0) * (maxValues[i - 1] - minValues[i - 1]);
                    t2 = minValues[i - 1] + (t2 / 255.0) * (maxValues[i - 1] - minValues[i - 1]);
                }
                int digits = bitDepth == 32 ? 2 : 0;
                IJ.log("  " + i + ": " + IJ.d2s(t1, digits) + "-" + IJ.d2s(t2, digits));
            }
            applyLut(ip, minThreshold, maxThreshold);
        }
        stack.setColorModel(LookUpTable.createGrayscaleColorModel(!Prefs.blackBackground));
        imp.setStack(null, stack);
        imp.getProcessor().setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        IJ.showStatus("");
    }

    /** ip.applyTable of the LUT i -> (min <= i <= max ? 255 : 0), on the device (ImageJ's code if it cannot). */
    private static void applyLut(ImageProcessor ip, double minThreshold, double maxThreshold) {
        double lo = Math.max(-1, Math.min(256, Math.ceil(minThreshold)));
        double hi = Math.max(-1, Math.min(256, Math.floor(maxThreshold)));
        if (Gpu.plane(ip, (in, out) -> between(in, out, lo, hi))) return;
        int[] lut = new int[256];
        for (int i = 0; i < 256; i++) lut[i] = i >= minThreshold && i <= maxThreshold ? 255 : 0;
        ip.applyTable(lut);
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

    /** Thresholder.applyThreshold(imp, oneSlice), without the legacy dialog. */
    private void applyThreshold(ImagePlus imp, boolean oneSlice) {
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
        if (imp.getStackSize() > 1 && !oneSlice) { // StackProcessor.applyTable: every slice, in place
            double lo = Math.max(-1, Math.min(256, Math.ceil(minThreshold)));
            double hi = Math.max(-1, Math.min(256, Math.floor(maxThreshold)));
            ImageStack stack = imp.getStack();
            if (!Gpu.stack(stack, stack, (in, out) -> between(in, out, lo, hi))) {
                int[] lut = new int[256];
                for (int i = 0; i < 256; i++) lut[i] = i >= minThreshold && i <= maxThreshold ? 255 : 0;
                new ij.process.StackProcessor(stack, ip).applyTable(lut);
            }
        } else {
            applyLut(ip, minThreshold, maxThreshold);
        }
        boolean invertedLut = imp.isInvertedLut();
        if (!oneSlice && ((invertedLut && Prefs.blackBackground) || (!invertedLut && !Prefs.blackBackground))) {
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
