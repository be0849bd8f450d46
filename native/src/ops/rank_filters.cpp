// Neighbourhoods and launches of the rank filters (see rank_filters.hpp).
#include "rank_filters.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "filter_support.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

void check_size(OpCall& c, std::int64_t points) {
    if (points > kMaxNeighbourhoodPoints)
        c.fail("radius_x", "the neighbourhood would span " + std::to_string(points) +
                               " pixels; at most " + std::to_string(kMaxNeighbourhoodPoints) +
                               " are supported");
}

std::int64_t span(std::int64_t radius) { return 2 * radius + 1; }

Neighbourhood make_neighbourhood(const Shape& shape, std::vector<int> offsets, bool skip_outside, int mean_mode) {
    Neighbourhood n;
    n.count = static_cast<int>(offsets.size() / 3);
    for (std::size_t k = 0; k < offsets.size(); k += 3)
        for (int a = 0; a < 3; ++a) n.extent[a] = std::max(n.extent[a], std::abs(offsets[k + a]));
    n.offsets = std::move(offsets);
    n.shape = shape;
    n.skip_outside = skip_outside;
    n.mean_mode = mean_mode;
    return n;
}

std::int64_t linear_offset(const Shape& s, int dx, int dy, int dz) {
    const auto w = static_cast<std::int64_t>(s.width), h = static_cast<std::int64_t>(s.height);
    return dx + w * (dy + h * static_cast<std::int64_t>(dz));
}

// The general kernel's tables: (dx, dy, dz) and linear offsets.
void make_general_tables(OpCall& c, const Neighbourhood& n) {
    if (n.offsets_table()) return;
    std::vector<std::int64_t> linear(static_cast<std::size_t>(n.count));
    for (int k = 0; k < n.count; ++k)
        linear[k] = linear_offset(n.shape, n.offsets[3 * k], n.offsets[3 * k + 1], n.offsets[3 * k + 2]);
    n.offsets_table = constant_buffer(c, n.offsets);
    n.linear_table = constant_buffer(c, linear);
}

// rank_runs' table: maximal runs of consecutive dx with equal (dy, dz), as (first dx, last dx, dy,
// dz), in the order of the offsets.
void make_runs_table(OpCall& c, const Neighbourhood& n) {
    if (n.runs_table()) return;
    std::vector<cl_int4> runs;
    for (int k = 0; k < n.count; ++k) {
        const int dx = n.offsets[3 * k], dy = n.offsets[3 * k + 1], dz = n.offsets[3 * k + 2];
        if (!runs.empty() && runs.back().s[2] == dy && runs.back().s[3] == dz && runs.back().s[1] + 1 == dx) {
            runs.back().s[1] = dx;
            continue;
        }
        runs.push_back(cl_int4{{dx, dx, dy, dz}});
    }
    n.run_count = static_cast<int>(runs.size());
    n.runs_table = constant_buffer(c, runs);
}

// rank_median's size classes: the largest neighbourhood of each (odd; its kernel keeps
// (size + 3) / 2 values in registers). Larger neighbourhoods use the bisection kernel.
constexpr int kMedianClasses[] = {9, 25, 33, 49, 81, 125};

// The class of a neighbourhood of `count` points (0 if none) and the smallest count it serves.
int median_class(int count, int* smallest) {
    int previous = -1;
    for (int size : kMedianClasses) {
        if (count <= size) {
            *smallest = previous + 2;
            return size;
        }
        previous = size;
    }
    return 0;
}

// rank_median's table: (dx, dy, dz, linear offset) per point, padded to the class size with
// zeros. False when a linear offset does not fit an int (then the bisection kernel is used).
bool make_points_table(OpCall& c, const Neighbourhood& n, int size) {
    if (n.points_table()) return true;
    std::vector<cl_int4> points(static_cast<std::size_t>(size), cl_int4{{0, 0, 0, 0}});
    for (int k = 0; k < n.count; ++k) {
        const int dx = n.offsets[3 * k], dy = n.offsets[3 * k + 1], dz = n.offsets[3 * k + 2];
        const std::int64_t lin = linear_offset(n.shape, dx, dy, dz);
        if (lin > INT32_MAX || lin < INT32_MIN) return false;
        points[k] = cl_int4{{dx, dy, dz, static_cast<int>(lin)}};
    }
    n.points_table = constant_buffer(c, points);
    return true;
}

