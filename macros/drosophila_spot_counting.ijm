// Drosophila time-lapse: count nuclei (spots) in every frame on the GPU, the smart-microscopy
// loop of the CLIJ papers: background subtraction by top-hat, Gaussian blur, maxima detection,
// spot count. Each frame is one slice of the stack (13 frames, 512 x 512, 8-bit).
//
// Argument (all optional): "input.tif|output_folder|device".
args = split(getArgument(), "|");
input = ""; output = ""; device = "";
if (args.length > 0) input = args[0];
if (args.length > 1) output = args[1];
if (args.length > 2) device = args[2];
if (output != "") File.makeDirectory(output);

run("IJCL Macro Extensions", "device=[" + device + "]");
if (input != "") open(input);
timelapse = getTitle();
frames = nSlices;

Table.create("spot counts");
total_spots = 0;
total_time = 0;
for (frame = 1; frame <= frames; frame++) {
    selectImage(timelapse);
    setSlice(frame);
    run("Duplicate...", "title=frame");

    start = getTime();
    frame_image = "frame";
    Ext.IJCL_push(frame_image);
    // background subtraction: white top-hat with a disk of radius 10 pixels (ImageJ's Top Hat...)
    background_subtracted = "background_subtracted";
    Ext.IJCL_topHatSphere(frame_image, background_subtracted, 10, 10, 0);
    blurred = "blurred";
    Ext.IJCL_gaussianBlur2D(background_subtracted, blurred, 2, 2);
    // spots: local maxima (5 x 5 box) that lie inside the Otsu foreground
    maxima = "maxima";
    Ext.IJCL_detectMaxima2DBox(blurred, maxima, 2, 2);
    foreground = "foreground";
    Ext.IJCL_automaticThreshold(blurred, foreground, "Otsu");
    spots = "spots";
    Ext.IJCL_binaryAnd(maxima, foreground, spots);
    Ext.IJCL_countNonZeroPixels(spots, count);
    time = getTime() - start;

    close("frame");
    Table.set("frame", frame - 1, frame);
    Table.set("spots", frame - 1, count);
    Table.set("milliseconds", frame - 1, time);
    total_spots = total_spots + count;
    total_time = total_time + time;
}
Ext.IJCL_getGPUProperties(gpu, memory, opencl_version);
if (output != "") {
    Table.save(output + "/drosophila_spot_counts.csv");
    Ext.IJCL_pull(spots);
    saveAs("Tiff", output + "/drosophila_last_frame_spots.tif");
}
Ext.IJCL_clear();
print("drosophila_timelapse.tif, " + gpu + ", " + total_spots + ", " + total_time);
