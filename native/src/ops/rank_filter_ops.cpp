// Operations of category rank_filter (declared in the registry; see native/include/ijcl/registry.hpp).
#include "ijcl/op_call.hpp"

namespace ijcl {

void register_rank_filter_ops(Registry& r) { (void)r; }

}  // namespace ijcl
