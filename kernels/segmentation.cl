// Segmentation and binary-shape kernels (native/src/ops/segmentation_ops.cpp): CLIJ2's Gaussian,
// maximum detection and histogram as voronoiOtsuLabeling runs them, flood filling, edges, label
// erosion, overlap counting and outline drawing. Every kernel guards its ids; neighbour reads are
// clamped or skipped at the image border (noted per kernel).

inline long seg_clamp(long v, long size) { return v < 0 ? 0 : (v >= size ? size - 1 : v); }

#ifdef SRC_T
// One pass of CLIJ2's separable Gaussian (its gaussian_blur_separable kernel, as CLIJ2's
// GaussianBlur runs it): along axis `dim`, n_taps = N taps (N odd), weights exp(v^2 / (-2 s^2))
// in float, summed and normalised in float, reads clamped to the edge. Output float. One tap
// (sigma below 1/8) is a copy.
__kernel void clij2_gaussian_pass(__global const SRC_T* src, __global float* dst, long width, long height,
                                  long depth, int dim, int n_taps, float s) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    if (n_taps <= 1) {  // sigma 0: CLIJ2 copies (its one-tap kernel would divide 0 by -0)
        dst[x + width * (y + height * z)] = (float)src[x + width * (y + height * z)];
        return;
    }
    const int c = (n_taps - 1) / 2;
    const float n = -2 * s * s;
    float res = 0;
    float hsum = 0;
    for (int v = -c; v <= c; v++) {
        const float h = exp((v * v) / n);
        long xx = x, yy = y, zz = z;
        if (dim == 0) xx = seg_clamp(x + v, width);
        else if (dim == 1) yy = seg_clamp(y + v, height);
        else zz = seg_clamp(z + v, depth);
        res += h * (float)src[xx + width * (yy + height * zz)];
        hsum += h;
    }
    res /= hsum;
    dst[x + width * (y + height * z)] = res;
}
#endif

// CLIJ2's detect_maxima_2d/3d kernels (radius 1): the neighbourhood is scanned x outermost, then
// y, then z, with reads clamped to the edge; the running maximum starts at the centre value - 1
// and is replaced only by strictly larger values, remembering the (unclamped) position. The pixel
// is a maximum (1) when that position is its own. So of equal values the first in scan order
// wins, and the first column/row (and plane, in 3D) is never marked (their clamped reads repeat
// the pixel under an earlier position). `three_d` = 0 for a single plane (3 x 3 scan).
__kernel void clij2_maxima(__global const float* src, __global uchar* dst, long width, long height, long depth,
                           int three_d) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    float local_max = src[i] - 1;
    int bx = 0, by = 0, bz = 0;
    const int rz = three_d ? 1 : 0;
    for (int dx = -1; dx <= 1; dx++)
        for (int dy = -1; dy <= 1; dy++)
            for (int dz = -rz; dz <= rz; dz++) {
                const long xx = seg_clamp(x + dx, width), yy = seg_clamp(y + dy, height),
                           zz = seg_clamp(z + dz, depth);
                const float value = src[xx + width * (yy + height * zz)];
                if (value > local_max) {
                    local_max = value;
                    bx = dx;
                    by = dy;
                    bz = dz;
                }
            }
    dst[i] = (bx == 0 && by == 0 && bz == 0) ? 1 : 0;
}

// CLIJ2's 256-bin histogram of a float image between mn and mx (its histogram kernel, as
// GetAutomaticThreshold runs it): bin = (uint)((v - mn) * 255 / (mx - mn) + 0.5), the quotient in
// float and the half added exactly (CLIJ2 adds a double 0.5), saturated into 0..255 (NaN: bin 0).
// Grid-stride loop; counts as 32-bit atomics (images below 2^32 pixels).
__kernel void clij2_histogram(__global const float* src, long n, float mn, float mx, volatile __global uint* bins) {
    const float range = mx - mn;
    for (long i = get_global_id(0); i < n; i += get_global_size(0)) {
        const float f = ((src[i] - mn) * 255.0f) / range;
        uint b = 0;
        if (f >= 255.0f) {
            b = 255;
        } else if (f > 0.0f) {  // false for NaN
            const float g = floor(f);
            b = (uint)g + ((f - g) >= 0.5f ? 1u : 0u);
        }
        atomic_inc(&bins[b]);
    }
}

// dst = 1 where src >= t (CLIJ2's threshold), and spots_and = spots && dst (binaryAnd).
__kernel void threshold_and_spots(__global const float* src, float t, __global uchar* seg, __global uchar* spots,
                                  long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uchar s = src[i] >= t ? 1 : 0;
    seg[i] = s;
    spots[i] = (spots[i] != 0 && s) ? 1 : 0;
}

