package net.ijcl.tools;

import net.ijcl.HostFunction;
import net.ijcl.HostFunctions;
import net.ijcl.OpDescriptor;
import net.ijcl.OpRegistry;

import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ./ijcl ops [--clij2]}: one line per macro function name, {@code NAME<TAB>parameters}.
 * Without the flag: ijcl's own names (Ext.IJCL_NAME) with ijcl's parameters; with --clij2: every
 * CLIJ2 name provided (Ext.CLIJ2_NAME, deprecated aliases included) with CLIJ2's parameter help
 * text, e.g. {@code addImages<TAB>Image summand1, Image summand2, ByRef Image destination}.
 * Sorted by name; the list comes from the native registry and {@link HostFunctions}.
 */
public final class ListOps {
    private ListOps() {}

    public static void main(String[] args) {
        boolean clij2 = args.length == 1 && args[0].equals("--clij2");
        if (args.length > 1 || (args.length == 1 && !clij2)) {
            System.err.println("usage: ./ijcl ops [--clij2]");
            System.exit(2);
        }
        for (Map.Entry<String, String> e : lines(clij2).entrySet()) System.out.println(e.getKey() + "\t" + e.getValue());
        System.exit(0);
    }

    /** Name -> parameter text, sorted by name. */
    public static Map<String, String> lines(boolean clij2) {
        Map<String, String> out = new TreeMap<>();
        for (HostFunction h : HostFunctions.all()) {
            if (!clij2) out.put(h.name, h.ijcl.text);
            else if (h.clij2 != null) out.put(h.name, h.clij2.text);
        }
        for (OpDescriptor op : OpRegistry.get().all()) {
            if (!clij2) {
                StringBuilder s = new StringBuilder();
                for (net.ijcl.ParamDescriptor p : op.params) {
                    String kind;
                    switch (p.kind) {
                        case IMAGE_IN: kind = "Image"; break;
                        case IMAGE_OUT: kind = "ByRef Image"; break;
                        case IMAGE_INOUT: kind = "Image"; break; // written in place, a plain image for CLIJ2
                        case BOOLEAN: kind = "Boolean"; break;
                        case STRING: kind = "String"; break;
                        case NUMBER_OUT: kind = "ByRef Number"; break;
                        default: kind = "Number";
                    }
                    s.append(s.length() == 0 ? "" : ", ").append(kind).append(' ').append(p.name);
                }
                out.put(op.name, s.toString());
            } else if (op.clij2 != null) {
                out.put(op.name, op.clij2.text);
                for (String alias : op.clij2Aliases) out.put(alias, op.clij2.text);
            }
        }
        return out;
    }
}
