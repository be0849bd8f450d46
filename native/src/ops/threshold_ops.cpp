// Thresholding: threshold (fixed value) and automaticThreshold (ImageJ's auto-threshold methods).
// Kernels: kernels/threshold.cl; the methods themselves: auto_threshold.cpp.
//
// automaticThreshold reproduces ImageJ's setAutoThreshold("<Method> dark") followed by
// Process > Binary > Convert to Mask, step by step:
//  1. min and max of the image (GPU reduction; not needed for 8-bit);
//  2. a 256-bin histogram on the GPU, binned exactly as ImageJ bins the image:
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
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "auto_threshold.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "real_args.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

// A kernel of threshold.cl for source `src` (one program per pixel type serves all four).
KernelLaunch kernel(OpCall& c, const char* name, const Image& src) {
    return c.kernel("threshold.cl", name, {{"SRC", &src}}, real_defines(c));
}

// destination = source >= threshold: float images compare with tf, integer images with ti.
void compare(OpCall& c, Image& src, Image& dst, float tf, std::int64_t ti) {
    kernel(c, "greater_or_equal", src)
        .image(src).image(dst).i64(pixel_count(src)).f32(tf).i64(ti)
        .run(cl::NDRange(pixel_count(src)));
}

// Work-group count for the grid-stride reductions: enough groups to fill the device, no more
// than the image needs.
std::size_t group_count(const OpCall& c, std::int64_t n, std::size_t local) {
    const std::size_t wanted = std::max<std::size_t>(1, c.device_info().compute_units) * 8;
    const std::size_t needed = static_cast<std::size_t>((n + static_cast<std::int64_t>(local) - 1) /
                                                        static_cast<std::int64_t>(local));
    return std::max<std::size_t>(1, std::min(wanted, std::min<std::size_t>(needed, 4096)));
}

struct MinMax {
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    bool valid() const { return min <= max; }
};

// Minimum and maximum of an image (NaN ignored).
MinMax min_max(OpCall& c, Image& src) {
    const std::int64_t n = pixel_count(src);
    const std::size_t local = reduction_group_size(c);
    const std::size_t groups = group_count(c, n, local);
    cl::Buffer partial = c.temp_buffer(groups * 2 * sizeof(float));
    kernel(c, "min_max_partial", src)
        .image(src).i64(n).buffer(partial).local_bytes(local * sizeof(float)).local_bytes(local * sizeof(float))
        .run(cl::NDRange(groups * local), cl::NDRange(local));
    std::vector<float> host(groups * 2);
    c.queue().enqueueReadBuffer(partial, CL_TRUE, 0, host.size() * sizeof(float), host.data());
    MinMax m;
    for (std::size_t g = 0; g < groups; ++g) {
        m.min = std::min(m.min, static_cast<double>(host[2 * g]));
        m.max = std::max(m.max, static_cast<double>(host[2 * g + 1]));
    }
    return m;
}

// 256-bin histogram with bin = min(255, (int)(max(v - mn, 0) * scale + offset)).
std::vector<std::uint64_t> histogram(OpCall& c, Image& src, double mn, double scale, double offset,
                                     bool nan_to_bin0) {
    const std::int64_t n = pixel_count(src);
    const std::size_t local = reduction_group_size(c);
    const std::size_t groups = group_count(c, n, local);
    cl::Buffer partial = c.temp_buffer(groups * 256 * sizeof(cl_uint));
    cl::Buffer total = c.temp_buffer(256 * sizeof(cl_ulong));
    auto launch = kernel(c, "histogram_partial", src);
    launch.image(src).i64(n);
    real_arg(launch, c, mn);
    real_arg(launch, c, scale);
    real_arg(launch, c, offset);
    launch.i32(nan_to_bin0 ? 1 : 0).buffer(partial).run(cl::NDRange(groups * local), cl::NDRange(local));
    kernel(c, "histogram_sum", src)
        .buffer(partial).i64(static_cast<std::int64_t>(groups)).buffer(total)
        .run(cl::NDRange(256));
    std::vector<std::uint64_t> hist(256);
    c.queue().enqueueReadBuffer(total, CL_TRUE, 0, 256 * sizeof(cl_ulong), hist.data());
    return hist;
}

// Java's Math.round (half up).
std::int64_t round_half_up(double x) {
    const double r = std::floor(x);
    return static_cast<std::int64_t>(x - r >= 0.5 ? r + 1.0 : r);
}

void automatic_threshold(OpCall& c) {
    Image& src = c.input("source");
    Image& dst = c.output("destination");
    const std::string& method = c.string("method");
    const PixelType type = src.type();
    if (type == PixelType::UInt32)
        c.fail("source", "automatic thresholds need an 8-bit, 16-bit or 32-bit (float) intensity "
                         "image, not a uint32 label image");
    const bool stack = src.shape().depth > 1;

    double mn = 0.0, mx = 255.0, scale = 1.0, offset = 0.0;
    bool nan_to_bin0 = false;
    if (type != PixelType::UInt8) {
        const MinMax m = min_max(c, src);
        if (!m.valid()) {  // no pixel but NaN: nothing passes
            compare(c, src, dst, std::numeric_limits<float>::infinity(), 0);
            return;
        }
        mn = m.min;
        mx = m.max;
        if (type == PixelType::UInt16) {
            if (stack) {
                scale = 1.0 / ((mx - mn + 1.0) / 256.0);
            } else {
                scale = 256.0 / (mx - mn + 1.0);
                offset = 0.5;
            }
        } else {  // float32
            if (stack) {
                scale = 256.0 / (mx - mn);
            } else {
                scale = 255.0 / (mx - mn);
                offset = 0.5;
                nan_to_bin0 = true;
            }
        }
    }
    const auto hist = histogram(c, src, mn, scale, offset, nan_to_bin0);
    long long level;
    try {
        level = auto_threshold_level(method, hist);
    } catch (const std::invalid_argument& e) {
        c.fail("method", e.what());
    }
    double lower = static_cast<double>(level) + 1.0;
    if (lower > 255.0) lower = 255.0;
    if (type == PixelType::UInt8) {
        compare(c, src, dst, static_cast<float>(lower), static_cast<std::int64_t>(lower));
        return;
    }
    double value = mx > mn ? mn + (lower / 255.0) * (mx - mn) : mn;
    if (type == PixelType::UInt16) {
        if (value < 0.0) value = 0.0;
        compare(c, src, dst, 0.0f, round_half_up(value));
    } else {
        compare(c, src, dst, static_cast<float>(value), 0);
    }
}

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
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const double t = c.number("threshold");
            const double bound = std::ceil(std::min(std::max(t, -9.0e15), 9.0e15));
            compare(c, src, dst, static_cast<float>(t), static_cast<std::int64_t>(bound));
        });

    r.add("automaticThreshold", "Threshold")
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
        .run(automatic_threshold);
}

}  // namespace ijcl
