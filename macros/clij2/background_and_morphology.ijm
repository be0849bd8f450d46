// CLIJ2 style (categories Background, Filter, Binary, Detection): background removal with
// top- and bottom-hats, greyscale and binary openings and closings, an octagon filter and local
// minima, on blobs.tif. Written as a CLIJ2 user writes it; only the init line differs from CLIJ2's
// run("CLIJ2 Macro Extensions", "cl_device=");
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
input = getTitle();
Ext.CLIJ2_push(input);

// background removal
Ext.CLIJ2_topHatBox(input, top_hat, 5, 5, 0);
Ext.CLIJ2_bottomHatSphere(input, bottom_hat, 3, 3, 0);
Ext.CLIJ2_greyscaleOpeningSphere(input, opened, 3, 3, 0);
Ext.CLIJ2_getSumOfAllPixels(top_hat, sum_top_hat);
Ext.CLIJ2_getSumOfAllPixels(bottom_hat, sum_bottom_hat);
Ext.CLIJ2_getSumOfAllPixels(opened, sum_opened);
print("sum of the top-hat: " + sum_top_hat);
print("sum of the bottom-hat: " + sum_bottom_hat);
print("sum of the opening: " + sum_opened);

// binary morphology on a thresholded copy
Ext.CLIJ2_greaterConstant(input, mask, 128);
Ext.CLIJ2_openingBox(mask, mask_opened, 2);
Ext.CLIJ2_closingBox(mask, mask_closed, 2);
Ext.CLIJ2_countNonZeroPixels(mask);
Ext.CLIJ2_countNonZeroPixels(mask_opened);
Ext.CLIJ2_countNonZeroPixels(mask_closed);
n = nResults;
print("foreground pixels: " + getResult("CountNonZero", n - 3) + ", opened: " + getResult("CountNonZero", n - 2) + ", closed: " + getResult("CountNonZero", n - 1));

// an octagon-shaped maximum filter and local minima
Ext.CLIJ2_maximumOctagon(input, octagon, 3);
Ext.CLIJ2_getSumOfAllPixels(octagon, sum_octagon);
print("sum of the octagon maximum: " + sum_octagon);
Ext.CLIJ2_detectMinima2DBox(input, minima, 2, 2);
Ext.CLIJ2_getSumOfAllPixels(minima, number_of_minima);
print("local minima: " + number_of_minima);
Ext.CLIJ2_pull(top_hat);
Ext.CLIJ2_clear();
