// The smart-microscopy event workflow of the CLIJ papers, in CLIJ2 style, for ./ijcl watch (or
// ./ijcl batch): per frame (the current image: a 2D frame or a 3D stack), downsample, subtract the
// background, Z maximum projection, spot detection, spot count; one Results row per frame, which the
// watch appends to OUT/results.csv. The GPU images keep their names from frame to frame, so the
// warm session reuses their buffers and compiled kernels.
//
//   ./ijcl watch --pages 1 macros/watch_spot_count.ijm IN OUT     (a growing time-lapse TIFF)
//   ./ijcl watch macros/watch_spot_count.ijm IN OUT               (one file per 2D or 3D frame)
//
// Argument (from watch and batch): "input path|output folder"; without one, the open image.
run("IJCL Macro Extensions", "device=");
frame = getTitle();
depth = nSlices;
Ext.CLIJ2_push(frame);

// downsample by 2 in X and Y (the seed downsampled light-sheet stacks before analysis)
if (depth > 1) Ext.CLIJ2_downsample3D(frame, downsampled, 0.5, 0.5, 1);
else Ext.CLIJ2_downsample2D(frame, downsampled, 0.5, 0.5);
// background subtraction: white top-hat with a 5-pixel box (in X and Y; per slice)
Ext.CLIJ2_topHatBox(downsampled, background_subtracted, 5, 5, 0);
// Z maximum projection (a 2D frame is its own projection)
if (depth > 1) Ext.CLIJ2_maximumZProjection(background_subtracted, projection);
else Ext.CLIJ2_copy(background_subtracted, projection);
// spots: local maxima (box radius 2) of the blurred projection that lie in its Otsu foreground
Ext.CLIJ2_gaussianBlur2D(projection, blurred, 1, 1);
Ext.CLIJ2_detectMaximaBox(blurred, maxima, 2);
Ext.CLIJ2_thresholdOtsu(blurred, foreground);
Ext.CLIJ2_binaryAnd(maxima, foreground, spots);
Ext.CLIJ2_getSumOfAllPixels(spots, spot_count);

row = nResults;
setResult("image", row, frame);
setResult("spots", row, spot_count);
