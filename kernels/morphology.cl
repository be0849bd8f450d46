// Binary erosion and dilation with a radius-1 structuring element
// (native/src/ops/morphology_ops.cpp).
//
// Input: any pixel type, non-zero = foreground. Output: uchar 0/1.
// box != 0: the full 3x3 (3x3x3 when depth > 1) neighbourhood; box == 0: the face neighbours only
// (4 in 2D, 6 in 3D); planar != 0: the in-plane neighbourhood even in a stack (the slice-by-slice
// operations). Pixels outside the image count as background for both operations (ImageJ's
// Process > Binary > Erode/Dilate with "Pad edges when eroding" off). When depth == 1 the z
// direction does not exist and is not looked at.
__kernel void binary_morphology(__global const SRC_T* src, __global uchar* dst,
                                long width, long height, long depth, int dilate, int box, int planar) {
    const long x = get_global_id(0);
    const long y = get_global_id(1);
    const long z = get_global_id(2);
    if (x >= width || y >= height || z >= depth) return;

    const long rz = depth > 1 && !planar ? 1 : 0;
    // Erosion: foreground only if every neighbour (and the pixel) is foreground.
    // Dilation: foreground if any neighbour (or the pixel) is foreground.
    int any_foreground = 0;
    int all_foreground = 1;
    for (long dz = -rz; dz <= rz; ++dz) {
        for (long dy = -1; dy <= 1; ++dy) {
            for (long dx = -1; dx <= 1; ++dx) {
                // Face neighbours: one step along one axis (dx^2 + dy^2 + dz^2 <= 1; written
                // without abs, which Oclgrind cannot run).
                if (!box && dx * dx + dy * dy + dz * dz > 1) continue;
                const long xx = x + dx, yy = y + dy, zz = z + dz;
                int foreground = 0;
                if (xx >= 0 && xx < width && yy >= 0 && yy < height && zz >= 0 && zz < depth)
                    foreground = src[xx + width * (yy + height * zz)] != 0;
                any_foreground |= foreground;
                all_foreground &= foreground;
            }
        }
    }
    dst[x + width * (y + height * z)] = (uchar)(dilate ? any_foreground : all_foreground);
}

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
