// Edge filters: CLIJ2's small fixed stencils (laplaceBox, laplaceDiamond, sobel, sobelSliceBySlice,
// tenengrad, tenengradSliceBySlice, gradientX/Y/Z) as rows of one table with one kernel
// (kernels/edge_filter.cl "stencil", STENCIL = the row's index), and convolve with a kernel image
// (its own kernel, "convolve").
#include <string>

#include "filter_support.hpp"
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

struct Stencil {
    const char* name;
    int op;              // STENCIL of kernels/edge_filter.cl
    bool input_named_input;  // CLIJ2 names the source "input" (laplace) or "source"
    bool float_output;   // CLIJ2 creates a float destination (tenengrad); else the source's type
    const char* what;    // the definition
    const char* source;  // CLIJ2's kernels and any deliberate difference
    const char* imagej = "";  // the ImageJ command it equals, with tolerance
};

// clang-format off
const Stencil kStencils[] = {
    {"laplaceBox", 0, true, false,
     "The Laplace operator over the box neighbourhood. 2D image: 8 * centre - the sum of its 8 neighbours "
     "(products in double where the device has it, rounded to float). Stack: the centre minus the sum of its "
     "26 neighbours (weight 1 for the centre, not 26: CLIJ2's laplace_box_3d kernel weights it so, and ijcl "
     "follows CLIJ2's behaviour; float sum, x offset outermost).",
     "CLIJ2 laplaceBox (kernels laplace_box_2d/3d)."},
    {"laplaceDiamond", 1, true, false,
     "The Laplace operator over the face neighbours: 2D image: 4 * centre - left - right - up - down; stack: "
     "6 * centre - its 6 face neighbours (products in double where the device has it, rounded to float).",
     "CLIJ2 laplaceDiamond (kernels laplace_diamond_2d/3d)."},
    {"sobel", 2, false, false,
     "The Sobel gradient magnitude. 2D image: sqrt(gx^2 + gy^2) with the 3x3 Sobel kernels gx = [-1 0 1; -2 0 2; "
     "-1 0 1] (x), gy its transpose (y) (products in double where the device has it, rounded to float). Stack: "
     "sqrt(gx^2 + gy^2 + gz^2) of the 3x3x3 Sobel kernels (derivative 1, 0, -1 along one axis, smoothing 1, 2, 1 "
     "along the other two; float sums).",
     "CLIJ2 sobel (kernels sobel_2d/3d). Difference from CLIJ2 for stacks: CLIJ2's sobel_3d kernel runs its "
     "innermost loop one step too far (k = 0..3 over arrays of 3), reading a fourth plane of weights beyond its "
     "3x3x3 tables (undefined behaviour); ijcl computes the 3x3x3 Sobel magnitude that kernel describes. 2D "
     "images: as CLIJ2. ImageJ's Process > Find Edges computes the same 3x3 Sobel magnitude in each plane "
     "(see sobelSliceBySlice).",
     "Process > Find Edges on a 2D image (the same 3x3 Sobel magnitude; ImageJ truncates 8- and 16-bit "
     "results, ijcl rounds to nearest: +-1; float32 within 2 float ulps, ImageJ sums in double); stacks: none"},
    {"sobelSliceBySlice", 3, false, false,
     "The 3x3 Sobel gradient magnitude of every plane on its own: sqrt(gx^2 + gy^2) with gx = [-1 0 1; -2 0 2; "
     "-1 0 1] (x) and gy its transpose (y), products in double where the device has it, rounded to float.",
     "CLIJ2 sobelSliceBySlice (kernel sobel_slice_by_slice_3d). ImageJ's Process > Find Edges computes the same "
     "magnitude (in double; 8- and 16-bit results truncated where ijcl rounds to nearest).",
     "Process > Find Edges (every slice; the same 3x3 Sobel magnitude; ImageJ truncates 8- and 16-bit results, "
     "ijcl rounds to nearest: +-1; float32 within 2 float ulps, ImageJ sums in double)"},
    {"tenengrad", 4, false, true,
     "The Tenengrad focus measure: gz^2 + gy^2 + gx^2 of the 3x3x3 Sobel gradients along z, y and x (derivative "
     "-1, 0, 1 along the axis, smoothing 1, 2, 1 along the other two; float sums in CLIJ2's order: x offset "
     "outermost, z innermost). A 2D image has no z neighbours (edge reads: gz = 0).",
     "CLIJ2 tenengrad (kernel tenengrad)."},
    {"tenengradSliceBySlice", 5, false, true,
     "CLIJ2's tenengradSliceBySlice: gz^2 + gy^2 of the 3x3x3 Sobel gradients along z and y (derivative -1, 0, 1 "
     "along the axis, smoothing 1, 2, 1 along the other two; float sums). Despite its name, CLIJ2's kernel reads "
     "the neighbouring planes and leaves out the x gradient; ijcl, whose CLIJ2 names follow CLIJ2's behaviour, "
     "does the same.",
     "CLIJ2 tenengradSliceBySlice (kernel tenengrad_slice_by_slice)."},
    {"gradientX", 6, false, false,
     "The central difference along x: destination(x, y, z) = source(x + 1, y, z) - source(x - 1, y, z) in float.",
     "CLIJ2 gradientX (kernels gradient_x_2d/3d)."},
    {"gradientY", 7, false, false,
     "The central difference along y: destination(x, y, z) = source(x, y + 1, z) - source(x, y - 1, z) in float.",
     "CLIJ2 gradientY (kernels gradient_y_2d/3d)."},
    {"gradientZ", 8, false, false,
     "The central difference along z: destination(x, y, z) = source(x, y, z + 1) - source(x, y, z - 1) in float "
     "(0 everywhere in a 2D image; CLIJ2 has no 2D kernel for it and fails there).",
     "CLIJ2 gradientZ (kernel gradient_z_3d)."},
};
// clang-format on

