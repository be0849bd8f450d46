// Neighbour statistics of label images (native/src/ops/label_neighbour_ops.cpp).
//
// Matrix operations read CLIJ2's dense layout: entry (x, y) = matrix[x + mw * y], labels a < b
// touching where entry (a, b) > 0 (the x < y half that generateTouchMatrix fills); entries
// outside the matrix count as not touching. Label maps avoid the matrix: touching pairs go into a
// GPU hash set whose size grows with the label boundaries, not with the labels squared.

#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable

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

// The mean of the n smallest of the distances DIST(y) for y = first .. limit-1, y != e, as CLIJ2's
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

#define NB_N_CLOSEST_MEAN(DIST, FIRST, LIMIT, RESULT)                              \
    {                                                                              \
        float prev = -INFINITY, sum = 0;                                           \
        long taken = 0;                                                            \
        while (taken < n) {                                                        \
            float best = INFINITY;                                                 \
            long copies = 0;                                                       \
            for (long y = FIRST; y < LIMIT; ++y) {                                 \
                if (y == e) continue;                                              \
                const float d = DIST;                                              \
                if (!(d > prev)) continue;                                         \
                if (copies == 0 || d < best) {                                     \
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
