package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.checkFallsBack;
import static net.ijcl.gpumode.GpuModeHarness.displayRange;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.oval;
import static net.ijcl.gpumode.GpuModeHarness.atSlice;
import static net.ijcl.gpumode.GpuModeHarness.type;

import ij.ImagePlus;
import ij.measure.Calibration;
import ij.process.ImageConverter;
import net.ijcl.HeadlessImageJTestBase;
import net.ijcl.gpumode.GpuModeHarness.Input;
import org.junit.Test;

/**
 * Image > Type > 8-bit, 16-bit, 32-bit in GPU mode: each conversion run with GPU mode off
 * (ImageJ's own code) and on, on real 8- and 16-bit images and stacks (blobs with its inverting
 * LUT, beads, Lund, T1 head), with ImageJ's display range and a set one (16 to 8-bit scales by it),
 * a density calibration (8/16 to 32-bit applies it), an ROI (restored after the conversion), and
 * "scale when converting" off; the result's type, pixels, calibration, display range, LUT and
 * 'changes' compared (GpuModeHarness). 32-bit sources fall back (asserted).
 */
public class GpuModeTypesTest extends HeadlessImageJTestBase {
    static final Input BLOBS = file("blobs.tif"), LUND = file("Lund_MAX_001300.tif"), HEAD = file("mini-t1-head.tif"),
            BEADS = file("beads_3d.tif");

    /** The input with a straight-line density calibration value = a + b * pixel. */
    static Input densityCalibrated(Input in, double a, double b) {
        return new Input(in.name + " calibrated " + a + " + " + b + " v", () -> {
            ImagePlus imp = in.image.get();
            Calibration c = imp.getCalibration();
            c.setFunction(Calibration.STRAIGHT_LINE, new double[] {a, b}, "gray");
            imp.setCalibration(c);
            return imp;
        });
    }

    @Test
    public void eightBitSources() {
        for (Input in : new Input[] {BLOBS, BEADS, atSlice(BEADS, 7), oval(BLOBS, 30, 20, 150, 90),
                displayRange(BLOBS, 20, 200), densityCalibrated(BLOBS, 3, 0.25), densityCalibrated(BEADS, -1, 2)}) {
            check(in, "16-bit", "");
            check(in, "32-bit", "");
        }
    }

    @Test
    public void sixteenBitSources() {
        for (Input in : new Input[] {LUND, HEAD, atSlice(HEAD, 9), displayRange(LUND, 150, 900), displayRange(HEAD, 10, 400),
                oval(LUND, 100, 60, 300, 200), densityCalibrated(LUND, 7, 0.5), densityCalibrated(HEAD, 0, 0.1)}) {
            check(in, "8-bit", "");
            check(in, "32-bit", "");
        }
    }

    @Test
    public void withoutScaling() {
        boolean was = ImageConverter.getDoScaling();
        ImageConverter.setDoScaling(false);
        try {
            check(LUND, "8-bit", "");
            check(HEAD, "8-bit", "");
            check(BLOBS, "16-bit", "");
        } finally {
            ImageConverter.setDoScaling(was);
        }
    }

    @Test
    public void otherConversionsFallBack() {
        checkFallsBack(type(LUND, 32), "8-bit", "");
        checkFallsBack(type(HEAD, 32), "16-bit", "");
        checkFallsBack(BLOBS, "8-bit", "");
    }
}
