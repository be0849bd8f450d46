package net.ijcl;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.ExtensionDescriptor;
import ij.macro.Functions;
import ij.macro.MacroExtension;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

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
 * Fixed functions: IJCL_push(image), IJCL_pull(image), IJCL_release(image), IJCL_clear(),
 * IJCL_reportMemory(), IJCL_getMemoryInUse(bytes), IJCL_getGPUProperties(name,
 * global_memory_in_bytes, opencl_version), IJCL_listDevices(), IJCL_help(search_text). Every
 * operation of the native registry adds {@code IJCL_<operation>} with the registry's parameters
 * in order: input images by name, output images by name (a variable holding "" receives an
 * automatic name, written back), numbers, booleans (true/false), text, and output numbers
 * (written back to the variable). Operations producing a table fill the "Results" table.
 *
 * <p>A failing call stops the macro with "IJCL_function: operation 'op', argument 'arg': what was
 * wrong" through the interpreter's error path ({@link MacroAbort}). So does a stop request (Esc, or
 * the JVM shutting down: {@link Stop}): "IJCL_function: stopped before 'op': Esc was pressed"; the
 * operations before it completed, the one named did not start.
 */
public class IJCLMacroExtensions implements PlugIn, MacroExtension {
    private static final AtomicLong AUTO_NAMES = new AtomicLong();

    private static final int IN = ARG_STRING;
    private static final int OUT_STRING = ARG_STRING | ARG_OUTPUT;
    private static final int OUT_NUMBER = ARG_NUMBER | ARG_OUTPUT;

    /** The fixed (non-registry) functions and their argument types. */
    private static final Object[][] FIXED = {
        {"IJCL_push", new int[] {IN}},
        {"IJCL_pull", new int[] {IN}},
        {"IJCL_release", new int[] {IN}},
        {"IJCL_clear", new int[] {}},
        {"IJCL_reportMemory", new int[] {}},
        {"IJCL_getMemoryInUse", new int[] {OUT_NUMBER}},
        {"IJCL_getGPUProperties", new int[] {OUT_STRING, OUT_NUMBER, OUT_STRING}},
        {"IJCL_listDevices", new int[] {}},
        {"IJCL_help", new int[] {IN}},
    };

    private ExtensionDescriptor[] functions;

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

    @Override
    public ExtensionDescriptor[] getExtensionFunctions() {
        if (functions == null) {
            List<ExtensionDescriptor> list = new ArrayList<>();
            for (Object[] f : FIXED) list.add(new MacroAbort.Descriptor((String) f[0], (int[]) f[1], this));
            for (OpDescriptor op : OpRegistry.get().all())
                list.add(new MacroAbort.Descriptor(op.macroFunctionName(), argTypes(op), this));
            functions = list.toArray(new ExtensionDescriptor[0]);
        }
        return functions;
    }

    /** The macro argument types of an operation's parameters. */
    static int[] argTypes(OpDescriptor op) {
        int[] types = new int[op.params.size()];
        for (int i = 0; i < types.length; i++) {
            switch (op.params.get(i).kind) {
                case IMAGE_IN: case STRING: types[i] = ARG_STRING; break;
                case IMAGE_OUT: types[i] = OUT_STRING; break;
                case NUMBER: case BOOLEAN: types[i] = ARG_NUMBER; break;
                case NUMBER_OUT: types[i] = OUT_NUMBER; break;
                default: throw new IllegalStateException(op.params.get(i).kind.toString());
            }
        }
        return types;
    }

    @Override
    public String handleExtension(String name, Object[] args) {
        try {
            call(name, args == null ? new Object[0] : args);
        } catch (RuntimeException e) {
            if (isMacroCanceled(e)) throw e; // ImageJ's own abort, already reported
            reportError(name, e);
        }
        return null;
    }

    private void call(String name, Object[] args) {
        switch (name) {
            case "IJCL_push": push(text(args[0])); return;
            case "IJCL_pull": Ijcl.pull(text(args[0])).show(); return;
            case "IJCL_release": Ijcl.release(text(args[0])); return;
            case "IJCL_clear": Ijcl.clear(); return;
            case "IJCL_reportMemory": logLines(Ijcl.reportMemory()); return;
            case "IJCL_getMemoryInUse": setNumber(args[0], Ijcl.memoryInUse()); return;
            case "IJCL_getGPUProperties": {
                String[] p = Ijcl.deviceProperties();
                setText(args[0], p[0]);
                setNumber(args[1], Double.parseDouble(p[1]));
                setText(args[2], p[2]);
                return;
            }
            case "IJCL_listDevices":
                for (String line : Ijcl.listDevices()) IJ.log(line);
                return;
            case "IJCL_help": help(text(args[0])); return;
            default:
                break;
        }
        OpDescriptor op = name.startsWith("IJCL_") ? OpRegistry.get().find(name.substring(5)) : null;
        if (op == null) throw new IjclException("unknown function");
        runOperation(op, args);
    }

    private static void push(String title) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) throw new IjclException("argument 'image': no image titled '" + title + "' is open");
        Ijcl.push(imp, title);
    }

    private static void runOperation(OpDescriptor op, Object[] args) {
        Object[] values = new Object[op.params.size()];
        for (int i = 0; i < values.length; i++) {
            ParamDescriptor p = op.params.get(i);
            Object a = i < args.length ? args[i] : null;
            switch (p.kind) {
                case IMAGE_IN: case STRING: values[i] = text(a); break;
                case IMAGE_OUT: {
                    String target = text(a);
                    if (target.isEmpty()) {
                        target = autoName(op.name);
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
        for (int i = 0; i < values.length; i++)
            if (op.params.get(i).kind == ParamDescriptor.Kind.NUMBER_OUT && n < result.numbers.length)
                setNumber(args[i], result.numbers[n++]);
        if (result.table != null) showAsResults(result.table);
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

    private static void help(String search) {
        List<OpDescriptor> found = OpRegistry.get().search(search);
        if (found.isEmpty()) {
            IJ.log("IJCL_help: no operation matches '" + search + "'");
            return;
        }
        for (OpDescriptor op : found) logLines(op.helpText());
    }

    // --- arguments --------------------------------------------------------------------------------

    private static String text(Object arg) {
        if (arg instanceof String[]) return ((String[]) arg)[0] == null ? "" : ((String[]) arg)[0];
        return arg == null ? "" : arg.toString();
    }

    private static void setText(Object arg, String value) {
        if (arg instanceof String[]) ((String[]) arg)[0] = value;
    }

    private static void setNumber(Object arg, double value) {
        if (arg instanceof Double[]) ((Double[]) arg)[0] = value;
    }

    private static void logLines(String text) {
        for (String line : text.split("\n", -1))
            if (!line.isEmpty()) IJ.log(line);
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
