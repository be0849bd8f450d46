package net.ijcl.tools;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;

import net.ijcl.TestData;

import org.junit.Test;

/**
 * The headless progress line of {@code ./ijcl batch} (issue 13, section 3) in a fresh JVM on two
 * real images: one carriage-return-updated line on standard error, per-file lines kept whole, the
 * finished line ended before the summary; quiet mode (ijcl.quiet, as IJCL_QUIET=1) writes no
 * progress at all. No timing: the first and last states are always written.
 */
public class BatchProgressTest {
    private static JvmProcess batch(boolean quiet) throws Exception {
        File root = Files.createTempDirectory("ijcl-batch-progress").toFile();
        File in = new File(root, "in"), out = new File(root, "out");
        assertTrue(in.mkdirs());
        Files.copy(TestData.file("blobs.tif").toPath(), new File(in, "blobs.tif").toPath());
        Files.copy(TestData.file("Lund_MAX_001300.tif").toPath(), new File(in, "Lund_MAX_001300.tif").toPath());
        File macro = new File(root, "measure.ijm");
        Files.write(macro.toPath(), "run(\"Measure\");\n".getBytes(StandardCharsets.UTF_8));
        return JvmProcess.run(Collections.<String>emptyList(),
                quiet ? Arrays.asList("-Djava.awt.headless=true", "-Dijcl.quiet=true") : Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, macro.getPath(), in.getPath(), out.getPath());
    }

    @Test
    public void oneProgressLineRewrittenInPlaceAndNoneWhenQuiet() throws Exception {
        JvmProcess p = batch(false);
        assertEquals(p.toString(), 0, p.exitStatus);
        assertTrue(p.toString(), p.stderr.startsWith("\rijcl: batch: 0/2 files (0%)"));
        // the per-file lines are whole lines (the progress line is cleared before each)
        assertTrue(p.toString(), p.stderr.contains("\r[1/2] Lund_MAX_001300.tif: ok ("));
        assertTrue(p.toString(), p.stderr.contains("\r[2/2] blobs.tif: ok ("));
        // the last state, ended with a line break before the summary
        assertTrue(p.toString(), p.stderr.contains("\rijcl: batch: 2/2 files (100%)"));
        assertTrue(p.toString(), p.stderr.matches("(?s).*ijcl: batch: 2/2 files \\(100%\\) *\nBatchMacro: 2 of 2 files done.*"));

        JvmProcess q = batch(true);
        assertEquals(q.toString(), 0, q.exitStatus);
        assertFalse(q.toString(), q.stderr.contains("ijcl: batch"));
        assertFalse(q.toString(), q.stderr.contains("\r"));
        assertTrue(q.toString(), q.stderr.contains("[2/2] blobs.tif: ok ("));
    }
}
