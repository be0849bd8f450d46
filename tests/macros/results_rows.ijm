// Rows of the Results table after measurements, as a macro sees them: three Measure commands,
// Analyze Particles with display then a Measure, Clear Results. Argument: "<image file>|<output
// folder>"; writes <output folder>/<image name>-results.txt.
args = split(getArgument(), "|");
if (nImages == 0) open(args[0]);
out = args[1] + File.separator + File.getNameWithoutExtension(args[0]);
s = "";
run("Set Measurements...", "area mean centroid redirect=None decimal=3");
run("Clear Results");
makeRectangle(0, 0, 10, 10);
run("Measure");
makeRectangle(0, 0, 20, 20);
run("Measure");
makeOval(5, 7, 30, 31);
run("Measure");
s = s + "three measures: rows " + nResults + "\n";
for (i = 0; i < nResults; i++) s = s + getResult("Area", i) + " " + getResult("Mean", i) + "\n";
run("Select None");
setThreshold(125, 255);
run("Analyze Particles...", "size=0-Infinity display clear");
s = s + "particles displayed: rows " + nResults + "\n";
makeRectangle(50, 60, 11, 13);
run("Measure");
s = s + "then a measure: rows " + nResults + " last " + getResult("Area", nResults - 1) + " " + getResult("Mean", nResults - 1) + " first " + getResult("Area", 0) + "\n";
run("Clear Results");
s = s + "cleared: rows " + nResults + "\n";
run("Measure");
s = s + "measure after clear: rows " + nResults + " area " + getResult("Area", 0) + "\n";
File.saveString(s, out + "-results.txt");
