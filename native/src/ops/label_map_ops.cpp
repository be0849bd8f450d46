// Parametric maps of label images: a statistic per label (pixel count, intensity mean, minimum,
// maximum and standard deviation, mean and maximum distance to the centroid, their ratio) written
// back to every pixel of the label (kernels/label_map.cl). One table (kMaps) declares the family;
// the per-label reduction is statisticsOfLabelledPixels's (label_statistics.hpp).
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

enum class Stat { PixelCount, Mean, Minimum, Maximum, StandardDeviation, MeanExtension, MaximumExtension, ExtensionRatio };

struct MapSpec {
    const char* name;
    Stat stat;
    bool intensity;    // (intensity_image, label_map, destination), else (input, destination)
    const char* what;  // the value each label gets
    const char* clij2_class;
};

const MapSpec kMaps[] = {
    {"pixelCountMap", Stat::PixelCount, false, "its number of pixels (area in 2D, volume in 3D)",
     "PixelCountMap (PIXEL_COUNT)"},
    {"meanIntensityMap", Stat::Mean, true, "the mean of the intensity image's pixels under it",
     "MeanIntensityMap (MEAN_INTENSITY)"},
    {"minimumIntensityMap", Stat::Minimum, true, "the smallest intensity under it",
     "MinimumIntensityMap (MINIMUM_INTENSITY)"},
    {"maximumIntensityMap", Stat::Maximum, true, "the largest intensity under it",
     "MaximumIntensityMap (MAXIMUM_INTENSITY)"},
    {"standardDeviationIntensityMap", Stat::StandardDeviation, true,
     "the standard deviation of the intensities under it, sqrt(sum((v - mean)^2) / n) (the "
     "population form, dividing by n as CLIJ2 does, not n - 1)",
     "StandardDeviationIntensityMap (STANDARD_DEVIATION_INTENSITY)"},
    {"meanExtensionMap", Stat::MeanExtension, false,
     "the mean Euclidean distance of its pixels to its centroid (in pixels; the centroid is the "
     "mean pixel position, x, y and z unscaled)",
     "MeanExtensionMap (MEAN_DISTANCE_TO_CENTROID)"},
    {"maximumExtensionMap", Stat::MaximumExtension, false,
     "the largest Euclidean distance of any of its pixels to its centroid (in pixels; the centroid "
     "is the mean pixel position, x, y and z unscaled)",
     "MaximumExtensionMap (MAX_DISTANCE_TO_CENTROID)"},
    {"extensionRatioMap", Stat::ExtensionRatio, false,
     "the ratio of the largest to the mean distance of its pixels to its centroid (maximumExtension"
     "Map / meanExtensionMap; NaN for a one-pixel label, 0 / 0, as in CLIJ2). CLIJ2 computes this "
     "ratio from the intensity-weighted mass centre with the label image as its own intensity, "
     "which is the centroid because a label's intensity is constant",
     "ExtensionRatioMap (MAX_MEAN_DISTANCE_TO_MASS_CENTER_RATIO)"},
};

unsigned needs_of(Stat s) {
    switch (s) {
        case Stat::PixelCount: return 0;
        case Stat::Mean: return kLabelSums;
        case Stat::Minimum:
        case Stat::Maximum: return kLabelMinMax;
        case Stat::StandardDeviation: return kLabelSums;
        default: return kLabelPositions;
    }
}

template <typename T>
std::vector<T> read_back(OpCall& c, const cl::Buffer& b, std::size_t count) {
    std::vector<T> out(count);
    c.queue().enqueueReadBuffer(b, CL_TRUE, 0, count * sizeof(T), out.data());
    return out;
}

cl::Buffer upload(OpCall& c, const void* data, std::size_t bytes) {
    cl::Buffer b = c.temp_buffer(bytes);
    c.queue().enqueueWriteBuffer(b, CL_TRUE, 0, bytes, data);
    return b;
}

