// Projections along z (native/src/ops/projection_ops.cpp): one work item per (x, y) column,
// reading down the stack; neighbouring work items read neighbouring pixels of each plane.

// Maximum along z, as ImageJ's ZProjector MAX: integer types start at 0, float at -FLT_MAX and
// take v when v > max (so NaN never wins, and a column of NaN gives -FLT_MAX, as in ImageJ).
__kernel void maximum_z(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                        long depth) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= width || y >= height) return;
    const long plane = width * height;
    const long i = x + width * y;
#if SRC_IS_FLOAT
    float m = -FLT_MAX;
    for (long z = 0; z < depth; ++z) {
        const float v = src[i + plane * z];
        if (v > m) m = v;
    }
#else
    SRC_T m = 0;
    for (long z = 0; z < depth; ++z) m = max(m, src[i + plane * z]);
#endif
    dst[i] = m;
}
