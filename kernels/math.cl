// Pixel-wise arithmetic (native/src/ops/math_ops.cpp). Computed in float; CONVERT_DST rounds to
// nearest (half up) and saturates for integer outputs. FP_CONTRACT is off so no device fuses a
// multiply and an add into one differently rounded operation: results are the same everywhere.
#pragma OPENCL FP_CONTRACT OFF

#if REAL_IS_DOUBLE
typedef double real;
#else
typedef float real;
#endif

// Each kernel is compiled only with the pixel-type defines it uses (SRC0/SRC1 or SRC).
#ifdef SRC0_T
// dst = src0 * factor0 + src1 * factor1 (addImages, subtractImages, addImagesWeighted)
__kernel void weighted_sum(__global const SRC0_T* src0, __global const SRC1_T* src1,
                           __global DST_T* dst, long n, float factor0, float factor1) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = CONVERT_DST((float)src0[i] * factor0 + (float)src1[i] * factor1);
}
#endif

#ifdef SRC_T

// dst = src + scalar (addImageAndScalar)
__kernel void add_scalar(__global const SRC_T* src, __global DST_T* dst, long n, float scalar) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = CONVERT_DST((float)src[i] + scalar);
}

// dst = src * scalar (multiplyImageAndScalar). Float images: one float multiply, as ImageJ's
// FloatProcessor does. Integer images: ImageJ multiplies in double and rounds with Math.round
// (floor(p + 0.5), ties up) before clamping; with REAL_IS_DOUBLE this is reproduced exactly.
__kernel void multiply_scalar(__global const SRC_T* src, __global DST_T* dst, long n,
                              float scalar_f, real scalar) {
    const long i = get_global_id(0);
    if (i >= n) return;
#if DST_IS_FLOAT
    dst[i] = CONVERT_DST((float)src[i] * scalar_f);
#else
    const real p = (real)src[i] * scalar;
    real r = floor(p);
    if (p - r >= (real)0.5) r += (real)1;   // Math.round: ties go up
    r = clamp(r, (real)0, (real)DST_MAX);
    dst[i] = (DST_T)r;
#endif
}
#endif
