package net.ijcl.gpumode;

import ij.plugin.filter.UnsharpMask;
import ij.process.FloatProcessor;

/**
 * GPU twin of Process > Filters > Unsharp Mask... ({@code ij.plugin.filter.UnsharpMask}). ImageJ's
 * class parses the options, and PlugInFilterRunner converts every plane to float (CONVERT_TO_FLOAT),
 * takes its snapshot, handles undo, {@code stack} and the ROI and converts the result back; this
 * subclass replaces only {@link #sharpenFloat}: ijcl's unsharpMask on the float plane, which is
 * ImageJ's Gaussian with accuracy 0.01 and then (snapshot - weight * blurred) / (1 - weight) in
 * float. Inside a ROI the whole plane is computed and the ROI rectangle written back.
 *
 * <p>Runs ImageJ's code instead for: a snapshot that differs from the pixels (ImageJ subtracts
 * from the snapshot), a negative sigma, a weight outside [0, 1), NaN or infinite pixels (NaN
 * results: Java's and the device's NaN bits may differ), and the ROIs of Gaussian Blur's twin
 * (sigma above 8.5, or a y kernel longer than the rows ImageJ blurs in x around the ROI).
 */
public class UnsharpMaskTwin extends UnsharpMask {
    private static final double ACCURACY = 0.01; // UnsharpMask.sharpenFloat's Gaussian

    @Override
    public void sharpenFloat(FloatProcessor fp, double sigma, float weight) {
        if (covered(fp, sigma, weight)
                && Gpu.plane(fp, (in, out) -> Gpu.op("unsharpMask", in, out, sigma, (double) weight)))
            return;
        super.sharpenFloat(fp, sigma, weight);
    }

    private static boolean covered(FloatProcessor fp, double sigma, float weight) {
        if (!(sigma >= 0)) return Gpu.fallBack("sigma " + sigma);
        if (!(weight >= 0 && weight < 1)) return Gpu.fallBack("weight " + weight + " (the GPU takes 0 <= weight < 1)");
        float[] px = (float[]) fp.getPixels();
        Object snapshot = fp.getSnapshotPixels();
        if (!(snapshot instanceof float[]) || !java.util.Arrays.equals((float[]) snapshot, px))
            return Gpu.fallBack("no snapshot equal to the pixels (ImageJ subtracts the blur from the snapshot)");
        if (FloatRange.of(px).nonFinite)
            return Gpu.fallBack("NaN or infinite pixels (NaN results: Java's and the device's NaN bits may differ)");
        return GaussianBlurTwin.roiCovered(fp, sigma, sigma, ACCURACY);
    }
}
