package net.ijcl;

import static net.ijcl.MacroFuzzer.F32;
import static net.ijcl.MacroFuzzer.LABEL;
import static net.ijcl.MacroFuzzer.U32;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fuzzer's checks of the label-point operations (native/src/ops/label_point_ops.cpp), whose
 * outputs are sized by the data or the arguments: histograms (number_of_bins x 1 x 1 float32),
 * point lists and vectors sized by the largest label id or the point list, spot images sized by
 * the point list's coordinates, float32 parametric images. Recomputed here in plain Java from the
 * inputs as they were: shape and type always, values for readValuesFromMap (each id's last pixel
 * in raster order) and reduceLabelsToCentroids (only ids of the input), and the histogram's total
 * (at most the number of pixels). Label ids as the operations read them: truncated, NaN and
 * negatives background.
 */
final class FuzzLabelPointOracle {
    private FuzzLabelPointOracle() {}

    static boolean covers(String op) {
        return op.matches("histogram|centroidsOfBackgroundAndLabels|reduceLabelsToCentroids|labelledSpotsToPointList"
                + "|pointlistToLabelledSpots|readValuesFromMap|readValuesFromPositions|generateParametricImage");
    }

    /** Refusals that depend on pixel values or sizes that random arguments can reach, each naming its argument. */
    static boolean explainsRefusal(MacroFuzzer.Case c, String message) {
        if (c.op == null || message == null || !covers(c.op.name)) return false;
        return message.contains("at most 268435455 labels are supported")
                || message.contains("holds no spot")
                || message.contains("largest single allocation")
                || message.contains("a point list has 2 or 3 rows")
                || message.contains("the largest coordinate of row")
                || message.contains("indexes pixels in 32 bits")
                || message.contains("'number_of_bins'");
    }

    static long id(double v) {
        return FuzzLabelGraphOracle.id(v);
    }

    /** Checks the output; returns the number of checks made. */
    static int check(MacroFuzzer.Case c, List<MacroFuzzer.Img> ins, MacroFuzzer.Img out, String where, List<String> problems) {
        String op = c.op.name;
        MacroFuzzer.Img src = ins.get(0);
        int rows = src.d > 1 ? 3 : 2;
        long maxId = FuzzLabelGraphOracle.maxId(src);
        switch (op) {
            case "histogram": {
                long bins;
                try {
                    bins = (long) Double.parseDouble(c.args[2].trim());
                } catch (NumberFormatException e) {
                    return 0; // a variable or expression
                }
                if (wrong(out, bins, 1, 1, F32, where, problems)) return 1;
                double total = 0;
                for (double v : out.v) total += v;
                if (total > src.v.length) problems.add(where + "counts " + total + " pixels of " + src.v.length);
                return 2;
            }
            case "centroidsOfBackgroundAndLabels":
                return wrong(out, maxId + 1, rows, 1, F32, where, problems) ? 1 : 2;
            case "labelledSpotsToPointList":
                if (maxId == 0) {
                    problems.add(where + "the call should have been refused (no spot)");
                    return 1;
                }
                return wrong(out, maxId, rows, 1, F32, where, problems) ? 1 : 2;
            case "readValuesFromPositions":
                return wrong(out, src.w, 1, 1, F32, where, problems) ? 1 : 2;
            case "generateParametricImage":
                return wrong(out, src.w, src.h, src.d, F32, where, problems) ? 1 : 2;
            case "reduceLabelsToCentroids": {
                if (wrong(out, src.w, src.h, src.d, U32, where, problems)) return 1;
                Set<Long> ids = new HashSet<>();
                for (double v : src.v) ids.add(id(v));
                for (double v : out.v)
                    if (v != 0 && !ids.contains((long) v)) {
                        problems.add(where + "holds id " + (long) v + ", which the input does not have");
                        return 2;
                    }
                if (out.kind != LABEL) problems.add(where + "should be a label image");
                return 3;
            }
            case "pointlistToLabelledSpots": {
                if (src.h != 2 && src.h != 3) {
                    problems.add(where + "the call should have been refused (a point list has 2 or 3 rows)");
                    return 1;
                }
                long[] size = {1, 1, 1}; // from plane 0, the plane the operation reads
                for (int k = 0; k < src.h; k++) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < src.w; i++) m = Math.max(m, (float) src.v[k * src.w + i]);
                    size[k] = (long) m + 1;
                }
                return wrong(out, size[0], size[1], size[2], U32, where, problems) ? 1 : 2;
            }
            case "readValuesFromMap": {
                MacroFuzzer.Img map = ins.get(1);
                if (wrong(out, maxId + 1, 1, 1, F32, where, problems)) return 1;
                Map<Long, Integer> last = new HashMap<>();
                for (int i = 0; i < src.v.length; i++) last.put(id(src.v[i]), i);
                for (int k = 0; k <= maxId; k++) {
                    Integer at = last.get((long) k);
                    double e = at == null ? 0 : (float) map.v[at];
                    double a = out.v[k];
                    if (!(Double.isNaN(e) ? Double.isNaN(a) : a == e)) {
                        problems.add(where + "entry " + k + " is " + a + " instead of " + e);
                        return 2;
                    }
                }
                return 3;
            }
            default:
                return 0;
        }
    }

    private static boolean wrong(MacroFuzzer.Img out, long w, long h, long d, int type, String where, List<String> problems) {
        if (out.w != w || out.h != h || out.d != d) {
            problems.add(where + "shape should be " + w + "x" + h + "x" + d);
            return true;
        }
        if (out.type != type) {
            problems.add(where + "pixel type should be " + MacroFuzzer.typeName(type));
            return true;
        }
        return false;
    }
}
