// ImageJ's 3x3 filters, per pixel type as ImageJ's processors compute them
// (native/src/ops/imagej_filter_ops.cpp): FILTER3X3 0 = smooth (ImageProcessor.smooth, BLUR_MORE),
// 1 = sharpen (ImageProcessor.sharpen: convolve3x3 with -1 around 12, scale 4), 2 = findEdges
// (ImageProcessor.findEdges, FIND_EDGES: 3x3 Sobel magnitude). Neighbours outside the image are
// the nearest edge pixel (ImageJ's pointers stop at the edges). uint8 (ByteProcessor) and uint16
// (ShortProcessor) compute in int, the edge magnitude with a double square root, truncated;
// float32 (FloatProcessor.filter3x3) computes in float in Java's order of operations. uint32
// (no ImageJ type) is computed like uint16 in 64-bit integers, limited to its range. Every
// plane of a stack is filtered on its own.
#pragma OPENCL FP_CONTRACT OFF

__kernel void filter3x3(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    __global const SRC_T* plane = src + z * w * h;
    const long xl = x > 0 ? x - 1 : 0, xr = x < w - 1 ? x + 1 : w - 1;
    const long yu = (y > 0 ? y - 1 : 0) * w, yc = y * w, yd = (y < h - 1 ? y + 1 : h - 1) * w;
#if SRC_IS_FLOAT
    const float v1 = plane[yu + xl], v2 = plane[yu + x], v3 = plane[yu + xr];
    const float v4 = plane[yc + xl], v5 = plane[yc + x], v6 = plane[yc + xr];
    const float v7 = plane[yd + xl], v8 = plane[yd + x], v9 = plane[yd + xr];
#if FILTER3X3 == 0
    const float r = (v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9) * 0.11111111f;
#elif FILTER3X3 == 1
    float sum = -1.0f * v1 + -1.0f * v2 + -1.0f * v3 + -1.0f * v4 + 12.0f * v5 + -1.0f * v6 + -1.0f * v7 +
                -1.0f * v8 + -1.0f * v9;
    sum *= 0.25f;
    const float r = sum;
#else
    const float sum1 = v1 + 2.0f * v2 + v3 - v7 - 2.0f * v8 - v9;
    const float sum2 = v1 + 2.0f * v4 + v7 - v3 - 2.0f * v6 - v9;
#if IJCL_HAS_DOUBLE
    const float r = (float)sqrt((double)(sum1 * sum1 + sum2 * sum2));
#else
    const float r = sqrt(sum1 * sum1 + sum2 * sum2);
#endif
#endif
    dst[x + w * (y + h * z)] = r;
#else
    const long top = (long)(DST_T)(~(DST_T)0);  // 255, 65535, 4294967295
    const long v1 = plane[yu + xl], v2 = plane[yu + x], v3 = plane[yu + xr];
    const long v4 = plane[yc + xl], v5 = plane[yc + x], v6 = plane[yc + xr];
    const long v7 = plane[yd + xl], v8 = plane[yd + x], v9 = plane[yd + xr];
#if FILTER3X3 == 0
    const long r = (v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + 4) / 9;
#elif FILTER3X3 == 1
    long r = (12 * v5 - v1 - v2 - v3 - v4 - v6 - v7 - v8 - v9 + 2) / 4;  // Java's int division (truncating)
    r = r > top ? top : (r < 0 ? 0 : r);
#else
    const long sum1 = v1 + 2 * v2 + v3 - v7 - 2 * v8 - v9;
    const long sum2 = v1 + 2 * v4 + v7 - v3 - 2 * v6 - v9;
#if IJCL_HAS_DOUBLE
    long r = (long)sqrt((double)sum1 * sum1 + (double)sum2 * sum2);
#else
    long r = (long)sqrt((float)sum1 * sum1 + (float)sum2 * sum2);
#endif
    r = r > top ? top : r;
#endif
    dst[x + w * (y + h * z)] = (DST_T)r;
#endif
}
