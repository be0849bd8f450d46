package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.calibrated;
import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.planeVariants;

import net.ijcl.HeadlessImageJTestBase;
import org.junit.Test;

import java.util.Map;

/**
 * Process > Filters in GPU mode: each command run with GPU mode off (ImageJ's own code) and on,
 * on real 8-, 16- and 32-bit images, a stack with and without 'stack', rectangular and oval ROIs
 * and a calibrated image; results compared byte for byte and the GPU run shown to run on the
 * device (GpuModeHarness).
 */
public class GpuModeFiltersTest extends HeadlessImageJTestBase {
    private static void checkAll(String command, String options) {
        for (Map.Entry<GpuModeHarness.Input, String> e : planeVariants(options).entrySet())
            check(e.getKey(), command, e.getValue());
    }

    @Test
    public void gaussianBlur() {
        checkAll("Gaussian Blur...", "sigma=2");
        checkAll("Gaussian Blur...", "sigma=0.7");
        check(file("blobs.tif"), "Gaussian Blur...", "sigma=12"); // beyond 8.5: ImageJ's down/upscaling
        check(calibrated(file("Lund_MAX_001300.tif"), 0.5, 0.25, 1), "Gaussian Blur...", "sigma=1.5 scaled");
    }

    /** A 32-bit image holding both 0 and -0: ImageJ's min/max/median keep the first they meet, so GPU mode must fall back. */
    @Test
    public void mixedZerosFallBackForRankSelections() {
        GpuModeHarness.Input zeros = new GpuModeHarness.Input("32-bit with 0 and -0", () -> {
            ij.ImagePlus imp = GpuModeHarness.type(file("blobs.tif"), 32).image.get();
            float[] px = (float[]) imp.getProcessor().getPixels();
            for (int i = 0; i < px.length; i++) if (px[i] < 30f / 7) px[i] = (i % 3 == 0) ? -0f : 0f;
            return imp;
        });
        for (String command : new String[] {"Minimum...", "Maximum...", "Median..."}) {
            GpuModeHarness.Run cpu = GpuModeHarness.run(false, zeros, command, "radius=1");
            GpuModeHarness.Run gpu = GpuModeHarness.run(true, zeros, command, "radius=1");
            try {
                GpuModeHarness.assertSame(command + " with 0 and -0", cpu, gpu);
                org.junit.Assert.assertTrue(gpu.report.toString(), gpu.report.contains("gpu-mode: " + command + "\tCPU\t1"));
            } finally {
                GpuModeHarness.close(cpu);
                GpuModeHarness.close(gpu);
            }
        }
        check(zeros, "Mean...", "radius=1"); // sums do not care about the sign of zero
    }

    @Test
    public void rankFilters() {
        for (String command : new String[] {"Median...", "Mean...", "Minimum...", "Maximum..."}) {
            checkAll(command, "radius=2");
            check(file("blobs.tif"), command, "radius=0.5");
            check(file("Lund_MAX_001300.tif"), command, "radius=1.6");
        }
    }
}
