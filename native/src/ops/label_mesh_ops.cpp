// Label graphs, part 2 (kernels/label_graph.cl, shared with label_graph_ops.cpp): touch counts,
// index lists, matrix arithmetic and the meshes drawn between label centroids.
// CLIJ2's matrices are dense float images of (n+1) x (n+1) for n labels, background at index 0:
// 4 (n+1)^2 bytes (10,000 labels: 400 MB; 100,000: 40 GB). A matrix larger than the device's
// largest single allocation is refused with an error naming the input, before anything is written.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_graph.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

const std::string kDenseLimit =
    "Size limit: the matrix is dense, 4 (n+1)^2 bytes for n labels (10,000 labels: 400 MB; 100,000: "
    "40 GB); one larger than the device's largest single allocation is an error raised before "
    "anything is written. ";

// Every pixel of plane 0.. of `image` as double (ids and values exactly).
std::vector<double> read_values(OpCall& c, const Image& image) {
    const std::size_t n = image.shape().pixels();
    const std::size_t bpp = bytes_per_pixel(image.type());
    std::vector<unsigned char> raw(n * bpp);
    if (n) c.queue().enqueueReadBuffer(image.buffer(), CL_TRUE, 0, raw.size(), raw.data());
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (image.type()) {
            case PixelType::UInt8: out[i] = raw[i]; break;
            case PixelType::UInt16: { std::uint16_t v; std::memcpy(&v, &raw[2 * i], 2); out[i] = v; break; }
            case PixelType::UInt32: { std::uint32_t v; std::memcpy(&v, &raw[4 * i], 4); out[i] = v; break; }
            default: { float v; std::memcpy(&v, &raw[4 * i], 4); out[i] = v; }
        }
    }
    return out;
}

void zero(OpCall& c, const Image& image) {
    const std::size_t bytes = image.bytes();
    if (bytes / 4) c.queue().enqueueFillBuffer(image.buffer(), cl_uint{0}, 0, bytes / 4 * 4);
    if (bytes % 4) c.queue().enqueueFillBuffer(image.buffer(), cl_uchar{0}, bytes / 4 * 4, bytes % 4);
}

// ---- generateTouchCountMatrix ----
void generate_touch_count_matrix(OpCall& c) {
    Image& labels = c.input("label_map");
    Image& dst = c.output("touch_count_matrix_destination");
    const std::uint64_t n = dst.shape().width;
    // counted as uint in the destination's own buffer, then converted in place (entry by entry)
    zero(c, dst);
    c.kernel("label_graph.cl", "touch_count_matrix", {{"LBL", &labels}})
        .image(labels).shape(labels).buffer(dst.buffer()).i64(static_cast<std::int64_t>(n))
        .run(range_of(labels));
    c.kernel_t("label_graph.cl", "uint_to_float", {})
        .buffer(dst.buffer()).i64(static_cast<std::int64_t>(n * n))
        .run(cl::NDRange(n * n));
}

// ---- point lists of centroids and the mesh family ----
struct Centroids {
    std::size_t n = 0;    // largest id
    ImagePtr pointlist;   // float32 n x d
};

Centroids centroid_pointlist(OpCall& c, const Image& labels, const std::string& arg) {
    Centroids out;
    const std::vector<double> centroids = label_centroids(c, labels, arg, &out.n);
    if (out.n == 0) return out;
    const std::size_t rows = labels.shape().depth > 1 ? 3 : 2;
    out.pointlist = c.temp({out.n, rows, 1}, PixelType::Float32);
    std::vector<float> plane(out.n * rows);
    for (std::size_t l = 1; l <= out.n; ++l)
        for (std::size_t k = 0; k < rows; ++k) plane[(l - 1) + out.n * k] = static_cast<float>(centroids[3 * l + k]);
    c.queue().enqueueWriteBuffer(out.pointlist->buffer(), CL_TRUE, 0, plane.size() * sizeof(float), plane.data());
    return out;
}

enum class MeshPairs { Touching, TouchingDistance, Proximal, Nearest };

struct MeshRow {
    const char* name;
    MeshPairs pairs;
    const char* what;  // the doc's first sentence
    const char* clij2_class;
};

