// Neighbourhood filters beyond the rank filters: the non-zero minimum/maximum and only-zero
// overwrite filters of radius 1 (one table, shape x combine; kernels/neighbourhood.cl) and
// CLIJ2's detectMaximaBox/detectMinimaBox (the box detector of kernels/detection.cl with one
// radius for every axis).
#include <string>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

enum Combine { NonzeroMaximum = 0, NonzeroMinimum = 1, OnlyzeroOverwriteMaximum = 2 };

enum Shape3 { Box = 0, Diamond = 1, BoxIn2DFacesIn3D = 2 };

struct NonzeroFilter {
    const char* name;
    Combine combine;
    Shape3 shape;
};

// clang-format off
const NonzeroFilter kNonzeroFilters[] = {
    {"nonzeroMaximumBox", NonzeroMaximum, BoxIn2DFacesIn3D},  // as CLIJ2's kernels (see nonzero_doc)
    {"nonzeroMaximumDiamond", NonzeroMaximum, Diamond},
    {"nonzeroMinimumBox", NonzeroMinimum, Box},
    {"nonzeroMinimumDiamond", NonzeroMinimum, Diamond},
    {"onlyzeroOverwriteMaximumBox", OnlyzeroOverwriteMaximum, Box},
    {"onlyzeroOverwriteMaximumDiamond", OnlyzeroOverwriteMaximum, Diamond},
};
// clang-format on

std::string nonzero_doc(const NonzeroFilter& f) {
    const std::string shape =
        f.shape == Diamond ? "its 6 face neighbours in 3D (4 in a 2D image: left, right, up, down)"
        : f.shape == Box   ? "the 3 x 3 x 3 box around it (3 x 3 in a 2D image)"
                           : "its neighbourhood (the 3 x 3 box in a 2D image; in a stack only the 6 face "
                             "neighbours, see below)";
    std::string rule;
    switch (f.combine) {
        case NonzeroMaximum:
            rule = "A pixel that is not 0 becomes the largest value among itself and those pixels of " + shape +
                   " that are > 0; a pixel that is 0 stays 0.";
            break;
        case NonzeroMinimum:
            rule = "A pixel that is not 0 becomes the smallest value among itself and those pixels of " + shape +
                   " that are > 0 (0 and negative neighbours are ignored); a pixel that is 0 stays 0.";
            break;
        case OnlyzeroOverwriteMaximum:
            rule = "A pixel that is 0 becomes the largest value among the pixels of " + shape +
                   " that are > 0 (it stays 0 when there is none); every other pixel is kept.";
            break;
    }
    return rule +
           " Radius fixed at 1 pixel; only neighbours inside the image count (CLIJ2 clamps reads to the "
           "edge, which gives the same result). Used to grow or merge labels step by step. Input: any "
           "pixel type, compared exactly in that type (uint32 labels beyond 2^24 included; CLIJ2 compares "
           "in float); float NaN pixels are never chosen as neighbours. Output: same shape, pixel type and "
           "kind (binary, labels, intensity) as the input. Source: CLIJ2 " +
           std::string(f.name) +
           " (its kernels " + (f.combine == NonzeroMaximum ? "nonzero_maximum_" : f.combine == NonzeroMinimum
                                   ? "nonzero_minimum_" : "onlyzero_overwrite_maximum_") +
           (f.shape == Diamond ? "diamond" : "box") + "_2d/3d)." +
           (f.shape == BoxIn2DFacesIn3D
                ? " In a stack this equals nonzeroMaximumDiamond: CLIJ2's nonzero_maximum_box_3d kernel (as "
                  "shipped in clij-opencl-kernels, tested through pyclesperanto_prototype 0.24.6) reads only the "
                  "6 face neighbours, not the 26 of the box its name and description promise, and ijcl, whose "
                  "CLIJ2 names follow CLIJ2's behaviour, does the same; its 2D kernel reads the 3 x 3 box."
                : "") +
           " Differences from CLIJ2: CLIJ2's kernel also sets a 1-pixel flag image when a value "
           "changed, which its macro call creates internally and discards (ijcl has no flag); where the "
           "rule keeps a 0 pixel, CLIJ2 leaves that destination pixel unwritten (a new CLIJ2 destination "
           "is not cleared), ijcl writes the 0.";
}

