// Registration stub; filled by the label_mesh work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_label_mesh_ops(Registry&) {}

}  // namespace ijcl
