package net.ijcl.gpumode;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ContrastEnhancer;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;
import ij.process.ShortProcessor;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * GPU twin of Process > Enhance Contrast... ({@code ij.plugin.ContrastEnhancer}). Only
 * {@code normalize} and {@code equalize} change pixels (otherwise the command sets the display
 * range, on the CPU as ImageJ does). ImageJ's class parses the options, takes the statistics it
 * takes and handles undo; this subclass replaces the pixel mapping: ImageJ's own Java code makes
 * the lookup table (the saturated-pixel search of getMinAndMax, normalize's
 * {@code (int)((i - min) / (max - min) * max2)}, equalize's square-root-weighted cumulative sum),
 * and the table is applied on the GPU (replaceIntensities: entry v for pixel v, integers, exact).
 * Equalize's histogram of an 8-bit image is counted on the GPU (histogram with 256 bins over
 * [0, 255]: bin v holds the count of v, exact integer counts).
 *
 * 32-bit normalize maps every pixel on the GPU in double precision as ImageJ's normalizeFloat
 * does (imagejNormalize), with the minimum and maximum from ImageJ's own search.
 *
 * <p>Runs ImageJ's code instead for: 32-bit images with NaN or infinite pixels, 32-bit equalize
 * (ImageJ refuses it); a selection
 * (ImageJ's mapping then depends on the selection's rectangle and mask); the stack histogram
 * ({@code use}); RGB and composite images.
 */
public class EnhanceContrastTwin extends ContrastEnhancer {
    @Override
    public void stretchHistogram(ImageProcessor ip, double saturated, ImageStatistics stats) {
        if (!bool("normalize")) { // display range only: no pixel changes
            super.stretchHistogram(ip, saturated, stats);
            return;
        }
        if (!covered(ip) || bool("updateSelectionOnly") && cpu("'Update all when normalizing' off with a selection")) {
            super.stretchHistogram(ip, saturated, stats);
            return;
        }
        int[] a = getMinAndMax(ip, saturated, stats);
        int hmin = a[0], hmax = a[1];
        if (hmax <= hmin) return; // ImageJ: nothing to do
        double min = stats.histMin + hmin * stats.binSize;
        double max = stats.histMin + hmax * stats.binSize;
        if (stats.histogram16 != null && ip instanceof ShortProcessor) {
            min = hmin;
            max = hmax;
        }
        ip.resetRoi();
        if (ip instanceof FloatProcessor) { // ContrastEnhancer.normalizeFloat (its table after it does nothing to floats)
            final double lo = min, hi = max;
            if (!Gpu.plane(ip, (in, out) -> Gpu.op("imagejNormalize", in, out, lo, hi)))
                super.stretchHistogram(ip, saturated, stats);
            return;
        }
        int max2 = ip instanceof ShortProcessor ? 65535 : 255, range = max2 + 1;
        int[] lut = new int[range];
        for (int i = 0; i < range; i++) // ContrastEnhancer.normalize
            lut[i] = i <= min ? 0 : i >= max ? max2 : (int) (((double) (i - min) / (max - min)) * max2);
        if (!applyTable(ip, lut)) super.stretchHistogram(ip, saturated, stats);
    }

    @Override
    public void equalize(ImagePlus imp) {
        ImageProcessor first = imp.getProcessor();
        if (imp.getBitDepth() == 32 && cpu("32-bit (ImageJ refuses to equalize it)") || !Gpu.usable() || !covered(first)
                || imp.getRoi() != null && cpu("a selection") || bool("useStackHistogram") && cpu("the stack histogram ('use')")) {
            super.equalize(imp);
            return;
        }
        set("classicEqualization", IJ.altKeyDown());
        boolean processStack = bool("processStack");
        ImageStack stack = imp.getStack();
        int stackSize = (Integer) get("stackSize");
        int size = processStack ? (stackSize == 0 ? stack.size() : stackSize) : 1;
        int[] histogram = null;
        for (int i = 1; i <= size; i++) {
            ImageProcessor ip = processStack ? stack.getProcessor(i) : imp.getProcessor();
            if (processStack) IJ.showProgress(i, size);
            if (histogram == null) histogram = histogram(ip); // ImageJ: the first plane's histogram for all
            if (histogram == null) { // no device: ImageJ's code for the rest
                super.equalize(imp);
                return;
            }
            ip.resetRoi();
            if (!applyTable(ip, equalizeTable(ip, histogram))) {
                super.equalize(imp);
                return;
            }
        }
        if (imp.getBitDepth() == 16 && processStack && imp.getStackSize() > 1) {
            ImageProcessor ip = stack.getProcessor(stack.size() / 2);
            ImageStatistics stats = ip.getStats();
            imp.getProcessor().setMinAndMax(stats.min, stats.max);
        } else
            imp.getProcessor().resetMinAndMax();
    }