void run_map(OpCall& c, const MapSpec& m) {
    const std::string labels_arg = m.intensity ? "label_map" : "input";
    Image& labels = c.input(labels_arg);
    Image& intensity = m.intensity ? c.input("intensity_image") : labels;
    const std::string intensity_arg = m.intensity ? "intensity_image" : labels_arg;
    Image& dst = c.output("destination");
    const DeviceInfo& dev = c.device_info();
    const bool second_pass = m.stat == Stat::StandardDeviation || m.stat == Stat::MeanExtension ||
                             m.stat == Stat::MaximumExtension || m.stat == Stat::ExtensionRatio;
    const std::string missing = missing_for_double_sums(dev);
    if (second_pass && !missing.empty())
        c.fail("", "the device '" + dev.name + "' lacks " + missing + ", which this map's per-label sums in double need");

    const LabelAccumulators a =
        accumulate_labels(c, intensity, labels, intensity_arg, labels_arg, needs_of(m.stat));
    const std::size_t slots = a.slots;
    const std::vector<cl_ulong> counts = read_back<cl_ulong>(c, a.counts, slots);
    std::vector<double> value(slots, 0.0);
    const double nan = std::numeric_limits<double>::quiet_NaN();

    auto sum_of = [&](const std::vector<cl_ulong>& raw, std::size_t l) {
        if (!a.float_intensity) return static_cast<double>(raw[l]);
        double v;
        std::memcpy(&v, &raw[l], sizeof v);
        return v;
    };

    if (m.stat == Stat::PixelCount) {
        for (std::size_t l = 1; l < slots; ++l) value[l] = static_cast<double>(counts[l]);
    } else if (m.stat == Stat::Mean || m.stat == Stat::StandardDeviation) {
        const std::vector<cl_ulong> sums = read_back<cl_ulong>(c, a.sums, slots);
        for (std::size_t l = 1; l < slots; ++l)
            value[l] = counts[l] ? sum_of(sums, l) / static_cast<double>(counts[l]) : 0.0;
    } else if (m.stat == Stat::Minimum || m.stat == Stat::Maximum) {
        const std::vector<cl_uint> lo = read_back<cl_uint>(c, a.minima, slots);
        const std::vector<cl_uint> hi = read_back<cl_uint>(c, a.maxima, slots);
        for (std::size_t l = 1; l < slots; ++l) {
            if (!counts[l]) continue;
            if (lo[l] > hi[l]) {  // every value NaN
                value[l] = nan;
                continue;
            }
            const cl_uint key = m.stat == Stat::Minimum ? lo[l] : hi[l];
            value[l] = a.float_intensity ? static_cast<double>(from_ordered_bits(key)) : static_cast<double>(key);
        }
    }

    if (second_pass) {
        const bool squares = m.stat == Stat::StandardDeviation;
        std::vector<double> means, centroids;
        if (squares) {
            means = value;  // the means just computed
        } else {
            const std::vector<cl_ulong> xyz = read_back<cl_ulong>(c, a.sums_xyz, 3 * slots);
            centroids.assign(3 * slots, 0.0);
            for (std::size_t l = 1; l < slots; ++l)
                for (int k = 0; k < 3; ++k)
                    if (counts[l]) centroids[3 * l + k] = static_cast<double>(xyz[3 * l + k]) / counts[l];
        }
        const double zero = 0;
        cl::Buffer means_b = squares ? upload(c, means.data(), slots * 8) : upload(c, &zero, 8);
        cl::Buffer centroids_b = squares ? upload(c, &zero, 8) : upload(c, centroids.data(), 3 * slots * 8);
        auto zeros = [&](bool wanted, std::size_t bytes) {
            if (!wanted) bytes = 8;
            cl::Buffer b = c.temp_buffer(bytes);
            c.queue().enqueueFillBuffer(b, cl_uint{0}, 0, bytes);
            return b;
        };
        cl::Buffer sq = zeros(squares, slots * 8);
        cl::Buffer dsum = zeros(!squares, slots * 8);
        cl::Buffer dmax = zeros(!squares, slots * 4);
        const Shape& s = labels.shape();
        const std::uint64_t chunk = 32;
        c.kernel("label_map.cl", "label_deviations", {{"SRC", &intensity}, {"LBL", &labels}},
                 {{"NEED_SQUARES", squares ? "1" : "0"}, {"NEED_DISTANCES", squares ? "0" : "1"}})
            .image(intensity).image(labels).shape(labels).i64(static_cast<std::int64_t>(chunk))
            .i64(static_cast<std::int64_t>(slots)).buffer(means_b).buffer(centroids_b)
            .buffer(sq).buffer(dsum).buffer(dmax)
            .run(cl::NDRange((s.width + chunk - 1) / chunk, s.height, s.depth));
        if (squares) {
            const std::vector<double> q = read_back<double>(c, sq, slots);
            for (std::size_t l = 1; l < slots; ++l)
                value[l] = counts[l] ? std::sqrt(q[l] / static_cast<double>(counts[l])) : 0.0;
        } else {
            const std::vector<double> ds = read_back<double>(c, dsum, slots);
            const std::vector<float> dm = read_back<float>(c, dmax, slots);
            for (std::size_t l = 1; l < slots; ++l) {
                if (!counts[l]) continue;
                const double mean = ds[l] / static_cast<double>(counts[l]);
                if (m.stat == Stat::MeanExtension) value[l] = mean;
                else if (m.stat == Stat::MaximumExtension) value[l] = dm[l];
                else value[l] = dm[l] / mean;  // 0 / 0 = NaN for a single pixel, as in CLIJ2
            }
        }
    }

    std::vector<float> vector(slots);
    for (std::size_t l = 0; l < slots; ++l) vector[l] = static_cast<float>(value[l]);
    vector[0] = 0.0f;  // background
    cl::Buffer values_b = upload(c, vector.data(), slots * sizeof(float));
    const std::uint64_t n = labels.shape().pixels();
    c.kernel("label_map.cl", "replace_by_label", {{"LBL", &labels}})
        .image(labels).buffer(values_b).image(dst).i64(static_cast<std::int64_t>(n))
        .i64(static_cast<std::int64_t>(slots))
        .run(cl::NDRange(n));
}

