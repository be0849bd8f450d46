package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.measure.Measurements;
import ij.measure.ResultsTable;
import ij.plugin.filter.GaussianBlur;
import ij.plugin.filter.ParticleAnalyzer;
import ij.process.ImageProcessor;

import net.ijcl.Ijcl;
import net.ijcl.TestData;

import org.junit.Test;

/**
 * The headless runner end to end: the real main class in a fresh JVM (as the launcher runs it).
 * Oracles: values computed in this JVM from the same image with plain Java / ImageJ's API, and
 * the device this JVM's ijcl session reports (both pick the same default device).
 */
public class RunMacroTest {

    /** A macro of tests/macros/. */
    static java.io.File macro(String name) {
        java.io.File f = new java.io.File(System.getProperty("ijcl.macros.dir", "tests/macros"), name);
        assertTrue("missing test macro " + f, f.isFile());
        return f;
    }

    @Test
    public void extFunctionsFromTheRegistryRunWithByRefOutputs() throws Exception {
        String blobs = TestData.file("blobs.tif").getPath();
        MacroProcess r = MacroProcess.runFile(macro("ext_functions.ijm"), blobs);
        assertEquals(r.toString(), 0, r.exitStatus);

        String copied = r.value("copied"), summed = r.value("summed");
        assertTrue(r.toString(), copied != null && copied.matches("copy_result\\d+"));
        assertTrue(r.toString(), summed != null && summed.matches("addImages_result\\d+"));
        // blobs (256 x 254 uint8) + its copy + the sum (uint8 like summand1): 3 x 65024 bytes
        assertEquals(r.toString(), "195072", r.value("bytes"));
        String[] device = Ijcl.deviceProperties(); // {name, global memory, OpenCL version, ...}
        assertEquals(device[0], r.value("gpu"));
        assertEquals(device[1], r.value("memory"));
        assertEquals(device[2], r.value("version"));
        // the memory report names every image and the total
        assertTrue(r.stdout, r.stdout.contains("blobs.tif") && r.stdout.contains(copied) && r.stdout.contains(summed));
        assertTrue(r.stdout, r.stdout.contains("195072"));
        assertEquals(summed, r.value("title"));

        // oracle: blobs + blobs, saturated at 255, averaged in double precision
        ImagePlus imp = TestData.open("blobs.tif");
        byte[] p = (byte[]) imp.getProcessor().getPixels();
        double sum = 0;
        for (byte b : p) sum += Math.min(2 * (b & 0xff), 255);
        assertEquals(sum / p.length, Double.parseDouble(r.value("mean")), 1e-9);
        assertEquals("the macro ran to its end", "1", r.value("done"));
    }

    @Test
    public void failingExtCallStopsTheMacroAndNamesFunctionAndArgument() throws Exception {
        MacroProcess r = MacroProcess.run(String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "print(\"before\");",
                "missing = \"not_on_gpu\";",
                "out = \"out\";",
                "Ext.IJCL_addImages(missing, missing, out);",
                "print(\"AFTER\");"), null);
        assertEquals(r.toString(), 1, r.exitStatus);
        assertTrue(r.toString(), r.stdout.contains("before"));
        assertFalse("the statement after the failing call must not run\n" + r, r.stdout.contains("AFTER"));
        assertTrue(r.toString(), r.stderr.contains(
                "IJCL_addImages: operation 'addImages', argument 'summand1': no image named 'not_on_gpu'"));
        assertTrue("line number reported\n" + r, r.stderr.contains("in line 5"));
    }

    @Test
    public void unknownCommandEndsTheRunWithNonZeroStatus() throws Exception {
        MacroProcess r = MacroProcess.run("print(\"before\");\nrun(\"No Such Command\");\nprint(\"AFTER\");", null);
        r.assertFailedBeforeAfter();
        assertTrue(r.toString(), r.stderr.contains("Unrecognized command: \"No Such Command\""));
    }

    @Test
    public void undefinedFunctionAndSyntaxErrorsEndTheRunWithNonZeroStatus() throws Exception {
        MacroProcess r = MacroProcess.run("print(\"before\");\nnoSuchFunction(3);\nprint(\"AFTER\");", null);
        r.assertFailedBeforeAfter();
        assertTrue(r.toString(), r.stderr.contains("Undefined identifier"));

        MacroProcess s = MacroProcess.run("x = ;\nprint(\"AFTER\");", null);
        s.assertFailedBeforeAfter();
    }

    @Test
    public void imagejCpuPipelineRunsHeadless() throws Exception {
        MacroProcess r = MacroProcess.runFile(macro("imagej_cpu_pipeline.ijm"), TestData.file("blobs.tif").getPath());
        assertEquals(r.toString(), 0, r.exitStatus);

        // oracle: the same steps through ImageJ's Java API in this JVM: the GaussianBlur command
        // blurs 8-bit images with accuracy 0.002; the macro's setAutoThreshold("Otsu dark") is
        // ImageProcessor.setAutoThreshold(String); Convert to Mask + Analyze Particles measure the
        // thresholded pixels, which the ParticleAnalyzer measures here directly.
        ImagePlus imp = TestData.open("blobs.tif");
        ImageProcessor ip = imp.getProcessor();
        new GaussianBlur().blurGaussian(ip, 2, 2, 0.002);
        ip.setAutoThreshold("Otsu dark");
        ResultsTable rt = new ResultsTable();
        ParticleAnalyzer pa = new ParticleAnalyzer(0, Measurements.AREA, rt, 0, Double.POSITIVE_INFINITY);
        pa.setHideOutputImage(true);
        assertTrue(pa.analyze(imp, ip));
        double area = 0;
        for (int i = 0; i < rt.size(); i++) area += rt.getValue("Area", i);

        assertEquals(r.toString(), Integer.toString(rt.size()), r.value("count"));
        assertEquals(r.toString(), Integer.toString(rt.size()), r.value("value"));
        assertEquals(r.toString(), String.format("%.0f", area), r.value("area"));
    }
}
