// New images and pixel-type conversion: create2D, create3D, convertUInt8, convertUInt16,
// convertFloat. Conversions are rows of one table over kernels/convert.cl "convert_pixels".
#include <string>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "streaming.hpp"

namespace ijcl {
namespace {

struct Conversion {
    const char* name;
    PixelType target;
    const char* imagej;
};

const Conversion kConversions[] = {
    {"convertUInt8", PixelType::UInt8, "Image > Type > 8-bit with 'Scale when converting' off (exact)"},
    {"convertUInt16", PixelType::UInt16, "Image > Type > 16-bit with 'Scale when converting' off (exact)"},
    {"convertFloat", PixelType::Float32, "Image > Type > 32-bit (exact)"},
};

PixelType type_of_bit_depth(const OpCall& c) {
    const double bits = c.number("bitDepth");
    if (bits == 8) return PixelType::UInt8;
    if (bits == 16) return PixelType::UInt16;
    if (bits == 32) return PixelType::Float32;
    c.fail("bitDepth", "expected 8, 16 or 32, got " + std::to_string(bits));
}

std::uint64_t size_of(const OpCall& c, const char* name) {
    return static_cast<std::uint64_t>(c.integer(name));
}

void fill_zero(OpCall& c, Image& image) {
    const cl_uchar zero = 0;
    c.queue().enqueueFillBuffer(image.buffer(), zero, 0, image.bytes());
}

}  // namespace

void register_conversion_ops(Registry& r) {
    for (const Conversion& row : kConversions) {
        const PixelType target = row.target;
        r.add(row.name, "Transform")
            .doc(std::string("Copies source into a new image of pixel type ") + pixel_type_name(target) +
                 ", values unchanged where they fit: rounded to nearest (half up) and saturated to the "
                 "type's range (NaN gives 0), without ImageJ's display-range scaling. CLIJ2 truncates "
                 "instead of rounding. Label ids beyond 2^24 are not exact in float. Same shape; the "
                 "result is an intensity image (a binary source gives 0/1 values).")
            .imagej(row.imagej)
            .input("source", "image, any pixel type")
            .output("destination", std::string("the converted image, ") + pixel_type_name(target),
                    [target](const OpCall& c) { return OutputDesc{c.input("source").shape(), target, ImageKind::Intensity}; })
            .run([](OpCall& c) {
                Image& s = c.input("source");
                Image& d = c.output("destination");
                const auto n = pixel_count(s);
                auto launch = c.kernel("convert.cl", "convert_pixels", {{"SRC", &s}, {"DST", &d}});
                launch.image(s).image(d).i64(n).f32(1.0f);
                run_streaming(launch, c, n);
            });
    }

    // create2D and create3D: the same operation without and with a depth.
    for (const bool stack : {false, true}) {
        OpBuilder b = r.add(stack ? "create3D" : "create2D", "Transform");
        b.doc(stack ? "A new stack of width x height x depth pixels and bitDepth 8, 16 or 32 (uint8, uint16, "
                      "float32), all pixels 0 (CLIJ2 leaves them undefined). Errors: another bitDepth; a size "
                      "below 1."
                    : "A new image of width x height pixels and bitDepth 8, 16 or 32 (uint8, uint16, float32), "
                      "all pixels 0 (CLIJ2 leaves them undefined). An existing image of that name and the same "
                      "shape and type is reused and set to 0. Errors: another bitDepth; a size below 1.")
            .output("destination", stack ? "the new stack" : "the new image",
                    [stack](const OpCall& c) {
                        return OutputDesc{{size_of(c, "width"), size_of(c, "height"), stack ? size_of(c, "depth") : 1},
                                          type_of_bit_depth(c), ImageKind::Intensity};
                    })
            .integer("width", "1", "pixels, >= 1", 1, 1e12)
            .integer("height", "1", "pixels, >= 1", 1, 1e12);
        if (stack) b.integer("depth", "1", "planes, >= 1", 1, 1e12);
        b.number("bitDepth", "32", "8, 16 or 32").run([](OpCall& c) { fill_zero(c, c.output("destination")); });
    }
}

}  // namespace ijcl
