// Whole-image reductions: maximum, sum and count of non-zero pixels
// (native/src/ops/measurement_ops.cpp).
//
// Each work item folds a grid-strided share of the pixels into an accumulator, each work group
// combines its work items' accumulators in local memory (a tree over a power-of-two group size),
// and writes one partial per group; the host combines the partials.
//
// REDUCE_OP: 0 maximum, 1 sum, 2 count of non-zero pixels, 3 sum of squares (float pixels only:
// each value squared in float, then summed as in 1; meanSquaredError). USE_DOUBLE: 1 to sum float pixels in
// double (needs cl_khr_fp64), 0 to sum them as compensated float pairs (sum, error).
// Accumulators:
//   maximum: uint for integer pixels (exact, also for uint32 labels), float for float pixels
//            (NaN pixels are ignored; an image of only NaN gives -infinity);
//   sum:     ulong for integer pixels (exact), double or a float2 pair for float pixels
//            (NaN pixels are ignored);
//   count:   ulong (NaN counts as non-zero, as in C: NaN != 0).

// Error-free sum of two floats (Knuth's TwoSum): a + b == s + e exactly.
inline float2 ijcl_two_sum(float a, float b) {
    const float s = a + b;
    const float bp = s - a;
    const float e = (a - (s - bp)) + (b - bp);
    return (float2)(s, e);
}

#if REDUCE_OP == 0
#if SRC_IS_FLOAT
#define ACC_T float
#define ACC_INIT (-INFINITY)
#define ACC_ADD(acc, v) fmax((acc), (float)(v))
#define ACC_COMBINE(a, b) fmax((a), (b))
#else
#define ACC_T uint
#define ACC_INIT 0u
#define ACC_ADD(acc, v) max((acc), (uint)(v))
#define ACC_COMBINE(a, b) max((a), (b))
#endif

#elif REDUCE_OP == 1 || REDUCE_OP == 3
#if !SRC_IS_FLOAT
#define ACC_T ulong
#define ACC_INIT 0ul
#define ACC_ADD(acc, v) ((acc) + (ulong)(v))
#define ACC_COMBINE(a, b) ((a) + (b))
#elif USE_DOUBLE
#define ACC_T double
#define ACC_INIT 0.0
#define ACC_ADD(acc, v) ((v) == (v) ? (acc) + (double)(v) : (acc))
#define ACC_COMBINE(a, b) ((a) + (b))
#else
#define ACC_T float2
#define ACC_INIT ((float2)(0.0f, 0.0f))
inline float2 ijcl_pair_add(float2 acc, float v) {
    if (v != v) return acc;
    const float2 t = ijcl_two_sum(acc.x, v);
    return (float2)(t.x, acc.y + t.y);
}
inline float2 ijcl_pair_combine(float2 a, float2 b) {
    const float2 t = ijcl_two_sum(a.x, b.x);
    return (float2)(t.x, a.y + b.y + t.y);
}
#define ACC_ADD(acc, v) ijcl_pair_add((acc), (float)(v))
#define ACC_COMBINE(a, b) ijcl_pair_combine((a), (b))
#endif

#else
#define ACC_T ulong
#define ACC_INIT 0ul
#define ACC_ADD(acc, v) ((acc) + ((v) != 0 ? 1ul : 0ul))
#define ACC_COMBINE(a, b) ((a) + (b))
#endif

#if REDUCE_OP == 3
#define REDUCE_VALUE(v) ((float)(v) * (float)(v))
#else
#define REDUCE_VALUE(v) (v)
#endif

// The local size must be a power of two; scratch holds one ACC_T per work item.
__kernel void reduce_to_partials(__global const SRC_T* src, long n, __global ACC_T* partials,
                                 __local ACC_T* scratch) {
    const uint l = get_local_id(0);
    const long stride = get_global_size(0);
    ACC_T acc = ACC_INIT;
    for (long i = get_global_id(0); i < n; i += stride) acc = ACC_ADD(acc, REDUCE_VALUE(src[i]));
    scratch[l] = acc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (l < s) scratch[l] = ACC_COMBINE(scratch[l], scratch[l + s]);
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (l == 0) partials[get_group_id(0)] = scratch[0];
}
