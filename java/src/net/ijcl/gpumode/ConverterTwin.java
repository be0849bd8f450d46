package net.ijcl.gpumode;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Menus;
import ij.Prefs;
import ij.Undo;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.Converter;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageConverter;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * GPU twin of Image > Type > 8-bit, 16-bit and 32-bit ({@code ij.plugin.Converter}) for 8- and
 * 16-bit grayscale images and stacks. It overrides {@link #convert} and does, step for step, what
 * 1.54p's Converter.convert, ImageConverter and StackConverter do for these cases (ROI, threshold,
 * changes, undo, labels, color model, calibration, display range, current slice), with only the
 * pixel loop of TypeConverter on the device:
 * <ul>
 * <li>8 to 16-bit: v (convertUInt16);</li>
 * <li>16 to 8-bit: TypeConverter.convertShortToByte's result for every value, made by ImageJ's own
 * code on a ramp of 0..65535 with the image's display range, applied as a table
 * (replaceIntensities, then convertUInt8 of the 0..255 values);</li>
 * <li>8/16 to 32-bit: v, or the calibration table's cTable[v] (convertFloat, replaceIntensities).</li>
 * </ul>
 * Runs ImageJ's code instead for: 32-bit and RGB sources, 8-bit to 8-bit and 16 to 16-bit,
 * composite images and hyperstacks, virtual stacks, Edit > Options > Conversions' "calibrate"
 * (Prefs.calibrateConversions) and "use inverting LUT" for 8-bit results, 16-bit stacks with a
 * color LUT or a display range 0..0 (ImageJ then scales each slice by its own range).
 */
public class ConverterTwin extends Converter {
    @Override
    public void convert(String item) {
        ImagePlus imp = imp();
        int target = "8-bit".equals(item) ? 8 : "16-bit".equals(item) ? 16 : "32-bit".equals(item) ? 32 : 0;
        String why = imp == null ? "no image" : uncovered(imp, target);
        if (why != null || !Gpu.usable()) {
            if (why != null) Gpu.fallBack(why);
            super.convert(item);
            return;
        }
        // Converter.convert (1.54p) around the conversion, for 8/16-bit grayscale images
        ImageStack stack = imp.getStackSize() > 1 ? imp.getStack() : null;
        IJ.showStatus("Converting to " + item + "...");
        long start = System.currentTimeMillis();
        Roi roi = imp.getRoi();
        imp.deleteRoi();
        if (imp.isThreshold()) imp.getProcessor().resetThreshold();
        imp.changes = IJ.getApplet() == null;
        if (stack != null) {
            if (target == 8) stackTo8(imp);
            else if (target == 16) stackTo16(imp);
            else to32(imp);
        } else {
            Undo.setup(Undo.TYPE_CONVERSION, imp);
            if (target == 8) singleTo8(imp);
            else if (target == 16) singleTo16(imp);
            else to32(imp);
            IJ.showProgress(1.0);
        }
        if (roi != null) imp.setRoi(roi);
        IJ.showTime(imp, start, "");
        imp.repaintWindow();
        Menus.updateMenus();
    }

    /** Null when the twin reproduces the conversion, else why ImageJ's code runs. */
    private static String uncovered(ImagePlus imp, int target) {
        int type = imp.getType();
        if (target == 0) return "Image > Type other than 8-bit, 16-bit, 32-bit";
        if (type != ImagePlus.GRAY8 && type != ImagePlus.GRAY16) return "conversion of a " + imp.getBitDepth() + "-bit image";
        if (imp.getBitDepth() == target) return "conversion to the image's own type";
        if (imp.isComposite() || imp.getNChannels() > 1 || imp.isHyperStack()) return "composite image or hyperstack";
        if (imp.getStack().isVirtual()) return "virtual stack";
        if (Prefs.calibrateConversions) return "Prefs.calibrateConversions (calibrated conversions)";
        if (target == 8 && Prefs.useInvertingLut) return "Prefs.useInvertingLut";
        if (target == 8 && imp.getStackSize() > 1) {
            ImageProcessor ip = imp.getProcessor();
            if (ip.isColorLut()) return "16-bit stack with a color LUT";
            if (ip.getMin() == 0 && ip.getMax() == 0) return "16-bit stack with display range 0..0";
        }
        return null;
    }

    // --- 16 to 8-bit ------------------------------------------------------------------------------

