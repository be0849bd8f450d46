package net.ijcl;

import ij.IJ;

/**
 * Reading and writing macro extension arguments: plain arguments arrive as String or Double,
 * ByRef (ARG_OUTPUT) ones as a one-element String[] or Double[] whose element ImageJ writes back
 * into the macro variable after the call.
 */
final class MacroArgs {
    private MacroArgs() {}

    /** The text of a String or String[] argument ("" for none). */
    static String text(Object arg) {
        if (arg instanceof String[]) return ((String[]) arg)[0] == null ? "" : ((String[]) arg)[0];
        return arg == null ? "" : arg.toString();
    }

    /** The number of a Double or Double[] argument (NaN for none). */
    static double number(Object arg) {
        if (arg instanceof Double[]) return ((Double[]) arg)[0] == null ? Double.NaN : ((Double[]) arg)[0];
        return arg instanceof Double ? (Double) arg : Double.NaN;
    }

    static void setText(Object arg, String value) {
        if (arg instanceof String[]) ((String[]) arg)[0] = value;
    }

    static void setNumber(Object arg, double value) {
        if (arg instanceof Double[]) ((Double[]) arg)[0] = value;
    }

    /** Writes text into a ByRef String, or its leading number into a ByRef Number ("OpenCL 1.2 x" gives 1.2). */
    static void setTextOrNumber(Object arg, String value) {
        if (arg instanceof String[]) {
            setText(arg, value);
        } else {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[0-9]+(\\.[0-9]+)?").matcher(value);
            setNumber(arg, m.find() ? Double.parseDouble(m.group()) : Double.NaN);
        }
    }

    static void logLines(String text) {
        for (String line : text.split("\n", -1))
            if (!line.isEmpty()) IJ.log(line);
    }
}