#ifdef SRC_T
// binaryEdgeDetection (CLIJ2's binary_edge_detection_2d/3d): 1 where the pixel is non-zero and one
// of its face neighbours inside the image (4 in 2D, 6 in a stack) is 0; else 0. CLIJ2's clamped
// reads outside the image repeat the pixel itself, which is non-zero there: the same as skipping.
__kernel void binary_edges(__global const SRC_T* src, __global uchar* dst, long width, long height, long depth) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const long plane = width * height;
    uchar out = 0;
    if (src[i] != 0) {
        out = (x > 0 && src[i - 1] == 0) || (x + 1 < width && src[i + 1] == 0) ||
              (y > 0 && src[i - width] == 0) || (y + 1 < height && src[i + width] == 0) ||
              (z > 0 && src[i - plane] == 0) || (z + 1 < depth && src[i + plane] == 0);
    }
    dst[i] = out;
}

// Flood fill, step 1: which pixels may be replaced (1: the value equals `from`, compared in float
// as CLIJ2 does) and which are seeds (2: the value equals `to` and differs from `from`); 0 else.
// With FILL_HOLES the source is binary: replaceable = background (0), seeds = the image border's
// background pixels (CLIJ2 pads the image with a border of 2s).
__kernel void flood_classes(__global const SRC_T* src, __global uchar* cls, long width, long height, long depth,
                            float from, float to) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
#if FILL_HOLES
    cls[i] = src[i] == 0 ? 1 : 0;
#else
    const float v = (float)src[i];
    cls[i] = v == from ? 1 : (v == to ? 2 : 0);
#endif
}
#endif

// Flood fill, step 1b: a 0/1 image of the replaceable pixels (class 1), for labelling.
__kernel void flood_only_ones(__global const uchar* cls, __global uchar* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = cls[i] == 1 ? 1 : 0;
}

// Flood fill, step 2: flag (reached[id] = 1) every component of replaceable pixels (labels, from
// connectedComponentsLabelingDiamond of the class-1 pixels) that touches a seed: a face neighbour
// inside the image of class 2 (or, with FILL_HOLES, the component reaches the image border).
__kernel void flood_reach(__global const uchar* cls, __global const uint* labels, __global uchar* reached,
                          long width, long height, long depth) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    if (cls[i] != 1) return;
    const long plane = width * height;
#if FILL_HOLES
    const bool hit = x == 0 || y == 0 || x + 1 == width || y + 1 == height || (depth > 1 && (z == 0 || z + 1 == depth));
#else
    const bool hit = (x > 0 && cls[i - 1] == 2) || (x + 1 < width && cls[i + 1] == 2) ||
                     (y > 0 && cls[i - width] == 2) || (y + 1 < height && cls[i + width] == 2) ||
                     (z > 0 && cls[i - plane] == 2) || (z + 1 < depth && cls[i + plane] == 2);
#endif
    if (hit) reached[labels[i]] = 1;
}

#ifdef SRC_T
#ifdef DST_T
// Flood fill, step 3: floodFillDiamond writes `to` over the reached components and copies the rest;
// binaryFillHoles (FILL_HOLES) writes 1 for foreground and for background not reached, else 0.
__kernel void flood_write(__global const SRC_T* src, __global const uchar* cls, __global const uint* labels,
                          __global const uchar* reached, __global DST_T* dst, long n, float to) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const bool hit = cls[i] == 1 && reached[labels[i]] != 0;
#if FILL_HOLES
    dst[i] = (cls[i] != 1 || !hit) ? 1 : 0;
    (void)to;
#else
    dst[i] = hit ? CONVERT_DST(to) : src[i];
#endif
}
#endif
#endif

#ifdef LBL_T
inline uint seg_label(LBL_T v) {
#if LBL_IS_FLOAT
    return (v >= 1.0f) ? convert_uint_sat_rtz(v) : 0u;
#else
    return (uint)v;
#endif
}

// Whether a face neighbour inside the image (4 in 2D, 6 in a stack) of pixel i = (x, y, z) holds
// another id than c (CLIJ2's detectLabelEdges rule).
inline bool seg_on_label_edge(__global const LBL_T* labels, long i, uint c, long x, long y, long z, long width,
                              long height, long depth) {
    const long plane = width * height;
    return (x > 0 && seg_label(labels[i - 1]) != c) || (x + 1 < width && seg_label(labels[i + 1]) != c) ||
           (y > 0 && seg_label(labels[i - width]) != c) || (y + 1 < height && seg_label(labels[i + width]) != c) ||
           (z > 0 && seg_label(labels[i - plane]) != c) || (z + 1 < depth && seg_label(labels[i + plane]) != c);
}

