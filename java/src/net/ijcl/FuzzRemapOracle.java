package net.ijcl;

import java.util.List;
import java.util.Map;

/**
 * The fuzzer's independent re-computation of the remap family (crops, pastes, transposes,
 * rotations, sub-stacks, reduction, slices, concatenation, combination, reslices, tiles): for a call, either the
 * exact image it must produce or why the call must be refused (a region beyond the image, a
 * second image of another pixel type or shape, no destination to paste into). Written from the
 * documented semantics (docs/reference.md), not from the kernels.
 */
final class FuzzRemapOracle {
    private FuzzRemapOracle() {}

    /** The expected image, or the reason the call is invalid. */
    static final class Expected {
        MacroFuzzer.Img image;
        String invalid;
    }

    static boolean covers(String op) {
        return op.matches("crop[23]D|paste[23]D|transpose(XY|XZ|YZ)|rotate(Counter)?Clockwise|subStack|reduceStack"
                + "|copySlice|concatenateStacks|combine(Horizontally|Vertically)|imageToStack|reslice(Top|Bottom|Left|Right)|stackToTiles");
    }

    private static long arg(MacroFuzzer.Case c, String name) {
        for (int i = 0; i < c.op.params.size(); i++)
            if (c.op.params.get(i).name.equals(name)) return (long) (double) (Double) c.values[i];
        throw new IllegalArgumentException(name);
    }

    private static String destinationName(MacroFuzzer.Case c) {
        for (int i = 0; i < c.op.params.size(); i++)
            if (c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_OUT) return c.outputNames[i];
        return null;
    }

    private static Expected invalid(String why) {
        Expected e = new Expected();
        e.invalid = why;
        return e;
    }

    private static double at(MacroFuzzer.Img s, long x, long y, long z) {
        return s.v[(int) ((z * s.h + y) * s.w + x)];
    }

    /** Null when the op is not of the family. */
    static Expected expected(MacroFuzzer.Case c, List<MacroFuzzer.Img> ins, Map<String, MacroFuzzer.Img> before) {
        String op = c.op.name;
        if (!covers(op) || ins.isEmpty() || ins.get(0) == null) return null;
        MacroFuzzer.Img s = ins.get(0);
        MacroFuzzer.Img b = ins.size() > 1 ? ins.get(1) : null;
        long w = s.w, h = s.h, d = s.d;
        long[] off = {0, 0, 0};
        int rule;
        switch (op) {
            case "crop2D": case "crop3D": {
                boolean three = op.equals("crop3D");
                off = new long[] {arg(c, "start_x"), arg(c, "start_y"), three ? arg(c, "start_z") : 0};
                w = arg(c, "width");
                h = arg(c, "height");
                d = three ? arg(c, "depth") : 1;
                if (w < 1 || h < 1 || d < 1 || off[0] + w > s.w || off[1] + h > s.h || off[2] + d > s.d)
                    return invalid("region beyond the image");
                rule = 1;
                break;
            }
            case "subStack": {
                long a = arg(c, "start_z"), e = arg(c, "end_z");
                if (e < a || e >= s.d) return invalid("planes beyond the stack");
                off = new long[] {0, 0, a};
                d = e - a + 1;
                rule = 1;
                break;
            }
            case "copySlice": {
                long k = arg(c, "slice_index");
                if (s.d > 1) {
                    if (k >= s.d) return invalid("plane beyond the stack");
                    off = new long[] {0, 0, k};
                    d = 1;
                    rule = 1;
                    break;
                }
                MacroFuzzer.Img t = before.get(destinationName(c));
                if (t == null || t.d < 2 || t.w != s.w || t.h != s.h || t.type != s.type || k >= t.d || t == s)
                    return invalid("no fitting destination stack");
                return pasted(s, t, 0, 0, k);
            }
            case "paste2D": case "paste3D": {
                MacroFuzzer.Img t = before.get(destinationName(c));
                if (t == null || t.type != s.type || destinationName(c).equals(c.values[0])) return invalid("no destination to paste into");
                return pasted(s, t, arg(c, "destination_x"), arg(c, "destination_y"),
                        op.equals("paste3D") ? arg(c, "destination_z") : 0);
            }
            case "transposeXY": w = s.h; h = s.w; rule = 2; break;
            case "transposeXZ": w = s.d; d = s.w; rule = 3; break;
            case "transposeYZ": h = s.d; d = s.h; rule = 4; break;
            case "rotateClockwise": w = s.h; h = s.w; rule = 5; break;
            case "rotateCounterClockwise": w = s.h; h = s.w; rule = 6; break;
            case "reduceStack": {
                long f = arg(c, "reduction_factor"), o = arg(c, "offset");
                if (f < 1 || o >= f || s.d / f == 0) return invalid("bad reduction");
                off = new long[] {f, o, 0};
                d = s.d / f;
                rule = 7;
                break;
            }
            case "imageToStack": d = arg(c, "num_slices"); rule = 8; break;
            case "stackToTiles": {
                long tx = arg(c, "tiles_x"), ty = arg(c, "tiles_y");
                if (tx < 1 || ty < 1 || tx > 65536 || ty > 65536) return invalid("tiles outside 1 to 65536");
                if ((double) s.w * tx * s.h * ty > 2147483647.0) return invalid("more than 2^31 - 1 pixels");
                if ((double) s.w * tx * s.h * ty > 50_000_000L) return null; // too large to recompute here
                off = new long[] {tx, ty, 0};
                w = s.w * tx;
                h = s.h * ty;
                d = 1;
                rule = 16;
                break;
            }
            case "resliceTop": h = s.d; d = s.h; rule = 12; break;
            case "resliceBottom": h = s.d; d = s.h; rule = 13; break;
            case "resliceLeft": w = s.h; h = s.d; d = s.w; rule = 14; break;
            case "resliceRight": w = s.h; h = s.d; d = s.w; rule = 15; break;
            default: { // concatenate / combine
                if (b == null) return null;
                if (b.type != s.type) return invalid("pixel types differ");
                if (op.equals("concatenateStacks")) {
                    if (b.w != s.w || b.h != s.h) return invalid("shapes differ");
                    d = s.d + b.d;
                    rule = 9;
                } else if (op.equals("combineHorizontally")) {
                    if (b.h != s.h || b.d != s.d) return invalid("shapes differ");
                    w = s.w + b.w;
                    rule = 10;
                } else {
                    if (b.w != s.w || b.d != s.d) return invalid("shapes differ");
                    h = s.h + b.h;
                    rule = 11;
                }
            }
        }
        if (w * h * d > 50_000_000L) return invalid("too large for the fuzzer");
        double[] v = new double[(int) (w * h * d)];
        for (long z = 0; z < d; z++)
            for (long y = 0; y < h; y++)
                for (long x = 0; x < w; x++) {
                    double value;
                    switch (rule) {
                        case 1: value = at(s, x + off[0], y + off[1], z + off[2]); break;
                        case 2: value = at(s, y, x, z); break;
                        case 3: value = at(s, z, y, x); break;
                        case 4: value = at(s, x, z, y); break;
                        case 5: value = at(s, y, s.h - 1 - x, z); break;
                        case 6: value = at(s, s.w - 1 - y, x, z); break;
                        case 7: value = at(s, x, y, z * off[0] + off[1]); break;
                        case 8: value = at(s, x, y, 0); break;
                        case 9: value = z < s.d ? at(s, x, y, z) : at(b, x, y, z - s.d); break;
                        case 10: value = x < s.w ? at(s, x, y, z) : at(b, x - s.w, y, z); break;
                        case 16: {                                                // stackToTiles
                            long plane = (x / s.w) * off[1] + y / s.h;
                            value = plane < s.d ? at(s, x % s.w, y % s.h, plane) : 0;
                            break;
                        }
                        case 12: value = at(s, x, z, y); break;                  // resliceTop
                        case 13: value = at(s, x, s.h - 1 - z, y); break;        // resliceBottom
                        case 14: value = at(s, z, x, y); break;                  // resliceLeft
                        case 15: value = at(s, s.w - 1 - z, x, y); break;        // resliceRight
                        default: value = y < s.h ? at(s, x, y, z) : at(b, x, y - s.h, z); break;
                    }
                    v[(int) ((z * h + y) * w + x)] = value;
                }
        Expected e = new Expected();
        e.image = new MacroFuzzer.Img((int) w, (int) h, (int) d, s.type, s.kind, v);
        return e;
    }

