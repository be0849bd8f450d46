package net.ijcl;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.FloatPolygon;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import static net.ijcl.MacroArgs.number;
import static net.ijcl.MacroArgs.text;

/**
 * The code of CLIJ2's transfer functions that run in Java (declared as rows in
 * {@link HostFunctions}): pushing under another name, images as text, tiles of an open image,
 * pulling into the current plane or selection of an open image, and pulling a binary image or a
 * point list as an ImageJ selection. Sizes and positions in pixels, axes x, y, z; images on the GPU
 * are addressed by name, open images by title. Each function checks its arguments before it
 * changes anything: a refused call leaves GPU images and open images as they were.
 */
final class HostTransferFunctions {
    private HostTransferFunctions() {}

    /** Pushes the open image titled {@code title} to the GPU under {@code newName} (as push). */
    static void pushAs(String title, String newName) {
        ImagePlus imp = HostDataFunctions.openImage("pushAs", title);
        if (newName.trim().isEmpty()) throw new IjclException("argument 'new_name': no name given");
        Ijcl.push(imp, newName);
    }

    // --- images as text -------------------------------------------------------------------------

    /**
     * A float32 image from text: numbers separated by spaces (or tabs) along x, lines (a single
     * line break) along y, planes (an empty line between them) along z, as CLIJ2's pushString
     * reads it. The shape comes from the text; width, height and depth, when not 0, must agree
     * with it. Errors name the argument: rows of different lengths, a token that is not a number,
     * a size that disagrees.
     */
    static void pushString(Object[] args) {
        String name = HostDataFunctions.destination(args, "pushString");
        String input = text(args[1]).replace("\r\n", "\n").replace('\r', '\n');
        List<List<float[]>> planes = new ArrayList<>();
        int width = -1;
        for (String planeText : input.trim().split("\n[ \t]*\n+")) {
            List<float[]> rows = new ArrayList<>();
            for (String line : planeText.split("\n")) {
                String row = line.trim();
                if (row.isEmpty()) continue;
                String[] tokens = row.split("[ \t]+");
                if (width < 0) width = tokens.length;
                if (tokens.length != width)
                    throw new IjclException("argument 'input': line " + (rows.size() + 1) + " of plane " + (planes.size() + 1)
                            + " holds " + tokens.length + " numbers, the first line " + width);
                float[] values = new float[width];
                for (int x = 0; x < width; x++) {
                    try {
                        values[x] = Float.parseFloat(tokens[x]);
                    } catch (NumberFormatException e) {
                        throw new IjclException("argument 'input': '" + tokens[x] + "' is not a number");
                    }
                }
                rows.add(values);
            }
            if (!rows.isEmpty() && !planes.isEmpty() && rows.size() != planes.get(0).size())
                throw new IjclException("argument 'input': plane " + (planes.size() + 1) + " has " + rows.size()
                        + " lines, the first plane " + planes.get(0).size());
            if (!rows.isEmpty()) planes.add(rows);
        }
        if (planes.isEmpty()) throw new IjclException("argument 'input': the text holds no numbers");
        int height = planes.get(0).size(), depth = planes.size();
        checkSize(args[2], "width", width);
        checkSize(args[3], "height", height);
        checkSize(args[4], "depth", depth);
        ImageStack stack = new ImageStack(width, height);
        for (List<float[]> rows : planes) {
            float[] pixels = new float[width * height];
            for (int y = 0; y < height; y++) System.arraycopy(rows.get(y), 0, pixels, y * width, width);
            stack.addSlice(new FloatProcessor(width, height, pixels));
        }
        Ijcl.push(new ImagePlus(name, stack), name);
    }

    private static void checkSize(Object arg, String param, int actual) {
        double given = number(arg);
        if (Double.isNaN(given) || given == 0) return;
        if (given != actual)
            throw new IjclException("argument '" + param + "': " + format(given) + ", but the text has " + actual);
    }

