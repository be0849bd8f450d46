package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import net.ijcl.Ijcl;
import net.ijcl.TestData;

import org.junit.Assume;
import org.junit.Test;

/**
 * The menu commands in a real ImageJ window (Xvfb) with the Recorder open: what the Recorder
 * writes, run again headless through RunMacro, gives exactly the images and numbers of the
 * direct run. The GUI side is {@link RecordInImageJ}, in its own JVM under {@code xvfb-run -a}
 * (not headless, not patched; this JVM is both); ImageJ finds the commands in the plugins.config
 * of a jar in its plugins folder, as in an installed ImageJ.
 */
public class RecorderXvfbTest {

    @Test
    public void recordedCommandsReplayHeadlessToTheSameResults() throws Exception {
        Assume.assumeTrue("no X server: xvfb-run is not installed (./ijcl installs the Debian package xvfb)",
                JvmProcess.onPath("xvfb-run"));
        File home = Files.createTempDirectory("ijcl-gui").toFile();
        installMenus(new File(home, "plugins"));
        File out = new File(home, "direct");
        String blobs = TestData.file("blobs.tif").getAbsolutePath();

        JvmProcess gui = JvmProcess.run(Arrays.asList("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"),
                Arrays.asList("-Djava.awt.headless=false", "-Duser.home=" + home, "-Dplugins.dir=" + home),
                RecordInImageJ.class, home, out.getPath(), blobs);
        Assume.assumeFalse("no X server: Xvfb failed to start\n" + gui, gui.stderr.contains("Xvfb failed to start"));
        assertEquals(gui.toString(), 0, gui.exitStatus);

        // ImageJ put the command where plugins.config says
        assertEquals("Plugins>ijcl>Filter>gaussianBlur2D (GPU)", read(new File(out, "menu.txt")));

        // the Recorder wrote one run() line per command, with the dialogs' values. Which
        // selectImage() lines the clicks add depends on window focus timing under Xvfb (ImageJ
        // records one only when the activated window was not already the current image), so
        // they are compared apart: the ones a replay needs must be there (the replay below
        // checks they suffice), a redundant one may be.
        String recorded = read(new File(out, "recorded.ijm"));
        StringBuilder runLines = new StringBuilder();
        for (String line : recorded.split("\n"))
            if (!line.startsWith("selectImage(")) runLines.append(line).append('\n');
        assertEquals(recorded, String.join("\n",
                "run(\"gaussianBlur2D (GPU)\", \"sigma_x=2.5 sigma_y=1.5 device=[]\");",
                "run(\"addImagesWeighted (GPU)\", \"summand2=blobs-gaussianBlur2D factor1=1 factor2=-0.5 device=[]\");",
                "run(\"flip2D (GPU)\", \"flip_y device=[]\");",
                "run(\"automaticThreshold (GPU)\", \"method=Otsu device=[]\");",
                "run(\"getSumOfAllPixels (GPU)\", \"device=[]\");", ""), runLines.toString());
        assertTrue(recorded, recorded.contains("selectImage(\"blobs.tif\");\nrun(\"addImagesWeighted"));
        assertTrue(recorded, recorded.contains("selectImage(\"blobs-gaussianBlur2D\");\nrun(\"automaticThreshold"));

        // replay: the image opened before recording, the recorded text, then save the results
        File replayed = new File(home, "replayed");
        assertTrue(replayed.mkdirs());
        StringBuilder macro = new StringBuilder("open(\"" + blobs + "\");\n").append(recorded);
        for (String title : RecordInImageJ.RESULTS)
            macro.append("selectImage(\"").append(title).append("\");\nsaveAs(\"Tiff\", \"")
                    .append(new File(replayed, title + ".tif").getPath()).append("\");\n");
        MacroProcess replay = MacroProcess.run(macro.toString(), null);
        assertEquals(replay.toString(), 0, replay.exitStatus);

        for (String title : RecordInImageJ.RESULTS)
            assertSamePixels(title, new File(out, title + ".tif"), new File(replayed, title + ".tif"));
        String sumLine = line(read(new File(out, "log.txt")), "getSumOfAllPixels(");
        assertNotNull(read(new File(out, "log.txt")), sumLine);
        assertEquals(replay.stdout, sumLine, line(replay.stdout, "getSumOfAllPixels("));

        // and the command computed what the operation computes when called directly
        File direct = blobsBlurredDirectly(new File(home, "api-gaussianBlur2D.tif"), 2.5, 1.5);
        assertSamePixels("gaussianBlur2D", direct, new File(out, "blobs-gaussianBlur2D.tif"));

        // GPU mode in the GUI: the menu toggle, ImageJ's Gaussian Blur... through its dialog ran on
        // the GPU (the report in the Log), was recorded under its own name, and equals ImageJ's blur
        String gpuRecorded = read(new File(out, "recorded-gpu-mode.ijm"));
        assertTrue(gpuRecorded, gpuRecorded.contains("run(\"Gaussian Blur...\""));
        assertTrue(gpuRecorded, !gpuRecorded.contains("Twin") && !gpuRecorded.contains("gpumode"));
        String gpuLog = read(new File(out, "log-gpu-mode.txt"));
        assertTrue(gpuLog, gpuLog.contains("gpu-mode: Gaussian Blur...\tGPU\t1"));
        ImagePlus imagej = TestData.open("blobs.tif");
        new ij.plugin.filter.GaussianBlur().blurGaussian(imagej.getProcessor(), 2, 2, 0.002);
        File expected = new File(home, "imagej-gaussian.tif");
        assertTrue(new FileSaver(imagej).saveAsTiff(expected.getPath()));
        assertSamePixels("Gaussian Blur... in GPU mode", expected, new File(out, "blobs-gpu-mode-gaussian.tif"));
    }

