package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

/**
 * Progress's headless line (issue 13, section 3) with a clock the test moves (no timing): its
 * format, the carriage-return rewrite, at most {@value Progress#UPDATES_PER_SECOND} updates a
 * second (first and last state always), lines written in between, and quiet mode writing nothing.
 */
public class ProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    private Progress progress(Progress.Sink sink, long total) {
        Progress p = new Progress("batch", total, "files", sink, err, now::get);
        p.detail(""); // Progress.start shows the first state; the same here
        return p;
    }

    private String out() {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    public void theLineSaysTaskCountUnitPercentAndDetail() {
        Progress p = progress(Progress.Sink.STDERR, 3);
        assertEquals("ijcl: batch: 0/3 files (0%)", p.line());
        now.addAndGet(1_000_000_000L);
        p.advance(2, "blobs.tif");
        assertEquals("ijcl: batch: 2/3 files (67%) blobs.tif", p.line());
        now.addAndGet(1_000_000_000L);
        p.advance(1, "");
        p.close();
        String second = "ijcl: batch: 2/3 files (67%) blobs.tif", last = "ijcl: batch: 3/3 files (100%)";
        // the last line is padded with spaces over the longer line before it
        assertEquals("\rijcl: batch: 0/3 files (0%)\r" + second + "\r" + last + spaces(second.length() - last.length()) + "\n", out());
    }

    @Test
    public void atMostFourUpdatesASecondButTheLastStateAlways() {
        Progress p = progress(Progress.Sink.STDERR, 100);
        for (int i = 0; i < 100; i++) {
            now.addAndGet(10_000_000L); // 10 ms a unit: 100 units in one second
            p.advance();
        }
        p.close();
        String s = out();
        int updates = s.split("\r", -1).length - 1;
        // the first state, one per 250 ms (4 in the second), and the final 100/100
        assertTrue(s, updates >= 2 && updates <= 1 + Progress.UPDATES_PER_SECOND + 1);
        assertTrue(s, s.endsWith("\rijcl: batch: 100/100 files (100%)\n"));
    }

    @Test
    public void linesWrittenInBetweenClearTheProgressLineAndStayTogether() {
        Progress p = progress(Progress.Sink.STDERR, 2);
        p.println("[1/2] a.tif: ok");
        p.println("[2/2] b.tif: FAILED");
        now.addAndGet(1L); // well within the rate limit: the progress line still comes back
        p.advance(2, "");
        p.close();
        String start = "\rijcl: batch: 0/2 files (0%)";
        assertEquals(start + "\r" + spaces(start.length() - 1) + "\r[1/2] a.tif: ok\n[2/2] b.tif: FAILED\n"
                + "\rijcl: batch: 2/2 files (100%)\n", out());
    }

    @Test
    public void quietModeWritesNothing() {
        Progress p = progress(Progress.Sink.QUIET, 5);
        for (int i = 0; i < 5; i++) {
            now.addAndGet(1_000_000_000L);
            p.advance();
        }
        p.close();
        assertEquals("", out());
        assertEquals(5, p.done());
    }

    @Test
    public void quietComesFromTheSystemProperty() {
        String saved = System.getProperty("ijcl.quiet");
        try {
            System.setProperty("ijcl.quiet", "true");
            assertTrue(Progress.quiet());
            assertEquals(Progress.Sink.QUIET, Progress.defaultSink());
        } finally {
            if (saved == null) System.clearProperty("ijcl.quiet");
            else System.setProperty("ijcl.quiet", saved);
        }
    }

    @Test
    public void theCompileMessageNamesTheOperationAndKernelFile() {
        assertEquals("compiling kernels for gaussianBlur3D (gaussian.cl)\u2026 (first use on this device; cached afterwards)",
                CompileWatch.message("gaussianBlur3D", "gaussian.cl"));
    }

    @Test
    public void theNativeCompileActivityIsIdleBetweenOperationsAndCountsCompiles() {
        Ijcl.pushPlanes("progress_probe", 3, 1, new Object[] {new float[] {1, 2, 3}});
        Ijcl.execute("addImageAndScalar", "progress_probe", "progress_probe_out", 1.0);
        String[] a = NativeBridge.compileActivity();
        assertEquals(3, a.length);
        assertEquals("no compile runs between operations", "", a[0]);
        assertEquals("0", a[1]);
        assertTrue(a[2], Long.parseLong(a[2]) >= 0); // source compiles so far (0 when every program came from the disk cache)
        String[] w = NativeBridge.workProgress(); // no native task outside an operation
        assertEquals(4, w.length);
        assertEquals("", w[0]);
        assertEquals("0", w[1]);
        assertEquals("0", w[2]);
        Ijcl.release("progress_probe");
        Ijcl.release("progress_probe_out");
    }

    private static String spaces(int n) {
        return new String(new char[n]).replace('\0', ' ');
    }
}
