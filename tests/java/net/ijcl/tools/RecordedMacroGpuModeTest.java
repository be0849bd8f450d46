package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import net.ijcl.TestData;
import org.junit.Test;

import java.io.File;
import java.nio.file.Files;
import java.util.Collections;

/**
 * The recorded standard-commands macro of the demo (macros/spot_counting_recorded.ijm: Duplicate,
 * Median, Subtract Background, Gaussian Blur, Find Maxima on all 13 frames of the Drosophila
 * time-lapse) run with {@code RunMacro} plain (ImageJ's CPU code, the oracle) and with
 * {@code --gpu}, each in a fresh JVM: the spot counts table and the last filtered frame are
 * byte-identical files, and GPU mode's report says the commands with GPU twins ran on the GPU
 * (every one of their 13 calls) and the summary counts them.
 */
public class RecordedMacroGpuModeTest {
    @Test
    public void spotCountingRecordedIsIdenticalInGpuMode() throws Exception {
        File macro = new File("macros/spot_counting_recorded.ijm");
        String input = TestData.file("drosophila_timelapse.tif").getPath();
        File out = Files.createTempDirectory("ijcl-recorded").toFile();
        JvmProcess cpu = JvmProcess.run(Collections.emptyList(), Collections.emptyList(), RunMacro.class, null,
                macro.getPath(), input + "|" + out + "|ImageJ");
        JvmProcess gpu = JvmProcess.run(Collections.emptyList(), Collections.emptyList(), RunMacro.class, null,
                "--gpu", macro.getPath(), input + "|" + out + "|GPU mode");
        assertEquals("plain run failed: " + cpu.stderr, 0, cpu.exitStatus);
        assertEquals("GPU mode run failed: " + gpu.stderr, 0, gpu.exitStatus);
        for (String[] pair : new String[][] {{"spot_counts_recorded_ImageJ.csv", "spot_counts_recorded_GPU_mode.csv"},
                {"last_frame_filtered_ImageJ.tif", "last_frame_filtered_GPU_mode.tif"}})
            assertArrayEquals(pair[0] + " vs " + pair[1], Files.readAllBytes(new File(out, pair[0]).toPath()),
                    Files.readAllBytes(new File(out, pair[1]).toPath()));
        for (String command : new String[] {"Median...", "Gaussian Blur..."})
            assertTrue(command + " did not run on the GPU in every frame:\n" + gpu.stdout,
                    gpu.stdout.contains("gpu-mode: " + command + "\tGPU\t13\n"));
        assertTrue("no summary line:\n" + gpu.stdout, gpu.stdout.matches("(?s).*gpu-mode: \\d+ of \\d+ commands ran on the GPU\n.*"));
        assertTrue("the plain run printed a GPU mode report:\n" + cpu.stdout, !cpu.stdout.contains("gpu-mode:"));
    }
}
