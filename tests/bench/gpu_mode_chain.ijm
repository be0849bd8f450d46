// A chain of GPU-mode commands on the 16-bit Lund image and its 32-bit copy, saved as one stack:
// run 20 times in GPU mode (./ijcl run --gpu) on the GPU machine, the saved files must be
// bitwise equal (no result may depend on the order of atomic operations). Argument: "data_dir|output.tif".
args = split(getArgument(), "|");
setBatchMode(true);
open(args[0] + "/Lund_MAX_001300.tif");
id16 = getImageID();
run("Duplicate...", "title=f32");
run("32-bit");
run("Multiply...", "value=0.1428571");
for (i = 0; i < 2; i++) {
    if (i == 0) selectImage(id16); else selectImage("f32");
    run("Median...", "radius=2");
    run("Gaussian Blur...", "sigma=1.5");
    run("Mean...", "radius=3");
    run("Maximum...", "radius=1");
    run("Minimum...", "radius=1");
    run("Gaussian Blur...", "sigma=12");
}
selectImage(id16);
run("32-bit");
run("Images to Stack", "use");
saveAs("Tiff", args[1]);
