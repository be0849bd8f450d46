package net.ijcl.gpumode;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Undo;
import ij.WindowManager;
import ij.CompositeImage;
import ij.gui.GenericDialog;
import ij.gui.ImageWindow;
import ij.macro.Interpreter;
import ij.measure.Calibration;
import ij.plugin.ImageCalculator;
import ij.plugin.filter.PlugInFilter;
import ij.plugin.frame.Recorder;
import ij.process.Blitter;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatBlitter;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * GPU twin of Process > Image Calculator... as a command ({@code run("Image Calculator...",
 * "image1=a operation=Subtract image2=b create 32-bit stack")}, {@code ij.plugin.ImageCalculator}).
 * ImageCalculator's computation methods are package-private, so this subclass overrides the
 * command's {@link #run(String)} and does, step for step, what 1.54p's run, calculate (the dialog
 * path), doOperation, doStackOperation, createNewImage and duplicateStack do (the dialog and its
 * remembered choices, signed 16-bit and 32-bit promotion, new windows, undo, stacks, recording),
 * with only {@code copyBits(source, 0, 0, mode)} (ImageJ's Blitters) on the device, plane by plane:
 * <ul>
 * <li>8-bit: every operation, as a 256 x 256 table of ImageJ's own ByteBlitter result for each pair
 * of values (index = image1 * 256 + image2, replaceIntensities): exact by construction;</li>
 * <li>16-bit: Add, Subtract (saturated), Min, Max, Difference, Copy (addImages, subtractImages,
 * minimumImages, maximumImages, absoluteDifference, multiplyImageAndScalar by 1: exact on integers),
 * Multiply (multiplyImages, saturated) when no product reaches 2^31;</li>
 * <li>32-bit (and "32-bit" results): Add, Subtract, Multiply (one float operation), Divide (ijcl's
 * imagejDivideImages: the correctly rounded quotient, ImageJ's divide-by-zero value), Average
 * ((a + b) then * 0.5, equal to / 2), Copy, Transparent-zero (replacePixelsIfZero), Difference unless
 * image1 holds -0 (ImageJ keeps -0, fabs does not).</li>
 * </ul>
 * Runs ImageJ's Blitter instead (reported) for: 16-bit Multiply with a product of 2^31 or more
 * (ImageJ's int product wraps), Divide, Average (integer division), AND, OR, XOR, Transparent-zero;
 * 32-bit Min and Max (ImageJ keeps NaN and the sign of zero, fmin/fmax do not), AND, OR, XOR, and
 * Divide with a NaN divide-by-zero value; RGB images, images of different types or sizes. The macro
 * built-in {@code imageCalculator(...)} does not go through the command table (see GpuMode).
 */
public class ImageCalculatorTwin extends ImageCalculator {
    private static final String[] OPERATORS = {"Add", "Subtract", "Multiply", "Divide", "AND", "OR", "XOR", "Min",
            "Max", "Average", "Difference", "Copy", "Transparent-zero"};
    private static final int[] MODES = {Blitter.ADD, Blitter.SUBTRACT, Blitter.MULTIPLY, Blitter.DIVIDE, Blitter.AND,
            Blitter.OR, Blitter.XOR, Blitter.MIN, Blitter.MAX, Blitter.AVERAGE, Blitter.DIFFERENCE, Blitter.COPY,
            Blitter.COPY_ZERO_TRANSPARENT};

    private boolean processStack;
    private int operator;
    private boolean createWindow, floatResult;

    /** ImageCalculator.run(String) of 1.54p: the dialog, then calculate(img1, img2, false). */
    @Override
    public void run(String arg) {
        int[] wList = WindowManager.getIDList();
        if (wList == null) {
            IJ.noImage();
            return;
        }
        IJ.register(ImageCalculator.class);
        String[] titles = new String[wList.length];
        for (int i = 0; i < wList.length; i++) {
            ImagePlus imp = WindowManager.getImage(wList[i]);
            titles[i] = imp != null ? imp.getTitle() : "";
        }
        String title1 = getStatic("title1", String.class), title2 = getStatic("title2", String.class);
        operator = getStatic("operator", Integer.class);
        createWindow = getStatic("createWindow", Boolean.class);
        floatResult = getStatic("floatResult", Boolean.class);
        GenericDialog gd = new GenericDialog("Image Calculator");
        gd.addChoice("Image1:", titles, title1.equals("") ? titles[0] : title1);
        gd.addChoice("Operation:", OPERATORS, OPERATORS[operator]);
        gd.addChoice("Image2:", titles, title2.equals("") ? titles[0] : title2);
        gd.addCheckbox("Create new window", createWindow);
        gd.addCheckbox("32-bit (float) result", floatResult);
        gd.addHelp(IJ.URL2 + "/docs/menus/process.html#calculator");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        int index1 = gd.getNextChoiceIndex();
        title1 = titles[index1];
        operator = gd.getNextChoiceIndex();
        int index2 = gd.getNextChoiceIndex();
        createWindow = gd.getNextBoolean();
        floatResult = gd.getNextBoolean();
        title2 = titles[index2];
        setStatic("title1", title1);
        setStatic("title2", title2);
        setStatic("operator", operator);
        storeFlags();
        ImagePlus img1 = WindowManager.getImage(wList[index1]);
        ImagePlus img2 = WindowManager.getImage(wList[index2]);
        ImagePlus img3 = calculate(img1, img2);
        if (img3 != null) img3.show();
    }

    /** calculate(img1, img2, apiCall = false). */
    private ImagePlus calculate(ImagePlus img1, ImagePlus img2) {
        ImagePlus img3;
        if (img1.getCalibration().isSigned16Bit() || img2.getCalibration().isSigned16Bit()) floatResult = true;
        if (floatResult && !(img1.getBitDepth() == 32 && img2.getBitDepth() == 32)) createWindow = true;
        storeFlags();
        int size1 = img1.getStackSize();
        boolean stackOp = false;
        if (size1 > 1) {
            int result = IJ.setupDialog(img1, PlugInFilter.NO_CHANGES);
            if (result == PlugInFilter.DONE) return null;
            processStack = (result & PlugInFilter.DOES_STACKS) != 0;
            if (processStack) {
                if (img1.getStack().isVirtual()) {
                    createWindow = true;
                    storeFlags();
                }
                img3 = doStackOperation(img1, img2);
                stackOp = true;
            } else
                img3 = doOperation(img1, img2);
        } else
            img3 = doOperation(img1, img2);
        if (IJ.recording()) {
            String options = OPERATORS[operator];
            if (createWindow) options += " create";
            if (floatResult) options += " 32-bit";
            if (stackOp) options += " stack";
            if (Recorder.scriptMode()) {
                Recorder.recordCall("ImagePlus", "imp1 = WindowManager.getImage(\"" + img1.getTitle() + "\");");
                Recorder.recordCall("ImagePlus", "imp2 = WindowManager.getImage(\"" + img2.getTitle() + "\");");
                Recorder.recordCall("ImagePlus", "imp3 = ImageCalculator.run(imp1, imp2, \"" + options + "\");");
                Recorder.recordCall("imp3.show();");
            } else
                Recorder.record("imageCalculator", options, img1.getTitle(), img2.getTitle());
            Recorder.setCommand(null); // don't record run(...)
        }
        return img3;
    }

    private ImagePlus doStackOperation(ImagePlus img1, ImagePlus img2) {
        ImagePlus img3 = null;
        int size1 = img1.getStackSize(), size2 = img2.getStackSize();
        if (size1 > 1 && size2 > 1 && size1 != size2) {
            IJ.error("Image Calculator", "'Image1' and 'image2' must be stacks with the same\nnumber of slices, or 'image2' must be a single image.");
            return null;
        }
        if (createWindow) {
            img1 = duplicateStack(img1);
            if (img1 == null) {
                IJ.error("Calculator", "Out of memory");
                return null;
            }
            img3 = img1;
        }
        int mode = MODES[operator];
        ImageWindow win = img1.getWindow();
        if (win != null) WindowManager.setCurrentWindow(win);
        else if (Interpreter.isBatchMode() && !createWindow && WindowManager.getImage(img1.getID()) != null)
            IJ.selectWindow(img1.getID());
        Undo.reset();
        ImageStack stack1 = img1.getStack();
        new ij.process.StackProcessor(stack1, img1.getProcessor()); // as ImageJ (sets the progress bar)
        try {
            int n = stack1.size();
            for (int i = 1; i <= n; i++) {
                ImageProcessor src = size2 == 1 ? img2.getProcessor() : img2.getStack().getProcessor(i);
                blit(stack1.getProcessor(i), src, mode);
            }
            IJ.showProgress(1.0);
        } catch (IllegalArgumentException e) {
            IJ.error("\"" + img1.getTitle() + "\": " + e.getMessage());
            return null;
        }
        img1.setStack(null, stack1);
        if (img1.getType() != ImagePlus.GRAY8) img1.getProcessor().resetMinAndMax();
        if (img3 == null) img1.updateAndDraw();
        return img3;
    }

    private ImagePlus doOperation(ImagePlus img1, ImagePlus img2) {
        ImagePlus img3 = null;
        int mode = MODES[operator];
        ImageProcessor ip1 = img1.getProcessor();
        ImageProcessor ip2 = img2.getProcessor();
        Calibration cal1 = img1.getCalibration();
        if (createWindow)
            ip1 = createNewImage(ip1, ip2);
        else {
            ImageWindow win = img1.getWindow();
            if (win != null) WindowManager.setCurrentWindow(win);
            else if (Interpreter.isBatchMode() && !createWindow && WindowManager.getImage(img1.getID()) != null)
                IJ.selectWindow(img1.getID());
            ip1.snapshot();
            Undo.setup(Undo.FILTER, img1);
        }
        boolean rgb = ip2 instanceof ColorProcessor;
        if (floatResult && !rgb) ip2 = ip2.convertToFloat();
        try {
            blit(ip1, ip2, mode);
        } catch (IllegalArgumentException e) {
            IJ.error("\"" + img1.getTitle() + "\": " + e.getMessage());
            return null;
        }
        if (floatResult && rgb) ip1 = ip1.convertToFloat();
        if (!(ip1 instanceof ByteProcessor)) ip1.resetMinAndMax();
        if (createWindow) {
            img3 = new ImagePlus("Result of " + img1.getTitle(), ip1);
            img3.setCalibration(cal1);
        } else
            img1.updateAndDraw();
        return img3;
    }

    private ImageProcessor createNewImage(ImageProcessor ip1, ImageProcessor ip2) {
        int width = Math.min(ip1.getWidth(), ip2.getWidth());
        int height = Math.min(ip1.getHeight(), ip2.getHeight());
        ImageProcessor ip3 = ip1.createProcessor(width, height);
        if (floatResult && !(ip1 instanceof ColorProcessor)) {
            ip1 = ip1.convertToFloat();
            ip3 = ip3.convertToFloat();
        }
        ip3.insert(ip1, 0, 0);
        return ip3;
    }

    private ImagePlus duplicateStack(ImagePlus img1) {
        Calibration cal = img1.getCalibration();
        ImageStack stack1 = img1.getStack();
        int n = stack1.getSize();
        ImageStack stack2 = img1.createEmptyStack();
        try {
            for (int i = 1; i <= n; i++) {
                ImageProcessor ip1 = stack1.getProcessor(i);
                ip1.resetRoi();
                ImageProcessor ip2 = ip1.crop();
                if (floatResult) {
                    ip2.setCalibrationTable(cal.getCTable());
                    ip2 = ip2.convertToFloat();
                }
                stack2.addSlice(stack1.getSliceLabel(i), ip2);
            }
        } catch (OutOfMemoryError e) {
            stack2.trim();
            return null;
        }
        ImagePlus img3 = new ImagePlus("Result of " + img1.getTitle(), stack2);
        img3.setCalibration(cal);
        if (img3.getStackSize() == n) {
            int[] dim = img1.getDimensions();
            img3.setDimensions(dim[2], dim[3], dim[4]);
            if (img1.isComposite()) {
                img3 = new CompositeImage(img3, 0);
                ((CompositeImage) img3).copyLuts(img1);
            }
            if (img1.isHyperStack()) img3.setOpenAsHyperStack(true);
        }
        return img3;
    }

    // --- the pixels: dst.copyBits(src, 0, 0, mode) ------------------------------------------------

    /** ImageJ's dst.copyBits(src, 0, 0, mode), on the device where that is exact. */
    static void blit(ImageProcessor dst, ImageProcessor src, int mode) {
        if (!onGpu(dst, src, mode)) dst.copyBits(src, 0, 0, mode);
    }

    private static boolean onGpu(ImageProcessor dst, ImageProcessor src, int mode) {
        if (dst instanceof FloatProcessor && (src instanceof ByteProcessor || src instanceof ShortProcessor))
            src = src.convertToFloat(); // FloatBlitter.copyBits' first step (e.g. a 32-bit stack result, 8/16-bit image2)
        if (dst.getClass() != src.getClass()) return Gpu.fallBack("images of different types");
        if (dst.getWidth() != src.getWidth() || dst.getHeight() != src.getHeight())
            return Gpu.fallBack("images of different sizes");
        if (!Gpu.supported(dst)) return false;
        if (dst instanceof ByteProcessor) return byteTable(dst, src, mode);
        String why = null;
        Gpu.DeviceWork2 work = null;
        switch (mode) {
            case Blitter.ADD: work = (a, b, o) -> Gpu.op("addImages", a, b, o); break;
            case Blitter.SUBTRACT: work = (a, b, o) -> Gpu.op("subtractImages", a, b, o); break;
            case Blitter.COPY: work = (a, b, o) -> Gpu.op("multiplyImageAndScalar", b, o, 1.0); break; // v * 1 = v, bit for bit
            default:
        }
        if (dst instanceof ShortProcessor) {
            if (mode == Blitter.MULTIPLY) {
                // ShortBlitter multiplies in int: a product of 2^31 or more wraps negative and gives 0
                if ((long) max((short[]) dst.getPixels()) * max((short[]) src.getPixels()) >= 1L << 31)
                    why = "16-bit Multiply with products of 2^31 or more (ImageJ's int product wraps)";
                else work = (a, b, o) -> Gpu.op("multiplyImages", a, b, o); // saturated at 65535, as ImageJ
            } else if (mode == Blitter.MIN) work = (a, b, o) -> Gpu.op("minimumImages", a, b, o);
            else if (mode == Blitter.MAX) work = (a, b, o) -> Gpu.op("maximumImages", a, b, o);
            else if (mode == Blitter.DIFFERENCE) work = (a, b, o) -> Gpu.op("absoluteDifference", a, b, o);
            else if (work == null) why = "16-bit " + name(mode);
        } else if (dst instanceof FloatProcessor) {
            if (mode == Blitter.MULTIPLY) work = (a, b, o) -> Gpu.op("multiplyImages", a, b, o);
            else if (mode == Blitter.AVERAGE) work = (a, b, o) -> { // (src + dst) / 2 == (src + dst) * 0.5 in IEEE
                String t = DeviceCache.newName();
                try {
                    Gpu.op("addImages", a, b, t);
                    Gpu.op("multiplyImageAndScalar", t, o, 0.5);
                } finally {
                    Gpu.releaseQuietly(t);
                }
            };
            else if (mode == Blitter.COPY_ZERO_TRANSPARENT) work = (a, b, o) -> Gpu.op("replacePixelsIfZero", b, a, o);
            else if (mode == Blitter.DIVIDE) {
                float dbz = FloatBlitter.divideByZeroValue; // ImageJ's divide-by-zero value (infinite: plain division)
                boolean use = !Float.isInfinite(dbz);
                if (Float.isNaN(dbz)) why = "32-bit Divide with the divide-by-zero value NaN";
                else work = (a, b, o) -> Gpu.op("imagejDivideImages", a, b, o, use, use ? (double) dbz : 0.0);
            }
            else if (mode == Blitter.DIFFERENCE) {
                if (holdsNegativeZero((float[]) dst.getPixels())) why = "32-bit Difference of an image holding -0";
                else work = (a, b, o) -> Gpu.op("absoluteDifference", a, b, o);
            } else if (work == null && why == null) why = "32-bit " + name(mode)
                    + (mode == Blitter.MIN || mode == Blitter.MAX ? " (ImageJ keeps NaN and the sign of zero; fmin/fmax do not)" : "");
        }
        if (why != null) return Gpu.fallBack(why);
        return Gpu.plane2(dst, src, work);
    }

    /** 8-bit: ImageJ's ByteBlitter on ramps of every pair of values, applied as a table. */
    private static boolean byteTable(ImageProcessor dst, ImageProcessor src, int mode) {
        byte[] a = new byte[65536], b = new byte[65536];
        for (int i = 0; i < 65536; i++) {
            a[i] = (byte) (i >> 8);
            b[i] = (byte) i;
        }
        ByteProcessor table = new ByteProcessor(256, 256, a);
        table.copyBits(new ByteProcessor(256, 256, b), 0, 0, mode); // ImageJ's own code
        String t;
        try {
            t = Gpu.pushTable(table.getPixels());
        } catch (RuntimeException e) {
            return Gpu.fallBack("ijcl: " + e.getMessage());
        }
        try {
            return Gpu.plane2(dst, src, (p, q, o) -> {
                String wide = DeviceCache.newName(), index = DeviceCache.newName(), looked = DeviceCache.newName();
                try {
                    Gpu.op("convertUInt16", p, wide);
                    Gpu.op("addImagesWeighted", wide, q, index, 256.0, 1.0); // dst * 256 + src, exact in float
                    Gpu.op("replaceIntensities", index, t, looked);
                    Gpu.op("convertUInt8", looked, o);
                } finally {
                    Gpu.releaseQuietly(wide);
                    Gpu.releaseQuietly(index);
                    Gpu.releaseQuietly(looked);
                }
            });
        } finally {
            Gpu.releaseQuietly(t);
        }
    }

    private static int max(short[] px) {
        int m = 0;
        for (short v : px) m = Math.max(m, v & 0xffff);
        return m;
    }

    private static boolean holdsNegativeZero(float[] px) {
        for (float v : px) if (Float.floatToRawIntBits(v) == 0x80000000) return true;
        return false;
    }

    private static String name(int mode) {
        for (int i = 0; i < MODES.length; i++) if (MODES[i] == mode) return OPERATORS[i];
        return "mode " + mode;
    }

    // --- ImageCalculator's remembered dialog choices (private statics) -----------------------------

    private void storeFlags() {
        setStatic("createWindow", createWindow);
        setStatic("floatResult", floatResult);
    }

    private static <T> T getStatic(String name, Class<T> type) {
        try {
            java.lang.reflect.Field f = ImageCalculator.class.getDeclaredField(name);
            f.setAccessible(true);
            return type.cast(f.get(null));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImageCalculator." + name + ": " + e, e);
        }
    }

    private static void setStatic(String name, Object value) {
        try {
            java.lang.reflect.Field f = ImageCalculator.class.getDeclaredField(name);
            f.setAccessible(true);
            f.set(null, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImageCalculator." + name + ": " + e, e);
        }
    }
}
