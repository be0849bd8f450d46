// Local maxima in a box neighbourhood (native/src/ops/detection_ops.cpp).
//
// dst = 1 where the pixel is the maximum of the (2rx+1) x (2ry+1) x (2rz+1) box around it (the
// part of the box inside the image): no pixel of the box is larger, and no pixel of the box with
// the same value comes earlier in raster order (smaller linear index x + w*(y + h*z)). So a
// plateau that fits in one box yields exactly one maximum, its first pixel in raster order.
// NaN pixels are never maxima and are ignored as neighbours. A 2D detection on a stack uses
// rz = 0 (each plane on its own). DETECT_MINIMA 1 (detectMinimaBox): the same for minima (no
// pixel of the box is smaller, none equal earlier in raster order).
//
// Computed in two steps. detect_box_extreme, once per axis with a radius: the maximum (minimum)
// of the box around every pixel, as separable passes of the window along one axis (NaN ignored;
// NaN only where every pixel of the window is NaN). detect_box_mark: a pixel is a maximum when it
// equals its box's maximum (so no pixel of the box is larger) and no equal pixel of the box comes
// before it in raster order; only such candidates scan the part of the box before them, stopping
// at the first equal pixel. Pixel cost: 2r+1 reads per axis, plus the scan for the few
// candidates, instead of up to (2rx+1)(2ry+1)(2rz+1) reads with divergent early exits.
// detect_box_extreme is not rank_filters.cl's box_line (the box filters' min/max pass): that pass
// gives NaN where the centre pixel is NaN, and box_lines computes in float,
// which is inexact for uint32; here NaN is ignored and every type is compared exactly.
#if DETECT_MINIMA
#define DETECT_EXTREME(a, b) DETECT_MIN((a), (b))
#else
#define DETECT_EXTREME(a, b) DETECT_MAX((a), (b))
#endif
#if SRC_IS_FLOAT
#define DETECT_MAX(a, b) fmax((a), (b))  /* the number when one of them is NaN */
#define DETECT_MIN(a, b) fmin((a), (b))
#else
#define DETECT_MAX(a, b) max((a), (b))
#define DETECT_MIN(a, b) min((a), (b))
#endif
// DETECT_AXIS: the pass's axis, 0/1/2 = x/y/z (a define: one program per axis).
__kernel void detect_box_extreme(__global const SRC_T* src, __global SRC_T* dst, long width, long height,
                                 long depth, long radius) {
    const long x = get_global_id(0);
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long index = x + width * (y + height * z);
#if DETECT_AXIS == 0
    const long c = x, n = width, stride = 1;
#elif DETECT_AXIS == 1
    const long c = y, n = height, stride = width;
#else
    const long c = z, n = depth, stride = width * height;
#endif
    const long lo = max(c - radius, 0L), hi = min(c + radius, n - 1);
    SRC_T extreme = src[index + (lo - c) * stride];
    for (long k = lo + 1; k <= hi; ++k) extreme = DETECT_EXTREME(extreme, src[index + (k - c) * stride]);
    dst[index] = extreme;
}

__kernel void detect_box_mark(__global const SRC_T* src, __global const SRC_T* extreme, __global uchar* dst,
                              long width, long height, long depth, long rx, long ry, long rz) {
    const long x = get_global_id(0);
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long index = x + width * (y + height * z);
    const SRC_T value = src[index];  // compared in the pixel type: exact for uint32
    uchar mark = value == value && value == extreme[index];  // NaN is never marked
    if (mark) {
        // The box's pixels before this one in raster order: earlier planes, earlier rows of this
        // plane, earlier pixels of this row.
        const long z0 = max(z - rz, 0L), y0 = max(y - ry, 0L), y1 = min(y + ry, height - 1);
        const long x0 = max(x - rx, 0L), x1 = min(x + rx, width - 1);
        for (long zz = z0; zz <= z && mark; ++zz) {
            const long y_end = zz < z ? y1 : y;
            for (long yy = y0; yy <= y_end && mark; ++yy) {
                const long x_end = (zz < z || yy < y) ? x1 : x - 1;
                const long row = width * (yy + height * zz);
                for (long xx = x0; xx <= x_end; ++xx) {
                    if (src[row + xx] == value) {
                        mark = 0;
                        break;
                    }
                }
            }
        }
    }
    dst[index] = mark;
}
