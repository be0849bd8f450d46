// Label image basics: exclude, renumber, masks, edges, centroids, spots, dilation and erosion of labels, Voronoi labelings (kernels/label.cl).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_label_ops(Registry&) {}

}  // namespace ijcl
