// Neighbour statistics of label images: touching neighbours, their counts and statistics, and
// parametric maps of them (kernels/label_neighbour.cl). The vector operations read CLIJ2's dense
// touch matrix (an input: its size limit is generateTouchMatrix's); the label maps never build a
// matrix: touching pairs go into a GPU hash set that grows with the label boundaries.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
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

// The touching pairs of a label image (face neighbours, different ids; pairs with the background
// only when keep_background) from a GPU hash set, no matrix. counts[l] = the number of pairs of l
// (0..max_label); pairs, when wanted, as (smaller id, larger id).
struct TouchingPairs {
    std::size_t slots = 1;
    std::vector<cl_uint> counts;
    std::vector<std::pair<cl_uint, cl_uint>> pairs;
};

TouchingPairs touching_pairs(OpCall& c, Image& labels, const std::string& arg, bool keep_background, bool want_pairs) {
    if (!c.device_info().has_int64_atomics)
        c.fail("", "the device '" + c.device_info().name +
                       "' lacks cl_khr_int64_base_atomics, which the touching-pair hash set needs");
    TouchingPairs out;
    out.slots = max_label_of(c, labels, arg) + 1;
    const std::size_t slots = out.slots;
    const std::vector<std::pair<std::string, std::string>> defs = {{"KEEP_BACKGROUND", keep_background ? "1" : "0"}};
    cl::Buffer total = c.temp_buffer(4);
    c.queue().enqueueFillBuffer(total, cl_uint{0}, 0, 4);
    c.kernel("label_neighbour.cl", "touch_events", {{"LBL", &labels}}, defs)
        .image(labels).shape(labels).buffer(total).run(range_of(labels));
    cl_uint events = 0;
    c.queue().enqueueReadBuffer(total, CL_TRUE, 0, 4, &events);
    int bits = 4;
    while ((std::uint64_t{1} << bits) < 2 * std::uint64_t{events} + 2) ++bits;
    const std::size_t table_size = std::size_t{1} << bits;
    cl::Buffer table = c.temp_buffer(table_size * 8);
    c.queue().enqueueFillBuffer(table, cl_uint{0}, 0, table_size * 8);
    cl::Buffer counts = c.temp_buffer(slots * 4);
    c.queue().enqueueFillBuffer(counts, cl_uint{0}, 0, slots * 4);
    c.kernel("label_neighbour.cl", "touch_insert", {{"LBL", &labels}}, defs)
        .image(labels).shape(labels).buffer(table).i32(bits).buffer(counts)
        .i64(static_cast<std::int64_t>(slots))
        .run(range_of(labels));
    out.counts.resize(slots);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, slots * 4, out.counts.data());
    if (want_pairs) {
        std::vector<cl_ulong> keys(table_size);
        c.queue().enqueueReadBuffer(table, CL_TRUE, 0, table_size * 8, keys.data());
        for (cl_ulong k : keys)
            if (k != 0) out.pairs.emplace_back(static_cast<cl_uint>(k >> 32), static_cast<cl_uint>(k & 0xFFFFFFFFu));
    }
    return out;
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

// The neighbour maps' statistics, one row each (kernel STAT numbering; 6 = mode), shared by the
// three ways of selecting neighbours: touching (<prefix>OfTouchingNeighborsMap), the n nearest
// (<prefix>OfNNearestNeighborsMap) and the proximal ones (<prefix>OfProximalNeighborsMap).
struct NeighbourMap {
    const char* prefix;
    int stat;
    const char* what;
};

const NeighbourMap kNeighbourMaps[] = {
    {"mean", 1,
     "the mean of its own value and its neighbours' values (summed in float in increasing id order, "
     "as CLIJ2's meanOfTouchingNeighbors); the background's pixels get 0 (CLIJ2 clears that entry)"},
    {"minimum", 2, "the smallest of its own value and its neighbours' values"},
    {"maximum", 3, "the largest of its own value and its neighbours' values"},
    {"standardDeviation", 5,
     "the standard deviation of its own value and its neighbours' values (k values) as CLIJ2's "
     "standardDeviationOfTouchingNeighbors computes it: sqrt(sum((v - mean)^2) / (2k - 1)) in float"},
    {"mode", 6,
     "the most frequent whole value (truncated toward zero; only 0..255 counted, CLIJ2's documented "
     "range; ties: the smallest; no neighbour: 0) among its neighbours' values, itself left out (as "
     "CLIJ2's modeOfTouchingNeighbors)"},
};

