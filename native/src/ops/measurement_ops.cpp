// Measurements: meanSquaredError and getMeanSquaredError (a tree reduction, kernels/reduction.cl; the
// other reductions of all pixels are the table of reduction_ops.cpp) and statisticsOfLabelledPixels (atomic per-label accumulation,
// kernels/statistics.cl).
#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ijcl/op_call.hpp"
#include "ijcl/tiling.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"
#include "streaming.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

enum class Reduce { Maximum = 0, Sum = 1, CountNonZero = 2, SumOfSquares = 3 };  // 3: float images only

// Reduces `image` on the device to one partial per work group, reads the partials and combines
// them on the host (sums in double, or exactly in 64-bit integers for integer pixel types).
double reduce_all(OpCall& c, const Image& image, Reduce op) {
    const std::size_t group = reduction_group_size(c);
    const std::uint64_t n = image.shape().pixels();
    const std::size_t groups = static_cast<std::size_t>(
        std::min<std::uint64_t>((n + group - 1) / group, 1024));
    const bool is_float_pixels = is_float(image.type());
    const bool use_double = c.device_info().has_fp64;

    std::size_t acc_bytes = 8;  // ulong, double or float2
    if (op == Reduce::Maximum) acc_bytes = 4;  // uint or float
    cl::Buffer partials = c.temp_buffer(groups * acc_bytes);
    c.kernel("reduction.cl", "reduce_to_partials", {{"SRC", &image}},
             {{"REDUCE_OP", std::to_string(static_cast<int>(op))},
              {"USE_DOUBLE", use_double ? "1" : "0"}})
        .image(image).i64(static_cast<std::int64_t>(n)).buffer(partials)
        .local_bytes(group * acc_bytes)
        .run(cl::NDRange(groups * group), cl::NDRange(group));
    std::vector<unsigned char> raw(groups * acc_bytes);
    c.queue().enqueueReadBuffer(partials, CL_TRUE, 0, raw.size(), raw.data());

    auto at = [&](std::size_t i, auto zero) {
        decltype(zero) v;
        std::memcpy(&v, raw.data() + i * sizeof(v), sizeof(v));
        return v;
    };
    if (op == Reduce::Maximum) {
        if (is_float_pixels) {
            float m = -std::numeric_limits<float>::infinity();
            for (std::size_t i = 0; i < groups; ++i) m = std::fmax(m, at(i, 0.0f));
            return m;
        }
        cl_uint m = 0;
        for (std::size_t i = 0; i < groups; ++i) m = std::max(m, at(i, cl_uint{0}));
        return m;
    }
    if ((op == Reduce::Sum || op == Reduce::SumOfSquares) && is_float_pixels) {
        double s = 0;
        if (use_double) {
            for (std::size_t i = 0; i < groups; ++i) s += at(i, 0.0);
        } else {  // (sum, error) float pairs
            for (std::size_t i = 0; i < 2 * groups; ++i) {
                float v;
                std::memcpy(&v, raw.data() + i * sizeof(float), sizeof(float));
                s += v;
            }
        }
        return s;
    }
    cl_ulong total = 0;
    for (std::size_t i = 0; i < groups; ++i) total += at(i, cl_ulong{0});
    return static_cast<double>(total);
}

void register_reductions(Registry& r) {
    // meanSquaredError writes CLIJ2's Results row "MSE", getMeanSquaredError a ByRef Number.
    for (const bool byref : {false, true}) {
    auto b = r.add(byref ? "getMeanSquaredError" : "meanSquaredError", "Measurement");
    if (byref) b.clij2("Image source1, Image source2, ByRef Number mean_squared_error");
    else b.clij2("Image source1, Image source2", {"MSE"});  // CLIJ2 adds a Results row
    b.doc("The mean squared error of two images of the same shape: the sum over all pixels of "
             "(source1 - source2)^2, divided by the number of pixels (all planes). As CLIJ2's "
             "MeanSquaredError: the difference is taken in float (CLIJ2's subtractImages into a float "
             "image; exact for 8/16-bit), squared in float, and the squares summed (ijcl: in double on "
             "devices with cl_khr_fp64, else compensated float pairs; CLIJ2 sums in float per work item), "
             "then divided by width, height and depth in double. Inputs: any pixel types, not necessarily "
             "the same. Float NaN: a NaN difference is left out of the sum but counted in the number of "
             "pixels (CLIJ2 gives NaN). Errors: shapes that differ. Algorithm: a float difference image "
             "(the kernel of subtractImages), then the work-group tree reduction of getSumOfAllPixels.")
        .input("source1", "first image, any pixel type")
        .input("source2", "second image, same shape, any pixel type")
        .result("mean_squared_error", "mean of the squared pixel differences")
        .run([](OpCall& c) {
            require_same_shape(c, "source1", "source2");
            Image& a = c.input("source1");
            Image& b = c.input("source2");
            ImagePtr difference = c.temp(a.shape(), PixelType::Float32);
            const std::uint64_t n = a.shape().pixels();
            auto launch = c.kernel("math.cl", "weighted_sum", {{"SRC0", &a}, {"SRC1", &b}, {"DST", difference.get()}});
            launch.image(a).image(b).image(*difference).i64(static_cast<std::int64_t>(n)).f32(1.0f).f32(-1.0f);
            run_streaming(launch, c, static_cast<std::int64_t>(n));
            const double sum = reduce_all(c, *difference, Reduce::SumOfSquares);
            const Shape& s = a.shape();
            c.set_result("mean_squared_error", sum / static_cast<double>(s.width) / static_cast<double>(s.height) /
                                                   static_cast<double>(s.depth));
        });
    }
}

}  // namespace

