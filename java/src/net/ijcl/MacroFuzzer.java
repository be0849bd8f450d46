package net.ijcl;

import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.measure.ResultsTable;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import net.ijcl.tools.HeadlessMacro;

/**
 * Fuzzed macro calls: generates {@code Ext.IJCL_*} calls of every registry operation (and of the
 * fixed functions) from the registry's parameter descriptions, runs each one as a small macro
 * through ImageJ's interpreter ({@link HeadlessMacro}), and classifies the outcome. Deterministic
 * from the seed: case {@code i} of seed {@code s} is always the same call on the same images, so
 * a failure is reproduced with {@code --seed s --case i}.
 *
 * <p>What the calls contain: extreme but legal arguments (radii and sigmas at their limits, 0,
 * fractions, huge values), invalid ones of each class (NaN, infinities, negative, beyond the
 * documented range, fractional where a whole number is required, unknown, empty and released image
 * names, numbers where names are expected, unknown method names, images of another shape, wrong
 * argument kinds and counts that ImageJ's interpreter refuses), 1-pixel, 1x1x1 and thin images of
 * every pixel type (uint8, uint16, float32, binary, uint32 labels), constant images, images with
 * NaN and infinite pixels, the same image as input and output, an output replacing an unrelated
 * image, and calls before {@code run("IJCL Macro Extensions")} registered the functions. Direct
 * calls of the Java/native API (not reachable from a macro) ask for images larger than the device
 * can hold and for impossible shapes.
 *
 * <p>Outcome classes: a success whose result passed every check; a clear error (the macro stopped
 * with "IJCL_function: operation 'op', argument 'arg': ..." naming the argument that was wrong);
 * an error of ImageJ's interpreter for a call it refuses before ijcl sees it (wrong argument kind
 * or count, functions not registered yet). Failures: an unclear error (no operation or argument
 * named, a Java exception, an internal error), a valid call refused, an invalid call accepted, a
 * wrong result, a macro that went on after an error, images or bytes left behind, and a hang (the
 * call did not return within the time limit). A JVM crash ends the process; the last case started
 * is then the one to reproduce (written to standard error with {@code --verbose}).
 *
 * <p>Value oracles, all computed here in plain Java from the images read back before the call:
 * minimum/maximum/median filters and the maximum projection return only values of their input;
 * any filter of a constant image returns the constant (a top-hat returns 0); binary outputs hold
 * only 0 and 1; copies and flips move pixels exactly; thresholds, binary logic, labelling (a
 * breadth-first labelling in raster order), pixel counts, maxima and sums are recomputed; output
 * shapes and pixel types follow the documentation; inputs other than the output are unchanged.
 */
public final class MacroFuzzer {
    private MacroFuzzer() {}

    // ---------------------------------------------------------------------------------------------
    // outcome classes and the report

    /** How one call ended. */
    public enum Outcome {
        OK("ok, result checked", false),
        CLEAR_ERROR("clear error naming the function and the argument", false),
        INTERPRETER_ERROR("refused by ImageJ's interpreter before ijcl (argument kind/count, not registered)", false),
        UNCLEAR_ERROR("unclear error", true),
        REFUSED_VALID("valid call refused", true),
        ACCEPTED_INVALID("invalid call accepted", true),
        WRONG_RESULT("wrong result", true),
        NOT_STOPPED("macro went on after an error", true),
        LEAK("images or bytes left behind", true),
        SETUP_FAILED("fuzzer could not prepare the images", true),
        HANG("no return within the time limit", true);

        public final String description;
        public final boolean failure;

        Outcome(String description, boolean failure) {
            this.description = description;
            this.failure = failure;
        }
    }

    /** What a run found. */
    public static final class Report {
        public final long seed;
        public final EnumMap<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        /** One line per failing call: case, outcome, call, message or problem. */
        public final List<String> failures = new ArrayList<>();
        /** Calls per operation or function. */
        public final Map<String, Integer> perFunction = new java.util.TreeMap<>();
        public int calls;
        public int macroCalls;
        public int directCalls;
        public long valueChecks;
        public long millis;
        public boolean stoppedByHang;

        Report(long seed) {
            this.seed = seed;
            for (Outcome o : Outcome.values()) counts.put(o, 0);
        }

        public int count(Outcome o) {
            return counts.get(o);
        }

        public int failureCount() {
            int n = 0;
            for (Outcome o : Outcome.values()) if (o.failure) n += counts.get(o);
            return n;
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append(String.format(Locale.ROOT, "macro fuzz, seed %d: %d calls (%d macro calls, %d direct API calls) in %.1f s; %d value checks%n",
                    seed, calls, macroCalls, directCalls, millis / 1000.0, valueChecks));
            for (Outcome o : Outcome.values())
                s.append(String.format(Locale.ROOT, "  %-18s %6d  %s%s%n", o.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                        counts.get(o), o.description, o.failure ? " (failure)" : ""));
            if (stoppedByHang) s.append("  stopped after a hang: the remaining calls were not run\n");
            s.append("  functions called: ").append(perFunction.size()).append('\n');
            return s.toString();
        }
    }

    /** Settings of a run. */
    public static final class Config {
        public long seed = 1;
        public int calls = 1000;
        /** Runs only this case (-1: cases 0 .. calls-1). */
        public int onlyCase = -1;
        public long timeoutMillis = 120_000;
        /** Prints every case and its outcome to standard error. */
        public boolean verbose;
        /** Failures kept in the report (all are counted). */
        public int keepFailures = 200;
    }

    // ---------------------------------------------------------------------------------------------
    // the macro's callbacks

    private static final Map<String, String> RECORDED = new HashMap<>();

    /** Called from the generated macros: call("net.ijcl.MacroFuzzer.record", key, value). */
    public static String record(String key, String value) {
        synchronized (RECORDED) {
            RECORDED.put(key, value);
        }
        return "";
    }

    // ---------------------------------------------------------------------------------------------
    // images

    static final int U8 = 0, U16 = 1, F32 = 2, U32 = 3;
    static final int INTENSITY = 0, BINARY = 1, LABEL = 2;
    static final int[][] SHAPES = {
        {1, 1, 1}, {1, 1, 1}, {2, 1, 1}, {1, 2, 1}, {1, 1, 2}, {1, 1, 5}, {3, 3, 1}, {4, 3, 2}, {5, 1, 3},
        {1, 7, 1}, {8, 8, 1}, {6, 5, 4}, {13, 11, 1}, {9, 7, 3}, {32, 3, 1}, {2, 2, 2}, {17, 1, 1},
    };

    /** An image as read back from the device: shape, pixel type, kind, values (x fastest). */
    static final class Img {
        final int w, h, d, type, kind;
        final double[] v;

        Img(int w, int h, int d, int type, int kind, double[] v) {
            this.w = w;
            this.h = h;
            this.d = d;
            this.type = type;
            this.kind = kind;
            this.v = v;
        }

        long bytes() {
            return (long) w * h * d * (type == U8 ? 1 : type == U16 ? 2 : 4);
        }

