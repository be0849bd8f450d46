// Label neighbourhoods (native/src/ops/label_graph_ops.cpp, label_map_ops.cpp): the touch matrix,
// overlap counts between two label images without a dense overlap matrix, proximal-neighbour
// counts from centroids without a dense distance matrix.
//
// Labels are the label images' values as uint (float ids truncated); 0 is background.

// 64-bit atomics (the hash set) where the device has them: kernels/preamble.cl (IJCL_HAS_INT64_ATOMICS).

#ifdef LBL_T
// The ids of the pixel's +x, +y and +z face neighbours inside the image, into other[]; returns
// how many (the touch matrix and the touch count matrix visit each face-neighbour pair once).
inline int forward_face_neighbours(__global const LBL_T* labels, long i, long x, long y, long z, long width,
                                   long height, long depth, uint other[3]) {
    int count = 0;
    if (x + 1 < width) other[count++] = convert_uint_sat(labels[i + 1]);
    if (y + 1 < height) other[count++] = convert_uint_sat(labels[i + width]);
    if (z + 1 < depth) other[count++] = convert_uint_sat(labels[i + width * height]);
    return count;
}

// CLIJ2's touch matrix: matrix[lo + n * hi] = 1 (x = the smaller id, y = the larger) for every
// two different ids lo < hi found at face-neighbouring pixels ((x, x+1), (y, y+1), (z, z+1));
// background counts as id 0. n = largest id + 1; the matrix is n x n, zeroed by the host. Every
// writer writes the same 1, so the order of the writes does not matter.
__kernel void touch_matrix(__global const LBL_T* labels, long width, long height, long depth,
                           __global float* matrix, ulong n) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint l = convert_uint_sat(labels[i]);
    uint other[3];
    const int count = forward_face_neighbours(labels, i, x, y, z, width, height, depth, other);
    for (int k = 0; k < count; ++k) {
        const uint m = other[k];
        if (m == l) continue;
        const ulong lo = min(l, m), hi = max(l, m);
        if (hi < n) matrix[lo + n * hi] = 1.0f;
    }
}
#endif

#if defined(LBL_T) && defined(LBL2_T)
// The (label1, label2) pair of pixel i as one key (label1 in the high word), or 0 when either is
// background (no pair).
inline ulong overlap_key(__global const LBL_T* a, __global const LBL2_T* b, long i) {
    const ulong l1 = convert_uint_sat(a[i]), l2 = convert_uint_sat(b[i]);
    return (l1 == 0 || l2 == 0) ? 0 : (l1 << 32) | l2;
}

// Counts the pixels that start a run of one pair in raster order (a pair that differs from the
// previous pixel's): every distinct pair starts at least one run, and hashing only run starts
// keeps the table small. One work item per pixel; *total counts them.
__kernel void overlap_run_starts(__global const LBL_T* a, __global const LBL2_T* b, long n,
                                 volatile __global uint* total) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const ulong k = overlap_key(a, b, i);
    if (k != 0 && (i == 0 || overlap_key(a, b, i - 1) != k)) atomic_inc(total);
}

// Inserts every run start's pair into an open-addressing hash set (table of 2^bits ulong keys,
// 0 = empty, linear probing with 64-bit compare-and-swap); the work item that inserts a pair
// first adds 1 to counts[label1]. So counts[l] = the number of distinct non-zero labels of the
// second image that share a pixel with label l of the first, whatever the order of the work
// items. The host sizes the table to at least twice the run starts, so probing ends.
#if IJCL_HAS_INT64_ATOMICS  // the host refuses the hash-set operations without them
__kernel void overlap_insert(__global const LBL_T* a, __global const LBL2_T* b, long n,
                             volatile __global ulong* table, int bits,
                             volatile __global uint* counts, ulong n_counts) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const ulong k = overlap_key(a, b, i);
    if (k == 0 || (i > 0 && overlap_key(a, b, i - 1) == k)) return;
    const ulong mask = (1ul << bits) - 1;
    ulong slot = (k * 0x9E3779B97F4A7C15ul) >> (64 - bits);
    for (;;) {
        const ulong old = atom_cmpxchg(&table[slot], 0ul, k);
        if (old == 0) {
            const ulong l1 = k >> 32;
            if (l1 < n_counts) atomic_inc(&counts[l1]);
            return;
        }
        if (old == k) return;
        slot = (slot + 1) & mask;
    }
}
#endif
#endif

