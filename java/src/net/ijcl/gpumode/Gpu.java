package net.ijcl.gpumode;

import ij.ImageStack;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import net.ijcl.Ijcl;

import java.awt.Rectangle;

/**
 * What every GPU twin does around its operation: check that the device can take the work, push the
 * pixels through the {@link DeviceCache}, run ijcl operations, write the result back into ImageJ's
 * own pixel arrays (host pixels are the truth), and report to {@link Report}. A twin calls
 * {@link #plane} (one plane, e.g. a slice handed to a PlugInFilter's {@code run(ip)}) or
 * {@link #stack} (whole stacks, for the 3D commands) and runs ImageJ's own code when they return
 * false; they return false, after reporting the reason, whenever the GPU cannot give ImageJ's
 * result exactly (GPU mode off, no OpenCL device, RGB, an ijcl error).
 */
final class Gpu {
    private Gpu() {}

    private static volatile String unavailable; // why no device can be used, once known

    /** True when GPU mode is on and an OpenCL device opens; otherwise reports the reason, false. */
    static boolean usable() {
        if (!GpuMode.isEnabled()) return fallBack("GPU mode is off");
        if (unavailable == null) {
            try {
                Ijcl.deviceName();
            } catch (Throwable t) {
                unavailable = "no OpenCL device: " + t.getMessage();
            }
            if (unavailable == null) unavailable = "";
        }
        return unavailable.isEmpty() || fallBack(unavailable);
    }

    /** Reports that ImageJ's code runs, for {@code reason}; returns false (for {@code return Gpu.fallBack(...)}). */
    static boolean fallBack(String reason) {
        Report.fellBack(reason);
        return false;
    }

    /** True for the 8-, 16- and 32-bit processors ijcl holds; RGB and others report a fallback. */
    static boolean supported(ImageProcessor ip) {
        if (ip instanceof ByteProcessor || ip instanceof ShortProcessor || ip instanceof FloatProcessor) return true;
        return fallBack("pixel type " + ip.getClass().getSimpleName() + " (ijcl holds 8-, 16- and 32-bit images)");
    }

    /** A computation on device images: reads {@code source}, writes a new image {@code destination}. */
    interface DeviceWork {
        void run(String source, String destination);
    }

    /**
     * Runs {@code work} on the pixels of {@code ip} and writes the result (an image of ip's size and
     * pixel type) back into ip: the whole plane when ip's ROI is the whole image, else only the ROI
     * rectangle (ImageJ's PlugInFilterRunner then restores what lies outside a non-rectangular
     * ROI). False, after reporting why, when the device cannot do it; ip is then unchanged.
     */
    static boolean plane(ImageProcessor ip, DeviceWork work) {
        return plane(ip, work, false);
    }

    private static boolean plane(ImageProcessor ip, DeviceWork work, boolean ignoreRoi) {
        if (!usable() || !supported(ip)) return false;
        Object[] planes = {ip.getPixels()};
        Rectangle r = ip.getRoi();
        boolean whole = ignoreRoi || r.x == 0 && r.y == 0 && r.width == ip.getWidth() && r.height == ip.getHeight();
        return run(planes, ip.getWidth(), ip.getHeight(), planes, ip.getWidth(), ip.getHeight(), work, results -> {
            if (whole) {
                System.arraycopy(results[0], 0, planes[0], 0, ip.getPixelCount());
                return true;
            }
            int w = ip.getWidth();
            for (int y = r.y; y < r.y + r.height; y++)
                System.arraycopy(results[0], y * w + r.x, planes[0], y * w + r.x, r.width);
            return false;
        });
    }

    /**
     * Runs {@code work} on all planes of {@code source} as one device image (z = the stack index)
     * and writes the result into {@code target}'s planes (a stack of the same plane size, type and
     * count: the source itself for in-place filters).
     */
    static boolean stack(ImageStack source, ImageStack target, DeviceWork work) {
        if (!usable()) return false;
        if (source.getBitDepth() == 24) return fallBack("RGB stack (ijcl holds 8-, 16- and 32-bit images)");
        if (source.isVirtual() || target.isVirtual()) return fallBack("virtual stack (planes are read from disk)");
        Object[] in = new Object[source.getSize()], outPlanes = new Object[target.getSize()];
        for (int i = 0; i < in.length; i++) in[i] = source.getPixels(i + 1);
        for (int i = 0; i < outPlanes.length; i++) outPlanes[i] = target.getPixels(i + 1);
        return run(in, source.getWidth(), source.getHeight(), outPlanes, target.getWidth(), target.getHeight(), work,
                results -> copyAll(results, outPlanes));
    }