    /** ImageConverter.convertToGray8 for a single 16-bit image. */
    private static void singleTo8(ImagePlus imp) {
        ImageProcessor ip = imp.getProcessor();
        boolean scale = ImageConverter.getDoScaling();
        byte[][] px = bytes(new Object[] {ip.getPixels()}, ip, scale, imp.getWidth(), imp.getHeight());
        imp.setProcessor(null, px != null ? byteProcessor(ip, px[0], scale) : ip.convertToByte(scale));
        imp.setCalibration(imp.getCalibration()); // update calibration
        ImageConverter.record();
    }

    /** StackConverter.convertToGray8 for a 16-bit stack. */
    private static void stackTo8(ImagePlus imp) {
        int width = imp.getWidth(), height = imp.getHeight(), n = imp.getStackSize();
        ImageStack stack1 = imp.getStack();
        int currentSlice = imp.getCurrentSlice();
        ImageProcessor ip = imp.getProcessor();
        ImageStack stack2 = new ImageStack(width, height);
        double min = ip.getMin(), max = ip.getMax();
        boolean scale = ImageConverter.getDoScaling();
        Ramps.ShortRamp ramp = Ramps.shorts((ShortProcessor) ip);
        ramp.setMinAndMax(min, max); // what ImageJ does to every slice
        byte[][] px = bytes(planes(stack1), ramp, scale, width, height);
        for (int i = 1; i <= n; i++) {
            String label = stack1.getSliceLabel(1);
            ip = stack1.getProcessor(1);
            stack1.deleteSlice(1);
            ip.setMinAndMax(min, max);
            stack2.addSlice(label, px != null ? byteProcessor(ip, px[i - 1], scale) : ip.convertToByte(scale));
        }
        imp.setStack(null, stack2);
        imp.setCalibration(imp.getCalibration()); // update calibration
        ImageConverter.record();
        imp.setSlice(currentSlice);
        IJ.showProgress(1.0);
    }

    /** TypeConverter.convertShortToByte of every plane (the table from {@code state}'s display range); null: use ImageJ's. */
    private static byte[][] bytes(Object[] planes, ImageProcessor state, boolean scale, int width, int height) {
        byte[] table = (byte[]) Ramps.shorts((ShortProcessor) state).convertToByte(scale).getPixels();
        byte[][] out = new byte[planes.length][width * height];
        String t = table(table);
        if (t == null) return null;
        try {
            boolean done = Gpu.convert(planes, width, height, out, (in, o) -> {
                String mid = DeviceCache.newName();
                try {
                    Gpu.op("replaceIntensities", in, t, mid);
                    Gpu.op("convertUInt8", mid, o);
                } finally {
                    Gpu.releaseQuietly(mid);
                }
            });
            return done ? out : null;
        } finally {
            Gpu.releaseQuietly(t);
        }
    }

    private static ByteProcessor byteProcessor(ImageProcessor ip, byte[] px, boolean scale) {
        return new ByteProcessor(ip.getWidth(), ip.getHeight(), px, scale ? ip.getCurrentColorModel() : ip.getColorModel());
    }

    // --- 8 to 16-bit ------------------------------------------------------------------------------

    /** ImageConverter.convertToGray16 for a single 8-bit image. */
    private static void singleTo16(ImagePlus imp) {
        ImageProcessor ip = imp.getProcessor();
        imp.trimProcessor();
        short[][] px = shorts(new Object[] {ip.getPixels()}, imp.getWidth(), imp.getHeight());
        imp.setProcessor(null, px != null ? new ShortProcessor(ip.getWidth(), ip.getHeight(), px[0], ip.getColorModel())
                : ip.convertToShort(ImageConverter.getDoScaling()));
        imp.setCalibration(imp.getCalibration()); // update calibration
    }

    /** StackConverter.convertToGray16 for an 8-bit stack (one channel; no scaling from 8-bit). */
    private static void stackTo16(ImagePlus imp) {
        int width = imp.getWidth(), height = imp.getHeight(), n = imp.getStackSize();
        ImageProcessor ip = imp.getProcessor();
        double min = ip.getMin(), max = ip.getMax();
        ImageStack stack1 = imp.getStack();
        ImageStack stack2 = new ImageStack(width, height);
        short[][] px = shorts(planes(stack1), width, height);
        for (int i = 1; i <= n; i++) {
            String label = stack1.getSliceLabel(1);
            ImageProcessor ip1 = stack1.getProcessor(1);
            ip1.setMinAndMax(min, max);
            ImageProcessor ip2 = px != null ? new ShortProcessor(width, height, px[i - 1], ip1.getColorModel())
                    : ip1.convertToShort(false);
            stack1.deleteSlice(1);
            stack2.addSlice(label, ip2);
        }
        IJ.showProgress(1.0);
        imp.setStack(null, stack2);
    }

