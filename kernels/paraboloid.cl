// ImageJ's sliding-paraboloid background (Process > Subtract Background... 'sliding',
// ij.plugin.filter.BackgroundSubtracter 1.54p, slidingParaboloidFloatBackground) on one plane of
// floats. ImageJ slides a parabola along every line of one direction at a time; lines of one
// direction share no pixel, so each line is one work item running ImageJ's sequential walk with
// ImageJ's float operations in ImageJ's order (FP_CONTRACT off, correctly rounded division,
// the search limit in double): bit for bit. The corner correction is one work item.
#pragma OPENCL FP_CONTRACT OFF
#pragma OPENCL EXTENSION cl_khr_fp64 : enable

// filter3 along the lines of one axis (lines of `length` pixels, `point_inc` apart, line i
// starting at i * line_inc): the 3-pixel maximum (maximum != 0) or mean of the values before
// the pass, end pixels repeated. For the maximum, shift[i] = the line's sum of (max - pixel) in
// double, in pixel order (ImageJ's shiftBy before the division by the pixel count).
__kernel void sp_filter3(__global float* px, long lines, long length, long line_inc, long point_inc, int maximum,
                         __global double* shift) {
    const long i = get_global_id(0);
    if (i >= lines) return;
    const long p0 = i * line_inc;
    float v3 = px[p0], v2 = v3, v1;
    double s = 0.0;
    for (long k = 0, p = p0; k < length; k++, p += point_inc) {
        v1 = v2;
        v2 = v3;
        if (k < length - 1) v3 = px[p + point_inc];
        if (maximum) {
            float m = v1 > v3 ? v1 : v3;
            if (v2 > m) m = v2;
            s += (double)(m - v2);
            px[p] = m;
        } else {
            px[p] = (v1 + v2 + v3) * 0.33333333f;
        }
    }
    if (maximum) shift[i] = s;
}

// Java's int + (int)double: truncation toward zero, saturating, NaN to 0, wrapping addition.
inline int java_add_int(int a, double d) { return (int)((uint)a + (uint)convert_int_sat_rtz(d)); }

// lineSlideParabola: the line of `length` pixels from `start`, `inc` apart, raised to the
// parabola slid below it; with want_edges, edges[0..1] get the corrected edge values.
// cache and next: work arrays of the plane's size, used at the line's own pixel positions (the
// lines of one pass are disjoint, so every line has its own entries, and the scratch is two planes
// whatever the image's aspect ratio).
#define SP_AT(array, k) array[start + (long)(k) * inc]
void slide_parabola(__global float* px, long start, long inc, int length, float coeff2, __global float* cache,
                    __global int* next, int want_edges, float* edges) {
    float min_value = FLT_MAX;
    int lastpoint = 0;
    int first_corner = length - 1, last_corner = 0;
    float previous1 = 0.0f, previous2 = 0.0f;
    const float curvature_test = 1.999f * coeff2;
    for (int i = 0; i < length; i++) {
        const float v = px[start + (long)i * inc];
        SP_AT(cache, i) = v;
        if (v < min_value) min_value = v;
        if (i >= 2 && previous1 + previous1 - previous2 - v < curvature_test) {
            SP_AT(next, lastpoint) = i - 1;
            lastpoint = i - 1;
        }
        previous2 = previous1;
        previous1 = v;
    }
    SP_AT(next, lastpoint) = length - 1;
    SP_AT(next, length - 1) = INT_MAX;

    int i1 = 0;
    while (i1 < length - 1) {
        const float v1 = SP_AT(cache, i1);
        float min_slope = FLT_MAX;
        int i2 = 0;
        int search_to = length;
        int recalculate = 0;
        for (int j = SP_AT(next, i1); j < search_to; j = SP_AT(next, j), recalculate++) {
            const float v2 = SP_AT(cache, j);
            const float slope = (v2 - v1) / (float)(j - i1) + coeff2 * (float)(j - i1);
            if (slope < min_slope) {
                min_slope = slope;
                i2 = j;
                recalculate = -3;
            }
            if (recalculate == 0) {
                const double b = (double)(0.5f * min_slope / coeff2);
                const int max_search = java_add_int(i1, b + sqrt(b * b + (double)((v1 - min_value) / coeff2)) + 1.0);
                if (max_search < search_to && max_search > 0) search_to = max_search;
            }
        }
        if (i2 <= i1) break;  // no finite slope (NaN or infinite pixels; the caller refuses those)
        if (i1 == 0) first_corner = i2;
        if (i2 == length - 1) last_corner = i1;
        for (int j = i1 + 1; j < i2; j++)
            px[start + (long)j * inc] = v1 + (float)(j - i1) * (min_slope - (float)(j - i1) * coeff2);
        i1 = i2;
    }
    if (!want_edges) return;
    if (4 * first_corner >= length) first_corner = 0;
    if (4 * (length - 1 - last_corner) >= length) last_corner = length - 1;
    const float v1 = SP_AT(cache, first_corner), v2 = SP_AT(cache, last_corner);
    const float span = (float)(last_corner - first_corner);
    const float slope = (v2 - v1) / span;
    const float value0 = v1 - slope * (float)first_corner;
    float coeff6 = 0.0f;
    const float mid = 0.5f * (float)(last_corner + first_corner);
    for (int i = (length + 2) / 3; i <= (2 * length) / 3; i++) {
        const float dx = ((float)i - mid) * 2.0f / span;
        const float poly6 = dx * dx * dx * dx * dx * dx - 1.0f;
        if (SP_AT(cache, i) < value0 + slope * (float)i + coeff6 * poly6) coeff6 = -(value0 + slope * (float)i - SP_AT(cache, i)) / poly6;
    }
    float dx = ((float)first_corner - mid) * 2.0f / span;
    edges[0] = value0 + coeff6 * (dx * dx * dx * dx * dx * dx - 1.0f) + coeff2 * (float)first_corner * (float)first_corner;
    dx = ((float)last_corner - mid) * 2.0f / span;
    const float tail = (float)(length - 1 - last_corner);
    edges[1] = value0 + (float)(length - 1) * slope + coeff6 * (dx * dx * dx * dx * dx * dx - 1.0f) + coeff2 * tail * tail;
}

