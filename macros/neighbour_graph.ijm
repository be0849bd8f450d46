// Nuclei as a neighbour graph, written as a CLIJ2 user writes it (only the init line differs
// from run("CLIJ2 Macro Extensions", "cl_device=")): Voronoi-Otsu labeling of the nuclei, then
// for every nucleus the number of touching neighbours and the average distance (pixels, between
// centroids) to its n nearest neighbours, shown as parametric images (each nucleus painted with
// its value) and as a mesh drawn between the centroids of touching nuclei. One Results row per
// nucleus: its statistics plus both graph measurements. The example image is a maximum
// projection of a Tribolium castaneum embryo (Lund_MAX_001300.tif, Myers lab, MPI-CBG).
//
// Argument (all optional): "input.tif|output_folder|device|spot_sigma|outline_sigma|n".
// Prints: "image, device, nuclei, mean touching neighbours, mean distance to the n nearest, ms".
args = split(getArgument(), "|");
input = ""; output = ""; device = ""; spot_sigma = 2; outline_sigma = 2; n = 1;
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];
if (args.length > 3) spot_sigma = parseFloat(args[3]);
if (args.length > 4) outline_sigma = parseFloat(args[4]);
if (args.length > 5) n = parseInt(args[5]);
if (output != "") File.makeDirectory(output);

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
image = getTitle();
base = File.getNameWithoutExtension(image);

start = getTime();
Ext.CLIJ2_push(image);
Ext.CLIJ2_voronoiOtsuLabeling(image, labels, spot_sigma, outline_sigma);
Ext.CLIJ2_touchingNeighborCountMap(labels, touching_neighbor_count_map);
Ext.CLIJ2_averageDistanceOfNClosestNeighborsMap(labels, neighbor_distance_map, n);
Ext.CLIJ2_drawMeshBetweenTouchingLabels(labels, mesh);

// per nucleus: the parametric maps hold one value per nucleus, read back as its mean
run("Clear Results");
Ext.CLIJ2_statisticsOfLabelledPixels(touching_neighbor_count_map, labels);
nuclei = nResults;
touching = newArray(nuclei);
for (i = 0; i < nuclei; i++) touching[i] = getResult("MEAN_INTENSITY", i);
run("Clear Results");
Ext.CLIJ2_statisticsOfLabelledPixels(neighbor_distance_map, labels);
distance = newArray(nuclei);
for (i = 0; i < nuclei; i++) distance[i] = getResult("MEAN_INTENSITY", i);
run("Clear Results");
Ext.CLIJ2_statisticsOfLabelledPixels(image, labels);
time = getTime() - start;

mean_touching = 0; mean_distance = 0;
for (i = 0; i < nuclei; i++) {
    setResult("TOUCHING_NEIGHBOR_COUNT", i, touching[i]);
    setResult("AVERAGE_DISTANCE_OF_" + n + "_NEAREST", i, distance[i]);
    mean_touching += touching[i] / nuclei;
    mean_distance += distance[i] / nuclei;
}
updateResults();
Ext.CLIJ2_getGPUProperties(gpu, memory, opencl_version);
if (output != "") {
    saveAs("Results", output + "/" + base + "_neighbours.csv");
    Ext.CLIJ2_pull(labels);
    saveAs("Tiff", output + "/" + base + "_nuclei_labels.tif");
    Ext.CLIJ2_pull(touching_neighbor_count_map);
    saveAs("Tiff", output + "/" + base + "_touching_neighbor_count_map.tif");
    Ext.CLIJ2_pull(neighbor_distance_map);
    saveAs("Tiff", output + "/" + base + "_neighbor_distance_map.tif");
    Ext.CLIJ2_pull(mesh);
    saveAs("Tiff", output + "/" + base + "_touching_mesh.tif");
}
Ext.CLIJ2_clear();
print(image + ", " + gpu + ", " + nuclei + ", " + d2s(mean_touching, 4) + ", " + d2s(mean_distance, 4) + ", " + time);
