package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import net.ijcl.TestData;
import org.junit.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A batch over two OpenCL contexts: {@code IJCL_DEVICES} names the CPU device (PoCL) twice, so two
 * worker JVMs each open their own context (MultiDeviceBatch). Every file is processed exactly once,
 * by one of the two workers; each worker processes at least its reserved first file; the result
 * files and the --report lines equal a plain one-device batch of the same folder.
 */
public class MultiDeviceBatchTest {
    @Test
    public void twoContextsShareTheFilesAndWriteWhatOneDeviceWrites() throws Exception {
        File root = Files.createTempDirectory("ijcl-multi-device").toFile();
        File in = new File(root, "in"), one = new File(root, "one"), two = new File(root, "two");
        assertTrue(in.mkdirs());
        String[] names = {"a.tif", "b.tif", "c.tif", "d.tif", "e.tif"};
        String[] sources = {"blobs.tif", "Lund_MAX_001300.tif", "blobs.tif", "mini-t1-head.tif", "blobs.tif"};
        for (int i = 0; i < names.length; i++) Files.copy(TestData.file(sources[i]).toPath(), new File(in, names[i]).toPath());
        File macro = new File(root, "m.ijm");
        Files.write(macro.toPath(), ("run(\"Gaussian Blur...\", \"sigma=1.5 stack\");\n"
                + "run(\"Set Measurements...\", \"area mean min redirect=None decimal=4\");\nrun(\"Measure\");\n")
                .getBytes(StandardCharsets.UTF_8));
        String device = Ijcl0.cpuDeviceName();

        JvmProcess plain = JvmProcess.run(Collections.emptyList(), Collections.singletonList("-Djava.awt.headless=true"),
                BatchMacro.class, null, "--report", new File(root, "one.tsv").getPath(), macro.getPath(), in.getPath(), one.getPath());
        assertEquals(plain.stderr, 0, plain.exitStatus);
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("IJCL_DEVICES", device + "," + device);
        JvmProcess spread = JvmProcess.start(Collections.singletonList("-Djava.awt.headless=true"), BatchMacro.class, null, env,
                "--report", new File(root, "two.tsv").getPath(), macro.getPath(), in.getPath(), two.getPath()).await(10, TimeUnit.MINUTES);
        assertNotNull("the multi-device batch did not end", spread);
        assertEquals(spread.stderr, 0, spread.exitStatus);

        // every file by exactly one worker, each worker at least one
        int[] perWorker = new int[3];
        Matcher m = Pattern.compile("\\[device (\\d)\\] \\[\\d+/5\\] (\\S+): ok").matcher(spread.stderr);
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (m.find()) {
            perWorker[Integer.parseInt(m.group(1))]++;
            assertTrue("processed twice: " + m.group(2) + "\n" + spread.stderr, seen.add(m.group(2)));
        }
        assertEquals(spread.stderr, new java.util.HashSet<>(Arrays.asList(names)), seen);
        assertTrue("worker 1 processed nothing:\n" + spread.stderr, perWorker[1] >= 1);
        assertTrue("worker 2 processed nothing:\n" + spread.stderr, perWorker[2] >= 1);

        // the same files, byte for byte; the report lists every file once (seconds aside)
        String[] a = one.list(), b = two.list();
        Arrays.sort(a);
        Arrays.sort(b);
        assertArrayEquals(a, b);
        for (String f : a)
            assertArrayEquals(f, Files.readAllBytes(new File(one, f).toPath()), Files.readAllBytes(new File(two, f).toPath()));
        assertEquals(withoutSeconds(new File(root, "one.tsv")), withoutSeconds(new File(root, "two.tsv")));
    }

    private static java.util.List<String> withoutSeconds(File report) throws Exception {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(report.toPath(), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t");
            out.add(f[0] + "\t" + f[1] + "\t" + (f.length > 3 ? f[3] : ""));
        }
        Collections.sort(out);
        return out;
    }

    /** The CPU OpenCL device's name (PoCL here): the one device every test machine has. */
    private static final class Ijcl0 {
        static String cpuDeviceName() {
            for (String line : net.ijcl.Ijcl.listDevices())
                if (line.split("\t").length > 1 && line.split("\t")[1].toLowerCase(java.util.Locale.ROOT).contains("cpu"))
                    return line.split("\t")[0];
            return net.ijcl.Ijcl.listDevices()[0].split("\t")[0];
        }
    }
}
