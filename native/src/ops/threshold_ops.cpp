// Thresholding: threshold (fixed value), automaticThreshold and getAutomaticThreshold (ImageJ's
// auto-threshold methods) and one threshold<Method> operation per method (CLIJ2's names).
// Kernels: kernels/threshold.cl; the methods themselves: auto_threshold.cpp.
//
// automaticThreshold reproduces ImageJ's setAutoThreshold("<Method> dark") followed by
// Process > Binary > Convert to Mask, step by step:
//  1. min and max of the image (GPU reduction; not needed for 8-bit);
//  2. a 256-bin histogram on the GPU, binned exactly as ImageJ bins the image (the scale below
//     is computed on the device from the min/max of step 1, in `real`, so steps 1 and 2 are two
//     launches with no wait between them, and the host reads the counts and min/max once):
//     - 8-bit: bin = value;
//     - 16-bit 2D (ImageProcessor.setAutoThreshold converts to 8 bits with TypeConverter):
//       bin = (int)((v - min) * (256 / (max - min + 1)) + 0.5), at most 255;
//     - 32-bit 2D (FloatProcessor.create8BitImage): bin = (int)((v - min) * (255 / (max - min)) + 0.5);
//     - 16-bit stack (IJ.setAutoThreshold "... stack", StackStatistics):
//       bin = (int)((v - min) * (1 / ((max - min + 1) / 256))), at most 255;
//     - 32-bit stack (StackStatistics): bin = (int)((v - min) * (256 / (max - min))), at most 255;
//  3. the method's level on the host (auto_threshold.cpp);
//  4. "dark" selects the bins above the level: lower = min(level + 1, 255) in bin units, mapped
//     back to a pixel value as ImageProcessor.scaleAndSetThreshold does:
//     lower_value = min + (lower / 255) * (max - min) (or min when max == min); ShortProcessor
//     rounds it (Math.round, at least 0); Convert to Mask compares float pixels with it as a float;
//  5. destination = 1 where pixel >= lower_value, else 0.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "auto_threshold.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "ijcl/tiling.hpp"
#include "op_helpers.hpp"
#include "real_args.hpp"
#include "streaming.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

// A kernel of threshold.cl for source `src` (one program per pixel type serves all four).
KernelLaunch kernel(OpCall& c, const char* name, const Image& src) {
    return c.kernel("threshold.cl", name, {{"SRC", &src}}, real_defines(c));
}

// destination = source >= threshold: float images compare with tf, integer images with ti.
void compare(OpCall& c, Image& src, Image& dst, float tf, std::int64_t ti) {
    run_streaming(kernel(c, "greater_or_equal", src).image(src).image(dst).i64(pixel_count(src)).f32(tf).i64(ti),
                  c, pixel_count(src));
}

// Work-group count for the grid-stride reductions (16 pixels per work item per step): enough
// groups to fill the device, no more than the image needs.
std::size_t group_count(const OpCall& c, std::int64_t n, std::size_t local) {
    const std::size_t wanted = std::max<std::size_t>(1, c.device_info().compute_units) * 8;
    const std::int64_t items = (n + kPixelsPerItem - 1) / kPixelsPerItem;
    const std::size_t needed = static_cast<std::size_t>((items + static_cast<std::int64_t>(local) - 1) /
                                                        static_cast<std::int64_t>(local));
    return std::max<std::size_t>(1, std::min(wanted, std::min<std::size_t>(needed, 4096)));
}

// Layout of the scratch buffer shared with kernels/threshold.cl (32-bit words).
constexpr std::size_t kBins = 256;
constexpr std::size_t kMinMaxWord = 2 * kBins;        // min, max (float bits)
constexpr std::size_t kPartialsWord = kMinMaxWord + 2;  // per-group (min, max) pairs

// ImageJ's binning of the image (kernels/threshold.cl, histogram): 0 8-bit, 1 16-bit 2D,
// 2 16-bit stack, 3 float 2D, 4 float stack.
int binning_of(const Image& src) {
    const bool stack = src.shape().depth > 1;
    switch (src.type()) {
        case PixelType::UInt8: return 0;
        case PixelType::UInt16: return stack ? 2 : 1;
        default: return stack ? 4 : 3;
    }
}

struct Histogram {
    std::vector<std::uint64_t> counts;
    double min = 0.0, max = 0.0;  // of the non-NaN pixels (not computed for 8-bit images)
    bool valid() const { return min <= max; }
};

