// Registration stub; filled by the slice_filter work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_slice_filter_ops(Registry&) {}

}  // namespace ijcl
