package net.ijcl.oracle;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs tests/oracles/clij2_oracle.py once for all cases: writes the manifest, starts the Python
 * of system property ijcl.oracle.python (a virtual environment with pyclesperanto_prototype;
 * ./ijcl test makes build/oracle-venv), and reads back each case's result (values as doubles and
 * numpy's shape). Python's console output goes to a log file that failures quote; only the output
 * JSON is parsed.
 */
final class Clij2Oracle {
    private Clij2Oracle() {}

    /** One oracle evaluation: an expression and its named inputs (raw file, numpy shape and dtype). */
    static final class Case {
        final String id;
        final String oracle;
        // name -> {File, int[] shape, String dtype}, or {File of a 0/255 mask, shape, dtype, kind}:
        // the oracle derives kind (labels, centroids, touch, distance) from the mask itself and
        // gives it in that dtype (clij2_oracle.py)
        final Map<String, Object[]> inputs = new LinkedHashMap<>();

        Case(String id, String oracle) {
            this.id = id;
            this.oracle = oracle;
        }
    }

    /** One result of a case (one per output image, or the output numbers): values in numpy's order, numpy's shape. */
    static final class Result {
        final double[] values;
        final int[] shape;

        Result(double[] values, int[] shape) {
            this.values = values;
            this.shape = shape;
        }
    }

    static final long TIMEOUT_MINUTES = 20;

    /** Evaluates every case (its results in order); fails (AssertionError) when Python is missing or any case failed. */
    static Map<String, List<Result>> evaluate(List<Case> cases, File workDir) throws IOException, InterruptedException {
        File python = python();
        File script = new File(OracleTable.dir(), "clij2_oracle.py");
        File manifest = new File(workDir, "manifest.json");
        File output = new File(workDir, "output.json");
        File log = new File(workDir, "python.log");
        Files.deleteIfExists(output.toPath());
        Files.write(manifest.toPath(), manifestJson(cases).getBytes(StandardCharsets.UTF_8));

        ProcessBuilder pb = new ProcessBuilder(python.getPath(), script.getPath(), manifest.getPath(), output.getPath());
        pb.redirectErrorStream(true).redirectOutput(log);
        // The oracle is not under test: under the ASan stage of ./ijcl test the JVM runs with
        // libasan preloaded, which Python must not inherit.
        pb.environment().remove("LD_PRELOAD");
        Process p = pb.start();
        if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the CLIJ2 oracle (" + script + ") did not finish in " + TIMEOUT_MINUTES + " minutes; log: " + log);
        }
        int rc = p.exitValue();
        if (!output.isFile())
            throw new AssertionError("the CLIJ2 oracle failed (exit " + rc + ") before writing " + output + "; end of its log "
                    + log + ":\n" + tail(log, 3000));
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(new String(Files.readAllBytes(output.toPath()), StandardCharsets.UTF_8));
        @SuppressWarnings("unchecked")
        Map<String, Object> errors = (Map<String, Object>) json.get("errors");
        if (rc != 0 || !errors.isEmpty()) {
            StringBuilder b = new StringBuilder("the CLIJ2 oracle failed (exit " + rc + ", log " + log + ") for "
                    + errors.size() + " case(s):");
            for (Map.Entry<String, Object> e : errors.entrySet()) b.append("\n  ").append(e.getKey()).append(": ").append(e.getValue());
            throw new AssertionError(b.toString());
        }
        System.out.println("CLIJ2 oracle: pyclesperanto_prototype on " + json.get("device"));
        @SuppressWarnings("unchecked")
        Map<String, Object> results = (Map<String, Object>) json.get("results");
        Map<String, List<Result>> out = new LinkedHashMap<>();
        for (Case c : cases) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> parts = (List<Map<String, Object>>) results.get(c.id);
            if (parts == null) throw new AssertionError("the CLIJ2 oracle gave no result for " + c.id);
            List<Result> list = new ArrayList<>();
            for (Map<String, Object> r : parts) {
                @SuppressWarnings("unchecked")
                List<Object> dims = (List<Object>) r.get("shape");
                int[] shape = new int[dims.size()];
                for (int i = 0; i < shape.length; i++) shape[i] = ((Double) dims.get(i)).intValue();
                byte[] raw = Files.readAllBytes(new File((String) r.get("path")).toPath());
                double[] values = new double[raw.length / 8];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(values);
                list.add(new Result(values, shape));
            }
            out.put(c.id, list);
        }
        return out;
    }

    static File python() {
        String path = System.getProperty("ijcl.oracle.python", "");
        File f = new File(path);
        if (path.isEmpty() || !f.canExecute())
            throw new AssertionError("no Python for the CLIJ2 oracle at '" + path + "' (system property ijcl.oracle.python): "
                    + "./ijcl test creates build/oracle-venv with pyclesperanto_prototype, or pass "
                    + "-Dijcl.oracle.python=PATH to a Python that has it (tests/oracles/requirements.txt)");
        return f;
    }

    private static String manifestJson(List<Case> cases) {
        StringBuilder b = new StringBuilder("{\"cases\": [");
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            b.append(i == 0 ? "\n" : ",\n").append(" {\"id\": ").append(MiniJson.quote(c.id))
                    .append(", \"oracle\": ").append(MiniJson.quote(c.oracle)).append(", \"inputs\": {");
            int k = 0;
            for (Map.Entry<String, Object[]> e : c.inputs.entrySet()) {
                int[] shape = (int[]) e.getValue()[1];
                List<String> dims = new ArrayList<>();
                for (int d : shape) dims.add(Integer.toString(d));
                b.append(k++ == 0 ? "" : ", ").append(MiniJson.quote(e.getKey())).append(": {\"path\": ")
                        .append(MiniJson.quote(((File) e.getValue()[0]).getAbsolutePath())).append(", \"shape\": [")
                        .append(String.join(", ", dims)).append("], \"dtype\": ").append(MiniJson.quote((String) e.getValue()[2]))
                        .append(e.getValue().length > 3 ? ", \"derive\": " + MiniJson.quote((String) e.getValue()[3]) : "").append('}');
            }
            b.append("}}");
        }
        return b.append("\n]}\n").toString();
    }

    private static String tail(File f, int chars) throws IOException {
        String s = new String(Files.readAllBytes(f.toPath()), StandardCharsets.UTF_8);
        return s.length() <= chars ? s : "..." + s.substring(s.length() - chars);
    }
}
