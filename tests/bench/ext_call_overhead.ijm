// Cost of one Ext.IJCL_* call on a tiny image through the macro interpreter (not a test; run by
// tests/bench/gpu_side_by_side.sh). Argument: a device name substring.
// 21 blocks of 1000 calls of addImageAndScalar on an 8x8 16-bit image; prints the median per
// call and, for scale, the median cost of a built-in macro function call in the same loop.
run("IJCL Macro Extensions", "device=[" + getArgument() + "]");
newImage("tiny", "16-bit ramp", 8, 8, 1);
tiny = getTitle();
Ext.IJCL_push(tiny);
out = "out";
for (i = 0; i < 500; i++) Ext.IJCL_addImageAndScalar(tiny, out, 1);
Ext.IJCL_getMaximumOfAllPixels(out, m);
blocks = 21; n = 1000;
ext = newArray(blocks); builtin = newArray(blocks);
for (b = 0; b < blocks; b++) {
    t0 = getTime();
    for (i = 0; i < n; i++) Ext.IJCL_addImageAndScalar(tiny, out, 1);
    Ext.IJCL_getMaximumOfAllPixels(out, m);
    t1 = getTime();
    for (i = 0; i < n; i++) x = maxOf(i, 1);
    t2 = getTime();
    ext[b] = (t1 - t0) * 1000 / n;
    builtin[b] = (t2 - t1) * 1000 / n;
}
Array.sort(ext); Array.sort(builtin);
print("ext_call_median_us=" + ext[floor(blocks / 2)]);
print("builtin_call_median_us=" + builtin[floor(blocks / 2)]);
