package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.ImageStack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import net.ijcl.tools.HeadlessMacro;

import org.junit.Test;

/**
 * Two macros in two Java threads call Ext functions at the same time. Each gets its own correct
 * results, and an error in one stops only that macro (the error goes to the calling macro's own
 * interpreter, not ImageJ's single "current" one). Oracle: sums of the doubled images computed in
 * plain Java.
 *
 * <p>Synchronisation (no sleeps): the macros call back into this class with call(). Macro A
 * registers the extensions, then waits until macro B has registered too (ImageJ registers
 * extensions with whichever interpreter started last, so registration itself is kept apart); then
 * both loop over Ext calls at once. Macro A finishes with more Ext calls only after macro B has
 * failed.
 */
public class ConcurrentMacrosTest extends HeadlessImageJTestBase {
    static CountDownLatch aRegistered, bRegistered, bFailed;

    /** Called from the macros: call("net.ijcl.ConcurrentMacrosTest.arrive", "A"). */
    public static String arrive(String who) throws InterruptedException {
        if (who.equals("A")) {
            aRegistered.countDown();
            return Boolean.toString(bRegistered.await(5, TimeUnit.MINUTES));
        }
        if (who.equals("B")) {
            bRegistered.countDown();
            return "true";
        }
        return Boolean.toString(bFailed.await(5, TimeUnit.MINUTES)); // "A-end"
    }

    private static String loop(String who, String source, int iterations) {
        return String.join("\n",
                "for (i = 0; i < " + iterations + "; i++) {",
                "  out = \"\";",
                "  Ext.IJCL_addImages(\"" + source + "\", \"" + source + "\", out);",
                "  Ext.IJCL_getSumOfAllPixels(out, s);",
                "  print(\"" + who + " \" + i + \" sum=\" + d2s(s, 0));",
                "  Ext.IJCL_release(out);",
                "}");
    }

    @Test
    public void extCallsFromTwoThreadsAtOnceAreSafe() throws Exception {
        aRegistered = new CountDownLatch(1);
        bRegistered = new CountDownLatch(1);
        bFailed = new CountDownLatch(1);
        ImagePlus blobs = TestData.open("blobs.tif");
        ImagePlus head = TestData.open("mini-t1-head.tif");
        Ijcl.push(blobs, "imgA");
        Ijcl.push(head, "imgB");
        // oracle: addImages keeps summand1's type, saturating: min(2p, 255) and min(2p, 65535)
        long sumA = 0, sumB = 0;
        for (byte b : (byte[]) blobs.getProcessor().getPixels()) sumA += Math.min(2 * (b & 0xff), 255);
        ImageStack stack = head.getStack();
        for (int z = 1; z <= stack.getSize(); z++)
            for (short v : (short[]) stack.getPixels(z)) sumB += Math.min(2 * (v & 0xffff), 65535);

        final int n = 12;
        String macroA = String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "call(\"net.ijcl.ConcurrentMacrosTest.arrive\", \"A\");",
                loop("A", "imgA", n),
                "call(\"net.ijcl.ConcurrentMacrosTest.arrive\", \"A-end\");",
                loop("A-late", "imgA", 2),
                "print(\"A done\");");
        String macroB = String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "call(\"net.ijcl.ConcurrentMacrosTest.arrive\", \"B\");",
                loop("B", "imgB", n),
                "x = \"x\";",
                "Ext.IJCL_copy(\"absent_image\", x);",
                "print(\"B AFTER\");");

        final HeadlessMacro.Outcome[] outcomes = new HeadlessMacro.Outcome[2];
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(bytes, true, "UTF-8");
        System.setOut(capture);
        try {
            Thread a = new Thread(() -> outcomes[0] = HeadlessMacro.run(macroA, ""), "macro-A");
            Thread b = new Thread(() -> {
                outcomes[1] = HeadlessMacro.run(macroB, "");
                bFailed.countDown();
            }, "macro-B");
            a.start();
            assertTrue("macro A registered its extensions", aRegistered.await(5, TimeUnit.MINUTES));
            b.start();
            a.join(TimeUnit.MINUTES.toMillis(10));
            b.join(TimeUnit.MINUTES.toMillis(10));
            assertFalse(a.isAlive() || b.isAlive());
        } finally {
            System.setOut(saved);
            capture.close();
        }
        String out = new String(bytes.toByteArray(), StandardCharsets.UTF_8);

        assertNull(out, outcomes[0].error);
        assertEquals(0, outcomes[0].status);
        assertEquals(1, outcomes[1].status);
        assertTrue(outcomes[1].error, outcomes[1].error.startsWith(
                "IJCL_copy: operation 'copy', argument 'source': no image named 'absent_image'"));
        assertFalse(out, out.contains("B AFTER"));
        assertTrue(out, out.contains("A done"));
        for (int i = 0; i < n; i++) {
            assertTrue(out, out.contains("A " + i + " sum=" + sumA + "\n"));
            assertTrue(out, out.contains("B " + i + " sum=" + sumB + "\n"));
        }
        for (int i = 0; i < 2; i++) assertTrue(out, out.contains("A-late " + i + " sum=" + sumA + "\n"));
        // both sources are still there, and every automatic output was released
        assertTrue(Ijcl.exists("imgA") && Ijcl.exists("imgB"));
        assertEquals(256L * 254 + 32L * 32 * 32 * 2, Ijcl.memoryInUse());
    }
}