const MeshRow kMeshRows[] = {
    {"drawMeshBetweenTouchingLabels", MeshPairs::Touching,
     "Draws a line of value 1 between the centroids of every two labels that touch (face neighbours, "
     "as generateTouchMatrix; the background is not a label). ",
     "DrawMeshBetweenTouchingLabels (centroidsOfLabels, generateTouchMatrix, touchMatrixToMesh)"},
    {"drawDistanceMeshBetweenTouchingLabels", MeshPairs::TouchingDistance,
     "Draws a line between the centroids of every two labels that touch (face neighbours, as "
     "generateTouchMatrix), of value the distance of the two centroids (pixels, generateDistanceMatrix's "
     "float distance). ",
     "DrawDistanceMeshBetweenTouchingLabels (centroidsOfLabels, generateDistanceMatrix, generateTouchMatrix, "
     "multiplyImages, touchMatrixToMesh)"},
    {"drawMeshBetweenProximalLabels", MeshPairs::Proximal,
     "Draws a line of value 1 between the centroids of every two labels whose centroid distance is "
     "smaller than maximum_distance (pixels, strictly, as CLIJ2 Java's distanceMatrixToMesh; "
     "pyclesperanto compares <=). ",
     "DrawMeshBetweenProximalLabels (centroidsOfLabels, generateDistanceMatrix, distanceMatrixToMesh)"},
    {"drawMeshBetweenNNearestLabels", MeshPairs::Nearest,
     "Draws a line of value 1 from the centroid of every label l = 1 .. n-1 (n = the largest id) to "
     "the centroids of its number_of_closest_labels nearest other labels (centroid distance, ties by the "
     "smaller id). As CLIJ2 Java: the index list of nearest labels is n columns wide, so the largest id n "
     "draws no lines of its own (it is still joined where it is among another label's nearest; "
     "pyclesperanto draws its lines too), and with more neighbours asked than there are other labels the "
     "extra ones draw nothing. Lines go from the label towards its neighbour (pointIndexListToMesh). ",
     "DrawMeshBetweenNNearestLabels (centroidsOfLabels, generateDistanceMatrix, setWhereXequalsY, setRow "
     "and setColumn with the largest float, nClosestPoints, pointIndexListToMesh); also under CLIJ2's "
     "deprecated name drawMeshBetweenNClosestLabels"},
};

void draw_label_mesh(OpCall& c, MeshPairs pairs) {
    Image& labels = c.input("input");
    Image& dst = c.output("destination");
    zero(c, dst);
    Centroids pts = centroid_pointlist(c, labels, "input");
    if (pts.n == 0) return;
    const std::uint64_t n = pts.n + 1;
    ImagePtr matrix;
    Image& pl = *pts.pointlist;
    if (pairs == MeshPairs::Touching || pairs == MeshPairs::TouchingDistance) {
        matrix = c.temp({n, n, 1}, PixelType::Float32);
        zero(c, *matrix);
        c.kernel("label_graph.cl", "touch_matrix", {{"LBL", &labels}})
            .image(labels).shape(labels).buffer(matrix->buffer()).i64(static_cast<std::int64_t>(n))
            .run(range_of(labels));
    }
    if (pairs != MeshPairs::Touching) {
        ImagePtr distances = c.temp({n, n, 1}, PixelType::Float32);
        zero(c, *distances);
        const std::int64_t rows = static_cast<std::int64_t>(pl.shape().height);
        c.kernel("label_graph.cl", "distance_matrix", {{"P1", &pl}, {"P2", &pl}})
            .image(pl).i64(static_cast<std::int64_t>(pts.n)).i64(rows)
            .image(pl).i64(static_cast<std::int64_t>(pts.n)).i64(rows)
            .buffer(distances->buffer())
            .run(cl::NDRange(pts.n, pts.n));
        if (pairs == MeshPairs::Nearest) {
            const std::int64_t k = c.integer("number_of_closest_labels");
            c.kernel_t("label_graph.cl", "exclude_self_and_background", {})
                .buffer(distances->buffer()).i64(static_cast<std::int64_t>(n))
                .run(cl::NDRange(n, n));
            // CLIJ2 Java's index list is n columns wide (labels 0 .. n-1 of the n+1 matrix columns)
            ImagePtr indices = c.temp({n, static_cast<std::uint64_t>(k), 1}, PixelType::Float32);
            cl::Buffer nearest = c.temp_buffer(n * static_cast<std::size_t>(k) * 4);
            // the distance matrix is symmetric (and stays so): n_closest reads rows, contiguously,
            // instead of columns (n^2 strided reads took minutes on a CPU device for ids near 2^16)
            c.kernel("label_graph.cl", "n_closest", {{"MAT", distances.get()}}, {{"N_CLOSEST_ROWS", "1"}})
                .image(*distances).i64(static_cast<std::int64_t>(n)).i64(static_cast<std::int64_t>(n)).i64(k)
                .buffer(nearest).buffer(indices->buffer())
                .run(cl::NDRange(n));
            const std::int64_t list_width = static_cast<std::int64_t>(pts.n);
            ImagePtr list = c.temp({pts.n, static_cast<std::uint64_t>(k), 1}, PixelType::Float32);
            for (std::int64_t r = 0; r < k; ++r)
                c.copy_buffer(indices->buffer(), list->buffer(), pts.n * 4, static_cast<std::size_t>(r) * n * 4,
                              static_cast<std::size_t>(r) * pts.n * 4);
            const Shape& sp = pl.shape();
            c.kernel("label_graph.cl", "draw_index_mesh", {{"PTS", &pl}, {"IDX", list.get()}, {"DST", &dst}})
                .image(pl).i64(static_cast<std::int64_t>(sp.width)).i64(static_cast<std::int64_t>(sp.height))
                .image(*list).i64(list_width).i64(k)
                .image(dst).shape(dst)
                .run(cl::NDRange(pts.n));
            return;
        }
        if (pairs == MeshPairs::TouchingDistance)
            c.kernel_t("label_graph.cl", "multiply_entries", {})
                .buffer(matrix->buffer()).buffer(distances->buffer()).buffer(matrix->buffer())
                .i64(static_cast<std::int64_t>(n * n))
                .run(cl::NDRange(n * n));
        else
            matrix = distances;
    }
    const bool distance_mode = pairs == MeshPairs::Proximal;
    const float threshold = distance_mode ? static_cast<float>(c.number("maximum_distance")) : 0.0f;
    const Shape& sp = pl.shape();
    c.kernel("label_graph.cl", "draw_mesh", {{"PTS", &pl}, {"MAT", matrix.get()}, {"DST", &dst}},
             {{"DISTANCE_MODE", distance_mode ? "1" : "0"}})
        .image(pl).i64(static_cast<std::int64_t>(sp.width)).i64(static_cast<std::int64_t>(sp.height))
        .image(*matrix).i64(static_cast<std::int64_t>(n)).i64(static_cast<std::int64_t>(n))
        .f32(threshold).image(dst).shape(dst)
        .run(cl::NDRange(sp.width));
}

