package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.atSlice;
import static net.ijcl.gpumode.GpuModeHarness.calibrated;
import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.oval;
import static net.ijcl.gpumode.GpuModeHarness.rect;
import static net.ijcl.gpumode.GpuModeHarness.type;

import net.ijcl.HeadlessImageJTestBase;
import org.junit.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Process > Filters > Gaussian Blur 3D..., Median/Mean/Minimum/Maximum/Variance 3D... in GPU mode:
 * each command run with GPU mode off (ImageJ's own code) and on, compared byte for byte
 * (GpuModeHarness), on real 8-, 16- and 32-bit stacks, a 2D image, a time series (hyperstack of
 * one channel), stacks with rectangular and oval ROIs (which these commands ignore or remove) and
 * a calibrated stack (radii and sigmas are in pixels).
 */
public class GpuMode3DFiltersTest extends HeadlessImageJTestBase {
    private static List<GpuModeHarness.Input> inputs() {
        GpuModeHarness.Input head = file("mini-t1-head.tif"), beads = file("beads_3d.tif");
        List<GpuModeHarness.Input> l = new ArrayList<>();
        l.add(head);                      // 16-bit
        l.add(beads);                     // 8-bit
        l.add(type(head, 32));            // fractional floats
        l.add(type(beads, 16));
        l.add(file("blobs.tif"));         // a single plane
        l.add(atSlice(rect(head, 3, 5, 20, 17), 7));
        l.add(oval(type(head, 32), 4, 2, 21, 25));
        l.add(calibrated(head, 0.5, 0.5, 2));
        return l;
    }

    private static void checkAll(String command, String options) {
        for (GpuModeHarness.Input in : inputs()) check(in, command, options);
    }

    @Test
    public void filters3D() {
        for (String command : new String[] {"Median 3D...", "Mean 3D...", "Minimum 3D...", "Maximum 3D...", "Variance 3D..."}) {
            checkAll(command, "x=2 y=2 z=2");
            check(file("mini-t1-head.tif"), command, "x=1.5 y=3 z=0.7");
            check(type(file("mini-t1-head.tif"), 32), command, "x=0 y=1 z=2.5");
            check(file("drosophila_timelapse.tif"), command, "x=1 y=1 z=1"); // frames: one volume
        }
    }

    @Test
    public void gaussianBlur3D() {
        checkAll("Gaussian Blur 3D...", "x=2 y=2 z=2");
        check(file("mini-t1-head.tif"), "Gaussian Blur 3D...", "x=0.8 y=1.5 z=0");
        check(type(file("mini-t1-head.tif"), 32), "Gaussian Blur 3D...", "x=0 y=0 z=1.3");
        check(file("beads_3d.tif"), "Gaussian Blur 3D...", "x=9 y=1 z=10"); // beyond 8.5: down/upscaling
    }
}
