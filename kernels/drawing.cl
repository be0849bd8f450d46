// Drawing into an existing image and pixel-index writes (native/src/ops/drawing_ops.cpp).
//
// draw (DRAW 1 box, 2 sphere/ellipsoid, 3 line): the work items cover a part of the destination
// (box, sphere) or of the line's samples (line) that the host has clipped to the image; each item
// tests its point with CLIJ2's float arithmetic and writes `value` (converted to the pixel type,
// rounded half up and saturated) where the point belongs to the shape. DRAW_3D 0: the destination
// is 2D (depth 1) and z is ignored, as CLIJ2's 2D kernels do. Every index written is checked
// against the destination's shape.
//   box    p0..p2 = x1, y1, z1; p3..p5 = x2, y2, z2 (x2 = x + width, ...): a pixel belongs when
//          each coordinate lies between its two bounds, both included.
//   sphere p0..p2 = centre; p3..p5 = radii; p6..p8 = squared radii: belongs when
//          (x-cx)^2/rx^2 + (y-cy)^2/ry^2 (+ (z-cz)^2/rz^2) <= 1 (3D: and inside the radii's box).
//   line   p0..p2 = x1, y1, z1; p3..p5 = x2, y2, z2; p6 = radius (thickness / 2): item i along an
//          axis samples the point min(a1, a2) - radius + i (i from the launch offset o*), keeps it
//          when it lies within radius of the segment's box and its distance to the line through
//          both end points is below radius, and writes the pixel its coordinates truncate to.
#if DRAW  // the host defines DRAW 0 for pixel_index
__kernel void draw(__global DST_T* dst, long dw, long dh, long dd, long ox, long oy, long oz,
                   long nx, long ny, long nz, float p0, float p1, float p2, float p3, float p4,
                   float p5, float p6, float p7, float p8, float value) {
    const long i = get_global_id(0), j = get_global_id(1), k = get_global_id(2);
    if (i >= nx || j >= ny || k >= nz) return;
#if DRAW == 3
    const float radius = p6;
    const float x = (min(p0, p3) - radius) + (float)(ox + i);
    const float y = (min(p1, p4) - radius) + (float)(oy + j);
    const float z = DRAW_3D ? (min(p2, p5) - radius) + (float)(oz + k) : 0.0f;
    if (!((x >= p0 - radius && x <= p3 + radius) || (x >= p3 - radius && x <= p0 + radius))) return;
    if (!((y >= p1 - radius && y <= p4 + radius) || (y >= p4 - radius && y <= p1 + radius))) return;
#if DRAW_3D
    if (!((z >= p2 - radius && z <= p5 + radius) || (z >= p5 - radius && z <= p2 + radius))) return;
    const float4 r = (float4)(x - p3, y - p4, z - p5, 0.0f);
    const float4 r1 = (float4)(p0 - p3, p1 - p4, p2 - p5, 0.0f);
#else
    const float4 r = (float4)(x - p3, y - p4, 0.0f, 0.0f);
    const float4 r1 = (float4)(p0 - p3, p1 - p4, 0.0f, 0.0f);
#endif
    const float distance = length(cross(r1, r)) / length(r1);
    if (!(distance < radius)) return;
    // the pixel the point's coordinates truncate to (toward zero, as CLIJ2's int conversion)
    if (!(x > -1.0f && x < (float)dw && y > -1.0f && y < (float)dh)) return;
    if (DRAW_3D && !(z > -1.0f && z < (float)dd)) return;
    const long px = (long)x, py = (long)y, pz = DRAW_3D ? (long)z : 0;
#else
    const long px = ox + i, py = oy + j, pz = oz + k;
    const float x = (float)px, y = (float)py, z = (float)pz;
#if DRAW == 1
    if (!((x >= p0 && x <= p3) || (x >= p3 && x <= p0))) return;
    if (!((y >= p1 && y <= p4) || (y >= p4 && y <= p1))) return;
#if DRAW_3D
    if (!((z >= p2 && z <= p5) || (z >= p5 && z <= p2))) return;
#endif
#else  // DRAW == 2
#if DRAW_3D
    if (x < p0 - p3 || x > p0 + p3 || y < p1 - p4 || y > p1 + p4 || z < p2 - p5 || z > p2 + p5) return;
    const float dx = x - p0, dy = y - p1, dz = z - p2;
    if (!(dx * dx / p6 + dy * dy / p7 + dz * dz / p8 <= 1.0f)) return;
#else
    const float dx = x - p0, dy = y - p1;
    if (!(dx * dx / p6 + dy * dy / p7 <= 1.0f)) return;
#endif
#endif
#endif
    if (px < 0 || py < 0 || pz < 0 || px >= dw || py >= dh || pz >= dd) return;
    dst[(pz * dh + py) * dw + px] = CONVERT_DST(value);
}
#endif

