package net.ijcl;

/**
 * The native methods of libijcl (native/jni/ijcl_jni.cpp). One process-wide session: a selected
 * OpenCL device and the GPU images it holds by name. Every method throws {@link IjclException}
 * with a message naming the operation and argument on failure; none of them crashes the JVM.
 * Calls from several threads are serialised by the native session.
 *
 * <p>Pixel type codes: 0 = uint8, 1 = uint16, 2 = float32, 3 = uint32 (labels). Image kind codes:
 * 0 = intensity, 1 = binary (values 0/1), 2 = label. Images are width x height x depth, x fastest.
 *
 * <p>Use through {@link Ijcl}; this class only declares the native entry points.
 */
final class NativeBridge {
    private NativeBridge() {}

    /** One line per OpenCL device: name, type, platform, global memory bytes, OpenCL version, driver (tab-separated). */
    static native String[] listDevices();

    /** Opens the first device whose name contains the text (empty: prefer a GPU); releases all images. Returns the device name. */
    static native String selectDevice(String nameSubstring);

    /**
     * Waits for the operation in flight, drains every OpenCL queue and refuses later calls with an
     * IjclException ("ijcl has shut down"). Run by the JVM shutdown hook that {@link NativeLoader}
     * registers; idempotent.
     */
    static native void shutdown();

    /** {name, global memory bytes, OpenCL version, type, platform, driver version} of the current device. */
    static native String[] deviceProperties();

    /** The operation registry as text: "op", "param" and "end" records, tab-separated (see registry.hpp). */
    static native String registry();

    /** Creates (or replaces) a GPU image. */
    static native void create(String name, long width, long height, long depth, int pixelType, int kind);

    /** Copies one z-plane (byte[], short[] or float[] of width*height elements) into image plane z. */
    static native void writePlane(String name, long z, Object pixels);

    /** Copies planes (byte[]/short[]/float[] of width*height each) into planes firstZ, firstZ+1, ... in one call. */
    static native void writePlanes(String name, long firstZ, Object[] planes);

    /** Reads planes firstZ, firstZ+1, ... into the given arrays in one call. */
    static native void readPlanes(String name, long firstZ, Object[] planes);

    /**
     * Prepares image `name` for pulling into ImageJ: binary images become uint8 0/255 and label
     * images uint16 (largest id <= 65535) or float32, stored as `viewName` when a conversion was
     * needed. Returns {width, height, depth, pixel type of the view, kind of the original}.
     */
    static native long[] preparePull(String name, String viewName);

    /** Reads plane z of an image into a byte[]/short[]/float[]/int[] of width*height elements. */
    static native void readPlane(String name, long z, Object pixels);

    /** {width, height, depth, pixel type, kind} of an image; throws if absent. */
    static native long[] imageInfo(String name);

    static native boolean exists(String name);

    /** Releases one image; false if there was none of that name. */
    static native boolean release(String name);

    /** Releases all images. */
    static native void clear();

    /** A text listing every image held, its size and type, and the total. */
    static native String reportMemory();

    /** Device buffers alive in the process (named images and temporaries), for leak checks. */
    static native long liveBufferCount();

    /** Kernels enqueued in this process so far (all devices): GPU mode's proof that work ran on the device. */
    static native long kernelLaunches();

    /** Bytes held by named images. */
    static native long memoryInUse();

    /** Sets the device-memory budget ("512M", "4G", bytes; "" = default); returns it in bytes. */
    static native long setMaxDeviceMemory(String size);

    /** Tiles run so far by operations on images kept in host memory. */
    static native long tilesRun();

    /**
     * Runs an operation. `args` has one entry per parameter of the operation, in order: String
     * (image names, text), Double (numbers), Boolean; null for output numbers. Returns {double[]
     * output numbers in parameter order, String[] table columns or null, double[] table values
     * column-major or null}.
     */
    static native Object[] execute(String operation, Object[] args);

    // --- frame streams (native/include/ijcl/frame_stream.hpp) -----------------------------------

    /** Opens a frame stream on the current device for frames of width x height x depth; returns its handle. */
    static native long streamOpen(long width, long height, long depth, int pixelType);

    /**
     * Copies one frame (depth planes) into the stream's pinned memory and starts its upload on the
     * stream's own queue; returns before the upload ends. Does not wait for an operation running
     * on the session (callable from a prefetch thread).
     */
    static native void streamPrefetch(long handle, Object[] planes);

    /** Waits for the prefetched frame's upload and stores it as GPU image {@code name}. */
    static native void streamTake(long handle, String name);

    /** Waits for the stream's uploads and frees its buffers (idempotent; unknown handles are ignored). */
    static native void streamClose(long handle);

    /**
     * {kernel file being compiled from source or "", milliseconds it has been compiling, number
     * of source compiles started in this process}: polled to show compile progress.
     */
    static native String[] compileActivity();

    /** Host-to-device GB/s (1e9 bytes/s) from pinned memory: median of reps blocking uploads of bytes. */
    static native double pinnedUploadGbps(long bytes, int reps);

    static native double[] hostCopyGbps(long bytes, int reps);

    /**
     * {task or "", units done, units in all, serial}: long native work inside the running
     * operation (native/include/ijcl/progress.hpp, e.g. tiles), polled to show progress.
     */
    static native String[] workProgress();
}
