// Neighbour statistics of label images (native/src/ops/label_neighbour_ops.cpp).
//
// Matrix operations read CLIJ2's dense layout: entry (x, y) = matrix[x + mw * y], labels a < b
// touching where entry (a, b) > 0 (the x < y half that generateTouchMatrix fills); entries
// outside the matrix count as not touching. Label maps avoid the matrix: touching pairs go into a
// GPU hash set whose size grows with the label boundaries, not with the labels squared.

// 64-bit atomics (the hash set) where the device has them: kernels/preamble.cl (IJCL_HAS_INT64_ATOMICS).

#ifdef MAT_T
inline bool nb_touches(__global const MAT_T* matrix, long mw, long mh, long x, long y) {
    return x >= 0 && y >= 0 && x < mw && y < mh && (float)matrix[x + mw * y] > 0;
}

// CLIJ2's count_touching_neighbors: for entry e = 0..w-1, the number of labels o != e with entry
// (min(o, e), max(o, e)) > 0 (the background, o = 0, counts when the matrix marks it).
__kernel void count_touching(__global const MAT_T* matrix, long mw, long mh, long w, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= w) return;
    uint count = 0;
    for (long x = 0; x < e; ++x)
        if (nb_touches(matrix, mw, mh, x, e)) ++count;
    for (long y = e + 1; y < w; ++y)
        if (nb_touches(matrix, mw, mh, e, y)) ++count;
    dst[e] = (float)count;
}
#endif

#if defined(MAT_T) && defined(VAL_T)
// The value of matrix index i: values[i + correction], clamped to the vector (CLIJ2's clamped read).
inline float nb_value(__global const VAL_T* values, long w, int correction, long i) {
    return (float)values[clamp(i + correction, 0L, w - 1)];
}

// CLIJ2's mean/minimum/maximum/median/standard_deviation_value_of_touching_neighbors: for entry e
// = 0..w-1 (w = the vector's width), the statistic of the values of e itself and of every o with
// entry (min(o, e), max(o, e)) > 0, visited in CLIJ2's order (o < e, then e, then o > e) and
// summed in float as CLIJ2 does. STAT: 1 mean, 2 minimum, 3 maximum, 4 median (the element of
// rank count / 2 in ascending order, found by counting ranks: no bounded array), 5 standard
// deviation as CLIJ2's kernel computes it (its second pass counts the members again, so it divides
// the squared deviations by 2k - 1 for k members).
__kernel void touching_stat(__global const VAL_T* values, long w, __global const MAT_T* matrix, long mw, long mh,
                            int correction, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= w) return;
#if STAT == 1 || STAT == 5
    float sum = 0;
    uint count = 0;
    for (long o = 0; o < w; ++o) {
        if (o != e && !nb_touches(matrix, mw, mh, min(o, e), max(o, e))) continue;
        sum = sum + nb_value(values, w, correction, o);
        ++count;
    }
    const float mean = sum / count;
#if STAT == 1
    dst[e] = mean;
#else
    float sq = 0;
    for (long o = 0; o < w; ++o) {
        if (o != e && !nb_touches(matrix, mw, mh, min(o, e), max(o, e))) continue;
        const float d = nb_value(values, w, correction, o) - mean;
        sq = sq + d * d;
    }
    dst[e] = sqrt(sq / (2 * count - 1));
#endif
#elif STAT == 2 || STAT == 3
    float best = nb_value(values, w, correction, e);
    for (long o = 0; o < w; ++o) {
        if (o == e || !nb_touches(matrix, mw, mh, min(o, e), max(o, e))) continue;
        const float v = nb_value(values, w, correction, o);
#if STAT == 2
        if (best > v) best = v;
#else
        if (best < v) best = v;
#endif
    }
    dst[e] = best;
