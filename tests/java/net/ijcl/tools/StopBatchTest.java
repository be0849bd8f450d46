package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.ijcl.AtomicOutput;
import net.ijcl.TestData;

import org.junit.Test;

/**
 * Issue 8, "Stopping cleanly": SIGTERM sent to a running {@code ./ijcl batch} JVM at random
 * moments. The batch runs a macro that loops GPU operations on four small images (so most of its
 * time after start-up is GPU work and result writing). For every run: the JVM exits within a
 * bound (no hang) with the SIGTERM status 143 (or 0 when the batch had already finished), never a
 * crash (134/139), no hs_err_pid file or core in its working directory; the stderr line says it
 * was stopped and which files are done, and those files' results are there; every file in the
 * output folder is a complete result that ImageJ opens, byte for byte equal to the uninterrupted
 * run's (computed once), and no temporary is left. Every other run reuses one output folder, so a
 * stop while a result replaces an earlier copy is covered too.
 *
 * <p>Size: {@code -Dijcl.stop.iterations=N} (default {@value #DEFAULT_ITERATIONS}, which keeps
 * the test within a few minutes on the 2-core development machine, where a JVM with ImageJ and
 * PoCL takes seconds to start; {@code ./ijcl test --full} and the acceptance run use 50);
 * {@code -Dijcl.stop.seed=S} (default 8) makes the kill moments reproducible.
 */
public class StopBatchTest {
    static final int DEFAULT_ITERATIONS = 12;
    static final String[] NAMES = {"a", "b", "c", "d"};