        String describe() {
            return w + "x" + h + "x" + d + " " + typeName(type) + (kind == BINARY ? " binary" : kind == LABEL ? " label" : "");
        }

        boolean sameShape(Img o) {
            return w == o.w && h == o.h && d == o.d;
        }

        /** The value when all pixels are equal, else null. */
        Double constant() {
            for (double x : v) if (Double.doubleToLongBits(x) != Double.doubleToLongBits(v[0])) return null;
            return v[0];
        }

        boolean hasNaN() {
            for (double x : v) if (Double.isNaN(x)) return true;
            return false;
        }
    }

    static String typeName(int type) {
        return type == U8 ? "uint8" : type == U16 ? "uint16" : type == F32 ? "float32" : "uint32";
    }

    /** Reads an image's raw pixels from the device. */
    static Img readRaw(String name) {
        long[] info = NativeBridge.imageInfo(name);
        int w = (int) info[0], h = (int) info[1], d = (int) info[2], type = (int) info[3], kind = (int) info[4];
        int n = w * h;
        Object[] planes = new Object[d];
        for (int z = 0; z < d; z++)
            planes[z] = type == U8 ? new byte[n] : type == U16 ? new short[n] : type == F32 ? new float[n] : (Object) new int[n];
        NativeBridge.readPlanes(name, 0, planes);
        double[] v = new double[n * d];
        for (int z = 0; z < d; z++)
            for (int i = 0; i < n; i++) {
                double x;
                switch (type) {
                    case U8: x = ((byte[]) planes[z])[i] & 0xff; break;
                    case U16: x = ((short[]) planes[z])[i] & 0xffff; break;
                    case F32: x = ((float[]) planes[z])[i]; break;
                    default: x = ((int[]) planes[z])[i] & 0xffffffffL;
                }
                v[z * n + i] = x;
            }
        return new Img(w, h, d, type, kind, v);
    }

    static ImagePlus toImagePlus(String title, int w, int h, int d, int type, double[] v) {
        ImageStack stack = new ImageStack(w, h);
        int n = w * h;
        for (int z = 0; z < d; z++) {
            ImageProcessor ip;
            if (type == U8) {
                byte[] p = new byte[n];
                for (int i = 0; i < n; i++) p[i] = (byte) (int) v[z * n + i];
                ip = new ByteProcessor(w, h, p);
            } else if (type == U16) {
                short[] p = new short[n];
                for (int i = 0; i < n; i++) p[i] = (short) (int) v[z * n + i];
                ip = new ShortProcessor(w, h, p, null);
            } else {
                float[] p = new float[n];
                for (int i = 0; i < n; i++) p[i] = (float) v[z * n + i];
                ip = new FloatProcessor(w, h, p);
            }
            stack.addSlice(null, ip);
        }
        return new ImagePlus(title, stack);
    }

    /** A fixture: an image the fuzzer puts on the device before the call. */
    static final class Fixture {
        final String name;
        final int w, h, d;
        /** U8, U16, F32; or BINARY / LABEL images made from a 0/1 pattern. */
        final int type, kind;
        final String content;
        final double[] values; // what is pushed (for binary and label: the 0/1 pattern)

        Fixture(String name, int w, int h, int d, int type, int kind, String content, double[] values) {
            this.name = name;
            this.w = w;
            this.h = h;
            this.d = d;
            this.type = type;
            this.kind = kind;
            this.content = content;
            this.values = values;
        }

        String describe() {
            return "'" + name + "' " + w + "x" + h + "x" + d + " "
                    + (kind == BINARY ? "binary" : kind == LABEL ? "label" : typeName(type)) + " " + content;
        }
    }

    static Fixture randomFixture(Random r, String name, int[] shape) {
        int w = shape[0], h = shape[1], d = shape[2], n = w * h * d;
        int pick = r.nextInt(10);
        int type, kind = INTENSITY;
        if (pick < 3) type = U8;
        else if (pick < 5) type = U16;
        else if (pick < 8) type = F32;
        else if (pick < 9) { type = U8; kind = BINARY; }
        else { type = U32; kind = LABEL; }
        return fixture(r, name, w, h, d, type, kind, n);
    }

    static Fixture fixture(Random r, String name, int w, int h, int d, int type, int kind, int n) {
        double[] v = new double[n];
        String content;
        if (kind != INTENSITY) {
            int mode = r.nextInt(4);
            double density = mode == 0 ? 0 : mode == 1 ? 1 : r.nextDouble();
            for (int i = 0; i < n; i++) v[i] = r.nextDouble() < density ? 1 : 0;
            content = mode == 0 ? "all 0" : mode == 1 ? "all 1" : "random 0/1";
            return new Fixture(name, w, h, d, type, kind, content, v);
        }
        double max = type == U8 ? 255 : 65535;
        int mode = r.nextInt(type == F32 ? 6 : 4);
        if (mode == 0) { // constant
            double c;
            if (type == F32) {
                double[] cs = {0, 1, -7.25, 1e-30, 65535.5, 3e38, -3e38, 1e30, 0.1, -1};
                c = (float) cs[r.nextInt(cs.length)];
            } else {
                double[] cs = {0, 1, max, max - 1, Math.floor(max / 2)};
                c = cs[r.nextInt(cs.length)];
            }
            Arrays.fill(v, c);
            content = "constant " + fmt(c);
        } else if (mode == 1) { // extremes
            for (int i = 0; i < n; i++) v[i] = type == F32 ? (float) pick(r, 0, -0.0, 3.4e38, -3.4e38, 1e-30, 1, -1) : (r.nextBoolean() ? 0 : max);
            content = "extremes";
        } else if (mode == 2) { // sparse
            for (int i = 0; i < n; i++) v[i] = r.nextInt(5) == 0 ? (type == F32 ? (float) (r.nextGaussian() * 100) : 1 + r.nextInt((int) max)) : 0;
            content = "sparse";
        } else if (mode == 3) { // random
            for (int i = 0; i < n; i++) v[i] = type == F32 ? (float) (r.nextGaussian() * 1000) : r.nextInt((int) max + 1);
            content = "random";
        } else if (mode == 4) { // NaN pixels
            boolean all = r.nextInt(4) == 0;
            for (int i = 0; i < n; i++) v[i] = all || r.nextInt(3) == 0 ? Double.NaN : (float) (r.nextGaussian() * 10);
            content = all ? "all NaN" : "with NaN";
        } else { // infinities and NaN
            for (int i = 0; i < n; i++) v[i] = pick(r, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0, 5.5);
            content = "with infinities";
        }
        return new Fixture(name, w, h, d, type, kind, content, v);
    }

    static double pick(Random r, double... values) {
        return values[r.nextInt(values.length)];
    }