bool small_integer_pixels(const Image& im) {
    return im.type() == PixelType::UInt8 || im.type() == PixelType::UInt16;
}

// dst = minuend - filtered, for the paths that cannot subtract in their last pass.
void subtract_from(OpCall& c, const Image& minuend, const Image& filtered, Image& dst) {
    c.kernel("rank_filters.cl", "subtract_opening", {{"SRC", &minuend}, {"DST", &dst}})
        .image(minuend).image(filtered).image(dst).i64(pixel_count(dst))
        .run(cl::NDRange(pixel_count(dst)));
}

// Work items of a kernel that computes `block` outputs per item along `axis`.
Shape blocks_along(Shape s, int axis, std::uint64_t block) {
    std::uint64_t& n = axis == 0 ? s.width : (axis == 1 ? s.height : s.depth);
    n = (n + block - 1) / block;
    return s;
}

constexpr int kRunsBlock = 8;  // rank_runs' RUNS_J
constexpr int kBoxBlock = 8;   // box_lines' BOX_N

}  // namespace

std::int64_t imagej_circle_r2(double radius) {
    // RankFilters widens these ranges so that the kernels keep the sizes of older ImageJ versions.
    if (radius >= 1.5 && radius < 1.75) radius = 1.75;
    else if (radius >= 2.5 && radius < 2.85) radius = 2.85;
    return static_cast<std::int64_t>(radius * radius) + 1;
}

namespace {

// Half width of the circle's bounding box for a squared radius (as RankFilters computes it).
std::int64_t circle_extent(std::int64_t r2) {
    return static_cast<std::int64_t>(std::sqrt(static_cast<double>(r2) + 1e-10));
}

// Whether (dx, dy) lies in the ellipse dx^2 / r2x + dy^2 / r2y <= 1 (exact for any radius).
bool in_ellipse(std::int64_t dx, std::int64_t dy, std::int64_t r2x, std::int64_t r2y) {
    using wide = __int128;
    return wide(dx) * dx * r2y + wide(dy) * dy * r2x <= wide(r2x) * r2y;
}

// The largest dx <= ext_x with (dx, dy) in the ellipse, or -1 when row dy is empty.
std::int64_t circle_row_extent(std::int64_t dy, std::int64_t r2x, std::int64_t r2y, std::int64_t ext_x) {
    if (!in_ellipse(0, dy, r2x, r2y)) return -1;
    const double guess = std::sqrt(static_cast<double>(r2x) * (1.0 - static_cast<double>(dy) * dy / r2y));
    std::int64_t x = std::min<std::int64_t>(ext_x, static_cast<std::int64_t>(guess));
    while (x < ext_x && in_ellipse(x + 1, dy, r2x, r2y)) ++x;
    while (x > 0 && !in_ellipse(x, dy, r2x, r2y)) --x;
    return x;
}

}  // namespace

std::vector<int> circle_offsets(double radius_x, double radius_y) {
    const std::int64_t r2x = imagej_circle_r2(radius_x), r2y = imagej_circle_r2(radius_y);
    const std::int64_t ext_x = circle_extent(r2x), ext_y = circle_extent(r2y);
    std::vector<int> out;
    for (std::int64_t dy = -ext_y; dy <= ext_y; ++dy)
        for (std::int64_t dx = -ext_x; dx <= ext_x; ++dx)
            if (in_ellipse(dx, dy, r2x, r2y)) {
                out.push_back(static_cast<int>(dx));
                out.push_back(static_cast<int>(dy));
                out.push_back(0);
            }
    return out;
}

