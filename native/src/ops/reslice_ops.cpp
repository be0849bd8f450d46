// Reslices (top, bottom, left, right), polar/radial reslices and sphere/cylinder transforms (kernels/reslice.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_reslice_ops(Registry&) {}

}  // namespace ijcl