#else
    // median: the member v with (members below v) <= count / 2 < (members below or equal v)
    uint count = 0;
    for (long o = 0; o < w; ++o)
        if (o == e || nb_touches(matrix, mw, mh, min(o, e), max(o, e))) ++count;
    const uint rank = count / 2;
    float result = nb_value(values, w, correction, e);
    for (long o = 0; o < w; ++o) {
        if (o != e && !nb_touches(matrix, mw, mh, min(o, e), max(o, e))) continue;
        const float v = nb_value(values, w, correction, o);
        uint below = 0, equal = 0;
        for (long p = 0; p < w; ++p) {
            if (p != e && !nb_touches(matrix, mw, mh, min(p, e), max(p, e))) continue;
            const float u = nb_value(values, w, correction, p);
            if (u < v) ++below;
            else if (u == v) ++equal;
        }
        if (below <= rank && rank < below + equal) {
            result = v;
            break;
        }
    }
    dst[e] = result;
#endif
}
#endif

#ifdef LBL_T
// The touching pair (face neighbours i and j, different non-zero labels) as one key: the smaller
// id in the high word; 0 when there is no pair.
inline ulong nb_pair(__global const LBL_T* labels, long i, long j) {
    const ulong a = convert_uint_sat(labels[i]), b = convert_uint_sat(labels[j]);
#if KEEP_BACKGROUND
    if (a == b) return 0;  // a pair with the background, (0, b), is the key b: still not 0
#else
    if (a == b || a == 0 || b == 0) return 0;
#endif
    return a < b ? (a << 32) | b : (b << 32) | a;
}

// Counts the pixel boundaries (+x, +y, +z) between two different non-zero labels: the hash
// set's size bound. One work item per pixel.
__kernel void touch_events(__global const LBL_T* labels, long width, long height, long depth,
                           volatile __global uint* total) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    uint n = 0;
    if (x + 1 < width && nb_pair(labels, i, i + 1)) ++n;
    if (y + 1 < height && nb_pair(labels, i, i + width)) ++n;
    if (z + 1 < depth && nb_pair(labels, i, i + width * height)) ++n;
    if (n) atomic_add(total, n);
}

// Inserts every touching pair into an open-addressing hash set (2^bits ulong keys, 0 = empty,
// linear probing with 64-bit compare-and-swap); the work item that inserts a pair first adds 1 to
// counts[a] and counts[b]. So counts[l] = the number of different non-zero labels touching l,
// whatever the order of the work items. The host sizes the table to at least twice the
// boundaries, so probing ends.
#if IJCL_HAS_INT64_ATOMICS  // the host refuses the hash-set operations without them
__kernel void touch_insert(__global const LBL_T* labels, long width, long height, long depth,
                           volatile __global ulong* table, int bits, volatile __global uint* counts, ulong n_counts) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    ulong keys[3];
    int n = 0;
    if (x + 1 < width) keys[n++] = nb_pair(labels, i, i + 1);
    if (y + 1 < height) keys[n++] = nb_pair(labels, i, i + width);
    if (z + 1 < depth) keys[n++] = nb_pair(labels, i, i + width * height);
    const ulong mask = (1ul << bits) - 1;
    for (int k = 0; k < n; ++k) {
        const ulong key = keys[k];
        if (key == 0) continue;
        ulong slot = (key * 0x9E3779B97F4A7C15ul) >> (64 - bits);
        for (;;) {
            const ulong old = atom_cmpxchg(&table[slot], 0ul, key);
            if (old == 0) {
                const ulong a = key >> 32, b = key & 0xFFFFFFFFul;
                if (a < n_counts) atomic_inc(&counts[a]);
                if (b < n_counts) atomic_inc(&counts[b]);
                break;
            }
            if (old == key) break;
            slot = (slot + 1) & mask;
        }
    }
}
#endif
#endif

#if defined(LBL_T) && defined(SRC_T)
// One value per label for the touching-neighbour maps: keys[l] = the smallest value (order-
// preserving bits of the float value, as statistics.cl's ijcl_ordered_bits) of the parametric map
// under label l, background 0 included; the host fills keys with 0xFFFFFFFF. One work item per pixel.
__kernel void label_min_values(__global const LBL_T* labels, __global const SRC_T* src, long n,
                               volatile __global uint* keys, ulong n_keys) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uint l = convert_uint_sat(labels[i]);
    if (l >= n_keys) return;
    const uint b = as_uint((float)src[i]);
    atomic_min(&keys[l], (b & 0x80000000u) ? ~b : (b | 0x80000000u));
}