namespace {

// Filters3D's ellipsoid, offsets limited to |d| <= limit per axis.
std::vector<int> ellipsoid_offsets_within(double radius_x, double radius_y, double radius_z,
                                          const std::int64_t limit[3]) {
    // Filters3D takes float radii and compares in double with 1 / (r*r), the square in float.
    const float r[3] = {static_cast<float>(radius_x), static_cast<float>(radius_y),
                        static_cast<float>(radius_z)};
    std::int64_t ext[3];
    double inv[3];
    for (int a = 0; a < 3; ++a) {
        ext[a] = std::min(limit[a], static_cast<std::int64_t>(std::ceil(static_cast<double>(r[a]))));
        const double sq = static_cast<double>(r[a] * r[a]);
        inv[a] = sq != 0.0 ? 1.0 / sq : 0.0;
    }
    std::vector<int> out;
    for (std::int64_t dz = -ext[2]; dz <= ext[2]; ++dz)
        for (std::int64_t dy = -ext[1]; dy <= ext[1]; ++dy)
            for (std::int64_t dx = -ext[0]; dx <= ext[0]; ++dx) {
                const double q = static_cast<double>(dx * dx) * inv[0] +
                                 static_cast<double>(dy * dy) * inv[1] +
                                 static_cast<double>(dz * dz) * inv[2];
                if (q <= 1.0) {
                    out.push_back(static_cast<int>(dx));
                    out.push_back(static_cast<int>(dy));
                    out.push_back(static_cast<int>(dz));
                }
            }
    return out;
}

}  // namespace

std::vector<int> ellipsoid_offsets(double radius_x, double radius_y, double radius_z) {
    const std::int64_t none[3] = {INT64_MAX, INT64_MAX, INT64_MAX};
    return ellipsoid_offsets_within(radius_x, radius_y, radius_z, none);
}

std::vector<int> box_offsets(int radius_x, int radius_y, int radius_z) {
    std::vector<int> out;
    for (int dz = -radius_z; dz <= radius_z; ++dz)
        for (int dy = -radius_y; dy <= radius_y; ++dy)
            for (int dx = -radius_x; dx <= radius_x; ++dx) {
                out.push_back(dx);
                out.push_back(dy);
                out.push_back(dz);
            }
    return out;
}

Neighbourhood circle_neighbourhood(OpCall& c, const Shape& shape, double radius_x, double radius_y) {
    const std::int64_t r2x = imagej_circle_r2(radius_x), r2y = imagej_circle_r2(radius_y);
    const std::int64_t ext_x = circle_extent(r2x), ext_y = circle_extent(r2y);
    const std::int64_t cx = std::min(ext_x, static_cast<std::int64_t>(shape.width) - 1);
    const std::int64_t cy = std::min(ext_y, static_cast<std::int64_t>(shape.height) - 1);
    if (cx == ext_x && cy == ext_y) {
        // Within the image. The bounding box is at most (2 sqrt(r*r+1) + 1)^2; check before
        // building the list.
        check_size(c, span(static_cast<std::int64_t>(radius_x) + 2) * span(static_cast<std::int64_t>(radius_y) + 2));
        return make_neighbourhood(shape, circle_offsets(radius_x, radius_y), false, 0);
    }
    // Folded onto the image: row dy goes to clamp(dy, -cy, cy); its pixels beyond +-cx to +-cx.
    // Per folded row, a difference array counts the rows covering each dx.
    check_size(c, span(cx) * span(cy));
    const std::int64_t row_len = span(cx);
    std::vector<std::int64_t> weight(static_cast<std::size_t>(row_len * span(cy) + 1), 0);
    for (std::int64_t dy = -ext_y; dy <= ext_y; ++dy) {
        const std::int64_t x = circle_row_extent(dy, r2x, r2y, ext_x);
        if (x < 0) continue;
        std::int64_t* row = &weight[static_cast<std::size_t>((std::clamp(dy, -cy, cy) + cy) * row_len)];
        const std::int64_t xc = std::min(x, cx);
        row[cx - xc] += 1;
        row[cx + xc + 1] -= 1;  // at most one past the row: the next row's first entry or the spare
        if (x > cx) {           // the points beyond the edges, on the edge offsets
            row[0] += x - cx;
            row[1] -= x - cx;
            row[2 * cx] += x - cx;
            row[2 * cx + 1] -= x - cx;
        }
    }
    // One running sum over all rows: every interval of a row closes inside it or at the next
    // row's first entry.
    std::vector<int> offsets;
    std::vector<std::int64_t> weights;
    std::int64_t running = 0;
    for (std::int64_t r = 0; r < span(cy); ++r)
        for (std::int64_t k = 0; k < row_len; ++k) {
            running += weight[static_cast<std::size_t>(r * row_len + k)];
            if (running == 0) continue;
            offsets.push_back(static_cast<int>(k - cx));
            offsets.push_back(static_cast<int>(r - cy));
            offsets.push_back(0);
            weights.push_back(running);
        }
    Neighbourhood n = make_neighbourhood(shape, std::move(offsets), false, 0);
    n.weights = std::move(weights);
    return n;
}

