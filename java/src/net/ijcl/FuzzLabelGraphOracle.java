package net.ijcl;

import static net.ijcl.MacroFuzzer.F32;

import java.util.List;

/**
 * The fuzzer's checks of the label maps and label graphs (native/src/ops/label_map_ops.cpp,
 * label_graph_ops.cpp), whose outputs are not the generic "shape and type of the first input":
 * float32 maps of the label image's shape, point lists, matrices and vectors sized by the data.
 * Recomputed here in plain Java from the inputs as they were: the output's shape and type, a
 * background of 0 in every map, and pixelCountMap, centroidsOfLabels and generateTouchMatrix
 * value for value. Label ids are read as the operations document: truncated toward zero, NaN and
 * negative values are background.
 */
final class FuzzLabelGraphOracle {
    private FuzzLabelGraphOracle() {}

    static boolean isMap(String op) {
        return op.matches("pixelCountMap|(mean|minimum|maximum|standardDeviation)IntensityMap|(mean|maximum)ExtensionMap"
                + "|extensionRatioMap|labelOverlapCountMap|labelProximalNeighborCountMap|touchingNeighborCountMap|averageDistanceOfNClosestNeighborsMap"
                + "|(mean|minimum|maximum|standardDeviation|mode)OfTouchingNeighborsMap"
                + "|(mean|minimum|maximum|standardDeviation|mode)Of(NNearest|Proximal)NeighborsMap|proximalNeighborCountMap"
                + "|averageNeighborDistanceMap|(minimum|maximum)TouchingNeighborDistanceMap|touchingNeighborDistanceRangeRatioMap"
                + "|euclideanDistanceFromLabelCentroidMap");
    }

    /** The neighbour statistic maps (a parametric map and a label map in). */
    static boolean isNeighbourStatisticMap(String op) {
        return op.matches("(mean|minimum|maximum|standardDeviation|mode)Of(Touching|NNearest|Proximal)NeighborsMap");
    }

    static boolean covers(String op) {
        return isMap(op) || coversPart2(op) || op.matches("centroidsOfLabels|generateTouchMatrix|generateDistanceMatrix|modeOfTouchingNeighbors"
                + "|touchMatrixToMesh|distanceMatrixToMesh|countTouchingNeighbors|(average|minimum|maximum)DistanceOfTouchingNeighbors|averageDistanceOfN(Closest|FarOff)Points|touchMatrixToAdjacencyMatrix|neighborsOfNeighbors"
                + "|generate(NNearest|Proximal)NeighborsMatrix"
                + "|(mean|minimum|maximum|median|standardDeviation)OfTouchingNeighbors");
    }

    /**
     * Refusals that depend on the pixel values, which the fuzzer's random images can trigger, each
     * naming its argument: label ids of 2^28 or more (NaN/infinite float ids too), a label image of
     * only background for a point list, a dense matrix beyond the device's largest allocation, a
     * point list without 2 or 3 rows or whose new mesh would be empty.
     */
    static boolean explainsRefusal(MacroFuzzer.Case c, String message) {
        if (c.op == null || message == null || !covers(c.op.name)) return false;
        return message.contains("at most 268435455 labels are supported")
                || message.contains("the point list would be empty")
                || message.contains("largest single allocation")
                || message.contains("the mesh limit is 16383 labels")
                || message.contains("a point list has 2 or 3 rows")
                || message.contains("CLIJ2's mesh size would be 0")
                || message.contains("must be square");
    }

    /** Whether a touching-neighbour map's radius (argument 3) truncates to 0 (the map is copied). */
    static boolean radiusZero(MacroFuzzer.Case c) {
        try {
            return c.args.length > 3 && (long) Double.parseDouble(c.args[3].trim()) == 0;
        } catch (NumberFormatException e) {
            return true; // a variable or expression: not checked
        }
    }

    static long id(double v) {
        return v > 0 ? (long) v : 0; // NaN and negatives: background
    }