std::string map_doc(const MapSpec& m) {
    std::string d = std::string("Replaces every label of a label image by ") + m.what +
                    ", background (0) stays 0: a parametric image. ";
    d += m.intensity
             ? "Inputs: intensity_image (any pixel type) and label_map (the same shape; any pixel "
               "type holding label ids: uint32 from ijcl's labelling, exact for every id; float ids "
               "are truncated). "
             : "Input: a label image (any pixel type holding label ids: uint32 from ijcl's "
               "labelling, exact for every id; float ids are truncated). ";
    d += "Output: float32, the label image's shape (2D or 3D). Ids must be below 2^28; the "
         "per-label arrays have one entry per id up to the largest (memory: about 20 bytes per id, "
         "so sparse ids near 2^28 need gigabytes). Errors: shapes differ (names 'label_map'), "
         "largest id 2^28 or more";
    if (m.stat == Stat::StandardDeviation || m.stat >= Stat::MeanExtension)
        d += ", a device without cl_khr_fp64 or cl_khr_int64_base_atomics (sums in double)";
    else if (m.intensity)
        d += ", a float intensity on a device without cl_khr_fp64 or cl_khr_int64_base_atomics";
    d += ". Algorithm: CLIJ2's ";
    d += m.clij2_class;
    d += ": statisticsOfLabelledPixels's per-label accumulation (atomics over runs of equal labels; "
         "counts and integer sums exact in 64 bits, float sums in double)";
    if (m.stat == Stat::StandardDeviation)
        d += ", then a second pass summing (v - mean)^2 per label in double";
    if (m.stat >= Stat::MeanExtension)
        d += ", then a second pass summing the distances to the centroid in double and taking their "
             "maximum in float";
    d += ", one value per label computed in double and stored as float, written back by label "
         "lookup (CLIJ2's replaceIntensities). Differences from CLIJ2: CLIJ2 reads label ids as "
         "float (ids above 2^24 merge) and sums in float (pyclesperanto) or double (CLIJ2 Java); "
         "ijcl reads ids as integers.";
    if (m.stat == Stat::Minimum || m.stat == Stat::Maximum)
        d += " NaN intensities are ignored (a label of only NaN gets NaN).";
    if (m.stat == Stat::Mean || m.stat == Stat::StandardDeviation)
        d += " A NaN intensity makes its label's value NaN.";
    return d;
}

