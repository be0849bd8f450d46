package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.plugin.ZProjector;
import ij.plugin.filter.RankFilters;
import ij.process.Blitter;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ImageStatistics;

import java.io.File;

import net.ijcl.TestData;

import org.junit.Test;

/**
 * End to end: the CLIJ2-style macros of macros/clij2/ (Ext.CLIJ2_* calls as CLIJ2 users write
 * them; only the init line differs) run headless through the real RunMacro main class, and every
 * number they print is checked against a computation in this test: ImageJ's ZProjector for the
 * Z projections (8-bit means and standard deviations rounded to nearest, as ijcl keeps the source
 * type), and plain loops over ImageJ's pixel arrays for positions, crops, transposes, rotations,
 * sub-stacks, reductions, concatenation, combination, pastes and selections; label_graph's
 * touch counts and nearest-neighbour distances against a flood fill over ImageJ's Otsu mask.
 *
 * <p>The macros print_matrices, memory_report, image_statistics, label_bounding_boxes, working_with_rois, label_table
 * and mask_overlap repeat the steps of pages of
 * CLIJ2's own documentation (clij.github.io/clij2-docs) on the same data; their printed numbers
 * are asserted equal to the numbers those pages show (CLIJ2's own output, an independent oracle;
 * the page is cited at each expected value) and, where ImageJ can compute them, also to ImageJ.
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

    /** Asserts, for each pair (prefix, value), that the line starting with prefix ends with value (see after). */
    static void assertAfter(String stdout, String... prefixesAndValues) {
        for (int i = 0; i < prefixesAndValues.length; i += 2)
            assertEquals(stdout, prefixesAndValues[i + 1], after(stdout, prefixesAndValues[i]));
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
        assertAfter(out, "sums of the array and of the table:", "16 16", "table:", "3 rows, centre 4");
        // traced: pushCurrentSelection, getSumOfAllPixels, pushArray2D, getSumOfAllPixels,
        // image2DToResultsTable, pushResultsTable, getSumOfAllPixels (not start/stop themselves)
        assertEquals(out, "7", after(out, "traced calls:"));
        assertNotNull(IJ.class);
    }

    /** Asserts, for each pair (heading, lines), that the block under heading is lines (see block). */
    static void assertBlocks(String stdout, String... headingsAndLines) {
        for (int i = 0; i < headingsAndLines.length; i += 2)
            assertEquals(stdout, headingsAndLines[i + 1], block(stdout, headingsAndLines[i]));
    }

    /** The log lines after the line {@code heading} up to the next heading (lower-case words and ':') or "end". */
    static String block(String stdout, String heading) {
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (String line : stdout.split("\n")) {
            if (in && (line.matches("[a-z][a-z0-9 ]*:") || line.equals("end"))) break;
            if (in) b.append(b.length() == 0 ? "" : "\n").append(line);
            if (line.equals(heading)) in = true;
        }
        assertTrue("no block '" + heading + "' in\n" + stdout, in);
        return b.toString();
    }

    /** The lines CLIJ2's print writes for a width x height float image: Java's Float.toString. */
    static String printed(float[] values, int width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < values.length; i++)
            b.append(i == 0 ? "" : i % width == 0 ? "\n" : " ").append(Float.toString(values[i]));
        return b.toString();
    }

    @Test
    public void printMatricesAsClij2DocumentationShows() throws Exception {
        String out = run("print_matrices", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/matrix_multiply/ ("Vector 1 (transposed)", "Vector 2")
        assertBlocks(out,
                "column:", "1.0\n2.0\n3.0\n4.0\n5.0",
                "row:", "6.0 7.0 8.0 9.0 10.0",
                // same page, first row of the matrix times 2 (that row of the matrix is 1 x vector 2)
                "row times 2:", "12.0 14.0 16.0 18.0 20.0",
                // https://clij.github.io/clij2-docs/md/multiply_vectors_matrices/ (voxel size and point list)
                "voxel size:", "0.2\n0.2\n0.5",
                "points:", "1.0 3.0 5.0 11.0\n0.0 6.0 1.0 2.0\n9.0 11.0 6.0 2.0");
        // recomputed: the pushed values as Java writes floats, transposed by hand, doubled by hand
        assertBlocks(out,
                "column:", printed(new float[] {1, 2, 3, 4, 5}, 1),
                "row times 2:", printed(new float[] {12, 14, 16, 18, 20}, 5),
                "voxel size:", printed(new float[] {0.2f, 0.2f, 0.5f}, 1),
                "points:", printed(new float[] {1, 3, 5, 11, 0, 6, 1, 2, 9, 11, 6, 2}, 4));
    }

    @Test
    public void memoryReportAsClij2DocumentationShows() throws Exception {
        String out = run("memory_report", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/basics/ : 1 image of 161.8 kb; 2 images, 323.5 kb in
        // all; 1 image of 161.8 kb; 0 images (CLIJ2 writes "kb" for 1024 bytes, ijcl "KiB")
        String[] steps = {"after push:", "after blur:", "after release:", "after clear:"};
        String[] totals = {"= 1 image, 161.8 KiB", "= 2 images, 323.5 KiB", "= 1 image, 161.8 KiB", "= 0 images, 0 bytes"};
        int[] images = {1, 2, 1, 0};
        for (int i = 0; i < steps.length; i++) {
            String report = block(out, steps[i]);
            String[] lines = report.split("\n");
            assertTrue(out, lines[lines.length - 1].startsWith(totals[i]));
            int listed = 0;
            for (String line : lines)
                if (line.startsWith("- ")) {
                    listed++;
                    assertTrue(out, line.endsWith(", 161.8 KiB"));
                }
            assertEquals(out, images[i], listed);
            // recomputed: 408 x 406 one-byte pixels per image, in KiB with one decimal
            assertTrue(out, lines[lines.length - 1].contains("(" + 408 * 406 * images[i] + " bytes)"));
        }
        assertEquals("161.8", String.format(java.util.Locale.ROOT, "%.1f", 408 * 406 / 1024.0));
    }

    @Test
    public void imageStatisticsAsClij2DocumentationShows() throws Exception {
        String out = run("image_statistics", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/image_statistics/ : width 256, height 254, depth 1,
        // Sum 6714936, Max 248
        assertAfter(out, "width:", "256", "height:", "254", "depth:", "1", "sum:", "6714936", "max:", "248");
        // recomputed with ImageJ
        ImagePlus blobs = TestData.open("blobs.tif");
        ImageStatistics st = blobs.getProcessor().getStatistics();
        assertEquals(out, (long) Math.round(st.mean * st.pixelCount), Long.parseLong(after(out, "sum:")));
        assertEquals(out, (long) st.max, Long.parseLong(after(out, "max:")));
        assertEquals(blobs.getWidth() + " " + blobs.getHeight(), after(out, "width:") + " " + after(out, "height:"));
    }

    @Test
    public void labelBoundingBoxesAsClij2DocumentationShows() throws Exception {
        String out = run("label_bounding_boxes", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/working_with_rois/ : 64 labels and their bounding box
        // areas (table column Bounding_Box_Area, labels 1..64)
        long[] documented = {754, 210, 729, 506, 532, 378, 99, 374, 288, 28, 650, 868, 120, 288, 572, 693, 672,
                540, 374, 441, 208, 528, 630, 342, 576, 380, 918, 220, 460, 720, 1107, 16, 1044, 255, 728, 30, 315,
                1350, 690, 304, 208, 529, 552, 323, 456, 783, 484, 702, 102, 221, 660, 899, 690, 260, 702, 1107, 374,
                285, 4, 1, 114, 115, 80, 68};
        assertEquals(out, "64", after(out, "labels:"));
        // recomputed: ImageJ's Otsu threshold, then 8-connected components by flood fill, labelled in
        // raster order of their first pixel, and their bounding boxes
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        ip.setAutoThreshold("Otsu dark");
        double lower = ip.getMinThreshold();
        int w = ip.getWidth(), h = ip.getHeight();
        int[] label = new int[w * h];
        java.util.List<int[]> boxes = components(ip, lower, true, label);
        assertEquals(out, 64, boxes.size());
        for (int i = 0; i < 64; i++) {
            int[] b = boxes.get(i);
            long width = b[2] - b[0] + 1, height = b[3] - b[1] + 1;
            assertEquals(out, "area " + width * height + " at " + b[0] + "," + b[1] + " size " + width + "x" + height,
                    after(out, "label " + (i + 1) + ":"));
            // CLIJ2's page: equal, except for the 9 boxes that start at x = 0 or y = 0: CLIJ2's
            // getBoundingBox (BoundingBox -> MinimumOfMaskedPixels) reads its mask from the
            // coordinate image itself, so coordinate 0 counts as outside the mask and such a box
            // starts at 1 and is one pixel narrower (lower). ijcl's bounding boxes do not copy that.
            long clij2Width = width - (b[0] == 0 ? 1 : 0), clij2Height = height - (b[1] == 0 ? 1 : 0);
            assertEquals(out + "\nlabel " + (i + 1), documented[i], clij2Width * clij2Height);
        }
    }

    @Test
    public void workingWithRoisAsClij2DocumentationShows() throws Exception {
        String out = run("working_with_rois", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/working_with_rois/ : 64 labels, the areas of the boxes
        // CLIJ2's getBoundingBox gives for each label's mask (the same list as in
        // labelBoundingBoxesAsClij2DocumentationShows)
        long[] documented = {754, 210, 729, 506, 532, 378, 99, 374, 288, 28, 650, 868, 120, 288, 572, 693, 672,
                540, 374, 441, 208, 528, 630, 342, 576, 380, 918, 220, 460, 720, 1107, 16, 1044, 255, 728, 30, 315,
                1350, 690, 304, 208, 529, 552, 323, 456, 783, 484, 702, 102, 221, 660, 899, 690, 260, 702, 1107, 374,
                285, 4, 1, 114, 115, 80, 68};
        assertEquals(out, "64", after(out, "labels:"));
        // recomputed independently: ImageJ's Otsu threshold, 8-connected components by flood fill in
        // raster order, their exact boxes, then CLIJ2 Java's border rule (a box starting at x = 0 or
        // y = 0 starts at 1 and is one pixel narrower or lower), which ijcl's getBoundingBox follows
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        ip.setAutoThreshold("Otsu dark");
        int[] label = new int[ip.getWidth() * ip.getHeight()];
        java.util.List<int[]> boxes = components(ip, ip.getMinThreshold(), true, label);
        assertEquals(out, 64, boxes.size());
        int atBorder = 0;
        for (int i = 0; i < 64; i++) {
            int[] b = boxes.get(i);
            long x = b[0] == 0 ? 1 : b[0], y = b[1] == 0 ? 1 : b[1];
            long width = b[2] - x + 1, height = b[3] - y + 1;
            if (b[0] == 0 || b[1] == 0) atBorder++;
            assertEquals(out + "\nlabel " + (i + 1), documented[i], width * height);
            assertEquals(out, "area " + width * height + " at " + x + "," + y + " size " + width + "x" + height,
                    after(out, "label " + (i + 1) + ":"));
        }
        assertEquals("boxes at the left or top border (where CLIJ2's rule matters)", 9, atBorder);
    }

    /**
     * Connected components of the pixels >= lower (8- or 4-connected) by flood fill, numbered from 1
     * in raster order of their first pixel into {@code label}; returns each one's bounding box
     * {minX, minY, maxX, maxY}.
     */
    static java.util.List<int[]> components(ImageProcessor ip, double lower, boolean eight, int[] label) {
        int w = ip.getWidth(), h = ip.getHeight();
        java.util.List<int[]> boxes = new java.util.ArrayList<>();
        for (int start = 0; start < w * h; start++) {
            if (label[start] != 0 || ip.getf(start) < lower) continue;
            int[] box = {start % w, start / w, start % w, start / w};
            boxes.add(box);
            java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
            label[start] = boxes.size();
            todo.add(start);
            while (!todo.isEmpty()) {
                int at = todo.poll(), x = at % w, y = at / w;
                box[0] = Math.min(box[0], x); box[1] = Math.min(box[1], y);
                box[2] = Math.max(box[2], x); box[3] = Math.max(box[3], y);
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h || (!eight && dx != 0 && dy != 0)) continue;
                        int n = ny * w + nx;
                        if (label[n] == 0 && ip.getf(n) >= lower) { label[n] = boxes.size(); todo.add(n); }
                    }
            }
        }
        return boxes;
    }

    @Test
    public void labelTableAsClij2DocumentationShows() throws Exception {
        String out = run("label_table", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/tables/ : IDENTIFIER 0..14 with MEAN_INTENSITY,
        // nearest_neighbor_distance and is_on_image_edge (row 0 is the background)
        String[] documented = {"mean 167.857, nearest 32.002, on edge 1", "mean 210.679, nearest 29.744, on edge 1",
                "mean 160.000, nearest 28.212, on edge 1", "mean 195.953, nearest 26.458, on edge 0",
                "mean 184.619, nearest 24.928, on edge 1", "mean 201.840, nearest 29.744, on edge 0",
                "mean 137.143, nearest 26.458, on edge 1", "mean 196.889, nearest 24.928, on edge 1",
                "mean 197.208, nearest 19.415, on edge 0", "mean 189.802, nearest 29.255, on edge 1",
                "mean 138.857, nearest 19.415, on edge 0", "mean 195.151, nearest 31.551, on edge 1",
                "mean 180.417, nearest 18.719, on edge 1", "mean 136.000, nearest 18.719, on edge 1"};
        assertAfter(out, "labels:", "14", "background mean:", "54.885");
        for (int i = 0; i < documented.length; i++) assertEquals(out, documented[i], after(out, "label " + (i + 1) + ":"));
        // recomputed: ImageJ's crop and Otsu threshold, 4-connected flood fill, means and centroids
        ImagePlus blobs = TestData.open("blobs.tif");
        blobs.setRoi(74, 44, 100, 100);
        ImageProcessor ip = blobs.getProcessor().crop();
        ip.setAutoThreshold("Otsu dark");
        int[] label = new int[ip.getPixelCount()];
        java.util.List<int[]> boxes = components(ip, ip.getMinThreshold(), false, label);
        int n = boxes.size();
        double[] sum = new double[n + 1], count = new double[n + 1], sx = new double[n + 1], sy = new double[n + 1];
        for (int i = 0; i < label.length; i++) {
            sum[label[i]] += ip.getf(i); count[label[i]]++; sx[label[i]] += i % 100; sy[label[i]] += i / 100;
        }
        assertEquals(out, String.format(java.util.Locale.ROOT, "%.3f", sum[0] / count[0]), after(out, "background mean:"));
        for (int l = 1; l <= n; l++) {
            double nearest = Double.MAX_VALUE;
            for (int m = 1; m <= n; m++)
                if (m != l) nearest = Math.min(nearest, Math.hypot(sx[l] / count[l] - sx[m] / count[m], sy[l] / count[l] - sy[m] / count[m]));
            int[] b = boxes.get(l - 1);
            int edge = b[0] == 0 || b[1] == 0 || b[2] == 99 || b[3] == 99 ? 1 : 0;
            assertEquals(out, String.format(java.util.Locale.ROOT, "mean %.3f, nearest %.3f, on edge %d", sum[l] / count[l], nearest, edge),
                    after(out, "label " + l + ":"));
        }
    }

    @Test
    public void maskOverlapAsClij2DocumentationShows() throws Exception {
        String out = run("mask_overlap", "blobs.tif");
        // https://clij.github.io/clij2-docs/md/measure_overlap/ : "Overlap (Jaccard index): 81.9294%",
        // "Overlap (Sorensen / Dice coefficient): 90.0672%"
        assertAfter(out, "jaccard:", "81.9294%", "dice:", "90.0672%");
        // recomputed: ImageJ's Otsu and MinError thresholds (dark objects: pixels >= the lower
        // threshold), counted over ImageJ's pixels
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        ip.setAutoThreshold("Otsu dark");
        double otsu = ip.getMinThreshold();
        ip.setAutoThreshold("MinError dark");
        double minError = ip.getMinThreshold();
        long a = 0, b = 0, both = 0, either = 0;
        for (int i = 0; i < ip.getPixelCount(); i++) {
            boolean inA = ip.getf(i) >= otsu, inB = ip.getf(i) >= minError;
            a += inA ? 1 : 0; b += inB ? 1 : 0; both += inA && inB ? 1 : 0; either += inA || inB ? 1 : 0;
        }
        assertEquals(out, a + " " + b + " " + both + " " + either, after(out, "pixels:"));
        assertEquals(out, String.format(java.util.Locale.ROOT, "%.4f%%", 100.0 * both / either), after(out, "jaccard:"));
        assertEquals(out, String.format(java.util.Locale.ROOT, "%.4f%%", 200.0 * both / (a + b)), after(out, "dice:"));
    }

    /**
     * macros/clij2/label_graph.ijm (category Graph): recomputed from ImageJ's pixels with ImageJ's
     * Otsu threshold (pixels >= the lower threshold, as mask_overlap): the 8-connected components
     * (a flood fill here), the touch count matrix's sum (every face-neighbouring pixel pair where the
     * mask differs: 8-connected components never share a face, so each such pair is one label and
     * the background) and the mean distance from each component's centroid (mean pixel position) to
     * the nearest other one, in double here (ijcl: float distances of float centroids).
     */
    @Test
    public void labelGraphCountsAndNearestNeighbours() throws Exception {
        String out = run("label_graph", "blobs.tif");
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        ip.setAutoThreshold("Otsu dark");
        double otsu = ip.getMinThreshold();
        int w = ip.getWidth(), h = ip.getHeight();
        boolean[] mask = new boolean[w * h];
        for (int i = 0; i < mask.length; i++) mask[i] = ip.getf(i) >= otsu;
        long contacts = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                if (x + 1 < w && mask[y * w + x] != mask[y * w + x + 1]) contacts++;
                if (y + 1 < h && mask[y * w + x] != mask[(y + 1) * w + x]) contacts++;
            }
        int[] label = new int[w * h];
        java.util.List<double[]> centroids = new java.util.ArrayList<>();
        java.util.ArrayDeque<Integer> queue = new java.util.ArrayDeque<>();
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) continue;
            int id = centroids.size() + 1;
            double sx = 0, sy = 0;
            long count = 0;
            label[start] = id;
            queue.add(start);
            while (!queue.isEmpty()) {
                int i = queue.poll(), x = i % w, y = i / w;
                sx += x;
                sy += y;
                count++;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
                        int j = ny * w + nx;
                        if (mask[j] && label[j] == 0) {
                            label[j] = id;
                            queue.add(j);
                        }
                    }
            }
            centroids.add(new double[] {sx / count, sy / count});
        }
        double sumNearest = 0;
        for (double[] a : centroids) {
            double best = Double.POSITIVE_INFINITY;
            for (double[] b : centroids)
                if (a != b) best = Math.min(best, Math.hypot(a[0] - b[0], a[1] - b[1]));
            sumNearest += best;
        }
        assertEquals(out, centroids.size(), Double.parseDouble(after(out, "labels:")), 0);
        assertEquals(out, contacts, Double.parseDouble(after(out, "label contacts:")), 0);
        assertEquals(out, sumNearest / centroids.size(), Double.parseDouble(after(out, "mean nearest neighbour distance:")), 1e-3);
    }

    /**
     * macros/clij2/drawing.ijm (category Visualisation, with label maps): the box and ellipse sums
     * recomputed from CLIJ2's definitions (box corners both included; ellipse test in float), the
     * line checked for a plausible number of pixels, and the label maps against ImageJ itself:
     * setAutoThreshold("Otsu dark") on the raw pixels and Analyze Particles (8-connected) give the
     * number of blobs, the largest area, the sum of area squared (the size map summed) and the
     * brightest mean.
     */
    @Test
    public void drawingAndLabelMaps() throws Exception {
        String out = run("drawing", "blobs.tif");
        long box = 0, ellipse = 0;
        for (int y = 0; y < 77; y++)
            for (int x = 0; x < 101; x++) {
                if (x >= 5 && x <= 25 && y >= 7 && y <= 17) box++;
                float dx = x - 60.5f, dy = y - 40f;
                if (dx * dx / (12f * 12f) + dy * dy / (7.5f * 7.5f) <= 1f) ellipse++;
            }
        assertEquals(out, 50.0 * box, Double.parseDouble(after(out, "box sum:")), 0);
        assertEquals(out, 50.0 * box + 100.0 * ellipse, Double.parseDouble(after(out, "box and ellipse sum:")), 0);
        double line = Double.parseDouble(after(out, "non-zero after the line:")) - box - ellipse;
        assertTrue(out, line >= 97 && line <= 2 * 97); // from x 2 to 98: at least one pixel per column

        ImagePlus blobs = TestData.open("blobs.tif");
        ImageProcessor raw = blobs.getProcessor().duplicate();
        if (raw.isInvertedLut()) raw.invertLut();
        raw.setAutoThreshold("Otsu dark");
        ImagePlus measured = new ImagePlus("raw", raw);
        ij.measure.ResultsTable rt = new ij.measure.ResultsTable();
        ij.plugin.filter.ParticleAnalyzer pa = new ij.plugin.filter.ParticleAnalyzer(0,
                ij.measure.Measurements.AREA | ij.measure.Measurements.MEAN | ij.measure.Measurements.CENTROID, rt, 0,
                Double.POSITIVE_INFINITY);
        assertTrue(pa.analyze(measured));
        double largest = 0, squares = 0, brightest = 0;
        for (int r = 0; r < rt.size(); r++) {
            double a = rt.getValue("Area", r);
            largest = Math.max(largest, a);
            squares += a * a;
            brightest = Math.max(brightest, rt.getValue("Mean", r));
        }
        assertEquals(out, rt.size(), Integer.parseInt(after(out, "labels:")));
        assertEquals(out, largest, Double.parseDouble(after(out, "largest blob:")), 0);
        assertEquals(out, squares, Double.parseDouble(after(out, "sum of the size map:")), 0);
        assertEquals(out, brightest, Double.parseDouble(after(out, "brightest blob mean:")), 1e-4);
        assertEquals(out, rt.size() + " x 2", after(out, "centroids:"));
        // the mesh: a line of at least max(|dx|, |dy|) pixels per pair of centroids closer than 30
        // (ImageJ's centroids: pixel centres, x + 0.5); pairs share pixels near their ends, so
        // the sum of line lengths bounds the count from above, the longest line from below
        double longest = 0, total = 0;
        for (int a = 0; a < rt.size(); a++)
            for (int b = a + 1; b < rt.size(); b++) {
                double dx = rt.getValue("X", a) - rt.getValue("X", b), dy = rt.getValue("Y", a) - rt.getValue("Y", b);
                if (Math.sqrt(dx * dx + dy * dy) >= 30) continue;
                double length = Math.max(Math.abs(dx), Math.abs(dy));
                longest = Math.max(longest, length);
                total += length + 2;
            }
        double mesh = Double.parseDouble(after(out, "mesh pixels:"));
        assertTrue(out + " longest " + longest + " total " + total, longest > 0 && mesh >= longest && mesh <= 2 * total);
    }

    /** Minimum (max = false) or maximum over the clamped (2r+1)^2 box, or the face-neighbour cross (diamond). */
    static float[] extreme(float[] a, int w, int h, int r, boolean diamond, boolean max) {
        float[] out = new float[a.length];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float best = a[x + w * y];
                for (int dy = -r; dy <= r; dy++)
                    for (int dx = -r; dx <= r; dx++) {
                        if (diamond && Math.abs(dx) + Math.abs(dy) > 1) continue;
                        int xx = Math.min(Math.max(x + dx, 0), w - 1), yy = Math.min(Math.max(y + dy, 0), h - 1);
                        float v = a[xx + w * yy];
                        best = max ? Math.max(best, v) : Math.min(best, v);
                    }
                out[x + w * y] = best;
            }
        return out;
    }

    /** ImageJ's Process > Binary > command (iterations n, count 1, black background, pad edges off) on a copy of a 0/255 mask. */
    static int imagejBinaryCount(ByteProcessor mask, String command, int n) {
        boolean black = Prefs.blackBackground, pad = Prefs.padEdges;
        try {
            Prefs.blackBackground = true;
            Prefs.padEdges = false;
            ImagePlus imp = new ImagePlus("mask", mask.duplicate());
            IJ.run(imp, "Options...", "iterations=" + n + " count=1 black");
            IJ.run(imp, command, "");
            int count = 0;
            for (int i = 0; i < mask.getPixelCount(); i++) count += imp.getProcessor().get(i) != 0 ? 1 : 0;
            return count;
        } finally {
            Prefs.blackBackground = black;
            Prefs.padEdges = pad;
            IJ.run("Options...", "iterations=1 count=1");
        }
    }

    /**
     * background_and_morphology: top-hat (box: plain loops), bottom-hat and opening with spheres
     * (ImageJ RankFilters CLOSE minus the source, RankFilters OPEN), binary opening and closing
     * (ImageJ's Binary Open / Close, iterations 2), the octagon maximum (box, diamond, box steps in
     * loops) and local minima (strictly no smaller pixel in the clamped 5x5 box, ties to the first in
     * raster order), on blobs.tif's raw values.
     */
    @Test
    public void backgroundAndMorphology() throws Exception {
        String out = run("background_and_morphology", "blobs.tif");
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        int w = ip.getWidth(), h = ip.getHeight();
        float[] a = (float[]) ip.convertToFloat().getPixels();
        float[] opening = extreme(extreme(a, w, h, 5, false, false), w, h, 5, false, true);
        double topHat = 0;
        for (int i = 0; i < a.length; i++) topHat += a[i] - opening[i];
        assertEquals(out, topHat, Double.parseDouble(after(out, "sum of the top-hat:")), 0);
        ImageProcessor normal = ip.duplicate();
        if (normal.isInvertedLut()) normal.invertLut();
        ImageProcessor closed = normal.duplicate(), opened = normal.duplicate();
        new RankFilters().rank(closed, 3, RankFilters.CLOSE);
        new RankFilters().rank(opened, 3, RankFilters.OPEN);
        closed.copyBits(normal, 0, 0, Blitter.SUBTRACT);
        assertEquals(out, sum(closed, false), Double.parseDouble(after(out, "sum of the bottom-hat:")), 0);
        assertEquals(out, sum(opened, false), Double.parseDouble(after(out, "sum of the opening:")), 0);
        ByteProcessor mask = new ByteProcessor(w, h);
        int foreground = 0;
        for (int i = 0; i < a.length; i++) {
            mask.set(i, a[i] > 128 ? 255 : 0);
            foreground += a[i] > 128 ? 1 : 0;
        }
        assertEquals(out, foreground + ", opened: " + imagejBinaryCount(mask, "Open", 2) + ", closed: "
                + imagejBinaryCount(mask, "Close-", 2), after(out, "foreground pixels:"));
        float[] octagon = extreme(extreme(extreme(a, w, h, 1, false, true), w, h, 1, true, true), w, h, 1, false, true);
        double octagonSum = 0;
        for (float v : octagon) octagonSum += v;
        assertEquals(out, octagonSum, Double.parseDouble(after(out, "sum of the octagon maximum:")), 0);
        int minima = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                boolean is = true;
                for (int yy = Math.max(y - 2, 0); yy <= Math.min(y + 2, h - 1) && is; yy++)
                    for (int xx = Math.max(x - 2, 0); xx <= Math.min(x + 2, w - 1); xx++) {
                        float v = a[xx + w * yy], c = a[x + w * y];
                        if (v < c || (v == c && xx + w * yy < x + w * y)) is = false;
                    }
                minima += is ? 1 : 0;
            }
        assertTrue(out, minima > 0);
        assertEquals(out, minima, Double.parseDouble(after(out, "local minima:")), 0);
    }

    /**
     * macros/clij2/edge_filters.ijm (category Filter; wt-filters): every printed number recomputed
     * here from the operations' definitions on blobs.tif's raw pixels, edges repeated: the 3x3 Sobel
     * magnitude rounded to nearest and saturated at 255 (uint8, as the source; for 8-bit sums the
     * float magnitude is never near enough x.5 to round differently from this double one), the largest
     * population variance of the 5 x 5 box (double here, float in ijcl: 1e-4 relative), the difference
     * of Gaussians from ImageJ itself (GaussianBlur with sigma 1 and 4 on copies, accuracy 0.002 as for
     * 8-bit, then Image Calculator Subtract, which clips at 0 like the uint8 destination), and the
     * largest count of pixels >= 128 in the radius-3 disc (float ellipse test, as CLIJ2's kernel).
     */
    @Test
    public void edgeFiltersRecomputed() throws Exception {
        String out = run("edge_filters", "blobs.tif");
        ImageProcessor ip = TestData.open("blobs.tif").getProcessor();
        int w = ip.getWidth(), h = ip.getHeight();
        double sobel = 0, maxVar = 0;
        long maxCount = 0;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                double gx = -px(ip, x - 1, y - 1) - 2 * px(ip, x - 1, y) - px(ip, x - 1, y + 1) + px(ip, x + 1, y - 1)
                        + 2 * px(ip, x + 1, y) + px(ip, x + 1, y + 1);
                double gy = -px(ip, x - 1, y - 1) - 2 * px(ip, x, y - 1) - px(ip, x + 1, y - 1) + px(ip, x - 1, y + 1)
                        + 2 * px(ip, x, y + 1) + px(ip, x + 1, y + 1);
                sobel += Math.min(255, Math.floor(Math.sqrt(gx * gx + gy * gy) + 0.5));
                double sum = 0, sq = 0;
                for (int dy = -2; dy <= 2; dy++)
                    for (int dx = -2; dx <= 2; dx++) sum += px(ip, x + dx, y + dy);
                double mean = sum / 25;
                for (int dy = -2; dy <= 2; dy++)
                    for (int dx = -2; dx <= 2; dx++) sq += (px(ip, x + dx, y + dy) - mean) * (px(ip, x + dx, y + dy) - mean);
                maxVar = Math.max(maxVar, sq / 25);
                long count = 0;
                for (int dy = -3; dy <= 3; dy++)
                    for (int dx = -3; dx <= 3; dx++)
                        if ((float) (dx * dx) / 9f + (float) (dy * dy) / 9f <= 1f && px(ip, x + dx, y + dy) >= 128) count++;
                maxCount = Math.max(maxCount, count);
            }
        ImagePlus narrow = new ImagePlus("narrow", ip.duplicate()), wide = new ImagePlus("wide", ip.duplicate());
        new ij.plugin.filter.GaussianBlur().blurGaussian(narrow.getProcessor(), 1, 1, 0.002);
        new ij.plugin.filter.GaussianBlur().blurGaussian(wide.getProcessor(), 4, 4, 0.002);
        ImagePlus dog = new ij.plugin.ImageCalculator().run("Subtract create", narrow, wide);
        assertEquals(out, sobel, Double.parseDouble(after(out, "sum of the Sobel edges:")), 0);
        assertEquals(out, maxVar, Double.parseDouble(after(out, "largest local variance:")), 1e-4 * maxVar);
        assertEquals(out, sum(dog.getProcessor(), false), Double.parseDouble(after(out, "sum of the difference of Gaussians:")), 0);
        assertEquals(out, maxCount, Long.parseLong(after(out, "most bright pixels in a radius-3 disc:")));
    }

    static double px(ImageProcessor ip, int x, int y) {
        return ip.getf(Math.max(0, Math.min(ip.getWidth() - 1, x)), Math.max(0, Math.min(ip.getHeight() - 1, y)));
    }
}
