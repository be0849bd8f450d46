// Reductions of all pixels as rows of one table: sums, extremes, means, variances, masked variants, dimensions (kernels/reduction.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_reduction_ops(Registry&) {}

}  // namespace ijcl
