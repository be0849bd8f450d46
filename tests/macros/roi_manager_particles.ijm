// The ROI Manager from a macro (ImageJ's own commands only): Analyze Particles' "add", then
// roiManager("count"), "select", "Measure", "Delete", "Save", "reset", "Open", "Add" and
// run("Add to Manager"). Argument: "<image file>|<output folder>" (./ijcl batch's convention; the
// image is opened unless one is open). Writes <output folder>/<image name>-rois.txt with what it
// saw, and <image name>-rois.zip (the saved selections).
args = split(getArgument(), "|");
if (nImages == 0) open(args[0]);
out = args[1] + File.separator + File.getNameWithoutExtension(args[0]);
s = "";
setThreshold(125, 255);
run("Set Measurements...", "area mean centroid perimeter redirect=None decimal=3");
run("Analyze Particles...", "size=0-Infinity display clear add");
n = roiManager("count");
s = s + "particles " + nResults + " rois " + n + "\n";
for (i = 0; i < n; i++) {
	roiManager("select", i);
	getStatistics(area, mean);
	s = s + RoiManager.getName(i) + " index " + roiManager("index") + " area " + area + " mean " + mean + " particle area " + getResult("Area", i) + "\n";
}
run("Select None");
roiManager("Deselect");
run("Clear Results");
roiManager("Measure");
s = s + "measured rows " + nResults + "\n";
for (i = 0; i < nResults; i++)
	s = s + getResult("Area", i) + " " + getResult("Mean", i) + " " + getResult("X", i) + " " + getResult("Y", i) + " " + getResult("Perim.", i) + "\n";
roiManager("select", 3);
roiManager("Delete");
s = s + "after delete " + roiManager("count") + " first four " + RoiManager.getName(0) + " " + RoiManager.getName(1) + " " + RoiManager.getName(2) + " " + RoiManager.getName(3) + "\n";
roiManager("Save", out + "-rois.zip");
roiManager("reset");
s = s + "after reset " + roiManager("count") + "\n";
roiManager("Open", out + "-rois.zip");
s = s + "reopened " + roiManager("count") + " first " + RoiManager.getName(0) + "\n";
makeRectangle(10, 12, 20, 30);
roiManager("Add");
s = s + "after add " + roiManager("count") + "\n";
roiManager("select", roiManager("count") - 1);
getSelectionBounds(x, y, w, h);
s = s + "added bounds " + x + " " + y + " " + w + " " + h + "\n";
File.saveString(s, out + "-rois.txt");
