// One kernel for every pixel-wise operation of the table in native/src/ops/pixelwise_ops.cpp.
// The host injects the row's expression as PIXEL_EXPR, written over 16 lanes at once:
//   a, b    float16: pixels of the first / second input (b only when SRC1_T is defined)
//   s0, s1  float:   the row's numbers (scalar, constant, exponent, bounds)
//   coord   float16: x, y or z of each pixel (COORD_DIM 0, 1, 2; only rows that use it)
//   cx, cy, cz float16: x, y and z of each pixel, and border (int16, -1 on the image's outermost
//           pixels: x or y first or last, z first or last when the image has more than one plane),
//           when COORD_XYZ is defined
// Coordinates are those of the whole image: a tile (native/src/tiling.cpp) passes its origin
// (ox, oy, oz) and the whole image's width, height and depth (whole_w, whole_h, whole_d); an
// untiled call passes 0 and its own shape. width and height are the buffer's (the tile's).
// SRC1_PLANE: the second input is one plane (width x height) used for every plane of the first.
// In-place rows (IN_PLACE: set, setRampX, ...) pass the same buffer as src0 and dst: each work item
// reads its 16 pixels before it writes them, and no other work item touches them. PIXEL_WHERE (int16
// condition) limits the write to some pixels; the others are stored back unchanged, bit for bit.
// OUT_BINARY 1: the expression is a vector condition (-1 true, 0 false), stored as uint8 0/1.
// OUT_BINARY 0: the float result is stored as DST_T (IJCL_TO16: integers rounded half up and
// saturated, NaN -> 0; float unchanged). FP_CONTRACT is off: no fused multiply-add anywhere.
//
// Each work item handles 16 consecutive pixels (IJCL_LOAD16/IJCL_STORE16 in preamble.cl);
// launch ceil(n / 16) work items (native/src/ops/streaming.hpp).
#pragma OPENCL FP_CONTRACT OFF

#ifdef SRC1_T
#define PIXELWISE_SECOND_INPUT , __global const SRC1_T* src1
#else
#define PIXELWISE_SECOND_INPUT
#endif
#if defined(COORD_DIM) || defined(COORD_XYZ)
#define PIXELWISE_PLACEMENT , long ox, long oy, long oz, long whole_w, long whole_h, long whole_d
#else
#define PIXELWISE_PLACEMENT
#endif

__kernel void pixelwise(__global const SRC0_T* src0 PIXELWISE_SECOND_INPUT, __global DST_T* dst,
                        long n, float s0, float s1, long width, long height PIXELWISE_PLACEMENT) {
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    const float16 a = convert_float16(IJCL_LOAD16(SRC0_T, src0, g, n));
#if defined(SRC1_T) && defined(SRC1_PLANE)
    // one plane for every plane of src0: pixel i of src0 meets pixel i % (width * height) of src1
    SRC1_T plane_px[16];
    for (int k = 0; k < 16; ++k)
        plane_px[k] = 16 * g + k < n ? src1[(16 * g + k) % (width * height)] : (SRC1_T)0;
    const float16 b = convert_float16(vload16(0, plane_px));
#elif defined(SRC1_T)
    const float16 b = convert_float16(IJCL_LOAD16(SRC1_T, src1, g, n));
#endif
#if defined(COORD_DIM) || defined(COORD_XYZ)
    // x, y and z of the 16 lanes (lane k is pixel 16g + k) in the buffer: the 64-bit divisions
    // once per work item, then 32-bit lanes. The first pixel is x0 pixels into row row0 (rows
    // counted over all planes); lane k is x0 + k pixels past that row's start. Then the tile's
    // origin is added: ix, iy, iz are coordinates in the whole image.
    const long row0 = (16 * g) / width;
    const uint16 xs = (uint16)((uint)(16 * g - row0 * width)) + (uint16)(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const uint16 ys = (uint16)((uint)(row0 % height)) + xs / (uint)width;
    const uint16 ix = xs % (uint)width + (uint)ox, iy = ys % (uint)height + (uint)oy;
    const uint16 iz = (uint16)((uint)(row0 / height)) + ys / (uint)height + (uint)oz;
#endif
#ifdef COORD_XYZ
    const float16 cx = convert_float16(ix), cy = convert_float16(iy), cz = convert_float16(iz);
    const int16 border = (ix == (uint16)0) | (ix == (uint16)((uint)whole_w - 1)) | (iy == (uint16)0) |
                         (iy == (uint16)((uint)whole_h - 1)) |
                         ((int16)(whole_d > 1 ? -1 : 0) & ((iz == (uint16)0) | (iz == (uint16)((uint)(whole_d - 1)))));
#endif
#ifdef COORD_DIM
#if COORD_DIM == 0
    const float16 coord = convert_float16(ix);
#elif COORD_DIM == 1
    const float16 coord = convert_float16(iy);
#else
    const float16 coord = convert_float16(iz);
#endif
#endif
#if defined(IN_PLACE) && defined(PIXEL_WHERE)
    // only the pixels where PIXEL_WHERE holds are rewritten; the others keep their stored bits
    // (uint32 above 2^24 exact), read back in the pixel type itself
    const IJCL_W(DST_T) kept = IJCL_LOAD16(DST_T, dst, g, n);
    IJCL_STORE16(DST_T, dst, g, n, select(kept, IJCL_TO16(DST_T, (PIXEL_EXPR)), PIXEL_WHERE));
#elif OUT_BINARY
    IJCL_STORE16(uchar, dst, g, n, convert_uint16(-(PIXEL_EXPR)));
#else
    IJCL_STORE16(DST_T, dst, g, n, IJCL_TO16(DST_T, (PIXEL_EXPR)));
#endif
}