// dst[i] = values[label of pixel i] (0 for a label past the vector): CLIJ2's replaceIntensities
// with the background's own entry. One work item per pixel.
__kernel void write_back(__global const LBL_T* labels, __global const float* values, ulong n_values,
                         __global float* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uint l = convert_uint_sat(labels[i]);
    dst[i] = l < n_values ? values[l] : 0.0f;
}
#endif

#ifdef SRC_T
// dst = src as float (radius 0 of the touching-neighbour maps: CLIJ2 copies the map).
__kernel void copy_to_float(__global const SRC_T* src, __global float* dst, long n) {
    const long i = get_global_id(0);
    if (i < n) dst[i] = (float)src[i];
}
#endif

#if defined(MAT_T) && defined(DIS_T)
// CLIJ2's average/minimum/maximum_distance_of_touching_neighbors: for entry e = 0..w-1 (w = the
// distance matrix's width), the distances (distance matrix entry at the same position) of the
// touch matrix's marked entries (x, e) for 1 <= x < e (the background, x = 0, left out) and (e, y)
// for e < y < w, in that order. STAT 1: their mean, summed in float (0 when none); 2: minimum, 3:
// maximum (0 when none). Entries outside either matrix are not counted (CLIJ2 clamps its reads).
__kernel void touching_distance(__global const DIS_T* dist, long dw, long dh, __global const MAT_T* matrix, long mw,
                                long mh, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= dw) return;
    float acc = 0;
    uint count = 0;
    for (long k = 1; k < dw; ++k) {
        if (k == e) continue;
        const long x = k < e ? k : e, y = k < e ? e : k;
        if (!nb_touches(matrix, mw, mh, x, y) || x >= dw || y >= dh) continue;
        const float d = (float)dist[x + dw * y];
#if STAT == 1
        acc = acc + d;
#elif STAT == 2
        if (d < acc || count == 0) acc = d;
#else
        if (d > acc || count == 0) acc = d;
#endif
        ++count;
    }
#if STAT == 1
    dst[e] = count == 0 ? 0.0f : acc / count;
#else
    dst[e] = acc;
#endif
}
#endif

// The mean of the n smallest (FAR: largest) of the distances DIST(y) for y = first .. limit-1, y != e, as CLIJ2's
// average_distance_of_n_closest_points keeps them (sorted ascending, summed in float in that
// order; NaN distances never kept; 0 / 0 = NaN when none is kept). The values are taken in
// ascending order by repeated selection (no bounded array: any n).
inline float nb_centroid_distance(__global const float* c, int dims, long a, long b) {
    float sum = 0;
    for (int k = 0; k < dims; ++k) {
        const float diff = c[3 * a + k] - c[3 * b + k];
        sum = sum + pow(diff, 2.0f);
    }
    return sqrt(sum);
}

// NB_BEFORE(a, b): a comes first in the order the distances are taken in: ascending for the n
// closest (FAR 0), descending for the n far-off (FAR 1, CLIJ2's average_distance_of_n_far_off_points).
#if defined(FAR) && FAR
#define NB_BEFORE(a, b) ((a) > (b))
#define NB_START INFINITY
#else
#define NB_BEFORE(a, b) ((a) < (b))
#define NB_START -INFINITY
#endif

#define NB_N_CLOSEST_MEAN(DIST, FIRST, LIMIT, RESULT)                              \
    {                                                                              \
        float prev = NB_START, sum = 0;                                            \
        long taken = 0;                                                            \
        while (taken < n) {                                                        \
            float best = 0;                                                        \
            long copies = 0;                                                       \
            for (long y = FIRST; y < LIMIT; ++y) {                                 \
                if (y == e) continue;                                              \
                const float d = DIST;                                              \
                if (!NB_BEFORE(prev, d)) continue;                                 \
                if (copies == 0 || NB_BEFORE(d, best)) {                           \
                    best = d;                                                      \
                    copies = 1;                                                    \
                } else if (d == best) {                                            \
                    ++copies;                                                      \
                }                                                                  \
            }                                                                      \
            if (copies == 0) break;                                                \
            for (long k = 0; k < copies && taken < n; ++k, ++taken) sum = sum + best; \
            prev = best;                                                           \
        }                                                                          \
        RESULT = sum / (float)taken;                                               \
    }