// erodeLabels, step 1 (CLIJ2: detectLabelEdges, binaryNot, mask): a label pixel keeps its id when
// none of its face neighbours inside the image (4 in 2D, 6 in a stack) holds another id; else 0.
__kernel void label_interior(__global const LBL_T* labels, __global uint* dst, long width, long height, long depth) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint c = seg_label(labels[i]);
    const bool edge = seg_on_label_edge(labels, i, c, x, y, z, width, height, depth);
    dst[i] = edge ? 0u : c;
}
#endif

// erodeLabels, step 2: a minimum filter of radius 1 on uint32 labels, the 3 x 3 (x 3) box when
// `box` is 1, else the 4 (6 in a stack) face neighbours and the pixel (CLIJ2's minimum sphere of
// radius 1); neighbours outside the image are skipped (CLIJ2 clamps: the same minimum).
// *changed is set when a pixel changes.
__kernel void label_minimum(__global const uint* src, __global uint* dst, long width, long height, long depth, int box,
                            volatile __global uint* changed) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    uint m = src[x + width * (y + height * z)];
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
                if (!box && (dx != 0) + (dy != 0) + (dz != 0) > 1) continue;
                m = min(m, src[xx + width * (yy + height * zz)]);
            }
        }
    }
    const long i = x + width * (y + height * z);
    if (m != src[i]) *changed = 1u;
    dst[i] = m;
}

#if defined(SRC_T) && defined(SRC2_T)
// jaccardIndex family: per work item, the number of pixels where both images are non-zero
// (intersection) and where either is (union); grid-stride loop, one pair of 64-bit counts per item.
__kernel void overlap_counts(__global const SRC_T* a, __global const SRC2_T* b, long n, __global ulong* counts) {
    const long g = get_global_id(0);
    ulong both = 0, either = 0;
    for (long i = g; i < n; i += get_global_size(0)) {
        const bool p = a[i] != 0, q = b[i] != 0;
        both += (p && q) ? 1 : 0;
        either += (p || q) ? 1 : 0;
    }
    counts[2 * g] = both;
    counts[2 * g + 1] = either;
}
#endif

#if defined(LBL_T) && defined(LBL2_T)
inline uint seg_label2(LBL2_T v) {
#if LBL2_IS_FLOAT
    return (v >= 1.0f) ? convert_uint_sat_rtz(v) : 0u;
#else
    return (uint)v;
#endif
}
// generateBinaryOverlapMatrix / generateJaccardIndexMatrix: counts[l1 + width * l2] += 1 for the
// ids (l1, l2) of each pixel (ids past the matrix are skipped: the host sizes it to the largest
// ids + 1). BINARY writes 1 instead of counting.
__kernel void pair_counts(__global const LBL_T* l1, __global const LBL2_T* l2, long n, __global uint* counts,
                          ulong width, ulong height) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const ulong a = seg_label(l1[i]), b = seg_label2(l2[i]);
    if (a >= width || b >= height) return;
#if BINARY
    counts[a + width * b] = 1u;
#else
    atomic_inc(&counts[a + width * b]);
#endif
}
#endif

#if defined(SRC_T) && defined(LBL_T) && defined(DST_T)
// visualizeOutlinesOnOriginal: where a face neighbour inside the image holds another id (CLIJ2's
// detectLabelEdges), the outline value, else the pixel. The outline value is the image's maximum
// + 1 in the intensity's type (host: saturated for integer types, as CLIJ2's
// multiplyImageAndScalar stores it), never below a pixel, so CLIJ2's maximumImages gives it.
__kernel void outlines_on_original(__global const SRC_T* src, __global const LBL_T* labels, __global DST_T* dst,
                                   long width, long height, long depth, float outline_f, uint outline_u) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    const uint c = seg_label(labels[i]);
    const bool edge = seg_on_label_edge(labels, i, c, x, y, z, width, height, depth);
#if DST_IS_FLOAT
    dst[i] = edge ? outline_f : src[i];
#else
    dst[i] = edge ? (DST_T)outline_u : src[i];
#endif
}
#endif

#ifdef SRC_T
// distanceMap, start: inside = 1 where the pixel is > 0 (CLIJ2's greaterConstant(source, 0)),
// distance = inside.
__kernel void distance_init(__global const SRC_T* src, __global uchar* inside, __global float* dist, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const uchar v = src[i] > 0 ? 1 : 0;
    inside[i] = v;
    dist[i] = (float)v;
}
#endif

