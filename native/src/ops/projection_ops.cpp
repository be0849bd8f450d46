// Operations of category projection (declared in the registry; see native/include/ijcl/registry.hpp).
#include "ijcl/op_call.hpp"

namespace ijcl {

void register_projection_ops(Registry& r) { (void)r; }

}  // namespace ijcl
