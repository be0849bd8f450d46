// Voronoi-Otsu nuclei segmentation with per-nucleus measurements, written as a CLIJ2 user writes
// it: only the init line differs from run("CLIJ2 Macro Extensions", "cl_device=").
// Steps (CLIJ2's voronoiOtsuLabeling): Gaussian blur with the spot sigma, local maxima = one seed
// per nucleus; Gaussian blur with the outline sigma, Otsu threshold (ImageJ's AutoThresholder) =
// the nuclei's outline; seeds inside the outline grow into a Voronoi partition of it. Then one
// Results row per nucleus (statisticsOfLabelledPixels: area in pixels, mean intensity, centroid).
// The classic example image is ImageJ's Blobs (spot sigma 3.5, outline sigma 1).
//
// Argument (all optional): "input.tif|output_folder|device|spot_sigma|outline_sigma".
args = split(getArgument(), "|");
input = ""; output = ""; device = ""; spot_sigma = 3.5; outline_sigma = 1;
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];
if (args.length > 3) spot_sigma = parseFloat(args[3]);
if (args.length > 4) outline_sigma = parseFloat(args[4]);
if (output != "") File.makeDirectory(output);

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
image = getTitle();
base = File.getNameWithoutExtension(image);

start = getTime();
Ext.CLIJ2_push(image);
Ext.CLIJ2_voronoiOtsuLabeling(image, labels, spot_sigma, outline_sigma);
run("Clear Results");
Ext.CLIJ2_statisticsOfLabelledPixels(image, labels);
nuclei = nResults;
time = getTime() - start;

area = 0;
for (i = 0; i < nuclei; i++) area += getResult("PIXEL_COUNT", i);
Ext.CLIJ2_getGPUProperties(gpu, memory, opencl_version);
if (output != "") {
    saveAs("Results", output + "/" + base + "_nuclei.csv");
    Ext.CLIJ2_pull(labels);
    saveAs("Tiff", output + "/" + base + "_nuclei_labels.tif");
}
Ext.CLIJ2_clear();
print(image + ", " + gpu + ", " + nuclei + ", " + time);
print("mean nucleus area (pixels): " + d2s(area / maxOf(nuclei, 1), 3));