// Proximal neighbours from centroids: counts[l1] = the number of labels l2 = 1..n2-1 whose
// centroid lies at a distance d with min_d <= d <= max_d from label l1's centroid (labels l1 =
// 1..n1-1; count 0 for background). Centroids are float, 3 per label (x, y, z; NaN for an absent
// id, which then matches nothing), distances in float as CLIJ2's generateDistanceMatrix computes
// them. One work item per label of the first image; no distance matrix is stored.
__kernel void proximal_counts(__global const float* c1, ulong n1, __global const float* c2, ulong n2,
                              float min_d, float max_d, __global float* counts) {
    const ulong l1 = get_global_id(0);
    if (l1 >= n1) return;
    if (l1 == 0) {
        counts[0] = 0.0f;
        return;
    }
    const float x = c1[3 * l1], y = c1[3 * l1 + 1], z = c1[3 * l1 + 2];
    uint count = 0;
    for (ulong l2 = 1; l2 < n2; ++l2) {
        const float dx = x - c2[3 * l2], dy = y - c2[3 * l2 + 1], dz = z - c2[3 * l2 + 2];
        const float d = sqrt(dx * dx + dy * dy + dz * dz);
        if (d >= min_d && d <= max_d) ++count;
    }
    counts[l1] = (float)count;
}

#if defined(P1_T) && defined(P2_T)
// CLIJ2's distance matrix of two point lists (n points = width, d dimensions = rows of the first
// list; a row beyond the second list's height reads its last row, as CLIJ2's clamped reads do;
// plane 0 only): matrix[(i + 1) + (n1 + 1) * (j + 1)] = the Euclidean distance of point i of the
// first list and point j of the second, summed in float in dimension order as CLIJ2 does. Row 0
// and column 0 (background) are left as the host set them (0). One work item per (i, j).
__kernel void distance_matrix(__global const P1_T* p1, long w1, long h1, __global const P2_T* p2, long w2,
                              long h2, __global float* matrix) {
    const long i = get_global_id(0), j = get_global_id(1);
    if (i >= w1 || j >= w2) return;
    float sum = 0;
    for (long k = 0; k < h1; ++k) {
        const float diff = (float)p1[i + w1 * k] - (float)p2[j + w2 * min(k, h2 - 1)];
        sum = sum + pow(diff, 2.0f);
    }
    matrix[(i + 1) + (w1 + 1) * (j + 1)] = sqrt(sum);
}
#endif

#if defined(PTS_T) && defined(DST_T)
// Coordinate k (x, y, z) of point p; a list of fewer rows repeats its last row (CLIJ2's clamped
// reads: a 2-row list gives z = y).
inline float mesh_coordinate(__global const PTS_T* pts, long n_points, long rows, long p, int k) {
    return (float)pts[p + n_points * min((long)k, rows - 1)];
}

// The line-drawing loop of every mesh (CLIJ2's touch_matrix_to_mesh, distance_matrix_to_mesh and
// pointindexlist_to_mesh kernels): a line from a towards b, positions a + (b - a) * t / length for
// t = 0, 0.5, 1, ... < length, each coordinate truncated toward zero, written with `value` when
// inside the destination (z ignored for a 2D one). Float arithmetic in CLIJ2's order, so the same
// pixels are drawn. 0.5-pixel steps stay exact in float below 2^23; a longer line (or an infinite
// or NaN one) would never end in CLIJ2's loop, and is not drawn.
inline void mesh_line(__global const PTS_T* pts, long n_points, long rows, long a, long b, float value,
                      __global DST_T* dst, long width, long height, long depth) {
    const float ax = mesh_coordinate(pts, n_points, rows, a, 0);
    const float ay = mesh_coordinate(pts, n_points, rows, a, 1);
    const float az = mesh_coordinate(pts, n_points, rows, a, 2);
    const float bx = mesh_coordinate(pts, n_points, rows, b, 0);
    const float by = mesh_coordinate(pts, n_points, rows, b, 1);
    const float bz = mesh_coordinate(pts, n_points, rows, b, 2);
    const float length = sqrt(pow(ax - bx, 2.0f) + pow(ay - by, 2.0f) + pow(az - bz, 2.0f));
    if (!(length < 8388608.0f)) return;
    for (float t = 0; t < length; t = t + 0.5f) {
        const long x = (long)(int)(ax + (bx - ax) * t / length);
        const long y = (long)(int)(ay + (by - ay) * t / length);
        const long z = depth > 1 ? (long)(int)(az + (bz - az) * t / length) : 0;
        if (x < 0 || y < 0 || z < 0 || x >= width || y >= height || z >= depth) continue;
        dst[x + width * (y + height * z)] = CONVERT_DST(value);
    }
}

