// CLIJ2 style (category Projection): projections of the Drosophila time-lapse.
// Written as a CLIJ2 user writes it; only the init line differs from CLIJ2's
// run("CLIJ2 Macro Extensions", "cl_device=");
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
input = getTitle();
Ext.CLIJ2_push(input);

Ext.CLIJ2_maximumZProjection(input, max_projection);
Ext.CLIJ2_meanZProjection(input, mean_projection);
Ext.CLIJ2_standardDeviationZProjection(input, std_projection);
Ext.CLIJ2_argMaximumZProjection(input, max_again, arg_max);
Ext.CLIJ2_maximumXProjection(input, side_view);
Ext.CLIJ2_meanZProjectionBounded(input, first_frames, 0, 4);

Ext.CLIJ2_getSumOfAllPixels(max_projection, sum_max);
Ext.CLIJ2_getSumOfAllPixels(mean_projection, sum_mean);
Ext.CLIJ2_getSumOfAllPixels(std_projection, sum_std);
Ext.CLIJ2_getSumOfAllPixels(arg_max, sum_arg);
Ext.CLIJ2_getMaximumOfAllPixels(side_view, max_side);
Ext.CLIJ2_getSumOfAllPixels(first_frames, sum_first);
Ext.CLIJ2_getSize(side_view);
print("sum of the maximum projection: " + sum_max);
print("sum of the mean projection: " + sum_mean);
print("sum of the standard deviation projection: " + sum_std);
print("sum of the frame of the maximum: " + sum_arg);
print("side view: " + getResult("Width", nResults - 1) + " x " + getResult("Height", nResults - 1) + ", maximum " + max_side);
print("sum of the mean of frames 0-4: " + sum_first);
Ext.CLIJ2_pull(max_projection);
Ext.CLIJ2_clear();