// ---- mergeTouchingLabels ----
std::size_t find_root(std::vector<std::size_t>& parent, std::size_t i) {
    while (parent[i] != i) {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    return i;
}

void merge_touching_labels(OpCall& c) {
    Image& src = c.input("source");
    Image& dst = c.output("destination");
    const std::size_t max_label = max_label_of(c, src, "source");
    const Shape& s = src.shape();
    std::vector<std::uint32_t> ids;
    {
        const std::vector<double> values = read_values(c, src);
        ids.resize(values.size());
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double v = values[i];  // truncated toward zero; NaN and below 1: background
            ids[i] = v >= 1 ? static_cast<std::uint32_t>(std::min<double>(v, static_cast<double>(max_label))) : 0u;
        }
    }
    // the ids present, sorted: union-find over their positions (memory by pixels, not by id)
    std::vector<std::uint32_t> present(ids);
    std::sort(present.begin(), present.end());
    present.erase(std::unique(present.begin(), present.end()), present.end());
    if (!present.empty() && present.front() == 0) present.erase(present.begin());
    auto slot = [&](std::uint32_t id) {
        return static_cast<std::size_t>(std::lower_bound(present.begin(), present.end(), id) - present.begin());
    };
    std::vector<std::size_t> slots(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) slots[i] = ids[i] ? slot(ids[i]) : present.size();
    std::vector<std::size_t> parent(present.size() + 1);
    std::iota(parent.begin(), parent.end(), 0);
    const std::size_t none = present.size();
    auto unite = [&](std::size_t a, std::size_t b) {
        if (a == none || b == none || a == b) return;
        std::size_t ra = find_root(parent, a), rb = find_root(parent, b);
        if (ra == rb) return;
        if (ra < rb) std::swap(ra, rb);
        parent[rb] = ra;  // the root is the group's largest id
    };
    const std::size_t w = s.width, h = s.height, d = s.depth;
    for (std::size_t z = 0; z < d; ++z)
        for (std::size_t y = 0; y < h; ++y)
            for (std::size_t x = 0; x < w; ++x) {
                const std::size_t i = x + w * (y + h * z);
                if (x + 1 < w) unite(slots[i], slots[i + 1]);
                if (y + 1 < h) unite(slots[i], slots[i + w]);
                if (z + 1 < d) unite(slots[i], slots[i + w * h]);
            }
    // new id = the rank of the group's largest id among the groups' largest ids
    std::vector<std::uint32_t> rank(present.size() + 1, 0);
    std::uint32_t next = 0;
    for (std::size_t k = 0; k < present.size(); ++k)
        if (find_root(parent, k) == k) rank[k] = ++next;
    std::vector<unsigned char> raw(ids.size() * bytes_per_pixel(dst.type()));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::uint32_t v = slots[i] == none ? 0u : rank[find_root(parent, slots[i])];
        switch (dst.type()) {
            case PixelType::UInt8: raw[i] = static_cast<unsigned char>(v); break;
            case PixelType::UInt16: { const std::uint16_t t = static_cast<std::uint16_t>(v); std::memcpy(&raw[2 * i], &t, 2); break; }
            case PixelType::UInt32: std::memcpy(&raw[4 * i], &v, 4); break;
            default: { const float f = static_cast<float>(v); std::memcpy(&raw[4 * i], &f, 4); }
        }
    }
    if (!raw.empty()) c.queue().enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, raw.size(), raw.data());
}

