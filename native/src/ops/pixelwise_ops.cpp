// Pixel-wise operations as rows of one table: unary, binary, with a scalar, comparisons, logic (kernels/pixelwise.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_pixelwise_ops(Registry&) {}

}  // namespace ijcl
