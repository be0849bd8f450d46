// Reductions of all pixels as rows of one table: sums, extremes, means, variances, standard
// deviations and counts of all pixels, of the pixels under a mask or of the pixels above a
// threshold, all from one kernel (kernels/pixel_statistics.cl); plus getDimensions,
// sumImageSliceBySlice, and the two operations that rescale pixels by such statistics
// (gammaCorrection: by the maximum; equalizeMeanIntensitiesOfSlices: by the plane sums).
//
// Numerics: integer pixel types are summed exactly in 64-bit integers and their min/max are exact;
// float pixels are summed in double (float on a device without cl_khr_fp64), NaN pixels left out.
// Variances are two-pass: the mean first, then the sum of squared deviations from it in double.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "ijcl/tiling.hpp"
#include "op_helpers.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

enum class Filter { All = 0, Mask = 1, AboveThreshold = 2, NonZero = 3 };  // NonZero: the source as its own mask
enum class Statistic { Minimum, Maximum, Sum, Mean, Variance, StandardDeviation, Count };

struct Stats {
    std::uint64_t selected = 0;  // pixels the filter selects, NaN included
    std::uint64_t count = 0;     // of them, pixels that are not NaN
    double sum = 0, min = std::numeric_limits<double>::infinity(),
           max = -std::numeric_limits<double>::infinity(), sq_dev = 0;
};

// One pass of kernels/pixel_statistics.cl over pixels first .. first + n - 1.
Stats pixel_statistics(OpCall& c, const Image& src, const Image& mask, Filter filter, float threshold,
                       double mean, std::int64_t first, std::int64_t n) {
    const std::size_t group = reduction_group_size(c);
    const std::size_t groups = static_cast<std::size_t>(
        std::max<std::int64_t>(1, std::min<std::int64_t>((n + static_cast<std::int64_t>(group) - 1) /
                                                             static_cast<std::int64_t>(group), 1024)));
    const bool flt = is_float(src.type());
    const std::size_t real = c.device_info().has_fp64 ? 8 : 4;
    const std::size_t sum_bytes = flt ? real : 8;
    cl::Buffer selected = c.temp_buffer(groups * 8), count = c.temp_buffer(groups * 8),
               sum = c.temp_buffer(groups * sum_bytes), mn = c.temp_buffer(groups * 4),
               mx = c.temp_buffer(groups * 4), sq = c.temp_buffer(groups * real);
    const int kernel_filter = filter == Filter::NonZero ? 1 : static_cast<int>(filter);
    const float mean_hi = static_cast<float>(mean);
    const float mean_lo = static_cast<float>(mean - static_cast<double>(mean_hi));
    c.kernel("pixel_statistics.cl", "pixel_statistics", {{"SRC", &src}, {"MASK", &mask}},
             {{"FILTER", std::to_string(kernel_filter)}, {"USE_DOUBLE", real == 8 ? "1" : "0"}})
        .image(src).image(mask).i64(first).i64(n).f32(threshold).f32(mean_hi).f32(mean_lo)
        .buffer(selected).buffer(count).buffer(sum).buffer(mn).buffer(mx).buffer(sq)
        .local_bytes(group * 8).local_bytes(group * 8).local_bytes(group * sum_bytes)
        .local_bytes(group * 4).local_bytes(group * 4).local_bytes(group * real)
        .run(cl::NDRange(groups * group), cl::NDRange(group));

    std::vector<cl_ulong> h_selected(groups), h_count(groups);
    std::vector<unsigned char> h_sum(groups * sum_bytes), h_min(groups * 4), h_max(groups * 4), h_sq(groups * real);
    auto& q = c.queue();
    q.enqueueReadBuffer(selected, CL_FALSE, 0, groups * 8, h_selected.data());
    q.enqueueReadBuffer(count, CL_FALSE, 0, groups * 8, h_count.data());
    q.enqueueReadBuffer(sum, CL_FALSE, 0, h_sum.size(), h_sum.data());
    q.enqueueReadBuffer(mn, CL_FALSE, 0, h_min.size(), h_min.data());
    q.enqueueReadBuffer(mx, CL_FALSE, 0, h_max.size(), h_max.data());
    q.enqueueReadBuffer(sq, CL_TRUE, 0, h_sq.size(), h_sq.data());

    auto real_at = [&](const std::vector<unsigned char>& raw, std::size_t i) {
        if (real == 8) { double v; std::memcpy(&v, raw.data() + i * 8, 8); return v; }
        float v; std::memcpy(&v, raw.data() + i * 4, 4); return static_cast<double>(v);
    };
    Stats s;
    std::uint64_t exact_sum = 0;
    double float_sum = 0;
    bool any = false;
    float fmin = std::numeric_limits<float>::infinity(), fmax = -fmin;
    cl_uint umin = 0xFFFFFFFFu, umax = 0;
    for (std::size_t g = 0; g < groups; ++g) {
        s.selected += h_selected[g];
        s.count += h_count[g];
        any = any || h_count[g] > 0;
        s.sq_dev += real_at(h_sq, g);
        if (flt) {
            float_sum += real_at(h_sum, g);
            float a, b;
            std::memcpy(&a, h_min.data() + g * 4, 4);
            std::memcpy(&b, h_max.data() + g * 4, 4);
            fmin = std::fmin(fmin, a);
            fmax = std::fmax(fmax, b);
        } else {
            cl_ulong v;
            std::memcpy(&v, h_sum.data() + g * 8, 8);
            exact_sum += v;
            cl_uint a, b;
            std::memcpy(&a, h_min.data() + g * 4, 4);
            std::memcpy(&b, h_max.data() + g * 4, 4);
            umin = std::min(umin, a);
            umax = std::max(umax, b);
        }
    }
    s.sum = flt ? float_sum : static_cast<double>(exact_sum);
    if (any) {
        s.min = flt ? static_cast<double>(fmin) : static_cast<double>(umin);
        s.max = flt ? static_cast<double>(fmax) : static_cast<double>(umax);
    }
    return s;
}