Neighbourhood ellipsoid_neighbourhood(OpCall& c, const Shape& shape, double radius_x, double radius_y,
                                      double radius_z) {
    // Voxels outside the volume are left out, so offsets beyond its extent never count.
    const std::int64_t limit[3] = {static_cast<std::int64_t>(shape.width) - 1,
                                   static_cast<std::int64_t>(shape.height) - 1,
                                   static_cast<std::int64_t>(shape.depth) - 1};
    const double radius[3] = {radius_x, radius_y, radius_z};
    std::int64_t points = 1;
    for (int a = 0; a < 3; ++a)
        points *= span(std::min(limit[a], static_cast<std::int64_t>(std::ceil(radius[a]))));
    check_size(c, points);
    return make_neighbourhood(shape, ellipsoid_offsets_within(radius_x, radius_y, radius_z, limit), true, 1);
}

Neighbourhood box_neighbourhood(OpCall& c, const Shape& shape, int radius_x, int radius_y, int radius_z) {
    const std::int64_t radius[3] = {radius_x, radius_y, radius_z};
    const std::int64_t dims[3] = {static_cast<std::int64_t>(shape.width), static_cast<std::int64_t>(shape.height),
                                  static_cast<std::int64_t>(shape.depth)};
    std::int64_t clip[3];
    bool folded = false;
    for (int a = 0; a < 3; ++a) {
        clip[a] = std::min(radius[a], dims[a] - 1);
        folded = folded || clip[a] < radius[a];
    }
    check_size(c, span(clip[0]) * span(clip[1]) * span(clip[2]));
    if (!folded) return make_neighbourhood(shape, box_offsets(radius_x, radius_y, radius_z), false, 0);
    // Folded onto the image: the edge offsets +-clip carry the points beyond them.
    auto axis_weight = [&](int a, std::int64_t o) {
        return std::abs(o) == clip[a] ? radius[a] - clip[a] + 1 : std::int64_t(1);
    };
    Neighbourhood n = make_neighbourhood(shape, box_offsets(static_cast<int>(clip[0]), static_cast<int>(clip[1]),
                                                            static_cast<int>(clip[2])), false, 0);
    n.weights.resize(static_cast<std::size_t>(n.count));
    for (int k = 0; k < n.count; ++k)
        n.weights[k] = axis_weight(0, n.offsets[3 * k]) * axis_weight(1, n.offsets[3 * k + 1]) *
                       axis_weight(2, n.offsets[3 * k + 2]);
    return n;
}