// distanceMap, one step (CLIJ2's distancemap_local_positive_minimum_diamond/box): a pixel stays
// inside when it and all its neighbours inside the image are inside (the 4 / 6 face neighbours
// when `box` is 0, the 3 x 3 (x 3) box when 1; CLIJ2's clamped reads repeat in-image pixels, the
// same result); each pixel that stays adds 1 to its distance and sets flags[0]; a pixel removed
// sets flags[1].
__kernel void distance_step(__global const uchar* cur, __global uchar* next, __global float* dist, long width,
                            long height, long depth, int box, volatile __global uint* flags) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long i = x + width * (y + height * z);
    uchar stay = cur[i];
    if (stay) {
        const long rz = depth > 1 ? 1 : 0;
        for (long dz = -rz; dz <= rz && stay; ++dz) {
            const long zz = z + dz;
            if (zz < 0 || zz >= depth) continue;
            for (long dy = -1; dy <= 1 && stay; ++dy) {
                const long yy = y + dy;
                if (yy < 0 || yy >= height) continue;
                for (long dx = -1; dx <= 1; ++dx) {
                    const long xx = x + dx;
                    if (xx < 0 || xx >= width) continue;
                    if (!box && (dx != 0) + (dy != 0) + (dz != 0) > 1) continue;
                    if (!cur[xx + width * (yy + height * zz)]) {
                        stay = 0;
                        break;
                    }
                }
            }
        }
    }
    next[i] = stay;
    if (stay) {
        dist[i] += 1.0f;
        flags[0] = 1u;
    } else if (cur[i]) {
        flags[1] = 1u;
    }
}

#if defined(PTS_T) && defined(LBL_T)
// excludeLabelsOnSurface / excludeLabelsSubSurface / labelSurface (CLIJ2's
// exclude_labels_on_surface_2d/3d and exclude_labels_sub_surface_2d/3d kernels): work item
// label_id (0 .. n_items - 1) takes the point of column label_id - 1 of the point list (clamped
// into the list, rows clamped too: CLIJ2's buffer reads), walks from it in unit steps along the
// direction from the centre to it (float arithmetic as CLIJ2's), reading the label under the
// truncated position, until it leaves the image, and records whether, after meeting its own id, it
// met another non-zero id (found[label_id] = 1). A point equal to the centre (direction 0 / 0) or
// NaN stops at once (CLIJ2 would never end); at most width + height + depth + 2 steps.
__kernel void surface_rays(__global const PTS_T* points, long pw, long ph, __global const LBL_T* labels,
                           long width, long height, long depth, float cx, float cy, float cz, int three_d,
                           __global uchar* found, long n_items) {
    const long label_id = get_global_id(0);
    if (label_id >= n_items) return;
    const long col = seg_clamp(label_id - 1, pw);
    const float x = (float)points[col + pw * seg_clamp(0, ph)];
    const float y = (float)points[col + pw * seg_clamp(1, ph)];
    const float z = three_d ? (float)points[col + pw * seg_clamp(2, ph)] : 0.0f;
    float4 dir;
    float len;
    if (three_d) {
        dir = (float4)(x - cx, y - cy, z - cz, 0);
        len = length(dir);
    } else {
        const float2 d2 = (float2)(x - cx, y - cy);
        len = length(d2);
        dir = (float4)(d2.x, d2.y, 0, 0);
    }
    dir.x = dir.x / len;
    dir.y = dir.y / len;
    dir.z = dir.z / len;
    float4 position = (float4)(x, y, three_d ? z : 0.0f, 0);
    bool found_myself = false, found_another = false;
    const long max_steps = width + height + depth + 2;
    for (long step = 0; step < max_steps; ++step) {
        if (!(position.x >= 0 && position.y >= 0 && position.z >= 0)) break;  // also NaN
        const long px = seg_clamp((long)(int)position.x, width), py = seg_clamp((long)(int)position.y, height),
                   pz = seg_clamp((long)(int)position.z, depth);
        const long label = (long)seg_label(labels[px + width * (py + height * pz)]);
        if (label_id == label) {
            found_myself = true;
        } else if (found_myself && label > 0) {
            found_another = true;
            break;
        }
        position = position + dir;
        if (!(len > 0)) break;
        if (position.x < 0 || position.y < 0 || position.z < 0 || position.x >= width || position.y >= height ||
            (three_d && position.z >= depth))
            break;
    }
    found[label_id] = found_another ? 1 : 0;
}
#endif
