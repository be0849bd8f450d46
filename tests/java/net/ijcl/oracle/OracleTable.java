package net.ijcl.oracle;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The rows of a tab-separated table of tests/oracles/ (clij2_oracles.tsv, imagej_oracles.tsv):
 * '#' lines are comments, blank lines are skipped, the header line (first field "operation") too.
 */
final class OracleTable {
    private OracleTable() {}

    /** The folder of the tables and the Python script (system property ijcl.oracles.dir, set by the pom). */
    static File dir() {
        return new File(System.getProperty("ijcl.oracles.dir", "tests/oracles"));
    }

    /** The rows of {@code file} with exactly {@code columns} fields each (a missing last field is ""). */
    static List<String[]> read(File file, int columns) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file.toPath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
        List<String[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.trim().isEmpty() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            if (f.length == columns - 1) f = Arrays.copyOf(f, columns);
            if (f.length != columns)
                throw new AssertionError(file.getName() + ":" + (i + 1) + ": " + f.length + " tab-separated fields, expected "
                        + columns + ": " + line);
            if (f[0].equals("operation")) continue;
            for (int k = 0; k < f.length; k++) f[k] = f[k] == null ? "" : f[k].trim();
            String[] withLine = new String[columns + 1];
            withLine[0] = Integer.toString(i + 1);
            System.arraycopy(f, 0, withLine, 1, columns);
            rows.add(withLine);
        }
        return rows;
    }

    /** One row of clij2_oracles.tsv. */
    static final class Row {
        final int line;
        final String operation;
        final List<String> types;
        final List<String> arguments;
        final String oracle;
        final double tolerance;
        final String why;

        Row(String[] f) {
            line = Integer.parseInt(f[0]);
            operation = f[1];
            types = Collections.unmodifiableList(Arrays.asList(f[2].split("\\s*,\\s*")));
            arguments = splitArguments(f[3]);
            oracle = f[4];
            why = f[6];
            String where = "clij2_oracles.tsv:" + line + " (" + operation + ")";
            for (String t : types)
                for (String part : OracleInputs.parts(t))
                    if (!OracleInputs.TYPES.contains(part))
                        throw new AssertionError(where + ": unknown type '" + part + "' (one of " + OracleInputs.TYPES
                                + ", or A+B of two of them)");
            try {
                tolerance = Double.parseDouble(f[5]);
            } catch (NumberFormatException e) {
                throw new AssertionError(where + ": tolerance '" + f[5] + "' is not a number");
            }
            if (operation.isEmpty() || oracle.isEmpty() || why.isEmpty())
                throw new AssertionError(where + ": operation, oracle and why must not be empty");
        }

        String where() {
            return "clij2_oracles.tsv:" + line + " " + operation;
        }
    }

    static List<Row> clij2Rows() {
        List<Row> rows = new ArrayList<>();
        for (String[] f : read(new File(dir(), "clij2_oracles.tsv"), 6)) rows.add(new Row(f));
        return rows;
    }

    /** "1, true, \"Otsu\"" -> [1, true, "Otsu"] (quoted strings keep their quotes and may hold commas). */
    static List<String> splitArguments(String text) {
        List<String> out = new ArrayList<>();
        if (text.trim().isEmpty()) return out;
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') quoted = !quoted;
            if (c == ',' && !quoted) {
                out.add(cur.toString().trim());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quoted) throw new AssertionError("unbalanced quotes in arguments: " + text);
        out.add(cur.toString().trim());
        return out;
    }
}
