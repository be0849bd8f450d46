// Neighbour statistics of label images: touching neighbours, their counts and statistics, and
// parametric maps of them (kernels/label_neighbour.cl). The vector operations read CLIJ2's dense
// touch matrix (an input: its size limit is generateTouchMatrix's); the label maps never build a
// matrix: touching pairs go into a GPU hash set that grows with the label boundaries.
#include <string>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// A values vector and a touch matrix in, a float32 w x 1 vector out: one row per statistic.
struct TouchStat {
    const char* name;
    int stat;  // kernel STAT
    const char* dst;
    const char* what;
    const char* clij2_class;
};

const TouchStat kTouchStats[] = {
    {"meanOfTouchingNeighbors", 1, "mean_values_destination",
     "the mean of its own value and its touching neighbours' values (summed in float in CLIJ2's order: "
     "neighbours of smaller index, itself, neighbours of larger index)",
     "MeanOfTouchingNeighbors (mean_value_of_touching_neighbors kernel)"},
    {"minimumOfTouchingNeighbors", 2, "minimum_values_destination",
     "the smallest of its own value and its touching neighbours' values",
     "MinimumOfTouchingNeighbors (minimum_value_of_touching_neighbors kernel)"},
    {"maximumOfTouchingNeighbors", 3, "maximum_values_destination",
     "the largest of its own value and its touching neighbours' values",
     "MaximumOfTouchingNeighbors (maximum_value_of_touching_neighbors kernel)"},
    {"medianOfTouchingNeighbors", 4, "median_values_destination",
     "the median of its own value and its touching neighbours' values: of the k values sorted "
     "ascending, the one at 0-based position floor(k / 2) (the upper median for even k, as CLIJ2)",
     "MedianOfTouchingNeighbors (median_value_of_touching_neighbors kernel; CLIJ2 sorts into a "
     "fixed-size array, ijcl counts ranks, so any number of neighbours works)"},
    {"standardDeviationOfTouchingNeighbors", 5, "standard_deviation_values_destination",
     "the standard deviation of its own value and its touching neighbours' values (k values) as "
     "CLIJ2's kernel computes it: sqrt(sum((v - mean)^2) / (2k - 1)) in float (CLIJ2's second pass "
     "counts the values again, so it divides by 2k - 1, not k - 1; ijcl keeps that so the CLIJ2 name "
     "gives CLIJ2's numbers)",
     "StandardDeviationOfTouchingNeighbors (standard_deviation_value_of_touching_neighbors kernel)"},
};

void run_touch_stat(OpCall& c, const TouchStat& t) {
    Image& values = c.input("values");
    Image& matrix = c.input("touch_matrix");
    Image& dst = c.output(t.dst);
    const std::uint64_t w = values.shape().width;
    const int correction = matrix.shape().width == w + 1 ? -1 : 0;
    c.kernel("label_neighbour.cl", "touching_stat", {{"VAL", &values}, {"MAT", &matrix}},
             {{"STAT", std::to_string(t.stat)}})
        .image(values).i64(static_cast<std::int64_t>(w)).image(matrix)
        .i64(static_cast<std::int64_t>(matrix.shape().width)).i64(static_cast<std::int64_t>(matrix.shape().height))
        .i32(correction).buffer(dst.buffer())
        .run(cl::NDRange(w));
}

cl::Buffer upload(OpCall& c, const void* data, std::size_t bytes) {
    cl::Buffer b = c.temp_buffer(bytes);
    c.queue().enqueueWriteBuffer(b, CL_TRUE, 0, bytes, data);
    return b;
}

// counts[l] for l = 0..max_label: the number of different non-zero labels touching label l (face
// neighbours), from the GPU hash set of touching pairs; no matrix.
std::vector<cl_uint> touching_counts(OpCall& c, Image& labels, const std::string& arg) {
    if (!c.device_info().has_int64_atomics)
        c.fail("", "the device '" + c.device_info().name +
                       "' lacks cl_khr_int64_base_atomics, which the touching-pair hash set needs");
    const std::size_t slots = max_label_of(c, labels, arg) + 1;
    cl::Buffer total = c.temp_buffer(4);
    c.queue().enqueueFillBuffer(total, cl_uint{0}, 0, 4);
    c.kernel("label_neighbour.cl", "touch_events", {{"LBL", &labels}})
        .image(labels).shape(labels).buffer(total).run(range_of(labels));
    cl_uint events = 0;
    c.queue().enqueueReadBuffer(total, CL_TRUE, 0, 4, &events);
    int bits = 4;
    while ((std::uint64_t{1} << bits) < 2 * std::uint64_t{events} + 2) ++bits;
    const std::size_t table_bytes = (std::size_t{1} << bits) * 8;
    cl::Buffer table = c.temp_buffer(table_bytes);
    c.queue().enqueueFillBuffer(table, cl_uint{0}, 0, table_bytes);
    cl::Buffer counts = c.temp_buffer(slots * 4);
    c.queue().enqueueFillBuffer(counts, cl_uint{0}, 0, slots * 4);
    c.kernel("label_neighbour.cl", "touch_insert", {{"LBL", &labels}})
        .image(labels).shape(labels).buffer(table).i32(bits).buffer(counts)
        .i64(static_cast<std::int64_t>(slots))
        .run(range_of(labels));
    std::vector<cl_uint> h(slots);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, slots * 4, h.data());
    return h;
}

