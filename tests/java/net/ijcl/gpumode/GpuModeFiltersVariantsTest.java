package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.calibrated;
import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.planeVariants;
import static net.ijcl.gpumode.GpuModeHarness.rect;
import static net.ijcl.gpumode.GpuModeHarness.type;

import net.ijcl.HeadlessImageJTestBase;
import org.junit.Test;

import java.util.Map;

/**
 * Process > Filters > Variance..., Unsharp Mask..., and Process > Smooth, Sharpen, Find Edges in
 * GPU mode: each command run with GPU mode off (ImageJ's own code) and on, on real 8-, 16- and
 * 32-bit images, a stack with and without 'stack', rectangular and oval ROIs and a calibrated
 * image; results (pixels, display range, ...) compared byte for byte and the GPU run shown to run
 * on the device (GpuModeHarness).
 */
public class GpuModeFiltersVariantsTest extends HeadlessImageJTestBase {
    static void checkAll(String command, String options) {
        for (Map.Entry<GpuModeHarness.Input, String> e : planeVariants(options).entrySet())
            check(e.getKey(), command, e.getValue());
    }

    @Test
    public void variance() {
        checkAll("Variance...", "radius=2");
        check(file("blobs.tif"), "Variance...", "radius=0.5");
        check(file("Lund_MAX_001300.tif"), "Variance...", "radius=6");
        check(type(file("blobs.tif"), 32), "Variance...", "radius=1.6");
        check(rect(type(file("blobs.tif"), 32), 0, 30, 100, 50), "Variance...", "radius=3");
        check(calibrated(file("blobs.tif"), 0.5, 0.5, 1), "Variance...", "radius=2");
    }

    @Test
    public void smoothSharpenFindEdges() {
        for (String command : new String[] {"Smooth", "Sharpen", "Find Edges"}) {
            checkAll(command, "slice"); // as the recorder writes it (a stack without "stack": this slice)
            check(rect(file("blobs.tif"), 0, 0, 40, 254), command, "slice");      // ROI touching the left and top edges
            check(calibrated(type(file("blobs.tif"), 16), 0.5, 0.5, 1), command, "slice");
        }
    }

    @Test
    public void unsharpMask() {
        checkAll("Unsharp Mask...", "radius=2 mask=0.6");
        check(file("blobs.tif"), "Unsharp Mask...", "radius=0.7 mask=0.9");
        check(type(file("Lund_MAX_001300.tif"), 32), "Unsharp Mask...", "radius=12 mask=0.3"); // beyond 8.5
        check(calibrated(file("blobs.tif"), 0.5, 0.5, 1), "Unsharp Mask...", "radius=1.5 mask=0.55");
    }
}
