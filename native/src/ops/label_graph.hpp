// Shared by label_graph_ops.cpp and label_mesh_ops.cpp.
#pragma once

#include "ijcl/op_call.hpp"

namespace ijcl {

// Output rule of the meshes drawn from a point list (parameters "pointlist", second input, and
// "mesh_destination"): an existing destination as it is (CLIJ2 draws into it); else CLIJ2 Java's
// size, the largest coordinate of each row of the point list, truncated, of the point list's type.
// Fails on a point list without 2 or 3 rows, or a largest coordinate below 1.
OutputDesc mesh_output(const OpCall& c);

}  // namespace ijcl
