// Non-zero neighbourhood filters of radius 1 (native/src/ops/neighbourhood_ops.cpp, one table row
// per operation): nonzeroMaximumBox/Diamond, nonzeroMinimumBox/Diamond,
// onlyzeroOverwriteMaximumBox/Diamond. One work item per pixel; neighbours are the 3x3x3 box
// (NZ_SHAPE 0) or the 6 face neighbours (NZ_SHAPE 1) that lie inside the image (CLIJ2 clamps
// reads to the edge, which only repeats pixels of the same neighbourhood, so the result is the
// same). A 2D image (depth 1) has no neighbours in z: 3x3 box, 4 neighbours. NZ_SHAPE 2: the
// 3x3 box in a 2D image, the 6 face neighbours in a stack (what CLIJ2's nonzero_maximum_box_2d
// and _3d kernels read). Values are compared
// in the pixel type (exact for uint32 labels).
//   NZ_MODE 0 (nonzero maximum): a pixel != 0 becomes the largest of itself and its neighbours
//             that are > 0; a pixel == 0 stays 0.
//   NZ_MODE 1 (nonzero minimum): a pixel != 0 becomes the smallest of itself and its neighbours
//             that are > 0; a pixel == 0 stays 0.
//   NZ_MODE 2 (only-zero overwrite maximum): a pixel == 0 becomes the largest of its neighbours
//             that are > 0 (0 when there is none); a pixel != 0 is kept.
#if NZ_MODE == 1
#define NZ_BETTER(n, m) ((n) > (SRC_T)0 && (n) < (m))
#else
#define NZ_BETTER(n, m) ((n) > (SRC_T)0 && (n) > (m))
#endif

__kernel void nonzero_filter(__global const SRC_T* src, __global SRC_T* dst, long width, long height,
                             long depth) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long index = x + width * (y + height * z);
    const SRC_T v = src[index];
    SRC_T m = v;
#if NZ_MODE == 2
    const int active = v == (SRC_T)0;
#else
    const int active = v != (SRC_T)0;
#endif
#if NZ_SHAPE == 2
    const int diamond = depth > 1;
#else
    const int diamond = NZ_SHAPE;
#endif
    if (active && diamond) {
        const long dx[6] = {1, -1, 0, 0, 0, 0}, dy[6] = {0, 0, 1, -1, 0, 0}, dz[6] = {0, 0, 0, 0, 1, -1};
        for (int k = 0; k < 6; ++k) {
            const long xx = x + dx[k], yy = y + dy[k], zz = z + dz[k];
            if (xx < 0 || yy < 0 || zz < 0 || xx >= width || yy >= height || zz >= depth) continue;
            const SRC_T n = src[xx + width * (yy + height * zz)];
            if (NZ_BETTER(n, m)) m = n;
        }
    } else if (active) {
        for (long zz = max(z - 1, 0L); zz <= min(z + 1, depth - 1); ++zz)
            for (long yy = max(y - 1, 0L); yy <= min(y + 1, height - 1); ++yy)
                for (long xx = max(x - 1, 0L); xx <= min(x + 1, width - 1); ++xx) {
                    const SRC_T n = src[xx + width * (yy + height * zz)];
                    if (NZ_BETTER(n, m)) m = n;
                }
    }
    dst[index] = m;
}
