package net.ijcl;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.ijcl.tools.HeadlessMacro;

import org.junit.Test;

/**
 * Four macros in four Java threads on one device give the same results as the same four macros
 * run one after the other (issue 8, part 4). Each macro is an analysis pipeline on a real image
 * from ../shared/data (blobs, drosophila time-lapse, 3D beads, MRI head): blur, threshold,
 * labelling, rank filters, top-hat, projection and reductions. The oracle is the sequential run:
 * every printed number and every pixel of every result image must be identical.
 *
 * <p>Synchronisation (no sleeps): ImageJ registers macro extensions with whichever interpreter
 * started last, so the macros are started one at a time, each after the previous one has
 * registered (it calls {@link #registered}); then all four wait at {@link #go} until the last one
 * has registered, and run their pipelines at the same time.
 */
public class FourMacrosConcurrentTest extends HeadlessImageJTestBase {
    static CountDownLatch registeredOne, allRegistered;

    /** call("net.ijcl.FourMacrosConcurrentTest.registered"): this macro has registered its extensions. */
    public static String registered() {
        if (registeredOne != null) registeredOne.countDown();
        return "true";
    }

    /** call("net.ijcl.FourMacrosConcurrentTest.go"): waits until all four macros have registered. */
    public static String go() throws InterruptedException {
        return allRegistered == null ? "true" : Boolean.toString(allRegistered.await(5, TimeUnit.MINUTES));
    }

    /** The four pipelines; macro k works on GPU images named "k_..." only. */
    static String[] macros() {
        String[] pipelines = {
            // blobs: the demo's object count
            "Ext.IJCL_gaussianBlur2D(\"1_in\", b, 2, 2);"
                + "Ext.IJCL_automaticThreshold(b, m, \"Otsu\");"
                + "Ext.IJCL_connectedComponentsLabelingBox(m, l);"
                + "Ext.IJCL_getMaximumOfAllPixels(l, n); print(\"1 objects=\" + n);"
                + "Ext.IJCL_getSumOfAllPixels(b, s); print(\"1 sum=\" + d2s(s, 9));"
                + "r = \"1_result\"; Ext.IJCL_copy(l, r);",
            // drosophila: background removal and spots
            "Ext.IJCL_topHatSphere(\"2_in\", t, 3, 3, 0);"
                + "Ext.IJCL_mean3DSphere(t, f, 1, 1, 1);"
                + "Ext.IJCL_threshold(f, m, 20);"
                + "Ext.IJCL_countNonZeroPixels(m, c); print(\"2 foreground=\" + c);"
                + "Ext.IJCL_getSumOfAllPixels(f, s); print(\"2 sum=\" + d2s(s, 9));"
                + "r = \"2_result\"; Ext.IJCL_copy(f, r);",
            // beads: 3D median, projection
            "Ext.IJCL_median3DSphere(\"3_in\", f, 1, 1, 1);"
                + "Ext.IJCL_maximumZProjection(f, p);"
                + "Ext.IJCL_getMaximumOfAllPixels(p, mx); print(\"3 max=\" + mx);"
                + "Ext.IJCL_getSumOfAllPixels(p, s); print(\"3 sum=\" + d2s(s, 9));"
                + "r = \"3_result\"; Ext.IJCL_copy(p, r);",
            // MRI head: 3D blur, box filters, statistics
            "Ext.IJCL_gaussianBlur3D(\"4_in\", g, 1.5, 1.5, 1);"
                + "Ext.IJCL_maximum3DBox(g, x, 1, 1, 1);"
                + "Ext.IJCL_subtractImages(x, g, d);"
                + "Ext.IJCL_getSumOfAllPixels(d, s); print(\"4 sum=\" + d2s(s, 9));"
                + "r = \"4_result\"; Ext.IJCL_copy(d, r);",
        };
        String[] out = new String[4];
        for (int k = 0; k < 4; k++) {
            out[k] = String.join("\n",
                    "run(\"IJCL Macro Extensions\", \"device=[]\");",
                    "call(\"net.ijcl.FourMacrosConcurrentTest.registered\");",
                    "call(\"net.ijcl.FourMacrosConcurrentTest.go\");",
                    "b = \"\"; m = \"\"; l = \"\"; t = \"\"; f = \"\"; p = \"\"; g = \"\"; x = \"\"; d = \"\";",
                    "for (iteration = 0; iteration < 3; iteration++) {",
                    "  " + pipelines[k].replace(";", ";\n  "),
                    "  print(\"" + (k + 1) + " round \" + iteration + \" done\");",
                    "}");
        }
        return out;
    }

