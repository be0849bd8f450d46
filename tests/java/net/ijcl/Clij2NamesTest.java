package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.macro.ExtensionDescriptor;
import ij.macro.MacroExtension;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.ijcl.tools.ListOps;
import org.junit.Test;

/**
 * The CLIJ2 dialect: {@code Ext.CLIJ2_*} names, CLIJ2's parameter kinds and order, CLIJ2's output
 * rules. Oracle: CLIJ2's own operation list ({@code clij2_operations.tsv} in ijcl.reference.dir:
 * name, family, categories, CLIJ2's parameter help text), read here with a plain split; argument
 * types worked out from that text by CLIJ2's rule (Image/String: text, Array: array, otherwise a
 * number; ByRef: output). Values: the IJCL_ twin of the same call on the same image.
 */
public class Clij2NamesTest extends HeadlessImageJTestBase {
    /** CLIJ2 name -> {family, parameter help text}, from the TSV. */
    static Map<String, String[]> tsv() throws IOException {
        String dir = System.getProperty("ijcl.reference.dir");
        assertNotNull("system property ijcl.reference.dir (the folder of clij2_operations.tsv) is not set", dir);
        File file = new File(dir, "clij2_operations.tsv");
        assertTrue("CLIJ2's operation list is missing: " + file, file.isFile());
        Map<String, String[]> rows = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        String[] header = lines.get(0).split("\t", -1);
        assertEquals("name", header[0]);
        assertEquals("parameters", header[3]);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            rows.put(f[0], new String[] {f[1], f[3], f[4]});
        }
        return rows;
    }

    /** "Image a,  ByRef Number b" -> "Image a, ByRef Number b". */
    static String normalize(String text) {
        List<String> parts = new ArrayList<>();
        for (String p : text.split(",")) if (!p.trim().isEmpty()) parts.add(p.trim().replaceAll("\\s+", " "));
        return String.join(", ", parts);
    }

    @Test
    public void everyClij2NameProvidedHasClij2sParameterText() throws IOException {
        Map<String, String[]> tsv = tsv();
        Map<String, String> provided = ListOps.lines(true);
        Map<String, int[]> perFamily = new TreeMap<>();
        for (Map.Entry<String, String> e : provided.entrySet()) {
            String[] row = tsv.get(e.getKey());
            assertNotNull("Ext.CLIJ2_" + e.getKey() + " is provided but CLIJ2 has no such operation", row);
            assertEquals("CLIJ2 parameters of " + e.getKey(), normalize(row[1]), normalize(e.getValue()));
        }
        for (Map.Entry<String, String[]> e : tsv.entrySet()) {
            int[] count = perFamily.computeIfAbsent(e.getValue()[0], k -> new int[2]);
            count[1]++;
            if (provided.containsKey(e.getKey())) count[0]++;
            // what ijcl had when the list was made must not disappear
            if (!"no".equals(e.getValue()[2]))
                assertTrue("Ext.CLIJ2_" + e.getKey() + " is no longer provided", provided.containsKey(e.getKey()));
        }
        for (Map.Entry<String, int[]> f : perFamily.entrySet())
            System.out.println("CLIJ2 " + f.getKey() + " family: " + f.getValue()[0] + " of " + f.getValue()[1] + " provided");
    }

    @Test
    public void clij2FunctionsHaveClij2ArgumentTypes() throws IOException {
        Map<String, String[]> tsv = tsv();
        Map<String, int[]> types = new LinkedHashMap<>();
        for (ExtensionDescriptor d : new IJCLMacroExtensions().getExtensionFunctions())
            if (d.name.startsWith("CLIJ2_") && !NotProvided.all().containsKey(d.name.substring(6)))
                types.put(d.name.substring(6), d.argTypes);
        assertEquals(ListOps.lines(true).keySet(), new java.util.TreeSet<>(types.keySet()));
        for (Map.Entry<String, int[]> e : types.entrySet()) {
            List<Integer> expected = new ArrayList<>();
            for (String part : tsv.get(e.getKey())[1].split(",")) {
                String[] w = part.trim().split("\\s+");
                if (w[0].isEmpty()) continue;
                boolean byRef = w[0].equals("ByRef");
                String kind = w[byRef ? 1 : 0];
                int t = kind.equals("Image") || kind.equals("String") ? MacroExtension.ARG_STRING
                        : kind.equals("Array") ? MacroExtension.ARG_ARRAY : MacroExtension.ARG_NUMBER;
                // ImageJ cannot pass an array back: a ByRef Array is an array argument (Clij2Signature)
                expected.add(byRef && t != MacroExtension.ARG_ARRAY ? t | MacroExtension.ARG_OUTPUT : t);
            }
            int[] want = expected.stream().mapToInt(Integer::intValue).toArray();
            assertArrayEquals("argument types of Ext.CLIJ2_" + e.getKey(), want, e.getValue());
        }
    }

    /**
     * A macro in CLIJ2's style (undefined output variables, CLIJ2 parameter order) gives the same
     * pixels and numbers as the IJCL_ calls; undefined outputs get CLIJ2-style generated names;
     * countNonZeroPixels adds a Results row "CountNonZero" as CLIJ2 does; getGPUProperties writes
     * the OpenCL version as a number.
     */
    /**
     * The functions left out on purpose are CLIJ2's (same parameter text as the TSV), not also
     * provided, and a call stops the macro with the reason rather than "Unrecognized Ext function".
     */
    @Test
    public void notProvidedFunctionsAreClij2sAndStopTheMacroWithTheReason() throws IOException {
        Map<String, String[]> tsv = tsv();
        Map<String, String> provided = ListOps.lines(true);
        for (Map.Entry<String, String[]> e : NotProvided.all().entrySet()) {
            assertTrue(e.getKey() + " is not in the TSV", tsv.containsKey(e.getKey()));
            assertEquals(e.getKey(), tsv.get(e.getKey())[1].replaceAll("\\s+", " ").trim(), e.getValue()[0]);
            assertFalse(e.getKey() + " is provided and listed as not provided", provided.containsKey(e.getKey()));
        }
        String[] r = MacroExtensionsTest.runMacro("run(\"IJCL Macro Extensions\", \"device=[]\");\n"
                + "Ext.CLIJ2_customOperation(\"\", \"\", newArray(\"a\"));\nprint(\"went on\");\n");
        assertEquals(r[2], "1", r[0]);
        assertTrue(r[1], r[1].contains("customOperation is not provided by ijcl") && r[1].contains("raw pointers"));
        assertFalse(r[2], r[2].contains("went on"));
    }

    @Test
    public void aClij2StyleMacroRunsAndEqualsTheIjclCalls() {
        String blobs = new File(System.getProperty("ijcl.data.dir"), "blobs.tif").getPath();
        String macro = "open(\"" + blobs.replace("\\", "/") + "\");\n"
                + "input = getTitle();\n"
                + "run(\"IJCL Macro Extensions\", \"device=[]\");\n"
                + "Ext.CLIJ2_push(input);\n"
                + "Ext.CLIJ2_gaussianBlur2D(input, blurred, 2, 3);\n"
                + "Ext.CLIJ2_median2DSphere(blurred, median, 2, 2);\n"
                + "Ext.CLIJ2_threshold(median, binary, 128);\n"
                + "Ext.CLIJ2_countNonZeroPixels(binary);\n"
                + "clij2Count = getResult(\"CountNonZero\", nResults - 1);\n"
                + "Ext.CLIJ2_getSumOfAllPixels(median, clij2Sum);\n"
                + "ref1 = \"\"; ref2 = \"\"; ref3 = \"\";\n"
                + "Ext.IJCL_gaussianBlur2D(input, ref1, 2, 3);\n"
                + "Ext.IJCL_median2DSphere(ref1, ref2, 2, 2);\n"
                + "Ext.IJCL_threshold(ref2, ref3, 128);\n"
                + "Ext.IJCL_countNonZeroPixels(ref3, ijclCount);\n"
                + "Ext.IJCL_getSumOfAllPixels(ref2, ijclSum);\n"
                + "Ext.CLIJ2_getGPUProperties(gpu, memory, version);\n"
                + "print(\"blurred=\" + blurred);\n"
                + "print(\"binary=\" + binary);\n"
                + "print(\"median=\" + median);\n"
                + "print(\"ref2=\" + ref2);\n"
                + "print(\"ref3=\" + ref3);\n"
                + "print(\"counts=\" + clij2Count + \" \" + ijclCount);\n"
                + "print(\"sums=\" + clij2Sum + \" \" + ijclSum);\n"
                + "print(\"version=\" + version + \" isNumber=\" + (\"\" + parseFloat(\"\" + version) == \"\" + version));\n";
        String[] r = MacroExtensionsTest.runMacro(macro);
        assertEquals(r[1] + "\n" + r[2], "0", r[0]);
        String out = r[2];
        assertTrue(out, MacroExtensionsTest.value(out, "blurred").startsWith("CLIJ2_gaussianBlur2D_result"));
        assertTrue(out, MacroExtensionsTest.value(out, "binary").startsWith("CLIJ2_threshold_result"));
        String[] counts = MacroExtensionsTest.value(out, "counts").split(" ");
        assertEquals(out, counts[1], counts[0]);
        assertTrue(out, Double.parseDouble(counts[0]) > 0);
        String[] sums = MacroExtensionsTest.value(out, "sums").split(" ");
        assertEquals(out, sums[1], sums[0]);
        assertTrue(out, MacroExtensionsTest.value(out, "version").endsWith("isNumber=1"));
        // the pixels: the CLIJ2-named chain equals the IJCL-named chain bit for bit
        for (String[] pair : new String[][] {{"median", "ref2"}, {"binary", "ref3"}}) {
            Object a = Ijcl.pull(MacroExtensionsTest.value(out, pair[0])).getProcessor().getPixels();
            Object b = Ijcl.pull(MacroExtensionsTest.value(out, pair[1])).getProcessor().getPixels();
            assertEquals(a.getClass(), b.getClass());
            if (a instanceof byte[]) assertArrayEquals(pair[0], (byte[]) b, (byte[]) a);
            else if (a instanceof short[]) assertArrayEquals(pair[0], (short[]) b, (short[]) a);
            else assertArrayEquals(pair[0], (float[]) b, (float[]) a, 0f);
        }
    }
}