double maximum_of_all_pixels(OpCall& c, const Image& image) {
    return reduce_all(c, image, Reduce::Maximum);
}

float from_ordered_bits(cl_uint key) {
    const cl_uint bits = (key & 0x80000000u) ? (key & 0x7FFFFFFFu) : ~key;
    float v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
}

std::size_t max_label_of(OpCall& c, const Image& labels, const std::string& labels_arg) {
    const double max_label_value = reduce_all(c, labels, Reduce::Maximum);
    if (!(max_label_value < 1u << 28))  // also catches NaN
        c.fail(labels_arg, "the largest label is " + std::to_string(max_label_value) +
                               "; at most 268435455 labels are supported (relabel sequentially)");
    return max_label_value < 1 ? 0 : static_cast<std::size_t>(max_label_value);
}

std::string missing_for_double_sums(const DeviceInfo& device) {
    if (!device.has_fp64) return "cl_khr_fp64";
    if (!device.has_int64_atomics) return "cl_khr_int64_base_atomics";
    return "";
}

LabelAccumulators accumulate_labels(OpCall& c, const Image& input, const Image& labels,
                                    const std::string& input_arg, const std::string& labels_arg,
                                    unsigned needs, LabelSelection selection) {
    const DeviceInfo& dev = c.device_info();
    LabelAccumulators a;
    a.float_intensity = is_float(input.type());
    // Integer sums need no 64-bit atomics (ijcl_atomic_add_u64 splits them); float sums do.
    const std::string missing = missing_for_double_sums(dev);
    if (a.float_intensity && (needs & kLabelSums) && !missing.empty())
        c.fail(input_arg, "float intensities are summed in double by 64-bit compare-and-swap, but the device '" +
                              dev.name + "' lacks " + missing + "; convert the input to 16-bit first");

    if (selection == LabelSelection::WholeImage) a.max_label = 1;
    else if (selection == LabelSelection::BackgroundAndLabels) a.max_label = max_label_of(c, labels, labels_arg) + 1;
    else a.max_label = max_label_of(c, labels, labels_arg);
    a.slots = a.max_label + 1;  // slot 0 (background) is never written
    const std::size_t slots = a.slots;

    auto filled = [&](bool wanted, std::size_t bytes, cl_uint pattern) {
        if (!wanted) bytes = 8;
        cl::Buffer b = c.temp_buffer(bytes);
        c.queue().enqueueFillBuffer(b, pattern, 0, bytes);
        return b;
    };
    a.counts = filled(true, slots * 8, 0u);
    a.sums = filled(needs & kLabelSums, slots * 8, 0u);  // 0 bits = 0.0 as a double
    a.minima = filled(needs & kLabelMinMax, slots * 4, 0xFFFFFFFFu);
    a.maxima = filled(needs & kLabelMinMax, slots * 4, 0u);
    a.sums_xyz = filled(needs & kLabelPositions, slots * 3 * 8, 0u);
    a.box_min = filled(needs & kLabelBox, slots * 3 * 4, 0xFFFFFFFFu);
    a.box_max = filled(needs & kLabelBox, slots * 3 * 4, 0u);

    const Shape& s = input.shape();
    const std::uint64_t chunk = 32;
    auto flag = [&](unsigned need) { return std::string((needs & need) ? "1" : "0"); };
    c.kernel("statistics.cl", "accumulate_label_statistics", {{"SRC", &input}, {"LBL", &labels}},
             {{"NEED_SUMS", flag(kLabelSums)}, {"NEED_MINMAX", flag(kLabelMinMax)},
              {"NEED_POSITIONS", flag(kLabelPositions)}, {"NEED_BOX", flag(kLabelBox)},
              {"LABEL_MODE", std::to_string(static_cast<int>(selection))}})
        .image(input).image(labels).shape(input).i64(static_cast<std::int64_t>(chunk))
        .buffer(a.counts).buffer(a.sums).buffer(a.minima).buffer(a.maxima).buffer(a.sums_xyz)
        .buffer(a.box_min).buffer(a.box_max)
        .run(cl::NDRange((s.width + chunk - 1) / chunk, s.height, s.depth));
    return a;
}

