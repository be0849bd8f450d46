// ImageJ's Unsharp Mask (native/src/ops/gaussian_ops.cpp, unsharpMask): the source as float, and
// the combination of UnsharpMask.sharpenFloat, (source - weight * blurred) / (1 - weight) in
// float. The quotient is taken in double and rounded to float, which is the correctly rounded
// float quotient (Java's) on every device (OpenCL's float division may be less accurate).
#pragma OPENCL FP_CONTRACT OFF

__kernel void to_float(__global const SRC_T* src, __global float* dst, long n) {
    const long i = get_global_id(0);
    if (i < n) dst[i] = (float)src[i];
}

// SRC: the source as float32; DST: the result in the source's pixel type.
__kernel void unsharp_combine(__global const float* src, __global const float* blurred, __global DST_T* dst,
                              float weight, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const float num = src[i] - weight * blurred[i];
    const float den = 1.0f - weight;
#if IJCL_HAS_DOUBLE
    const float v = (float)((double)num / (double)den);
#else
    const float v = num / den;
#endif
    dst[i] = CONVERT_DST(v);
}
