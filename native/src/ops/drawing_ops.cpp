// Drawing (box, sphere, line), pixel-index and position writes, point lists, tiles and downsampling (kernels/drawing.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_drawing_ops(Registry&) {}

}  // namespace ijcl
