// Pixel-wise logic: binaryAnd, binaryOr, binaryNot. Kernels: kernels/binary.cl.
//
// Inputs of any pixel type; a pixel is true when it is non-zero (so ImageJ masks with 255 work as
// well as ijcl binary images with 1). Outputs are uint8 binary images holding 0 and 1 (pulled to
// ImageJ as 0/255).
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "streaming.hpp"

namespace ijcl {
namespace {

void combine(OpCall& c, const char* op) {
    Image& a = c.input("operand1");
    Image& b = c.input("operand2");
    require_same_shape(c, "operand1", "operand2");
    Image& d = c.output("destination");
    run_streaming(c.kernel("binary.cl", "binary_combine", {{"SRC0", &a}, {"SRC1", &b}}, {{"BINARY_OP", op}})
                      .image(a).image(b).image(d).i64(pixel_count(d)),
                  c, pixel_count(d));
}

}  // namespace

void register_binary_ops(Registry& r) {
    r.add("binaryAnd", "Binary")
        .clij2_alias("binaryIntersection")
        .doc("destination = operand1 AND operand2, pixel by pixel: 1 where both inputs are non-zero, "
             "else 0. The images must have the same shape (2D or 3D); any pixel types. The result "
             "is a uint8 binary image (0/1).")
        .imagej("Process > Image Calculator... AND on two 0/255 masks (exact)")
        .input("operand1", "first image; non-zero = true")
        .input("operand2", "second image, same shape; non-zero = true")
        .output("destination", "binary image (0/1)", shape_of("operand1", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) { combine(c, "&&"); });

    r.add("binaryOr", "Binary")
        .clij2_alias("binaryUnion")
        .doc("destination = operand1 OR operand2, pixel by pixel: 1 where at least one input is "
             "non-zero, else 0. The images must have the same shape (2D or 3D); any pixel types. "
             "The result is a uint8 binary image (0/1).")
        .imagej("Process > Image Calculator... OR on two 0/255 masks (exact)")
        .input("operand1", "first image; non-zero = true")
        .input("operand2", "second image, same shape; non-zero = true")
        .output("destination", "binary image (0/1)", shape_of("operand1", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) { combine(c, "||"); });

    r.add("binaryNot", "Binary")
        .doc("destination = NOT source, pixel by pixel: 1 where source is 0, else 0. Any pixel "
             "type, 2D or 3D. The result is a uint8 binary image (0/1).")
        .imagej("Edit > Invert on a 0/255 mask (exact)")
        .input("source", "image; non-zero = true")
        .output("destination", "binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            run_streaming(c.kernel("binary.cl", "binary_not", {{"SRC", &s}}).image(s).image(d).i64(pixel_count(d)),
                          c, pixel_count(d));
        });
}

}  // namespace ijcl
