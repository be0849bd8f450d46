package net.ijcl.gpumode;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ZProjector;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * GPU twin of Image > Stacks > Z Project... ({@code ij.plugin.ZProjector}). ImageJ's class reads
 * the dialog (start, stop, projection, {@code all}), handles hyperstacks (one {@code doProjection()}
 * per channel and frame, every {@code channels}-th plane), RGB (one per colour), the overlay and the
 * calibration; this subclass replaces only {@link #doProjection()}: the planes start..stop (step
 * {@code increment}) go to the device as one image, the per-pixel reduction along z runs there, and
 * the output image is then made by ImageJ's own steps (the float sum divided by the count for the
 * average, {@code makeOutputImage} for average/max/min: same pixel type, the source's LUT,
 * {@code (v + 0.5f)} for 8/16-bit; 32-bit with reset display range for sum and standard deviation;
 * the median's float image made from the first plane as ImageJ makes it). ImageJ's numerics on the
 * device: the sum in float in slice order (sumZProjection; also the average of 8/16-bit), max/min
 * with NaN never winning (maximum/minimumZProjection), the 32-bit average as a double sum of the
 * non-NaN values over their count and the standard deviation from double sums
 * (meanZProjection, standardDeviationZProjection: only where the device has double precision).
 *
 * <p>Runs ImageJ's code instead for: no planes in the range; average of 32-bit and standard
 * deviation on a device without double precision; the median of an even number of planes (ImageJ
 * averages the two middle values, ijcl's median takes the upper one), of a calibrated image
 * (ImageJ takes the median of calibrated values) and of a 32-bit stack holding -0 (Java's sort
 * puts -0 before 0); virtual stacks.
 */
public class ZProjectorTwin extends ZProjector {
    private static final Field IMP = Reflect.field(ZProjector.class, "imp");
    private static final Field METHOD = Reflect.field(ZProjector.class, "method");
    private static final Field START = Reflect.field(ZProjector.class, "startSlice");
    private static final Field STOP = Reflect.field(ZProjector.class, "stopSlice");
    private static final Field INCREMENT = Reflect.field(ZProjector.class, "increment");
    private static final Field SLICE_COUNT = Reflect.field(ZProjector.class, "sliceCount");
    private static final Field PROJ_IMAGE = Reflect.field(ZProjector.class, "projImage");
    private static final Method MAKE_TITLE = Reflect.method(ZProjector.class, "makeTitle");
    private static final Method MAKE_OUTPUT = Reflect.method(ZProjector.class, "makeOutputImage",
            ImagePlus.class, FloatProcessor.class, int.class);

    @Override
    public void doProjection() {
        if (!project()) super.doProjection();
    }

    /** ZProjector.doProjection() with the reduction on the device; false (nothing changed) to run ImageJ's. */
    private boolean project() {
        if (IMP == null || METHOD == null || START == null || STOP == null || INCREMENT == null
                || SLICE_COUNT == null || PROJ_IMAGE == null || MAKE_TITLE == null || MAKE_OUTPUT == null)
            return Gpu.fallBack("ImageJ's ZProjector fields not found (another ImageJ version)");
        ImagePlus imp = (ImagePlus) Reflect.get(IMP, this);
        if (imp == null) return false;
        int method = (Integer) Reflect.get(METHOD, this);
        if (method < AVG_METHOD || method > MEDIAN_METHOD) return false; // ImageJ resets it to AVG_METHOD
        if (imp.getBitDepth() == 24) return false; // ImageJ splits the colours and calls doProjection() for each
        if (!Gpu.usable()) return false;
        ImageStack stack = imp.getStack();
        if (stack.isVirtual()) return Gpu.fallBack("virtual stack (planes are read from disk)");
        int start = (Integer) Reflect.get(START, this), stop = (Integer) Reflect.get(STOP, this);
        int increment = (Integer) Reflect.get(INCREMENT, this);
        ImageStack planes = new ImageStack(stack.getWidth(), stack.getHeight());
        for (int slice = start; slice <= stop; slice += increment) planes.addSlice(null, stack.getPixels(slice));
        int count = planes.getSize();
        if (count == 0) return Gpu.fallBack("no planes between start " + start + " and stop " + stop);
        int w = stack.getWidth(), h = stack.getHeight(), bits = imp.getBitDepth();
        Object like = stack.getPixels(start);

        if (bits == 32 && method == AVG_METHOD) { // ZProjector.doAverageFloatProjection
            if (!Gpu.hasDouble()) return Gpu.fallBack("the 32-bit average sums in double; the device has no double precision");
            float[] mean = new float[w * h];
            if (!project(planes, mean, "meanZProjection")) return false;
            ImagePlus projection = IJ.createImage(makeTitle(), "32-bit Black", w, h, 1);
            ImageProcessor ip = projection.getProcessor();
            System.arraycopy(mean, 0, (float[]) ip.getPixels(), 0, mean.length);
            ip.resetMinAndMax();
            Reflect.set(PROJ_IMAGE, this, projection);
            return true;
        }
        if (method == MEDIAN_METHOD) return median(imp, stack, planes, start, like);

        FloatProcessor fp = new FloatProcessor(w, h);
        float[] fpixels = (float[]) fp.getPixels();
        if (method == AVG_METHOD || method == SUM_METHOD) {
            if (!project(planes, fpixels, "sumZProjection")) return false;
        } else if (method == SD_METHOD) {
            if (!Gpu.hasDouble()) return Gpu.fallBack("the standard deviation sums in double; the device has no double precision");
            boolean convert = bits != 32;
            if (!Gpu.stack(planes, single(planes, fpixels), (in, out) -> {
                if (!convert) {
                    Gpu.op("standardDeviationZProjection", in, out);
                    return;
                }
                String f = DeviceCache.newName();
                try {
                    Gpu.op("convertFloat", in, f);
                    Gpu.op("standardDeviationZProjection", f, out);
                } finally {
                    Gpu.releaseQuietly(f);
                }
            })) return false;
        } else { // MAX_METHOD, MIN_METHOD: a pixel of the line, in the source's type
            Object result = blank(like);
            if (!project(planes, result, method == MAX_METHOD ? "maximumZProjection" : "minimumZProjection")) return false;
            toFloat(result, fpixels);
        }
        Reflect.set(SLICE_COUNT, this, count);
        ImagePlus projImage;
        if (method == SUM_METHOD) {
            if (imp.getCalibration().isSigned16Bit()) fp.subtract(count * 32768.0);
            fp.resetMinAndMax();
            projImage = new ImagePlus(makeTitle(), fp);
        } else if (method == SD_METHOD) {
            fp.resetMinAndMax();
            projImage = new ImagePlus(makeTitle(), fp);
        } else {
            if (method == AVG_METHOD) { // AverageIntensity.postProcess
                float fnum = count;
                for (int i = 0; i < fpixels.length; i++) fpixels[i] /= fnum;
            }
            int ptype = like instanceof byte[] ? 0 : like instanceof short[] ? 1 : 2;
            projImage = (ImagePlus) invoke(MAKE_OUTPUT, imp, fp, ptype);
        }
        Reflect.set(PROJ_IMAGE, this, projImage);
        return true;
    }

    /** ZProjector.doMedianProjection for an odd number of uncalibrated planes. */
    private boolean median(ImagePlus imp, ImageStack stack, ImageStack planes, int start, Object like) {
        int count = planes.getSize();
        if (count % 2 == 0)
            return Gpu.fallBack("the median of an even number of planes (ImageJ averages the two middle values)");
        ImageProcessor first = stack.getProcessor(start);
        if (imp.getCalibration().calibrated() || first.getCalibrationTable() != null)
            return Gpu.fallBack("the median of a calibrated image (ImageJ takes the median of calibrated values)");
        if (like instanceof float[])
            for (int i = 1; i <= count; i++)
                for (float v : (float[]) planes.getPixels(i))
                    if (v == 0 && Float.floatToRawIntBits(v) != 0)
                        return Gpu.fallBack("the median of a 32-bit stack holding -0 (Java's sort puts -0 before 0)");
        Object result = blank(like);
        if (!project(planes, result, "medianZProjection")) return false;
        Reflect.set(SLICE_COUNT, this, count);
        ImageProcessor ip2 = first.duplicate();
        ip2 = ip2.convertToFloat();
        toFloat(result, (float[]) ip2.getPixels()); // ImageJ's putPixelValue for every pixel
        if (imp.getBitDepth() == 8) ip2 = ip2.convertToByte(false);
        Reflect.set(PROJ_IMAGE, this, new ImagePlus(makeTitle(), ip2));
        return true;
    }

    private static boolean project(ImageStack planes, Object result, String op) {
        return Gpu.stack(planes, single(planes, result), (in, out) -> Gpu.op(op, in, out));
    }

    /** A one-plane stack of the planes' size holding {@code plane} (the projection's destination). */
    private static ImageStack single(ImageStack planes, Object plane) {
        ImageStack s = new ImageStack(planes.getWidth(), planes.getHeight());
        s.addSlice(null, plane);
        return s;
    }

    private static Object blank(Object like) {
        int n = java.lang.reflect.Array.getLength(like);
        return like instanceof byte[] ? new byte[n] : like instanceof short[] ? (Object) new short[n] : new float[n];
    }

    private static void toFloat(Object pixels, float[] out) {
        if (pixels instanceof byte[]) {
            byte[] p = (byte[]) pixels;
            for (int i = 0; i < out.length; i++) out[i] = p[i] & 0xff;
        } else if (pixels instanceof short[]) {
            short[] p = (short[]) pixels;
            for (int i = 0; i < out.length; i++) out[i] = p[i] & 0xffff;
        } else {
            System.arraycopy(pixels, 0, out, 0, out.length);
        }
    }

    private String makeTitle() {
        return (String) invoke(MAKE_TITLE);
    }

    private Object invoke(Method m, Object... args) {
        try {
            return m.invoke(this, args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImageJ's ZProjector." + m.getName() + ": " + e, e);
        }
    }
}
