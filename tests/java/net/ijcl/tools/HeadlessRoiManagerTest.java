package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import net.ijcl.HeadlessImageJTestBase;
import net.ijcl.TestData;

import org.junit.Assume;
import org.junit.Test;

/**
 * The ROI Manager and the Results table without a display (issue 12): real macros run headless
 * (in this JVM, through ./ijcl run's RunMacro and through ./ijcl batch's BatchMacro, each a fresh
 * JVM) write what they saw (counts, names, selections, measurements) and the selections they saved;
 * the oracle is the same macro in plain ImageJ 1.54p with a display (GuiMacro under xvfb-run: its
 * ROI Manager and Results are ImageJ's windows), compared line for line and .roi for .roi. The
 * macros (tests/macros): roi_manager_particles (Analyze Particles' add, roiManager count, select,
 * index, Measure, Delete, Save, reset, Open, Add), results_rows (repeated Measure, Analyze Particles'
 * display, Clear Results), and two CLIJ2 documentation-style ones, roi_manager_clij2_labels
 * (pullLabelsToROIManager then count and Measure) and roi_manager_clij2_mask (pullToROIManager,
 * select, Add, Save, Delete, reset). The CLIJ2 ones are also checked against values recomputed in
 * Java: each label's pixel count and mean intensity (Otsu threshold of ImageJ, 8-connected
 * components in raster order) equal the measured Area and Mean of its selection.
 */
public class HeadlessRoiManagerTest extends HeadlessImageJTestBase {
    private static final String[] MACROS = {"roi_manager_particles", "results_rows", "roi_manager_clij2_labels", "roi_manager_clij2_mask"};
    private static Map<String, String> oracle;

    private static File macro(String name) {
        return new File(System.getProperty("ijcl.macros.dir", "tests/macros"), name + ".ijm");
    }

    private static String argument(File image, File out) {
        return image.getPath() + "|" + out.getPath();
    }