    /**
     * Where a result read from the device goes: copies {@code results} (fresh arrays shaped as the
     * target planes) into the target planes; true when the planes then hold the whole result (the
     * cache keeps the device image as their copy), false when only part of it was written.
     */
    private interface Store {
        boolean store(Object[] results);
    }

    /**
     * What plane, stack and convert share: pushes {@code in} (through the cache), runs {@code work},
     * checks the result's shape (outWidth x outHeight x outPlanes.length) and type against {@code outPlanes}, reads it and hands it to
     * {@code store}; then the cache keeps the result as the copy of {@code outPlanes} (or forgets
     * their old copy when only part was written). Any ijcl error is a reported fallback with the
     * target planes untouched (the result is read into fresh arrays first).
     */
    private static boolean run(Object[] in, int width, int height, Object[] outPlanes, int outWidth, int outHeight,
                               DeviceWork work, Store store) {
        String out = DeviceCache.newName();
        try (DeviceCache.Lease lease = DeviceCache.upload(in, width, height)) {
            work.run(lease.name, out);
            checkResult(out, outWidth, outHeight, outPlanes.length, typeCode(outPlanes[0]));
            Object[] results = new Object[outPlanes.length];
            for (int i = 0; i < results.length; i++) results[i] = blank(outPlanes[i]);
            Ijcl.readPlanesInto(out, results);
            if (store.store(results)) {
                DeviceCache.adopt(outPlanes, out);
                out = null; // the cache owns it now
            } else {
                DeviceCache.forget(outPlanes);
            }
        } catch (RuntimeException e) {
            return fallBack("ijcl: " + e.getMessage());
        } finally {
            if (out != null) releaseQuietly(out);
        }
        Report.ranOnGpu();
        return true;
    }

    private static boolean copyAll(Object[] results, Object[] targets) {
        for (int i = 0; i < results.length; i++)
            System.arraycopy(results[i], 0, targets[i], 0, java.lang.reflect.Array.getLength(results[i]));
        return true;
    }

    private static volatile Boolean hasDouble;

    /**
     * True when the device computes in double where ImageJ does (kernels that sum in double use
     * float on devices without cl_khr_fp64). Found once, by a probe whose float and double results
     * differ: meanZProjection of a float line {2^24, 1, 1} is (2^24 + 2) / 3 = 5592406 summed in
     * double, 5592405.5 in float.
     */
    static boolean hasDouble() {
        if (hasDouble == null) {
            String in = DeviceCache.newName(), out = DeviceCache.newName();
            try {
                Ijcl.pushPlanes(in, 1, 1, new Object[] {new float[] {16777216f}, new float[] {1f}, new float[] {1f}});
                op("meanZProjection", in, out);
                float[] r = new float[1];
                Ijcl.readPlanesInto(out, new Object[] {r});
                hasDouble = r[0] == 5592406f;
            } catch (RuntimeException e) {
                hasDouble = false;
            } finally {
                releaseQuietly(in);
                releaseQuietly(out);
            }
        }
        return hasDouble;
    }

    /**
     * Replaces every pixel v of an 8- or 16-bit plane (the ROI rectangle, as {@link #plane}) by
     * {@code table[v]} on the device (ijcl's replaceIntensities): {@code table} is a byte[256] or
     * short[65536] of the plane's pixel type, e.g. made by running ImageJ's own code on a ramp of
     * every value (exact by construction when ImageJ's result is a function of the pixel value).
     */
    static boolean lookUp(ImageProcessor ip, Object table) {
        if (!usable() || !supported(ip)) return false;
        String lut = DeviceCache.newName();
        try {
            Ijcl.pushPlanes(lut, java.lang.reflect.Array.getLength(table), 1, new Object[] {table});
        } catch (RuntimeException e) {
            return fallBack("ijcl: " + e.getMessage());
        }
        try {
            return plane(ip, (in, out) -> op("replaceIntensities", in, lut, out));
        } finally {
            releaseQuietly(lut);
        }
    }