#ifdef MAT_T
// CLIJ2's touchMatrixToMesh / distanceMatrixToMesh: for points a < b of the list whose matrix entry
// m = matrix[(a + 1) + mw * (b + 1)] selects them (DISTANCE_MODE 0: m != 0, drawn with value m;
// 1: m < threshold, drawn with 1; entries outside the matrix select nothing), mesh_line from a
// towards b. One work item per point a.
__kernel void draw_mesh(__global const PTS_T* pts, long n_points, long rows, __global const MAT_T* matrix,
                        long mw, long mh, float threshold, __global DST_T* dst, long width, long height,
                        long depth) {
    const long a = get_global_id(0);
    if (a >= n_points || a + 1 >= mw) return;
    for (long b = a + 1; b < n_points && b + 1 < mh; ++b) {
        const float m = (float)matrix[(a + 1) + mw * (b + 1)];
#if DISTANCE_MODE
        if (!(m < threshold)) continue;
        const float value = 1.0f;
#else
        if (m == 0) continue;
        const float value = m;
#endif
        mesh_line(pts, n_points, rows, a, b, value, dst, width, height, depth);
    }
}
#endif

#ifdef IDX_T
// CLIJ2 Java's pointIndexListToMesh (pointindexlist_to_mesh_3d kernel): column p = 1 .. w-1 of the
// index list (w x k, plane 0; column 0 is the background's and draws nothing) belongs to point
// p - 1; each entry v of it with v - 1 >= 0 (NaN: none) joins that point to point (int)(v - 1)
// (truncated toward zero), both clamped to the point list as CLIJ2's reads are, with a line of
// value 1. One work item per column.
__kernel void draw_index_mesh(__global const PTS_T* pts, long n_points, long rows, __global const IDX_T* idx,
                              long w, long k, __global DST_T* dst, long width, long height, long depth) {
    const long p = get_global_id(0);
    if (p < 1 || p >= w || n_points < 1) return;
    const long a = min(p - 1, n_points - 1);
    for (long r = 0; r < k; ++r) {
        const float v = (float)idx[p + w * r] - 1;
        if (!(v >= 0)) continue;
        const long b = v >= (float)(n_points - 1) ? n_points - 1 : (long)v;
        mesh_line(pts, n_points, rows, a, b, 1.0f, dst, width, height, depth);
    }
}
#endif
#endif

#if defined(VAL_T) && defined(MAT_T)
// CLIJ2's modeOfTouchingNeighbors: for entry e = 0..w-1 of the values vector (row 0 of plane 0),
// the most frequent whole value (truncated toward zero) among its touching neighbours: indices x
// < e with matrix (x, e) > 0 and y > e (y < w) with matrix (e, y) > 0, whose values are read at
// index x + correction (clamped to the vector, as CLIJ2 reads); correction = -1 when the matrix is
// one wider than the vector (a vector without background entry), else 0. Votes outside 0..255 (and
// NaN) are not counted (CLIJ2's 256-bin histogram has no check); matrix entries outside the matrix
// count as not touching. Ties: the smallest value; no neighbour: 0.
__kernel void mode_of_touching(__global const VAL_T* values, long w, __global const MAT_T* matrix, long mw,
                               long mh, int correction, __global float* dst) {
    const long e = get_global_id(0);
    if (e >= w) return;
    uint votes[256];
    for (int i = 0; i < 256; ++i) votes[i] = 0;
    for (long other = 0; other < w; ++other) {
        if (other == e) continue;
        const long mx = min(other, e), my = max(other, e);
        if (mx >= mw || my >= mh || !((float)matrix[mx + mw * my] > 0)) continue;
        const long index = clamp(other + correction, 0L, w - 1);
        const float v = (float)values[index];
        if (!(v > -1.0f && v < 256.0f)) continue;
        votes[(int)v]++;
    }
    uint best = 0;
    int best_value = 0;
    for (int i = 0; i < 256; ++i)
        if (votes[i] > best) {
            best = votes[i];
            best_value = i;
        }
    dst[e] = (float)best_value;
}
#endif

