// Projections along z (native/src/ops/projection_ops.cpp): each work item reduces its columns
// down the stack; neighbouring work items read neighbouring pixels of each plane.
//
// PROJECT_VECTOR 1 (the host's choice when width * height % 16 == 0): a work item owns 16
// consecutive pixels of the plane (range plane / 16) and reads one 16-pixel vector per plane,
// which then starts on a 16-pixel boundary in every plane; planes are read four at a time so
// that several loads are in flight, and folded in z order. PROJECT_VECTOR 0: one pixel per work
// item (range plane).

// Maximum along z, as ImageJ's ZProjector MAX: integer types start at 0, float at -FLT_MAX and
// take v when v > max (so NaN never wins, and a column of NaN gives -FLT_MAX, as in ImageJ; the
// z order is kept, so even which of -0 and +0 wins is ImageJ's).
#if PROJECT_VECTOR
#if SRC_IS_FLOAT
#define MAX_Z_INIT ((float16)-FLT_MAX)
#define MAX_Z_FOLD(m, v) m = select(m, v, v > m)
#else
#define MAX_Z_INIT ((uint16)0)
#define MAX_Z_FOLD(m, v) m = max(m, v)
#endif
__kernel void maximum_z(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                        long depth) {
    const long g = get_global_id(0);
    const long blocks = width * height / 16, n = width * height * depth;
    if (g >= blocks) return;
    IJCL_W(SRC_T) m = MAX_Z_INIT;
    long z = 0;
    for (; z + 4 <= depth; z += 4) {
        const IJCL_W(SRC_T) v0 = IJCL_LOAD16(SRC_T, src, g + blocks * z, n);
        const IJCL_W(SRC_T) v1 = IJCL_LOAD16(SRC_T, src, g + blocks * (z + 1), n);
        const IJCL_W(SRC_T) v2 = IJCL_LOAD16(SRC_T, src, g + blocks * (z + 2), n);
        const IJCL_W(SRC_T) v3 = IJCL_LOAD16(SRC_T, src, g + blocks * (z + 3), n);
        MAX_Z_FOLD(m, v0);
        MAX_Z_FOLD(m, v1);
        MAX_Z_FOLD(m, v2);
        MAX_Z_FOLD(m, v3);
    }
    for (; z < depth; ++z) {
        const IJCL_W(SRC_T) v = IJCL_LOAD16(SRC_T, src, g + blocks * z, n);
        MAX_Z_FOLD(m, v);
    }
    IJCL_STORE16(DST_T, dst, g, blocks * 16, m);
}
#else
__kernel void maximum_z(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                        long depth) {
    const long i = get_global_id(0);
    const long plane = width * height;
    if (i >= plane) return;
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
#endif
