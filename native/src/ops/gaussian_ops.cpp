// Operations of category gaussian (declared in the registry; see native/include/ijcl/registry.hpp).
#include "ijcl/op_call.hpp"

namespace ijcl {

void register_gaussian_ops(Registry& r) { (void)r; }

}  // namespace ijcl
