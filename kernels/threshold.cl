// Thresholding (native/src/ops/threshold_ops.cpp): the binary comparison, and the min/max
// reduction and 256-bin histogram behind automaticThreshold. Reductions use a grid-stride loop
// (coalesced reads), work-group combination in local memory, and one partial result per group.
#pragma OPENCL FP_CONTRACT OFF

#if REAL_IS_DOUBLE
typedef double real;
#else
typedef float real;
#endif

// dst = 1 where src >= threshold, else 0. Float images compare with tf (NaN gives 0); integer
// images compare exactly with the integer bound ti (the smallest whole value that passes).
__kernel void greater_or_equal(__global const SRC_T* src, __global uchar* dst, long n, float tf,
                               long ti) {
    const long i = get_global_id(0);
    if (i >= n) return;
#if SRC_IS_FLOAT
    dst[i] = (uchar)(src[i] >= tf);
#else
    dst[i] = (uchar)((long)src[i] >= ti);
#endif
}

// Per work-group minimum and maximum of src (NaN ignored, as fmin/fmax do; a group without any
// other value reports +inf/-inf): partial[2g] = min, partial[2g+1] = max. Local size: a power of 2.
__kernel void min_max_partial(__global const SRC_T* src, long n, __global float* partial,
                              __local float* lmin, __local float* lmax) {
    const size_t lid = get_local_id(0);
    float mn = INFINITY, mx = -INFINITY;
    for (long i = get_global_id(0); i < n; i += (long)get_global_size(0)) {
        const float v = (float)src[i];
        mn = fmin(mn, v);
        mx = fmax(mx, v);
    }
    lmin[lid] = mn;
    lmax[lid] = mx;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (lid < s) {
            lmin[lid] = fmin(lmin[lid], lmin[lid + s]);
            lmax[lid] = fmax(lmax[lid], lmax[lid + s]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        partial[2 * get_group_id(0)] = lmin[0];
        partial[2 * get_group_id(0) + 1] = lmax[0];
    }
}

// Per work-group 256-bin histogram: bin = min(255, (int)(max(v - mn, 0) * scale + offset)), the
// arithmetic (in `real`, two roundings, no fused multiply-add) of ImageJ's conversion to 8 bits
// (offset 0.5) or of its stack histograms (offset 0); 8-bit images use mn 0, scale 1. NaN pixels
// go to bin 0 when nan_to_bin0 is set (ImageJ's 2D conversion), else are not counted. Counts are
// gathered in local memory with atomics and written to partial[256 * group + bin].
__kernel void histogram_partial(__global const SRC_T* src, long n, real mn, real scale,
                                real offset, int nan_to_bin0, __global uint* partial) {
    __local uint hist[256];
    for (size_t b = get_local_id(0); b < 256; b += get_local_size(0)) hist[b] = 0;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (long i = get_global_id(0); i < n; i += (long)get_global_size(0)) {
        const real v = (real)src[i];
        int b;
        if (isnan(v)) {
            if (!nan_to_bin0) continue;
            b = 0;
        } else {
            real d = v - mn;
            if (d < (real)0) d = (real)0;
            const real x = d * scale + offset;
            b = min(convert_int_sat_rtz(x), 255);   // NaN (0 * inf) -> 0, as Java's (int)
        }
        atomic_inc(&hist[b]);
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (size_t b = get_local_id(0); b < 256; b += get_local_size(0))
        partial[256 * get_group_id(0) + b] = hist[b];
}

// hist[bin] = sum over groups of partial[256 * group + bin] (one work item per bin).
__kernel void histogram_sum(__global const uint* partial, long groups, __global ulong* hist) {
    const size_t b = get_global_id(0);
    if (b >= 256) return;
    ulong s = 0;
    for (long g = 0; g < groups; ++g) s += partial[256 * g + b];
    hist[b] = s;
}
