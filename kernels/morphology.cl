// Binary erosion and dilation with a radius-1 structuring element
// (native/src/ops/morphology_ops.cpp).
//
// Input: any pixel type, non-zero = foreground. Output: uchar 0/1.
// box != 0: the full 3x3 (3x3x3 when depth > 1) neighbourhood; box == 0: the face neighbours only
// (4 in 2D, 6 in 3D); planar != 0: the in-plane neighbourhood even in a stack (the slice-by-slice
// operations). Pixels outside the image count as background for both operations (ImageJ's
// Process > Binary > Erode/Dilate with "Pad edges when eroding" off). When depth == 1 the z
// direction does not exist and is not looked at.
//
// Work item: MORPH_PIXELS consecutive pixels of one row (x0 = MORPH_PIXELS * id0, row id1) in
// MORPH_PLANES consecutive planes (from id2 * MORPH_PLANES); the launch covers
// ceil(width / MORPH_PIXELS) x height x ceil(depth / MORPH_PLANES). Each input plane is read once
// per work item (3 rows of MORPH_PIXELS + 2 pixels) and reduced to bit masks, one bit per pixel;
// the z neighbourhood combines the masks of consecutive planes as the work item walks down z. So
// a pixel costs about 6 reads instead of 27 (box, 3D), with the same result as testing every
// neighbour (MorphologyBruteForce.* compares against that).
// MORPH_PIXELS and MORPH_PLANES are defined by the host, which sizes the launch with them; the
// programs built for imagej_binary (below) have neither and leave binary_morphology out.
#if defined(MORPH_PIXELS) && defined(MORPH_PLANES)

// Bit i (0 .. MORPH_PIXELS + 1): pixel x0 - 1 + i of the row is foreground (0 outside the image).
inline uint morph_row_bits(__global const SRC_T* row, long x0, long width) {
    uint bits = 0;
    for (int i = 0; i < MORPH_PIXELS + 2; ++i) {
        // Branch-free: read the nearest pixel inside and count it only when it is the pixel itself
        // (random masks would make a branch unpredictable on a CPU device).
        const long x = x0 - 1 + i;
        const long inside = clamp(x, 0L, width - 1);
        bits |= (uint)(x == inside && row[inside] != (SRC_T)0) << i;
    }
    return bits;
}

// In-plane results for the MORPH_PIXELS pixels (bit j: pixel x0 + j) of row y of plane z:
// *full = the whole in-plane neighbourhood (3x3 box or plus); *zpart = what the plane gives the
// pixels above and below it (the same 3x3 for the box, the pixel itself for the face neighbours).
inline void morph_plane(__global const SRC_T* src, long x0, long y, long z, long width, long height,
                        int dilate, int box, uint* full, uint* zpart) {
    __global const SRC_T* plane = src + width * height * z;
    const uint mid = morph_row_bits(plane + width * y, x0, width);
    const uint up = y > 0 ? morph_row_bits(plane + width * (y - 1), x0, width) : 0u;
    const uint down = y + 1 < height ? morph_row_bits(plane + width * (y + 1), x0, width) : 0u;
    uint row3, column3;  // the row's three pixels around each pixel; the column's three
    if (dilate) {
        column3 = up | mid | down;
        row3 = mid | (mid >> 1) | (mid >> 2);
        *full = box ? (column3 | (column3 >> 1) | (column3 >> 2)) : (row3 | (column3 >> 1));
    } else {
        column3 = up & mid & down;
        row3 = mid & (mid >> 1) & (mid >> 2);
        *full = box ? (column3 & (column3 >> 1) & (column3 >> 2)) : (row3 & (column3 >> 1));
    }
    *zpart = box ? *full : (mid >> 1);
}

