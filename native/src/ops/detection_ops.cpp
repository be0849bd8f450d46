// Local maxima and minima detection in a box: detectMaxima2DBox, detectMaxima3DBox,
// detectMaximaSliceBySliceBox and the same three for minima (one table; minima are the same
// kernel with the comparison reversed). Kernel: kernels/detection.cl.
#include <array>
#include <cstdint>
#include <string>

#include "ijcl/op_call.hpp"
#include "detection.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

struct Detector {
    const char* name;
    bool minima;
    bool in3d;         // a radius_z parameter; else each plane on its own (radius_z = 0)
    bool slice_names;  // CLIJ2's slice-by-slice name of the 2D detector
    bool smooths;      // CLIJ2 smooths with a mean box of the radii first (ijcl does not)
    const char* clij2;
};

const Detector kDetectors[] = {
    {"detectMaxima2DBox", false, false, false, true,
     "Image source, ByRef Image destination, Number radiusX, Number radiusY"},
    {"detectMaxima3DBox", false, true, false, true,
     "Image source, ByRef Image destination, Number radiusX, Number radiusY, Number radiusZ"},
    {"detectMaximaSliceBySliceBox", false, false, true, true,
     "Image source, ByRef Image destination, Number radiusX, Number radiusY"},
    {"detectMinima2DBox", true, false, false, false,
     "Image source, ByRef Image destination, Number radiusX, Number radiusY"},
    {"detectMinima3DBox", true, true, false, false,
     "Image source, ByRef Image destination, Number radiusX, Number radiusY, Number radiusZ"},
    {"detectMinimaSliceBySliceBox", true, false, true, true,
     "Image source, ByRef Image destination, Number radiusX, Number RadiusY"},
};

std::string detector_doc(const Detector& d) {
    const std::string what = d.minima ? "minima" : "maxima";
    const std::string one = d.minima ? "minimum" : "maximum";
    const std::string beats = d.minima ? "smaller" : "larger";
    std::string doc = "Marks local " + what + " in a (2*radius_x+1) x (2*radius_y+1)" +
                      (d.in3d ? " x (2*radius_z+1) box." : " box within each plane (a stack is processed "
                                                             "plane by plane).");
    if (d.slice_names)
        doc += std::string(" CLIJ2's slice-by-slice name of ") + (d.minima ? "detectMinima2DBox" : "detectMaxima2DBox") +
               ", which is the same operation in ijcl.";
    doc += " A pixel is a " + one + " when no pixel of the box around it (the part inside the image; nothing "
           "outside counts) is " + beats + " and no pixel of the box with the same value comes earlier in raster "
           "order (smaller index x + width*(y + height*z)). CLIJ2 documents the rule as 'no other pixel in the "
           "radius has a " + (d.minima ? "lower" : "higher") + " intensity'; the tie-break is ijcl's, so that a "
           "plateau no wider than the box gives exactly one " + one + " (its first pixel in raster order) rather "
           "than a patch. NaN pixels are never " + what + " and are ignored as neighbours. Radius 0 in every axis "
           "marks every pixel. Input: any pixel type (compared exactly in that type). Output: binary (uint8 0/1), "
           "same shape (CLIJ2: the source's pixel type, values 0/1). Radii in pixels. ImageJ has no equivalent "
           "(Process > Find Maxima uses prominence).";
    if (d.smooths)
        doc += std::string(" Differs from CLIJ2 (also under Ext.CLIJ2_): CLIJ2 first smooths with a mean box of the "
                           "given radii") + (d.slice_names ? " (per plane)" : "") + " and then marks " + what +
               " of the 3x3" + (d.in3d ? "x3" : "") + " box" + (d.slice_names ? " of each plane" : "") +
               ", and never marks the first row or column" + (d.in3d ? " or plane" : d.slice_names ? " of a plane" : "") + "; ijcl uses the radii "
               "as the " + what + " neighbourhood without smoothing, like CLIJ2's detect" +
               (d.minima ? "Minima2DBox/3DBox" : "MaximaBox") + ". CLIJ2's result with radius r is ijcl's " +
               (d.in3d ? "mean3DBox" : "mean2DBox") + " with radius r followed by this operation with radius 1.";
    else
        doc += " Source: CLIJ2 " + std::string(d.name) + ", which runs CLIJ2's detectMinimaBox kernel with " +
               (d.in3d ? "the three radii" : "radius_x, radius_y and radius_z = 0") + " without smoothing, as ijcl does. Differences from "
               "CLIJ2: CLIJ2 breaks ties by its scan order over clamped coordinates, which never marks a pixel of "
               "the first row, column (or plane); ijcl's tie-break is raster order over the pixels inside the image.";
    return doc;
}

}  // namespace

// kernels/detection.cl: detect_box_extreme once per axis with a radius and more than one pixel
// (the box maximum or minimum, separably), then detect_box_mark. Scratch: up to two images of the
// source's type, the passes alternating between them.
void detect_box(OpCall& c, const Image& src, Image& dst, bool minima, const std::array<std::int64_t, 3>& radii) {
    const Shape& s = src.shape();
    const std::uint64_t sizes[3] = {s.width, s.height, s.depth};
    ImagePtr scratch[2];
    const Image* extreme = &src;  // no axis with a radius: every pixel is its own box
    int passes = 0;
    for (int a = 0; a < 3; ++a) {
        if (radii[a] == 0 || sizes[a] == 1) continue;
        ImagePtr& target = scratch[passes++ % 2];
        if (!target) target = c.temp(s, src.type());
        c.kernel("detection.cl", "detect_box_extreme", {{"SRC", &src}},
                 {{"DETECT_MINIMA", minima ? "1" : "0"}, {"DETECT_AXIS", std::to_string(a)}})
            .image(*extreme).image(*target).shape(src).i64(radii[a])
            .run(range_of(src));
        extreme = target.get();
    }
    c.kernel("detection.cl", "detect_box_mark", {{"SRC", &src}}, {{"DETECT_MINIMA", minima ? "1" : "0"}})
        .image(src).image(*extreme).image(dst).shape(src).i64(radii[0]).i64(radii[1]).i64(radii[2])
        .run(range_of(src));
}

namespace {

void add_detector(Registry& r, const Detector& d) {
    OpBuilder b = r.add(d.name, "Detection");
    b.clij2(d.clij2)
        .doc(detector_doc(d))
        .input("source", "image to search, any pixel type")
        .output("destination", std::string("1 at ") + (d.minima ? "minima" : "maxima") + ", 0 elsewhere",
                shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .integer("radius_x", "1", "half width of the box in x, pixels", 0, 1000)
        .integer("radius_y", "1", "half height of the box in y, pixels", 0, 1000);
    if (d.in3d) b.integer("radius_z", "1", "half depth of the box in z, pixels", 0, 1000);
    const bool minima = d.minima, in3d = d.in3d;
    b.run([minima, in3d](OpCall& c) {
        Image& src = c.input("source");
        Image& dst = c.output("destination");
        detect_box(c, src, dst, minima,
                   {c.integer("radius_x"), c.integer("radius_y"), in3d ? c.integer("radius_z") : 0});
    });
}

}  // namespace

void register_detection_ops(Registry& r) {
    for (const Detector& d : kDetectors) add_detector(r, d);
}

}  // namespace ijcl