void label_overlap_count_map(OpCall& c) {
    Image& a = c.input("label_map1");
    Image& b = c.input("label_map2");
    Image& dst = c.output("overlap_count_map_destination");
    if (!c.device_info().has_int64_atomics)
        c.fail("", "the device '" + c.device_info().name + "' lacks cl_khr_int64_base_atomics, which the "
                   "overlap hash set needs");
    const std::size_t slots = max_label_of(c, a, "label_map1") + 1;
    max_label_of(c, b, "label_map2");  // the same id limit for both
    const std::uint64_t n = a.shape().pixels();
    const std::vector<std::pair<std::string, const Image*>> types = {{"LBL", &a}, {"LBL2", &b}};

    cl::Buffer total = c.temp_buffer(4);
    c.queue().enqueueFillBuffer(total, cl_uint{0}, 0, 4);
    c.kernel("label_graph.cl", "overlap_run_starts", types)
        .image(a).image(b).i64(static_cast<std::int64_t>(n)).buffer(total).run(cl::NDRange(n));
    cl_uint runs = 0;
    c.queue().enqueueReadBuffer(total, CL_TRUE, 0, 4, &runs);
    int bits = 4;
    while ((std::uint64_t{1} << bits) < 2 * std::uint64_t{runs} + 2) ++bits;
    const std::size_t table_bytes = (std::size_t{1} << bits) * 8;
    cl::Buffer table = c.temp_buffer(table_bytes);
    c.queue().enqueueFillBuffer(table, cl_uint{0}, 0, table_bytes);
    cl::Buffer counts = c.temp_buffer(slots * 4);
    c.queue().enqueueFillBuffer(counts, cl_uint{0}, 0, slots * 4);
    c.kernel("label_graph.cl", "overlap_insert", types)
        .image(a).image(b).i64(static_cast<std::int64_t>(n)).buffer(table).i32(bits).buffer(counts)
        .i64(static_cast<std::int64_t>(slots))
        .run(cl::NDRange(n));
    std::vector<cl_uint> h(slots);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, slots * 4, h.data());
    std::vector<float> vector(slots);
    for (std::size_t l = 0; l < slots; ++l) vector[l] = static_cast<float>(h[l]);
    vector[0] = 0.0f;
    cl::Buffer values_b = upload(c, vector.data(), slots * sizeof(float));
    c.kernel("label_map.cl", "replace_by_label", {{"LBL", &a}})
        .image(a).buffer(values_b).image(dst).i64(static_cast<std::int64_t>(n))
        .i64(static_cast<std::int64_t>(slots))
        .run(cl::NDRange(n));
}

