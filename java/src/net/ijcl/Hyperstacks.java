package net.ijcl;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.LUT;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hyperstacks (channels C, slices Z, frames T) and the GPU's 3D images: which planes a push
 * takes, pushes of a chosen channel and frame or of a channel or frame range, and pulls back into
 * a hyperstack. Channels, slices and frames are numbered from 1, as in ImageJ.
 *
 * <p>What a plain push takes (CLIJ2's rule, ImagePlusToClearCLBufferConverter): the image's
 * z-slices if it has several (of the current channel and frame); else its channels if it has
 * several (of the current frame); else its frames; else its one plane. So a 5D image gives one
 * channel's z-stack at the current frame, a C x T image the channels of the current frame, a
 * time-lapse of one channel and one slice all its frames.
 *
 * <p>The hyperstack an image came from (its "origin": channels, frames, calibration with the
 * frame interval, LUTs and display mode) is remembered by GPU name when it is pushed and passed
 * to an operation's outputs (as the calibration, from the first input image), so that
 * {@link #pullToHyperstack} can make the target hyperstack when it is not open.
 */
public final class Hyperstacks {
    private Hyperstacks() {}

    /** The hyperstack an image was pushed from. */
    static final class Origin {
        final int channels, slices, frames, bitDepth, compositeMode;
        final Calibration calibration;
        final LUT[] luts; // one per channel, or null

        Origin(ImagePlus imp) {
            channels = imp.getNChannels();
            slices = imp.getNSlices();
            frames = imp.getNFrames();
            bitDepth = imp.getBitDepth();
            calibration = imp.getCalibration().copy();
            if (imp instanceof CompositeImage) {
                CompositeImage ci = (CompositeImage) imp;
                compositeMode = ci.getMode();
                LUT[] l = ci.getLuts();
                luts = new LUT[l.length];
                for (int i = 0; i < l.length; i++) luts[i] = (LUT) l[i].clone();
            } else {
                compositeMode = -1;
                LUT lut = imp.getProcessor() == null ? null : imp.getProcessor().getLut();
                luts = lut == null ? null : new LUT[] {(LUT) lut.clone()};
                if (luts != null) {
                    luts[0].min = imp.getDisplayRangeMin();
                    luts[0].max = imp.getDisplayRangeMax();
                }
            }
        }
    }

    private static final Map<String, Origin> ORIGINS = new ConcurrentHashMap<>();

    static void remember(String name, ImagePlus imp) {
        if (imp.getStackSize() == imp.getNChannels() * imp.getNSlices() * imp.getNFrames()) ORIGINS.put(name, new Origin(imp));
        else ORIGINS.remove(name);
    }

    static void forget(String name) {
        ORIGINS.remove(name);
    }

    static void forgetAll() {
        ORIGINS.clear();
    }

    /** Outputs of an operation take the origin of its first input (none if it had none). */
    static void inherit(String source, Iterable<String> outputs) {
        Origin o = source == null ? null : ORIGINS.get(source);
        for (String name : outputs) {
            if (o == null) ORIGINS.remove(name);
            else ORIGINS.put(name, o);
        }
    }

    // --- what a push takes -----------------------------------------------------------------------

    /** The 1-based stack indices a plain push takes (see the class documentation). */
    static int[] pushedPlanes(ImagePlus imp) {
        int c = imp.getNChannels(), z = imp.getNSlices(), t = imp.getNFrames(), size = imp.getStackSize();
        if (c * z * t != size) return range(1, size);
        if (z > 1) return zStack(imp, imp.getChannel(), imp.getFrame());
        if (c > 1) return channels(imp, 1, imp.getFrame(), 1, c);
        if (t > 1) return frames(imp, 1, 1, 1, t);
        return new int[] {1};
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from + 1];
        for (int i = 0; i < out.length; i++) out[i] = from + i;
        return out;
    }

    /** The z-stack of channel c and frame t. */
    static int[] zStack(ImagePlus imp, int c, int t) {
        int[] out = new int[imp.getNSlices()];
        for (int z = 0; z < out.length; z++) out[z] = imp.getStackIndex(c, z + 1, t);
        return out;
    }

    /** Channels first..last of slice z and frame t. */
    static int[] channels(ImagePlus imp, int z, int t, int first, int last) {
        int[] out = new int[last - first + 1];
        for (int i = 0; i < out.length; i++) out[i] = imp.getStackIndex(first + i, z, t);
        return out;
    }

    /** Frames first..last of channel c and slice z. */
    static int[] frames(ImagePlus imp, int c, int z, int first, int last) {
        int[] out = new int[last - first + 1];
        for (int i = 0; i < out.length; i++) out[i] = imp.getStackIndex(c, z, first + i);
        return out;
    }

    // --- pushes of a chosen part -------------------------------------------------------------------

    /** A whole number in [1, max] for a 1-based axis position, or an IjclException naming the argument. */
    static int position(String function, String argument, double value, int max, String axis, String title) {
        if (!(value >= 1) || value != Math.rint(value) || value > max)
            throw new IjclException(function + ", argument '" + argument + "': " + axis + " " + format(value)
                    + " is not one of 1.." + max + " ('" + title + "' has " + max + " " + axis + (max == 1 ? "" : "s") + ")"
                    + (axis.equals("frame") && max == 1 ? hint(title) : ""));
        return (int) value;
    }

    /** For a stack whose planes are slices where frames were meant (a time-lapse saved as a plain stack). */
    private static String hint(String title) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null || imp.getNSlices() <= 1) return "";
        return "; its " + imp.getNSlices() + " planes are z-slices: if they are time points, make them frames first "
                + "(Image > Properties..., or Stack.setDimensions(" + imp.getNChannels() + ", 1, " + imp.getNSlices() + ") in a macro)";
    }

    static ImagePlus open(String function, String title) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) throw new IjclException(function + ", argument 'image': no image titled '" + title + "' is open");
        if (imp.getStackSize() != imp.getNChannels() * imp.getNSlices() * imp.getNFrames())
            throw new IjclException(function + ", argument 'image': '" + title + "' has " + imp.getStackSize()
                    + " planes, not channels x slices x frames");
        return imp;
    }

    /** pushChannelFrame: the z-stack of channel c, frame t under the image's title. */
    static void pushChannelFrame(String title, double channel, double frame) {
        ImagePlus imp = open("pushChannelFrame", title);
        int c = position("pushChannelFrame", "channel", channel, imp.getNChannels(), "channel", title);
        int t = position("pushChannelFrame", "frame", frame, imp.getNFrames(), "frame", title);
        Ijcl.pushStackIndices(imp, title, zStack(imp, c, t));
    }

    /** pushFrames: frames first..last of channel c and slice z as a stack (its z axis is time). */
    static void pushFrames(String title, double channel, double slice, double first, double last) {
        String f = "pushFrames";
        ImagePlus imp = open(f, title);
        int c = position(f, "channel", channel, imp.getNChannels(), "channel", title);
        int z = position(f, "slice", slice, imp.getNSlices(), "slice", title);
        int[] r = range(f, "frame", first, last, imp.getNFrames(), title);
        Ijcl.pushStackIndices(imp, title, frames(imp, c, z, r[0], r[1]));
    }

    /** pushChannels: channels first..last of slice z and frame t as a stack (its z axis is the channel). */
    static void pushChannels(String title, double slice, double frame, double first, double last) {
        String f = "pushChannels";
        ImagePlus imp = open(f, title);
        int z = position(f, "slice", slice, imp.getNSlices(), "slice", title);
        int t = position(f, "frame", frame, imp.getNFrames(), "frame", title);
        int[] r = range(f, "channel", first, last, imp.getNChannels(), title);
        Ijcl.pushStackIndices(imp, title, channels(imp, z, t, r[0], r[1]));
    }

    /** The 1-based range first..last of {@code what} (arguments first_/last_what), checked against count. */
    private static int[] range(String f, String what, double first, double last, int count, String title) {
        int a = position(f, "first_" + what, first, count, what, title);
        int b = position(f, "last_" + what, last, count, what, title);
        if (b < a) throw new IjclException(f + ", argument 'last_" + what + "': " + b + " is before first_" + what + " " + a);
        return new int[] {a, b};
    }

    // --- pull into a hyperstack ------------------------------------------------------------------

    /**
     * Writes GPU image {@code name} (a z-stack, or one plane) into channel c, frame t of the open
     * hyperstack {@code target}; when no image of that title is open, first makes it (shown, as
     * pull does) with the channels, frames, calibration (frame interval included), LUTs and
     * display mode of the hyperstack {@code name} came from, and the GPU image's slices and pixel
     * type. Values written into an open target of another bit depth are converted as ImageJ's
     * putPixelValue (rounded, clamped). Returns the target.
     */
    static ImagePlus pullToHyperstack(String name, String targetTitle, double channel, double frame) {
        String f = "pullToHyperstack";
        if (targetTitle == null || targetTitle.trim().isEmpty())
            throw new IjclException(f + ", argument 'target': no title given");
        long[] info = Ijcl.imageInfo(name);
        ImagePlus target = WindowManager.getImage(targetTitle);
        if (target == null) {
            Origin o = ORIGINS.get(name);
            if (o == null)
                throw new IjclException(f + ", argument 'target': no image titled '" + targetTitle + "' is open, and '" + name
                        + "' was not made from a pushed hyperstack, so its channels and frames are unknown: open or create '"
                        + targetTitle + "' first");
            int c = position(f, "channel", channel, o.channels, "channel", name + "' (from its hyperstack");
            int t = position(f, "frame", frame, o.frames, "frame", name + "' (from its hyperstack");
            ImagePlus data = Ijcl.pull(name);
            target = create(targetTitle, o, data);
            write(data, target, c, t);
            target.show();
            return target;
        }
        if (target.getBitDepth() == 24)
            throw new IjclException(f + ", argument 'target': '" + targetTitle + "' is an RGB image; pullToHyperstack writes 8, 16 and 32-bit images");
        if (target.getStackSize() != target.getNChannels() * target.getNSlices() * target.getNFrames())
            throw new IjclException(f + ", argument 'target': '" + targetTitle + "' is not a hyperstack of channels x slices x frames");
        if (info[0] != target.getWidth() || info[1] != target.getHeight() || info[2] != target.getNSlices())
            throw new IjclException(f + ", argument 'image': '" + name + "' is " + info[0] + " x " + info[1] + " x " + info[2]
                    + "; a (channel, frame) of '" + targetTitle + "' is " + target.getWidth() + " x " + target.getHeight()
                    + " x " + target.getNSlices() + " (width x height x slices)");
        int c = position(f, "channel", channel, target.getNChannels(), "channel", targetTitle);
        int t = position(f, "frame", frame, target.getNFrames(), "frame", targetTitle);
        write(Ijcl.pull(name), target, c, t);
        target.changes = true;
        target.updateAndDraw();
        return target;
    }

    private static ImagePlus create(String title, Origin o, ImagePlus data) {
        int slices = data.getStackSize();
        ImageStack stack = new ImageStack(data.getWidth(), data.getHeight());
        ImageProcessor template = data.getProcessor();
        for (int i = 0; i < o.channels * slices * o.frames; i++)
            stack.addSlice(null, template.createProcessor(data.getWidth(), data.getHeight()));
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(o.channels, slices, o.frames);
        imp.setOpenAsHyperStack(o.channels * o.frames > 1 || slices > 1);
        Calibration cal = o.calibration.copy();
        if (o.bitDepth != data.getBitDepth()) cal.disableDensityCalibration(); // 16-bit calibration functions do not carry over
        imp.setCalibration(cal);
        boolean sameDepth = o.bitDepth == data.getBitDepth();
        if (o.channels > 1) {
            CompositeImage ci = new CompositeImage(imp, o.compositeMode >= 0 ? o.compositeMode : CompositeImage.COLOR);
            if (o.luts != null && o.luts.length == o.channels) {
                for (int ch = 0; ch < o.channels; ch++) {
                    LUT lut = (LUT) o.luts[ch].clone();
                    if (!sameDepth) { // a display range of another pixel type means nothing here
                        lut.min = 0;
                        lut.max = data.getBitDepth() == 8 ? 255 : data.getBitDepth() == 16 ? 65535 : 1;
                    }
                    ci.setChannelLut(lut, ch + 1);
                }
            }
            imp = ci;
            imp.setTitle(title);
        } else if (o.luts != null) {
            LUT lut = (LUT) o.luts[0].clone();
            imp.getProcessor().setLut(lut);
            if (sameDepth) imp.setDisplayRange(lut.min, lut.max);
        }
        return imp;
    }

    /** Copies data's planes into channel c, frame t of target (same type: a copy; else putPixelValue). */
    private static void write(ImagePlus data, ImagePlus target, int c, int t) {
        ImageStack stack = target.getStack();
        boolean same = data.getBitDepth() == target.getBitDepth();
        for (int z = 1; z <= data.getStackSize(); z++) {
            ImageProcessor src = data.getStack().getProcessor(z);
            int index = target.getStackIndex(c, z, t);
            if (same) {
                Object dst = stack.getPixels(index);
                System.arraycopy(src.getPixels(), 0, dst, 0, src.getPixelCount());
            } else {
                ImageProcessor dst = stack.getProcessor(index);
                for (int y = 0; y < src.getHeight(); y++)
                    for (int x = 0; x < src.getWidth(); x++) dst.putPixelValue(x, y, src.getPixelValue(x, y));
            }
        }
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
