// Pixel-wise arithmetic with its own kernels: copy and multiplyImageAndScalar (kernels/math.cl; the
// product in double, as ImageJ). addImages, subtractImages, addImagesWeighted and addImageAndScalar
// are rows of the pixel-wise table (pixelwise_ops.cpp).
//
// Arithmetic is done in float (multiplyImageAndScalar on integer images: in double, as ImageJ);
// integer outputs are rounded to nearest (half up) and saturated, as ImageJ's Process > Math and
// Image Calculator commands do for 8- and 16-bit images.
#include <cmath>
#include <limits>
#include <string>

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
        .tiles_pixelwise()
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
        .tiles_pixelwise()
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            const double scalar = c.number("scalar");
            auto launch = c.kernel("math.cl", "multiply_scalar", {{"SRC", &s}, {"DST", &d}}, real_defines(c));
            launch.image(s).image(d).i64(pixel_count(d)).f32(static_cast<float>(scalar));
            run_streaming(real_arg(launch, c, scalar), c, pixel_count(d));
        });

    r.add("imagejMath", "Math")
        .ijcl_only()
        .doc("ImageJ's Process > Math > Min..., Max..., Square Root and Reciprocal on 32-bit images, bit "
             "for bit (ImageJ 1.54p FloatProcessor.process and ImageMath's reciprocal loop), pixel by "
             "pixel: 'min': v < value ? (float) value : v; 'max': v > value ? (float) value : v (v compared "
             "with the double value, as Java does: NaN pixels and the sign of zero are kept, unlike "
             "maximumImageAndScalar/minimumImageAndScalar's fmax/fmin); 'sqrt': v <= 0 ? 0 : the correctly "
             "rounded square root (ImageJ's (float) Math.sqrt), NaN stays NaN; 'reciprocal': v == 0 ? NaN "
             "(both zeros) : the correctly rounded 1 / v. Shapes: 2D or 3D, any size; source and "
             "destination float32 (ImageJ's 8/16-bit results of these commands are functions of the pixel "
             "value: GPU mode applies them as tables with replaceIntensities). The compared value is the "
             "smallest float >= value ('min') or the largest float <= value ('max'), which decides v < value "
             "and v > value exactly for every float v. Square root and reciprocal are computed in double "
             "and rounded to float (exact: double carries more than 2 * 24 + 2 bits), or in float where the "
             "device has correctly rounded float division and square root; errors: source not float32, an "
             "unknown operation, 'sqrt' or 'reciprocal' on a device with neither. Used by GPU mode's "
             "Process > Math twin; no CLIJ2 counterpart.")
        .imagej("Process > Math > Min..., Max..., Square Root, Reciprocal on 32-bit images (exact)")
        .input("source", "float32 image or stack")
        .output("destination", "float32, source's shape", [](const OpCall& c) {
            const Image& in = c.input("source");
            if (in.type() != PixelType::Float32)
                c.fail("source", "must be float32 (ImageJ's 8/16-bit results of these commands are tables of "
                                 "the pixel value: use replaceIntensities)");
            const std::string& op = c.string("operation");
            if (op != "min" && op != "max" && op != "sqrt" && op != "reciprocal")
                c.fail("operation", "unknown operation '" + op + "' (min, max, sqrt or reciprocal)");
            if ((op == "sqrt" || op == "reciprocal") && !use_double(c) && !c.device_info().correctly_rounded_divide_sqrt)
                c.fail("operation", "'" + op + "' needs double precision or correctly rounded float division "
                                    "and square root, which this device has not");
            return OutputDesc{in.shape(), PixelType::Float32, ImageKind::Intensity};
        })
        .string("operation", "sqrt", "min, max, sqrt or reciprocal", {"min", "max", "sqrt", "reciprocal"})
        .number("value", "0", "the value of min and max (unused by sqrt and reciprocal)")
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            const std::string& op = c.string("operation");
            const double value = c.number("value");
            const float inf = std::numeric_limits<float>::infinity();
            const float replacement = static_cast<float>(value);  // Java's (float) value
            float compared = replacement;
            if (op == "min" && static_cast<double>(compared) < value) compared = std::nextafter(compared, inf);
            if (op == "max" && static_cast<double>(compared) > value) compared = std::nextafter(compared, -inf);
            const int code = op == "min" ? 0 : op == "max" ? 1 : op == "sqrt" ? 2 : 3;
            Defines defines = real_defines(c);
            defines.push_back({"IMAGEJ_MATH", "1"});
            const std::int64_t n = pixel_count(d);
            if (n == 0) return;
            c.kernel("math.cl", "imagej_math", {}, defines)
                .image(s)
                .image(d)
                .i64(n)
                .i32(code)
                .f32(compared)
                .f32(replacement)
                .run(cl::NDRange(static_cast<std::size_t>(n)));
        });

    r.add("imagejNormalize", "Math")
        .ijcl_only()
        .doc("ImageJ's Process > Enhance Contrast... 'normalize' mapping of 32-bit images, bit for bit (ImageJ "
             "1.54p ContrastEnhancer.normalizeFloat), pixel by pixel in double precision as Java: v = pixel - "
             "minimum, 0 when negative, times scale = 1 / (maximum - minimum) (1 when maximum <= minimum), 1 when "
             "above, rounded to float. minimum and maximum are pixel values (ImageJ takes them from its "
             "saturated-pixel histogram search). Shapes: 2D or 3D, any size; source and destination float32. "
             "NaN pixels stay NaN (their bits may differ from Java's). Errors: source not float32; a device "
             "without double precision. Used by GPU mode's Enhance Contrast... twin; no CLIJ2 counterpart.")
        .imagej("Process > Enhance Contrast... with 'normalize' on a 32-bit image (exact)")
        .input("source", "float32 image or stack")
        .output("destination", "float32, source's shape", [](const OpCall& c) {
            const Image& in = c.input("source");
            if (in.type() != PixelType::Float32) c.fail("source", "must be float32");
            if (!use_double(c))
                c.fail("", "ImageJ normalizes in double precision, which the device '" + c.device_info().name + "' lacks");
            return OutputDesc{in.shape(), PixelType::Float32, ImageKind::Intensity};
        })
        .number("minimum", "0", "the pixel value mapped to 0")
        .number("maximum", "1", "the pixel value mapped to 1")
        .tiles_pixelwise()
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            const double minimum = c.number("minimum"), maximum = c.number("maximum");
            const double scale = maximum > minimum ? 1.0 / (maximum - minimum) : 1.0;
            Defines defines = real_defines(c);
            defines.push_back({"IMAGEJ_NORMALIZE", "1"});
            const std::int64_t n = pixel_count(d);
            if (n == 0) return;
            c.kernel("math.cl", "imagej_normalize", {}, defines)
                .image(s).image(d).i64(n).f64(minimum).f64(scale)
                .run(cl::NDRange(static_cast<std::size_t>(n)));
        });

    r.add("imagejDivideImages", "Math")
        .ijcl_only()
        .doc("ImageJ's Process > Image Calculator... Divide on 32-bit images, bit for bit (ImageJ 1.54p "
             "FloatBlitter DIVIDE): destination = divident / divisor, the correctly rounded float quotient "
             "(x / 0 gives +-infinity and 0 / 0 NaN, as Java), except that where the divisor is 0 (either "
             "zero) and use_divide_by_zero_value is true, the destination is (float) divide_by_zero_value "
             "(ImageJ's Edit > Options > Misc 'divide by zero value' when finite; its default, infinity, "
             "means a plain division: use_divide_by_zero_value false). "
             "Shapes: 2D or 3D, the same for both inputs; float32 inputs and result (ImageJ divides "
             "8/16-bit images in integers). The quotient is computed in double and rounded to float "
             "(exact: double carries more than 2 * 24 + 2 bits), or in float where the device has correctly "
             "rounded float division; errors: non-float32 inputs, different shapes, a device with neither. "
             "Used by GPU mode's Image Calculator twin; CLIJ2's divideImages divides with OpenCL's default "
             "float division (not necessarily correctly rounded) and has no divide-by-zero value.")
        .imagej("Process > Image Calculator... Divide on 32-bit images (exact)")
        .input("divident", "float32 image or stack")
        .input("divisor", "float32 image or stack, divident's shape")
        .output("destination", "float32, divident's shape", [](const OpCall& c) {
            const Image& a = c.input("divident");
            const Image& b = c.input("divisor");
            if (a.type() != PixelType::Float32) c.fail("divident", "must be float32");
            if (b.type() != PixelType::Float32) c.fail("divisor", "must be float32");
            require_same_shape(c, "divident", "divisor");
            if (!use_double(c) && !c.device_info().correctly_rounded_divide_sqrt)
                c.fail("divisor", "ImageJ's quotient needs double precision or correctly rounded float "
                                  "division, which this device has not");
            return OutputDesc{a.shape(), PixelType::Float32, ImageKind::Intensity};
        })
        .boolean("use_divide_by_zero_value", "false",
                 "true: divide_by_zero_value where the divisor is 0 (ImageJ with a finite divide-by-zero "
                 "value); false: plain division (ImageJ's default, infinity)")
        .number("divide_by_zero_value", "0", "the result where the divisor is 0, if used")
        .run([](OpCall& c) {
            Image& a = c.input("divident");
            Image& b = c.input("divisor");
            Image& d = c.output("destination");
            const bool use_dbz = c.boolean("use_divide_by_zero_value");
            const double dbz = c.number("divide_by_zero_value");
            const std::int64_t n = pixel_count(d);
            if (n == 0) return;
            Defines defines = real_defines(c);
            defines.push_back({"IMAGEJ_DIVIDE", "1"});
            c.kernel("math.cl", "imagej_divide", {}, defines)
                .image(a)
                .image(b)
                .image(d)
                .i64(n)
                .i32(use_dbz ? 1 : 0)
                .f32(use_dbz ? static_cast<float>(dbz) : 0.0f)
                .run(cl::NDRange(static_cast<std::size_t>(n)));
        });

    r.add("imagejLogExp", "Math")
        .ijcl_only()
        .doc("ImageJ's Process > Math > Log and Exp on 32-bit images (ImageJ 1.54p FloatProcessor: (float) "
             "Math.log(v), (float) Math.exp(v)), decided per pixel: destination = the double-precision "
             "log or exp rounded to float, and undecided = 0, wherever that float is certainly the one Java "
             "gives: OpenCL's double log/exp are within 3 ulp of the exact value and Java's Math.log/exp "
             "within 1 ulp, so both round to the same float unless the double value lies within a few ulp "
             "of a float rounding boundary (the midpoint between two floats, or the overflow threshold). "
             "There, and at v = 1 for log (the sign of a zero result), undecided = 1 and destination holds "
             "the device's rounding: the caller must compute those pixels itself (GPU mode's Process > Math "
             "twin does, with Java's Math.log/exp); undecided_count gives their number (almost always 0). "
             "NaN, zeros and infinities follow Java (log: v < 0 gives NaN, +-0 gives -infinity; exp: "
             "-infinity gives 0). Shapes: 2D or 3D; source and destination float32, undecided uint8 0/1. "
             "Errors: source not float32, an unknown operation, a device without double precision. No "
             "CLIJ2 counterpart (CLIJ2's logarithm and exponential use OpenCL's float log and exp).")
        .imagej("Process > Math > Log, Exp on 32-bit images (exact where undecided = 0; the rest by Java)")
        .input("source", "float32 image or stack")
        .output("destination", "float32, source's shape", [](const OpCall& c) {
            const Image& in = c.input("source");
            if (in.type() != PixelType::Float32) c.fail("source", "must be float32");
            const std::string& op = c.string("operation");
            if (op != "log" && op != "exp") c.fail("operation", "unknown operation '" + op + "' (log or exp)");
            if (!use_double(c))
                c.fail("operation", "needs double precision (cl_khr_fp64), which this device has not");
            return OutputDesc{in.shape(), PixelType::Float32, ImageKind::Intensity};
        })
        .output("undecided", "uint8 0/1, source's shape: 1 where the caller must compute the pixel",
                shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .string("operation", "log", "log or exp", {"log", "exp"})
        .result("undecided_count", "the number of pixels with undecided = 1")
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            Image& u = c.output("undecided");
            const int code = c.string("operation") == "log" ? 0 : 1;
            const std::int64_t n = pixel_count(d);
            cl_uint count = 0;
            if (n > 0) {
                cl::Buffer counter = c.temp_buffer(sizeof(cl_uint));
                c.queue().enqueueWriteBuffer(counter, CL_TRUE, 0, sizeof(cl_uint), &count);
                Defines defines = real_defines(c);
                defines.push_back({"IMAGEJ_LOG_EXP", "1"});
                c.kernel("math.cl", "imagej_log_exp", {}, defines)
                    .image(s)
                    .image(d)
                    .image(u)
                    .buffer(counter)
                    .i64(n)
                    .i32(code)
                    .run(cl::NDRange(static_cast<std::size_t>(n)));
                c.queue().enqueueReadBuffer(counter, CL_TRUE, 0, sizeof(cl_uint), &count);
            }
            c.set_result("undecided_count", static_cast<double>(count));
        });
}

}  // namespace ijcl