// correctCorners: the edge lines and the corner diagonals in ImageJ's order (each also raises its
// line), then every corner lowered to the mean of its three corrected estimates. One work item.
__kernel void sp_correct_corners(__global float* px, long w, long h, float coeff2, __global float* cache,
                                 __global int* next) {
    if (get_global_id(0) != 0) return;
    float corners[4], e[2];
    slide_parabola(px, 0, 1, (int)w, coeff2, cache, next, 1, e);
    corners[0] = e[0];
    corners[1] = e[1];
    slide_parabola(px, (h - 1) * w, 1, (int)w, coeff2, cache, next, 1, e);
    corners[2] = e[0];
    corners[3] = e[1];
    slide_parabola(px, 0, w, (int)h, coeff2, cache, next, 1, e);
    corners[0] += e[0];
    corners[2] += e[1];
    slide_parabola(px, w - 1, w, (int)h, coeff2, cache, next, 1, e);
    corners[1] += e[0];
    corners[3] += e[1];
    const int diagonal = (int)min(w, h);
    const float coeff2diag = 2 * coeff2;
    slide_parabola(px, 0, 1 + w, diagonal, coeff2diag, cache, next, 1, e);
    corners[0] += e[0];
    slide_parabola(px, w - 1, -1 + w, diagonal, coeff2diag, cache, next, 1, e);
    corners[1] += e[0];
    slide_parabola(px, (h - 1) * w, 1 - w, diagonal, coeff2diag, cache, next, 1, e);
    corners[2] += e[0];
    slide_parabola(px, w * h - 1, -1 - w, diagonal, coeff2diag, cache, next, 1, e);
    corners[3] += e[0];
    if (px[0] > corners[0] / 3) px[0] = corners[0] / 3;
    if (px[w - 1] > corners[1] / 3) px[w - 1] = corners[1] / 3;
    if (px[(h - 1) * w] > corners[2] / 3) px[(h - 1) * w] = corners[2] / 3;
    if (px[w * h - 1] > corners[3] / 3) px[w * h - 1] = corners[3] / 3;
}

// filter1D: every line of one direction (0: x, 1: y, 2-5: the diagonal halves 1A, 1B, 2A, 2B
// of ImageJ), line first_line + global id.
__kernel void sp_filter1d(__global float* px, long w, long h, int direction, long first_line, long last_line,
                          float coeff2, __global float* cache, __global int* next) {
    const long i = first_line + (long)get_global_id(0);
    if (i >= last_line) return;
    long start = 0, inc = 1, length = 0;
    switch (direction) {
        case 0: start = i * w; inc = 1; length = w; break;
        case 1: start = i; inc = w; length = h; break;
        case 2: start = i; inc = w + 1; length = min(h, w - i); break;
        case 3: start = i * w; inc = w + 1; length = min(w, h - i); break;
        case 4: start = i; inc = w - 1; length = min(h, i + 1); break;
        default: start = i * w + w - 1; inc = w - 1; length = min(w, h - i); break;
    }
    slide_parabola(px, start, inc, (int)length, coeff2, cache, next, 0, 0);
}

// The background back into the destination plane at `offset`: ImageJ's final step,
// -(v - shift) when inverted, else v - shift (shift 0 without presmoothing).
__kernel void sp_store(__global const float* px, __global float* dst, long n, long offset, int invert, float shift) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[offset + i] = invert ? -(px[i] - shift) : px[i] - shift;
}
