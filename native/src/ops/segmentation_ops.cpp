// Registration stub; filled by the segmentation work.
#include "ijcl/registry.hpp"

namespace ijcl {

void register_segmentation_ops(Registry&) {}

}  // namespace ijcl
