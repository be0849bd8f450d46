package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.macro.ExtensionDescriptor;
import ij.macro.MacroExtension;
import ij.measure.ResultsTable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import net.ijcl.tools.HeadlessMacro;

import org.junit.Test;

/**
 * The macro extensions in this JVM (ImageJ patched headless as RunMacro does it): functions
 * generated from the registry, ByRef outputs, errors, device selection, the Results table.
 * Oracles: the registry text read with a plain split (not OpRegistry), and values computed from
 * the same images in plain Java.
 */
public class MacroExtensionsTest extends HeadlessImageJTestBase {
    /** The fixed functions the plugin documents, besides one per registry operation. */
    static final List<String> FIXED = Arrays.asList("IJCL_push", "IJCL_pull", "IJCL_release", "IJCL_clear",
            "IJCL_reportMemory", "IJCL_getMemoryInUse", "IJCL_getGPUProperties", "IJCL_listDevices", "IJCL_help",
            // CLIJ2's data-family functions that run in Java (HostDataFunctions)
            "IJCL_pushCurrentZStack", "IJCL_pushCurrentSlice", "IJCL_pushCurrentSelection", "IJCL_pushCurrentSliceSelection",
            "IJCL_pushArray", "IJCL_pushArray2D", "IJCL_saveAsTIF", "IJCL_print", "IJCL_getSize", "IJCL_GPUProperties", "IJCL_pullBinary",
            "IJCL_listAvailableGPUs", "IJCL_clInfo", "IJCL_pushResultsTable", "IJCL_resultsTableToImage2D",
            "IJCL_pushResultsTableColumn", "IJCL_resultsTableColumnToImage", "IJCL_image2DToResultsTable",
            "IJCL_pullToResultsTableColumn", "IJCL_startTimeTracing", "IJCL_stopTimeTracing", "IJCL_getTimeTracing",
            // and CLIJ2's transfer functions that run in Java (HostTransferFunctions)
            "IJCL_pushAs", "IJCL_pushString", "IJCL_pullString", "IJCL_pushTile", "IJCL_pullTile",
            "IJCL_pullToCurrentSlice", "IJCL_pullToCurrentSliceSelection", "IJCL_pullAsROI", "IJCL_pull2DPointListAsRoi",
            // the label-point functions that run in Java (HostTransferFunctions)
            "IJCL_pullToResultsTable", "IJCL_pullLabelsToROIList", "IJCL_pullLabelsToROIManager", "IJCL_pullToROIManager",
            // hyperstacks and time-lapses (Hyperstacks, FrameStreamer)
            "IJCL_pushChannelFrame", "IJCL_pushFrames", "IJCL_pushChannels", "IJCL_streamFrame", "IJCL_getStreamStatistics",
            "IJCL_pullToHyperstack",
            "IJCL_generateParametricImageFromResultsTableColumn",
            "IJCL_multiplyImageStackWithScalars");

    /** Operation name -> its parameters' kind names, read from the raw registry text. */
    static Map<String, List<String>> rawRegistry() {
        NativeLoader.load();
        Map<String, List<String>> ops = new LinkedHashMap<>();
        String current = null;
        for (String line : NativeBridge.registry().split("\n")) {
            String[] f = line.split("\t");
            if (f[0].equals("op")) ops.put(current = f[1], new ArrayList<>());
            else if (f[0].equals("param")) ops.get(current).add(f[1] + ":" + f[2]);
        }
        return ops;
    }