    /**
     * The pixels as text, the layout pushString reads: values as Java writes a float ("3.0"),
     * separated by single spaces, lines by a line break, planes by an empty line (as CLIJ2).
     */
    static String pullString(String name) {
        ImagePlus imp = Ijcl.pull(name);
        StringBuilder s = new StringBuilder();
        for (int z = 1; z <= imp.getStackSize(); z++) {
            if (z > 1) s.append("\n\n");
            ImageProcessor ip = imp.getStack().getProcessor(z);
            for (int y = 0; y < ip.getHeight(); y++) {
                if (y > 0) s.append('\n');
                for (int x = 0; x < ip.getWidth(); x++) s.append(x == 0 ? "" : " ").append(ip.getf(x, y));
            }
        }
        return s.toString();
    }

    // --- tiles ----------------------------------------------------------------------------------

    /** One axis of a tile: the core [start, start + size) and the pushed range [from, to). */
    static final class Span {
        final int start, size, from, to;

        Span(int start, int size, int from, int to) {
            this.start = start;
            this.size = size;
            this.from = from;
            this.to = to;
        }
    }

    /** Tile {@code index} of {@code size} pixels with {@code margin} on each side, clipped to [0, extent). */
    static Span span(Object indexArg, Object sizeArg, Object marginArg, int extent, String axis) {
        long index = whole(indexArg, "tileIndex" + axis.toUpperCase(), 0);
        long size = whole(sizeArg, axis.equals("x") ? "width" : axis.equals("y") ? "height" : "depth", 1);
        long margin = whole(marginArg, axis.equals("x") ? "marginWidth" : axis.equals("y") ? "marginHeight" : "marginDepth", 0);
        long start = index * size;
        if (start >= extent)
            throw new IjclException("argument 'tileIndex" + axis.toUpperCase() + "': tile " + index + " of " + size
                    + " pixels starts at " + axis + " = " + start + ", beyond the image (" + extent + " pixels)");
        long end = Math.min(extent, start + size);
        return new Span((int) start, (int) (end - start), (int) Math.max(0, start - margin), (int) Math.min(extent, end + margin));
    }

    private static long whole(Object arg, String param, long min) {
        double v = number(arg);
        if (!(v >= min) || v != Math.rint(v) || v > Integer.MAX_VALUE)
            throw new IjclException("argument '" + param + "': expected a whole number >= " + min + ", got " + format(v));
        return (long) v;
    }

    private static Span[] tile(ImagePlus imp, Object[] a) {
        int depth = Ijcl.planeIndices(imp).length;
        return new Span[] {span(a[1], a[4], a[7], imp.getWidth(), "x"), span(a[2], a[5], a[8], imp.getHeight(), "y"),
                span(a[3], a[6], a[9], depth, "z")};
    }

    /**
     * Pushes one tile of the open image titled {@code args[0]} under the same name: the block of
     * tile index (ix, iy, iz) and size width x height x depth, widened by the margins on every
     * side and clipped to the image (current channel and frame of a hyperstack, as push).
     */
    static void pushTile(Object[] args) {
        String title = text(args[0]);
        ImagePlus imp = HostDataFunctions.openImage("pushTile", title);
        Span[] t = tile(imp, args);
        int[] planes = Ijcl.planeIndices(imp);
        Rectangle r = new Rectangle(t[0].from, t[1].from, t[0].to - t[0].from, t[1].to - t[1].from);
        ImageStack out = new ImageStack(r.width, r.height);
        for (int z = t[2].from; z < t[2].to; z++) {
            ImageProcessor ip = imp.getStack().getProcessor(planes[z]);
            ip.setRoi(r);
            out.addSlice(ip.crop());
        }
        ImagePlus tile = new ImagePlus(title, out);
        tile.setCalibration(imp.getCalibration());
        Ijcl.push(tile, title);
    }

