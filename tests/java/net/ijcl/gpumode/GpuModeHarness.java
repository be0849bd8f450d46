package net.ijcl.gpumode;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.OvalRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;
import net.ijcl.Ijcl;
import net.ijcl.TestData;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs one ImageJ command on an image with GPU mode off (ImageJ's own code: the oracle) and on,
 * and compares everything the command changed, byte for byte: the image it worked on and every
 * image it created (type, size, calibration, LUT inversion, display range, pixels bitwise with
 * floats compared by their bits), the Results table (headings and every cell) and the ROI Manager
 * (names and polygons). {@link #assertOnGpu} then checks that the GPU run really ran on the
 * device: GPU mode's report says GPU for the command and kernels were launched.
 */
public final class GpuModeHarness {
    private GpuModeHarness() {}

    /** What one run left behind. */
    public static final class Run {
        public final ImagePlus image;
        public final List<ImagePlus> created;
        public final String results;
        public final List<String> rois;
        public final long launches;
        public final List<String> report;
        /** Further images that were open during the run (see {@link #run(boolean, Input, String, String, Input...)}). */
        public final List<ImagePlus> others = new ArrayList<>();

        Run(ImagePlus image, List<ImagePlus> created, String results, List<String> rois, long launches, List<String> report) {
            this.image = image;
            this.created = created;
            this.results = results;
            this.rois = rois;
            this.launches = launches;
            this.report = report;
        }
    }

    /** One input variant: a name and a fresh image each time it is asked for. */
    public static final class Input {
        public final String name;
        public final Supplier<ImagePlus> image;

        public Input(String name, Supplier<ImagePlus> image) {
            this.name = name;
            this.image = image;
        }
    }

    /** Runs {@code command} with {@code options} on a fresh {@code input}, GPU mode on or off. */
    public static Run run(boolean gpu, Input input, String command, String options) {
        return run(gpu, input, command, options, new Input[0]);
    }

    /**
     * {@link #run(boolean, Input, String, String)} with further images open (shown before
     * {@code input}, which stays the current image), e.g. Image Calculator's second operand; they
     * are compared like the image and closed with it.
     */
    public static Run run(boolean gpu, Input input, String command, String options, Input... others) {
        List<ImagePlus> open = new ArrayList<>();
        for (Input o : others) {
            ImagePlus imp = o.image.get();
            imp.show();
            open.add(imp);
        }
        Run r = runShown(gpu, input, command, options);
        r.others.addAll(open);
        return r;
    }

    private static Run runShown(boolean gpu, Input input, String command, String options) {
        if (gpu) GpuMode.enable();
        else GpuMode.disable();
        Report.reset();
        ResultsTable.getResultsTable().reset();
        RoiManager rm = RoiManager.getInstance(); // only when a test opened one (it needs a headless-capable ROI Manager)
        if (rm != null) rm.reset();
        ImagePlus imp = input.image.get();
        imp.show();
        WindowManager.setTempCurrentImage(imp);
        int[] before = ids();
        long launches = Ijcl.kernelLaunches();
        try {
            IJ.run(imp, command, options);
        } finally {
            WindowManager.setTempCurrentImage(null);
        }
        launches = Ijcl.kernelLaunches() - launches;
        List<ImagePlus> created = new ArrayList<>();
        for (int id : ids()) {
            boolean old = false;
            for (int b : before) old |= b == id;
            ImagePlus c = WindowManager.getImage(id);
            if (!old && c != null && c != imp) created.add(c);
        }
        List<String> rois = new ArrayList<>();
        if (rm != null) for (Roi r : rm.getRoisAsArray()) rois.add(r.getName() + " " + Arrays.toString(r.getPolygon().xpoints) + Arrays.toString(r.getPolygon().ypoints));
        List<String> report = Report.lines();
        GpuMode.disable();
        return new Run(imp, created, table(ResultsTable.getResultsTable()), rois, launches, report);
    }

    /** Runs off and on, compares everything, checks the GPU run ran on the GPU; closes the images. */
    public static void check(Input input, String command, String options) {
        String what = command + " [" + options + "] on " + input.name;
        Run cpu = run(false, input, command, options);
        Run gpu = run(true, input, command, options);
        try {
            assertSame(what, cpu, gpu);
            assertOnGpu(what, gpu, command);
        } finally {
            close(cpu);
            close(gpu);
        }
    }

    /**
     * Runs off and on and compares everything, for a case the twin must leave to ImageJ's code:
     * checks that the GPU-mode run reported a fallback (CPU) for the command; closes the images.
     */
    public static void checkFallsBack(Input input, String command, String options) {
        String what = command + " [" + options + "] on " + input.name;
        Run cpu = run(false, input, command, options);
        Run gpu = run(true, input, command, options);
        try {
            assertSame(what, cpu, gpu);
            String line = null;
            for (String l : gpu.report) if (l.startsWith("gpu-mode: " + command + "\t")) line = l;
            assertTrue(what + ": no report line for the command in " + gpu.report, line != null);
            assertTrue(what + ": expected a fallback to ImageJ's code: " + line, line.contains("\tCPU\t"));
        } finally {
            close(cpu);
            close(gpu);
        }
    }

    /** {@link #check} with further images open (e.g. Image Calculator's operands), compared too. */
    public static void check(Input input, String command, String options, Input... others) {
        String what = command + " [" + options + "] on " + input.name;
        Run cpu = run(false, input, command, options, others);
        hide(cpu); // commands that pick images by title must not see the first run's
        Run gpu = run(true, input, command, options, others);
        try {
            assertSame(what, cpu, gpu);
            assertOnGpu(what, gpu, command);
        } finally {
            close(cpu);
            close(gpu);
        }
    }

    /** {@link #checkFallsBack} with further images open. */
    public static void checkFallsBack(Input input, String command, String options, Input... others) {
        String what = command + " [" + options + "] on " + input.name;
        Run cpu = run(false, input, command, options, others);
        hide(cpu); // commands that pick images by title must not see the first run's
        Run gpu = run(true, input, command, options, others);
        try {
            assertSame(what, cpu, gpu);
            String line = null;
            for (String l : gpu.report) if (l.startsWith("gpu-mode: " + command + "\t")) line = l;
            assertTrue(what + ": no report line for the command in " + gpu.report, line != null);
            assertTrue(what + ": expected a fallback to ImageJ's code: " + line, line.contains("\tCPU\t"));
        } finally {
            close(cpu);
            close(gpu);
        }
    }

    public static void assertSame(String what, Run cpu, Run gpu) {
        assertSameImage(what + ": the image", cpu.image, gpu.image);
        assertEquals(what + ": other images", cpu.others.size(), gpu.others.size());
        for (int i = 0; i < cpu.others.size(); i++)
            assertSameImage(what + ": other image " + (i + 1), cpu.others.get(i), gpu.others.get(i));
        assertEquals(what + ": images created", cpu.created.size(), gpu.created.size());
        for (int i = 0; i < cpu.created.size(); i++)
            assertSameImage(what + ": created image " + (i + 1), cpu.created.get(i), gpu.created.get(i));
        assertEquals(what + ": Results table", cpu.results, gpu.results);
        assertEquals(what + ": ROI Manager", cpu.rois, gpu.rois);
    }

    public static void assertOnGpu(String what, Run gpu, String command) {
        String line = null;
        for (String l : gpu.report) if (l.startsWith("gpu-mode: " + command + "\t")) line = l;
        assertTrue(what + ": no report line for the command in " + gpu.report, line != null);
        assertTrue(what + ": ran on the CPU (" + Report.reasons(command) + "): " + line, line.contains("\tGPU\t"));
        assertTrue(what + ": no kernel was launched", gpu.launches > 0);
    }

    public static void assertSameImage(String what, ImagePlus a, ImagePlus b) {
        assertEquals(what + ": title", a.getTitle(), b.getTitle());
        assertEquals(what + ": bit depth", a.getBitDepth(), b.getBitDepth());
        assertEquals(what + ": width", a.getWidth(), b.getWidth());
        assertEquals(what + ": height", a.getHeight(), b.getHeight());
        assertEquals(what + ": channels, slices, frames", Arrays.toString(a.getDimensions()), Arrays.toString(b.getDimensions()));
        assertEquals(what + ": inverted LUT", a.isInvertedLut(), b.isInvertedLut());
        assertEquals(what + ": calibration", calibration(a.getCalibration()), calibration(b.getCalibration()));
        assertEquals(what + ": changes", a.changes, b.changes);
        ImageStack sa = a.getStack(), sb = b.getStack();
        for (int z = 1; z <= sa.getSize(); z++) {
            String d = firstDifference(sa.getProcessor(z), sb.getProcessor(z));
            if (d != null) fail(what + ", plane " + z + ": " + d);
        }
        ImageProcessor pa = a.getProcessor(), pb = b.getProcessor();
        assertEquals(what + ": display range", pa.getMin() + ".." + pa.getMax(), pb.getMin() + ".." + pb.getMax());
        assertEquals(what + ": threshold", pa.getMinThreshold() + ".." + pa.getMaxThreshold(), pb.getMinThreshold() + ".." + pb.getMaxThreshold());
    }

    /** Null when the pixels are bitwise equal; else the count, first position and largest difference. */
    static String firstDifference(ImageProcessor a, ImageProcessor b) {
        int n = a.getPixelCount(), count = 0, first = -1;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            float va = a.getf(i), vb = b.getf(i);
            if (Float.floatToIntBits(va) != Float.floatToIntBits(vb)) {
                if (first < 0) first = i;
                count++;
                largest = Math.max(largest, Math.abs((double) va - vb));
            }
        }
        if (count == 0) return null;
        int w = a.getWidth();
        return count + " pixels differ, first at (" + first % w + ", " + first / w + "): ImageJ " + a.getf(first)
                + ", GPU mode " + b.getf(first) + "; largest difference " + largest;
    }

    private static String calibration(Calibration c) {
        return c.pixelWidth + " " + c.pixelHeight + " " + c.pixelDepth + " " + c.getUnit() + " " + c.xOrigin + " " + c.yOrigin
                + " " + c.getFunction() + " " + Arrays.toString(c.getCoefficients());
    }

    private static String table(ResultsTable rt) {
        StringBuilder s = new StringBuilder(String.join(",", rt.getHeadings())).append('\n');
        for (int row = 0; row < rt.size(); row++) {
            for (String h : rt.getHeadings()) {
                int col = rt.getColumnIndex(h);
                double v = col >= 0 ? rt.getValueAsDouble(col, row) : Double.NaN;
                s.append(Double.doubleToLongBits(v)).append('/').append(rt.getStringValue(h, row)).append(',');
            }
            s.append('\n');
        }
        return s.toString();
    }

    private static int[] ids() {
        int[] ids = WindowManager.getIDList();
        return ids == null ? new int[0] : ids;
    }

    /** Takes a run's images out of ImageJ's image list (their pixels and state stay for the comparison). */
    private static void hide(Run r) {
        r.image.close();
        for (ImagePlus c : r.created) c.close();
        for (ImagePlus o : r.others) o.close();
    }

    /** Closes the image a run worked on and the images it created. */
    public static void close(Run r) {
        r.image.changes = false;
        r.image.close();
        for (ImagePlus o : r.others) {
            o.changes = false;
            o.close();
        }
        for (ImagePlus c : r.created) {
            c.changes = false;
            c.close();
        }
    }

    // --- the input variants ---------------------------------------------------------------------

    /** A real image from ../shared/data, opened afresh. */
    public static Input file(String name) {
        return new Input(name, () -> TestData.open(name));
    }

    /** The input converted to 16 or 32-bit (ImageJ's Image > Type, no scaling), a different image each time. */
    public static Input type(Input in, int bitDepth) {
        return new Input(in.name + " as " + bitDepth + "-bit", () -> {
            ImagePlus imp = in.image.get();
            boolean scaling = ij.process.ImageConverter.getDoScaling();
            ij.process.ImageConverter.setDoScaling(false);
            try {
                if (imp.getStackSize() > 1) {
                    ij.process.StackConverter sc = new ij.process.StackConverter(imp);
                    if (bitDepth == 16) sc.convertToGray16(); else if (bitDepth == 32) sc.convertToGray32(); else sc.convertToGray8();
                } else {
                    ij.process.ImageConverter ic = new ij.process.ImageConverter(imp);
                    if (bitDepth == 16) ic.convertToGray16(); else if (bitDepth == 32) ic.convertToGray32(); else ic.convertToGray8();
                }
            } finally {
                ij.process.ImageConverter.setDoScaling(scaling);
            }
            if (bitDepth == 32) { // fractional values, so that float rounding matters
                ImageStack s = imp.getStack();
                for (int z = 1; z <= s.getSize(); z++) s.getProcessor(z).multiply(1.0 / 7);
            }
            return imp;
        });
    }

    /** The input with a rectangular ROI (x, y, w, h in pixels). */
    public static Input rect(Input in, int x, int y, int w, int h) {
        return new Input(in.name + " with rectangle " + x + "," + y + "," + w + "x" + h, () -> {
            ImagePlus imp = in.image.get();
            imp.setRoi(new Roi(x, y, w, h));
            return imp;
        });
    }

    /** The input with an oval ROI (non-rectangular: ImageJ restores the pixels outside the oval). */
    public static Input oval(Input in, int x, int y, int w, int h) {
        return new Input(in.name + " with oval " + x + "," + y + "," + w + "x" + h, () -> {
            ImagePlus imp = in.image.get();
            imp.setRoi(new OvalRoi(x, y, w, h));
            return imp;
        });
    }

    /** The input with a spatial calibration (pixel width, height, depth in µm). */
    public static Input calibrated(Input in, double pw, double ph, double pd) {
        return new Input(in.name + " calibrated " + pw + "x" + ph + "x" + pd + " um", () -> {
            ImagePlus imp = in.image.get();
            Calibration c = imp.getCalibration();
            c.pixelWidth = pw;
            c.pixelHeight = ph;
            c.pixelDepth = pd;
            c.setUnit("um");
            return imp;
        });
    }

    /** The input with display range min..max (ImageJ's setDisplayRange; 16-bit point operations read it). */
    public static Input displayRange(Input in, double min, double max) {
        return new Input(in.name + " displayed " + min + ".." + max, () -> {
            ImagePlus imp = in.image.get();
            imp.setDisplayRange(min, max);
            return imp;
        });
    }

    /** The input under another title (e.g. Image Calculator's image1= and image2= refer to titles). */
    public static Input titled(Input in, String title) {
        return new Input(in.name + " titled " + title, () -> {
            ImagePlus imp = in.image.get();
            imp.setTitle(title);
            return imp;
        });
    }

    /** The input mirrored left-right (a second operand of the same size and type). */
    public static Input mirrored(Input in) {
        return new Input(in.name + " mirrored", () -> {
            ImagePlus imp = in.image.get();
            ImageStack s = imp.getStack();
            for (int z = 1; z <= s.getSize(); z++) s.getProcessor(z).flipHorizontal();
            return imp;
        });
    }

    /** The input at stack position {@code slice} (commands without 'stack' work on that slice only). */
    public static Input atSlice(Input in, int slice) {
        return new Input(in.name + " at slice " + slice, () -> {
            ImagePlus imp = in.image.get();
            imp.setSlice(slice);
            return imp;
        });
    }

    /** The common variants of a 2D filter test: 8/16/32-bit, a stack with and without 'stack', ROIs, calibration. */
    public static Map<Input, String> planeVariants(String options) {
        Map<Input, String> m = new LinkedHashMap<>();
        Input blobs = file("blobs.tif"), lund = file("Lund_MAX_001300.tif"), stack = file("mini-t1-head.tif");
        m.put(blobs, options);
        m.put(lund, options);
        m.put(type(blobs, 32), options);
        m.put(type(lund, 32), options);
        m.put(atSlice(stack, 9), options);
        m.put(stack, (options + " stack").trim());
        m.put(type(stack, 32), (options + " stack").trim());
        m.put(rect(blobs, 37, 41, 101, 77), options);
        m.put(oval(lund, 100, 60, 300, 200), options);
        m.put(rect(type(lund, 32), 0, 200, 512, 100), options);
        m.put(oval(stack, 3, 5, 20, 17), (options + " stack").trim());
        return m;
    }
}
