// Rank filters (mean, minimum, maximum, median) and the top-hat subtraction
// (native/src/ops/rank_filter_ops.cpp).
//
// neighbourhood_filter visits a list of offsets (dx, dy, dz) prepared on the host (circle,
// ellipsoid or box). Out-of-image neighbours are either replaced by the nearest edge pixel
// (ImageJ RankFilters, CLIJ boxes) or left out (ImageJ Filters3D). The median needs no private
// array: it is found by bisection on the pixel values, counting the neighbours at or below a
// trial value, so any neighbourhood size works.
//
// box_line is one pass of a separable box filter along one axis (edges: nearest pixel).

// Filter kinds (match RankOp in native/src/ops/rank_filters.hpp).
#define RANK_MEAN 0
#define RANK_MIN 1
#define RANK_MAX 2
#define RANK_MEDIAN 3

#if IJCL_HAS_DOUBLE
typedef double rank_acc_t;
#else
typedef float rank_acc_t;
#endif

// Order-preserving unsigned keys for pixel values (floats: the sign-magnitude bit trick).
#if SRC_IS_FLOAT
inline uint rank_key(SRC_T v) {
    const uint b = as_uint(v);
    return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}
inline SRC_T rank_value(uint k) { return as_float((k & 0x80000000u) ? (k & 0x7fffffffu) : ~k); }
#else
inline uint rank_key(SRC_T v) { return (uint)v; }
inline SRC_T rank_value(uint k) { return (SRC_T)k; }
#endif

// Where a pixel's neighbourhood is read: its position, the image size, and whether the whole
// neighbourhood lies inside the image (then the host's linear offsets are used directly).
typedef struct {
    long x, y, z, w, h, d, here;
    int skip_outside, inside;
} rank_pos;

// Index of neighbour `k`, or -1 when it lies outside and outside neighbours are left out;
// otherwise outside neighbours are replaced by the nearest edge pixel.
inline long rank_neighbour(__global const int* off, __global const long* lin, int k, const rank_pos* p) {
    if (p->inside) return p->here + lin[k];
    long xx = p->x + off[3 * k], yy = p->y + off[3 * k + 1], zz = p->z + off[3 * k + 2];
    if (p->skip_outside) {
        if (xx < 0 || yy < 0 || zz < 0 || xx >= p->w || yy >= p->h || zz >= p->d) return -1;
    } else {
        xx = ijcl_clamp(xx, p->w);
        yy = ijcl_clamp(yy, p->h);
        zz = ijcl_clamp(zz, p->d);
    }
    return xx + p->w * (yy + p->h * zz);
}

// Number of neighbours whose key is <= `limit`.
inline uint rank_count_le(__global const SRC_T* src, __global const int* off, __global const long* lin,
                          int n, const rank_pos* p, uint limit) {
    uint count = 0;
    for (int k = 0; k < n; ++k) {
        const long q = rank_neighbour(off, lin, k, p);
        if (q >= 0 && rank_key(src[q]) <= limit) ++count;
    }
    return count;
}

// Smallest key above `limit` among the neighbours.
inline uint rank_next_above(__global const SRC_T* src, __global const int* off, __global const long* lin,
                            int n, const rank_pos* p, uint limit) {
    uint best = 0xffffffffu;
    for (int k = 0; k < n; ++k) {
        const long q = rank_neighbour(off, lin, k, p);
        if (q < 0) continue;
        const uint key = rank_key(src[q]);
        if (key > limit && key < best) best = key;
    }
    return best;
}

// Writes a mean. mean_mode 0: ImageJ RankFilters (mean rounded to float, then to nearest integer
// in float); 1: ImageJ Filters3D (rounded to nearest integer in double precision).
inline void rank_write_mean(__global DST_T* dst, long i, rank_acc_t sum, int count, int mean_mode) {
    const rank_acc_t mean = sum / (rank_acc_t)count;
#if DST_IS_FLOAT
    dst[i] = (DST_T)mean;
#else
    if (mean_mode == 1) {
        rank_acc_t m = mean > (rank_acc_t)DST_MAX ? (rank_acc_t)DST_MAX : (mean < 0 ? 0 : mean);
        dst[i] = (DST_T)(m + (rank_acc_t)0.5);
    } else {
        dst[i] = CONVERT_DST((float)mean);
    }
#endif
}