std::string capitalized(const char* prefix) {
    std::string s(prefix);
    s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

// The statistic of entry e over `members` (sorted ids, e included unless mode), CLIJ2's arithmetic.
float member_stat(int stat, const std::vector<cl_uint>& members, const std::vector<float>& v) {
    if (stat == 6) {
        unsigned votes[256] = {0};
        for (cl_uint o : members) {
            const float x = v[o];
            if (x > -1.0f && x < 256.0f) ++votes[static_cast<int>(x)];
        }
        unsigned best = 0;
        int value = 0;
        for (int i = 0; i < 256; ++i)
            if (votes[i] > best) best = votes[i], value = i;
        return static_cast<float>(value);
    }
    if (stat == 2 || stat == 3) {
        float best = v[members[0]];
        for (cl_uint o : members) best = stat == 2 ? (best > v[o] ? v[o] : best) : (best < v[o] ? v[o] : best);
        return best;
    }
    float sum = 0;
    for (cl_uint o : members) sum = sum + v[o];
    const float count = static_cast<float>(members.size());
    const float mean = sum / count;
    if (stat == 1) return mean;
    float sq = 0;
    for (cl_uint o : members) {
        const float d = v[o] - mean;
        sq = sq + d * d;
    }
    return std::sqrt(sq / (2 * count - 1));
}

// One value per label id 0..slots-1: the smallest value of the map under it (the value, for a map
// constant per label, as CLIJ2's readValuesFromMap requires); 0 for an id without pixels, whose
// key stays 0xFFFFFFFF.
std::vector<float> label_values(OpCall& c, Image& map, Image& labels, std::size_t slots, std::vector<cl_uint>* keys_out) {
    const std::uint64_t n = labels.shape().pixels();
    cl::Buffer keys_b = c.temp_buffer(slots * 4);
    c.queue().enqueueFillBuffer(keys_b, cl_uint{0xFFFFFFFFu}, 0, slots * 4);
    c.kernel("label_neighbour.cl", "label_min_values", {{"LBL", &labels}, {"SRC", &map}})
        .image(labels).image(map).i64(static_cast<std::int64_t>(n)).buffer(keys_b)
        .i64(static_cast<std::int64_t>(slots))
        .run(cl::NDRange(n));
    std::vector<cl_uint>& keys = *keys_out;
    keys.resize(slots);
    c.queue().enqueueReadBuffer(keys_b, CL_TRUE, 0, slots * 4, keys.data());
    std::vector<float> value(slots, 0.0f);
    for (std::size_t l = 0; l < slots; ++l)
        if (keys[l] != 0xFFFFFFFFu) value[l] = from_ordered_bits(keys[l]);
    return value;
}

void run_neighbour_map(OpCall& c, const NeighbourMap& m) {
    Image& map = c.input("parametric_map");
    Image& labels = c.input("label_map");
    Image& dst = c.output("parametric_map_destination");
    const std::uint64_t n = labels.shape().pixels();
    const double radius = std::trunc(c.number("radius"));
    if (radius == 0) {  // CLIJ2 copies the map
        c.kernel("label_neighbour.cl", "copy_to_float", {{"SRC", &map}})
            .image(map).buffer(dst.buffer()).i64(static_cast<std::int64_t>(n)).run(cl::NDRange(n));
        return;
    }
    const bool keep_background = !c.boolean("ignore_touching_background");
    const TouchingPairs t = touching_pairs(c, labels, "label_map", keep_background, true);
    const std::size_t slots = t.slots;
    std::vector<cl_uint> keys;
    const std::vector<float> value = label_values(c, map, labels, slots, &keys);
    // adjacency lists (CSR) of the touching pairs
    std::vector<std::size_t> start(slots + 1, 0);
    for (const auto& p : t.pairs) ++start[p.first + 1], ++start[p.second + 1];
    for (std::size_t l = 0; l < slots; ++l) start[l + 1] += start[l];
    std::vector<cl_uint> adjacent(start[slots]);
    std::vector<std::size_t> fill(start.begin(), start.end() - 1);
    for (const auto& p : t.pairs) adjacent[fill[p.first]++] = p.second, adjacent[fill[p.second]++] = p.first;
    // radius r: CLIJ2 squares the adjacency r - 1 times (neighborsOfNeighbors): 2^(r-1) hops
    const double hops_d = std::pow(2.0, radius - 1);
    const std::size_t hops = hops_d >= static_cast<double>(slots) ? slots : static_cast<std::size_t>(hops_d);
    std::vector<std::size_t> seen(slots, static_cast<std::size_t>(-1));
    std::vector<float> result(slots, 0.0f);
    std::vector<cl_uint> members, frontier, next;
    for (std::size_t e = 0; e < slots; ++e) {
        if (keys[e] == 0xFFFFFFFFu && e != 0) continue;  // an id without pixels: no pixel shows it
        members.clear();
        frontier.assign(1, static_cast<cl_uint>(e));
        seen[e] = e;
        if (m.stat != 6) members.push_back(static_cast<cl_uint>(e));
        for (std::size_t h = 0; h < hops && !frontier.empty(); ++h) {
            next.clear();
            for (cl_uint a : frontier)
                for (std::size_t k = start[a]; k < start[a + 1]; ++k) {
                    const cl_uint b = adjacent[k];
                    if (seen[b] == e) continue;
                    seen[b] = e;
                    next.push_back(b);
                    members.push_back(b);
                }
            frontier.swap(next);
        }
        std::sort(members.begin(), members.end());
        result[e] = members.empty() ? 0.0f : member_stat(m.stat, members, value);
    }
    if (m.stat == 1) result[0] = 0.0f;
    cl::Buffer values_b = upload(c, result.data(), slots * sizeof(float));
    c.kernel("label_neighbour.cl", "write_back", {{"LBL", &labels}, {"SRC", &map}})
        .image(labels).buffer(values_b).i64(static_cast<std::int64_t>(slots)).buffer(dst.buffer())
        .i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
}

// A distance matrix and a touch matrix in, a float32 w x 1 vector out: one row per statistic.
struct TouchDistance {
    const char* name;
    int stat;
    const char* dst;
    const char* what;
    const char* clij2_class;
};

const TouchDistance kTouchDistances[] = {
    {"averageDistanceOfTouchingNeighbors", 1, "average_distancelist_destination",
     "the mean distance to its touching neighbours (summed in float in increasing index order; 0 "
     "without neighbours)",
     "AverageDistanceOfTouchingNeighbors (average_distance_of_touching_neighbors kernel)"},
    {"minimumDistanceOfTouchingNeighbors", 2, "minimum_distancelist_destination",
     "the smallest distance to its touching neighbours (0 without neighbours)",
     "MinimumDistanceOfTouchingNeighbors (minimum_distance_of_touching_neighbors kernel)"},
    {"maximumDistanceOfTouchingNeighbors", 3, "distancelist_destination",
     "the largest distance to its touching neighbours (0 without neighbours)",
     "MaximumDistanceOfTouchingNeighbors (maximum_distance_of_touching_neighbors kernel)"},
};

// A double parameter as the float CLIJ2 passes (Java's asFloat: out of range gives +-infinity).
float as_float(double v) {
    if (std::isnan(v)) return NAN;
    if (v > 3.4028234663852886e38) return INFINITY;
    if (v < -3.4028234663852886e38) return -INFINITY;
    return static_cast<float>(v);
}

// The present labels of a label image (ids with pixels, increasing), their centroids as float
// (3 per label, x y z) and the largest id.
struct PresentLabels {
    std::size_t slots = 1;
    std::vector<std::size_t> ids;
    std::vector<float> centroids;
    int dims = 2;
};

PresentLabels present_labels(OpCall& c, Image& labels, const std::string& arg) {
    PresentLabels p;
    std::size_t max_label = 0;
    const std::vector<double> centroids = label_centroids(c, labels, arg, &max_label);
    p.slots = max_label + 1;
    p.dims = labels.shape().depth > 1 ? 3 : 2;
    for (std::size_t l = 1; l < p.slots; ++l)
        if (!std::isnan(centroids[3 * l])) {
            p.ids.push_back(l);
            for (int k = 0; k < 3; ++k) p.centroids.push_back(static_cast<float>(centroids[3 * l + k]));
        }
    return p;
}

// The neighbour maps whose neighbours are chosen by centroid distance. select 1: the n nearest
// labels (either way round); 2: the labels at a distance within [min_distance, max_distance].
// stat: kNeighbourMaps' numbering, 7 = the number of neighbours (proximalNeighborCountMap, whose
// map_arg is empty). No matrix: one work item per present label runs over all others.
void run_distance_map(OpCall& c, int select, int stat, const std::string& map_arg, const std::string& labels_arg,
                      const std::string& dst_arg) {
    Image& labels = c.input(labels_arg);
    Image& dst = c.output(dst_arg);
    const PresentLabels p = present_labels(c, labels, labels_arg);
    const std::size_t slots = p.slots, m = p.ids.size();
    std::vector<cl_uint> keys;
    std::vector<float> value(slots, 0.0f);
    if (!map_arg.empty()) value = label_values(c, c.input(map_arg), labels, slots, &keys);
    std::vector<float> result(slots, 0.0f);
    // the background is nobody's neighbour: its entry is the statistic of its own value alone
    if (stat == 2 || stat == 3) result[0] = value[0];
    if (m > 0) {
        std::vector<float> vals(m);
        for (std::size_t k = 0; k < m; ++k) vals[k] = value[p.ids[k]];
        cl::Buffer cb = upload(c, p.centroids.data(), p.centroids.size() * sizeof(float));
        cl::Buffer vb = upload(c, vals.data(), m * sizeof(float));
        cl::Buffer kd = c.temp_buffer(m * sizeof(float)), ki = c.temp_buffer(m * sizeof(cl_long));
        float lo = 0, hi = 0;
        if (select == 1) {
            const double n = std::fmax(1.0, std::trunc(c.number("n")));  // CLIJ2: n < 1 is taken as 1
            if (n >= static_cast<double>(m) - 1) {  // every other label is one of the n nearest
                c.queue().enqueueFillBuffer(kd, cl_float{INFINITY}, 0, m * sizeof(float));
                c.queue().enqueueFillBuffer(ki, static_cast<cl_long>(m), 0, m * sizeof(cl_long));
            } else {
                c.kernel_t("label_neighbour.cl", "n_nearest_threshold", {})
                    .buffer(cb).i64(static_cast<std::int64_t>(m)).i32(p.dims).i64(static_cast<std::int64_t>(n))
                    .buffer(kd).buffer(ki)
                    .run(cl::NDRange(m));
            }
        } else {
            lo = as_float(c.number("min_distance"));
            hi = as_float(c.number("max_distance"));
        }
        cl::Buffer out = c.temp_buffer(m * sizeof(float));
        c.kernel_t("label_neighbour.cl", "distance_neighbour_stat", {},
                   {{"SELECT", std::to_string(select)}, {"STAT", std::to_string(stat)}})
            .buffer(cb).i64(static_cast<std::int64_t>(m)).i32(p.dims).buffer(vb).buffer(kd).buffer(ki)
            .f32(lo).f32(hi).buffer(out)
            .run(cl::NDRange(m));
        std::vector<float> h(m);
        c.queue().enqueueReadBuffer(out, CL_TRUE, 0, m * sizeof(float), h.data());
        for (std::size_t k = 0; k < m; ++k) result[p.ids[k]] = h[k];
    }
    cl::Buffer values_b = upload(c, result.data(), slots * sizeof(float));
    const std::uint64_t n = labels.shape().pixels();
    c.kernel("label_neighbour.cl", "write_back", {{"LBL", &labels}, {"SRC", &labels}})
        .image(labels).buffer(values_b).i64(static_cast<std::int64_t>(slots)).buffer(dst.buffer())
        .i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
}

// The touching-distance maps: one row per statistic of the centroid distances to the touching
// neighbours (kernel touching_distance_map's STAT).
struct TouchingDistanceMap {
    const char* name;
    int stat;
    const char* what;
    const char* clij2_class;
};

const TouchingDistanceMap kTouchingDistanceMaps[] = {
    {"averageNeighborDistanceMap", 1,
     "the mean distance to its touching neighbours (summed in float in increasing id order; 0 "
     "without neighbours)",
     "AverageNeighborDistanceMap (averageDistanceOfTouchingNeighbors)"},
    {"minimumTouchingNeighborDistanceMap", 2, "the smallest distance to its touching neighbours (0 without neighbours)",
     "MinimumTouchingNeighborDistanceMap (minimumDistanceOfTouchingNeighbors)"},
    {"maximumTouchingNeighborDistanceMap", 3, "the largest distance to its touching neighbours (0 without neighbours)",
     "MaximumTouchingNeighborDistanceMap (maximumDistanceOfTouchingNeighbors)"},
    {"touchingNeighborDistanceRangeRatioMap", 4,
     "the largest divided by the smallest distance to its touching neighbours (float division: NaN "
     "without neighbours, as CLIJ2's 0 / 0)",
     "TouchingNeighborDistanceRangeRatioMap (maximumDistanceOfTouchingNeighbors divided by "
     "minimumDistanceOfTouchingNeighbors)"},
};

void run_touching_distance_map(OpCall& c, const TouchingDistanceMap& t) {
    Image& labels = c.input("input");
    Image& dst = c.output("destination");
    const TouchingPairs pairs = touching_pairs(c, labels, "input", false, true);
    std::size_t max_label = 0;
    const std::vector<double> centroids = label_centroids(c, labels, "input", &max_label);
    const std::size_t slots = max_label + 1;
    std::vector<float> f(centroids.begin(), centroids.end());
    // sorted adjacency lists (CSR) of the touching pairs
    std::vector<cl_ulong> start(slots + 1, 0);
    for (const auto& q : pairs.pairs) ++start[q.first + 1], ++start[q.second + 1];
    for (std::size_t l = 0; l < slots; ++l) start[l + 1] += start[l];
    std::vector<cl_uint> adjacent(std::max<std::size_t>(1, start[slots]));
    std::vector<cl_ulong> fill(start.begin(), start.end() - 1);
    for (const auto& q : pairs.pairs) adjacent[fill[q.first]++] = q.second, adjacent[fill[q.second]++] = q.first;
    for (std::size_t l = 0; l < slots; ++l) std::sort(adjacent.begin() + start[l], adjacent.begin() + start[l + 1]);
    cl::Buffer cb = upload(c, f.data(), f.size() * sizeof(float));
    cl::Buffer sb = upload(c, start.data(), start.size() * sizeof(cl_ulong));
    cl::Buffer ab = upload(c, adjacent.data(), adjacent.size() * sizeof(cl_uint));
    cl::Buffer values = c.temp_buffer(slots * sizeof(float));
    c.kernel_t("label_neighbour.cl", "touching_distance_map", {}, {{"STAT", std::to_string(t.stat)}})
        .buffer(cb).i32(labels.shape().depth > 1 ? 3 : 2).buffer(sb).buffer(ab).i64(static_cast<std::int64_t>(slots))
        .buffer(values)
        .run(cl::NDRange(slots));
    const std::uint64_t n = labels.shape().pixels();
    c.kernel("label_map.cl", "replace_by_label", {{"LBL", &labels}})
        .image(labels).buffer(values).image(dst).i64(static_cast<std::int64_t>(n))
        .i64(static_cast<std::int64_t>(slots))
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
            const TouchingPairs t = touching_pairs(c, labels, "input", false, false);
            write_by_label(c, labels, dst, std::vector<float>(t.counts.begin(), t.counts.end()));
        });
    for (const NeighbourMap& m : kNeighbourMaps) {
        const std::string name = std::string(m.prefix) + "OfTouchingNeighborsMap";
        const std::string clij2_class = capitalized(m.prefix) + "OfTouchingNeighborsMap (" + m.prefix + "OfTouchingNeighbors)";
        r.add(name, "Label")
            .doc(std::string("Replaces every label of a label image by a statistic of its touching "
                             "neighbours' values in a parametric map: ") + m.what + ". A label's value = "
                 "the parametric map's value under it (the map must be constant on each label, as "
                 "CLIJ2 requires: CLIJ2 reads whichever pixel its kernel writes last, ijcl the smallest "
                 "value under the label, the same for such a map). Neighbours: labels touching it (face "
                 "neighbours along x, y, z); radius r >= 1 (truncated) takes every label within 2^(r-1) "
                 "steps of touching, because CLIJ2 squares the neighbour relation r - 1 times "
                 "(neighborsOfNeighbors): r = 2 means neighbours of neighbours, r = 3 up to 4 steps; "
                 "radius 0 copies the map. ignore_touching_background true: the background is no "
                 "neighbour (its pixels get the statistic of its own value alone); false: the background "
                 "(id 0, valued as the map under it) is a label like the others. Inputs: parametric_map "
                 "(any pixel type) and label_map of the same shape (any pixel type holding ids; uint32 "
                 "exact; float ids truncated; ids below 2^28). Output: float32, the label map's shape. "
                 "Errors: shapes differ (names 'label_map'), a negative radius, ids of 2^28 or more, a "
                 "device without cl_khr_int64_base_atomics. Algorithm: CLIJ2's " + clij2_class +
                 " builds the dense (n+1) x (n+1) touch matrix (100,000 labels: 40 GB) and squares it "
                 "for radii above 1; ijcl needs no matrix: the touching pairs come from a GPU hash set "
                 "(memory grows with the label boundaries), the neighbourhoods from a breadth-first "
                 "walk over them on the host (time grows with the neighbourhood sizes), the statistic in "
                 "float in CLIJ2's order, written back by label lookup. Differences from CLIJ2: ids are "
                 "read as integers (CLIJ2 reads them as float: ids above 2^24 merge); the result is "
                 "float32 whatever the map's type; a negative radius is an error (pyclesperanto treats "
                 "it as 1).")
            .input("parametric_map", "parametric image, constant on each label, any pixel type")
            .input("label_map", "label image of the same shape, 0 = background")
            .output("parametric_map_destination", "float32, the label map's shape",
                    [](const OpCall& c) {
                        require_same_shape(c, "parametric_map", "label_map");
                        if (c.number("radius") < 0) c.fail("radius", "must be 0 or more (steps of touching neighbours)");
                        return OutputDesc{c.input("label_map").shape(), PixelType::Float32, ImageKind::Intensity};
                    })
            .number("radius", "1", "neighbourhood: 2^(radius-1) steps of touching labels (0: copy the map)", 0)
            .boolean("ignore_touching_background", "true", "whether the background is left out of the neighbours")
            .run([&m](OpCall& c) { run_neighbour_map(c, m); });
    }
    for (const TouchDistance& t : kTouchDistances) {
        r.add(t.name, "Label")
            .doc(std::string("For every index e of a distance matrix (w x h, as generateDistanceMatrix "
                             "makes it, background at index 0; any pixel type; plane 0 read), ") + t.what +
                 ", written to a float32 w x 1 vector. Neighbours: the touch matrix entries (x, y) > 0 "
                 "of the x < y half (CLIJ2's dense layout), with the distance read at the same position. "
                 "For e >= 1 the background (entry (0, e)) is left out; entry 0 collects the labels "
                 "touching the background (entries (0, y)), as CLIJ2's kernel does. Entries outside "
                 "either matrix are not counted (CLIJ2 clamps its reads). Size limit: both matrices are "
                 "dense (generateTouchMatrix's limit). Algorithm: CLIJ2's " + t.clij2_class +
                 ", one work item per index, float arithmetic as CLIJ2's kernel.")
            .input("distance_matrix", "distance matrix, w x h")
            .input("touch_matrix", "touch matrix (the x < y half read)")
            .output(t.dst, "float32 w x 1 vector",
                    [](const OpCall& c) {
                        return OutputDesc{{c.input("distance_matrix").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                    })
            .run([&t](OpCall& c) {
                Image& dist = c.input("distance_matrix");
                Image& matrix = c.input("touch_matrix");
                Image& dst = c.output(t.dst);
                const Shape &sd = dist.shape(), &sm = matrix.shape();
                c.kernel("label_neighbour.cl", "touching_distance", {{"DIS", &dist}, {"MAT", &matrix}},
                         {{"STAT", std::to_string(t.stat)}})
                    .image(dist).i64(static_cast<std::int64_t>(sd.width)).i64(static_cast<std::int64_t>(sd.height))
                    .image(matrix).i64(static_cast<std::int64_t>(sm.width)).i64(static_cast<std::int64_t>(sm.height))
                    .buffer(dst.buffer())
                    .run(cl::NDRange(sd.width));
            });
    }
    struct NPointsOp {
        const char* name;
        bool far;
        const char* n_name;
        const char* clij2_help;
    };
    static const NPointsOp kNPoints[] = {
        {"averageDistanceOfNClosestPoints", false, "n_closest_points_to_find", ""},
        // CLIJ2's help text spells the output 'distance+_list_destination'
        {"averageDistanceOfNFarOffPoints", true, "n_far_off_points_to_find",
         "Image distance_matrix, ByRef Image distance+_list_destination, Number n_far_off_points_to_find"},
    };
    for (const NPointsOp& op : kNPoints) {
        const std::string which = op.far ? "largest" : "smallest";
        const std::string order = op.far ? "descending" : "ascending";
        const std::string clij2_class = op.far ? "AverageDistanceOfNFarOffPoints (average_distance_of_n_far_off_points kernel)"
                                               : "AverageDistanceOfNClosestPoints (average_distance_of_n_closest_points kernel)";
        auto b = r.add(op.name, "Label");
        b.doc("For every column e of a distance matrix (w x h, as generateDistanceMatrix makes it, "
              "background at index 0; any pixel type; plane 0 read), the mean of the n " + which + " "
              "entries (e, y) for y = 1 .. h-1, y != e (the background row and the point itself left "
              "out), written to a float32 w x 1 vector; n = " + op.n_name + " truncated. The "
              "kept distances are summed in float in " + order + " order, as CLIJ2's kernel keeps them "
              "sorted; NaN entries are never kept; no entry kept (n = 0, or h <= 2) gives NaN (0 / 0, as "
              "CLIJ2). Size limit: the matrix is dense (generateDistanceMatrix's limit)" +
              (op.far ? std::string() : std::string("; averageDistanceOfNClosestNeighborsMap works without one")) +
              ". Algorithm: CLIJ2's " + clij2_class + ", one work item per column. Difference from "
              "CLIJ2: any n (CLIJ2's kernel keeps at most 1,000 distances in a fixed array; ijcl selects "
              "them in " + order + " order without one).");
        b.input("distance_matrix", "distance matrix, w x h");
        b.output("distance_list_destination", "float32 w x 1 vector", [](const OpCall& c) {
            return OutputDesc{{c.input("distance_matrix").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
        });
        b.number(op.n_name, "1", std::string("how many of the ") + (op.far ? "farthest" : "closest") +
                                     " points are averaged (truncated)", 0);
        if (op.clij2_help[0]) b.clij2(op.clij2_help);
        const std::string n_name = op.n_name;
        const bool far_off = op.far;
        b.run([n_name, far_off](OpCall& c) {
            Image& dist = c.input("distance_matrix");
            Image& dst = c.output("distance_list_destination");
            const Shape& s = dist.shape();
            const double n = std::trunc(c.number(n_name));
            c.kernel("label_neighbour.cl", "n_closest_mean_matrix", {{"DIS", &dist}}, {{"FAR", far_off ? "1" : "0"}})
                .image(dist).i64(static_cast<std::int64_t>(s.width)).i64(static_cast<std::int64_t>(s.height))
                .i64(static_cast<std::int64_t>(std::fmin(n, 9.0e18))).buffer(dst.buffer())
                .run(cl::NDRange(s.width));
        });
    }

    r.add("averageDistanceOfNClosestNeighborsMap", "Label")
        .doc("Replaces every label by the mean distance of its centroid to the centroids of its n "
             "closest other labels (pixels; n truncated; fewer when there are fewer labels; NaN when "
             "there is no other label or n = 0, as CLIJ2's 0 / 0), background 0 stays 0: a parametric "
             "image. Centroids: mean pixel positions (x, y[, z] unscaled), kept as float; distances in "
             "float as CLIJ2's generateDistanceMatrix computes them; the n smallest summed in float in "
             "ascending order. Input: a label image (any pixel type holding ids; uint32 exact; float "
             "ids truncated; ids below 2^28; ids without pixels are no neighbours). Output: float32, "
             "the input's shape. Errors: ids of 2^28 or more, a device without "
             "cl_khr_int64_base_atomics. Algorithm: CLIJ2's AverageDistanceOfNClosestNeighborsMap "
             "(centroidsOfLabels, the dense (n+1) x (n+1) generateDistanceMatrix, "
             "averageDistanceOfNClosestPoints, replaceIntensities); ijcl needs no matrix: one work item "
             "per label present computes its distances to every other centroid on the fly (memory "
             "grows with the labels, time with the square of the labels present). Difference from CLIJ2: ids are read as integers "
             "(CLIJ2 reads them as float: ids above 2^24 merge).")
        .input("input", "label image, 0 = background")
        .output("destination", "float32 map, the input's shape", shape_of("input", PixelType::Float32))
        .number("n", "1", "how many of the closest labels are averaged (truncated)", 0)
        .run([](OpCall& c) {
            Image& labels = c.input("input");
            Image& dst = c.output("destination");
            std::size_t max_label = 0;
            const std::vector<double> centroids = label_centroids(c, labels, "input", &max_label);
            const std::size_t slots = max_label + 1;
            // the labels present (ids without pixels have NaN centroids), compacted
            std::vector<float> f;
            std::vector<std::size_t> ids;
            for (std::size_t l = 1; l < slots; ++l)
                if (!std::isnan(centroids[3 * l])) {
                    ids.push_back(l);
                    for (int k = 0; k < 3; ++k) f.push_back(static_cast<float>(centroids[3 * l + k]));
                }
            std::vector<float> per_label(slots, 0.0f);
            if (!ids.empty()) {
                cl::Buffer cb = upload(c, f.data(), f.size() * sizeof(float));
                cl::Buffer means = c.temp_buffer(ids.size() * sizeof(float));
                const double n = std::trunc(c.number("n"));
                c.kernel_t("label_neighbour.cl", "n_closest_mean_centroids", {})
                    .buffer(cb).i64(static_cast<std::int64_t>(ids.size())).i32(labels.shape().depth > 1 ? 3 : 2)
                    .i64(static_cast<std::int64_t>(std::fmin(n, 9.0e18))).buffer(means)
                    .run(cl::NDRange(ids.size()));
                std::vector<float> h(ids.size());
                c.queue().enqueueReadBuffer(means, CL_TRUE, 0, h.size() * sizeof(float), h.data());
                for (std::size_t k = 0; k < ids.size(); ++k) per_label[ids[k]] = h[k];
            }
            cl::Buffer values = upload(c, per_label.data(), slots * sizeof(float));
            const std::uint64_t pixels = labels.shape().pixels();
            c.kernel("label_map.cl", "replace_by_label", {{"LBL", &labels}})
                .image(labels).buffer(values).image(dst).i64(static_cast<std::int64_t>(pixels))
                .i64(static_cast<std::int64_t>(slots))
                .run(cl::NDRange(pixels));
        });
    struct MatrixOp {
        const char* name;
        const char* kernel;
        const char* dst;
        const char* what;
        const char* clij2_class;
    };
    static const MatrixOp kMatrixOps[] = {
        {"touchMatrixToAdjacencyMatrix", "touch_to_adjacency", "adjacency_matrix",
         "the symmetric adjacency matrix: entry (x, y) = 1 where x == y or the touch matrix's entry "
         "(x, y) or (y, x) is not 0 (NaN counts as not 0), else 0",
         "TouchMatrixToAdjacencyMatrix (the matrix or'ed with its transpose, the diagonal set to 1)"},
        {"neighborsOfNeighbors", "neighbors_of_neighbors", "neighbor_matrix_destination",
         "the neighbours of neighbours: entry (x, y) = 1 where some k is adjacent to both x and y "
         "(adjacent: the same index, or either of the two entries not 0), else 0 (symmetric, the "
         "diagonal 1)",
         "NeighborsOfNeighbors (touchMatrixToAdjacencyMatrix, the matrix squared by multiplyMatrix, "
         "then > 0; ijcl stops at the first k found, the same 0/1 result)"},
    };
    for (const MatrixOp& m : kMatrixOps) {
        r.add(m.name, "Label")
            .doc(std::string("From a touch matrix (w x h, CLIJ2's dense layout, as generateTouchMatrix "
                             "makes it, square; any pixel type; plane 0 read), ") + m.what + ", as a float32 w x h "
                 "matrix. A matrix that is not square is read as the square of its larger side with 0 "
                 "outside it and its w x h part written (CLIJ2 would combine it with a transpose of "
                 "another shape). Size limit: dense "
                 "matrices (generateTouchMatrix's limit). Algorithm: CLIJ2's " + m.clij2_class +
                 ", one work item per entry.")
            .input("touch_matrix", "touch matrix, w x h (square as generateTouchMatrix makes it)")
            .output(m.dst, "float32 w x h 0/1 matrix",
                    [](const OpCall& c) {
                        const Shape& s = c.input("touch_matrix").shape();
                        return OutputDesc{{s.width, s.height, 1}, PixelType::Float32, ImageKind::Intensity};
                    })
            .run([&m](OpCall& c) {
                Image& matrix = c.input("touch_matrix");
                Image& dst = c.output(m.dst);
                const std::uint64_t w = matrix.shape().width, h = matrix.shape().height;
                c.kernel("label_neighbour.cl", m.kernel, {{"MAT", &matrix}})
                    .image(matrix).i64(static_cast<std::int64_t>(w)).i64(static_cast<std::int64_t>(h))
                    .buffer(dst.buffer())
                    .run(cl::NDRange(w, h));
            });
    }

    // The n-nearest and proximal neighbour maps: the statistics of kNeighbourMaps with the
    // neighbours chosen by centroid distance instead of by touching.
    struct DistanceSelection {
        int select;
        const char* suffix;
        const char* neighbours;
        const char* clij2_matrix;
    };
    static const DistanceSelection kSelections[] = {
        {1, "OfNNearestNeighborsMap",
         "the n labels whose centroids are closest to its own (n truncated; n < 1 is taken as 1, as "
         "CLIJ2; ties by the smaller id; all others when there are fewer than n), and, because CLIJ2 "
         "marks these pairs in a touch matrix and reads it symmetrically, also every label that has "
         "it among its own n nearest",
         "generateNNearestNeighborsMatrix"},
        {2, "OfProximalNeighborsMap",
         "the other labels whose centroids lie at a distance d with min_distance <= d <= max_distance "
         "(pixels; compared in float, as CLIJ2 passes them)",
         "generateProximalNeighborsMatrix"},
    };
    for (const DistanceSelection& sel : kSelections)
        for (const NeighbourMap& m : kNeighbourMaps) {
            const std::string name = std::string(m.prefix) + sel.suffix;
            auto b = r.add(name, "Label");
            b.doc(std::string("Replaces every label of a label image by a statistic of its neighbours' "
                              "values in a parametric map: ") + m.what + ". Neighbours: " + sel.neighbours +
                  ". Centroids: mean pixel positions (x, y[, z] unscaled), kept as float; distances in float "
                  "as CLIJ2's generateDistanceMatrix computes them. A label's value = the parametric "
                  "map's value under it (the map must be constant on each label, as CLIJ2 requires; ijcl "
                  "reads the smallest value under the label). The background is no neighbour; its pixels "
                  "get the statistic of its own value alone (the mean: 0). Inputs: parametric_map (any "
                  "pixel type) and label_map of the same shape (any pixel type holding ids; uint32 exact; "
                  "float ids truncated; ids below 2^28). Output: float32, the label map's shape. Errors: "
                  "shapes differ (names 'label_map'), ids of 2^28 or more, a device without "
                  "cl_khr_int64_base_atomics. Algorithm: CLIJ2's " + capitalized(m.prefix) + sel.suffix +
                  " (centroidsOfLabels, the dense (L+1) x (L+1) generateDistanceMatrix for L labels, " + sel.clij2_matrix +
                  ", " + m.prefix + "OfTouchingNeighbors, replaceIntensities; 100,000 labels: 80 GB of "
                  "matrices); ijcl needs no matrix: one work item per label present runs over every other "
                  "centroid (memory grows with the labels, time with their square" +
                  (sel.select == 1 ? std::string(" times n") : std::string()) +
                  "), the statistic in float in CLIJ2's order. Differences from CLIJ2: ids are read as "
                  "integers (CLIJ2 reads them as float: ids above 2^24 merge); ids without pixels are no "
                  "neighbours (CLIJ2 gives them NaN centroids); the result is float32 whatever the map's "
                  "type (CLIJ2 makes it of the map's type); any n (CLIJ2's kernel keeps at most 1,000).");
            b.input("parametric_map", "parametric image, constant on each label, any pixel type");
            b.input("label_map", "label image of the same shape, 0 = background");
            b.output("parametric_map_destination", "float32, the label map's shape", [](const OpCall& c) {
                require_same_shape(c, "parametric_map", "label_map");
                return OutputDesc{c.input("label_map").shape(), PixelType::Float32, ImageKind::Intensity};
            });
            if (sel.select == 1) {
                b.number("n", "1", "how many nearest labels each label chooses (truncated; below 1: 1)");
            } else {
                b.number("min_distance", "0", "smallest centroid distance of a neighbour, pixels (inclusive)");
                b.number("max_distance", "3.4028234663852886E38", "largest centroid distance of a neighbour, pixels (inclusive)");
            }
            const int select = sel.select, stat = m.stat;
            b.run([select, stat](OpCall& c) {
                run_distance_map(c, select, stat, "parametric_map", "label_map", "parametric_map_destination");
            });
        }
    r.add("proximalNeighborCountMap", "Label")
        .doc("Replaces every label by the number of other labels whose centroids lie at a distance d "
             "with min_distance <= d <= max_distance (pixels; compared in float, as CLIJ2 passes them), "
             "background 0 stays 0: a parametric image. Centroids: mean pixel positions (x, y[, z] "
             "unscaled), kept as float; distances in float as CLIJ2's generateDistanceMatrix computes "
             "them. Input: a label image (any pixel type holding ids; uint32 exact; float ids truncated; "
             "ids below 2^28). Output: float32, the input's shape. Errors: ids of 2^28 or more, a device "
             "without cl_khr_int64_base_atomics. Algorithm: CLIJ2's ProximalNeighborCountMap "
             "(centroidsOfLabels, the dense generateDistanceMatrix, generateProximalNeighborsMatrix, "
             "countTouchingNeighbors, replaceIntensities); ijcl needs no matrix: one work item per label "
             "present counts over every other centroid (memory grows with the labels, time with their "
             "square). Exact (integer counts). Differences from CLIJ2: ids are read as integers (CLIJ2 "
             "reads them as float: ids above 2^24 merge); ids without pixels are never counted (CLIJ2 "
             "gives them NaN centroids, which no range holds).")
        .input("input", "label image, 0 = background")
        .output("destination", "float32 map, the input's shape", shape_of("input", PixelType::Float32))
        .number("min_distance", "0", "smallest centroid distance counted, pixels (inclusive)")
        .number("max_distance", "3.4028234663852886E38", "largest centroid distance counted, pixels (inclusive)")
        .run([](OpCall& c) { run_distance_map(c, 2, 7, "", "input", "destination"); });

    for (const TouchingDistanceMap& t : kTouchingDistanceMaps) {
        r.add(t.name, "Label")
            .doc(std::string("Replaces every label by ") + t.what + ", background 0 stays 0: a parametric "
                 "image. Distances: between label centroids (mean pixel positions x, y[, z] unscaled, kept "
                 "as float), in float as CLIJ2's generateDistanceMatrix computes them, in pixels. Touching: "
                 "face neighbours (along x, y or z, not diagonally); the background is no neighbour. Input: "
                 "a label image (any pixel type holding ids; uint32 exact; float ids truncated; ids below "
                 "2^28). Output: float32, the input's shape. Errors: ids of 2^28 or more, a device without "
                 "cl_khr_int64_base_atomics. Algorithm: CLIJ2's " + t.clij2_class + " on the dense "
                 "(n+1) x (n+1) touch and distance matrices (100,000 labels: 80 GB); ijcl needs no "
                 "matrix: the touching pairs come from a GPU hash set (memory grows with the label "
                 "boundaries), one work item per label runs over its sorted neighbours. Difference from "
                 "CLIJ2: ids are read as integers (CLIJ2 reads them as float: ids above 2^24 merge).")
            .input("input", "label image, 0 = background")
            .output("destination", "float32 map, the input's shape", shape_of("input", PixelType::Float32))
            .run([&t](OpCall& c) { run_touching_distance_map(c, t); });
    }
}

}  // namespace ijcl
