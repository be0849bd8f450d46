// Neighbourhood filters beyond the rank filters: non-zero minimum/maximum, only-zero overwrite, maxima/minima boxes, slice-by-slice blur (kernels/neighbourhood.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_neighbourhood_ops(Registry&) {}

}  // namespace ijcl
