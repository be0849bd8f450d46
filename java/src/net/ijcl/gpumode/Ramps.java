package net.ijcl.gpumode;

import ij.process.ByteProcessor;
import ij.process.ShortProcessor;

/**
 * Ramps of every 8- or 16-bit pixel value, for look-up tables made by ImageJ's own code: where
 * ImageJ's result for a pixel is a function of its value alone (and of processor state such as the
 * display range), running ImageJ's method on a ramp in that state gives, at index v, ImageJ's
 * result for v; {@link Gpu#lookUp} then applies it on the device. Exact by construction.
 */
final class Ramps {
    private Ramps() {}

    /** A 256 x 1 ByteProcessor holding 0..255 (ImageJ's 8-bit point operations depend on nothing else). */
    static ByteProcessor bytes() {
        byte[] px = new byte[256];
        for (int i = 0; i < 256; i++) px[i] = (byte) i;
        return new ByteProcessor(256, 1, px);
    }

    /**
     * A 65536 x 1 ShortProcessor holding 0..65535 with {@code like}'s display range ({@code
     * getMin()}/{@code getMax()}, which ShortProcessor.process reads, set here even where
     * setMinAndMax would refuse it, e.g. 0..0) and calibration table (isSigned16Bit).
     */
    static ShortRamp shorts(ShortProcessor like) {
        return new ShortRamp((int) like.getMin(), (int) like.getMax(), like.getCalibrationTable());
    }

    /** A ramp with a given display range; {@link #process} runs ShortProcessor's own pixel loop. */
    static final class ShortRamp extends ShortProcessor {
        ShortRamp(int min, int max, float[] cTable) {
            super(65536, 1, ramp(), null);
            setCalibrationTable(cTable);
            this.min = min;
            this.max = max;
            this.minMaxSet = true;
        }

        private static short[] ramp() {
            short[] px = new short[65536];
            for (int i = 0; i < px.length; i++) px[i] = (short) i;
            return px;
        }

        /** ShortProcessor.process(op, value) on the ramp (op: ImageProcessor's package-private codes). */
        void run(int op, double value) {
            process(op, value);
        }
    }
}
