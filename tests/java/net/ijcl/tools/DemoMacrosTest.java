package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.plugin.GaussianBlur3D;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.ParticleAnalyzer;
import ij.plugin.filter.RankFilters;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.StackStatistics;

import java.io.File;
import java.nio.file.Files;

import net.ijcl.ReferenceLabels;
import net.ijcl.TestData;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * End to end: each demo macro of macros/ runs headless through the real RunMacro main class (as
 * `./ijcl demo` runs it), and the count it prints is checked against ImageJ's own CPU pipeline
 * of the same steps on the same image, computed in this test.
 *
 * <p>Tolerance: the counts must be equal. Every GPU step of these pipelines equals its ImageJ
 * counterpart (see docs/reference.md); where ImageJ has no command (local maxima in a box, 3D
 * connected components) the oracle is a plain loop in this test that implements the documented
 * definition.
 */
public class DemoMacrosTest {
    private static File output;

    @BeforeClass
    public static void outputFolder() throws Exception {
        output = Files.createTempDirectory("ijcl-demo").toFile();
    }

    /** Runs macros/NAME.ijm on a data file; returns the count from its summary line. */
    private static long runDemo(String macro, String dataset) throws Exception {
        File file = new File("macros", macro + ".ijm");
        assertTrue(file.getAbsolutePath(), file.isFile());
        MacroProcess p = MacroProcess.runFile(file, TestData.file(dataset).getPath() + "|" + output.getPath() + "|");
        assertEquals(p.toString(), 0, p.exitStatus);
        String line = null;
        for (String l : p.stdout.split("\n"))
            if (l.startsWith(dataset + ", ")) line = l.trim();
        assertNotNull("no summary line for " + dataset + " in\n" + p, line);
        String[] fields = line.split(", ");
        assertEquals("summary line: dataset, device, objects found, milliseconds: " + line, 4, fields.length);
        assertTrue("milliseconds: " + line, Double.parseDouble(fields[3]) >= 0);
        return Math.round(Double.parseDouble(fields[2]));
    }

    @Test
    public void blobsObjectCountEqualsAnalyzeParticles() throws Exception {
        long gpu = runDemo("blobs_objects", "blobs.tif");

        // ImageJ: Gaussian Blur... sigma=2 (8-bit accuracy 0.002), setAutoThreshold("Otsu dark"),
        // Convert to Mask, Analyze Particles... (8-connected particles, no size limit).
        ImagePlus imp = TestData.open("blobs.tif");
        ImageProcessor ip = imp.getProcessor();
        new GaussianBlur().blurGaussian(ip, 2, 2, 0.002);
        ip.setAutoThreshold("Otsu dark");
        ImageProcessor mask = ip.createMask();
        mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        ResultsTable rt = new ResultsTable();
        ParticleAnalyzer pa = new ParticleAnalyzer(0, 0, rt, 0, Double.POSITIVE_INFINITY);
        pa.setHideOutputImage(true);
        assertTrue(pa.analyze(new ImagePlus("mask", mask), mask));
        assertTrue("ImageJ found no particles", rt.size() > 10);
        assertEquals("objects: GPU macro vs ImageJ Analyze Particles", rt.size(), gpu);
        assertTrue(new File(output, "blobs_statistics.csv").isFile());
        assertTrue(new File(output, "blobs_labels.tif").isFile());
    }

    @Test
    public void drosophilaSpotCountEqualsImageJPipeline() throws Exception {
        long gpu = runDemo("drosophila_spot_counting", "drosophila_timelapse.tif");

        // Per frame: ImageJ's Top Hat (RankFilters, radius 10), Gaussian Blur sigma 2, Otsu
        // (setAutoThreshold("Otsu dark")) on the blurred frame; local maxima in a 5x5 box (the documented rule of
        // detectMaxima2DBox) inside the Otsu foreground, counted and summed over frames.
        ImagePlus imp = TestData.open("drosophila_timelapse.tif");
        ImageStack stack = imp.getStack();
        long total = 0;
        for (int z = 1; z <= stack.getSize(); z++) {
            ImageProcessor ip = stack.getProcessor(z).duplicate();
            new RankFilters().rank(ip, 10, RankFilters.TOP_HAT);
            new GaussianBlur().blurGaussian(ip, 2, 2, 0.002);
            ip.setAutoThreshold("Otsu dark");  // what the macro recorder writes for Image>Adjust>Threshold
            double lower = ip.getMinThreshold();
            total += countBoxMaxima(ip, 2, 2, lower);
        }
        assertTrue("ImageJ found no spots", total > 100);
        assertEquals("spots over all frames: GPU macro vs ImageJ pipeline", total, gpu);
        assertTrue(new File(output, "drosophila_spot_counts.csv").isFile());
    }

    @Test
    public void beadCountEqualsImageJPipeline() throws Exception {
        long gpu = runDemo("beads_3d_count", "beads_3d.tif");

        // ImageJ: Gaussian Blur 3D (sigma 1, 1, 1), Otsu (dark) on the stack histogram, then
        // 26-connected components (a breadth-first search here; ImageJ 1 has no 3D labelling).
        ImagePlus imp = TestData.open("beads_3d.tif");
        GaussianBlur3D.blur(imp, 1, 1, 1);
        long[] counts = new StackStatistics(imp).getHistogram();
        int[] histogram = new int[counts.length];
        for (int i = 0; i < counts.length; i++) histogram[i] = (int) counts[i];
        int level = new AutoThresholder().getThreshold(AutoThresholder.Method.Otsu, histogram);
        assertTrue("expected an 8-bit stack", imp.getBitDepth() == 8);
        long objects = countComponents26(imp.getStack(), level);
        assertTrue("ImageJ pipeline found no beads", objects > 0);
        assertEquals("beads: GPU macro vs ImageJ pipeline", objects, gpu);
        assertTrue(new File(output, "beads_3d_statistics.csv").isFile());
    }

    /** Pixels that are maxima of their box (ties: the first in raster order) and >= lower. */
    private static long countBoxMaxima(ImageProcessor ip, int rx, int ry, double lower) {
        int w = ip.getWidth(), h = ip.getHeight();
        long count = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = ip.getf(x, y);
                if (v < lower) continue;
                boolean max = true;
                for (int yy = Math.max(0, y - ry); yy <= Math.min(h - 1, y + ry) && max; yy++)
                    for (int xx = Math.max(0, x - rx); xx <= Math.min(w - 1, x + rx) && max; xx++) {
                        float o = ip.getf(xx, yy);
                        if (o > v || (o == v && (yy * w + xx) < (y * w + x))) max = false;
                    }
                if (max) count++;
            }
        }
        return count;
    }

    /** Number of 26-connected components of pixels > level. */
    private static long countComponents26(ImageStack stack, int level) {
        int w = stack.getWidth(), h = stack.getHeight(), d = stack.getSize();
        boolean[] fg = new boolean[w * h * d];
        for (int z = 0; z < d; z++) {
            byte[] px = (byte[]) stack.getPixels(z + 1);
            for (int i = 0; i < w * h; i++) fg[z * w * h + i] = (px[i] & 0xff) > level;
        }
        int components = 0;
        for (int id : ReferenceLabels.label26(fg, w, h, d)) components = Math.max(components, id);
        return components;
    }
}