    /** Every file a run wrote: text files as they are, .zip files as their entries (name and .roi bytes). */
    private static Map<String, String> outputs(File dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        File[] files = dir.listFiles();
        assertTrue(dir + " was not written", files != null);
        for (File f : files) {
            if (f.getName().endsWith(".txt")) m.put(f.getName(), new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8));
            else if (f.getName().endsWith(".zip")) m.put(f.getName(), zipEntries(f));
        }
        return m;
    }

    private static String zipEntries(File zip) throws IOException {
        StringBuilder s = new StringBuilder();
        try (ZipInputStream in = new ZipInputStream(new FileInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] bytes = readAll(in);
                s.append(e.getName()).append(' ').append(Arrays.hashCode(bytes)).append(' ').append(bytes.length).append('\n');
            }
        }
        return s.toString();
    }

    private static byte[] readAll(ZipInputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) b.write(buffer, 0, n);
        return b.toByteArray();
    }

    /** The macros in ImageJ with its windows (xvfb-run), once: every file they wrote. */
    private static synchronized Map<String, String> oracle() throws Exception {
        if (oracle != null) return oracle;
        Assume.assumeTrue("no X server: xvfb-run is not installed (./ijcl installs the Debian package xvfb)",
                JvmProcess.onPath("xvfb-run"));
        File out = Files.createTempDirectory("ijcl-roi-oracle").toFile();
        Map<String, String> m = new TreeMap<>();
        for (String name : MACROS) {
            JvmProcess gui = JvmProcess.run(Arrays.asList("xvfb-run", "-a"), Collections.<String>emptyList(), GuiMacro.class, null,
                    macro(name).getPath(), argument(TestData.file("blobs.tif"), out));
            Assume.assumeFalse("no X server: Xvfb failed to start\n" + gui, gui.stderr.contains("Xvfb failed to start"));
            assertEquals(name + " in ImageJ with a display\n" + gui, 0, gui.exitStatus);
        }
        m.putAll(outputs(out));
        assertEquals("oracle files " + m.keySet(), 6, m.size());
        oracle = m;
        return m;
    }

    @Test
    public void theRoiManagerOfThisJvmIsHeadless() {
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
        assertNull(HeadlessImageJ.roiManagerProblem());
        assertEquals(HeadlessPlugInFrame.class, RoiManager.class.getSuperclass());
        RoiManager rm = RoiManager.getRoiManager(); // ImageJ's: opens the manager (threw HeadlessException before)
        try {
            assertSame(rm, RoiManager.getInstance());
            assertSame(rm, RoiManager.getRoiManager());
            rm.addRoi(new Roi(3, 4, 5, 6));
            rm.addRoi(new Roi(10, 11, 2, 3));
            assertEquals(2, rm.getCount());
            assertEquals(new java.awt.Rectangle(10, 11, 2, 3), rm.getRoi(1).getBounds());
            assertTrue(rm.runCommand("Deselect"));
            rm.select(0);
            assertEquals(0, rm.getSelectedIndex());
            assertTrue(rm.runCommand("Reset"));
            assertEquals(0, rm.getCount());
        } finally {
            rm.close();
        }
        assertNull(RoiManager.getRawInstance());
        RoiManager hidden = new RoiManager(true); // what batch-mode macros use
        hidden.addRoi(new Roi(0, 0, 1, 1));
        assertEquals(1, hidden.getCount());
        assertNull("the hidden one is not the open one", RoiManager.getRawInstance());
    }

    @Test
    public void macrosInThisJvmSeeWhatImageJWithItsWindowsSees() throws Exception {
        Map<String, String> expected = oracle();
        File out = Files.createTempDirectory("ijcl-roi-inprocess").toFile();
        for (String name : MACROS) {
            String text = new String(Files.readAllBytes(macro(name).toPath()), StandardCharsets.UTF_8);
            HeadlessMacro.Outcome o = HeadlessMacro.run(text, argument(TestData.file("blobs.tif"), out));
            assertNull(name + ": " + o.error, o.error);
            closeImages();
        }
        assertEquals(expected, outputs(out));
        checkIndependently(outputs(out));
    }

    @Test
    public void macrosThroughRunSeeWhatImageJWithItsWindowsSees() throws Exception {
        Map<String, String> expected = oracle();
        File out = Files.createTempDirectory("ijcl-roi-run").toFile();
        for (String name : MACROS) {
            MacroProcess p = MacroProcess.runFile(macro(name), argument(TestData.file("blobs.tif"), out));
            assertEquals(name + "\n" + p, 0, p.exitStatus);
        }
        Map<String, String> got = outputs(out);
        assertEquals(expected, got);
        checkIndependently(got);
    }

    @Test
    public void macrosThroughBatchSeeWhatImageJWithItsWindowsSees() throws Exception {
        Map<String, String> expected = oracle();
        File root = Files.createTempDirectory("ijcl-roi-batch").toFile();
        File in = new File(root, "in");
        assertTrue(in.mkdirs());
        Files.copy(TestData.file("blobs.tif").toPath(), new File(in, "blobs.tif").toPath());
        Map<String, String> got = new TreeMap<>();
        for (String name : MACROS) {
            File out = new File(root, "out-" + name);
            JvmProcess p = JvmProcess.run(Collections.<String>emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                    BatchMacro.class, null, macro(name).getPath(), in.getPath(), out.getPath());
            assertEquals(name + "\n" + p, 0, p.exitStatus);
            got.putAll(outputs(out));
        }
        assertEquals(expected, got);
    }

    private static void closeImages() {
        int[] ids = ij.WindowManager.getIDList();
        if (ids != null) for (int id : ids) {
            ImagePlus imp = ij.WindowManager.getImage(id);
            if (imp != null) {
                imp.changes = false;
                imp.close();
            }
        }
    }

    /**
     * The CLIJ2-style macros' numbers recomputed in Java from blobs.tif: ImageJ's Otsu threshold,
     * 8-connected components labelled in raster order; each label's pixel count and mean is the
     * Area and Mean measured on its selection (pullLabelsToROIManager), and the foreground's is
     * the single selection of pullToROIManager.
     */
    private static void checkIndependently(Map<String, String> got) {
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        ip.setAutoThreshold("Otsu dark");
        double lower = ip.getMinThreshold();
        int[] label = new int[ip.getPixelCount()];
        int n = Clij2MacrosTest.components(ip, lower, true, label).size();
        long[] count = new long[n + 1];
        double[] sum = new double[n + 1];
        for (int i = 0; i < label.length; i++) {
            count[label[i]]++;
            sum[label[i]] += ip.getf(i);
        }
        String[] lines = got.get("blobs-labels.txt").split("\n");
        assertEquals("labels " + n + " rois " + n, lines[0]);
        assertEquals("measured rows " + n, lines[1]);
        for (int id = 1; id <= n; id++) {
            String[] f = lines[1 + id].split(" ");
            assertEquals("Label_" + id, f[0]);
            assertEquals(lines[1 + id], count[id], Double.parseDouble(f[1]), 0);
            assertEquals(lines[1 + id], sum[id] / count[id], Double.parseDouble(f[2]), 1e-4); // 4 decimals printed
        }
        long foreground = 0;
        double foregroundSum = 0;
        for (int id = 1; id <= n; id++) {
            foreground += count[id];
            foregroundSum += sum[id];
        }
        String[] mask = got.get("blobs-mask.txt").split("\n");
        assertEquals("foreground pixels " + foreground + " rois 1", mask[0]);
        assertTrue(mask[1], mask[1].startsWith("selection area " + foreground + " mean "));
        assertEquals(mask[1], foregroundSum / foreground, Double.parseDouble(mask[1].split(" ")[4]), 1e-3);
        assertEquals("after add 2", mask[2]);
        assertEquals("after delete 1 left 100 80 41 33", mask[3]);
        assertEquals("after reset 0", mask[4]);
        List<String> particles = new ArrayList<>(Arrays.asList(got.get("blobs-rois.txt").split("\n")));
        assertEquals("particles 64 rois 64", particles.get(0));
        assertTrue(particles.toString(), particles.contains("measured rows 64"));
        assertTrue(particles.toString(), particles.contains("reopened 63 first 0001-0015"));
        assertTrue(got.get("blobs-results.txt"), got.get("blobs-results.txt").startsWith("three measures: rows 3\n"));
    }

}
