package net.ijcl.oracle;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.AutoThresholder;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.StackConverter;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.ijcl.TestData;

/**
 * The input images of the oracle cases: odd-sized crops (127 x 93 x 7) of a real 16-bit
 * time-lapse of ../shared/data, its planes taken as z. Input 0 ("src") is x 0-126, y 0-92,
 * frames 1-7; input 1 ("src2", for two-image operations) is x 3-129, y 37-129, frames 21-27.
 * Operations whose name contains "2D" get the first plane only (127 x 93).
 *
 * <p>Types, made with ImageJ's converters: uint16 = the data; uint8 = StackConverter's 8-bit
 * conversion (scaled by the display range); float32 = StackConverter's 32-bit conversion divided
 * by 7, so that values are not whole numbers; binary = a uint8 0/255 mask of the uint8 input, the
 * pixels above ImageJ's Default auto-threshold of each plane (ImageJ's "Default dark");
 * masked_uint16 / masked_float32 = the uint16 / float32 input where that mask is set, 0 elsewhere
 * (a uint16 or float32 image with zeros, for operations whose rule is "non-zero = foreground":
 * the crops themselves hold no zero pixel).
 */
final class OracleInputs {
    static final String IMAGE = "cancer_cell_migration_crop.tif";
    static final int WIDTH = 127, HEIGHT = 93, DEPTH = 7;
    static final int[][] ORIGINS = {{0, 0, 0}, {3, 37, 20}}; // x, y, first frame of src and src2
    static final List<String> TYPES = Arrays.asList("uint8", "uint16", "float32", "binary", "masked_uint16",
            "masked_float32");

    private final ImagePlus data = TestData.open(IMAGE);
    private final Map<String, ImagePlus> cache = new HashMap<>();

    /** Whether an operation gets a single plane (its name says 2D). */
    static boolean planar(String operation) {
        return operation.contains("2D");
    }

    /** Input {@code which} (0 or 1) of pixel type {@code type}, a stack or its first plane. */
    ImagePlus get(String type, int which, boolean planar) {
        String key = type + "/" + which + "/" + planar;
        ImagePlus imp = cache.get(key);
        if (imp == null) {
            ImagePlus stack = planar ? null : converted(type, which);
            imp = planar ? new ImagePlus(key, get(type, which, false).getStack().getProcessor(1).duplicate()) : stack;
            imp.setTitle(key);
            cache.put(key, imp);
        }
        return imp;
    }

    /**
     * The input image for parameter {@code parameter}: input {@code which} of {@link #get}, except
     * for a parameter named z_position, which gets {@link #zPosition} (an altitude map), and one named
     * lookup_table, which gets {@link #lookupTable}.
     */
    ImagePlus forParameter(String parameter, String type, int which, boolean planar) {
        return parameter.equals("z_position") ? zPosition(type)
                : parameter.equals("lookup_table") ? lookupTable(type) : get(type, which, planar);
    }

    /**
     * A colour table as CLIJ2's depthColorProjection wants it (255 x 1 x 3: red, green, blue) of the
     * input's pixel type, derived from input 1: table plane c holds the first 255 pixels (row by row)
     * of its plane c + 1.
     */
    ImagePlus lookupTable(String type) {
        String key = "lut_" + type;
        ImagePlus imp = cache.get(key);
        if (imp == null) {
            ImagePlus values = get(dtype(type), 1, false);
            ImageStack stack = new ImageStack(255, 1);
            for (int c = 0; c < 3; c++) {
                ImageProcessor from = values.getStack().getProcessor(c + 1);
                ImageProcessor to = from.createProcessor(255, 1);
                for (int i = 0; i < 255; i++) to.setf(i, from.getf(i));
                stack.addSlice(to);
            }
            imp = new ImagePlus(key, stack);
            cache.put(key, imp);
        }
        return imp;
    }

    /**
     * An altitude map (plane indices) of pixel type {@code type}, one 127 x 93 plane derived from the
     * first uint16 plane v of input 1: v % 9, so planes 0..8 (7 and 8 lie beyond the 7-plane stack);
     * float32: (v % 9) * 0.75 (fractions, to exercise truncation toward zero).
     */
    ImagePlus zPosition(String type) {
        String key = "zpos_" + type;
        ImagePlus imp = cache.get(key);
        if (imp == null) {
            String t = dtype(type);
            ImageProcessor v = get("uint16", 1, false).getStack().getProcessor(1);
            ImageProcessor out = t.equals("uint16") ? new ij.process.ShortProcessor(WIDTH, HEIGHT)
                    : t.equals("float32") ? new FloatProcessor(WIDTH, HEIGHT) : new ByteProcessor(WIDTH, HEIGHT);
            for (int i = 0; i < WIDTH * HEIGHT; i++) {
                int z = v.get(i) % 9;
                out.setf(i, t.equals("float32") ? z * 0.75f : z);
            }
            imp = new ImagePlus(key, out);
            cache.put(key, imp);
        }
        return imp;
    }

