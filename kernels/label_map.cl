// Parametric label maps (native/src/ops/label_map_ops.cpp): the second pass over the pixels of a
// label image (squared deviations from each label's mean intensity, distances to each label's
// centroid) and the write-back of one value per label to every pixel of the label.
//
// Labels are the label image's values as uint (float ids truncated); 0 is background. The host
// gives n_labels = largest id + 1, and every per-label array has n_labels entries.

// The label deviations are summed in double by 64-bit compare-and-swap: label_deviations exists
// only on devices with cl_khr_fp64 and cl_khr_int64_base_atomics (the host refuses the maps that
// need it elsewhere); the write-back kernels below need neither.
#if IJCL_HAS_DOUBLE && IJCL_HAS_INT64_ATOMICS
inline void ijcl_atomic_add_double_lm(volatile __global ulong* target, double v) {
    ulong old = *target;
    ulong assumed;
    do {
        assumed = old;
        old = atom_cmpxchg(target, assumed, as_ulong(as_double(assumed) + v));
    } while (old != assumed);
}

// Work item (i, y, z) walks pixels x = i*chunk .. i*chunk+chunk-1 of row (y, z), sums runs of
// equal labels privately and adds each run to its label with atomics. NEED_SQUARES: the sum of
// (intensity - means[label])^2 into squares (double bits). NEED_DISTANCES: the sum of the
// Euclidean distances of the pixel positions (x, y, z in pixels) to centroids[3*label ..] into
// distance_sums (double bits) and their maximum into distance_max (the bits of a non-negative
// float, which order as uints).
#if defined(SRC_T) && defined(LBL_T)
__kernel void label_deviations(__global const SRC_T* intensity, __global const LBL_T* labels,
                               long width, long height, long depth, long chunk, ulong n_labels,
                               __global const double* means, __global const double* centroids,
                               volatile __global ulong* squares, volatile __global ulong* distance_sums,
                               volatile __global uint* distance_max) {
    const long start = get_global_id(0) * chunk;
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (start >= width || y >= height || z >= depth) return;
    const long end = min(start + chunk, width);
    const long row = width * (y + height * z);

    uint label = 0;
    double sq = 0, dsum = 0;
    float dmax = 0;
    for (long x = start; x <= end; ++x) {
        const uint l = x < end ? convert_uint_sat(labels[row + x]) : 0u;
        if (x == end || l != label) {
            if (label != 0 && label < n_labels) {
#if NEED_SQUARES
                ijcl_atomic_add_double_lm(&squares[label], sq);
#endif
#if NEED_DISTANCES
                ijcl_atomic_add_double_lm(&distance_sums[label], dsum);
                atomic_max(&distance_max[label], as_uint(dmax));
#endif
            }
            label = l;
            sq = 0; dsum = 0; dmax = 0;
        }
        if (x == end || l == 0 || l >= n_labels) continue;
#if NEED_SQUARES
        const double dv = (double)intensity[row + x] - means[l];
        sq += dv * dv;
#endif
#if NEED_DISTANCES
        const double dx = (double)x - centroids[3 * l];
        const double dy = (double)y - centroids[3 * l + 1];
        const double dz = (double)z - centroids[3 * l + 2];
        const double d = sqrt(dx * dx + dy * dy + dz * dz);
        dsum += d;
        dmax = fmax(dmax, (float)d);
#endif
    }
}

#endif
#endif  // IJCL_HAS_DOUBLE && IJCL_HAS_INT64_ATOMICS

// dst[i] = values[label of pixel i] (0 for background and for ids >= n_values). One work item
// per pixel.
#ifdef LBL_T
__kernel void replace_by_label(__global const LBL_T* labels, __global const float* values,
                               __global float* dst, long n, ulong n_values) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uint l = convert_uint_sat(labels[i]);
    dst[i] = (l == 0 || l >= n_values) ? 0.0f : values[l];
}
#endif

#if defined(SRC_T) && defined(VEC_T) && defined(DST_T)
// CLIJ2's replaceIntensities: dst[i] = vec[index], index = src[i] truncated toward zero and
// clamped to 0 .. vec_width - 1 (CLIJ2's clamped read; NaN reads entry 0); the vector is row 0 of
// plane 0 of its image. Stored with ijcl's conversion (CONVERT_DST). One work item per pixel.
__kernel void replace_intensities(__global const SRC_T* src, __global const VEC_T* vec, long vec_width,
                                  __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
#if SRC_IS_FLOAT
    const float v = src[i];
    long index = v >= 1.0f ? (long)fmin(v, (float)(vec_width - 1)) : 0;
    if (index > vec_width - 1) index = vec_width - 1;
#else
    const long index = (long)min((ulong)src[i], (ulong)(vec_width - 1));  // exact for every id
#endif
    dst[i] = CONVERT_DST((float)vec[index]);
}
#endif
