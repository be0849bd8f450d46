// Operations that move pixels without changing them (native/src/ops/remap_ops.cpp): every
// destination voxel is copied from one source voxel. REMAP selects the rule, with the
// destination voxel (x, y, z) and the long arguments p0, p1, p2:
//   1 offset          (x + p0, y + p1, z + p2)        crop2D/3D, subStack, copySlice (out)
//   2 transposeXY     (y, x, z)
//   3 transposeXZ     (z, y, x)
//   4 transposeYZ     (x, z, y)
//   5 rotateClockwise        (y, sh - 1 - x, z)
//   6 rotateCounterClockwise (sw - 1 - y, x, z)
//   7 reduceStack     (x, y, z * p0 + p1)
//   8 imageToStack    (x, y, 0)
//   9 concatenate     z < p0: src (x, y, z); else src2 (x, y, z - p0)
//  10 combine x       x < p0: src (x, y, z); else src2 (x - p0, y, z)
//  11 combine y       y < p0: src (x, y, z); else src2 (x, y - p0, z)
// The host checks that every source voxel named is inside its image.
__kernel void remap(__global const SRC_T* src, __global const SRC_T* src2, __global DST_T* dst,
                    long sw, long sh, long sd, long s2w, long s2h, long dw, long dh, long dd,
                    long p0, long p1, long p2) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= dw || y >= dh || z >= dd) return;
    long sx = x, sy = y, sz = z;
    __global const SRC_T* from = src;
    long fw = sw, fh = sh;
#if REMAP == 1
    sx = x + p0; sy = y + p1; sz = z + p2;
#elif REMAP == 2
    sx = y; sy = x;
#elif REMAP == 3
    sx = z; sz = x;
#elif REMAP == 4
    sy = z; sz = y;
#elif REMAP == 5
    sx = y; sy = sh - 1 - x;
#elif REMAP == 6
    sx = sw - 1 - y; sy = x;
#elif REMAP == 7
    sz = z * p0 + p1;
#elif REMAP == 8
    sz = 0;
#elif REMAP == 9
    if (z >= p0) { from = src2; sz = z - p0; fw = s2w; fh = s2h; }
#elif REMAP == 10
    if (x >= p0) { from = src2; sx = x - p0; fw = s2w; fh = s2h; }
#elif REMAP == 11
    if (y >= p0) { from = src2; sy = y - p0; fw = s2w; fh = s2h; }
#endif
    dst[(z * dh + y) * dw + x] = from[(sz * fh + sy) * fw + sx];
}

// paste2D/paste3D and copySlice into a stack: every source voxel goes to (x + p0, y + p1, z + p2)
// of the destination, when that lies inside it (the rest is left out, as in CLIJ2).
__kernel void paste(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                    long dw, long dh, long dd, long p0, long p1, long p2) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= sw || y >= sh || z >= sd) return;
    const long tx = x + p0, ty = y + p1, tz = z + p2;
    if (tx < 0 || ty < 0 || tz < 0 || tx >= dw || ty >= dh || tz >= dd) return;
    dst[(tz * dh + ty) * dw + tx] = src[(z * sh + y) * sw + x];
}
