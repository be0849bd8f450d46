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
#ifdef NZ_MODE
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
#endif

// Local statistics over a box or an ellipsoid around every pixel (native/src/ops/neighbourhood_ops.cpp,
// one table row per operation): varianceBox/Sphere, standardDeviationBox/Sphere, entropyBox and the
// countNonZero*Sphere filters. CLIJ2's kernels (variance_box/sphere, entropy, count_nonzero_*): the
// neighbourhood is the box |dx| <= rx, |dy| <= ry, |dz| <= rz, or (LS_SPHERE 1) its points with
// dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 in float, a radius 0 replaced by FLT_MIN (that axis keeps
// offset 0 only); reads outside the image take the nearest edge pixel (CLIJ2's clamp-to-edge
// sampler), so every pixel has the same number of neighbourhood points. Loops run dx outermost, dz
// innermost (CLIJ2's order, which fixes the float rounding). The host passes rz = 0 for a 2D image.
//   LS_OP 0 variance: float mean, then the float mean of (v - mean)^2 (population variance);
//   LS_OP 1 standard deviation: pow(LS_OP 0, 0.5) (CLIJ2 takes its power filter with 0.5);
//   LS_OP 2 entropy: a 256-bin histogram of the neighbourhood over range[0] .. range[1] (the
//           image's minimum and maximum; bin (int)((v - min) / ((max - min) / 256)) clamped into
//           0 .. 255, NaN into bin 0), then the sum of -p log2 p over the bins, p = count / points;
//   LS_OP 3 count of non-zero pixels (NaN counts: NaN != 0).
// LS_PLANE_2Z 1: the neighbourhood of plane z lies in plane min(2z, depth - 1) (CLIJ2's
// count_nonzero_pixels_slice_by_slice_sphere_3d adds z to the plane offset twice).
#ifdef LS_OP
inline float ls_read(__global const SRC_T* src, long x, long y, long z, long w, long h, long d) {
    return (float)src[ijcl_clamp(x, w) + w * (ijcl_clamp(y, h) + h * ijcl_clamp(z, d))];
}

__kernel void local_statistic(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                              long depth, int rx, int ry, int rz, __global const float* range) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
#if LS_PLANE_2Z
    const long zc = 2 * z;
#else
    const long zc = z;
#endif
#if LS_SPHERE
    float a2 = (float)(rx * rx), b2 = (float)(ry * ry), c2 = (float)(rz * rz);
    if (a2 == 0.0f) a2 = FLT_MIN;
    if (b2 == 0.0f) b2 = FLT_MIN;
    if (c2 == 0.0f) c2 = FLT_MIN;
#define LS_INSIDE(dx, dy, dz) \
    ((float)((dx) * (dx)) / a2 + (float)((dy) * (dy)) / b2 + (float)((dz) * (dz)) / c2 <= 1.0f)
#else
#define LS_INSIDE(dx, dy, dz) 1
#endif
#define LS_FOR_EACH(BODY)                                                        \
    for (int dx = -rx; dx <= rx; ++dx)                                           \
        for (int dy = -ry; dy <= ry; ++dy)                                       \
            for (int dz = -rz; dz <= rz; ++dz)                                   \
                if (LS_INSIDE(dx, dy, dz)) {                                     \
                    const float v = ls_read(src, x + dx, y + dy, zc + dz, width, height, depth); \
                    BODY                                                         \
                }
    float result;
#if LS_OP == 0 || LS_OP == 1
    float sum = 0.0f;
    int count = 0;
    LS_FOR_EACH(sum = sum + v; count++;)
    const float mean = sum / count;
    sum = 0.0f;
    LS_FOR_EACH(sum = sum + pow(v - mean, 2.0f);)
    result = sum / count;
#if LS_OP == 1
    result = pow(result, 0.5f);  // CLIJ2: power(variance, 0.5)
#endif
#elif LS_OP == 2
    uint hist[256];
    for (int k = 0; k < 256; ++k) hist[k] = 0;
    const float lo = range[0];
    const float size_bin = (range[1] - lo) / 256.0f;
    LS_FOR_EACH(const float f = (v - lo) / size_bin; const int b = f >= 0.0f ? (f < 256.0f ? (int)f : 255) : 0; hist[b]++;)
    const float total = (float)((2 * rx + 1) * (2 * ry + 1) * (2 * rz + 1));
    float entropy = 0.0f;
    for (int k = 0; k < 256; ++k)
        if (hist[k] > 0) {
            const float p = hist[k] / total;
            entropy = entropy + (-p * log2(p));
        }
    result = entropy;
#else
    int count = 0;
    LS_FOR_EACH(if (v != 0.0f) count++;)
    result = (float)count;
#endif
#undef LS_FOR_EACH
#undef LS_INSIDE
    dst[x + width * (y + height * z)] = CONVERT_DST(result);
}

// Minimum and maximum of all pixels for entropyBox's histogram range, in two steps without a host
// round trip: ls_range_partial gives every work group's extremes (NaN pixels ignored; +inf / -inf
// where a group has none), ls_range_final (one work group) folds them into range[0] (minimum) and
// range[1] (maximum).
// Folds the work group's (mn, mx) into lmin[0], lmax[0] (a tree in local memory; ls a power of 2).
inline void ls_fold_range(__local float* lmin, __local float* lmax, float mn, float mx, size_t lid, size_t ls) {
    lmin[lid] = mn;
    lmax[lid] = mx;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t s = ls / 2; s > 0; s >>= 1) {
        if (lid < s) {
            lmin[lid] = fmin(lmin[lid], lmin[lid + s]);
            lmax[lid] = fmax(lmax[lid], lmax[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
}

__kernel void ls_range_partial(__global const SRC_T* src, long n, __global float* partial,
                               __local float* lmin, __local float* lmax) {
    const size_t lid = get_local_id(0), ls = get_local_size(0);
    float mn = INFINITY, mx = -INFINITY;
    for (long i = get_global_id(0); i < n; i += get_global_size(0)) {
        const float v = (float)src[i];
        mn = fmin(mn, v);
        mx = fmax(mx, v);
    }
    ls_fold_range(lmin, lmax, mn, mx, lid, ls);
    if (lid == 0) {
        partial[2 * get_group_id(0)] = lmin[0];
        partial[2 * get_group_id(0) + 1] = lmax[0];
    }
}

__kernel void ls_range_final(__global const float* partial, int groups, __global float* range,
                             __local float* lmin, __local float* lmax) {
    const size_t lid = get_local_id(0), ls = get_local_size(0);
    float mn = INFINITY, mx = -INFINITY;
    for (int g = (int)lid; g < groups; g += (int)ls) {
        mn = fmin(mn, partial[2 * g]);
        mx = fmax(mx, partial[2 * g + 1]);
    }
    ls_fold_range(lmin, lmax, mn, mx, lid, ls);
    if (lid == 0) {
        range[0] = lmin[0];
        range[1] = lmax[0];
    }
}
#endif
