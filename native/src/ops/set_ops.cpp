// Registration stub; filled by the set work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_set_ops(Registry&) {}

}  // namespace ijcl
