// Separable Gaussian blur, one axis per launch (native/src/ops/gaussian_ops.cpp). The weights
// come from the host (native/src/ops/gaussian_kernel.cpp) and the sums are done in float in the
// order ImageJ's GaussianBlur uses, so results equal ImageJ's bit for bit. Contraction of a*b+c
// into fma would change the rounding, hence FP_CONTRACT OFF.
//
// Every kernel runs over a 3D range, x fastest, so neighbouring work items read neighbouring
// addresses whatever the axis. `axis` is 0 (x), 1 (y) or 2 (z). Sizes are those of the output.
#pragma OPENCL FP_CONTRACT OFF

// Index of (x, y, z) in an image of width w and height h.
inline long gauss_index(long x, long y, long z, long w, long h) { return x + w * (y + h * z); }

// Convolves along `axis` with the one-sided kernel weight[0..radius-1]. Points outside the line
// take the value of the nearest edge point; their total weight is tail[i] (the weight beyond
// distance i), added as one product, as ImageJ does.
__kernel void gaussian_line(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                            int axis, __global const float* weight, __global const float* tail,
                            int radius) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long len = axis == 0 ? w : (axis == 1 ? h : d);
    const long i = axis == 0 ? x : (axis == 1 ? y : z);
    const long step = axis == 0 ? 1 : (axis == 1 ? w : w * h);
    const long here = gauss_index(x, y, z, w, h);
    const long start = here - i * step;  // the line's first point
    float result = (float)src[here] * weight[0];
    if (i < radius) result += tail[i] * (float)src[start];
    // ImageJ adds the far edge's share where i + radius > len in the first part of the line and
    // where i + radius >= len after it (there the share is a rounding residue, kept for equality).
    if (i < radius ? (i + radius > len) : (i + radius >= len))
        result += tail[len - i - 1] * (float)src[start + (len - 1) * step];
    for (int k = 1; k < radius; ++k) {
        const float left = i - k >= 0 ? (float)src[here - k * step] : 0.0f;
        const float right = i + k < len ? (float)src[here + k * step] : 0.0f;
        result += weight[k] * (left + right);
    }
    dst[here] = CONVERT_DST(result);
}

// Reduces lines along `axis` by `reduce`. The input line is cut into blocks of `reduce` points,
// block b starting at unscaled0 - (3*reduce)/2 + (b+1)*reduce; reduced point j gets the low third
// of the kernel (down[0..reduce-1]) applied to block j-1, the middle third to block j and the high
// third to block j+1, each partial sum accumulated in float over the block and the three added in
// that order (ImageJ 1.54's order). Out-of-line points take the edge value. `len` is the input
// line length; the output has the reduced length along the axis.
__kernel void gaussian_reduce(__global const SRC_T* src, __global float* dst, long w, long h,
                              long d, int axis, long len, __global const float* down, int reduce,
                              long unscaled0) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long j = axis == 0 ? x : (axis == 1 ? y : z);
    // The source has the same size except `len` points along the axis.
    const long sw = axis == 0 ? len : w, sh = axis == 1 ? len : h;
    const long step = axis == 0 ? 1 : (axis == 1 ? sw : sw * sh);
    const long start = gauss_index(axis == 0 ? 0 : x, axis == 1 ? 0 : y, axis == 2 ? 0 : z, sw, sh);
    const long base = unscaled0 - (3 * (long)reduce) / 2 + j * reduce;  // first point of block j-1
    float part[3];
    for (int third = 0; third < 3; ++third) {
        float sum = 0.0f;
        for (int t = 0; t < reduce; ++t) {
            const long p = ijcl_clamp(base + third * reduce + t, len);
            sum += (float)src[start + p * step] * down[t + third * reduce];
        }
        part[third] = sum;
    }
    dst[gauss_index(x, y, z, w, h)] = part[0] + part[1] + part[2];
}

// Enlarges reduced lines (`reduced_len` points along the axis) back to the output's length with
// the 4-point kernel up[0 .. 4*reduce-1].
__kernel void gaussian_enlarge(__global const float* src, __global DST_T* dst, long w, long h,
                               long d, int axis, long reduced_len, __global const float* up,
                               int reduce, long unscaled0) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long i = axis == 0 ? x : (axis == 1 ? y : z);
    const long sw = axis == 0 ? reduced_len : w, sh = axis == 1 ? reduced_len : h;
    const long step = axis == 0 ? 1 : (axis == 1 ? sw : sw * sh);
    const long start = gauss_index(axis == 0 ? 0 : x, axis == 1 ? 0 : y, axis == 2 ? 0 : z, sw, sh);
    const long q = i - unscaled0 + reduce - 1;
    const long j = q / reduce;                      // reduced point at or after i
    const int t = reduce - 1 - (int)(q % reduce);   // phase within the kernel
    const float v = src[start + (j - 2) * step] * up[t] + src[start + (j - 1) * step] * up[t + reduce] +
                    src[start + j * step] * up[t + 2 * reduce] +
                    src[start + (j + 1) * step] * up[t + 3 * reduce];
    dst[gauss_index(x, y, z, w, h)] = CONVERT_DST(v);
}
