package net.ijcl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The fuzzer's independent view of the geometry family (affine transforms, rotate3D, rigidTransform,
 * scale, translate, resample, makeIsotropic, vector fields, downsampling): the result shape a call
 * must produce, or why it must be refused (a transform string outside CLIJ2's grammar, a scale of
 * 0, a result below 1 pixel or beyond 2^31 pixels along an axis or 1e15 voxels, an image below
 * 2 x 2 for the half median, vector images of another shape). Written from the documented rules
 * (docs/reference.md: CLIJ2's (long)(size * factor) in float), not from the native code.
 */
final class FuzzGeometryOracle {
    private FuzzGeometryOracle() {}

    static boolean covers(String op) {
        return op.matches("affineTransform[23]D|rotate3D|rigidTransform|scale[23]D|translate[23]D|resample|makeIsotropic"
                + "|applyVectorField[23]D|downsample[23]D|downsampleSliceBySliceHalfMedian");
    }

    /** Operations of the family that only copy input values (nearest neighbour inside the source). */
    static boolean copiesValues(MacroFuzzer.Case c) {
        String op = c.op.name;
        return op.startsWith("downsample2") || op.startsWith("downsample3")
                || (op.equals("resample") && !bool(c, "linear_interpolation"));
    }

    private static Object value(MacroFuzzer.Case c, String name) {
        for (int i = 0; i < c.op.params.size(); i++)
            if (c.op.params.get(i).name.equals(name)) return c.values[i];
        throw new IllegalArgumentException(name);
    }

    private static double num(MacroFuzzer.Case c, String name) {
        return (Double) value(c, name);
    }

    private static boolean bool(MacroFuzzer.Case c, String name) {
        Object v = value(c, name);
        return v instanceof Boolean ? (Boolean) v : ((Double) v) != 0;
    }

    /** (long)(size * factor) in float, or -1 when below 1 or from 2^31 on. */
    private static long size(long size, float factor) {
        float v = size * factor;
        if (!(v >= 1f) || v >= 2147483648f) return -1;
        return (long) v;
    }

    private static final List<String> KEYS2 = Arrays.asList("scale", "scalex", "scaley", "rotate", "translatex", "translatey", "shearxy");
    private static final List<String> KEYS3 = Arrays.asList("scalez", "rotatex", "rotatey", "rotatez", "translatez",
            "shearxz", "shearyx", "shearyz", "shearzx", "shearzy");

    /** Why CLIJ2's grammar (as ijcl documents it: errors instead of skipped commands) refuses {@code text}, or null. */
    static String grammar(String text, boolean threeD) {
        if (text.trim().isEmpty()) return "no command";
        for (String word : text.toLowerCase(Locale.ROOT).trim().split(" +")) {
            if (word.isEmpty()) continue;
            int eq = word.indexOf('=');
            String key = eq < 0 ? word : word.substring(0, eq);
            if (key.equals("center") || key.equals("-center")) {
                if (eq >= 0) return key + " with a value";
                continue;
            }
            boolean k2 = KEYS2.contains(key), k3 = KEYS3.contains(key);
            if (!k2 && !k3) return "unknown command " + key;
            if (k3 && !threeD) return key + " needs a 3D image";
            if (eq < 0) return key + " without a value";
            double v;
            try {
                String t = word.substring(eq + 1);
                if (t.isEmpty() || t.matches(".*[a-df-zA-DF-Z].*")) return "not a number: " + t; // no NaN, Infinity, suffixes
                v = Double.parseDouble(t);
            } catch (NumberFormatException e) {
                return "not a number";
            }
            if (Double.isInfinite(v) || Double.isNaN(v)) return "not finite";
            if (key.startsWith("scale") && v == 0) return "scale 0";
        }
        return null;
    }

    /** {w, h, d} of the result, or null with why[0] set when the call must be refused. */
    static long[] shape(MacroFuzzer.Case c, MacroFuzzer.Img s, List<MacroFuzzer.Img> ins, String[] why) {
        String op = c.op.name;
        boolean flat = s.d == 1;
        long w = s.w, h = s.h, d = s.d;
        for (MacroFuzzer.Img other : ins)
            if (other != null && op.startsWith("applyVectorField") && (other.w != s.w || other.h != s.h || other.d != s.d)) {
                why[0] = "vector image of another shape";
                return null;
            }
        switch (op) {
            case "affineTransform2D": case "affineTransform3D":
                why[0] = grammar((String) value(c, "transform"), op.endsWith("3D") && !flat);
                break;
            case "scale2D": case "scale3D":
                if ((float) num(c, "scaling_factor_x") == 0 || (float) num(c, "scaling_factor_y") == 0
                        || (op.equals("scale3D") && !flat && (float) num(c, "scaling_factor_z") == 0))
                    why[0] = "scale factor 0";
                break;
            case "resample": {
                w = size(s.w, (float) num(c, "factor_x"));
                h = size(s.h, (float) num(c, "factor_y"));
                d = flat ? 1 : size(s.d, (float) num(c, "factor_z"));
                break;
            }
            case "makeIsotropic": {
                float n = (float) num(c, "new_voxel_size");
                w = size(s.w, (float) num(c, "original_voxel_size_x") / n);
                h = size(s.h, (float) num(c, "original_voxel_size_y") / n);
                d = flat ? 1 : size(s.d, (float) num(c, "original_voxel_size_z") / n);
                break;
            }
            case "downsample2D": case "downsample3D":
                w = size(s.w, (float) num(c, "factorX"));
                h = size(s.h, (float) num(c, "factorY"));
                if (op.equals("downsample3D")) d = size(s.d, (float) num(c, "factorZ"));
                break;
            case "downsampleSliceBySliceHalfMedian":
                if (s.w < 2 || s.h < 2) why[0] = "below 2 x 2";
                w = s.w / 2;
                h = s.h / 2;
                break;
            default:
                break;
        }
        if (why[0] != null) return null;
        if (w < 0 || h < 0 || d < 0) {
            why[0] = "a result size below 1 or from 2^31 pixels";
            return null;
        }
        if ((double) w * h * d > 1e15) {
            why[0] = "more than 1e15 voxels";
            return null;
        }
        return new long[] {w, h, d};
    }
}
