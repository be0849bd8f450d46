// Geometric transforms (native/src/ops/transform_ops.cpp): flips and in-plane rotation.
// Both run over a 3D range (x, y, z) of the destination.
#pragma OPENCL FP_CONTRACT OFF

#if REAL_IS_DOUBLE
typedef double real;
#else
typedef float real;
#endif

// Mirrors along each axis whose flag is non-zero (flip2D, flip3D): one read, one write per pixel.
// FLIP_VECTOR 1 (the host's choice when width % 16 == 0): each work item moves 16 consecutive
// pixels of a row, range (width / 16, height, depth); a row's 16-pixel blocks then start on
// 16-pixel boundaries in both images, so each block is one vector load and store, reversed
// lane by lane for flip_x. FLIP_VECTOR 0: one pixel per work item, range (width, height, depth).
__kernel void flip(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                   long depth, int flip_x, int flip_y, int flip_z) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
#if FLIP_VECTOR
    const long blocks = width / 16;
    if (x >= blocks || y >= height || z >= depth) return;
    const long sx = flip_x ? blocks - 1 - x : x;
    const long sy = flip_y ? height - 1 - y : y;
    const long sz = flip_z ? depth - 1 - z : z;
    const long n = width * height * depth;
    IJCL_W(SRC_T) v = IJCL_LOAD16(SRC_T, src, sx + blocks * (sy + height * sz), n);
    if (flip_x) v = v.sfedcba9876543210;
    IJCL_STORE16(DST_T, dst, x + blocks * (y + height * z), n, v);
#else
    if (x >= width || y >= height || z >= depth) return;
    const long sx = flip_x ? width - 1 - x : x;
    const long sy = flip_y ? height - 1 - y : y;
    const long sz = flip_z ? depth - 1 - z : z;
    dst[x + width * (y + height * z)] = src[sx + width * (sy + height * sz)];
#endif
}

// Linear interpolation as ImageJ's getInterpolatedPixel does it, including its rule for float
// images: a NaN neighbour is skipped when the sample lies in the other neighbour's half.
inline real lerp_ij(real a, real b, real f) {
    if (isnan(a) && f >= (real)0.5) return b;
    if (isnan(b) && f < (real)0.5) return a;
    return a + f * (b - a);
}

// Rotates every z plane about (cx, cy) with bilinear interpolation, as ImageJ's
// ImageProcessor.rotate: the destination pixel (x, y) samples the source at
//   xs = x*ca + ((tmp1 - y*sa) + cx),  ys = x*sa + ((tmp2 + y*ca) + cy)
// with ca = cos(-angle), sa = sin(-angle), tmp1 = cy*sa - cx*ca, tmp2 = -cx*sa - cy*ca (computed
// on the host, in this order, so the arithmetic is ImageJ's). Samples with xs or ys below -0.01
// or at/after the image edge get the background 0; samples near the last column/row are clamped
// to size - 1.001 (so they still interpolate, as in ImageJ). Integer results: floor(v + 0.5).
__kernel void rotate_bilinear(__global const SRC_T* src, __global DST_T* dst, long width,
                              long height, long depth, real ca, real sa, real tmp1, real tmp2,
                              real cx, real cy) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long plane = width * height * z;
    real xs = (real)x * ca + ((tmp1 - (real)y * sa) + cx);
    real ys = (real)x * sa + ((tmp2 + (real)y * ca) + cy);
    const real w = (real)width, h = (real)height;
    const long out = plane + x + width * y;
    if (!(xs >= (real)-0.01 && xs < w && ys >= (real)-0.01 && ys < h)) {
        dst[out] = (DST_T)0;
        return;
    }
    if (xs < (real)0) xs = (real)0;
    if (xs >= w - (real)1) xs = w - (real)1.001;
    if (ys < (real)0) ys = (real)0;
    if (ys >= h - (real)1) ys = h - (real)1.001;
    const long xb = (long)xs, yb = (long)ys;   // truncation, as Java's (int)
    const real xf = xs - (real)xb, yf = ys - (real)yb;
    const long x1 = min(xb + 1, width - 1), y1 = min(yb + 1, height - 1);  // 1-pixel-wide images
    const real ll = (real)src[plane + xb + width * yb];
    const real lr = (real)src[plane + x1 + width * yb];
    const real ul = (real)src[plane + xb + width * y1];
    const real ur = (real)src[plane + x1 + width * y1];
    const real v = lerp_ij(lerp_ij(ll, lr, xf), lerp_ij(ul, ur, xf), yf);
#if DST_IS_FLOAT
    dst[out] = (float)v;
#else
    dst[out] = (DST_T)clamp(floor(v + (real)0.5), (real)0, (real)DST_MAX);
#endif
}
