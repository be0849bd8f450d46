// Operations of category measurement (declared in the registry; see native/include/ijcl/registry.hpp).
#include "ijcl/op_call.hpp"

namespace ijcl {

void register_measurement_ops(Registry& r) { (void)r; }

}  // namespace ijcl
