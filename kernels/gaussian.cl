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

// Convolves along `axis` with the one-sided kernel weight[0..radius-1] (radius <= 64; weights
// and tail sums are read from `table` at the given offsets, in constant memory). Points outside
// the line take the value of the nearest edge point; their total weight is tail[i] (the weight
// beyond distance i), added as one product, as ImageJ does.
//
// Each work group first copies the pixels it needs into `tile` (local memory, as float): for
// every line through the group, the group's points along the axis plus radius-1 on each side,
// with 0 where the line has no point. Each line is copied by the work items on it, so for the
// y and z passes neighbouring work items (neighbouring x) read neighbouring addresses; the tile
// is laid out so that neighbouring work items also read neighbouring tile words. The work-group
// size is set by the host (native/src/ops/gaussian_ops.cpp); `tile` holds (group size / group
// extent along the axis) * (group extent along the axis + 2 * (radius - 1)) floats.
__kernel void gaussian_line(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                            int axis, __constant float* table, int weight_at, int tail_at, int radius,
                            __local float* tile) {
    __constant float* weight = table + weight_at;
    __constant float* tail = table + tail_at;
    const int lx = get_local_id(0), ly = get_local_id(1), lz = get_local_id(2);
    const int sx = get_local_size(0), sy = get_local_size(1), sz = get_local_size(2);
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    const long len = axis == 0 ? w : (axis == 1 ? h : d);
    const long step = axis == 0 ? 1 : (axis == 1 ? w : w * h);
    const int along = axis == 0 ? sx : (axis == 1 ? sy : sz);  // group extent along the axis
    const int lines = axis == 0 ? sy * sz : (axis == 1 ? sx * sz : sx * sy);  // lines through the group
    const int at = axis == 0 ? lx : (axis == 1 ? ly : lz);      // position in the group along the axis
    const int line = axis == 0 ? ly + sy * lz : (axis == 1 ? lx + sx * lz : lx + sx * ly);
    const int halo = radius - 1;
    const int span = along + 2 * halo;
    // Tile word of (line, a): x pass line * span + a; y and z passes a * lines + line.
    const int stride_a = axis == 0 ? 1 : lines;
    __local float* mine = tile + (axis == 0 ? line * span : line);
    const long i = axis == 0 ? x : (axis == 1 ? y : z);  // position along the axis
    const bool line_inside = (axis == 0 || x < w) && (axis == 1 || y < h) && (axis == 2 || z < d);
    // (x, y, z) moved to the line's start along the axis: the line's first image point.
    const long line_start = gauss_index(axis == 0 ? 0 : x, axis == 1 ? 0 : y, axis == 2 ? 0 : z, w, h);
    const long first_pos = i - at - halo;  // line position of tile entry 0
    for (int a = at; a < span; a += along) {
        const long pos = first_pos + a;
        mine[a * stride_a] = (line_inside && pos >= 0 && pos < len) ? (float)src[line_start + pos * step] : 0.0f;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    if (!line_inside || i >= len) return;
    __local const float* centre = mine + (at + halo) * stride_a;
    const long here = line_start + i * step;
    float result = centre[0] * weight[0];
    if (i < radius) result += tail[i] * (float)src[line_start];
    // ImageJ adds the far edge's share where i + radius > len in the first part of the line and
    // where i + radius >= len after it (there the share is a rounding residue, kept for equality).
    if (i < radius ? (i + radius > len) : (i + radius >= len))
        result += tail[len - i - 1] * (float)src[line_start + (len - 1) * step];
    // Four taps per iteration (same order of additions), then the rest.
    const int s1 = stride_a, s2 = 2 * stride_a, s3 = 3 * stride_a, s4 = 4 * stride_a;
    __local const float* lo = centre;
    __local const float* hi = centre;
    int k = 1;
    for (; k + 3 < radius; k += 4, lo -= s4, hi += s4) {
        result += weight[k] * (lo[-s1] + hi[s1]);
        result += weight[k + 1] * (lo[-s2] + hi[s2]);
        result += weight[k + 2] * (lo[-s3] + hi[s3]);
        result += weight[k + 3] * (lo[-s4] + hi[s4]);
    }
    for (; k < radius; ++k) {
        lo -= s1;
        hi += s1;
        result += weight[k] * (*lo + *hi);
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
