// Projections along z (native/src/ops/projection_ops.cpp): each work item reduces its columns
// down the stack; neighbouring work items read neighbouring pixels of each plane.
//
// PROJECT_VECTOR 1 (the host's choice when width * height % 16 == 0): a work item owns 16
// consecutive pixels of the plane (range plane / 16) and reads one 16-pixel vector per plane,
// which then starts on a 16-pixel boundary in every plane; planes are read four at a time so
// that several loads are in flight, and folded in z order. PROJECT_VECTOR 0: one pixel per work
// item (range plane).

// The sums that ImageJ takes in double (mean of float32, standard deviation, the focus measures):
// double where the device has cl_khr_fp64, float otherwise.
#if IJCL_HAS_DOUBLE
typedef double proj_real;
#else
typedef float proj_real;
#endif

// Maximum along z, as ImageJ's ZProjector MAX: integer types start at 0, float at -FLT_MAX and
// take v when v > max (so NaN never wins, and a column of NaN gives -FLT_MAX, as in ImageJ; the
// z order is kept, so even which of -0 and +0 wins is ImageJ's).
#if PROJECT_VECTOR
#if SRC_IS_FLOAT
#define MAX_Z_INIT ((float16)-FLT_MAX)
#define MAX_Z_FOLD(m, v) m = select(m, v, v > m)
#else
#define MAX_Z_INIT ((uint16)0)
#define MAX_Z_FOLD(m, v) m = max(m, v)
#endif
__kernel void maximum_z(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                        long depth) {
    const long g = get_global_id(0);
    const long blocks = width * height / 16, n = width * height * depth;
    if (g >= blocks) return;
    IJCL_W(SRC_T) m = MAX_Z_INIT;
    long z = 0;
    for (; z + 4 <= depth; z += 4) {
        const IJCL_W(SRC_T) v0 = IJCL_LOAD16(SRC_T, src, g + blocks * z, n);
        const IJCL_W(SRC_T) v1 = IJCL_LOAD16(SRC_T, src, g + blocks * (z + 1), n);
        const IJCL_W(SRC_T) v2 = IJCL_LOAD16(SRC_T, src, g + blocks * (z + 2), n);
        const IJCL_W(SRC_T) v3 = IJCL_LOAD16(SRC_T, src, g + blocks * (z + 3), n);
        MAX_Z_FOLD(m, v0);
        MAX_Z_FOLD(m, v1);
        MAX_Z_FOLD(m, v2);
        MAX_Z_FOLD(m, v3);
    }
    for (; z < depth; ++z) {
        const IJCL_W(SRC_T) v = IJCL_LOAD16(SRC_T, src, g + blocks * z, n);
        MAX_Z_FOLD(m, v);
    }
    IJCL_STORE16(DST_T, dst, g, blocks * 16, m);
}
#else
__kernel void maximum_z(__global const SRC_T* src, __global DST_T* dst, long width, long height,
                        long depth) {
    const long i = get_global_id(0);
    const long plane = width * height;
    if (i >= plane) return;
#if SRC_IS_FLOAT
    float m = -FLT_MAX;
    for (long z = 0; z < depth; ++z) {
        const float v = src[i + plane * z];
        if (v > m) m = v;
    }
#else
    SRC_T m = 0;
    for (long z = 0; z < depth; ++z) m = max(m, src[i + plane * z]);
#endif
    dst[i] = m;
}
#endif

