package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.FloatPolygon;
import ij.process.ImageProcessor;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.After;
import org.junit.Test;

/**
 * CLIJ2's transfer functions that run in Java (HostTransferFunctions), called from macros under
 * their CLIJ2 names, on real images cropped to odd sizes. Oracles: the text itself for
 * pushString (values and layout written out by hand), Java's Float.toString for pullString,
 * ImageJ's ImageProcessor.crop for pushTile, the untiled operation for a tiled run (tiles whose
 * margins cover the filter's radius must give the untiled result exactly, and tiles without
 * processing must rebuild the image), ImageJ's putPixelValue for the conversions of
 * pullToCurrentSlice, ImageJ's ThresholdToSelection for pullAsROI.
 */
public class HostTransferFunctionsTest extends HeadlessImageJTestBase {
    /** The images a test opened: a batch-mode macro forgets its images when it ends, each run shows them again. */
    static final List<ImagePlus> OPEN = new ArrayList<>();

    @Override
    @After
    public void releaseAll() {
        super.releaseAll();
        OPEN.clear();
        for (int id : ij.macro.Interpreter.getBatchModeImageIDs())
            ij.macro.Interpreter.removeBatchModeImage(WindowManager.getImage(id));
        WindowManager.closeAllWindows();
    }

    static ImagePlus show(ImagePlus imp) {
        OPEN.add(imp);
        imp.show();
        return imp;
    }

    static void reopen() {
        for (ImagePlus imp : OPEN) if (WindowManager.getImage(imp.getTitle()) != imp) imp.show();
    }

    static String[] run(String macro) {
        reopen();
        String[] r = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n" + macro);
        assertEquals(r[1] + "\n" + r[2], "0", r[0]);
        return r;
    }

    /** Runs a macro that must stop with an error naming `argument`. */
    static String refused(String macro) {
        reopen();
        String[] r = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n" + macro);
        assertTrue("expected an error: " + r[2], !"0".equals(r[0]));
        return r[1];
    }

    static void assertRefused(String macro, String argument) {
        String error = refused(macro);
        assertTrue(error, error.contains("argument '" + argument + "'"));
    }

    /** A 127 x 93 x 7 crop of the real 16-bit time-lapse (odd in every axis), shown under `title`. */
    static ImagePlus oddStack(String title) {
        ImagePlus src = IJ.openImage(TestData.file("cancer_cell_migration_crop.tif").getPath());
        ImageStack out = new ImageStack(127, 93);
        for (int z = 1; z <= 7; z++) {
            ImageProcessor ip = src.getStack().getProcessor(z);
            ip.setRoi(5, 3, 127, 93);
            out.addSlice(ip.crop());
        }
        return show(new ImagePlus(title, out));
    }

    static float[] pixels(ImagePlus imp) {
        return HostDataFunctionsTest.pixels(imp);
    }

    @Test
    public void pushAsPushesTheOpenImageUnderANewName() {
        ImagePlus imp = oddStack("input");
        run("Ext.CLIJ2_pushAs(\"input\", \"renamed\");");
        assertArrayEquals(pixels(imp), pixels(Ijcl.pull("renamed")), 0f);
        assertRefused("Ext.CLIJ2_pushAs(\"no such image\", \"x\");", "image");
        assertRefused("Ext.CLIJ2_pushAs(\"input\", \"\");", "new_name");
    }

