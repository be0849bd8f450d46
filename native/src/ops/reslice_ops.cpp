// Reslices (top, bottom, left, right): one table row per operation, one kernel
// (kernels/reslice.cl "reslice", RESLICE 1-4) that differs only in the index mapping. Values,
// pixel type and kind (binary, label) are kept.
//
// Radial reslices (resliceRadial, resliceRadialTop) and cylinderTransform: one kernel,
// kernels/reslice.cl "reslice_radial", that differs only in the sampled planes and the
// destination's axis order.
//
// Not here yet: reslicePolar, sphereTransform.
#include <cmath>
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

// The radial reslices' result: radius (int)sqrt((w/2)^2 + (h/2)^2) with integer halves, and
// (int)((float)numberOfAngles / angleStepSize) angles, as CLIJ2's createOutputBufferFromSource.
void radial_size(const OpCall& c, std::uint64_t& radius, std::uint64_t& angles) {
    const Shape& s = c.input("source").shape();
    const double hw = static_cast<double>(s.width / 2), hh = static_cast<double>(s.height / 2);
    radius = static_cast<std::uint64_t>(std::sqrt(hw * hw + hh * hh));
    if (radius < 1) c.fail("source", "is too small for a radial reslice (its half diagonal is below 1 pixel)");
    const double step = c.number("angleStepSize");
    if (!(step > 0)) c.fail("angleStepSize", "must be above 0");
    // CLIJ2: (int)((float)(int)numberOfAngles / angleStepSize)
    const float whole = static_cast<float>(std::trunc(c.number("numberOfAngles")));
    const double n = std::floor(static_cast<double>(whole / static_cast<float>(step)));
    if (n < 1) c.fail("angleStepSize", "numberOfAngles / angleStepSize must be at least 1");
    if (n * static_cast<double>(radius) * static_cast<double>(s.depth) > 2147483647.0)
        c.fail("numberOfAngles", "the result would have more than 2^31 - 1 pixels");
    angles = static_cast<std::uint64_t>(n);
}

void add_radial(Registry& r, const char* name, bool top) {
    const std::string layout = top ? "radius x angles x planes: destination (r, k, p)" : "radius x planes x angles: destination (r, p, k)";
    r.add(name, "Transform")
        .doc(std::string("Samples every plane p of source along rays from (centerX, centerY): the pixel at "
             "distance r (pixels, 0, 1, 2, ...) in direction angle = startAngleDegrees + k * "
             "angleStepSize (degrees; 0 points along +y, 90 along +x) lies at x = centerX + sin(angle) * r * "
             "scaleFactorX, y = centerY + cos(angle) * r * scaleFactorY and is interpolated bilinearly "
             "in its plane, neighbours outside the image counting as 0 (the border colour of CLIJ2's "
             "image sampler). The result is ") + layout + " (k = 0 .. angles - 1), with radius = "
             "(int)sqrt((width/2)^2 + (height/2)^2) (integer halves) and angles = (int)((int)numberOfAngles / "
             "angleStepSize), as CLIJ2 sizes it" + (top ? "; it is resliceRadial's result resliced from the top, as "
             "CLIJ2's resliceRadialTop" : "") + ". Source pixel type, any; computed in float, integer "
             "results rounded half up and saturated (CLIJ2 reads integer images through a linear "
             "sampler, which OpenCL leaves undefined, and truncates). Centre and positions in pixels "
             "(ImageJ's pixel centres at whole coordinates). Errors: angleStepSize <= 0; fewer than 1 "
             "angle; an image whose half diagonal is below 1 pixel; a result over 2^31 - 1 pixels. "
             "Source: CLIJ2 " + name + " (reslice_radial kernel, pixel-centre version of clEsperanto).")
        .imagej("similar to Image > Stacks > Radial Reslice (not equal: other sampling and layout)")
        .input("source", "image or stack, any pixel type")
        .output("destination", "the radial reslice", [top](const OpCall& c) {
            std::uint64_t radius, angles;
            radial_size(c, radius, angles);
            const Image& s = c.input("source");
            const Shape out = top ? Shape{radius, angles, s.shape().depth} : Shape{radius, s.shape().depth, angles};
            return OutputDesc{out, s.type(), ImageKind::Intensity};
        })
        .number("numberOfAngles", "360", "the angle range covered, degrees (angles = numberOfAngles / angleStepSize)", 1, 1e6)
        .number("angleStepSize", "1", "degrees between two rays, > 0", 1e-6, 1e6)
        .number("startAngleDegrees", "0", "direction of the first ray, degrees", -1e6, 1e6)
        .number("centerX", "0", "x of the rays' origin, pixels", -1e9, 1e9)
        .number("centerY", "0", "y of the rays' origin, pixels", -1e9, 1e9)
        .number("scaleFactorX", "1", "pixels per unit of radius along x", -1e6, 1e6)
        .number("scaleFactorY", "1", "pixels per unit of radius along y", -1e6, 1e6)
        .run([top](OpCall& c) {
            const Image& s = c.input("source");
            Image& d = c.output("destination");
            c.kernel("reslice.cl", "reslice_radial", {{"SRC", &s}, {"DST", &d}},
                     {{"RESLICE", "0"}, {"RADIAL_MODE", top ? "1" : "0"}})
                .image(s).image(d).shape(s).shape(d)
                .f32(static_cast<float>(c.number("angleStepSize"))).f32(static_cast<float>(c.number("startAngleDegrees")))
                .f32(static_cast<float>(c.number("centerX"))).f32(static_cast<float>(c.number("centerY")))
                .f32(static_cast<float>(c.number("scaleFactorX"))).f32(static_cast<float>(c.number("scaleFactorY")))
                .run(range_of(d));
        });
}