    /**
     * Writes the core of a processed tile back into the open image of the same title: the GPU
     * image {@code args[0]} is taken to hold the block pushTile pushed for these arguments, and
     * its part without the margins goes to the tile's place. Errors: no open image or GPU image
     * of that name, a GPU image smaller than the tile with its margins.
     */
    static void pullTile(Object[] args) {
        String title = text(args[0]);
        ImagePlus imp = HostDataFunctions.openImage("pullTile", title);
        Span[] t = tile(imp, args);
        long[] info = Ijcl.imageInfo(title);
        int[] need = {t[0].to - t[0].from, t[1].to - t[1].from, t[2].to - t[2].from};
        for (int i = 0; i < 3; i++)
            if (info[i] < need[i])
                throw new IjclException("argument 'image': the GPU image '" + title + "' is " + info[0] + " x " + info[1] + " x "
                        + info[2] + ", smaller than the tile with its margins (" + need[0] + " x " + need[1] + " x " + need[2] + ")");
        ImagePlus tile = Ijcl.pull(title);
        int[] planes = Ijcl.planeIndices(imp);
        for (int z = 0; z < t[2].size; z++) {
            ImageProcessor src = tile.getStack().getProcessor(t[2].start - t[2].from + z + 1);
            ImageProcessor dst = imp.getStack().getProcessor(planes[t[2].start + z]);
            for (int y = 0; y < t[1].size; y++)
                for (int x = 0; x < t[0].size; x++)
                    dst.putPixelValue(t[0].start + x, t[1].start + y,
                            src.getPixelValue(t[0].start - t[0].from + x, t[1].start - t[1].from + y));
        }
        imp.changes = true;
        imp.updateAndDraw();
    }

    // --- into open images -----------------------------------------------------------------------

