// Pixel-wise arithmetic: copy, addImages, subtractImages, addImagesWeighted,
// addImageAndScalar, multiplyImageAndScalar. Kernels: kernels/math.cl.
//
// Arithmetic is done in float (multiplyImageAndScalar on integer images: in double, as ImageJ);
// integer outputs are rounded to nearest (half up) and saturated, as ImageJ's Process > Math and
// Image Calculator commands do for 8- and 16-bit images.
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "real_args.hpp"
#include "streaming.hpp"

namespace ijcl {
namespace {

// destination = a * fa + b * fb for two images of the same shape (type of a).
void weighted_sum(OpCall& c, const std::string& a_name, const std::string& b_name, float fa, float fb) {
    Image& a = c.input(a_name);
    Image& b = c.input(b_name);
    require_same_shape(c, a_name, b_name);
    Image& d = c.output("destination");
    auto launch = c.kernel("math.cl", "weighted_sum", {{"SRC0", &a}, {"SRC1", &b}, {"DST", &d}});
    launch.image(a).image(b).image(d).i64(pixel_count(d)).f32(fa).f32(fb);
    run_streaming(launch, c, pixel_count(d));
}

}  // namespace

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
        .run([](OpCall& c) { weighted_sum(c, "summand1", "summand2", 1.0f, 1.0f); });

    r.add("subtractImages", "Math")
        .doc("destination = subtrahend - minuend, pixel by pixel. Note the parameter names: as in "
             "CLIJ2, the FIRST image is the one subtracted from (the names are swapped with respect "
             "to their mathematical meaning). The images must have the same shape; the result has "
             "the pixel type of subtrahend. Computed in float; integer results are rounded to "
             "nearest and saturated (negative differences become 0 in 8- and 16-bit images).")
        .imagej("Process > Image Calculator... Subtract, image1 = subtrahend, image2 = minuend "
                "(exact for 8/16/32-bit)")
        .input("subtrahend", "the image subtracted from (first operand)")
        .input("minuend", "the image to subtract (second operand), same shape as subtrahend")
        .output("destination", "subtrahend - minuend, pixel type of subtrahend")
        .run([](OpCall& c) { weighted_sum(c, "subtrahend", "minuend", 1.0f, -1.0f); });

    r.add("addImagesWeighted", "Math")
        .doc("destination = factor1 * summand1 + factor2 * summand2, pixel by pixel. The images "
             "must have the same shape; the result has the pixel type of summand1. Computed in "
             "float (each product rounded to float, then the sum, no fused multiply-add); integer "
             "results are rounded to nearest (half up) and saturated.")
        .input("summand1", "first image")
        .input("summand2", "second image, same shape as summand1")
        .output("destination", "weighted sum, pixel type of summand1")
        .number("factor1", "1", "weight of summand1")
        .number("factor2", "1", "weight of summand2")
        .run([](OpCall& c) {
            weighted_sum(c, "summand1", "summand2", static_cast<float>(c.number("factor1")),
                         static_cast<float>(c.number("factor2")));
        });

    r.add("addImageAndScalar", "Math")
        .doc("destination = source + scalar, pixel by pixel, in the pixel type of source. Computed "
             "in float; integer results are rounded to nearest (half up) and saturated, e.g. an "
             "8-bit 2 + 0.5 gives 3, 250 + 10 gives 255, 3 - 5 gives 0.")
        .imagej("Process > Math > Add... (exact for float images and, on 8/16-bit images, for whole "
                "scalars; ImageJ truncates a fractional scalar to an integer first on 8/16-bit "
                "images, so e.g. adding 2.5 gives +2 there and +3 (2.5 rounded half up) here)")
        .input("source", "image, any pixel type")
        .output("destination", "source + scalar, pixel type of source", same_as("source"))
        .number("scalar", "1", "value added to every pixel")
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            auto launch = c.kernel("math.cl", "add_scalar", {{"SRC", &s}, {"DST", &d}});
            launch.image(s).image(d).i64(pixel_count(d)).f32(static_cast<float>(c.number("scalar")));
            run_streaming(launch, c, pixel_count(d));
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
