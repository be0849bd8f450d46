// Affine, scale, translate, rotate3D, rigid, resample, makeIsotropic and vector-field transforms (kernels/geometry.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_geometry_ops(Registry&) {}

}  // namespace ijcl
