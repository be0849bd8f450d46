// binaryAnd, binaryOr and binaryNot are rows of the pixel-wise table (pixelwise_ops.cpp,
// kernels/pixelwise.cl): non-zero = true, uint8 0/1 results. Nothing is left to register here.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_binary_ops(Registry&) {}

}  // namespace ijcl
