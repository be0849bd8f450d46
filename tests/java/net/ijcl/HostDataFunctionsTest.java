package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.Duplicator;
import ij.process.ImageProcessor;
import java.io.File;
import java.nio.file.Files;
import org.junit.After;
import org.junit.Test;

/**
 * CLIJ2's data-family functions that run in Java (HostDataFunctions), called from macros under
 * their CLIJ2 names. Oracles: ImageJ's Duplicator and ImageProcessor.crop for the pushes of parts
 * of an image, ImageJ's TIFF reader for saveAsTIF, and values written out by hand for arrays,
 * tables, sizes and the log.
 */
public class HostDataFunctionsTest extends HeadlessImageJTestBase {
    @Override
    @After
    public void releaseAll() {
        super.releaseAll();
        ij.WindowManager.closeAllWindows();
    }

    static float[] pixels(ImagePlus imp) {
        ImageStack s = imp.getStack();
        float[] out = new float[imp.getWidth() * imp.getHeight() * s.getSize()];
        int k = 0;
        for (int z = 1; z <= s.getSize(); z++)
            for (int i = 0; i < imp.getWidth() * imp.getHeight(); i++) out[k++] = s.getProcessor(z).getf(i);
        return out;
    }

    static String[] run(String macro) {
        String[] r = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n" + macro);
        assertEquals(r[1] + "\n" + r[2], "0", r[0]);
        return r;
    }

    @Test
    public void pushesOfPartsOfAnImageEqualImageJsDuplicates() {
        ImagePlus src = IJ.openImage(TestData.file("mini-t1-head.tif").getPath());
        // a hyperstack: 2 channels x 4 slices x 2 frames out of the 32 planes of the MRI stack
        ImageStack stack = new ImageStack(src.getWidth(), src.getHeight());
        for (int i = 1; i <= 16; i++) stack.addSlice(src.getStack().getProcessor(i).duplicate());
        ImagePlus hyper = new ImagePlus("hyper", stack);
        hyper.setDimensions(2, 4, 2);
        hyper.setOpenAsHyperStack(true);
        hyper.show();
        hyper.setPosition(2, 3, 2);
        run("Ext.CLIJ2_pushCurrentZStack(\"hyper\");");
        assertArrayEquals(pixels(new Duplicator().run(hyper, 2, 2, 1, 4, 2, 2)), pixels(Ijcl.pull("hyper")), 0f);
        run("Ext.CLIJ2_pushCurrentSlice(\"hyper\");");
        assertArrayEquals(pixels(new ImagePlus("p", hyper.getProcessor().duplicate())), pixels(Ijcl.pull("hyper")), 0f);
        hyper.setRoi(3, 5, 11, 7);
        run("Ext.CLIJ2_pushCurrentSliceSelection(\"hyper\");");
        ImageProcessor ip = hyper.getProcessor().duplicate();
        ip.setRoi(3, 5, 11, 7);
        assertArrayEquals(pixels(new ImagePlus("c", ip.crop())), pixels(Ijcl.pull("hyper")), 0f);
        run("Ext.CLIJ2_pushCurrentSelection(\"hyper\");");
        ImagePlus dup = new Duplicator().run(hyper, 2, 2, 1, 4, 2, 2); // the ROI's bounds, z-stack of c2 t2
        assertEquals(11, dup.getWidth());
        assertArrayEquals(pixels(dup), pixels(Ijcl.pull("hyper")), 0f);
    }

