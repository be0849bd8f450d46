package net.ijcl.gpumode;

import static net.ijcl.gpumode.GpuModeHarness.check;
import static net.ijcl.gpumode.GpuModeHarness.file;
import static net.ijcl.gpumode.GpuModeHarness.oval;
import static net.ijcl.gpumode.GpuModeHarness.planeVariants;
import static net.ijcl.gpumode.GpuModeHarness.rect;
import static net.ijcl.gpumode.GpuModeHarness.type;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import net.ijcl.HeadlessImageJTestBase;
import org.junit.Test;

import java.util.Map;

/**
 * Image > Transform (flips, 90-degree rotations) and Image > Stacks > Z Project... in GPU mode:
 * each command run with GPU mode off (ImageJ's own code) and on, on real 8-, 16- and 32-bit images
 * and stacks, with and without 'stack', ROIs, calibration with an origin and different x/y units,
 * and hyperstacks; results compared byte for byte (GpuModeHarness) and the GPU run shown to run on
 * the device.
 */
public class GpuModeStacksTest extends HeadlessImageJTestBase {
    /** The input with pixel size 0.5 x 0.25 um, y in nm, and an origin off zero (flip and rotate move it). */
    static GpuModeHarness.Input originAndUnits(GpuModeHarness.Input in) {
        return new GpuModeHarness.Input(in.name + " with origin and x/y units", () -> {
            ImagePlus imp = in.image.get();
            Calibration c = imp.getCalibration();
            c.pixelWidth = 0.5;
            c.pixelHeight = 0.25;
            c.pixelDepth = 2;
            c.setXUnit("um");
            c.setYUnit("nm");
            c.xOrigin = 12.5;
            c.yOrigin = 3;
            return imp;
        });
    }

    static GpuModeHarness.Input withOverlay(GpuModeHarness.Input in) {
        return new GpuModeHarness.Input(in.name + " with an overlay", () -> {
            ImagePlus imp = in.image.get();
            imp.setOverlay(new Overlay(new Roi(10, 20, 30, 15)));
            return imp;
        });
    }

    /** mini-t1-head as a hyperstack of 2 channels x 8 slices x 2 frames (32 planes). */
    static GpuModeHarness.Input hyperstack(GpuModeHarness.Input in) {
        return new GpuModeHarness.Input(in.name + " as 2 channels x 8 slices x 2 frames", () -> {
            ImagePlus imp = in.image.get();
            imp.setDimensions(2, 8, 2);
            imp.setOpenAsHyperStack(true);
            return imp;
        });
    }

    @Test
    public void flips() {
        for (String command : new String[] {"Flip Horizontally", "Flip Vertically"}) {
            // "slice": what the recorder writes for one slice of a stack (no options at all opens the dialog)
            for (Map.Entry<GpuModeHarness.Input, String> e : planeVariants("").entrySet())
                check(e.getKey(), command, e.getValue().isEmpty() ? "slice" : e.getValue());
            check(originAndUnits(file("blobs.tif")), command, "");
            check(originAndUnits(rect(file("Lund_MAX_001300.tif"), 5, 7, 100, 51)), command, "");
            check(rect(type(file("mini-t1-head.tif"), 32), 3, 4, 17, 13), command, "stack");
        }
    }

    @Test
    public void rotations() {
        for (String command : new String[] {"Rotate 90 Degrees Right", "Rotate 90 Degrees Left"}) {
            GpuModeHarness.Input blobs = file("blobs.tif"), lund = file("Lund_MAX_001300.tif"), head = file("mini-t1-head.tif");
            check(blobs, command, "");
            check(lund, command, "");
            check(type(lund, 32), command, "");
            check(head, command, "");
            check(type(head, 32), command, "");
            check(file("beads_3d.tif"), command, "");
            check(oval(blobs, 20, 30, 80, 60), command, ""); // a ROI is ignored: the whole image turns
            check(originAndUnits(lund), command, "");
            check(originAndUnits(head), command, "");
            check(withOverlay(blobs), command, "");
        }
    }

