// Operations of category threshold (declared in the registry; see native/include/ijcl/registry.hpp).
#include "ijcl/op_call.hpp"

namespace ijcl {

void register_threshold_ops(Registry& r) { (void)r; }

}  // namespace ijcl
