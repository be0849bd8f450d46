package net.ijcl;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The menu command of one registry operation, {@code Plugins > ijcl > CATEGORY > NAME (GPU)}; the
 * argument is the operation name (plugins.config, generated at build time by
 * {@code net.ijcl.tools.PluginsConfig}).
 *
 * <p>It runs on the current image (the operation's first input image), asks the other parameters
 * in a GenericDialog ({@link OpForm}), pushes the inputs to the GPU, runs the operation, and shows
 * every output image as a new image titled {@code <title>-<operation>} (with several outputs
 * {@code <title>-<operation>-<parameter>}); output numbers go to the Log, tables to the Results
 * table. The GPU copies are released afterwards. With the Recorder open, the dialog records the
 * command as {@code run("gaussianBlur2D (GPU)", "sigma_x=2 sigma_y=2 device=[]");}, which gives the
 * same result when run again, also headless.
 */
public class OpCommand implements PlugIn {
    private static final AtomicLong COUNTER = new AtomicLong();

    /** The menu label of an operation. */
    public static String label(String operation) {
        return operation + " (GPU)";
    }

    @Override
    public void run(String arg) {
        String label = label(arg);
        try {
            OpDescriptor op = OpRegistry.get().find(arg);
            if (op == null) throw new IjclException("no operation named '" + arg + "'");
            boolean needsImage = op.params.stream().anyMatch(ParamDescriptor::isExistingImage);
            ImagePlus current = WindowManager.getCurrentImage();
            if (needsImage && current == null) {
                IJ.noImage();
                return;
            }
            if (GraphicsEnvironment.isHeadless() && Macro.getOptions() == null)
                throw new IjclException("headless, a command needs its options, e.g. run(\"" + label
                        + "\", \"" + new OpForm(op).exampleOptions("other image") + "\")");
            OpForm form = new OpForm(op);
            GenericDialog gd = new GenericDialog(label);
            form.addFields(gd, current == null ? "" : current.getTitle(), openTitles());
            gd.showDialog();
            if (gd.wasCanceled()) return;
            OpForm.Values values = form.read(gd);
            IJCLMacroExtensions.useDevice(values.device);
            for (ImagePlus result : execute(op, current, values.args)) result.show();
        } catch (RuntimeException e) {
            report(label, e);
        }
    }

    /**
     * Copies the pixels of {@code result} (the pulled GPU image) into {@code target}, plane by plane,
     * for an operation that writes its image in place (ParamDescriptor.Kind.IMAGE_INOUT): the
     * command changes the image it ran on, as ImageJ's own in-place commands do.
     */
    static void writeBack(ImagePlus target, ImagePlus result) {
        ij.ImageStack to = target.getStack(), from = result.getStack();
        if (to.getSize() != from.getSize() || to.getWidth() != from.getWidth() || to.getHeight() != from.getHeight()
                || target.getBitDepth() != result.getBitDepth())
            throw new IjclException("internal: the image written in place came back as " + result.getBitDepth() + "-bit "
                    + from.getWidth() + " x " + from.getHeight() + " x " + from.getSize() + ", not as '" + target.getTitle() + "' is");
        for (int z = 1; z <= to.getSize(); z++) to.setPixels(from.getPixels(z), z);
        target.setStack(to);
        target.changes = true;
        target.updateAndDraw();
    }

    /**
     * Reports a failed command: in a macro, ends the macro with the message (as a failing Ext
     * function does, so a headless run exits non-zero); otherwise shows an error dialog.
     * ImageJ's own "Macro canceled" passes through.
     */
    static void report(String command, RuntimeException e) {
        if (Macro.MACRO_CANCELED.equals(e.getMessage())) throw e;
        String detail = e instanceof IjclException ? e.getMessage() : e.toString();
        if (!(e instanceof IjclStopped) && Stop.stopping()) detail = "stopped: the JVM is shutting down (" + detail + ")";
        String message = command + ": " + detail;
        if (IJ.isMacro() && MacroAbort.current() != null) MacroAbort.abort(message);
        else IJ.error("ijcl", message);
    }

    /**
     * Runs the operation: {@code args} as {@link OpForm.Values#args} (ImagePlus for input images,
     * null for the first, which is {@code current}). Returns the output images (titled, not shown);
     * logs output numbers and fills the Results table with a table.
     */
    static List<ImagePlus> execute(OpDescriptor op, ImagePlus current, Object[] args) {
        long id = COUNTER.incrementAndGet();
        Map<ImagePlus, String> pushed = new IdentityHashMap<>();
        List<String> gpuNames = new ArrayList<>();
        List<ParamDescriptor> outputs = new ArrayList<>();
        Map<ImagePlus, String> inPlace = new IdentityHashMap<>(); // images the operation writes (set, setRampX, ...)
        Object[] values = new Object[op.params.size()];
        try {
            boolean first = true;
            for (int i = 0; i < values.length; i++) {
                ParamDescriptor p = op.params.get(i);
                switch (p.kind) {
                    case IMAGE_IN:
                    case IMAGE_INOUT: {
                        ImagePlus imp = first ? current : (ImagePlus) args[i];
                        first = false;
                        String name = pushed.get(imp);
                        if (name == null) {
                            name = "__ijcl_command" + id + "_" + p.name;
                            gpuNames.add(name);
                            Ijcl.push(imp, name);
                            pushed.put(imp, name);
                        }
                        values[i] = name;
                        if (p.kind == ParamDescriptor.Kind.IMAGE_INOUT) inPlace.put(imp, name);
                        break;
                    }
                    case IMAGE_OUT:
                        values[i] = "__ijcl_command" + id + "_" + p.name;
                        gpuNames.add((String) values[i]);
                        outputs.add(p);
                        break;
                    case NUMBER_OUT:
                        values[i] = null;
                        break;
                    default:
                        values[i] = args[i];
                }
            }
            Ijcl.Result result = Ijcl.execute(op.name, values);
            String title = current == null ? "" : current.getTitle();
            logNumbers(op, title, result.numbers);
            if (result.table != null) IJCLMacroExtensions.showAsResults(result.table);
            // an image written in place: its new pixels go back into the ImagePlus the command ran on
            for (Map.Entry<ImagePlus, String> e : inPlace.entrySet()) writeBack(e.getKey(), Ijcl.pull(e.getValue()));
            List<ImagePlus> images = new ArrayList<>();
            for (ParamDescriptor p : outputs) {
                ImagePlus imp = Ijcl.pull("__ijcl_command" + id + "_" + p.name);
                imp.setTitle(WindowManager.makeUniqueName(resultTitle(title, op.name, outputs.size() > 1 ? p.name : null)));
                images.add(imp);
            }
            return images;
        } finally {
            for (String name : gpuNames) {
                try {
                    Ijcl.release(name);
                } catch (RuntimeException e) {
                    if (!Stop.stopping()) throw e; // at shutdown the native library may refuse calls: keep the first error
                }
            }
        }
    }

    /** "blobs-gaussianBlur2D" for "blobs.tif"; with {@code param}: "blobs-op-param". */
    static String resultTitle(String inputTitle, String operation, String param) {
        String base = inputTitle.replaceFirst("\\.(tif|tiff|png|jpg|jpeg|gif|zip|raw|bmp|czi|nd2|lsm|ome\\.tif)$", "");
        if (base.isEmpty()) base = "ijcl";
        return base + "-" + operation + (param == null ? "" : "-" + param);
    }

    /** One Log line per output number: "getSumOfAllPixels(blobs.tif): sum=12345". */
    private static void logNumbers(OpDescriptor op, String title, double[] numbers) {
        int n = 0;
        for (ParamDescriptor p : op.params) {
            if (p.kind != ParamDescriptor.Kind.NUMBER_OUT || n >= numbers.length) continue;
            IJ.log(op.name + "(" + title + "): " + p.name + "=" + format(numbers[n++]));
        }
    }

    static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String[] openTitles() {
        int[] ids = WindowManager.getIDList();
        if (ids == null) return new String[0];
        List<String> titles = new ArrayList<>();
        for (int id : ids) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null) titles.add(imp.getTitle());
        }
        return titles.toArray(new String[0]);
    }
}
