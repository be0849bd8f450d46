// Connected-component labelling by union-find on the GPU (native/src/ops/labeling_ops.cpp).
//
// After Playne & Hawick, "A new algorithm for parallel connected-component labelling on GPUs",
// IEEE TPDS 29(6), 2018: every foreground pixel holds the linear index of a parent pixel of its
// own component (P); parents always have a smaller index, so each tree's root is the smallest
// index, i.e. the component's first pixel in raster order. Unions link the larger root under the
// smaller with atomic_min and retry when another work item got there first. Then every pixel is
// pointed straight at its root, roots are numbered in index order with a two-level prefix sum,
// and every pixel takes its root's number.
//
// Background pixels hold CCL_BACKGROUND in P. Indices are uint (the host refuses images of
// 2^32 - 1 pixels or more).

#define CCL_BACKGROUND 0xFFFFFFFFu

inline uint ccl_find_root(volatile __global uint* parent, uint a) {
    uint p = parent[a];
    while (p != a) {
        a = p;
        p = parent[a];
    }
    return a;
}

inline void ccl_union(volatile __global uint* parent, uint a, uint b) {
    for (;;) {
        a = ccl_find_root(parent, a);
        b = ccl_find_root(parent, b);
        if (a == b) return;
        if (a < b) {
            const uint t = a;
            a = b;
            b = t;
        }
        // a > b: make b the parent of root a, unless a got a parent in the meantime.
        const uint old = atomic_min(&parent[a], b);
        if (old == a) return;
        // a was no longer a root (its parent was old); atomic_min may have replaced that link by
        // b, so old and b still have to be joined.
        a = old;
    }
}

// One work item per row (y, z): each foreground pixel's parent is the first pixel of its run
// along x (runs are joined without any atomics; the start of a run is its smallest index).
__kernel void ccl_init_runs(__global const SRC_T* src, __global uint* parent,
                            long width, long height, long depth) {
    const long y = get_global_id(0);
    const long z = get_global_id(1);
    if (y >= height || z >= depth) return;
    const long row = width * (y + height * z);
    uint run_start = CCL_BACKGROUND;
    for (long x = 0; x < width; ++x) {
        const long i = row + x;
        if (src[i] != 0) {
            if (run_start == CCL_BACKGROUND) run_start = (uint)i;
            parent[i] = run_start;
        } else {
            run_start = CCL_BACKGROUND;
            parent[i] = CCL_BACKGROUND;
        }
    }
}

#ifndef CCL_DIAMOND
#define CCL_DIAMOND 0
#endif

// labelSpots: every non-zero pixel is its own component (its own root).
__kernel void ccl_init_spots(__global const SRC_T* src, __global uint* parent, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    parent[i] = src[i] != 0 ? (uint)i : CCL_BACKGROUND;
}

// Joins each foreground pixel with its foreground neighbours of the previous row and (in 3D)
// the previous plane: with the runs along x this covers the 8- (2D) or 26-neighbourhood (3D).
// A pixel whose left neighbour is foreground skips the neighbours that one already joined.
__kernel void ccl_merge(__global const SRC_T* src, volatile __global uint* parent,
                        long width, long height, long depth) {
    const long x = get_global_id(0);
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    if (src[i] == 0) return;
#if CCL_DIAMOND
    // 4- (2D) / 6-connectivity (3D): only the pixel above and the one in the previous plane.
    if (y > 0 && src[i - width] != 0) ccl_union(parent, (uint)i, (uint)(i - width));
    if (z > 0 && src[i - width * height] != 0) ccl_union(parent, (uint)i, (uint)(i - width * height));
    return;
#endif
    const long first_dx = (x > 0 && src[i - 1] != 0) ? 1 : -1;
    for (long dz = (z > 0 && depth > 1) ? -1 : 0; dz <= 0; ++dz) {
        for (long dy = -1; dy <= (dz < 0 ? 1 : -1); ++dy) {
            const long yy = y + dy;
            if (yy < 0 || yy >= height) continue;
            for (long dx = first_dx; dx <= 1; ++dx) {
                const long xx = x + dx;
                if (xx < 0 || xx >= width) continue;
                const long j = xx + width * (yy + height * (z + dz));
                if (src[j] != 0) ccl_union(parent, (uint)i, (uint)j);
            }
        }
    }
}

// Points every foreground pixel straight at its root.
__kernel void ccl_compress(volatile __global uint* parent, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    if (parent[i] != CCL_BACKGROUND) parent[i] = ccl_find_root(parent, (uint)i);
}

// Block b covers pixels [b*L*K, (b+1)*L*K); work item l of the block covers the K pixels from
// b*L*K + l*K. Returns how many roots (parent[i] == i) the work item's pixels hold.
inline uint ccl_count_own_roots(__global const uint* parent, long n, long per_item) {
    const long start = get_group_id(0) * get_local_size(0) * per_item + get_local_id(0) * per_item;
    const long end = min(start + per_item, n);
    uint count = 0;
    for (long i = start; i < end; ++i) count += parent[i] == (uint)i;
    return count;
}

// counts[b] = number of roots in block b.
__kernel void ccl_count_roots(__global const uint* parent, long n, long per_item,
                              __global uint* counts, __local uint* scratch) {
    const uint l = get_local_id(0);
    scratch[l] = ccl_count_own_roots(parent, n, per_item);
    barrier(CLK_LOCAL_MEM_FENCE);
    for (uint s = get_local_size(0) / 2; s > 0; s >>= 1) {
        if (l < s) scratch[l] += scratch[l + s];
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (l == 0) counts[get_group_id(0)] = scratch[0];
}

// Numbers the roots: labels[root] = offsets[b] + (roots before it in block b) + 1, where
// offsets[b] is the number of roots in blocks before b (computed on the host).
__kernel void ccl_label_roots(__global const uint* parent, long n, long per_item,
                              __global const uint* offsets, __global uint* labels,
                              __local uint* scratch) {
    const uint l = get_local_id(0);
    const uint own = ccl_count_own_roots(parent, n, per_item);
    scratch[l] = own;
    barrier(CLK_LOCAL_MEM_FENCE);
    // Inclusive prefix sum over the work items (Hillis and Steele).
    for (uint s = 1; s < get_local_size(0); s <<= 1) {
        const uint add = l >= s ? scratch[l - s] : 0;
        barrier(CLK_LOCAL_MEM_FENCE);
        scratch[l] += add;
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    uint next = offsets[get_group_id(0)] + scratch[l] - own + 1;
    const long start = get_group_id(0) * get_local_size(0) * per_item + l * per_item;
    const long end = min(start + per_item, n);
    for (long i = start; i < end; ++i)
        if (parent[i] == (uint)i) labels[i] = next++;
}

// Every other pixel takes its root's label; background becomes 0.
__kernel void ccl_gather(__global const uint* parent, __global uint* labels, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uint p = parent[i];
    if (p == CCL_BACKGROUND) labels[i] = 0;
    else if (p != (uint)i) labels[i] = labels[p];
}
