// A time-lapse frame by frame, written as a CLIJ2 user writes it (only the init line differs
// from run("CLIJ2 Macro Extensions", "cl_device=")): each frame is pushed alone, its nuclei are
// segmented by Voronoi-Otsu labeling, and one table row per frame gets the number of nuclei,
// their mean area (pixels), the mean number of touching neighbours and the mean distance
// (pixels, between centroids) to the nearest neighbour. The example is a crop of migrating
// cancer cell nuclei (cancer_cell_migration_crop.tif, 48 frames; Tinevez & Jacquemet). The label
// images of all frames are kept in one stack on the GPU and saved with the table.
//
// Argument (all optional): "input.tif|output_folder|device|spot_sigma|outline_sigma".
// Prints one line per frame ("frame F: nuclei N, ...") and the summary
// "image, device, nuclei over all frames, ms".
args = split(getArgument(), "|");
input = ""; output = ""; device = ""; spot_sigma = 2; outline_sigma = 1;
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];
if (args.length > 3) spot_sigma = parseFloat(args[3]);
if (args.length > 4) outline_sigma = parseFloat(args[4]);
if (output != "") File.makeDirectory(output);

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
timelapse = getTitle();
base = File.getNameWithoutExtension(timelapse);
frames = nSlices;
// the label image of every frame, kept on the GPU as one 32-bit stack and saved at the end
Ext.CLIJ2_create3D(labels_over_time, getWidth(), getHeight(), frames, 32);

// one row per frame, gathered in arrays and written to the Results table at the end (the loop
// uses the Results table for the per-nucleus statistics)
column_nuclei = newArray(frames); column_area = newArray(frames); column_touching = newArray(frames);
column_distance = newArray(frames); column_time = newArray(frames); column_frame = newArray(frames);
total_nuclei = 0;
total_time = 0;
for (frame = 1; frame <= frames; frame++) {
    selectImage(timelapse);
    setSlice(frame);
    start = getTime();
    Ext.CLIJ2_pushCurrentSlice(timelapse);
    Ext.CLIJ2_voronoiOtsuLabeling(timelapse, labels, spot_sigma, outline_sigma);
    Ext.CLIJ2_getMaximumOfAllPixels(labels, nuclei);
    Ext.CLIJ2_greaterConstant(labels, nuclei_mask, 0);
    Ext.CLIJ2_getSumOfAllPixels(nuclei_mask, nuclei_area);
    Ext.CLIJ2_touchingNeighborCountMap(labels, touching_neighbor_count_map);
    Ext.CLIJ2_averageDistanceOfNClosestNeighborsMap(labels, neighbor_distance_map, 1);
    run("Clear Results");
    Ext.CLIJ2_statisticsOfLabelledPixels(touching_neighbor_count_map, labels);
    mean_touching = 0;
    for (i = 0; i < nResults; i++) mean_touching += getResult("MEAN_INTENSITY", i) / nResults;
    run("Clear Results");
    Ext.CLIJ2_statisticsOfLabelledPixels(neighbor_distance_map, labels);
    mean_distance = 0;
    for (i = 0; i < nResults; i++) mean_distance += getResult("MEAN_INTENSITY", i) / nResults;
    Ext.CLIJ2_convertFloat(labels, labels_float);   // the stack is 32-bit float, as CLIJ2 creates it
    Ext.CLIJ2_copySlice(labels_float, labels_over_time, frame - 1);
    time = getTime() - start;

    row = frame - 1;
    column_frame[row] = frame;
    column_nuclei[row] = nuclei;
    column_area[row] = nuclei_area / maxOf(nuclei, 1);
    column_touching[row] = mean_touching;
    column_distance[row] = mean_distance;
    column_time[row] = time;
    print("frame " + frame + ": nuclei " + nuclei + ", mean area " + d2s(nuclei_area / maxOf(nuclei, 1), 4)
        + ", mean touching neighbours " + d2s(mean_touching, 4) + ", mean nearest-neighbour distance " + d2s(mean_distance, 4));
    total_nuclei += nuclei;
    total_time += time;
}
run("Clear Results");
for (row = 0; row < frames; row++) {
    setResult("frame", row, column_frame[row]);
    setResult("nuclei", row, column_nuclei[row]);
    setResult("mean_area", row, column_area[row]);
    setResult("mean_touching_neighbors", row, column_touching[row]);
    setResult("mean_nearest_neighbor_distance", row, column_distance[row]);
    setResult("milliseconds", row, column_time[row]);
}
updateResults();
Ext.CLIJ2_getGPUProperties(gpu, memory, opencl_version);
if (output != "") {
    saveAs("Results", output + "/" + base + "_nuclei_per_frame.csv");
    Ext.CLIJ2_pull(labels_over_time);
    saveAs("Tiff", output + "/" + base + "_labels_over_time.tif");
}
Ext.CLIJ2_clear();
print(timelapse + ", " + gpu + ", " + total_nuclei + ", " + total_time);