// The image's min/max and its 256-bin histogram, binned as ImageJ does (`binning`, binning_of
// the whole image): two launches, one read. With `given`, the min and max of a larger image
// whose tile `src` is: one launch, binned with them.
Histogram histogram(OpCall& c, Image& src, int binning, const float* given = nullptr) {
    const std::int64_t n = pixel_count(src);
    const std::size_t local = reduction_group_size(c);
    // 8-bit images need no min/max: one group only zeroes the counts.
    const std::size_t partials = binning == 0 || given ? 1 : group_count(c, n, local);
    cl::Buffer scratch = c.temp_buffer((kPartialsWord + 2 * partials) * sizeof(cl_uint));
    if (given) {
        std::vector<cl_uint> init(kPartialsWord + 2, 0);
        std::memcpy(&init[kPartialsWord], given, 2 * sizeof(float));
        c.queue().enqueueWriteBuffer(scratch, CL_TRUE, 0, init.size() * sizeof(cl_uint), init.data());
    } else {
        kernel(c, "min_max_partial", src)
            .image(src).i64(binning == 0 ? 0 : n).buffer(scratch)
            .run(cl::NDRange(partials * local), cl::NDRange(local));
    }
    kernel(c, "histogram", src)
        .image(src).i64(n).i32(binning).i32(static_cast<std::int32_t>(partials)).buffer(scratch)
        .run(cl::NDRange(group_count(c, n, local) * local), cl::NDRange(local));
    std::vector<cl_uint> host(kPartialsWord);
    c.queue().enqueueReadBuffer(scratch, CL_TRUE, 0, host.size() * sizeof(cl_uint), host.data());
    Histogram h;
    h.counts.resize(kBins);
    for (std::size_t b = 0; b < kBins; ++b)
        h.counts[b] = host[b] + (static_cast<std::uint64_t>(host[kBins + b]) << 32);
    float mm[2];
    std::memcpy(mm, &host[kMinMaxWord], sizeof mm);
    h.min = mm[0];
    h.max = mm[1];
    return h;
}

// The same over the tiles of an image beyond the device-memory budget: the tiles' min/max
// combined, then every tile binned with them and the counts added (integers: exactly the
// untiled histogram).
Histogram tiled_histogram(TileRunner& t) {
    const int binning = binning_of(t.full().input("source"));
    float mm[2] = {std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
    if (binning != 0)
        t.for_each_tile(Footprint{}, {}, false, [&](OpCall& tile, const TileBox&) {
            const Histogram h = histogram(tile, tile.input("source"), binning);
            mm[0] = std::min(mm[0], static_cast<float>(h.min));
            mm[1] = std::max(mm[1], static_cast<float>(h.max));
        });
    Histogram total;
    total.counts.assign(kBins, 0);
    t.for_each_tile(Footprint{}, {}, false, [&](OpCall& tile, const TileBox&) {
        const Histogram h = histogram(tile, tile.input("source"), binning, mm);
        for (std::size_t b = 0; b < kBins; ++b) total.counts[b] += h.counts[b];
    });
    total.min = mm[0];
    total.max = mm[1];
    return total;
}

// Java's Math.round (half up).
std::int64_t round_half_up(double x) {
    const double r = std::floor(x);
    return static_cast<std::int64_t>(x - r >= 0.5 ? r + 1.0 : r);
}

// The lower bound ImageJ's setAutoThreshold("<method> dark") sets for `src` (steps 1-4 above):
// pixels >= it are objects. float_value: the bound as a float image compares with it; int_value:
// as an integer image does; value: the bound as ImageJ's getThreshold reports it (8-bit: the bin,
// 16-bit: rounded, float: the double). none: no pixel but NaN (nothing passes; value NaN).
struct Level {
    bool none = false;
    float float_value = 0;
    std::int64_t int_value = 0;
    double value = 0;
};

void require_intensity(OpCall& c, PixelType type) {
    if (type == PixelType::UInt32)
        c.fail("source", "automatic thresholds need an 8-bit, 16-bit or 32-bit (float) intensity "
                         "image, not a uint32 label image");
}

// The level of `method` for the histogram `h` of an image of pixel type `type`.
Level level_of(OpCall& c, PixelType type, const Histogram& h, const std::string& method) {
    Level out;
    if (type != PixelType::UInt8 && !h.valid()) {  // no pixel but NaN: nothing passes
        out.none = true;
        out.float_value = std::numeric_limits<float>::infinity();
        out.value = std::numeric_limits<double>::quiet_NaN();
        return out;
    }
    long long level;
    try {
        level = auto_threshold_level(method, h.counts);
    } catch (const std::invalid_argument& e) {
        c.fail("method", e.what());
    }
    double lower = static_cast<double>(level) + 1.0;
    if (lower > 255.0) lower = 255.0;
    if (type == PixelType::UInt8) {
        out.float_value = static_cast<float>(lower);
        out.int_value = static_cast<std::int64_t>(lower);
        out.value = lower;
        return out;
    }
    const double mn = h.min, mx = h.max;
    double value = mx > mn ? mn + (lower / 255.0) * (mx - mn) : mn;
    if (type == PixelType::UInt16) {
        if (value < 0.0) value = 0.0;
        out.int_value = round_half_up(value);
        out.value = static_cast<double>(out.int_value);
    } else {
        out.float_value = static_cast<float>(value);
        out.value = value;
    }
    return out;
}

Level automatic_level(OpCall& c, Image& src, const std::string& method) {
    require_intensity(c, src.type());
    return level_of(c, src.type(), histogram(c, src, binning_of(src)), method);
}

Level tiled_level(TileRunner& t, const std::string& method) {
    const PixelType type = t.full().input("source").type();
    require_intensity(t.full(), type);
    return level_of(t.full(), type, tiled_histogram(t), method);
}

// destination = source >= the level, tile by tile.
void tiled_compare(TileRunner& t, float tf, std::int64_t ti) {
    t.for_each_tile(Footprint{}, {}, true, [&](OpCall& tile, const TileBox&) {
        compare(tile, tile.input("source"), tile.output("destination"), tf, ti);
    });
}

void tiled_threshold_with(TileRunner& t, const std::string& method) {
    const Level l = tiled_level(t, method);
    tiled_compare(t, l.float_value, l.int_value);
}

void threshold_with(OpCall& c, const std::string& method) {
    Image& src = c.input("source");
    Image& dst = c.output("destination");
    const Level l = automatic_level(c, src, method);
    compare(c, src, dst, l.float_value, l.int_value);
}

void automatic_threshold(OpCall& c) { threshold_with(c, c.string("method")); }

std::string method_list() {
    std::string all;
    for (const auto& m : auto_threshold_methods()) all += (all.empty() ? "" : ", ") + m;
    return all;
}

}  // namespace

