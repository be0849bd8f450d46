// Statistics of all pixels, of the pixels under a mask, or of the pixels above a threshold, in
// one pass (native/src/ops/reduction_ops.cpp: the reductions table).
//
// Each work item folds a grid-strided share of the pixels, each work group combines its work
// items in local memory (a tree over a power-of-two group size) and writes one partial per group;
// the host combines the partials. Per group:
//   selected  ulong   pixels the filter selects (NaN included)
//   count     ulong   selected pixels that are not NaN
//   sum       ulong (integer pixels: exact) or REAL (float pixels; NaN left out)
//   min, max  uint (integer pixels: exact, also for uint32 labels) or float (NaN left out)
//   sq_dev    REAL    sum of (pixel - mean)^2 over the counted pixels (mean given as hi + lo)
// REAL is double when the host passes USE_DOUBLE=1 (devices with cl_khr_fp64), else float; the host
// sizes the partials by the same flag.
// Pixels first .. first + n - 1 (flat index) are reduced.
// FILTER: 0 all pixels, 1 pixels where mask != 0, 2 pixels with (float)value > threshold.

#if USE_DOUBLE
#define REAL double
#else
#define REAL float
#endif

#if SRC_IS_FLOAT
#define VAL_T float
#define SUM_T REAL
#define MIN_INIT INFINITY
#define MAX_INIT (-INFINITY)
#define VMIN(a, b) fmin((a), (b))
#define VMAX(a, b) fmax((a), (b))
#define IS_NUMBER(v) ((v) == (v))
#else
#define VAL_T uint
#define SUM_T ulong
#define MIN_INIT 0xFFFFFFFFu
#define MAX_INIT 0u
#define VMIN(a, b) min((a), (b))
#define VMAX(a, b) max((a), (b))
#define IS_NUMBER(v) 1
#endif

__kernel void pixel_statistics(__global const SRC_T* src, __global const MASK_T* mask, long first, long n,
                               float threshold, float mean_hi, float mean_lo,
                               __global ulong* selected_out, __global ulong* count_out,
                               __global SUM_T* sum_out, __global VAL_T* min_out,
                               __global VAL_T* max_out, __global REAL* sq_out,
                               __local ulong* l_selected, __local ulong* l_count,
                               __local SUM_T* l_sum, __local VAL_T* l_min, __local VAL_T* l_max,
                               __local REAL* l_sq) {
    const uint l = get_local_id(0);
    const long stride = get_global_size(0);
    const REAL mean = (REAL)mean_hi + (REAL)mean_lo;
    ulong selected = 0, count = 0;
    SUM_T sum = 0;
    VAL_T lo = MIN_INIT, hi = MAX_INIT;
    REAL sq = 0;
    for (long i = first + get_global_id(0); i < first + n; i += stride) {
        const VAL_T v = (VAL_T)src[i];
#if FILTER == 1
        if (mask[i] == 0) continue;
#elif FILTER == 2
        if (!((float)v > threshold)) continue;
#endif
        selected += 1;
        if (!IS_NUMBER(v)) continue;
        count += 1;
        sum += (SUM_T)v;
        lo = VMIN(lo, v);
        hi = VMAX(hi, v);
        const REAL d = (REAL)v - mean;
        sq += d * d;
    }
    l_selected[l] = selected;
    l_count[l] = count;
    l_sum[l] = sum;
    l_min[l] = lo;
    l_max[l] = hi;
    l_sq[l] = sq;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (l < s) {
            l_selected[l] += l_selected[l + s];
            l_count[l] += l_count[l + s];
            l_sum[l] += l_sum[l + s];
            l_min[l] = VMIN(l_min[l], l_min[l + s]);
            l_max[l] = VMAX(l_max[l], l_max[l + s]);
            l_sq[l] += l_sq[l + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (l == 0) {
        const size_t g = get_group_id(0);
        selected_out[g] = l_selected[0];
        count_out[g] = l_count[0];
        sum_out[g] = l_sum[0];
        min_out[g] = l_min[0];
        max_out[g] = l_max[0];
        sq_out[g] = l_sq[0];
    }
}