    /** The macro: a marker line, then 2 x LOOPS GPU operations on the image, the result pulled and measured. */
    static String macro(int loops) {
        return String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "args = split(getArgument(), \"|\");",
                "print(\"started \" + File.getName(args[0]));",
                "t = getTitle(); b0 = \"b0\"; b1 = \"b1\";",
                "Ext.IJCL_push(t);",
                "Ext.IJCL_gaussianBlur2D(t, b0, 1, 1);",
                "for (i = 0; i < " + loops + "; i++) {",
                "  Ext.IJCL_addImageAndScalar(b0, b1, 1);",
                "  Ext.IJCL_gaussianBlur2D(b1, b0, 1, 1);",
                "}",
                "Ext.IJCL_pull(b0);",
                "run(\"Set Measurements...\", \"mean min redirect=None decimal=6\");",
                "run(\"Measure\");", "");
    }

    @Test
    public void sigtermAtRandomMomentsStopsCleanly() throws Exception {
        int iterations = Integer.getInteger("ijcl.stop.iterations", DEFAULT_ITERATIONS);
        long seed = Long.getLong("ijcl.stop.seed", 8L);
        File root = Files.createTempDirectory("ijcl-stop").toFile();
        File in = new File(root, "in"), cache = new File(root, "kernel-cache");
        assertTrue(in.mkdirs());
        writeInputs(in);
        File macro = new File(root, "loop.ijm");
        Files.write(macro.toPath(), macro(400).getBytes(StandardCharsets.UTF_8));
        // one program-binary cache for all runs, filled by the reference run: kernels are not
        // recompiled in every JVM
        List<String> flags = Arrays.asList("-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

        // the uninterrupted run: the reference outputs, and how long the work after the marker takes
        long t0 = System.nanoTime();
        File referenceDir = new File(root, "reference");
        Run reference = batch(flags, cache, macro, in, referenceDir, new File(root, "work-reference"), null, 0);
        assertEquals(reference.toString(), 0, reference.exit.exitStatus);
        Map<String, byte[]> expected = contents(referenceDir);
        List<String> names = new ArrayList<>();
        for (String n : NAMES) names.addAll(Arrays.asList(n + ".tif", n + ".csv"));
        assertEquals(new TreeMap<>(expected).keySet().toString(), new java.util.TreeSet<>(names).toString());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) assertOpens(new File(referenceDir, e.getKey()));
        // again, with the kernels in the cache as in the runs below: how long the work after the
        // marker takes, and the same bytes again (the outputs are deterministic)
        File again = new File(root, "reference-again");
        Run warm = batch(flags, cache, macro, in, again, new File(root, "work-reference-again"), null, 0);
        assertEquals(warm.toString(), 0, warm.exit.exitStatus);
        for (Map.Entry<String, byte[]> e : contents(again).entrySet())
            assertArrayEquals(e.getKey(), expected.get(e.getKey()), e.getValue());
        long workMillis = warm.millisAfterMarker;
        System.err.printf(Locale.ROOT, "StopBatchTest: reference runs %.1f s (work after the marker: %d ms); %d SIGTERM runs, seed %d%n",
                (System.nanoTime() - t0) / 1e9, workMillis, iterations, seed);

        Random random = new Random(seed);
        File reused = new File(root, "out-reused");
        int stoppedInFile = 0, stoppedBetween = 0, finished = 0;
        for (int i = 0; i < iterations; i++) {
            File out = i % 2 == 1 ? reused : new File(root, "out-" + i);
            File work = new File(root, "work-" + i);
            // The random delay before the kill is the point of the test (kill moments spread over
            // the GPU work and the writing of results), not a synchronisation sleep: the run is
            // synchronised on its "started a.tif" line. Up to 80% of the work time (the reference's, then the
            // shortest seen: a run that finished before its kill bounds it), so some kills land after the
            // batch finished too.
            long delay = (long) (random.nextDouble() * 0.8 * workMillis);
            Run run = batch(flags, cache, macro, in, out, work, "started a.tif", delay);
            String where = "run " + i + " (seed " + seed + ", SIGTERM " + delay + " ms after the marker)\n" + run;
            assertNotNull("the JVM did not exit within 2 minutes of SIGTERM: " + where, run.exit);
            int status = run.exit.exitStatus;
            assertFalse("crash: " + where, status == 134 || status == 139);
            assertTrue("exit status 143 (SIGTERM) or 0 (done before it): " + where, status == 143 || status == 0);
            assertEquals("hs_err/core files: " + where, Arrays.asList(), crashFiles(work));

            String stderr = run.exit.stderr;
            Matcher m = Pattern.compile("BatchMacro: stopped at an operation boundary: the JVM is shutting down \\(SIGTERM\\); "
                    + "(\\d) of 4 files done(?:: ([^;]*))?;").matcher(stderr);
            List<String> done = new ArrayList<>();
            if (m.find()) {
                assertEquals(where, 143, status);
                if (m.group(2) != null) done.addAll(Arrays.asList(m.group(2).split(", ")));
                assertEquals(where, Integer.parseInt(m.group(1)), done.size());
                if (stderr.contains("(interrupted; no result written)")) stoppedInFile++;
                else stoppedBetween++;
            } else {
                assertTrue("no 'stopped' line, so the batch must have finished: " + where, stderr.contains("4 of 4 files done"));
                done.addAll(Arrays.asList("a.tif", "b.tif", "c.tif", "d.tif"));
                finished++;
                // the work took at most `delay` this time (the reference ran slower, e.g. on a
                // loaded machine): later kill moments are drawn from the shorter span
                workMillis = Math.min(workMillis, Math.max(1, delay));
            }
            for (String d : done) {
                String base = d.substring(0, d.lastIndexOf('.'));
                assertTrue(d + " reported done: its results are there: " + where,
                        new File(out, base + ".tif").isFile() && new File(out, base + ".csv").isFile());
            }
            for (File f : out.listFiles()) {
                assertFalse("a temporary was left: " + f + "; " + where, AtomicOutput.isTemporary(f.getName()));
                byte[] want = expected.get(f.getName());
                assertNotNull("unexpected file " + f + "; " + where, want);
                assertArrayEquals("complete and equal to the uninterrupted run's: " + f + "; " + where, want,
                        Files.readAllBytes(f.toPath()));
                assertOpens(f);
            }
        }
        System.err.printf(Locale.ROOT, "StopBatchTest: %d/%d SIGTERM runs clean (%d stopped in a file, %d between files, "
                + "%d finished before the signal)%n", iterations, iterations, stoppedInFile, stoppedBetween, finished);
        System.err.printf(Locale.ROOT, "StopBatchTest: %.1f s in all%n", (System.nanoTime() - t0) / 1e9);
        assertTrue("the kill moments should mostly land in the work", stoppedInFile + stoppedBetween >= iterations / 2);
        deleteTree(root); // kept when an assertion failed, to look at
    }

    static void deleteTree(File f) {
        File[] children = f.listFiles();
        if (children != null) for (File c : children) deleteTree(c);
        f.delete();
    }

    @Test
    public void sigtermStopsAHeadlessRunAtAnOperationBoundary() throws Exception {
        File root = Files.createTempDirectory("ijcl-stop-run").toFile();
        File macro = new File(root, "forever.ijm");
        Files.write(macro.toPath(), String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "newImage(\"f\", \"32-bit ramp\", 128, 128, 1);",
                "Ext.IJCL_push(\"f\");",
                "a = \"a\"; b = \"b\";",
                "Ext.IJCL_gaussianBlur2D(\"f\", a, 1, 1);",
                "print(\"looping\");",
                "while (true) {",
                "  Ext.IJCL_addImageAndScalar(a, b, 1);",
                "  Ext.IJCL_gaussianBlur2D(b, a, 1, 1);",
                "}", "").getBytes(StandardCharsets.UTF_8));
        File work = new File(root, "work");
        assertTrue(work.mkdirs());
        JvmProcess.Running p = JvmProcess.start(Arrays.asList("-Djava.awt.headless=true",
                "-XX:ErrorFile=" + new File(work, "hs_err_pid%p.log").getPath()), RunMacro.class, work,
                java.util.Collections.<String, String>emptyMap(), macro.getPath());
        assertTrue("no 'looping' within 5 minutes\n" + p.outputSoFar(), p.awaitOutput("looping", 5, TimeUnit.MINUTES));
        p.sigterm(); // the macro loops forever: only the stop ends it
        JvmProcess r = p.await(2, TimeUnit.MINUTES);
        assertNotNull("RunMacro did not exit within 2 minutes of SIGTERM", r);
        assertEquals(r.toString(), 143, r.exitStatus);
        assertTrue(r.toString(), r.stderr.contains("RunMacro: forever.ijm stopped at an operation boundary: "
                + "the JVM is shutting down (SIGTERM) (IJCL_"));
        assertEquals(r.toString(), Arrays.asList(), crashFiles(work));
        deleteTree(root);
    }

    /** Four different small images: blobs, and blobs inverted, flipped, and as 16-bit. */
    static void writeInputs(File in) {
        ImagePlus blobs = TestData.open("blobs.tif");
        assertTrue(new FileSaver(blobs).saveAsTiff(new File(in, "a.tif").getPath()));
        ImageProcessor inverted = blobs.getProcessor().duplicate();
        inverted.invert();
        assertTrue(new FileSaver(new ImagePlus("b", inverted)).saveAsTiff(new File(in, "b.tif").getPath()));
        ImageProcessor flipped = blobs.getProcessor().duplicate();
        flipped.flipVertical();
        assertTrue(new FileSaver(new ImagePlus("c", flipped)).saveAsTiff(new File(in, "c.tif").getPath()));
        ImageProcessor wide = blobs.getProcessor().convertToShort(false);
        wide.multiply(100);
        assertTrue(new FileSaver(new ImagePlus("d", wide)).saveAsTiff(new File(in, "d.tif").getPath()));
    }

    /** A result file opens in ImageJ: the image as an image, the CSV as a one-row Results table. */
    static void assertOpens(File f) {
        if (f.getName().endsWith(".tif")) {
            ImagePlus imp = IJ.openImage(f.getPath());
            assertNotNull("ImageJ cannot open " + f, imp);
            assertEquals(f.toString(), 256, imp.getWidth());
        } else {
            ResultsTable rt = ResultsTable.open2(f.getPath());
            assertNotNull("ImageJ cannot open " + f, rt);
            assertEquals(f.toString(), 1, rt.size());
        }
    }

    static Map<String, byte[]> contents(File dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        for (File f : dir.listFiles()) out.put(f.getName(), Files.readAllBytes(f.toPath()));
        return out;
    }

    /** hs_err_pid*.log and core* files in the JVM's working directory. */
    static List<String> crashFiles(File work) {
        List<String> out = new ArrayList<>();
        for (String n : work.list()) if (n.startsWith("hs_err") || n.startsWith("core")) out.add(n);
        return out;
    }

    /** One batch JVM; with a marker: SIGTERM {@code delayMillis} after the marker appeared. */
    static Run batch(List<String> flags, File cache, File macro, File in, File out, File work, String marker,
                     long delayMillis) throws Exception {
        assertTrue(work.isDirectory() || work.mkdirs());
        List<String> jvm = new ArrayList<>(flags);
        jvm.add("-XX:ErrorFile=" + new File(work, "hs_err_pid%p.log").getPath());
        jvm.add("-Dijcl.stop.debug=true");
        // the kernel cache directory of the native library (IJCL_CACHE_DIR) is an environment variable
        JvmProcess.Running p = JvmProcess.start(jvm, BatchMacro.class, work,
                java.util.Collections.singletonMap("IJCL_CACHE_DIR", cache.getPath()),
                macro.getPath(), in.getPath(), out.getPath());
        Run run = new Run();
        if (marker == null) {
            assertTrue("no 'started a.tif' within 5 minutes\n" + p.outputSoFar(), p.awaitOutput("started a.tif", 5, TimeUnit.MINUTES));
            long t = System.nanoTime();
            assertTrue(p.outputSoFar(), p.awaitOutput("4 of 4 files done", 10, TimeUnit.MINUTES));
            run.millisAfterMarker = (System.nanoTime() - t) / 1_000_000;
            run.exit = p.await(10, TimeUnit.MINUTES);
            return run;
        }
        assertTrue("no '" + marker + "' within 5 minutes\n" + p.outputSoFar(), p.awaitOutput(marker, 5, TimeUnit.MINUTES));
        if (delayMillis > 0) Thread.sleep(delayMillis); // the random kill moment (see the caller), not synchronisation
        p.sigterm();
        long t = System.nanoTime();
        run.exit = p.await(2, TimeUnit.MINUTES);
        run.millisAfterMarker = (System.nanoTime() - t) / 1_000_000; // here: from the SIGTERM to the exit
        return run;
    }

    static final class Run {
        JvmProcess exit;
        long millisAfterMarker;

        @Override
        public String toString() {
            return "exited " + millisAfterMarker + " ms after the marker (reference) or the SIGTERM; " + exit;
        }
    }
}
