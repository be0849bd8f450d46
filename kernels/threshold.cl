// Thresholding (native/src/ops/threshold_ops.cpp): the binary comparison, and the min/max
// reduction and 256-bin histogram behind automaticThreshold.
//
// greater_or_equal handles 16 consecutive pixels per work item (IJCL_LOAD16/IJCL_STORE16 in
// preamble.cl); launch ceil(n / 16) work items.
//
// automaticThreshold takes two launches and one small read-back: min_max_partial (one min/max
// per work group) and histogram (each group first combines those partials itself, so the host
// never waits for the min/max, then derives ImageJ's binning from them, counts its share of the
// pixels in local memory and adds its counts to the global histogram). Both read 16 pixels per
// work item and loop over the image with a grid stride (coalesced 16-byte loads), then handle
// the last n % 16 pixels one by one.
//
// Scratch buffer, in 32-bit words: [0, 256) low 32 bits of each bin's count, [256, 512) how many
// times that word wrapped around (the count is lo + 2^32 * hi, exact with 32-bit atomics alone),
// [512, 514) the image's min and max (float bits), from 514 on the per-group (min, max) pairs.
// min_max_partial zeroes the counts (group 0) before histogram runs.
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
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    const IJCL_W(SRC_T) v = IJCL_LOAD16(SRC_T, src, g, n);
#if SRC_IS_FLOAT
    IJCL_STORE16(uchar, dst, g, n, convert_uint16(-(v >= tf)));
#else
    IJCL_STORE16(uchar, dst, g, n, convert_uint16(-(convert_long16(v) >= ti)));
#endif
}

#define HIST_BINS 256
#define HIST_COPIES 8          // copies of the local histogram, so lanes hitting one bin spread
#define HIST_STRIDE 9          // words per bin (HIST_COPIES + 1: fewer local-memory bank clashes)
#define SCRATCH_MINMAX 512
#define SCRATCH_PARTIALS 514
#define GROUP_MAX 256          // the largest local size (work_groups.hpp)

// Min and max of a work group's values in lmin/lmax[0] (NaN ignored, as fmin/fmax do; +inf/-inf
// when the group saw no other value). Local size: a power of 2 <= GROUP_MAX.
inline void group_min_max(float mn, float mx, __local float* lmin, __local float* lmax) {
    const size_t lid = get_local_id(0);
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
}

// Per work-group minimum and maximum of src (n = 0 only zeroes the counts).
__kernel void min_max_partial(__global const SRC_T* src, long n, __global uint* scratch) {
    __local float lmin[GROUP_MAX], lmax[GROUP_MAX];
    const size_t lid = get_local_id(0);
    if (get_group_id(0) == 0)
        for (size_t b = lid; b < 2 * HIST_BINS; b += get_local_size(0)) scratch[b] = 0;
    float16 mn16 = INFINITY, mx16 = -INFINITY;
    const long vectors = n / 16, stride = (long)get_global_size(0);
    for (long g = get_global_id(0); g < vectors; g += stride) {
        const float16 v = convert_float16(IJCL_LOAD16(SRC_T, src, g, n));
        mn16 = fmin(mn16, v);
        mx16 = fmax(mx16, v);
    }
    const float8 mn8 = fmin(mn16.lo, mn16.hi), mx8 = fmax(mx16.lo, mx16.hi);
    const float4 mn4 = fmin(mn8.lo, mn8.hi), mx4 = fmax(mx8.lo, mx8.hi);
    const float2 mn2 = fmin(mn4.lo, mn4.hi), mx2 = fmax(mx4.lo, mx4.hi);
    float mn = fmin(mn2.x, mn2.y), mx = fmax(mx2.x, mx2.y);
    for (long i = 16 * vectors + get_global_id(0); i < n; i += stride) {
        const float v = (float)src[i];
        mn = fmin(mn, v);
        mx = fmax(mx, v);
    }
    group_min_max(mn, mx, lmin, lmax);
    if (lid == 0) {
        __global float* partial = (__global float*)(scratch + SCRATCH_PARTIALS);
        partial[2 * get_group_id(0)] = lmin[0];
        partial[2 * get_group_id(0) + 1] = lmax[0];
    }
}

