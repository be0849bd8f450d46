// CLIJ2 style (whole-image measurements): size, sum and maximum of ImageJ's Blobs sample,
// the quantities CLIJ2's documentation page "Image statistics" prints for it.
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
blobs = getTitle();
Ext.CLIJ2_push(blobs);
close();
Ext.CLIJ2_getSize(blobs);
print("width: " + getResult("Width", nResults - 1));
print("height: " + getResult("Height", nResults - 1));
print("depth: " + getResult("Depth", nResults - 1));
Ext.CLIJ2_getSumOfAllPixels(blobs, total);
Ext.CLIJ2_getMaximumOfAllPixels(blobs, brightest);
print("sum: " + total);
print("max: " + brightest);
Ext.CLIJ2_clear();