// op: RANK_MEAN, RANK_MIN, RANK_MAX or RANK_MEDIAN over the n neighbours given as offsets `off`
// (dx, dy, dz; 3 ints each) and as linear offsets `lin` (dx + w*(dy + h*dz)); ext_* are the
// largest |dx|, |dy|, |dz|. The median of an even number of values (possible only when
// skip_outside leaves some out) is the mean of the two middle values, computed in float and
// rounded half up (Filters3D's rule).
__kernel void neighbourhood_filter(__global const SRC_T* src, __global DST_T* dst, long w, long h,
                                   long d, __global const int* off, __global const long* lin, int n,
                                   int ext_x, int ext_y, int ext_z, int op, int skip_outside,
                                   int mean_mode) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    rank_pos p;
    p.x = x; p.y = y; p.z = z; p.w = w; p.h = h; p.d = d;
    p.here = x + w * (y + h * z);
    p.skip_outside = skip_outside;
    p.inside = x >= ext_x && x + ext_x < w && y >= ext_y && y + ext_y < h && z >= ext_z && z + ext_z < d;
    const long here = p.here;
    int count = 0;
    rank_acc_t sum = 0;
    uint lo = 0xffffffffu, hi = 0;
    for (int k = 0; k < n; ++k) {
        const long q = rank_neighbour(off, lin, k, &p);
        if (q < 0) continue;
        const SRC_T v = src[q];
        ++count;
        if (op == RANK_MEAN) {
            sum += (rank_acc_t)v;
        } else {
            const uint key = rank_key(v);
            lo = min(lo, key);
            hi = max(hi, key);
        }
    }
    if (count == 0) return;  // only with an empty offset list
    if (op == RANK_MEAN) {
        rank_write_mean(dst, here, sum, count, mean_mode);
        return;
    }
    if (op == RANK_MIN) { dst[here] = (DST_T)rank_value(lo); return; }
    if (op == RANK_MAX) { dst[here] = (DST_T)rank_value(hi); return; }
    // Median: the smallest key with more than `rank` keys at or below it is the rank-th value.
    const uint rank = (uint)((count - 1) / 2);
    while (lo < hi) {
        const uint mid = lo + (hi - lo) / 2;
        if (rank_count_le(src, off, lin, n, &p, mid) > rank) hi = mid;
        else lo = mid + 1;
    }
    if (count % 2 == 1) {
        dst[here] = (DST_T)rank_value(lo);
        return;
    }
    uint upper = lo;
    if (rank_count_le(src, off, lin, n, &p, lo) <= rank + 1)
        upper = rank_next_above(src, off, lin, n, &p, lo);
    const float m = 0.5f * ((float)rank_value(lo) + (float)rank_value(upper));
    dst[here] = CONVERT_DST(m);
}

// One pass of a box filter along `axis` (0 x, 1 y, 2 z) over 2*radius+1 pixels, edges clamped.
// op RANK_MEAN writes sum / divisor (divisor 1 for an intermediate pass keeps exact sums in float);
// RANK_MIN / RANK_MAX compare in the pixel type.
__kernel void box_line(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                       int axis, int radius, int op, float divisor) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long len = axis == 0 ? w : (axis == 1 ? h : d);
    const long i = axis == 0 ? x : (axis == 1 ? y : z);
    const long step = axis == 0 ? 1 : (axis == 1 ? w : w * h);
    const long here = x + w * (y + h * z);
    __global const SRC_T* line = src + (here - i * step);
    // Both paths visit the line positions i - radius ... i + radius in increasing order.
    const bool inside = i >= radius && i + radius < len;
    if (op == RANK_MEAN) {
        float sum = 0.0f;
        if (inside) {
            __global const SRC_T* q = line + (i - radius) * step;
            for (int k = -radius; k <= radius; ++k, q += step) sum += (float)*q;
        } else {
            for (long k = i - radius; k <= i + radius; ++k) sum += (float)line[ijcl_clamp(k, len) * step];
        }
        dst[here] = CONVERT_DST(sum / divisor);
        return;
    }
    SRC_T best = src[here];
    if (inside) {
        __global const SRC_T* q = line + (i - radius) * step;
        for (int k = -radius; k <= radius; ++k, q += step) {
            const SRC_T v = *q;
            best = op == RANK_MIN ? (v < best ? v : best) : (v > best ? v : best);
        }
    } else {
        for (long k = i - radius; k <= i + radius; ++k) {
            const SRC_T v = line[ijcl_clamp(k, len) * step];
            best = op == RANK_MIN ? (v < best ? v : best) : (v > best ? v : best);
        }
    }
    dst[here] = (DST_T)best;
}

// Top-hat: dst = src - opened, all of one pixel type (opened <= src wherever opened is an opening
// of src; integer types saturate at 0 anyway).
__kernel void subtract_opening(__global const SRC_T* src, __global const SRC_T* opened,
                               __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
#if SRC_IS_FLOAT
    dst[i] = src[i] - opened[i];
#else
    dst[i] = src[i] > opened[i] ? (DST_T)(src[i] - opened[i]) : (DST_T)0;
#endif
}
