package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

import net.ijcl.TestData;

import org.junit.BeforeClass;
import org.junit.Test;

/**
 * End to end: the label workflow macros of macros/ (Voronoi-Otsu nuclei, the neighbour graph, the
 * time-lapse) run headless through the real RunMacro main class, as `./ijcl demo` runs them, on
 * real images. The numbers each macro prints and the tables it writes are recomputed here from
 * the label image the macro saved, by plain loops that implement the documented definitions:
 * nuclei = distinct non-zero ids; area = pixels per id; touching = two ids on face-neighbouring
 * pixels (along x or y, not diagonally; background excluded); centroid = mean pixel position;
 * nearest-neighbour distance = Euclidean distance between centroids. The segmentation itself
 * (voronoiOtsuLabeling) has its own oracle test against CLIJ2's steps (tests/oracles).
 *
 * <p>Tolerance: counts equal; means 1e-3 absolute (the macros print 4 decimals; ijcl sums
 * centroids and distances in float).
 */
public class LabelWorkflowMacrosTest {
    private static File output;

    @BeforeClass
    public static void outputFolder() throws Exception {
        output = Files.createTempDirectory("ijcl-label-workflows").toFile();
    }

    private static String[] summary(MacroProcess p, String dataset, int fields) {
        assertEquals(p.toString(), 0, p.exitStatus);
        String line = null;
        for (String l : p.stdout.split("\n"))
            if (l.startsWith(dataset + ", ")) line = l.trim();
        assertNotNull("no summary line for " + dataset + " in\n" + p, line);
        String[] f = line.split(", ");
        assertEquals("summary line: " + line, fields, f.length);
        assertTrue("milliseconds: " + line, Double.parseDouble(f[fields - 1]) >= 0);
        return f;
    }

    private static MacroProcess run(String macro, String dataset) throws Exception {
        File file = new File("macros", macro + ".ijm");
        assertTrue(file.getAbsolutePath(), file.isFile());
        return MacroProcess.runFile(file, TestData.file(dataset).getPath() + "|" + output.getPath() + "|");
    }

    /** What the documented definitions give for one label plane. */
    static final class Graph {
        final TreeMap<Integer, long[]> pixels = new TreeMap<>();   // id -> {count, sum x, sum y}
        final TreeMap<Integer, Set<Integer>> touching = new TreeMap<>();

