// Rank filters: mean / median / minimum / maximum over 2D and 3D spheres and boxes, and the
// top-hats topHatBox / topHatSphere. Neighbourhoods and kernels: rank_filters.{hpp,cpp},
// kernels/rank_filters.cl.
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

void add_rank_op(Registry& r, const OpKind& kind, Shape2 shape) {
    const bool is3d = shape == Shape2::Sphere3D || shape == Shape2::Box3D;
    const bool sphere = shape == Shape2::Sphere2D || shape == Shape2::Sphere3D;
    const std::string name = std::string(kind.prefix) + (is3d ? "3D" : "2D") + (sphere ? "Sphere" : "Box");
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
    b.doc("Replaces every pixel by " + std::string(kind.what) + " of its neighbourhood " +
          neighbourhood_doc(shape) + kFarRadiusDoc + rounding_doc(kind.op, shape) +
          " Same shape and pixel type as source (uint8, uint16, float32). Errors: a negative "
          "radius" + (sphere ? "" : " or a fractional one") + ". Source: " +
          (shape == Shape2::Sphere2D ? "ImageJ ij.plugin.filter.RankFilters"
           : shape == Shape2::Sphere3D ? "ImageJ ij.plugin.Filters3D / ij.process.StackProcessor.filter3D"
                                       : "CLIJ2's box filters") + ".")
        .input("source", "image or stack to filter")
        .output("destination", "filtered image, same shape and pixel type", same_as("source"));
    if (!imagej.empty()) b.imagej(imagej);
    if (kind.op == RankOp::Median)  // CLIJ2 names the median's radii radiusX, radiusY, radiusZ
        b.clij2(std::string("Image source, ByRef Image destination, Number radiusX, Number radiusY") +
                (is3d ? ", Number radiusZ" : ""));
    const char* axes[3] = {"radius_x", "radius_y", "radius_z"};
    const char* axis_names[3] = {"x", "y", "z"};
    for (int a = 0; a < (is3d ? 3 : 2); ++a) {
        if (sphere) b.number(axes[a], "2", axis_doc(axis_names[a]), 0, kMaxRadius);
        else b.integer(axes[a], "1", axis_doc(axis_names[a]), 0, kMaxRadius);
    }
    const RankOp op = kind.op;
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

// destination = source - maximum(minimum(source)) over the same neighbourhood.
void top_hat(OpCall& c, bool sphere) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    ImagePtr eroded = c.temp(src.shape(), src.type());
    const double rx = c.number("radius_x"), ry = c.number("radius_y"), rz = c.number("radius_z");
    // The maximum pass writes source - opening directly.
    if (!sphere) {
        const int ix = static_cast<int>(rx), iy = static_cast<int>(ry), iz = static_cast<int>(rz);
        box_filter(c, src, *eroded, ix, iy, iz, RankOp::Minimum);
        box_filter(c, *eroded, dst, ix, iy, iz, RankOp::Maximum, &src);
    } else {
        const Neighbourhood n = rz == 0 ? circle_neighbourhood(c, src.shape(), rx, ry)
                                        : ellipsoid_neighbourhood(c, src.shape(), rx, ry, rz);
        neighbourhood_filter(c, n, src, *eroded, RankOp::Minimum);
        neighbourhood_filter(c, n, *eroded, dst, RankOp::Maximum, &src);
    }
}

}  // namespace

void register_rank_filter_ops(Registry& r) {
    for (const OpKind& kind : kKinds)
        for (Shape2 shape : {Shape2::Sphere2D, Shape2::Sphere3D, Shape2::Box2D, Shape2::Box3D})
            add_rank_op(r, kind, shape);

    r.add("topHatBox", "Filter")
        .clij2("Image input, ByRef Image destination, Number radiusX, Number radiusY, Number radiusZ")
        .doc("Top-hat with a box: destination = source - opening(source), where the opening is "
             "maximum3DBox(minimum3DBox(source)) with the same radii (edges: nearest pixel). "
             "radius_z = 0 works plane by plane. Removes a background that varies more slowly than "
             "the box. Same shape and pixel type as source; integer results are exact. Errors: a "
             "negative or fractional radius. Source: CLIJ2 topHatBox.")
        .input("source", "image or stack")
        .output("destination", "source minus its opening, same shape and pixel type", same_as("source"))
        .integer("radius_x", "10", "box radius in pixels along x, a whole number >= 0", 0, kMaxRadius)
        .integer("radius_y", "10", "box radius in pixels along y, a whole number >= 0", 0, kMaxRadius)
        .integer("radius_z", "0", "box radius in pixels along z, a whole number >= 0; 0 = per plane", 0, kMaxRadius)
        .run([](OpCall& c) { top_hat(c, false); });

    r.add("topHatSphere", "Filter")
        .clij2("Image input, ByRef Image destination, Number radiusX, Number radiusY, Number radiusZ")
        .doc("Top-hat with a sphere: destination = source - opening(source), the opening being "
             "the maximum of the minimum over the same neighbourhood. With radius_z = 0 the "
             "neighbourhood is ImageJ RankFilters' circle in each plane (see minimum2DSphere; "
             "nearest-edge padding), which is ImageJ's Top Hat; with radius_z > 0 it is Filters3D's "
             "ellipsoid (see minimum3DSphere; out-of-volume voxels left out). Same shape and pixel "
             "type as source; integer results are exact. Errors: a negative radius. Source: ImageJ "
             "RankFilters TOP_HAT, Filters3D.")
        .imagej("Process > Filters > Top Hat... (radius = radius_x = radius_y, radius_z = 0, "
                "'Light background' and 'Don't subtract' off, image with a normal (not inverting) "
                "LUT; on an inverting LUT ImageJ uses a closing instead): equal, bit for bit")
        .input("source", "image or stack")
        .output("destination", "source minus its opening, same shape and pixel type", same_as("source"))
        .number("radius_x", "10", "radius in pixels along x, >= 0", 0, kMaxRadius)
        .number("radius_y", "10", "radius in pixels along y, >= 0", 0, kMaxRadius)
        .number("radius_z", "0", "radius in pixels along z, >= 0; 0 = ImageJ's 2D circle per plane", 0, kMaxRadius)
        .run([](OpCall& c) { top_hat(c, true); });
}

}  // namespace ijcl
