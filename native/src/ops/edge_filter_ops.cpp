// Registration stub; filled by the edge_filter work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_edge_filter_ops(Registry&) {}

}  // namespace ijcl
