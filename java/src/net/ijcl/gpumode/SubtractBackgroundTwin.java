package net.ijcl.gpumode;

import ij.plugin.filter.BackgroundSubtracter;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * GPU twin of Process > Subtract Background... ({@code ij.plugin.filter.BackgroundSubtracter}),
 * rolling ball and sliding paraboloid. ImageJ's class parses the options ({@code rolling},
 * {@code light}, {@code create}, {@code sliding}, {@code disable}, {@code stack}), handles undo,
 * stacks and the ROI; this subclass replaces {@link #rollingBallBackground}: the background is
 * ijcl's rollingBallBackground (ImageJ's ball patch, 3x3 presmoothing, shrinking, rolling and
 * bilinear enlarging) or slidingParaboloidBackground (ImageJ's 3x3 maximum and mean, corner
 * correction and nine directional parabola slides, one work item per line), the same float
 * operations in the same order: bit for bit; then ImageJ's own final step: the background itself
 * ({@code create}) or the subtraction with ImageJ's offset (0.5, or 255.5 / 65535.5 when
 * inverted), clamping and truncation for 8/16-bit, original - background for 32-bit.
 *
 * <p>Runs ImageJ's code instead for: RGB (ImageJ works on the brightness or each channel); images
 * too small for the shrunk ball (ImageJ fails there too); the paraboloid on 32-bit images with
 * NaN or infinite pixels (ImageJ's slide does not end on them) and on devices without correctly
 * rounded float division or double precision.
 */
public class SubtractBackgroundTwin extends BackgroundSubtracter {
    @Override
    public void rollingBallBackground(ImageProcessor ip, double radius, boolean createBackground, boolean lightBackground,
                                      boolean useParaboloid, boolean doPresmooth, boolean correctCorners) {
        boolean invertedLut = ip.isInvertedLut();
        boolean invert = (invertedLut && !lightBackground) || (!invertedLut && lightBackground); // as ImageJ
        float[] bg;
        if (useParaboloid) {
            bg = ip instanceof FloatProcessor && FloatRange.of((float[]) ip.getPixels()).nonFinite
                    ? fallBackNull("sliding paraboloid on NaN or infinite pixels")
                    : Gpu.measure(ip, (in, out) -> Gpu.op("slidingParaboloidBackground", in, out, radius, invert,
                                                          doPresmooth, correctCorners));
        } else {
            bg = Gpu.measure(ip, (in, out) -> Gpu.op("rollingBallBackground", in, out, radius, invert, doPresmooth));
        }
        if (bg == null) {
            super.rollingBallBackground(ip, radius, createBackground, lightBackground, useParaboloid, doPresmooth, correctCorners);
            return;
        }
        if (ip instanceof FloatProcessor) {
            float[] pixels = (float[]) ip.getPixels();
            if (createBackground) System.arraycopy(bg, 0, pixels, 0, bg.length);
            else for (int p = 0; p < bg.length; p++) pixels[p] = pixels[p] - bg[p]; // snapshot - background
        } else if (createBackground) {
            ip.setPixels(0, new FloatProcessor(ip.getWidth(), ip.getHeight(), bg)); // ImageJ's conversion
        } else if (ip instanceof ShortProcessor) {
            float offset = invert ? 65535.5f : 0.5f;
            short[] pixels = (short[]) ip.getPixels();
            for (int p = 0; p < bg.length; p++) {
                float value = (pixels[p] & 0xffff) - bg[p] + offset;
                if (value < 0f) value = 0f;
                if (value > 65535f) value = 65535f;
                pixels[p] = (short) (value);
            }
        } else if (ip instanceof ByteProcessor) {
            float offset = invert ? 255.5f : 0.5f;
            byte[] pixels = (byte[]) ip.getPixels();
            for (int p = 0; p < bg.length; p++) {
                float value = (pixels[p] & 0xff) - bg[p] + offset;
                if (value < 0f) value = 0f;
                if (value > 255f) value = 255f;
                pixels[p] = (byte) (value);
            }
        }
        Report.ranOnGpu();
    }

    private static float[] fallBackNull(String reason) {
        Gpu.fallBack(reason);
        return null;
    }
}
