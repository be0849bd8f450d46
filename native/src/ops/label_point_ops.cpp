// Registration stub; filled by the label_point work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_label_point_ops(Registry&) {}

}  // namespace ijcl