    /** A jar holding only the generated plugins.config: the classes come from the class path. */
    static void installMenus(File plugins) throws IOException {
        assertTrue(plugins.mkdirs());
        File config = new File(System.getProperty("ijcl.classes.dir", "target/classes"), "plugins.config");
        assertTrue("missing " + config, config.isFile());
        try (OutputStream file = Files.newOutputStream(new File(plugins, "ijcl_menus_.jar").toPath());
             JarOutputStream jar = new JarOutputStream(file)) {
            jar.putNextEntry(new JarEntry("plugins.config"));
            jar.write(Files.readAllBytes(config.toPath()));
            jar.closeEntry();
        }
    }

    /**
     * gaussianBlur2D of blobs.tif called directly through the Java API (Ijcl.execute), saved as a
     * TIFF file: what a command or recorded macro is compared with.
     */
    static File blobsBlurredDirectly(File file, double sigmaX, double sigmaY) {
        Ijcl.push(TestData.open("blobs.tif"), "direct_blobs");
        Ijcl.execute("gaussianBlur2D", "direct_blobs", "direct_blurred", sigmaX, sigmaY);
        assertTrue(new FileSaver(Ijcl.pull("direct_blurred")).saveAsTiff(file.getPath()));
        Ijcl.release("direct_blobs");
        Ijcl.release("direct_blurred");
        return file;
    }

    static void assertSamePixels(String what, File expectedFile, File actualFile) {
        ImagePlus expected = IJ.openImage(expectedFile.getPath()), actual = IJ.openImage(actualFile.getPath());
        assertNotNull(expectedFile.getPath(), expected);
        assertNotNull(actualFile.getPath(), actual);
        assertEquals(what + ": bit depth", expected.getBitDepth(), actual.getBitDepth());
        assertArrayEquals(what + ": size", expected.getDimensions(), actual.getDimensions());
        for (int z = 1; z <= expected.getStackSize(); z++) {
            Object e = expected.getStack().getPixels(z), a = actual.getStack().getPixels(z);
            if (e instanceof byte[]) assertArrayEquals(what, (byte[]) e, (byte[]) a);
            else if (e instanceof short[]) assertArrayEquals(what, (short[]) e, (short[]) a);
            else assertArrayEquals(what, (float[]) e, (float[]) a, 0f);
        }
    }

    static String read(File f) throws IOException {
        return new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
    }

    private static String line(String text, String start) {
        for (String l : text.split("\n")) if (l.startsWith(start)) return l.trim();
        return null;
    }
}
