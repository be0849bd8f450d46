// Beads: count fluorescent beads in a confocal z-stack with 3D operations on the GPU.
// 3D Gaussian blur, Otsu threshold on the whole stack, 3D connected components (26-connected),
// per-bead statistics.
//
// Argument (all optional): "input.tif|output_folder|device".
args = split(getArgument(), "|");
input = ""; output = ""; device = "";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];
if (output != "") File.makeDirectory(output);

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
beads = getTitle();

start = getTime();
Ext.IJCL_push(beads);
blurred = "blurred";
Ext.IJCL_gaussianBlur3D(beads, blurred, 1, 1, 1);
binary = "binary";
Ext.IJCL_automaticThreshold(blurred, binary, "Otsu");
labels = "labels";
Ext.IJCL_connectedComponentsLabelingBox(binary, labels);
Ext.IJCL_statisticsOfLabelledPixels(beads, labels);
Ext.IJCL_getMaximumOfAllPixels(labels, number_of_beads);
time = getTime() - start;

Ext.IJCL_getGPUProperties(gpu, memory, opencl_version);
if (output != "") {
    saveAs("Results", output + "/beads_3d_statistics.csv");
    Ext.IJCL_pull(labels);
    saveAs("Tiff", output + "/beads_3d_labels.tif");
}
Ext.IJCL_clear();
print("beads_3d.tif, " + gpu + ", " + number_of_beads + ", " + time);
