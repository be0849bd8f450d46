package net.ijcl.gpumode;

import ij.ImagePlus;
import ij.Prefs;
import ij.plugin.filter.Binary;
import ij.process.ImageProcessor;

import java.awt.Rectangle;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * GPU twin of Process > Binary > Erode, Dilate, Open, Close-, Outline and Fill Holes
 * ({@code ij.plugin.filter.Binary("erode"/"dilate"/"open"/"close"/"outline"/"fill")}). ImageJ's
 * class checks the image (8-bit binary), asks about the stack, and its PlugInFilterRunner calls
 * {@link #run(ImageProcessor)} once per slice (several threads for stacks) and restores the pixels
 * outside a non-rectangular ROI. Binary has no numeric hook, so {@code run} is overridden and does
 * what Binary's does with the pixels computed on the device:
 * <ul>
 * <li>foreground/background from Prefs.blackBackground and the LUT, as Binary.run;</li>
 * <li>Erode/Dilate/Open/Close-: Binary's static {@code iterations} and {@code count} (Process >
 * Binary > Options, read by reflection) and Prefs.padEdges; each pass is imagejBinaryErode /
 * imagejBinaryDilate (ByteProcessor.filter's ERODE/DILATE rule), restricted to the ROI rectangle
 * pass by pass as ImageJ filters only inside it;</li>
 * <li>Outline: imagejBinaryOutline (BinaryProcessor.outline) with ImageJ's inversions for black
 * background. Binary runs with the snapshot copy mode on, so ImageJ's outline reads the snapshot
 * (the pixels before the first inversion) when there is one: the twin does the same;</li>
 * <li>Fill Holes: the background 4-connected to the image border (binaryFillHoles of the
 * non-background pixels), the rest foreground, as Binary.fill's flood fill;</li>
 * <li>then the binary threshold, as Binary.run.</li>
 * </ul>
 * Runs ImageJ's code instead for: a count outside 1..8; images narrower or lower than 3 pixels; a
 * ROI whose rectangle ends one pixel before the right or bottom edge (ImageJ's filter then also
 * changes the edge column or row outside the ROI); a snapshot that differs from the pixels (ImageJ
 * would filter the snapshot); Outline with black background, no snapshot and a ROI; Fill Holes
 * with a ROI (ImageJ fills the whole image) or on a plane with values other than 0 and 255
 * (ImageJ's flood marks with 127).
 */
public class BinaryTwin extends Binary {
    private static final Field ITERATIONS = Reflect.field(Binary.class, "iterations");
    private static final Field COUNT = Reflect.field(Binary.class, "count");

    private String operation;

    @Override
    public int setup(String arg, ImagePlus imp) {
        this.operation = arg;
        return super.setup(arg, imp);
    }

    @Override
    public void run(ImageProcessor ip) {
        if (operation != null && Gpu.usable() && runOnGpu(ip)) return;
        super.run(ip);
    }

    private boolean runOnGpu(ImageProcessor ip) {
        String op = operation;
        boolean morphology = op.equals("erode") || op.equals("dilate") || op.equals("open") || op.equals("close");
        if (!morphology && !op.equals("outline") && !op.startsWith("fill"))
            return Gpu.fallBack("Binary '" + op + "' has no GPU twin");
        int w = ip.getWidth(), h = ip.getHeight();
        if (w < 3 || h < 3) return Gpu.fallBack("an image narrower or lower than 3 pixels");
        byte[] pixels = (byte[]) ip.getPixels();
        Object snapshot = ip.getSnapshotPixels();
        if (snapshot != null && !(snapshot instanceof byte[] && Arrays.equals((byte[]) snapshot, pixels)))
            return Gpu.fallBack("a snapshot that differs from the pixels (ImageJ's filter would read it)");
        Rectangle r = ip.getRoi();
        boolean whole = r.x == 0 && r.y == 0 && r.width == w && r.height == h;
        if (!whole && (r.x + r.width == w - 1 || r.y + r.height == h - 1))
            return Gpu.fallBack("a ROI ending one pixel before the right or bottom edge (ImageJ then also filters the edge outside it)");
        int fg = Prefs.blackBackground ? 255 : 0;
        int foreground = ip.isInvertedLut() ? 255 - fg : fg;
        int background = 255 - foreground;

        boolean done;
        if (morphology) {
            if (ITERATIONS == null || COUNT == null)
                return Gpu.fallBack("ImageJ's Binary options not found (another ImageJ version)");
            int iterations = (Integer) Reflect.get(ITERATIONS, null), count = (Integer) Reflect.get(COUNT, null);
            if (count < 1 || count > 8) return Gpu.fallBack("Binary count " + count + " (1..8 on the GPU)");
            List<Boolean> passes = new ArrayList<>(); // true: erode
            boolean erodeFirst = !op.equals("dilate") && !op.equals("close");
            boolean two = op.equals("open") || op.equals("close");
            for (int i = 0; i < iterations; i++) passes.add(erodeFirst);
            if (two) for (int i = 0; i < iterations; i++) passes.add(!erodeFirst);
            boolean pad = Prefs.padEdges;
            done = passes.isEmpty() || Gpu.plane(ip, (in, out) -> {
                String current = in;
                for (int i = 0; i < passes.size(); i++) {
                    String next = i == passes.size() - 1 ? out : DeviceCache.newName();
                    boolean erode = passes.get(i);
                    String from = current;
                    inRect(from, next, r, whole, (a, b) -> {
                        if (erode) Gpu.op("imagejBinaryErode", a, b, (double) count, (double) background, pad);
                        else Gpu.op("imagejBinaryDilate", a, b, (double) count, (double) background);
                    });
                    if (!current.equals(in)) Gpu.releaseQuietly(current);
                    current = next;
                }
            });
        } else if (op.equals("outline")) {
            int bgColor = ip.isInvertedLut() ? 0 : 255; // BinaryProcessor.process
            if (!Prefs.blackBackground) {
                done = Gpu.plane(ip, (in, out) -> Gpu.op("imagejBinaryOutline", in, out, (double) bgColor));
            } else {
                // ImageJ: invert the ROI rectangle, outline reading the snapshot (the original) if
                // there is one, else the inverted pixels, invert the rectangle again
                if (snapshot == null && !whole)
                    return Gpu.fallBack("Outline with black background on a stack slice with a ROI");
                boolean readsOriginal = snapshot != null;
                done = Gpu.plane(ip, (in, out) -> {
                    String source = in, inverted = null, outlined = DeviceCache.newName(),
                            flipped = DeviceCache.newName(), inner = DeviceCache.newName();
                    try {
                        if (!readsOriginal) {
                            inverted = DeviceCache.newName();
                            Gpu.op("subtractImageFromScalar", in, inverted, 255.0);
                            source = inverted;
                        }
                        Gpu.op("imagejBinaryOutline", source, outlined, (double) bgColor);
                        Gpu.op("subtractImageFromScalar", outlined, flipped, 255.0);
                        // border pixels: inverted twice (the original); interior: 255 - outline
                        Gpu.op("copy", in, out);
                        Gpu.op("crop2D", flipped, inner, 1.0, 1.0, (double) (w - 2), (double) (h - 2));
                        Gpu.op("paste2D", inner, out, 1.0, 1.0);
                    } finally {
                        if (inverted != null) Gpu.releaseQuietly(inverted);
                        Gpu.releaseQuietly(outlined);
                        Gpu.releaseQuietly(flipped);
                        Gpu.releaseQuietly(inner);
                    }
                });
            }
        } else { // fill
            if (!whole) return Gpu.fallBack("Fill Holes with a ROI (ImageJ fills the whole image)");
            for (byte b : pixels)
                if (b != 0 && b != (byte) 255) return Gpu.fallBack("Fill Holes on a plane with values other than 0 and 255");
            done = Gpu.plane(ip, (in, out) -> {
                String objects = DeviceCache.newName(), filled = DeviceCache.newName(), swapped = DeviceCache.newName();
                try {
                    Gpu.op("notEqualConstant", in, objects, (double) background);
                    Gpu.op("binaryFillHoles", objects, filled);
                    if (foreground == 255) {
                        Gpu.op("replaceIntensity", filled, out, 1.0, 255.0);
                    } else {
                        Gpu.op("replaceIntensity", filled, swapped, 0.0, 255.0);
                        Gpu.op("replaceIntensity", swapped, out, 1.0, 0.0);
                    }
                } finally {
                    Gpu.releaseQuietly(objects);
                    Gpu.releaseQuietly(filled);
                    Gpu.releaseQuietly(swapped);
                }
            });
        }
        if (!done) return false;
        ip.setSnapshotCopyMode(false);
        ip.setBinaryThreshold();
        return true;
    }

    /**
     * Runs {@code step} from {@code from} into {@code to}: over the whole plane, or, for a ROI, only
     * inside its rectangle (the rest of {@code to} is {@code from}), as ImageJ's filters do.
     */
    private static void inRect(String from, String to, Rectangle r, boolean whole, Gpu.DeviceWork step) {
        if (whole) {
            step.run(from, to);
            return;
        }
        String all = DeviceCache.newName(), part = DeviceCache.newName();
        try {
            step.run(from, all);
            Gpu.op("crop2D", all, part, (double) r.x, (double) r.y, (double) r.width, (double) r.height);
            Gpu.op("copy", from, to);
            Gpu.op("paste2D", part, to, (double) r.x, (double) r.y);
        } finally {
            Gpu.releaseQuietly(all);
            Gpu.releaseQuietly(part);
        }
    }
}
