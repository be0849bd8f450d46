// Points and labels (native/src/ops/label_point_ops.cpp): CLIJ2's bounding box and centre of mass
// of an image, spots from point lists and point lists from spots, values read from maps.
// Images are dense buffers, x fastest, then y, then z.

// --- boundingBox: CLIJ2's BoundingBox (Java) ---------------------------------------------------
// CLIJ2 multiplies the (0/1) image with each coordinate (p = value * coordinate) and takes, per
// axis, the maximum of p over all pixels and a "masked minimum" whose mask is p itself: per (x, y)
// column the smallest p over the planes where the value is non-zero (0 when there is none), then
// the smallest of those column minima that is not 0 (FLT_MAX when none). Here value = 1 for every
// non-zero pixel (NaN included), 0 else, whatever the pixel type. Work item y walks row y
// (all x and z) and writes its row's partial results: mins[3 * y + a] and maxs[3 * y + a].
#if defined(SRC_T)
__kernel void bounding_box_rows(__global const SRC_T* src, long width, long height, long depth,
                                __global float* mins, __global float* maxs) {
    const long y = get_global_id(0);
    if (y >= height) return;
    float lo[3] = {FLT_MAX, FLT_MAX, FLT_MAX};
    float hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (long x = 0; x < width; ++x) {
        float column_min[3] = {0.0f, 0.0f, 0.0f};
        bool any = false;
        for (long z = 0; z < depth; ++z) {
            const float v = src[x + width * (y + height * z)] != 0 ? 1.0f : 0.0f;
            const float p[3] = {v * (float)x, v * (float)y, v * (float)z};
            for (int a = 0; a < 3; ++a) hi[a] = fmax(hi[a], p[a]);
            if (v != 0.0f) {
                for (int a = 0; a < 3; ++a)
                    if (!any || p[a] < column_min[a]) column_min[a] = p[a];
                any = true;
            }
        }
        for (int a = 0; a < 3; ++a)
            if (column_min[a] != 0.0f && column_min[a] < lo[a]) lo[a] = column_min[a];
    }
    for (int a = 0; a < 3; ++a) {
        mins[3 * y + a] = lo[a];
        maxs[3 * y + a] = hi[a];
    }
}

// --- centerOfMass: sums of v, v*x, v*y, v*z per row (y, z) in double -----------------------------
#if IJCL_HAS_DOUBLE
__kernel void mass_rows(__global const SRC_T* src, long width, long height, long depth,
                        __global double* sums) {
    const long y = get_global_id(0);
    const long z = get_global_id(1);
    if (y >= height || z >= depth) return;
    const long row = width * (y + height * z);
    double s = 0, sx = 0;
    for (long x = 0; x < width; ++x) {
        const double v = (double)src[row + x];
        s += v;
        sx += v * (double)x;
    }
    const long r = y + height * z;
    sums[4 * r] = s;
    sums[4 * r + 1] = sx;
    sums[4 * r + 2] = s * (double)y;
    sums[4 * r + 3] = s * (double)z;
}
#endif
#endif

// --- last pixel of each id ----------------------------------------------------------------------
// last[id] = 1 + the largest linear index (raster order) of a pixel holding id, 0 when none; ids
// >= n_ids are ignored (the host sizes n_ids as largest id + 1; images below 2^32 - 1 pixels).
#if defined(LBL_T)
__kernel void last_pixel_of_id(__global const LBL_T* labels, ulong n_pixels, ulong n_ids,
                               volatile __global uint* last) {
    const ulong i = get_global_id(0);
    if (i >= n_pixels) return;
    const uint id = convert_uint_sat(labels[i]);
    if (id >= n_ids) return;
    atomic_max(&last[id], (uint)(i + 1));
}

// Point list of spots: column id - 1 holds the coordinates of the last pixel of id (rows x, y[,
// z]); ids without a pixel keep 0.
__kernel void spot_coordinates(__global const uint* last, ulong n_ids, long width, long height,
                               long rows, __global float* pointlist) {
    const ulong id = get_global_id(0) + 1;
    if (id >= n_ids) return;
    const ulong n = n_ids - 1;
    const uint at = last[id];
    if (at == 0) {
        for (long k = 0; k < rows; ++k) pointlist[(id - 1) + n * k] = 0.0f;
        return;
    }
    const ulong i = at - 1;
    const ulong x = i % (ulong)width;
    const ulong y = (i / (ulong)width) % (ulong)height;
    const ulong z = i / ((ulong)width * (ulong)height);
    pointlist[id - 1] = (float)x;
    if (rows > 1) pointlist[(id - 1) + n] = (float)y;
    if (rows > 2) pointlist[(id - 1) + 2 * n] = (float)z;
}
#endif