// ---- matrices ----
void n_closest(OpCall& c, Image* distances, Image& indices, std::int64_t k) {
    Image& m = c.input("distance_matrix");
    const Shape& s = m.shape();
    cl::Buffer dist_buffer = distances ? distances->buffer() : c.temp_buffer(s.width * static_cast<std::size_t>(k) * 4);
    c.kernel("label_graph.cl", "n_closest", {{"MAT", &m}})
        .image(m).i64(static_cast<std::int64_t>(s.width)).i64(static_cast<std::int64_t>(s.height)).i64(k)
        .buffer(dist_buffer).buffer(indices.buffer())
        .run(cl::NDRange(s.width));
}

OutputRule n_closest_rule(const std::string& n_arg) {
    return [n_arg](const OpCall& c) {
        const double k = c.number(n_arg);
        if (!(k >= 1 && k <= 1000))
            c.fail(n_arg, "the number of closest points is 1 .. 1000 (CLIJ2's limit), not " + std::to_string(k));
        return OutputDesc{{c.input("distance_matrix").shape().width, static_cast<std::uint64_t>(k), 1},
                          PixelType::Float32, ImageKind::Intensity};
    };
}

// The positions (x, y[, z]) of the non-zero pixels of `image`, raster order, `dims` coordinates each.
std::vector<float> spot_positions(OpCall& c, const Image& image, int dims) {
    const std::vector<double> v = read_values(c, image);
    const Shape& s = image.shape();
    std::vector<float> out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i] == 0) continue;  // NaN counts as a spot, as CLIJ2's countNonZeroPixels
        const std::size_t x = i % s.width, y = (i / s.width) % s.height, z = i / (s.width * s.height);
        out.push_back(static_cast<float>(x));
        out.push_back(static_cast<float>(y));
        if (dims == 3) out.push_back(static_cast<float>(z));
    }
    return out;
}

// The sum of the closest distances from every spot of `from` to the spots of `to`, in double.
double closest_spot_sum(OpCall& c, const std::vector<float>& from, const std::vector<float>& to, int dims) {
    const std::size_t na = from.size() / dims, nb = to.size() / dims;
    if (na == 0) return 0;
    cl::Buffer a = c.temp_buffer(from.size() * 4), b = c.temp_buffer(std::max<std::size_t>(to.size(), 1) * 4),
               out = c.temp_buffer(na * 4);
    c.queue().enqueueWriteBuffer(a, CL_TRUE, 0, from.size() * 4, from.data());
    if (!to.empty()) c.queue().enqueueWriteBuffer(b, CL_TRUE, 0, to.size() * 4, to.data());
    c.kernel_t("label_graph.cl", "closest_spot", {})
        .buffer(a).i64(static_cast<std::int64_t>(na)).buffer(b).i64(static_cast<std::int64_t>(nb)).i32(dims)
        .buffer(out)
        .run(cl::NDRange(na));
    std::vector<float> minima(na);
    c.queue().enqueueReadBuffer(out, CL_TRUE, 0, na * 4, minima.data());
    double sum = 0;
    for (float m : minima) sum += m;
    return sum;
}

const std::string kMatrixInput =
    "The matrix is plane 0 of any pixel type, read as float (CLIJ2's layout: columns x, rows y; a distance "
    "matrix of n points is (n+1) x (n+1) with the background at index 0). ";

}  // namespace

