// Label graphs: centroidsOfLabels (point list) and generateTouchMatrix (kernels/label_graph.cl).
// CLIJ2's matrices are dense float images of (n+1) x (n+1) for n labels, background at index 0:
// 100,000 labels need 40 GB. A matrix larger than the device's largest single allocation is
// refused with an error naming the label image, before anything is written.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_graph.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {

std::size_t max_label_for_rule(const OpCall& c, const std::string& arg) {
    OpCall& call = const_cast<OpCall&>(c);
    return max_label_of(call, call.input(arg), arg);
}

static std::string gigabytes(double bytes) {
    char b[64];
    std::snprintf(b, sizeof b, "%.3g GB", bytes / 1e9);
    return b;
}

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

namespace {

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

void generate_distance_matrix(OpCall& c) {
    Image& p1 = c.input("coordinate_list1");
    Image& p2 = c.input("coordinate_list2");
    Image& dst = c.output("distance_matrix_destination");
    const Shape &s1 = p1.shape(), &s2 = p2.shape();
    c.queue().enqueueFillBuffer(dst.buffer(), 0.0f, 0, dst.bytes());
    c.kernel("label_graph.cl", "distance_matrix", {{"P1", &p1}, {"P2", &p2}})
        .image(p1).i64(static_cast<std::int64_t>(s1.width)).i64(static_cast<std::int64_t>(s1.height))
        .image(p2).i64(static_cast<std::int64_t>(s2.width)).i64(static_cast<std::int64_t>(s2.height))
        .buffer(dst.buffer())
        .run(cl::NDRange(s1.width, s2.width));
}

void draw_mesh(OpCall& c, const std::string& matrix_arg, bool distance_mode) {
    Image& pts = c.input("pointlist");
    Image& matrix = c.input(matrix_arg);
    Image& dst = c.output("mesh_destination");
    if (c.existing_output("mesh_destination") != &dst) {  // a new destination starts at 0
        c.queue().enqueueFillBuffer(dst.buffer(), cl_uint{0}, 0, dst.bytes() / 4 * 4);
        if (dst.bytes() % 4) c.queue().enqueueFillBuffer(dst.buffer(), cl_uchar{0}, dst.bytes() / 4 * 4, dst.bytes() % 4);
    }
    const Shape &sp = pts.shape(), &sm = matrix.shape(), &sd = dst.shape();
    const float threshold = distance_mode ? static_cast<float>(c.number("maximum_distance")) : 0.0f;
    c.kernel("label_graph.cl", "draw_mesh", {{"PTS", &pts}, {"MAT", &matrix}, {"DST", &dst}},
             {{"DISTANCE_MODE", distance_mode ? "1" : "0"}})
        .image(pts).i64(static_cast<std::int64_t>(sp.width)).i64(static_cast<std::int64_t>(sp.height))
        .image(matrix).i64(static_cast<std::int64_t>(sm.width)).i64(static_cast<std::int64_t>(sm.height))
        .f32(threshold).image(dst).shape(dst)
        .run(cl::NDRange(sp.width));
    (void)sd;
}

void mode_of_touching_neighbors(OpCall& c) {
    Image& values = c.input("values");
    Image& matrix = c.input("touch_matrix");
    Image& dst = c.output("mode_values_destination");
    const std::uint64_t w = values.shape().width;
    const int correction = matrix.shape().width == w + 1 ? -1 : 0;
    c.kernel("label_graph.cl", "mode_of_touching", {{"VAL", &values}, {"MAT", &matrix}})
        .image(values).i64(static_cast<std::int64_t>(w)).image(matrix)
        .i64(static_cast<std::int64_t>(matrix.shape().width)).i64(static_cast<std::int64_t>(matrix.shape().height))
        .i32(correction).buffer(dst.buffer())
        .run(cl::NDRange(w));
}

}  // namespace

