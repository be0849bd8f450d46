package net.ijcl;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.Duplicator;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.io.File;
import java.io.IOException;
import java.util.Locale;

import static net.ijcl.MacroArgs.number;
import static net.ijcl.MacroArgs.setText;
import static net.ijcl.MacroArgs.text;

/**
 * The code of CLIJ2's data-family functions that run in Java (declared as rows in
 * {@link HostFunctions}): pushing parts of an open image, macro arrays and tables; tables from
 * images; saving; device information to the Results table. Images on the GPU are addressed by
 * name; sizes in pixels; values as the pixel type holds them (tables and arrays: 32-bit float).
 */
final class HostDataFunctions {
    private HostDataFunctions() {}

    static ImagePlus openImage(String function, String title) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) throw new IjclException("argument 'image': no image titled '" + title + "' is open");
        return imp;
    }

    /** The current channel and frame's z-stack of the open image, pushed under its title. */
    static void pushCurrentZStack(String title) {
        ImagePlus imp = openImage("pushCurrentZStack", title);
        int c = imp.getChannel(), t = imp.getFrame();
        if (imp.getStackSize() == imp.getNChannels() * imp.getNSlices() * imp.getNFrames())
            Ijcl.pushStackIndices(imp, title, Hyperstacks.zStack(imp, c, t)); // keeps the hyperstack origin
        else Ijcl.push(new Duplicator().run(imp, c, c, 1, imp.getNSlices(), t, t), title);
    }

    /** The current plane of the open image, pushed under its title. */
    static void pushCurrentSlice(String title) {
        ImagePlus imp = openImage("pushCurrentSlice", title);
        Ijcl.push(new ImagePlus(title, imp.getProcessor().duplicate()), title);
    }

    /** The bounding box of the selection (whole image without one), of every plane or the current one. */
    static void pushCurrentSelection(String title, boolean currentSliceOnly) {
        ImagePlus imp = openImage(currentSliceOnly ? "pushCurrentSliceSelection" : "pushCurrentSelection", title);
        Roi roi = imp.getRoi();
        Rectangle r = roi == null ? new Rectangle(0, 0, imp.getWidth(), imp.getHeight()) : roi.getBounds().intersection(
                new Rectangle(0, 0, imp.getWidth(), imp.getHeight()));
        if (r.isEmpty()) throw new IjclException("argument 'image': the selection of '" + title + "' lies outside the image");
        ImageStack out = new ImageStack(r.width, r.height);
        int[] planes = currentSliceOnly ? new int[] {imp.getCurrentSlice()} : Ijcl.planeIndices(imp);
        for (int index : planes) {
            ImageProcessor ip = imp.getStack().getProcessor(index);
            ip.setRoi(r);
            out.addSlice(ip.crop());
        }
        Ijcl.push(new ImagePlus(title, out), title);
    }

    /** A float image width x height x depth from a macro array (x fastest), under the destination's name. */
    static void pushArray(Object[] args, String function, boolean threeD) {
        String name = destination(args, function);
        Object[] values = args[1] instanceof Object[] ? (Object[]) args[1] : new Object[0];
        long w = whole(args[2], "width"), h = whole(args[3], "height"), d = threeD ? whole(args[4], "depth") : 1;
        if (w * h * d != values.length)
            throw new IjclException("argument 'input': the array holds " + values.length + " values, width x height x depth is " + (w * h * d));
        ImageStack stack = new ImageStack((int) w, (int) h);
        for (int z = 0; z < d; z++) {
            float[] plane = new float[(int) (w * h)];
            for (int i = 0; i < plane.length; i++) {
                Object v = values[(int) (z * w * h) + i];
                if (!(v instanceof Double)) throw new IjclException("argument 'input': value " + (z * w * h + i) + " is not a number: " + v);
                plane[i] = (float) (double) (Double) v;
            }
            stack.addSlice(new FloatProcessor((int) w, (int) h, plane));
        }
        Ijcl.push(new ImagePlus(name, stack), name);
    }

    /**
     * multiplyImageStackWithScalars: the macro array as a one-row float image (the scalar list of
     * CLIJ2's Java), multiplyImageStackWithScalarList on the GPU, the list released on every path.
     */
    static void multiplyImageStackWithScalars(Object[] args) {
        String source = text(args[0]);
        if (!Ijcl.exists(source)) throw new IjclException("argument 'source': no GPU image named '" + source + "'");
        Object[] values = args[2] instanceof Object[] ? (Object[]) args[2] : null;
        if (values == null) throw new IjclException("argument 'scalars': expected an array of numbers");
        if (values.length == 0) throw new IjclException("argument 'scalars': the array is empty");
        float[] scalars = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] instanceof Double))
                throw new IjclException("argument 'scalars': value " + i + " is not a number: " + values[i]);
            scalars[i] = (float) (double) (Double) values[i];
        }
        String destination = destination(new Object[] {args[1]}, "multiplyImageStackWithScalars");
        String list = "ijcl_scalar_list_" + Long.toHexString(System.nanoTime());
        Ijcl.push(new ImagePlus(list, new FloatProcessor(scalars.length, 1, scalars)), list);
        try {
            Ijcl.execute("multiplyImageStackWithScalarList", source, list, destination);
        } finally {
            Ijcl.release(list);
        }
    }

    private static long whole(Object arg, String param) {
        double v = number(arg);
        if (!(v >= 1) || v != Math.rint(v) || v > Integer.MAX_VALUE)
            throw new IjclException("argument '" + param + "': expected a whole number >= 1, got " + v);
        return (long) v;
    }

    /** Writes the GPU image as a TIFF file (through a temporary file renamed at the end). */
    static void saveAsTIF(String name, String filename) {
        if (filename.trim().isEmpty()) throw new IjclException("argument 'filename': no file name");
        ImagePlus imp = Ijcl.pull(name);
        File target = new File(filename);
        try {
            AtomicOutput.write(target, temporary -> IJ.saveAsTiff(imp, temporary.getPath()));
        } catch (IOException e) {
            throw new IjclException("argument 'filename': cannot write '" + filename + "': " + e.getMessage());
        }
    }

    /** Logs the pixel values: one line per row, values separated by spaces, planes separated by an empty line. */
    /** GPU image {@code name} as an 8-bit ImageJ image: 255 where it is not zero, 0 elsewhere. */
    static ImagePlus pullBinary(String name) {
        ImagePlus imp = Ijcl.pull(name);
        ImageStack in = imp.getStack(), out = new ImageStack(imp.getWidth(), imp.getHeight());
        for (int z = 1; z <= in.getSize(); z++) {
            ImageProcessor ip = in.getProcessor(z);
            byte[] mask = new byte[ip.getPixelCount()];
            for (int i = 0; i < mask.length; i++) mask[i] = ip.getf(i) != 0 ? (byte) 255 : 0;
            out.addSlice(null, new ij.process.ByteProcessor(ip.getWidth(), ip.getHeight(), mask));
        }
        ImagePlus binary = new ImagePlus(name, out);
        binary.setCalibration(imp.getCalibration());
        return binary;
    }

    /**
     * Logs the pixel values exactly as CLIJ2's print does (it logs its pullString text): values as
     * Java writes a float ("6.0", "0.2"), rows on lines, planes separated by an empty line.
     */
    static void print(String name) {
        IJ.log(HostTransferFunctions.pullString(name));
    }

    // --- the Results table ------------------------------------------------------------------------

    static ResultsTable results() {
        ResultsTable rt = ResultsTable.getResultsTable();
        if (rt == null) throw new IjclException("ImageJ has no Results table here");
        return rt;
    }

    static void show(ResultsTable rt) {
        if (!GraphicsEnvironment.isHeadless()) rt.show("Results");
    }

    /** A new Results row with these columns and values. */
    static void addRow(String[] columns, double[] values) {
        ResultsTable rt = results();
        synchronized (rt) {
            rt.incrementCounter();
            for (int i = 0; i < columns.length; i++) rt.addValue(columns[i], values[i]);
        }
        show(rt);
    }

    static void getSize(String name) {
        long[] info = Ijcl.imageInfo(name);
        addRow(new String[] {"Width", "Height", "Depth"}, new double[] {info[0], info[1], info[2]});
    }

    static void gpuProperties() {
        String[] p = Ijcl.deviceProperties();
        ResultsTable rt = results();
        synchronized (rt) {
            rt.incrementCounter();
            rt.addValue("GPUName", p[0]);
            rt.addValue("Global_memory_in_bytes", Double.parseDouble(p[1]));
            rt.addValue("OpenCL_Version", p[2]);
        }
        show(rt);
    }

    static void listAvailableGPUs() {
        ResultsTable rt = results();
        synchronized (rt) {
            for (String line : Ijcl.listDevices()) {
                String[] f = line.split("\t", -1);
                rt.incrementCounter();
                rt.addValue("GPUName", f[0]);
                IJ.log(f[0]);
            }
        }
        show(rt);
    }

    /** The whole Results table as a float image: one column per table column, one row per table row. */
    static void resultsTableToImage(Object[] args, String function) {
        String name = destination(args, function);
        ResultsTable rt = results();
        String[] headings = rt.getHeadings();
        java.util.List<Integer> columns = new java.util.ArrayList<>();
        for (String h : headings) if (h != null && !h.isEmpty() && !" ".equals(h) && !"Label".equals(h)) columns.add(rt.getColumnIndex(h));
        if (columns.isEmpty() || rt.size() == 0) throw new IjclException("the Results table is empty");
        FloatProcessor fp = new FloatProcessor(columns.size(), rt.size());
        for (int x = 0; x < columns.size(); x++)
            for (int y = 0; y < rt.size(); y++) fp.setf(x, y, (float) rt.getValueAsDouble(columns.get(x), y));
        Ijcl.push(new ImagePlus(name, fp), name);
    }

    /** One column of the Results table as a float image of width = rows, height 1. */
    static void columnToImage(Object[] args, String function) {
        String name = destination(args, function);
        String column = text(args[1]);
        ResultsTable rt = results();
        if (!rt.columnExists(column)) throw new IjclException("argument 'column_name': the Results table has no column '" + column + "'");
        if (rt.size() == 0) throw new IjclException("argument 'column_name': the Results table has no rows");
        FloatProcessor fp = new FloatProcessor(rt.size(), 1);
        for (int i = 0; i < rt.size(); i++) fp.setf(i, (float) rt.getValue(column, i));
        Ijcl.push(new ImagePlus(name, fp), name);
    }

    /** A 2D GPU image into the Results table: column X<x> holds the pixels of column x, one row per y. */
    static void image2DToResultsTable(String name) {
        ImagePlus imp = Ijcl.pull(name);
        if (imp.getStackSize() > 1) throw new IjclException("argument 'source': '" + name + "' is a stack; this takes a 2D image");
        ImageProcessor ip = imp.getProcessor();
        ResultsTable rt = results();
        synchronized (rt) {
            rt.reset();
            for (int y = 0; y < ip.getHeight(); y++) {
                rt.incrementCounter();
                for (int x = 0; x < ip.getWidth(); x++) rt.addValue("X" + x, ip.getf(x, y));
            }
        }
        show(rt);
    }

    /** The pixels (x fastest) into a Results column, from row 0 or appended after the last row. */
    static void pullToResultsTableColumn(String name, String column, boolean append) {
        if (column.trim().isEmpty()) throw new IjclException("argument 'column_name': no column name");
        ImagePlus imp = Ijcl.pull(name);
        ResultsTable rt = results();
        synchronized (rt) {
            int row = append ? rt.size() : 0;
            for (int z = 1; z <= imp.getStackSize(); z++) {
                ImageProcessor ip = imp.getStack().getProcessor(z);
                for (int i = 0; i < ip.getPixelCount(); i++, row++) {
                    while (rt.size() <= row) rt.incrementCounter();
                    rt.setValue(column, row, ip.getf(i));
                }
            }
        }
        show(rt);
    }

    /** The output image name in args[0]; an empty one gets CLIJ2's generated name, written back. */
    static String destination(Object[] args, String function) {
        String name = text(args[0]);
        if (name.isEmpty()) {
            name = IJCLMacroExtensions.autoName("CLIJ2_" + function);
            setText(args[0], name);
        }
        return name;
    }

    // --- time tracing -------------------------------------------------------------------------------

    private static final StringBuilder TRACE = new StringBuilder();
    private static volatile boolean tracing;

    static synchronized void startTimeTracing() {
        TRACE.setLength(0);
        tracing = true;
    }

    static synchronized void stopTimeTracing() {
        tracing = false;
    }

    static synchronized String timeTraces() {
        return TRACE.toString();
    }

    /** Called by the macro extensions after every function while tracing is on. */
    static synchronized void trace(String function, long nanos) {
        if (!tracing) return;
        TRACE.append(function).append(String.format(Locale.ROOT, " %.3f ms%n", nanos / 1e6));
    }

    static boolean tracing() {
        return tracing;
    }
}
