// CLIJ2 style (overlap of two masks): ImageJ's Blobs sample thresholded with two of ImageJ's
// automatic methods (Otsu, MinError), and their overlap as Jaccard index and Sorensen-Dice
// coefficient, in percent, worked out from pixel counts (sums of the 0/1 masks) of the masks, their intersection and
// their union. CLIJ2's documentation page "Measure overlap" prints the same two numbers
// (there with getJaccardIndex and getSorensenDiceCoefficient).
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
blobs = getTitle();
Ext.CLIJ2_push(blobs);
Ext.CLIJ2_automaticThreshold(blobs, otsu, "Otsu");
Ext.CLIJ2_automaticThreshold(blobs, min_error, "MinError");
Ext.CLIJ2_binaryAnd(otsu, min_error, intersection);
Ext.CLIJ2_binaryOr(otsu, min_error, union);
Ext.CLIJ2_getSumOfAllPixels(otsu, n_otsu);
Ext.CLIJ2_getSumOfAllPixels(min_error, n_min_error);
Ext.CLIJ2_getSumOfAllPixels(intersection, n_intersection);
Ext.CLIJ2_getSumOfAllPixels(union, n_union);
print("pixels: " + n_otsu + " " + n_min_error + " " + n_intersection + " " + n_union);
print("jaccard: " + (100 * n_intersection / n_union) + "%");
print("dice: " + (100 * 2 * n_intersection / (n_otsu + n_min_error)) + "%");
Ext.CLIJ2_clear();
