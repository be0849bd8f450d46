// Local maxima/minima in a box (native/src/ops/detection_ops.cpp), shared by detectMaxima2DBox/3DBox,
// their slice-by-slice and minima twins (detection_ops.cpp) and detectMaximaBox/detectMinimaBox
// (neighbourhood_ops.cpp).
#pragma once

#include <array>
#include <cstdint>

#include "ijcl/op_call.hpp"

namespace ijcl {

// dst (uint8, src's shape) = 1 where the pixel of src is the maximum (minima: the minimum) of the
// (2 radii[0] + 1) x (2 radii[1] + 1) x (2 radii[2] + 1) box around it, the part inside the image;
// ties go to the first pixel in raster order; NaN is never marked and never a neighbour. Radii
// in pixels, >= 0. Rule and kernels: kernels/detection.cl. Scratch: up to two images of src's
// type and shape.
void detect_box(OpCall& c, const Image& src, Image& dst, bool minima, const std::array<std::int64_t, 3>& radii);

}  // namespace ijcl
