package net.ijcl;

import static net.ijcl.MacroFuzzer.BINARY;
import static net.ijcl.MacroFuzzer.F32;
import static net.ijcl.MacroFuzzer.INTENSITY;
import static net.ijcl.MacroFuzzer.LABEL;
import static net.ijcl.MacroFuzzer.U32;
import static net.ijcl.MacroFuzzer.U8;
import static net.ijcl.MacroFuzzer.U16;

import ij.ImagePlus;
import ij.WindowManager;
import ij.measure.ResultsTable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.ijcl.MacroFuzzer.Case;
import net.ijcl.MacroFuzzer.Img;

/**
 * The value checks of {@link MacroFuzzer}: simple, independent rules computed in plain Java from
 * the images as they were before the call. Each check that fails adds a line to {@code problems};
 * the number of checks made is returned.
 */
final class FuzzOracles {
    private FuzzOracles() {}

    static int check(Case c, Map<String, String> rec, Map<String, Img> before, List<String> problems) {
        if (c.op == null) return checkFixed(c, rec, before, problems);
        int checks = 0;
        OpDescriptor op = c.op;
        List<Img> ins = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (int i = 0; i < op.params.size(); i++) {
            ParamDescriptor p = op.params.get(i);
            if (p.isExistingImage()) ins.add(before.get((String) c.values[i]));
            if (p.kind == ParamDescriptor.Kind.IMAGE_OUT && rec.get(c.vars[i]) != null) written.add(rec.get(c.vars[i]));
            // an image the operation writes in place (ParamDescriptor.Kind.IMAGE_INOUT: set, setRampX, ...)
            if (p.kind == ParamDescriptor.Kind.IMAGE_INOUT) written.add((String) c.values[i]);
            // CLIJ2's plain "Image destination" (setNonZeroPixelsToPixelIndex): an input written in place
            if (p.kind == ParamDescriptor.Kind.IMAGE_IN && p.name.equals("destination")) written.add((String) c.values[i]);
        }
        Img src = ins.isEmpty() ? null : ins.get(0);

        // images the call did not write are unchanged
        for (Map.Entry<String, Img> e : before.entrySet()) {
            if (written.contains(e.getKey()) || !Ijcl.exists(e.getKey())) continue;
            checks++;
            String diff = MacroFuzzer.difference(e.getValue(), MacroFuzzer.readRaw(e.getKey()));
            if (diff != null) problems.add("input '" + e.getKey() + "' changed although not an output: " + diff);
        }

        for (int i = 0; i < op.params.size(); i++) {
            ParamDescriptor p = op.params.get(i);
            if (p.kind == ParamDescriptor.Kind.IMAGE_OUT) {
                String name = rec.get(c.vars[i]);
                checks++;
                if (name == null || name.isEmpty()) {
                    problems.add("output variable '" + c.vars[i] + "' holds no image name after the call");
                    continue;
                }
                if (!c.outputNames[i].isEmpty() && !c.outputNames[i].equals(name))
                    problems.add("output variable '" + c.vars[i] + "' changed from '" + c.outputNames[i] + "' to '" + name + "'");
                if (!Ijcl.exists(name)) {
                    problems.add("output '" + name + "' is not on the device");
                    continue;
                }
                long[] info = NativeBridge.imageInfo(name);
                if (info[0] * info[1] * info[2] > 50_000_000L) continue; // too large to read back here (e.g. stackToTiles)
                checks += checkImage(c, src, ins, MacroFuzzer.readRaw(name), problems);
            } else if (p.kind == ParamDescriptor.Kind.IMAGE_INOUT && c.values[i] instanceof String) {
                String name = (String) c.values[i];
                Img was = before.get(name);
                if (was == null || !Ijcl.exists(name)) continue;
                checks++;
                String problem = checkInPlace(c, was, MacroFuzzer.readRaw(name));
                if (problem != null) problems.add("'" + name + "' written in place: " + problem);
            } else if (p.kind == ParamDescriptor.Kind.NUMBER_OUT) {
                checks++;
                String text = rec.get(c.vars[i]);
                double value = parse(text);
                if (Double.isNaN(value) && !"NaN".equals(text)) {
                    problems.add("output number '" + p.name + "' reads '" + text + "'");
                    continue;
                }
                checks += checkNumber(op.name, src, value, problems);
            }
        }
        if (op.producesTable) checks += checkTable(op.name, ins, problems);
        return checks;
    }

