// ImageJ's rolling-ball background (Process > Subtract Background..., ij.plugin.filter.
// BackgroundSubtracter 1.54p, rollingBallFloatBackground), step by step on one plane of floats.
// Each kernel does per pixel exactly the float operations ImageJ does, in ImageJ's order where
// the order matters (min/max with ImageJ's strict comparisons, sums left to right), so results
// are bit-identical; FP_CONTRACT is off so no multiply and add fuse into one rounding.
#pragma OPENCL FP_CONTRACT OFF

// The plane as float, negated when the background is light (ImageJ's invert).
__kernel void rb_load(__global const SRC_T* src, __global float* dst, long n, long offset, int invert) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const float v = (float)src[offset + i];
    dst[i] = invert ? -v : v;
}

// filter3x3(MEAN) along one axis (0: x, 1: y): (previous + this + next) * 0.33333333f of the
// values before the pass, the end pixels repeated (BackgroundSubtracter.filter3).
__kernel void rb_mean3(__global const float* src, __global float* dst, long w, long h, int axis) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w || y >= h) return;
    const long length = axis == 0 ? w : h, i = axis == 0 ? x : y, inc = axis == 0 ? 1 : w, p = y * w + x;
    const float v2 = src[p];
    const float v1 = i > 0 ? src[p - inc] : v2;
    const float v3 = i < length - 1 ? src[p + inc] : v2;
    dst[p] = (v1 + v2 + v3) * 0.33333333f;
}

// shrinkImage: each small pixel is the minimum of its factor x factor block (scan order y, x).
__kernel void rb_shrink(__global const float* src, __global float* dst, long w, long h, long sw, long sh, int factor) {
    const long xs = get_global_id(0), ys = get_global_id(1);
    if (xs >= sw || ys >= sh) return;
    float m = FLT_MAX;
    for (long j = 0, y = factor * ys; j < factor && y < h; j++, y++)
        for (long k = 0, x = factor * xs; k < factor && x < w; k++, x++) {
            const float t = src[x + y * w];
            if (t < m) m = t;
        }
    dst[xs + ys * sw] = m;
}

// rollBall, first half: the height z of the ball at every centre (x, y), x in [-r, w + r),
// y in [-r, h + r) (r = half the ball's width): the minimum of pixel - ball over the part of
// the ball inside the image, in ImageJ's scan order. z is (w + 2r) x (h + 2r).
__kernel void rb_heights(__global const float* img, __global const float* ball, __global float* z, long w, long h, int r) {
    const long ex = get_global_id(0), ey = get_global_id(1), ew = w + 2 * r, eh = h + 2 * r;
    if (ex >= ew || ey >= eh) return;
    const long x = ex - r, y = ey - r, bw = 2 * r + 1;
    const long y0 = max(y - r, (long)0), yend = min(y + r, h - 1), x0 = max(x - r, (long)0), xend = min(x + r, w - 1);
    float zz = FLT_MAX;
    for (long yp = y0; yp <= yend; yp++)
        for (long xp = x0; xp <= xend; xp++) {
            const float reduced = img[yp * w + xp] - ball[(yp - y + r) * bw + (xp - x + r)];
            if (zz > reduced) zz = reduced;
        }
    z[ey * ew + ex] = zz;
}

// rollBall, second half: every pixel is raised to the highest ball surface z + ball over the
// centres whose ball covers it, visited in ImageJ's order (y, then x, ascending), from -FLT_MAX.
__kernel void rb_roll(__global const float* z, __global const float* ball, __global float* dst, long w, long h, int r) {
    const long xp = get_global_id(0), yp = get_global_id(1);
    if (xp >= w || yp >= h) return;
    const long ew = w + 2 * r, bw = 2 * r + 1;
    float v = -FLT_MAX;
    for (long y = yp - r; y <= yp + r; y++)
        for (long x = xp - r; x <= xp + r; x++) {
            const float surface = z[(y + r) * ew + (x + r)] + ball[(yp - y + r) * bw + (xp - x + r)];
            if (v < surface) v = surface;
        }
    dst[yp * w + xp] = v;
}

// enlargeImage: bilinear interpolation with makeInterpolationArrays' indices and weights (x
// first, per small line, then y), negated back when the plane was inverted.
__kernel void rb_enlarge(__global const float* small, __global const int* xi, __global const float* xw,
                         __global const int* yi, __global const float* yw, __global float* dst,
                         long w, long h, long sw, long offset, int invert) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w || y >= h) return;
    const long ix = xi[x], iy = yi[y];
    const float wx = xw[x], wy = yw[y];
    const float line0 = small[iy * sw + ix] * wx + small[iy * sw + ix + 1] * (1.0f - wx);
    const float line1 = small[(iy + 1) * sw + ix] * wx + small[(iy + 1) * sw + ix + 1] * (1.0f - wx);
    const float v = line0 * wy + line1 * (1.0f - wy);
    dst[offset + y * w + x] = invert ? -v : v;
}

// The unshrunk background negated back (ImageJ's invert) and written into plane z of dst.
__kernel void rb_store(__global const float* src, __global float* dst, long n, long offset, int invert) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[offset + i] = invert ? -src[i] : src[i];
}
