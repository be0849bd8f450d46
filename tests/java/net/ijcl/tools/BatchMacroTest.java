package net.ijcl.tools;

import static net.ijcl.tools.RecorderXvfbTest.assertSamePixels;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.plugin.filter.GaussianBlur;
import ij.process.ImageProcessor;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import net.ijcl.Ijcl;
import net.ijcl.TestData;

import org.junit.Test;

/**
 * {@code BatchMacro} (./ijcl batch) end to end in a fresh JVM, on a folder of copies of real
 * images plus a broken image file and a text file: a recorded-style macro runs on each image in
 * one JVM; results are checked against the operation called directly and ImageJ's own Gaussian
 * blur; the broken file is reported and sets the exit status; the input folder is byte for byte
 * unchanged; output folders that could overwrite inputs are refused.
 */
public class BatchMacroTest {
    private static final String MACRO = String.join("\n",
            "count = call(\"java.lang.System.getProperty\", \"batch.test.count\");",
            "if (count == \"\") count = \"0\";",
            "count = \"\" + (parseInt(count) + 1);",
            "call(\"java.lang.System.setProperty\", \"batch.test.count\", count);",
            "args = split(getArgument(), \"|\");",
            "print(\"file \" + count + \" \" + File.getName(args[0]) + \" -> \" + args[1]);",
            "run(\"gaussianBlur2D (GPU)\", \"sigma_x=2 sigma_y=2 device=[]\");",
            "run(\"Set Measurements...\", \"mean redirect=None decimal=6\");",
            "run(\"Measure\");", "");

    @Test
    public void runsEveryImageInOneJvmReportsTheBrokenOneAndLeavesInputsAlone() throws Exception {
        File root = Files.createTempDirectory("ijcl-batch").toFile();
        File in = new File(root, "in"), out = new File(root, "out");
        assertTrue(in.mkdirs());
        Files.copy(TestData.file("blobs.tif").toPath(), new File(in, "blobs.tif").toPath());
        Files.copy(TestData.file("Lund_MAX_001300.tif").toPath(), new File(in, "Lund_MAX_001300.tif").toPath());
        Files.write(new File(in, "broken.tif").toPath(), "not a TIFF at all\n".getBytes(StandardCharsets.UTF_8));
        Files.write(new File(in, "notes.txt").toPath(), "not an image\n".getBytes(StandardCharsets.UTF_8));
        File macro = new File(root, "blur.ijm");
        Files.write(macro.toPath(), MACRO.getBytes(StandardCharsets.UTF_8));
        Map<String, String> before = checksums(in);

        JvmProcess p = batch(macro, in, out);

        assertEquals("a file failed\n" + p, 1, p.exitStatus);
        assertEquals("the input folder is unchanged", before, checksums(in));
        // one JVM: the counter the macro keeps in a system property goes on across files
        assertTrue(p.toString(), p.stdout.contains("file 1 Lund_MAX_001300.tif -> " + out.getCanonicalPath() + "\n"));
        assertTrue(p.toString(), p.stdout.contains("file 2 blobs.tif -> " + out.getCanonicalPath() + "\n"));
        assertTrue(p.toString(), p.stderr.contains("[1/3] Lund_MAX_001300.tif: ok ("));
        assertTrue(p.toString(), p.stderr.contains("[2/3] blobs.tif: ok ("));
        assertTrue(p.toString(), p.stderr.contains("[3/3] broken.tif: FAILED ("));
        assertTrue(p.toString(), p.stderr.contains("2 of 3 files done"));
        assertTrue(p.toString(), p.stderr.contains("1 failed:\n  broken.tif: ImageJ cannot open it"));
        assertFalse("notes.txt is not an image: skipped\n" + p, p.stderr.contains("notes.txt"));

        List<String> written = Arrays.asList(out.list());
        Collections.sort(written);
        assertEquals(Arrays.asList("Lund_MAX_001300.csv", "Lund_MAX_001300.tif", "blobs.csv", "blobs.tif"), written);
        for (String name : new String[] {"blobs", "Lund_MAX_001300"}) {
            ImagePlus input = TestData.open(name + ".tif");
            File result = new File(out, name + ".tif");
            // the operation called directly in this JVM
            Ijcl.push(input, "batch_in");
            Ijcl.execute("gaussianBlur2D", "batch_in", "batch_out", 2.0, 2.0);
            File direct = new File(root, name + "-direct.tif");
            assertTrue(new FileSaver(Ijcl.pull("batch_out")).saveAsTiff(direct.getPath()));
            Ijcl.release("batch_in");
            Ijcl.release("batch_out");
            assertSamePixels(name, direct, result);
            // ImageJ's GaussianBlur (sigma 2, its accuracy for the type): within 1 grey level
            ImageProcessor ij = input.getProcessor().duplicate();
            new GaussianBlur().blurGaussian(ij, 2, 2, input.getBitDepth() == 8 ? 0.002 : 0.0002);
            ImageProcessor got = IJ.openImage(result.getPath()).getProcessor();
            for (int i = 0; i < ij.getPixelCount(); i++)
                assertTrue(name + " pixel " + i, Math.abs(ij.getf(i) - got.getf(i)) <= 1);
            // the Results table of the macro's Measure: the mean of the blurred image
            ResultsTable rt = ResultsTable.open(new File(out, name + ".csv").getPath());
            assertEquals(1, rt.size());
            assertEquals(mean(got), rt.getValue("Mean", 0), 1e-6);
        }
    }

