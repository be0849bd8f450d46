package net.ijcl.tools;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.gui.PlotWindow;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Runs <i>Plugins &gt; ijcl &gt; Watch Folder...</i> in a real ImageJ with its GUI (under Xvfb, by
 * {@link WatchFolderPluginTest}): the command from the menus of a plugins.config jar, with its
 * options as a recorded macro passes them; afterwards writes to OUT_FILE the menu path, the class
 * of the plot's window and the plot's Y values, one per line. Exit status 0 when every step happened.
 *
 * <p>Usage: {@code WatchInImageJ OUT_FILE OPTIONS}.
 */
public final class WatchInImageJ {
    private WatchInImageJ() {}

    public static void main(String[] args) {
        int status = 1;
        try {
            if (GraphicsEnvironment.isHeadless()) throw new IllegalStateException("no display: AWT is headless");
            ImageJ imagej = new ImageJ();
            long deadline = System.currentTimeMillis() + 120_000;
            while (!imagej.isShowing() && System.currentTimeMillis() < deadline) Thread.sleep(50); // polling with a deadline
            ImagePlus users = IJ.createImage("the user's image", "8-bit ramp", 64, 32, 1);
            users.show();
            while (users.getWindow() == null && System.currentTimeMillis() < deadline) Thread.sleep(50);
            IJ.run("Watch Folder...", args[1]);
            ij.gui.Plot last = WatchFolderPlugin.lastPlot;
            if (last == null) throw new IllegalStateException("no plot");
            ImagePlus plot = WatchFolderPlugin.lastPlotImage;
            while ((plot.getWindow() == null || !plot.getWindow().isShowing()) && System.currentTimeMillis() < deadline)
                Thread.sleep(50); // polling with a deadline
            if (plot.getWindow() == null) throw new IllegalStateException("the plot has no window");
            StringBuilder b = new StringBuilder();
            b.append(ij.Menus.getCommands().get("Watch Folder...")).append('\n');
            b.append(plot.getWindow().getClass().getSimpleName()).append('\n');
            b.append("user's image open: ").append(users.getWindow() != null && users.getWindow().isShowing()).append('\n');
            for (float y : ((PlotWindow) plot.getWindow()).getPlot().getYValues()) b.append(y).append('\n');
            Files.write(new File(args[0]).toPath(), b.toString().getBytes(StandardCharsets.UTF_8));
            status = 0;
        } catch (Throwable t) {
            t.printStackTrace();
        }
        System.out.flush();
        System.err.flush();
        System.exit(status);
    }
}
