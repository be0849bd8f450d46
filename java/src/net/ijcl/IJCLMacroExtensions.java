package net.ijcl;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.macro.ExtensionDescriptor;
import ij.macro.Functions;
import ij.macro.MacroExtension;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static net.ijcl.MacroArgs.setNumber;
import static net.ijcl.MacroArgs.setText;
import static net.ijcl.MacroArgs.text;

/**
 * The ijcl macro functions ({@code Ext.IJCL_*}). In a macro:
 *
 * <pre>
 * run("IJCL Macro Extensions", "device=[]");      // empty: keep the current device (on first use: the device chosen with Plugins>ijcl>IJCL Select Device, else a GPU, else any)
 * Ext.IJCL_push(getTitle());
 * Ext.IJCL_gaussianBlur2D(getTitle(), "blurred", 2, 2);
 * Ext.IJCL_pull("blurred");
 * </pre>
 *
 * Functions that run in Java (push, pull, release, clear, reportMemory, getMemoryInUse,
 * getGPUProperties, listDevices, help, ...) are declared in {@link HostFunctions}. Every
 * operation of the native registry adds {@code IJCL_<operation>} with the registry's parameters
 * in order: input images by name, output images by name (a variable holding "" receives an
 * automatic name, written back), numbers, booleans (true/false), text, and output numbers
 * (written back to the variable). Operations producing a table fill the "Results" table.
 *
 * <p>CLIJ2 dialect: every function CLIJ2 also has is callable as {@code Ext.CLIJ2_<name>} with
 * CLIJ2's parameter kinds and order (OpDescriptor.clij2, HostFunction.clij2), so a CLIJ2 macro
 * runs once its init line {@code run("CLIJ2 Macro Extensions", "cl_device=...")} reads
 * {@code run("IJCL Macro Extensions", "device=...")}. The same registry entry serves both names.
 *
 * <p>A failing call stops the macro with "IJCL_function: operation 'op', argument 'arg': what was
 * wrong" through the interpreter's error path ({@link MacroAbort}). So does a stop request (Esc, or
 * the JVM shutting down: {@link Stop}): "IJCL_function: stopped before 'op': Esc was pressed"; the
 * operations before it completed, the one named did not start.
 */
public class IJCLMacroExtensions implements PlugIn, MacroExtension {
    private static final AtomicLong AUTO_NAMES = new AtomicLong();

    /** What an Ext function name stands for: a host function or an operation, in one of two dialects. */
    private static final class Target {
        final HostFunction host;
        final OpDescriptor op;
        final boolean clij2;

        Target(HostFunction host, OpDescriptor op, boolean clij2) {
            this.host = host;
            this.op = op;
            this.clij2 = clij2;
        }
    }

    private ExtensionDescriptor[] functions;
    private Map<String, Target> targets;

    // --- the command: select the device and register the functions --------------------------------

    @Override
    public void run(String arg) {
        String device;
        String options = Macro.getOptions();
        if (options != null) {
            device = Macro.getValue(options, "device", "");
        } else if (GraphicsEnvironment.isHeadless() || IJ.isMacro()) {
            device = "";
        } else {
            device = askForDevice();
            if (device == null) return; // canceled
        }
        try {
            useDevice(device);
        } catch (RuntimeException e) {
            reportError("IJCL Macro Extensions", e);
            return;
        }
        if (IJ.isMacro()) Functions.registerExtensions(this);
    }

    /**
     * Selects the device whose name contains {@code requested} unless the current device already
     * matches (selecting releases all GPU images); empty keeps the current device, or on first use
     * opens the preferred device (ImageJ preference ijcl.device) or else the default one. Returns the device name.
     */
    static synchronized String useDevice(String requested) {
        String wanted = requested == null ? "" : requested.trim();
        String current = Ijcl.deviceName();
        if (wanted.isEmpty() || current.toLowerCase().contains(wanted.toLowerCase())) return current;
        return Ijcl.selectDevice(wanted);
    }

    private static String askForDevice() {
        String[] lines = Ijcl.listDevices();
        String[] names = new String[lines.length + 1];
        names[0] = "(default: a GPU, else the CPU)";
        for (int i = 0; i < lines.length; i++) names[i + 1] = lines[i].split("\t", -1)[0];
        GenericDialog gd = new GenericDialog("IJCL Macro Extensions");
        gd.addChoice("device", names, names[0]);
        gd.showDialog();
        if (gd.wasCanceled()) return null;
        int index = gd.getNextChoiceIndex();
        return index == 0 ? "" : names[index];
    }