// values[id] = map[last pixel of id] (as float), 0 when id has no pixel.
#if defined(MAP_T)
__kernel void values_at_last_pixel(__global const uint* last, ulong n_ids,
                                   __global const MAP_T* map, __global float* values) {
    const ulong id = get_global_id(0);
    if (id >= n_ids) return;
    const uint at = last[id];
    values[id] = at == 0 ? 0.0f : (float)map[at - 1];
}

// --- readValuesFromPositions: CLIJ2's read_intensities_from_positions ---------------------------
// Point i's coordinates are rows 0, 1 (and 2) of column i of the point list, truncated toward zero
// and clamped into the map (NaN reads 0); a row past the list's last reads its last row (CLIJ2's
// clamped read). As in CLIJ2's kernel, z is read from row 2 only when the map's height is above
// 2, else z = 0.
#if defined(PTS_T)
inline long ijcl_point_coordinate(__global const PTS_T* pts, long n, long rows, long i, long row, long size) {
    const long r = row < rows ? row : rows - 1;
    const float v = (float)pts[i + n * r];
    long c = (v == v) ? (long)clamp(v, -1.0e18f, 1.0e18f) : 0;
    return c < 0 ? 0 : (c >= size ? size - 1 : c);
}

__kernel void read_values_from_positions(__global const PTS_T* pts, long n, long rows,
                                         __global const MAP_T* map, long width, long height,
                                         long depth, __global float* values) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const long x = ijcl_point_coordinate(pts, n, rows, i, 0, width);
    const long y = ijcl_point_coordinate(pts, n, rows, i, 1, height);
    const long z = height > 2 ? ijcl_point_coordinate(pts, n, rows, i, 2, depth) : 0;
    values[i] = (float)map[x + width * (y + height * z)];
}
#endif
#endif

// --- spots: dst[x, y, z] = max(dst, id) for every (x, y, z, id) entry ---------------------------
// Entries come from the host (in range); a pixel hit by several entries keeps the largest id.
__kernel void write_spots(__global const long* entries, long n_entries, long width, long height,
                          volatile __global uint* dst) {
    const long i = get_global_id(0);
    if (i >= n_entries) return;
    const long x = entries[4 * i], y = entries[4 * i + 1], z = entries[4 * i + 2];
    atomic_max(&dst[x + width * (y + height * z)], (uint)entries[4 * i + 3]);
}

// --- histogram: CLIJ2's histogram_2d / histogram_3d kernels --------------------------------------
// row_min_max: the smallest and largest value (as float, NaN left out) of row (y, z).
#if defined(SRC_T)
__kernel void row_min_max(__global const SRC_T* src, long width, long height, long depth,
                          __global float* out) {
    const long y = get_global_id(0);
    const long z = get_global_id(1);
    if (y >= height || z >= depth) return;
    const long row = width * (y + height * z);
    float lo = INFINITY, hi = -INFINITY;
    for (long x = 0; x < width; ++x) {
        const float v = (float)src[row + x];
        lo = fmin(lo, v);
        hi = fmax(hi, v);
    }
    out[2 * (y + height * z)] = lo;
    out[2 * (y + height * z) + 1] = hi;
}

// bin = (v - minimum) * (bins - 1) / (maximum - minimum) in float, as CLIJ2's kernels: truncated
// for a single plane (histogram_2d), rounded half up for a stack (histogram_3d, + 0.5), saturated
// to 0 below (values below the minimum and NaN count in bin 0); bins past the last are left out
// (CLIJ2 writes them past its private array).
__kernel void histogram_counts(__global const SRC_T* src, ulong n, float minimum, float maximum,
                               uint bins, float offset, volatile __global uint* counts) {
    const ulong i = get_global_id(0);
    if (i >= n) return;
    const float range = maximum - minimum;
    const float v = (float)src[i];
    const uint bin = convert_uint_sat((v - minimum) * (float)(bins - 1) / range + offset);
    if (bin < bins) atomic_inc(&counts[bin]);
}
#endif
