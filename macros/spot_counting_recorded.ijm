// Drosophila time-lapse: count nuclei (spots) in every frame with ImageJ's own commands only, as the
// macro recorder writes them (no Ext. calls): median denoising, rolling-ball background
// subtraction, Gaussian blur, Find Maxima's point count. Run it plain and it is ImageJ's CPU pipeline;
// run it in GPU mode (./ijcl run --gpu, or run("IJCL GPU Mode", "enable") first) and the commands
// with GPU twins run on the GPU, with identical results (./ijcl demo runs both and prints both).
//
// Argument (all optional): "input.tif|output_folder|label" (label: printed, e.g. "GPU mode").
args = split(getArgument(), "|");
input = ""; output = ""; label = "ImageJ";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) label = args[2];
if (output != "") File.makeDirectory(output);

setBatchMode(true);
if (input != "") open(input);
timelapse = getTitle();
frames = nSlices;
run("Clear Results");
run("Select None");
total_spots = 0;
start = getTime();
for (frame = 1; frame <= frames; frame++) {
    selectImage(timelapse);
    setSlice(frame);
    run("Duplicate...", "title=frame");
    run("Median...", "radius=2");
    run("Subtract Background...", "rolling=10");
    run("Gaussian Blur...", "sigma=2");
    run("Find Maxima...", "prominence=10 output=[Point Selection]");
    spots = 0;
    if (selectionType() != -1) {
        getSelectionCoordinates(xs, ys);
        spots = xs.length;
    }
    setResult("frame", frame - 1, frame);
    setResult("spots", frame - 1, spots);
    total_spots = total_spots + spots;
    if (frame < frames) close("frame");
}
time = getTime() - start;
if (output != "") {
    saveAs("Results", output + "/spot_counts_recorded_" + replace(label, " ", "_") + ".csv");
    selectImage("frame");
    saveAs("Tiff", output + "/last_frame_filtered_" + replace(label, " ", "_") + ".tif");
}
print("drosophila_timelapse.tif (recorded commands), " + label + ", " + total_spots + ", " + time);