#ifdef DIS_T
// CLIJ2's averageDistanceOfNClosestPoints: for column e = 0..w-1 of a distance matrix (w x h),
// the mean of the n smallest entries (e, y), y = 1..h-1 (the background row 0 left out), y != e.
__kernel void n_closest_mean_matrix(__global const DIS_T* dist, long w, long h, long n, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= w) return;
    float result;
    NB_N_CLOSEST_MEAN((float)dist[e + w * y], 1, h, result)
    dst[e] = result;
}
#endif

// The same from centroids (3 floats per label present, compacted by the host), distances in
// float as CLIJ2's generateDistanceMatrix (squares by pow, summed in dimension order over `dims`
// dimensions): label e's mean distance to its n closest other labels.
__kernel void n_closest_mean_centroids(__global const float* c, long m, int dims, long n, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= m) return;
    float result;
    NB_N_CLOSEST_MEAN(nb_centroid_distance(c, dims, e, y), 0, m, result)
    dst[e] = result;
}

#ifdef MAT_T
// Adjacency of a touch matrix (w x h; read as the square of its larger side, 0 outside): x and y
// are adjacent when x == y or either entry (x, y) or (y, x) is not 0 (CLIJ2's binary_or of the
// matrix and its transpose, diagonal set).
inline bool nb_adjacent(__global const MAT_T* m, long w, long h, long x, long y) {
    return x == y || (x < w && y < h && (float)m[x + w * y] != 0) || (y < w && x < h && (float)m[y + w * x] != 0);
}

// CLIJ2's touchMatrixToAdjacencyMatrix: dst(x, y) = 1 where adjacent, else 0. One work item per entry.
__kernel void touch_to_adjacency(__global const MAT_T* m, long w, long h, __global float* dst) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w || y >= h) return;
    dst[x + w * y] = nb_adjacent(m, w, h, x, y) ? 1.0f : 0.0f;
}

// CLIJ2's neighborsOfNeighbors: dst(x, y) = 1 where some k is adjacent to both x and y (the
// adjacency matrix squared, > 0), else 0. One work item per entry, up to max(w, h) steps each.
__kernel void neighbors_of_neighbors(__global const MAT_T* m, long w, long h, __global float* dst) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w || y >= h) return;
    float result = 0.0f;
    for (long k = 0; k < max(w, h); ++k)
        if (nb_adjacent(m, w, h, x, k) && nb_adjacent(m, w, h, k, y)) {
            result = 1.0f;
            break;
        }
    dst[x + w * y] = result;
}
#endif

// ---- Neighbour maps by centroid distance (n nearest, proximal) and touching-distance maps ----
// Centroids c: 3 floats per label (x, y, z), distances by nb_centroid_distance (symmetric:
// pow(-t, 2) == pow(t, 2)).

// (d, j) <= (kd, ki) in the order of CLIJ2's n_closest_points: by distance, ties by index (NaN: false).
inline bool nb_lex_le(float d, long j, float kd, long ki) { return d < kd || (d == kd && j <= ki); }

