// Blobs: count and measure objects on the GPU.
// Gaussian blur (sigma 2), Otsu threshold, connected components (8-connected), per-object
// statistics. The same steps on the CPU in ImageJ are: Gaussian Blur... sigma=2,
// setAutoThreshold("Otsu dark"), Convert to Mask, Analyze Particles...
//
// Argument (all optional): "input.tif|output_folder|device". Without one, it asks ImageJ for the
// open image and writes nothing.
args = split(getArgument(), "|");
input = ""; output = ""; device = "";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];
if (output != "") File.makeDirectory(output);

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
blobs = getTitle();

start = getTime();
Ext.IJCL_push(blobs);
blurred = "blurred";
Ext.IJCL_gaussianBlur2D(blobs, blurred, 2, 2);
binary = "binary";
Ext.IJCL_automaticThreshold(blurred, binary, "Otsu");
labels = "labels";
Ext.IJCL_connectedComponentsLabelingBox(binary, labels);
Ext.IJCL_statisticsOfLabelledPixels(blobs, labels);
Ext.IJCL_getMaximumOfAllPixels(labels, number_of_objects);
time = getTime() - start;

Ext.IJCL_getGPUProperties(gpu, memory, opencl_version);
if (output != "") {
    saveAs("Results", output + "/blobs_statistics.csv");
    Ext.IJCL_pull(labels);
    saveAs("Tiff", output + "/blobs_labels.tif");
}
Ext.IJCL_clear();
print("blobs.tif, " + gpu + ", " + number_of_objects + ", " + time);
