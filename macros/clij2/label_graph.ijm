// CLIJ2 style (label graph, category Graph): ImageJ's Blobs sample thresholded with Otsu, its
// 8-connected components labelled, then how often labels touch (generateTouchCountMatrix: every
// face-neighbouring pixel pair of two different labels, here always a label and the background),
// and the mean distance from each label's centroid to the nearest other centroid
// (generateDistanceMatrix, nClosestDistances: rank 0 and 1 are the background entry and the label
// itself, both 0, so rank 2 is the nearest other label).
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
blobs = getTitle();
Ext.CLIJ2_push(blobs);
Ext.CLIJ2_automaticThreshold(blobs, mask, "Otsu");
Ext.CLIJ2_connectedComponentsLabelingBox(mask, labels);
Ext.CLIJ2_getMaximumOfAllPixels(labels, n);
print("labels: " + n);
Ext.CLIJ2_generateTouchCountMatrix(labels, counts);
Ext.CLIJ2_getSumOfAllPixels(counts, contacts);
print("label contacts: " + contacts);
Ext.CLIJ2_centroidsOfLabels(labels, points);
Ext.CLIJ2_generateDistanceMatrix(points, points, distances);
Ext.CLIJ2_nClosestDistances(distances, nearest, indices, 3);
Ext.CLIJ2_crop2D(nearest, third, 0, 2, n + 1, 1);
Ext.CLIJ2_getSumOfAllPixels(third, sum_nearest);
print("mean nearest neighbour distance: " + d2s(sum_nearest / n, 4));
Ext.CLIJ2_clear();
