// Pixel-wise arithmetic with its own kernels: multiplyImageAndScalar (native/src/ops/math_ops.cpp)
// and weighted_sum (measurement_ops.cpp); the pixel-wise table has kernels/pixelwise.cl.
// Computed in float; CONVERT_DST rounds to nearest (half up) and saturates for integer outputs.
// FP_CONTRACT is off so no device fuses a multiply and an add into one differently rounded operation: results are the same everywhere.
//
// Each work item handles 16 consecutive pixels (IJCL_LOAD16/IJCL_STORE16 in preamble.cl: 16-byte
// loads and stores, pixels widened to 32-bit lanes; the last partial vector pixel by pixel);
// launch ceil(n / 16) work items (native/src/ops/streaming.hpp). The arithmetic is the per-pixel
// formula applied to 16 lanes at once: every lane is rounded exactly as one pixel would be.
#pragma OPENCL FP_CONTRACT OFF

#if REAL_IS_DOUBLE
typedef double real;
typedef double16 real16;
#define convert_real16 convert_double16
#else
typedef float real;
typedef float16 real16;
#define convert_real16 convert_float16
#endif

// Each kernel is compiled only with the pixel-type defines it uses (SRC0/SRC1 or SRC).
#ifdef SRC0_T
// dst = src0 * factor0 + src1 * factor1 (the difference image of meanSquaredError)
__kernel void weighted_sum(__global const SRC0_T* src0, __global const SRC1_T* src1,
                           __global DST_T* dst, long n, float factor0, float factor1) {
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    const float16 a = convert_float16(IJCL_LOAD16(SRC0_T, src0, g, n));
    const float16 b = convert_float16(IJCL_LOAD16(SRC1_T, src1, g, n));
    IJCL_STORE16(DST_T, dst, g, n, IJCL_TO16(DST_T, a * factor0 + b * factor1));
}
#endif

#ifdef SRC_T

// dst = src * scalar (multiplyImageAndScalar). Float images: one float multiply, as ImageJ's
// FloatProcessor does. Integer images: ImageJ multiplies in double and rounds with Math.round
// (floor(p + 0.5), ties up) before clamping; with REAL_IS_DOUBLE this is reproduced exactly.
// (The clamped whole value converts to 32-bit lanes with saturation: only uint32 products at
// 2^32 - 0.5 or above, where float's DST_MAX rounds up to 2^32, need it.)
__kernel void multiply_scalar(__global const SRC_T* src, __global DST_T* dst, long n,
                              float scalar_f, real scalar) {
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    const IJCL_W(SRC_T) s = IJCL_LOAD16(SRC_T, src, g, n);
#if DST_IS_FLOAT
    IJCL_STORE16(DST_T, dst, g, n, convert_float16(s) * scalar_f);
#else
    const real16 p = convert_real16(s) * scalar;
    real16 r = floor(p);
    r = select(r, r + (real)1, p - r >= (real)0.5);   // Math.round: ties go up
    r = clamp(r, (real)0, (real)DST_MAX);
    IJCL_STORE16(DST_T, dst, g, n, convert_uint16_sat(r));
#endif
}
#endif

#ifdef IMAGEJ_MATH
// imagejMath (math_ops.cpp): ImageJ's FloatProcessor Min/Max/Square Root and ImageMath's Reciprocal,
// one pixel per work item. Min/Max: `compared` is the float that decides Java's double comparison
// v < value (v > value) exactly, `replacement` is (float) value. Square root and reciprocal in
// `real` (double where the device has it: correctly rounded, then rounded to float, which gives the
// correctly rounded float result; float otherwise, built with correctly rounded division and sqrt).
__kernel void imagej_math(__global const float* src, __global float* dst, long n, int op, float compared,
                          float replacement) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const float v = src[i];
    float o = v;
    if (op == 0) {
        if (v < compared) o = replacement;
    } else if (op == 1) {
        if (v > compared) o = replacement;
    } else if (op == 2) {
        o = v <= 0.0f ? 0.0f : (float)sqrt((real)v);
    } else {
        o = v == 0.0f ? NAN : (float)((real)1 / (real)v);
    }
    dst[i] = o;
}
#endif

