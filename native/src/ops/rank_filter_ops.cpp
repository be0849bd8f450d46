// Rank filters: mean / median / minimum / maximum over 2D and 3D spheres and boxes (and CLIJ2's
// slice-by-slice names of the 2D ones), the minimum-then-maximum compositions (one table: top-hats,
// bottom-hats, greyscale openings and closings) and the octagon filters (iterated 3x3 box and
// diamond steps). Neighbourhoods and kernels: rank_filters.{hpp,cpp}, kernels/rank_filters.cl.
#include <algorithm>
#include <cmath>
#include <string>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "rank_filters.hpp"

namespace ijcl {
namespace {

enum class Shape2 { Sphere2D, Sphere3D, Box2D, Box3D };

// Radii beyond this are refused by the registry (neighbourhood sizes are checked separately).
constexpr double kMaxRadius = 100000;

struct OpKind {
    const char* prefix;  // "mean", "median", "minimum", "maximum"
    RankOp op;
    const char* what;    // for the documentation
    const char* imagej;  // ImageJ command name stem: "Mean", "Median", ...
};

const OpKind kKinds[] = {
    {"mean", RankOp::Mean, "the mean", "Mean"},
    {"median", RankOp::Median, "the median", "Median"},
    {"minimum", RankOp::Minimum, "the minimum", "Minimum"},
    {"maximum", RankOp::Maximum, "the maximum", "Maximum"},
};

std::string rounding_doc(RankOp op, Shape2 shape) {
    switch (op) {
        case RankOp::Mean:
            return shape == Shape2::Sphere3D
                       ? " The mean is computed in double precision and rounded to nearest for "
                         "integer types, as Filters3D does."
                   : shape == Shape2::Sphere2D
                       ? " The mean is summed in double precision, divided, rounded to float and "
                         "then to the nearest integer for integer types, as RankFilters does."
                       : " Computed by separable passes: for 8- and 16-bit images whose box sums "
                         "stay below 2^24, exact sums divided once; otherwise each pass takes the "
                         "mean along its axis (summed relative to the pixel's own value, in double "
                         "where the device has it, so a constant image keeps its value exactly), "
                         "kept in float between passes. Rounded to nearest for integer types.";
        case RankOp::Median:
            return shape == Shape2::Sphere3D
                       ? " Where the volume border leaves an even number of voxels, the median is "
                         "the mean of the two middle values, rounded half up for integer types "
                         "(Filters3D's rule); elsewhere the count is odd and the median is the "
                         "middle value. Up to 125 voxels it is selected in registers by forgetful "
                         "selection (repeatedly dropping the smallest and largest of "
                         "(n+1)/2+1 kept values), beyond that found by bisection on the values "
                         "(up to " + std::to_string(kMaxNeighbourhoodPoints) + " voxels)."
                       : " The neighbourhood always has an odd number of pixels; the median is "
                         "the middle value, selected in registers by forgetful selection up to "
                         "125 pixels and found by bisection on the values beyond (neighbourhoods "
                         "up to " + std::to_string(kMaxNeighbourhoodPoints) + " pixels).";
        default:
            return "";
    }
}

std::string neighbourhood_doc(Shape2 shape) {
    switch (shape) {
        case Shape2::Sphere2D:
            return "in each plane, over ImageJ RankFilters' circular neighbourhood: the pixels "
                   "with dx^2 + dy^2 <= (int)(r*r) + 1 (radius 1: 3x3 = 9 pixels; 2: 21; 3.5: 45; "
                   "0 or 0.5: the 5-pixel cross; RankFilters widens r in [1.5, 1.75) to 1.75 and "
                   "[2.5, 2.85) to 2.85). With radius_x != radius_y the ellipse dx^2/r2x + "
                   "dy^2/r2y <= 1 with r2 = (int)(r*r) + 1 per axis, which is ImageJ's circle "
                   "when the radii are equal. Pixels outside the image take the value of the "
                   "nearest edge pixel.";
        case Shape2::Sphere3D:
            return "over ImageJ Filters3D's ellipsoid: the voxels with dx^2/rx^2 + dy^2/ry^2 + "
                   "dz^2/rz^2 <= 1 (radii taken as float; a radius of 0 gives no extent along its "
                   "axis; radius 2 in all axes: 33 voxels). Voxels outside the volume are left "
                   "out, as in Filters3D, so the neighbourhood shrinks at the borders.";
        case Shape2::Box2D:
            return "in each plane, over the (2*radius_x+1) x (2*radius_y+1) rectangle; pixels "
                   "outside the image take the value of the nearest edge pixel.";
        case Shape2::Box3D:
            return "over the (2*radius_x+1) x (2*radius_y+1) x (2*radius_z+1) box; voxels outside "
                   "the volume take the value of the nearest edge voxel.";
    }
    return "";
}

// Radii beyond the image (all rank filters).
const char* kFarRadiusDoc =
    " Radii may reach far beyond the image: the neighbourhood is clipped to the image first (points "
    "beyond its edges counted on the edge pixels they read, or left out where outside voxels are "
    "left out), which gives the same result with at most (2w-1)(2h-1)(2d-1) points; a limit on "
    "the number of points applies after clipping.";

// slice_by_slice: CLIJ2's <op>SliceBySlice<Sphere|Box> name of a 2D filter, which already works
// plane by plane on a stack (the same operation under the name CLIJ2 gives its stack version).
// The tiling footprint of `passes` filter passes with these radii: ImageJ's circle reaches at most
// ceil(r) + 1 pixels (its widened squared radius), the ellipsoid and the box r.
Footprint rank_footprint(const OpCall& c, int axes, int passes) {
    const char* names[3] = {"radius_x", "radius_y", "radius_z"};
    Footprint f;
    for (int a = 0; a < axes; ++a)
        f.halo[a] = static_cast<std::uint64_t>(passes) * (static_cast<std::uint64_t>(std::ceil(c.number(names[a]))) + 1);
    return f;
}

void add_rank_op(Registry& r, const OpKind& kind, Shape2 shape, bool slice_by_slice = false) {
    const bool is3d = shape == Shape2::Sphere3D || shape == Shape2::Box3D;
    const bool sphere = shape == Shape2::Sphere2D || shape == Shape2::Sphere3D;
    const std::string name_2d = std::string(kind.prefix) + (is3d ? "3D" : "2D") + (sphere ? "Sphere" : "Box");
    const std::string name = slice_by_slice ? std::string(kind.prefix) + "SliceBySlice" + (sphere ? "Sphere" : "Box")
                                            : name_2d;
    const std::string radius_doc = sphere ? "radius in pixels along %, any number >= 0"
                                          : "radius in pixels along %, a whole number >= 0";
    auto axis_doc = [&](const char* axis) {
        std::string d = radius_doc;
        d.replace(d.find('%'), 1, axis);
        return d;
    };
    std::string imagej;
    if (shape == Shape2::Sphere2D)
        imagej = std::string("Process > Filters > ") + kind.imagej +
                 "... (radius = radius_x = radius_y; every slice of a stack): equal, bit for bit";
    else if (shape == Shape2::Sphere3D)
        imagej = std::string("Process > Filters > ") + kind.imagej +
                 " 3D... (x, y, z radius): equal, bit for bit";
    OpBuilder b = r.add(name, "Filter");
    const std::string slice_doc =
        slice_by_slice ? "CLIJ2's slice-by-slice name of " + name_2d + ", which is the same operation (every "
                         "plane of a stack filtered on its own; a 2D image is one plane)." +
                         std::string(sphere ? " Difference from CLIJ2: its slice-by-slice sphere kernel takes the "
                                              "pixels with dx^2/rx^2 + dy^2/ry^2 <= 1 (radius 1: the 5-pixel cross); "
                                              "ijcl uses ImageJ's circle, as " + name_2d + " does. "
                                            : " ")
                       : std::string();
    b.doc(slice_doc + "Replaces every pixel by " + std::string(kind.what) + " of its neighbourhood " +
          neighbourhood_doc(shape) + kFarRadiusDoc + rounding_doc(kind.op, shape) +
          " Same shape and pixel type as source (uint8, uint16, float32). Errors: a negative "
          "radius" + (sphere ? "" : " or a fractional one") + ". Source: " +
          (shape == Shape2::Sphere2D ? "ImageJ ij.plugin.filter.RankFilters"
           : shape == Shape2::Sphere3D ? "ImageJ ij.plugin.Filters3D / ij.process.StackProcessor.filter3D"
                                       : "CLIJ2's box filters") + ".")
        .input("source", "image or stack to filter")
        .output("destination", "filtered image, same shape and pixel type", same_as("source"));
    if (!imagej.empty()) b.imagej(imagej);
    if (kind.op == RankOp::Median || slice_by_slice)  // CLIJ2's radiusX, radiusY(, radiusZ)
        b.clij2(std::string("Image source, ByRef Image destination, Number radiusX, Number radiusY") +
                (is3d ? ", Number radiusZ" : ""));
    const char* axes[3] = {"radius_x", "radius_y", "radius_z"};
    const char* axis_names[3] = {"x", "y", "z"};
    for (int a = 0; a < (is3d ? 3 : 2); ++a) {
        if (sphere) b.number(axes[a], "2", axis_doc(axis_names[a]), 0, kMaxRadius);
        else b.integer(axes[a], "1", axis_doc(axis_names[a]), 0, kMaxRadius);
    }
    const RankOp op = kind.op;
    b.tiles_with_halo([is3d](const OpCall& c) { return rank_footprint(c, is3d ? 3 : 2, 1); });
    b.run([op, shape](OpCall& c) {
        const Image& src = c.input("source");
        Image& dst = c.output("destination");
        switch (shape) {
            case Shape2::Sphere2D:
                neighbourhood_filter(c, circle_neighbourhood(c, src.shape(), c.number("radius_x"), c.number("radius_y")),
                                     src, dst, op);
                break;
            case Shape2::Sphere3D:
                neighbourhood_filter(c, ellipsoid_neighbourhood(c, src.shape(), c.number("radius_x"),
                                                                c.number("radius_y"), c.number("radius_z")),
                                     src, dst, op);
                break;
            case Shape2::Box2D:
                box_filter(c, src, dst, static_cast<int>(c.integer("radius_x")),
                           static_cast<int>(c.integer("radius_y")), 0, op);
                break;
            case Shape2::Box3D:
                box_filter(c, src, dst, static_cast<int>(c.integer("radius_x")),
                           static_cast<int>(c.integer("radius_y")),
                           static_cast<int>(c.integer("radius_z")), op);
                break;
        }
    });
}

// --- Compositions: a minimum or maximum filter followed by the other over the same neighbourhood,
// then optionally a subtraction. One row per operation.
enum class Finish { None, SourceMinusResult, ResultMinusSource };

struct Composite {
    const char* name;
    bool sphere;
    RankOp first, second;
    Finish finish;
    const char* clij2;         // CLIJ2's help text when its names differ from ijcl's; nullptr: derived
    const char* default_radius;
    const char* what;          // the first sentence of the documentation
    const char* clij2_note;    // the source and every difference from CLIJ2
    const char* imagej;        // ImageJ equivalent or ""
};

constexpr const char* kHatText = "Image input, ByRef Image destination, Number radiusX, Number radiusY, Number radiusZ";

const Composite kComposites[] = {
    {"topHatBox", false, RankOp::Minimum, RankOp::Maximum, Finish::SourceMinusResult, kHatText, "10",
     "Top-hat with a box: destination = source - opening(source), where the opening is "
     "maximum3DBox(minimum3DBox(source)) with the same radii (edges: nearest pixel). Removes a "
     "background that varies more slowly than the box; integer results are exact.",
     "Source: CLIJ2 topHatBox.", ""},
    {"topHatSphere", true, RankOp::Minimum, RankOp::Maximum, Finish::SourceMinusResult, kHatText, "10",
     "Top-hat with a sphere: destination = source - opening(source), the opening being the maximum "
     "of the minimum over the same neighbourhood; integer results are exact.",
     "Source: ImageJ RankFilters TOP_HAT, Filters3D; CLIJ2 topHatSphere.",
     "Process > Filters > Top Hat... (radius = radius_x = radius_y, radius_z = 0, 'Light background' "
     "and 'Don't subtract' off, image with a normal (not inverting) LUT; on an inverting LUT ImageJ "
     "uses a closing instead): equal, bit for bit"},
    {"bottomHatBox", false, RankOp::Maximum, RankOp::Minimum, Finish::ResultMinusSource, kHatText, "10",
     "Bottom-hat with a box: destination = closing(source) - source, where the closing is "
     "minimum3DBox(maximum3DBox(source)) with the same radii (edges: nearest pixel). Brings out "
     "dark structures smaller than the box on a brighter background; integer results are exact "
     "(the closing is never below the source).",
     "Source: pyclesperanto_prototype bottom_hat_box (CLIJ2's documented bottom-hat). Difference "
     "from CLIJ2's Java (BottomHatBox), deliberately not followed: it subtracts the other way round "
     "(source - closing, which is 0 everywhere for integer images and the negated bottom-hat for "
     "float32) and passes radiusX as the y radius of its first (maximum) pass.",
     ""},
    {"bottomHatSphere", true, RankOp::Maximum, RankOp::Minimum, Finish::ResultMinusSource, kHatText, "10",
     "Bottom-hat with a sphere: destination = closing(source) - source, the closing being the "
     "minimum of the maximum over the same neighbourhood; integer results are exact.",
     "Source: pyclesperanto_prototype bottom_hat_sphere (CLIJ2's documented bottom-hat). Difference "
     "from CLIJ2's Java (BottomHatSphere), deliberately not followed: it filters minimum first and "
     "maximum second (an opening) and subtracts that from the source, which is a top-hat, with "
     "radiusX as the y radius of its first pass. ImageJ has no bottom-hat command; the tests compare "
     "with RankFilters CLOSE (2D) and Filters3D MAX then MIN (3D), minus the source.",
     ""},
    {"greyscaleOpeningBox", false, RankOp::Minimum, RankOp::Maximum, Finish::None, nullptr, "1",
     "Greyscale opening with a box: maximum3DBox(minimum3DBox(source)) with the same radii (edges: "
     "nearest pixel). Bright structures smaller than the box disappear.",
     "Source: CLIJ2 greyscaleOpeningBox. Difference from CLIJ2's Java: for a stack it passes "
     "radius_y as the z radius of its second (maximum) pass; ijcl uses radius_z for both passes, as "
     "pyclesperanto_prototype's opening_box does.",
     ""},
    {"greyscaleOpeningSphere", true, RankOp::Minimum, RankOp::Maximum, Finish::None, nullptr, "1",
     "Greyscale opening with a sphere: the maximum of the minimum over the same neighbourhood. "
     "Bright structures smaller than the neighbourhood disappear.",
     "Source: ImageJ RankFilters OPEN (2D), Filters3D MIN then MAX (3D); CLIJ2 greyscaleOpeningSphere. "
     "Difference from CLIJ2's Java: for a stack it passes radius_y as the z radius of its second pass; "
     "ijcl uses radius_z for both.",
     "RankFilters OPEN (ij.plugin.filter.RankFilters.rank(ip, radius, RankFilters.OPEN) on every "
     "slice; radius = radius_x = radius_y, radius_z = 0): equal, bit for bit"},
    {"greyscaleClosingBox", false, RankOp::Maximum, RankOp::Minimum, Finish::None, nullptr, "1",
     "Greyscale closing with a box: minimum3DBox(maximum3DBox(source)) with the same radii (edges: "
     "nearest pixel). Dark structures smaller than the box disappear.",
     "Source: CLIJ2 greyscaleClosingBox. Difference from CLIJ2's Java: for a stack it passes "
     "radius_y as the z radius of its second (minimum) pass; ijcl uses radius_z for both passes, as "
     "pyclesperanto_prototype's closing_box does.",
     ""},
    {"greyscaleClosingSphere", true, RankOp::Maximum, RankOp::Minimum, Finish::None, nullptr, "1",
     "Greyscale closing with a sphere: the minimum of the maximum over the same neighbourhood. Dark "
     "structures smaller than the neighbourhood disappear.",
     "Source: ImageJ RankFilters CLOSE (2D), Filters3D MAX then MIN (3D); CLIJ2 greyscaleClosingSphere. "
     "Difference from CLIJ2's Java: for a stack it passes radius_y as the z radius of its second pass; "
     "ijcl uses radius_z for both.",
     "RankFilters CLOSE (ij.plugin.filter.RankFilters.rank(ip, radius, RankFilters.CLOSE) on every "
     "slice; radius = radius_x = radius_y, radius_z = 0): equal, bit for bit"},
};

const char* kBoxCompositeDoc =
    " radius_z = 0 (or a 2D image) works plane by plane. Same shape and pixel type as source "
    "(uint8, uint16, float32). Radii in pixels, whole numbers. Errors: a negative or fractional radius. ";
const char* kSphereCompositeDoc =
    " Neighbourhood: with radius_z = 0, or on a 2D image, ImageJ RankFilters' circle in each plane "
    "(see minimum2DSphere; nearest-edge padding); otherwise Filters3D's ellipsoid (see "
    "minimum3DSphere; out-of-volume voxels left out). CLIJ2's own sphere kernels (dx^2/rx^2 + "
    "dy^2/ry^2 (+ dz^2/rz^2) <= 1, clamped edges) are smaller; ijcl uses ImageJ's, as its sphere "
    "filters do. Same shape and pixel type as source (uint8, uint16, float32). Radii in pixels, any "
    "number >= 0 (CLIJ2 rounds them to integers). Errors: a negative radius. ";

void run_composite(OpCall& c, const Composite& k) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    ImagePtr first = c.temp(src.shape(), src.type());
    ImagePtr second = k.finish == Finish::ResultMinusSource ? c.temp(src.shape(), src.type()) : nullptr;
    Image& target = second ? *second : dst;
    const Image* minuend = k.finish == Finish::SourceMinusResult ? &src : nullptr;
    const double rx = c.number("radius_x"), ry = c.number("radius_y"), rz = c.number("radius_z");
    if (!k.sphere) {
        const int ix = static_cast<int>(rx), iy = static_cast<int>(ry), iz = static_cast<int>(rz);
        box_filter(c, src, *first, ix, iy, iz, k.first);
        box_filter(c, *first, target, ix, iy, iz, k.second, minuend);
    } else {
        const Neighbourhood n = rz == 0 || src.shape().depth == 1 ? circle_neighbourhood(c, src.shape(), rx, ry)
                                                                  : ellipsoid_neighbourhood(c, src.shape(), rx, ry, rz);
        neighbourhood_filter(c, n, src, *first, k.first);
        neighbourhood_filter(c, n, *first, target, k.second, minuend);
    }
    if (second) subtract_images(c, *second, src, dst);
}

void add_composite(Registry& r, const Composite& k) {
    OpBuilder b = r.add(k.name, "Filter");
    b.doc(std::string(k.what) + (k.sphere ? kSphereCompositeDoc : kBoxCompositeDoc) + k.clij2_note)
        .input("source", "image or stack")
        .output("destination", "result, same shape and pixel type", same_as("source"));
    if (k.clij2) b.clij2(k.clij2);
    if (*k.imagej) b.imagej(k.imagej);
    const char* axes[3] = {"radius_x", "radius_y", "radius_z"};
    const char* axis_names[3] = {"x", "y", "z"};
    for (int a = 0; a < 3; ++a) {
        const std::string dflt = a == 2 ? "0" : k.default_radius;
        const std::string d = std::string("radius in pixels along ") + axis_names[a] +
                              (k.sphere ? ", >= 0" : ", a whole number >= 0") +
                              (a == 2 ? "; 0 = plane by plane" : "");
        if (k.sphere) b.number(axes[a], dflt, d, 0, kMaxRadius);
        else b.integer(axes[a], dflt, d, 0, kMaxRadius);
    }
    const Composite* row = &k;
    b.tiles_with_halo([](const OpCall& c) { return rank_footprint(c, 3, 2); });
    b.run([row](OpCall& c) { run_composite(c, *row); });
}

// --- minimumOctagon / maximumOctagon: `iterations` minimum (maximum) filter steps, alternating a
// 3x3(x3) box (steps 1, 3, 5, ...) and the diamond of the face neighbours (steps 2, 4, ...).
// The steps that change anything: after (w-1)+(h-1)+(d-1) steps every pixel holds the extreme of
// the whole image (each step reaches one face neighbour further) and further steps change nothing.
std::int64_t octagon_steps(const OpCall& c) {
    const Shape& s = c.input("source").shape();
    const std::int64_t covering = static_cast<std::int64_t>(s.width + s.height + s.depth) - 3;
    return std::min<std::int64_t>(c.integer("iterations"), std::max<std::int64_t>(covering, 1));
}

// Tiles: a pixel after n steps depends on the pixels at most n away along each axis (one per
// step, box or diamond), so a halo of n keeps every core pixel's result; in a stack the halo
// also keeps a tile's depth above 1 (its filters stay 3D).
Footprint octagon_footprint(const OpCall& c) {
    const std::uint64_t steps = static_cast<std::uint64_t>(octagon_steps(c));
    Footprint f;
    f.halo[0] = f.halo[1] = steps;
    f.halo[2] = c.input("source").shape().depth > 1 ? steps : 0;
    return f;
}

void run_octagon(OpCall& c, RankOp op) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    const Shape& s = src.shape();
    const int rz = s.depth > 1 ? 1 : 0;
    const std::int64_t steps = octagon_steps(c);
    if (steps == 0) {
        c.copy_buffer(src.buffer(), dst.buffer(), src.bytes());
        return;
    }
    const Neighbourhood diamond = ellipsoid_neighbourhood(c, s, 1, 1, rz);
    ImagePtr temps[2];
    const Image* current = &src;
    for (std::int64_t i = 0; i < steps; ++i) {
        Image* target = &dst;
        if (i + 1 < steps) {
            ImagePtr& t = temps[i % 2];
            if (!t) t = c.temp(s, src.type());
            target = t.get();
        }
        if (i % 2 == 0) box_filter(c, *current, *target, 1, 1, rz, op);
        else neighbourhood_filter(c, diamond, *current, *target, op);
        current = target;
    }
}