    private static short[][] shorts(Object[] planes, int width, int height) {
        short[][] out = new short[planes.length][width * height];
        return Gpu.convert(planes, width, height, out, (in, o) -> Gpu.op("convertUInt16", in, o)) ? out : null;
    }

    // --- 8/16 to 32-bit ---------------------------------------------------------------------------

    /** ImageConverter.convertToGray32 (and StackConverter.convertToGray32) for 8/16-bit images. */
    private static void to32(ImagePlus imp) {
        Calibration cal = imp.getCalibration();
        double min = cal.getCValue(imp.getDisplayRangeMin());
        double max = cal.getCValue(imp.getDisplayRangeMax());
        if (imp.getStackSize() > 1) {
            stackTo32(imp);
            IJ.setMinAndMax(imp, min, max);
            return;
        }
        ImageProcessor ip = imp.getProcessor();
        imp.trimProcessor();
        float[][] px = floats(new Object[] {ip.getPixels()}, ip.getCalibrationTable(), imp.getWidth(), imp.getHeight());
        imp.setProcessor(null, px != null ? new FloatProcessor(ip.getWidth(), ip.getHeight(), px[0], ip.getColorModel())
                : ip.convertToFloat());
        imp.setCalibration(cal); // update calibration
        IJ.setMinAndMax(imp, min, max);
    }

    private static void stackTo32(ImagePlus imp) {
        int width = imp.getWidth(), height = imp.getHeight(), n = imp.getStackSize();
        ImageStack stack1 = imp.getStack();
        ImageStack stack2 = new ImageStack(width, height);
        Calibration cal = imp.getCalibration();
        double min = imp.getDisplayRangeMin(), max = imp.getDisplayRangeMax();
        float[] cTable = cal.getCTable();
        float[][] px = floats(planes(stack1), cTable, width, height);
        for (int i = 1; i <= n; i++) {
            String label = stack1.getSliceLabel(1);
            ImageProcessor ip1 = stack1.getProcessor(1);
            ip1.setCalibrationTable(cTable);
            ImageProcessor ip2 = px != null ? new FloatProcessor(width, height, px[i - 1], ip1.getColorModel())
                    : ip1.convertToFloat();
            stack1.deleteSlice(1);
            stack2.addSlice(label, ip2);
        }
        IJ.showProgress(1.0);
        imp.setStack(null, stack2);
        imp.setCalibration(imp.getCalibration()); // update calibration
        if (!cal.calibrated()) imp.setDisplayRange(min, max);
    }

    /** TypeConverter.convertByte/ShortToFloat: v, or cTable[v] when the table fits the pixel type. */
    private static float[][] floats(Object[] planes, float[] cTable, int width, int height) {
        float[][] out = new float[planes.length][width * height];
        int values = planes[0] instanceof byte[] ? 256 : 65536;
        if (cTable == null || cTable.length != values)
            return Gpu.convert(planes, width, height, out, (in, o) -> Gpu.op("convertFloat", in, o)) ? out : null;
        String t = table(cTable);
        if (t == null) return null;
        try {
            return Gpu.convert(planes, width, height, out, (in, o) -> {
                String mid = DeviceCache.newName();
                try {
                    Gpu.op("convertFloat", in, mid);
                    Gpu.op("replaceIntensities", mid, t, o);
                } finally {
                    Gpu.releaseQuietly(mid);
                }
            }) ? out : null;
        } finally {
            Gpu.releaseQuietly(t);
        }
    }

    /** The table pushed to the device; null (after reporting) when that fails. */
    private static String table(Object table) {
        try {
            return Gpu.pushTable(table);
        } catch (RuntimeException e) {
            Gpu.fallBack("ijcl: " + e.getMessage());
            return null;
        }
    }

    private static Object[] planes(ImageStack stack) {
        Object[] p = new Object[stack.getSize()];
        for (int i = 0; i < p.length; i++) p[i] = stack.getPixels(i + 1);
        return p;
    }

    private ImagePlus imp() {
        try {
            java.lang.reflect.Field f = Converter.class.getDeclaredField("imp");
            f.setAccessible(true);
            return (ImagePlus) f.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Converter.imp: " + e, e);
        }
    }
}
