package net.ijcl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.ImagePlus;
import ij.process.FloatProcessor;

import java.awt.event.KeyEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import net.ijcl.tools.HeadlessMacro;

import org.junit.After;
import org.junit.Test;

/**
 * Esc (ImageJ's flag IJ.escapePressed(), set here with IJ.setKeyDown(KeyEvent.VK_ESCAPE) as the
 * Esc key sets it) while a macro loops Ext calls: the macro stops at the next operation boundary
 * (at most the operation running when Esc came completes) through the macro abort, with a message
 * that says so; ijcl leaves the flag as it is (ImageJ clears it when the next macro starts), and
 * the next macro runs normally. A plain Java caller (no macro) is not stopped by the flag.
 *
 * <p>Synchronisation (no sleeps): the macro calls back into this class after every operation
 * (call("net.ijcl.EscapeStopTest.step")); Esc is set from the test thread after the third.
 */
public class EscapeStopTest extends HeadlessImageJTestBase {
    static final AtomicInteger STEPS = new AtomicInteger();
    static volatile CountDownLatch running;

    @Override
    @After
    public void releaseAll() {
        IJ.resetEscape();
        super.releaseAll();
    }

    /** Called by the macro after each Ext operation. */
    public static String step() {
        STEPS.incrementAndGet();
        running.countDown();
        return "";
    }

    static final String LOOP = String.join("\n",
            "run(\"IJCL Macro Extensions\", \"device=[]\");",
            "newImage(\"esc\", \"32-bit ramp\", 64, 64, 1);",
            "Ext.IJCL_push(\"esc\");",
            "a = \"esc_a\"; b = \"esc_b\";",
            "Ext.IJCL_addImageAndScalar(\"esc\", a, 0);",
            "for (i = 0; i < 1000000; i++) {",
            "  Ext.IJCL_addImageAndScalar(a, b, 1);",
            "  Ext.IJCL_copy(b, a);",
            "  call(\"net.ijcl.EscapeStopTest.step\");",
            "}",
            "print(\"the loop ran to its end\");", "");

    @Test
    public void escStopsTheMacroAtAnOperationBoundaryAndTheNextMacroRuns() throws Exception {
        STEPS.set(0);
        running = new CountDownLatch(3);
        AtomicReference<HeadlessMacro.Outcome> outcome = new AtomicReference<>();
        // an ImageJ macro thread (its name ends with "Macro$", as Fiji names them)
        Thread macro = new Thread(() -> outcome.set(HeadlessMacro.run(LOOP, "")), "Run$_esc.ijm Macro$");
        macro.start();
        assertTrue("the macro did not start looping", running.await(5, TimeUnit.MINUTES));

        IJ.setKeyDown(KeyEvent.VK_ESCAPE); // what the Esc key does in ImageJ
        int stepsAtEsc = STEPS.get();
        macro.join(TimeUnit.MINUTES.toMillis(2));
        assertFalse("the macro did not stop after Esc", macro.isAlive());

        HeadlessMacro.Outcome o = outcome.get();
        assertEquals(1, o.status);
        assertEquals("Esc was pressed", o.stopped);
        assertTrue(o.error, o.error.matches("IJCL_(addImageAndScalar|copy): stopped before '(addImageAndScalar|copy)': Esc was pressed"));
        // the operation running when Esc came may complete (and its step be counted); no further one
        assertTrue("steps after Esc: " + (STEPS.get() - stepsAtEsc), STEPS.get() <= stepsAtEsc + 1);
        // the images of the completed operations are intact: a = ramp + number of completed steps
        assertTrue(Ijcl.exists("esc_a"));
        assertTrue("ijcl leaves ImageJ's Esc flag to ImageJ", IJ.escapePressed());

        // a plain Java caller is not stopped by a flag left over from an Esc
        Ijcl.push(new ImagePlus("java", new FloatProcessor(8, 8)), "java_in");
        Ijcl.execute("addImageAndScalar", "java_in", "java_out", 2.0);
        assertEquals(2f, Ijcl.pull("java_out").getProcessor().getf(3, 3), 0f);

        // the next macro: ImageJ clears the flag when it starts, and it runs to its end
        HeadlessMacro.Outcome next = HeadlessMacro.run(String.join("\n",
                "run(\"IJCL Macro Extensions\", \"device=[]\");",
                "newImage(\"next\", \"8-bit black\", 16, 16, 1);",
                "Ext.IJCL_push(\"next\");",
                "out = \"next_out\";",
                "for (i = 0; i < 5; i++) Ext.IJCL_addImageAndScalar(\"next\", out, 7);",
                "Ext.IJCL_pull(out);",
                "v = getPixel(3, 3);",
                "if (v != 7) Ext.IJCL_pull(\"wrong value \" + v);", ""), ""); // a failing call: an error
        assertNull(next.error, next.error);
        assertNull(next.stopped);
        assertEquals(0, next.status);
        assertFalse(IJ.escapePressed());
        assertNotNull(Ijcl.imageInfo("next_out"));
    }
}
