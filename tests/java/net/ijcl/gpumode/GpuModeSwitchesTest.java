package net.ijcl.gpumode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.IJ;
import ij.Menus;
import ij.Prefs;
import net.ijcl.HeadlessImageJTestBase;
import net.ijcl.TestData;
import net.ijcl.tools.HeadlessMacro;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/**
 * The switches of GPU mode: run("IJCL GPU Mode", "enable" / "disable" / "report") in a macro, the
 * menu toggle Plugins > ijcl > GPU Mode and its preference, the command table while on and off,
 * a command owned by another plugin left alone, and an unknown option stopping the macro.
 */
public class GpuModeSwitchesTest extends HeadlessImageJTestBase {
    private boolean preference;

    @Before
    public void start() {
        HeadlessMacro.Outcome o = HeadlessMacro.run("", ""); // ImageJ and the plugins.config commands
        assertEquals(0, o.status);
        preference = Prefs.get(GpuMode.PREFERENCE, false);
    }

    @After
    public void restore() {
        GpuMode.disable();
        Prefs.set(GpuMode.PREFERENCE, preference);
        Report.reset();
    }

    /** Runs a macro, returning what it printed (IJ.log goes to standard output headless). */
    private static String printed(String macro) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        HeadlessMacro.Outcome o;
        try {
            o = HeadlessMacro.run(macro, "");
        } finally {
            System.setOut(old);
        }
        assertEquals("macro failed: " + o.error, 0, o.status);
        return buffer.toString();
    }

    @Test
    public void enableReportDisableFromAMacro() {
        String blobs = TestData.file("blobs.tif").getPath();
        String out = printed("run(\"IJCL GPU Mode\", \"reset enable\");\n"
                + "open(\"" + blobs + "\");\n"
                + "run(\"Gaussian Blur...\", \"sigma=2\");\n"
                + "run(\"Gaussian Blur...\", \"sigma=3\");\n"
                + "run(\"Invert LUT\");\n"
                + "run(\"IJCL GPU Mode\", \"report disable\");\n"
                + "close();\n");
        assertTrue(out, out.contains("gpu-mode: Gaussian Blur...\tGPU\t2\n"));
        assertTrue(out, out.contains("gpu-mode: Invert LUT\tCPU\t1\n"));
        assertTrue(out, out.contains("gpu-mode: 1 of 2 commands ran on the GPU\n"));
        assertFalse(GpuMode.isEnabled());
        assertEquals("ImageJ's class is back in the table", "ij.plugin.filter.GaussianBlur",
                Menus.getCommands().get("Gaussian Blur..."));
    }

    @Test
    public void theTableHoldsTheTwinsOnlyWhileOn() {
        GpuMode.enable();
        for (Twins.Twin t : Twins.ALL)
            if (Menus.getCommands().containsKey(t.command))
                assertEquals(t.command, t.twinClass, Menus.getCommands().get(t.command));
        GpuMode.disable();
        for (Twins.Twin t : Twins.ALL)
            if (Menus.getCommands().containsKey(t.command))
                assertEquals(t.command, t.imagejClass, Menus.getCommands().get(t.command));
    }

    @Test
    public void aCommandTakenByAnotherPluginIsLeftAlone() {
        String before = (String) Menus.getCommands().get("Median...");
        Menus.getCommands().put("Median...", "some.other.Plugin(\"median\")");
        try {
            GpuMode.enable();
            assertEquals("some.other.Plugin(\"median\")", Menus.getCommands().get("Median..."));
            assertEquals("net.ijcl.gpumode.GaussianBlurTwin", Menus.getCommands().get("Gaussian Blur..."));
        } finally {
            GpuMode.disable();
            Menus.getCommands().put("Median...", before);
        }
    }

    @Test
    public void theMenuToggleIsRememberedInThePreferences() {
        Prefs.set(GpuMode.PREFERENCE, false);
        IJ.run("GPU Mode");
        assertTrue(GpuMode.isEnabled());
        assertTrue(Prefs.get(GpuMode.PREFERENCE, false));
        GpuMode.disable();
        GpuMode.enableIfPreferred(); // what run("IJCL GPU Mode", "startup") does at the next start
        assertTrue(GpuMode.isEnabled());
        IJ.run("GPU Mode");
        assertFalse(GpuMode.isEnabled());
        assertFalse(Prefs.get(GpuMode.PREFERENCE, true));
    }

    /** A long session: the calls beyond the latest few hundred are folded into counts, which stay exact. */
    @Test
    public void theReportCountsEveryCallOfALongSession() {
        Report.reset();
        for (int i = 0; i < 1000; i++) {
            Report.begin("A");                    // never on the GPU
            Report.begin("B");
            Report.ranOnGpu();                    // always on the GPU
            Report.begin("C");
            Report.ranOnGpu();
            if (i == 0) Report.fellBack("x");     // the first call fell back: folded away long before the end
        }
        assertEquals(java.util.Arrays.asList("gpu-mode: A\tCPU\t1000", "gpu-mode: B\tGPU\t1000", "gpu-mode: C\tCPU\t1000",
                "gpu-mode: 1 of 3 commands ran on the GPU"), Report.lines());
        assertEquals(java.util.Collections.singletonList("x"), Report.reasons("C"));
        assertEquals(java.util.Collections.singletonList("no GPU twin ran"), Report.reasons("A"));
        assertTrue(Report.reasons("B").isEmpty());
    }

    @Test
    public void anUnknownOptionStopsTheMacro() {
        HeadlessMacro.Outcome o = HeadlessMacro.run("run(\"IJCL GPU Mode\", \"enabel\");\nprint(\"AFTER\");", "");
        assertEquals(1, o.status);
        assertTrue(o.error, o.error.contains("enabel"));
    }
}