    // --- MacroExtension ---------------------------------------------------------------------------

    /**
     * One function per host function and per registry operation, named IJCL_<name>; those CLIJ2
     * has also as CLIJ2_<name> (and CLIJ2's deprecated aliases) with CLIJ2's argument types.
     */
    @Override
    public ExtensionDescriptor[] getExtensionFunctions() {
        if (functions == null) {
            List<ExtensionDescriptor> list = new ArrayList<>();
            Map<String, Target> map = new LinkedHashMap<>();
            for (HostFunction h : HostFunctions.all()) {
                add(list, map, "IJCL_" + h.name, h.ijcl.argTypes(), new Target(h, null, false));
                if (h.clij2 != null)
                    add(list, map, "CLIJ2_" + h.name, h.clij2.argTypes(), new Target(h, null, true));
            }
            for (OpDescriptor op : OpRegistry.get().all()) {
                add(list, map, op.macroFunctionName(), argTypes(op), new Target(null, op, false));
                if (op.clij2 == null) continue;
                add(list, map, "CLIJ2_" + op.name, op.clij2.argTypes(), new Target(null, op, true));
                for (String alias : op.clij2Aliases)
                    add(list, map, "CLIJ2_" + alias, op.clij2.argTypes(), new Target(null, op, true));
            }
            // CLIJ2 functions left out on purpose: a call stops the macro with the reason
            for (Map.Entry<String, String[]> e : NotProvided.all().entrySet()) {
                String name = e.getKey();
                HostFunction refusal = new HostFunction(name, e.getValue()[0], e.getValue()[0], e.getValue()[1],
                        (a, f) -> { throw NotProvided.error(name); });
                add(list, map, "CLIJ2_" + name, refusal.clij2.argTypes(), new Target(refusal, null, true));
            }
            targets = map;
            functions = list.toArray(new ExtensionDescriptor[0]);
        }
        return functions;
    }

    private void add(List<ExtensionDescriptor> list, Map<String, Target> map, String name, int[] types, Target target) {
        if (map.put(name, target) != null) throw new IllegalStateException("macro function " + name + " declared twice");
        list.add(new MacroAbort.Descriptor(name, types, this));
    }

    /** The macro argument types of an operation's parameters. */
    static int[] argTypes(OpDescriptor op) {
        int[] types = new int[op.params.size()];
        for (int i = 0; i < types.length; i++) {
            switch (op.params.get(i).kind) {
                case IMAGE_IN: case IMAGE_INOUT: case STRING: types[i] = ARG_STRING; break;
                case IMAGE_OUT: types[i] = ARG_STRING | ARG_OUTPUT; break;
                case NUMBER: case BOOLEAN: types[i] = ARG_NUMBER; break;
                case NUMBER_OUT: types[i] = ARG_NUMBER | ARG_OUTPUT; break;
                default: throw new IllegalStateException(op.params.get(i).kind.toString());
            }
        }
        return types;
    }

    @Override
    public String handleExtension(String name, Object[] args) {
        long start = System.nanoTime();
        boolean traced = HostDataFunctions.tracing(); // calls between start- and stopTimeTracing
        try {
            call(name, args == null ? new Object[0] : args);
            if (traced && HostDataFunctions.tracing()) HostDataFunctions.trace(name, System.nanoTime() - start);
        } catch (RuntimeException e) {
            if (isMacroCanceled(e)) throw e; // ImageJ's own abort, already reported
            reportError(name, e);
        }
        return null;
    }

    private void call(String name, Object[] args) {
        getExtensionFunctions();
        Target target = targets.get(name);
        if (target == null) throw new IjclException("unknown function");
        if (target.host != null) target.host.handler.call(args, name);
        else runOperation(target.op, args, target.clij2);
    }