    /**
     * Runs {@code work} on {@code planes} (one device image, z = the plane index) and reads its
     * result, of the same size and plane count but the pixel type of {@code results}, into the new
     * arrays {@code results} (for conversions: ImageJ then wraps them in new processors).
     */
    static boolean convert(Object[] planes, int width, int height, Object[] results, DeviceWork work) {
        if (!usable()) return false;
        return run(planes, width, height, results, width, height, work, r -> copyAll(r, results));
    }

    /** Pushes a look-up table (a vector image, width = its length) under a fresh name; release it after use. */
    static String pushTable(Object table) {
        String name = DeviceCache.newName();
        Ijcl.pushPlanes(name, java.lang.reflect.Array.getLength(table), 1, new Object[] {table});
        return name;
    }

    /** A computation on two device images (e.g. ImageJ's destination and source of copyBits). */
    interface DeviceWork2 {
        void run(String source1, String source2, String destination);
    }

    /**
     * {@link #plane} with a second input: {@code other}'s pixels (the whole plane, same size as
     * ip's) are pushed too (through the cache) and handed to {@code work} as its second image. The
     * result is written to the whole plane whatever ip's ROI (as ImageJ's copyBits does).
     */
    static boolean plane2(ImageProcessor ip, ImageProcessor other, DeviceWork2 work) {
        if (!usable() || !supported(ip) || !supported(other)) return false;
        if (other.getWidth() != ip.getWidth() || other.getHeight() != ip.getHeight())
            return fallBack("images of different sizes");
        try (DeviceCache.Lease b = DeviceCache.upload(new Object[] {other.getPixels()}, other.getWidth(), other.getHeight())) {
            return plane(ip, (in, out) -> work.run(in, b.name, out), true);
        } catch (RuntimeException e) {
            return fallBack("ijcl: " + e.getMessage());
        }
    }

    /**
     * Runs {@code work} on the pixels of {@code ip} (the whole plane) and returns its result image,
     * of any size, as floats (e.g. a histogram); ip is not changed. Null, after reporting why, when
     * the device cannot do it.
     */
    static float[] measure(ImageProcessor ip, DeviceWork work) {
        if (!usable() || !supported(ip)) return null;
        String out = DeviceCache.newName();
        try (DeviceCache.Lease in = DeviceCache.upload(new Object[] {ip.getPixels()}, ip.getWidth(), ip.getHeight())) {
            work.run(in.name, out);
            return (float[]) Ijcl.pull(out).getProcessor().convertToFloatProcessor().getPixels();
        } catch (RuntimeException e) {
            fallBack("ijcl: " + e.getMessage());
            return null;
        } finally {
            releaseQuietly(out);
        }
    }

    /**
     * Pushes {@code values} as a device image of values.length x 1 pixels (32-bit) named
     * {@code name}, for an operation's vector argument (e.g. a lookup table); the caller releases it.
     */
    static void pushVector(String name, float[] values) {
        Ijcl.push(new ij.ImagePlus(name, new FloatProcessor(values.length, 1, values)), name);
    }

    /** Runs an ijcl operation (see docs/reference.md), as the macro extensions do. */
    static Ijcl.Result op(String operation, Object... args) {
        return Ijcl.execute(operation, args);
    }

    private static void checkResult(String name, int width, int height, int depth, int type) {
        long[] info = Ijcl.imageInfo(name);
        if (info[0] != width || info[1] != height || info[2] != depth || info[3] != type)
            throw new IllegalStateException("internal: GPU result " + info[0] + "x" + info[1] + "x" + info[2]
                    + " of type " + info[3] + ", expected " + width + "x" + height + "x" + depth + " of type " + type);
    }

    static int typeCode(Object pixels) {
        return pixels instanceof byte[] ? 0 : pixels instanceof short[] ? 1 : 2;
    }

    private static Object blank(Object like) {
        int n = java.lang.reflect.Array.getLength(like);
        return like instanceof byte[] ? new byte[n] : like instanceof short[] ? (Object) new short[n] : new float[n];
    }

    static void releaseQuietly(String name) {
        try {
            Ijcl.release(name);
        } catch (RuntimeException ignored) {
            // already gone
        }
    }
}