// cylinderTransform's result: number_of_angles x height x radius, radius = (int)sqrt((w/2)^2 +
// (d/2)^2) (integer halves), as CLIJ2's createOutputBufferFromSource.
Shape cylinder_shape(const OpCall& c) {
    const Shape& s = c.input("input").shape();
    const double hw = static_cast<double>(s.width / 2), hd = static_cast<double>(s.depth / 2);
    const std::uint64_t radius = static_cast<std::uint64_t>(std::sqrt(hw * hw + hd * hd));
    if (radius < 1) c.fail("input", "is too small for a cylinder transform (half of its width and depth below 1 pixel)");
    const double angles = std::trunc(c.number("number_of_angles"));
    if (angles < 1) c.fail("number_of_angles", "must be at least 1");
    if (angles * static_cast<double>(s.height) * static_cast<double>(radius) > 2147483647.0)
        c.fail("number_of_angles", "the result would have more than 2^31 - 1 pixels");
    return Shape{static_cast<std::uint64_t>(angles), s.height, radius};
}

void add_cylinder(Registry& r) {
    r.add("cylinderTransform", "Transform")
        .doc("Transforms a stack around a centre line along y into (angle, y, distance): pixel (k, y, "
             "r) of the result is the source's xz plane at y sampled at distance r (pixels) from "
             "(cx, cz) in direction angle = -90 + k * delta_angle_in_degrees (degrees; 0 points along "
             "+z, 90 along +x): x = cx + sin(angle) * r, z = cz + cos(angle) * r, interpolated "
             "bilinearly with neighbours outside the stack counting as 0. cx = (int)(width * "
             "relative_center_x), cz = (int)(depth * relative_center_z). The result is "
             "number_of_angles x height x radius, radius = (int)sqrt((width/2)^2 + (depth/2)^2) "
             "(integer halves), float32 whatever the source type: CLIJ2 reslices from the top, "
             "radially reslices that (start angle -90) into a float image and transposes x and z, "
             "which this computes in one pass. Errors: number_of_angles below 1; a stack whose half "
             "width and half depth make a radius below 1; a result over 2^31 - 1 pixels. Source: "
             "CLIJ2 cylinderTransform.")
        .input("input", "image stack, any pixel type")
        .output("destination", "float32, number_of_angles x height x radius", [](const OpCall& c) {
            return OutputDesc{cylinder_shape(c), PixelType::Float32, ImageKind::Intensity};
        })
        .number("number_of_angles", "360", "number of angles (whole; fractions truncated, as CLIJ2)", 1, 1e6)
        .number("delta_angle_in_degrees", "1", "degrees between two angles", -1e6, 1e6)
        .number("relative_center_x", "0.5", "centre line's x as a fraction of the width", -1e6, 1e6)
        .number("relative_center_z", "0.5", "centre line's z as a fraction of the depth", -1e6, 1e6)
        .run([](OpCall& c) {
            const Image& s = c.input("input");
            Image& d = c.output("destination");
            const float cx = static_cast<float>(static_cast<std::int64_t>(static_cast<float>(s.shape().width) *
                                                                          static_cast<float>(c.number("relative_center_x"))));
            const float cz = static_cast<float>(static_cast<std::int64_t>(static_cast<float>(s.shape().depth) *
                                                                          static_cast<float>(c.number("relative_center_z"))));
            c.kernel("reslice.cl", "reslice_radial", {{"SRC", &s}, {"DST", &d}}, {{"RESLICE", "0"}, {"RADIAL_MODE", "2"}})
                .image(s).image(d).shape(s).shape(d)
                .f32(static_cast<float>(c.number("delta_angle_in_degrees"))).f32(-90.0f).f32(cx).f32(cz).f32(1.0f).f32(1.0f)
                .run(range_of(d));
        });
}

}  // namespace

void register_reslice_ops(Registry& r) {
    for (const Reslice& row : kReslices) add_reslice(r, row);
    add_radial(r, "resliceRadial", false);
    add_radial(r, "resliceRadialTop", true);
    add_cylinder(r);
}

}  // namespace ijcl
