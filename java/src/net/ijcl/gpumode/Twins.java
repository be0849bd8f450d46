package net.ijcl.gpumode;

import java.util.List;

/**
 * The GPU twins: one row per ImageJ command that GPU mode runs on the GPU, giving the command's
 * label, ImageJ's own class string in the command table (IJ_Props.txt / ij.Menus, 1.54p) and the
 * twin's class string (a subclass of ImageJ's class, with the same argument). {@link GpuMode}
 * swaps the two in {@code Menus.getCommands()}; the README's GPU mode section lists the same rows.
 * A command not listed here always runs ImageJ's own code.
 */
final class Twins {
    private Twins() {}

    /** One row: command label, ImageJ's class string, the twin's class string. */
    static final class Twin {
        final String command, imagejClass, twinClass;

        Twin(String command, String imagejClass, String twinClass) {
            this.command = command;
            this.imagejClass = imagejClass;
            this.twinClass = twinClass;
        }
    }

    private static final String P = "net.ijcl.gpumode.";

    /** A row whose twin has the same argument as ImageJ's class: {@code ij.pkg.Cls("arg")} -> {@code net.ijcl.gpumode.Twin("arg")}. */
    private static Twin row(String command, String imagejClass, String arg, String twin) {
        String a = arg == null ? "" : "(\"" + arg + "\")";
        return new Twin(command, imagejClass + a, P + twin + a);
    }

    static final List<Twin> ALL = java.util.Collections.unmodifiableList(java.util.Arrays.asList(
            row("Gaussian Blur...", "ij.plugin.filter.GaussianBlur", null, "GaussianBlurTwin"),
            row("Median...", "ij.plugin.filter.RankFilters", "median", "RankFiltersTwin"),
            row("Mean...", "ij.plugin.filter.RankFilters", "mean", "RankFiltersTwin"),
            row("Minimum...", "ij.plugin.filter.RankFilters", "min", "RankFiltersTwin"),
            row("Maximum...", "ij.plugin.filter.RankFilters", "max", "RankFiltersTwin"),
            row("Variance...", "ij.plugin.filter.RankFilters", "variance", "RankFiltersTwin"),
            // analysis group (issue 12): Enhance Contrast's normalize/equalize mapping, Subtract Background's rolling ball
            row("Enhance Contrast...", "ij.plugin.ContrastEnhancer", null, "EnhanceContrastTwin"),
            row("Subtract Background...", "ij.plugin.filter.BackgroundSubtracter", null, "SubtractBackgroundTwin")));

    /** True when {@code command} has a GPU twin. */
    static boolean has(String command) {
        for (Twin t : ALL) if (t.command.equals(command)) return true;
        return false;
    }
}
