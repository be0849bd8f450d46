// Binary morphology with a radius-1 structuring element: erodeBox, erodeSphere, dilateBox,
// dilateSphere. Kernel: kernels/morphology.cl (one kernel, parametrised by operation and shape).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

void binary_morphology(OpCall& c, bool dilate, bool box) {
    Image& src = c.input("source");
    Image& dst = c.output("destination");
    c.kernel("morphology.cl", "binary_morphology", {{"SRC", &src}})
        .image(src).image(dst).shape(src).i32(dilate ? 1 : 0).i32(box ? 1 : 0)
        .run(range_of(src));
}

const char* kEdges =
    " Pixels outside the image count as background, for erosion and dilation alike, so "
    "foreground touching the image border is eroded from it (ImageJ's rule with \"Pad edges when "
    "eroding\" off, its default). Input: any pixel type, non-zero = foreground. Output: binary "
    "(uint8 0/1), same shape. 2D images (depth 1) use the in-plane neighbourhood; stacks with "
    "depth > 1 are processed in 3D, planes outside the stack counting as background.";

}  // namespace

void register_morphology_ops(Registry& r) {
    r.add("erodeBox", "Binary")
        .doc(std::string("Binary erosion with a 3x3 box (3x3x3 in 3D): a pixel stays foreground "
                         "only if it and all 8 (2D) or 26 (3D) neighbours are foreground.") + kEdges +
             " Algorithm: ImageJ's ij.process.ByteProcessor binary ERODE filter with count 1.")
        .imagej("Process > Binary > Erode with iterations=1 count=1, black background, pad edges "
                "off (exact, 2D; ImageJ has no 3D equivalent)")
        .input("source", "binary image (non-zero = foreground)")
        .output("destination", "eroded binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) { binary_morphology(c, false, true); });

    r.add("erodeSphere", "Binary")
        .doc(std::string("Binary erosion with a plus-shaped element: a pixel stays foreground only "
                         "if it and its 4 (2D) or 6 (3D) face neighbours are foreground.") + kEdges)
        .input("source", "binary image (non-zero = foreground)")
        .output("destination", "eroded binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) { binary_morphology(c, false, false); });

    r.add("dilateBox", "Binary")
        .doc(std::string("Binary dilation with a 3x3 box (3x3x3 in 3D): a pixel becomes foreground "
                         "if it or any of its 8 (2D) or 26 (3D) neighbours is foreground.") + kEdges +
             " Algorithm: ImageJ's ij.process.ByteProcessor binary DILATE filter with count 1.")
        .imagej("Process > Binary > Dilate with iterations=1 count=1, black background (exact, 2D; "
                "ImageJ has no 3D equivalent)")
        .input("source", "binary image (non-zero = foreground)")
        .output("destination", "dilated binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) { binary_morphology(c, true, true); });

    r.add("dilateSphere", "Binary")
        .doc(std::string("Binary dilation with a plus-shaped element: a pixel becomes foreground if "
                         "it or any of its 4 (2D) or 6 (3D) face neighbours is foreground.") + kEdges)
        .input("source", "binary image (non-zero = foreground)")
        .output("destination", "dilated binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) { binary_morphology(c, true, false); });
}

}  // namespace ijcl
