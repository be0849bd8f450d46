package net.ijcl.oracle;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import ij.ImagePlus;
import ij.process.ImageProcessor;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import net.ijcl.Ijcl;
import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;
import net.ijcl.ParamDescriptor;
import org.junit.Test;

/**
 * ijcl against an independent oracle, CLIJ2's OpenCL kernels as ported by pyclesperanto_prototype,
 * one row of tests/oracles/clij2_oracles.tsv per operation (see that file's header): every row and
 * pixel type runs through {@link Ijcl#execute} on real data ({@link OracleInputs}), the oracles of
 * all cases are evaluated by one Python process ({@link Clij2Oracle}), and every case must agree
 * within its row's tolerance, for each output image (or the output numbers). Oracle pixels that
 * are NaN are not compared (rows use that for pixels where a documented difference applies); at
 * least half of each result must be compared. Binary outputs are compared as 0/1, as on the device.
 * The per-case maxima go to stdout and to target/oracle/report.tsv.
 *
 * <p>Coverage: every registry operation that CLIJ2 also has needs a row here or an ImageJ oracle
 * listed in tests/oracles/imagej_oracles.tsv, and every pixel type it accepts (probed) needs a row
 * of that type or that type in the ImageJ oracle's types column (everyAcceptedPixelTypeHasAnOracle).
 */
public class Clij2OracleTest extends net.ijcl.ops.DeviceTestBase {
    static final String[] INPUT_NAMES = {"oracle_src", "oracle_src2"};
    static final String[] PYTHON_NAMES = {"src", "src2"};
    static final String OUTPUT = "oracle_out"; // + the index of the output parameter

    /** One output of ijcl for a case: an image's values z, y, x and shape {d, h, w}, or the output numbers. */
    static final class Actual {
        final String name;
        final double[] values;
        final int[] shape;

        Actual(String name, double[] values, int[] shape) {
            this.name = name;
            this.values = values;
            this.shape = shape;
        }
    }

    @Test
    public void everyRowAgreesWithClij2() throws IOException, InterruptedException {
        List<OracleTable.Row> rows = OracleTable.clij2Rows();
        assertFalse("clij2_oracles.tsv has no rows", rows.isEmpty());
        // -Dijcl.oracle.only=op1,op2 runs only those operations' rows (while developing them);
        // the full suite leaves it unset.
        String only = System.getProperty("ijcl.oracle.only", "");
        if (!only.isEmpty()) {
            List<String> wanted = java.util.Arrays.asList(only.split(","));
            rows.removeIf(r -> !wanted.contains(r.operation));
            assertFalse("no clij2_oracles.tsv row for " + only, rows.isEmpty());
        }
        OpRegistry registry = OpRegistry.get();
        OracleInputs inputs = new OracleInputs();
        File work = new File(System.getProperty("ijcl.oracle.work.dir", "target/oracle"));
        File[] old = work.listFiles(); // this test's own folder: inputs, manifest, results of the last run
        if (old != null) for (File f : old) Files.delete(f.toPath());
        work.mkdirs();
        Map<String, File> rawFiles = new HashMap<>();

        List<String> failures = new ArrayList<>();
        List<Clij2Oracle.Case> cases = new ArrayList<>();
        Map<String, List<Actual>> actual = new HashMap<>();
        Map<String, OracleTable.Row> rowOf = new HashMap<>();
        for (OracleTable.Row row : rows) {
            OpDescriptor op = registry.find(row.operation);
            if (op == null) {
                failures.add(row.where() + ": no such operation in the loaded registry");
                continue;
            }
            for (String type : row.types) {
                String id = row.operation + "/" + type + "/line" + row.line;
                Clij2Oracle.Case c = new Clij2Oracle.Case(id, row.oracle);
                try {
                    actual.put(id, runIjcl(op, row, type, inputs, c, rawFiles, work));
                    cases.add(c);
                    rowOf.put(id, row);
                } catch (RuntimeException | AssertionError e) {
                    failures.add(id + ": ijcl failed: " + e.getMessage());
                } finally {
                    for (String name : INPUT_NAMES) if (Ijcl.exists(name)) Ijcl.release(name);
                    for (int k = 0; k < op.params.size(); k++) if (Ijcl.exists(OUTPUT + k)) Ijcl.release(OUTPUT + k);
                }
            }
        }

        Map<String, List<Clij2Oracle.Result>> expected;
        try {
            expected = Clij2Oracle.evaluate(cases, work);
        } catch (AssertionError e) {
            failures.add(e.getMessage());
            throw new AssertionError(String.join("\n", failures), e);
        }
        StringBuilder report = new StringBuilder("case\tcompared\tvalues\tmax_abs_difference\ttolerance\tworst\n");
        for (Clij2Oracle.Case c : cases) {
            List<Clij2Oracle.Result> want = expected.get(c.id);
            List<Actual> got = actual.get(c.id);
            if (want.size() != got.size()) {
                failures.add(c.id + ": the oracle gave " + want.size() + " result(s), the operation has " + got.size()
                        + " output(s) (write a tuple, one per output image)");
                continue;
            }
            for (int k = 0; k < got.size(); k++) {
                String id = got.size() == 1 ? c.id : c.id + "/" + got.get(k).name;
                String problem = compare(id, rowOf.get(c.id), want.get(k), got.get(k), report);
                if (problem != null) failures.add(problem);
            }
        }
        Files.write(new File(work, "report.tsv").toPath(), report.toString().getBytes(StandardCharsets.UTF_8));
        assertTrue(failures.size() + " CLIJ2 oracle case(s) failed (report: " + new File(work, "report.tsv") + "):\n  "
                + String.join("\n  ", failures), failures.isEmpty());
    }

