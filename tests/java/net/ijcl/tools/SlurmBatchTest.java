package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Assume;
import org.junit.Test;

/**
 * {@code ./ijcl batch --slurm} (issue 13, "Cluster runs"): the shares, the scripts of a dry run,
 * and a real run on a single-node SLURM started on localhost ({@link LocalSlurm}): a folder of
 * four real images and one broken file, three tasks of two files, in GPU mode ({@code --gpu}
 * passed through); the result files are byte for
 * byte those of a plain {@code ./ijcl batch} of the same folder; the task holding the broken file
 * is reported as failed with its files and the command resubmitting it; after the file is
 * repaired, that task alone is resubmitted and the report then shows every file done.
 */
public class SlurmBatchTest {
    static final String MACRO = String.join("\n",
            "run(\"gaussianBlur2D (GPU)\", \"sigma_x=2 sigma_y=2 device=[]\");",
            "run(\"Set Measurements...\", \"mean min redirect=None decimal=6\");",
            "run(\"Measure\");", "");
    static final List<String> FLAGS = Arrays.asList("-Djava.awt.headless=true", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    public void sharesAreContiguousRunsOfTheSortedFiles() {
        List<String> names = Arrays.asList("a.tif", "b.tif", "b2.tif", "c.tif", "d.tif");
        assertEquals("[[a.tif, b.tif], [b2.tif, c.tif], [d.tif]]", SlurmBatch.shares(names, 2).toString());
        assertEquals("[[a.tif, b.tif, b2.tif, c.tif, d.tif]]", SlurmBatch.shares(names, 10).toString());
        assertEquals(5, SlurmBatch.shares(names, 1).size());
        assertEquals("[[a.tif, b.tif, b2.tif, c.tif, d.tif]]", SlurmBatch.shares(names, 5).toString());
    }

    @Test
    public void dryRunPrintsTheScriptsAndTheSharesAndWritesNothing() throws Exception {
        File root = Files.createTempDirectory("ijcl-slurm-dry").toFile();
        File in = new File(root, "in"), out = new File(root, "out"), macro = new File(root, "m.ijm");
        assertTrue(in.mkdirs());
        for (String n : new String[] {"d.tif", "b2.tif", "a.tif", "c.tif", "b.tif", "notes.txt"})
            Files.write(new File(in, n).toPath(), new byte[] {1});
        Files.write(macro.toPath(), MACRO.getBytes(StandardCharsets.UTF_8));

        JvmProcess gpu = JvmProcess.run(Collections.<String>emptyList(), FLAGS, SlurmBatch.class, null,
                "submit", "--dry-run", "--gpu", "--per-job", "2", "--gpus-per-job", "2", macro.getPath(), in.getPath(), out.getPath());
        assertEquals(gpu.toString(), 0, gpu.exitStatus);
        assertFalse("a dry run writes nothing", out.exists());
        String dir = out.getCanonicalPath() + "/slurm";
        for (String line : new String[] {"#SBATCH --array=0-2\n", "#SBATCH --gres=gpu:2\n", "#SBATCH --output=" + dir + "/task-%a.log\n",
                "'" + BatchMacro.class.getName() + "' '--gpu' \\\n",
                "    --files-from \"$dir/task-$task.files\" --report \"$dir/task-$task.report\" \\\n",
                "    '" + dir + "/macro.ijm' '" + in.getCanonicalPath() + "' '" + out.getCanonicalPath() + "'\n",
                "'" + SlurmBatch.class.getName() + "' 'report' '" + out.getCanonicalPath() + "'\n",
                "(sbatch --dependency=afterany:ARRAY_JOB)\n",
                "# task 0: a.tif b.tif\n# task 1: b2.tif c.tif\n# task 2: d.tif\n"})
            assertTrue(line + "\n" + gpu, gpu.stdout.contains(line));
        // both scripts are valid bash
        String script = gpu.stdout.substring(0, gpu.stdout.indexOf("# ---- the shares"));
        File scriptFile = new File(root, "scripts.sh");
        Files.write(scriptFile.toPath(), script.getBytes(StandardCharsets.UTF_8));
        Process bash = new ProcessBuilder("bash", "-n", scriptFile.getPath()).redirectErrorStream(true).start();
        assertTrue(bash.waitFor(1, TimeUnit.MINUTES));
        assertEquals(new String(readAll(bash), StandardCharsets.UTF_8), 0, bash.exitValue());

        JvmProcess cpu = JvmProcess.run(Collections.<String>emptyList(), FLAGS, SlurmBatch.class, null,
                "submit", "--dry-run", "--gpus-per-job", "0", macro.getPath(), in.getPath(), out.getPath());
        assertEquals(cpu.toString(), 0, cpu.exitStatus);
        assertFalse(cpu.stdout, cpu.stdout.contains("--gres"));
        assertFalse(cpu.stdout, cpu.stdout.contains("'--gpu'"));
        assertTrue(cpu.stdout, cpu.stdout.contains("#SBATCH --array=0-0\n"));
        assertTrue(cpu.stdout, cpu.stdout.contains("# task 0: a.tif b.tif b2.tif c.tif d.tif\n"));

        JvmProcess bad = JvmProcess.run(Collections.<String>emptyList(), FLAGS, SlurmBatch.class, null,
                "submit", "--dry-run", "--per-job", "0", macro.getPath(), in.getPath(), out.getPath());
        assertEquals(bad.toString(), 2, bad.exitStatus);
        assertTrue(bad.toString(), bad.stderr.contains("--per-job must be at least 1"));
        StopBatchTest.deleteTree(root);
    }

    @Test
    public void jobArrayOnALocalSlurmWritesWhatThePlainBatchWritesAndAFailedTaskIsResubmitted() throws Exception {
        List<String> missing = LocalSlurm.missingPrograms();
        Assume.assumeTrue("slurm-wlm is not installed (missing " + missing + "; ./ijcl test installs it)", missing.isEmpty());
        File root = Files.createTempDirectory("ijcl-slurm").toFile();
        File in = new File(root, "in"), plain = new File(root, "plain"), out = new File(root, "out");
        File macro = new File(root, "blur.ijm"), cache = new File(root, "kernel-cache");
        assertTrue(in.mkdirs());
        StopBatchTest.writeInputs(in); // a.tif b.tif c.tif d.tif
        Files.write(new File(in, "b2.tif").toPath(), "not a TIFF at all\n".getBytes(StandardCharsets.UTF_8));
        Files.write(macro.toPath(), MACRO.getBytes(StandardCharsets.UTF_8));
        Map<String, String> cacheEnv = Collections.singletonMap("IJCL_CACHE_DIR", cache.getPath());

        JvmProcess reference = JvmProcess.start(FLAGS, BatchMacro.class, root, cacheEnv,
                macro.getPath(), in.getPath(), plain.getPath()).await(10, TimeUnit.MINUTES);
        assertEquals("the plain batch: b2.tif fails\n" + reference, 1, reference.exitStatus);
        assertTrue(reference.toString(), reference.stderr.contains("4 of 5 files done"));

        try (LocalSlurm slurm = LocalSlurm.start(new File(root, "cluster"))) {
            Map<String, String> env = LocalSlurm.merged(slurm.env(), cacheEnv);
            // --gpu (GPU mode, byte-identical by design) passes through to every task: its report is in the task logs
            JvmProcess submit = JvmProcess.start(FLAGS, SlurmBatch.class, root, env, "submit", "--gpu", "--per-job", "2",
                    "--gpus-per-job", "0", macro.getPath(), in.getPath(), out.getPath()).await(5, TimeUnit.MINUTES);
            assertEquals(submit + "\n" + slurm.logs(), 0, submit.exitStatus);
            String[] jobs = jobs(submit);
            assertTrue("the jobs did not end within 8 minutes\n" + slurm.run("squeue") + slurm.logs(),
                    slurm.awaitDone(8, TimeUnit.MINUTES, jobs));

            String canonicalOut = out.getCanonicalPath();
            String report = read(new File(out, "batch-report.txt"));
            String context = report + "\n" + taskLogs(out) + slurm.logs();
            for (String line : new String[] {
                    "ijcl batch on SLURM: 5 files in 3 tasks; results in " + canonicalOut + "\n",
                    "task 0: ok: a.tif, b.tif\n",
                    "task 1: FAILED (exit 1): b2.tif, c.tif\n    b2.tif: FAILED: ImageJ cannot open it",
                    "    resubmit: ./ijcl batch --slurm-resubmit " + canonicalOut + " 1\n",
                    "task 2: ok: d.tif\n",
                    "4 of 5 files done; 1 of 3 tasks failed (1); resubmit them: ./ijcl batch --slurm-resubmit " + canonicalOut + " 1\n"})
                assertTrue(line + "\n" + context, report.contains(line));
            assertFalse("c.tif is done; only b2.tif is listed as failed\n" + context, report.contains("    c.tif:"));
            assertTrue(context, read(new File(out, "slurm/task-0.log")).contains("gpu-mode: Measure\tCPU\t2\n"));
            assertTrue(context, read(new File(out, "slurm/task-2.log")).contains("gpu-mode: Measure\tCPU\t1\n"));
            assertEquals("the report job printed the report", report, read(new File(out, "slurm/report.log")));
            String tsv = read(new File(out, "batch-report.tsv"));
            assertTrue(tsv, tsv.startsWith("file\ttask\tstatus\tseconds\toutputs or reason\na.tif\t0\tok\t"));
            assertTrue(tsv, Pattern.compile("\nb2\\.tif\t1\tFAILED\t[0-9.]+\tImageJ cannot open it").matcher(tsv).find());
            assertTrue(tsv, Pattern.compile("\nc\\.tif\t1\tok\t[0-9.]+\tc\\.tif, c\\.csv\n").matcher(tsv).find());

            // the results: byte for byte the plain batch's
            Map<String, byte[]> expected = StopBatchTest.contents(plain);
            assertEquals(Arrays.asList("a.csv", "a.tif", "b.csv", "b.tif", "c.csv", "c.tif", "d.csv", "d.tif"),
                    new ArrayList<>(expected.keySet()));
            Map<String, byte[]> got = results(out);
            assertEquals(context, expected.keySet(), got.keySet());
            for (String name : expected.keySet()) assertArrayEquals(name, expected.get(name), got.get(name));

            // a second submission into the same folder is refused
            JvmProcess again = JvmProcess.start(FLAGS, SlurmBatch.class, root, env, "submit", "--gpus-per-job", "0",
                    macro.getPath(), in.getPath(), out.getPath()).await(5, TimeUnit.MINUTES);
            assertEquals(again.toString(), 2, again.exitStatus);
            assertTrue(again.toString(), again.stderr.contains("exists (an earlier submission): resubmit its tasks with"));

            // the broken file repaired (a copy of a.tif), task 1 alone resubmitted
            Files.copy(new File(in, "a.tif").toPath(), new File(in, "b2.tif").toPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            String task0Log = read(new File(out, "slurm/task-0.log")), task2Log = read(new File(out, "slurm/task-2.log"));
            JvmProcess resubmit = JvmProcess.start(FLAGS, SlurmBatch.class, root, env, "resubmit", out.getPath(), "1")
                    .await(5, TimeUnit.MINUTES);
            assertEquals(resubmit.toString(), 0, resubmit.exitStatus);
            assertTrue(resubmit.toString(), resubmit.stdout.contains("submitted task 1: array job "));
            assertTrue("the resubmitted jobs did not end within 8 minutes\n" + slurm.run("squeue") + slurm.logs(),
                    slurm.awaitDone(8, TimeUnit.MINUTES, jobs(resubmit)));
            report = read(new File(out, "batch-report.txt"));
            context = report + "\n" + taskLogs(out);
            assertTrue(context, report.contains("task 1: ok: b2.tif, c.tif\n"));
            assertTrue(context, report.contains("5 of 5 files done; 0 of 3 tasks failed\n"));
            assertEquals("task 0 did not run again", task0Log, read(new File(out, "slurm/task-0.log")));
            assertEquals("task 2 did not run again", task2Log, read(new File(out, "slurm/task-2.log")));
            got = results(out);
            for (String name : expected.keySet()) assertArrayEquals(name, expected.get(name), got.get(name));
            // b2.tif is a.tif now: its results are a.tif's
            assertArrayEquals(expected.get("a.tif"), got.get("b2.tif"));
            assertArrayEquals(expected.get("a.csv"), got.get("b2.csv"));
            assertEquals(10, got.size());
            assertEquals(2, Files.readAllLines(new File(out, "slurm/jobs.txt").toPath()).size());
        }

        // a task that left no exit status and no report lines (killed, cancelled, out of time)
        assertTrue(new File(out, "slurm/task-2.status").delete());
        Files.write(new File(out, "slurm/task-2.report").toPath(), new byte[0]);
        JvmProcess merged = JvmProcess.run(Collections.<String>emptyList(), FLAGS, SlurmBatch.class, null, "report", out.getPath());
        assertEquals(merged.toString(), 1, merged.exitStatus);
        assertTrue(merged.toString(), merged.stdout.contains("task 2: FAILED (no exit status: killed, cancelled, out of time, "
                + "or not run yet; see " + out.getCanonicalPath() + "/slurm/task-2.log): d.tif\n    d.tif: not done\n"
                + "    resubmit: ./ijcl batch --slurm-resubmit " + out.getCanonicalPath() + " 2\n"));
        assertTrue(merged.toString(), merged.stdout.contains("4 of 5 files done; 1 of 3 tasks failed (2)"));
        assertTrue(read(new File(out, "batch-report.tsv")).endsWith("\nd.tif\t2\tnot done\t\t\n"));
        StopBatchTest.deleteTree(root); // kept when an assertion failed, to look at
    }

    /** The array and report job ids printed by a submission. */
    private static String[] jobs(JvmProcess submit) {
        Matcher m = Pattern.compile("array job (\\d+), report job (\\d+)").matcher(submit.stdout);
        assertTrue(submit.toString(), m.find());
        return new String[] {m.group(1), m.group(2)};
    }

    /** The result files of a SLURM output folder: all but slurm/ and the merged report. */
    private static Map<String, byte[]> results(File out) throws Exception {
        Map<String, byte[]> m = new TreeMap<>();
        for (File f : out.listFiles())
            if (f.isFile() && !f.getName().startsWith("batch-report.")) m.put(f.getName(), Files.readAllBytes(f.toPath()));
        return m;
    }

    private static String taskLogs(File out) throws Exception {
        StringBuilder b = new StringBuilder();
        File[] logs = new File(out, SlurmBatch.FOLDER).listFiles((d, n) -> n.endsWith(".log"));
        if (logs != null) {
            Arrays.sort(logs);
            for (File f : logs) b.append("--- ").append(f).append('\n').append(read(f));
        }
        return b.toString();
    }

    private static String read(File f) throws Exception {
        return f.isFile() ? new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8) : "(no " + f + ")";
    }

    private static byte[] readAll(Process p) throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (int n; (n = p.getInputStream().read(buffer)) >= 0; ) b.write(buffer, 0, n);
        return b.toByteArray();
    }
}
