package net.ijcl.gpumode;

import ij.plugin.filter.RankFilters;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * GPU twin of Process > Filters > Median..., Mean..., Minimum..., Maximum... and Variance...
 * ({@code ij.plugin.filter.RankFilters}). ImageJ's class parses the options and handles undo,
 * {@code stack} and the ROI; this subclass replaces only {@link #rank}: ijcl's mean, median,
 * minimum and maximum2DSphere, which use RankFilters' circular kernel ({@code makeLineRadii}:
 * x^2 + y^2 <= (int)(r^2) + 1, the 1.5-1.75 and 2.5-2.85 widening), nearest-edge padding, double
 * sums for the mean and its rounding back to the pixel type. A result inside a ROI does not depend
 * on the ROI (neighbours outside it are read), so the whole plane is filtered and the ROI
 * rectangle written back.
 *
 * Variance: ijcl's variance2DSphere, which repeats RankFilters' running double sums in its order.
 *
 * <p>Runs ImageJ's code instead for: the other filter types (outliers, despeckle, open, close,
 * top hat); RGB; 32-bit images with NaN (ImageJ's NaN handling of the median depends on its scan
 * order) and, for the mean, 32-bit images whose values span so many binary orders of magnitude
 * that a double sum of the neighbourhood could round (ImageJ adds and subtracts columns in its own
 * order; when every partial sum is exact, the order does not matter); for the variance, 32-bit
 * images with NaN or infinite pixels and 32-bit ROIs starting at x > 0.
 */
public class RankFiltersTwin extends RankFilters {
    @Override
    public void rank(ImageProcessor ip, double radius, int filterType, int whichOutliers, float threshold,
                     boolean lightBackground, boolean dontSubtract) {
        String op = filterType == MEAN ? "mean2DSphere" : filterType == MEDIAN ? "median2DSphere"
                : filterType == MIN ? "minimum2DSphere" : filterType == MAX ? "maximum2DSphere"
                : filterType == VARIANCE ? "variance2DSphere" : null;
        if (op == null) Gpu.fallBack("filter type " + filterType + " has no GPU twin");
        else if (filterType == VARIANCE) {
            if (coveredVariance(ip, radius) && Gpu.plane(ip, (in, out) -> Gpu.op(op, in, out, radius)))
                return;
        } else if (covered(ip, radius, filterType)
                && Gpu.plane(ip, (in, out) -> Gpu.op(op, in, out, radius, radius)))
            return;
        super.rank(ip, radius, filterType, whichOutliers, threshold, lightBackground, dontSubtract);
    }

    /**
     * variance2DSphere follows RankFilters' order of double sums along each row from x = 0, so it
     * equals ImageJ for any integer image (exact sums) and for float images filtered over the
     * whole width; a float ROI starting at x > 0 starts ImageJ's running sums there.
     */
    private static boolean coveredVariance(ImageProcessor ip, double radius) {
        if (!(radius >= 0 && radius <= 1000)) return Gpu.fallBack("radius " + radius + " (variance2DSphere takes 0 to 1000)");
        if (!(ip instanceof FloatProcessor)) return true;
        if (FloatRange.of((float[]) ip.getPixels()).nonFinite)
            return Gpu.fallBack("a 32-bit image with NaN or infinite pixels (NaN results: Java's and the device's NaN bits may differ)");
        if (ip.getRoi().x != 0)
            return Gpu.fallBack("a 32-bit image with a ROI starting at x > 0 (ImageJ's running sums start at the ROI's left edge)");
        return true;
    }

    private static boolean covered(ImageProcessor ip, double radius, int filterType) {
        if (!(radius >= 0)) return Gpu.fallBack("radius " + radius);
        if (!(ip instanceof FloatProcessor)) return true;
        float[] px = (float[]) ip.getPixels();
        int kernelPoints = (int) Math.min(1 << 30, Math.round(Math.PI * (radius + 1) * (radius + 1)) + 8);
        FloatRange range = FloatRange.of(px);
        if (range.nonFinite) return Gpu.fallBack("a 32-bit image with NaN or infinite pixels");
        if (filterType != MEAN && range.mixedZeros)
            return Gpu.fallBack("a 32-bit image holding both 0 and -0 (ImageJ keeps whichever its scan meets first)");
        if (filterType == MEAN && !range.exactDoubleSums(kernelPoints))
            return Gpu.fallBack("32-bit values spanning too many binary orders of magnitude for exact double sums");
        return true;
    }
}