    /** Pushes the inputs, runs the row's operation, returns its outputs; fills the case's inputs. */
    static List<Actual> runIjcl(OpDescriptor op, OracleTable.Row row, String type, OracleInputs inputs, Clij2Oracle.Case c,
                          Map<String, File> rawFiles, File work) {
        int imagesIn = 0, imagesOut = 0, numbersOut = 0;
        List<String> valueParams = new ArrayList<>();
        for (ParamDescriptor p : op.params) {
            switch (p.kind) {
                case IMAGE_IN: case IMAGE_INOUT: imagesIn++; if (writtenInPlace(p)) imagesOut++; break;
                case IMAGE_OUT: imagesOut++; break;
                case NUMBER_OUT: numbersOut++; break;
                default: valueParams.add(p.name);
            }
        }
        // An oracle that names dst: the outputs exist before the call, holding input 1 (paste, drawBox).
        boolean existing = row.oracle.matches("(?s).*\\bdst\\b.*");
        if (imagesIn < (existing ? 0 : 1) || imagesIn > 2 || (imagesOut == 0 && numbersOut == 0) || (imagesOut > 0 && numbersOut > 0))
            throw new AssertionError("the harness handles 1 or 2 input images, and output images or output numbers; "
                    + op.name + " has " + op.params);
        if (row.arguments.size() != valueParams.size())
            throw new AssertionError(row.arguments.size() + " arguments given, " + op.name + " takes " + valueParams.size()
                    + " " + valueParams);

        boolean planar = OracleInputs.planar(op.name);
        if (existing) pythonInput(c, "dst", inputs.get(type, 1, planar), type, rawFiles, work);
        Object[] args = new Object[op.params.size()];
        int in = 0, arg = 0;
        for (int i = 0; i < args.length; i++) {
            ParamDescriptor p = op.params.get(i);
            switch (p.kind) {
                case IMAGE_IN:
                case IMAGE_INOUT: {
                    // A composite type A+B: input k of part k, all from crop 0 (OracleInputs).
                    String[] parts = OracleInputs.parts(type);
                    String inType = parts[Math.min(in, parts.length - 1)];
                    int which = parts.length > 1 ? 0 : in;
                    String derived = OracleInputs.derived(inType);
                    if (derived != null) {
                        // Python derives it from the same mask itself (clij2_oracle.py, "derive" inputs).
                        pythonInput(c, PYTHON_NAMES[in], inputs.get("binary", which, planar), "binary", rawFiles, work);
                        Object[] spec = c.inputs.get(PYTHON_NAMES[in]);
                        c.inputs.put(PYTHON_NAMES[in], new Object[] {spec[0], spec[1], OracleInputs.dtype(inType), derived});
                        inputs.pushDerived(inType, INPUT_NAMES[in], which);
                    } else {
                        // a parameter named z_position or lookup_table gets its own derived image (OracleInputs)
                        ImagePlus imp = inputs.forParameter(p.name, inType, which,
                                planar || OracleInputs.planeParameter(op.name, p.name));
                        pythonInput(c, PYTHON_NAMES[in], imp, inType, rawFiles, work);
                        Ijcl.push(imp, INPUT_NAMES[in]);
                    }
                    args[i] = INPUT_NAMES[in++];
                    break;
                }
                case IMAGE_OUT:
                    args[i] = OUTPUT + i;
                    if (existing) Ijcl.push(inputs.get(type, 1, planar), OUTPUT + i);
                    break;
                case NUMBER_OUT: args[i] = null; break;
                default: args[i] = value(p, row.arguments.get(arg++));
            }
        }
        Ijcl.Result result = Ijcl.execute(op.name, args);
        List<Actual> outputs = new ArrayList<>();
        if (imagesOut == 0) {
            outputs.add(new Actual("numbers", result.numbers.clone(), new int[] {result.numbers.length}));
            return outputs;
        }
        for (int i = 0; i < args.length; i++) {
            if (op.params.get(i).kind != ParamDescriptor.Kind.IMAGE_OUT && !writtenInPlace(op.params.get(i))) continue;
            String name = (String) args[i];
            boolean binary = Ijcl.imageInfo(name)[4] == 1; // pulled as 0/255; compared as on the device (0/1)
            ImagePlus out = Ijcl.pull(name);
            int w = out.getWidth(), h = out.getHeight(), d = out.getStackSize();
            double[] values = new double[w * h * d];
            for (int z = 0; z < d; z++) {
                ImageProcessor ip = out.getStack().getProcessor(z + 1);
                for (int k = 0; k < w * h; k++) values[z * w * h + k] = binary ? ip.getf(k) / 255.0 : ip.getf(k);
            }
            outputs.add(new Actual(op.params.get(i).name, values, new int[] {d, h, w}));
        }
        return outputs;
    }

