package net.ijcl.gpumode;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.filter.Filters;
import ij.process.ImageProcessor;

/**
 * GPU twin of Process > Smooth, Sharpen and Find Edges ({@code ij.plugin.filter.Filters} with
 * "smooth", "sharpen", "edge"). ImageJ's class parses the options and handles undo, {@code stack}
 * and the ROI; this subclass replaces its {@code run(ip)} for those three arguments: the same
 * reset of a non-area ROI, then ijcl's smooth, sharpen or findEdges, which compute what
 * ImageProcessor.smooth/sharpen/findEdges compute for each pixel type (ByteProcessor's and
 * ShortProcessor's integer code, FloatProcessor's float code in Java's order, edges as the
 * nearest pixel). A result inside a ROI does not depend on the ROI (ImageJ reads neighbours
 * outside it), so the whole plane is filtered and the ROI rectangle written back.
 *
 * <p>Runs ImageJ's code instead for: the other arguments (invert, noise); RGB; images narrower or
 * lower than 3 pixels; a processor whose snapshot differs from its pixels (ImageJ filters the
 * snapshot then).
 */
public class FiltersTwin extends Filters {
    private String arg;
    private boolean noRoi;

    @Override
    public int setup(String arg, ImagePlus imp) {
        this.arg = arg;
        if (imp != null) {
            Roi roi = imp.getRoi();
            noRoi = roi != null && !roi.isArea();
        }
        return super.setup(arg, imp);
    }

    @Override
    public void run(ImageProcessor ip) {
        String op = "smooth".equals(arg) ? "smooth" : "sharpen".equals(arg) ? "sharpen" : "edge".equals(arg) ? "findEdges" : null;
        if (op == null) {
            Gpu.fallBack("'" + arg + "' has no GPU twin");
        } else if (covered(ip)) {
            if (noRoi) ip.resetRoi();
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
}
