// Small fixed stencils and convolution with a kernel image (native/src/ops/edge_filter_ops.cpp): one
// work item per pixel; reads outside the image take the nearest edge pixel (CLIJ2's clamp-to-edge
// sampler). The weights, sums and their order are those of CLIJ2's kernels; products with CLIJ2's
// double literals are done in double where the device has it (as CLIJ2's kernels compile there).
// No contraction into fma, so float sums round as written (and as the oracles' numpy does).
#pragma OPENCL FP_CONTRACT OFF
#if IJCL_HAS_DOUBLE
typedef double ef_real;
#else
typedef float ef_real;
#endif

inline float ef_read(__global const SRC_T* src, long x, long y, long z, long w, long h, long d) {
    return (float)src[ijcl_clamp(x, w) + w * (ijcl_clamp(y, h) + h * ijcl_clamp(z, d))];
}

#ifdef STENCIL
// STENCIL: 0 laplaceBox, 1 laplaceDiamond, 2 sobel, 3 sobelSliceBySlice, 4 tenengrad,
// 5 tenengradSliceBySlice, 6 gradientX, 7 gradientY, 8 gradientZ. `planar` (depth == 1) selects
// CLIJ2's 2D kernel where CLIJ2 has one.
__kernel void stencil(__global const SRC_T* src, __global DST_T* dst, long width, long height, long depth) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const int planar = depth == 1;
#define P(dx, dy, dz) ef_read(src, x + (dx), y + (dy), z + (dz), width, height, depth)
#define R(dx, dy, dz) ((ef_real)P(dx, dy, dz))
    float result;
#if STENCIL == 0
    if (planar) {
        // laplace_box_2d: 8 * centre - the 8 neighbours
        result = (float)(R(0, 0, 0) * 8.0 + R(1, 0, 0) * -1.0 + R(-1, 0, 0) * -1.0 + R(0, -1, 0) * -1.0 +
                         R(0, 1, 0) * -1.0 + R(-1, -1, 0) * -1.0 + R(1, -1, 0) * -1.0 + R(-1, 1, 0) * -1.0 +
                         R(1, 1, 0) * -1.0);
    } else {
        // laplace_box_3d: the centre (weight 1, as CLIJ2) minus the 26 neighbours, float sum
        float sum = 0.0f;
        for (int ax = -1; ax <= 1; ++ax)
            for (int ay = -1; ay <= 1; ++ay)
                for (int az = -1; az <= 1; ++az)
                    sum = (ax == 0 && ay == 0 && az == 0) ? sum + P(0, 0, 0) : sum + P(ax, ay, az) * -1;
        result = sum;
    }
#elif STENCIL == 1
    if (planar)
        result = (float)(R(0, 0, 0) * 4.0 + R(1, 0, 0) * -1.0 + R(-1, 0, 0) * -1.0 + R(0, -1, 0) * -1.0 +
                         R(0, 1, 0) * -1.0);
    else
        result = (float)(R(0, 0, 0) * 6.0 + R(1, 0, 0) * -1.0 + R(-1, 0, 0) * -1.0 + R(0, 1, 0) * -1.0 +
                         R(0, -1, 0) * -1.0 + R(0, 0, 1) * -1.0 + R(0, 0, -1) * -1.0);