    private static final String[] METHODS = {"Average Intensity", "Max Intensity", "Min Intensity", "Sum Slices",
        "Standard Deviation", "Median"};

    @Test
    public void zProject() {
        GpuModeHarness.Input head = file("mini-t1-head.tif"), beads = file("beads_3d.tif");
        GpuModeHarness.Input[] stacks = {head, type(head, 32), beads, file("drosophila_timelapse.tif"),
            originAndUnits(head)};
        for (String m : METHODS)
            for (GpuModeHarness.Input in : stacks) {
                int n = in.image.get().getStackSize();
                int stop = n % 2 == 0 ? n - 1 : n; // an odd count: the median runs on the device too
                check(in, "Z Project...", "start=1 stop=" + stop + " projection=[" + m + "]");
                check(in, "Z Project...", "start=3 stop=" + (stop - 4) + " projection=[" + m + "]");
            }
    }

    @Test
    public void zProjectHyperstack() {
        GpuModeHarness.Input hs = hyperstack(file("mini-t1-head.tif"));
        for (String m : METHODS) {
            String range = m.equals("Median") ? "start=2 stop=8" : "start=1 stop=8";
            check(hs, "Z Project...", range + " projection=[" + m + "]");
            check(hs, "Z Project...", range + " projection=[" + m + "] all");
        }
        GpuModeHarness.Input f = hyperstack(type(file("mini-t1-head.tif"), 32));
        check(f, "Z Project...", "start=1 stop=8 projection=[Average Intensity] all");
        check(f, "Z Project...", "start=1 stop=8 projection=[Standard Deviation] all");
    }

    /** RGB: ImageJ projects each colour (doRGBProjection), each through the twin's doProjection. */
    static GpuModeHarness.Input rgb(GpuModeHarness.Input in) {
        return new GpuModeHarness.Input(in.name + " as RGB", () -> {
            ImagePlus imp = in.image.get();
            new ij.process.StackConverter(imp).convertToRGB();
            return imp;
        });
    }

    @Test
    public void zProjectRgb() {
        GpuModeHarness.Input beads = rgb(file("beads_3d.tif"));
        for (String m : new String[] {"Max Intensity", "Average Intensity", "Sum Slices", "Standard Deviation"})
            check(beads, "Z Project...", "start=1 stop=41 projection=[" + m + "]");
    }

    /** The cases the twin leaves to ImageJ: same result, and the report says CPU with the reason. */
    @Test
    public void fallBacks() {
        GpuModeHarness.Input head = file("mini-t1-head.tif");
        int n = head.image.get().getStackSize();
        assertFallsBack(head, "Z Project...", "start=1 stop=" + (n % 2 == 0 ? n : n - 1) + " projection=Median", "even number");
        assertFallsBack(GpuModeHarness.type(head, 32), "Z Project...", "start=5 stop=3 projection=[Max Intensity]", "no planes");
    }

    static void assertFallsBack(GpuModeHarness.Input in, String command, String options, String reason) {
        GpuModeHarness.Run cpu = GpuModeHarness.run(false, in, command, options);
        GpuModeHarness.Run gpu = GpuModeHarness.run(true, in, command, options);
        String what = command + " [" + options + "] on " + in.name;
        GpuModeHarness.assertSame(what, cpu, gpu);
        String line = null;
        for (String l : gpu.report) if (l.startsWith("gpu-mode: " + command + "\t")) line = l;
        org.junit.Assert.assertTrue(what + ": " + gpu.report, line != null && line.contains("\tCPU\t"));
        org.junit.Assert.assertTrue(what + ": reasons " + Report.reasons(command),
                Report.reasons(command).toString().contains(reason));
        for (ImagePlus i : new ImagePlus[] {cpu.image, gpu.image}) { i.changes = false; i.close(); }
        for (ImagePlus i : cpu.created) { i.changes = false; i.close(); }
        for (ImagePlus i : gpu.created) { i.changes = false; i.close(); }
    }
}