// ---- label_mesh_ops.cpp: touch counts, index lists, matrices ----

#ifdef LBL_T
// CLIJ2's touch count matrix: counts[lo + n * hi] += 1 for every two face-neighbouring pixels
// ((x, x+1), (y, y+1), (z, z+1)) of different ids lo < hi (background = id 0); n = largest id + 1.
// Zeroed by the host; 32-bit atomic counts in the destination's buffer (converted to float in
// place by uint_to_float).
__kernel void touch_count_matrix(__global const LBL_T* labels, long width, long height, long depth,
                                 volatile __global uint* counts, ulong n) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint l = convert_uint_sat(labels[i]);
    uint other[3];
    const int count = forward_face_neighbours(labels, i, x, y, z, width, height, depth, other);
    for (int k = 0; k < count; ++k) {
        const uint m = other[k];
        if (m == l) continue;
        const ulong lo = min(l, m), hi = max(l, m);
        if (hi < n) atomic_inc(&counts[lo + n * hi]);
    }
}
#endif

// Converts uint counts to float in place, entry by entry.
__kernel void uint_to_float(__global uint* values, ulong count) {
    const ulong i = get_global_id(0);
    if (i < count) {
        const uint v = values[i];
        ((__global float*)values)[i] = (float)v;
    }
}

#if defined(SRC_T) && defined(DST_T)
// adjacencyMatrixToTouchMatrix: dst(x, y, z) = 1 where x < y and (src(x, y, z) != 0 or src(y, x, z)
// != 0), else 0; every plane of a w x h matrix, a mirror entry outside it counting as 0.
__kernel void adjacency_to_touch(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long plane = w * h * z;
    const int mirror = y < w && x < h && (float)src[plane + y + w * x] != 0;
    const int set = x < y && ((float)src[plane + x + w * y] != 0 || mirror);
    dst[plane + x + w * y] = set ? CONVERT_DST(1.0f) : CONVERT_DST(0.0f);
}
#endif

#ifdef IDX_T
// pointIndexListToTouchMatrix: for column p of the index list (w x rows, plane 0) and each entry v
// (v < 0 or NaN: none), the point b = v - 1; b != p marks matrix (min(p, b) + 1, max(p, b) + 1),
// computed in float and truncated toward zero as CLIJ2's kernel does; positions outside the n x n
// matrix are skipped. The matrix is zeroed by the host; every writer writes 1.
__kernel void index_list_to_touch(__global const IDX_T* idx, long w, long rows, __global float* matrix, long n) {
    const long p = get_global_id(0);
    if (p >= w) return;
    const float pf = (float)p;
    for (long r = 0; r < rows; ++r) {
        const float v = (float)idx[p + w * r];
        if (!(v >= 0)) continue;
        const float b = v - 1;
        if (pf == b) continue;
        const float fx = (pf > b ? b : pf) + 1, fy = (pf > b ? pf : b) + 1;
        if (!(fx >= 0 && fy >= 0 && fx < (float)n && fy < (float)n)) continue;
        matrix[(long)fx + n * (long)fy] = 1.0f;
    }
}
#endif

#if defined(M1_T) && defined(M2_T)
// multiplyMatrix: dst(x, y) = sum over i < w1 of m1(i, y) * m2(x, i), in float in order of i
// (CLIJ2's multiply_matrix kernel); dst is w2 x h1, plane 0 of each matrix; a row i beyond
// matrix2's height h2 reads its last row (CLIJ2's clamped reads).
__kernel void multiply_matrix(__global const M1_T* m1, long w1, __global const M2_T* m2, long w2, long h2,
                              __global float* dst, long h1) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w2 || y >= h1) return;
    float sum = 0;
    for (long i = 0; i < w1; ++i) sum = sum + (float)m1[i + w1 * y] * (float)m2[x + w2 * min(i, h2 - 1)];
    dst[x + w2 * y] = sum;
}
#endif