    @Test
    public void outputFoldersThatCouldOverwriteInputsAreRefused() throws Exception {
        File root = Files.createTempDirectory("ijcl-batch").toFile();
        File in = new File(root, "in");
        assertTrue(in.mkdirs());
        Files.copy(TestData.file("blobs.tif").toPath(), new File(in, "blobs.tif").toPath());
        File macro = new File(root, "blur.ijm");
        Files.write(macro.toPath(), MACRO.getBytes(StandardCharsets.UTF_8));
        Map<String, String> before = checksums(in);

        JvmProcess same = batch(macro, in, in);
        assertEquals(same.toString(), 2, same.exitStatus);
        assertTrue(same.toString(), same.stderr.contains("the output folder is the input folder"));

        JvmProcess inside = batch(macro, in, new File(in, "results"));
        assertEquals(inside.toString(), 2, inside.exitStatus);
        assertTrue(inside.toString(), inside.stderr.contains("is inside the input folder"));

        JvmProcess around = batch(macro, in, root);
        assertEquals(around.toString(), 2, around.exitStatus);
        assertTrue(around.toString(), around.stderr.contains("is inside the output folder"));

        assertEquals("nothing was written", before, checksums(in));
        assertFalse(same.toString(), same.stdout.contains("file 1"));
    }

    private static JvmProcess batch(File macro, File in, File out) throws Exception {
        return JvmProcess.run(Collections.<String>emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, macro.getPath(), in.getPath(), out.getPath());
    }

    /** SHA-256 of every file under a folder, by relative path. */
    static Map<String, String> checksums(File dir) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (File f : Files.walk(dir.toPath()).map(java.nio.file.Path::toFile).toArray(File[]::new)) {
            if (!f.isFile()) {
                out.put(dir.toPath().relativize(f.toPath()) + "/", "folder");
                continue;
            }
            StringBuilder hex = new StringBuilder();
            for (byte b : MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f.toPath())))
                hex.append(String.format("%02x", b));
            out.put(dir.toPath().relativize(f.toPath()).toString(), hex.toString());
        }
        return out;
    }

    private static double mean(ImageProcessor ip) {
        double sum = 0;
        for (int i = 0; i < ip.getPixelCount(); i++) sum += ip.getf(i);
        return sum / ip.getPixelCount();
    }
}