namespace {

// accumulate_labels' buffers read back to the host (slot = label id, or id + 1 with the
// background row).
struct HostAccumulators {
    std::size_t max_label = 0, slots = 1;
    bool float_intensity = false;
    std::vector<cl_ulong> counts, sums, xyz;
    std::vector<cl_uint> min, max, bmin, bmax;

    void resize(std::size_t new_slots) {
        slots = new_slots;
        counts.resize(slots, 0);
        sums.resize(slots, 0);
        xyz.resize(3 * slots, 0);
        min.resize(slots, 0xFFFFFFFFu);
        max.resize(slots, 0);
        bmin.resize(3 * slots, 0xFFFFFFFFu);
        bmax.resize(3 * slots, 0);
    }
};

HostAccumulators read_accumulators(OpCall& c, const LabelAccumulators& a) {
    HostAccumulators h;
    h.max_label = a.max_label;
    h.float_intensity = a.float_intensity;
    h.resize(a.slots);
    const std::size_t slots = a.slots;
    auto& q = c.queue();
    q.enqueueReadBuffer(a.counts, CL_FALSE, 0, slots * 8, h.counts.data());
    q.enqueueReadBuffer(a.sums, CL_FALSE, 0, slots * 8, h.sums.data());
    q.enqueueReadBuffer(a.minima, CL_FALSE, 0, slots * 4, h.min.data());
    q.enqueueReadBuffer(a.maxima, CL_FALSE, 0, slots * 4, h.max.data());
    q.enqueueReadBuffer(a.sums_xyz, CL_FALSE, 0, slots * 24, h.xyz.data());
    q.enqueueReadBuffer(a.box_min, CL_FALSE, 0, slots * 12, h.bmin.data());
    q.enqueueReadBuffer(a.box_max, CL_TRUE, 0, slots * 12, h.bmax.data());
    return h;
}

double sum_of(const HostAccumulators& h, std::size_t slot) {
    double sum;
    if (h.float_intensity) std::memcpy(&sum, &h.sums[slot], sizeof sum);
    else sum = static_cast<double>(h.sums[slot]);
    return sum;
}

// Adds the accumulators of a tile whose first pixel is at `origin` of the whole image: counts
// and integer sums exactly, float sums in double, minima/maxima compared (as ordered bits),
// positions shifted to whole-image coordinates.
void merge_tile(HostAccumulators& total, const HostAccumulators& tile, const std::uint64_t origin[3]) {
    if (tile.slots > total.slots) total.resize(tile.slots);
    total.max_label = std::max(total.max_label, tile.max_label);
    total.float_intensity = tile.float_intensity;
    for (std::size_t s = 0; s < tile.slots; ++s) {
        if (tile.counts[s] == 0) continue;
        total.counts[s] += tile.counts[s];
        if (total.float_intensity) {
            const double sum = sum_of(total, s) + sum_of(tile, s);
            std::memcpy(&total.sums[s], &sum, sizeof sum);
        } else {
            total.sums[s] += tile.sums[s];
        }
        total.min[s] = std::min(total.min[s], tile.min[s]);
        total.max[s] = std::max(total.max[s], tile.max[s]);
        for (int a = 0; a < 3; ++a) {
            total.xyz[3 * s + a] += tile.xyz[3 * s + a] + tile.counts[s] * origin[a];
            total.bmin[3 * s + a] = std::min<cl_uint>(total.bmin[3 * s + a], tile.bmin[3 * s + a] + static_cast<cl_uint>(origin[a]));
            total.bmax[3 * s + a] = std::max<cl_uint>(total.bmax[3 * s + a], tile.bmax[3 * s + a] + static_cast<cl_uint>(origin[a]));
        }
    }
}

Table statistics_table(const HostAccumulators& h, LabelSelection selection) {
    const double id_offset = selection == LabelSelection::BackgroundAndLabels ? 1.0 : 0.0;
    const std::size_t max_label = h.max_label;
    Table t;
    t.columns = {"IDENTIFIER", "PIXEL_COUNT", "SUM_INTENSITY", "MEAN_INTENSITY",
                 "MINIMUM_INTENSITY", "MAXIMUM_INTENSITY", "CENTROID_X", "CENTROID_Y",
                 "CENTROID_Z", "BOUNDING_BOX_X", "BOUNDING_BOX_Y", "BOUNDING_BOX_Z",
                 "BOUNDING_BOX_END_X", "BOUNDING_BOX_END_Y", "BOUNDING_BOX_END_Z",
                 "BOUNDING_BOX_WIDTH", "BOUNDING_BOX_HEIGHT", "BOUNDING_BOX_DEPTH"};
    t.values.assign(t.columns.size(), std::vector<double>(max_label));
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t label = 1; label <= max_label; ++label) {
        const std::size_t row = label - 1;
        const double count = static_cast<double>(h.counts[label]);
        const double sum = sum_of(h, label);
        const bool present = h.counts[label] > 0;
        const bool has_range = h.min[label] <= h.max[label];
        auto intensity = [&](cl_uint v) {
            if (!has_range) return nan;
            return h.float_intensity ? static_cast<double>(from_ordered_bits(v)) : static_cast<double>(v);
        };
        std::vector<double> v = {
            static_cast<double>(label) - id_offset, count, sum, present ? sum / count : nan,
            intensity(h.min[label]), intensity(h.max[label])};
        for (int a = 0; a < 3; ++a)
            v.push_back(present ? static_cast<double>(h.xyz[3 * label + a]) / count : nan);
        for (int a = 0; a < 3; ++a) v.push_back(present ? h.bmin[3 * label + a] : nan);
        for (int a = 0; a < 3; ++a) v.push_back(present ? h.bmax[3 * label + a] : nan);
        for (int a = 0; a < 3; ++a)
            v.push_back(present ? double(h.bmax[3 * label + a]) - h.bmin[3 * label + a] + 1 : 0.0);
        for (std::size_t col = 0; col < v.size(); ++col) t.values[col][row] = v[col];
    }
    return t;
}

}  // namespace