namespace {

// The general kernel (any neighbourhood, any type).
void general_filter(OpCall& c, const Neighbourhood& n, const Image& src, Image& dst, RankOp op) {
    make_general_tables(c, n);
    c.kernel("rank_filters.cl", "neighbourhood_filter", {{"SRC", &src}, {"DST", &dst}})
        .image(src).image(dst).shape(dst).buffer(n.offsets_table).buffer(n.linear_table).i32(n.count)
        .i32(n.extent[0]).i32(n.extent[1]).i32(n.extent[2])
        .i32(static_cast<std::int32_t>(op)).i32(n.skip_outside ? 1 : 0).i32(n.mean_mode)
        .run(range_of(dst), pixel_group(c, dst.shape()));
}

// Median in registers (rank_median), where a size class fits; false otherwise.
bool median_in_registers(OpCall& c, const Neighbourhood& n, const Image& src, Image& dst) {
    int smallest = 0;
    const int size = median_class(n.count, &smallest);
    if (size == 0 || n.count % 2 == 0 || !make_points_table(c, n, size)) return false;
    const Defines defines = {{"MEDIAN_K", std::to_string((size + 3) / 2)},
                             {"MEDIAN_MIN_N", std::to_string(smallest)}};
    c.kernel("rank_filters.cl", "rank_median", {{"SRC", &src}, {"DST", &dst}}, defines)
        .image(src).image(dst).shape(dst).buffer(n.points_table).i32(n.count)
        .i32(n.extent[0]).i32(n.extent[1]).i32(n.extent[2]).i32(n.skip_outside ? 1 : 0)
        .run(range_of(dst), pixel_group(c, dst.shape()));
    return true;
}

// Mean or median of a folded neighbourhood (weights, nearest-edge padding).
void weighted_filter(OpCall& c, const Neighbourhood& n, const Image& src, Image& dst, RankOp op) {
    if (!n.weights_table()) {
        n.offsets_table = constant_buffer(c, n.offsets);
        n.weights_table = constant_buffer(c, n.weights);
    }
    c.kernel("rank_filters.cl", "weighted_filter", {{"SRC", &src}, {"DST", &dst}})
        .image(src).image(dst).shape(dst).buffer(n.offsets_table).buffer(n.weights_table).i32(n.count)
        .i32(static_cast<std::int32_t>(op)).i32(n.mean_mode)
        .run(range_of(dst), pixel_group(c, dst.shape()));
}

}  // namespace

void neighbourhood_filter(OpCall& c, const Neighbourhood& n, const Image& src, Image& dst, RankOp op,
                          const Image* minuend) {
    if (!n.weights.empty() && (op == RankOp::Mean || op == RankOp::Median)) {
        // Minimum and maximum ignore the weights and take the paths below; only they subtract.
        if (minuend) c.fail("", "internal: a weighted neighbourhood with a subtraction");
        weighted_filter(c, n, src, dst, op);
        return;
    }
    if (op == RankOp::Median) {
        if (!median_in_registers(c, n, src, dst)) general_filter(c, n, src, dst, op);
        return;
    }
    // rank_runs: minimum and maximum of any type (keys), means of 8/16-bit images (exact sums in
    // 32 bits; divided in double as the general kernel does). Its row offsets j * width are ints.
    const double largest = src.type() == PixelType::UInt8 ? 255.0 : 65535.0;
    const bool exact_sum = small_integer_pixels(src) && c.device_info().has_fp64 &&
                           largest * n.count < 4294967296.0;
    const bool runs = (op != RankOp::Mean || exact_sum) &&
                      src.shape().width * (kRunsBlock - 1) <= static_cast<std::uint64_t>(INT32_MAX);
    if (!runs) {
        if (!minuend) {
            general_filter(c, n, src, dst, op);
            return;
        }
        ImagePtr filtered = c.temp(src.shape(), src.type());
        general_filter(c, n, src, *filtered, op);
        subtract_from(c, *minuend, *filtered, dst);
        return;
    }
    make_runs_table(c, n);
    const Shape items = blocks_along(dst.shape(), 1, kRunsBlock);
    c.kernel("rank_filters.cl", "rank_runs", {{"SRC", &src}, {"DST", &dst}})
        .image(src).image(dst).shape(dst).buffer(n.runs_table).i32(n.run_count).i32(n.count)
        .i32(n.extent[0]).i32(n.extent[1]).i32(n.extent[2]).i32(static_cast<std::int32_t>(op))
        .i32(n.skip_outside ? 1 : 0).i32(n.mean_mode).image(minuend ? *minuend : src).i32(minuend ? 1 : 0)
        .run(cl::NDRange(items.width, items.height, items.depth), pixel_group(c, items));
}