    @Test
    public void arraysTablesSizesAndTraces() {
        String[] r = run("a = newArray(1, 2.5, -3, 4, 5, 6);\n"
                + "Ext.CLIJ2_pushArray(img, a, 3, 1, 2);\n"
                + "Ext.CLIJ2_getSize(img);\n"
                + "print(\"size=\" + getResult(\"Width\", nResults-1) + \" \" + getResult(\"Height\", nResults-1) + \" \" + getResult(\"Depth\", nResults-1));\n"
                + "Ext.CLIJ2_pushArray2D(flat, newArray(7, 8, 9, 10), 2, 2);\n"
                + "Ext.CLIJ2_image2DToResultsTable(flat);\n"
                + "print(\"table=\" + nResults + \" \" + getResult(\"X0\", 0) + \" \" + getResult(\"X1\", 0) + \" \" + getResult(\"X0\", 1));\n"
                + "Ext.CLIJ2_pushResultsTable(back);\n"
                + "Ext.CLIJ2_startTimeTracing();\n"
                + "Ext.CLIJ2_pullToResultsTableColumn(img, \"V\", false);\n"
                + "Ext.CLIJ2_stopTimeTracing();\n"
                + "Ext.CLIJ2_getTimeTracing(traces);\n"
                + "print(\"traces=\" + replace(traces, \"\\n\", \"|\"));\n"
                + "print(\"column=\" + getResult(\"V\", 0) + \" \" + getResult(\"V\", 1) + \" \" + getResult(\"V\", 5));\n"
                + "Ext.CLIJ2_pushResultsTableColumn(col, \"V\");\n"
                + "Ext.CLIJ2_print(flat);\n"
                + "print(\"names=\" + img + \" \" + back + \" \" + col);\n");
        String out = r[2];
        assertEquals(out, "3 1 2", MacroExtensionsTest.value(out, "size"));
        assertArrayEquals(new float[] {1, 2.5f, -3, 4, 5, 6}, pixels(Ijcl.pull(MacroExtensionsTest.value(out, "names").split(" ")[0])), 0f);
        assertEquals(out, "2 7 8 9", MacroExtensionsTest.value(out, "table"));
        assertArrayEquals(new float[] {7, 8, 9, 10}, pixels(Ijcl.pull(MacroExtensionsTest.value(out, "names").split(" ")[1])), 0f);
        assertTrue(out, MacroExtensionsTest.value(out, "traces").startsWith("CLIJ2_pullToResultsTableColumn "));
        assertEquals(out, "1 2.5 6", MacroExtensionsTest.value(out, "column"));
        ImagePlus col = Ijcl.pull(MacroExtensionsTest.value(out, "names").split(" ")[2]);
        assertEquals(6, col.getWidth());
        assertArrayEquals(new float[] {1, 2.5f, -3, 4, 5, 6}, pixels(col), 0f);
        assertTrue(out, out.contains("7.0 8.0\n9.0 10.0\n"));
    }

    @Test
    public void pullBinaryShowsNonZeroAs255() {
        // oracle: the definition (CLIJ2's pullBinary: 255 where the pixel is not zero), by hand
        String[] r = run("Ext.CLIJ2_pushArray(v, newArray(0, 2.5, -1, 0, 7, 0), 3, 1, 2);\n"
                + "Ext.CLIJ2_pullBinary(v);\n"
                + "s = \"\";\nfor (z = 1; z <= nSlices; z++) { setSlice(z); for (x = 0; x < 3; x++) s = s + getPixel(x, 0) + \" \"; }\n"
                + "print(\"bits=\" + bitDepth() + \" \" + getWidth() + \"x\" + getHeight() + \"x\" + nSlices);\n"
                + "print(\"pixels=\" + s);\n"
                + "Ext.CLIJ2_pushArray2D(labels, newArray(0, 300000, 1, 0), 2, 2);\n"
                + "Ext.CLIJ2_pullBinary(labels);\n"
                + "print(\"labels=\" + getPixel(0, 0) + \" \" + getPixel(1, 0) + \" \" + getPixel(0, 1) + \" \" + getPixel(1, 1));\n");
        String out = r[2];
        assertEquals(out, "8 3x1x2", MacroExtensionsTest.value(out, "bits"));
        assertEquals(out, "0 255 255 0 255 0", MacroExtensionsTest.value(out, "pixels").trim());
        assertEquals(out, "0 255 255 0", MacroExtensionsTest.value(out, "labels"));
    }

    @Test
    public void saveAsTifWritesAFileImageJReadsBack() throws Exception {
        File dir = Files.createTempDirectory("ijcl-save").toFile();
        File file = new File(dir, "blobs copy.tif");
        String blobs = TestData.file("blobs.tif").getPath().replace("\\", "/");
        run("open(\"" + blobs + "\");\nt = getTitle();\nExt.CLIJ2_push(t);\nExt.CLIJ2_saveAsTIF(t, \""
                + file.getPath().replace("\\", "/") + "\");\n");
        ImagePlus back = IJ.openImage(file.getPath());
        ImagePlus original = IJ.openImage(TestData.file("blobs.tif").getPath());
        assertArrayEquals(pixels(original), pixels(back), 0f);
        String[] left = dir.list();
        assertEquals("only the file, no temporary left: " + String.join(", ", left), 1, left.length);
        assertFalse(AtomicOutput.isTemporary(left[0]));
        String[] bad = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\nExt.CLIJ2_pushArray(x, newArray(1,2,3), 2, 2, 1);");
        assertTrue(bad[1], bad[1].contains("CLIJ2_pushArray") && bad[1].contains("argument 'input'"));
    }

