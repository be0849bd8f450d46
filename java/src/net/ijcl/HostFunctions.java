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

    /**
     * One function under two names: {@code name} documented as {@code summary + details},
     * {@code alias} as {@code summary + " (as name)."}; {@code code} is given the name it was
     * registered under (its auto-named destination is "CLIJ2_" + that name).
     */
    private static void underTwoNames(String name, String alias, String params, String summary, String details,
                                      HostFunction.Handler code) {
        same(name, params, summary + details, (a, f) -> code.call(a, name));
        same(alias, params, summary + " (as " + name + ").", (a, f) -> code.call(a, alias));
    }

    static {
        same("push", "String image",
                "Copies the open image titled `image` (8, 16 or 32-bit) to the GPU under that name, replacing a "
                        + "GPU image of that name. A stack or hyperstack gives a 3D image as CLIJ2 pushes it: its "
                        + "z-slices if it has several (of the current channel and frame), else its channels (of "
                        + "the current frame), else its frames; so a 5D image gives one channel's z-stack at the "
                        + "current frame. To choose, use pushChannelFrame, pushChannels or pushFrames (ijcl). "
                        + "Errors: no open image of that title; an RGB image.",
                (a, f) -> push(text(a[0])));
        same("pull", "String image",
                "Shows the GPU image `image` in ImageJ as a new window titled `image` (uint8, uint16, "
                        + "float32 as 8, 16, 32-bit; uint32 label images as 32-bit). Errors: no GPU image "
                        + "of that name.",
                (a, f) -> Ijcl.pull(text(a[0])).show());
        same("pullBinary", "String image",
                "Shows the GPU image `image` in ImageJ as a binary image: a new 8-bit window titled `image` "
                        + "with 255 where the GPU image is not zero and 0 elsewhere (any pixel type; as CLIJ2's "
                        + "pullBinary). Errors: no GPU image of that name.",
                (a, f) -> HostDataFunctions.pullBinary(text(a[0])).show());
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
                "Logs one line per OpenCL device: name, type, platform, memory bytes, OpenCL version, driver, "
                        + "and whether long kernel launches are split (a GPU whose driver kills long kernels: Windows' TDR).",
                (a, f) -> { for (String line : Ijcl.listDevices()) IJ.log(line); });
        same("pushCurrentZStack", "String image",
                "Copies the z-stack of the current channel and time frame of the open image titled `image` "
                        + "to the GPU under that name.",
                (a, f) -> HostDataFunctions.pushCurrentZStack(text(a[0])));
        same("pushCurrentSlice", "String image",
                "Copies the current plane of the open image titled `image` to the GPU under that name (2D).",
                (a, f) -> HostDataFunctions.pushCurrentSlice(text(a[0])));
        same("pushCurrentSelection", "String image",
                "Copies the bounding box of the open image's selection (the whole image without one), every "
                        + "plane of its current channel and frame, to the GPU under the image's title.",
                (a, f) -> HostDataFunctions.pushCurrentSelection(text(a[0]), false));
        same("pushCurrentSliceSelection", "String image",
                "Copies the bounding box of the selection in the current plane (2D) to the GPU under the image's title.",
                (a, f) -> HostDataFunctions.pushCurrentSelection(text(a[0]), true));
        // hyperstacks and time-lapses (Hyperstacks, FrameStreamer); channels, slices, frames from 1
        add("pushChannelFrame", "String image, Number channel, Number frame", null,
                "Copies the z-stack of channel `channel` and frame `frame` (from 1, as ImageJ counts) of the open "
                        + "image titled `image` to the GPU under that name (a 2D image when it has one slice). "
                        + "Errors: no open image; a channel or frame outside the image; an RGB image.",
                (a, f) -> Hyperstacks.pushChannelFrame(text(a[0]), MacroArgs.number(a[1]), MacroArgs.number(a[2])));
        add("pushFrames", "String image, Number channel, Number slice, Number first_frame, Number last_frame", null,
                "Copies frames first_frame..last_frame of one channel and z-slice of the open image titled `image` "
                        + "to the GPU under that name, as a stack whose z axis is time (plane 0 = first_frame). "
                        + "Errors: positions outside the image; last_frame < first_frame.",
                (a, f) -> Hyperstacks.pushFrames(text(a[0]), MacroArgs.number(a[1]), MacroArgs.number(a[2]),
                        MacroArgs.number(a[3]), MacroArgs.number(a[4])));
        add("pushChannels", "String image, Number slice, Number frame, Number first_channel, Number last_channel", null,
                "Copies channels first_channel..last_channel of one z-slice and frame of the open image titled "
                        + "`image` to the GPU under that name, as a stack whose z axis is the channel. Errors: "
                        + "positions outside the image; last_channel < first_channel.",
                (a, f) -> Hyperstacks.pushChannels(text(a[0]), MacroArgs.number(a[1]), MacroArgs.number(a[2]),
                        MacroArgs.number(a[3]), MacroArgs.number(a[4])));
        add("streamFrame", "String image, Number channel, Number frame", null,
                "As pushChannelFrame, for a loop over a time-lapse: frame `frame` of `channel` goes to the GPU "
                        + "under the image's title, and the copy of frame + 1 to the GPU starts in the background "
                        + "(pinned memory, its own OpenCL queue), overlapping the operations the macro runs on "
                        + "this frame; the call for frame + 1 then takes the prefetched copy. Call it for frames "
                        + "1, 2, 3, ... in order (another order, image or channel just pushes). The prefetch reads "
                        + "the next frame when this call returns: do not change that frame's pixels in between. "
                        + "getStreamStatistics says how many frames came from the prefetch.",
                (a, f) -> FrameStreamer.streamFrame(text(a[0]), MacroArgs.number(a[1]), MacroArgs.number(a[2])));
        add("getStreamStatistics", "ByRef Number prefetched_frames_used, ByRef Number frames_pushed_directly", null,
                "Writes how many streamFrame calls in this ImageJ session took their frame from the background "
                        + "prefetch, and how many had to push it (the first frame of each stream, or out of order).",
                (a, f) -> {
                    setNumber(a[0], FrameStreamer.prefetchedFramesUsed());
                    setNumber(a[1], FrameStreamer.framesPushedDirectly());
                });
        add("pullToHyperstack", "Image image, String target, Number channel, Number frame", null,
                "Writes the GPU image (a z-stack, or a 2D image) into channel `channel`, frame `frame` of the open "
                        + "hyperstack titled `target`, whose width, height and slices it must match; values of "
                        + "another pixel type are converted as ImageJ's putPixelValue (rounded, clamped). When "
                        + "no image titled `target` is open it is made (and shown) first: the channels, frames, "
                        + "calibration (frame interval included), LUTs and display mode of the hyperstack the GPU "
                        + "image was pushed from (operations pass it from their first input to their outputs), the "
                        + "GPU image's slices and pixel type; the other channels and frames hold 0 until written. "
                        + "Errors: sizes that differ; a channel or frame outside the target; no open target and a "
                        + "GPU image not made from a pushed image.",
                (a, f) -> Hyperstacks.pullToHyperstack(text(a[0]), text(a[1]), MacroArgs.number(a[2]), MacroArgs.number(a[3])));
        same("pushAs", "String image, String new_name",
                "Copies the open image titled `image` to the GPU under the name `new_name` (as push). "
                        + "Errors: no open image of that title; an empty new_name; an RGB image.",
                (a, f) -> HostTransferFunctions.pushAs(text(a[0]), text(a[1])));
        same("pushString", "ByRef Image destination, String input, Number width, Number height, Number depth",
                "Makes a 32-bit image from text: numbers separated by spaces along x, line breaks along y, an "
                        + "empty line between planes (z), e.g. \"1 2\\n3 4\" is 2 x 2. The shape comes from the text "
                        + "(as CLIJ2); width, height and depth, when not 0, must agree with it. Errors: lines of "
                        + "different lengths, a token that is not a number, a size that disagrees.",
                (a, f) -> HostTransferFunctions.pushString(a));
        same("pullString", "Image input, ByRef String output",
                "Writes the pixels into a string, the layout pushString reads: values as Java writes a float "
                        + "(\"3.0\"), spaces between them, line breaks between rows, an empty line between planes.",
                (a, f) -> MacroArgs.setText(a[1], HostTransferFunctions.pullString(text(a[0]))));
        same("pushTile",
                "String image, Number tileIndexX, Number tileIndexY, Number tileIndexZ, Number width, Number height, "
                        + "Number depth, Number marginWidth, Number marginHeight, Number marginDepth",
                "Copies one tile of the open image titled `image` to the GPU under that name: the block at tile "
                        + "index (tileIndexX, tileIndexY, tileIndexZ) of width x height x depth pixels, widened by "
                        + "the margins on every side and clipped to the image (current channel and frame of a "
                        + "hyperstack). Process it, then pullTile with the same arguments writes its core back. "
                        + "Errors: a tile starting beyond the image; sizes < 1, indices or margins < 0. CLIJ2 "
                        + "reads one plane more at the end in z; ijcl's margins are the same on both sides.",
                (a, f) -> HostTransferFunctions.pushTile(a));
        same("pullTile",
                "String image, Number tileIndexX, Number tileIndexY, Number tileIndexZ, Number width, Number height, "
                        + "Number depth, Number marginWidth, Number marginHeight, Number marginDepth",
                "Writes the GPU image `image` (a tile pushed by pushTile with the same arguments, processed) "
                        + "without its margins into the open image of the same title, at the tile's place; "
                        + "values are converted as ImageJ's putPixelValue (rounded, clamped). Errors: no open "
                        + "or GPU image of that name; a GPU image smaller than the tile with its margins.",
                (a, f) -> HostTransferFunctions.pullTile(a));
        same("pullToCurrentSlice", "Image input_slice, String target_image_stack",
                "Writes the 2D GPU image into the current plane of the open image `target_image_stack`, from "
                        + "the top-left corner; pixels beyond the plane are left out; values converted as "
                        + "ImageJ's putPixelValue (rounded, clamped to the target's range). Errors: no such open "
                        + "image; an RGB target; a GPU stack.",
                (a, f) -> HostTransferFunctions.pullToCurrentSlice(text(a[0]), text(a[1]), false));
        same("pullToCurrentSliceSelection", "Image input_slice, String target_image_stack",
                "As pullToCurrentSlice, into the bounding box of the target's selection (the whole plane "
                        + "without one); pixels beyond the box are left out.",
                (a, f) -> HostTransferFunctions.pullToCurrentSlice(text(a[0]), text(a[1]), true));
        same("pullAsROI", "Image binary_input",
                "Puts the non-zero pixels of the 2D GPU image as a selection on the current image (ImageJ's "
                        + "ThresholdToSelection); no non-zero pixel removes the selection. Errors: a GPU stack; "
                        + "no open image.",
                (a, f) -> HostTransferFunctions.pullAsROI(text(a[0])));
        same("pull2DPointListAsRoi", "Image input, ByRef Array destination",
                "Puts the points of a point list (one column per point: row 0 = x, row 1 = y, pixels) as a "
                        + "point selection on the current image. The array argument is left unchanged; it must be an "
                        + "array variable (CLIJ2 declares it as an output array, which ImageJ's macro language "
                        + "cannot pass, so CLIJ2's own function cannot be called). "
                        + "Errors: an image of height < 2 or a stack; no open image.",
                (a, f) -> HostTransferFunctions.pull2DPointListAsRoi(text(a[0])));
        same("pushArray", "ByRef Image destination, Array input, Number width, Number height, Number depth",
                "Makes a 32-bit image width x height x depth from a macro array (x fastest, then y, then z). "
                        + "Errors: an array of another length, a value that is not a number.",
                (a, f) -> HostDataFunctions.pushArray(a, "pushArray", true));
        same("pushArray2D", "ByRef Image destination, Array input, Number width, Number height",
                "Makes a 32-bit image width x height from a macro array (x fastest).",
                (a, f) -> HostDataFunctions.pushArray(a, "pushArray2D", false));
        same("multiplyImageStackWithScalars", "Image source, ByRef Image destination, Array scalars",
                "Multiplies every plane z of source by scalars[z] (one float product per pixel; the result has "
                        + "source's shape and pixel type). An array shorter than the stack: the planes past its end "
                        + "use its last value; extra values are unused (as CLIJ2, whose read of its scalar list "
                        + "clamps to the edge). Integer results are rounded half up and saturated, where CLIJ2 "
                        + "truncates toward zero: ijcl can be 1 higher. Runs as multiplyImageStackWithScalarList "
                        + "with the array pushed as a one-row float image (released afterwards). Errors: no GPU "
                        + "image source; an empty array or a value that is not a number (argument 'scalars').",
                (a, f) -> HostDataFunctions.multiplyImageStackWithScalars(a));
        same("saveAsTIF", "Image input, String filename",
                "Writes the GPU image as a TIFF file (written under a temporary name, then renamed, so an "
                        + "interrupted save leaves no half-written file).",
                (a, f) -> HostDataFunctions.saveAsTIF(text(a[0]), text(a[1])));
        same("print", "Image input",
                "Logs the pixel values as CLIJ2 does: one line per row, values as Java writes a float (\"6.0\", \"0.2\") "
                        + "separated by spaces, planes separated by an empty line (the text of pullString).",
                (a, f) -> HostDataFunctions.print(text(a[0])));
        same("getSize", "Image source",
                "Adds a row to the Results table with the image's Width, Height and Depth in pixels.",
                (a, f) -> HostDataFunctions.getSize(text(a[0])));
        same("GPUProperties", "",
                "Adds a row to the Results table: GPUName, Global_memory_in_bytes, OpenCL_Version.",
                (a, f) -> HostDataFunctions.gpuProperties());
        same("listAvailableGPUs", "",
                "Adds one Results row (GPUName) per OpenCL device and logs the names.",
                (a, f) -> HostDataFunctions.listAvailableGPUs());
        same("clInfo", "",
                "Logs every OpenCL device: name, type, platform, memory bytes, OpenCL version, driver.",
                (a, f) -> { for (String line : Ijcl.listDevices()) IJ.log(line.replace('\t', ' ')); });
        underTwoNames("pushResultsTable", "resultsTableToImage2D", "ByRef Image destination",
                "The Results table as a 32-bit image",
                ": one pixel column per table column (text columns give NaN), one pixel row per table row.",
                HostDataFunctions::resultsTableToImage);
        underTwoNames("pushResultsTableColumn", "resultsTableColumnToImage", "ByRef Image destination, String column_name",
                "One Results column as a 32-bit image", " of width = number of rows, height 1.",
                HostDataFunctions::columnToImage);
        same("image2DToResultsTable", "Image source",
                "Replaces the Results table by the 2D image: column X<x> holds pixel column x, one row per y.",
                (a, f) -> HostDataFunctions.image2DToResultsTable(text(a[0])));
        same("pullToResultsTableColumn", "Image source, String column_name, Boolean append_new_rows",
                "Writes the pixels (x fastest, then y, z) into a Results column, from the first row or, with "
                        + "append_new_rows, after the last row.",
                (a, f) -> HostDataFunctions.pullToResultsTableColumn(text(a[0]), text(a[1]), MacroArgs.number(a[2]) != 0));
        same("startTimeTracing", "", "Starts recording how long each Ext function takes (clears earlier traces).",
                (a, f) -> HostDataFunctions.startTimeTracing());
        same("stopTimeTracing", "", "Stops recording.", (a, f) -> HostDataFunctions.stopTimeTracing());
        same("getTimeTracing", "ByRef String time_traces",
                "Writes the recorded traces, one line per call: 'function milliseconds ms'.",
                (a, f) -> MacroArgs.setText(a[0], HostDataFunctions.timeTraces()));
        // label points (HostTransferFunctions): labels as selections, images and Results tables
        same("pullToResultsTable", "Image source",
                "Appends the first plane of the GPU image to the Results table: one row per y, column X<x> holding "
                        + "pixel (x, y) (uint32 labels as float); existing rows are kept, as CLIJ2's PullToResultsTable "
                        + "(Image2DToResultsTable) does. A stack gives its first plane (as CLIJ2).",
                (a, f) -> HostTransferFunctions.pullToResultsTable(text(a[0])));
        same("pullLabelsToROIList", "Image labelmap_input",
                "Logs the selection of every label 1..max of a 2D label image (ImageJ's Roi.toString, one line per "
                        + "label, named Label_<id>, as CLIJ2 does from a macro; absent ids are skipped). Selections are "
                        + "ImageJ's ThresholdToSelection of each label's pixels (traced outlines; holes and several "
                        + "pieces as composite selections). Errors: a stack.",
                (a, f) -> HostTransferFunctions.pullLabelsToROIList(text(a[0])));
        same("pullLabelsToROIManager", "Image labelmap_input",
                "Adds the selection of every label 1..max of a 2D label image to the ROI Manager (the batch-mode one in "
                        + "batch mode), in id order, named Label_<id>; ids without pixels are skipped, as in CLIJ2. "
                        + "Selections: ImageJ's ThresholdToSelection of each label's pixels. Errors: a stack; a headless ImageJ, "
                        + "where ImageJ's ROI Manager (a window) cannot open.",
                (a, f) -> HostTransferFunctions.pullLabelsToROIManager(text(a[0])));
        same("pullToROIManager", "Image binary_input",
                "Adds the non-zero pixels of a 2D image as one selection (ImageJ's ThresholdToSelection) to the ROI "
                        + "Manager; an image without non-zero pixels adds nothing (CLIJ2 passes a null selection). "
                        + "Errors: a stack; a headless ImageJ, where ImageJ's ROI Manager (a window) cannot open.",
                (a, f) -> HostTransferFunctions.pullToROIManager(text(a[0])));
        same("generateParametricImageFromResultsTableColumn", "Image label_map, ByRef Image parametric_image_destination, String column",
                "A float32 image of the label map's shape in which every pixel of label l gets row l of the Results "
                        + "column (row 0: the background's value; ids past the last row get the last row's value): the "
                        + "column as generateParametricImage's vector. Difference from CLIJ2: CLIJ2's Java passes its "
                        + "arguments to replaceIntensities in swapped order (the column vector as the image to "
                        + "replace, the label map as the values), which gives no parametric image; ijcl does what CLIJ2 "
                        + "documents. Errors: no such column, an empty table, no such label image.",
                (a, f) -> HostTransferFunctions.generateParametricImageFromResultsTableColumn(a));
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