#elif STENCIL == 2 || STENCIL == 3
    if (planar || STENCIL == 3) {
        // the 3x3 Sobel of the plane (CLIJ2's sobel_2d / sobel_slice_by_slice_3d)
        const float gx = (float)(R(-1, -1, 0) * -1.0 + R(-1, 0, 0) * -2.0 + R(-1, 1, 0) * -1.0 + R(1, -1, 0) * 1.0 +
                                 R(1, 0, 0) * 2.0 + R(1, 1, 0) * 1.0);
        const float gy = (float)(R(-1, -1, 0) * -1.0 + R(0, -1, 0) * -2.0 + R(1, -1, 0) * -1.0 + R(-1, 1, 0) * 1.0 +
                                 R(0, 1, 0) * 2.0 + R(1, 1, 0) * 1.0);
        result = sqrt(gx * gx + gy * gy);
    } else {
        // the 3x3x3 Sobel: derivative (1, 0, -1) along one axis, smoothing (1, 2, 1) along the other two
        const float h[3] = {1.0f, 2.0f, 1.0f}, hp[3] = {1.0f, 0.0f, -1.0f};
        float sx = 0.0f, sy = 0.0f, sz = 0.0f;
        for (int m = 0; m < 3; ++m)
            for (int n = 0; n < 3; ++n)
                for (int k = 0; k < 3; ++k) {
                    const float v = P(m - 1, n - 1, k - 1);
                    sx += hp[m] * h[n] * h[k] * v;
                    sy += h[m] * hp[n] * h[k] * v;
                    sz += h[m] * h[n] * hp[k] * v;
                }
        result = sqrt(sx * sx + sy * sy + sz * sz);
    }
#elif STENCIL == 4 || STENCIL == 5
    // CLIJ2's tenengrad / tenengrad_slice_by_slice: 3x3x3 Sobel gradients, weights at i + 3j + 9k for
    // offsets (i - 1, j - 1, k - 1): gz along z, gy along y, gx along x (CLIJ2 names them Gx, Gy, Gz).
    const float hz[27] = {-1, -2, -1, -2, -4, -2, -1, -2, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                          1,  2,  1,  2,  4,  2,  1,  2,  1};
    const float hy[27] = {-1, -2, -1, 0, 0, 0, 1, 2, 1, -2, -4, -2, 0, 0, 0, 2, 4, 2,
                          -1, -2, -1, 0, 0, 0, 1, 2, 1};
    const float hx[27] = {-1, 0, 1, -2, 0, 2, -1, 0, 1, -2, 0, 2, -4, 0, 4, -2, 0, 2,
                          -1, 0, 1, -2, 0, 2, -1, 0, 1};
    float gz = 0.0f, gy = 0.0f, gx = 0.0f;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 3; ++k) {
                const int ind = i + 3 * j + 9 * k;
                const float pix = P(i - 1, j - 1, k - 1);
                gz += hz[ind] * pix;
                gy += hy[ind] * pix;
                gx += hx[ind] * pix;
            }
#if STENCIL == 4
    result = gz * gz + gy * gy + gx * gx;
#else
    result = gz * gz + gy * gy;
#endif
#elif STENCIL == 6
    result = P(1, 0, 0) - P(-1, 0, 0);
#elif STENCIL == 7
    result = P(0, 1, 0) - P(0, -1, 0);
#else
    result = P(0, 0, 1) - P(0, 0, -1);
#endif
#undef P
#undef R
    dst[x + width * (y + height * z)] = CONVERT_DST(result);
}
#endif

#ifdef CONVOLVE
// convolve: sum over the kernel image's offsets (dx, dy, dz), |d| <= size / 2 on each axis (an even
// size reads its last column / row / plane twice: CLIJ2's clamped kernel reads), of
// kernel(c + d) * source(p + d) in float, dx outermost (CLIJ2's convolve_2d/3d; a correlation, the
// kernel is not mirrored). A 2D source (depth 1) uses the kernel's plane 0 only.
__kernel void convolve(__global const SRC_T* src, __global const KER_T* ker, __global DST_T* dst, long width,
                       long height, long depth, long kw, long kh, long kd) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long cx = kw / 2, cy = kh / 2, cz = depth == 1 ? 0 : kd / 2;
    float sum = 0.0f;
    for (long dx = -cx; dx <= cx; ++dx)
        for (long dy = -cy; dy <= cy; ++dy)
            for (long dz = -cz; dz <= cz; ++dz) {
                const float k = (float)ker[ijcl_clamp(cx + dx, kw) + kw * (ijcl_clamp(cy + dy, kh) +
                                                                          kh * ijcl_clamp(cz + dz, kd))];
                sum = sum + k * ef_read(src, x + dx, y + dy, z + dz, width, height, depth);
            }
    dst[x + width * (y + height * z)] = CONVERT_DST(sum);
}
#endif
