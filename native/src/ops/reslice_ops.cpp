// Reslices (top, bottom, left, right): one table row per operation, one kernel
// (kernels/reslice.cl "reslice", RESLICE 1-4) that differs only in the index mapping. Values,
// pixel type and kind (binary, label) are kept.
//
// Not here yet: reslicePolar, resliceRadial, resliceRadialTop, sphereTransform and
// cylinderTransform (interpolating resamplings, each its own algorithm).
#include <string>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

struct Reslice {
    const char* name;
    int rule;              // RESLICE in kernels/reslice.cl
    bool across_x;         // destination h x d x w (left/right) instead of w x d x h (top/bottom)
    const char* mapping;   // the documented index mapping
    const char* imagej;    // ImageJ's Reslice options that give the same stack
};

// clang-format off
const Reslice kReslices[] = {
    {"resliceTop", 1, false,
     "destination (x, y, z) = source (x, z, y): plane z of the result is the xz-section at y = z, "
     "seen from the top (its rows are the source planes, first plane on top)",
     "Image > Stacks > Reslice [/]... start at Top, avoid interpolation, output spacing 1 (exact)"},
    {"resliceBottom", 2, false,
     "destination (x, y, z) = source (x, height - 1 - z, y): the xz-sections from the bottom row "
     "upwards (first source plane on top)",
     "Image > Stacks > Reslice [/]... start at Bottom, avoid interpolation, output spacing 1 (exact)"},
    {"resliceLeft", 3, true,
     "destination (x, y, z) = source (z, x, y): plane z of the result is the yz-section at x = z; "
     "its x runs along the source's y, its rows are the source planes (first plane on top)",
     "Image > Stacks > Reslice [/]... start at Left, avoid interpolation, output spacing 1, no "
     "rotation (exact)"},
    {"resliceRight", 4, true,
     "destination (x, y, z) = source (width - 1 - z, x, y): the yz-sections from the right column "
     "leftwards, x along the source's y, rows = source planes",
     "Image > Stacks > Reslice [/]... start at Right, avoid interpolation, output spacing 1, no "
     "rotation (exact)"},
};
// clang-format on

void add_reslice(Registry& r, const Reslice& row) {
    const bool across_x = row.across_x;
    r.add(row.name, "Transform")
        .doc(std::string("Reslices a stack: ") + row.mapping + ". The result is " +
             (across_x ? "height x depth x width" : "width x depth x height") +
             " (width, height, depth of the source); a 2D source (depth 1) gives " +
             (across_x ? "height x 1 x width" : "width x 1 x height") +
             ". Values, pixel type and kind (binary, label) are kept; any pixel type. Pixels "
             "are taken as they are (no interpolation, spacing 1 pixel: calibration is not used, as "
             "in CLIJ2). Source: CLIJ2 " + row.name + " (its reslice kernel's index mapping).")
        .imagej(row.imagej)
        .input("source", "image stack, any pixel type")
        .output("destination", "the resliced stack", [across_x](const OpCall& c) {
            const Image& s = c.input("source");
            const Shape& sh = s.shape();
            Shape out = across_x ? Shape{sh.height, sh.depth, sh.width} : Shape{sh.width, sh.depth, sh.height};
            return OutputDesc{out, s.type(), s.kind()};
        })
        .run([rule = row.rule](OpCall& c) {
            const Image& s = c.input("source");
            Image& d = c.output("destination");
            c.kernel("reslice.cl", "reslice", {{"SRC", &s}, {"DST", &d}}, {{"RESLICE", std::to_string(rule)}})
                .image(s).image(d).shape(s).shape(d)
                .run(range_of(d));
        });
}

}  // namespace

void register_reslice_ops(Registry& r) {
    for (const Reslice& row : kReslices) add_reslice(r, row);
}

}  // namespace ijcl
