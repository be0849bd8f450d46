// Local maxima detection: detectMaxima2DBox, detectMaxima3DBox. Kernel: kernels/detection.cl.
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

const char* kMaximaRule =
    " A pixel is a maximum when no pixel of the box around it (the part inside the image; "
    "nothing outside counts) is larger and no pixel of the box with the same value comes earlier "
    "in raster order (smaller index x + width*(y + height*z)). CLIJ2 documents the rule as 'no "
    "other pixel in the radius has a higher intensity'; the tie-break is ijcl's, so that a "
    "plateau no wider than the box gives exactly one maximum (its first pixel in raster order) "
    "rather than a patch. NaN pixels are never maxima and are ignored as neighbours. Radius 0 in "
    "every axis marks every pixel. Input: any pixel type (compared exactly in that type). "
    "Output: binary (uint8 0/1), same shape. Radii in pixels. ImageJ has no equivalent (Process "
    "> Find Maxima uses prominence). Differs from CLIJ2 (also under Ext.CLIJ2_): CLIJ2 first "
    "smooths with a mean box of the given radii and then marks maxima of the 3x3(x3) box, and never "
    "marks the first row, column or plane; ijcl uses the radii as the maxima neighbourhood without "
    "smoothing. CLIJ2's result with radius r is ijcl's mean2DBox/mean3DBox with radius r followed "
    "by this operation with radius 1 (tested against pyclesperanto_prototype for CLIJ2 radius 0).";

void detect(OpCall& c, std::int64_t rz) {
    Image& src = c.input("source");
    Image& dst = c.output("destination");
    c.kernel("detection.cl", "detect_maxima_box", {{"SRC", &src}})
        .image(src).image(dst).shape(src)
        .i64(c.integer("radius_x")).i64(c.integer("radius_y")).i64(rz)
        .run(range_of(src));
}

}  // namespace

void register_detection_ops(Registry& r) {
    r.add("detectMaxima2DBox", "Detection")
        .clij2("Image source, ByRef Image destination, Number radiusX, Number radiusY")
        .doc(std::string("Marks local maxima in a (2*radius_x+1) x (2*radius_y+1) box, within each "
                         "plane (a stack is processed plane by plane).") + kMaximaRule)
        .input("source", "image to search, any pixel type")
        .output("destination", "1 at maxima, 0 elsewhere", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .integer("radius_x", "1", "half width of the box in x, pixels", 0, 1000)
        .integer("radius_y", "1", "half height of the box in y, pixels", 0, 1000)
        .run([](OpCall& c) { detect(c, 0); });

    r.add("detectMaxima3DBox", "Detection")
        .clij2("Image source, ByRef Image destination, Number radiusX, Number radiusY, Number radiusZ")
        .doc(std::string("Marks local maxima in a (2*radius_x+1) x (2*radius_y+1) x (2*radius_z+1) "
                         "box.") + kMaximaRule)
        .input("source", "image to search, any pixel type")
        .output("destination", "1 at maxima, 0 elsewhere", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .integer("radius_x", "1", "half width of the box in x, pixels", 0, 1000)
        .integer("radius_y", "1", "half height of the box in y, pixels", 0, 1000)
        .integer("radius_z", "1", "half depth of the box in z, pixels", 0, 1000)
        .run([](OpCall& c) { detect(c, c.integer("radius_z")); });
}

}  // namespace ijcl
