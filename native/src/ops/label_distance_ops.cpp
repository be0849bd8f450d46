// Registration stub; filled by the label_distance work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_label_distance_ops(Registry&) {}

}  // namespace ijcl