    /**
     * ImageJ's ip.getHistogram(): counted on the GPU for a whole 8-bit plane; ImageJ's own count for
     * 16-bit (65536 bins: the histogram operation's float bin arithmetic is not exact there).
     */
    private static int[] histogram(ImageProcessor ip) {
        java.awt.Rectangle r = ip.getRoi();
        boolean whole = r.width == ip.getWidth() && r.height == ip.getHeight() && ip.getMask() == null;
        if (!(ip instanceof ByteProcessor) || !whole) return ip.getHistogram(); // 65536 bins, or a rectangle: ImageJ's count
        float[] counts = Gpu.measure(ip, (in, out) -> Gpu.op("histogram", in, out, 256, 0.0, 255.0, false));
        if (counts == null) return null;
        int[] h = new int[256];
        for (int i = 0; i < 256; i++) h[i] = (int) counts[i];
        return h;
    }

    /** ContrastEnhancer.equalize(ip, histogram)'s table. */
    private int[] equalizeTable(ImageProcessor ip, int[] histogram) {
        boolean classic = bool("classicEqualization");
        int max = ip instanceof ShortProcessor ? 65535 : 255, range = max;
        double sum = weighted(histogram, 0, classic);
        for (int i = 1; i < max; i++) sum += 2 * weighted(histogram, i, classic);
        sum += weighted(histogram, max, classic);
        double scale = range / sum;
        int[] lut = new int[range + 1];
        lut[0] = 0;
        sum = weighted(histogram, 0, classic);
        for (int i = 1; i < max; i++) {
            double delta = weighted(histogram, i, classic);
            sum += delta;
            lut[i] = (int) Math.round(sum * scale);
            sum += delta;
        }
        lut[max] = max;
        return lut;
    }

    private static double weighted(int[] histogram, int i, boolean classic) {
        int h = histogram[i];
        return h < 2 || classic ? (double) h : Math.sqrt((double) h);
    }

    /** ip.applyTable(lut) for the whole plane, on the GPU; false (reported) when it cannot run there. */
    private static boolean applyTable(ImageProcessor ip, int[] lut) {
        float[] values = new float[lut.length];
        for (int i = 0; i < lut.length; i++) values[i] = lut[i];
        String vector = DeviceCache.newName();
        try {
            if (!Gpu.usable()) return false;
            Gpu.pushVector(vector, values);
            if (!Gpu.plane(ip, (in, out) -> Gpu.op("replaceIntensities", in, vector, out))) return false;
        } catch (RuntimeException e) {
            return Gpu.fallBack("ijcl: " + e.getMessage());
        } finally {
            Gpu.releaseQuietly(vector);
        }
        if (ip instanceof ShortProcessor) ip.resetMinAndMax(); // ShortProcessor.applyTable ends with findMinAndMax
        return true;
    }

    /** Reports that ImageJ's code runs, for {@code reason}; returns true (for {@code if (x && cpu(...))}). */
    private static boolean cpu(String reason) {
        Gpu.fallBack(reason);
        return true;
    }

    private static boolean covered(ImageProcessor ip) {
        if (ip instanceof ByteProcessor || ip instanceof ShortProcessor) return true;
        if (ip instanceof FloatProcessor)
            return !FloatRange.of((float[]) ip.getPixels()).nonFinite
                    || Gpu.fallBack("32-bit with NaN or infinite pixels (NaN bits: Java's and the device's may differ)");
        return Gpu.fallBack("pixel type " + ip.getClass().getSimpleName());
    }

    // ImageJ's package-private state and getMinAndMax, read as they are (same ImageJ version as the table)
    private int[] getMinAndMax(ImageProcessor ip, double saturated, ImageStatistics stats) {
        try {
            Method m = ContrastEnhancer.class.getDeclaredMethod("getMinAndMax", ImageProcessor.class, double.class, ImageStatistics.class);
            m.setAccessible(true);
            return (int[]) m.invoke(this, ip, saturated, stats);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ContrastEnhancer.getMinAndMax: " + e, e);
        }
    }

    private boolean bool(String name) {
        return (Boolean) get(name);
    }

    private Object get(String name) {
        try {
            Field f = ContrastEnhancer.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ContrastEnhancer." + name + ": " + e, e);
        }
    }

    private void set(String name, Object value) {
        try {
            Field f = ContrastEnhancer.class.getDeclaredField(name);
            f.setAccessible(true);
            f.set(this, value);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ContrastEnhancer." + name + ": " + e, e);
        }
    }
}