    /** Puts a fixture on the device; returns it as read back. */
    static Img create(Fixture f) {
        if (f.kind == INTENSITY) {
            Ijcl.push(toImagePlus(f.name, f.w, f.h, f.d, f.type, f.values), f.name);
            Img back = readRaw(f.name);
            for (int i = 0; i < f.values.length; i++)
                if (Double.doubleToLongBits(back.v[i]) != Double.doubleToLongBits(f.values[i]))
                    throw new IllegalStateException("pushed " + f.describe() + " reads back " + back.v[i] + " at " + i + " instead of " + f.values[i]);
            return back;
        }
        String pattern = "__fuzz_pattern";
        Ijcl.push(toImagePlus(pattern, f.w, f.h, f.d, U8, f.values), pattern);
        try {
            if (f.kind == BINARY) Ijcl.execute("threshold", pattern, f.name, 1.0);
            else Ijcl.execute("connectedComponentsLabelingBox", pattern, f.name);
        } finally {
            Ijcl.release(pattern);
        }
        return readRaw(f.name);
    }

    // ---------------------------------------------------------------------------------------------
    // cases

    enum Expect { SUCCEED, FAIL, EITHER }

    /** One generated call. */
    static final class Case {
        final int index;
        String function;          // "IJCL_..."
        OpDescriptor op;          // null for fixed functions and direct calls
        String mode;              // what was fuzzed
        final List<Fixture> fixtures = new ArrayList<>();
        String[] args;            // macro expressions, one per parameter (or per argument)
        String[] vars;            // per parameter: the output variable's name, else null
        String[] outputNames;     // per parameter: the name an output image variable holds before the call
        Object[] values;          // per parameter: the Java value (String, Double, Boolean) for oracles
        String prelude = "";      // macro lines before the call
        boolean init = true;
        Expect expect = Expect.SUCCEED;
        String badParam;          // the parameter a clear error must name
        boolean interpreterMayRefuse;
        String macro;
        Runnable direct;          // a direct API call instead of a macro
        Set<String> inPlace = new HashSet<>();
        String bystander;         // a fixture no input refers to (may be overwritten)
        boolean otherProblem;     // an input the operation may refuse (a label image): an error may name it instead
        Map<String, Img> before;  // the images on the device before the call (for oracles)

        Case(int index) {
            this.index = index;
        }

        String describe() {
            StringBuilder s = new StringBuilder("case ").append(index).append(" [").append(mode).append("] ");
            if (direct != null) return s.append(function).toString();
            for (Fixture f : fixtures) s.append(f.describe()).append("; ");
            return s.toString();
        }
    }

    static Random caseRandom(long seed, int index) {
        long x = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL;
        x ^= x >>> 31;
        return new Random(x);
    }

    static String fmt(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return Long.toString((long) x);
        return Double.toString(x);
    }