// The n-th of the distances DIST(y), y = FIRST .. LIMIT-1, y != e, in (distance, index) order,
// as (KD, KI); fewer than n (NaN distances never count): (INFINITY, LIMIT), every one selected.
// Then y is one of e's n nearest iff nb_lex_le(DIST(y), y, KD, KI) (CLIJ2's n_closest_points
// keeps the n smallest, ties the earlier index).
#define NB_N_NEAREST_THRESHOLD(DIST, FIRST, LIMIT, KD, KI)                              \
    {                                                                                   \
        float prev = -INFINITY;                                                         \
        long taken = 0;                                                                 \
        KD = INFINITY;                                                                  \
        KI = LIMIT;                                                                     \
        while (taken < n) {                                                             \
            float best = 0;                                                             \
            long copies = 0;                                                            \
            for (long y = FIRST; y < LIMIT; ++y) {                                      \
                if (y == e) continue;                                                   \
                const float d = DIST;                                                   \
                if (!(d > prev)) continue;                                              \
                if (copies == 0 || d < best) {                                          \
                    best = d;                                                           \
                    copies = 1;                                                         \
                } else if (d == best) {                                                 \
                    ++copies;                                                           \
                }                                                                       \
            }                                                                           \
            if (copies == 0) break;                                                     \
            if (taken + copies >= n) {                                                  \
                long need = n - taken;                                                  \
                for (long y = FIRST; y < LIMIT; ++y) {                                  \
                    if (y == e) continue;                                               \
                    const float d = DIST;                                               \
                    if (d == best && --need == 0) {                                     \
                        KD = best;                                                      \
                        KI = y;                                                         \
                        break;                                                          \
                    }                                                                   \
                }                                                                       \
                break;                                                                  \
            }                                                                           \
            taken += copies;                                                            \
            prev = best;                                                                \
        }                                                                               \
    }

// For each of the m labels (compacted, in id order) e: (kd[e], ki[e]), the n-th of its other
// labels by centroid distance (NB_N_NEAREST_THRESHOLD).
__kernel void n_nearest_threshold(__global const float* c, long m, int dims, long n, __global float* kd,
                                  __global long* ki) {
    const long e = get_global_id(0);
    if (e >= m) return;
    float t;
    long ti;
    NB_N_NEAREST_THRESHOLD(nb_centroid_distance(c, dims, e, y), 0, m, t, ti)
    kd[e] = t;
    ki[e] = ti;
}

#ifdef DIS_T
// The same for column e = 1..w-1 of a distance matrix (w x h), candidates y = 1..h-1 (the
// background row left out), y != e; column 0 (the background) selects nothing.
__kernel void n_nearest_threshold_matrix(__global const DIS_T* dist, long w, long h, long n, __global float* kd,
                                         __global long* ki) {
    const long e = get_global_id(0);
    if (e >= w) return;
    float t = -INFINITY;
    long ti = -1;
    if (e > 0) NB_N_NEAREST_THRESHOLD((float)dist[e + w * y], 1, h, t, ti)
    kd[e] = t;
    ki[e] = ti;
}

// CLIJ2's generateNNearestNeighborsMatrix from the thresholds: entry (x, y), 1 <= x < y, is 1
// where y is one of column x's n nearest, or x one of column y's (when the matrix has that column
// and row: square matrices always); every other entry 0. One work item per entry of the w x h
// matrix.
__kernel void n_nearest_matrix(__global const DIS_T* dist, long w, long h, __global const float* kd,
                               __global const long* ki, __global float* dst) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w || y >= h) return;
    bool marked = false;
    if (x >= 1 && x < y)
        marked = nb_lex_le((float)dist[x + w * y], y, kd[x], ki[x]) ||
                 (y < w && x < h && nb_lex_le((float)dist[y + w * x], x, kd[y], ki[y]));
    dst[x + w * y] = marked ? 1.0f : 0.0f;
}

// CLIJ2's generateProximalNeighborsMatrix: entry (x, y) = 1 where lo <= the distance <= hi
// (float), x != y, both >= 1 (the background's row and column 0); NaN 0. w x h, one work item
// per entry.
__kernel void proximal_matrix(__global const DIS_T* dist, long w, long h, float lo, float hi, __global float* dst) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w || y >= h) return;
    const float d = (float)dist[x + w * y];
    dst[x + w * y] = (x != y && x >= 1 && y >= 1 && d >= lo && d <= hi) ? 1.0f : 0.0f;
}
#endif

// Whether j (!= e) is e's neighbour. SELECT 1: n nearest, either way round (CLIJ2 marks the
// n nearest of each label in a touch matrix, then reads it symmetrically); SELECT 2: proximal,
// lo <= d <= hi.
inline bool nb_selected(__global const float* c, int dims, long e, long j, __global const float* kd,
                        __global const long* ki, float lo, float hi) {
    const float d = nb_centroid_distance(c, dims, e, j);
#if SELECT == 1
    return nb_lex_le(d, j, kd[e], ki[e]) || nb_lex_le(d, e, kd[j], ki[j]);
#else
    return d >= lo && d <= hi;
#endif
}

