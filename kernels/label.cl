// Label image basics (native/src/ops/label_ops.cpp): renumbering by a lookup table, growing labels
// into background (Voronoi labelings, dilateLabels), label masks.
//
// Label ids are read as uint (float ids truncated toward zero, negative ones and NaN read as 0)
// and written back exactly: uint32 destinations hold every id, uint8/uint16 ones saturate, float
// ones round to the nearest float (exact below 2^24).

#ifdef LBL_T
inline uint label_id(LBL_T v) {
#if LBL_IS_FLOAT
    return (v >= 1.0f) ? convert_uint_sat_rtz(v) : 0u;
#else
    return (uint)v;
#endif
}
#endif

#ifdef DST_T
inline DST_T label_out(uint id) {
#if DST_IS_FLOAT
    return (DST_T)id;
#else
    return (DST_T)min((ulong)id, (1ul << (8 * sizeof(DST_T))) - 1);  // saturates uint8/uint16
#endif
}
#endif

#if defined(LBL_T) && defined(DST_T)
// dst[i] = map[id of pixel i], ids >= n_map (never produced by the host, which sizes the map to
// the largest id + 1) read as 0. One work item per pixel.
__kernel void relabel_by_map(__global const LBL_T* labels, __global const uint* map, ulong n_map,
                             __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uint l = label_id(labels[i]);
    dst[i] = label_out(l < n_map ? map[l] : 0u);
}

// Copies a label image into a uint32 work image (ids as label_id reads them).
__kernel void labels_to_uint(__global const LBL_T* labels, __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = label_out(label_id(labels[i]));
}

// labelToMask: dst = 1 where the id equals `id`, else 0 (binary uint8). maskLabel uses
// mask_label below.
__kernel void label_to_mask(__global const LBL_T* labels, uint id, __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = (DST_T)(label_id(labels[i]) == id ? 1 : 0);
}
#endif

#if defined(SRC_T) && defined(LBL_T) && defined(DST_T)
// maskLabel: dst = src where the label id equals `id`, else 0 (the source's type, copied exactly).
__kernel void mask_label(__global const SRC_T* src, __global const LBL_T* labels, uint id,
                         __global DST_T* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = label_id(labels[i]) == id ? (DST_T)src[i] : (DST_T)0;
}
#endif

// One growth step on uint32 labels: a pixel that is 0 (and, with HAS_MASK, whose mask pixel is
// not 0) takes the largest id among its neighbours inside the image (and the mask): the 3 x 3 (x 3) box when
// `diamond` is 0, the 4 (6 in a stack) face neighbours when it is 1; a 2D image (depth 1) has no
// neighbours in z. Other pixels are copied (with HAS_MASK: set to 0 outside the mask). *changed is set to 1 when any pixel changed. Pixels
// outside the mask never receive an id, so they never pass one on. CLIJ2's
// onlyzero_overwrite_maximum_box/diamond kernels, which its Voronoi labelings alternate.
#ifndef HAS_MASK
#define HAS_MASK 0
#endif
#if HAS_MASK
#define MASK_ARG , __global const MSK_T* mask
#else
#define MASK_ARG
#endif
__kernel void grow_labels(__global const uint* src MASK_ARG, __global uint* dst, long width,
                          long height, long depth, int diamond, volatile __global uint* changed) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint v = src[i];
#if HAS_MASK
    if (mask[i] == 0) {  // outside the mask: never a label
        dst[i] = 0;
        return;
    }
#endif
    if (v != 0) {
        dst[i] = v;
        return;
    }
    uint m = 0;
    const long rz = depth > 1 ? 1 : 0;
    for (long dz = -rz; dz <= rz; ++dz) {
        const long zz = z + dz;
        if (zz < 0 || zz >= depth) continue;
        for (long dy = -1; dy <= 1; ++dy) {
            const long yy = y + dy;
            if (yy < 0 || yy >= height) continue;
            for (long dx = -1; dx <= 1; ++dx) {
                const long xx = x + dx;
                if (xx < 0 || xx >= width) continue;
                const long manhattan = (dx != 0) + (dy != 0) + (dz != 0);
                if (manhattan == 0 || (diamond && manhattan > 1)) continue;
                const long j = xx + width * (yy + height * zz);
#if HAS_MASK
                if (mask[j] == 0) continue;  // seeds outside the mask are not passed on
#endif
                m = max(m, src[j]);
            }
        }
    }
    dst[i] = m;
    if (m != 0) *changed = 1u;
}

#if defined(LBL_T) && defined(DST_T)
// detectLabelEdges (KEEP_LABEL 0): 1 where a face neighbour inside the image (4 in 2D, 6 in a
// stack) holds another id, else 0, background pixels included; reduceLabelsToLabelEdges
// (KEEP_LABEL 1): the pixel's own id there, else 0. Ids compared as label_id reads them. CLIJ2's
// detect_label_edges_diamond_2d/3d kernels (their clamped reads repeat the pixel itself).
__kernel void label_edges(__global const LBL_T* labels, __global DST_T* dst, long width, long height,
                          long depth) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint c = label_id(labels[i]);
    const long plane = width * height;
    bool edge = (x > 0 && label_id(labels[i - 1]) != c) || (x + 1 < width && label_id(labels[i + 1]) != c) ||
                (y > 0 && label_id(labels[i - width]) != c) ||
                (y + 1 < height && label_id(labels[i + width]) != c) ||
                (z > 0 && label_id(labels[i - plane]) != c) || (z + 1 < depth && label_id(labels[i + plane]) != c);
#if KEEP_LABEL
    dst[i] = label_out(edge ? c : 0u);
#else
    dst[i] = (DST_T)(edge ? 1 : 0);
#endif
}
#endif
