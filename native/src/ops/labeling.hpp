// Connected-component labelling shared by labeling_ops.cpp and label_ops.cpp.
#pragma once

#include <string>

#include "ijcl/op_call.hpp"
#include "ijcl/tiling.hpp"

namespace ijcl {

// Box: 8 neighbours (2D) / 26 (3D); Diamond: 4 / 6; None: every non-zero pixel is its own label
// (labelSpots).
enum class Connectivity { Box, Diamond, None };

// Writes the components of `src` (non-zero = foreground) into the uint32 image `dst` (same
// shape), ids 1..n in raster order of each component's first pixel. Fails on `arg` for images of
// 2^32 - 1 pixels or more. (labeling_ops.cpp)
void label_components(OpCall& c, const Image& src, const Image& dst, const std::string& arg,
                      Connectivity connectivity);

// The same for a call whose images exceed the device-memory budget (tiling.hpp): every tile's
// core labelled by label_components, then labels joined across tile borders and renumbered on
// the host, equal to the untiled result byte for byte. `input` and `output` name the call's
// image parameters. Fails when there are 2^32 - 1 objects or more. (labeling_tiles.cpp)
void label_components_tiled(TileRunner& t, const std::string& input, const std::string& output,
                            Connectivity connectivity);

}  // namespace ijcl