// Projections of every kind along x, y or z (native/src/ops/projection_ops.cpp, one table row per
// operation). One work item per destination pixel reduces one line of the source:
//   PROJECT_AXIS 2 (z): destination (x, y)  <- source (x, y, lo..hi)
//   PROJECT_AXIS 0 (x): destination (z, y)  <- source (lo..hi, y, z)   (width = source depth)
//   PROJECT_AXIS 1 (y): destination (x, z)  <- source (x, lo..hi, z)   (height = source depth)
// PROJECT_OP: 0 maximum, 1 minimum, 2 sum, 3 mean, 4 standard deviation, 5 position of the
// maximum, 6 position of the minimum (5 and 6 also write the maximum/minimum to dst when
// PROJECT_BOTH), 7 median, 8 median of the non-zero values, 9 minimum of the values > 0. Numerics follow ImageJ's ZProjector: maximum/minimum start at -FLT_MAX/FLT_MAX
// for float (NaN never wins; a line of NaN gives -FLT_MAX/FLT_MAX) and at the type's range for
// integers, compared in the pixel type (uint32 labels stay exact), the first position wins ties;
// sum and mean accumulate in float in index order and divide in float (correctly rounded),
// except the mean of a float source: a double sum of the values that are not NaN divided by
// their count (ImageJ 1.54's ZProjector.doAverageFloatProjection); the standard deviation
// sums v and v*v in double and gives sqrt((n*s2 - s*s)/n/(n-1)), 0 for n = 1 or a negative
// variance. Integer destinations are rounded to nearest and saturated (CONVERT_DST).
// FP_CONTRACT is off for this kernel: the standard deviation's n * s2 - s * s must not become one
// fused multiply-add (ImageJ's ZProjector rounds the product first; GPU mode relies on it). It is
// switched back on after the kernel, for CLIJ2's kernels below (OpenCL C's default).
#pragma OPENCL FP_CONTRACT OFF
#ifdef PROJECT_OP
__kernel void project(__global const SRC_T* src, __global DST_T* dst, __global POS_T* pos,
                      long width, long height, long depth, long lo, long hi) {
    const long g = get_global_id(0);
    long base, stride;
#if PROJECT_AXIS == 2
    if (g >= width * height) return;
    base = g;
    stride = width * height;
#elif PROJECT_AXIS == 0
    if (g >= depth * height) return;
    base = width * (g / depth) + width * height * (g % depth);
    stride = 1;
#else
    if (g >= width * depth) return;
    base = (g % width) + width * height * (g / width);
    stride = width;
#endif
#if PROJECT_OP == 0 || PROJECT_OP == 5
#if SRC_IS_FLOAT
    float m = -FLT_MAX;
#else
    SRC_T m = 0;
#endif
    long at = lo;
    for (long t = lo; t <= hi; ++t) {
        const SRC_T v = src[base + stride * t];
        if (v > m) { m = v; at = t; }
    }
#elif PROJECT_OP == 1 || PROJECT_OP == 6
#if SRC_IS_FLOAT
    float m = FLT_MAX;
#else
    SRC_T m = (SRC_T)-1;  /* the largest value of an unsigned type */
#endif
    long at = lo;
    for (long t = lo; t <= hi; ++t) {
        const SRC_T v = src[base + stride * t];
        if (v < m) { m = v; at = t; }
    }
#elif PROJECT_OP == 3 && SRC_IS_FLOAT
    /* ImageJ's average of a 32-bit stack: a double sum of the values that are not NaN, divided
       by their count (a line of only NaN gives NaN) */
    proj_real s = 0;
    long count = 0;
    for (long t = lo; t <= hi; ++t) {
        const float v = src[base + stride * t];
        if (!isnan(v)) { s += v; ++count; }
    }
#elif PROJECT_OP == 7 || PROJECT_OP == 8
    /* median (7) or median of the values that are not 0 (8; 0 when there is none): the value at
       index count / 2 of the sorted values (the upper of the two middle values for an even
       count, as CLIJ2's kernels); float NaN sorts after every number (as Java's Arrays.sort).
       Up to MEDIAN_CAP values: insertion into a private array; more: the value whose rank range
       (values less, values equal) contains count / 2, found by counting (no memory, O(n^2)). */
#if PROJECT_OP == 8
#define MEDIAN_TAKE(v) ((v) != (SRC_T)0)
#else
#define MEDIAN_TAKE(v) 1
#endif
#if SRC_IS_FLOAT
#define MEDIAN_LESS(a, b) ((a) < (b) || (isnan(b) && !isnan(a)))
#else
#define MEDIAN_LESS(a, b) ((a) < (b))
#endif
#define MEDIAN_CAP 64
    long count = 0;
    for (long t = lo; t <= hi; ++t)
        if (MEDIAN_TAKE(src[base + stride * t])) ++count;
    SRC_T m = 0;
    const long k = count / 2;
    if (count > 0 && count <= MEDIAN_CAP) {
        SRC_T a[MEDIAN_CAP];
        int n = 0;
        for (long t = lo; t <= hi; ++t) {
            const SRC_T v = src[base + stride * t];
            if (!MEDIAN_TAKE(v)) continue;
            int j = n;
            while (j > 0 && MEDIAN_LESS(v, a[j - 1])) {
                a[j] = a[j - 1];
                --j;
            }
            a[j] = v;
            ++n;
        }
        m = a[k];
    } else if (count > 0) {
        for (long t = lo; t <= hi; ++t) {
            const SRC_T v = src[base + stride * t];
            if (!MEDIAN_TAKE(v)) continue;
            long less = 0, equal = 0;
            for (long u = lo; u <= hi; ++u) {
                const SRC_T w = src[base + stride * u];
                if (!MEDIAN_TAKE(w)) continue;
                if (MEDIAN_LESS(w, v)) ++less;
                else if (!MEDIAN_LESS(v, w)) ++equal;
            }
            if (less <= k && k < less + equal) {
                m = v;
                break;
            }
        }
    }
#elif PROJECT_OP == 9
    /* minimum of the values > 0 (0 when there is none; NaN is never > 0) */
    SRC_T m = 0;
    int found = 0;
    for (long t = lo; t <= hi; ++t) {
        const SRC_T v = src[base + stride * t];
        if (v > (SRC_T)0 && (!found || v < m)) {
            m = v;
            found = 1;
        }
    }
#elif PROJECT_OP == 2 || PROJECT_OP == 3
    float s = 0.0f;
    for (long t = lo; t <= hi; ++t) s += (float)src[base + stride * t];
#elif PROJECT_OP == 4
    proj_real s = 0, s2 = 0;
    for (long t = lo; t <= hi; ++t) {
        const proj_real v = (proj_real)src[base + stride * t];
        s += v;
        s2 += v * v;
    }
    const proj_real n = (proj_real)(hi - lo + 1);
    const proj_real var = (n * s2 - s * s) / n;
    const float r = (n > 1 && var > 0) ? (float)sqrt(var / (n - 1)) : 0.0f;
#endif

#if PROJECT_OP == 0 || PROJECT_OP == 1 || PROJECT_OP >= 7
    dst[g] = (DST_T)m;  /* same pixel type as the source */
#elif PROJECT_OP == 2
    dst[g] = CONVERT_DST(s);
#elif PROJECT_OP == 3 && SRC_IS_FLOAT
    dst[g] = (DST_T)(s / count);
#elif PROJECT_OP == 3
#if IJCL_HAS_DOUBLE  /* float '/' may be 2.5 ulp off in OpenCL; the double quotient rounds exactly */
    dst[g] = CONVERT_DST((float)((double)s / (double)(float)(hi - lo + 1)));
#else
    dst[g] = CONVERT_DST(s / (float)(hi - lo + 1));
#endif
#elif PROJECT_OP == 4
    dst[g] = CONVERT_DST(r);
#else
#if PROJECT_BOTH
    dst[g] = (DST_T)m;
#endif
    pos[g] = CONVERT_POS((float)at);
#endif
}
#endif

