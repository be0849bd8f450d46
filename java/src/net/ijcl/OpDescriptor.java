package net.ijcl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One operation of the native registry: name, category, documentation and parameters. */
public final class OpDescriptor {
    public final String name;
    public final String category;
    /** The ImageJ command it equals and how closely, or "" if none. */
    public final String imagej;
    public final boolean producesTable;
    public final String doc;
    public final List<ParamDescriptor> params;
    /**
     * CLIJ2's parameter help text for {@code Ext.CLIJ2_<name>}, or null when CLIJ2 has no such
     * operation. Its parameters are the first ones of {@link #params}, kind for kind; results it
     * leaves out go to a new Results row under {@link #clij2Results} (as CLIJ2 does).
     */
    public final Clij2Signature clij2;
    public final List<String> clij2Results;
    /** CLIJ2's deprecated names for this operation (also Ext.CLIJ2_ functions). */
    public final List<String> clij2Aliases;

    OpDescriptor(String name, String category, String imagej, boolean producesTable, String doc,
                 List<ParamDescriptor> params) {
        this(name, category, imagej, producesTable, doc, params, null, Collections.<String>emptyList(),
                Collections.<String>emptyList());
    }

    OpDescriptor(String name, String category, String imagej, boolean producesTable, String doc,
                 List<ParamDescriptor> params, Clij2Signature clij2, List<String> clij2Results,
                 List<String> clij2Aliases) {
        this.clij2 = clij2;
        this.clij2Results = Collections.unmodifiableList(new ArrayList<>(clij2Results));
        this.clij2Aliases = Collections.unmodifiableList(new ArrayList<>(clij2Aliases));
        this.name = name;
        this.category = category;
        this.imagej = imagej;
        this.producesTable = producesTable;
        this.doc = doc;
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
    }

    /** The macro function's name: "IJCL_" + operation name. */
    public String macroFunctionName() {
        return "IJCL_" + name;
    }

    /** "Ext.CLIJ2_name(a, b)" with CLIJ2's parameter names, or null when CLIJ2 lacks it. */
    public String clij2MacroSignature() {
        if (clij2 == null) return null;
        StringBuilder s = new StringBuilder("Ext.CLIJ2_").append(name).append('(');
        for (int i = 0; i < clij2.params.size(); i++) s.append(i == 0 ? "" : ", ").append(clij2.params.get(i).name);
        return s.append(')').toString();
    }

    /** "Ext.IJCL_addImages(summand1, summand2, destination)". */
    public String macroSignature() {
        StringBuilder s = new StringBuilder("Ext.").append(macroFunctionName()).append('(');
        for (int i = 0; i < params.size(); i++) s.append(i == 0 ? "" : ", ").append(params.get(i).name);
        return s.append(')').toString();
    }

    /** Signature, documentation, parameters and ImageJ equivalent, for IJCL_help and docs. */
    public String helpText() {
        StringBuilder s = new StringBuilder(macroSignature()).append('\n');
        s.append("  [").append(category).append("] ").append(doc.replace("\n", "\n  ")).append('\n');
        for (ParamDescriptor p : params) s.append("    ").append(p.helpLine()).append('\n');
        if (producesTable) s.append("  Writes its table to the Results table.\n");
        if (!imagej.isEmpty()) s.append("  ImageJ: ").append(imagej).append('\n');
        if (clij2 != null) {
            s.append("  CLIJ2: ").append(clij2MacroSignature()).append(" [").append(clij2.text).append(']');
            if (!clij2Results.isEmpty()) s.append(", results to the Results table: ").append(String.join(", ", clij2Results));
            s.append('\n');
        }
        return s.toString();
    }

    /** Whether name, category or documentation contains the text (case-insensitive). */
    public boolean matches(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.isEmpty()) return true;
        return name.toLowerCase(java.util.Locale.ROOT).contains(t)
                || category.toLowerCase(java.util.Locale.ROOT).contains(t)
                || doc.toLowerCase(java.util.Locale.ROOT).contains(t)
                || imagej.toLowerCase(java.util.Locale.ROOT).contains(t);
    }

    @Override
    public String toString() {
        return macroSignature();
    }
}
