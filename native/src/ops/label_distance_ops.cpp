// Distance-based label measurements that are not neighbour statistics: the distance of every
// labelled pixel to its label's centroid (kernels/label_distance.cl), and the n-nearest and
// proximal touch matrices made from a distance matrix (kernels/label_neighbour.cl, which selects
// the n nearest the same way for the label maps).
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "ijcl/registry.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// A double parameter as the float CLIJ2 passes (Java's asFloat: out of range gives +-infinity).
float java_float(double v) {
    if (std::isnan(v)) return std::numeric_limits<float>::quiet_NaN();
    if (v > std::numeric_limits<float>::max()) return std::numeric_limits<float>::infinity();
    if (v < -std::numeric_limits<float>::max()) return -std::numeric_limits<float>::infinity();
    return static_cast<float>(v);
}

OutputDesc matrix_like(const OpCall& c) {
    const Shape& s = c.input("distance_matrix").shape();
    return OutputDesc{{s.width, s.height, 1}, PixelType::Float32, ImageKind::Intensity};
}

}  // namespace

void register_label_distance_ops(Registry& r) {
    r.add("euclideanDistanceFromLabelCentroidMap", "Label")
        .doc("Writes, for every labelled pixel, its Euclidean distance (pixels, unscaled) to the centroid "
             "of its label; background pixels 0. Centroids: mean pixel positions (x, y[, z]) kept as "
             "float; the distance sqrt((x - cx)^2 + (y - cy)^2 + (z - cz)^2) in float as CLIJ2's kernel "
             "(z - cz = z for a single plane). Input: a label image (any pixel type holding ids; uint32 "
             "exact; float ids truncated; ids below 2^28). Output: float32, the input's shape. Errors: ids "
             "of 2^28 or more, a device without cl_khr_int64_base_atomics. Algorithm: CLIJ2's "
             "EuclideanDistanceFromLabelCentroidMap (centroidsOfBackgroundAndLabels, then the "
             "euclidean_distance_from_label_centroid_map kernel), one work item per pixel. Difference "
             "from CLIJ2: ids are read as integers (CLIJ2 reads them as float: ids above 2^24 merge); "
             "the centroids' sums are exact (CLIJ2 sums positions in float, which rounds beyond 2^24).")
        .input("labelmap_input", "label image, 0 = background")
        .output("destination", "float32 map, the input's shape", shape_of("labelmap_input", PixelType::Float32))
        .run([](OpCall& c) {
            Image& labels = c.input("labelmap_input");
            Image& dst = c.output("destination");
            std::size_t max_label = 0;
            const std::vector<double> centroids = label_centroids(c, labels, "labelmap_input", &max_label);
            std::vector<float> f(centroids.begin(), centroids.end());
            for (int k = 0; k < 3; ++k) f[k] = 0.0f;  // the background entry is never read
            cl::Buffer cb = c.temp_buffer(f.size() * sizeof(float));
            c.queue().enqueueWriteBuffer(cb, CL_TRUE, 0, f.size() * sizeof(float), f.data());
            c.kernel("label_distance.cl", "distance_from_centroid", {{"LBL", &labels}})
                .image(labels).shape(labels).buffer(cb).i64(static_cast<std::int64_t>(max_label + 1))
                .buffer(dst.buffer())
                .run(range_of(labels));
        });

    r.add("generateNNearestNeighborsMatrix", "Label")
        .doc("Makes a touch matrix of the n nearest neighbours from a distance matrix (w x h, square as "
             "generateDistanceMatrix makes it, background at index 0; any pixel type; plane 0 read): for "
             "every column x = 1..w-1, its n smallest entries (x, y), y = 1..h-1, y != x (ties: the "
             "smaller y; all of them when there are fewer than n; NaN never chosen) are its n nearest; "
             "entry (min(x, y), max(x, y)) of the float32 w x h result is 1 for each such pair (when inside it), every "
             "other entry 0 (CLIJ2's touch-matrix layout: the x < y half; row and column 0 and the "
             "diagonal 0). n truncated; n < 1 is taken as 1, as CLIJ2. Size limit: the matrices are "
             "dense (w^2 floats each); the n-nearest neighbour maps (meanOfNNearestNeighborsMap etc.) "
             "need none. Algorithm: CLIJ2's "
             "GenerateNNearestNeighborsMatrix (nClosestPoints on the matrix with the background row, "
             "column and diagonal set to Float.MAX, pointIndexListToTouchMatrix); ijcl finds each "
             "column's n-th nearest in one work item, then marks the pairs in one work item per entry. "
             "Differences from CLIJ2: the distance matrix is left unchanged (CLIJ2 overwrites its row 0, "
             "column 0 and diagonal with Float.MAX); any n (CLIJ2's kernel keeps at most 1,000); a matrix "
             "that is not square is read as described (CLIJ2 documents square matrices only).")
        .input("distance_matrix", "distance matrix, w x h (square as generateDistanceMatrix makes it)")
        .output("touch_matrix_destination", "float32 w x h 0/1 touch matrix (x < y half)", matrix_like)
        .number("n", "1", "how many nearest neighbours each column marks (truncated; below 1: 1)")
        .run([](OpCall& c) {
            Image& dist = c.input("distance_matrix");
            Image& dst = c.output("touch_matrix_destination");
            const std::uint64_t w = dist.shape().width, h = dist.shape().height;
            const double n = std::fmin(std::fmax(1.0, std::trunc(c.number("n"))), 9.0e18);
            cl::Buffer kd = c.temp_buffer(w * sizeof(float)), ki = c.temp_buffer(w * sizeof(cl_long));
            c.kernel("label_neighbour.cl", "n_nearest_threshold_matrix", {{"DIS", &dist}})
                .image(dist).i64(static_cast<std::int64_t>(w)).i64(static_cast<std::int64_t>(h))
                .i64(static_cast<std::int64_t>(n)).buffer(kd).buffer(ki)
                .run(cl::NDRange(w));
            c.kernel("label_neighbour.cl", "n_nearest_matrix", {{"DIS", &dist}})
                .image(dist).i64(static_cast<std::int64_t>(w)).i64(static_cast<std::int64_t>(h)).buffer(kd).buffer(ki)
                .buffer(dst.buffer())
                .run(cl::NDRange(w, h));
        });

    r.add("generateProximalNeighborsMatrix", "Label")
        .doc("Makes a touch matrix of the proximal neighbours from a distance matrix (w x h, as "
             "generateDistanceMatrix makes it, background at index 0; any pixel type; plane 0 read): "
             "entry (x, y) of the float32 w x h result is 1 where min_distance <= entry (x, y) <= "
             "max_distance (compared in float, as CLIJ2 passes the bounds; NaN never), x != y and "
             "neither is the background (row and column 0 stay 0), else 0. Both halves are marked "
             "(a symmetric distance matrix gives a symmetric result), as CLIJ2. Size limit: the "
             "matrices are dense (w x h floats each); the proximal neighbour maps "
             "(meanOfProximalNeighborsMap etc., proximalNeighborCountMap) need none. Algorithm: CLIJ2's "
             "GenerateProximalNeighborsMatrix (greaterOrEqualConstant, smallerOrEqualConstant, "
             "binaryAnd, the diagonal, row 0 and column 0 cleared), one work item per entry.")
        .input("distance_matrix", "distance matrix, w x h")
        .output("touch_matrix_destination", "float32 w x h 0/1 matrix", matrix_like)
        .number("min_distance", "0", "smallest distance marked (inclusive)")
        .number("max_distance", "3.4028234663852886E38", "largest distance marked (inclusive)")
        .run([](OpCall& c) {
            Image& dist = c.input("distance_matrix");
            Image& dst = c.output("touch_matrix_destination");
            const std::uint64_t w = dist.shape().width, h = dist.shape().height;
            c.kernel("label_neighbour.cl", "proximal_matrix", {{"DIS", &dist}})
                .image(dist).i64(static_cast<std::int64_t>(w)).i64(static_cast<std::int64_t>(h))
                .f32(java_float(c.number("min_distance"))).f32(java_float(c.number("max_distance")))
                .buffer(dst.buffer())
                .run(cl::NDRange(w, h));
        });
}

}  // namespace ijcl
