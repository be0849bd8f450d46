// Separable Gaussian blur, one axis per launch (native/src/ops/gaussian_ops.cpp). The weights
// come from the host (native/src/ops/gaussian_kernel.cpp) and the sums are done in float in the
// order ImageJ's GaussianBlur uses, so results equal ImageJ's bit for bit. Contraction of a*b+c
// into fma would change the rounding, hence FP_CONTRACT OFF.
//
// Every kernel runs over a 3D range, x fastest. `axis` is 0 (x), 1 (y) or 2 (z). Sizes are those
// of the output.
#pragma OPENCL FP_CONTRACT OFF

// Index of (x, y, z) in an image of width w and height h.
inline long gauss_index(long x, long y, long z, long w, long h) { return x + w * (y + h * z); }

// Outputs per work item of gaussian_line, consecutive along the axis.
#define GAUSS_N 8

// A pixel as float, exactly. 8- and 16-bit integers are placed in the mantissa of 2^23 and 2^23
// subtracted: two plain ALU operations instead of an integer-to-float conversion, which some GPUs
// issue at a quarter of the rate.
inline float gauss_value(SRC_T v) {
#if SRC_TYPE_ID == 0 || SRC_TYPE_ID == 1
    return as_float(0x4B000000u | (uint)v) - 8388608.0f;
#else
    return (float)v;
#endif
}

// GAUSS_N outputs at line positions p .. p+GAUSS_N-1 of the line starting at `line` (`step`
// apart, `len` points); see gaussian_line. `checked` (a constant after inlining) is 0 where the
// whole kernel span lies inside the line and no output is beyond its end: then no edge terms and
// no bounds tests.
//
// Every output sums in ImageJ's order: centre * weight[0], the edge terms, then for k = 1, 2, ...
// weight[k] * (value at -k + value at +k), positions outside the line counting as 0. The values
// at -k and +k are kept in two rings of GAUSS_N registers, indexed by position modulo GAUSS_N:
// each k loads one new value per ring (the one at p-k and the one at p+GAUSS_N-1+k), and the
// taps loop is unrolled GAUSS_N times so that every ring index is a compile-time constant.
__attribute__((always_inline))
inline void gauss_block(__global const SRC_T* line, __global DST_T* out, long step, long len, long p,
                        __constant float* weight, __constant float* tail, int radius, int checked) {
    float lo[GAUSS_N], hi[GAUSS_N], acc[GAUSS_N];
    __global const SRC_T* centre = line + p * step;
#pragma unroll
    for (int j = 0; j < GAUSS_N; ++j) {
        const float v = (!checked || p + j < len) ? gauss_value(centre[j * step]) : 0.0f;
        lo[j] = v;
        hi[j] = v;
        acc[j] = v * weight[0];
    }
    if (checked) {
        const float first = gauss_value(line[0]), last = gauss_value(line[(len - 1) * step]);
#pragma unroll
        for (int j = 0; j < GAUSS_N; ++j) {
            const long i = p + j;
            if (i >= len) continue;
            if (i < radius) acc[j] += tail[i] * first;
            // ImageJ adds the far edge's share where i + radius > len in the first part of the
            // line and where i + radius >= len after it (there the share is a rounding residue,
            // kept for equality).
            if (i < radius ? (i + radius > len) : (i + radius >= len)) acc[j] += tail[len - i - 1] * last;
        }
    }
    __global const SRC_T* lp = centre;                          // at p - k
    __global const SRC_T* hp = centre + (GAUSS_N - 1) * step;   // at p + GAUSS_N - 1 + k
    for (int k0 = 0; k0 < radius; k0 += GAUSS_N) {
#pragma unroll
        for (int kk = 0; kk < GAUSS_N; ++kk) {
            const int k = k0 + kk;
            if (k > 0 && k < radius) {
                lp -= step;
                hp += step;
                float vl, vh;
                if (checked) {
                    vl = p - k >= 0 ? gauss_value(*lp) : 0.0f;
                    vh = p + (GAUSS_N - 1) + k < len ? gauss_value(*hp) : 0.0f;
                } else {
                    vl = gauss_value(*lp);
                    vh = gauss_value(*hp);
                }
                lo[(GAUSS_N - kk) % GAUSS_N] = vl;       // position p - k
                hi[(GAUSS_N - 1 + kk) % GAUSS_N] = vh;   // position p + GAUSS_N - 1 + k
                const float wk = weight[k];
#pragma unroll
                for (int j = 0; j < GAUSS_N; ++j)
                    acc[j] += wk * (lo[(j - kk + GAUSS_N) % GAUSS_N] + hi[(j + kk) % GAUSS_N]);
            }
        }
    }
#pragma unroll
    for (int j = 0; j < GAUSS_N; ++j)
        if (!checked || p + j < len) out[(p + j) * step] = CONVERT_DST(acc[j]);
}