    static long maxId(MacroFuzzer.Img img) {
        long m = 0;
        for (double v : img.v) m = Math.max(m, id(v));
        return m;
    }

    /** Checks the output; returns the number of checks made. */
    static int check(MacroFuzzer.Case c, List<MacroFuzzer.Img> ins, MacroFuzzer.Img out, String where, List<String> problems) {
        String op = c.op.name;
        if (op.endsWith("ToMesh")) return 0; // size and type follow an existing destination or the point list's values
        if (coversPart2(op)) return checkPart2(c, ins, out, where, problems);
        MacroFuzzer.Img src = ins.get(0);
        long ew, eh, ed = 1;
        double[] expected = null;
        if (isMap(op)) {
            MacroFuzzer.Img labels = op.endsWith("IntensityMap") || isNeighbourStatisticMap(op) ? ins.get(1) : src;
            ew = labels.w;
            eh = labels.h;
            ed = labels.d;
            if (shapeOrTypeWrong(out, ew, eh, ed, where, problems)) return 1;
            // the touching-neighbour statistic maps give the background the statistic of its own
            // value (and of its neighbours when it is not ignored), as CLIJ2; radius 0 copies the map
            boolean backgroundZero = !isNeighbourStatisticMap(op) || op.startsWith("meanOf");
            if (backgroundZero && !(op.startsWith("meanOfTouching") && radiusZero(c)))
            for (int i = 0; i < out.v.length; i++)
                if (id(labels.v[i]) == 0 && out.v[i] != 0) {
                    problems.add(where + "background pixel " + i + " holds " + out.v[i] + " instead of 0");
                    return 2;
                }
            if (op.equals("touchingNeighborCountMap")) { // face neighbours, background left out
                java.util.Set<Long> pairs = new java.util.HashSet<>();
                java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
                touchingPairs(src, (a, b) -> {
                    if (a == 0 || b == 0) return;
                    if (pairs.add(Math.min(a, b) * (1L << 32) + Math.max(a, b))) {
                        counts.merge(a, 1, Integer::sum);
                        counts.merge(b, 1, Integer::sum);
                    }
                });
                expected = new double[out.v.length];
                for (int i = 0; i < expected.length; i++) expected[i] = counts.getOrDefault(id(src.v[i]), 0);
            }
            if (op.equals("pixelCountMap")) {
                java.util.Map<Long, Integer> counts = new java.util.HashMap<>();
                for (double v : labels.v) counts.merge(id(v), 1, Integer::sum);
                expected = new double[out.v.length];
                for (int i = 0; i < expected.length; i++) expected[i] = id(labels.v[i]) == 0 ? 0 : counts.get(id(labels.v[i]));
            }
        } else if (op.equals("centroidsOfLabels")) {
            long n = maxId(src);
            ew = n;
            eh = src.d > 1 ? 3 : 2;
            if (shapeOrTypeWrong(out, ew, eh, ed, where, problems)) return 1;
            double[] sum = new double[(int) (3 * n + 3)];
            long[] count = new long[(int) n + 1];
            for (int i = 0; i < src.v.length; i++) {
                int l = (int) id(src.v[i]);
                if (l == 0) continue;
                count[l]++;
                sum[3 * l] += i % src.w;
                sum[3 * l + 1] += (i / src.w) % src.h;
                sum[3 * l + 2] += i / (src.w * src.h);
            }
            expected = new double[(int) (n * eh)];
            for (int l = 1; l <= n; l++)
                for (int k = 0; k < eh; k++) expected[(l - 1) + (int) n * k] = (float) (sum[3 * l + k] / count[l]);
        } else if (op.equals("generateTouchMatrix")) {
            long n = maxId(src) + 1;
            ew = n;
            eh = n;
            if (shapeOrTypeWrong(out, ew, eh, ed, where, problems)) return 1;
            double[] touch = new double[(int) (n * n)];
            touchingPairs(src, (a, b) -> touch[(int) (Math.min(a, b) + n * Math.max(a, b))] = 1);
            expected = touch;
        } else if (op.equals("generateDistanceMatrix")) {
            ew = src.w + 1;
            eh = ins.get(1).w + 1;
            if (shapeOrTypeWrong(out, ew, eh, ed, where, problems)) return 1;
        } else if (op.equals("touchMatrixToAdjacencyMatrix") || op.equals("neighborsOfNeighbors")
                || op.matches("generate(NNearest|Proximal)NeighborsMatrix")) {
            ew = src.w;
            eh = src.h;
            if (shapeOrTypeWrong(out, ew, eh, ed, where, problems)) return 1;
        } else { // modeOfTouchingNeighbors
            ew = src.w;
            eh = 1;
            if (shapeOrTypeWrong(out, ew, eh, ed, where, problems)) return 1;
        }
        if (expected == null) return 2;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = out.v[i];
            boolean same = Double.isNaN(e) ? Double.isNaN(a) : Math.abs(a - e) <= 1e-6 * Math.max(1, Math.abs(e));
            if (!same) {
                problems.add(where + "value " + a + " at pixel " + i + " instead of " + e);
                break;
            }
        }
        return 3;
    }

    /** Receives the labels of two touching pixels. */
    private interface LabelPair {
        void accept(long a, long b);
    }

    /**
     * Calls {@code pair} with the labels of every two face neighbours (one pixel and the next in x,
     * y or z) whose labels differ, background included.
     */
    private static void touchingPairs(MacroFuzzer.Img src, LabelPair pair) {
        int[][] steps = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int z = 0; z < src.d; z++)
            for (int y = 0; y < src.h; y++)
                for (int x = 0; x < src.w; x++)
                    for (int[] s : steps) {
                        if (x + s[0] >= src.w || y + s[1] >= src.h || z + s[2] >= src.d) continue;
                        long a = id(src.v[(z * src.h + y) * src.w + x]);
                        long b = id(src.v[((z + s[2]) * src.h + y + s[1]) * src.w + x + s[0]]);
                        if (a != b) pair.accept(a, b);
                    }
    }

    private static boolean shapeOrTypeWrong(MacroFuzzer.Img out, long w, long h, long d, String where, List<String> problems) {
        if (out.w != w || out.h != h || out.d != d) {
            problems.add(where + "shape should be " + w + "x" + h + "x" + d);
            return true;
        }
        if (out.type != F32) {
            problems.add(where + "pixel type should be float32");
            return true;
        }
        return false;
    }

    /** The operations of native/src/ops/label_mesh_ops.cpp (label graph, part 2). */
    static boolean coversPart2(String op) {
        return op.matches("generateTouchCountMatrix|adjacencyMatrixToTouchMatrix|pointIndexListToTouchMatrix|pointIndexListToMesh"
                + "|multiplyMatrix|shortestDistances|nClosestPoints|nClosestDistances|mergeTouchingLabels"
                + "|draw(Distance)?MeshBetween(Touching|Proximal|NNearest|NClosest)Labels");
    }

    /**
     * label_mesh_ops.cpp's outputs: their documented shape and type, generateTouchCountMatrix and
     * adjacencyMatrixToTouchMatrix value for value, mergeTouchingLabels's background and its merged
     * groups (pixels of one input id share one output id; touching labels share it too).
     */
    static int checkPart2(MacroFuzzer.Case c, List<MacroFuzzer.Img> ins, MacroFuzzer.Img out, String where, List<String> problems) {
        String op = c.op.name;
        if (op.equals("pointIndexListToMesh")) return 0; // size and type follow an existing destination or the point list
        MacroFuzzer.Img src = ins.get(0);
        int[][] steps = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        if (op.startsWith("draw")) return shapeOrTypeWrong(out, src.w, src.h, src.d, where, problems) ? 1 : 2;
        if (op.equals("mergeTouchingLabels")) {
            if (out.w != src.w || out.h != src.h || out.d != src.d || out.type != src.type) {
                problems.add(where + "should have the input's shape and type");
                return 1;
            }
            java.util.Map<Long, Double> seen = new java.util.HashMap<>();
            for (int i = 0; i < src.v.length; i++) {
                long a = id(src.v[i]);
                if ((a == 0) != (out.v[i] == 0)) {
                    problems.add(where + "pixel " + i + " is background in one of input and output only");
                    return 2;
                }
                Double before = seen.putIfAbsent(a, out.v[i]);
                if (before != null && before != out.v[i]) {
                    problems.add(where + "input id " + a + " became two output ids");
                    return 2;
                }
            }
            for (int z = 0; z < src.d; z++)
                for (int y = 0; y < src.h; y++)
                    for (int x = 0; x < src.w; x++)
                        for (int[] s : steps) {
                            if (x + s[0] >= src.w || y + s[1] >= src.h || z + s[2] >= src.d) continue;
                            int i = (z * src.h + y) * src.w + x, j = ((z + s[2]) * src.h + y + s[1]) * src.w + x + s[0];
                            if (id(src.v[i]) != 0 && id(src.v[j]) != 0 && out.v[i] != out.v[j]) {
                                problems.add(where + "touching pixels " + i + " and " + j + " were not merged");
                                return 3;
                            }
                        }
            return 3;
        }
        long ew, eh;
        double[] expected = null;
        if (op.equals("generateTouchCountMatrix")) {
            long n = maxId(src) + 1;
            ew = n;
            eh = n;
            if (shapeOrTypeWrong(out, ew, eh, 1, where, problems)) return 1;
            expected = new double[(int) (n * n)];
            for (int z = 0; z < src.d; z++)
                for (int y = 0; y < src.h; y++)
                    for (int x = 0; x < src.w; x++)
                        for (int[] s : steps) {
                            if (x + s[0] >= src.w || y + s[1] >= src.h || z + s[2] >= src.d) continue;
                            long a = id(src.v[(z * src.h + y) * src.w + x]);
                            long b = id(src.v[((z + s[2]) * src.h + y + s[1]) * src.w + x + s[0]]);
                            if (a != b) expected[(int) (Math.min(a, b) + n * Math.max(a, b))] += 1;
                        }
        } else if (op.equals("adjacencyMatrixToTouchMatrix")) {
            if (out.w != src.w || out.h != src.h || out.d != src.d || out.type != src.type) {
                problems.add(where + "should have the input's shape and type");
                return 1;
            }
            expected = new double[out.v.length];
            for (int z = 0; z < src.d; z++)
                for (int y = 0; y < src.h; y++)
                    for (int x = 0; x < src.w; x++) {
                        int plane = z * src.w * src.h;
                        boolean mirror = y < src.w && x < src.h && src.v[plane + x * src.w + y] != 0;
                        expected[plane + y * src.w + x] = x < y && (src.v[plane + y * src.w + x] != 0 || mirror) ? 1 : 0;
                    }
            ew = src.w;
            eh = src.h;
        } else {
            if (op.equals("multiplyMatrix")) {
                ew = ins.get(1).w;
                eh = src.h;
            } else if (op.equals("shortestDistances")) {
                ew = src.w;
                eh = 1;
            } else if (op.equals("pointIndexListToTouchMatrix")) {
                ew = src.w + 1;
                eh = src.w + 1;
            } else { // nClosestPoints, nClosestDistances: one row per closest point
                Object n = c.values[c.values.length - 1];
                if (!(n instanceof Number)) return 1; // a variable or expression: not checked
                ew = src.w;
                eh = (long) Math.floor(((Number) n).doubleValue());
            }
            return shapeOrTypeWrong(out, ew, eh, 1, where, problems) ? 1 : 2;
        }
        for (int i = 0; i < expected.length; i++)
            if (out.v[i] != expected[i]) {
                problems.add(where + "value " + out.v[i] + " at pixel " + i + " instead of " + expected[i]);
                return 2;
            }
        return 3;
    }
}
