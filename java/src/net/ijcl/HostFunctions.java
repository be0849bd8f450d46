package net.ijcl;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static net.ijcl.MacroArgs.logLines;
import static net.ijcl.MacroArgs.setNumber;
import static net.ijcl.MacroArgs.setTextOrNumber;
import static net.ijcl.MacroArgs.text;

/**
 * The macro functions that run in Java (see {@link HostFunction}), one row each: name, our
 * parameters, CLIJ2's parameters (null: not a CLIJ2 function), documentation, and the code.
 * Parameters are written as CLIJ2 help texts: "[ByRef] Image|Number|Boolean|String|Array name".
 */
public final class HostFunctions {
    private static final Map<String, HostFunction> ALL = new LinkedHashMap<>();

    private static void add(String name, String ijcl, String clij2, String doc, HostFunction.Handler handler) {
        ALL.put(name, new HostFunction(name, ijcl, clij2, doc, handler));
    }

    private static void same(String name, String params, String doc, HostFunction.Handler handler) {
        add(name, params, params, doc, handler);
    }

    static {
        same("push", "String image",
                "Copies the open image titled `image` (8, 16 or 32-bit; a stack: its current channel and "
                        + "frame) to the GPU under that name, replacing a GPU image of that name. Errors: no "
                        + "open image of that title; an RGB image.",
                (a, f) -> push(text(a[0])));
        same("pull", "String image",
                "Shows the GPU image `image` in ImageJ as a new window titled `image` (uint8, uint16, "
                        + "float32 as 8, 16, 32-bit; uint32 label images as 32-bit). Errors: no GPU image "
                        + "of that name.",
                (a, f) -> Ijcl.pull(text(a[0])).show());
        same("release", "String image",
                "Frees the GPU image `image` (no error when there is none).",
                (a, f) -> Ijcl.release(text(a[0])));
        same("clear", "", "Frees every GPU image.", (a, f) -> Ijcl.clear());
        same("reportMemory", "",
                "Logs the GPU images with their shapes, pixel types and bytes, and the total.",
                (a, f) -> logLines(Ijcl.reportMemory()));
        add("getMemoryInUse", "ByRef Number bytes", null,
                "Writes the bytes held by GPU images into `bytes`.",
                (a, f) -> setNumber(a[0], Ijcl.memoryInUse()));
        add("getGPUProperties",
                "ByRef String GPU_name, ByRef Number global_memory_in_bytes, ByRef String OpenCL_version",
                "ByRef String GPU_name, ByRef Number global_memory_in_bytes, ByRef Number OpenCL_version",
                "Writes the device's name, global memory in bytes and OpenCL version into the variables "
                        + "(Ext.IJCL_: the version as text, e.g. \"OpenCL 3.0 CUDA\"; Ext.CLIJ2_: as a "
                        + "number, e.g. 3.0, as CLIJ2 does).",
                (a, f) -> {
                    String[] p = Ijcl.deviceProperties();
                    MacroArgs.setText(a[0], p[0]);
                    setNumber(a[1], Double.parseDouble(p[1]));
                    setTextOrNumber(a[2], p[2]);
                });
        add("listDevices", "", null,
                "Logs one line per OpenCL device: name, type, platform, memory bytes, OpenCL version, driver.",
                (a, f) -> { for (String line : Ijcl.listDevices()) IJ.log(line); });
        add("help", "String search_text", "String searchFor",
                "Logs the documentation of every function whose name or documentation contains the text.",
                (a, f) -> help(text(a[0])));
    }

    private HostFunctions() {}

    /** All host functions, in declaration order. */
    public static Iterable<HostFunction> all() {
        return Collections.unmodifiableCollection(ALL.values());
    }

    /** The function, or null. */
    public static HostFunction find(String name) {
        return ALL.get(name);
    }

    private static void push(String title) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) throw new IjclException("argument 'image': no image titled '" + title + "' is open");
        Ijcl.push(imp, title);
    }

    private static void help(String search) {
        List<String> found = new ArrayList<>();
        for (HostFunction h : ALL.values())
            if (h.matches(search == null ? "" : search)) found.add(h.helpText());
        for (OpDescriptor op : OpRegistry.get().search(search)) found.add(op.helpText());
        if (found.isEmpty()) {
            IJ.log("IJCL_help: nothing matches '" + search + "'");
            return;
        }
        for (String text : found) logLines(text);
    }
}
