// CLIJ2 style (category Filter: edges, local statistics, background): blobs.tif.
// Written as a CLIJ2 user writes it; only the init line differs from CLIJ2's
// run("CLIJ2 Macro Extensions", "cl_device=");
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
input = getTitle();
Ext.CLIJ2_push(input);

// edges: Sobel magnitude (8-bit result, saturated at 255) and the local variance (float)
Ext.CLIJ2_sobel(input, edges);
Ext.CLIJ2_varianceBox(input, variance, 2, 2, 0);
// a band-pass: difference of Gaussians (8-bit: negative values become 0)
Ext.CLIJ2_differenceOfGaussian2D(input, band_pass, 1, 1, 4, 4);
// count of bright pixels around every pixel
Ext.CLIJ2_threshold(input, bright, 128);
Ext.CLIJ2_countNonZeroPixels2DSphere(bright, bright_count, 3, 3);

Ext.CLIJ2_getSumOfAllPixels(edges, sum_edges);
Ext.CLIJ2_getMaximumOfAllPixels(variance, max_variance);
Ext.CLIJ2_getSumOfAllPixels(band_pass, sum_band_pass);
Ext.CLIJ2_getMaximumOfAllPixels(bright_count, max_count);
print("sum of the Sobel edges: " + sum_edges);
print("largest local variance: " + d2s(max_variance, 3));
print("sum of the difference of Gaussians: " + sum_band_pass);
print("most bright pixels in a radius-3 disc: " + max_count);
Ext.CLIJ2_pull(edges);
Ext.CLIJ2_clear();
