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
import net.ijcl.Ijcl;
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
 * the crops themselves hold no zero pixel); pointlist_uint8 / pointlist_uint16 / pointlist_float32
 * = a 127 x 4 point list made from the first plane of that type's input 0 (column i: rows x, y, z,
 * value = the pixels (i, 0..3) modulo 127, 93 and 7 and the pixel (i, 3) itself; every tenth
 * column at x = 130, outside the crops), while input 1 stays the crop of that type (the
 * destination of writeValuesToPositions).
 *
 * <p>Label images and what CLIJ2 derives from them, made on each side independently (ijcl's
 * operations for ijcl, CLIJ2's for the oracle, clij2_oracle.py): labels = the uint32 connected
 * components (26-connected in 3D) of that binary mask (ijcl's connectedComponentsLabelingBox;
 * CLIJ2's connected_components_labeling_box renumbered in raster order of each object's first
 * pixel, as ijcl numbers them; the connectedComponentsLabelingBox row of clij2_oracles.tsv checks
 * that they agree exactly); centroids = their point list (centroidsOfLabels, float32 n x d);
 * touch = their touch matrix (generateTouchMatrix, float32, the x < y half); distance = the
 * distance matrix of the centroids to themselves (generateDistanceMatrix, float32); near = a
 * touch-like matrix of labels whose centroids are closer than 40 pixels (1 at x < y, x >= 1, where
 * 0 < distance < 40; made from the distance matrix in Java and in numpy), because connected
 * components never touch each other and their touch matrix only marks the background; tiled =
 * labels whose labels touch: those connected components, with every background pixel (x, y, z)
 * given the id n + 1 + x / 16 + 8 (y / 16) + 48 (z / 2) (n = the largest component id; whole
 * divisions: 16 x 16 x 2 tiles of the background, each its own label, touching the components and
 * each other; made in Java and pushed as float tile ids added to ijcl's uint32 components with
 * addImages, and in numpy). A suffix
 * _uint8 / _uint16 / _float32 gives those values in that pixel type: label ids as they are (uint8:
 * modulo 256, so ids wrap: 256 becomes background, 257 joins label 1 as a second piece), other
 * values rounded down (point lists and matrices of whole numbers). A composite type A+B (e.g.
 * uint16+labels_uint16) gives input 0 of type A and input 1 of type B, both from crop 0 (an
 * intensity image and the labels of its own mask); a plain type gives input k from crop k.
 */
final class OracleInputs {
    static final String IMAGE = "cancer_cell_migration_crop.tif";
    static final int WIDTH = 127, HEIGHT = 93, DEPTH = 7;
    static final int[][] ORIGINS = {{0, 0, 0}, {3, 37, 20}}; // x, y, first frame of src and src2
    static final List<String> TYPES = Arrays.asList("uint8", "uint16", "float32", "binary", "masked_uint16",
            "masked_float32", "labels", "labels_uint8", "labels_uint16", "labels_float32", "centroids", "centroids_uint8",
            "centroids_uint16", "touch", "touch_uint8", "touch_uint16", "distance", "distance_uint8", "distance_uint16", "near", "near_uint8", "near_uint16",
            "pointlist_uint8", "pointlist_uint16", "pointlist_float32", "tiled", "tiled_uint8", "tiled_uint16", "tiled_float32");
    /** The derived kinds (see the class comment) and the pixel type of each without a suffix. */
    static final List<String> DERIVED = Arrays.asList("labels", "centroids", "touch", "distance", "near", "tiled");
    /** The size of the background tiles of "tiled" labels: x, y, z (pixels). */
    static final int[] TILE = {16, 16, 2};
    /** The centroid distance below which "near" joins two labels, pixels. */
    static final double NEAR = 40;

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
     * lookup_table, which gets {@link #lookupTable}, and one named convolution_kernel, which gets
     * {@link #convolutionKernel}.
     */
    ImagePlus forParameter(String parameter, String type, int which, boolean planar) {
        return parameter.equals("z_position") ? zPosition(type)
                : parameter.equals("lookup_table") ? lookupTable(type)
                : parameter.equals("convolution_kernel") ? convolutionKernel(type) : get(type, which, planar);
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

    /** The parts of a row type: {"uint16", "labels_uint16"} for "uint16+labels_uint16", {type} for a plain one. */
    static String[] parts(String type) {
        return type.split("\\+");
    }

    /** The derived kind of a (plain) input type ("labels" for labels_uint16), or null for an image type. */
    static String derived(String type) {
        String base = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
        return DERIVED.contains(base) ? base : null;
    }

    /**
     * numpy's dtype of an input type; for a composite type, the dtype all its parts share (the
     * pixel type it covers), or "mixed".
     */
    static String dtype(String type) {
        String[] parts = parts(type);
        if (parts.length > 1) {
            String common = dtype(parts[0]);
            for (String p : parts) if (!dtype(p).equals(common)) return "mixed";
            return common;
        }
        String base = derived(type);
        if (base != null)
            return type.contains("_") ? type.substring(type.indexOf('_') + 1) : base.equals("labels") || base.equals("tiled") ? "uint32" : "float32";
        return type.equals("binary") ? "uint8" : type.startsWith("masked_") ? type.substring(7)
                : type.startsWith("pointlist_") ? type.substring(10) : type;
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
        if (type.startsWith("pointlist_")) return which == 1 ? get(dtype(type), 1, false).duplicate() : pointList(get(dtype(type), 0, false));
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

    /**
     * Makes GPU image {@code name} of derived type {@code type} from crop {@code which}'s binary
     * mask with ijcl's operations (see the class comment); a suffixed type goes through ImageJ (pull,
     * convert, push).
     */
    void pushDerived(String type, String name, int which) {
        String base = derived(type);
        boolean suffixed = type.contains("_");
        String[] temps = {"oracle_derived_mask", "oracle_derived_labels", "oracle_derived_centroids", "oracle_derived_final"};
        String target = suffixed ? temps[3] : name;
        try {
            Ijcl.push(get("binary", which, false), temps[0]);
            Ijcl.execute("connectedComponentsLabelingBox", temps[0], base.equals("labels") ? target : temps[1]);
            if (base.equals("tiled")) {
                Ijcl.push(backgroundTiles(Ijcl.pull(temps[1])), temps[2]);
                Ijcl.execute("addImages", temps[1], temps[2], target);
            }
            if (base.equals("centroids")) Ijcl.execute("centroidsOfLabels", temps[1], target);
            if (base.equals("touch")) Ijcl.execute("generateTouchMatrix", temps[1], target);
            if (base.equals("distance") || base.equals("near")) {
                Ijcl.execute("centroidsOfLabels", temps[1], temps[2]);
                Ijcl.execute("generateDistanceMatrix", temps[2], temps[2], base.equals("near") ? temps[3] : target);
            }
            if (base.equals("near")) {
                ImageProcessor d = Ijcl.pull(temps[3]).getProcessor();
                FloatProcessor near = new FloatProcessor(d.getWidth(), d.getHeight());
                for (int y = 1; y < d.getHeight(); y++)
                    for (int x = 1; x < y; x++) near.setf(x, y, d.getf(x, y) > 0 && d.getf(x, y) < NEAR ? 1 : 0);
                Ijcl.push(converted(new ImagePlus("near", near), dtype(type), false), name);
            } else if (suffixed) {
                Ijcl.push(converted(Ijcl.pull(target), dtype(type), base.equals("labels") || base.equals("tiled")), name);
            }
        } finally {
            for (String t : temps) if (Ijcl.exists(t)) Ijcl.release(t);
        }
    }

    /** {@code imp}'s values in an image of numpy dtype {@code dtype}: ids (uint8: modulo 256) or values rounded down. */
    private static ImagePlus converted(ImagePlus imp, String dtype, boolean ids) {
        int w = imp.getWidth(), h = imp.getHeight();
        ImageStack out = new ImageStack(w, h);
        for (int z = 1; z <= imp.getStackSize(); z++) {
            ImageProcessor in = imp.getStack().getProcessor(z);
            ImageProcessor ip = dtype.equals("uint8") ? new ByteProcessor(w, h)
                    : dtype.equals("uint16") ? new ij.process.ShortProcessor(w, h) : new FloatProcessor(w, h);
            for (int i = 0; i < ip.getPixelCount(); i++) {
                double v = Math.floor(in.getf(i)); // ids are far below 2^24: exact as float
                ip.setf(i, (float) (ids && dtype.equals("uint8") ? v % 256 : v));
            }
            out.addSlice(ip);
        }
        return new ImagePlus(dtype, out);
    }

    /** The background tile ids of "tiled" (see the class comment) as float, 0 under the components. */
    private static ImagePlus backgroundTiles(ImagePlus labels) {
        int w = labels.getWidth(), h = labels.getHeight();
        double n = 0;
        for (int z = 1; z <= labels.getStackSize(); z++) {
            ImageProcessor ip = labels.getStack().getProcessor(z);
            for (int i = 0; i < ip.getPixelCount(); i++) n = Math.max(n, ip.getf(i));
        }
        ImageStack out = new ImageStack(w, h);
        for (int z = 0; z < labels.getStackSize(); z++) {
            ImageProcessor ip = labels.getStack().getProcessor(z + 1);
            FloatProcessor tiles = new FloatProcessor(w, h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    if (ip.getf(x, y) == 0)
                        tiles.setf(x, y, (float) (n + 1 + x / TILE[0] + 8 * (y / TILE[1]) + 48 * (z / TILE[2])));
            out.addSlice(tiles);
        }
        return new ImagePlus("tiles", out);
    }

    /** The point list of the class comment, of the pixel type of {@code crop}. */
    private static ImagePlus pointList(ImagePlus crop) {
        ImageProcessor plane = crop.getStack().getProcessor(1);
        ImageProcessor list = plane.createProcessor(WIDTH, 4);
        float[] sizes = {WIDTH, HEIGHT, DEPTH};
        for (int i = 0; i < WIDTH; i++) {
            for (int row = 0; row < 3; row++) list.setf(i, row, plane.getf(i, row) % sizes[row]);
            list.setf(i, 3, plane.getf(i, 3));
            if (i % 10 == 0) list.setf(i, 0, 130);
        }
        return new ImagePlus("pointlist", list);
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

    /**
     * A small kernel image for convolve: 5 x 4 x 3 (an even height, to exercise CLIJ2's clamped kernel
     * reads) of the input's pixel type, from the first pixels v of input 1's uint16 planes: v % 5
     * (0..4), float32: (v % 5) * 0.25 - 0.5 (negative and fractional weights).
     */
    ImagePlus convolutionKernel(String type) {
        String key = "kernel_" + type;
        ImagePlus imp = cache.get(key);
        if (imp == null) {
            String t = dtype(type);
            ImagePlus values = get("uint16", 1, false);
            ImageStack stack = new ImageStack(5, 4);
            for (int z = 0; z < 3; z++) {
                ImageProcessor v = values.getStack().getProcessor(z + 1);
                ImageProcessor out = t.equals("uint16") ? new ij.process.ShortProcessor(5, 4)
                        : t.equals("float32") ? new FloatProcessor(5, 4) : new ByteProcessor(5, 4);
                for (int i = 0; i < 20; i++) {
                    int k = v.get(i) % 5;
                    out.setf(i, t.equals("float32") ? k * 0.25f - 0.5f : k);
                }
                stack.addSlice(out);
            }
            imp = new ImagePlus(key, stack);
            cache.put(key, imp);
        }
        return imp;
    }

    /**
     * An input that is one plane used for every plane of the first input (maskStackWithPlane's
     * mask, multiplyStackWithPlane's sourcePlane): it gets the first plane of its crop.
     */
    static boolean planeParameter(String operation, String parameter) {
        return operation.endsWith("StackWithPlane") && (parameter.equals("mask") || parameter.equals("sourcePlane"));
    }
}
