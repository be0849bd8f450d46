// A time-lapse streamed through the GPU frame by frame: while the GPU works on frame t, frame
// t + 1 is already being copied to it (Ext.IJCL_streamFrame). Each frame's z-stack (or plane) is
// blurred (Gaussian, sigma 2 pixels in x and y) and written into a new hyperstack that keeps the
// time-lapse's channels, frames, calibration and LUTs (Ext.IJCL_pullToHyperstack).
// Example: drosophila_timelapse.tif (13 frames, 30 s apart; clij/clij2-docs).
//
// Argument (all optional): "input.tif|output_folder|device".
// Prints "frames F, channels C, prefetched P, pushed D" (P: frames that came from the background
// copy; D: frames pushed by the call itself, the first of each channel).
args = split(getArgument(), "|");
input = ""; output = ""; device = "";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
movie = getTitle();
getDimensions(width, height, channels, slices, frames);
if (frames == 1 && slices > 1) {
    // a time-lapse saved as a plain stack: its planes are time points
    Stack.setDimensions(channels, 1, slices);
    frames = slices;
    slices = 1;
}
result = File.getNameWithoutExtension(movie) + "_blurred";
Ext.IJCL_getStreamStatistics(prefetched_before, pushed_before);
blurred = "blurred";
for (c = 1; c <= channels; c++) {
    for (t = 1; t <= frames; t++) {
        Ext.IJCL_streamFrame(movie, c, t);           // frame t on the GPU; frame t + 1 on its way
        Ext.IJCL_gaussianBlur3D(movie, blurred, 2, 2, 0);
        Ext.IJCL_pullToHyperstack(blurred, result, c, t);
    }
}
Ext.IJCL_getStreamStatistics(prefetched, pushed);
if (output != "") {
    File.makeDirectory(output);
    selectImage(result);
    saveAs("Tiff", output + "/" + result + ".tif");
}
Ext.IJCL_clear();
print("frames " + frames + ", channels " + channels + ", prefetched " + (prefetched - prefetched_before)
    + ", pushed " + (pushed - pushed_before));