#ifdef MAT_T
// shortestDistances: for column x of the matrix (w x h, plane 0), the smallest entry of rows 1 ..
// h-1 that is greater than -1 (CLIJ2's minimumZProjectionThresholdedBounded of the YZ-transposed
// matrix from plane 1 with threshold -1); 0 where none is.
__kernel void shortest_distances(__global const MAT_T* m, long w, long h, __global float* dst) {
    const long x = get_global_id(0);
    if (x >= w) return;
    float best = 0;
    int found = 0;
    for (long y = 1; y < h; ++y) {
        const float v = (float)m[x + w * y];
        if (-1.0f < v && (!found || v < best)) {
            best = v;
            found = 1;
        }
    }
    dst[x] = best;
}

// nClosestPoints / nClosestDistances: for column x of the matrix (w x h, plane 0), the k smallest
// entries in ascending order, equal entries by ascending row (the first row wins a tie, as CLIJ2's
// insertion keeps it), NaN entries never chosen: distances[x + w * r] = the entry of rank r,
// indices[x + w * r] = its row. Ranks beyond the column's entries are 0 in both. Rank r is the
// smallest (value, row) pair after rank r - 1's, so no per-item array is needed.
__kernel void n_closest(__global const MAT_T* m, long w, long h, long k, __global float* distances,
                        __global float* indices) {
    const long x = get_global_id(0);
    if (x >= w) return;
    float prev_v = 0;
    long prev_y = -1;
    for (long r = 0; r < k; ++r) {
        float best_v = 0;
        long best_y = -1;
        for (long y = 0; y < h; ++y) {
#if N_CLOSEST_ROWS
            const float v = (float)m[y + w * x];  // a symmetric matrix: row x is column x, read contiguously
#else
            const float v = (float)m[x + w * y];
#endif
            if (v != v) continue;
            if (prev_y >= 0 && (v < prev_v || (v == prev_v && y <= prev_y))) continue;
            if (best_y < 0 || v < best_v) {
                best_v = v;
                best_y = y;
            }
        }
        distances[x + w * r] = best_y < 0 ? 0.0f : best_v;
        indices[x + w * r] = best_y < 0 ? 0.0f : (float)best_y;
        if (best_y < 0) {
            prev_y = h;  // nothing left: the remaining ranks stay 0
            prev_v = INFINITY;
        } else {
            prev_v = best_v;
            prev_y = best_y;
        }
    }
}
#endif

// drawDistanceMeshBetweenTouchingLabels: the touch matrix times the distance matrix, entry by entry.
__kernel void multiply_entries(__global const float* a, __global const float* b, __global float* out, ulong count) {
    const ulong i = get_global_id(0);
    if (i < count) out[i] = a[i] * b[i];
}

// drawMeshBetweenNNearestLabels: the diagonal, row 0 and column 0 of an n x n matrix set to the
// largest float (CLIJ2 Java's setWhereXequalsY, setRow and setColumn with Float.MAX_VALUE).
__kernel void exclude_self_and_background(__global float* m, long n) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= n || y >= n) return;
    if (x == y || x == 0 || y == 0) m[x + n * y] = FLT_MAX;
}

// meanClosestSpotDistance: for spot i of list a (na points, `dims` coordinates each, point-major),
// the smallest Euclidean distance to a spot of list b (nb points), each distance as CLIJ2's
// generateDistanceMatrix computes it (float differences squared by pow and summed in dimension
// order, then sqrt). nb = 0 gives 0 (CLIJ2's thresholded minimum over no row).
__kernel void closest_spot(__global const float* a, ulong na, __global const float* b, ulong nb, int dims,
                           __global float* out) {
    const ulong i = get_global_id(0);
    if (i >= na) return;
    float best = 0;
    for (ulong j = 0; j < nb; ++j) {
        float sum = 0;
        for (int k = 0; k < dims; ++k) sum = sum + pow(a[dims * i + k] - b[dims * j + k], 2.0f);
        const float d = sqrt(sum);
        if (j == 0 || d < best) best = d;
    }
    out[i] = best;
}