    /** A 127 x 93 x 7 crop (odd in every axis) of a real image, from (x0, y0) and plane z0. */
    static ImagePlus oddCrop(String file, int x0, int y0, int z0) {
        ImagePlus src = IJ.openImage(TestData.file(file).getPath());
        ImageStack out = new ImageStack(127, 93);
        for (int z = 0; z < 7; z++) {
            ImageProcessor ip = src.getStack().getProcessor(z0 + z + 1);
            ip.setRoi(x0, y0, 127, 93);
            out.addSlice(ip.crop());
        }
        return new ImagePlus(file, out);
    }

    /**
     * CLIJ2's definition of multiplyImageStackWithScalars, worked out independently: plane z times
     * scalars[min(z, length - 1)] as one float product; integer types rounded half up (+0.5 then
     * toward zero) and saturated, NaN to 0 (ijcl's rounding; CLIJ2 truncates).
     */
    static float[] scaledPlanes(ImagePlus src, float[] scalars, double max) {
        float[] in = pixels(src), out = new float[in.length];
        int plane = src.getWidth() * src.getHeight();
        for (int i = 0; i < in.length; i++) {
            float p = in[i] * scalars[Math.min(i / plane, scalars.length - 1)];
            if (max == 0) out[i] = p;
            else {
                float q = p + 0.5f;
                out[i] = Float.isNaN(q) || q < 0 ? 0 : (float) Math.min(max, Math.floor(q));
            }
        }
        return out;
    }

    @Test
    public void multiplyImageStackWithScalarsMultipliesEachPlaneByItsValue() {
        ImagePlus u16 = oddCrop("cancer_cell_migration_crop.tif", 2, 3, 0);
        ImagePlus u8 = oddCrop("beads_3d.tif", 11, 29, 17);
        ImageStack fs = new ImageStack(127, 93);
        for (int z = 1; z <= 7; z++) {
            ImageProcessor fp = u16.getStack().getProcessor(z).convertToFloat();
            fp.multiply(0.37);
            fs.addSlice(fp);
        }
        ImagePlus f32 = new ImagePlus("f32", fs);
        // shorter than the stack (planes 5, 6 use the last value), with a fraction, a negative and 0;
        // longer than the stack (the last values unused)
        float[] shortList = {1.5f, 0.3333f, -2f, 0f, 2.25f};
        float[] longList = {0.5f, 1f, 7.5f, 1e6f, 0.1f, 3f, 0.75f, 9f, 11f};
        Object[][] cases = {{u8, 255.0}, {u16, 65535.0}, {f32, 0.0}};
        for (Object[] t : cases) {
            ImagePlus src = (ImagePlus) t[0];
            Ijcl.push(src, "src");
            for (float[] list : new float[][] {shortList, longList}) {
                StringBuilder a = new StringBuilder();
                for (float v : list) a.append(a.length() == 0 ? "" : ", ").append((double) v);
                run("d = \"dst\";\nExt.CLIJ2_multiplyImageStackWithScalars(\"src\", d, newArray(" + a + "));");
                ImagePlus dst = Ijcl.pull("dst");
                assertEquals(src.getBitDepth(), dst.getBitDepth());
                assertEquals(7, dst.getStackSize());
                assertArrayEquals(src.getTitle() + " " + list.length, scaledPlanes(src, list, (Double) t[1]), pixels(dst), 0f);
            }
        }
        // the scalar list pushed for the call is released; bad arguments name the argument
        assertEquals(2, countImages());
        String[] bad = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n"
                + "d = \"d\";\nExt.CLIJ2_multiplyImageStackWithScalars(\"no such\", d, newArray(1, 2));");
        assertTrue(bad[1], bad[1].contains("argument 'source'"));
        bad = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n"
                + "d = \"d\";\nExt.CLIJ2_multiplyImageStackWithScalars(\"src\", d, newArray(1, \"x\"));");
        assertTrue(bad[1], bad[1].contains("argument 'scalars'"));
        bad = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n"
                + "d = \"d\";\nExt.CLIJ2_multiplyImageStackWithScalars(\"src\", d, newArray(0));");
        assertTrue(bad[1], bad[1].contains("argument 'scalars'"));
        assertEquals(2, countImages()); // src and dst only: nothing left behind by the refused calls
    }

    /** The number of GPU images (lines of reportMemory naming an image). */
    static int countImages() {
        int n = 0;
        for (String name : new String[] {"src", "dst"}) if (Ijcl.exists(name)) n++;
        String report = Ijcl.reportMemory();
        return report.contains("ijcl_scalar_list_") ? -1 : n;
    }
}
