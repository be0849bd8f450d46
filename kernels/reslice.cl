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

// resliceRadial / resliceRadialTop / cylinderTransform: the pixel at distance r (pixels) from
// (cx, cy) in direction angle a = start + k * step (degrees; 0 points along the plane's v axis, 90
// along its u axis) of plane p, sampled with bilinear interpolation in the plane; neighbours
// outside the image count as 0 (OpenCL's CLK_ADDRESS_CLAMP border colour, as CLIJ2's image
// sampler): u = cx + sin(a) * r * scale_x, v = cy + cos(a) * r * scale_y. The planes: RADIAL_MODE
// 0 and 1: xy planes (u = x, v = y, p = z); 2: xz planes (u = x, v = z, p = y). The destination:
// mode 0 (r, p, k) (resliceRadial), 1 (r, k, p) (resliceRadialTop), 2 (k, p, r) (cylinderTransform).
#if defined(RADIAL_MODE)
__kernel void reslice_radial(__global const SRC_T* src, __global DST_T* dst, long sw, long sh, long sd,
                             long dw, long dh, long dd, float step, float start, float cx, float cy,
                             float scale_x, float scale_y) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= dw || y >= dh || z >= dd) return;
#if RADIAL_MODE == 0
    const long r = x, p = y, k = z;
#elif RADIAL_MODE == 1
    const long r = x, k = y, p = z;
#else
    const long k = x, p = y, r = z;
#endif
#if RADIAL_MODE == 2
    __global const SRC_T* plane = src + p * sw;
    const long nu = sw, nv = sd, sv = sw * sh;
#else
    __global const SRC_T* plane = src + p * sw * sh;
    const long nu = sw, nv = sh, sv = sw;
#endif
    const float angle = ((float)k * step + start) * (M_PI_F / 180.0f);
    const float pu = cx + sin(angle) * (float)r * scale_x;
    const float pv = cy + cos(angle) * (float)r * scale_y;
    float v = 0.0f;
    if (pu > -1.0f && pu < (float)nu && pv > -1.0f && pv < (float)nv) {
        const float fu0 = floor(pu), fv0 = floor(pv);
        const long u0 = (long)fu0, v0 = (long)fv0;
        const float au = pu - fu0, av = pv - fv0;
        float v00 = 0.0f, v10 = 0.0f, v01 = 0.0f, v11 = 0.0f;
        if (u0 >= 0 && v0 >= 0) v00 = (float)plane[v0 * sv + u0];
        if (u0 + 1 < nu && v0 >= 0) v10 = (float)plane[v0 * sv + u0 + 1];
        if (u0 >= 0 && v0 + 1 < nv) v01 = (float)plane[(v0 + 1) * sv + u0];
        if (u0 + 1 < nu && v0 + 1 < nv) v11 = (float)plane[(v0 + 1) * sv + u0 + 1];
        v = (v00 * (1.0f - au) + v10 * au) * (1.0f - av) + (v01 * (1.0f - au) + v11 * au) * av;
    }
    dst[(z * dh + y) * dw + x] = CONVERT_DST(v);
}
#endif