    /** numpy's dtype of an input type. */
    static String dtype(String type) {
        return type.equals("binary") ? "uint8" : type.startsWith("masked_") ? type.substring(7) : type;
    }

    /** numpy's shape (z, y, x), or (y, x) for a single plane. */
    static int[] shape(ImagePlus imp) {
        return imp.getStackSize() == 1 ? new int[] {imp.getHeight(), imp.getWidth()}
                : new int[] {imp.getStackSize(), imp.getHeight(), imp.getWidth()};
    }

    /** Writes the pixels raw, little-endian, z then y then x. */
    static void writeRaw(ImagePlus imp, File file) {
        try (OutputStream out = new DataOutputStream(new FileOutputStream(file))) {
            for (int z = 1; z <= imp.getStackSize(); z++) {
                Object pixels = imp.getStack().getPixels(z);
                ByteBuffer b;
                if (pixels instanceof byte[]) {
                    b = ByteBuffer.wrap((byte[]) pixels);
                } else if (pixels instanceof short[]) {
                    short[] p = (short[]) pixels;
                    b = ByteBuffer.allocate(2 * p.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asShortBuffer().put(p);
                } else {
                    float[] p = (float[]) pixels;
                    b = ByteBuffer.allocate(4 * p.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.asFloatBuffer().put(p);
                }
                out.write(b.array());
            }
        } catch (IOException e) {
            throw new AssertionError("cannot write " + file + ": " + e, e);
        }
    }

    private ImagePlus converted(String type, int which) {
        int[] o = ORIGINS[which];
        if (data.getWidth() < o[0] + WIDTH || data.getHeight() < o[1] + HEIGHT || data.getStackSize() < o[2] + DEPTH)
            throw new AssertionError(IMAGE + " is smaller than the oracle crops need");
        ImageStack crop = new ImageStack(WIDTH, HEIGHT);
        for (int z = 0; z < DEPTH; z++) {
            ImageProcessor ip = data.getStack().getProcessor(o[2] + z + 1);
            ip.setRoi(o[0], o[1], WIDTH, HEIGHT);
            crop.addSlice(ip.crop());
        }
        ImagePlus imp = new ImagePlus(type, crop);
        switch (type) {
            case "uint16":
                return imp;
            case "uint8":
                new StackConverter(imp).convertToGray8();
                return imp;
            case "float32":
                new StackConverter(imp).convertToGray32();
                for (int z = 1; z <= DEPTH; z++) ((FloatProcessor) imp.getStack().getProcessor(z)).multiply(1.0 / 7);
                return imp;
            case "binary":
                return mask(get("uint8", which, false));
            case "masked_uint16":
            case "masked_float32": {
                ImagePlus values = get(dtype(type), which, false).duplicate(), mask = get("binary", which, false);
                for (int z = 1; z <= DEPTH; z++) {
                    ImageProcessor v = values.getStack().getProcessor(z), m = mask.getStack().getProcessor(z);
                    for (int i = 0; i < v.getPixelCount(); i++) if (m.get(i) == 0) v.setf(i, 0);
                }
                values.setTitle(type);
                return values;
            }
            default:
                throw new AssertionError("unknown input type " + type);
        }
    }

    private static ImagePlus mask(ImagePlus gray8) {
        ImageStack out = new ImageStack(gray8.getWidth(), gray8.getHeight());
        AutoThresholder thresholder = new AutoThresholder();
        for (int z = 1; z <= gray8.getStackSize(); z++) {
            ImageProcessor ip = gray8.getStack().getProcessor(z);
            int level = thresholder.getThreshold(AutoThresholder.Method.Default, ip.getHistogram());
            ByteProcessor m = new ByteProcessor(ip.getWidth(), ip.getHeight());
            for (int i = 0; i < ip.getPixelCount(); i++) m.set(i, ip.get(i) > level ? 255 : 0);
            out.addSlice(m);
        }
        return new ImagePlus("binary", out);
    }
}
