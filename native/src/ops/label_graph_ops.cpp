// Touch and distance matrices of label images and the meshes drawn from them (kernels/label_graph.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_label_graph_ops(Registry&) {}

}  // namespace ijcl