void register_label_mesh_ops(Registry& r) {
    r.add("generateTouchCountMatrix", "Label")
        .doc("CLIJ2's touch count matrix of a label image: a float32 (n+1) x (n+1) image for the largest id "
             "n, pixel (x = a, y = b) = the number of face-neighbouring pixel pairs (two pixels next to "
             "each other along x, y or z) where labels a < b meet; only that half (x < y) is filled, as "
             "in CLIJ2 Java (its host code counts into matrix[larger][smaller], pushed with pushMat). "
             "Background is id 0, so row 0 counts the contacts with the background. Input: a label image "
             "(any pixel type holding ids; uint32 exact; float ids truncated). " + kDenseLimit +
             "Errors also: ids of 2^28 or more. Algorithm: CLIJ2's GenerateTouchCountMatrix (counted on "
             "the CPU there, per plane pair); here one work item per pixel with 32-bit atomic counts. "
             "Differences from CLIJ2: ids read as integers (CLIJ2 reads them as float); pyclesperanto "
             "fills both halves (a symmetric matrix).")
        .input("label_map", "label image, 0 = background")
        .output("touch_count_matrix_destination", "float32 (n+1) x (n+1) matrix",
                [](const OpCall& c) {
                    const std::uint64_t n = max_label_for_rule(c, "label_map") + 1;
                    require_matrix_fits(c, "label_map", n, n, "the touch count matrix of " + std::to_string(n - 1) + " labels");
                    return OutputDesc{{n, n, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(generate_touch_count_matrix);

    r.add("adjacencyMatrixToTouchMatrix", "Label")
        .doc("Converts an adjacency matrix (symmetric: pixel (a, b) and (b, a) not 0 where a and b are "
             "neighbours) to CLIJ2's touch matrix: pixel (x, y) = 1 where x < y and either (x, y) or "
             "(y, x) is not 0, else 0 (the diagonal and the half x > y are 0). Input: a square matrix, any "
             "pixel type; output: the same shape and pixel type. Every plane is converted on its own. A "
             "matrix that is not square is converted with a mirror entry outside it counting as 0 (CLIJ2's "
             "transposeXY into a buffer of the input's shape is not defined for it). Algorithm: CLIJ2's "
             "AdjacencyMatrixToTouchMatrix (transposeXY, binaryOr, setWhereXequalsY 0, setWhereXgreaterThanY "
             "0), one work item per entry here.")
        .input("adjacency_matrix", "adjacency matrix, square")
        .output("touch_matrix", "touch matrix, w x w, of the input's pixel type", same_as("adjacency_matrix"))
        .run([](OpCall& c) {
            Image& a = c.input("adjacency_matrix");
            Image& dst = c.output("touch_matrix");
            c.kernel("label_graph.cl", "adjacency_to_touch", {{"SRC", &a}, {"DST", &dst}})
                .image(a).image(dst).shape(a)
                .run(range_of(a));
        });

    r.add("pointIndexListToTouchMatrix", "Label")
        .doc("A touch matrix from an index list: the list is w x k (plane 0, any pixel type), column p "
             "holding k indices of points connected to point p, 1-based (index i = point i - 1; 0 connects "
             "to the background); negative entries and NaN connect nothing. Output: float32 (w+1) x (w+1), "
             "pixel (min(p, i-1) + 1, max(p, i-1) + 1) = 1 for each connection (the x < y half, background "
             "at index 0), else 0; positions are computed in float and truncated toward zero as CLIJ2's "
             "kernel does, those outside the matrix skipped. " + kDenseLimit +
             "Algorithm: CLIJ2's PointIndexListToTouchMatrix (point_index_list_to_touch_matrix kernel), one "
             "work item per column. Difference from CLIJ2: the size is pyclesperanto's (w+1) x (w+1); CLIJ2 "
             "Java sizes the matrix by the largest entry of each row of the list (a rule written for point "
             "lists), which does not fit the points in general.")
        .input("indexlist", "index list w x k")
        .output("matrix_destination", "float32 (w+1) x (w+1) touch matrix",
                [](const OpCall& c) {
                    const std::uint64_t n = c.input("indexlist").shape().width + 1;
                    require_matrix_fits(c, "indexlist", n, n, "the touch matrix");
                    return OutputDesc{{n, n, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run([](OpCall& c) {
            Image& idx = c.input("indexlist");
            Image& dst = c.output("matrix_destination");
            zero(c, dst);
            const Shape& s = idx.shape();
            c.kernel("label_graph.cl", "index_list_to_touch", {{"IDX", &idx}})
                .image(idx).i64(static_cast<std::int64_t>(s.width)).i64(static_cast<std::int64_t>(s.height))
                .buffer(dst.buffer()).i64(static_cast<std::int64_t>(dst.shape().width))
                .run(cl::NDRange(s.width));
        });

    r.add("multiplyMatrix", "Math")
        .doc("The matrix product matrix1 x matrix2: float32, width = matrix2's width, height = matrix1's "
             "height, pixel (x, y) = sum over i of matrix1(i, y) * matrix2(x, i), products and sum in float "
             "in order of i < matrix1's width (CLIJ2's multiply_matrix kernel). Matrices: plane 0 of any pixel "
             "types, read as float; columns x, rows y. matrix1's width should equal matrix2's height; where it "
             "is larger, rows of matrix2 beyond its height read its last row, as CLIJ2's clamped reads do (no "
             "error, as in CLIJ2). Algorithm: CLIJ2's MultiplyMatrix, one work item per "
             "output entry.")
        .input("matrix1", "matrix of width w1 and height h1")
        .input("matrix2", "matrix of width w2 (height w1)")
        .output("matrix_destination", "float32 w2 x h1",
                [](const OpCall& c) {
                    const Shape &a = c.input("matrix1").shape(), &b = c.input("matrix2").shape();
                    return OutputDesc{{b.width, a.height, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run([](OpCall& c) {
            Image& a = c.input("matrix1");
            Image& b = c.input("matrix2");
            Image& dst = c.output("matrix_destination");
            c.kernel("label_graph.cl", "multiply_matrix", {{"M1", &a}, {"M2", &b}})
                .image(a).i64(static_cast<std::int64_t>(a.shape().width))
                .image(b).i64(static_cast<std::int64_t>(b.shape().width)).i64(static_cast<std::int64_t>(b.shape().height))
                .buffer(dst.buffer()).i64(static_cast<std::int64_t>(a.shape().height))
                .run(cl::NDRange(b.shape().width, a.shape().height));
        });

    r.add("matrixEqual", "Math")
        .clij2("Image input1, Image input2, Number tolerance", {"MatrixEqual"})
        .doc("Whether two images are equal within a tolerance: 1 when they have the same shape and every "
             "difference input1 - input2 (in float, as CLIJ2's addImagesWeighted into a float image) is at "
             "most tolerance in absolute value, else 0 (CLIJ2 writes it to the Results table as "
             "'MatrixEqual'). Inputs: any shapes and pixel types (all planes). A NaN difference counts as "
             "unequal. Algorithm: CLIJ2's MatrixEqual (the largest and smallest difference against the "
             "tolerance); computed on the host here.")
        .input("input1", "first image")
        .input("input2", "second image")
        .number("tolerance", "0", "largest absolute difference still equal")
        .result("MatrixEqual", "1 when equal within the tolerance, else 0")
        .run([](OpCall& c) {
            Image& a = c.input("input1");
            Image& b = c.input("input2");
            bool equal = a.shape() == b.shape();
            if (equal) {
                const std::vector<double> va = read_values(c, a), vb = read_values(c, b);
                const float tol = static_cast<float>(c.number("tolerance"));
                for (std::size_t i = 0; i < va.size() && equal; ++i) {
                    const float d = static_cast<float>(va[i]) - static_cast<float>(vb[i]);
                    if (!(std::fabs(d) <= tol)) equal = false;
                }
            }
            c.set_result("MatrixEqual", equal ? 1.0 : 0.0);
        });

    r.add("shortestDistances", "Label")
        .doc("For every column x of a distance matrix, the smallest entry of rows 1 .. h-1 that is greater "
             "than -1 (row 0 is CLIJ2's background row), 0 where there is none: a float32 w x 1 vector "
             "(column 0, the background's, gives its own minimum, 0 for CLIJ2's matrices). " + kMatrixInput +
             "Algorithm: CLIJ2's ShortestDistances (transposeYZ, then minimumZProjectionThresholdedBounded "
             "with threshold -1 from plane 1), one work item per column here.")
        .input("distance_matrix", "distance matrix w x h")
        .output("destination_minimum_distances", "float32 w x 1",
                [](const OpCall& c) {
                    return OutputDesc{{c.input("distance_matrix").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run([](OpCall& c) {
            Image& m = c.input("distance_matrix");
            Image& dst = c.output("destination_minimum_distances");
            const Shape& s = m.shape();
            c.kernel("label_graph.cl", "shortest_distances", {{"MAT", &m}})
                .image(m).i64(static_cast<std::int64_t>(s.width)).i64(static_cast<std::int64_t>(s.height))
                .buffer(dst.buffer())
                .run(cl::NDRange(s.width));
        });

    const std::string n_closest_doc =
        "rank r = 0 .. n-1 in row r, in ascending order; equal entries by ascending row index (the first "
        "wins, as CLIJ2's insertion keeps it); NaN entries are never chosen; ranks beyond the column's "
        "entries are 0. The matrix is used as it is: CLIJ2's distance matrices have 0 in the background row "
        "and on the diagonal, which are then the closest (CLIJ2 Java does the same; drawMeshBetweenNNearestLabels "
        "sets them to the largest float first; pyclesperanto's n_closest_points leaves them out by default). " +
        kMatrixInput + "Errors: n outside 1 .. 1000 (CLIJ2's kernel holds 1000). Algorithm: CLIJ2's ";

    r.add("nClosestPoints", "Label")
        .doc("For every column x of a distance matrix (w x h), the row indices of its n smallest entries: "
             "a float32 w x n index list, " + n_closest_doc +
             "NClosestPoints (n_shortest_points kernel); here rank by rank, one work item per column.")
        .input("distance_matrix", "distance matrix w x h")
        .output("indexlist_destination", "float32 w x n index list", n_closest_rule("n"))
        .integer("n", "1", "how many closest points per column, 1 .. 1000", 1, 1000)
        .run([](OpCall& c) { n_closest(c, nullptr, c.output("indexlist_destination"), c.integer("n")); });

    r.add("nClosestDistances", "Label")
        .doc("For every column x of a distance matrix (w x h), its n smallest entries (distances_destination) "
             "and their row indices (indexlist_destination): two float32 w x n images, " + n_closest_doc +
             "NClosestDistances (n_shortest_distances kernel); here rank by rank, one work item per column.")
        .input("distance_matrix", "distance matrix w x h")
        .output("distances_destination", "float32 w x n distances", n_closest_rule("nClosestPointsTofind"))
        .output("indexlist_destination", "float32 w x n row indices", n_closest_rule("nClosestPointsTofind"))
        .integer("nClosestPointsTofind", "1", "how many closest points per column, 1 .. 1000", 1, 1000)
        .run([](OpCall& c) {
            n_closest(c, &c.output("distances_destination"), c.output("indexlist_destination"),
                      c.integer("nClosestPointsTofind"));
        });

    const std::string mesh_common =
        "Centroids: the mean pixel position of each label (centroidsOfLabels; a single plane draws in 2D). "
        "Lines (from the centroid of the smaller id towards the larger one, except where said otherwise above) "
        "are sampled every 0.5 pixel and truncated toward zero, exactly as touchMatrixToMesh draws them "
        "(CLIJ2's kernel). Destination: float32 "
        "of the input's shape (CLIJ2 Java's), set to 0 first (also an existing one, as CLIJ2 does). Input: a "
        "label image (any pixel type holding ids; uint32 exact; float ids truncated). " + kDenseLimit +
        "Meshes also refuse a largest id above 16,383: their dense matrices are temporaries scanned in "
        "full (n^2 work, minutes on a CPU device beyond that). "
        "Errors also: ids of 2^28 or more. Algorithm: CLIJ2's ";
    for (const MeshRow& row : kMeshRows) {
        const MeshPairs pairs = row.pairs;
        auto b = r.add(row.name, "Label");
        b.doc(std::string(row.what) + mesh_common + row.clij2_class + "; ids are read as integers (CLIJ2 reads "
                                                                    "them as float: ids above 2^24 merge).")
            .input("input", "label image, 0 = background")
            .output("destination", "float32 mesh of the input's shape", [](const OpCall& c) {
                const std::uint64_t n = max_label_for_rule(c, "input") + 1;
                require_matrix_fits(c, "input", n, n, "the label matrix of " + std::to_string(n - 1) + " labels");
                // the meshes' matrices are temporaries scanned in full (n^2 work): ids are limited
                // so that they stay at 2^28 entries (minutes on a CPU device beyond it)
                if (n > 16384)
                    c.fail("input", "the label matrix of " + std::to_string(n - 1) + " labels is a dense " +
                                        std::to_string(n) + " x " + std::to_string(n) +
                                        " temporary matrix: the mesh limit is 16383 labels (largest id)");
                return OutputDesc{c.input("input").shape(), PixelType::Float32, ImageKind::Intensity};
            });
        if (pairs == MeshPairs::Proximal)
            b.number("maximum_distance", "1", "lines join labels whose centroids are closer than this (pixels, exclusive)");
        if (pairs == MeshPairs::Nearest)
            b.integer("number_of_closest_labels", "1", "how many nearest labels each label joins, 1 .. 1000", 1, 1000)
                .clij2_alias("drawMeshBetweenNClosestLabels");
        b.run([pairs](OpCall& c) { draw_label_mesh(c, pairs); });
    }

    r.add("pointIndexListToMesh", "Label")
        .doc("Draws a line of value 1 from point p - 1 of a point list to the points an index list names for "
             "it: column p = 1 .. w-1 of the index list (w x k, plane 0, any pixel type; column 0, the "
             "background's, draws nothing) holds 1-based indices i (i = point i - 1; entries below 1 and NaN "
             "join nothing; fractions truncated toward zero; indices beyond the list read its last point, "
             "as CLIJ2's clamped reads). Lines go from point p - 1 towards point i - 1 with the line loop of "
             "touchMatrixToMesh. " + std::string("The point list is n x d (one column per point, rows x, y[, z] "
             "in pixels, any pixel type, as centroidsOfLabels makes it; a 2-row list draws in 2D). "
             "Destination: an existing image is drawn into as it is, of its own size and type (CLIJ2 Java "
             "does not clear it); a new one is of the point list's pixel type and CLIJ2 Java's size, the "
             "largest coordinate of each row truncated (pyclesperanto adds 1), filled with 0 first. Errors: a "
             "point list without 2 or 3 rows, or a largest coordinate below 1 for a new destination. ") +
             "Algorithm: CLIJ2 Java's PointIndexListToMesh (pointindexlist_to_mesh_3d kernel), one work item "
             "per column. Difference from pyclesperanto 0.24.6: its kernel takes column p for point p (no "
             "background column) and reads the second point's y and z from rows 2 and 3; ijcl follows CLIJ2 "
             "Java's kernel.")
        .input("pointlist", "point list n x d (d = 2 or 3)")
        .input("indexlist", "index list w x k, 1-based point indices")
        .output("mesh_destination", "the mesh", mesh_output)
        .run([](OpCall& c) {
            Image& pts = c.input("pointlist");
            Image& idx = c.input("indexlist");
            Image& dst = c.output("mesh_destination");
            if (c.existing_output("mesh_destination") != &dst) zero(c, dst);
            const Shape &sp = pts.shape(), &si = idx.shape();
            c.kernel("label_graph.cl", "draw_index_mesh", {{"PTS", &pts}, {"IDX", &idx}, {"DST", &dst}})
                .image(pts).i64(static_cast<std::int64_t>(sp.width)).i64(static_cast<std::int64_t>(sp.height))
                .image(idx).i64(static_cast<std::int64_t>(si.width)).i64(static_cast<std::int64_t>(si.height))
                .image(dst).shape(dst)
                .run(cl::NDRange(si.width));
        });

    r.add("meanClosestSpotDistance", "Measurement")
        .clij2("Image spotsA, Image spotsB, Boolean bidirectional",
               {"mean_closest_spot_distance_A_B", "mean_closest_spot_distance_B_A"})
        .doc("The mean distance from every spot of spotsA to its closest spot of spotsB (a spot = a non-zero "
             "pixel, any pixel type; positions in pixels), and with bidirectional also from spotsB to spotsA. "
             "Distances as CLIJ2's generateDistanceMatrix computes them (float, squares summed in dimension "
             "order); in spotsA's dimensions (x, y for a single plane, else x, y, z; spotsB's z is dropped for "
             "a 2D spotsA and 0 for a 2D spotsB). As CLIJ2 Java: A_B = the sum of the closest distances / the "
             "number of spots of A (NaN for no spot in A; 0 when B has none), B_A = the sum of the closest "
             "distances from B / (the number of spots of B + 1) (CLIJ2 Java divides by the width of its "
             "distance vector, which holds the background entry too); B_A is NaN without bidirectional "
             "(CLIJ2 writes no such column). The sums are in double (CLIJ2 sums in float). Results: CLIJ2's "
             "Results columns mean_closest_spot_distance_A_B and (bidirectional) mean_closest_spot_distance_B_A. "
             "Algorithm: CLIJ2's MeanClosestSpotDistance (spotsToPointList, generateDistanceMatrix, "
             "shortestDistances, sumPixels); here one work item per spot finds its closest spot without the "
             "dense (nA+1) x (nB+1) distance matrix, so there is no size limit (the time grows with nA x nB).")
        .input("spotsA", "spot image A, non-zero = spot")
        .input("spotsB", "spot image B, non-zero = spot")
        .boolean("bidirectional", "false", "also measure from B to A")
        .result("mean_closest_spot_distance_A_B", "mean closest distance from A's spots to B's (pixels)")
        .result("mean_closest_spot_distance_B_A", "mean closest distance from B's spots to A's, / (spots of B + 1); NaN without bidirectional")
        .run([](OpCall& c) {
            Image& a = c.input("spotsA");
            Image& b = c.input("spotsB");
            const int dims = a.shape().depth > 1 ? 3 : 2;
            const std::vector<float> pa = spot_positions(c, a, dims), pb = spot_positions(c, b, dims);
            const double na = static_cast<double>(pa.size() / dims), nb = static_cast<double>(pb.size() / dims);
            const double nan = std::numeric_limits<double>::quiet_NaN();
            c.set_result("mean_closest_spot_distance_A_B", na == 0 ? nan : closest_spot_sum(c, pa, pb, dims) / na);
            c.set_result("mean_closest_spot_distance_B_A",
                         c.boolean("bidirectional") ? closest_spot_sum(c, pb, pa, dims) / (nb + 1) : nan);
        });

    r.add("mergeTouchingLabels", "Label")
        .doc("Merges labels that touch (face neighbours: two pixels next to each other along x, y or z; the "
             "background does not merge) into one, transitively, and numbers the merged labels 1 .. m in "
             "the order of each group's largest original id: the result of CLIJ2's iteration (each label "
             "takes the largest id it touches, then closeIndexGapsInLabelMap, until no two labels touch). "
             "Output: the input's shape and pixel type. Input: a label image (any pixel type holding ids; "
             "uint32 exact; float ids truncated). Errors: ids of 2^28 or more. Algorithm: CLIJ2's "
             "MergeTouchingLabels; here in one pass with a union-find of the touching pairs (on the host), "
             "so no dense (n+1) x (n+1) matrix is made and there is no label-count limit. Difference from "
             "CLIJ2: ids are read as integers.")
        .input("source", "label image, 0 = background")
        .output("destination", "merged labels, the input's shape and type", same_as("source", ImageKind::Label))
        .run(merge_touching_labels);
}

}  // namespace ijcl
