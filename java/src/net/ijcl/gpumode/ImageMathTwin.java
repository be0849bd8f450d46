package net.ijcl.gpumode;

import ij.ImagePlus;
import ij.plugin.filter.ImageMath;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * GPU twin of Process > Math > Add..., Subtract..., Multiply..., Divide..., Min..., Max...,
 * Gamma..., Log, Exp, Square, Square Root, Abs and Reciprocal ({@code ij.plugin.filter.ImageMath}).
 * ImageJ's class parses the value, shows its errors and runs through PlugInFilterRunner (undo,
 * {@code stack}, the ROI and its mask, slices in parallel); this subclass replaces {@link #run}
 * per plane. ImageMath's fields are private: the value and the {@code canceled} flag are read by
 * reflection.
 *
 * <p><b>8- and 16-bit images:</b> ImageJ's result is a function of the pixel value (and, for
 * 16-bit, of the display range getMin()/getMax() that ShortProcessor.process reads, and of the
 * signed-16-bit calibration). The twin runs ImageJ's own {@code run} on a ramp of every value in
 * the same state ({@link Ramps}) and applies the resulting table on the device
 * (replaceIntensities): exact by construction, for every operation. Then it does what ImageJ does
 * after the pixels: resetMinAndMax for Min/Max of 16-bit images and for Abs.
 *
 * <p><b>32-bit images:</b> Add/Subtract (v + (float) value, ijcl addImageAndScalar), Multiply and
 * Divide (v * (float) value, and Divide multiplies by (float) (1 / value), as ImageJ; ijcl
 * multiplyImageAndScalar), Square (v * v, multiplyImages) and Abs (absolute, then resetMinAndMax):
 * each one correctly rounded float operation, as Java's; Min, Max, Square Root and Reciprocal
 * with ijcl's imagejMath (ImageJ's double comparison, NaN and signed zeros kept; v &lt;= 0 gives 0
 * and 1/0 gives NaN; correctly rounded sqrt and division), then resetMinAndMax for Min and Max.
 * Log and Exp with ijcl's imagejLogExp: the double log/exp rounded to float wherever that provably
 * equals Java's (float) Math.log/exp (OpenCL's 3-ulp and Java's 1-ulp bounds, far from a float
 * rounding boundary); the rare undecided pixels are computed here with Java's Math.log/exp.
 * Runs ImageJ's code instead for Gamma (exp(c * log v): no error bound to decide Java's float), Log
 * and Exp on devices without double precision, Divide by 0
 * (a factor of infinity, which ijcl's multiplyImageAndScalar refuses), and Square Root and
 * Reciprocal on a device with neither double precision nor correctly rounded float division and
 * square root (imagejMath refuses; the fallback names the reason).
 */
public class ImageMathTwin extends ImageMath {
    /** The operations whose 8/16-bit results come from a table of ImageJ's own results. */
    private static final Set<String> TABLE = new HashSet<>(Arrays.asList(
            "add", "sub", "mul", "div", "min", "max", "gamma", "log", "exp", "sqr", "sqrt", "abs"));

    private String arg;
    private ImagePlus imp;

    @Override
    public int setup(String arg, ImagePlus imp) {
        this.arg = arg;
        this.imp = imp;
        return super.setup(arg, imp);
    }

    @Override
    public void run(ImageProcessor ip) {
        if (arg == null || field("canceled", Boolean.class)) {
            super.run(ip);
            return;
        }
        boolean done = ip instanceof FloatProcessor ? floatOnGpu(ip)
                : ip instanceof ByteProcessor || ip instanceof ShortProcessor ? tableOnGpu(ip)
                : Gpu.supported(ip);
        if (!done) super.run(ip);
    }

    /** 8/16-bit: ImageJ's run on a ramp in ip's state, then the table on the device. */
    private boolean tableOnGpu(ImageProcessor ip) {
        if (!TABLE.contains(arg)) return Gpu.fallBack("Process > Math '" + arg + "' on " + ip.getBitDepth() + "-bit images");
        if (arg.equals("abs") && !imp.getCalibration().isSigned16Bit())
            return Gpu.fallBack("Abs leaves unsigned 8/16-bit images unchanged");
        if (arg.equals("div") && field("mulValue", Double.class) == 0.0)
            return Gpu.fallBack("Divide by 0 leaves 8/16-bit images unchanged");
        if (!Gpu.usable()) return false;
        ImageProcessor ramp = ip instanceof ByteProcessor ? Ramps.bytes() : Ramps.shorts((ShortProcessor) ip);
        super.run(ramp); // ImageJ's own code, on every value
        if (field("canceled", Boolean.class)) return true; // e.g. gamma out of range: ImageJ leaves ip unchanged
        if (!Gpu.lookUp(ip, ramp.getPixels())) return false;
        if ((arg.equals("min") || arg.equals("max")) && !(ip instanceof ByteProcessor) || arg.equals("abs"))
            ip.resetMinAndMax();
        return true;
    }

    /** 32-bit: the operations that are one correctly rounded float operation per pixel. */
    private boolean floatOnGpu(ImageProcessor ip) {
        switch (arg) {
            case "add":
            case "sub": {
                double v = field("addValue", Double.class);
                double c = arg.equals("add") ? v : -v; // subtract(v) = add(-v): v1 + (float) -v
                return Gpu.plane(ip, (in, out) -> Gpu.op("addImageAndScalar", in, out, c));
            }
            case "mul":
            case "div": {
                double v = field("mulValue", Double.class);
                double c = arg.equals("mul") ? v : 1.0 / v; // ImageMath: ip.multiply(1.0 / value)
                if (Float.isInfinite((float) c) || Double.isNaN(c))
                    return Gpu.fallBack("32-bit " + arg + " by a factor " + (float) c + " (ijcl takes finite factors)");
                return Gpu.plane(ip, (in, out) -> Gpu.op("multiplyImageAndScalar", in, out, c));
            }
            case "sqr":
                return Gpu.plane(ip, (in, out) -> Gpu.op("multiplyImages", in, in, out));
            case "abs":
                if (!Gpu.plane(ip, (in, out) -> Gpu.op("absolute", in, out))) return false;
                ip.resetMinAndMax();
                return true;
            case "min":
            case "max": {
                double v = field(arg.equals("min") ? "minValue" : "maxValue", Double.class);
                if (!Gpu.plane(ip, (in, out) -> Gpu.op("imagejMath", in, out, arg, v))) return false;
                ip.resetMinAndMax();
                return true;
            }
            case "sqrt":
            case "reciprocal":
                return Gpu.plane(ip, (in, out) -> Gpu.op("imagejMath", in, out, arg, 0.0));
            case "log":
            case "exp":
                return logExp(ip);
            case "gamma":
                return Gpu.fallBack("32-bit gamma: exp(c * log(v)) in double has no error bound tight enough to decide Java's float");
            default:
                return Gpu.fallBack("Process > Math '" + arg + "' on 32-bit images");
        }
    }

    /**
     * 32-bit Log and Exp: ijcl's imagejLogExp gives Java's (float) Math.log/exp wherever the double
     * result decides the float; the few pixels it marks undecided are computed here with Java's own
     * Math.log/exp (from the original values, before the plane is written back).
     */
    private boolean logExp(ImageProcessor ip) {
        float[] px = (float[]) ip.getPixels();
        java.util.List<int[]> fixes = new java.util.ArrayList<>(); // {index, float bits}
        boolean log = arg.equals("log");
        boolean done = Gpu.plane(ip, (in, out) -> {
            String mask = DeviceCache.newName();
            try {
                net.ijcl.Ijcl.Result r = Gpu.op("imagejLogExp", in, out, mask, arg, null);
                if (r.numbers[0] > 0) {
                    byte[] undecided = new byte[px.length];
                    net.ijcl.Ijcl.readPlanesInto(mask, new Object[] {undecided});
                    for (int i = 0; i < px.length; i++)
                        if (undecided[i] != 0)
                            fixes.add(new int[] {i, Float.floatToRawIntBits(log ? (float) Math.log(px[i]) : (float) Math.exp(px[i]))});
                }
            } finally {
                Gpu.releaseQuietly(mask);
            }
        });
        if (!done) return false;
        java.awt.Rectangle r = ip.getRoi();
        int w = ip.getWidth();
        for (int[] f : fixes) {
            int x = f[0] % w, y = f[0] / w;
            if (x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height) px[f[0]] = Float.intBitsToFloat(f[1]);
        }
        return true;
    }

    /** A private field of ImageMath (its values and flags). */
    private <T> T field(String name, Class<T> type) {
        try {
            java.lang.reflect.Field f = ImageMath.class.getDeclaredField(name);
            f.setAccessible(true);
            return type.cast(f.get(this));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImageMath." + name + ": " + e, e);
        }
    }
}
