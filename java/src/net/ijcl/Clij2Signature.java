package net.ijcl;

import ij.macro.MacroExtension;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A CLIJ2 parameter help text, e.g. {@code "Image source, ByRef Image destination, Number sigma_x"},
 * parsed into its parameters. In CLIJ2 this text is the whole schema of a macro function: each
 * part is an optional {@code ByRef} (the macro variable receives a value), a kind ({@code Image},
 * {@code Number}, {@code Boolean}, {@code String}, {@code Array}) and a name. The macro argument
 * types follow CLIJ2's {@code CLIJHandler}: Image and String are text, Array is an array, Number
 * and Boolean are numbers; ByRef adds {@link MacroExtension#ARG_OUTPUT}.
 */
public final class Clij2Signature {
    /** One parameter: kind word, whether it is ByRef, and its name. */
    public static final class Param {
        public final String kind;
        public final boolean byRef;
        public final String name;

        Param(String kind, boolean byRef, String name) {
            this.kind = kind;
            this.byRef = byRef;
            this.name = name;
        }

        /** The ImageJ macro extension argument type. */
        public int argType() {
            int type;
            switch (kind) {
                case "Image": case "String": type = MacroExtension.ARG_STRING; break;
                case "Array": type = MacroExtension.ARG_ARRAY; break;
                default: type = MacroExtension.ARG_NUMBER; break;
            }
            // ImageJ cannot pass a whole array back (an output argument must be a plain variable or
            // an array element), so a ByRef Array is taken as an array argument: CLIJ2 registers it
            // as ARG_ARRAY | ARG_OUTPUT, which no macro can call (pull2DPointListAsRoi, the only one).
            if (type == MacroExtension.ARG_ARRAY) return type;
            return byRef ? type | MacroExtension.ARG_OUTPUT : type;
        }
    }

    /** The text as CLIJ2 writes it (whitespace as given). */
    public final String text;
    public final List<Param> params;

    private Clij2Signature(String text, List<Param> params) {
        this.text = text;
        this.params = Collections.unmodifiableList(params);
    }

    /** Parses the help text; throws IjclException on a part that is not "[ByRef] Kind name". */
    public static Clij2Signature parse(String text) {
        List<Param> params = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) continue;
            String[] words = p.split("\\s+");
            boolean byRef = words[0].equals("ByRef");
            int k = byRef ? 1 : 0;
            // CLIJ2 writes one kind in lower case (entropyBox: "number radiusY"); it means Number
            String kind = words.length > k && words[k].equals("number") ? "Number" : words[k];
            if (words.length != k + 2 || !isKind(kind))
                throw new IjclException("CLIJ2 help text '" + text + "': cannot read '" + p + "'");
            params.add(new Param(kind, byRef, words[k + 1]));
        }
        return new Clij2Signature(text, params);
    }

    private static boolean isKind(String word) {
        switch (word) {
            case "Image": case "Number": case "Boolean": case "String": case "Array": return true;
            default: return false;
        }
    }

    /** The macro extension argument types, in order. */
    public int[] argTypes() {
        int[] types = new int[params.size()];
        for (int i = 0; i < types.length; i++) types[i] = params.get(i).argType();
        return types;
    }

    /** The text with single spaces after commas, for comparisons: "Image a, Number b". */
    public static String normalize(String text) {
        StringBuilder out = new StringBuilder();
        for (String part : text.split(",")) {
            String p = part.trim().replaceAll("\\s+", " ");
            if (p.isEmpty()) continue;
            out.append(out.length() == 0 ? "" : ", ").append(p);
        }
        return out.toString();
    }
}
