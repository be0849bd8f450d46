package net.ijcl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operations of the native core, read once from {@code NativeBridge.registry()} (format:
 * registry.hpp, Registry::describe). Nothing on the Java side lists operations by hand: macro
 * functions, help text and documentation are all generated from this.
 */
public final class OpRegistry {
    private static volatile OpRegistry instance;

    private final Map<String, OpDescriptor> ops;

    private OpRegistry(Map<String, OpDescriptor> ops) {
        this.ops = Collections.unmodifiableMap(ops);
    }

    /** The registry of the loaded native library (parsed on first use). */
    public static OpRegistry get() {
        OpRegistry r = instance;
        if (r == null) {
            synchronized (OpRegistry.class) {
                if (instance == null) {
                    NativeLoader.load();
                    instance = parse(NativeBridge.registry());
                }
                r = instance;
            }
        }
        return r;
    }

    /** All operations, sorted by name. */
    public Collection<OpDescriptor> all() {
        return ops.values();
    }

    public List<String> names() {
        return new ArrayList<>(ops.keySet());
    }

    /** The operation, or null if there is none of that name. */
    public OpDescriptor find(String name) {
        return ops.get(name);
    }

    public boolean contains(String name) {
        return ops.containsKey(name);
    }

    /** Operations whose name, category, documentation or ImageJ equivalent contains the text. */
    public List<OpDescriptor> search(String text) {
        List<OpDescriptor> out = new ArrayList<>();
        for (OpDescriptor d : ops.values())
            if (d.matches(text == null ? "" : text)) out.add(d);
        return out;
    }

    /** Parses the registry text: "op", "param" and "end" records, tab-separated, escaped. */
    public static OpRegistry parse(String text) {
        Map<String, OpDescriptor> ops = new LinkedHashMap<>();
        String[] op = null;
        List<ParamDescriptor> params = new ArrayList<>();
        String[] clij2 = null;
        int lineNumber = 0;
        for (String line : text.split("\n")) {
            lineNumber++;
            if (line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            for (int i = 0; i < f.length; i++) f[i] = unescape(f[i]);
            switch (f[0]) {
                case "op":
                    need(f, 6, lineNumber, line);
                    op = f;
                    params = new ArrayList<>();
                    clij2 = null;
                    break;
                case "clij2":
                    need(f, 4, lineNumber, line);
                    if (op == null) throw new IjclException("registry line " + lineNumber + ": clij2 outside an op");
                    clij2 = f;
                    break;
                case "param":
                    need(f, 9, lineNumber, line);
                    if (op == null) throw new IjclException("registry line " + lineNumber + ": param outside an op");
                    List<String> choices = f[7].isEmpty() ? Collections.<String>emptyList() : Arrays.asList(f[7].split("\\|"));
                    params.add(new ParamDescriptor(f[1], ParamDescriptor.Kind.fromRegistry(f[2]), f[3], number(f[4]),
                            number(f[5]), "1".equals(f[6]), choices, f[8]));
                    break;
                case "end":
                    if (op == null) throw new IjclException("registry line " + lineNumber + ": end without op");
                    ops.put(op[1], clij2 == null
                            ? new OpDescriptor(op[1], op[2], op[3], "1".equals(op[4]), op[5], params)
                            : new OpDescriptor(op[1], op[2], op[3], "1".equals(op[4]), op[5], params,
                                    Clij2Signature.parse(clij2[1]), list(clij2[3]), list(clij2[2])));
                    op = null;
                    break;
                default:
                    throw new IjclException("registry line " + lineNumber + ": unknown record '" + f[0] + "'");
            }
        }
        if (op != null) throw new IjclException("registry: operation '" + op[1] + "' has no end record");
        return new OpRegistry(ops);
    }

    private static List<String> list(String bars) {
        return bars.isEmpty() ? Collections.<String>emptyList() : Arrays.asList(bars.split("\\|"));
    }

    private static void need(String[] fields, int count, int lineNumber, String line) {
        if (fields.length < count)
            throw new IjclException("registry line " + lineNumber + ": expected " + count + " fields: " + line);
    }

    private static double number(String text) {
        switch (text) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(text);
        }
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                out.append(n == 't' ? '\t' : n == 'n' ? '\n' : n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
