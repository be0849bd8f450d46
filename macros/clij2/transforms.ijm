// CLIJ2 style (category Transform): crop, transpose, rotate, stack, combine, shift and resample the MRI stack.
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
input = getTitle();
Ext.CLIJ2_push(input);

Ext.CLIJ2_crop3D(input, cropped, 4, 6, 2, 21, 17, 9);
Ext.CLIJ2_transposeXZ(cropped, transposed);
Ext.CLIJ2_rotateClockwise(cropped, rotated);
Ext.CLIJ2_subStack(input, middle, 10, 19);
Ext.CLIJ2_reduceStack(input, every_fourth, 4, 1);
Ext.CLIJ2_concatenateStacks(middle, every_fourth, both);
Ext.CLIJ2_copySlice(input, plane, 16);
Ext.CLIJ2_combineHorizontally(plane, plane, pair);
Ext.CLIJ2_convertFloat(pair, pair_float);
Ext.CLIJ2_create2D(canvas, 80, 40, 16);
Ext.CLIJ2_paste2D(plane, canvas, 40, 4);
// whole-pixel shifts and nearest-neighbour resampling copy pixels (CLIJ2's translate moves the
// content by minus the given distance: shifted(x, y, z) = cropped(x + 2, y, z + 1), 0 outside)
Ext.CLIJ2_translate3D(cropped, shifted, 2, 0, 1);
Ext.CLIJ2_downsample2D(plane, half_plane, 0.5, 0.5);
Ext.CLIJ2_resample(cropped, bigger, 2, 2, 1, false);

names = newArray(cropped, transposed, rotated, middle, every_fourth, both, plane, pair_float, canvas, shifted, half_plane, bigger);
for (i = 0; i < names.length; i++) {
    Ext.CLIJ2_getSize(names[i]);
    Ext.CLIJ2_getSumOfAllPixels(names[i], sum);
    print("step " + i + ": " + getResult("Width", nResults - 1) + " x " + getResult("Height", nResults - 1) + " x " + getResult("Depth", nResults - 1) + ", sum " + sum);
}
Ext.CLIJ2_clear();
