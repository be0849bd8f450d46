// Pixel-wise logic on binary images (native/src/ops/binary_ops.cpp). Any non-zero input value is
// true (ImageJ masks hold 255, ijcl binary images 1); outputs are 0 or 1.
//
// Each work item handles 16 consecutive pixels (IJCL_LOAD16/IJCL_STORE16 in preamble.cl: 16-byte
// loads and stores, pixels widened to 32-bit lanes); launch ceil(n / 16) work items. Vector
// comparisons and logic give -1 for true, negated to 1.

#ifdef SRC0_T
// dst = (src0 != 0) OP (src1 != 0), OP = BINARY_OP (&& for binaryAnd, || for binaryOr)
__kernel void binary_combine(__global const SRC0_T* src0, __global const SRC1_T* src1,
                             __global uchar* dst, long n) {
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    const int16 a = IJCL_LOAD16(SRC0_T, src0, g, n) != (SRC0_T)0;
    const int16 b = IJCL_LOAD16(SRC1_T, src1, g, n) != (SRC1_T)0;
    IJCL_STORE16(uchar, dst, g, n, convert_uint16(-(a BINARY_OP b)));
}
#endif

#ifdef SRC_T
// dst = (src == 0)
__kernel void binary_not(__global const SRC_T* src, __global uchar* dst, long n) {
    const long g = get_global_id(0);
    if (16 * g >= n) return;
    IJCL_STORE16(uchar, dst, g, n, convert_uint16(-(IJCL_LOAD16(SRC_T, src, g, n) == (SRC_T)0)));
}
#endif
