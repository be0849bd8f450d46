// Local maxima in a box neighbourhood (native/src/ops/detection_ops.cpp).
//
// dst = 1 where the pixel is the maximum of the (2rx+1) x (2ry+1) x (2rz+1) box around it (the
// part of the box inside the image): no pixel of the box is larger, and no pixel of the box with
// the same value comes earlier in raster order (smaller linear index x + w*(y + h*z)). So a
// plateau that fits in one box yields exactly one maximum, its first pixel in raster order.
// NaN pixels are never maxima and are ignored as neighbours. A 2D detection on a stack uses
// rz = 0 (each plane on its own). DETECT_MINIMA 1 (detectMinimaBox): the same for minima (no
// pixel of the box is smaller, none equal earlier in raster order).
#if DETECT_MINIMA
#define DETECT_BEATS(v, value) ((v) < (value))
#else
#define DETECT_BEATS(v, value) ((v) > (value))
#endif
__kernel void detect_maxima_box(__global const SRC_T* src, __global uchar* dst,
                                long width, long height, long depth, long rx, long ry, long rz) {
    const long x = get_global_id(0);
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;

    const long index = x + width * (y + height * z);
    const SRC_T value = src[index];  // compared in the pixel type: exact for uint32
    uchar is_maximum = value == value;  // NaN is never a maximum
    const long z0 = max(z - rz, 0L), z1 = min(z + rz, depth - 1);
    const long y0 = max(y - ry, 0L), y1 = min(y + ry, height - 1);
    const long x0 = max(x - rx, 0L), x1 = min(x + rx, width - 1);
    for (long zz = z0; zz <= z1 && is_maximum; ++zz) {
        for (long yy = y0; yy <= y1 && is_maximum; ++yy) {
            for (long xx = x0; xx <= x1; ++xx) {
                const long other = xx + width * (yy + height * zz);
                const SRC_T v = src[other];
                if (DETECT_BEATS(v, value) || (v == value && other < index)) {
                    is_maximum = 0;
                    break;
                }
            }
        }
    }
    dst[index] = is_maximum;
}
