package net.ijcl.gpumode;

import ij.ImagePlus;
import ij.Prefs;
import ij.plugin.filter.Filters;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * GPU twin of {@code ij.plugin.filter.Filters}: Process > Smooth, Sharpen, Find Edges and Edit >
 * Invert. ImageJ's class does setup (undo, {@code stack}, the ROI and its mask); this subclass
 * replaces {@link #run} for "smooth", "sharpen", "edge" and "invert", doing what Filters.run does
 * around the computation (a line selection works on the whole image; after the last slice of a
 * 16-bit stack, Invert resets the display range). Filters' other arguments (noise) run ImageJ's code.
 *
 * <p><b>Smooth, Sharpen, Find Edges:</b> ijcl's smooth, sharpen or findEdges, which compute what
 * ImageProcessor.smooth/sharpen/findEdges compute for each pixel type (ByteProcessor's and
 * ShortProcessor's integer code, FloatProcessor's float code in Java's order, edges as the nearest
 * pixel). A result inside a ROI does not depend on the ROI (ImageJ reads neighbours outside it), so
 * the whole plane is filtered and the ROI rectangle written back. ImageJ's code runs instead for
 * RGB, images narrower or lower than 3 pixels, and a processor whose snapshot differs from its
 * pixels (ImageJ filters the snapshot then).
 *
 * <p><b>Invert</b>, as 1.54p's ImageProcessor.invert:
 * <ul>
 * <li>8-bit: 255 - v (ImageJ's own invert run on a ramp of 0..255, applied as a table);</li>
 * <li>16-bit: ShortProcessor.invert: v2 = max - (v - min), clamped, with min and max the image's
 * pixel range (resetMinAndMax first; the display range is restored after) or, with Edit > Options >
 * Conversions' "full range 16-bit inversions", 0 and 2^bits - 1 (then resetMinAndMax): the table
 * is ShortProcessor.process(INVERT) run on a ramp in that state;</li>
 * <li>32-bit: max - (v - min) in float with min, max the display range (two float operations,
 * ijcl addImageAndScalar then subtractImageFromScalar: each correctly rounded, as Java's); ImageJ's
 * code for an infinite display range.</li>
 * </ul>
 */
public class FiltersTwin extends Filters {
    private static final int INVERT = 0; // ImageProcessor.INVERT (package-private)

    private String arg;
    private ImagePlus imp;
    private int slice;

    @Override
    public int setup(String arg, ImagePlus imp) {
        this.arg = arg;
        this.imp = imp;
        return super.setup(arg, imp);
    }

    @Override
    public void run(ImageProcessor ip) {
        if ("invert".equals(arg)) {
            if (noRoi()) ip.resetRoi();
            invert(ip);
            slice++;
            if (imp.getBitDepth() == 16 && imp.getStackSize() > 1 && slice == imp.getStackSize())
                imp.resetDisplayRange();
            return;
        }
        String op = "smooth".equals(arg) ? "smooth" : "sharpen".equals(arg) ? "sharpen" : "edge".equals(arg) ? "findEdges" : null;
        if (op == null) {
            Gpu.fallBack("'" + arg + "' has no GPU twin");
        } else if (covered(ip)) {
            if (noRoi()) ip.resetRoi();
            if (Gpu.plane(ip, (in, out) -> Gpu.op(op, in, out))) return;
        }
        super.run(ip);
    }

    private static boolean covered(ImageProcessor ip) {
        if (ip.getWidth() < 3 || ip.getHeight() < 3)
            return Gpu.fallBack("an image narrower or lower than 3 pixels");
        Object snapshot = ip.getSnapshotPixels();
        if (snapshot != null && !sameArray(snapshot, ip.getPixels()))
            return Gpu.fallBack("a snapshot that differs from the pixels (ImageJ filters the snapshot)");
        return true;
    }

    private static boolean sameArray(Object a, Object b) {
        if (a instanceof byte[] && b instanceof byte[]) return java.util.Arrays.equals((byte[]) a, (byte[]) b);
        if (a instanceof short[] && b instanceof short[]) return java.util.Arrays.equals((short[]) a, (short[]) b);
        if (a instanceof float[] && b instanceof float[]) return java.util.Arrays.equals((float[]) a, (float[]) b);
        if (a instanceof int[] && b instanceof int[]) return java.util.Arrays.equals((int[]) a, (int[]) b);
        return false;
    }

    private static void invert(ImageProcessor ip) {
        if (ip instanceof ByteProcessor) {
            ByteProcessor ramp = Ramps.bytes();
            ramp.invert();
            if (!Gpu.lookUp(ip, ramp.getPixels())) ip.invert();
        } else if (ip instanceof ShortProcessor) {
            invertShort((ShortProcessor) ip);
        } else if (ip instanceof FloatProcessor) {
            float min = (float) ip.getMin(), max = (float) ip.getMax();
            boolean done = !Float.isFinite(min) || !Float.isFinite(max)
                    ? Gpu.fallBack("32-bit display range " + min + ".." + max + " (ijcl takes finite scalars)")
                    : Gpu.plane(ip, (in, out) -> {
                String t = DeviceCache.newName();
                try {
                    Gpu.op("addImageAndScalar", in, t, -(double) min); // v - min (v + -min: the same float)
                    Gpu.op("subtractImageFromScalar", t, out, (double) max); // max - (v - min)
                } finally {
                    Gpu.releaseQuietly(t);
                }
            });
            if (!done) ip.invert();
        } else {
            Gpu.supported(ip);
            ip.invert();
        }
    }

    /** ShortProcessor.invert() of ImageJ 1.54p, with process(INVERT) as a table on the device. */
    private static void invertShort(ShortProcessor ip) {
        if (Prefs.fullRange16bitInversions) {
            int range = 65536;
            int defaultRange = ImagePlus.getDefault16bitRange();
            if (defaultRange > 0 && !ip.isSigned16Bit()) range = (int) Math.pow(2, defaultRange);
            ip.setMinAndMax(0, range - 1);
            invertTable(ip);
            ip.resetMinAndMax();
        } else {
            double min2 = ip.getMin(), max2 = ip.getMax();
            ip.resetMinAndMax();
            invertTable(ip);
            ip.setMinAndMax(min2, max2);
        }
    }

    private static void invertTable(ShortProcessor ip) {
        Ramps.ShortRamp ramp = Ramps.shorts(ip);
        ramp.run(INVERT, 0.0);
        short[] table = (short[]) ramp.getPixels();
        if (Gpu.lookUp(ip, table)) return;
        short[] px = (short[]) ip.getPixels(); // ImageJ's loop, through the same table
        java.awt.Rectangle r = ip.getRoi();
        for (int y = r.y; y < r.y + r.height; y++)
            for (int i = y * ip.getWidth() + r.x, end = i + r.width; i < end; i++) px[i] = table[px[i] & 0xffff];
    }

    /** Filters' private noRoi: set in setup when the selection is not an area (the whole image is processed). */
    private boolean noRoi() {
        java.lang.reflect.Field f = Reflect.field(Filters.class, "noRoi");
        if (f == null) throw new IllegalStateException("ImageJ's Filters has no field noRoi");
        return (Boolean) Reflect.get(f, this);
    }
}
