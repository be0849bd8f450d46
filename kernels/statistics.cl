// Per-label statistics by pixel-parallel atomic accumulation (native/src/ops/measurement_ops.cpp).
//
// Work item (i, y, z) walks the CHUNK pixels x = i*chunk .. i*chunk+chunk-1 of row (y, z), sums
// runs of equal labels privately and adds each run to its label's accumulators with atomics
// (so a label's atomics scale with its number of row runs, not its pixels). Label 0 is
// background and skipped. Labels are the label image's values as uint (float labels are
// truncated; the host makes sure every label is below n_labels).
//
// Accumulators per label: count (ulong), intensity sum (ulong for integer pixels, the bits of a
// double for float pixels, added by compare-and-swap), intensity min/max (uint; for float
// pixels an order-preserving encoding of the float's bits; NaN is left out), sums of x, y, z
// (ulong) and the bounding box (uint min/max per axis, 3 entries per label).
// The 64-bit integer sums use ijcl_atomic_add_u64 (kernels/preamble.cl: one 64-bit atomic, or two
// 32-bit ones on devices without cl_khr_int64_base_atomics). Float intensities are summed in
// double by 64-bit compare-and-swap: they need cl_khr_fp64 and cl_khr_int64_base_atomics (checked
// on the host).
// NEED_SUMS, NEED_MINMAX, NEED_POSITIONS, NEED_BOX (0/1, default 1) leave out accumulators the
// caller does not read (the parametric maps of label_map_ops.cpp); their buffers are then
// placeholders that are never touched.
#ifndef NEED_SUMS
#define NEED_SUMS 1
#endif
#ifndef NEED_MINMAX
#define NEED_MINMAX 1
#endif
#ifndef NEED_POSITIONS
#define NEED_POSITIONS 1
#endif
#ifndef NEED_BOX
#define NEED_BOX 1
#endif
// LABEL_MODE: which pixels form which label (the one declaration behind statisticsOfLabelledPixels,
// statisticsOfBackgroundAndLabelledPixels and statisticsOfImage). 0: the label image's ids, 0 =
// background left out; 1: id + 1 for every pixel (background becomes slot 1, label l slot l + 1);
// 2: every pixel is slot 1 (the whole image; the label image is not read).
#ifndef LABEL_MODE
#define LABEL_MODE 0
#endif
#if LABEL_MODE == 2
#define IJCL_SLOT(labels, i) 1u
#elif LABEL_MODE == 1
#define IJCL_SLOT(labels, i) (convert_uint_sat(labels[i]) + 1u)
#else
#define IJCL_SLOT(labels, i) convert_uint_sat(labels[i])
#endif

// Maps a float to a uint whose unsigned order is the float's order.
inline uint ijcl_ordered_bits(float v) {
    const uint b = as_uint(v);
    return (b & 0x80000000u) ? ~b : (b | 0x80000000u);
}

#if SRC_IS_FLOAT && NEED_SUMS
typedef double fsum_t;  // float intensities are summed in double
#else
typedef float fsum_t;   // unused for integer intensities (which are summed exactly in ulong)
#endif

#if SRC_IS_FLOAT && NEED_SUMS
#if !IJCL_HAS_DOUBLE || !IJCL_HAS_INT64_ATOMICS
#error "float intensities need cl_khr_fp64 and cl_khr_int64_base_atomics"
#endif
inline void ijcl_atomic_add_double(volatile __global ulong* target, double v) {
    ulong old = *target;
    ulong assumed;
    do {
        assumed = old;
        old = atom_cmpxchg(target, assumed, as_ulong(as_double(assumed) + v));
    } while (old != assumed);
}
#endif

inline void flush_run(uint label, ulong count, fsum_t sum_f, ulong sum_i, uint vmin, uint vmax,
                      ulong sum_x, long x0, long x1, long y, long z,
                      volatile __global ulong* counts, volatile __global ulong* sums,
                      volatile __global uint* minima, volatile __global uint* maxima,
                      volatile __global ulong* sums_xyz, volatile __global uint* box_min,
                      volatile __global uint* box_max) {
    if (label == 0 || count == 0) return;
    ijcl_atomic_add_u64(&counts[label], count);
#if NEED_SUMS
#if SRC_IS_FLOAT
    ijcl_atomic_add_double(&sums[label], sum_f);
#else
    ijcl_atomic_add_u64(&sums[label], sum_i);
#endif
#endif
#if NEED_MINMAX
    if (vmin <= vmax) {  // false when every value of the run was NaN
        atomic_min(&minima[label], vmin);
        atomic_max(&maxima[label], vmax);
    }
#endif
#if NEED_POSITIONS
    ijcl_atomic_add_u64(&sums_xyz[3 * label], sum_x);
    ijcl_atomic_add_u64(&sums_xyz[3 * label + 1], count * (ulong)y);
    ijcl_atomic_add_u64(&sums_xyz[3 * label + 2], count * (ulong)z);
#endif
#if NEED_BOX
    atomic_min(&box_min[3 * label], (uint)x0);
    atomic_max(&box_max[3 * label], (uint)x1);
    atomic_min(&box_min[3 * label + 1], (uint)y);
    atomic_max(&box_max[3 * label + 1], (uint)y);
    atomic_min(&box_min[3 * label + 2], (uint)z);
    atomic_max(&box_max[3 * label + 2], (uint)z);
#endif
}

__kernel void accumulate_label_statistics(
    __global const SRC_T* intensity, __global const LBL_T* labels, long width, long height,
    long depth, long chunk, volatile __global ulong* counts, volatile __global ulong* sums,
    volatile __global uint* minima, volatile __global uint* maxima,
    volatile __global ulong* sums_xyz, volatile __global uint* box_min,
    volatile __global uint* box_max) {
    const long start = get_global_id(0) * chunk;
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (start >= width || y >= height || z >= depth) return;
    const long end = min(start + chunk, width);
    const long row = width * (y + height * z);

    uint label = 0;
    ulong count = 0, sum_i = 0, sum_x = 0;
    fsum_t sum_f = 0;
    uint vmin = 0xFFFFFFFFu, vmax = 0;
    long x0 = start;
    for (long x = start; x < end; ++x) {
        const uint l = IJCL_SLOT(labels, row + x);
        if (l != label) {
            flush_run(label, count, sum_f, sum_i, vmin, vmax, sum_x, x0, x - 1, y, z, counts,
                      sums, minima, maxima, sums_xyz, box_min, box_max);
            label = l;
            count = 0; sum_i = 0; sum_x = 0; sum_f = 0;
            vmin = 0xFFFFFFFFu; vmax = 0;
            x0 = x;
        }
        if (l == 0) continue;
        const SRC_T v = intensity[row + x];
        ++count;
        sum_x += (ulong)x;
#if SRC_IS_FLOAT
#if NEED_SUMS
        sum_f += (fsum_t)v;
#endif
        if (v == v) {
            const uint key = ijcl_ordered_bits(v);
            vmin = min(vmin, key);
            vmax = max(vmax, key);
        }
#else
        sum_i += (ulong)v;
        vmin = min(vmin, (uint)v);
        vmax = max(vmax, (uint)v);
#endif
    }
    flush_run(label, count, sum_f, sum_i, vmin, vmax, sum_x, x0, end - 1, y, z, counts, sums,
              minima, maxima, sums_xyz, box_min, box_max);
}