#pragma OPENCL FP_CONTRACT ON

// Picks one pixel per (x, y) along z at a position given by an image (zPositionProjection,
// zPositionRangeProjection; native/src/ops/projection_ops.cpp). Work item (x, y, i) writes
// destination plane i from source plane z = (int)(position(x, y) + (start_z + i)), the sum in
// float and truncated toward zero as CLIJ2 (addImageAndScalar into a float image, then an int
// cast), then clamped into 0..depth-1 (CLIJ2's clamp-to-edge read; NaN reads plane 0). The
// position image has the source's width and height; its first plane is used.
#ifdef POSITION_T
__kernel void z_position_pick(__global const SRC_T* src, __global const POSITION_T* position,
                              __global DST_T* dst, long width, long height, long depth,
                              long start_z, long planes) {
    const long x = get_global_id(0), y = get_global_id(1), i = get_global_id(2);
    if (x >= width || y >= height || i >= planes) return;
    const long plane = width * height;
    const float p = (float)position[x + width * y] + (float)(start_z + i);
    long z = 0;
    if (p == p) {
        /* clamp before the integer conversion so that huge values stay defined */
        const float c = fmin(fmax(p, -1.0f), (float)depth);
        z = ijcl_clamp((long)c, depth);
    }
    dst[x + width * y + plane * i] = src[x + width * y + plane * z];
}
#endif

