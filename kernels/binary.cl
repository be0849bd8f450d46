// Pixel-wise logic on binary images (native/src/ops/binary_ops.cpp). Any non-zero input value is
// true (ImageJ masks hold 255, ijcl binary images 1); outputs are 0 or 1.

#ifdef SRC0_T
// dst = (src0 != 0) OP (src1 != 0), OP = BINARY_OP (&& for binaryAnd, || for binaryOr)
__kernel void binary_combine(__global const SRC0_T* src0, __global const SRC1_T* src1,
                             __global uchar* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    const int a = src0[i] != (SRC0_T)0;
    const int b = src1[i] != (SRC1_T)0;
    dst[i] = (uchar)(a BINARY_OP b);
}
#endif

#ifdef SRC_T
// dst = (src == 0)
__kernel void binary_not(__global const SRC_T* src, __global uchar* dst, long n) {
    const long i = get_global_id(0);
    if (i >= n) return;
    dst[i] = (uchar)(src[i] == (SRC_T)0);
}
#endif