    static void pushInputs() {
        Ijcl.push(TestData.open("blobs.tif"), "1_in");
        Ijcl.push(TestData.open("drosophila_timelapse.tif"), "2_in");
        Ijcl.push(TestData.open("beads_3d.tif"), "3_in");
        Ijcl.push(TestData.open("mini-t1-head.tif"), "4_in");
    }

    /** Runs the macros (one by one, or four threads at once); returns each macro's output lines and result pixels. */
    static Object[][] run(boolean concurrently) throws Exception {
        Ijcl.clear();
        pushInputs();
        String[] macros = macros();
        HeadlessMacro.Outcome[] outcomes = new HeadlessMacro.Outcome[4];
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, "UTF-8");
        System.setOut(capture);
        try {
            if (concurrently) {
                allRegistered = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    final int index = k;
                    registeredOne = new CountDownLatch(1);
                    Thread t = new Thread(() -> outcomes[index] = HeadlessMacro.run(macros[index], ""), "macro-" + (k + 1));
                    threads.add(t);
                    t.start();
                    assertTrue("macro " + (k + 1) + " registered its extensions", registeredOne.await(5, TimeUnit.MINUTES));
                }
                allRegistered.countDown();
                for (Thread t : threads) t.join(TimeUnit.MINUTES.toMillis(15));
                for (Thread t : threads) assertFalse(t.getName() + " still running", t.isAlive());
            } else {
                allRegistered = null;
                registeredOne = null;
                for (int k = 0; k < 4; k++) outcomes[k] = HeadlessMacro.run(macros[k], "");
            }
        } finally {
            System.setOut(saved);
            capture.close();
        }
        String out = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
        Object[][] results = new Object[4][];
        for (int k = 0; k < 4; k++) {
            assertNull(out, outcomes[k].error);
            assertEquals(0, outcomes[k].status);
            List<String> lines = new ArrayList<>();
            for (String line : out.split("\n"))
                if (line.startsWith((k + 1) + " ")) lines.add(line);
            ImagePlus result = Ijcl.pull((k + 1) + "_result");
            ImageStack stack = result.getStack();
            Object[] planes = new Object[stack.getSize()];
            for (int z = 1; z <= stack.getSize(); z++) planes[z - 1] = stack.getPixels(z);
            results[k] = new Object[] {lines, planes, result.getBitDepth()};
        }
        return results;
    }

    @Test
    public void fourMacrosAtOnceEqualFourOneByOne() throws Exception {
        Object[][] sequential = run(false);
        Object[][] concurrent = run(true);
        for (int k = 0; k < 4; k++) {
            @SuppressWarnings("unchecked")
            List<String> a = (List<String>) sequential[k][0], b = (List<String>) concurrent[k][0];
            assertEquals("macro " + (k + 1) + " printed 3 rounds of its numbers", 3, a.stream().filter(s -> s.contains("done")).count());
            assertTrue("macro " + (k + 1) + " printed numbers", a.size() > 3);
            // Within a thread the lines keep their order; across threads they interleave.
            assertEquals("macro " + (k + 1) + " numbers", a, b);
            assertEquals(sequential[k][2], concurrent[k][2]);
            Object[] pa = (Object[]) sequential[k][1], pb = (Object[]) concurrent[k][1];
            assertEquals(pa.length, pb.length);
            for (int z = 0; z < pa.length; z++) {
                assertNotNull(pa[z]);
                String where = "macro " + (k + 1) + " result plane " + z;
                if (pa[z] instanceof byte[]) assertArrayEquals(where, (byte[]) pa[z], (byte[]) pb[z]);
                else if (pa[z] instanceof short[]) assertArrayEquals(where, (short[]) pa[z], (short[]) pb[z]);
                else assertTrue(where, Arrays.equals((float[]) pa[z], (float[]) pb[z]));
            }
        }
    }
}
