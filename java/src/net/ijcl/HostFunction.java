package net.ijcl;

/**
 * A macro function that runs in Java rather than as a native registry operation: moving images
 * between ImageJ and the GPU, memory and device tools, help. Declared once in {@link HostFunctions}
 * with its parameters as a CLIJ2-style help text ({@link Clij2Signature}); it becomes
 * {@code Ext.IJCL_<name>} and, when CLIJ2 has the function, {@code Ext.CLIJ2_<name>} with CLIJ2's
 * help text (which may differ from ours in an output's kind, e.g. a version as a number).
 */
public final class HostFunction {
    /** Runs the function on the macro's arguments (ByRef ones are String[1] / Double[1] / Object[][1]). */
    public interface Handler {
        void call(Object[] args, String functionName);
    }

    public final String name;
    public final Clij2Signature ijcl;
    /** CLIJ2's help text, or null when CLIJ2 has no function of this name. */
    public final Clij2Signature clij2;
    public final String doc;
    public final Handler handler;

    HostFunction(String name, String ijclHelpText, String clij2HelpText, String doc, Handler handler) {
        this.name = name;
        this.ijcl = Clij2Signature.parse(ijclHelpText);
        this.clij2 = clij2HelpText == null ? null : Clij2Signature.parse(clij2HelpText);
        this.doc = doc;
        this.handler = handler;
    }

    /** "Ext.IJCL_push(image)". */
    public String macroSignature(String prefix, Clij2Signature signature) {
        StringBuilder s = new StringBuilder("Ext.").append(prefix).append(name).append('(');
        for (int i = 0; i < signature.params.size(); i++)
            s.append(i == 0 ? "" : ", ").append(signature.params.get(i).name);
        return s.append(')').toString();
    }

    /** Signature(s) and documentation, for IJCL_help and the reference docs. */
    public String helpText() {
        StringBuilder s = new StringBuilder(macroSignature("IJCL_", ijcl)).append('\n');
        s.append("  ").append(doc.replace("\n", "\n  ")).append('\n');
        if (clij2 != null)
            s.append("  CLIJ2: ").append(macroSignature("CLIJ2_", clij2)).append(" [").append(clij2.text).append("]\n");
        return s.toString();
    }

    public boolean matches(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return t.isEmpty() || name.toLowerCase(java.util.Locale.ROOT).contains(t)
                || doc.toLowerCase(java.util.Locale.ROOT).contains(t);
    }
}
