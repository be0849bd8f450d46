// Pixel-type conversion: destination = CONVERT_DST(source * factor), rounded to nearest and
// saturated. Integer-to-integer copies with factor 1 are exact up to 2^24 (float path); label
// images are converted only when their ids fit (see Session::pull_view).
__kernel void convert_pixels(__global const SRC_T* src, __global DST_T* dst, long n, float factor) {
    const long i = get_global_id(0);
    if (i >= n) return;
#if SRC_TYPE_ID == DST_TYPE_ID
    dst[i] = factor == 1.0f ? src[i] : CONVERT_DST((float)src[i] * factor);
#else
    dst[i] = CONVERT_DST((float)src[i] * factor);
#endif
}
