// Pixel-wise arithmetic with its own kernels: copy and multiplyImageAndScalar (kernels/math.cl; the
// product in double, as ImageJ). addImages, subtractImages, addImagesWeighted and addImageAndScalar
// are rows of the pixel-wise table (pixelwise_ops.cpp).
//
// Arithmetic is done in float (multiplyImageAndScalar on integer images: in double, as ImageJ);
// integer outputs are rounded to nearest (half up) and saturated, as ImageJ's Process > Math and
// Image Calculator commands do for 8- and 16-bit images.
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "real_args.hpp"
#include "streaming.hpp"

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

    r.add("multiplyImageAndScalar", "Math")
        .doc("destination = source * scalar, pixel by pixel, in the pixel type of source. Float "
             "images: one float multiply. Integer images: the product is formed in double and "
             "rounded half up (ImageJ's Math.round), then saturated: 8-bit 5 * 0.5 = 2.5 gives 3, "
             "100 * 3 gives 255, anything * -1 gives 0. On devices without double precision the "
             "product is formed in float and may differ by 1 from ImageJ where it falls within "
             "float rounding of a .5 tie.")
        .imagej("Process > Math > Multiply... (exact for 8/16/32-bit on devices with fp64)")
        .input("source", "image, any pixel type")
        .output("destination", "source * scalar, pixel type of source", same_as("source"))
        .number("scalar", "2", "factor applied to every pixel")
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            const double scalar = c.number("scalar");
            auto launch = c.kernel("math.cl", "multiply_scalar", {{"SRC", &s}, {"DST", &d}}, real_defines(c));
            launch.image(s).image(d).i64(pixel_count(d)).f32(static_cast<float>(scalar));
            run_streaming(real_arg(launch, c, scalar), c, pixel_count(d));
        });
}

}  // namespace ijcl