    /**
     * Runs the operation on the macro's arguments. In the CLIJ2 dialect the arguments are the
     * first parameters (OpDescriptor.clij2); results it leaves out go to a new row of the
     * Results table. An output image variable holding "" (or undefined) receives a generated
     * name: "{op}_result{N}", "CLIJ2_{op}_result{N}" in the CLIJ2 dialect, as CLIJ2 names them.
     */
    private static void runOperation(OpDescriptor op, Object[] args, boolean clij2) {
        Object[] values = new Object[op.params.size()];
        for (int i = 0; i < values.length; i++) {
            ParamDescriptor p = op.params.get(i);
            Object a = i < args.length ? args[i] : null;
            switch (p.kind) {
                case IMAGE_IN: case IMAGE_INOUT: case STRING: values[i] = text(a); break;
                case IMAGE_OUT: {
                    String target = text(a);
                    if (target.isEmpty()) {
                        target = autoName((clij2 ? "CLIJ2_" : "") + op.name);
                        setText(a, target);
                    }
                    values[i] = target;
                    break;
                }
                case NUMBER: values[i] = a; break;
                case BOOLEAN: {
                    // ImageJ passes true/false as 1/0, and a text where a number is due as NaN.
                    if (a instanceof Double && (((Double) a).isNaN() || ((Double) a).isInfinite()))
                        throw Ijcl.fail(op.name, p.name, "expected true or false (1 or 0), got " + a);
                    values[i] = a instanceof Double ? Boolean.valueOf((Double) a != 0) : a;
                    break;
                }
                case NUMBER_OUT: values[i] = null; break;
                default: throw new IllegalStateException(p.kind.toString());
            }
        }
        Ijcl.Result result = Ijcl.execute(op.name, values);
        int n = 0;
        List<Double> leftOut = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (op.params.get(i).kind != ParamDescriptor.Kind.NUMBER_OUT || n >= result.numbers.length) continue;
            double value = result.numbers[n++];
            if (i < args.length) setNumber(args[i], value);
            else leftOut.add(value);
        }
        if (result.table != null) showAsResults(result.table);
        if (clij2 && !leftOut.isEmpty()) addResultsRow(op.clij2Results, leftOut);
    }

    /** Adds a row to ImageJ's Results table with the values under the columns (CLIJ2's way). */
    static void addResultsRow(List<String> columns, List<Double> values) {
        ResultsTable results = ResultsTable.getResultsTable();
        if (results == null) return;
        synchronized (results) {
            results.incrementCounter();
            for (int i = 0; i < columns.size() && i < values.size(); i++) results.addValue(columns.get(i), values.get(i));
        }
        if (!GraphicsEnvironment.isHeadless()) results.show("Results");
    }

    /** "{op}_result{N}", unique among the images on the GPU. */
    static String autoName(String operation) {
        String name;
        do {
            name = operation + "_result" + AUTO_NAMES.incrementAndGet();
        } while (Ijcl.exists(name));
        return name;
    }

    /** Replaces the contents of ImageJ's "Results" table with the table (shown unless headless). */
    static void showAsResults(ResultsTable table) {
        ResultsTable results = ResultsTable.getResultsTable();
        if (results == null) return;
        synchronized (results) {
            results.reset();
            String[] headings = table.getHeadings();
            for (int row = 0; row < table.size(); row++) {
                results.incrementCounter();
                for (String h : headings) {
                    if (h == null || h.isEmpty() || " ".equals(h)) continue;
                    results.addValue(h, table.getValue(h, row));
                }
            }
        }
        if (!GraphicsEnvironment.isHeadless()) results.show("Results");
    }

    // --- errors ---------------------------------------------------------------------------------

    /** Stops the macro with "FUNCTION: message" (or shows an error outside macros). */
    private static void reportError(String function, RuntimeException e) {
        String detail = e instanceof IjclException ? e.getMessage() : e.toString();
        if (!(e instanceof IjclStopped) && Stop.stopping()) // e.g. the native library refusing calls at shutdown
            detail = "stopped: " + (Stop.shutdownReason() != null ? Stop.shutdownReason() : "the JVM is shutting down")
                    + " (" + detail + ")";
        String message = function + ": " + detail;
        if (MacroAbort.current() == null) {
            IJ.error("ijcl", message);
            return;
        }
        MacroAbort.abort(message);
    }

    private static boolean isMacroCanceled(RuntimeException e) {
        return Macro.MACRO_CANCELED.equals(e.getMessage());
    }
}
