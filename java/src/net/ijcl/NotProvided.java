package net.ijcl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CLIJ2 macro functions that ijcl deliberately does not provide, with the reason, one row each.
 * Each is still registered as {@code Ext.CLIJ2_<name>} with CLIJ2's argument types, so that a CLIJ2
 * macro calling it stops with this reason instead of ImageJ's "Unrecognized Ext function"; the
 * reference docs list them (net.ijcl.tools.ReferenceDocs). Not listed by {@code ./ijcl ops --clij2}.
 */
public final class NotProvided {
    /** CLIJ2's name -> {CLIJ2's parameter help text, the reason}. */
    private static final Map<String, String[]> ALL = new LinkedHashMap<>();

    private static void row(String name, String clij2HelpText, String reason) {
        ALL.put(name, new String[] {clij2HelpText, reason});
    }

    static {
        row("customOperation", "String operation_code, String global_code, Array image_parameters",
                "it compiles and runs OpenCL code written in the macro. OpenCL C has raw pointers, so such code can "
                        + "write outside its images; on the CPU device (PoCL, ijcl's default without a GPU) that "
                        + "corrupts the JVM's memory and can crash ImageJ, which ijcl promises never to do. Write the "
                        + "operation as a sequence of ijcl operations instead, or add it to ijcl as a registry operation.");
    }

    private NotProvided() {}

    /** Name -> {CLIJ2 help text, reason}, in declaration order. */
    public static Map<String, String[]> all() {
        return Collections.unmodifiableMap(ALL);
    }

    /** The error a call of a function that is not provided raises. */
    static IjclException error(String name) {
        return new IjclException("Ext.CLIJ2_" + name + " is not provided by ijcl: " + ALL.get(name)[1]);
    }
}