    /** Runs macro text in this thread; returns {status, error, stdout}. */
    static String[] runMacro(String macro) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HeadlessMacro.Outcome outcome;
        try (PrintStream capture = new PrintStream(bytes, true, "UTF-8")) {
            System.setOut(capture);
            outcome = HeadlessMacro.run(macro, "");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new AssertionError(e);
        } finally {
            System.setOut(saved);
        }
        return new String[] {Integer.toString(outcome.status), outcome.error, new String(bytes.toByteArray(), StandardCharsets.UTF_8)};
    }

    static String value(String stdout, String key) {
        for (String line : stdout.split("\n"))
            if (line.startsWith(key + "=")) return line.substring(key.length() + 1).trim();
        return null;
    }

    @Test
    public void imagejIsPatchedForHeadlessUse() throws Exception {
        // ij1-patcher adds IJ._hooks; without it GenericDialog would throw HeadlessException here
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
        ij.IJ.class.getField("_hooks");
    }

    @Test
    public void everyRegistryOperationHasAnExtFunctionWithMatchingArguments() {
        Map<String, List<String>> raw = rawRegistry();
        assertFalse("the registry lists operations", raw.isEmpty());
        ExtensionDescriptor[] functions = new IJCLMacroExtensions().getExtensionFunctions();

        TreeSet<String> expected = new TreeSet<>(FIXED);
        for (String op : raw.keySet()) expected.add("IJCL_" + op);
        TreeSet<String> actual = new TreeSet<>();
        for (ExtensionDescriptor d : functions) assertTrue("duplicate " + d.name, actual.add(d.name));
        actual.removeIf(name -> name.startsWith("CLIJ2_")); // Clij2NamesTest checks those
        assertEquals(expected, actual);

        // argument types follow the parameter kinds, in order
        Map<String, Integer> typeOf = new LinkedHashMap<>();
        typeOf.put("image_in", MacroExtension.ARG_STRING);
        typeOf.put("image_inout", MacroExtension.ARG_STRING); // written in place, but a plain text argument
        typeOf.put("string", MacroExtension.ARG_STRING);
        typeOf.put("image_out", MacroExtension.ARG_STRING | MacroExtension.ARG_OUTPUT);
        typeOf.put("number", MacroExtension.ARG_NUMBER);
        typeOf.put("boolean", MacroExtension.ARG_NUMBER);
        typeOf.put("number_out", MacroExtension.ARG_NUMBER | MacroExtension.ARG_OUTPUT);
        for (ExtensionDescriptor d : functions) {
            List<String> params = raw.get(d.name.substring("IJCL_".length()));
            if (params == null) continue; // a fixed function
            int[] types = new int[params.size()];
            for (int i = 0; i < types.length; i++) types[i] = typeOf.get(params.get(i).split(":")[1]);
            assertArrayEquals(d.name, types, d.argTypes);
        }
    }

    @Test
    public void helpShowsSignaturesFromTheRegistry() {
        List<String> params = rawRegistry().get("addImages");
        StringBuilder signature = new StringBuilder("Ext.IJCL_addImages(");
        for (int i = 0; i < params.size(); i++) signature.append(i == 0 ? "" : ", ").append(params.get(i).split(":")[0]);
        signature.append(')');
        String[] r = runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\nExt.IJCL_help(\"addImages\");\nExt.IJCL_listDevices();");
        assertEquals(r[1], "0", r[0]);
        assertTrue(r[2], r[2].contains(signature.toString()));
        for (String device : Ijcl.listDevices()) assertTrue(r[2], r[2].contains(device));
    }

    @Test
    public void pushingATitleThatIsNotOpenStopsTheMacro() {
        String[] r = runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\nExt.IJCL_push(\"no such title\");\nprint(\"AFTER\");");
        assertEquals("1", r[0]);
        assertEquals("IJCL_push: argument 'image': no image titled 'no such title' is open", r[1]);
        assertFalse(r[2], r[2].contains("AFTER"));
    }

    @Test
    public void wrongArgumentValueNamesFunctionAndArgument() {
        String[] r = runMacro(String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "newImage(\"small\", \"8-bit ramp\", 8, 8, 1);",
                "Ext.IJCL_push(\"small\");",
                "out = \"out\";",
                "Ext.IJCL_addImages(\"small\", \"missing\", out);",
                "print(\"AFTER\");"));
        assertEquals("1", r[0]);
        assertTrue(r[1], r[1].startsWith("IJCL_addImages: operation 'addImages', argument 'summand2': no image named 'missing'"));
        assertFalse(r[2], r[2].contains("AFTER"));
    }

    @Test
    public void outputNumbersAndNamesAreWrittenBack() {
        String[] r = runMacro(String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "open(\"" + TestData.file("blobs.tif").getPath() + "\");",
                "Ext.IJCL_push(getTitle());",
                "Ext.IJCL_getMaximumOfAllPixels(getTitle(), max);",
                "Ext.IJCL_getSumOfAllPixels(getTitle(), sum);",
                "Ext.IJCL_countNonZeroPixels(getTitle(), nonzero);",
                "a = \"\"; b = \"\";",
                "Ext.IJCL_copy(getTitle(), a);",
                "Ext.IJCL_copy(getTitle(), b);",
                "print(\"max=\" + max);",
                "print(\"sum=\" + d2s(sum, 0));",
                "print(\"nonzero=\" + nonzero);",
                "print(\"a=\" + a);",
                "print(\"b=\" + b);",
                "Ext.IJCL_getMemoryInUse(bytes);",
                "print(\"bytes=\" + bytes);"));
        assertEquals(r[1], "0", r[0]);
        byte[] p = (byte[]) TestData.open("blobs.tif").getProcessor().getPixels();
        int max = 0, nonzero = 0;
        long sum = 0;
        for (byte b : p) {
            int v = b & 0xff;
            max = Math.max(max, v);
            sum += v;
            if (v != 0) nonzero++;
        }
        assertEquals(r[2], max, Double.parseDouble(value(r[2], "max")), 0);
        assertEquals(r[2], Long.toString(sum), value(r[2], "sum"));
        assertEquals(r[2], nonzero, Double.parseDouble(value(r[2], "nonzero")), 0);
        String a = value(r[2], "a"), b = value(r[2], "b");
        assertTrue(r[2], a.matches("copy_result\\d+") && b.matches("copy_result\\d+") && !a.equals(b));
        assertTrue(Ijcl.exists(a) && Ijcl.exists(b));
        assertEquals(3.0 * 256 * 254, Double.parseDouble(value(r[2], "bytes")), 0); // three uint8 images
    }

    @Test
    public void selectingTheCurrentDeviceAgainKeepsImages() {
        ImagePlus blobs = TestData.open("blobs.tif");
        Ijcl.push(blobs, "kept");
        String current = Ijcl.deviceName();
        String part = current.substring(0, Math.min(6, current.length())).toUpperCase(); // case-insensitive match
        String[] r = runMacro("run(\"IJCL Macro Extensions\", \"device=[" + part + "]\");\nrun(\"IJCL Macro Extensions\", \"device=[]\");");
        assertEquals(r[1], "0", r[0]);
        assertTrue("no re-selection, so the image is still there", Ijcl.exists("kept"));
        assertEquals(current, Ijcl.deviceName());

        String[] bad = runMacro("run(\"IJCL Macro Extensions\", \"device=[no such device 42]\");\nprint(\"AFTER\");");
        assertEquals("1", bad[0]);
        assertTrue(bad[1], bad[1].startsWith("IJCL Macro Extensions: ") && bad[1].contains("no such device 42"));
        assertFalse(bad[2], bad[2].contains("AFTER"));
        assertTrue("a failed selection keeps the session", Ijcl.exists("kept"));
    }

    @Test
    public void tablesReplaceTheResultsTable() {
        // columns x rows, column-major, as the native bridge returns them
        ResultsTable table = Ijcl.toTable(new String[] {"LABEL", "SUM"}, new double[] {1, 2, 3, 10.5, 20.25, -1});
        ResultsTable results = ResultsTable.getResultsTable();
        results.reset();
        results.incrementCounter();
        results.addValue("Old", 99); // replaced, not appended to
        IJCLMacroExtensions.showAsResults(table);
        assertEquals(3, results.size());
        assertEquals(-1, results.getColumnIndex("Old"));
        assertArrayEquals(new double[] {1, 2, 3}, results.getColumnAsDoubles(results.getColumnIndex("LABEL")), 0);
        assertArrayEquals(new double[] {10.5, 20.25, -1}, results.getColumnAsDoubles(results.getColumnIndex("SUM")), 0);
    }

    @Test
    public void tableOperationsFillTheResultsTableInMacros() {
        // labels 1..3 in a 4 x 2 label image, and an intensity image; whatever the statistics,
        // the macro's Results table must equal the table the Java API returns for the same call
        NativeLoader.load();
        NativeBridge.create("labels", 4, 2, 1, 3, 2);
        NativeBridge.writePlane("labels", 0, new int[] {1, 1, 2, 0, 3, 3, 3, 0});
        ImagePlus ramp = ij.IJ.createImage("ramp", "8-bit ramp", 4, 2, 1);
        Ijcl.push(ramp, "ramp");
        ResultsTable expected = Ijcl.execute("statisticsOfLabelledPixels", "ramp", "labels").table;
        String[] r = runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n"
                + "Ext.IJCL_statisticsOfLabelledPixels(\"ramp\", \"labels\");\nprint(\"rows=\" + nResults);");
        assertEquals(r[1], "0", r[0]);
        assertTrue(expected.size() > 0);
        assertEquals(Integer.toString(expected.size()), value(r[2], "rows"));
        ResultsTable results = ResultsTable.getResultsTable();
        for (String h : expected.getHeadings())
            if (expected.getColumnIndex(h) >= 0)
                assertArrayEquals(h, expected.getColumnAsDoubles(expected.getColumnIndex(h)),
                        results.getColumnAsDoubles(results.getColumnIndex(h)), 0);
    }
}