    /**
     * The set family (images written in place): the image keeps its shape and pixel type; set,
     * setColumn/Row/Plane, setRampX/Y/Z, setImageBorders and setWhereX..Y are recomputed pixel by
     * pixel from their definitions (a value v stored rounded half up and saturated; pixels not set
     * keep their value); setRandom's values lie in [minimum, maximum) (integers: truncated). Null
     * when it holds, else the first problem.
     */
    static String checkInPlace(Case c, Img was, Img now) {
        if (now.w != was.w || now.h != was.h || now.d != was.d || now.type != was.type)
            return "should keep its shape and type " + was.describe();
        String op = c.op.name;
        double[] num = new double[3];
        int k = 0;
        for (int i = 0; i < c.op.params.size() && k < 3; i++)
            if (c.op.params.get(i).kind == ParamDescriptor.Kind.NUMBER && c.values[i] instanceof Double) num[k++] = (Double) c.values[i];
        double max = now.type == U8 ? 255 : now.type == U16 ? 65535 : now.type == U32 ? 4294967295.0 : Double.NaN;
        if (op.equals("setRandom")) {
            double lo = (float) num[0], hi = (float) num[1];
            for (double v : now.v) {
                boolean ok = now.type == F32 ? v >= Math.min(lo, hi) && v <= Math.max(lo, hi)
                        : v >= Math.max(0, Math.min(max, Math.floor(Math.min(lo, hi)))) - 1 && v <= Math.min(max, Math.max(0, Math.ceil(Math.max(lo, hi))));
                if (!ok) return "value " + v + " outside the range " + lo + " .. " + hi;
            }
            return null;
        }
        for (int z = 0; z < was.d; z++)
            for (int y = 0; y < was.h; y++)
                for (int x = 0; x < was.w; x++) {
                    Double value = null; // null: the pixel keeps its value
                    float trunc = (float) Math.floor(Math.abs((float) num[0])) * Math.signum((float) num[0]);
                    switch (op) {
                        case "set": value = num[0]; break;
                        case "setColumn": if (x == trunc) value = num[1]; break;
                        case "setRow": if (y == trunc) value = num[1]; break;
                        case "setPlane": if (z == trunc) value = num[1]; break;
                        case "setRampX": value = (double) x; break;
                        case "setRampY": value = (double) y; break;
                        case "setRampZ": value = (double) z; break;
                        case "setImageBorders":
                            if (x == 0 || x == was.w - 1 || y == 0 || y == was.h - 1 || (was.d > 1 && (z == 0 || z == was.d - 1))) value = num[0];
                            break;
                        case "setWhereXequalsY": if (x == y) value = num[0]; break;
                        case "setWhereXgreaterThanY": if (x > y) value = num[0]; break;
                        case "setWhereXsmallerThanY": if (x < y) value = num[0]; break;
                        default: return null; // no rule for this operation
                    }
                    int i = (z * was.h + y) * was.w + x;
                    double expected = was.v[i];
                    if (value != null) {
                        float f = (float) (double) value;
                        expected = now.type == F32 ? f : Math.max(0, Math.min(max, Math.floor((float) (f + 0.5f))));
                    }
                    if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(now.v[i]) && !(expected == now.v[i]))
                        return "pixel " + x + "," + y + "," + z + " is " + now.v[i] + ", expected " + expected;
                }
        return null;
    }

    /**
     * drawBox, drawSphere, drawLine: the destination keeps its shape and pixel type, and every pixel
     * either keeps its value or holds value converted to the pixel type (rounded half up and
     * saturated); drawBox's pixels are recomputed (inside = every coordinate between the corner
     * and corner + size, both included, compared in float; z not used for a 2D image).
     */
    static int checkDrawing(Case c, Img out, String where, List<String> problems) {
        String dest = null;
        double value = 0;
        double[] a = new double[6];
        int k = 0;
        for (int i = 0; i < c.op.params.size(); i++) {
            ParamDescriptor p = c.op.params.get(i);
            if (p.kind == ParamDescriptor.Kind.IMAGE_OUT) dest = c.outputNames[i];
            else if (p.name.equals("value")) value = (Double) c.values[i];
            else if (k < 6 && c.values[i] instanceof Double) a[k++] = (Double) c.values[i];
        }
        Img t = dest == null ? null : c.before.get(dest);
        if (t == null) {
            problems.add(where + "drawing needs an existing destination; the call should have been refused");
            return 1;
        }
        if (out.w != t.w || out.h != t.h || out.d != t.d || out.type != t.type) {
            problems.add(where + "should keep the destination's shape and type " + t.describe());
            return 1;
        }
        float f = (float) value;
        double v = out.type == F32 ? f : Math.floor((float) (f + 0.5f));
        if (out.type == U8) v = Math.max(0, Math.min(255, v));
        else if (out.type == U16) v = Math.max(0, Math.min(65535, v));
        else if (out.type == U32) v = Math.max(0, Math.min(4294967295.0, v));
        boolean box = c.op.name.equals("drawBox");
        float[] lo = new float[3], hi = new float[3];
        for (int q = 0; q < 3; q++) {
            float p1 = (float) a[q], p2 = p1 + (float) a[3 + q];
            lo[q] = Math.min(p1, p2);
            hi[q] = Math.max(p1, p2);
        }
        for (int z = 0; z < t.d; z++)
            for (int y = 0; y < t.h; y++)
                for (int x = 0; x < t.w; x++) {
                    int i = (z * t.h + y) * t.w + x;
                    double was = t.v[i], now = out.v[i];
                    boolean same = Double.doubleToLongBits(was) == Double.doubleToLongBits(now);
                    if (box) {
                        boolean inside = x >= lo[0] && x <= hi[0] && y >= lo[1] && y <= hi[1] && (t.d == 1 || (z >= lo[2] && z <= hi[2]));
                        if (inside ? now != v : !same) {
                            problems.add(where + "pixel " + x + "," + y + "," + z + " is " + now + ", expected " + (inside ? v : was));
                            return 2;
                        }
                    } else if (!same && now != v) {
                        problems.add(where + "pixel " + x + "," + y + "," + z + " is " + now + ": neither its old value " + was
                                + " nor the drawn value " + v);
                        return 2;
                    }
                }
        return 2;
    }

    /**
     * writeValuesToPositions, recomputed: the destination as it was, then column by column of the
     * point list's first plane (rows x, y[, z], value) the value (rounded half up and saturated)
     * at the positions truncated toward zero when they lie inside; the result is an intensity image.
     */
    static int checkWrittenValues(Case c, Img list, Img out, String where, List<String> problems) {
        String dest = null;
        for (int i = 0; i < c.op.params.size(); i++)
            if (c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_OUT) dest = c.outputNames[i];
        Img t = dest == null ? null : c.before.get(dest);
        if (t == null || list == null) {
            problems.add(where + "needs an existing destination; the call should have been refused");
            return 1;
        }
        boolean three = t.d > 1;
        if (list.h < (three ? 4 : 3) || out.w != t.w || out.h != t.h || out.d != t.d || out.type != t.type) {
            problems.add(where + "should have been refused or kept the destination's shape and type " + t.describe());
            return 1;
        }
        double[] e = t.v.clone();
        int n = list.w;
        for (int i = 0; i < n; i++) {
            float px = (float) list.v[i], py = (float) list.v[n + i], pz = three ? (float) list.v[2 * n + i] : 0f;
            float f = (float) list.v[(three ? 3 : 2) * n + i];
            if (!(px > -1 && px < t.w && py > -1 && py < t.h && pz > -1 && pz < t.d)) continue;
            double v = t.type == F32 ? f : Double.isNaN(f) ? 0 : Math.floor((float) (f + 0.5f));
            if (t.type == U8) v = Math.max(0, Math.min(255, v));
            else if (t.type == U16) v = Math.max(0, Math.min(65535, v));
            else if (t.type == U32) v = Math.max(0, Math.min(4294967295.0, v));
            e[((int) pz * t.h + (int) py) * t.w + (int) px] = v;
        }
        String diff = MacroFuzzer.difference(new Img(t.w, t.h, t.d, t.type, INTENSITY, e), out);
        if (diff != null) problems.add(where + diff);
        return 2;
    }

    /** cylinderTransform: {angles, height, radius} as documented (radius from half width and half depth). */
    static long[] cylinderShape(Case c, Img src) {
        double n = 0;
        for (int i = 0; i < c.op.params.size(); i++)
            if (c.op.params.get(i).name.equals("number_of_angles")) n = (Double) c.values[i];
        long radius = (long) Math.sqrt(Math.pow(src.w / 2, 2) + Math.pow(src.d / 2, 2));
        return new long[] {(long) n, src.h, radius};
    }

    /** resliceRadial(Top): {radius, angles} as documented: (int)sqrt((w/2)^2 + (h/2)^2), (int)((float)(int)n / step). */
    static long[] radialSize(Case c, Img src) {
        double n = 0, step = 0;
        for (int i = 0; i < c.op.params.size(); i++) {
            String p = c.op.params.get(i).name;
            if (p.equals("numberOfAngles")) n = (Double) c.values[i];
            if (p.equals("angleStepSize")) step = (Double) c.values[i];
        }
        long radius = (long) Math.sqrt(Math.pow(src.w / 2, 2) + Math.pow(src.h / 2, 2));
        long angles = step > 0 ? (long) Math.floor((double) ((float) (long) n / (float) step)) : 0;
        return new long[] {radius, angles};
    }

    static double parse(String text) {
        if (text == null) return Double.NaN;
        String t = text.trim().replace("\u221e", "Infinity");
        try {
            return Double.parseDouble(t);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    /** Operations whose destination is float32 whatever the source (CLIJ2 creates it so; wt-filters). */
    static final Set<String> FLOAT_FILTERS = new HashSet<>(java.util.Arrays.asList("varianceBox", "varianceSphere",
            "standardDeviationBox", "standardDeviationSphere", "entropyBox", "tenengrad", "tenengradSliceBySlice",
            "convolve", "divideByGaussianBackground", "variance3DSphere", "rollingBallBackground",
            "slidingParaboloidBackground"));

    /** GPU mode's ImageJ binary helpers: uint8 in, uint8 0/255 out (ImageJ's binary images), not 0/1 binary images. */
    static final Set<String> IMAGEJ_BINARY = new HashSet<>(java.util.Arrays.asList("imagejBinaryErode",
            "imagejBinaryDilate", "imagejBinaryOutline"));

    /** Filters whose result for a constant image is not the constant (constantFilterResult; wt-filters). */
    static final Set<String> FILTER_CONSTANTS = new HashSet<>(java.util.Arrays.asList("varianceBox", "varianceSphere",
            "standardDeviationBox", "standardDeviationSphere", "entropyBox", "laplaceBox", "laplaceDiamond", "sobel",
            "sobelSliceBySlice", "tenengrad", "tenengradSliceBySlice", "gradientX", "gradientY", "gradientZ", "convolve",
            "differenceOfGaussian2D", "differenceOfGaussian3D", "divideByGaussianBackground"));

    /**
     * The result of FILTER_CONSTANTS operation {@code name} for a constant image k, or null where it
     * depends on more (convolve: the kernel; divideByGaussianBackground of 0: 0 / 0): derivatives,
     * spreads and differences give 0, laplaceBox of a stack k - 26 k (CLIJ2's centre weight 1; 0 in
     * uint8/uint16), the background quotient 1.
     */
    static Double constantFilterResult(String name, double k, Img src) {
        switch (name) {
            case "convolve": return null;
            case "divideByGaussianBackground": return k == 0 ? null : 1.0;
            case "laplaceBox": return src.d > 1 && src.type == F32 ? -25 * k : 0.0;
            default: return 0.0;
        }
    }

    /**
     * The segmentation operations whose output is not shaped like their first input (segmentation_ops.cpp):
     * the overlap matrices ((largest id of map 1 + 1) x (largest id of map 2 + 1) float32; ids read as
     * integers, negative and NaN as 0), the ray tests (the label map, input 2: uint32 labels) and
     * distanceMap (float32 of the source's shape).
     */
    static int checkSegmentationShape(String name, Img src, List<Img> ins, Img out, String where, List<String> problems) {
        long ew = src.w, eh = src.h, ed = src.d;
        int type = F32, kind = INTENSITY;
        if (name.startsWith("generate")) {
            ew = largestId(ins.get(0)) + 1;
            eh = largestId(ins.get(1)) + 1;
            ed = 1;
        } else if (name.startsWith("excludeLabels")) {
            Img labels = ins.get(1);
            ew = labels.w;
            eh = labels.h;
            ed = labels.d;
            type = U32;
            kind = LABEL;
        }
        if (out.w != ew || out.h != eh || out.d != ed || out.type != type || out.kind != kind)
            problems.add(where + "should be " + ew + "x" + eh + "x" + ed + " " + MacroFuzzer.typeName(type)
                    + (kind == LABEL ? " label" : " intensity"));
        return 1;
    }

    static long largestId(Img labels) {
        double max = 0;
        for (double v : labels.v) if (v >= 1 && v > max) max = v;
        return (long) Math.floor(max);
    }

    static boolean isBinaryCategory(String category) {
        return category.equals("Binary") || category.equals("Detection") || category.equals("Threshold");
    }

    /** Operations whose every output value is one of the input's values. */
    static boolean onlyInputValues(String name, Img src) {
        if (name.matches("(minimum|maximum)(2D|3D)(Box|Sphere)")) return true;
        if (name.matches("median(2DBox|2DSphere|3DBox)")) return !src.hasNaN(); // odd neighbourhoods: the middle value
        return false;
    }

    /**
     * Projections along z that pick a pixel of each line (median, thresholded minimum, a plane named by an
     * altitude map, extended depth of focus), and depthColorProjection (3 planes) and
     * zPositionRangeProjection (end_z - start_z + 1 planes): their output shape {w, h, d}, or null.
     */
    static int[] pickedShape(Case c, Img src) {
        String name = c.op.name;
        if (name.equals("depthColorProjection")) return new int[] {src.w, src.h, 3};
        if (name.equals("zPositionRangeProjection")) {
            double lo = 0, hi = 0;
            for (int i = 0; i < c.op.params.size(); i++) {
                if (c.op.params.get(i).name.equals("start_z")) lo = (Double) c.values[i];
                if (c.op.params.get(i).name.equals("end_z")) hi = (Double) c.values[i];
            }
            return new int[] {src.w, src.h, (int) (hi - lo + 1)};
        }
        if (name.equals("sumImageSliceBySlice")) return new int[] {src.d, 1, 1};  // one float sum per plane
        if (name.matches("medianZProjection(Masked)?|minimumZProjectionThresholdedBounded|zPositionProjection"
                + "|extendedDepthOfFocus(Variance|Sobel|Tenengrad)Projection")) return new int[] {src.w, src.h, 1};
        return null;
    }

    /** A projection: axis 'X', 'Y' or 'Z' and kind (max, min, sum, mean, std, posmax, posmin), or null. */
    static String[] projection(String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(maximum|minimum|mean|sum|standardDeviation)([XYZ])Projection(Bounded)?").matcher(name);
        if (m.matches()) {
            String k = m.group(1);
            return new String[] {m.group(2), k.equals("maximum") ? "max" : k.equals("minimum") ? "min"
                    : k.equals("standardDeviation") ? "std" : k, m.group(3) == null ? "" : "bounded"};
        }
        if (name.equals("zPositionOfMaximumZProjection") || name.equals("argMaximumZProjection")) return new String[] {"Z", "posmax", ""};
        if (name.equals("zPositionOfMinimumZProjection")) return new String[] {"Z", "posmin", ""};
        return null;
    }

    /**
     * Whether the call names a plane outside its source (min_z/max_z of the bounded projections
     * depend on the image, so a value the registry's range allows can still be refused), or a range
     * whose end lies before its start (zPositionRangeProjection), and the error says so naming that
     * argument.
     */
    static boolean planeOutOfRange(Case c, String message) {
        if (c.op == null || message == null) return false;
        // a request for more memory than the device has, refused with a clear message; the label
        // maps' and graphs' data-dependent refusals (FuzzLabelGraphOracle)
        if (message.contains("not enough device memory")) return true;
        // maskStackWithPlane, multiplyStackWithPlane: the second image must be one plane of the first's width and height
        if (c.op.name.endsWith("StackWithPlane") && c.before != null && c.values[0] instanceof String && c.values[1] instanceof String) {
            MacroFuzzer.Img s = c.before.get((String) c.values[0]), q = c.before.get((String) c.values[1]);
            if (s != null && q != null && (q.d != 1 || q.w != s.w || q.h != s.h))
                return message.contains("argument '" + c.op.params.get(1).name + "'");
        }
        // equalizeMeanIntensitiesOfSlices: the reference plane must lie in the stack
        if (c.op.name.equals("equalizeMeanIntensitiesOfSlices") && c.before != null && c.values[0] instanceof String
                && c.values[2] instanceof Double) {
            MacroFuzzer.Img s = c.before.get((String) c.values[0]);
            double z = (Double) c.values[2];
            if (s != null && z == Math.floor(z) && (z < 0 || z >= s.d)) return message.contains("argument 'referenceSlice'");
        }
        if (c.op.name.equals("zPositionRangeProjection")) { // a range of planes whose end lies before its start
            double lo = 0, hi = 0;
            for (int i = 0; i < c.op.params.size(); i++) {
                if (c.op.params.get(i).name.equals("start_z") && c.values[i] instanceof Double) lo = (Double) c.values[i];
                if (c.op.params.get(i).name.equals("end_z") && c.values[i] instanceof Double) hi = (Double) c.values[i];
            }
            return hi < lo && message.contains("argument 'end_z'");
        }
        if (FuzzLabelGraphOracle.explainsRefusal(c, message)) return true;
        if (FuzzLabelPointOracle.explainsRefusal(c, message)) return true;
        // any operation that reads label ids refuses ids of 2^28 or more (random float images reach them)
        if (message.contains("at most 268435455 labels are supported")) return true;
        if (c.op.name.startsWith("create")) {
            FuzzRemapOracle.Expected e = FuzzRemapOracle.conversion(c, null);
            return e != null && e.invalid != null;
        }
        if (FuzzGeometryOracle.covers(c.op.name) && c.before != null) {
            List<MacroFuzzer.Img> ins = new ArrayList<>();
            for (int i = 0; i < c.op.params.size(); i++)
                if (c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_IN) ins.add(c.before.get((String) c.values[i]));
            if (ins.isEmpty() || ins.get(0) == null) return false;
            String[] why = new String[1];
            return FuzzGeometryOracle.shape(c, ins.get(0), ins, why) == null;
        }
        // drawing needs an existing destination; setNonZeroPixelsToPixelIndex one of the source's shape
        if (c.before != null && c.op.name.equals("cylinderTransform")) {
            MacroFuzzer.Img s = c.before.get((String) c.values[0]);
            if (s == null) return false;
            long[] e = cylinderShape(c, s);
            return e[0] < 1 || e[2] < 1 || (double) e[0] * e[1] * e[2] > 2147483647.0;
        }
        if (c.before != null && c.op.name.startsWith("resliceRadial")) {
            MacroFuzzer.Img s = c.before.get((String) c.values[0]);
            if (s == null) return false;
            long[] size = radialSize(c, s);
            return size[0] < 1 || size[1] < 1 || (double) size[0] * size[1] * s.d > 2147483647.0;
        }
        if (c.before != null && c.op.name.equals("spotsToPointList") && message.contains("argument 'input_spots'")) {
            MacroFuzzer.Img s = c.before.get((String) c.values[0]);
            if (s == null) return false;
            for (double v : s.v) if (v != 0) return false;
            return true; // no spot: an empty point list cannot be made
        }
        if (c.before != null && (message.contains("argument 'destination'") || message.contains("argument 'positions_and_values'"))) {
            if (c.op.name.startsWith("draw")) {
                for (int i = 0; i < c.op.params.size(); i++)
                    if (c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_OUT && c.before.get(c.outputNames[i]) == null)
                        return true;
            }
            if (c.op.name.equals("writeValuesToPositions")) {
                MacroFuzzer.Img list = c.before.get((String) c.values[0]), d = c.before.get(c.outputNames[1]);
                return d == null || list == null || d == list || list.h < (d.d > 1 ? 4 : 3);
            }
            if (c.op.name.equals("setNonZeroPixelsToPixelIndex")) {
                MacroFuzzer.Img s = c.before.get((String) c.values[0]), d = c.before.get((String) c.values[1]);
                return s != null && d != null && (s.w != d.w || s.h != d.h || s.d != d.d);
            }
        }
        if (FuzzRemapOracle.covers(c.op.name) && c.before != null) {
            List<MacroFuzzer.Img> ins = new ArrayList<>();
            for (int i = 0; i < c.op.params.size(); i++)
                if (c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_IN) ins.add(c.before.get((String) c.values[i]));
            FuzzRemapOracle.Expected e = FuzzRemapOracle.expected(c, ins, c.before);
            return e != null && e.invalid != null;
        }
        int lo = -1, hi = -1, depth = -1;
        for (int i = 0; i < c.op.params.size(); i++) {
            String n = c.op.params.get(i).name;
            if (n.equals("min_z") && c.values[i] instanceof Double) lo = (int) Math.min(Integer.MAX_VALUE, (Double) c.values[i]);
            if (n.equals("max_z") && c.values[i] instanceof Double) hi = (int) Math.min(Integer.MAX_VALUE, (Double) c.values[i]);
            if (c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_IN && depth < 0)
                for (MacroFuzzer.Fixture f : c.fixtures) if (f.name.equals(c.values[i])) depth = f.d;
        }
        if (lo < 0 || hi < 0 || depth < 0) return false;
        boolean outside = lo >= depth || hi >= depth || lo > hi;
        return outside && (message.contains("argument 'min_z'") || message.contains("argument 'max_z'"));
    }

    /**
     * The expected result of a projection, recomputed here: shape [w, h] and values (null where
     * only a tolerance applies: returned in tol). Follows the documented numerics: max/min skip
     * NaN and start at -/+Float.MAX_VALUE for float; positions are the first index of the
     * extreme; sums in float order; means of float sources in double without NaN.
     */
    static double[] project(String[] kind, Img src, int lo, int hi, int[] shape) {
        int outW, outH, n;
        switch (kind[0]) {
            case "X": outW = src.d; outH = src.h; n = src.w; break;
            case "Y": outW = src.w; outH = src.d; n = src.h; break;
            default: outW = src.w; outH = src.h; n = src.d;
        }
        shape[0] = outW;
        shape[1] = outH;
        if (lo < 0) { lo = 0; hi = n - 1; }
        double[] e = new double[outW * outH];
        for (int o = 0; o < e.length; o++) {
            int ox = o % outW, oy = o / outW;
            double best = 0, at = lo;
            boolean first = true;
            double fsum = 0, dsum = 0;
            float ffsum = 0;
            int count = 0;
            double s = 0, s2 = 0;
            for (int t = lo; t <= hi; t++) {
                int x, y, z;
                switch (kind[0]) {
                    case "X": x = t; y = oy; z = ox; break;
                    case "Y": x = ox; y = t; z = oy; break;
                    default: x = ox; y = oy; z = t;
                }
                double v = src.v[(z * src.h + y) * src.w + x];
                boolean max = kind[1].equals("max") || kind[1].equals("posmax");
                if (kind[1].startsWith("pos") || max || kind[1].equals("min")) {
                    if (first) { best = src.type == F32 ? (max ? -Float.MAX_VALUE : Float.MAX_VALUE) : max ? 0 : Double.POSITIVE_INFINITY; first = false; }
                    if (max ? v > best : v < best) { best = v; at = t; }
                }
                ffsum += (float) v;
                if (!Double.isNaN(v)) { dsum += v; count++; }
                s += v;
                s2 += v * v;
            }
            switch (kind[1]) {
                case "max": case "min": e[o] = best; break;
                case "posmax": case "posmin": e[o] = at; break;
                case "sum": e[o] = ffsum; break;
                case "mean": e[o] = src.type == F32 ? (float) (dsum / count) : ffsum / (float) (hi - lo + 1); break;
                default: {
                    double m = hi - lo + 1, var = (m * s2 - s * s) / m;
                    e[o] = m > 1 && var > 0 ? (float) Math.sqrt(var / (m - 1)) : 0;
                }
            }
            if (src.type != F32 && !kind[1].equals("sum")) { // same integer type: rounded, saturated
                double max = src.type == U8 ? 255 : src.type == U16 ? 65535 : 4294967295.0;
                if (src.type == U32 && (kind[1].equals("max") || kind[1].equals("min"))) continue; // exact, no rounding
                if (!Double.isNaN(e[o])) e[o] = Math.min(max, Math.max(0, Math.floor(e[o] + 0.5)));
                else e[o] = 0;
            }
        }
        return e;
    }

    /** Equal bit for bit (NaN equals NaN), or within the relative 1e-6 (1 for integers) where approx. */
    static boolean matches(double[] actual, double[] expected, boolean approx, int type) {
        if (actual.length != expected.length) return false;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            boolean same = Double.doubleToLongBits(actual[i]) == Double.doubleToLongBits(expected[i]) || actual[i] == expected[i]
                    || (approx && d <= 1e-6 * Math.max(1, Math.abs(expected[i])))
                    || (approx && type != F32 && d <= 1);
            if (!same) return false;
        }
        return true;
    }

    static boolean bool(Object value) {
        if (value instanceof Boolean) return (Boolean) value;
        return ((Double) value) != 0;
    }

    static int checkImage(Case c, Img src, List<Img> ins, Img out, List<String> problems) {
        OpDescriptor op = c.op;
        String name = op.name;
        String where = name + " output " + out.describe() + " of " + (src == null ? "no input" : src.describe()) + ": ";
        int checks = 1;
        if (FuzzRemapOracle.covers(name) || name.startsWith("convert") || name.startsWith("create")) {
            FuzzRemapOracle.Expected e = FuzzRemapOracle.covers(name) ? FuzzRemapOracle.expected(c, ins, c.before)
                    : FuzzRemapOracle.conversion(c, src);
            if (e == null) return checks;
            if (e.invalid != null) {
                problems.add(where + "the call should have been refused: " + e.invalid);
                return checks;
            }
            String diff = MacroFuzzer.difference(e.image, out);
            if (diff != null) problems.add(where + diff);
            return checks + 1;
        }
        if (FuzzLabelGraphOracle.covers(name)) return checks + FuzzLabelGraphOracle.check(c, ins, out, where, problems);
        if (FuzzLabelPointOracle.covers(name)) return checks + FuzzLabelPointOracle.check(c, ins, out, where, problems);
        if (name.matches("generate(BinaryOverlap|JaccardIndex)Matrix|excludeLabels(OnSurface|SubSurface)|distanceMap"))
            return checks + checkSegmentationShape(name, src, ins, out, where, problems);
        if (name.matches("draw(Box|Sphere|Line)")) return checks + checkDrawing(c, out, where, problems);
        if (name.equals("writeValuesToPositions")) return checks + checkWrittenValues(c, src, out, where, problems);
        if (name.equals("cylinderTransform")) {
            long[] e = cylinderShape(c, src);
            if (e[0] < 1 || e[2] < 1) problems.add(where + "the call should have been refused (empty result)");
            else if (out.w != e[0] || out.h != e[1] || out.d != e[2] || out.type != F32 || out.kind != INTENSITY)
                problems.add(where + "should be " + e[0] + "x" + e[1] + "x" + e[2] + " float32 intensity");
            return checks + 1;
        }
        if (name.startsWith("resliceRadial")) {
            // the documented size (CLIJ2's): radius x planes x angles, or radius x angles x planes (Top)
            long[] size = radialSize(c, src);
            boolean top = name.equals("resliceRadialTop");
            long ew = size[0], eh = top ? size[1] : src.d, ed = top ? src.d : size[1];
            if (size[0] < 1 || size[1] < 1) problems.add(where + "the call should have been refused (empty result)");
            else if (out.w != ew || out.h != eh || out.d != ed || out.type != src.type || out.kind != INTENSITY)
                problems.add(where + "should be " + ew + "x" + eh + "x" + ed + " " + MacroFuzzer.typeName(src.type) + " intensity");
            return checks + 1;
        }
        if (name.equals("spotsToPointList")) {
            // recomputed: one float column per non-zero pixel in raster order, rows x, y[, z]
            List<double[]> spots = new ArrayList<>();
            for (int z = 0; z < src.d; z++)
                for (int y = 0; y < src.h; y++)
                    for (int x = 0; x < src.w; x++)
                        if (src.v[(z * src.h + y) * src.w + x] != 0) spots.add(new double[] {x, y, z});
            int rows = src.d > 1 ? 3 : 2, n = spots.size();
            double[] e = new double[n * rows];
            for (int k = 0; k < n; k++)
                for (int r = 0; r < rows; r++) e[r * n + k] = (float) spots.get(k)[r];
            String diff = n == 0 ? "the call should have been refused (no spot)"
                    : MacroFuzzer.difference(new Img(n, rows, 1, F32, INTENSITY, e), out);
            if (diff != null) problems.add(where + diff);
            return checks + 1;
        }
        if (name.equals("imagejLogExp") && out.type == U8) { // its second output: the uint8 0/1 undecided mask
            if (out.kind != BINARY || out.w != src.w || out.h != src.h || out.d != src.d)
                problems.add(where + "the undecided mask should be a uint8 binary image of the source's shape");
            return checks + 1;
        }
        String[] projection = projection(name);
        int ew = src.w, eh = src.h, ed = src.d;
        if (FuzzGeometryOracle.covers(name)) {
            String[] why = new String[1];
            long[] shape = FuzzGeometryOracle.shape(c, src, ins, why);
            if (shape == null) {
                problems.add(where + "the call should have been refused: " + why[0]);
                return checks;
            }
            ew = (int) shape[0];
            eh = (int) shape[1];
            ed = (int) shape[2];
        }
        if (projection != null) {
            ed = 1;
            ew = projection[0].equals("X") ? src.d : src.w;
            eh = projection[0].equals("Y") ? src.d : src.h;
        }
        int[] special = pickedShape(c, src);
        if (special != null) {
            ew = special[0];
            eh = special[1];
            ed = special[2];
        }
        if (out.w != ew || out.h != eh || out.d != ed) {
            problems.add(where + "shape should be " + ew + "x" + eh + "x" + ed);
            return checks;
        }
        checks++;
        boolean binaryOut = isBinaryCategory(op.category) && !IMAGEJ_BINARY.contains(name);
        if (binaryOut && (out.type != U8 || out.kind != BINARY)) problems.add(where + "should be a uint8 binary image");
        else if (op.category.equals("Label") && (out.type != U32 || out.kind != LABEL)) problems.add(where + "should be a uint32 label image");
        else if ((projection != null && projection[1].equals("sum")) || name.equals("sumImageSliceBySlice")
                || FLOAT_FILTERS.contains(name)) {
            if (out.type != F32) problems.add(where + "pixel type should be float32");
        } else if (!binaryOut && !op.category.equals("Label") && out.type != src.type) problems.add(where + "pixel type should be " + MacroFuzzer.typeName(src.type));

        if (name.equals("sumImageSliceBySlice")) {  // each plane's sum (NaN left out), rounded to float
            checks++;
            for (int z = 0; z < src.d; z++) {
                double sum = 0;
                for (int i = 0; i < src.w * src.h; i++) {
                    double v = src.v[z * src.w * src.h + i];
                    if (!Double.isNaN(v)) sum += v;
                }
                float e = (float) sum;
                if (!(Math.abs(out.v[z] - e) <= Math.ulp(e) || (Float.isInfinite(e) && out.v[z] == e)))
                    problems.add(where + "plane " + z + " sum should be " + e + ", is " + out.v[z]);
            }
        }
        if (binaryOut || out.kind == BINARY) {
            checks++;
            for (int i = 0; i < out.v.length; i++)
                if (out.v[i] != 0 && out.v[i] != 1) {
                    problems.add(where + "binary output holds " + out.v[i] + " at pixel " + i);
                    break;
                }
        }
        boolean extremeProjection = projection != null && (projection[1].equals("max") || projection[1].equals("min"));
        if (onlyInputValues(name, src) || extremeProjection || (FuzzGeometryOracle.covers(name) && FuzzGeometryOracle.copiesValues(c))) {
            checks++;
            Set<Long> values = new HashSet<>();
            for (double x : src.v) values.add(Double.doubleToLongBits(x));
            if (extremeProjection && src.type == F32) {
                values.add(Double.doubleToLongBits(-Float.MAX_VALUE));
                values.add(Double.doubleToLongBits(Float.MAX_VALUE));
            }
            for (int i = 0; i < out.v.length; i++)
                if (!values.contains(Double.doubleToLongBits(out.v[i]))) {
                    problems.add(where + "value " + out.v[i] + " at pixel " + i + " is not a value of the input");
                    break;
                }
        }
        Double k = src.constant();
        // A Gaussian of a constant near the float limit (|k| > 1e37) overflows in its float sums and
        // gives +-Infinity or NaN, exactly as ImageJ's GaussianBlur does (checked against ImageJ
        // 1.54p): ijcl keeps ImageJ's numbers there, so that case is not a constant-image check.
        boolean gaussianOverflow = (name.startsWith("gaussianBlur") || name.equals("blur3DSliceBySlice")) && k != null
                && Math.abs(k) > 1e37;
        // The 3D median of an even number of voxels is (a + b) / 2, which overflows to Infinity
        // beyond Float.MAX_VALUE / 2, exactly as ImageJ's Filters3D does (checked against 1.54p).
        gaussianOverflow |= name.equals("median3DSphere") && k != null && Math.abs(k) > Float.MAX_VALUE / 2;
        // The local statistics, stencils and Gaussian compositions sum in float as CLIJ2's kernels do:
        // a constant near the float limit overflows there (Infinity / NaN), as in CLIJ2.
        gaussianOverflow |= FILTER_CONSTANTS.contains(name) && k != null && Math.abs(k) > 1e36;
        if (k != null && !Double.isNaN(k) && !Double.isInfinite(k) && !gaussianOverflow) {
            Double expected = null;
            if (FILTER_CONSTANTS.contains(name)) expected = constantFilterResult(name, k, src);
            else if (IMAGEJ_BINARY.contains(name)) expected = null; // 0/255 binary rules, not a filter of values
            else if (name.equals("findEdges") || name.equals("variance2DSphere") || name.equals("variance3DSphere"))
                expected = 0.0; // no edge, no variance in a constant image
            else if (op.category.equals("Filter")) expected = name.startsWith("topHat") || name.startsWith("bottomHat") ? 0.0 : k; // hats subtract
            else if (extremeProjection) expected = k;
            else if (projection != null && projection[1].startsWith("pos")) expected = null;
            else if (projection != null && projection[1].equals("mean")) expected = k;
            else if (projection != null && projection[1].equals("std")) expected = 0.0;
            else if (name.equals("minimumZProjectionThresholdedBounded")) expected = k > 0 ? k : 0.0;
            else if (pickedShape(c, src) != null && !name.equals("depthColorProjection")
                    && !name.equals("sumImageSliceBySlice")) expected = k; // picks a pixel
            else if (name.equals("binaryNot")) expected = k == 0 ? 1.0 : 0.0;
            else if (name.startsWith("dilate") && !name.equals("dilateLabels")) expected = k != 0 ? 1.0 : 0.0; // binary dilation
            if (expected != null) {
                checks++;
                double tolerance = out.type == F32 ? 1e-5 * Math.abs(name.equals("divideByGaussianBackground") ? 1 : k) : 0;
                for (int i = 0; i < out.v.length; i++)
                    if (!(Math.abs(out.v[i] - expected) <= tolerance)) {
                        problems.add(where + "of a constant " + k + " image gives " + out.v[i] + " at pixel " + i + " instead of " + expected);
                        break;
                    }
            }
        }
        checks += exact(c, src, ins, out, where, problems);
        return checks;
    }

    /** Operations whose result is recomputed pixel for pixel. */
    static int exact(Case c, Img src, List<Img> ins, Img out, String where, List<String> problems) {
        String name = c.op.name;
        int n = out.v.length;
        double[] e = null;
        String[] projection = projection(name);
        if (projection != null) {
            int lo = -1, hi = -1;
            for (int i = 0; i < c.op.params.size(); i++) {
                if (c.op.params.get(i).name.equals("min_z")) lo = (int) (double) (Double) c.values[i];
                if (c.op.params.get(i).name.equals("max_z")) hi = (int) (double) (Double) c.values[i];
            }
            int[] shape = new int[2];
            e = project(projection, src, lo, hi, shape);
            // argMaximumZProjection has two outputs, the maximum and its position: either matches
            double[] alternative = name.equals("argMaximumZProjection")
                    ? project(new String[] {"Z", "max", ""}, src, lo, hi, shape) : null;
            if (alternative != null && matches(out.v, alternative, false, src.type)) return 1;
            // float sums and standard deviations: summation order is the documented one, but the
            // device's float adds may fuse differently: relative 1e-6
            boolean approx = projection[1].equals("std") || (src.type == F32 && projection[1].equals("sum"));
            if (!matches(out.v, e, approx, src.type)) {
                for (int i = 0; i < n; i++)
                    if (!matches(new double[] {out.v[i]}, new double[] {e[i]}, approx, src.type)) {
                        problems.add(where + "pixel " + i + " is " + out.v[i] + ", expected " + e[i]);
                        break;
                    }
            }
            return 1;
        }
        switch (name) {
            case "copy":
                e = src.v.clone();
                break;
            case "flip2D":
            case "flip3D": {
                boolean fx = bool(c.values[2]), fy = bool(c.values[3]), fz = name.equals("flip3D") && bool(c.values[4]);
                e = new double[n];
                for (int z = 0; z < src.d; z++)
                    for (int y = 0; y < src.h; y++)
                        for (int x = 0; x < src.w; x++) {
                            int sx = fx ? src.w - 1 - x : x, sy = fy ? src.h - 1 - y : y, sz = fz ? src.d - 1 - z : z;
                            e[(z * src.h + y) * src.w + x] = src.v[(sz * src.h + sy) * src.w + sx];
                        }
                break;
            }
            case "binaryNot":
                e = new double[n];
                for (int i = 0; i < n; i++) e[i] = src.v[i] == 0 ? 1 : 0;
                break;
            case "binaryAnd":
            case "binaryOr": {
                Img b = ins.get(1);
                e = new double[n];
                for (int i = 0; i < n; i++) {
                    boolean p = src.v[i] != 0, q = b.v[i] != 0;
                    e[i] = (name.equals("binaryAnd") ? p && q : p || q) ? 1 : 0;
                }
                break;
            }
            case "threshold": {
                double t = (Double) c.values[2];
                if (Double.isNaN(t)) return 0;
                double tt = src.type == F32 ? (double) (float) t : t;
                e = new double[n];
                for (int i = 0; i < n; i++) e[i] = src.v[i] >= tt ? 1 : 0;
                break;
            }
            case "connectedComponentsLabelingBox":
                e = labels(src);
                break;
            default:
                return 0;
        }
        for (int i = 0; i < n; i++)
            if (Double.doubleToLongBits(out.v[i]) != Double.doubleToLongBits(e[i]) && !(out.v[i] == e[i])) {
                problems.add(where + "pixel " + i + " is " + out.v[i] + ", expected " + e[i]);
                break;
            }
        return 1;
    }

    /** Connected components (8-connected in 2D, 26 in 3D), numbered in raster order of each object's first pixel. */
    static double[] labels(Img src) {
        boolean[] foreground = new boolean[src.v.length];
        for (int i = 0; i < foreground.length; i++) foreground[i] = src.v[i] != 0;
        int[] ids = ReferenceLabels.label26(foreground, src.w, src.h, src.d);
        double[] out = new double[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i];
        return out;
    }

    static int checkNumber(String op, Img src, double value, List<String> problems) {
        double expected;
        double magnitude = 0; // sum of |x|: bounds the rounding error of a sum in another order
        boolean exactInt = src.type != F32;
        switch (op) {
            case "countNonZeroPixels": {
                long count = 0;
                for (double x : src.v) if (x != 0) count++; // NaN != 0
                expected = count;
                exactInt = true;
                break;
            }
            case "getMaximumOfAllPixels": {
                double m = Double.NEGATIVE_INFINITY;
                for (double x : src.v) if (!Double.isNaN(x)) m = Math.max(m, x);
                expected = m;
                break;
            }
            case "getSumOfAllPixels": {
                double s = 0;
                for (double x : src.v) if (!Double.isNaN(x)) { s += x; magnitude += Math.abs(x); }
                expected = s;
                break;
            }
            default:
                return 0;
        }
        boolean ok;
        if (Double.isNaN(expected) || Double.isInfinite(expected)) ok = Double.compare(expected, value) == 0;
        else if (exactInt) ok = value == expected;
        // a double sum in another order (work-group partials) differs by at most n * 2^-53 * sum |x|
        // (cancellation of values like +-3e38 leaves only that bound)
        else ok = Math.abs(value - expected) <= 1e-6 * Math.abs(expected) + src.v.length * 0x1p-52 * magnitude + 1e-300;
        if (!ok) problems.add(op + " of " + src.describe() + " gives " + value + ", expected " + expected);
        return 1;
    }

    /**
     * statisticsOfLabelledPixels: one row per label id 1..max, pixel counts, exact sums of integer
     * inputs; statisticsOfBackgroundAndLabelledPixels: the same with the background (id 0) as
     * row 0; statisticsOfImage: one row (IDENTIFIER 1) of every pixel.
     */
    static int checkTable(String op, List<Img> ins, List<String> problems) {
        boolean whole = op.equals("statisticsOfImage");
        if (ins.size() < (whole ? 1 : 2)) return 0;
        Img input = ins.get(0), labels = whole ? null : ins.get(1);
        if (labels != null && labels.type == F32) return 0;
        int shift = op.equals("statisticsOfBackgroundAndLabelledPixels") ? 1 : 0;
        int max = whole ? 1 : 0;
        if (!whole) for (double x : labels.v) max = Math.max(max, (int) x);
        long[] count = new long[max + 1];
        double[] sum = new double[max + 1];
        for (int i = 0; i < input.v.length; i++) {
            int id = whole ? 1 : (int) labels.v[i];
            count[id]++;
            sum[id] += input.v[i];
        }
        ResultsTable rt = ResultsTable.getResultsTable();
        int rows = max + shift;
        if (rt.size() != rows) {
            problems.add(op + ": " + rt.size() + " rows for ids " + (1 - shift) + ".." + max);
            return 1;
        }
        int id = rt.getColumnIndex("IDENTIFIER"), pc = rt.getColumnIndex("PIXEL_COUNT"), si = rt.getColumnIndex("SUM_INTENSITY");
        if (rows > 0 && (id < 0 || pc < 0 || si < 0)) {
            problems.add(op + ": missing IDENTIFIER, PIXEL_COUNT or SUM_INTENSITY column");
            return 1;
        }
        for (int row = 0; row < rows; row++) {
            int label = row + 1 - shift;
            if (rt.getValueAsDouble(id, row) != label) problems.add(op + ": row " + row + " has IDENTIFIER " + rt.getValueAsDouble(id, row));
            if (rt.getValueAsDouble(pc, row) != count[label])
                problems.add(op + ": id " + label + " PIXEL_COUNT " + rt.getValueAsDouble(pc, row) + ", expected " + count[label]);
            if (input.type != F32 && count[label] > 0 && rt.getValueAsDouble(si, row) != sum[label])
                problems.add(op + ": id " + label + " SUM_INTENSITY " + rt.getValueAsDouble(si, row) + ", expected " + sum[label]);
        }
        return 1;
    }

    /** Checks of the fixed functions' results. */
    static int checkFixed(Case c, Map<String, String> rec, Map<String, Img> before, List<String> problems) {
        switch (c.function) {
            case "IJCL_push": {
                String name = (String) c.values[0];
                if (!Ijcl.exists(name)) {
                    problems.add("pushed image '" + name + "' is not on the device");
                    return 1;
                }
                Img img = MacroFuzzer.readRaw(name);
                String type = c.mode.substring("push ".length());
                int expected = type.equals("8-bit") ? U8 : type.equals("16-bit") ? MacroFuzzer.U16 : F32;
                if (img.type != expected) problems.add("push of a " + type + " image gives " + img.describe());
                return 2;
            }
            case "IJCL_pull": {
                String name = (String) c.values[0];
                ImagePlus imp = WindowManager.getImage(name);
                Img src = before.get(name);
                if (imp == null) {
                    problems.add("pull of '" + name + "' shows no image of that title");
                    return 1;
                }
                if (imp.getWidth() != src.w || imp.getHeight() != src.h || imp.getStackSize() != src.d) {
                    problems.add("pull of " + src.describe() + " gives " + imp.getWidth() + "x" + imp.getHeight() + "x" + imp.getStackSize());
                    return 2;
                }
                int n = src.w * src.h;
                for (int z = 0; z < src.d; z++)
                    for (int i = 0; i < n; i++) {
                        double got = imp.getStack().getProcessor(z + 1).getf(i);
                        double want = src.kind == BINARY ? (src.v[z * n + i] != 0 ? 255 : 0) : (float) src.v[z * n + i];
                        if (Double.doubleToLongBits(got) != Double.doubleToLongBits(want) && got != want) {
                            problems.add("pull of " + src.describe() + ": pixel " + (z * n + i) + " is " + got + ", expected " + want);
                            return 3;
                        }
                    }
                return 3;
            }
            case "IJCL_release": {
                if (c.values != null && Ijcl.exists((String) c.values[0])) problems.add("released image '" + c.values[0] + "' is still there");
                return 1;
            }
            case "IJCL_clear": {
                if (Ijcl.memoryInUse() != 0) problems.add("clear leaves " + Ijcl.memoryInUse() + " bytes");
                return 1;
            }
            case "IJCL_getMemoryInUse": {
                long bytes = 0;
                for (Img img : before.values()) bytes += img.bytes();
                double got = parse(rec.get("nbytes"));
                if (got != bytes) problems.add("getMemoryInUse gives " + rec.get("nbytes") + ", expected " + bytes);
                return 1;
            }
            default:
                return 0;
        }
    }
}