    /** A number as macro text (NaN and the infinities included). */
    static String literal(double x) {
        if (Double.isNaN(x)) return "NaN";
        if (x == Math.rint(x) && Math.abs(x) < 1e15 && !(x == 0 && 1 / x < 0)) return Long.toString((long) x);
        return "parseFloat(\"" + x + "\")";
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static Case generate(long seed, int index, List<OpDescriptor> ops) {
        Random r = caseRandom(seed, index);
        Case c = new Case(index);
        int roll = r.nextInt(100);
        if (roll < 3) return directCase(c, r);
        if (roll < 9) return fixedCase(c, r);
        c.op = ops.get(index % ops.size());
        c.function = c.op.macroFunctionName();
        // one call in four through the CLIJ2 name (same arguments in the same order), where CLIJ2
        // takes every parameter
        if (c.op.clij2 != null && c.op.clij2.params.size() == c.op.params.size() && r.nextInt(4) == 0)
            c.function = "CLIJ2_" + c.op.name;
        opCase(c, r);
        return c;
    }

    static String imageName(Random r, String prefix, String suffix) {
        return r.nextInt(6) == 0 ? prefix + "img " + suffix + " [\u00e9]" : prefix + suffix;
    }

    /** Whether the documentation lets the parameter take any pixel type (label images included). */
    /** Operations whose image inputs must be float32 (the Process > Math / Image Calculator helpers of GPU mode). */
    static final java.util.Set<String> FLOAT32_ONLY = new java.util.HashSet<>(
            Arrays.asList("imagejMath", "imagejDivideImages", "imagejLogExp", "imagejNormalize"));

    static boolean anyPixelType(OpDescriptor op, ParamDescriptor p) {
        return op.doc.toLowerCase(Locale.ROOT).contains("any pixel type") || p.doc.toLowerCase(Locale.ROOT).contains("any pixel type");
    }

    static boolean isLabelmap(ParamDescriptor p) {
        return p.name.toLowerCase(Locale.ROOT).contains("label") && p.kind == ParamDescriptor.Kind.IMAGE_IN;
    }

    static boolean needsSameShape(ParamDescriptor p) {
        return p.doc.toLowerCase(Locale.ROOT).contains("same shape");
    }

    /** Extreme but legal values of a number parameter; sets huge[0] when the value is beyond any sensible use. */
    static double validNumber(Random r, ParamDescriptor q, boolean[] huge) {
        double lo = q.min, hi = q.max;
        List<Double> c = new ArrayList<>();
        if (!q.defaultValue.isEmpty()) {
            try {
                c.add(Double.parseDouble(q.defaultValue));
            } catch (NumberFormatException e) {
                // no numeric default
            }
        }
        if (!Double.isInfinite(lo) && !Double.isInfinite(hi)) {
            c.addAll(Arrays.asList(lo, hi, hi - 1, lo + 1, 1.0, 2.0, 3.0, 0.0));
            c.add(lo + r.nextInt((int) Math.min(30, hi - lo) + 1));
            c.add(q.integer ? Math.floor(lo + r.nextDouble() * (hi - lo)) : lo + r.nextDouble() * (hi - lo));
            if (!q.integer) c.addAll(Arrays.asList(0.5, 1.5, 1.75, 2.5, 7.25, hi - 0.5, 99999.0));
        } else if (!Double.isInfinite(lo)) {
            c.addAll(Arrays.asList(lo, lo + 0.1, lo + 0.5, lo + 1, lo + 2, lo + 3.7, lo + 8.5, lo + 9, lo + 40, lo + 1e3, 1e6, 1e10, 1e30));
            if (q.integer) c.replaceAll(Math::floor);
        } else {
            c.addAll(Arrays.asList(0.0, 1.0, -1.0, 0.5, -0.5, 2.5, 255.0, 256.0, 65535.0, 65536.0, -1e10, 1e10, 1e38, -3.5e38,
                    360.0, -720.0, 1e-30, 127.5));
            if (q.integer) c.replaceAll(Math::floor);
        }
        List<Double> ok = new ArrayList<>();
        for (double x : c) if (x >= lo && x <= hi && !Double.isNaN(x)) ok.add(x);
        double x = ok.get(r.nextInt(ok.size()));
        if (Double.isInfinite(hi) && x > 1e4 && !Double.isInfinite(lo)) huge[0] = true;
        return x;
    }

    static void opCase(Case c, Random r) {
        OpDescriptor op = c.op;
        List<ParamDescriptor> ps = op.params;
        int n = ps.size();
        c.args = new String[n];
        c.vars = new String[n];
        c.outputNames = new String[n];
        c.values = new Object[n];
        String p = "fz" + c.index + "_";
        int[] shape = SHAPES[r.nextInt(SHAPES.length)];
        int m = r.nextInt(100);
        c.mode = m < 45 ? "valid" : m < 53 ? "in-place" : m < 57 ? "before-init" : "invalid";
        if (c.mode.equals("before-init")) c.init = false;

        Fixture source = null;
        List<Fixture> inputs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ParamDescriptor q = ps.get(i);
            if (!q.isExistingImage()) continue; // inputs and images written in place (set, setRampX, ...)
            Fixture f;
            if (isLabelmap(q)) {
                f = fixture(r, imageName(r, p, "labels" + i), shape[0], shape[1], shape[2], r.nextBoolean() ? U32 : U8,
                        r.nextBoolean() ? LABEL : BINARY, shape[0] * shape[1] * shape[2]);
                c.fixtures.add(f);
            } else if (source != null && r.nextInt(4) == 0) {
                f = source; // the same image for two inputs
            } else {
                f = randomFixture(r, imageName(r, p, "in" + i), shape);
                c.fixtures.add(f);
            }
            if (source == null) source = f;
            if (f.kind == LABEL && !isLabelmap(q) && !anyPixelType(op, q)) {
                if (c.expect == Expect.SUCCEED) c.expect = Expect.EITHER;
                c.otherProblem = true;
            }
            inputs.add(f);
            c.args[i] = quote(f.name);
            c.values[i] = f.name;
        }
        StringBuilder prelude = new StringBuilder();
        for (int i = 0; i < n; i++) {
            ParamDescriptor q = ps.get(i);
            switch (q.kind) {
                case IMAGE_OUT: {
                    String var = "o" + i, name;
                    int pick = r.nextInt(10);
                    if (c.mode.equals("in-place") && !inputs.isEmpty()) {
                        name = inputs.get(r.nextInt(inputs.size())).name;
                        // a second output under a name already used is refused (two outputs of one name)
                        if (!c.inPlace.add(name)) {
                            c.expect = Expect.FAIL;
                            c.badParam = q.name;
                        }
                    } else if (pick < 6) {
                        name = imageName(r, p, "out" + i);
                    } else if (pick < 9) {
                        name = ""; // automatic name
                    } else {
                        Fixture b = randomFixture(r, p + "bystander", SHAPES[r.nextInt(SHAPES.length)]);
                        if (c.bystander != null) { // a second output under the same name is refused
                            c.expect = Expect.FAIL;
                            c.badParam = q.name;
                        }
                        c.fixtures.add(b);
                        c.bystander = b.name;
                        name = b.name; // replaces an unrelated image
                    }
                    prelude.append(var).append(" = ").append(quote(name)).append(";\n");
                    c.args[i] = var;
                    c.vars[i] = var;
                    c.outputNames[i] = name;
                    break;
                }
                case NUMBER_OUT: {
                    String var = "n" + i;
                    prelude.append(var).append(" = -12345;\n");
                    c.args[i] = var;
                    c.vars[i] = var;
                    break;
                }
                case NUMBER: {
                    boolean[] huge = {false};
                    double x = validNumber(r, q, huge);
                    if (huge[0] && c.expect == Expect.SUCCEED) c.expect = Expect.EITHER;
                    c.args[i] = literal(x);
                    c.values[i] = x;
                    break;
                }
                case BOOLEAN: {
                    boolean b = r.nextBoolean();
                    c.args[i] = b ? (r.nextBoolean() ? "true" : "1") : (r.nextBoolean() ? "false" : "0");
                    c.values[i] = b;
                    break;
                }
                case STRING: {
                    String s = q.choices.isEmpty() ? "x" : q.choices.get(r.nextInt(q.choices.size()));
                    c.args[i] = quote(s);
                    c.values[i] = s;
                    break;
                }
                default:
                    break;
            }
        }
        // ImageJ-exact helpers of GPU mode that take float32 images only (their docs say so): others are refused
        if (FLOAT32_ONLY.contains(op.name) && c.expect == Expect.SUCCEED)
            for (Fixture f : inputs) if (f.type != F32 || f.kind != INTENSITY) c.expect = Expect.FAIL;
        // GPU mode's ImageJ binary helpers take 8-bit images only (their docs say so): others are refused
        if (FuzzOracles.IMAGEJ_BINARY.contains(op.name) && c.expect == Expect.SUCCEED)
            for (Fixture f : inputs) if (f.type != U8) c.expect = Expect.FAIL;
        c.prelude = prelude.toString();
        if (c.mode.equals("invalid")) invalidate(c, r, shape, p);
        if (!c.init) c.expect = Expect.FAIL; // the function does not exist yet
        c.macro = macro(c);
    }