    @Test
    public void pushStringReadsTheLayoutAndPullStringWritesIt() {
        // CLIJ2's documented example: width 4, height 3, depth 2
        float[][][] values = {{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 0, 1, 2}}, {{3, 4, 5, 6}, {7, 8, 9, 0}, {1, 2, 3.5f, -4}}};
        StringBuilder text = new StringBuilder(), expected = new StringBuilder();
        for (int z = 0; z < 2; z++) {
            if (z > 0) { text.append("\\n\\n"); expected.append("\n\n"); }
            for (int y = 0; y < 3; y++) {
                if (y > 0) { text.append("\\n"); expected.append('\n'); }
                for (int x = 0; x < 4; x++) {
                    text.append(x > 0 ? " " : "").append(values[z][y][x]);
                    expected.append(x > 0 ? " " : "").append(Float.toString(values[z][y][x]));
                }
            }
        }
        String[] r = run("Ext.CLIJ2_pushString(img, \"" + text + "\", 4, 3, 2);\n"
                + "Ext.CLIJ2_pullString(img, s);\nprint(\"text=\" + replace(s, \"\\n\", \"|\"));\nprint(\"name=\" + img);\n");
        ImagePlus back = Ijcl.pull(MacroExtensionsTest.value(r[2], "name"));
        assertEquals(4, back.getWidth());
        assertEquals(3, back.getHeight());
        assertEquals(2, back.getStackSize());
        assertEquals(32, back.getBitDepth());
        for (int z = 0; z < 2; z++)
            for (int y = 0; y < 3; y++)
                for (int x = 0; x < 4; x++)
                    assertEquals(values[z][y][x], back.getStack().getProcessor(z + 1).getf(x, y), 0f);
        assertEquals(expected.toString().replace("\n", "|"), MacroExtensionsTest.value(r[2], "text"));
        // sizes 0 mean "from the text"; a size that disagrees or a ragged line is refused
        run("Ext.CLIJ2_pushString(flat, \"1 2 3\", 0, 0, 0);");
        assertRefused("Ext.CLIJ2_pushString(x, \"1 2 3\", 4, 1, 1);", "width");
        assertRefused("Ext.CLIJ2_pushString(x, \"1 2 3\\n4 5\", 3, 2, 1);", "input");
        assertRefused("Ext.CLIJ2_pushString(x, \"1 a\", 2, 1, 1);", "input");
    }

    @Test
    public void pullStringThenPushStringRebuildsARealImage() {
        ImagePlus imp = oddStack("input");
        String[] r = run("Ext.CLIJ2_pushCurrentZStack(\"input\");\nExt.CLIJ2_pullString(\"input\", s);\n"
                + "Ext.CLIJ2_pushString(copy, s, 127, 93, 7);\nprint(\"name=\" + copy);\n");
        assertArrayEquals(pixels(imp), pixels(Ijcl.pull(MacroExtensionsTest.value(r[2], "name"))), 0f);
    }

    /** The macro lines that push, process (or not) and pull back every tile. */
    static String tiles(String processing, int w, int h, int d, int mx, int my, int mz) {
        String args = String.format(Locale.ROOT, "%d, %d, %d, %d, %d, %d", w, h, d, mx, my, mz);
        return "for (tz = 0; tz < " + (7 + d - 1) / d + "; tz++) for (ty = 0; ty < " + (93 + h - 1) / h + "; ty++)"
                + " for (tx = 0; tx < " + (127 + w - 1) / w + "; tx++) {\n"
                + "  Ext.CLIJ2_pushTile(\"input\", tx, ty, tz, " + args + ");\n  input = \"input\"; output = \"output\";\n"
                + "  " + processing + "\n"
                + "  Ext.CLIJ2_pullTile(\"output\", tx, ty, tz, " + args + ");\n"
                + "}\n";
    }

    @Test
    public void tilesRebuildTheImageAndATiledFilterEqualsTheUntiledOne() {
        ImagePlus input = oddStack("input");
        ImagePlus output = oddStack("output");
        for (int z = 1; z <= 7; z++) output.getStack().getProcessor(z).set(0);
        // no processing: each core lands at its place exactly once
        run(tiles("Ext.CLIJ2_copy(input, output);", 50, 40, 3, 2, 3, 1));
        assertArrayEquals(pixels(input), pixels(output), 0f);
        // a pushed tile is the block with its margins, clipped: ImageJ's crop of tile (1, 1, 1)
        run("Ext.CLIJ2_pushTile(\"input\", 1, 1, 1, 50, 40, 3, 2, 3, 1);");
        ImagePlus tile = Ijcl.pull("input");
        assertEquals(54, tile.getWidth());
        assertEquals(46, tile.getHeight());
        assertEquals(5, tile.getStackSize());
        for (int z = 0; z < 5; z++) {
            ImageProcessor ip = input.getStack().getProcessor(3 + z).duplicate();
            ip.setRoi(48, 37, 54, 46);
            assertArrayEquals(toFloat(ip.crop()), toFloat(tile.getStack().getProcessor(z + 1)), 0f);
        }
        // a filter of radius 1 with margins of 1: the untiled result exactly
        for (int z = 1; z <= 7; z++) output.getStack().getProcessor(z).set(0);
        run(tiles("Ext.CLIJ2_mean3DBox(input, output, 1, 1, 1);", 50, 40, 3, 1, 1, 1));
        run("Ext.CLIJ2_pushCurrentZStack(\"input\");\nwhole = \"whole\";\nExt.CLIJ2_mean3DBox(\"input\", whole, 1, 1, 1);");
        assertArrayEquals(pixels(Ijcl.pull("whole")), pixels(output), 0f);
        // bad tiles are refused before anything changes
        assertRefused("Ext.CLIJ2_pushTile(\"input\", 3, 0, 0, 50, 40, 3, 1, 1, 1);", "tileIndexX");
        assertRefused("Ext.CLIJ2_pushTile(\"input\", 0, 0, 0, 0, 40, 3, 1, 1, 1);", "width");
        assertRefused("Ext.CLIJ2_pushTile(\"input\", 0, 0, 0, 50, 40, 3, -1, 1, 1);", "marginWidth");
        run("output = \"output\";\nExt.CLIJ2_pushArray2D(output, newArray(1, 2, 3, 4), 2, 2);");
        assertRefused("Ext.CLIJ2_pullTile(\"output\", 0, 0, 0, 50, 40, 3, 1, 1, 1);", "image");
    }

    static float[] toFloat(ImageProcessor ip) {
        float[] out = new float[ip.getPixelCount()];
        for (int i = 0; i < out.length; i++) out[i] = ip.getf(i);
        return out;
    }

    @Test
    public void pullToCurrentSliceConvertsAsImageJAndTouchesOnlyThatPlane() {
        ImagePlus target = show(IJ.createImage("target", "8-bit black", 11, 9, 5));
        target.setSlice(3);
        ImagePlus before = target.duplicate();
        // 6 x 4 values: negative, fractional, beyond 255
        String values = "-3 0.4 0.5 2.5 254.6 300\n7 8 9 10 11 12\n1 2 3 4 5 6\n100 200 255 256 1000 -0.6";
        run("Ext.CLIJ2_pushString(slice, \"" + values.replace("\n", "\\n") + "\", 6, 4, 1);\n"
                + "Ext.CLIJ2_pullToCurrentSlice(slice, \"target\");");
        ByteProcessor oracle = (ByteProcessor) before.getStack().getProcessor(3).duplicate();
        String[] rows = values.split("\n");
        for (int y = 0; y < 4; y++) {
            String[] v = rows[y].split(" ");
            for (int x = 0; x < 6; x++) oracle.putPixelValue(x, y, Float.parseFloat(v[x]));
        }
        for (int z = 1; z <= 5; z++) {
            ImageProcessor expected = z == 3 ? oracle : before.getStack().getProcessor(z);
            assertArrayEquals("plane " + z, toFloat(expected), toFloat(target.getStack().getProcessor(z)), 0f);
        }
        // into the selection's box (5, 6, 4 x 2): only the overlap of the box and the image is written
        target.setRoi(5, 6, 4, 2);
        run("Ext.CLIJ2_pushString(slice, \"" + values.replace("\n", "\\n") + "\", 6, 4, 1);\n"
                + "Ext.CLIJ2_pullToCurrentSliceSelection(slice, \"target\");");
        for (int y = 0; y < 2; y++) {
            String[] v = rows[y].split(" ");
            for (int x = 0; x < 4; x++) oracle.putPixelValue(5 + x, 6 + y, Float.parseFloat(v[x]));
        }
        assertArrayEquals(toFloat(oracle), toFloat(target.getStack().getProcessor(3)), 0f);
        assertRefused("Ext.CLIJ2_pushString(s, \"1 2\\n\\n3 4\", 2, 1, 2);\nExt.CLIJ2_pullToCurrentSlice(s, \"target\");", "input_slice");
        assertRefused("Ext.CLIJ2_pushString(s, \"1 2\", 2, 1, 1);\nExt.CLIJ2_pullToCurrentSlice(s, \"nothing\");", "target_image_stack");
    }

    @Test
    public void pullAsRoiIsImageJsSelectionOfTheNonZeroPixels() {
        ImagePlus blobs = IJ.openImage(TestData.file("blobs.tif").getPath());
        show(blobs);
        String title = blobs.getTitle();
        String[] r = run("selectImage(\"" + title + "\");\nExt.CLIJ2_push(\"" + title + "\");\n"
                + "Ext.CLIJ2_automaticThreshold(\"" + title + "\", mask, \"Otsu\");\nExt.CLIJ2_pullAsROI(mask);\n"
                + "print(\"mask=\" + mask);\n");
        Roi roi = blobs.getRoi();
        assertNotNull(roi);
        ImageProcessor pulled = Ijcl.pull(MacroExtensionsTest.value(r[2], "mask")).getProcessor();
        ByteProcessor mask = new ByteProcessor(pulled.getWidth(), pulled.getHeight());
        for (int i = 0; i < mask.getPixelCount(); i++) mask.set(i, pulled.getf(i) != 0 ? 255 : 0);
        mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        Roi oracle = ThresholdToSelection.run(new ImagePlus("m", mask));
        Rectangle b = oracle.getBounds();
        assertEquals(b, roi.getBounds());
        for (int y = 0; y < blobs.getHeight(); y++)
            for (int x = 0; x < blobs.getWidth(); x++)
                assertEquals(x + "," + y, oracle.contains(x, y), roi.contains(x, y));
    }

    @Test
    public void pull2DPointListAsRoiPutsThePoints() {
        ImagePlus imp = oddStack("input");
        String[] r = run("selectImage(\"input\");\nExt.CLIJ2_pushString(points, \"1 5.5 90\\n2 6 80\", 3, 2, 1);\n"
                + "a = newArray(1);\nExt.CLIJ2_pull2DPointListAsRoi(points, a);\nprint(\"type=\" + selectionType() + \" \" + getTitle());\n");
        assertEquals(r[2], "10 input", MacroExtensionsTest.value(r[2], "type"));
        FloatPolygon p = imp.getRoi().getFloatPolygon();
        assertEquals(Roi.POINT, imp.getRoi().getType());
        assertArrayEquals(new float[] {1, 5.5f, 90}, java.util.Arrays.copyOf(p.xpoints, p.npoints), 0f);
        assertArrayEquals(new float[] {2, 6, 80}, java.util.Arrays.copyOf(p.ypoints, p.npoints), 0f);
        assertRefused("Ext.CLIJ2_pushString(row, \"1 2 3\", 3, 1, 1);\na = newArray(1);\n"
                + "Ext.CLIJ2_pull2DPointListAsRoi(row, a);", "input");
    }

    @Test
    public void invalidateKernelCacheKeepsImagesAndResults() {
        ImagePlus imp = oddStack("input");
        run("Ext.CLIJ2_pushCurrentZStack(\"input\");\nbefore = \"before\";\nafter = \"after\";\n"
                + "Ext.CLIJ2_gaussianBlur3D(\"input\", before, 2, 2, 1);\n"
                + "Ext.CLIJ2_invalidateKernelCache();\nExt.CLIJ2_gaussianBlur3D(\"input\", after, 2, 2, 1);\n");
        assertArrayEquals(pixels(imp), pixels(Ijcl.pull("input")), 0f);
        assertArrayEquals(pixels(Ijcl.pull("before")), pixels(Ijcl.pull("after")), 0f);
    }

    // --- label points: labels as selections, images and Results tables -----------------------------

    /** blobs.tif's Otsu mask labelled by ijcl, pulled back (the oracle's copy of the labels). */
    static ImageProcessor blobLabels(String title) {
        run("selectImage(\"" + title + "\");\nExt.CLIJ2_push(\"" + title + "\");\n"
                + "Ext.CLIJ2_automaticThreshold(\"" + title + "\", mask, \"Otsu\");\n"
                + "labels = \"labels\";\nExt.CLIJ2_connectedComponentsLabelingBox(mask, labels);\n");
        return Ijcl.pull("labels").getProcessor();
    }

    /** ImageJ's selection of the pixels of {@code id} (ThresholdToSelection of the full-size mask). */
    static Roi oracleRoi(ImageProcessor labels, int id) {
        ByteProcessor mask = new ByteProcessor(labels.getWidth(), labels.getHeight());
        for (int i = 0; i < mask.getPixelCount(); i++) mask.set(i, labels.getf(i) == id ? 255 : 0);
        mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        return ThresholdToSelection.run(new ImagePlus("m", mask));
    }

    static void assertSameSelection(String what, Roi oracle, Roi roi, int w, int h) {
        assertEquals(what + " bounds", oracle.getBounds(), roi.getBounds());
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) assertEquals(what + " " + x + "," + y, oracle.contains(x, y), roi.contains(x, y));
    }

    /**
     * The selections of pullLabelsToROIManager / pullLabelsToROIList (HostTransferFunctions.labelRois)
     * against ImageJ's own Roi objects: ThresholdToSelection of each label's full-size mask, the same
     * bounds and the same pixels inside, named Label_<id> in id order; roiManager("count") then
     * counts them (headless too: net.ijcl.tools.HeadlessRoiManager).
     */
    @Test
    public void pullLabelsToRoiManagerSelectionsAreImageJsSelectionOfEachLabel() {
        ImagePlus blobs = show(IJ.openImage(TestData.file("blobs.tif").getPath()));
        ImageProcessor labels = blobLabels(blobs.getTitle());
        int n = (int) labels.getStatistics().max;
        assertTrue("several blobs", n > 10);
        List<Roi> rois = HostTransferFunctions.labelRois("labels", "pullLabelsToROIManager");
        assertEquals(n, rois.size());
        for (int id = 1; id <= n; id++) {
            assertEquals("Label_" + id, rois.get(id - 1).getName());
            assertSameSelection("label " + id, oracleRoi(labels, id), rois.get(id - 1), labels.getWidth(), labels.getHeight());
        }
        // the ROI Manager works headless too (net.ijcl.tools.HeadlessRoiManager)
        String[] r = run("roiManager(\"reset\");\nExt.CLIJ2_pullLabelsToROIManager(\"labels\");\n"
                + "print(\"count=\" + roiManager(\"count\"));\n");
        assertEquals(r[2], String.valueOf(n), MacroExtensionsTest.value(r[2], "count"));
        assertRefused("Ext.CLIJ2_pushString(s, \"1 2\\n\\n3 4\", 2, 1, 2);\nExt.CLIJ2_pullLabelsToROIManager(s);", "labelmap_input");
    }

    @Test
    public void pullLabelsToRoiListLogsOneSelectionPerLabel() {
        ImagePlus blobs = show(IJ.openImage(TestData.file("blobs.tif").getPath()));
        ImageProcessor labels = blobLabels(blobs.getTitle());
        int n = (int) labels.getStatistics().max;
        String[] r = run("Ext.CLIJ2_pullLabelsToROIList(\"labels\");\n");
        int lines = 0;
        for (String line : r[2].split("\n")) if (line.startsWith("Roi[")) lines++;
        assertEquals(r[2], n, lines);
        assertTrue(r[2], r[2].contains("" + oracleRoi(labels, 1)));
        assertRefused("Ext.CLIJ2_pushString(s, \"1 2\\n\\n3 4\", 2, 1, 2);\nExt.CLIJ2_pullLabelsToROIList(s);", "labelmap_input");
    }

    @Test
    public void pullToRoiManagerSelectionIsImageJsSelectionOfTheNonZeroPixels() {
        ImagePlus blobs = show(IJ.openImage(TestData.file("blobs.tif").getPath()));
        ImageProcessor labels = blobLabels(blobs.getTitle());
        String[] r = run("Ext.CLIJ2_equalConstant(\"labels\", one, 1);\nprint(\"one=\" + one);\n");
        String one = MacroExtensionsTest.value(r[2], "one");
        assertNotNull(r[2], one);
        assertSameSelection("label 1", oracleRoi(labels, 1), HostTransferFunctions.nonZeroRoi(one, "pullToROIManager"),
                labels.getWidth(), labels.getHeight());
        run("Ext.CLIJ2_pushString(empty, \"0 0\\n0 0\", 2, 2, 1);\nExt.CLIJ2_pullToROIManager(empty);\n"); // adds nothing
        String[] added = run("roiManager(\"reset\");\nExt.CLIJ2_pullToROIManager(\"labels\");\n"
                + "print(\"count=\" + roiManager(\"count\"));\n");
        assertEquals(added[2], "1", MacroExtensionsTest.value(added[2], "count"));
        assertRefused("Ext.CLIJ2_pushString(s, \"1 2\\n\\n3 4\", 2, 1, 2);\nExt.CLIJ2_pullToROIManager(s);", "binary_input");
    }

    @Test
    public void pullToResultsTableAppendsOneRowPerLine() {
        String[] r = run("run(\"Clear Results\");\nsetResult(\"other\", 0, 7);\n"
                + "Ext.CLIJ2_pushString(s, \"1 2.5 3\\n4 5 6\", 3, 2, 1);\nExt.CLIJ2_pullToResultsTable(s);\n"
                + "print(\"n=\" + nResults);\nprint(\"v=\" + getResult(\"X1\", 1) + \" \" + getResult(\"X2\", 2) + \" \" + getResult(\"other\", 0));\n");
        assertEquals(r[2], "3", MacroExtensionsTest.value(r[2], "n"));
        assertEquals(r[2], "2.5 6 7", MacroExtensionsTest.value(r[2], "v"));
    }

    @Test
    public void generateParametricImageFromResultsTableColumnWritesEachLabelsRow() {
        ImagePlus blobs = show(IJ.openImage(TestData.file("blobs.tif").getPath()));
        ImageProcessor labels = blobLabels(blobs.getTitle());
        int n = (int) labels.getStatistics().max;
        run("run(\"Clear Results\");\nfor (i = 0; i <= " + n + "; i++) setResult(\"v\", i, 10 * i + 0.5);\n"
                + "param = \"param\";\nExt.CLIJ2_generateParametricImageFromResultsTableColumn(\"labels\", param, \"v\");\n");
        ImageProcessor param = Ijcl.pull("param").getProcessor();
        assertEquals(labels.getWidth(), param.getWidth());
        for (int i = 0; i < labels.getPixelCount(); i++)
            assertEquals("pixel " + i, 10 * (int) labels.getf(i) + 0.5, param.getf(i), 0.0);
        assertRefused("Ext.CLIJ2_generateParametricImageFromResultsTableColumn(\"labels\", p, \"nothing\");", "column");
    }
}
