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
            // 3D filters (Gaussian Blur 3D, Filters3D)
            row("Gaussian Blur 3D...", "ij.plugin.GaussianBlur3D", null, "GaussianBlur3DTwin"),
            row("Median 3D...", "ij.plugin.Filters3D", "median", "Filters3DTwin"),
            row("Mean 3D...", "ij.plugin.Filters3D", "mean", "Filters3DTwin"),
            row("Minimum 3D...", "ij.plugin.Filters3D", "min", "Filters3DTwin"),
            row("Maximum 3D...", "ij.plugin.Filters3D", "max", "Filters3DTwin"),
            row("Variance 3D...", "ij.plugin.Filters3D", "var", "Filters3DTwin"),
            // Process > Smooth, Sharpen, Find Edges
            row("Smooth", "ij.plugin.filter.Filters", "smooth", "FiltersTwin"),
            row("Sharpen", "ij.plugin.filter.Filters", "sharpen", "FiltersTwin"),
            row("Find Edges", "ij.plugin.filter.Filters", "edge", "FiltersTwin"),
            row("Unsharp Mask...", "ij.plugin.filter.UnsharpMask", null, "UnsharpMaskTwin"),
            // binary and stacks group: Image > Transform, Image > Stacks > Z Project, Process > Binary
            row("Flip Horizontally", "ij.plugin.filter.Transformer", "fliph", "TransformerTwin"),
            row("Flip Vertically", "ij.plugin.filter.Transformer", "flipv", "TransformerTwin"),
            row("Rotate 90 Degrees Right", "ij.plugin.filter.Transformer", "right", "TransformerTwin"),
            row("Rotate 90 Degrees Left", "ij.plugin.filter.Transformer", "left", "TransformerTwin"),
            row("Z Project...", "ij.plugin.ZProjector", null, "ZProjectorTwin"),
            row("Erode", "ij.plugin.filter.Binary", "erode", "BinaryTwin"),
            row("Dilate", "ij.plugin.filter.Binary", "dilate", "BinaryTwin"),
            row("Open", "ij.plugin.filter.Binary", "open", "BinaryTwin"),
            row("Close-", "ij.plugin.filter.Binary", "close", "BinaryTwin"),
            row("Outline", "ij.plugin.filter.Binary", "outline", "BinaryTwin"),
            row("Fill Holes", "ij.plugin.filter.Binary", "fill", "BinaryTwin"),
            row("Convert to Mask", "ij.plugin.Thresholder", "mask", "ThresholderTwin"),
            row("Make Binary", "ij.plugin.Thresholder", null, "ThresholderTwin"),
            // Process > Math, Edit > Invert, Image > Type, Image Calculator (gm-math)
            row("Add...", "ij.plugin.filter.ImageMath", "add", "ImageMathTwin"),
            row("Subtract...", "ij.plugin.filter.ImageMath", "sub", "ImageMathTwin"),
            row("Multiply...", "ij.plugin.filter.ImageMath", "mul", "ImageMathTwin"),
            row("Divide...", "ij.plugin.filter.ImageMath", "div", "ImageMathTwin"),
            row("Min...", "ij.plugin.filter.ImageMath", "min", "ImageMathTwin"),
            row("Max...", "ij.plugin.filter.ImageMath", "max", "ImageMathTwin"),
            row("Gamma...", "ij.plugin.filter.ImageMath", "gamma", "ImageMathTwin"),
            row("Log", "ij.plugin.filter.ImageMath", "log", "ImageMathTwin"),
            row("Exp", "ij.plugin.filter.ImageMath", "exp", "ImageMathTwin"),
            row("Square", "ij.plugin.filter.ImageMath", "sqr", "ImageMathTwin"),
            row("Square Root", "ij.plugin.filter.ImageMath", "sqrt", "ImageMathTwin"),
            row("Abs", "ij.plugin.filter.ImageMath", "abs", "ImageMathTwin"),
            row("Reciprocal", "ij.plugin.filter.ImageMath", "reciprocal", "ImageMathTwin"),
            row("Invert", "ij.plugin.filter.Filters", "invert", "FiltersTwin"),
            row("8-bit", "ij.plugin.Converter", "8-bit", "ConverterTwin"),
            row("16-bit", "ij.plugin.Converter", "16-bit", "ConverterTwin"),
            row("32-bit", "ij.plugin.Converter", "32-bit", "ConverterTwin"),
            row("Image Calculator...", "ij.plugin.ImageCalculator", null, "ImageCalculatorTwin"),
            // analysis group (issue 12): Enhance Contrast's normalize/equalize mapping, Subtract Background's rolling ball
            row("Enhance Contrast...", "ij.plugin.ContrastEnhancer", null, "EnhanceContrastTwin"),
            row("Subtract Background...", "ij.plugin.filter.BackgroundSubtracter", null, "SubtractBackgroundTwin")));

    /** True when {@code command} has a GPU twin. */
    static boolean has(String command) {
        for (Twin t : ALL) if (t.command.equals(command)) return true;
        return false;
    }
}
