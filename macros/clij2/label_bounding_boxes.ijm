// CLIJ2 style (segment, label, measure): Otsu threshold of ImageJ's Blobs sample, connected
// components (8-connected), and the bounding box of every label from CLIJ2's label statistics;
// prints the number of labels and the area (width x height) of each label's bounding box, with
// its corner. CLIJ2's documentation page "Working with ROIs" measures the same boxes (it calls
// thresholdOtsu, which is automaticThreshold with "Otsu", and getBoundingBox per label).
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
blobs = getTitle();
Ext.CLIJ2_push(blobs);
Ext.CLIJ2_automaticThreshold(blobs, foreground, "Otsu");
Ext.CLIJ2_connectedComponentsLabelingBox(foreground, labels);
Ext.CLIJ2_getMaximumOfAllPixels(labels, count);
print("labels: " + count);
run("Clear Results");
Ext.CLIJ2_statisticsOfLabelledPixels(blobs, labels);
for (row = 0; row < nResults; row++) {
	w = getResult("BOUNDING_BOX_WIDTH", row);
	h = getResult("BOUNDING_BOX_HEIGHT", row);
	print("label " + getResult("IDENTIFIER", row) + ": area " + (w * h) + " at " + getResult("BOUNDING_BOX_X", row) + "," + getResult("BOUNDING_BOX_Y", row) + " size " + w + "x" + h);
}
Ext.CLIJ2_clear();