// The statistic of label e's own value and its neighbours' values (vals, compacted), as
// member_stat in label_neighbour_ops.cpp and CLIJ2's *_of_touching_neighbors kernels: values
// taken in index order with e's own value at its place. STAT 1 mean, 2 minimum, 3 maximum,
// 5 standard deviation (CLIJ2's sqrt(sum of squares / (2k - 1))), 6 mode of the neighbours'
// whole values 0..255 (itself left out; ties the smallest; none: 0), 7 the number of neighbours.
__kernel void distance_neighbour_stat(__global const float* c, long m, int dims, __global const float* vals,
                                      __global const float* kd, __global const long* ki, float lo, float hi,
                                      __global float* dst) {
    const long e = get_global_id(0);
    if (e >= m) return;
#if STAT == 6
    uint votes[256];
    for (int i = 0; i < 256; ++i) votes[i] = 0;
    for (long j = 0; j < m; ++j) {
        if (j == e || !nb_selected(c, dims, e, j, kd, ki, lo, hi)) continue;
        const float x = vals[j];
        if (x > -1.0f && x < 256.0f) ++votes[(int)x];
    }
    uint best = 0;
    int value = 0;
    for (int i = 0; i < 256; ++i)
        if (votes[i] > best) best = votes[i], value = i;
    dst[e] = (float)value;
#elif STAT == 7
    uint count = 0;
    for (long j = 0; j < m; ++j)
        if (j != e && nb_selected(c, dims, e, j, kd, ki, lo, hi)) ++count;
    dst[e] = (float)count;
#else
    float acc = vals[e], sum = 0;
    uint count = 0;
    for (long j = 0; j < m; ++j) {
        if (j != e && !nb_selected(c, dims, e, j, kd, ki, lo, hi)) continue;
        const float v = vals[j];
#if STAT == 2
        acc = acc > v ? v : acc;
#elif STAT == 3
        acc = acc < v ? v : acc;
#else
        sum = sum + v;
#endif
        ++count;
    }
#if STAT == 2 || STAT == 3
    dst[e] = acc;
#else
    const float mean = sum / (float)count;
#if STAT == 1
    dst[e] = mean;
#else
    float sq = 0;
    for (long j = 0; j < m; ++j) {
        if (j != e && !nb_selected(c, dims, e, j, kd, ki, lo, hi)) continue;
        const float t = vals[j] - mean;
        sq = sq + t * t;
    }
    dst[e] = sqrt(sq / (float)(2 * count - 1));
#endif
#endif
#endif
}

// The touching-distance maps: for label e (slots 0..n_slots-1, centroids per id), the distances
// to its touching neighbours adj[start[e] .. start[e+1]) (sorted ids, background left out), in
// that order (CLIJ2's *_distance_of_touching_neighbors kernels). STAT 1 mean (0 without
// neighbours), 2 minimum, 3 maximum (0 without), 4 maximum / minimum (0 / 0 = NaN without). The
// background's entry is 0.
__kernel void touching_distance_map(__global const float* c, int dims, __global const ulong* start,
                                    __global const uint* adj, ulong n_slots, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= n_slots) return;
    float sum = 0, lo = 0, hi = 0;
    uint count = 0;
    for (ulong k = start[e]; k < start[e + 1]; ++k) {
        const float d = nb_centroid_distance(c, dims, e, adj[k]);
        sum = sum + d;
        if (count == 0 || d < lo) lo = d;
        if (count == 0 || d > hi) hi = d;
        ++count;
    }
#if STAT == 1
    const float r = count == 0 ? 0.0f : sum / count;
#elif STAT == 2
    const float r = lo;
#elif STAT == 3
    const float r = hi;
#else
    const float r = hi / lo;
#endif
    dst[e] = e == 0 ? 0.0f : r;
}
