// Operations of category binary (declared in the registry; see native/include/ijcl/registry.hpp).
#include "ijcl/op_call.hpp"

namespace ijcl {

void register_binary_ops(Registry& r) { (void)r; }

}  // namespace ijcl
