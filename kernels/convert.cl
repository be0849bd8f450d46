// Pixel-type conversion: destination = CONVERT_DST(source * factor), rounded to nearest and
// saturated. Integer-to-integer copies with factor 1 are exact up to 2^24 (float path); label
// images are converted only when their ids fit (see Session::pull_view).
// Each work item handles 16 consecutive pixels (IJCL_LOAD16/IJCL_STORE16 in preamble.cl);
// launch ceil(n / 16) work items.
__kernel void convert_pixels(__global const SRC_T* src, __global DST_T* dst, long n, float factor) {
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    const IJCL_W(SRC_T) s = IJCL_LOAD16(SRC_T, src, g, n);
#if SRC_TYPE_ID == DST_TYPE_ID
    if (factor == 1.0f) {
        IJCL_STORE16(DST_T, dst, g, n, s);
        return;
    }
#endif
    IJCL_STORE16(DST_T, dst, g, n, IJCL_TO16(DST_T, convert_float16(s) * factor));
}
