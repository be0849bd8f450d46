// Reslices of a stack (native/src/ops/reslice_ops.cpp): every destination voxel (x, y, z) is
// copied from one source voxel of the w x h x d source. RESLICE selects the mapping:
//   1 top     destination w x d x h: (x, y, z) <- (x, z, y)
//   2 bottom  destination w x d x h: (x, y, z) <- (x, h - 1 - z, y)
//   3 left    destination h x d x w: (x, y, z) <- (z, x, y)
//   4 right   destination h x d x w: (x, y, z) <- (w - 1 - z, x, y)
// The range is the destination's shape; every source index named lies inside the source.
__kernel void reslice(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                      long dw, long dh, long dd) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= dw || y >= dh || z >= dd) return;
#if RESLICE == 1
    const long sx = x, sy = z, sz = y;
#elif RESLICE == 2
    const long sx = x, sy = sh - 1 - z, sz = y;
#elif RESLICE == 3
    const long sx = z, sy = x, sz = y;
#else
    const long sx = sw - 1 - z, sy = x, sz = y;
#endif
    dst[(z * dh + y) * dw + x] = src[(sz * sh + sy) * sw + sx];
}

// resliceRadial / resliceRadialTop: the pixel at distance r (pixels) from (cx, cy) in direction
// angle a = start + k * step (degrees; 0 points along +y, 90 along +x) of plane p, sampled with
// bilinear interpolation in the plane; neighbours outside the image count as 0 (OpenCL's
// CLK_ADDRESS_CLAMP border colour, as CLIJ2's image sampler). RADIAL_TOP 0: destination
// (r, p, k) (resliceRadial); 1: destination (r, k, p) (resliceRadialTop). Coordinates:
// x = cx + sin(a) * r * scale_x, y = cy + cos(a) * r * scale_y.
#if defined(RADIAL_TOP)
__kernel void reslice_radial(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                             long dw, long dh, long dd, float step, float start, float cx, float cy,
                             float scale_x, float scale_y) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= dw || y >= dh || z >= dd) return;
    const long r = x;
#if RADIAL_TOP
    const long k = y, p = z;
#else
    const long p = y, k = z;
#endif
    const float angle = ((float)k * step + start) * (M_PI_F / 180.0f);
    const float px = cx + sin(angle) * (float)r * scale_x;
    const float py = cy + cos(angle) * (float)r * scale_y;
    float v = 0.0f;
    if (px > -1.0f && px < (float)sw && py > -1.0f && py < (float)sh) {
        const float fx0 = floor(px), fy0 = floor(py);
        const long x0 = (long)fx0, y0 = (long)fy0;
        const float ax = px - fx0, ay = py - fy0;
        __global const SRC_T* plane = src + p * sw * sh;
        float v00 = 0.0f, v10 = 0.0f, v01 = 0.0f, v11 = 0.0f;
        if (x0 >= 0 && y0 >= 0) v00 = (float)plane[y0 * sw + x0];
        if (x0 + 1 < sw && y0 >= 0) v10 = (float)plane[y0 * sw + x0 + 1];
        if (x0 >= 0 && y0 + 1 < sh) v01 = (float)plane[(y0 + 1) * sw + x0];
        if (x0 + 1 < sw && y0 + 1 < sh) v11 = (float)plane[(y0 + 1) * sw + x0 + 1];
        v = (v00 * (1.0f - ax) + v10 * ax) * (1.0f - ay) + (v01 * (1.0f - ax) + v11 * ax) * ay;
    }
    dst[(z * dh + y) * dw + x] = CONVERT_DST(v);
}
#endif