    /**
     * Writes the 2D GPU image into the current plane of the open image {@code target}, from its
     * top-left corner (or the top-left corner of its selection's bounding box); pixels beyond the
     * plane (or the box) are left out; values are converted as ImageJ's putPixelValue does
     * (rounded and clamped to 0..255 / 0..65535).
     */
    static void pullToCurrentSlice(String name, String target, boolean intoSelection) {
        String function = intoSelection ? "pullToCurrentSliceSelection" : "pullToCurrentSlice";
        ImagePlus imp = WindowManager.getImage(target);
        if (imp == null) throw new IjclException("argument 'target_image_stack': no image titled '" + target + "' is open");
        if (imp.getBitDepth() == 24)
            throw new IjclException("argument 'target_image_stack': '" + target + "' is an RGB image; " + function + " writes 8, 16 and 32-bit images");
        long[] info = Ijcl.imageInfo(name);
        if (info[2] != 1)
            throw new IjclException("argument 'input_slice': '" + name + "' is a stack of " + info[2] + " planes; " + function + " takes a 2D image");
        Rectangle box = new Rectangle(0, 0, imp.getWidth(), imp.getHeight());
        Roi roi = imp.getRoi();
        if (intoSelection && roi != null) box = roi.getBounds().intersection(box);
        if (box.isEmpty()) throw new IjclException("argument 'target_image_stack': the selection of '" + target + "' lies outside the image");
        ImageProcessor src = Ijcl.pull(name).getProcessor();
        ImageProcessor dst = imp.getProcessor();
        int w = Math.min(src.getWidth(), box.width), h = Math.min(src.getHeight(), box.height);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) dst.putPixelValue(box.x + x, box.y + y, src.getPixelValue(x, y));
        imp.changes = true;
        imp.updateAndDraw();
    }

    // --- selections -----------------------------------------------------------------------------

    private static ImagePlus currentImage(String function) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) throw new IjclException(function + " puts a selection on the current image, but no image is open");
        return imp;
    }

    /**
     * The non-zero pixels of a 2D GPU image as a selection (ImageJ's ThresholdToSelection) on the
     * current image; an image without non-zero pixels removes the selection.
     */
    static void pullAsROI(String name) {
        long[] info = Ijcl.imageInfo(name);
        if (info[2] != 1)
            throw new IjclException("argument 'binary_input': '" + name + "' is a stack of " + info[2] + " planes; pullAsROI takes a 2D image");
        ImagePlus target = currentImage("pullAsROI");
        ImageProcessor ip = Ijcl.pull(name).getProcessor();
        ByteProcessor mask = new ByteProcessor(ip.getWidth(), ip.getHeight());
        for (int i = 0; i < ip.getPixelCount(); i++) if (ip.getf(i) != 0) mask.set(i, 255);
        mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        Roi roi = ThresholdToSelection.run(new ImagePlus("mask", mask));
        if (roi == null) target.deleteRoi();
        else target.setRoi(roi);
    }

    /**
     * A point list (width = number of points, row 0 = x, row 1 = y, in pixels) as a point
     * selection on the current image. The array argument is left unchanged, as in CLIJ2.
     */
    static void pull2DPointListAsRoi(String name) {
        long[] info = Ijcl.imageInfo(name);
        if (info[1] < 2 || info[2] != 1)
            throw new IjclException("argument 'input': a point list has a row of x and a row of y (2D, height >= 2); '" + name
                    + "' is " + info[0] + " x " + info[1] + " x " + info[2]);
        ImagePlus target = currentImage("pull2DPointListAsRoi");
        ImageProcessor ip = Ijcl.pull(name).getProcessor();
        float[] xs = new float[ip.getWidth()], ys = new float[ip.getWidth()];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = ip.getf(i, 0);
            ys[i] = ip.getf(i, 1);
        }
        target.setRoi(new PointRoi(new FloatPolygon(xs, ys, xs.length)));
    }

    // --- labels as selections, images as tables (the label-point family) ---------------------------

    /** Each label 1..max of a 2D label image as a selection named "Label_<id>" (CLIJ2's names), in id order. */
    static List<Roi> labelRois(String name, String function) {
        long[] info = Ijcl.imageInfo(name);
        if (info[2] != 1)
            throw new IjclException("argument 'labelmap_input': '" + name + "' is a stack of " + info[2] + " planes; " + function + " takes a 2D label image");
        ImageProcessor ip = Ijcl.pull(name).getProcessor();
        int w = ip.getWidth(), h = ip.getHeight();
        // the bounding box of every id, then each id's mask within its box only
        java.util.TreeMap<Integer, int[]> boxes = new java.util.TreeMap<>();
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                float v = ip.getf(x, y);
                if (!(v >= 1)) continue; // background, negative and NaN are no label
                int id = v >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v; // float ids truncated, as on the device
                int[] b = boxes.get(id);
                if (b == null) boxes.put(id, new int[] {x, y, x, y});
                else {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        List<Roi> rois = new ArrayList<>();
        for (java.util.Map.Entry<Integer, int[]> e : boxes.entrySet()) {
            int id = e.getKey();
            int[] b = e.getValue();
            ByteProcessor mask = new ByteProcessor(b[2] - b[0] + 1, b[3] - b[1] + 1);
            for (int y = b[1]; y <= b[3]; y++)
                for (int x = b[0]; x <= b[2]; x++) {
                    float v = ip.getf(x, y);
                    if (v >= 1 && (v >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v) == id) mask.set(x - b[0], y - b[1], 255);
                }
            mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
            Roi roi = ThresholdToSelection.run(new ImagePlus("mask", mask));
            Rectangle r = roi.getBounds();
            roi.setLocation(b[0] + r.x, b[1] + r.y);
            roi.setName("Label_" + id);
            rois.add(roi);
        }
        return rois;
    }

    /**
     * The ROI Manager the macro language uses (the batch-mode one in batch mode), opened if needed.
     * ImageJ's RoiManager is a window: a headless JVM can make one only when ImageJ was patched by
     * net.ijcl.tools.HeadlessImageJ (./ijcl run and batch are); elsewhere (java.awt.HeadlessException,
     * as ImageJ's own roiManager() macro function fails there) this is a clear error.
     */
    static ij.plugin.frame.RoiManager roiManager(String function) {
        ij.plugin.frame.RoiManager rm;
        try {
            rm = ij.plugin.frame.RoiManager.getInstance();
            if (rm == null && ij.macro.Interpreter.isBatchMode()) rm = ij.macro.Interpreter.getBatchModeRoiManager();
            if (rm == null) rm = ij.plugin.frame.RoiManager.getRoiManager();
        } catch (java.awt.HeadlessException e) {
            throw new IjclException(function + ": ImageJ's ROI Manager is a window and cannot open in this headless "
                    + "ImageJ (java.awt.HeadlessException; ImageJ was not patched by net.ijcl.tools.HeadlessImageJ); nothing was added."
                    + " Use pullLabelsToROIList or pullAsROI instead");
        }
        if (rm == null) throw new IjclException(function + ": ImageJ has no ROI Manager here");
        return rm;
    }

    /** pullLabelsToROIList: logs each label's selection (ImageJ's Roi.toString), as CLIJ2 does from a macro. */
    static void pullLabelsToROIList(String name) {
        for (Roi roi : labelRois(name, "pullLabelsToROIList")) ij.IJ.log("" + roi);
    }

    /** pullLabelsToROIManager: adds each label's selection to the ROI Manager, named Label_<id>. */
    static void pullLabelsToROIManager(String name) {
        List<Roi> rois = labelRois(name, "pullLabelsToROIManager");
        ij.plugin.frame.RoiManager rm = roiManager("pullLabelsToROIManager");
        for (Roi roi : rois) rm.addRoi(roi);
    }

    /** pullToROIManager: the non-zero pixels of a 2D image as one selection added to the ROI Manager (none when empty). */
    static void pullToROIManager(String name) {
        Roi roi = nonZeroRoi(name, "pullToROIManager");
        if (roi != null) roiManager("pullToROIManager").addRoi(roi);
    }

    /** The non-zero pixels of a 2D GPU image as ImageJ's ThresholdToSelection, or null when there are none. */
    static Roi nonZeroRoi(String name, String function) {
        long[] info = Ijcl.imageInfo(name);
        if (info[2] != 1)
            throw new IjclException("argument 'binary_input': '" + name + "' is a stack of " + info[2] + " planes; " + function + " takes a 2D image");
        ImageProcessor ip = Ijcl.pull(name).getProcessor();
        ByteProcessor mask = new ByteProcessor(ip.getWidth(), ip.getHeight());
        for (int i = 0; i < ip.getPixelCount(); i++) if (ip.getf(i) != 0) mask.set(i, 255);
        mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
        return ThresholdToSelection.run(new ImagePlus("mask", mask));
    }

    /**
     * pullToResultsTable: the first plane of the GPU image appended to the Results table, one row
     * per y, column X<x> holding pixel (x, y) (ImageJ's getPixelValue; uint32 labels as float), as
     * CLIJ2's PullToResultsTable (Image2DToResultsTable) does: existing rows are kept.
     */
    static void pullToResultsTable(String name) {
        ImageProcessor ip = Ijcl.pull(name).getStack().getProcessor(1);
        ij.measure.ResultsTable rt = HostDataFunctions.results();
        synchronized (rt) {
            for (int y = 0; y < ip.getHeight(); y++) {
                rt.incrementCounter();
                for (int x = 0; x < ip.getWidth(); x++) rt.addValue("X" + x, ip.getPixelValue(x, y));
            }
        }
        HostDataFunctions.show(rt);
    }

    /**
     * generateParametricImageFromResultsTableColumn: a Results column as the vector of
     * generateParametricImage (row 0 = the background's value, row l = label l's).
     */
    static void generateParametricImageFromResultsTableColumn(Object[] args) {
        String labels = text(args[0]);
        String column = text(args[2]);
        Ijcl.imageInfo(labels); // the label image must exist before anything is made
        ij.measure.ResultsTable rt = HostDataFunctions.results();
        float[] values;
        synchronized (rt) {
            if (!rt.columnExists(column)) throw new IjclException("argument 'column': the Results table has no column '" + column + "'");
            if (rt.size() == 0) throw new IjclException("argument 'column': the Results table has no rows");
            values = new float[rt.size()];
            for (int i = 0; i < values.length; i++) values[i] = (float) rt.getValue(column, i);
        }
        String destination = text(args[1]);
        if (destination.isEmpty()) {
            destination = IJCLMacroExtensions.autoName("CLIJ2_generateParametricImageFromResultsTableColumn");
            MacroArgs.setText(args[1], destination);
        }
        String vector = "ijcl_parameter_vector_" + Long.toHexString(System.nanoTime());
        Ijcl.push(new ImagePlus(vector, new FloatProcessor(values.length, 1, values)), vector);
        try {
            Ijcl.execute("generateParametricImage", labels, vector, destination);
        } finally {
            Ijcl.release(vector);
        }
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
