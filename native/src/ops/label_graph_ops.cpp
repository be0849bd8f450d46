// Label graphs: centroidsOfLabels (point list) and generateTouchMatrix (kernels/label_graph.cl).
// CLIJ2's matrices are dense float images of (n+1) x (n+1) for n labels, background at index 0:
// 100,000 labels need 40 GB. A matrix larger than the device's largest single allocation is
// refused with an error naming the label image, before anything is written.
#include <cstdio>
#include <limits>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// The largest label id, for output rules (a read-only reduction; no output is written yet).
std::size_t max_label_for_rule(const OpCall& c, const std::string& arg) {
    OpCall& call = const_cast<OpCall&>(c);
    return max_label_of(call, call.input(arg), arg);
}

std::string gigabytes(double bytes) {
    char b[64];
    std::snprintf(b, sizeof b, "%.3g GB", bytes / 1e9);
    return b;
}

// Fails on `arg` when a dense float matrix of width x height does not fit in one buffer.
void require_matrix_fits(const OpCall& c, const std::string& arg, std::uint64_t width, std::uint64_t height,
                         const std::string& what) {
    const double bytes = 4.0 * static_cast<double>(width) * static_cast<double>(height);
    const std::uint64_t limit = c.device_info().max_alloc_bytes;
    if (bytes > static_cast<double>(limit))
        c.fail(arg, what + " is a dense " + std::to_string(width) + " x " + std::to_string(height) +
                        " float matrix (CLIJ2's layout, background at index 0): " + gigabytes(bytes) +
                        ", more than the device's largest single allocation (" +
                        gigabytes(static_cast<double>(limit)) +
                        "); per-label maps such as labelProximalNeighborCountMap and "
                        "labelOverlapCountMap work without a matrix");
}

void centroids_of_labels(OpCall& c) {
    Image& labels = c.input("source");
    Image& dst = c.output("pointlist_destination");
    std::size_t max_label = 0;
    const std::vector<double> centroids = label_centroids(c, labels, "source", &max_label);
    const std::size_t rows = dst.shape().height;
    std::vector<float> out(max_label * rows);
    for (std::size_t l = 1; l <= max_label; ++l)
        for (std::size_t k = 0; k < rows; ++k) out[(l - 1) + max_label * k] = static_cast<float>(centroids[3 * l + k]);
    c.queue().enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, out.size() * sizeof(float), out.data());
}

void generate_touch_matrix(OpCall& c) {
    Image& labels = c.input("label_map");
    Image& dst = c.output("touch_matrix_destination");
    const std::uint64_t n = dst.shape().width;  // largest id + 1 (the output rule)
    c.queue().enqueueFillBuffer(dst.buffer(), 0.0f, 0, dst.bytes());
    c.kernel("label_graph.cl", "touch_matrix", {{"LBL", &labels}})
        .image(labels).shape(labels).buffer(dst.buffer()).i64(static_cast<std::int64_t>(n))
        .run(range_of(labels));
}

}  // namespace

void register_label_graph_ops(Registry& r) {
    r.add("centroidsOfLabels", "Label")
        .doc("The centroid of every label as a point list: a float32 image of n x d pixels for labels "
             "1..n (n = the largest id), column l - 1 holding label l's x, y (and z) coordinates in "
             "rows 0, 1 (and 2): d = 2 for a single plane, 3 for a stack (CLIJ2's point-list layout). "
             "Centroid = mean pixel position in pixels (x, y, z unscaled, pixel centres at whole "
             "numbers), computed in double and stored as float. An id without pixels gets NaN (0 / 0, "
             "as in CLIJ2). Input: a label image (any pixel type holding ids; uint32 exact; float ids "
             "truncated). Errors: no label (only background: an empty point list), ids of 2^28 or "
             "more, a device without cl_khr_int64_base_atomics. Algorithm: CLIJ2's CentroidsOfLabels "
             "(the centroid columns of statisticsOfLabelledPixels), here statisticsOfLabelledPixels's "
             "per-label accumulation of coordinate sums (exact 64-bit integers). Difference from "
             "CLIJ2: ids are read as integers (CLIJ2 reads them as float: ids above 2^24 merge).")
        .input("source", "label image, 0 = background")
        .output("pointlist_destination", "float32 point list, n x d (d = 2 or 3)",
                [](const OpCall& c) {
                    const std::size_t n = max_label_for_rule(c, "source");
                    if (n == 0) c.fail("source", "the image holds no label (every pixel is 0): the point list would be empty");
                    const Shape& s = c.input("source").shape();
                    return OutputDesc{{n, s.depth > 1 ? 3u : 2u, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(centroids_of_labels);

    r.add("generateTouchMatrix", "Label")
        .doc("CLIJ2's touch matrix of a label image: a float32 (n+1) x (n+1) image for the largest id "
             "n, pixel (x = a, y = b) = 1 where labels a < b touch, else 0; only that half (x < y) is "
             "filled. Touching = face neighbours: two pixels next to each other along x, y or z (not "
             "diagonally). Background is id 0, so row 0 marks the labels that touch the background. "
             "Input: a label image (any pixel type holding ids; uint32 exact; float ids truncated). "
             "Size limit: the matrix is dense, 4 (n+1)^2 bytes (10,000 labels: 400 MB; 100,000: 40 "
             "GB); a matrix larger than the device's largest single allocation is an error naming "
             "'label_map', raised before anything is written. Errors also: ids of 2^28 or more. "
             "Algorithm: CLIJ2's GenerateTouchMatrix (generate_touch_matrix_2d/3d kernels): one work "
             "item per pixel compares it with its +x, +y, +z neighbours. Difference from CLIJ2: ids "
             "are read as integers (CLIJ2 reads them as float: ids above 2^24 merge).")
        .input("label_map", "label image, 0 = background")
        .output("touch_matrix_destination", "float32 (n+1) x (n+1) matrix",
                [](const OpCall& c) {
                    const std::uint64_t n = max_label_for_rule(c, "label_map") + 1;
                    require_matrix_fits(c, "label_map", n, n,
                                        "the touch matrix of " + std::to_string(n - 1) + " labels");
                    return OutputDesc{{n, n, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(generate_touch_matrix);
}

}  // namespace ijcl