void label_proximal_neighbor_count_map(OpCall& c) {
    Image& a = c.input("label_map1");
    Image& b = c.input("label_map2");
    Image& dst = c.output("proximal_neighbor_count_map_destination");
    std::size_t max1 = 0, max2 = 0;
    const std::vector<double> c1 = label_centroids(c, a, "label_map1", &max1);
    const std::vector<double> c2 = label_centroids(c, b, "label_map2", &max2);
    // CLIJ2 keeps the centroids as float: so do the distances here.
    std::vector<float> f1(c1.begin(), c1.end()), f2(c2.begin(), c2.end());
    cl::Buffer b1 = upload(c, f1.data(), f1.size() * sizeof(float));
    cl::Buffer b2 = upload(c, f2.data(), f2.size() * sizeof(float));
    const std::size_t slots = max1 + 1;
    cl::Buffer counts = c.temp_buffer(slots * sizeof(float));
    c.kernel_t("label_graph.cl", "proximal_counts", {})
        .buffer(b1).i64(static_cast<std::int64_t>(slots)).buffer(b2).i64(static_cast<std::int64_t>(max2 + 1))
        .f32(static_cast<float>(c.number("min_distance"))).f32(static_cast<float>(c.number("max_distance")))
        .buffer(counts)
        .run(cl::NDRange(slots));
    const std::uint64_t n = a.shape().pixels();
    c.kernel("label_map.cl", "replace_by_label", {{"LBL", &a}})
        .image(a).buffer(counts).image(dst).i64(static_cast<std::int64_t>(n))
        .i64(static_cast<std::int64_t>(slots))
        .run(cl::NDRange(n));
}

}  // namespace

void replace_intensities(OpCall& c, Image& src, Image& vec, Image& dst) {
    const std::uint64_t n = src.shape().pixels();
    c.kernel("label_map.cl", "replace_intensities", {{"SRC", &src}, {"VEC", &vec}, {"DST", &dst}})
        .image(src).image(vec).i64(static_cast<std::int64_t>(vec.shape().width)).image(dst)
        .i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
}

std::vector<double> label_centroids(OpCall& c, const Image& labels, const std::string& labels_arg,
                                    std::size_t* max_label) {
    const LabelAccumulators a = accumulate_labels(c, labels, labels, labels_arg, labels_arg, kLabelPositions);
    const std::vector<cl_ulong> counts = read_back<cl_ulong>(c, a.counts, a.slots);
    const std::vector<cl_ulong> xyz = read_back<cl_ulong>(c, a.sums_xyz, 3 * a.slots);
    std::vector<double> out(3 * a.slots, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t l = 1; l < a.slots; ++l)
        if (counts[l])
            for (int k = 0; k < 3; ++k) out[3 * l + k] = static_cast<double>(xyz[3 * l + k]) / counts[l];
    *max_label = a.max_label;
    return out;
}

