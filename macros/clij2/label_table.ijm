// CLIJ2 style (measurements combined in a table): a 100 x 100 crop of ImageJ's Blobs sample,
// Otsu threshold, connected components (4-connected), and per label: mean intensity, distance
// from its centroid to the nearest other label's centroid, and whether its bounding box touches
// the image edge; the background's mean intensity as well. CLIJ2's documentation page
// "Combining measurements in tables" builds the same table (with statisticsOfBackgroundAndLabelledPixels,
// centroidsOfLabels, generateDistanceMatrix, averageDistanceOfNClosestPoints and
// flagLabelsOnEdges; here the same quantities come from statisticsOfLabelledPixels).
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
makeRectangle(74, 44, 100, 100);
run("Crop");
crop = getTitle();
Ext.CLIJ2_push(crop);
Ext.CLIJ2_automaticThreshold(crop, foreground, "Otsu");
Ext.CLIJ2_connectedComponentsLabeling(foreground, labels);
Ext.CLIJ2_getSumOfAllPixels(crop, all_sum);
run("Clear Results");
Ext.CLIJ2_statisticsOfLabelledPixels(crop, labels);
n = nResults;
cx = newArray(n); cy = newArray(n);
label_sum = 0; label_pixels = 0;
for (i = 0; i < n; i++) {
	cx[i] = getResult("CENTROID_X", i);
	cy[i] = getResult("CENTROID_Y", i);
	label_sum += getResult("SUM_INTENSITY", i);
	label_pixels += getResult("PIXEL_COUNT", i);
}
print("labels: " + n);
print("background mean: " + d2s((all_sum - label_sum) / (getWidth() * getHeight() - label_pixels), 3));
for (i = 0; i < n; i++) {
	nearest = 1e30;
	for (j = 0; j < n; j++) if (j != i) nearest = minOf(nearest, sqrt(pow(cx[i] - cx[j], 2) + pow(cy[i] - cy[j], 2)));
	edge = getResult("BOUNDING_BOX_X", i) == 0 || getResult("BOUNDING_BOX_Y", i) == 0
		|| getResult("BOUNDING_BOX_END_X", i) == getWidth() - 1 || getResult("BOUNDING_BOX_END_Y", i) == getHeight() - 1;
	print("label " + getResult("IDENTIFIER", i) + ": mean " + d2s(getResult("MEAN_INTENSITY", i), 3) + ", nearest " + d2s(nearest, 3) + ", on edge " + edge);
}
Ext.CLIJ2_clear();