// setNonZeroPixelsToPixelIndex: a non-zero source pixel gets its index in CLIJ2's order, x
// slowest and z fastest, counted from 1: x * height * depth + y * depth + z + 1 (in a 2D image
// x * height + y + 1); zero pixels get 0. Integer destinations saturate at their maximum; float
// ones hold the index as a float (exact up to 2^24).
#if defined(SRC_T) && defined(DST_T)  // only with a source type (not for draw)
__kernel void pixel_index(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d) {
    const long x = get_global_id(0), y = get_global_id(1), z = get_global_id(2);
    if (x >= w || y >= h || z >= d) return;
    const long at = (z * h + y) * w + x;
    const long index = (x * h + y) * d + z + 1;
    if (src[at] == (SRC_T)0) {
        dst[at] = (DST_T)0;
        return;
    }
#if DST_IS_FLOAT
    dst[at] = (float)index;
#else
    dst[at] = index > (long)DST_MAX ? (DST_T)DST_MAX : (DST_T)index;
#endif
}
#endif

#if defined(SRC_T) && defined(DST_T)
// stackToTiles: the destination (tiles_x * w) x (tiles_y * h) holds plane tx * tiles_y + ty of the
// w x h x d source in tile (tx, ty), counted down the columns first as CLIJ2's loops do; tiles
// beyond the last plane are 0.
__kernel void tiles(__global const SRC_T* src, __global DST_T* dst, long w, long h, long d,
                    long tiles_x, long tiles_y) {
    const long x = get_global_id(0), y = get_global_id(1);
    if (x >= w * tiles_x || y >= h * tiles_y) return;
    const long plane = (x / w) * tiles_y + y / h;
    const long at = y * (w * tiles_x) + x;
    dst[at] = plane < d ? src[(plane * h + y % h) * w + x % w] : (DST_T)0;
}

// writeValuesToPositions: column i of plane 0 of the n x rows point list holds x, y[, z] and the
// value (rows 0, 1[, 2] and 2 or 3); positions are truncated toward zero (as CLIJ2's int
// conversion), positions outside the destination (and NaN) are left out, and the value is
// converted to the destination's type (rounded half up, saturated). One work item goes through
// the columns in order, so when several name the same pixel the last one wins, on every device.
__kernel void write_values(__global const SRC_T* list, __global DST_T* dst, long n, long dw,
                           long dh, long dd, int three_d) {
    if (get_global_id(0) != 0) return;
    for (long i = 0; i < n; ++i) {
        const float px = (float)list[i], py = (float)list[n + i];
        const float pz = three_d ? (float)list[2 * n + i] : 0.0f;
        const float v = (float)list[(three_d ? 3 : 2) * n + i];
        if (!(px > -1.0f && px < (float)dw && py > -1.0f && py < (float)dh && pz > -1.0f && pz < (float)dd)) continue;
        const long x = (long)px, y = (long)py, z = (long)pz;
        if (x < 0 || y < 0 || z < 0 || x >= dw || y >= dh || z >= dd) continue;
        dst[(z * dh + y) * dw + x] = CONVERT_DST(v);
    }
}
#endif

#ifdef SRC_T
// spotsToPointList, pass 1: the number of non-zero pixels of every line (y, z) of the source,
// counts[z * h + y].
__kernel void count_spots(__global const SRC_T* src, __global uint* counts, long w, long h, long d) {
    const long y = get_global_id(0), z = get_global_id(1);
    if (y >= h || z >= d) return;
    __global const SRC_T* line = src + (z * h + y) * w;
    uint n = 0;
    for (long x = 0; x < w; ++x) n += line[x] != (SRC_T)0;
    counts[z * h + y] = n;
}

// spotsToPointList, pass 2: line (y, z) writes its spots, in x order, to the columns from
// starts[z * h + y] on (the host's prefix sum of the counts: raster order z, y, x) of the n x rows
// float point list: row 0 x, row 1 y, row 2 z (when rows is 3).
__kernel void spots_to_list(__global const SRC_T* src, __global const long* starts, __global float* list,
                            long w, long h, long d, long n, long rows) {
    const long y = get_global_id(0), z = get_global_id(1);
    if (y >= h || z >= d) return;
    __global const SRC_T* line = src + (z * h + y) * w;
    long k = starts[z * h + y];
    for (long x = 0; x < w && k < n; ++x) {
        if (line[x] == (SRC_T)0) continue;
        list[k] = (float)x;
        list[n + k] = (float)y;
        if (rows > 2) list[2 * n + k] = (float)z;
        ++k;
    }
}
#endif
