// Label neighbourhoods (native/src/ops/label_graph_ops.cpp, label_map_ops.cpp): the touch matrix,
// overlap counts between two label images without a dense overlap matrix, proximal-neighbour
// counts from centroids without a dense distance matrix.
//
// Labels are the label images' values as uint (float ids truncated); 0 is background.

#pragma OPENCL EXTENSION cl_khr_int64_base_atomics : enable

#ifdef LBL_T
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
    int count = 0;
    if (x + 1 < width) other[count++] = convert_uint_sat(labels[i + 1]);
    if (y + 1 < height) other[count++] = convert_uint_sat(labels[i + width]);
    if (z + 1 < depth) other[count++] = convert_uint_sat(labels[i + width * height]);
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
