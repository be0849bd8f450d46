package net.ijcl.tools;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;
import net.ijcl.ParamDescriptor;

/**
 * Generates the operation reference ({@code docs/reference.md}) from the native registry: for
 * every operation its macro signature, parameters (kind, units, default, range), documentation,
 * ImageJ equivalent and an example macro line. Nothing here lists operations; a new operation in
 * native/src/ops appears after {@code ./ijcl docs}. The JUnit test ReferenceDocsTest fails the
 * build when the committed file differs from what this generates.
 *
 * <pre>
 * ReferenceDocs write docs/reference.md    regenerate the file
 * ReferenceDocs check docs/reference.md    exit status 1 (and how to fix it) when it is stale
 * </pre>
 */
public final class ReferenceDocs {
    /** How to regenerate, for error messages. */
    public static final String REGENERATE = "./ijcl docs";

    private static final Pattern UNITS =
            Pattern.compile("\\b(?:in|,)\\s+(pixels|degrees)\\b|\\b(pixels|degrees)\\s+along\\b");

    private ReferenceDocs() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2 || !(args[0].equals("write") || args[0].equals("check"))) {
            System.err.println("usage: ReferenceDocs write|check FILE");
            System.exit(2);
        }
        File file = new File(args[1]);
        String text = generate(OpRegistry.get());
        if (args[0].equals("write")) {
            File parent = file.getAbsoluteFile().getParentFile();
            Files.createDirectories(parent.toPath());
            net.ijcl.AtomicOutput.write(file, text.getBytes(StandardCharsets.UTF_8));
            System.out.println("wrote " + file + " (" + OpRegistry.get().all().size() + " operations)");
            System.exit(0);
        }
        String committed = file.isFile() ? new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8) : "";
        if (!committed.equals(text)) {
            System.err.println(file + " is stale: it differs from the operation registry; regenerate it with " + REGENERATE);
            System.exit(1);
        }
        System.out.println(file + " is up to date");
        System.exit(0);
    }

    /** The whole reference as Markdown. */
    public static String generate(OpRegistry registry) {
        Map<String, List<OpDescriptor>> byCategory = new TreeMap<>();
        for (OpDescriptor op : registry.all()) {
            List<OpDescriptor> list = byCategory.get(op.category);
            if (list == null) byCategory.put(op.category, list = new ArrayList<>());
            list.add(op);
        }
        StringBuilder s = new StringBuilder();
        s.append("# ijcl operation reference\n\n");
        s.append("<!-- Generated from the native operation registry by `").append(REGENERATE)
                .append("` (net.ijcl.tools.ReferenceDocs); do not edit. The tests fail while this file is stale. -->\n\n");
        s.append(registry.all().size()).append(" operations. Each is an ImageJ macro function once ")
                .append("`run(\"IJCL Macro Extensions\", \"device=\");` has run. Image parameters take the name of an ")
                .append("image on the GPU (`Ext.IJCL_push(title)` copies an open image there under its title; ")
                .append("`Ext.IJCL_pull(name)` shows a GPU image in ImageJ). Output images and output numbers must be ")
                .append("macro variables: they receive the result (an output-image variable holding \"\" receives an ")
                .append("automatic name). An image \"written in place\" (the set functions: CLIJ2's plain, not ByRef, ")
                .append("`Image source`) must exist and is changed by the call (a refused call leaves it unchanged; its ")
                .append("menu command changes the image it runs on). Booleans are `true` or `false`. Lengths and radii are in pixels, not ")
                .append("calibrated units. `Ext.IJCL_help(\"text\")` prints the same documentation in ImageJ.\n\n");
        s.append("**CLIJ2 names.** Every function CLIJ2 also has is callable as `Ext.CLIJ2_<name>` with CLIJ2's ")
                .append("parameter kinds and order (given per entry below), so a CLIJ2 macro runs with only its init line ")
                .append("changed to `run(\"IJCL Macro Extensions\", \"device=\");`. An output image variable that is ")
                .append("undefined or \"\" receives a generated name (`CLIJ2_<name>_result<N>`). Where ijcl differs from ")
                .append("CLIJ2 on purpose: an existing destination of the wrong shape or pixel type is replaced (CLIJ2 ")
                .append("reuses it unchanged); label images are uint32 (CLIJ2: float, exact only to 2^24) and are pulled ")
                .append("as 32-bit images; 8- and 16-bit results are rounded to nearest as ImageJ does (CLIJ2 ")
                .append("truncates); a failing call stops the macro with a message (CLIJ2 prints a stack trace and ")
                .append("goes on). `./ijcl ops --clij2` lists every CLIJ2 name provided with CLIJ2's parameter text.\n\n");
        s.append("The examples use the parameter defaults and variables named like the image parameters, e.g.:\n\n");
        s.append("```\nrun(\"IJCL Macro Extensions\", \"device=\");\nsource = getTitle();\nExt.IJCL_push(source);\n")
                .append("destination = \"result\";\n```\n\n");

        s.append("## Contents\n\n");
        for (Map.Entry<String, List<OpDescriptor>> e : byCategory.entrySet()) {
            s.append("- **").append(e.getKey()).append("**: ");
            for (int i = 0; i < e.getValue().size(); i++) {
                String name = e.getValue().get(i).name;
                s.append(i == 0 ? "" : ", ").append('[').append(name).append("](#").append(name.toLowerCase(Locale.ROOT)).append(')');
            }
            s.append('\n');
        }
        s.append("- **Images, memory and device**: ");
        boolean first = true;
        for (net.ijcl.HostFunction h : net.ijcl.HostFunctions.all()) {
            s.append(first ? "" : ", ").append('[').append(h.name).append("](#").append(h.name.toLowerCase(Locale.ROOT)).append(')');
            first = false;
        }
        s.append('\n');
        for (Map.Entry<String, List<OpDescriptor>> e : byCategory.entrySet()) {
            s.append("\n## ").append(e.getKey()).append('\n');
            for (OpDescriptor op : e.getValue()) operation(s, op);
        }
        hostFunctions(s);
        notProvided(s);
        return s.toString();
    }

    private static void operation(StringBuilder s, OpDescriptor op) {
        s.append("\n### ").append(op.name).append("\n\n");
        s.append("`").append(op.macroSignature()).append("`\n\n");
        s.append(clij2Line(op)).append("\n\n");
        s.append(markdown(op.doc)).append("\n\n");
        if (!op.params.isEmpty()) {
            s.append("| Parameter | Kind | Units | Default | Range | Meaning |\n");
            s.append("|---|---|---|---|---|---|\n");
            for (ParamDescriptor p : op.params) {
                s.append("| `").append(p.name).append("` | ").append(kind(p)).append(" | ").append(units(p))
                        .append(" | ").append(cell(p.defaultValue))
                        .append(" | ").append(range(p)).append(" | ").append(cell(p.doc)).append(" |\n");
            }
            s.append('\n');
        }
        if (op.producesTable) s.append("Writes its table to ImageJ's Results table.\n\n");
        s.append("**ImageJ equivalent:** ")
                .append(op.imagej.isEmpty() ? "none (no single ImageJ command computes this)." : markdown(op.imagej))
                .append("\n\n");
        s.append("```\n").append(example(op)).append("\n```\n");
    }

    /** How CLIJ2 users call it: "CLIJ2: `Ext.CLIJ2_x(a, b)` — CLIJ2 parameters: Image a, ByRef Image b". */
    static String clij2Line(OpDescriptor op) {
        if (op.clij2 == null) return "CLIJ2: none (CLIJ2 has no operation of this name).";
        StringBuilder s = new StringBuilder("CLIJ2: `").append(op.clij2MacroSignature()).append("`");
        for (String alias : op.clij2Aliases) s.append(", deprecated alias `Ext.CLIJ2_").append(alias).append("`");
        s.append(" — CLIJ2 parameters: ").append(markdown(op.clij2.text));
        if (!op.clij2Results.isEmpty())
            s.append(". Its result goes to a new row of the Results table, column ")
                    .append(String.join(", ", op.clij2Results)).append(", as in CLIJ2");
        return s.append('.').toString();
    }

    /** The functions that run in Java, with both names. */
    static void hostFunctions(StringBuilder s) {
        s.append("\n## Images, memory and device (functions that run in Java)\n");
        for (net.ijcl.HostFunction h : net.ijcl.HostFunctions.all()) {
            s.append("\n### ").append(h.name).append("\n\n");
            s.append("`").append(h.macroSignature("IJCL_", h.ijcl)).append("`\n\n");
            if (h.clij2 == null) s.append("CLIJ2: none.\n\n");
            else s.append("CLIJ2: `").append(h.macroSignature("CLIJ2_", h.clij2)).append("` — CLIJ2 parameters: ")
                    .append(h.clij2.text.isEmpty() ? "none" : markdown(h.clij2.text)).append(".\n\n");
            s.append(markdown(h.doc)).append('\n');
        }
    }

    /** The CLIJ2 functions ijcl leaves out on purpose, with the reasons. */
    static void notProvided(StringBuilder s) {
        s.append("\n## CLIJ2 functions not provided\n\n");
        s.append("A call of one of these stops the macro with the reason given here.\n\n");
        s.append("| CLIJ2 function | CLIJ2 parameters | Why not |\n|---|---|---|\n");
        for (Map.Entry<String, String[]> e : net.ijcl.NotProvided.all().entrySet())
            s.append("| `Ext.CLIJ2_").append(e.getKey()).append("` | ").append(cell(e.getValue()[0])).append(" | ")
                    .append(cell("Not provided: " + e.getValue()[1])).append(" |\n");
    }

    /** "Ext.IJCL_gaussianBlur2D(source, destination, 2, 2);" with defaults for the values. */
    static String example(OpDescriptor op) {
        StringBuilder s = new StringBuilder("Ext.").append(op.macroFunctionName()).append('(');
        for (int i = 0; i < op.params.size(); i++) {
            ParamDescriptor p = op.params.get(i);
            s.append(i == 0 ? "" : ", ");
            switch (p.kind) {
                case NUMBER:
                    s.append(p.defaultValue.isEmpty() ? number(Double.isInfinite(p.min) ? 0 : p.min) : p.defaultValue);
                    break;
                case BOOLEAN:
                    s.append(p.defaultValue.isEmpty() ? "false" : p.defaultValue);
                    break;
                case STRING: {
                    String v = !p.defaultValue.isEmpty() || p.choices.isEmpty() ? p.defaultValue : p.choices.get(0);
                    s.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                    break;
                }
                default: // images and output numbers: variables named like the parameter
                    s.append(p.name);
            }
        }
        return s.append(");").toString();
    }

    private static String kind(ParamDescriptor p) {
        switch (p.kind) {
            case IMAGE_IN: return "image";
            case IMAGE_OUT: return "image, output";
            case IMAGE_INOUT: return "image, written in place";
            case NUMBER: return p.integer ? "whole number" : "number";
            case BOOLEAN: return "boolean";
            case STRING: return p.choices.isEmpty() ? "text" : "text, one of " + cell(String.join(", ", p.choices));
            case NUMBER_OUT: return "number, output";
            default: return p.kind.toString();
        }
    }

    /** The unit the parameter's documentation names ("in pixels", ", pixels", "degrees"), or "". */
    static String units(ParamDescriptor p) {
        if (p.kind != ParamDescriptor.Kind.NUMBER && p.kind != ParamDescriptor.Kind.NUMBER_OUT) return "";
        Matcher m = UNITS.matcher(p.doc);
        if (!m.find()) return "";
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static String range(ParamDescriptor p) {
        boolean lo = !Double.isInfinite(p.min), hi = !Double.isInfinite(p.max);
        if (lo && hi) return number(p.min) + " to " + number(p.max);
        if (lo) return ">= " + number(p.min);
        if (hi) return "<= " + number(p.max);
        return "";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Text safe in Markdown: '&lt;' (it would open an HTML tag), '*' and '\\' escaped, "](" (a link)
     * broken up, and '&gt;' at a line start (a quote); backquoted code stays code. Underscores and
     * lone brackets are left alone: GitHub Markdown does not emphasise inside words such as
     * radius_x, and "[1.5, 1.75)" is no link.
     */
    static String markdown(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<': out.append("&lt;"); break;
                case '*': case '\\': out.append('\\').append(c); break;
                case ']': out.append(i + 1 < text.length() && text.charAt(i + 1) == '(' ? "\\]" : "]"); break;
                case '>': out.append(i == 0 || text.charAt(i - 1) == '\n' ? "\\>" : ">"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }

    /** Text safe in a table cell: as {@link #markdown}, pipes escaped, on one line. */
    static String cell(String text) {
        return markdown(text).replace("|", "\\|").replace("\n", " ");
    }
}