// Convolves along `axis` with the one-sided kernel weight[0..radius-1]; weights and tail sums
// are read from `table` at the given offsets (constant memory). Points outside the line take the
// value of the nearest edge point; their total weight is tail[i] (the weight beyond distance i),
// added as one product, as ImageJ does.
//
// Each work item computes GAUSS_N consecutive points of one line: the global id along the axis
// counts blocks of GAUSS_N points (the range is the output's, divided by GAUSS_N along the axis).
__kernel void gaussian_line(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                            int axis, __constant float* table, int weight_at, int tail_at, int radius) {
    __constant float* weight = table + weight_at;
    __constant float* tail = table + tail_at;
    long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (axis == 0) x *= GAUSS_N;
    else if (axis == 1) y *= GAUSS_N;
    else z *= GAUSS_N;
    if (x >= w || y >= h || z >= d) return;
    const long len = axis == 0 ? w : (axis == 1 ? h : d);
    const long step = axis == 0 ? 1 : (axis == 1 ? w : w * h);
    const long p = axis == 0 ? x : (axis == 1 ? y : z);
    const long start = gauss_index(axis == 0 ? 0 : x, axis == 1 ? 0 : y, axis == 2 ? 0 : z, w, h);
    const bool inside = p >= radius && p + (GAUSS_N - 1) + radius < len;
    // Four copies: x lines (step 1, known to the compiler) and the others, inside or at an edge.
    if (axis == 0) {
        if (inside) gauss_block(src + start, dst + start, 1, len, p, weight, tail, radius, 0);
        else gauss_block(src + start, dst + start, 1, len, p, weight, tail, radius, 1);
    } else {
        if (inside) gauss_block(src + start, dst + start, step, len, p, weight, tail, radius, 0);
        else gauss_block(src + start, dst + start, step, len, p, weight, tail, radius, 1);
    }
}

// Reduces lines along `axis` by `reduce`. The input line is cut into blocks of `reduce` points,
// block b starting at unscaled0 - (3*reduce)/2 + (b+1)*reduce; reduced point j gets the low third
// of the kernel (down[0..reduce-1]) applied to block j-1, the middle third to block j and the high
// third to block j+1, each partial sum accumulated in float over the block and the three added in
// that order (ImageJ 1.54's order). Out-of-line points take the edge value. `len` is the input
// line length; the output has the reduced length along the axis.
__kernel void gaussian_reduce(__global const SRC_T* src, __global float* dst, long w, long h,
                              long d, int axis, long len, __global const float* table, int down_at,
                              int reduce, long unscaled0) {
    __global const float* down = table + down_at;
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
                               long d, int axis, long reduced_len, __global const float* table,
                               int up_at, int reduce, long unscaled0) {
    __global const float* up = table + up_at;
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

#ifdef GAUSS_COMBINE
// differenceOfGaussian2D/3D (GAUSS_COMBINE 0): dst = a - b; divideByGaussianBackground
// (GAUSS_COMBINE 1): dst = a / b; a, b of one pixel type (SRC_T), in float as CLIJ2's
// subtractImages / divideImages, then converted to DST_T (integers rounded and saturated).
__kernel void gauss_combine(__global const SRC_T* a, __global const SRC_T* b, __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
#if GAUSS_COMBINE == 0
    dst[i] = CONVERT_DST((float)a[i] - (float)b[i]);
#else
    dst[i] = CONVERT_DST((float)a[i] / (float)b[i]);
#endif
}
#endif