Table label_statistics_table(OpCall& c, const Image& input, const Image& labels, const std::string& input_arg,
                             const std::string& labels_arg, LabelSelection selection) {
    const LabelAccumulators a = accumulate_labels(c, input, labels, input_arg, labels_arg, kLabelAll, selection);
    return statistics_table(read_accumulators(c, a), selection);
}

namespace {

// One declaration for the three label selections (the table rows of register_measurement_ops).
struct StatisticsSpec {
    const char* name;
    LabelSelection selection;
    const char* rows;  // which rows the table gets
    const char* clij2_class;
};

const StatisticsSpec kStatistics[] = {
    {"statisticsOfLabelledPixels", LabelSelection::Labels,
     "one table row per label id 1..max (in id order; an id absent from the label image gets "
     "PIXEL_COUNT 0 and NaN measurements)",
     "StatisticsOfLabelledPixels"},
    {"statisticsOfBackgroundAndLabelledPixels", LabelSelection::BackgroundAndLabels,
     "one table row per id 0..max, the background (id 0, every pixel whose label is 0) first "
     "(IDENTIFIER 0), then the labels as statisticsOfLabelledPixels gives them",
     "StatisticsOfBackgroundAndLabelledPixels (statisticsOfLabelledPixels over the ids 0..max)"},
    {"statisticsOfImage", LabelSelection::WholeImage,
     "one table row (IDENTIFIER 1) measuring every pixel of the image, as if it were a single label",
     "StatisticsOfImage (statisticsOfLabelledPixels with an all-ones label image)"},
};

void run_statistics(OpCall& c, const StatisticsSpec& s) {
    Image& input = c.input("input");
    const bool whole = s.selection == LabelSelection::WholeImage;
    if (!whole) require_same_shape(c, "input", "labelmap");
    Image& labels = whole ? input : c.input("labelmap");
    c.set_table(label_statistics_table(c, input, labels, "input", whole ? "input" : "labelmap", s.selection));
}

// The same over the tiles of images beyond the device-memory budget: each tile accumulated on
// the device, the tiles merged on the host (integer sums, counts, positions and boxes exactly as
// the untiled run; float sums in double per tile, which can differ in the last bits).
void run_statistics_tiled(TileRunner& t, const StatisticsSpec& s) {
    const bool whole = s.selection == LabelSelection::WholeImage;
    if (!whole) require_same_shape(t.full(), "input", "labelmap");
    HostAccumulators total;
    total.resize(whole ? 2 : 1);
    total.max_label = whole ? 1 : 0;
    t.for_each_tile(Footprint{}, {}, false, [&](OpCall& tile, const TileBox& box) {
        Image& input = tile.input("input");
        Image& labels = whole ? input : tile.input("labelmap");
        const LabelAccumulators a =
            accumulate_labels(tile, input, labels, "input", whole ? "input" : "labelmap", kLabelAll, s.selection);
        merge_tile(total, read_accumulators(tile, a), box.core_origin);
    });
    t.full().set_table(statistics_table(total, s.selection));
}

std::string statistics_doc(const StatisticsSpec& s) {
    const bool whole = s.selection == LabelSelection::WholeImage;
    return std::string("Measures ") +
           (whole ? "all pixels of an intensity image" : "the labels of a label image on an intensity image") +
           " and writes " + s.rows + ". Columns (CLIJ2's names): IDENTIFIER, "
           "PIXEL_COUNT, SUM_INTENSITY, MEAN_INTENSITY, MINIMUM_INTENSITY, MAXIMUM_INTENSITY, "
           "CENTROID_X/Y/Z (mean pixel coordinate, in pixels, pixel centres at integer "
           "coordinates: ImageJ's X/Y minus 0.5 without calibration), BOUNDING_BOX_X/Y/Z (first "
           "pixel), BOUNDING_BOX_END_X/Y/Z (last pixel, inclusive), BOUNDING_BOX_WIDTH/HEIGHT/"
           "DEPTH (END - start + 1). Input: any pixel type" +
           (whole ? std::string("") : std::string("; labelmap: any pixel type holding "
           "label ids (uint32 from ijcl's labelling; float ids are truncated), 0 = background, "
           "ids below 2^28")) +
           ". Errors: " + (whole ? "" : "shapes differ (names 'labelmap'); ") +
           "a float input on a device without cl_khr_fp64 or cl_khr_int64_base_atomics. Sums are exact "
           "for integer pixels (64-bit integer atomics, or pairs of 32-bit ones on devices without them), "
           "double for float pixels (NaN makes a "
           "row's sum and mean NaN; min/max ignore NaN). Algorithm: CLIJ2's " + s.clij2_class +
           "; here one pixel-parallel accumulation with atomics (each work item pre-summing runs of equal "
           "labels along x), shared by statisticsOfLabelledPixels, statisticsOfBackgroundAndLabelledPixels "
           "and statisticsOfImage, which differ only in which pixels form which row. Images beyond the "
           "device-memory budget are measured in tiles merged on the host (integer images: the same table).";
}

}  // namespace

