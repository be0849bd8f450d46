package net.ijcl;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java API of ijcl: push ImageJ images to the GPU by name, run registry operations on them,
 * pull results back as ImagePlus. One process-wide session (one OpenCL device) serves every
 * caller; calls from several threads are safe (the native session serialises them).
 *
 * <pre>
 * Ijcl.push(imp, "blobs");
 * Ijcl.execute("gaussianBlur2D", "blobs", "blurred", 2.0, 2.0);
 * ImagePlus result = Ijcl.pull("blurred");
 * Ijcl.Result r = Ijcl.execute("maximumOfAllPixels", "blobs", null);   // r.numbers[0]
 * </pre>
 *
 * <p>Stopping: {@link #push}, {@link #pull} and {@link #execute} are operation boundaries. When a
 * stop was requested (Esc while a macro calls, or the JVM shutting down: see {@link Stop}) they
 * throw {@link IjclStopped} without starting; an operation already running completes.
 *
 * <p>Calibration: the spatial calibration (pixel size, unit, origin) of a pushed image is
 * remembered by name; an operation's output images take the calibration of the operation's first
 * input image; {@link #pull} sets it on the ImagePlus it returns.
 */
public final class Ijcl {
    private static final Map<String, Calibration> CALIBRATIONS = new ConcurrentHashMap<>();
    private static final AtomicLong VIEW_COUNTER = new AtomicLong();
    /** ImageJ preference key of the preferred device (see {@link #preferredDevice}). */
    public static final String DEVICE_PREFERENCE = "ijcl.device";
    /**
     * ImageJ preference key of the device-memory budget ("512M", "4G", bytes; empty: what the
     * device reports minus a margin, or IJCL_MAX_DEVICE_MEMORY). Images larger than the budget stay
     * in host memory and operations on them run in tiles. Read whenever a device is opened.
     */
    public static final String MAX_MEMORY_PREFERENCE = "ijcl.maxDeviceMemory";
    private static volatile boolean deviceResolved;

    private Ijcl() {}

    /** The outcome of {@link #execute}: output numbers in parameter order, and the table if any. */
    public static final class Result {
        /** The values of the operation's output-number parameters, in parameter order. */
        public final double[] numbers;
        /** The operation's table, or null if it produces none. */
        public final ResultsTable table;

        Result(double[] numbers, ResultsTable table) {
            this.numbers = numbers;
            this.table = table;
        }
    }

    // --- devices ---------------------------------------------------------------------------------

    /**
     * Opens the first OpenCL device whose name contains the text (empty: prefer a GPU, else the
     * CPU via PoCL) and releases every image held on the previous one. Returns the device name.
     */
    public static String selectDevice(String nameSubstring) {
        NativeLoader.load();
        FrameStreamer.end();
        String name = NativeBridge.selectDevice(nameSubstring == null ? "" : nameSubstring);
        CALIBRATIONS.clear();
        Hyperstacks.forgetAll();
        deviceResolved = true;
        applyMemoryPreference();
        return name;
    }

    /** Applies {@value #MAX_MEMORY_PREFERENCE} to the open device; a bad value is logged and ignored. */
    private static void applyMemoryPreference() {
        String size = Prefs.get(MAX_MEMORY_PREFERENCE, "").trim();
        if (size.isEmpty()) return;
        try {
            NativeBridge.setMaxDeviceMemory(size);
        } catch (IjclException e) {
            IJ.log("ijcl: the preference " + MAX_MEMORY_PREFERENCE + " = '" + size + "' is not used: " + e.getMessage());
        }
    }

    /**
     * Sets the device-memory budget of the open device ("512M", "4G", bytes; empty: the default)
     * and returns it in bytes. With {@code remember}, also stores it as ImageJ's preference
     * {@value #MAX_MEMORY_PREFERENCE} (saved when ImageJ quits).
     */
    public static long setMaxDeviceMemory(String size, boolean remember) {
        ready();
        long bytes = NativeBridge.setMaxDeviceMemory(size == null ? "" : size.trim());
        if (remember) Prefs.set(MAX_MEMORY_PREFERENCE, size == null ? "" : size.trim());
        return bytes;
    }

    /** Tiles run so far by operations on images larger than the device-memory budget. */
    public static long tilesRun() {
        ready();
        return NativeBridge.tilesRun();
    }

    /**
     * The preferred device: the environment variable {@code IJCL_DEVICE} when set (a device name
     * substring: the per-run choice of headless runs and of the workers of a multi-device batch),
     * else the device chosen with Plugins > ijcl > IJCL Select Device, ImageJ's preference
     * {@value #DEVICE_PREFERENCE} (empty: the default device). The first call of this class that
     * needs a device opens it, unless a device was selected before.
     */
    public static String preferredDevice() {
        String env = System.getenv("IJCL_DEVICE");
        if (env != null && !env.trim().isEmpty()) return env.trim();
        return Prefs.get(DEVICE_PREFERENCE, "").trim();
    }

    /** Stores the preferred device in ImageJ's preferences (saved when ImageJ quits). */
    public static void setPreferredDevice(String nameSubstring) {
        Prefs.set(DEVICE_PREFERENCE, nameSubstring == null ? "" : nameSubstring.trim());
    }

    /** Loads the library; on the first call, opens the preferred device unless one was selected. */
    private static void ready() {
        NativeLoader.load();
        if (deviceResolved) return;
        synchronized (Ijcl.class) {
            if (deviceResolved) return;
            String preferred = preferredDevice();
            if (!preferred.isEmpty()) {
                try {
                    selectDevice(preferred);
                } catch (IjclException e) {
                    IJ.log("ijcl: the preferred device '" + preferred + "' cannot be opened (" + e.getMessage()
                            + "); using the default device");
                }
            }
            if (!deviceResolved) applyMemoryPreference();
            deviceResolved = true;
            if (preferred.isEmpty()) logDefaultChoice();
        }
    }

    /**
     * Says which device the default choice took and what it was preferred over (a discrete GPU
     * before an integrated one, any GPU before a CPU), when there was a choice: ImageJ's status
     * line, or one stderr line headless; nothing in quiet mode or without a device.
     */
    private static void logDefaultChoice() {
        try {
            String[] p = NativeBridge.deviceProperties();
            if (p.length > 6 && p[6].contains("preferred over")) Progress.status(p[6]);
        } catch (RuntimeException e) {
            // no device: the next call that needs one reports it
        }
    }

    /** The current device's name (opens the default device on first use). */
    public static String deviceName() {
        return deviceProperties()[0];
    }

    /**
     * {name, global memory bytes, OpenCL version, type, platform, driver version, why the default
     * device was chosen (empty when one was named)}.
     */
    public static String[] deviceProperties() {
        ready();
        return NativeBridge.deviceProperties();
    }

    /**
     * One line per OpenCL device: name, type, platform, memory bytes, OpenCL version, driver, and
     * whether the driver kills long kernels and long launches are split (tab-separated).
     */
    public static String[] listDevices() {
        NativeLoader.load();
        return NativeBridge.listDevices();
    }

    // --- images ------------------------------------------------------------------------------------

    /**
     * Copies an 8, 16 or 32-bit image or stack to the GPU as image {@code name} (uint8, uint16,
     * float32), replacing any image of that name. The planes go straight from ImageJ's pixel arrays
     * to the device, without a Java-side copy of the stack.
     *
     * <p>Stacks and hyperstacks, as CLIJ2 pushes them (see {@link Hyperstacks#pushedPlanes}): the
     * z-slices if there are several (of the current channel and frame); else the channels (of the
     * current frame); else the frames; the chosen planes become z. RGB images are refused (convert
     * them to 8-bit or split the channels first). {@link #pushStackIndices} pushes chosen planes.
     */
    public static void push(ImagePlus imp, String name) {
        if (imp == null) throw fail("push", "image", "no image (null)");
        checkName("push", name);
        ready();
        Stop.begin("push"); // an operation boundary: a stop request ends the work here
        try {
            pushPlanes(imp, name);
        } finally {
            Stop.end();
        }
    }

    /**
     * Pushes the planes at the given 1-based stack indices of {@code imp} (in that order, plane i
     * becoming z = i) as GPU image {@code name}; calibration and hyperstack origin are remembered
     * as for {@link #push}.
     */
    public static void pushStackIndices(ImagePlus imp, String name, int[] stackIndices) {
        if (imp == null) throw fail("push", "image", "no image (null)");
        checkName("push", name);
        if (stackIndices == null || stackIndices.length == 0) throw fail("push", "planes", "no planes chosen");
        for (int i : stackIndices)
            if (i < 1 || i > imp.getStackSize()) throw fail("push", "planes", "stack index " + i + " is not one of 1.." + imp.getStackSize());
        ready();
        Stop.begin("push");
        try {
            pushPlanes(imp, name, stackIndices);
        } finally {
            Stop.end();
        }
    }

    private static void pushPlanes(ImagePlus imp, String name) {
        pushPlanes(imp, name, planeIndices(imp));
    }

    /** The pixel type code of an ImagePlus (RGB and other depths refused). */
    static int pixelType(ImagePlus imp) {
        switch (imp.getBitDepth()) {
            case 8: return 0;
            case 16: return 1;
            case 32: return 2;
            case 24: throw fail("push", "image", "'" + imp.getTitle() + "' is an RGB image; ijcl works on 8, 16 and "
                    + "32-bit images: convert it (Image>Type>8-bit) or split its channels (Image>Color>Split Channels)");
            default: throw fail("push", "image", "'" + imp.getTitle() + "' has unsupported bit depth " + imp.getBitDepth());
        }
    }

    /** Records what a push of {@code imp} as {@code name} brings along: calibration, hyperstack origin. */
    static void rememberPushed(ImagePlus imp, String name) {
        CALIBRATIONS.put(name, spatialCalibration(imp.getCalibration()));
        Hyperstacks.remember(name, imp);
    }

    private static void pushPlanes(ImagePlus imp, String name, int[] planes) {
        final int type = pixelType(imp);
        NativeBridge.create(name, imp.getWidth(), imp.getHeight(), planes.length, type, 0);
        try {
            if (imp.getStackSize() == 1) {
                NativeBridge.writePlane(name, 0, imp.getProcessor().getPixels());
            } else if (imp.getStack().isVirtual()) {
                // a virtual stack reads each plane from disk: one plane in memory at a time
                ImageStack stack = imp.getStack();
                for (int z = 0; z < planes.length; z++) NativeBridge.writePlane(name, z, stack.getPixels(planes[z]));
            } else {
                // the stack's own pixel arrays, by reference (no copy), in one native call
                ImageStack stack = imp.getStack();
                Object[] pixels = new Object[planes.length];
                for (int z = 0; z < planes.length; z++) pixels[z] = stack.getPixels(planes[z]);
                NativeBridge.writePlanes(name, 0, pixels);
            }
        } catch (RuntimeException e) {
            NativeBridge.release(name);
            CALIBRATIONS.remove(name);
            Hyperstacks.forget(name);
            throw e;
        }
        rememberPushed(imp, name);
    }

    /**
     * Creates (or replaces) GPU image {@code name} of width x height x planes.length from ImageJ
     * pixel arrays ({@code byte[]}, {@code short[]} or {@code float[]}, width * height each, all of
     * one type; plane i becomes z = i), in one native call. Used by GPU mode, which moves planes
     * rather than ImagePlus objects. Throws {@link IjclException} naming 'planes' on a bad array.
     */
    public static void pushPlanes(String name, int width, int height, Object[] planes) {
        checkName("push", name);
        if (planes == null || planes.length == 0) throw fail("push", "planes", "no planes");
        final int type;
        if (planes[0] instanceof byte[]) type = 0;
        else if (planes[0] instanceof short[]) type = 1;
        else if (planes[0] instanceof float[]) type = 2;
        else throw fail("push", "planes", "pixels must be byte[], short[] or float[]");
        ready();
        NativeBridge.create(name, width, height, planes.length, type, 0);
        try {
            NativeBridge.writePlanes(name, 0, planes);
        } catch (RuntimeException e) {
            NativeBridge.release(name);
            throw e;
        }
    }

    /** Opens a native frame stream (see {@link FrameStreamer}) for frames of the given shape and pixel type code. */
    static long openStream(int width, int height, int depth, int type) {
        ready();
        return NativeBridge.streamOpen(width, height, depth, type);
    }

    /** Stores the frame prefetched on stream {@code handle} as GPU image {@code name}, pushed from {@code imp}. */
    static void takeStreamed(long handle, String name, ImagePlus imp) {
        checkName("push", name);
        Stop.begin("push");
        try {
            NativeBridge.streamTake(handle, name);
        } finally {
            Stop.end();
        }
        rememberPushed(imp, name);
    }

    /** Reads planes 0, 1, ... of GPU image {@code name} into the given arrays (width * height each) in one call. */
    public static void readPlanesInto(String name, Object[] planes) {
        checkName("pull", name);
        ready();
        NativeBridge.readPlanes(name, 0, planes);
    }

    /** Host-to-device GB/s (1e9 bytes/s) from pinned memory on the current device: median of reps uploads of bytes. */
    public static double pinnedUploadGbps(long bytes, int reps) {
        ready();
        return NativeBridge.pinnedUploadGbps(bytes, reps);
    }

    /**
     * GB/s (1e9 bytes/s) of ijcl's parallel host copy from pageable into pinned memory (what a
     * stream's prefetch does), bytes per copy, median of reps: {alone, while DMA uploads run, the
     * copy threads}.
     */
    public static double[] hostCopyGbps(long bytes, int reps) {
        ready();
        return NativeBridge.hostCopyGbps(bytes, reps);
    }

    /** Kernels enqueued in this process so far, on every device: the proof that work ran on the device. */
    public static long kernelLaunches() {
        ready();
        return NativeBridge.kernelLaunches();
    }

    /** The 1-based stack indices pushed for an image (see {@link #push}). */
    static int[] planeIndices(ImagePlus imp) {
        return Hyperstacks.pushedPlanes(imp);
    }

    /**
     * Copies GPU image {@code name} into a new ImagePlus titled {@code name}: uint8 -> 8-bit,
     * uint16 -> 16-bit, float32 -> 32-bit; binary images as 8-bit 0/255; label images as 16-bit when
     * the largest id fits, else 32-bit. The calibration remembered for the name is set.
     */
    public static ImagePlus pull(String name) {
        checkName("pull", name);
        ready();
        Stop.begin("pull");
        try {
            return pullImage(name);
        } finally {
            Stop.end();
        }
    }

    private static ImagePlus pullImage(String name) {
        String view = "__ijcl_pull_view_" + VIEW_COUNTER.incrementAndGet();
        long[] info = NativeBridge.preparePull(name, view);
        boolean converted = NativeBridge.exists(view);
        String source = converted ? view : name;
        ImagePlus imp;
        try {
            int width = toInt(info[0], "width"), height = toInt(info[1], "height"), depth = toInt(info[2], "depth");
            int type = (int) info[3];
            if ((long) width * height > Integer.MAX_VALUE)
                throw fail("pull", "image", "a plane of " + width + " x " + height + " pixels does not fit in an ImageJ image");
            ImageProcessor[] ips = readPlanes(source, depth, width, height, type);
            ImageStack stack = new ImageStack(width, height);
            if (depth > 1) for (ImageProcessor ip : ips) stack.addSlice(null, ip);
            ImageProcessor single = ips[0];
            imp = depth == 1 ? new ImagePlus(name, single) : new ImagePlus(name, stack);
        } finally {
            if (converted) NativeBridge.release(view);
        }
        Calibration cal = CALIBRATIONS.get(name);
        if (cal != null) imp.setCalibration(cal.copy());
        return imp;
    }

    /** Reads all planes of a GPU image (one native call) into new ImageJ processors. */
    private static ImageProcessor[] readPlanes(String source, int depth, int width, int height, int type) {
        final int n = width * height;
        final Object[] arrays = new Object[depth];
        // Allocating (the JVM zeroes each array) and building the processors (16- and 32-bit
        // processors scan their pixels for min and max) are spread over the cores: on a large
        // stack they cost more than the transfer itself.
        inParallel(depth, z -> {
            switch (type) {
                case 0: arrays[z] = new byte[n]; break;
                case 1: arrays[z] = new short[n]; break;
                case 2: arrays[z] = new float[n]; break;
                case 3: arrays[z] = new int[n]; break;
                default: throw fail("pull", "image", "unknown pixel type code " + type);
            }
        });
        NativeBridge.readPlanes(source, 0, arrays);
        final ImageProcessor[] out = new ImageProcessor[depth];
        inParallel(depth, z -> {
            switch (type) {
                case 0: out[z] = new ByteProcessor(width, height, (byte[]) arrays[z]); break;
                case 1: out[z] = new ShortProcessor(width, height, (short[]) arrays[z], null); break;
                case 2: out[z] = new FloatProcessor(width, height, (float[]) arrays[z]); break;
                default: { // uint32 (ImageJ has no unsigned 32-bit type): as float
                    int[] p = (int[]) arrays[z];
                    float[] f = new float[n];
                    for (int i = 0; i < n; i++) f[i] = (float) (p[i] & 0xffffffffL);
                    out[z] = new FloatProcessor(width, height, f);
                }
            }
        });
        return out;
    }

    /** Runs body(0..count-1) on ImageJ's thread count (Prefs.getThreads()); rethrows the first failure. */
    private static void inParallel(int count, final java.util.function.IntConsumer body) {
        int threads = Math.min(count, Math.max(1, ij.Prefs.getThreads()));
        if (threads <= 1) {
            for (int i = 0; i < count; i++) body.accept(i);
            return;
        }
        final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        final RuntimeException[] failure = new RuntimeException[1];
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                try {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) body.accept(i);
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        if (failure[0] == null) failure[0] = e;
                    }
                }
            }, "ijcl-pull-" + t);
            workers[t].start();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IjclException("pull interrupted", e);
            }
        }
        if (failure[0] != null) throw failure[0];
    }

    /** Whether an image of that name is on the GPU. */
    public static boolean exists(String name) {
        ready();
        return name != null && NativeBridge.exists(name);
    }

    /** {width, height, depth, pixel type code, kind code} (see NativeBridge); throws if absent. */
    public static long[] imageInfo(String name) {
        ready();
        return NativeBridge.imageInfo(name);
    }

    /** Releases GPU image {@code name}; false if there was none. */
    public static boolean release(String name) {
        ready();
        CALIBRATIONS.remove(name);
        Hyperstacks.forget(name);
        return NativeBridge.release(name);
    }

    /** Releases every GPU image. */
    public static void clear() {
        ready();
        FrameStreamer.end();
        NativeBridge.clear();
        CALIBRATIONS.clear();
        Hyperstacks.forgetAll();
    }

    /** Text listing every image held, its size and type, and the total. */
    public static String reportMemory() {
        ready();
        return NativeBridge.reportMemory();
    }

    /** Bytes held by named GPU images. */
    public static long memoryInUse() {
        ready();
        return NativeBridge.memoryInUse();
    }

    // --- operations ---------------------------------------------------------------------------

    /**
     * Runs a registry operation. {@code args} follow the registry's parameter order: image names as
     * String, numbers as Number, booleans as Boolean, text as String, and null for output numbers.
     */
    public static Result execute(String operation, Object... args) {
        ready();
        Object[] values = args == null ? new Object[0] : args.clone();
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            if (v != null && !(v instanceof String) && !(v instanceof Number) && !(v instanceof Boolean))
                throw fail(operation, "#" + (i + 1), "expected a String, Number or Boolean, got a " + v.getClass().getName());
        }
        Object[] out;
        Stop.begin(operation);
        CompileWatch.begin(operation);
        try {
            out = NativeBridge.execute(operation, values);
        } finally {
            CompileWatch.end();
            Stop.end();
        }
        inheritCalibration(OpRegistry.get().find(operation), values);
        double[] numbers = out[0] == null ? new double[0] : (double[]) out[0];
        return new Result(numbers, toTable((String[]) out[1], (double[]) out[2]));
    }

    /** Outputs take the calibration of the operation's first input image (none if it had none). */
    private static void inheritCalibration(OpDescriptor op, Object[] args) {
        if (op == null) return;
        Calibration source = null;
        String sourceName = null;
        List<String> outputs = new ArrayList<>();
        for (int i = 0; i < op.params.size() && i < args.length; i++) {
            ParamDescriptor p = op.params.get(i);
            if (!(args[i] instanceof String)) continue;
            if (p.kind == ParamDescriptor.Kind.IMAGE_IN && source == null) {
                source = CALIBRATIONS.get(args[i]);
                sourceName = (String) args[i];
                if (source == null) source = new Calibration();
            } else if (p.kind == ParamDescriptor.Kind.IMAGE_OUT) {
                outputs.add((String) args[i]);
            }
        }
        for (String name : outputs) {
            if (source == null) CALIBRATIONS.remove(name);
            else CALIBRATIONS.put(name, source.copy());
        }
        Hyperstacks.inherit(sourceName, outputs);
    }

    static ResultsTable toTable(String[] columns, double[] values) {
        if (columns == null) return null;
        ResultsTable table = new ResultsTable();
        int rows = columns.length == 0 || values == null ? 0 : values.length / columns.length;
        for (int r = 0; r < rows; r++) {
            table.incrementCounter();
            for (int c = 0; c < columns.length; c++) table.addValue(columns[c], values[c * rows + r]);
        }
        return table;
    }

    // --- helpers -------------------------------------------------------------------------------

    /** The spatial part of a calibration: pixel size, units, origin (no intensity function). */
    static Calibration spatialCalibration(Calibration c) {
        Calibration s = new Calibration();
        if (c == null) return s;
        s.pixelWidth = c.pixelWidth;
        s.pixelHeight = c.pixelHeight;
        s.pixelDepth = c.pixelDepth;
        s.xOrigin = c.xOrigin;
        s.yOrigin = c.yOrigin;
        s.zOrigin = c.zOrigin;
        s.setXUnit(c.getXUnit());
        s.setYUnit(c.getYUnit());
        s.setZUnit(c.getZUnit());
        return s;
    }

    private static void checkName(String operation, String name) {
        if (name == null || name.isEmpty()) throw fail(operation, "name", "expected the name of a GPU image");
    }

    private static int toInt(long v, String what) {
        if (v < 0 || v > Integer.MAX_VALUE) throw fail("pull", "image", what + " " + v + " is too large for ImageJ");
        return (int) v;
    }

    static IjclException fail(String operation, String argument, String message) {
        return new IjclException("operation '" + operation + "', argument '" + argument + "': " + message);
    }
}