    /**
     * An input image that the operation writes into: CLIJ2's plain (not ByRef) "Image destination"
     * of setNonZeroPixelsToPixelIndex. It is pushed like any input (input 1, src2 in Python) and
     * read back after the call as one of the outputs.
     */
    static boolean writtenInPlace(ParamDescriptor p) {
        // ParamDescriptor.Kind.IMAGE_INOUT: set, setRampX, ... (their "Image source" is written too)
        return p.kind == ParamDescriptor.Kind.IMAGE_INOUT
                || (p.kind == ParamDescriptor.Kind.IMAGE_IN && p.name.equals("destination"));
    }

    /** Gives the case's Python expression an input under {@code name} (its raw file written once). */
    static void pythonInput(Clij2Oracle.Case c, String name, ImagePlus imp, String type, Map<String, File> rawFiles, File work) {
        File raw = rawFiles.get(imp.getTitle());
        if (raw == null) {
            raw = new File(work, "input_" + imp.getTitle().replaceAll("[^A-Za-z0-9]", "_") + ".raw");
            OracleInputs.writeRaw(imp, raw);
            rawFiles.put(imp.getTitle(), raw);
        }
        c.inputs.put(name, new Object[] {raw, OracleInputs.shape(imp), OracleInputs.dtype(type)});
    }

