package net.ijcl.gpumode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import net.ijcl.HeadlessImageJTestBase;
import net.ijcl.TestData;
import net.ijcl.tools.HeadlessMacro;
import org.junit.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Host pixels are the truth: a chain of GPU commands with every kind of reader between them
 * (getPixel, getStatistics, Duplicate, saveAs and re-open, Measure, Undo, a CPU write with
 * setPixel, the display range) sees the newest result. The same macro runs with GPU mode off
 * (ImageJ) and on; everything it read is written to a text file and the two files must be equal.
 * The GPU run must have skipped pushes (consecutive GPU commands on unchanged pixels) and pushed
 * again after the CPU wrote pixels.
 */
public class GpuModeReadersTest extends HeadlessImageJTestBase {
    private static final String MACRO = String.join("\n",
            "args = split(getArgument(), '|');",
            "open(args[0]); out = args[1]; s = '';",
            "function read(tag) {",
            "  getStatistics(area, mean, min, max, std);",
            "  return tag + ': px ' + getPixel(10, 10) + ' ' + getPixel(100, 120) + ' mean ' + d2s(mean, 9) + ' min ' + min + ' max ' + max + ' std ' + d2s(std, 9) + '\\n';",
            "}",
            "run('Gaussian Blur...', 'sigma=2'); s = s + read('gauss');",
            "run('Median...', 'radius=2'); s = s + read('median');",             // consecutive: no push
            "id = getImageID(); run('Duplicate...', 'title=dup'); s = s + read('duplicate');",
            "close(); selectImage(id);",
            "saveAs('Tiff', out + '.tif'); open(out + '.tif'); s = s + read('reopened'); close(); selectImage(id);",
            "run('Set Measurements...', 'area mean min integrated redirect=None decimal=6');",
            "run('Measure'); s = s + 'measure: ' + getResult('Mean', nResults - 1) + ' ' + getResult('RawIntDen', nResults - 1) + '\\n';",
            "run('Maximum...', 'radius=1'); s = s + read('maximum');",
            "run('Undo'); s = s + read('undo');",                                    // back to the median result
            "run('Gaussian Blur...', 'sigma=1'); s = s + read('gauss after undo');",   // the host changed: push
            "setPixel(100, 120, 7); setPixel(10, 10, 250);",                           // a CPU write
            "run('Mean...', 'radius=3'); s = s + read('mean after setPixel');",
            "resetMinAndMax(); getMinAndMax(lo, hi); s = s + 'display ' + lo + ' ' + hi + '\\n';",
            "run('Minimum...', 'radius=1'); s = s + read('minimum');",
            "File.saveString(s, out + '.txt');");

    private static String run(boolean gpu, File dir, String name) throws Exception {
        if (gpu) GpuMode.enable();
        else GpuMode.disable();
        Report.reset();
        try {
            String base = new File(dir, name).getPath();
            HeadlessMacro.Outcome o = HeadlessMacro.run(MACRO.replace('\'', '"'), TestData.file("blobs.tif").getPath() + "|" + base);
            assertEquals("macro failed: " + o.error, 0, o.status);
            return new String(Files.readAllBytes(new File(base + ".txt").toPath()), StandardCharsets.UTF_8);
        } finally {
            GpuMode.disable();
            ij.WindowManager.closeAllWindows();
        }
    }

    @Test
    public void everyReaderSeesTheNewestResult() throws Exception {
        File dir = Files.createTempDirectory("ijcl-readers").toFile();
        String imagej = run(false, dir, "imagej");
        long[] before = DeviceCache.counts();
        GpuMode.enable();
        String gpu;
        try {
            gpu = run(true, dir, "gpu");
        } finally {
            GpuMode.disable();
        }
        long[] after = DeviceCache.counts();
        assertEquals("what the readers saw", imagej, gpu);
        assertTrue("the ImageJ run read nothing", imagej.contains("minimum:"));
        long pushes = after[0] - before[0], skipped = after[1] - before[1];
        // the first Gaussian pushes; Median, Maximum, Minimum reuse the device copy; after Undo and after setPixel the host differs: pushes
        assertEquals("pushes skipped (Median, Maximum, Minimum)", 3, skipped);
        assertEquals("pushes (first Gaussian, after Undo, after setPixel)", 3, pushes);
    }
}