        Graph(ImageProcessor ip) {
            int w = ip.getWidth(), h = ip.getHeight();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int id = (int) ip.getf(x, y);
                    assertEquals("label ids are integers", ip.getf(x, y), (float) id, 0f);
                    if (id == 0) continue;
                    long[] s = pixels.computeIfAbsent(id, k -> new long[3]);
                    s[0]++; s[1] += x; s[2] += y;
                    touching.computeIfAbsent(id, k -> new HashSet<>());
                    if (x + 1 < w) link(id, (int) ip.getf(x + 1, y));
                    if (y + 1 < h) link(id, (int) ip.getf(x, y + 1));
                }
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++) {
                    int id = (int) ip.getf(x, y);
                    if (id == 0) continue;
                    if (x > 0) link(id, (int) ip.getf(x - 1, y));
                    if (y > 0) link(id, (int) ip.getf(x, y - 1));
                }
        }

        private void link(int a, int b) {
            if (b != 0 && b != a) touching.get(a).add(b);
        }

        int nuclei() { return pixels.size(); }

        double meanArea() {
            double s = 0;
            for (long[] p : pixels.values()) s += p[0];
            return s / Math.max(1, pixels.size());
        }

        double meanTouching() {
            double s = 0;
            for (Set<Integer> t : touching.values()) s += t.size();
            return s / Math.max(1, touching.size());
        }

        /** The mean over labels of the distance from its centroid to the nearest other centroid. */
        double meanNearestDistance() {
            List<double[]> c = new ArrayList<>();
            for (long[] p : pixels.values()) c.add(new double[] {(double) p[1] / p[0], (double) p[2] / p[0]});
            double s = 0;
            for (int i = 0; i < c.size(); i++) {
                double best = Double.POSITIVE_INFINITY;
                for (int j = 0; j < c.size(); j++)
                    if (j != i) best = Math.min(best, Math.hypot(c.get(i)[0] - c.get(j)[0], c.get(i)[1] - c.get(j)[1]));
                s += best;
            }
            return s / Math.max(1, c.size());
        }
    }

    private static ImagePlus saved(String name) {
        File f = new File(output, name);
        assertTrue("the macro saved " + f, f.isFile());
        ImagePlus imp = IJ.openImage(f.getPath());
        assertNotNull(f.getPath(), imp);
        return imp;
    }

    @Test
    public void voronoiOtsuNucleiTableHasOneRowPerNucleusWithItsArea() throws Exception {
        MacroProcess p = run("voronoi_otsu_nuclei", "blobs.tif");
        String[] f = summary(p, "blobs.tif", 4);
        Graph g = new Graph(saved("blobs_nuclei_labels.tif").getProcessor());
        assertTrue("nuclei found: " + g.nuclei(), g.nuclei() > 30);
        assertEquals("nuclei: printed vs distinct ids of the saved label image", g.nuclei(), Integer.parseInt(f[2]));
        ResultsTable rt = ResultsTable.open(new File(output, "blobs_nuclei.csv").getPath());
        assertEquals("one Results row per nucleus", g.nuclei(), rt.size());
        int row = 0;
        for (long[] px : g.pixels.values())
            assertEquals("PIXEL_COUNT of row " + row, px[0], rt.getValue("PIXEL_COUNT", row++), 0);
        assertTrue(p.stdout, p.stdout.contains("mean nucleus area (pixels): " + IJ.d2s(g.meanArea(), 3)));
    }

    @Test
    public void neighbourGraphNumbersEqualThoseOfItsLabelImage() throws Exception {
        MacroProcess p = run("neighbour_graph", "Lund_MAX_001300.tif");
        String[] f = summary(p, "Lund_MAX_001300.tif", 6);
        ImagePlus labels = saved("Lund_MAX_001300_nuclei_labels.tif");
        Graph g = new Graph(labels.getProcessor());
        assertTrue("nuclei found: " + g.nuclei(), g.nuclei() > 100);
        assertEquals("nuclei", g.nuclei(), Integer.parseInt(f[2]));
        assertEquals("mean touching neighbours", g.meanTouching(), Double.parseDouble(f[3]), 1e-3);
        assertEquals("mean distance to the nearest neighbour", g.meanNearestDistance(), Double.parseDouble(f[4]), 1e-3);

        // the parametric image holds each nucleus's count on all its pixels, 0 on background
        ImageProcessor map = saved("Lund_MAX_001300_touching_neighbor_count_map.tif").getProcessor();
        ImageProcessor ids = labels.getProcessor();
        for (int i = 0; i < ids.getPixelCount(); i++) {
            int id = (int) ids.getf(i);
            float want = id == 0 ? 0 : g.touching.get(id).size();
            assertEquals("touching-neighbour count map at pixel " + i, want, map.getf(i), 0f);
        }
        ResultsTable rt = ResultsTable.open(new File(output, "Lund_MAX_001300_neighbours.csv").getPath());
        assertEquals("one row per nucleus", g.nuclei(), rt.size());
        int row = 0;
        for (Set<Integer> t : g.touching.values())
            assertEquals("TOUCHING_NEIGHBOR_COUNT of row " + row, t.size(), rt.getValue("TOUCHING_NEIGHBOR_COUNT", row++), 0);
        ImageProcessor mesh = saved("Lund_MAX_001300_touching_mesh.tif").getProcessor();
        assertTrue("the mesh has lines", mesh.getStatistics().max > 0);
    }

    @Test
    public void timelapseWritesOneRowPerFrameEqualToItsLabelImages() throws Exception {
        MacroProcess p = run("timelapse_nuclei", "cancer_cell_migration_crop.tif");
        String[] f = summary(p, "cancer_cell_migration_crop.tif", 4);
        ImageStack stack = saved("cancer_cell_migration_crop_labels_over_time.tif").getStack();
        ResultsTable rt = ResultsTable.open(new File(output, "cancer_cell_migration_crop_nuclei_per_frame.csv").getPath());
        int frames = TestData.open("cancer_cell_migration_crop.tif").getStackSize();
        assertEquals("one label plane per frame", frames, stack.getSize());
        assertEquals("one row per frame", frames, rt.size());
        long total = 0;
        for (int t = 0; t < frames; t++) {
            Graph g = new Graph(stack.getProcessor(t + 1));
            assertEquals("frame of row " + t, t + 1, rt.getValue("frame", t), 0);
            assertEquals("nuclei, frame " + (t + 1), g.nuclei(), rt.getValue("nuclei", t), 0);
            assertEquals("mean area, frame " + (t + 1), g.meanArea(), rt.getValue("mean_area", t), 1e-3);
            assertEquals("mean touching, frame " + (t + 1), g.meanTouching(), rt.getValue("mean_touching_neighbors", t), 1e-3);
            assertEquals("mean nearest distance, frame " + (t + 1), g.meanNearestDistance(),
                    rt.getValue("mean_nearest_neighbor_distance", t), 1e-3);
            total += g.nuclei();
        }
        assertTrue("nuclei found over all frames: " + total, total > frames);
        assertEquals("nuclei over all frames", total, Long.parseLong(f[2]));
    }
}
