package net.ijcl.tools;

import static net.ijcl.tools.RecorderXvfbTest.assertSamePixels;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;

import java.io.File;
import java.nio.file.Files;

import net.ijcl.TestData;

import org.junit.Test;

/**
 * The menu commands headless (ij1-patcher, through the real RunMacro main class in a fresh JVM),
 * called the way the Recorder writes them: {@code run("NAME (GPU)", "key=value ... device=[]")}.
 * Oracles: the same operation called directly through the Java API in this JVM, ImageJ's own
 * command in the same macro, and sums worked out here in plain Java.
 */
public class MenuCommandsTest {

    @Test
    public void recordedGaussianLineGivesTheDirectGpuResultAndImageJsBlur() throws Exception {
        File dir = Files.createTempDirectory("ijcl-menu").toFile();
        String blobs = TestData.file("blobs.tif").getPath();
        File gpu = new File(dir, "gpu.tif"), cpu = new File(dir, "cpu.tif");
        MacroProcess r = MacroProcess.run(String.join("\n",
                "open(\"" + blobs + "\");",
                "run(\"gaussianBlur2D (GPU)\", \"sigma_x=2 sigma_y=2 device=[]\");",
                "print(\"title=\" + getTitle());",
                "saveAs(\"Tiff\", \"" + gpu + "\");",
                "selectImage(\"blobs.tif\");",
                "run(\"Duplicate...\", \"title=cpu\");",
                "run(\"Gaussian Blur...\", \"sigma=2\");",
                "saveAs(\"Tiff\", \"" + cpu + "\");",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "Ext.IJCL_getMemoryInUse(bytes);",
                "print(\"bytes=\" + bytes);"), null);
        assertEquals(r.toString(), 0, r.exitStatus);
        assertEquals(r.toString(), "blobs-gaussianBlur2D", r.value("title"));
        assertEquals("the command releases its GPU images\n" + r, "0", r.value("bytes"));

        // the operation called directly
        File direct = RecorderXvfbTest.blobsBlurredDirectly(new File(dir, "direct.tif"), 2.0, 2.0);
        assertSamePixels("command vs direct call", direct, gpu);

        // ImageJ's Process > Filters > Gaussian Blur... (sigma 2) in the same headless run: the
        // registry documents it as equal; GaussianImageJTest checks that in detail, here the
        // command path is checked to within 1 grey level
        byte[] a = (byte[]) IJ.openImage(gpu.getPath()).getProcessor().getPixels();
        byte[] b = (byte[]) IJ.openImage(cpu.getPath()).getProcessor().getPixels();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++)
            assertTrue("pixel " + i + ": " + (a[i] & 0xff) + " vs ImageJ " + (b[i] & 0xff), Math.abs((a[i] & 0xff) - (b[i] & 0xff)) <= 1);
    }

    @Test
    public void secondImageChoiceNumbersToTheLogAndTablesToResults() throws Exception {
        File dir = Files.createTempDirectory("ijcl-menu").toFile();
        File sum = new File(dir, "sum.tif");
        MacroProcess r = MacroProcess.run(String.join("\n",
                "open(\"" + TestData.file("blobs.tif").getPath() + "\");",
                "run(\"addImages (GPU)\", \"summand2=blobs.tif device=[]\");",
                "saveAs(\"Tiff\", \"" + sum + "\");  // renames the image sum.tif",
                "run(\"getSumOfAllPixels (GPU)\", \"device=[]\");",
                "selectImage(\"blobs.tif\");",
                "run(\"threshold (GPU)\", \"threshold=128 device=[]\");",
                "run(\"connectedComponentsLabelingBox (GPU)\", \"device=[]\");",
                "labels = getTitle();",
                "getStatistics(area, mean, min, max);",
                "print(\"labels=\" + labels);",
                "print(\"bits=\" + bitDepth());",
                "print(\"maxlabel=\" + max);",
                "selectImage(\"blobs.tif\");",
                "run(\"statisticsOfLabelledPixels (GPU)\", \"labelmap=[\" + labels + \"] device=[]\");",
                "print(\"rows=\" + nResults);"), null);
        assertEquals(r.toString(), 0, r.exitStatus);

        // blobs + blobs, saturated at 255 (uint8 like summand1), and its sum, in plain Java
        ImagePlus blobs = TestData.open("blobs.tif");
        byte[] p = (byte[]) blobs.getProcessor().getPixels();
        byte[] got = (byte[]) IJ.openImage(sum.getPath()).getProcessor().getPixels();
        long total = 0;
        for (int i = 0; i < p.length; i++) {
            int expected = Math.min(2 * (p[i] & 0xff), 255);
            assertEquals("pixel " + i, expected, got[i] & 0xff);
            total += expected;
        }
        assertTrue(r.stdout, r.stdout.contains("getSumOfAllPixels(sum.tif): sum=" + total + "\n"));

        assertEquals(r.toString(), "blobs-threshold-connectedComponentsLabelingBox", r.value("labels"));
        assertEquals("labels pulled as 16-bit", "16", r.value("bits"));
        int objects = Integer.parseInt(r.value("maxlabel"));
        assertTrue(r.toString(), objects > 10);
        assertEquals("one Results row per label", Integer.toString(objects), r.value("rows"));
    }

    @Test
    public void failingCommandStopsTheMacroWithItsReason() throws Exception {
        MacroProcess r = MacroProcess.run(String.join("\n",
                "open(\"" + TestData.file("blobs.tif").getPath() + "\");",
                "print(\"before\");",
                "run(\"automaticThreshold (GPU)\", \"method=Otsux device=[]\");",
                "print(\"AFTER\");"), null);
        assertEquals(r.toString(), 1, r.exitStatus);
        assertTrue(r.toString(), r.stdout.contains("before"));
        assertFalse(r.toString(), r.stdout.contains("AFTER"));
        assertTrue(r.toString(), r.stderr.contains("automaticThreshold (GPU): operation 'automaticThreshold', "
                + "argument 'method': 'Otsux' is not one of"));
        assertTrue(r.toString(), r.stderr.contains("in line 3"));

        MacroProcess s = MacroProcess.run(String.join("\n",
                "open(\"" + TestData.file("blobs.tif").getPath() + "\");",
                "run(\"copy (GPU)\");",
                "print(\"AFTER\");"), null);
        s.assertFailedBeforeAfter();
        assertTrue(s.toString(), s.stderr.contains("headless, a command needs its options, e.g. run(\"copy (GPU)\", \"device=[]\")"));
    }

    @Test
    public void noImageIsAnErrorNotACrash() throws Exception {
        MacroProcess r = MacroProcess.run("run(\"copy (GPU)\", \"device=[]\");\nprint(\"AFTER\");", null);
        r.assertFailedBeforeAfter();
        assertNotNull(r.stderr);
    }
}
