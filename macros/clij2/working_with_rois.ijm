// CLIJ2 style (segment, label, one mask per label, its bounding box): the measurement of CLIJ2's
// documentation page "Working with ROIs" on ImageJ's Blobs sample. Otsu threshold, connected
// components (8-connected), then for every label its binary mask (labelToMask) and that mask's
// bounding box from getBoundingBox; prints the number of labels and, per label, the box's area
// (width x height), corner and size. getBoundingBox follows CLIJ2's Java, so boxes touching the
// left or top border start at 1 and are one pixel narrower (lower), as on CLIJ2's page.
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
for (i = 1; i <= count; i++) {
	Ext.CLIJ2_labelToMask(labels, mask, i);
	Ext.CLIJ2_getBoundingBox(mask, x, y, z, w, h, d);
	print("label " + i + ": area " + (w * h) + " at " + x + "," + y + " size " + w + "x" + h);
}
Ext.CLIJ2_clear();
