// CLIJ2's affine-transform grammar and matrices (native/src/ops/geometry_ops.cpp), exposed for
// tests/native/geometry_test.cpp.
#pragma once

#include <array>
#include <string>

#include "ijcl/image.hpp"

namespace ijcl {

// A 3D affine map as a 4 x 4 matrix (last row 0 0 0 1), row-major: m[row][column].
struct Affine {
    std::array<std::array<double, 4>, 4> m{{{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}};
    Affine operator*(const Affine& o) const;  // (this * o)(p) = this(o(p))
    static Affine translation(double x, double y, double z);
    static Affine scaling(double x, double y, double z);
    // imglib2's rotation about axis 0 (x), 1 (y) or 2 (z) by `radians`.
    static Affine rotation(int axis, double radians);
};

// CLIJ2's degrees-to-radians of AffineTransform2D/3D and Rotate3D: (float)(-(float)deg / 180f * PI).
double clij2_negated_radians(double degrees);

// The target-to-source matrix of CLIJ2's affineTransform2D (three_d false) or affineTransform3D
// string `text` for a source of shape `source`: the commands' matrices multiplied left to right
// (imglib2's concatenate). Returns "" on success, else a message naming the bad command.
std::string parse_affine_transform(const std::string& text, const Shape& source, bool three_d, Affine& out);

}  // namespace ijcl
