// CLIJ2 documentation style ("Working with ROIs"): Otsu threshold and connected components on the
// GPU, every label pulled into the ROI Manager (pullLabelsToROIManager), then roiManager("count")
// and roiManager("Measure") on the image. Argument: "<image file>|<output folder>" (./ijcl batch's
// convention; the image is opened unless one is open). Writes <output folder>/<image name>-labels.txt.
args = split(getArgument(), "|");
if (nImages == 0) open(args[0]);
out = args[1] + File.separator + File.getNameWithoutExtension(args[0]);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
blobs = getTitle();
Ext.CLIJ2_push(blobs);
Ext.CLIJ2_automaticThreshold(blobs, foreground, "Otsu");
Ext.CLIJ2_connectedComponentsLabelingBox(foreground, labels);
Ext.CLIJ2_getMaximumOfAllPixels(labels, count);
roiManager("reset");
Ext.CLIJ2_pullLabelsToROIManager(labels);
s = "labels " + count + " rois " + roiManager("count") + "\n";
run("Set Measurements...", "area mean centroid bounding redirect=None decimal=3");
run("Clear Results");
selectImage(blobs);
roiManager("Measure");
s = s + "measured rows " + nResults + "\n";
for (i = 0; i < nResults; i++)
	s = s + RoiManager.getName(i) + " " + getResult("Area", i) + " " + getResult("Mean", i) + " " + getResult("X", i) + " " + getResult("Y", i)
		+ " " + getResult("BX", i) + " " + getResult("BY", i) + " " + getResult("Width", i) + " " + getResult("Height", i) + "\n";
Ext.CLIJ2_clear();
File.saveString(s, out + "-labels.txt");
