package net.ijcl.gpumode;

import ij.plugin.filter.GaussianBlur;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

import java.awt.Rectangle;

/**
 * GPU twin of Process > Filters > Gaussian Blur... ({@code ij.plugin.filter.GaussianBlur}).
 * ImageJ's class parses the options (sigma, the old {@code radius=} key, {@code scaled},
 * {@code stack}) and handles undo and the ROI; this subclass replaces only {@link #blurGaussian}:
 * ijcl's gaussianBlur2D, which is ImageJ's algorithm (kernel radius and tail, edge pixels, x pass
 * then y pass in float, the down/upscaling beyond sigma 8.5, rounding back to the pixel type).
 *
 * <p>Runs ImageJ's code instead for: RGB images; an accuracy other than the command's own
 * (0.002 for 8-bit, 0.0002 otherwise: other callers); a ROI smaller than the image when ImageJ's
 * result inside it depends on the ROI (sigma above 8.5, whose down/upscaling grid starts at the
 * ROI, or a y kernel longer than the ceil(5 sigma_y) rows ImageJ blurs in x around the ROI).
 */
public class GaussianBlurTwin extends GaussianBlur {
    @Override
    public void blurGaussian(ImageProcessor ip, double sigmaX, double sigmaY, double accuracy) {
        if (covered(ip, sigmaX, sigmaY, accuracy)
                && Gpu.plane(ip, (in, out) -> Gpu.op("gaussianBlur2D", in, out, sigmaX, sigmaY)))
            return;
        super.blurGaussian(ip, sigmaX, sigmaY, accuracy);
    }

    private static boolean covered(ImageProcessor ip, double sigmaX, double sigmaY, double accuracy) {
        double own = ip instanceof ByteProcessor ? 0.002 : 0.0002;
        if (accuracy != own) return Gpu.fallBack("accuracy " + accuracy + " (the command uses " + own + ")");
        if (!(sigmaX >= 0 && sigmaY >= 0)) return Gpu.fallBack("sigma " + sigmaX + ", " + sigmaY);
        return roiCovered(ip, sigmaX, sigmaY, accuracy);
    }

    /**
     * True when ImageJ's blur of ip's ROI rectangle (kernel accuracy {@code accuracy}) equals the
     * whole plane's blur there; otherwise reports why and returns false.
     */
    static boolean roiCovered(ImageProcessor ip, double sigmaX, double sigmaY, double accuracy) {
        Rectangle r = ip.getRoi();
        boolean whole = r.width == ip.getWidth() && r.height == ip.getHeight();
        if (whole) return true;
        if (sigmaX > 8.5 || sigmaY > 8.5) return Gpu.fallBack("a ROI with sigma above 8.5");
        if (sigmaY > 0 && sigmaX > 0) {
            int kRadius = new GaussianBlur().makeGaussianKernel(sigmaY, accuracy, ip.getHeight())[0].length;
            if (kRadius - 1 > (int) Math.ceil(5 * sigmaY))
                return Gpu.fallBack("a ROI with a y kernel of " + kRadius + " rows (ImageJ blurs "
                        + (int) Math.ceil(5 * sigmaY) + " rows around the ROI in x)");
        }
        return true;
    }
}
