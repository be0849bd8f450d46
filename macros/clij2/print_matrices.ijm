// CLIJ2 style (matrices printed to the log): macro arrays become small GPU images (vectors and
// point lists), one vector is transposed, a vector is scaled, and Ext.CLIJ2_print writes each
// image to the log the way CLIJ2 does (values as Java writes a float: "6.0", "0.2").
// The same arrays and steps as CLIJ2's documentation pages "Matrix Multiplication" and
// "Multiply vectors and matrices"; only the init line differs from CLIJ2's
// run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: ignored (the data are the arrays below).
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();

// two row vectors of five values
Ext.CLIJ2_pushArray(row_a, newArray(1, 2, 3, 4, 5), 5, 1, 1);
Ext.CLIJ2_pushArray(row_b, newArray(6, 7, 8, 9, 10), 5, 1, 1);
// the first one as a column
Ext.CLIJ2_transposeXY(row_a, column_a);
print("column:");
Ext.CLIJ2_print(column_a);
print("row:");
Ext.CLIJ2_print(row_b);
Ext.CLIJ2_multiplyImageAndScalar(row_b, row_b_doubled, 2);
print("row times 2:");
Ext.CLIJ2_print(row_b_doubled);

// a voxel size (one column) and four 3D points (x, y and z rows)
Ext.CLIJ2_pushArray(voxel, newArray(0.2, 0.2, 0.5), 1, 3, 1);
print("voxel size:");
Ext.CLIJ2_print(voxel);
Ext.CLIJ2_pushArray(points, newArray(1, 3, 5, 11, 0, 6, 1, 2, 9, 11, 6, 2), 4, 3, 1);
print("points:");
Ext.CLIJ2_print(points);
print("end");
Ext.CLIJ2_clear();