// depthColorProjection (native/src/ops/projection_ops.cpp), CLIJ2's depth_projection kernel for
// buffers, step for step: along z, about 256 samples at z = 0, s, 2s, ... < depth with
// s = depth / 255 (in double where the device has it, z kept in float), each reading plane
// (int)z; the first sample of the largest value wins (value > max, or the first sample) and
// keeps its fractional z. intensity = (max - min_display) / (max_display - min_display) and
// relative z = z / (depth - 1), both clamped into 0..1 (a NaN relative z, one plane, gives 0);
// LUT column (int)(255 * relative z), clamped into the table like CLIJ2's clamp-to-edge read;
// destination plane c (0 red, 1 green, 2 blue) = LUT(column, 0, c) * intensity (LUT plane
// clamped too), converted by CONVERT_DST.
#ifdef LUT_T
__kernel void depth_color(__global const SRC_T* src, __global const LUT_T* lut, __global DST_T* dst,
                          long width, long height, long depth, long lut_width, long lut_height,
                          long lut_depth, float min_display, float max_display) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= width || y >= height) return;
    const long plane = width * height, at = x + width * y;
#if IJCL_HAS_DOUBLE
    const double step = (double)depth / 255.0;
#else
    const float step = (float)depth / 255.0f;
#endif
    float m = 0.0f, max_z = 0.0f;
    int samples = 0;
    for (float z = 0.0f; z < (float)depth && samples < 1024; z = (float)(z + step), ++samples) {
        const long zi = min((long)z, depth - 1);
        const float value = (float)src[at + plane * zi];
        if (value > m || z == 0.0f) {
            m = value;
            max_z = z;
        }
    }
    float intensity = (m - min_display) / (max_display - min_display);
    float relative_z = max_z / (float)(depth - 1);
    if (intensity < 0.0f) intensity = 0.0f;
    if (intensity > 1.0f) intensity = 1.0f;
    if (relative_z < 0.0f) relative_z = 0.0f;
    if (relative_z > 1.0f) relative_z = 1.0f;
    if (relative_z != relative_z) relative_z = 0.0f;
#if IJCL_HAS_DOUBLE
    long column = (long)(255.0 * (double)relative_z);
#else
    long column = (long)(255.0f * relative_z);
#endif
    column = ijcl_clamp(column, lut_width);
    for (long c = 0; c < 3; ++c) {
        const float v = (float)lut[column + lut_width * lut_height * min(c, lut_depth - 1)];
        dst[at + plane * c] = CONVERT_DST(v * intensity);
    }
}
#endif