    /** Replaces one argument (or the argument count) with something invalid. */
    static void invalidate(Case c, Random r, int[] shape, String p) {
        List<ParamDescriptor> ps = c.op.params;
        int n = ps.size();
        if (n == 0 || r.nextInt(12) == 0) {
            // the argument count
            c.interpreterMayRefuse = true;
            c.expect = Expect.FAIL;
            if (n > 0 && r.nextBoolean()) {
                c.args = Arrays.copyOf(c.args, n - 1);
                c.mode = "invalid: missing argument";
            } else {
                c.args = Arrays.copyOf(c.args, n + 1);
                c.args[n] = "1";
                c.mode = "invalid: extra argument";
            }
            return;
        }
        int i = r.nextInt(n);
        // outputs can only be made invalid in ways the interpreter refuses: mostly pick another parameter
        List<Integer> inputsAndNumbers = new ArrayList<>();
        for (int k = 0; k < n; k++) if (!ps.get(k).isOutput()) inputsAndNumbers.add(k);
        if (ps.get(i).isOutput() && !inputsAndNumbers.isEmpty() && r.nextInt(4) != 0)
            i = inputsAndNumbers.get(r.nextInt(inputsAndNumbers.size()));
        ParamDescriptor q = ps.get(i);
        c.badParam = q.name;
        c.expect = Expect.FAIL;
        List<String> classes = new ArrayList<>();
        switch (q.kind) {
            case IMAGE_IN:
            case IMAGE_INOUT:
                classes.addAll(Arrays.asList("unknown name", "empty name", "released name", "number as name", "array as name"));
                boolean first = true;
                for (int k = 0; k < i; k++) if (ps.get(k).isExistingImage()) first = false;
                if (!first && needsSameShape(q)) classes.add("other shape");
                break;
            case IMAGE_OUT:
                classes.addAll(Arrays.asList("text literal as output", "number literal as output"));
                break;
            case NUMBER:
                if (!Double.isInfinite(q.min) || !Double.isInfinite(q.max)) classes.add("NaN");
                if (!Double.isInfinite(q.min)) classes.addAll(Arrays.asList("below minimum", "far below minimum", "-Infinity"));
                if (!Double.isInfinite(q.max)) classes.addAll(Arrays.asList("above maximum", "far above maximum", "Infinity"));
                if (q.integer) classes.add("fraction");
                classes.add("text as number");
                if (Double.isInfinite(q.min) && Double.isInfinite(q.max)) classes.addAll(Arrays.asList("unbounded NaN", "unbounded Infinity"));
                break;
            case BOOLEAN:
                classes.addAll(Arrays.asList("NaN", "text as boolean", "boolean 2", "boolean -1"));
                break;
            case STRING:
                classes.addAll(Arrays.asList("unknown choice", "empty text", "number as text", "wrong case"));
                break;
            case NUMBER_OUT:
                classes.add("literal as output number");
                break;
            default:
                break;
        }
        // argument kinds that ImageJ's interpreter refuses itself are a fifth of the picks
        List<String> interpreter = Arrays.asList("array as name", "text literal as output", "number literal as output",
                "text as number", "text as boolean", "literal as output number");
        List<String> semantic = new ArrayList<>(classes);
        semantic.removeAll(interpreter);
        classes.removeAll(semantic);
        String k = !semantic.isEmpty() && (classes.isEmpty() || r.nextInt(5) != 0) ? semantic.get(r.nextInt(semantic.size()))
                : classes.get(r.nextInt(classes.size()));
        c.mode = "invalid " + q.name + ": " + k;
        switch (k) {
            case "unknown name": c.args[i] = quote(p + "no_such_image"); break;
            case "empty name": c.args[i] = quote(""); break;
            case "released name": {
                Fixture g = fixture(r, p + "released", shape[0], shape[1], shape[2], U8, INTENSITY, shape[0] * shape[1] * shape[2]);
                c.fixtures.add(g);
                c.prelude += "Ext.IJCL_release(" + quote(g.name) + ");\n";
                c.args[i] = quote(g.name);
                break;
            }
            case "number as name": c.args[i] = "42"; break;
            case "array as name":
                c.prelude += "arr = newArray(1, 2, 3);\n";
                c.args[i] = "arr";
                c.interpreterMayRefuse = true;
                break;
            case "other shape": {
                int[] other;
                do other = SHAPES[r.nextInt(SHAPES.length)];
                while (other[0] == shape[0] && other[1] == shape[1] && other[2] == shape[2]);
                Fixture g = randomFixture(r, p + "other_shape", other);
                c.fixtures.add(g);
                c.args[i] = quote(g.name);
                c.values[i] = g.name;
                break;
            }
            case "text literal as output": c.args[i] = quote(p + "literal"); c.vars[i] = null; c.interpreterMayRefuse = true; break;
            case "number literal as output": c.args[i] = "7"; c.vars[i] = null; c.interpreterMayRefuse = true; break;
            case "NaN": c.args[i] = "NaN"; c.values[i] = Double.NaN; break;
            case "below minimum": c.args[i] = literal(q.min - 1); break;
            case "far below minimum": c.args[i] = literal(q.min - Math.max(1e30, 3 * Math.abs(q.min))); break;
            case "-Infinity": c.args[i] = literal(Double.NEGATIVE_INFINITY); break;
            case "above maximum": c.args[i] = literal(q.integer ? q.max + 1 : q.max + 0.5); break;
            case "far above maximum": c.args[i] = literal(q.max + Math.max(1e30, 3 * Math.abs(q.max))); break;
            case "Infinity": c.args[i] = literal(Double.POSITIVE_INFINITY); break;
            case "fraction": {
                double base = Double.isInfinite(q.min) ? 0 : q.min;
                double top = Double.isInfinite(q.max) ? base + 10 : Math.min(q.max, base + 10);
                c.args[i] = literal(Math.floor(base + r.nextDouble() * (top - base)) + pick(r, 0.5, 0.25, 0.001));
                break;
            }
            case "text as number": case "text as boolean": c.args[i] = quote("abc"); c.interpreterMayRefuse = true; break;
            case "unbounded NaN": c.args[i] = "NaN"; c.expect = Expect.EITHER; c.values[i] = Double.NaN; break;
            case "unbounded Infinity": {
                double x = r.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                c.args[i] = literal(x);
                c.values[i] = x;
                c.expect = Expect.EITHER;
                break;
            }
            case "boolean 2": c.args[i] = "2"; c.values[i] = true; c.expect = Expect.EITHER; break;
            case "boolean -1": c.args[i] = "-1"; c.values[i] = true; c.expect = Expect.EITHER; break;
            case "unknown choice": c.args[i] = quote("NoSuchMethod"); break;
            case "empty text": c.args[i] = quote(""); break;
            case "number as text": c.args[i] = "5"; break;
            case "wrong case": {
                String s = String.valueOf(c.values[i]);
                c.args[i] = quote(s.toUpperCase(Locale.ROOT).equals(s) ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT));
                c.expect = Expect.EITHER;
                break;
            }
            case "literal as output number": c.args[i] = "3"; c.vars[i] = null; c.interpreterMayRefuse = true; break;
            default: throw new IllegalStateException(k);
        }
    }

    static String macro(Case c) {
        StringBuilder s = new StringBuilder();
        if (c.init) s.append("run(\"IJCL Macro Extensions\", \"device=[]\");\n");
        s.append(c.prelude);
        s.append("Ext.").append(c.function).append('(').append(String.join(", ", c.args)).append(");\n");
        if (c.vars != null)
            for (int i = 0; i < c.vars.length; i++) {
                if (c.vars[i] == null) continue;
                String v = c.vars[i];
                boolean number = c.op != null ? c.op.params.get(i).kind == ParamDescriptor.Kind.NUMBER_OUT : v.startsWith("n");
                s.append("call(\"net.ijcl.MacroFuzzer.record\", \"").append(v).append("\", ")
                        .append(number ? "d2s(" + v + ", -15)" : v).append(");\n");
            }
        s.append("call(\"net.ijcl.MacroFuzzer.record\", \"done\", \"yes\");\n");
        return s.toString();
    }

    /** Calls of the fixed functions (push, pull, release, clear, memory, help, device). */
    static Case fixedCase(Case c, Random r) {
        String p = "fz" + c.index + "_";
        int[] shape = SHAPES[r.nextInt(SHAPES.length)];
        Fixture f = randomFixture(r, imageName(r, p, "in"), shape);
        c.fixtures.add(f);
        c.vars = new String[0];
        int k = r.nextInt(16);
        String[] types = {"8-bit", "16-bit", "32-bit", "RGB"};
        switch (k) {
            case 0: case 1: {
                String type = types[r.nextInt(types.length)];
                String title = p + "pushed";
                c.function = "IJCL_push";
                c.mode = "push " + type;
                c.prelude = "newImage(" + quote(title) + ", " + quote(type + " ramp") + ", " + shape[0] + ", " + shape[1] + ", " + shape[2] + ");\n";
                c.args = new String[] {quote(title)};
                if (type.equals("RGB")) {
                    c.expect = Expect.FAIL;
                    c.badParam = "image";
                } else {
                    c.values = new Object[] {title};
                }
                break;
            }
            case 2: c.function = "IJCL_push"; c.mode = "push: no such title"; c.args = new String[] {quote(p + "not_open")}; c.expect = Expect.FAIL; c.badParam = "image"; break;
            case 3: c.function = "IJCL_push"; c.mode = "push: empty title"; c.args = new String[] {quote("")}; c.expect = Expect.FAIL; c.badParam = "image"; break;
            case 4: case 5: c.function = "IJCL_pull"; c.mode = "pull"; c.args = new String[] {quote(f.name)}; c.values = new Object[] {f.name}; break;
            case 6: c.function = "IJCL_pull"; c.mode = "pull: unknown name"; c.args = new String[] {quote(p + "absent")}; c.expect = Expect.FAIL; c.badParam = "image"; break;
            case 7: c.function = "IJCL_pull"; c.mode = "pull: empty name"; c.args = new String[] {quote("")}; c.expect = Expect.FAIL; c.badParam = "name"; break;
            case 8: c.function = "IJCL_release"; c.mode = "release"; c.args = new String[] {quote(f.name)}; c.values = new Object[] {f.name}; break;
            case 9: c.function = "IJCL_release"; c.mode = "release: unknown name"; c.args = new String[] {quote(p + "absent")}; c.expect = Expect.EITHER; break;
            case 10: c.function = "IJCL_clear"; c.mode = "clear"; c.args = new String[0]; break;
            case 11: c.function = "IJCL_getMemoryInUse"; c.mode = "memory in use"; c.args = new String[] {"bytes"}; c.vars = new String[] {"nbytes"}; c.args[0] = "nbytes"; c.prelude = "nbytes = -1;\n"; break;
            case 12: c.function = "IJCL_reportMemory"; c.mode = "report memory"; c.args = new String[0]; break;
            case 13: c.function = "IJCL_help"; c.mode = "help"; c.args = new String[] {quote(pickText(r))}; break;
            case 14: c.function = "IJCL_getGPUProperties"; c.mode = "device properties"; c.args = new String[] {"gname", "gbytes", "gversion"}; c.prelude = "gname = \"\"; gbytes = 0; gversion = \"\";\n"; break;
            default:
                c.function = pick(r, 0, 1) == 0 ? "IJCL_pull" : "IJCL_push";
                c.mode = c.function + ": number as name";
                c.args = new String[] {"3"};
                c.expect = Expect.FAIL;
                c.badParam = "image";
        }
        if (r.nextInt(10) == 0) {
            c.init = false;
            c.mode += ", before init";
            c.expect = Expect.FAIL;
        }
        c.macro = macro(c);
        return c;
    }

    static String pickText(Random r) {
        String[] t = {"", "blur", "zzz no such thing", "Gaussian", "(", "\u00e9", "sphere 3D"};
        return t[r.nextInt(t.length)];
    }

    /** Direct API calls a macro cannot make: images larger than the device, impossible shapes, bad arrays. */
    static Case directCase(Case c, Random r) {
        c.mode = "direct";
        c.expect = Expect.FAIL;
        final String name = "fz" + c.index + "_direct";
        c.values = new Object[] {name};
        final long global = Long.parseLong(Ijcl.deviceProperties()[1]);
        int k = r.nextInt(9);
        switch (k) {
            case 0: {
                final long w = global / 4096 * 4096 + 1; // 4096 x the device: beyond the host too (images beyond the budget stay on the host)
                c.function = "create " + w + "x4096x1 uint8 (4096 times the device's " + global + " bytes)";
                c.direct = () -> NativeBridge.create(name, w, 4096, 1, 0, 0);
                break;
            }
            case 1: {
                final long w = global / 4 + 1; // 4096 x the device
                c.function = "create " + w + "x1024x4 float32 (4096 times the device's " + global + " bytes)";
                c.direct = () -> NativeBridge.create(name, w, 1024, 4, 2, 0);
                break;
            }
            case 2: {
                final long side = 1L << 31;
                c.function = "create 2^31 x 2^31 x 2^31 float32 (byte count overflows 64 bits)";
                c.direct = () -> NativeBridge.create(name, side, side, side, 2, 0);
                break;
            }
            case 3: {
                final long[] dims = pickDims(r);
                c.function = "create " + dims[0] + "x" + dims[1] + "x" + dims[2] + " (impossible shape)";
                c.direct = () -> NativeBridge.create(name, dims[0], dims[1], dims[2], 0, 0);
                break;
            }
            case 4: {
                final int type = r.nextBoolean() ? 7 : -1;
                c.function = "create 2x2x1 with pixel type code " + type;
                c.direct = () -> NativeBridge.create(name, 2, 2, 1, type, 0);
                break;
            }
            case 5: {
                c.function = "push then write a plane of the wrong length";
                c.direct = () -> {
                    NativeBridge.create(name, 4, 4, 1, 0, 0);
                    NativeBridge.writePlane(name, 0, new byte[3]);
                };
                c.values = new Object[] {name, "created"};
                break;
            }
            case 6: {
                c.function = "write a float plane into a uint16 image";
                c.direct = () -> {
                    NativeBridge.create(name, 4, 4, 1, 1, 0);
                    NativeBridge.writePlane(name, 0, new float[16]);
                };
                c.values = new Object[] {name, "created"};
                break;
            }
            case 7: {
                c.function = "write plane 5 of a 1-plane image";
                c.direct = () -> {
                    NativeBridge.create(name, 2, 2, 1, 0, 0);
                    NativeBridge.writePlane(name, 5, new byte[4]);
                };
                c.values = new Object[] {name, "created"};
                break;
            }
            default: {
                c.function = "Ijcl.execute with too few arguments";
                c.badParam = ""; // no single argument is wrong: the operation must be named
                c.direct = () -> Ijcl.execute("gaussianBlur2D", name);
            }
        }
        return c;
    }

    static long[] pickDims(Random r) {
        long[][] d = {{0, 4, 4}, {4, 0, 1}, {3, 3, 0}, {-1, 2, 2}, {2, -5, 1}, {Long.MAX_VALUE, 2, 1}, {1L << 40, 1L << 40, 1}};
        return d[r.nextInt(d.length)];
    }

    // ---------------------------------------------------------------------------------------------
    // running

    /** Runs the calls of the configuration; never throws for a failing call (see the report). */
    public static Report run(Config config, PrintStream log) {
        HeadlessMacro.Outcome warm = HeadlessMacro.run("", ""); // starts ImageJ, adds the commands
        if (warm.status != 0) throw new IllegalStateException("ImageJ does not run an empty macro: " + warm.error);
        List<OpDescriptor> ops = new ArrayList<>(OpRegistry.get().all());
        Report report = new Report(config.seed);
        long start = System.currentTimeMillis();
        PrintStream out0 = System.out, err0 = System.err; // a hung case leaves them redirected
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "ijcl-macro-fuzzer");
            t.setDaemon(true); // a hung call must not keep the JVM alive
            return t;
        });
        try {
            Ijcl.clear();
            if (Ijcl.memoryInUse() != 0) throw new IllegalStateException("memory in use after clear: " + Ijcl.memoryInUse());
            liveBaseline = liveBuffers();
            int first = config.onlyCase >= 0 ? config.onlyCase : 0;
            int end = config.onlyCase >= 0 ? config.onlyCase + 1 : config.calls;
            for (int i = first; i < end; i++) {
                Case c = generate(config.seed, i, ops);
                if (config.verbose) log.println("[fuzz] " + c.describe() + "\n" + (c.macro == null ? "" : c.macro));
                long t0 = System.nanoTime();
                Result res = runCase(c, worker, config.timeoutMillis);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                report.calls++;
                if (c.direct != null) report.directCalls++;
                else report.macroCalls++;
                String fn = c.op != null ? c.op.name : c.direct != null ? "direct API" : c.function;
                report.perFunction.merge(fn, 1, Integer::sum);
                report.counts.merge(res.outcome, 1, Integer::sum);
                report.valueChecks += res.checks;
                if (config.verbose) log.println("[fuzz]   -> " + ms + " ms " + res.outcome + (res.detail.isEmpty() ? "" : ": " + res.detail));
                if (res.outcome.failure && report.failures.size() < config.keepFailures)
                    report.failures.add(res.outcome + " (seed " + config.seed + ", " + c.describe() + ")\n  "
                            + res.detail.replace("\n", "\n  ") + "\n  call:\n    "
                            + (c.macro == null ? c.function : c.macro.trim().replace("\n", "\n    ")));
                if (!config.verbose && config.onlyCase < 0 && (i + 1) % 500 == 0)
                    log.println("[fuzz] " + (i + 1) + " calls, " + report.failureCount() + " failing");
                if (res.outcome == Outcome.HANG) {
                    report.stoppedByHang = true;
                    hung = true;
                    break;
                }
            }
        } finally {
            worker.shutdownNow();
            System.setOut(out0);
            System.setErr(err0);
            report.millis = System.currentTimeMillis() - start;
        }
        return report;
    }

    /**
     * Whether a case of this JVM hung: its thread may still hold the native session, so nothing
     * should call into ijcl any more (a test's clean-up would block).
     */
    public static volatile boolean hung;

    static final class Result {
        Outcome outcome;
        String detail = "";
        int checks;
    }

    /** The names of the images the device holds, from reportMemory() ("- name: WxHxD type, size"). */
    static Set<String> held() {
        Set<String> out = new TreeSet<>();
        for (String line : Ijcl.reportMemory().split("\n")) {
            if (!line.startsWith("- ")) continue;
            int colon = line.indexOf(": ", 2);
            out.add(colon < 0 ? line.substring(2) : line.substring(2, colon));
        }
        return out;
    }

    /**
     * Runs a case on the worker thread under the time limit: the setup, the call, the checks
     * (reading an output waits for the call's kernels) and the release. A case that does not end
     * in time is a hang; its thread is left behind (it is a daemon) and the run stops.
     */
    static Result runCase(Case c, ExecutorService worker, long timeoutMillis) {
        Future<Result> future = worker.submit(() -> runCaseHere(c));
        try {
            return future.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            Result res = new Result();
            res.outcome = Outcome.HANG;
            res.detail = "the case did not end within " + timeoutMillis + " ms (call, reading its outputs, or releasing them)";
            return res;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Result res = new Result();
            res.outcome = Outcome.UNCLEAR_ERROR;
            res.detail = "the fuzzer's checks failed with " + e.getCause();
            Ijcl.clear();
            return res;
        }
    }

    static Result runCaseHere(Case c) {
        Result res = new Result();
        synchronized (RECORDED) {
            RECORDED.clear();
        }
        ResultsTable.getResultsTable().reset();
        closeImageJImages();
        // the images before the call
        Map<String, Img> before = new LinkedHashMap<>();
        try {
            for (Fixture f : c.fixtures) before.put(f.name, create(f));
        } catch (RuntimeException e) {
            res.outcome = Outcome.SETUP_FAILED;
            res.detail = e.toString();
            Ijcl.clear();
            return res;
        }

        // the call
        final Object[] outcome = new Object[1];
        if (c.direct != null) {
            try {
                c.direct.run();
                outcome[0] = "ok";
            } catch (Throwable t) {
                outcome[0] = t;
            }
        } else {
            // the macro's log and ImageJ's headless "Macro Error" lines: kept out of the run's output
            PrintStream savedOut = System.out, savedErr = System.err;
            PrintStream capture = new PrintStream(new ByteArrayOutputStream(), true);
            System.setOut(capture);
            System.setErr(capture);
            try {
                outcome[0] = HeadlessMacro.run(c.macro, "");
            } catch (RuntimeException e) {
                outcome[0] = null;
            } finally {
                System.setOut(savedOut);
                System.setErr(savedErr);
            }
        }
        Map<String, String> rec;
        synchronized (RECORDED) {
            rec = new HashMap<>(RECORDED);
        }
        if (c.direct != null) classifyDirect(c, outcome[0], res);
        else classifyMacro(c, (HeadlessMacro.Outcome) outcome[0], rec, before, res);

        // what must be left: the fixtures (less those released), plus the outputs of a success
        Set<String> expected = new TreeSet<>(before.keySet());
        boolean success = res.outcome == Outcome.OK || res.outcome == Outcome.WRONG_RESULT || res.outcome == Outcome.ACCEPTED_INVALID;
        if (c.direct == null) {
            for (Fixture f : c.fixtures) if (c.prelude.contains("Ext.IJCL_release(" + quote(f.name) + ")")) expected.remove(f.name);
            if (success) {
                if ("IJCL_clear".equals(c.function)) expected.clear();
                if ("IJCL_release".equals(c.function) && c.values != null) expected.remove((String) c.values[0]);
                if ("IJCL_push".equals(c.function) && c.values != null) expected.add((String) c.values[0]);
                if (c.vars != null && c.op != null)
                    for (int i = 0; i < c.vars.length; i++)
                        if (c.vars[i] != null && c.op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_OUT && rec.get(c.vars[i]) != null)
                            expected.add(rec.get(c.vars[i]));
            } else if (res.outcome != Outcome.HANG) {
                // a failed call changes nothing: every image that was there is unchanged
                for (Map.Entry<String, Img> e : before.entrySet()) {
                    if (!expected.contains(e.getKey()) || !Ijcl.exists(e.getKey())) continue;
                    String diff = difference(e.getValue(), readRaw(e.getKey()));
                    res.checks++;
                    if (diff != null && res.outcome != Outcome.UNCLEAR_ERROR) {
                        res.outcome = Outcome.WRONG_RESULT;
                        res.detail += "\nthe failed call changed '" + e.getKey() + "': " + diff;
                    }
                }
            }
        } else if (success && c.values != null && c.values.length > 1) {
            expected.add((String) c.values[0]);
        } else if (c.values != null && c.values.length > 1) {
            expected.add((String) c.values[0]); // created before the failing write
        }
        Set<String> held = held();
        res.checks++;
        if (!held.equals(expected)) {
            Set<String> extra = new TreeSet<>(held);
            extra.removeAll(expected);
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(held);
            if (!extra.isEmpty() && (res.outcome == Outcome.OK || res.outcome.failure == false || res.outcome == Outcome.REFUSED_VALID)) {
                res.detail += "\nimages left behind: " + extra;
                res.outcome = Outcome.LEAK;
            } else if (!extra.isEmpty()) {
                res.detail += "\nimages left behind: " + extra;
            }
            if (!missing.isEmpty()) {
                res.detail += "\nimages missing after the call: " + missing;
                if (!res.outcome.failure) res.outcome = Outcome.WRONG_RESULT;
            }
        }
        // release everything that is expected; nothing may remain
        for (String name : held) Ijcl.release(name);
        long left = Ijcl.memoryInUse();
        res.checks++;
        if (left != 0 || !held().isEmpty()) {
            res.detail += "\n" + left + " bytes still in use after releasing every image";
            if (!res.outcome.failure) res.outcome = Outcome.LEAK;
            Ijcl.clear();
        }
        Long live = liveBuffers();
        if (live != null && liveBaseline != null) {
            res.checks++;
            if (!live.equals(liveBaseline)) {
                res.detail += "\n" + live + " device buffers still live after releasing every image";
                if (!res.outcome.failure) res.outcome = Outcome.LEAK;
            }
        }
        closeImageJImages();
        return res;
    }

    /**
     * The native count of live device buffers (named images and temporaries; ijcl::Image::live_count),
     * when the JNI bridge exposes it as {@code static native long liveBufferCount()} in NativeBridge;
     * else null (then only named images and their bytes are checked).
     */
    private static Long liveBaseline;

    static Long liveBuffers() {
        try {
            java.lang.reflect.Method m = NativeBridge.class.getDeclaredMethod("liveBufferCount");
            m.setAccessible(true);
            return ((Number) m.invoke(null)).longValue();
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    static void closeImageJImages() {
        int[] ids = WindowManager.getIDList();
        if (ids == null) return;
        for (int id : ids) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null) {
                imp.changes = false;
                imp.close();
            }
        }
    }

    static boolean isInternal(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("internal") || m.contains("exception") || m.contains("std::") || m.contains("max_size")
                || m.contains("java.") || m.contains("null") && m.contains("pointer") || m.startsWith("unexpected");
    }

    /** Whether an ijcl error message names the function, the operation and the argument. */
    static boolean isClear(Case c, String message) {
        if (message == null || !message.startsWith(c.function + ": ") || isInternal(message)) return false;
        if (!message.contains("argument '")) return false;
        if (c.op != null) {
            if (!message.contains("operation '" + c.op.name + "'")) return false;
            if (c.badParam != null && !c.otherProblem) return message.contains("argument '" + c.badParam + "'");
            for (ParamDescriptor p : c.op.params) if (message.contains("argument '" + p.name + "'")) return true;
            return false;
        }
        return true;
    }

    static void classifyDirect(Case c, Object outcome, Result res) {
        if ("ok".equals(outcome)) {
            res.outcome = Outcome.ACCEPTED_INVALID;
            res.detail = c.function + " succeeded";
            return;
        }
        Throwable t = (Throwable) outcome;
        String m = String.valueOf(t.getMessage());
        // the Java API's errors name the operation and argument; a create that the device cannot
        // hold must say so by its size, not pass the request on to the driver (a raw CL_ status)
        boolean named = m.contains("operation '") && ("".equals(c.badParam) || m.contains("argument '"));
        boolean sized = c.function.startsWith("create") && m.contains("bytes") && !m.contains("CL_");
        if (t instanceof IjclException && (named || sized) && !isInternal(m)) {
            res.outcome = Outcome.CLEAR_ERROR;
        } else {
            res.outcome = Outcome.UNCLEAR_ERROR;
            res.detail = c.function + ": " + t;
        }
    }

    static boolean isInterpreterMessage(String message) {
        return message != null && !message.startsWith("IJCL") && !message.startsWith("CLIJ2_")
                && !message.startsWith("unexpected") && !message.isEmpty()
                && !message.startsWith("ImageJ reported an error: IJCL") && !message.startsWith("ImageJ reported an error: CLIJ2_");
    }

    static void classifyMacro(Case c, HeadlessMacro.Outcome mo, Map<String, String> rec, Map<String, Img> before, Result res) {
        c.before = before;
        if (mo == null) {
            res.outcome = Outcome.UNCLEAR_ERROR;
            res.detail = "the macro runner returned nothing";
            return;
        }
        if (mo.status == 0) {
            if (!"yes".equals(rec.get("done"))) {
                res.outcome = Outcome.UNCLEAR_ERROR;
                res.detail = "the macro ended without error before its end";
                return;
            }
            if (c.expect == Expect.FAIL) {
                res.outcome = Outcome.ACCEPTED_INVALID;
                res.detail = "expected an error naming '" + c.badParam + "'";
                return;
            }
            List<String> problems = new ArrayList<>();
            res.checks += FuzzOracles.check(c, rec, before, problems);
            if (problems.isEmpty()) {
                res.outcome = Outcome.OK;
            } else {
                res.outcome = Outcome.WRONG_RESULT;
                res.detail = String.join("\n", problems.subList(0, Math.min(5, problems.size())));
            }
            return;
        }
        String e = mo.error;
        res.detail = "error: " + e;
        if ("yes".equals(rec.get("done"))) {
            res.outcome = Outcome.NOT_STOPPED;
            return;
        }
        boolean interpreterAllowed = c.interpreterMayRefuse || !c.init;
        if (isInterpreterMessage(e)) {
            res.outcome = interpreterAllowed ? Outcome.INTERPRETER_ERROR : Outcome.UNCLEAR_ERROR;
            if (c.expect == Expect.SUCCEED && c.init) res.outcome = Outcome.REFUSED_VALID;
            return;
        }
        if (!c.init) {
            res.outcome = Outcome.ACCEPTED_INVALID;
            res.detail = "ran before the extensions were registered: " + e;
            return;
        }
        if (!isClear(c, e)) {
            res.outcome = Outcome.UNCLEAR_ERROR;
            if (c.badParam != null) res.detail += " (expected the operation and argument '" + c.badParam + "' to be named)";
            return;
        }
        res.outcome = c.expect == Expect.SUCCEED && !FuzzOracles.planeOutOfRange(c, e) ? Outcome.REFUSED_VALID
                : Outcome.CLEAR_ERROR;
    }

    /** Null when the images are equal (shape, type, kind, every value bit for bit), else what differs. */
    static String difference(Img a, Img b) {
        if (!a.sameShape(b) || a.type != b.type || a.kind != b.kind) return a.describe() + " became " + b.describe();
        for (int i = 0; i < a.v.length; i++)
            if (Double.doubleToLongBits(a.v[i]) != Double.doubleToLongBits(b.v[i]))
                return "pixel " + i + " was " + a.v[i] + ", is " + b.v[i];
        return null;
    }
}