__kernel void binary_morphology(__global const SRC_T* src, __global uchar* dst,
                                long width, long height, long depth, int dilate, int box, int planar) {
    const long x0 = (long)get_global_id(0) * MORPH_PIXELS;
    const long y = get_global_id(1);
    const long z_first = (long)get_global_id(2) * MORPH_PLANES;
    if (x0 >= width || y >= height || z_first >= depth) return;
    const long z_end = min(z_first + MORPH_PLANES, depth);
    const int in3d = depth > 1 && !planar;

    uint above = 0;  // the z contribution of plane z - 1 (0 outside the stack: background)
    uint full, here;
    if (in3d && z_first > 0) morph_plane(src, x0, y, z_first - 1, width, height, dilate, box, &full, &above);
    morph_plane(src, x0, y, z_first, width, height, dilate, box, &full, &here);
    for (long z = z_first; z < z_end; ++z) {
        uint out = full;
        uint next_full = 0, below = 0;
        if (in3d) {
            if (z + 1 < depth) morph_plane(src, x0, y, z + 1, width, height, dilate, box, &next_full, &below);
            out = dilate ? (above | full | below) : (above & full & below);
        } else if (z + 1 < z_end) {
            morph_plane(src, x0, y, z + 1, width, height, dilate, box, &next_full, &below);
        }
        __global uchar* row = dst + x0 + width * (y + height * z);
        if (x0 + MORPH_PIXELS <= width) {
            vstore4((uchar4)((uchar)(out & 1u), (uchar)((out >> 1) & 1u), (uchar)((out >> 2) & 1u),
                             (uchar)((out >> 3) & 1u)), 0, row);
        } else {
            for (int j = 0; x0 + j < width; ++j) row[j] = (uchar)((out >> j) & 1u);
        }
        above = here;
        full = next_full;
        here = below;
    }
}
#endif  // MORPH_PIXELS && MORPH_PLANES

// ImageJ's 3x3 binary filters (native/src/ops/morphology_ops.cpp, imagejBinaryErode/Dilate/
// Outline), as ij.process.ByteProcessor.filter(ERODE/DILATE) and BinaryProcessor.outline compute
// them on a uint8 plane, every plane of a stack on its own. mode 0 erode: a pixel == background
// stays background, else background when >= count of its 8 neighbours == background; outside the
// image = background (pad 0) or foreground (pad 1). mode 1 dilate: a pixel == foreground stays,
// else foreground when >= count neighbours == foreground; outside = background. mode 2 outline:
// border pixels unchanged; an interior pixel != background with no neighbour == background
// becomes background.
__kernel void imagej_binary(__global const SRC_T* src, __global uchar* dst, long width, long height,
                            long depth, int mode, int count, int background, int pad) {
    const long x = get_global_id(0);
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;
    const long plane = width * height * z;
    const int foreground = 255 - background;
    const int p5 = (int)src[x + width * y + plane];
    int out;
    if (mode == 2) {
        out = p5;
        if (x > 0 && y > 0 && x < width - 1 && y < height - 1 && p5 != background) {
            int touches = 0;
            for (long dy = -1; dy <= 1; ++dy)
                for (long dx = -1; dx <= 1; ++dx)
                    if ((dx != 0 || dy != 0) && (int)src[x + dx + width * (y + dy) + plane] == background)
                        touches = 1;
            if (!touches) out = background;
        }
    } else {
        const int target = mode == 0 ? background : foreground;  /* the value counted */
        const int outside = mode == 0 && pad ? foreground : background;
        if (p5 == target) {
            out = target;
        } else {
            int n = 0;
            for (long dy = -1; dy <= 1; ++dy)
                for (long dx = -1; dx <= 1; ++dx) {
                    if (dx == 0 && dy == 0) continue;
                    const long xx = x + dx, yy = y + dy;
                    const int v = (xx >= 0 && xx < width && yy >= 0 && yy < height)
                                      ? (int)src[xx + width * yy + plane] : outside;
                    if (v == target) ++n;
                }
            out = n >= count ? target : 255 - target;
        }
    }
    dst[x + width * y + plane] = (uchar)out;
}