void register_label_map_ops(Registry& r) {
    for (const MapSpec& m : kMaps) {
        const std::string labels_arg = m.intensity ? "label_map" : "input";
        auto b = r.add(m.name, "Label");
        b.doc(map_doc(m));
        if (m.intensity) {
            b.input("intensity_image", "intensity image, any pixel type");
            b.input("label_map", "label image of the same shape, 0 = background");
        } else {
            b.input("input", "label image, 0 = background");
        }
        const bool with_intensity = m.intensity;
        b.output("destination", "float32 map, the label image's shape",
                 [labels_arg, with_intensity](const OpCall& c) {
                     if (with_intensity) require_same_shape(c, "intensity_image", "label_map");
                     return OutputDesc{c.input(labels_arg).shape(), PixelType::Float32, ImageKind::Intensity};
                 });
        b.run([&m](OpCall& c) { run_map(c, m); });
    }

    r.add("labelOverlapCountMap", "Label")
        .doc("For every label of label_map1, the number of different labels of label_map2 that share "
             "at least one pixel with it (label_map2's background 0 does not count), written to every "
             "pixel of the label; background 0 stays 0. Inputs: two label images of the same shape "
             "(any pixel type holding ids; uint32 exact; float ids truncated; ids below 2^28). Output: "
             "float32, label_map1's shape. Errors: shapes differ (names 'label_map2'), ids of 2^28 or "
             "more, a device without cl_khr_int64_base_atomics. Algorithm: CLIJ2's LabelOverlapCountMap "
             "(Haase, Sivanathan) builds a dense (n1+1) x (n2+1) binary overlap matrix and sums its "
             "columns; ijcl gets the same counts without it: the (label1, label2) pairs that start a run "
             "in raster order go into a GPU hash set (64-bit keys, linear probing, sized to twice the "
             "run starts), and the first insertion of a pair counts it for label1, so memory grows with "
             "the image's pair runs, not with n1 x n2. Exact (integer counts). Difference from CLIJ2: "
             "ids are read as integers (CLIJ2 reads them as float: ids above 2^24 merge).")
        .input("label_map1", "label image whose labels get the counts")
        .input("label_map2", "label image of the same shape")
        .output("overlap_count_map_destination", "float32 map, label_map1's shape",
                [](const OpCall& c) {
                    require_same_shape(c, "label_map1", "label_map2");
                    return OutputDesc{c.input("label_map1").shape(), PixelType::Float32, ImageKind::Intensity};
                })
        .run(label_overlap_count_map);

    r.add("labelProximalNeighborCountMap", "Label")
        .doc("For every label of label_map1, the number of labels of label_map2 whose centroid lies "
             "at a distance d with min_distance <= d <= max_distance (pixels) from its centroid, "
             "written to every pixel of the label; background 0 stays 0 and label_map2's background "
             "does not count (a label of label_map2 with the same centroid counts when min_distance is "
             "0, e.g. the label itself when both maps are the same image). Centroids: mean pixel "
             "positions (x, y, z unscaled), kept as float and distances computed in float, as CLIJ2 "
             "does. Inputs: two label images (any pixel type holding ids; shapes may differ; ids "
             "below 2^28). Output: float32, label_map1's shape. Errors: ids of 2^28 or more, a device "
             "without cl_khr_int64_base_atomics. Algorithm: CLIJ2's LabelProximalNeighborCountMap "
             "(Haase, Sivanathan) builds the dense (n1+1) x (n2+1) distance matrix of the centroids, "
             "thresholds it and sums its columns; ijcl counts directly, one work item per label of "
             "label_map1 looping over label_map2's centroids, with no matrix (memory grows with n1 + "
             "n2, time with n1 x n2). Difference from CLIJ2: ids are read as integers.")
        .input("label_map1", "label image whose labels get the counts")
        .input("label_map2", "label image whose centroids are counted")
        .output("proximal_neighbor_count_map_destination", "float32 map, label_map1's shape",
                shape_of("label_map1", PixelType::Float32, ImageKind::Intensity))
        .number("min_distance", "0", "smallest centroid distance counted, pixels (inclusive)")
        .number("max_distance", "3.4028234663852886E38", "largest centroid distance counted, pixels (inclusive)")
        .run(label_proximal_neighbor_count_map);

    r.add("replaceIntensities", "Math")
        .doc("Replaces every pixel value v by entry v of a vector: destination = new_values_vector[v], "
             "v truncated toward zero and clamped to the vector (values below 0 and NaN read entry 0, "
             "values past the end the last entry, as CLIJ2's clamped read does). The vector is row 0 of "
             "plane 0 of new_values_vector (CLIJ2: an m x 1 x 1 image), any pixel type. Input: any "
             "pixel type (uint32 labels: ids exact up to the vector's width). Output: the input's "
             "shape and pixel type (CLIJ2's default), stored with ijcl's conversion (float to 8/16 "
             "bit rounded half up and saturated; CLIJ2 truncates). Algorithm: CLIJ2's "
             "ReplaceIntensities (replace_intensities kernel), one work item per pixel; the "
             "write-back step of CLIJ2's parametric label maps.")
        .input("input", "image, any pixel type (typically a label image)")
        .input("new_values_vector", "vector image, any pixel type: entry k = the new value of k")
        .output("destination", "the input's shape and pixel type", same_as("input"))
        .run([](OpCall& c) {
            replace_intensities(c, c.input("input"), c.input("new_values_vector"), c.output("destination"));
        });
}

}  // namespace ijcl