// One pass of statistics over all selected pixels, with `mean` for the squared deviations.
using StatsPass = std::function<Stats(double mean)>;

// The statistic from its passes (the second only for variances).
double finish_statistic(Statistic stat, const StatsPass& pass) {
    const Stats s = pass(0.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double mean = s.count > 0 ? s.sum / static_cast<double>(s.count) : nan;
    switch (stat) {
        case Statistic::Minimum: return s.min;
        case Statistic::Maximum: return s.max;
        case Statistic::Sum: return s.sum;
        case Statistic::Mean: return mean;
        case Statistic::Count: return static_cast<double>(s.selected);
        case Statistic::Variance:
        case Statistic::StandardDeviation: {
            if (s.count == 0) return nan;
            const Stats d = pass(mean);
            const double variance = d.sq_dev / static_cast<double>(d.count);
            return stat == Statistic::Variance ? variance : std::sqrt(variance);
        }
    }
    return nan;
}

float threshold_of(const OpCall& c, Filter filter) {
    if (filter != Filter::AboveThreshold) return 0.0f;
    const double t = c.number("threshold");
    if (std::isnan(t)) c.fail("threshold", "the threshold is NaN");
    return static_cast<float>(t);
}

// The statistic of `source` (and `mask` or `threshold`, by the filter).
double statistic(OpCall& c, Statistic stat, Filter filter) {
    Image& src = c.input("source");
    Image* mask = &src;
    if (filter == Filter::Mask) {
        require_same_shape(c, "source", "mask");
        mask = &c.input("mask");
    }
    const float threshold = threshold_of(c, filter);
    const std::int64_t n = pixel_count(src);
    return finish_statistic(stat, [&](double mean) { return pixel_statistics(c, src, *mask, filter, threshold, mean, 0, n); });
}

// The same over the tiles of a host-resident image: per-tile partials combined (counts and
// integer sums exactly, as the untiled run; float sums and squared deviations in double, so
// they can differ from the untiled run in the last bits).
double tiled_statistic(TileRunner& t, Statistic stat, Filter filter) {
    const float threshold = threshold_of(t.full(), filter);
    return finish_statistic(stat, [&](double mean) {
        Stats total;
        t.for_each_tile(Footprint{}, {}, false, [&](OpCall& tile, const TileBox&) {
            Image& src = tile.input("source");
            Image& mask = filter == Filter::Mask ? tile.input("mask") : src;
            const Stats s = pixel_statistics(tile, src, mask, filter, threshold, mean, 0, pixel_count(src));
            total.selected += s.selected;
            total.count += s.count;
            total.sum += s.sum;
            total.sq_dev += s.sq_dev;
            total.min = std::min(total.min, s.min);
            total.max = std::max(total.max, s.max);
        });
        return total;
    });
}

struct Row {
    const char* name;
    Statistic stat;
    Filter filter;
    const char* result;        // ijcl's result name
    const char* clij2_column;  // CLIJ2's Results column; nullptr: CLIJ2 writes a ByRef Number
    const char* clij2_byref;   // CLIJ2's ByRef parameter name (getX functions)
    const char* doc;           // what the statistic is
    const char* clij2_notes;   // deliberate differences from CLIJ2's Java
    const char* imagej;        // ImageJ counterpart ("" if none)
};

constexpr const char* kSumNote =
    "Integer pixel types: summed exactly in 64-bit integers; float: in double (in float on a device "
    "without cl_khr_fp64), NaN pixels left out. ";
constexpr const char* kMinMaxNote =
    "Exact for every pixel type (uint32 labels compared as integers); float NaN pixels are ignored. ";
constexpr const char* kVarNote =
    "Population variance: the sum of squared deviations from the mean divided by the number of "
    "pixels (n, as CLIJ2; ImageJ's StdDev divides by n - 1), two-pass (the mean first, then the "
    "squared deviations summed in double). Float NaN pixels are left out of sum and count. ";

const std::vector<Row>& rows() {
    static const std::vector<Row> table = {
        {"getMinimumOfAllPixels", Statistic::Minimum, Filter::All, "min", nullptr, "minimum_of_all_pixels",
         "The smallest pixel value of the image (all planes). ",
         "An image of only NaN gives Infinity (CLIJ2: Float.MAX_VALUE).",
         "Analyze > Measure 'Min' (StackStatistics.min for stacks; exact)"},
        {"minimumOfAllPixels", Statistic::Minimum, Filter::All, "min", "Min", nullptr,
         "The smallest pixel value of the image (all planes), as a new row of the Results table. ",
         "An image of only NaN gives Infinity (CLIJ2: Float.MAX_VALUE).",
         "Analyze > Measure 'Min' (StackStatistics.min for stacks; exact)"},
        {"getMaximumOfAllPixels", Statistic::Maximum, Filter::All, "max", nullptr, "maximum_of_all_pixels",
         "The largest pixel value of the image (all planes). ",
         "An image of only NaN gives -Infinity (CLIJ2: -Float.MAX_VALUE).",
         "Analyze > Measure 'Max' (ImageStatistics.max; exact); for stacks the maximum over all slices"},
        {"maximumOfAllPixels", Statistic::Maximum, Filter::All, "max", "Max", nullptr,
         "The largest pixel value of the image (all planes), as a new row of the Results table. ",
         "An image of only NaN gives -Infinity (CLIJ2: -Float.MAX_VALUE).",
         "Analyze > Measure 'Max' (StackStatistics.max for stacks; exact)"},
        {"getSumOfAllPixels", Statistic::Sum, Filter::All, "sum", nullptr, "sum_of_all_pixels",
         "The sum of all pixel values (all planes). ", "CLIJ2 sums in float.",
         "Analyze > Measure 'RawIntDen' (sum of raw pixel values; exact for 8/16-bit, float within double rounding)"},
        {"sumOfAllPixels", Statistic::Sum, Filter::All, "sum", "Sum", nullptr,
         "The sum of all pixel values (all planes), as a new row of the Results table. ", "CLIJ2 sums in float.",
         "Analyze > Measure 'RawIntDen' (exact for 8/16-bit, float within double rounding)"},
        {"getMeanOfAllPixels", Statistic::Mean, Filter::All, "mean", nullptr, "mean_of_all_pixels",
         "The mean of all pixel values (all planes): the sum divided by the number of pixels. ",
         "CLIJ2 sums in float; float NaN pixels are left out of the sum and the count (ImageJ's rule; CLIJ2 gives NaN).",
         "Analyze > Measure 'Mean' (StackStatistics.mean for stacks; within double rounding)"},
        {"meanOfAllPixels", Statistic::Mean, Filter::All, "mean", "Mean", nullptr,
         "The mean of all pixel values (all planes), as a new row of the Results table. ",
         "CLIJ2 sums in float; float NaN pixels are left out of the sum and the count (ImageJ's rule; CLIJ2 gives NaN).",
         "Analyze > Measure 'Mean' (StackStatistics.mean for stacks; within double rounding)"},
        {"varianceOfAllPixels", Statistic::Variance, Filter::All, "variance", "Variance", nullptr,
         "The variance of all pixel values (all planes), as a new row of the Results table. ",
         "CLIJ2 sums the squared deviations in float around a float mean.",
         "Analyze > Measure 'StdDev' squared x (n - 1) / n (within double rounding)"},
        {"standardDeviationOfAllPixels", Statistic::StandardDeviation, Filter::All, "standard_deviation",
         "StandardDeviation", nullptr,
         "The standard deviation of all pixel values (all planes): the square root of varianceOfAllPixels, as a "
         "new row of the Results table. ",
         "CLIJ2 sums the squared deviations in float around a float mean.",
         "Analyze > Measure 'StdDev' x sqrt((n - 1) / n) (ImageJ divides by n - 1; within double rounding)"},
        {"countNonZeroPixels", Statistic::Count, Filter::NonZero, "count", "CountNonZero", nullptr,
         "The number of pixels whose value is not 0 (all planes), counted exactly in 64 bits (no 2^24 limit), "
         "as a new row of the Results table. NaN counts as non-zero. ",
         "CLIJ2 counts in a float sum (exact below 2^24).",
         "Analyze > Measure 'Area' of a 0/255 mask thresholded at 255 with no calibration (exact)"},
        {"getMeanOfMaskedPixels", Statistic::Mean, Filter::Mask, "mean", nullptr, "mean_of_masked_pixels",
         "The mean of the pixel values where mask != 0. No such pixel: NaN. ",
         "CLIJ2's meanOfMaskedPixels selects mask == 1 (the same for 0/1 binary images) and sums in float.",
         "Analyze > Measure 'Mean' with the mask as selection (2D; within double rounding)"},
        {"meanOfMaskedPixels", Statistic::Mean, Filter::Mask, "mean", "Masked_mean", nullptr,
         "The mean of the pixel values where mask != 0, as a new row of the Results table. No such pixel: NaN. ",
         "CLIJ2's meanOfMaskedPixels selects mask == 1 (the same for 0/1 binary images) and sums in float.",
         "Analyze > Measure 'Mean' with the mask as selection (2D; within double rounding)"},
        {"maximumOfMaskedPixels", Statistic::Maximum, Filter::Mask, "max", "Masked_max", nullptr,
         "The largest pixel value where mask != 0, as a new row of the Results table. No such pixel: -Infinity. ",
         "CLIJ2's Java reads its 'mask' from the reduced image instead of the mask (it skips pixels of value 0 "
         "and ignores the mask in 2D); ijcl uses the mask as documented. No masked pixel: CLIJ2 gives "
         "-Float.MAX_VALUE.",
         "Analyze > Measure 'Max' with the mask as selection (exact)"},
        {"minimumOfMaskedPixels", Statistic::Minimum, Filter::Mask, "min", "Masked_min", nullptr,
         "The smallest pixel value where mask != 0, as a new row of the Results table. No such pixel: Infinity. ",
         "CLIJ2's Java reads its 'mask' from the reduced image instead of the mask (it skips pixels of value 0 "
         "and ignores the mask in 2D); ijcl uses the mask as documented. No masked pixel: CLIJ2 gives "
         "Float.MAX_VALUE.",
         "Analyze > Measure 'Min' with the mask as selection (exact)"},
        {"varianceOfMaskedPixels", Statistic::Variance, Filter::Mask, "variance", "Masked_variance", nullptr,
         "The variance of the pixel values where mask != 0, as a new row of the Results table. No such pixel: NaN. ",
         "CLIJ2 divides by the sum of the mask's values (the count for 0/1 masks) and sums in float.",
         "Analyze > Measure 'StdDev' squared x (n - 1) / n with the mask as selection"},
        {"standardDeviationOfMaskedPixels", Statistic::StandardDeviation, Filter::Mask, "standard_deviation",
         "Masked_standard_deviation", nullptr,
         "The standard deviation of the pixel values where mask != 0 (the square root of varianceOfMaskedPixels), "
         "as a new row of the Results table. No such pixel: NaN. ",
         "CLIJ2 divides by the sum of the mask's values (the count for 0/1 masks) and sums in float.",
         "Analyze > Measure 'StdDev' x sqrt((n - 1) / n) with the mask as selection"},
        {"meanOfPixelsAboveThreshold", Statistic::Mean, Filter::AboveThreshold, "mean",
         "Mean_of_pixels_above_threshold", nullptr,
         "The mean of the pixel values greater than threshold (compared in float, as CLIJ2's greaterConstant), "
         "as a new row of the Results table. No such pixel: NaN. ",
         "CLIJ2 sums in float.", ""},
    };
    return table;
}

void register_row(Registry& r, const Row& row) {
    const bool byref = row.clij2_column == nullptr;
    std::string help = "Image source";
    if (row.filter == Filter::Mask) help += ", Image mask";
    if (row.filter == Filter::AboveThreshold) help += ", Number threshold";
    if (byref) help += std::string(", ByRef Number ") + row.clij2_byref;
    std::string doc = row.doc;
    doc += "Pixel types: any (uint32 labels as integers)";
    if (row.filter == Filter::Mask) doc += "; mask: any pixel type, same shape as source (error otherwise)";
    doc += ". ";
    switch (row.stat) {
        case Statistic::Minimum: case Statistic::Maximum: doc += kMinMaxNote; break;
        case Statistic::Variance: case Statistic::StandardDeviation: doc += kVarNote; doc += kSumNote; break;
        case Statistic::Count: break;
        default: doc += kSumNote;
    }
    doc += std::string("Algorithm: work-group tree reduction in local memory (kernels/pixel_statistics.cl), "
                       "partials combined on the host; source: CLIJ2's ") +
           row.name + ". Differences from CLIJ2: " + row.clij2_notes;
    auto b = r.add(row.name, "Measurement");
    if (byref) b.clij2(help);
    else b.clij2(help, {row.clij2_column});
    b.doc(doc);
    if (*row.imagej) b.imagej(row.imagej);
    b.input("source", "image, any pixel type");
    if (row.filter == Filter::Mask) b.input("mask", "mask image of the same shape: pixels where it is not 0 are measured");
    if (row.filter == Filter::AboveThreshold) b.number("threshold", "0", "pixels with a value > threshold are measured");
    const Statistic stat = row.stat;
    const Filter filter = row.filter;
    const std::string result = row.result;
    const char* what = stat == Statistic::Minimum ? "smallest selected pixel value"
                       : stat == Statistic::Maximum ? "largest selected pixel value"
                       : stat == Statistic::Sum ? "sum of the pixel values"
                       : stat == Statistic::Mean ? "mean of the selected pixel values"
                       : stat == Statistic::Variance ? "population variance of the selected pixel values"
                       : stat == Statistic::StandardDeviation ? "population standard deviation of the selected pixel values"
                       : "number of non-zero pixels";
    b.result(result, what);
    b.run([stat, filter, result](OpCall& c) { c.set_result(result, statistic(c, stat, filter)); });
    b.tiles_custom([stat, filter, result](TileRunner& t) { t.full().set_result(result, tiled_statistic(t, stat, filter)); });
}


// dst = src * factors[min(z, count - 1)] for the plane z of every pixel (kernels/set.cl scale_planes):
// equalizeMeanIntensitiesOfSlices and multiplyImageStackWithScalarList.
void scale_planes(OpCall& c, const Image& src, const Image& dst, const cl::Buffer& factors, PixelType factor_type,
                  std::int64_t count) {
    const Shape& shape = src.shape();
    const std::int64_t plane = static_cast<std::int64_t>(shape.width) * static_cast<std::int64_t>(shape.height);
    const std::int64_t n = pixel_count(src);
    const std::size_t group = reduction_group_size(c);
    const std::size_t items = static_cast<std::size_t>((n + static_cast<std::int64_t>(group) - 1) /
                                                       static_cast<std::int64_t>(group)) * group;
    c.kernel_t("set.cl", "scale_planes", {{"SRC", src.type()}, {"DST", dst.type()}, {"FAC", factor_type}})
        .image(src).image(dst).i64(n).i64(plane).buffer(factors).i64(count)
        .run(cl::NDRange(items), cl::NDRange(group));
}

}  // namespace

