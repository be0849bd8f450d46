// Pixel-wise arithmetic: copy, addImages, subtractImages, addImagesWeighted,
// addImageAndScalar, multiplyImageAndScalar. Kernels: kernels/math.cl.
//
// All arithmetic is done in float; integer outputs are rounded to nearest and saturated, as
// ImageJ's Process > Math and Image Calculator commands do for 8- and 16-bit images.
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

void register_math_ops(Registry& r) {
    r.add("copy", "Math")
        .doc("Copies source into destination (same shape and pixel type).")
        .imagej("Image > Duplicate... (exact)")
        .input("source", "image to copy, any pixel type")
        .output("destination", "copy of source", same_as("source"))
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            c.copy_buffer(src.buffer(), dst.buffer(), src.bytes());
        });

    r.add("addImages", "Math")
        .doc("destination = summand1 + summand2, pixel by pixel. The images must have the same "
             "shape; the result has the pixel type of summand1 (rounded to nearest, saturated).")
        .imagej("Process > Image Calculator... Add (exact for 8/16-bit)")
        .input("summand1", "first image")
        .input("summand2", "second image, same shape as summand1")
        .output("destination", "sum, pixel type of summand1")
        .run([](OpCall& c) {
            Image& a = c.input("summand1");
            Image& b = c.input("summand2");
            require_same_shape(c, "summand1", "summand2");
            Image& d = c.output("destination");
            c.kernel("math.cl", "weighted_sum", {{"SRC0", &a}, {"SRC1", &b}, {"DST", &d}})
                .image(a).image(b).image(d).i64(pixel_count(d)).f32(1.0f).f32(1.0f)
                .run(cl::NDRange(pixel_count(d)));
        });
}

}  // namespace ijcl
