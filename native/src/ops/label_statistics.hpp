// The per-label reduction of statisticsOfLabelledPixels (measurement_ops.cpp, kernels/statistics.cl),
// shared with the parametric label maps (label_map_ops.cpp).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"

namespace ijcl {

// The largest pixel value of `image` (a work-group tree reduction; exact for every pixel type).
double maximum_of_all_pixels(OpCall& c, const Image& image);

// The largest label id of `labels` (any pixel type; float ids truncated), checked to be below
// 2^28 (else c.fail on `labels_arg`); 0 for an image of only background.
std::size_t max_label_of(OpCall& c, const Image& labels, const std::string& labels_arg);

// Per-label sums in double (float intensities, standard deviations and extensions) are added by
// 64-bit compare-and-swap: they need cl_khr_fp64 and cl_khr_int64_base_atomics. The first of the
// two the device lacks, or "" when it has both.
std::string missing_for_double_sums(const DeviceInfo& device);

// What accumulate_labels gathers besides the pixel counts (always gathered).
enum LabelNeeds : unsigned {
    kLabelSums = 1,       // intensity sums
    kLabelMinMax = 2,     // intensity minimum and maximum
    kLabelPositions = 4,  // sums of x, y, z
    kLabelBox = 8,        // bounding box
    kLabelAll = 15
};

// Device accumulators, one slot per label id 0..max_label (slot 0, the background, stays
// untouched). Layout as in kernels/statistics.cl: counts (ulong), sums (ulong for integer
// intensities, double bits for float ones), minima/maxima (uint; order-preserving float bits for
// float intensities, see from_ordered_bits), sums_xyz (3 ulong per label), box_min/box_max (3 uint
// per label). Buffers of a need left out are 8-byte placeholders.
struct LabelAccumulators {
    std::size_t max_label = 0;
    std::size_t slots = 1;
    bool float_intensity = false;
    cl::Buffer counts, sums, minima, maxima, sums_xyz, box_min, box_max;
};

// Which pixels form which accumulator slot (kernels/statistics.cl LABEL_MODE).
enum class LabelSelection {
    Labels = 0,               // slot = label id; background (0) left out
    BackgroundAndLabels = 1,  // slot = label id + 1; background is slot 1
    WholeImage = 2            // every pixel in slot 1; the label image is not read
};

// Accumulates per-label statistics of `intensity` under `labels` (same shape, checked by the
// caller) with atomics. Fails (naming the argument) for a float intensity on a device without
// what double sums need (missing_for_double_sums).
LabelAccumulators accumulate_labels(OpCall& c, const Image& intensity, const Image& labels,
                                    const std::string& intensity_arg, const std::string& labels_arg,
                                    unsigned needs = kLabelAll,
                                    LabelSelection selection = LabelSelection::Labels);

// The Results table of statisticsOfLabelledPixels (CLIJ2's columns) for `selection`: one row per
// slot 1..max (IDENTIFIER = the label id: slot - 1 for BackgroundAndLabels, so background is 0).
Table label_statistics_table(OpCall& c, const Image& input, const Image& labels, const std::string& input_arg,
                             const std::string& labels_arg, LabelSelection selection);

// Centroids of the labels 0..max_label of `labels` (3 doubles per id: x, y, z in pixels, the mean
// pixel position; NaN for an id without pixels, and for id 0), from accumulate_labels. Sets
// *max_label. (label_map_ops.cpp)
std::vector<double> label_centroids(OpCall& c, const Image& labels, const std::string& labels_arg,
                                    std::size_t* max_label);

// Inverse of ijcl_ordered_bits in kernels/statistics.cl.
float from_ordered_bits(cl_uint key);

// dst[i] = vec[src[i]] (CLIJ2's replace_intensities kernel, label_map.cl): ids truncated and clamped to
// the vector's width (CLIJ2's clamped read); one work item per pixel. Serves replaceIntensities and
// generateParametricImage.
void replace_intensities(OpCall& c, Image& src, Image& vec, Image& dst);

}  // namespace ijcl