// Writes vector[label] to every pixel of the label (background 0).
void write_by_label(OpCall& c, Image& labels, Image& dst, std::vector<float> vector) {
    vector[0] = 0.0f;
    cl::Buffer values_b = upload(c, vector.data(), vector.size() * sizeof(float));
    const std::uint64_t n = labels.shape().pixels();
    c.kernel("label_map.cl", "replace_by_label", {{"LBL", &labels}})
        .image(labels).buffer(values_b).image(dst).i64(static_cast<std::int64_t>(n))
        .i64(static_cast<std::int64_t>(vector.size()))
        .run(cl::NDRange(n));
}

}  // namespace

void register_label_neighbour_ops(Registry& r) {
    r.add("countTouchingNeighbors", "Label")
        .doc("The number of touching neighbours of every label from a touch matrix (CLIJ2's dense "
             "layout, as generateTouchMatrix makes it: entry (x = a, y = b) > 0 where labels a < b "
             "touch; any pixel type; plane 0 read): a float32 w x 1 vector for a w x h matrix, entry e "
             "= the number of indices o != e with entry (min(o, e), max(o, e)) > 0. The background "
             "(index 0) counts as a neighbour where the matrix marks it (row 0 of generateTouchMatrix's "
             "matrix; set column 0 to 0 to leave it out, as touchingNeighborCountMap does). Entries "
             "outside the matrix (a matrix lower than wide) count as not touching (CLIJ2 clamps its "
             "reads). Size limit: the matrix is dense (generateTouchMatrix's limit); "
             "touchingNeighborCountMap counts without one. Algorithm: CLIJ2's CountTouchingNeighbors "
             "(count_touching_neighbors kernel), one work item per entry. Difference from "
             "pyclesperanto: its count_touching_neighbors leaves the background out by default "
             "(ignore_background); the CLIJ2 name follows CLIJ2 Java's kernel, which counts it.")
        .input("touch_matrix", "touch matrix, w x h (the x < y half read)")
        .output("touching_neighbors_count_destination", "float32 w x 1 vector",
                [](const OpCall& c) {
                    return OutputDesc{{c.input("touch_matrix").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run([](OpCall& c) {
            Image& matrix = c.input("touch_matrix");
            Image& dst = c.output("touching_neighbors_count_destination");
            const Shape& s = matrix.shape();
            c.kernel("label_neighbour.cl", "count_touching", {{"MAT", &matrix}})
                .image(matrix).i64(static_cast<std::int64_t>(s.width)).i64(static_cast<std::int64_t>(s.height))
                .i64(static_cast<std::int64_t>(s.width)).buffer(dst.buffer())
                .run(cl::NDRange(s.width));
        });

    for (const TouchStat& t : kTouchStats) {
        r.add(t.name, "Label")
            .doc(std::string("For every entry e of a values vector (row 0 of plane 0 of 'values', width w; "
                             "typically one value per label, as a measurement vector), ") + t.what +
                 ", written to a float32 w x 1 vector. Touching: the touch matrix entry (min(o, e), "
                 "max(o, e)) > 0 (CLIJ2's dense layout, the x < y half; any pixel type; entries outside "
                 "the matrix count as not touching, CLIJ2 clamps its reads). When the matrix is one "
                 "wider than the vector (a vector without its background entry), index o's value is "
                 "read at o - 1, clamped to the vector, exactly as CLIJ2 does (so entry e then belongs "
                 "to matrix index e). The background counts as a neighbour where the matrix marks it. "
                 "Size limit: the matrix is dense (generateTouchMatrix's limit). Algorithm: CLIJ2's " +
                 t.clij2_class + ", one work item per entry, float arithmetic as CLIJ2's kernel.")
            .input("values", "values vector, w x 1 (row 0 read), any pixel type")
            .input("touch_matrix", "touch matrix, w x w (or (w+1) x (w+1))")
            .output(t.dst, "float32 w x 1 vector",
                    [](const OpCall& c) {
                        return OutputDesc{{c.input("values").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                    })
            .run([&t](OpCall& c) { run_touch_stat(c, t); });
    }

    r.add("touchingNeighborCountMap", "Label")
        .doc("Replaces every label by the number of other labels it touches (face neighbours: pixels "
             "next to each other along x, y or z, not diagonally; the background does not count), "
             "background 0 stays 0: a parametric image. Input: a label image (any pixel type holding "
             "ids; uint32 exact; float ids truncated; ids below 2^28). Output: float32, the input's "
             "shape. Errors: ids of 2^28 or more, a device without cl_khr_int64_base_atomics. "
             "Algorithm: CLIJ2's TouchingNeighborCountMap (Haase) builds the dense (n+1) x (n+1) touch "
             "matrix (100,000 labels: 40 GB), clears its background column, counts and writes back; "
             "ijcl gets the same counts without a matrix: every boundary between two different "
             "non-zero labels goes into a GPU hash set of label pairs (64-bit keys, linear probing, "
             "sized to twice the boundaries), and the first insertion of a pair counts it for both "
             "labels, so memory grows with the label boundaries plus 4 bytes per id, not with n^2. "
             "Exact (integer counts). Difference from CLIJ2: ids are read as integers (CLIJ2 reads "
             "them as float: ids above 2^24 merge).")
        .input("input", "label image, 0 = background")
        .output("destination", "float32 map, the input's shape", shape_of("input", PixelType::Float32))
        .run([](OpCall& c) {
            Image& labels = c.input("input");
            Image& dst = c.output("destination");
            const std::vector<cl_uint> counts = touching_counts(c, labels, "input");
            write_by_label(c, labels, dst, std::vector<float>(counts.begin(), counts.end()));
        });
}

}  // namespace ijcl
