// Shared by label_graph_ops.cpp and label_mesh_ops.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "ijcl/op_call.hpp"

namespace ijcl {

// Output rule of the meshes drawn from a point list (parameters "pointlist", second input, and
// "mesh_destination"): an existing destination as it is (CLIJ2 draws into it); else CLIJ2 Java's
// size, the largest coordinate of each row of the point list, truncated, of the point list's type.
// Fails on a point list without 2 or 3 rows, or a largest coordinate below 1.
OutputDesc mesh_output(const OpCall& c);

// The largest label id of the input `arg`, for output rules (a read-only reduction; no output is
// written yet). Fails as max_label_of does.
std::size_t max_label_for_rule(const OpCall& c, const std::string& arg);

// Fails on `arg` when a dense float matrix of width x height (`what` names it) is larger than the
// device's largest single allocation.
void require_matrix_fits(const OpCall& c, const std::string& arg, std::uint64_t width, std::uint64_t height,
                         const std::string& what);

}  // namespace ijcl
