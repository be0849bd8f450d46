// CLIJ2 style (memory, arrays and tables): push parts of an image and macro arrays, move
// values between images and the Results table, trace the time of each call.
// Only the init line differs from CLIJ2's run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: the image file (optional; without one, the open image).
path = getArgument();
if (path != "") open(path);
run("IJCL Macro Extensions", "device=");
input = getTitle();
makeRectangle(20, 30, 64, 48);
Ext.CLIJ2_startTimeTracing();
Ext.CLIJ2_pushCurrentSelection(input);
Ext.CLIJ2_getSumOfAllPixels(input, sum_selection);
Ext.CLIJ2_pushArray2D(kernel, newArray(1, 2, 1, 2, 4, 2, 1, 2, 1), 3, 3);
Ext.CLIJ2_getSumOfAllPixels(kernel, sum_kernel);
Ext.CLIJ2_image2DToResultsTable(kernel);
print("table: " + nResults + " rows, centre " + getResult("X1", 1));
Ext.CLIJ2_pushResultsTable(from_table);
Ext.CLIJ2_getSumOfAllPixels(from_table, sum_table);
Ext.CLIJ2_stopTimeTracing();
Ext.CLIJ2_getTimeTracing(traces);
calls = split(traces, "\n");
print("sum of the selection: " + sum_selection);
print("sums of the array and of the table: " + sum_kernel + " " + sum_table);
print("traced calls: " + calls.length);
Ext.CLIJ2_reportMemory();
Ext.CLIJ2_clear();
