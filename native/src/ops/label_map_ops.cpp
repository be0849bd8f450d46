// Parametric maps of label images: pixel count, intensity and extension statistics per label, overlap and proximal neighbour counts (kernels/label_map.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_label_map_ops(Registry&) {}

}  // namespace ijcl
