// Rank filters (mean, minimum, maximum, median) and the top-hat subtraction
// (native/src/ops/rank_filters.cpp).
//
// rank_runs (mean of 8/16-bit images, minimum, maximum) reads the neighbourhood as runs of
// consecutive x offsets, several outputs per work item. rank_median (compiled only when MEDIAN_K
// is defined, see the end of the file) selects the median in registers. box_lines is one pass of
// a separable box filter with several outputs per work item. The general kernels below them,
// neighbourhood_filter and box_line, take every other case (float means, very large
// neighbourhoods, box sums that float cannot hold exactly).
//
// neighbourhood_filter visits a list of offsets (dx, dy, dz) prepared on the host (circle,
// ellipsoid or box). Out-of-image neighbours are either replaced by the nearest edge pixel
// (ImageJ RankFilters, CLIJ boxes) or left out (ImageJ Filters3D). The median needs no private
// array: it is found by bisection on the pixel values, counting the neighbours at or below a
// trial value, so any neighbourhood size works.
//
// box_line is one pass of a separable box filter along one axis (edges: nearest pixel).
//
// All kernels give the same result for a pixel: minimum, maximum and median compare the same
// order-preserving keys, means of integer images sum exactly, and the float paths keep the
// general kernels' order of operations.

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

// A mean as written. mean_mode 0: ImageJ RankFilters (mean rounded to float, then to nearest
// integer in float); 1: ImageJ Filters3D (rounded to nearest integer in double precision).
inline DST_T rank_round_mean(rank_acc_t mean, int mean_mode) {
#if DST_IS_FLOAT
    return (DST_T)mean;
#else
    if (mean_mode == 1) {
        rank_acc_t m = mean > (rank_acc_t)DST_MAX ? (rank_acc_t)DST_MAX : (mean < 0 ? 0 : mean);
        return (DST_T)(m + (rank_acc_t)0.5);
    }
    return CONVERT_DST((float)mean);
#endif
}

inline DST_T rank_mean_value(rank_acc_t sum, int count, int mean_mode) {
    return rank_round_mean(sum / (rank_acc_t)count, mean_mode);
}

inline void rank_write_mean(__global DST_T* dst, long i, rank_acc_t sum, int count, int mean_mode) {
    dst[i] = rank_mean_value(sum, count, mean_mode);
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

// Mean or median over a neighbourhood folded onto the image (rank_filters.hpp): weight[k] is the
// multiplicity of offset k; outside neighbours take the nearest edge pixel. Integer means sum
// exactly (in double); float means sum weight * (v - centre), so that a constant image keeps
// its value exactly. The median bisects on the keys with weighted counts; folded neighbourhoods
// are symmetric, so the total weight is odd and the median one of the values.
__kernel void weighted_filter(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                              __global const int* off, __global const long* weight, int n, int op,
                              int mean_mode) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long here = x + w * (y + h * z);
#if SRC_IS_FLOAT
    const rank_acc_t ref = (rank_acc_t)src[here];
#else
    const rank_acc_t ref = 0;
#endif
    rank_acc_t sum = 0;
    ulong total = 0;
    uint lo = 0xffffffffu, hi = 0;
    for (int k = 0; k < n; ++k) {
        const long q = ijcl_clamp(x + off[3 * k], w) +
                       w * (ijcl_clamp(y + off[3 * k + 1], h) + h * ijcl_clamp(z + off[3 * k + 2], d));
        const SRC_T v = src[q];
        total += (ulong)weight[k];
        if (op == RANK_MEAN) {
            sum += (rank_acc_t)weight[k] * ((rank_acc_t)v - ref);
        } else {
            const uint key = rank_key(v);
            lo = min(lo, key);
            hi = max(hi, key);
        }
    }
    if (total == 0) return;  // only with an empty offset list
    if (op == RANK_MEAN) {
        dst[here] = rank_round_mean(ref + sum / (rank_acc_t)total, mean_mode);
        return;
    }
    const ulong rank = (total - 1) / 2;
    while (lo < hi) {
        const uint mid = lo + (hi - lo) / 2;
        ulong at_or_below = 0;
        for (int k = 0; k < n; ++k) {
            const long q = ijcl_clamp(x + off[3 * k], w) +
                           w * (ijcl_clamp(y + off[3 * k + 1], h) + h * ijcl_clamp(z + off[3 * k + 2], d));
            if (rank_key(src[q]) <= mid) at_or_below += (ulong)weight[k];
        }
        if (at_or_below > rank) hi = mid;
        else lo = mid + 1;
    }
    dst[here] = (DST_T)rank_value(lo);
}