    /**
     * convertUInt8/UInt16/Float: values rounded half up and saturated (NaN gives 0) for integer
     * targets, as float for float32, an intensity image; create2D/3D: zeros of the size and bit
     * depth (invalid for another bit depth). Null for other operations.
     */
    static Expected conversion(MacroFuzzer.Case c, MacroFuzzer.Img s) {
        String op = c.op.name;
        Expected e = new Expected();
        if (op.startsWith("create")) {
            double bits = (Double) c.values[op.equals("create2D") ? 3 : 4];
            if (bits != 8 && bits != 16 && bits != 32) return invalid("bit depth " + bits);
            long w = arg(c, "width"), h = arg(c, "height"), d = op.equals("create3D") ? arg(c, "depth") : 1;
            if (w * h * d > 50_000_000L) return invalid("too large for the fuzzer");
            int type = bits == 8 ? MacroFuzzer.U8 : bits == 16 ? MacroFuzzer.U16 : MacroFuzzer.F32;
            e.image = new MacroFuzzer.Img((int) w, (int) h, (int) d, type, 0, new double[(int) (w * h * d)]);
            return e;
        }
        if (s == null) return null;
        int type = op.equals("convertUInt8") ? MacroFuzzer.U8 : op.equals("convertUInt16") ? MacroFuzzer.U16 : MacroFuzzer.F32;
        double max = type == MacroFuzzer.U8 ? 255 : 65535;
        double[] v = new double[s.v.length];
        for (int i = 0; i < v.length; i++) {
            double x = s.v[i];
            if (type == MacroFuzzer.F32) v[i] = (float) x;
            else v[i] = Double.isNaN(x) ? 0 : Math.min(max, Math.max(0, Math.floor((float) ((float) x + 0.5f))));
        }
        e.image = new MacroFuzzer.Img(s.w, s.h, s.d, type, 0, v);
        return e;
    }

    private static Expected pasted(MacroFuzzer.Img s, MacroFuzzer.Img t, long dx, long dy, long dz) {
        double[] v = t.v.clone();
        for (long z = 0; z < s.d; z++)
            for (long y = 0; y < s.h; y++)
                for (long x = 0; x < s.w; x++) {
                    long tx = x + dx, ty = y + dy, tz = z + dz;
                    if (tx < 0 || ty < 0 || tz < 0 || tx >= t.w || ty >= t.h || tz >= t.d) continue;
                    v[(int) ((tz * t.h + ty) * t.w + tx)] = at(s, x, y, z);
                }
        Expected e = new Expected();
        e.image = new MacroFuzzer.Img(t.w, t.h, t.d, t.type, t.kind, v);
        return e;
    }
}