void add_stencil(Registry& r, const Stencil& s) {
    const Stencil* row = &s;
    const std::string in = s.input_named_input ? "input" : "source";
    std::string doc = std::string(s.what) +
                      " Pixels outside the image take the value of the nearest edge pixel (CLIJ2's clamp-to-edge "
                      "reads). Input: any pixel type, read as float. Output: same shape, ";
    doc += s.float_output ? "float32 (as CLIJ2 creates it). "
                          : "the source's pixel type (as CLIJ2 creates it): in uint8/uint16 negative results "
                            "become 0, larger ones saturate, fractions round to nearest (CLIJ2's integer "
                            "conversion also saturates). Use a float32 source for signed results. ";
    doc += "Errors: none beyond a missing image. Source: ";
    doc += s.source;
    OpBuilder b = r.add(s.name, "Filter");
    if (*s.imagej) b.imagej(s.imagej);
    b.doc(doc)
        .input(in, "image or stack, any pixel type")
        .output("destination", s.float_output ? "float32 result, same shape" : "result, same shape and pixel type",
                [row, in](const OpCall& c) {
                    const Image& src = c.input(in);
                    return OutputDesc{src.shape(), row->float_output ? PixelType::Float32 : src.type(),
                                      ImageKind::Intensity};
                })
        .run([row, in](OpCall& c) {
            Image& src = c.input(in);
            Image& dst = c.output("destination");
            c.kernel("edge_filter.cl", "stencil", {{"SRC", &src}, {"DST", &dst}},
                     {{"STENCIL", std::to_string(row->op)}})
                .image(src).image(dst).shape(src)
                .run(range_of(src), pixel_group(c, src.shape()));
        });
}

void add_convolve(Registry& r) {
    r.add("convolve", "Filter")
        .doc("Convolution with a kernel image, as CLIJ2 defines it: destination(p) = the sum over offsets d with "
             "|d| <= size / 2 on each axis of convolution_kernel(c + d) * source(p + d), c = (width / 2, height / 2, "
             "depth / 2) of the kernel (integer division), in float, x offset outermost. This is a correlation: the "
             "kernel is not mirrored (for a symmetric kernel the two agree). Odd kernel sizes are recommended (as "
             "in CLIJ2): an even size reads its last column / row / plane twice (CLIJ2's clamped kernel reads). A 2D "
             "source (depth 1) uses the kernel's first plane only. Source pixels outside the image take the value "
             "of the nearest edge pixel. Input: source and kernel of any pixel types, read as float. Output: float32, "
             "the source's shape (as CLIJ2 creates it). Cost: one product per kernel pixel and output pixel. Errors: "
             "none beyond missing images. Source: CLIJ2 convolve (kernels convolve_2d/3d).")
        .input("source", "image or stack to filter, any pixel type")
        .input("convolution_kernel", "kernel image (odd width, height, depth recommended), any pixel type")
        .output("destination", "float32 result, the source's shape", shape_of("source", PixelType::Float32))
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& ker = c.input("convolution_kernel");
            Image& dst = c.output("destination");
            const Shape& k = ker.shape();
            c.kernel("edge_filter.cl", "convolve", {{"SRC", &src}, {"KER", &ker}, {"DST", &dst}}, {{"CONVOLVE", "1"}})
                .image(src).image(ker).image(dst).shape(src)
                .i64(static_cast<std::int64_t>(k.width)).i64(static_cast<std::int64_t>(k.height))
                .i64(static_cast<std::int64_t>(k.depth))
                .run(range_of(src), pixel_group(c, src.shape()));
        });
}

}  // namespace

void register_edge_filter_ops(Registry& r) {
    for (const Stencil& s : kStencils) add_stencil(r, s);
    add_convolve(r);
}

}  // namespace ijcl