void register_measurement_ops(Registry& r) {
    register_reductions(r);

    for (const StatisticsSpec& s : kStatistics) {
        auto b = r.add(s.name, "Measurement");
        b.doc(statistics_doc(s));
        if (s.selection == LabelSelection::Labels)
            b.imagej("Analyze > Analyze Particles... measurements Area (= PIXEL_COUNT, uncalibrated), Mean "
                     "(= MEAN_INTENSITY), Min/Max, X/Y centroid (= CENTROID_X/Y + 0.5), BX/BY/Width/Height "
                     "(= BOUNDING_BOX_X/Y/WIDTH/HEIGHT): exact up to double rounding");
        else if (s.selection == LabelSelection::WholeImage)
            b.imagej("Analyze > Measure without a selection / ij.process.StackStatistics: Area (= PIXEL_COUNT), "
                     "Mean, Min, Max; exact up to double rounding");
        else
            b.imagej("Analyze > Analyze Particles... for the label rows (as statisticsOfLabelledPixels); the "
                     "background row equals Measure with the background as a mask");
        b.table();
        b.input("input", "intensity image");
        if (s.selection != LabelSelection::WholeImage)
            b.input("labelmap", "label image of the same shape, 0 = background");
        b.tiles_custom([&s](TileRunner& t) { run_statistics_tiled(t, s); });
        b.run([&s](OpCall& c) { run_statistics(c, s); });
    }
}

}  // namespace ijcl