// Focus measures of the extended-depth-of-focus projections (native/src/ops/projection_ops.cpp),
// CLIJ2's kernels, into a float image of the source's shape; reads outside the image take the
// nearest edge pixel (CLIJ2's clamp-to-edge sampler). FOCUS_OP:
//  0 variance in the ellipse of radii rx, ry within the plane (CLIJ2's varianceSphere with
//    radius_z 0): float mean of the pixels with x^2/rx^2 + y^2/ry^2 <= 1 (a radius 0 -> that
//    axis only 0), then the float mean of (v - mean)^2 (pow), both in CLIJ2's loop order;
//  1 Sobel magnitude within the plane (CLIJ2's sobel_slice_by_slice_3d):
//    sqrt(gx^2 + gy^2) of the 3x3 Sobel kernels, the products in double where available (CLIJ2's
//    double literals);
//  2 CLIJ2's tenengrad_slice_by_slice: gx and gy of 3x3x3 kernels (despite the name, gx is the
//    Sobel gradient along z and gy along y, each smoothed 1-2-1 in the other two axes), w =
//    gx^2 + gy^2, summed in CLIJ2's order (x offset outermost, z innermost).
#ifdef FOCUS_OP
inline float focus_read(__global const SRC_T* src, long x, long y, long z, long width, long height,
                        long depth) {
    return (float)src[ijcl_clamp(x, width) + width * (ijcl_clamp(y, height) + height * ijcl_clamp(z, depth))];
}

__kernel void focus_measure(__global const SRC_T* src, __global float* dst, long width, long height,
                            long depth, long rx, long ry) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
#if FOCUS_OP == 0
    float a2 = (float)(rx * rx), b2 = (float)(ry * ry);
    if (a2 == 0.0f) a2 = FLT_MIN;
    if (b2 == 0.0f) b2 = FLT_MIN;
    float sum = 0.0f;
    int count = 0;
    for (long dx = -rx; dx <= rx; ++dx)
        for (long dy = -ry; dy <= ry; ++dy)
            if ((float)(dx * dx) / a2 + (float)(dy * dy) / b2 <= 1.0f) {
                sum = sum + focus_read(src, x + dx, y + dy, z, width, height, depth);
                count++;
            }
    const float mean = sum / count;
    sum = 0.0f;
    count = 0;
    for (long dx = -rx; dx <= rx; ++dx)
        for (long dy = -ry; dy <= ry; ++dy)
            if ((float)(dx * dx) / a2 + (float)(dy * dy) / b2 <= 1.0f) {
                sum = sum + pow(focus_read(src, x + dx, y + dy, z, width, height, depth) - mean, 2.0f);
                count++;
            }
    const float result = sum / count;
#elif FOCUS_OP == 1
#define FR(dx, dy) ((proj_real)focus_read(src, x + (dx), y + (dy), z, width, height, depth))
    const float gx = (float)(FR(-1, -1) * -1.0 + FR(-1, 0) * -2.0 + FR(-1, 1) * -1.0 + FR(1, -1) * 1.0 +
                             FR(1, 0) * 2.0 + FR(1, 1) * 1.0);
    const float gy = (float)(FR(-1, -1) * -1.0 + FR(0, -1) * -2.0 + FR(1, -1) * -1.0 + FR(-1, 1) * 1.0 +
                             FR(0, 1) * 2.0 + FR(1, 1) * 1.0);
#undef FR
    const float result = sqrt(gx * gx + gy * gy);
#else
    /* weights: index i + 3j + 9k for offsets (i - 1, j - 1, k - 1) */
    const float hx[27] = {-1, -2, -1, -2, -4, -2, -1, -2, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                          1,  2,  1,  2,  4,  2,  1,  2,  1};
    const float hy[27] = {-1, -2, -1, 0, 0, 0, 1, 2, 1, -2, -4, -2, 0, 0, 0, 2, 4, 2,
                          -1, -2, -1, 0, 0, 0, 1, 2, 1};
    float gx = 0.0f, gy = 0.0f;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 3; ++k) {
                const int ind = i + 3 * j + 9 * k;
                const float pix = focus_read(src, x + i - 1, y + j - 1, z + k - 1, width, height, depth);
                gx += hx[ind] * pix;
                gy += hy[ind] * pix;
            }
    const float result = gx * gx + gy * gy;
#endif
    dst[x + width * (y + height * z)] = result;
}
#endif
