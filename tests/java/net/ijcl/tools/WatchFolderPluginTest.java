package net.ijcl.tools;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import org.junit.Assume;
import org.junit.Test;

/**
 * Plugins &gt; ijcl &gt; Watch Folder... headless: the command, run from a macro with its dialog's
 * options (as the Recorder writes them), watches a folder like {@code ./ijcl watch} (frames in name
 * order, results.csv, Log lines); its live plot holds one point per frame of the chosen column,
 * error rows left out, and is redrawn as frames come.
 */
public class WatchFolderPluginTest {

    /** Three 61 x 47 8-bit frames t0..t2.tif in {@code in}, and root/mean.ijm (the mean into the results). */
    private static File writeFramesAndMacro(File root, File in) throws Exception {
        assertTrue(in.mkdirs());
        for (int i = 0; i < 3; i++) {
            byte[] px = new byte[61 * 47];
            for (int p = 0; p < px.length; p++) px[p] = (byte) ((p * (i + 3)) % 251);
            Files.write(new File(in, "t" + i + ".tif").toPath(), WatchMacroTest.tiff(px));
        }
        File macro = new File(root, "mean.ijm");
        Files.write(macro.toPath(), String.join("\n", "getStatistics(area, mean);", "setResult(\"mean\", 0, mean);", "")
                .getBytes(StandardCharsets.UTF_8));
        return macro;
    }

    @Test
    public void theMenuCommandWatchesAFolderFromAMacro() throws Exception {
        File root = Files.createTempDirectory("ijcl-watch-plugin").toFile();
        File in = new File(root, "in"), out = new File(root, "out");
        File macro = writeFramesAndMacro(root, in);
        MacroProcess p = MacroProcess.run("run(\"Watch Folder...\", \"macro=[" + macro + "] input=[" + in + "] output=[" + out
                + "] pattern=[] stop=3 idle=0 pages=0 stable=0.2 give=5 plot=mean warm-up=[]\");\n", null);
        assertEquals(p.toString(), 0, p.exitStatus);
        assertTrue(p.toString(), p.stdout.contains("[frame 1] t0.tif: ok") || p.stderr.contains("[frame 1] t0.tif: ok"));
        List<String> lines = Files.readAllLines(new File(out, FolderWatch.RESULTS).toPath(), StandardCharsets.UTF_8);
        assertEquals(lines.toString(), 4, lines.size());
        for (int i = 1; i <= 3; i++) {
            List<String> row = FolderWatch.parseCsvLine(lines.get(i));
            assertEquals(Arrays.asList(Integer.toString(i), "t" + (i - 1) + ".tif", "ok"), Arrays.asList(row.get(0), row.get(1), row.get(3)));
        }
    }

    /**
     * In a real ImageJ window (Xvfb): the menu command, a shown plot window with one point per
     * frame, and the user's open image left open.
     */
    @Test
    public void inImageJWithItsGuiThePlotWindowShowsTheColumn() throws Exception {
        Assume.assumeTrue("no X server: xvfb-run is not installed", JvmProcess.onPath("xvfb-run"));
        File root = Files.createTempDirectory("ijcl-watch-gui").toFile();
        File in = new File(root, "in"), out = new File(root, "out");
        File macro = writeFramesAndMacro(root, in);
        RecorderXvfbTest.installMenus(new File(root, "plugins"));
        File result = new File(root, "gui.txt");
        JvmProcess gui = JvmProcess.run(Arrays.asList("xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"),
                Arrays.asList("-Djava.awt.headless=false", "-Duser.home=" + root, "-Dplugins.dir=" + root),
                WatchInImageJ.class, root, result.getPath(), "macro=[" + macro + "] input=[" + in + "] output=[" + out
                        + "] pattern=[] stop=3 idle=0 pages=0 stable=0.2 give=5 plot=mean warm-up=[]");
        Assume.assumeFalse("no X server: Xvfb failed to start\n" + gui, gui.stderr.contains("Xvfb failed to start"));
        assertEquals(gui.toString(), 0, gui.exitStatus);
        List<String> lines = Files.readAllLines(result.toPath(), StandardCharsets.UTF_8);
        assertEquals("net.ijcl.tools.WatchFolderPlugin", lines.get(0));
        assertEquals("PlotWindow", lines.get(1));
        assertEquals("user's image open: true", lines.get(2)); // the watch closes only its frames' images
        List<String> rows = Files.readAllLines(new File(out, FolderWatch.RESULTS).toPath(), StandardCharsets.UTF_8);
        int column = FolderWatch.parseCsvLine(rows.get(0)).indexOf("mean");
        assertEquals(lines.toString(), 6, lines.size());
        for (int i = 0; i < 3; i++)
            assertEquals(Float.parseFloat(FolderWatch.parseCsvLine(rows.get(i + 1)).get(column)), Float.parseFloat(lines.get(3 + i)), 0f);
    }

    @Test
    public void theLivePlotHasOnePointPerFrameOfItsColumn() {
        WatchFolderPlugin.LivePlot plot = new WatchFolderPlugin.LivePlot("spots");
        plot.add(frame(1, "ok", "12"));
        plot.add(frame(2, "error", null)); // no value: not plotted
        plot.add(frame(3, "ok", "15"));
        plot.add(frame(4, "ok", "9"));
        assertArrayEquals(new float[] {1, 3, 4}, WatchFolderPlugin.lastPlot.getXValues(), 0f);
        assertArrayEquals(new float[] {12, 15, 9}, WatchFolderPlugin.lastPlot.getYValues(), 0f);
        double[] limits = WatchFolderPlugin.lastPlot.getLimits();
        assertTrue(Arrays.toString(limits), limits[0] <= 1 && limits[1] >= 4 && limits[2] <= 9 && limits[3] >= 15);
    }

    private static FolderWatch.Frame frame(int number, String status, String spots) {
        FolderWatch.Frame f = new FolderWatch.Frame();
        f.number = number;
        f.status = status;
        if (spots != null) {
            f.headings.add("spots");
            f.rows.add(Arrays.asList(spots));
        }
        return f;
    }
}
