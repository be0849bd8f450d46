package net.ijcl;

import ij.ImagePlus;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams a time-lapse to the GPU frame by frame, the upload of frame t + 1 overlapping the work
 * on frame t ({@code Ext.IJCL_streamFrame}): a call for frame t of a channel puts that frame's
 * z-stack on the GPU under the image's title (taking it from the prefetch when the previous call
 * asked for frame t - 1 of the same image and channel, else pushing it), and copying of frame t + 1
 * into a native frame stream starts on a background thread (before frame t is taken: the stream
 * holds two frames in flight): pinned host memory, its upload on the stream's own OpenCL queue
 * chunk by chunk as it is copied, while the macro's operations run on the session's queue.
 *
 * <p>The prefetch reads frame t + 1 from the ImagePlus while the macro goes on: a macro that
 * changes that frame's pixels between the two calls gets the frame as it was when prefetched.
 * Counters ({@link #prefetchedFramesUsed}, {@link #framesPushedDirectly}) show whether the
 * overlap happened. One stream at a time (a call for another image or channel ends the previous
 * one); the stream ends after the last frame, on release/clear of every GPU image, and at exit.
 */
public final class FrameStreamer {
    private FrameStreamer() {}

    private static final ExecutorService PREFETCH = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "ijcl-frame-prefetch");
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong PREFETCHED_USED = new AtomicLong(), PUSHED_DIRECTLY = new AtomicLong();

    /** The open stream: which image and channel, the native handle, and the frame in flight. */
    private static ImagePlus image;
    private static String name;
    private static int channel, width, height, depth, type, pendingFrame;
    private static long handle;
    private static Future<?> pending;
    private static Progress progress;

    /** Frames taken from a prefetch so far (this process). */
    public static long prefetchedFramesUsed() {
        return PREFETCHED_USED.get();
    }

    /** Frames a streamFrame call had to push itself (the first of a stream, or out of order). */
    public static long framesPushedDirectly() {
        return PUSHED_DIRECTLY.get();
    }

    /** streamFrame(title, channel, frame): see the class documentation. */
    static void streamFrame(String title, double channelArg, double frameArg) {
        ImagePlus imp = Hyperstacks.open("streamFrame", title);
        int c = Hyperstacks.position("streamFrame", "channel", channelArg, imp.getNChannels(), "channel", title);
        int t = Hyperstacks.position("streamFrame", "frame", frameArg, imp.getNFrames(), "frame", title);
        streamFrame(imp, title, c, t);
    }

    /** Puts frame t (1-based) of channel c of {@code imp} on the GPU as {@code gpuName}; prefetches frame t + 1. */
    public static synchronized void streamFrame(ImagePlus imp, String gpuName, int c, int t) {
        Ijcl.pixelType(imp); // RGB refused before anything changes
        boolean taken = false;
        if (handle != 0 && image == imp && c == channel && gpuName.equals(name) && pending != null && pendingFrame == t
                && sameShape(imp)) {
            try {
                pending.get();
                pending = null;
                // frame t + 1's copy starts before frame t is taken: the stream holds two frames in
                // flight, so the host copy never waits for this thread
                if (t < imp.getNFrames()) prefetch(imp, t + 1);
                try {
                    Ijcl.takeStreamed(handle, gpuName, imp);
                } catch (RuntimeException e) {
                    end(); // frame t is still the stream's oldest: a later call must not take it as frame t + 1
                    throw e;
                }
                taken = true;
                PREFETCHED_USED.incrementAndGet();
            } catch (ExecutionException e) {
                pending = null; // the prefetch failed: push the frame directly (below); its error shows there if real
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IjclException("streamFrame interrupted", e);
            }
        }
        if (!taken) {
            end();
            Ijcl.pushStackIndices(imp, gpuName, Hyperstacks.zStack(imp, c, t));
            PUSHED_DIRECTLY.incrementAndGet();
        }
        if (progress == null) progress = Progress.start("streaming " + gpuName + " (channel " + c + ")", imp.getNFrames(), "frames");
        progress.advance(t - progress.done(), null);
        if (t >= imp.getNFrames()) {
            end();
            return;
        }
        if (handle == 0) {
            image = imp;
            name = gpuName;
            channel = c;
            width = imp.getWidth();
            height = imp.getHeight();
            depth = imp.getNSlices();
            type = Ijcl.pixelType(imp);
            handle = Ijcl.openStream(width, height, depth, type);
        }
        if (pending == null) prefetch(imp, t + 1);
    }

    /** Starts copying frame t of the stream's channel into the native stream on the prefetch thread. */
    private static void prefetch(ImagePlus imp, int t) {
        final long h = handle;
        final Object[] planes = new Object[depth];
        int[] indices = Hyperstacks.zStack(imp, channel, t);
        for (int z = 0; z < depth; z++) planes[z] = imp.getStack().getPixels(indices[z]);
        pendingFrame = t;
        pending = PREFETCH.submit(() -> NativeBridge.streamPrefetch(h, planes));
    }

    private static boolean sameShape(ImagePlus imp) {
        int ty;
        try {
            ty = Ijcl.pixelType(imp);
        } catch (IjclException e) {
            return false;
        }
        return imp.getWidth() == width && imp.getHeight() == height && imp.getNSlices() == depth && ty == type;
    }

    /** Ends the open stream (waits for its prefetch, frees its buffers). */
    public static synchronized void end() {
        if (pending != null) {
            try {
                pending.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException ignored) {
                // a failed prefetch of a frame nobody will take
            }
            pending = null;
        }
        if (handle != 0) {
            NativeBridge.streamClose(handle);
            handle = 0;
        }
        image = null;
        name = null;
        if (progress != null) {
            progress.close();
            progress = null;
        }
    }
}
