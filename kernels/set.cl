// Kernels of native/src/ops/set_ops.cpp (setRandom) and of the reductions that then rescale pixel
// by pixel (gammaCorrection, equalizeMeanIntensitiesOfSlices in native/src/ops/reduction_ops.cpp).
// One work item per pixel, i < n; FP_CONTRACT is off: no fused multiply-add, so each product is
// rounded to float as CLIJ2's separate kernels round it.
#pragma OPENCL FP_CONTRACT OFF

// SplitMix64's finaliser (Steele, Lea, Flood: "Fast splittable pseudorandom number generators",
// OOPSLA 2014): a bijection of 64-bit words whose outputs for consecutive inputs pass BigCrush.
inline ulong ijcl_mix64(ulong z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
    return z ^ (z >> 31);
}

// setRandom: pixel i gets minimum + u * range, u = the top 24 bits of mix64(seed_word + (i + 1) *
// golden gamma) / 2^24, uniform on [0, 1) in steps of 2^-24 (as Java's Random.nextFloat); the
// product and sum in float. Integer images: truncated toward zero and saturated (CLIJ2 copies its
// float random image into the target with convert_<type>_sat), so whole values min .. max - 1 are
// equally likely.
__kernel void set_random(__global DST_T* dst, long n, ulong seed_word, float minimum, float range,
                         float half_range) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const ulong bits = ijcl_mix64(seed_word + (ulong)(i + 1) * 0x9E3779B97F4A7C15UL);
    const float u = (float)(bits >> 40) * (1.0f / 16777216.0f);
    // a range beyond float's (bounds of opposite sign near FLT_MAX): halved, so nothing overflows
    const float v = isinf(range) ? 2.0f * (u * half_range + 0.5f * minimum) : u * range + minimum;
#if DST_IS_FLOAT
    dst[i] = v;
#else
    dst[i] = IJCL_CAT(convert_, IJCL_CAT(DST_T, _sat_rtz))(v);
#endif
}

#ifdef SRC_T  // the kernels with an input image (the file is built once per set of pixel types)
// gammaCorrection: dst = ((src * inverse_max) ^ gamma) * max, each step rounded to float (CLIJ2:
// multiplyImageAndScalar by 1 / max into a float image, power, multiplyImageAndScalar by max).
__kernel void gamma_correction(__global const SRC_T* src, __global DST_T* dst, long n, float inverse_max,
                               float gamma, float max_intensity) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const float normalised = (float)src[i] * inverse_max;
    const float powered = pow(normalised, gamma);
    dst[i] = CONVERT_DST(powered * max_intensity);
}

// equalizeMeanIntensitiesOfSlices, multiplyImageStackWithScalarList: dst = src * factors[z],
// z = i / plane, clamped to the last of the `count` factors (CLIJ2's multiplyImageStackWithScalars:
// one float product per pixel, its scalar list read clamped to the edge).
#ifdef FAC_T  // built with the factors' pixel type only
__kernel void scale_planes(__global const SRC_T* src, __global DST_T* dst, long n, long plane,
                           __global const FAC_T* factors, long count) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = CONVERT_DST((float)src[i] * (float)factors[min(i / plane, count - 1)]);
}
#endif
#endif
