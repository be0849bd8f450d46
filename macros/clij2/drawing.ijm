// CLIJ2 style (categories Visualisation and Graph): draw a box, an ellipse and a line into a new image, then
// mark each blob of ImageJ's Blobs sample by its pixel count (a parametric image) and write the
// centroids of the blobs joined by lines where they lie closer than 30 pixels. Only the init line differs from CLIJ2's
// run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
input = getTitle();
Ext.CLIJ2_push(input);

// shapes on an empty 8-bit canvas of 101 x 77 pixels
Ext.CLIJ2_create2D(canvas, 101, 77, 8);
Ext.CLIJ2_drawBox(canvas, 5, 7, 0, 20, 10, 0, 50);
Ext.CLIJ2_getSumOfAllPixels(canvas, box_sum);
print("box sum: " + box_sum);
Ext.CLIJ2_drawSphere(canvas, 60.5, 40, 0, 12, 7.5, 1, 100);
Ext.CLIJ2_getSumOfAllPixels(canvas, sphere_sum);
print("box and ellipse sum: " + sphere_sum);
Ext.CLIJ2_drawLine(canvas, 2, 70, 0, 98, 60, 0, 1, 7);
Ext.CLIJ2_countNonZeroPixels(canvas);
print("non-zero after the line: " + getResult("CountNonZero", nResults - 1));

// the blobs as labels, each replaced by its size, and their centroids drawn as spots
Ext.CLIJ2_automaticThreshold(input, mask, "Otsu");
Ext.CLIJ2_connectedComponentsLabelingBox(mask, labels);
Ext.CLIJ2_getMaximumOfAllPixels(labels, count);
print("labels: " + count);
Ext.CLIJ2_pixelCountMap(labels, sizes);
Ext.CLIJ2_getMaximumOfAllPixels(sizes, largest);
print("largest blob: " + largest);
Ext.CLIJ2_getSumOfAllPixels(sizes, size_sum);
print("sum of the size map: " + size_sum);
Ext.CLIJ2_meanIntensityMap(input, labels, means);
Ext.CLIJ2_getMaximumOfAllPixels(means, brightest);
print("brightest blob mean: " + d2s(brightest, 4));
Ext.CLIJ2_centroidsOfLabels(labels, centroids);
Ext.CLIJ2_getSize(centroids);
print("centroids: " + getResult("Width", nResults - 1) + " x " + getResult("Height", nResults - 1));
// category Graph: lines between the centroids of blobs closer than 30 pixels
Ext.CLIJ2_generateDistanceMatrix(centroids, centroids, distances);
Ext.CLIJ2_create2D(mesh, getWidth(), getHeight(), 8);
Ext.CLIJ2_distanceMatrixToMesh(centroids, distances, mesh, 30);
Ext.CLIJ2_countNonZeroPixels(mesh);
print("mesh pixels: " + getResult("CountNonZero", nResults - 1));
Ext.CLIJ2_clear();
