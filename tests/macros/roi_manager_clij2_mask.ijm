// CLIJ2 documentation style: a binary image made on the GPU becomes one selection in the ROI
// Manager (pullToROIManager); the macro then selects it, measures it, adds a second selection,
// saves the list, deletes one, resets. Argument: "<image file>|<output folder>" (./ijcl batch's
// convention). Writes <output folder>/<image name>-mask.txt and <image name>-mask.zip.
args = split(getArgument(), "|");
if (nImages == 0) open(args[0]);
out = args[1] + File.separator + File.getNameWithoutExtension(args[0]);
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
blobs = getTitle();
Ext.CLIJ2_push(blobs);
Ext.CLIJ2_automaticThreshold(blobs, foreground, "Otsu");
Ext.CLIJ2_getSumOfAllPixels(foreground, pixels);
roiManager("reset");
Ext.CLIJ2_pullToROIManager(foreground);
s = "foreground pixels " + pixels + " rois " + roiManager("count") + "\n";
selectImage(blobs);
roiManager("select", 0);
getStatistics(area, mean, min, max);
getSelectionBounds(x, y, w, h);
s = s + "selection area " + area + " mean " + mean + " min " + min + " max " + max + " bounds " + x + " " + y + " " + w + " " + h + "\n";
makeOval(100, 80, 41, 33);
roiManager("Add");
s = s + "after add " + roiManager("count") + "\n";
roiManager("Save", out + "-mask.zip");
roiManager("select", 0);
roiManager("Delete");
roiManager("select", 0);
getSelectionBounds(x, y, w, h);
s = s + "after delete " + roiManager("count") + " left " + x + " " + y + " " + w + " " + h + "\n";
roiManager("reset");
s = s + "after reset " + roiManager("count") + "\n";
Ext.CLIJ2_clear();
File.saveString(s, out + "-mask.txt");