void register_threshold_ops(Registry& r) {
    r.add("threshold", "Threshold")
        .doc("destination = 1 where source >= threshold, else 0 (a uint8 binary image of the same "
             "shape). Integer images compare exactly (pixel >= threshold); float images compare "
             "with the threshold rounded to float, as ImageJ does. Any pixel type, 2D or 3D.")
        .imagej("Image > Adjust > Threshold: setThreshold(threshold, max) + Convert to Mask "
                "(exact for whole thresholds; for a fractional threshold ImageJ rounds it on "
                "16-bit images, this compares with the exact value)")
        .input("source", "image, any pixel type")
        .output("destination", "binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .number("threshold", "128", "pixels with a value >= threshold become 1")
        .tiles_pixelwise()
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const double t = c.number("threshold");
            const double bound = std::ceil(std::min(std::max(t, -9.0e15), 9.0e15));
            compare(c, src, dst, static_cast<float>(t), static_cast<std::int64_t>(bound));
        });

    r.add("automaticThreshold", "Threshold")
        .clij2("Image input, ByRef Image destination, String method")
        .doc("Binarises source with one of ImageJ's automatic threshold methods, objects being the "
             "bright pixels: destination = 1 where the pixel lies above the method's level, else 0 "
             "(uint8 binary, same shape). The level is the one ImageJ's AutoThresholder returns "
             "for the image's 256-bin histogram; 8-bit images use one bin per grey value, 16-bit "
             "and 32-bit images 256 bins between their minimum and maximum, binned and mapped "
             "back to a pixel value exactly as ImageJ does (for a 2D image as "
             "ImageProcessor.setAutoThreshold, for a stack as the 'stack' histogram of "
             "IJ.setAutoThreshold; see native/src/ops/threshold_ops.cpp). The histogram and the "
             "min/max are computed on the GPU, the method on the host. Methods: " + method_list() +
             " (references in native/src/ops/auto_threshold.cpp). 8-, 16- and 32-bit images; "
             "uint32 label images are refused. Computed in double on devices with fp64; without, "
             "16/32-bit bins may differ at exact rounding ties. NaN pixels never pass; images "
             "with infinite values may differ from ImageJ.")
        .imagej("setAutoThreshold(\"<method> dark\") + Process > Binary > Convert to Mask on a 2D "
                "image; setAutoThreshold(\"<method> dark stack\") + Convert to Mask (one threshold "
                "for all slices) on a stack; raw pixel values, an inverting LUT ignored (exact)")
        .input("source", "8-bit, 16-bit or 32-bit image or stack")
        .output("destination", "binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .string("method", "Default", "the threshold method, as in ImageJ's Threshold dialog",
                auto_threshold_methods())
        .tiles_custom([](TileRunner& t) { tiled_threshold_with(t, t.full().string("method")); })
        .run(automatic_threshold);

    r.add("getAutomaticThreshold", "Threshold")
        .clij2("Image input, String method, ByRef Number threshold_value")
        .doc("The level of one of ImageJ's automatic threshold methods, as a pixel value: the "
             "lower bound that automaticThreshold (and threshold<Method>) compare with, pixels >= it "
             "being objects (see automaticThreshold for the histogram and the mapping). 8-bit: the "
             "method's bin + 1 (at most 255); 16-bit: that bound mapped to a pixel value and rounded "
             "as ImageJ's ShortProcessor does; 32-bit: the unrounded bound. So threshold(source, "
             "getAutomaticThreshold(source)) equals automaticThreshold(source). No pixel but NaN: NaN. "
             "Methods: " + method_list() + ". 8-, 16- and 32-bit images; uint32 label images are refused. "
             "Differences from CLIJ2 (GetAutomaticThreshold.java): CLIJ2 bins 16/32-bit images with "
             "its own histogram kernel between min and max and returns min + (level + 1) / 255 x "
             "(max - min) unrounded and unclamped; ijcl returns the level ImageJ's Auto Threshold sets "
             "(equal for 8-bit images below level 255).")
        .imagej("setAutoThreshold(\"<method> dark\") (2D) or setAutoThreshold(\"<method> dark stack\") "
                "(stacks), then getThreshold(lower, upper): lower (exact)")
        .input("source", "8-bit, 16-bit or 32-bit image or stack")
        .string("method", "Default", "the threshold method, as in ImageJ's Threshold dialog",
                auto_threshold_methods())
        .result("threshold_value", "the lower bound of the objects' pixel values")
        .tiles_custom([](TileRunner& t) {
            t.full().set_result("threshold_value", tiled_level(t, t.full().string("method")).value);
        })
        .run([](OpCall& c) {
            c.set_result("threshold_value", automatic_level(c, c.input("source"), c.string("method")).value);
        });

    // One operation per method, CLIJ2's threshold<Method> (ThresholdOtsu.java etc., each
    // automaticThreshold with a fixed method).
    for (const std::string& method : auto_threshold_methods()) {
        if (method == "IJ_IsoData") continue;  // ImageJ's legacy variant: CLIJ2 has no thresholdIJ_IsoData
        r.add("threshold" + method, "Threshold")
            .clij2("Image input, ByRef Image destination")
            .doc("Binarises source with ImageJ's '" + method + "' automatic threshold method, objects "
                 "being the bright pixels: automaticThreshold(source, destination, \"" + method + "\") "
                 "(see there: the 256-bin histogram, the level and its mapping to a pixel value, "
                 "exactly as ImageJ's Auto Threshold). destination: uint8 binary (0/1), same shape. "
                 "8-, 16- and 32-bit images; uint32 label images are refused. Source: CLIJ2's "
                 "Threshold" + method + " and ImageJ's AutoThresholder (references in "
                 "native/src/ops/auto_threshold.cpp). Difference from CLIJ2: CLIJ2 bins 16/32-bit images "
                 "with its own histogram kernel and compares with an unrounded float level; ijcl "
                 "follows ImageJ's Auto Threshold (identical for 8-bit images).")
            .imagej("setAutoThreshold(\"" + method + " dark\") + Process > Binary > Convert to Mask (2D); "
                    "\"" + method + " dark stack\" for stacks (exact)")
            .input("source", "8-bit, 16-bit or 32-bit image or stack")
            .output("destination", "binary image (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
            .tiles_custom([method](TileRunner& t) { tiled_threshold_with(t, method); })
            .run([method](OpCall& c) { threshold_with(c, method); });
    }
}

}  // namespace ijcl