#ifdef IMAGEJ_DIVIDE
// imagejDivideImages (math_ops.cpp): ImageJ's FloatBlitter DIVIDE, one pixel per work item: the
// quotient in `real` (double where the device has it, then rounded to float: the correctly rounded
// float quotient; float otherwise, built with correctly rounded division), or `dbz` where the
// divisor is 0 and ImageJ's divide-by-zero value is finite (use_dbz).
__kernel void imagej_divide(__global const float* a, __global const float* b, __global float* dst, long n,
                            int use_dbz, float dbz) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const float src = b[i];
    dst[i] = (use_dbz && src == 0.0f) ? dbz : (float)((real)a[i] / (real)src);
}
#endif

#if defined(IMAGEJ_NORMALIZE) && REAL_IS_DOUBLE
// imagejNormalize (math_ops.cpp): ImageJ's ContrastEnhancer.normalizeFloat, one pixel per work
// item, in double as Java: v = pixel - minimum, at least 0, times scale, at most 1, rounded to float.
__kernel void imagej_normalize(__global const float* src, __global float* dst, long n, double minimum, double scale) {
    const long i = get_global_id(0);
    if (i >= n) return;
    double v = (double)src[i] - minimum;
    if (v < 0.0) v = 0.0;
    v *= scale;
    if (v > 1.0) v = 1.0;
    dst[i] = (float)v;
}
#endif

#if defined(IMAGEJ_LOG_EXP) && REAL_IS_DOUBLE
// imagejLogExp (math_ops.cpp): Java's (float) Math.log(v) / (float) Math.exp(v) where it is certain.
// d = OpenCL's double log/exp (within 3 ulp of the exact value t); Java's double is within 1 ulp of t,
// so within 4 ulp of d. f = d rounded to float. If every float rounding boundary next to f (the
// midpoints to its neighbours; the overflow threshold 2^128 - 2^103 next to FLT_MAX and infinity) is
// more than 16 ulp(d) away from d (8 would do: 4 ulp, doubled where the binade changes), Java's
// double rounds to f too. Otherwise (and at v = 1 for log,
// whose zero result's sign Java does not pin down) the pixel is marked undecided.
double ijcl_boundary_distance(double d, float f, float g) {
    const double overflow = 0x1.ffffffp+127;  // 2^128 - 2^103: doubles at or above round to infinity
    if (isinf(f) || isinf(g)) return fabs(fabs(d) - overflow);
    return fabs(d - 0.5 * ((double)f + (double)g));
}

__kernel void imagej_log_exp(__global const float* src, __global float* dst, __global uchar* undecided,
                             __global uint* count, long n, int op) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const float v = src[i];
    const double x = (double)v;
    double d;
    bool special;
    if (op == 0) {
        special = isnan(v) || v < 0.0f || v == 0.0f || isinf(v);
        d = isnan(v) || v < 0.0f ? (double)NAN : v == 0.0f ? -(double)INFINITY : isinf(v) ? (double)INFINITY : log(x);
    } else {
        special = isnan(v) || isinf(v);
        d = isnan(v) ? (double)NAN : isinf(v) ? (v > 0.0f ? (double)INFINITY : 0.0) : exp(x);
    }
    const float f = (float)d;
    bool unsure = false;
    if (!special && !isinf(d)) {  // isinf(d): exp beyond double's range, far beyond float's: f = inf
        if (op == 0 && v == 1.0f) unsure = true;
        const double margin = 16.0 * fmax(fabs(d) * 0x1p-52, 0x1p-1074);
        const float below = nextafter(f, -INFINITY), above = nextafter(f, INFINITY);
        if (ijcl_boundary_distance(d, f, below) <= margin) unsure = true;
        if (ijcl_boundary_distance(d, f, above) <= margin) unsure = true;
    }
    dst[i] = f;
    undecided[i] = unsure ? (uchar)1 : (uchar)0;
    if (unsure) atomic_inc(count);
}
#endif