// One pass of a box filter along `axis` (0 x, 1 y, 2 z) over 2*radius+1 pixels, edges clamped.
// op RANK_MEAN writes the mean of the pass (passes of a 2D or 3D box take means of means; integer
// results rounded to nearest from the double mean): the
// differences from the pixel's own value are summed (in double where the device has it) and
// their mean added to it, so that a constant line keeps its value exactly; the points beyond the
// line's ends are counted on its end pixels, so a radius far beyond the line costs no more than
// the line. RANK_MIN / RANK_MAX compare in the pixel type (the host clips their radius to the
// line).
__kernel void box_line(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                       int axis, int radius, int op) {
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
        const rank_acc_t ref = (rank_acc_t)src[here];
        rank_acc_t sum = 0;
        if (inside) {
            __global const SRC_T* q = line + (i - radius) * step;
            for (int k = -radius; k <= radius; ++k, q += step) sum += (rank_acc_t)*q - ref;
        } else {
            const long a = max(i - radius, 0L), b = min(i + radius, len - 1);
            for (long k = a; k <= b; ++k) sum += (rank_acc_t)line[k * step] - ref;
            sum += (rank_acc_t)(a - (i - radius)) * ((rank_acc_t)line[0] - ref);
            sum += (rank_acc_t)((i + radius) - b) * ((rank_acc_t)line[(len - 1) * step] - ref);
        }
        dst[here] = rank_round_mean(ref + sum / (rank_acc_t)(2 * (long)radius + 1), 1);
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

// Writes a minimum or maximum (as a key) at i; with `subtract`, writes minuend[i] minus it
// instead (the top-hat; integer types stop at 0).
inline void rank_write_key(__global DST_T* dst, long i, uint key, __global const SRC_T* minuend, int subtract) {
    const SRC_T v = rank_value(key);
    if (!subtract) {
        dst[i] = (DST_T)v;
        return;
    }
    const SRC_T m = minuend[i];
#if SRC_IS_FLOAT
    dst[i] = (DST_T)(m - v);
#else
    dst[i] = m > v ? (DST_T)(m - v) : (DST_T)0;
#endif
}

// --- rank_runs ---------------------------------------------------------------------------------
// The neighbourhood as runs: runs[r] = (first dx, last dx, dy, dz), each run the consecutive
// offsets dx = first..last of one (dy, dz). rank_runs computes RUNS_J outputs per work item,
// (x, y0 + j, z) for j = 0..RUNS_J-1, so neighbouring work items (neighbouring x) read
// neighbouring addresses and every run's bookkeeping serves RUNS_J outputs.
//
// Where x and y keep the whole neighbourhood inside the image, z is handled per run: a run whose
// plane is outside is left out (skip_outside) or read from the nearest plane. Other outputs take
// runs_edge, one output at a time.
#define RUNS_J 8

// op RANK_MEAN adds keys (the values themselves for integer images), RANK_MIN / RANK_MAX keep the
// smallest / largest.
__attribute__((always_inline))
inline uint runs_combine(uint acc, uint key, int op) {
    return op == RANK_MEAN ? acc + key : (op == RANK_MIN ? min(acc, key) : max(acc, key));
}

// The plane of a run for an output in plane z: -1 if left out, else the plane read.
inline long runs_plane(long z, int dz, long d, int skip_outside) {
    const long zz = z + dz;
    if (zz >= 0 && zz < d) return zz;
    return skip_outside ? -1 : ijcl_clamp(zz, d);
}

// x and y keep the neighbourhood of the RUNS_J outputs inside the image. `op` is a constant after
// inlining.
__attribute__((always_inline))
inline void runs_inside(__global const SRC_T* src, __global DST_T* dst, long x, long y0, long z, long w,
                        long h, long d, __constant int4* runs, int nruns, int npoints, int op,
                        int skip_outside, int mean_mode, __global const SRC_T* minuend, int subtract) {
    uint acc[RUNS_J];
    int row_at[RUNS_J];  // j * w (the host checks that it fits an int)
#pragma unroll
    for (int j = 0; j < RUNS_J; ++j) {
        acc[j] = op == RANK_MIN ? 0xffffffffu : 0u;
        row_at[j] = j * (int)w;
    }
    int count = npoints;
    for (int r = 0; r < nruns; ++r) {
        const int4 run = runs[r];
        const long zz = runs_plane(z, run.w, d, skip_outside);
        if (zz < 0) {
            count -= run.y - run.x + 1;
            continue;
        }
        __global const SRC_T* q = src + (x + run.x + w * (y0 + run.z + h * zz));
        for (int t = run.x; t <= run.y; ++t, ++q) {
#pragma unroll
            for (int j = 0; j < RUNS_J; ++j) acc[j] = runs_combine(acc[j], rank_key(q[row_at[j]]), op);
        }
    }
    const long here = x + w * (y0 + h * z);
#pragma unroll
    for (int j = 0; j < RUNS_J; ++j) {
        if (op == RANK_MEAN) rank_write_mean(dst, here + row_at[j], (rank_acc_t)acc[j], count, mean_mode);
        else rank_write_key(dst, here + row_at[j], acc[j], minuend, subtract);
    }
}

// One output at (x, y, z) near a border: runs are cut at the image edges (left out) or read with
// clamped coordinates (nearest edge pixel).
inline void runs_edge(__global const SRC_T* src, __global DST_T* dst, long x, long y, long z, long w,
                      long h, long d, __constant int4* runs, int nruns, int op, int skip_outside,
                      int mean_mode, __global const SRC_T* minuend, int subtract) {
    uint acc = op == RANK_MIN ? 0xffffffffu : 0u;
    int count = 0;
    for (int r = 0; r < nruns; ++r) {
        const int4 run = runs[r];
        long yy = y + run.z, zz = z + run.w, lo = x + run.x, hi = x + run.y;
        if (skip_outside) {
            if (yy < 0 || yy >= h || zz < 0 || zz >= d) continue;
            lo = max(lo, 0L);
            hi = min(hi, w - 1);
        } else {
            yy = ijcl_clamp(yy, h);
            zz = ijcl_clamp(zz, d);
        }
        __global const SRC_T* row = src + w * (yy + h * zz);
        for (long u = lo; u <= hi; ++u) {
            acc = runs_combine(acc, rank_key(row[ijcl_clamp(u, w)]), op);
            ++count;
        }
    }
    if (count == 0) return;  // only with an empty neighbourhood
    const long i = x + w * (y + h * z);
    if (op == RANK_MEAN) rank_write_mean(dst, i, (rank_acc_t)acc, count, mean_mode);
    else rank_write_key(dst, i, acc, minuend, subtract);
}

// Mean (8- and 16-bit images only: the sum is exact in 32 bits), minimum or maximum over the
// runs; ext_* are the largest |dx|, |dy|, |dz|; npoints the number of offsets. With `subtract`
// (minimum/maximum) the result is minuend - filtered. The range is (w, ceil(h / RUNS_J), d).
__kernel void rank_runs(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                        __constant int4* runs, int nruns, int npoints, int ext_x, int ext_y, int ext_z,
                        int op, int skip_outside, int mean_mode, __global const SRC_T* minuend,
                        int subtract) {
    const long x = get_global_id(0), y0 = get_global_id(1) * RUNS_J, z = get_global_id(2);
    if (x >= w || y0 >= h || z >= d) return;
    if (x >= ext_x && x + ext_x < w && y0 >= ext_y && y0 + (RUNS_J - 1) + ext_y < h) {
        if (op == RANK_MIN)
            runs_inside(src, dst, x, y0, z, w, h, d, runs, nruns, npoints, RANK_MIN, skip_outside, mean_mode,
                        minuend, subtract);
        else if (op == RANK_MAX)
            runs_inside(src, dst, x, y0, z, w, h, d, runs, nruns, npoints, RANK_MAX, skip_outside, mean_mode,
                        minuend, subtract);
        else
            runs_inside(src, dst, x, y0, z, w, h, d, runs, nruns, npoints, RANK_MEAN, skip_outside, mean_mode,
                        minuend, subtract);
        return;
    }
    for (int j = 0; j < RUNS_J && y0 + j < h; ++j)
        runs_edge(src, dst, x, y0 + j, z, w, h, d, runs, nruns, op, skip_outside, mean_mode, minuend, subtract);
}

// --- box_lines ---------------------------------------------------------------------------------
// One pass of a box filter along `axis` over 2*radius+1 points (edges: nearest point), BOX_N
// consecutive outputs per work item (the range is the image's, divided by BOX_N along the axis).
// As in gaussian.cl, the values at -k and +k around the outputs are kept in two rings of BOX_N
// registers indexed by position modulo BOX_N, and the loop over k is unrolled BOX_N times. Values
// are floats holding integers: the host uses this kernel for 8- and 16-bit images only, and for
// means only where every sum stays an integer below 2^24, so every operation is exact and the
// result equals box_line's.
#define BOX_N 8

// `op` and `checked` (bounds tests, for blocks near the line's ends) are constants after inlining.
__attribute__((always_inline))
inline void box_block(__global const SRC_T* line, __global DST_T* out, long step, long len, long p,
                      int radius, int op, float divisor, __global const DST_T* minuend, int subtract,
                      int checked) {
    float lo[BOX_N], hi[BOX_N], acc[BOX_N];
    __global const SRC_T* centre = line + p * step;
#pragma unroll
    for (int j = 0; j < BOX_N; ++j) {
        const float v = (float)(checked ? line[min(p + j, len - 1) * step] : centre[j * step]);
        lo[j] = v;
        hi[j] = v;
        acc[j] = v;
    }
    __global const SRC_T* lp = centre;                         // at p - k
    __global const SRC_T* hp = centre + (BOX_N - 1) * step;    // at p + BOX_N - 1 + k
    for (int k0 = 0; k0 <= radius; k0 += BOX_N) {
#pragma unroll
        for (int kk = 0; kk < BOX_N; ++kk) {
            const int k = k0 + kk;
            if (k > 0 && k <= radius) {
                lp -= step;
                hp += step;
                lo[(BOX_N - kk) % BOX_N] = (float)(checked ? line[ijcl_clamp(p - k, len) * step] : *lp);
                hi[(BOX_N - 1 + kk) % BOX_N] =
                    (float)(checked ? line[ijcl_clamp(p + (BOX_N - 1) + k, len) * step] : *hp);
#pragma unroll
                for (int j = 0; j < BOX_N; ++j) {
                    const float vl = lo[(j - kk + BOX_N) % BOX_N], vh = hi[(j + kk) % BOX_N];
                    acc[j] = op == RANK_MEAN ? acc[j] + (vl + vh)
                           : (op == RANK_MIN ? fmin(acc[j], fmin(vl, vh)) : fmax(acc[j], fmax(vl, vh)));
                }
            }
        }
    }
#pragma unroll
    for (int j = 0; j < BOX_N; ++j) {
        if (checked && p + j >= len) continue;
        const long i = (p + j) * step;
        if (op == RANK_MEAN) {
            out[i] = CONVERT_DST(acc[j] / divisor);
        } else if (subtract) {
            const float m = (float)minuend[i];
            out[i] = m > acc[j] ? (DST_T)(m - acc[j]) : (DST_T)0;
        } else {
            out[i] = (DST_T)acc[j];
        }
    }
}

// op RANK_MEAN writes sum / divisor (divisor 1 for an intermediate pass); RANK_MIN / RANK_MAX
// the extreme value, or with `subtract` minuend minus it (top-hat).
__kernel void box_lines(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d, int axis,
                        int radius, int op, float divisor, __global const DST_T* minuend, int subtract) {
    long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (axis == 0) x *= BOX_N;
    else if (axis == 1) y *= BOX_N;
    else z *= BOX_N;
    if (x >= w || y >= h || z >= d) return;
    const long len = axis == 0 ? w : (axis == 1 ? h : d);
    const long step = axis == 0 ? 1 : (axis == 1 ? w : w * h);
    const long p = axis == 0 ? x : (axis == 1 ? y : z);
    const long start = (axis == 0 ? 0 : x) + w * ((axis == 1 ? 0 : y) + h * (axis == 2 ? 0 : z));
    const int checked = !(p >= radius && p + (BOX_N - 1) + radius < len);
    __global const SRC_T* line = src + start;
    __global DST_T* out = dst + start;
    __global const DST_T* sub = minuend + start;
    if (op == RANK_MEAN) {
        if (checked) box_block(line, out, step, len, p, radius, RANK_MEAN, divisor, sub, 0, 1);
        else box_block(line, out, step, len, p, radius, RANK_MEAN, divisor, sub, 0, 0);
    } else if (op == RANK_MIN) {
        if (checked) box_block(line, out, step, len, p, radius, RANK_MIN, divisor, sub, subtract, 1);
        else box_block(line, out, step, len, p, radius, RANK_MIN, divisor, sub, subtract, 0);
    } else {
        if (checked) box_block(line, out, step, len, p, radius, RANK_MAX, divisor, sub, subtract, 1);
        else box_block(line, out, step, len, p, radius, RANK_MAX, divisor, sub, subtract, 0);
    }
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

#ifdef MEDIAN_K
// --- rank_median -------------------------------------------------------------------------------
// Median of up to MEDIAN_E = 2*MEDIAN_K - 3 neighbours by forgetful selection, all in registers:
// keep MEDIAN_K values; repeatedly move the smallest and the largest of them to the ends of the
// kept range (compare-exchanges), drop both and take the next neighbour in. With n odd values and
// MEDIAN_K >= (n+1)/2 + 1 kept, a dropped value can never be the median; after the last
// neighbour three values remain and their middle one is the median. The host compiles one
// variant per size class (MEDIAN_K, with every neighbourhood of the class having at least
// MEDIAN_MIN_N points), and fills the elements beyond the neighbourhood's n points with
// sentinels: missing elements alternately read as the lowest and the highest key, which leaves
// the middle unchanged. Voxels left out at a volume border (skip_outside) are missing elements
// too; when their number is odd, the real count is even and the selection runs twice, with the
// extra sentinel low and then high, giving the two middle values (averaged as Filters3D does).
#define MEDIAN_E (2 * MEDIAN_K - 3)
#define MEDIAN_SORT2(a, b) { const uint lo_ = min(a, b); b = max(a, b); a = lo_; }

// The network is written out by the preprocessor (no reliance on loop unrolling, so v[] always
// lives in registers): rounds r = 0..63 and indices i = 0..31, each step guarded by a constant
// condition that removes it when it does not apply to this MEDIAN_K (<= 64). MEDIAN_AT keeps the
// indices of removed steps inside the array.
#define MEDIAN_AT(i) v[(i) < MEDIAN_K ? (i) : MEDIAN_K - 1]
#define MEDIAN_X(a, b) MEDIAN_SORT2(MEDIAN_AT(a), MEDIAN_AT(b))
#define MEDIAN_PAIRS(r) ((MEDIAN_K - (r)) / 2)  // compare-exchange pairs in round r
#define MEDIAN_I32(M, r)                                                                          \
    M(r, 0) M(r, 1) M(r, 2) M(r, 3) M(r, 4) M(r, 5) M(r, 6) M(r, 7) \
    M(r, 8) M(r, 9) M(r, 10) M(r, 11) M(r, 12) M(r, 13) M(r, 14) M(r, 15) \
    M(r, 16) M(r, 17) M(r, 18) M(r, 19) M(r, 20) M(r, 21) M(r, 22) M(r, 23) \
    M(r, 24) M(r, 25) M(r, 26) M(r, 27) M(r, 28) M(r, 29) M(r, 30) M(r, 31)
// Round r keeps v[r .. MEDIAN_K-1]: pair lows with highs, move the smallest to v[r] and the
// largest to v[MEDIAN_K-1] (an unpaired middle value joins both), then replace the largest by
// element MEDIAN_K + r; v[r] is not used again.
#define MEDIAN_PAIR(r, i) if ((i) < MEDIAN_PAIRS(r)) MEDIAN_X((r) + (i), MEDIAN_K - 1 - (i))
#define MEDIAN_LOW(r, i) if ((i) >= 1 && (i) < MEDIAN_PAIRS(r)) MEDIAN_X((r), (r) + (i))
#define MEDIAN_HIGH(r, i) if ((i) >= 1 && (i) < MEDIAN_PAIRS(r)) MEDIAN_X(MEDIAN_K - 1 - (i), MEDIAN_K - 1)
#define MEDIAN_ROUND(r)                                                                           \
    if ((r) < MEDIAN_K - 3) {                                                                     \
        MEDIAN_I32(MEDIAN_PAIR, r) MEDIAN_I32(MEDIAN_LOW, r) MEDIAN_I32(MEDIAN_HIGH, r)           \
        if ((MEDIAN_K - (r)) & 1) {                                                               \
            MEDIAN_X((r), (r) + MEDIAN_PAIRS(r));                                                 \
            MEDIAN_X((r) + MEDIAN_PAIRS(r), MEDIAN_K - 1);                                        \
        }                                                                                         \
        v[MEDIAN_K - 1] = MEDIAN_FETCH(MEDIAN_K + (r));                                           \
    }
#define MEDIAN_FILL(i) if ((i) < MEDIAN_K) MEDIAN_AT(i) = MEDIAN_FETCH(i);
#define MEDIAN_R4(M, r) M(r) M((r) + 1) M((r) + 2) M((r) + 3)
#define MEDIAN_R16(M, r) MEDIAN_R4(M, r) MEDIAN_R4(M, (r) + 4) MEDIAN_R4(M, (r) + 8) MEDIAN_R4(M, (r) + 12)
#define MEDIAN_R64(M) MEDIAN_R16(M, 0) MEDIAN_R16(M, 16) MEDIAN_R16(M, 32) MEDIAN_R16(M, 48)

// Key of element e inside the image: pts[e] = (dx, dy, dz, linear offset). The elements past the
// n points (padding, an even number) read alternately as the lowest and the highest key.
__attribute__((always_inline))
inline uint median_fetch_inside(__global const SRC_T* centre, __constant int4* pts, int e, int n) {
    if (e < MEDIAN_MIN_N || e < n) return rank_key(centre[pts[e].w]);
    return ((e - n) & 1) ? 0xffffffffu : 0u;
}

// Key of element e where x and y keep the neighbourhood inside the image and only planes may be
// outside: those read from the nearest plane, or (skip_outside) are missing; the i-th missing
// element (padding included) reads as the lowest key when i + variant is even, else as the
// highest.
__attribute__((always_inline))
inline uint median_fetch_z(__global const SRC_T* centre, long z, long d, long wh, __constant int4* pts, int e,
                           int n, int skip_outside, int variant, uint* missing) {
    if (e < MEDIAN_MIN_N || e < n) {
        const int4 o = pts[e];
        const long zz = z + o.z;
        if (zz >= 0 && zz < d) return rank_key(centre[o.w]);
        if (!skip_outside) return rank_key(centre[o.w + (ijcl_clamp(zz, d) - zz) * wh]);
    }
    const uint i = (*missing)++;
    return ((i + (uint)variant) & 1u) ? 0xffffffffu : 0u;
}

// Key of element e near an x or y border: as median_fetch_z, all coordinates clamped or checked.
__attribute__((always_inline))
inline uint median_fetch_edge(__global const SRC_T* src, long x, long y, long z, long w, long h, long d,
                              __constant int4* pts, int e, int n, int skip_outside, int variant,
                              uint* missing) {
    if (e < MEDIAN_MIN_N || e < n) {
        const int4 o = pts[e];
        const long xx = x + o.x, yy = y + o.y, zz = z + o.z;
        if (!(skip_outside && (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d)))
            return rank_key(src[ijcl_clamp(xx, w) + w * (ijcl_clamp(yy, h) + h * ijcl_clamp(zz, d))]);
    }
    const uint i = (*missing)++;
    return ((i + (uint)variant) & 1u) ? 0xffffffffu : 0u;
}

// The selection, with MEDIAN_FETCH(e) defined by the caller; sets `m` to the median key.
#define MEDIAN_SELECT(m)                                                                          \
    {                                                                                             \
        uint v[MEDIAN_K];                                                                         \
        MEDIAN_R64(MEDIAN_FILL)                                                                   \
        MEDIAN_R64(MEDIAN_ROUND)                                                                  \
        const uint a_ = v[MEDIAN_K - 3], b_ = v[MEDIAN_K - 2], c_ = v[MEDIAN_K - 1];              \
        m = max(min(a_, b_), min(max(a_, b_), c_));                                               \
    }

// n (odd, <= MEDIAN_E) neighbours; pts holds MEDIAN_E entries (those past n are zeros); ext_* the
// largest |dx|, |dy|, |dz|; out-of-image neighbours left out (skip_outside) or clamped.
__kernel void rank_median(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                          __constant int4* pts, int n, int ext_x, int ext_y, int ext_z, int skip_outside) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long here = x + w * (y + h * z);
    if (x >= ext_x && x + ext_x < w && y >= ext_y && y + ext_y < h && z >= ext_z && z + ext_z < d) {
        __global const SRC_T* centre = src + here;
        uint m;
#define MEDIAN_FETCH(e) median_fetch_inside(centre, pts, (e), n)
        MEDIAN_SELECT(m)
#undef MEDIAN_FETCH
        dst[here] = (DST_T)rank_value(m);
        return;
    }
    // Near a border: neighbours clamped or missing; with an odd number missing the real count
    // is even and the selection runs twice (lower and upper middle value).
    const int xy_inside = x >= ext_x && x + ext_x < w && y >= ext_y && y + ext_y < h;
    uint result[2] = {0u, 0u};
    int variants = 1;
#pragma unroll 1
    for (int variant = 0; variant < variants; ++variant) {
        uint missing = 0, m;
#if MEDIAN_K <= 26
        // Only planes outside (the border planes of a stack): a cheaper fetch. Larger classes
        // spend most of their time in the selection itself and keep one border path.
        if (xy_inside) {
            __global const SRC_T* centre = src + here;
#define MEDIAN_FETCH(e) median_fetch_z(centre, z, d, w * h, pts, (e), n, skip_outside, variant, &missing)
            MEDIAN_SELECT(m)
#undef MEDIAN_FETCH
        } else
#endif
        {
#define MEDIAN_FETCH(e) median_fetch_edge(src, x, y, z, w, h, d, pts, (e), n, skip_outside, variant, &missing)
            MEDIAN_SELECT(m)
#undef MEDIAN_FETCH
        }
        if (variant == 0) {
            result[0] = m;
            if (missing & 1u) variants = 2;
        } else {
            result[1] = m;
        }
    }
    if (variants == 1) {
        dst[here] = (DST_T)rank_value(result[0]);
    } else {
        const float m = 0.5f * ((float)rank_value(result[0]) + (float)rank_value(result[1]));
        dst[here] = CONVERT_DST(m);
    }
}
#endif