void subtract_images(OpCall& c, const Image& minuend, const Image& subtrahend, Image& dst) {
    subtract_from(c, minuend, subtrahend, dst);
}

void box_filter(OpCall& c, const Image& src, Image& dst, int radius_x, int radius_y, int radius_z, RankOp op,
                const Image* minuend) {
    if (op == RankOp::Median) {
        neighbourhood_filter(c, box_neighbourhood(c, src.shape(), radius_x, radius_y, radius_z), src, dst, op);
        return;
    }
    // Separable: one pass per axis with a non-zero radius. Minima and maxima stay in the pixel
    // type; a radius beyond the image is clipped to it (the window then covers the whole line
    // for every pixel, as it would with the larger radius).
    const Shape& s = src.shape();
    const std::uint64_t dims[3] = {s.width, s.height, s.depth};
    int radius[3] = {radius_x, radius_y, radius_z};
    if (op != RankOp::Mean)
        for (int a = 0; a < 3; ++a)
            radius[a] = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(radius[a]), dims[a] - 1));
    std::vector<int> axes;
    float count = 1.0f;
    double points = 1.0;
    for (int a = 0; a < 3; ++a)
        if (radius[a] > 0) {
            axes.push_back(a);
            count *= static_cast<float>(span(radius[a]));
            points *= static_cast<double>(span(radius[a]));
        }
    if (axes.empty()) {
        if (minuend) subtract_from(c, *minuend, src, dst);
        else c.copy_buffer(src.buffer(), dst.buffer(), src.bytes());
        return;
    }
    // box_lines (several outputs per work item) for 8/16-bit images, for means only where every
    // sum is an integer below 2^24 (then float sums are exact in any order: passes keep sums and
    // the last divides once); box_line otherwise, whose means are means of each pass (see
    // kernels/rank_filters.cl).
    const double largest = src.type() == PixelType::UInt8 ? 255.0 : 65535.0;
    const bool lines = small_integer_pixels(src) && (op != RankOp::Mean || largest * points < 16777216.0);
    const PixelType between = op == RankOp::Mean ? PixelType::Float32 : src.type();
    ImagePtr temps[2];
    ImagePtr filtered;  // box_line's result before the top-hat subtraction
    const Image* current = &src;
    for (std::size_t k = 0; k < axes.size(); ++k) {
        const bool last = k + 1 == axes.size();
        Image* target = &dst;
        if (!last) {
            ImagePtr& t = temps[k % 2];
            if (!t) t = c.temp(src.shape(), between);
            target = t.get();
        } else if (minuend && !lines) {
            filtered = c.temp(src.shape(), src.type());
            target = filtered.get();
        }
        if (lines) {
            const bool sub = last && minuend;
            const Shape items = blocks_along(target->shape(), axes[k], kBoxBlock);
            c.kernel("rank_filters.cl", "box_lines", {{"SRC", current}, {"DST", target}})
                .image(*current).image(*target).shape(*target).i32(axes[k]).i32(radius[axes[k]])
                .i32(static_cast<std::int32_t>(op)).f32(last ? count : 1.0f)
                .image(sub ? *minuend : *target).i32(sub ? 1 : 0)
                .run(cl::NDRange(items.width, items.height, items.depth), pixel_group(c, items));
        } else {
            c.kernel("rank_filters.cl", "box_line", {{"SRC", current}, {"DST", target}})
                .image(*current).image(*target).shape(*target).i32(axes[k]).i32(radius[axes[k]])
                .i32(static_cast<std::int32_t>(op))
                .run(range_of(*target), pixel_group(c, target->shape()));
        }
        current = target;
    }
    if (filtered) subtract_from(c, *minuend, *filtered, dst);
}

}  // namespace ijcl
