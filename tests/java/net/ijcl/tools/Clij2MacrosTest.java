package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.ZProjector;
import ij.process.ImageProcessor;

import java.io.File;

import net.ijcl.TestData;

import org.junit.Test;

/**
 * End to end: the CLIJ2-style macros of macros/clij2/ (Ext.CLIJ2_* calls as CLIJ2 users write
 * them; only the init line differs) run headless through the real RunMacro main class, and every
 * number they print is checked against a computation in this test: ImageJ's ZProjector for the
 * Z projections (8-bit means and standard deviations rounded to nearest, as ijcl keeps the source
 * type), and plain loops over ImageJ's pixel arrays for positions, crops, transposes, rotations,
 * sub-stacks, reductions, concatenation, combination, pastes and selections.
 */
public class Clij2MacrosTest {
    static String run(String macro, String dataset) throws Exception {
        File file = new File("macros/clij2", macro + ".ijm");
        assertTrue(file.getAbsolutePath(), file.isFile());
        MacroProcess p = MacroProcess.runFile(file, TestData.file(dataset).getPath());
        assertEquals(p.toString(), 0, p.exitStatus);
        return p.stdout;
    }

    static String after(String stdout, String prefix) {
        for (String line : stdout.split("\n"))
            if (line.startsWith(prefix)) return line.substring(prefix.length()).trim();
        throw new AssertionError("no line '" + prefix + "' in\n" + stdout);
    }

    static double sum(ImageProcessor ip, boolean round) {
        double s = 0;
        for (int i = 0; i < ip.getPixelCount(); i++) s += round ? Math.floor(ip.getf(i) + 0.5) : ip.getf(i);
        return s;
    }

    static double v(ImageStack s, int x, int y, int z) {
        return s.getProcessor(z + 1).getf(x, y);
    }

    @Test
    public void projections() throws Exception {
        String out = run("projections", "drosophila_timelapse.tif");
        ImagePlus imp = TestData.open("drosophila_timelapse.tif");
        ImageStack s = imp.getStack();
        assertEquals(out, sum(ZProjector.run(imp, "max").getProcessor(), false), Double.parseDouble(after(out, "sum of the maximum projection:")), 0);
        assertEquals(out, sum(ZProjector.run(imp, "avg").getProcessor(), true), Double.parseDouble(after(out, "sum of the mean projection:")), 0);
        assertEquals(out, sum(ZProjector.run(imp, "sd").getProcessor(), true), Double.parseDouble(after(out, "sum of the standard deviation projection:")), 0);
        assertEquals(out, sum(ZProjector.run(imp, "avg", 1, 5).getProcessor(), true), Double.parseDouble(after(out, "sum of the mean of frames 0-4:")), 0);
        double positions = 0, max = 0;
        for (int y = 0; y < imp.getHeight(); y++)
            for (int x = 0; x < imp.getWidth(); x++) {
                int at = 0;
                for (int z = 0; z < s.getSize(); z++) {
                    if (v(s, x, y, z) > v(s, x, y, at)) at = z;
                    max = Math.max(max, v(s, x, y, z));
                }
                positions += at;
            }
        assertEquals(out, positions, Double.parseDouble(after(out, "sum of the frame of the maximum:")), 0);
        assertEquals(out, s.getSize() + " x " + imp.getHeight() + ", maximum " + (long) max, after(out, "side view:"));
    }

    @Test
    public void transforms() throws Exception {
        String out = run("transforms", "mini-t1-head.tif");
        ImageStack s = TestData.open("mini-t1-head.tif").getStack();
        int w = s.getWidth(), h = s.getHeight(), d = s.getSize();
        double crop = 0, middle = 0, fourth = 0, plane = 0;
        for (int z = 2; z < 11; z++) for (int y = 6; y < 23; y++) for (int x = 4; x < 25; x++) crop += v(s, x, y, z);
        for (int z = 10; z < 20; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) middle += v(s, x, y, z);
        for (int z = 1; z < d; z += 4) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) fourth += v(s, x, y, z);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) plane += v(s, x, y, 16);
        // translate3D(cropped, 2, 0, 1): cropped (x + 2, y, z + 1), i.e. stack columns 6..24, planes 3..10;
        // downsample2D(plane, 0.5, 0.5): the pixels (2i, 2j); resample by 2, 2, 1: every voxel 4 times
        double shifted = 0, half = 0;
        for (int z = 3; z < 11; z++) for (int y = 6; y < 23; y++) for (int x = 6; x < 25; x++) shifted += v(s, x, y, z);
        for (int j = 0; j < h / 2; j++) for (int i = 0; i < w / 2; i++) half += v(s, 2 * i, 2 * j, 16);
        // the plane pasted at (40, 4) into an 80 x 40 canvas: columns 40..71, rows 4..35 all inside
        String[] expected = {
            "21 x 17 x 9, sum " + (long) crop, "9 x 17 x 21, sum " + (long) crop, "17 x 21 x 9, sum " + (long) crop,
            w + " x " + h + " x 10, sum " + (long) middle, w + " x " + h + " x " + (d / 4) + ", sum " + (long) fourth,
            w + " x " + h + " x " + (10 + d / 4) + ", sum " + (long) (middle + fourth), w + " x " + h + " x 1, sum " + (long) plane,
            (2 * w) + " x " + h + " x 1, sum " + (long) (2 * plane), "80 x 40 x 1, sum " + (long) plane,
            "21 x 17 x 9, sum " + (long) shifted, (w / 2) + " x " + (h / 2) + " x 1, sum " + (long) half,
            "42 x 34 x 9, sum " + (long) (4 * crop)};
        for (int i = 0; i < expected.length; i++) assertEquals(out, expected[i], after(out, "step " + i + ":"));
    }

    @Test
    public void memoryAndTables() throws Exception {
        String out = run("memory_and_tables", "blobs.tif");
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        ip.setRoi(20, 30, 64, 48);
        assertEquals(out, sum(ip.crop(), false), Double.parseDouble(after(out, "sum of the selection:")), 0);
        assertEquals(out, "16 16", after(out, "sums of the array and of the table:"));
        assertEquals(out, "3 rows, centre 4", after(out, "table:"));
        // traced: pushCurrentSelection, getSumOfAllPixels, pushArray2D, getSumOfAllPixels,
        // image2DToResultsTable, pushResultsTable, getSumOfAllPixels (not start/stop themselves)
        assertEquals(out, "7", after(out, "traced calls:"));
        assertNotNull(IJ.class);
    }
}
