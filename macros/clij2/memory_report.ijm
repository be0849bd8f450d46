// CLIJ2 style (GPU memory bookkeeping): push an image, blur it into a new GPU image, release
// the input, clear everything, and report the GPU memory after each step. The steps of
// CLIJ2's documentation page "CLIJ2 basics"; that page uses ImageJ's "Cell Colony" sample
// (8-bit, 408 x 406 pixels); this macro makes an 8-bit image of the same size, so that every
// reported size is the same. Only the init line differs from CLIJ2's
// run("CLIJ2 Macro Extensions", "cl_device=").
// Argument: ignored.
run("IJCL Macro Extensions", "device=");
Ext.CLIJ2_clear();
newImage("colony", "8-bit ramp", 408, 406, 1);
colony = getTitle();
Ext.CLIJ2_push(colony);
print("after push:");
Ext.CLIJ2_reportMemory();
Ext.CLIJ2_gaussianBlur2D(colony, blurred, 5, 5);
Ext.CLIJ2_pull(blurred);
print("after blur:");
Ext.CLIJ2_reportMemory();
Ext.CLIJ2_release(colony);
print("after release:");
Ext.CLIJ2_reportMemory();
Ext.CLIJ2_clear();
print("after clear:");
Ext.CLIJ2_reportMemory();