void add_nonzero_filter(Registry& r, const NonzeroFilter& f) {
    const NonzeroFilter* row = &f;
    r.add(f.name, "Filter")
        .doc(nonzero_doc(f))
        .input("input", "image or stack, any pixel type (labels, masks, intensities)")
        .output("destination", "filtered image, same shape, pixel type and kind as input",
                [](const OpCall& c) {
                    const Image& in = c.input("input");
                    return OutputDesc{in.shape(), in.type(), in.kind()};
                })
        .run([row](OpCall& c) {
            Image& src = c.input("input");
            Image& dst = c.output("destination");
            c.kernel("neighbourhood.cl", "nonzero_filter", {{"SRC", &src}},
                     {{"NZ_MODE", std::to_string(static_cast<int>(row->combine))},
                      {"NZ_SHAPE", std::to_string(static_cast<int>(row->shape))}})
                .image(src).image(dst).shape(src)
                .run(range_of(src));
        });
}

// detectMaximaBox / detectMinimaBox: CLIJ2's DetectMaximaBox/DetectMinimaBox run their box
// kernel with one radius in every axis, without smoothing first (unlike detectMaxima2DBox).
void add_detect_box(Registry& r, const char* name, bool minima) {
    const std::string what = minima ? "minima" : "maxima";
    const std::string extreme = minima ? "smaller" : "larger";
    r.add(name, "Detection")
        .doc("Marks local " + what + " in a (2*radius+1) x (2*radius+1) x (2*radius+1) box (a 2D image: the "
             "(2*radius+1)^2 square). A pixel is marked 1 when no pixel of the box around it (the part inside "
             "the image) is " + extreme + " and no pixel of the box with the same value comes earlier in raster "
             "order (smaller index x + width*(y + height*z)), else 0; so a plateau that fits in the box gives "
             "one mark, its first pixel in raster order. NaN pixels are never marked and are ignored as "
             "neighbours. Radius 0 marks every pixel. Input: any pixel type, compared exactly in that type. "
             "Output: binary (uint8 0/1), same shape. Radius in pixels. Source: CLIJ2 " + std::string(name) +
             " (kernel detect_" + what + "_2d/3d with its radius argument; no smoothing first, unlike "
             "detectMaxima2DBox/3DBox, and unlike pyclesperanto_prototype's detect_" + what + "_box, which "
             "smooths with a mean box and then uses radius 1: ijcl follows CLIJ2's Java). Differences from "
             "CLIJ2: CLIJ2's destination has the source's pixel type (values 0/1), ijcl's is a binary uint8 "
             "image; CLIJ2 breaks ties by its scan order (x outermost) over clamped coordinates, which never "
             "marks a pixel of the first row, column or plane; ijcl's tie-break is raster order over the pixels "
             "inside the image, so such edge pixels are marked when they are " + what + ".")
        .input("source", "image or stack to search, any pixel type")
        .output("destination", "1 at " + what + ", 0 elsewhere",
                shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .integer("radius", "1", "half size of the box in every axis, pixels", 0, 1000)
        .run([minima](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const std::int64_t radius = c.integer("radius");
            c.kernel("detection.cl", "detect_maxima_box", {{"SRC", &src}}, {{"DETECT_MINIMA", minima ? "1" : "0"}})
                .image(src).image(dst).shape(src)
                .i64(radius).i64(radius).i64(radius)
                .run(range_of(src));
        });
}

}  // namespace

void register_neighbourhood_ops(Registry& r) {
    for (const NonzeroFilter& f : kNonzeroFilters) add_nonzero_filter(r, f);
    add_detect_box(r, "detectMaximaBox", false);
    add_detect_box(r, "detectMinimaBox", true);
}

}  // namespace ijcl
