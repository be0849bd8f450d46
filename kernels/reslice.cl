// Reslices of a stack (native/src/ops/reslice_ops.cpp): every destination voxel (x, y, z) is
// copied from one source voxel of the w x h x d source. RESLICE selects the mapping:
//   1 top     destination w x d x h: (x, y, z) <- (x, z, y)
//   2 bottom  destination w x d x h: (x, y, z) <- (x, h - 1 - z, y)
//   3 left    destination h x d x w: (x, y, z) <- (z, x, y)
//   4 right   destination h x d x w: (x, y, z) <- (w - 1 - z, x, y)
// The range is the destination's shape; every source index named lies inside the source.
__kernel void reslice(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                      long dw, long dh, long dd) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= dw || y >= dh || z >= dd) return;
#if RESLICE == 1
    const long sx = x, sy = z, sz = y;
#elif RESLICE == 2
    const long sx = x, sy = sh - 1 - z, sz = y;
#elif RESLICE == 3
    const long sx = z, sy = x, sz = y;
#else
    const long sx = sw - 1 - z, sy = x, sz = y;
#endif
    dst[(z * dh + y) * dw + x] = src[(sz * sh + sy) * sw + sx];
}
