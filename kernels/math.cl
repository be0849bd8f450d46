// Pixel-wise arithmetic (native/src/ops/math_ops.cpp). Computed in float; CONVERT_DST rounds to
// nearest and saturates for integer outputs.

// dst = src0 * factor0 + src1 * factor1
__kernel void weighted_sum(__global const SRC0_T* src0, __global const SRC1_T* src1,
                           __global DST_T* dst, long n, float factor0, float factor1) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = CONVERT_DST((float)src0[i] * factor0 + (float)src1[i] * factor1);
}
