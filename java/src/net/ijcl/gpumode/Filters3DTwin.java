package net.ijcl.gpumode;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Filters3D;

import java.lang.reflect.Method;

/**
 * GPU twin of Process > Filters > Median 3D..., Mean 3D..., Minimum 3D..., Maximum 3D... and
 * Variance 3D... ({@code ij.plugin.Filters3D}). Filters3D has no overridable numeric method (its
 * {@code filter} is static), so this subclass repeats its {@code run(arg)}: the same composite
 * check and error, the same dialog (labels, defaults, and the radii kept in Filters3D's own
 * static fields, so that dialog defaults and macro options behave as in ImageJ), timing, and
 * {@code imp.setStack} of a new stack of the source's type (32-bit for the variance). The
 * filtering is ijcl's median, mean, minimum, maximum and variance3DSphere: Filters3D's
 * ellipsoid with the radii as float, out-of-volume voxels left out, its rounding and its order of
 * double sums (so float means and variances are equal bit for bit).
 *
 * <p>Runs ImageJ's code instead for: hyperstacks with more than one channel (Filters3D splits
 * and merges the channels), RGB, virtual stacks, 32-bit stacks with NaN (Filters3D's minimum and
 * maximum skip or keep NaN depending on its position; NaN results of the sums could differ from
 * Java's in their bits), 32-bit stacks with infinite values except for the median (inf - inf in
 * the sums), and, for the minimum and maximum, 32-bit stacks with both 0 and -0 (Filters3D keeps
 * the first of the two it meets; ijcl orders -0 below 0).
 */
public class Filters3DTwin extends Filters3D {
    @Override
    public void run(String arg) {
        int filter;
        String name, op;
        switch (arg) {
            case "mean": filter = MEAN; name = "3D Mean"; op = "mean3DSphere"; break;
            case "median": filter = MEDIAN; name = "3D Median"; op = "median3DSphere"; break;
            case "min": filter = MIN; name = "3D Minimum"; op = "minimum3DSphere"; break;
            case "max": filter = MAX; name = "3D Maximum"; op = "maximum3DSphere"; break;
            case "var": filter = VAR; name = "3D Variance"; op = "variance3DSphere"; break;
            default:
                Gpu.fallBack("argument '" + arg + "'");
                super.run(arg);
                return;
        }
        ImagePlus imp = IJ.getImage();
        if (imp.isComposite() && imp.getNChannels() == imp.getStackSize()) {
            IJ.error(name, "Composite color images not supported");
            return;
        }
        if (!showDialog(name)) return;
        float rx = radius("xradius"), ry = radius("yradius"), rz = radius("zradius");
        imp.startTiming();
        if (!onGpu(imp, filter, op, rx, ry, rz)) imagejRun(imp, filter, rx, ry, rz);
        IJ.showTime(imp, imp.getStartTime(), "", imp.getStackSize());
    }

    private static boolean onGpu(ImagePlus imp, int filter, String op, float rx, float ry, float rz) {
        if (imp.isHyperStack() && imp.getNDimensions() > 4) return Gpu.fallBack("a 5D hyperstack");
        if (imp.isHyperStack() && imp.getNChannels() > 1) return Gpu.fallBack("a hyperstack with several channels");
        ImageStack stack = imp.getStack();
        if (stack.getBitDepth() == 32 && !stack.isVirtual()) {
            boolean nan = false, infinite = false, zero = false, negativeZero = false;
            for (int z = 1; z <= stack.getSize(); z++)
                for (float v : (float[]) stack.getPixels(z)) {
                    if (v != v) nan = true;
                    else if (Float.isInfinite(v)) infinite = true;
                    else if (v == 0) {
                        if (Float.floatToRawIntBits(v) == 0) zero = true;
                        else negativeZero = true;
                    }
                }
            if (nan) return Gpu.fallBack("a 32-bit stack with NaN");
            if (infinite && filter != MEDIAN) return Gpu.fallBack("a 32-bit stack with infinite values");
            if ((filter == MIN || filter == MAX) && zero && negativeZero)
                return Gpu.fallBack("a 32-bit stack with both 0 and -0 (Filters3D keeps the first it meets)");
        }
        ImageStack res = ImageStack.create(stack.getWidth(), stack.getHeight(), stack.getSize(),
                filter == VAR ? 32 : stack.getBitDepth());
        if (!Gpu.stack(stack, res, (in, out) -> Gpu.op(op, in, out, (double) rx, (double) ry, (double) rz)))
            return false;
        imp.setStack(res);
        return true;
    }

    private static final String[] RADII = {"xradius", "yradius", "zradius"};

    /** Filters3D.showDialog, on Filters3D's own static radii. */
    private static boolean showDialog(String name) {
        return Reflect.xyzDialog(name, Filters3D.class, new String[] {"X radius:", "Y radius:", "Z radius:"}, RADII);
    }

    private static float radius(String name) {
        return (float) Reflect.staticNumber(Filters3D.class, name);
    }

    /** ImageJ's private Filters3D.run(imp, filter, rx, ry, rz). */
    private void imagejRun(ImagePlus imp, int filter, float rx, float ry, float rz) {
        try {
            Method m = Filters3D.class.getDeclaredMethod("run", ImagePlus.class, int.class, float.class, float.class, float.class);
            m.setAccessible(true);
            m.invoke(this, imp, filter, rx, ry, rz);
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable t = e.getCause();
            if (t instanceof RuntimeException) throw (RuntimeException) t;
            if (t instanceof Error) throw (Error) t;
            throw new IllegalStateException(t);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("ImageJ's Filters3D has no run(ImagePlus, int, float, float, float)", e);
        }
    }
}