    /** A row's argument as the registry's kind wants it: Double, Boolean or (quoted) String. */
    static Object value(ParamDescriptor p, String text) {
        switch (p.kind) {
            case NUMBER:
                try {
                    return Double.valueOf(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("argument " + p.name + " must be a number, not " + text);
                }
            case BOOLEAN:
                if (!text.equals("true") && !text.equals("false"))
                    throw new AssertionError("argument " + p.name + " must be true or false, not " + text);
                return Boolean.valueOf(text);
            default:
                if (text.length() < 2 || !text.startsWith("\"") || !text.endsWith("\""))
                    throw new AssertionError("argument " + p.name + " must be a string in double quotes, not " + text);
                return text.substring(1, text.length() - 1);
        }
    }

    /** Compares one case and appends its report line; returns the failure, or null. */
    static String compare(String id, OracleTable.Row row, Clij2Oracle.Result expected, Actual actual, StringBuilder report) {
        boolean image = actual.shape.length == 3;
        int[] want = image ? padded(expected.shape) : new int[] {expected.values.length};
        if (!Arrays.equals(want, actual.shape))
            return id + ": shape " + Arrays.toString(actual.shape) + " (ijcl) but " + Arrays.toString(expected.shape)
                    + " (CLIJ2 oracle, numpy order)";
        double max = 0;
        int compared = 0, worst = -1;
        for (int i = 0; i < expected.values.length; i++) {
            double e = expected.values[i];
            if (Double.isNaN(e)) continue; // not compared: see the row's why
            compared++;
            double a = actual.values[i];
            double diff = Double.isNaN(a) ? Double.POSITIVE_INFINITY : Math.abs(a - e);
            if (worst < 0 || diff > max) {
                max = diff;
                worst = i;
            }
        }
        String where = worst < 0 ? "" : String.format(Locale.ROOT, "%s: ijcl %s, CLIJ2 %s", position(worst, actual.shape),
                num(actual.values[worst]), num(expected.values[worst]));
        String line = String.format(Locale.ROOT, "%s: max |ijcl - CLIJ2| = %s over %d of %d values (tolerance %s)%s", id,
                num(max), compared, expected.values.length, num(row.tolerance), max > 0 ? ", worst at " + where : "");
        System.out.println("oracle " + line);
        report.append(String.format(Locale.ROOT, "%s\t%d\t%d\t%s\t%s\t%s%n", id, compared, expected.values.length, num(max),
                num(row.tolerance), max > 0 ? where : ""));
        if (2L * compared < expected.values.length)
            return id + ": only " + compared + " of " + expected.values.length + " values compared (the oracle's NaN mask "
                    + "leaves out more than half)";
        return max <= row.tolerance ? null : line + " -- " + row.why;
    }

    static int[] padded(int[] shape) {
        int[] out = {1, 1, 1};
        if (shape.length > 3) return shape;
        System.arraycopy(shape, 0, out, 3 - shape.length, shape.length);
        return out;
    }

    static String position(int index, int[] shape) {
        if (shape.length != 3) return "index " + index;
        int w = shape[2], h = shape[1];
        return "x=" + index % w + " y=" + (index / w) % h + " z=" + index / (w * h);
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    // --- coverage ----------------------------------------------------------------------------

    /** imagej_oracles.tsv: operation -> {test class, mentions}. */
    static Map<String, String[]> imagejOracles() {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (String[] f : imagejOracleRows())
            out.put(f[1], new String[] {f[2], f[3], f[0]});
        return out;
    }

    @Test
    public void everyClij2OperationHasAnOracle() {
        Set<String> withRow = new TreeSet<>();
        for (OracleTable.Row row : OracleTable.clij2Rows()) withRow.add(row.operation);
        Map<String, String[]> imagej = imagejOracles();
        List<String> missing = new ArrayList<>();
        for (OpDescriptor op : OpRegistry.get().all())
            if (op.clij2 != null && !withRow.contains(op.name) && !imagej.containsKey(op.name)) missing.add(op.name);
        assertTrue(missing.size() + " operation(s) that CLIJ2 also has are checked neither against CLIJ2 "
                + "(tests/oracles/clij2_oracles.tsv) nor against ImageJ (tests/oracles/imagej_oracles.tsv): " + missing,
                missing.isEmpty());
    }

    // --- coverage per (operation, pixel type) ---------------------------------------------

    static final List<String> PIXEL_TYPES = Arrays.asList("uint8", "uint16", "float32");

    /**
     * Every CLIJ2 operation x every pixel type it accepts has an oracle on an odd-sized image. The
     * accepted types are probed: each CLIJ2 operation runs with the registry's default values on
     * small odd-sized images (5 x 3 x 3; 5 x 3 x 1 for operations whose name contains 2D) of one
     * type as every input, outputs named, output numbers null; accepted = the call succeeds.
     * Operations that write into an existing destination (an oracle that uses dst: paste2D, paste3D,
     * drawBox, drawSphere, drawLine) get their destinations pushed first, of the same type and shape, as everyRowAgreesWithClij2 does.
 * Operations without an input image (create2D, create3D) take the type as their bitDepth
 * parameter: 8, 16 or 32 there, the other defaults unchanged (5 x 3 x 3 is not used for them).
 * Operations without any image parameter (invalidateKernelCache) have no pairs.
     *
     * <p>Covered = the types of the operation's clij2_oracles.tsv rows (127 x 93 x 7 crops, odd) and
     * of its imagej_oracles.tsv row (the types column: what the named ImageJ test really runs; its
     * odd_sized column must list every type it covers). A clij2 row's "binary" type covers uint8 only for
     * a binary operation (every output image binary whatever the accepted input type, like binaryAnd
     * or erodeBox, whose uint8 inputs are masks): for the others a 0/255 mask exercises far fewer
     * values than a uint8 image. A row's masked_uint16 / masked_float32 covers uint16 / float32.
     */
    @Test
    public void everyAcceptedPixelTypeHasAnOracle() {
        Map<String, Set<String>> covered = new HashMap<>();
        for (OracleTable.Row row : OracleTable.clij2Rows())
            for (String t : row.types) covered.computeIfAbsent(row.operation, k -> new TreeSet<>()).add(t);
        Map<String, String[]> imagejTypes = new HashMap<>();
        for (String[] f : imagejOracleRows()) imagejTypes.put(f[1], f);

        List<String> missing = new ArrayList<>(), notOdd = new ArrayList<>(), accepting = new ArrayList<>();
        int required = 0;
        for (OpDescriptor op : OpRegistry.get().all()) {
            if (op.clij2 == null) continue;
            // an operation without images (invalidateKernelCache) has no pixel type to cover
            if (op.params.stream().noneMatch(ParamDescriptor::isImage)) continue;
            Set<String> have = new TreeSet<>();
            Set<String> rowTypes = covered.getOrDefault(op.name, new TreeSet<>());
            for (String t : rowTypes) if (!t.equals("binary")) have.add(OracleInputs.dtype(t)); // masked_X covers X
            Set<String> odd = new TreeSet<>(have); // the clij2 rows run on 127 x 93 x 7 crops
            String[] ij = imagejTypes.get(op.name);
            if (ij != null) {
                for (String t : typeList(ij, 4)) have.add(t);
                odd.addAll(typeList(ij, 5));
            }
            List<String> accepted = new ArrayList<>();
            boolean alwaysBinary = true; // every output image is binary, whatever the input
            for (String type : PIXEL_TYPES) {
                List<Long> kinds = probe(op, type);
                if (kinds == null) continue;
                accepted.add(type);
                if (kinds.isEmpty()) alwaysBinary = false;
                for (long k : kinds) if (k != BINARY_KIND) alwaysBinary = false;
            }
            if (rowTypes.contains("binary") && alwaysBinary && accepted.contains("uint8")) {
                have.add("uint8");
                odd.add("uint8");
            }
            accepting.add(op.name + " " + accepted + (alwaysBinary && !accepted.isEmpty() ? " (binary)" : ""));
            if (accepted.isEmpty()) missing.add(op.name + ": the probe ran it on no type (probe it differently)");
            for (String type : accepted) {
                required++;
                if (!have.contains(type)) missing.add(op.name + "/" + type);
                else if (!odd.contains(type)) notOdd.add(op.name + "/" + type + " (" + ij[2] + ")");
            }
        }
        System.out.println("pairs: " + required + " (operation, type) pairs required, " + (required - countPairs(missing))
                + " covered");
        System.out.println("accepted types: " + String.join("; ", accepting));
        assertTrue(notOdd.size() + " covered pair(s) whose only oracle (an ImageJ test) runs on no odd-sized image "
                + "(imagej_oracles.tsv odd_sized; the acceptance of issues 9-11 asks for one on an odd-sized image, e.g. "
                + "127 x 93 x 7):\n  " + String.join("\n  ", notOdd), notOdd.isEmpty());
        assertTrue(missing.size() + " (operation, pixel type) pair(s) accepted by ijcl have no oracle test (add a "
                + "clij2_oracles.tsv row or a type to an ImageJ test and imagej_oracles.tsv):\n  "
                + String.join("\n  ", missing), missing.isEmpty());
    }

    /** The comma list of types in column {@code k} of an imagej_oracles.tsv row, checked. */
    static List<String> typeList(String[] row, int k) {
        List<String> out = new ArrayList<>();
        for (String t : row[k].split("\\s*,\\s*")) {
            if (t.isEmpty()) continue;
            if (!PIXEL_TYPES.contains(t))
                throw new AssertionError("imagej_oracles.tsv:" + row[0] + " " + row[1] + ": unknown type '" + t + "'");
            out.add(t);
        }
        if (k == 5 && !typeList(row, 4).containsAll(out))
            throw new AssertionError("imagej_oracles.tsv:" + row[0] + " " + row[1] + ": odd_sized lists a type not in types");
        return out;
    }

    static int countPairs(List<String> missing) {
        int n = 0;
        for (String m : missing) if (!m.contains(":")) n++;
        return n;
    }

    /** imagej_oracles.tsv rows: line, operation, test class, mentions, types, odd_sized. */
    static List<String[]> imagejOracleRows() {
        List<String[]> rows = OracleTable.read(new File(OracleTable.dir(), "imagej_oracles.tsv"), 5);
        Set<String> seen = new TreeSet<>();
        for (String[] f : rows)
            if (!seen.add(f[1])) throw new AssertionError("imagej_oracles.tsv:" + f[0] + ": " + f[1] + " has a row already (one per operation)");
        return rows;
    }

    /**
     * The kind codes of {@code op}'s output images when run on probe images of {@code type} (every
     * input that type; a 0/255 mask for "binary"), empty for output numbers; null when it refuses.
     */
    static List<Long> probe(OpDescriptor op, String type) {
        boolean mask = type.equals("binary");
        ImagePlus imp = probeImage(mask ? "uint8" : type, op.name, mask);
        String bitDepth = type.equals("uint16") ? "16" : type.equals("float32") ? "32" : "8";
        Object[] args = new Object[op.params.size()];
        try {
            for (int i = 0; i < args.length; i++) {
                ParamDescriptor p = op.params.get(i);
                switch (p.kind) {
                    case IMAGE_IN:
                    case IMAGE_INOUT:
                        // a plane input (maskStackWithPlane) gets the probe's first plane
                        Ijcl.push(OracleInputs.planeParameter(op.name, p.name)
                                ? new ImagePlus("probe plane", imp.getStack().getProcessor(1).duplicate()) : imp, PROBE + i);
                        args[i] = PROBE + i;
                        break;
                    case IMAGE_OUT:
                        args[i] = PROBE + i;
                        if (writesIntoExisting(op)) // writes into an existing image; a point list of 3 rows fits a 2D one
                            Ijcl.push(op.name.equals("writeValuesToPositions")
                                    ? new ImagePlus("probe plane", imp.getStack().getProcessor(1).duplicate()) : imp, PROBE + i);
                        break;
                    case NUMBER_OUT:
                        args[i] = null;
                        break;
                    case NUMBER:
                        args[i] = Double.valueOf(p.name.equals("bitDepth") ? bitDepth
                                : p.defaultValue.isEmpty() ? "0" : p.defaultValue);
                        break;
                    case BOOLEAN:
                        args[i] = Boolean.valueOf(p.defaultValue);
                        break;
                    default:
                        args[i] = p.defaultValue;
                }
            }
            Ijcl.execute(op.name, args);
            List<Long> kinds = new ArrayList<>();
            for (int i = 0; i < args.length; i++)
                if (op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_OUT || op.params.get(i).kind == ParamDescriptor.Kind.IMAGE_INOUT)
                    kinds.add(Ijcl.imageInfo(PROBE + i)[4]);
            return kinds;
        } catch (RuntimeException e) {
            return null;
        } finally {
            for (int i = 0; i < args.length; i++) if (Ijcl.exists(PROBE + i)) Ijcl.release(PROBE + i);
        }
    }

    static final String PROBE = "probe_"; // + the parameter's index

    /**
     * Operations whose output must exist before the call: paste2D/3D, drawBox, drawSphere, drawLine,
     * writeValuesToPositions.
     */
    static boolean writesIntoExisting(OpDescriptor op) {
        return op.name.startsWith("paste") || op.name.startsWith("draw") || op.name.equals("writeValuesToPositions");
    }
    static final long BINARY_KIND = 1; // Ijcl.imageInfo(name)[4] of a binary image

    /** A 5 x 3 x 3 (5 x 3 x 1 for 2D operations) image of {@code type}: values 0..44, or a 0/255 mask. */
    static ImagePlus probeImage(String type, String operation, boolean mask) {
        int w = 5, h = 3, d = OracleInputs.planar(operation) ? 1 : 3;
        ij.ImageStack stack = new ij.ImageStack(w, h);
        for (int z = 0; z < d; z++) {
            ImageProcessor ip = type.equals("uint8") ? new ij.process.ByteProcessor(w, h)
                    : type.equals("uint16") ? new ij.process.ShortProcessor(w, h) : new ij.process.FloatProcessor(w, h);
            for (int i = 0; i < w * h; i++) {
                int v = z * w * h + i;
                ip.setf(i, mask ? (v % 3 == 0 ? 255 : 0) : type.equals("float32") ? v + 0.25f : v);
            }
            stack.addSlice(ip);
        }
        return new ImagePlus("probe_" + type, stack);
    }

    @Test
    public void imagejOraclesNameTestsThatCoverTheOperation() throws IOException {
        File sources = new File(OracleTable.dir(), "../java");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String[]> e : imagejOracles().entrySet()) {
            String op = e.getKey(), testClass = e.getValue()[0], mentions = e.getValue()[1];
            String where = "imagej_oracles.tsv:" + e.getValue()[2] + " " + op;
            if (OpRegistry.get().find(op) == null) problems.add(where + ": no such operation in the loaded registry");
            File source = new File(sources, testClass.replace('.', '/') + ".java");
            if (!source.isFile()) {
                problems.add(where + ": no test class " + source);
                continue;
            }
            String text = new String(Files.readAllBytes(source.toPath()), StandardCharsets.UTF_8);
            List<String> needed = mentions.isEmpty() ? Arrays.asList("\"" + op + "\"") : Arrays.asList(mentions.split(" \\+ "));
            for (String s : needed)
                if (!text.contains(s)) problems.add(where + ": " + source.getName() + " does not contain " + s);
        }
        assertTrue(String.join("\n", problems), problems.isEmpty());
    }
}