// Output rule of the meshes: an existing destination as it is (CLIJ2 draws into it); else CLIJ2
// Java's size, the largest coordinate of each row of the point list, truncated (a point at that
// largest coordinate falls just outside), of the point list's pixel type.
OutputDesc mesh_output(const OpCall& c) {
    const Image& pts = c.input("pointlist");
    const std::uint64_t rows = pts.shape().height;
    if (rows != 2 && rows != 3)
        c.fail("pointlist", "a point list has 2 or 3 rows (x, y[, z]); this one has " + std::to_string(rows));
    if (const Image* d = c.existing_output("mesh_destination"))
        if (d != &pts && d != &c.input(c.spec().params[1].name)) return OutputDesc{d->shape(), d->type(), ImageKind::Intensity};
    OpCall& call = const_cast<OpCall&>(c);
    // the largest value of each row: a maximum over a row-sized view is not available, so read the plane
    const std::uint64_t w = pts.shape().width;
    std::vector<float> plane(w * rows);
    std::vector<unsigned char> raw(w * rows * bytes_per_pixel(pts.type()));
    call.queue().enqueueReadBuffer(pts.buffer(), CL_TRUE, 0, raw.size(), raw.data());
    for (std::uint64_t i = 0; i < w * rows; ++i) {
        switch (pts.type()) {
            case PixelType::UInt8: plane[i] = raw[i]; break;
            case PixelType::UInt16: { std::uint16_t v; std::memcpy(&v, &raw[2 * i], 2); plane[i] = v; break; }
            case PixelType::UInt32: { std::uint32_t v; std::memcpy(&v, &raw[4 * i], 4); plane[i] = static_cast<float>(v); break; }
            default: std::memcpy(&plane[i], &raw[4 * i], 4);
        }
    }
    std::uint64_t size[3] = {1, 1, 1};
    for (std::uint64_t k = 0; k < rows; ++k) {
        float m = -std::numeric_limits<float>::infinity();
        for (std::uint64_t i = 0; i < w; ++i) m = std::fmax(m, plane[i + w * k]);
        if (!(m >= 1))
            c.fail("pointlist", "the largest coordinate of row " + std::to_string(k) +
                                    " is below 1, so CLIJ2's mesh size would be 0 (push a destination of the size wanted)");
        size[k] = static_cast<std::uint64_t>(std::fmin(m, 65535.0f));  // CLIJ2 reads the maxima as uint16
    }
    return OutputDesc{{size[0], size[1], size[2]}, pts.type(), ImageKind::Intensity};
}

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

    r.add("generateDistanceMatrix", "Label")
        .doc("CLIJ2's distance matrix of two point lists (n x d images: one column per point, rows x, y"
             "[, z, ...], as centroidsOfLabels makes them; any pixel type; plane 0 is read): a float32 "
             "(n1+1) x (n2+1) image whose pixel (i+1, j+1) is the Euclidean distance of point i of "
             "coordinate_list1 and point j of coordinate_list2 (pixels); row 0 and column 0 (CLIJ2's "
             "background entries) are 0. The dimensions are coordinate_list1's rows; where "
             "coordinate_list2 has fewer rows its last row is repeated (CLIJ2's clamped reads). "
             "Distances in float, squares summed in dimension order, as CLIJ2's kernel does. Size "
             "limit: the matrix is dense, 4 (n1+1)(n2+1) bytes; larger than the device's largest "
             "single allocation is an error naming 'coordinate_list1' before anything is written. "
             "Algorithm: CLIJ2's GenerateDistanceMatrix (generate_distance_matrix kernel), one work "
             "item per pair here. Differences from CLIJ2: any number of dimensions (CLIJ2's kernel "
             "holds at most 10); the background row and column are always 0 (CLIJ2 Java leaves an "
             "existing destination's there).")
        .input("coordinate_list1", "point list n1 x d")
        .input("coordinate_list2", "point list n2 x d")
        .output("distance_matrix_destination", "float32 (n1+1) x (n2+1) matrix",
                [](const OpCall& c) {
                    const std::uint64_t w = c.input("coordinate_list1").shape().width + 1;
                    const std::uint64_t h = c.input("coordinate_list2").shape().width + 1;
                    require_matrix_fits(c, "coordinate_list1", w, h, "the distance matrix");
                    return OutputDesc{{w, h, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(generate_distance_matrix);

    const std::string mesh_common =
        "The point list is n x d (one column per point, rows x, y[, z] in pixels, any pixel type, as "
        "centroidsOfLabels makes it; a 2-row list draws in 2D). Lines go from point a towards point "
        "b (a < b, 0-based columns; the matrix entry is pixel (a+1, b+1), CLIJ2's layout with "
        "background at index 0), sampled every 0.5 pixel of the segment's length in float and "
        "truncated toward zero, b itself not drawn, exactly as CLIJ2's kernel does (which also "
        "means a 2-row list's length counts its y difference twice: CLIJ2 reads a missing z row as "
        "the last row). Destination: an existing image is drawn into as it is, of its own size and "
        "type (CLIJ2 Java does not clear it); a new one is of the point list's pixel type and CLIJ2 "
        "Java's size, the largest coordinate of each row truncated (pyclesperanto adds 1), "
        "filled with 0 first. Errors: a point list without 2 or 3 rows, or a largest coordinate "
        "below 1 for a new destination. A line of 2^23 pixels or longer (or of infinite or NaN length) "
        "is not drawn (CLIJ2's 0.5-pixel float steps would never reach its end). Where lines of different values cross, which one remains "
        "depends on the device's order (as in CLIJ2). Algorithm: CLIJ2's ";

    r.add("touchMatrixToMesh", "Label")
        .doc("Draws a line between every two points that a touch matrix marks (entry not 0), with the "
             "entry's value (1 for generateTouchMatrix). " + mesh_common +
             "TouchMatrixToMesh (touch_matrix_to_mesh_3d kernel), one work item per point.")
        .input("pointlist", "point list n x d (d = 2 or 3)")
        .input("touch_matrix", "touch matrix (n+1) x (n+1), the x < y half read")
        .output("mesh_destination", "the mesh", mesh_output)
        .run([](OpCall& c) { draw_mesh(c, "touch_matrix", false); });

    r.add("distanceMatrixToMesh", "Label")
        .doc("Draws a line (value 1) between every two points whose distance matrix entry is smaller "
             "than maximum_distance (strictly, as CLIJ2 Java's kernel; pyclesperanto compares <=). " +
             mesh_common + "DistanceMatrixToMesh (distance_matrix_to_mesh kernel), one work item per point.")
        .input("pointlist", "point list n x d (d = 2 or 3)")
        .input("distance_matrix", "distance matrix (n+1) x (n+1), the x < y half read")
        .output("mesh_destination", "the mesh", mesh_output)
        .number("maximum_distance", "1", "lines join points closer than this (pixels, exclusive)")
        .run([](OpCall& c) { draw_mesh(c, "distance_matrix", true); });

    r.add("modeOfTouchingNeighbors", "Label")
        .doc("For every entry e of a values vector (row 0 of plane 0 of 'values', width w; typically "
             "one value per label id with the background at index 0), the most frequent whole value "
             "(truncated toward zero) among the entries of the labels that touch label e in the "
             "touch matrix (the x < y half: pixel (min, max) > 0), written to a float32 w x 1 vector. "
             "When the matrix is one wider than the vector (a vector without its background entry), "
             "neighbour x's value is read at x - 1, as CLIJ2 does (clamped to the vector). The "
             "background counts as a neighbour when the matrix marks it (row 0). Ties: the smallest "
             "value; no neighbour: 0. Only values 0..255 are counted (CLIJ2's documented range; its "
             "256-bin histogram has no check, so other values are undefined there and left out "
             "here). Matrix entries outside the matrix count as not touching (CLIJ2 clamps its reads). "
             "Algorithm: CLIJ2's ModeOfTouchingNeighbors (mode_of_touching_neighbors kernel), one work "
             "item per entry with a 256-bin histogram.")
        .input("values", "values vector, w x 1 (row 0 read)")
        .input("touch_matrix", "touch matrix, w x w (or (w+1) x (w+1))")
        .output("mode_values_destination", "float32 w x 1 vector",
                [](const OpCall& c) {
                    return OutputDesc{{c.input("values").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(mode_of_touching_neighbors);
}

}  // namespace ijcl