// Adds one pixel (w: its value, a 32-bit lane of IJCL_LOAD16) to the local histogram:
// bin = min(255, (int)(max(v - mn, 0) * scale + offset)), the arithmetic (in `real`, two
// roundings, no fused multiply-add) of ImageJ's conversion to 8 bits (offset 0.5) or of its stack
// histograms (offset 0). NaN pixels go to bin 0 when nan_to_bin0 is set (ImageJ's 2D
// conversion), else are not counted. 8-bit images (identity): bin = value, what the formula
// gives with mn 0, scale 1, offset 0. Integer pixels in double: v - mn is formed exactly without
// an int-to-double conversion (slow on some GPUs) as (2^52 + v) - (2^52 + mn): 2^52 + v is the
// double whose low mantissa bits are v (v < 2^32), and both terms and their difference are exact
// for whole v and mn below 2^32; mn52 = 2^52 + mn.
#if SRC_IS_FLOAT
#define LANE_T float
#else
#define LANE_T uint
#endif
inline void count_pixel(__local uint* hist, uint copy, LANE_T w, int identity, real mn, real mn52,
                        real scale, real offset, int nan_to_bin0) {
    int b;
#if SRC_IS_FLOAT
    const real v = (real)w;
    if (isnan(v)) {
        if (!nan_to_bin0) return;
        b = 0;
    } else {
        real d = v - mn;
#else
    if (identity) {
        b = (int)w;
    } else {
#if REAL_IS_DOUBLE
        real d = as_double(0x4330000000000000UL | (ulong)w) - mn52;
#else
        real d = (real)w - mn;
#endif
#endif
        if (d < (real)0) d = (real)0;
        const real x = d * scale + offset;
        // NaN (0 * inf, a constant float image) -> bin 0, as Java's (int); tested here rather
        // than left to convert_int_sat_rtz, which not every implementation maps to 0 (Oclgrind
        // gave INT_MIN and wrote outside the histogram).
        b = x > (real)0 ? min(convert_int_sat_rtz(x), 255) : 0;
    }
    atomic_inc(&hist[b * HIST_STRIDE + copy]);
}

#define COUNT_LANE(s) count_pixel(hist, copy, v.s, identity, mn, mn52, scale, offset, nan_to_bin0);

// 256-bin histogram of src binned as ImageJ bins this image (binning, from threshold_ops.cpp):
//   0: 8-bit, bin = value;
//   1: 16-bit 2D, scale = 256 / (max - min + 1), offset 0.5;
//   2: 16-bit stack, scale = 1 / ((max - min + 1) / 256), offset 0;
//   3: float 2D, scale = 255 / (max - min), offset 0.5, NaN to bin 0;
//   4: float stack, scale = 256 / (max - min), offset 0;
// with min and max combined from the `partials` pairs min_max_partial left. Adds the counts to
// the scratch histogram; group 0 also stores the min and max there for the host.
__kernel void histogram(__global const SRC_T* src, long n, int binning, int partials,
                        __global uint* scratch) {
    __local uint hist[HIST_BINS * HIST_STRIDE];
    __local float lmin[GROUP_MAX], lmax[GROUP_MAX];
    const size_t lid = get_local_id(0), lsize = get_local_size(0);
    const __global float* partial = (const __global float*)(scratch + SCRATCH_PARTIALS);
    float fmn = INFINITY, fmx = -INFINITY;
    for (int p = (int)lid; p < partials; p += (int)lsize) {
        fmn = fmin(fmn, partial[2 * p]);
        fmx = fmax(fmx, partial[2 * p + 1]);
    }
    group_min_max(fmn, fmx, lmin, lmax);
    fmn = lmin[0];
    fmx = lmax[0];
    for (size_t b = lid; b < HIST_BINS * HIST_STRIDE; b += lsize) hist[b] = 0;
    barrier(CLK_LOCAL_MEM_FENCE);

    const real rmn = (real)fmn, rmx = (real)fmx;
    real mn = (real)0, scale = (real)1, offset = (real)0;
    int nan_to_bin0 = 0;
    if (binning == 1) {
        mn = rmn;
        scale = (real)256 / (rmx - rmn + (real)1);
        offset = (real)0.5;
    } else if (binning == 2) {
        mn = rmn;
        scale = (real)1 / ((rmx - rmn + (real)1) / (real)256);
    } else if (binning == 3) {
        mn = rmn;
        scale = (real)255 / (rmx - rmn);
        offset = (real)0.5;
        nan_to_bin0 = 1;
    } else if (binning == 4) {
        mn = rmn;
        scale = (real)256 / (rmx - rmn);
    }

    const int identity = binning == 0;
    const real mn52 = mn + (real)4503599627370496.0;   // 2^52 + mn (used for integer pixels in double)
    const uint copy = (uint)(lid % HIST_COPIES);
    const long vectors = n / 16, stride = (long)get_global_size(0);
    for (long g = get_global_id(0); g < vectors; g += stride) {
        const IJCL_W(SRC_T) v = IJCL_LOAD16(SRC_T, src, g, n);
        COUNT_LANE(s0) COUNT_LANE(s1) COUNT_LANE(s2) COUNT_LANE(s3)
        COUNT_LANE(s4) COUNT_LANE(s5) COUNT_LANE(s6) COUNT_LANE(s7)
        COUNT_LANE(s8) COUNT_LANE(s9) COUNT_LANE(sa) COUNT_LANE(sb)
        COUNT_LANE(sc) COUNT_LANE(sd) COUNT_LANE(se) COUNT_LANE(sf)
    }
    for (long i = 16 * vectors + get_global_id(0); i < n; i += stride)
        count_pixel(hist, copy, (LANE_T)src[i], identity, mn, mn52, scale, offset, nan_to_bin0);
    barrier(CLK_LOCAL_MEM_FENCE);

    for (size_t b = lid; b < HIST_BINS; b += lsize) {
        uint c = 0;
        for (int k = 0; k < HIST_COPIES; ++k) c += hist[b * HIST_STRIDE + k];
        if (c == 0) continue;
        const uint old = atomic_add(&scratch[b], c);
        if (old > 0xFFFFFFFFu - c) atomic_inc(&scratch[HIST_BINS + b]);   // the low word wrapped
    }
    if (get_group_id(0) == 0 && lid == 0) {
        scratch[SCRATCH_MINMAX] = as_uint(fmn);
        scratch[SCRATCH_MINMAX + 1] = as_uint(fmx);
    }
}
