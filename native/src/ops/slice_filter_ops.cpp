// CLIJ2's slice-by-slice filters are the 2D filters applied to every plane of a stack, so each is
// declared by its family as one parameter of that family's code, not here:
//  - maximum/mean/median/minimumSliceBySliceSphere, medianSliceBySliceBox: rank_filter_ops.cpp
//    (add_rank_op with slice_by_slice);
//  - dilate/erodeBox/SphereSliceBySlice: morphology_ops.cpp (kSteps rows with planar);
//  - detectMaxima/MinimaSliceBySliceBox: detection_ops.cpp (kDetectors rows).
#include "ijcl/registry.hpp"

namespace ijcl {

void register_slice_filter_ops(Registry&) {}

}  // namespace ijcl