void add_octagon(Registry& r, const char* name, RankOp op) {
    const std::string what = op == RankOp::Minimum ? "minimum" : "maximum";
    r.add(name, "Filter")
        .clij2("Image input, ByRef Image destination, Number iterations")
        .doc("Applies a " + what + " filter `iterations` times, alternating a 3x3 box (3x3x3 for a stack) "
             "in the odd steps (1st, 3rd, ...) with the diamond of the face neighbours (4 in 2D, 6 in "
             "3D) in the even steps, so that from 3 iterations on the overall neighbourhood is an "
             "octagon (roughly a sphere of radius iterations - 2, as CLIJ2 describes it). Stacks with "
             "depth > 1 are filtered in 3D. Pixels outside the image are the nearest edge pixel (for a " +
             what + " the same as leaving them out). 0 iterations copies the source. Same shape and "
             "pixel type as source (uint8, uint16, float32). Iterations beyond (width-1)+(height-1)+"
             "(depth-1) give the same result as that many (every pixel then holds the image's " + what +
             "). Errors: a negative or fractional number of iterations. Source: CLIJ2 " + name +
             " (the order of box and diamond steps of its Java).")
        .input("source", "image or stack")
        .output("destination", "filtered image, same shape and pixel type", same_as("source"))
        .integer("iterations", "2", "number of 3x3 filter steps, a whole number >= 0", 0, 1e9)
        .tiles_with_halo(octagon_footprint)
        .run([op](OpCall& c) { run_octagon(c, op); });
}

}  // namespace

void register_rank_filter_ops(Registry& r) {
    for (const OpKind& kind : kKinds)
        for (Shape2 shape : {Shape2::Sphere2D, Shape2::Sphere3D, Shape2::Box2D, Shape2::Box3D})
            add_rank_op(r, kind, shape);

    add_rank_op(r, kKinds[0], Shape2::Sphere2D, true);  // meanSliceBySliceSphere
    add_rank_op(r, kKinds[1], Shape2::Sphere2D, true);  // medianSliceBySliceSphere
    add_rank_op(r, kKinds[2], Shape2::Sphere2D, true);  // minimumSliceBySliceSphere
    add_rank_op(r, kKinds[3], Shape2::Sphere2D, true);  // maximumSliceBySliceSphere
    add_rank_op(r, kKinds[1], Shape2::Box2D, true);     // medianSliceBySliceBox
    for (const Composite& k : kComposites) add_composite(r, k);
    add_octagon(r, "minimumOctagon", RankOp::Minimum);
    add_octagon(r, "maximumOctagon", RankOp::Maximum);
}

}  // namespace ijcl
