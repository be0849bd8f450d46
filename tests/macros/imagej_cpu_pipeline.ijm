// Test macro (RunMacroTest): ImageJ's own CPU pipeline, headless. Argument: the path of blobs.tif.
open(getArgument());
run("Gaussian Blur...", "sigma=2");
setAutoThreshold("Otsu dark");
run("Convert to Mask");
run("Analyze Particles...", "display clear summarize");
print("count=" + nResults);
print("value=" + getValue("results.count"));
total = 0;
for (i = 0; i < nResults; i++) total += getResult("Area", i);
print("area=" + d2s(total, 0));
