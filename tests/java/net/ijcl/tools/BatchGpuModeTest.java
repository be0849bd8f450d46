package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import net.ijcl.TestData;
import org.junit.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collections;

/**
 * {@code ./ijcl batch --gpu}: a recorded macro of standard commands over a folder of real images
 * (8-bit blobs, 16-bit Lund) gives byte-identical result files with and without GPU mode, and the
 * GPU-mode run ends with the report, every filter command on the GPU.
 */
public class BatchGpuModeTest {
    @Test
    public void batchInGpuModeWritesTheSameFiles() throws Exception {
        File root = Files.createTempDirectory("ijcl-batch-gpu").toFile();
        File in = new File(root, "in"), plain = new File(root, "plain"), gpu = new File(root, "gpu");
        in.mkdirs();
        for (String name : new String[] {"blobs.tif", "Lund_MAX_001300.tif"})
            Files.copy(TestData.file(name).toPath(), new File(in, name).toPath());
        File macro = new File(root, "recorded.ijm");
        Files.write(macro.toPath(), ("run(\"Median...\", \"radius=2\");\n"
                + "run(\"Gaussian Blur...\", \"sigma=1.5\");\n"
                + "run(\"Maximum...\", \"radius=1\");\n"
                + "run(\"Set Measurements...\", \"area mean min redirect=None decimal=4\");\n"
                + "run(\"Measure\");\n").getBytes(StandardCharsets.UTF_8));
        JvmProcess a = JvmProcess.run(Collections.emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, macro.getPath(), in.getPath(), plain.getPath());
        JvmProcess b = JvmProcess.run(Collections.emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, "--gpu", macro.getPath(), in.getPath(), gpu.getPath());
        assertEquals(a.stderr, 0, a.exitStatus);
        assertEquals(b.stderr, 0, b.exitStatus);
        String[] files = plain.list();
        assertTrue("no result files", files != null && files.length >= 2);
        java.util.Arrays.sort(files);
        String[] gpuFiles = gpu.list();
        java.util.Arrays.sort(gpuFiles);
        assertArrayEquals("result file names", files, gpuFiles);
        for (String f : files)
            assertArrayEquals(f, Files.readAllBytes(new File(plain, f).toPath()), Files.readAllBytes(new File(gpu, f).toPath()));
        for (String command : new String[] {"Median...", "Gaussian Blur...", "Maximum..."})
            assertTrue(command + ":\n" + b.stdout, b.stdout.contains("gpu-mode: " + command + "\tGPU\t2\n"));
        assertTrue(b.stdout, b.stdout.contains("gpu-mode: Measure\tCPU\t2\n"));
    }
}