void register_reduction_ops(Registry& r) {
    for (const Row& row : rows()) register_row(r, row);

    r.add("getDimensions", "Measurement")
        .clij2("Image source, ByRef Number width, ByRef Number height, ByRef Number depth")
        .doc("The width, height and depth of the image in pixels (depth 1 for a 2D image). Any pixel type. "
             "Source: CLIJ2's GetDimensions. Runs no kernel.")
        .imagej("getDimensions(width, height, channels, slices, frames): width, height, slices (exact)")
        .input("source", "image, any pixel type")
        .result("width", "width in pixels")
        .result("height", "height in pixels")
        .result("depth", "depth in pixels (planes)")
        .run([](OpCall& c) {
            const Shape& s = c.input("source").shape();
            c.set_result("width", static_cast<double>(s.width));
            c.set_result("height", static_cast<double>(s.height));
            c.set_result("depth", static_cast<double>(s.depth));
        });

    r.add("sumImageSliceBySlice", "Measurement")
        .doc("The sum of each plane's pixel values, written into a float32 image of depth x 1 x 1 (x = plane "
             "index). Sums: exact in 64-bit integers for integer pixel types, in double for float (NaN left "
             "out), then rounded to float for the destination (CLIJ2 sums in float: its sumXProjection then "
             "sumYProjection). Any pixel type, 2D (one value) or 3D. Algorithm: the work-group tree reduction "
             "of the reductions table (kernels/pixel_statistics.cl) once per plane. Source: CLIJ2's "
             "SumImageSliceBySlice.")
        .input("source", "image or stack, any pixel type")
        .output("destination", "float32 image of depth x 1 x 1: the plane sums",
                [](const OpCall& c) {
                    const Shape& s = c.input("source").shape();
                    return OutputDesc{Shape{s.depth, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const Shape& s = src.shape();
            const std::int64_t plane = static_cast<std::int64_t>(s.width) * static_cast<std::int64_t>(s.height);
            std::vector<float> sums(s.depth);
            for (std::size_t z = 0; z < s.depth; ++z)
                sums[z] = static_cast<float>(
                    pixel_statistics(c, src, src, Filter::All, 0, 0, static_cast<std::int64_t>(z) * plane, plane).sum);
            c.queue().enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, sums.size() * sizeof(float), sums.data());
        });

    r.add("gammaCorrection", "Filter")
        .doc("destination = (input / max) ^ gamma * max, max = the largest pixel value of input (CLIJ2's "
             "definition: normalised by the image's maximum, power, scaled back). Each step in float as in "
             "CLIJ2's Java (multiplyImageAndScalar by float(1 / max) into a float image, OpenCL pow, "
             "multiplyImageAndScalar by max); the maximum is exact (the reductions table). The result has "
             "input's shape and pixel type; integer results are rounded half up and saturated (NaN gives "
             "0), where CLIJ2 truncates toward zero: ijcl can be 1 higher. A maximum of 0 gives 0 / 0 = NaN "
             "(0 in integer images), a negative base with a fractional gamma NaN, as in CLIJ2. 2D or 3D, "
             "any pixel type. Not ImageJ's Process > Math > Gamma, which computes "
             "exp(gamma * ln((v - min) / (max - min))) * (max - min) + min over the display range on 8/16-bit "
             "images and plain v ^ gamma on 32-bit images. pyclesperanto_prototype's gamma_correction "
             "keeps its intermediate images in the input's type (x / max is 0 or 1 on integer images); "
             "ijcl follows CLIJ2's Java, which uses float intermediates. Source: CLIJ2's GammaCorrection.")
        .input("input", "image, any pixel type")
        .output("destination", "result, pixel type of input")
        .number("gamma", "1", "the exponent")
        .run([](OpCall& c) {
            Image& src = c.input("input");
            Image& dst = c.output("destination");
            const std::int64_t n = pixel_count(src);
            const Stats s = pixel_statistics(c, src, src, Filter::All, 0, 0.0, 0, n);
            // an image of only NaN pixels has no maximum: NaN, as CLIJ2's float maximum
            const double max = s.count > 0 ? s.max : std::numeric_limits<double>::quiet_NaN();
            const std::size_t group = reduction_group_size(c);
            const std::size_t items = static_cast<std::size_t>((n + static_cast<std::int64_t>(group) - 1) /
                                                               static_cast<std::int64_t>(group)) * group;
            c.kernel("set.cl", "gamma_correction", {{"SRC", &src}, {"DST", &dst}})
                .image(src).image(dst).i64(n).f32(static_cast<float>(1.0 / max))
                .f32(static_cast<float>(c.number("gamma"))).f32(static_cast<float>(max))
                .run(cl::NDRange(items), cl::NDRange(group));
        });

    r.add("equalizeMeanIntensitiesOfSlices", "Math")
        .doc("Multiplies every plane z of input by sum(plane referenceSlice) / sum(plane z), so that all "
             "planes get the reference plane's mean intensity (CLIJ2's 'simple ratio' bleaching "
             "correction). The plane sums as sumImageSliceBySlice makes them (exact for integer types, "
             "double for float, then rounded to float: CLIJ2 sums in float), their ratio in double rounded "
             "to a float factor, one float product per pixel (CLIJ2's multiplyImageStackWithScalars). A "
             "plane summing to 0 gives an infinite factor (0 * infinity = NaN, 0 in integer images), as in "
             "CLIJ2. The result has input's shape and pixel type; integer results are rounded half up and "
             "saturated (NaN gives 0), where CLIJ2 truncates toward zero: ijcl can be 1 higher. 3D (a 2D "
             "image is one plane: copied), any pixel type. Refused: a referenceSlice outside the stack "
             "(CLIJ2 fails with an index error). Source: CLIJ2's EqualizeMeanIntensitiesOfSlices.")
        .input("input", "stack, any pixel type")
        .output("destination", "result, pixel type of input", [](const OpCall& c) {
            const Image& in = c.input("input");
            const double z = c.number("referenceSlice");
            if (z < 0 || z >= static_cast<double>(in.shape().depth))
                c.fail("referenceSlice", "plane " + std::to_string(static_cast<long long>(z)) + " is outside the stack (planes 0 to " +
                                             std::to_string(in.shape().depth - 1) + ")");
            return OutputDesc{in.shape(), in.type(), ImageKind::Intensity};
        })
        .integer("referenceSlice", "0", "z of the plane whose mean the others get (from 0)")
        .run([](OpCall& c) {
            Image& src = c.input("input");
            Image& dst = c.output("destination");
            const Shape& shape = src.shape();
            const std::int64_t plane = static_cast<std::int64_t>(shape.width) * static_cast<std::int64_t>(shape.height);
            std::vector<float> sums(shape.depth), factors(shape.depth);
            for (std::size_t z = 0; z < shape.depth; ++z)
                sums[z] = static_cast<float>(
                    pixel_statistics(c, src, src, Filter::All, 0, 0, static_cast<std::int64_t>(z) * plane, plane).sum);
            const auto ref = static_cast<std::size_t>(c.integer("referenceSlice"));
            for (std::size_t z = 0; z < shape.depth; ++z)
                factors[z] = static_cast<float>(static_cast<double>(sums[ref]) / static_cast<double>(sums[z]));
            cl::Buffer f = c.temp_buffer(factors.size() * sizeof(float));
            c.queue().enqueueWriteBuffer(f, CL_TRUE, 0, factors.size() * sizeof(float), factors.data());
            scale_planes(c, src, dst, f, PixelType::Float32, static_cast<std::int64_t>(factors.size()));
        });

    r.add("multiplyImageStackWithScalarList", "Math")
        .ijcl_only()
        .doc("Multiplies every plane z of source by pixel z of the first row of scalar_list (x = z): planes "
             "beyond the row's last pixel use that last pixel, extra pixels are unused (CLIJ2's "
             "multiplyImageStackWithScalars with a scalar list image, whose read clamps to the edge). One "
             "float product per pixel; the result has source's shape and pixel type; integer results are "
             "rounded half up and saturated (NaN gives 0), where CLIJ2 truncates toward zero: ijcl can be 1 "
             "higher. The GPU side of Ext.CLIJ2_multiplyImageStackWithScalars, which pushes its macro array "
             "as this row. 2D or 3D (a 2D image is plane 0), any pixel type for both images. Source: CLIJ2's "
             "MultiplyImageStackWithScalars.")
        .input("source", "image or stack, any pixel type")
        .input("scalar_list", "factors: pixel x of row 0 multiplies plane x, any pixel type")
        .output("destination", "result, pixel type of source", same_as("source"))
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& list = c.input("scalar_list");
            Image& dst = c.output("destination");
            scale_planes(c, src, dst, list.buffer(), list.type(), static_cast<std::int64_t>(list.shape().width));
        });
}

}  // namespace ijcl
