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
        if (!usable() || !supported(ip)) return false;
        Object[] planes = {ip.getPixels()};
        String out = DeviceCache.newName();
        try (DeviceCache.Lease in = DeviceCache.upload(planes, ip.getWidth(), ip.getHeight())) {
            work.run(in.name, out);
            checkResult(out, ip.getWidth(), ip.getHeight(), 1, typeCode(planes[0]));
            Rectangle r = ip.getRoi();
            boolean whole = r.x == 0 && r.y == 0 && r.width == ip.getWidth() && r.height == ip.getHeight();
            Object result = blank(planes[0]);
            Ijcl.readPlanesInto(out, new Object[] {result});
            if (whole) {
                System.arraycopy(result, 0, planes[0], 0, ip.getPixelCount());
                DeviceCache.adopt(planes, out);
                out = null; // the cache owns it now
            } else {
                int w = ip.getWidth();
                for (int y = r.y; y < r.y + r.height; y++)
                    System.arraycopy(result, y * w + r.x, planes[0], y * w + r.x, r.width);
                DeviceCache.forget(planes);
            }
        } catch (RuntimeException e) {
            return fallBack("ijcl: " + e.getMessage());
        } finally {
            if (out != null) releaseQuietly(out);
        }
        Report.ranOnGpu();
        return true;
    }

    /**
     * Runs {@code work} on the planes {@code source[first..last]} (1-based, inclusive) of a stack as
     * one device image (z = the stack index) and writes the result into {@code target}'s planes (a
     * stack of the same plane size, type and count: the source itself for in-place filters).
     */
    static boolean stack(ImageStack source, ImageStack target, DeviceWork work) {
        if (!usable()) return false;
        if (source.getBitDepth() == 24) return fallBack("RGB stack (ijcl holds 8-, 16- and 32-bit images)");
        if (source.isVirtual() || target.isVirtual()) return fallBack("virtual stack (planes are read from disk)");
        int n = source.getSize();
        Object[] in = new Object[n], outPlanes = new Object[target.getSize()];
        for (int i = 0; i < n; i++) in[i] = source.getPixels(i + 1);
        for (int i = 0; i < outPlanes.length; i++) outPlanes[i] = target.getPixels(i + 1);
        String out = DeviceCache.newName();
        try (DeviceCache.Lease lease = DeviceCache.upload(in, source.getWidth(), source.getHeight())) {
            work.run(lease.name, out);
            checkResult(out, target.getWidth(), target.getHeight(), outPlanes.length, typeCode(outPlanes[0]));
            Object[] result = new Object[outPlanes.length];
            for (int i = 0; i < result.length; i++) result[i] = blank(outPlanes[i]);
            Ijcl.readPlanesInto(out, result);
            for (int i = 0; i < result.length; i++)
                System.arraycopy(result[i], 0, outPlanes[i], 0, java.lang.reflect.Array.getLength(result[i]));
            DeviceCache.adopt(outPlanes, out);
            out = null;
        } catch (RuntimeException e) {
            return fallBack("ijcl: " + e.getMessage());
        } finally {
            if (out != null) releaseQuietly(out);
        }
        Report.ranOnGpu();
        return true;
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
