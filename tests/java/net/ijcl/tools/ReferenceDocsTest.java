package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;

import org.junit.Test;

/**
 * docs/reference.md is generated from the native registry, and the build fails while the
 * committed file is stale. Oracles: the registry itself (every operation present with its
 * signature) and, for the formatting rules, a small registry text written out in this test with
 * the expected Markdown and example line worked out by hand.
 */
public class ReferenceDocsTest {
    static final File COMMITTED = new File("docs/reference.md");

    @Test
    public void committedReferenceMatchesTheRegistry() throws Exception {
        String generated = ReferenceDocs.generate(OpRegistry.get());
        assertTrue(COMMITTED + " is missing; generate it with " + ReferenceDocs.REGENERATE, COMMITTED.isFile());
        String committed = new String(Files.readAllBytes(COMMITTED.toPath()), StandardCharsets.UTF_8);
        if (!committed.equals(generated)) {
            String[] c = committed.split("\n", -1), g = generated.split("\n", -1);
            int line = 0;
            while (line < c.length && line < g.length && c[line].equals(g[line])) line++;
            String cl = line < c.length ? c[line] : "", gl = line < g.length ? g[line] : "";
            int col = 0;
            while (col < cl.length() && col < gl.length() && cl.charAt(col) == gl.charAt(col)) col++;
            throw new AssertionError(COMMITTED + " is stale: it no longer matches the operation registry. "
                    + "Regenerate it with " + ReferenceDocs.REGENERATE + " and commit it. (First difference: line "
                    + (line + 1) + ", column " + (col + 1) + ": committed \"" + excerpt(cl, col) + "\", generated \""
                    + excerpt(gl, col) + "\")");
        }
    }

    private static String excerpt(String line, int column) {
        int from = Math.max(0, column - 30), to = Math.min(line.length(), column + 50);
        return (from > 0 ? "..." : "") + line.substring(from, to) + (to < line.length() ? "..." : "");
    }

    @Test
    public void everyOperationIsDocumentedWithSignatureAndExample() {
        OpRegistry registry = OpRegistry.get();
        String text = ReferenceDocs.generate(registry);
        assertTrue(text.contains("\n" + registry.all().size() + " operations."));
        for (OpDescriptor op : registry.all()) {
            assertTrue(op.name, text.contains("\n### " + op.name + "\n\n`" + op.macroSignature() + "`\n"));
            assertTrue(op.name, text.contains("\n" + ReferenceDocs.example(op) + "\n"));
            assertTrue(op.name, text.contains("[" + op.name + "](#" + op.name.toLowerCase(java.util.Locale.ROOT) + ")"));
        }
    }

    @Test
    public void formatsParametersImageJEquivalentAndExampleFromTheRegistryRecords() {
        String t = "\t";
        String registryText = String.join("\n",
                "op" + t + "demoOp" + t + "Demo" + t + "Process > Demo... (exact)" + t + "1" + t + "Blurs a*b <x> [y](z) in [1, 2)",
                "param" + t + "source" + t + "image_in" + t + "" + t + "-inf" + t + "inf" + t + "0" + t + "" + t + "input | any type",
                "param" + t + "destination" + t + "image_out" + t + "" + t + "-inf" + t + "inf" + t + "0" + t + "" + t + "result",
                "param" + t + "sigma" + t + "number" + t + "2" + t + "0" + t + "inf" + t + "0" + t + "" + t + "standard deviation, in pixels",
                "param" + t + "radius" + t + "number" + t + "1" + t + "0" + t + "100" + t + "1" + t + "" + t + "half width along x, pixels",
                "param" + t + "angle" + t + "number" + t + "" + t + "-inf" + t + "360" + t + "0" + t + "" + t + "rotation in degrees",
                "param" + t + "fast" + t + "boolean" + t + "true" + t + "-inf" + t + "inf" + t + "0" + t + "" + t + "quick mode",
                "param" + t + "method" + t + "string" + t + "" + t + "-inf" + t + "inf" + t + "0" + t + "Otsu|Li" + t + "threshold method",
                "param" + t + "count" + t + "number_out" + t + "" + t + "-inf" + t + "inf" + t + "0" + t + "" + t + "number of pixels found",
                "clij2" + t + "Image input, ByRef Image destination, Number sigma, Number radius, Number angle, Boolean fast, String method"
                        + t + "oldDemo" + t + "Count",
                "end",
                "op" + t + "plainOp" + t + "Demo" + t + "" + t + "0" + t + "No parameters.",
                "end", "");
        OpRegistry registry = OpRegistry.parse(registryText);
        OpDescriptor demo = registry.find("demoOp");
        // defaults for values ("angle" has none and no lower bound: 0; "method" has none: its first
        // choice), variables named like the parameter for images and output numbers
        assertEquals("Ext.IJCL_demoOp(source, destination, 2, 1, 0, true, \"Otsu\", count);", ReferenceDocs.example(demo));

        String text = ReferenceDocs.generate(registry);
        assertTrue(text, text.contains("\n2 operations."));
        assertTrue(text, text.contains("- **Demo**: [demoOp](#demoop), [plainOp](#plainop)\n"));
        assertTrue(text, text.contains("\n### demoOp\n\n`Ext.IJCL_demoOp(source, destination, sigma, radius, angle, fast, method, count)`\n\n"
                + "CLIJ2: `Ext.CLIJ2_demoOp(input, destination, sigma, radius, angle, fast, method)`, deprecated alias "
                + "`Ext.CLIJ2_oldDemo` — CLIJ2 parameters: Image input, ByRef Image destination, Number sigma, Number radius, "
                + "Number angle, Boolean fast, String method. Its result goes to a new row of the Results table, column Count, "
                + "as in CLIJ2.\n\n"
                + "Blurs a\\*b &lt;x> [y\\](z) in [1, 2)\n\n"));
        assertTrue(text, text.contains("| `source` | image |  |  |  | input \\| any type |\n"));
        assertTrue(text, text.contains("| `destination` | image, output |  |  |  | result |\n"));
        assertTrue(text, text.contains("| `sigma` | number | pixels | 2 | >= 0 | standard deviation, in pixels |\n"));
        assertTrue(text, text.contains("| `radius` | whole number | pixels | 1 | 0 to 100 | half width along x, pixels |\n"));
        assertTrue(text, text.contains("| `angle` | number | degrees |  | <= 360 | rotation in degrees |\n"));
        assertTrue(text, text.contains("| `fast` | boolean |  | true |  | quick mode |\n"));
        assertTrue(text, text.contains("| `method` | text, one of Otsu, Li |  |  |  | threshold method |\n"));
        assertTrue("a count of pixels has no length unit\n" + text,
                text.contains("| `count` | number, output |  |  |  | number of pixels found |\n"));
        assertTrue(text, text.contains("Writes its table to ImageJ's Results table.\n\n**ImageJ equivalent:** Process > Demo... (exact)\n"));
        assertTrue(text, text.contains("\n### plainOp\n\n`Ext.IJCL_plainOp()`\n\nCLIJ2: none (CLIJ2 has no operation of this name).\n\nNo parameters.\n\n"
                + "**ImageJ equivalent:** none (no single ImageJ command computes this).\n\n```\nExt.IJCL_plainOp();\n```\n"));
    }
}
