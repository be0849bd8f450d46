// Neighbourhoods and launches of the rank filters (see rank_filters.hpp).
#include "rank_filters.hpp"

#include <algorithm>
#include <cmath>
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

Neighbourhood make_neighbourhood(OpCall& c, const Shape& shape, const std::vector<int>& offsets,
                                 bool skip_outside, int mean_mode) {
    const auto w = static_cast<std::int64_t>(shape.width);
    const auto h = static_cast<std::int64_t>(shape.height);
    Neighbourhood n;
    std::vector<std::int64_t> linear(offsets.size() / 3);
    for (std::size_t k = 0; k < linear.size(); ++k) {
        const int dx = offsets[3 * k], dy = offsets[3 * k + 1], dz = offsets[3 * k + 2];
        linear[k] = dx + w * (dy + h * static_cast<std::int64_t>(dz));
        n.extent[0] = std::max(n.extent[0], std::abs(dx));
        n.extent[1] = std::max(n.extent[1], std::abs(dy));
        n.extent[2] = std::max(n.extent[2], std::abs(dz));
    }
    n.offsets = constant_buffer(c, offsets);
    n.linear = constant_buffer(c, linear);
    n.count = static_cast<int>(linear.size());
    n.skip_outside = skip_outside;
    n.mean_mode = mean_mode;
    return n;
}

}  // namespace

int imagej_circle_r2(double radius) {
    // RankFilters widens these ranges so that the kernels keep the sizes of older ImageJ versions.
    if (radius >= 1.5 && radius < 1.75) radius = 1.75;
    else if (radius >= 2.5 && radius < 2.85) radius = 2.85;
    return static_cast<int>(radius * radius) + 1;
}

std::vector<int> circle_offsets(double radius_x, double radius_y) {
    const std::int64_t r2x = imagej_circle_r2(radius_x), r2y = imagej_circle_r2(radius_y);
    const auto ext_x = static_cast<std::int64_t>(std::sqrt(static_cast<double>(r2x) + 1e-10));
    const auto ext_y = static_cast<std::int64_t>(std::sqrt(static_cast<double>(r2y) + 1e-10));
    std::vector<int> out;
    for (std::int64_t dy = -ext_y; dy <= ext_y; ++dy)
        for (std::int64_t dx = -ext_x; dx <= ext_x; ++dx)
            if (dx * dx * r2y + dy * dy * r2x <= r2x * r2y) {
                out.push_back(static_cast<int>(dx));
                out.push_back(static_cast<int>(dy));
                out.push_back(0);
            }
    return out;
}

std::vector<int> ellipsoid_offsets(double radius_x, double radius_y, double radius_z) {
    // Filters3D takes float radii and compares in double with 1 / (r*r), the square in float.
    const float r[3] = {static_cast<float>(radius_x), static_cast<float>(radius_y),
                        static_cast<float>(radius_z)};
    std::int64_t ext[3];
    double inv[3];
    for (int a = 0; a < 3; ++a) {
        ext[a] = static_cast<std::int64_t>(std::ceil(static_cast<double>(r[a])));
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
    // The bounding box is at most (2 sqrt(r*r+1) + 1)^2; check before building the list.
    check_size(c, span(static_cast<std::int64_t>(radius_x) + 2) * span(static_cast<std::int64_t>(radius_y) + 2));
    return make_neighbourhood(c, shape, circle_offsets(radius_x, radius_y), false, 0);
}

Neighbourhood ellipsoid_neighbourhood(OpCall& c, const Shape& shape, double radius_x, double radius_y,
                                      double radius_z) {
    check_size(c, span(static_cast<std::int64_t>(std::ceil(radius_x))) *
                      span(static_cast<std::int64_t>(std::ceil(radius_y))) *
                      span(static_cast<std::int64_t>(std::ceil(radius_z))));
    return make_neighbourhood(c, shape, ellipsoid_offsets(radius_x, radius_y, radius_z), true, 1);
}

Neighbourhood box_neighbourhood(OpCall& c, const Shape& shape, int radius_x, int radius_y, int radius_z) {
    check_size(c, span(radius_x) * span(radius_y) * span(radius_z));
    return make_neighbourhood(c, shape, box_offsets(radius_x, radius_y, radius_z), false, 0);
}

void neighbourhood_filter(OpCall& c, const Neighbourhood& n, const Image& src, Image& dst, RankOp op) {
    c.kernel("rank_filters.cl", "neighbourhood_filter", {{"SRC", &src}, {"DST", &dst}})
        .image(src).image(dst).shape(dst).buffer(n.offsets).buffer(n.linear).i32(n.count)
        .i32(n.extent[0]).i32(n.extent[1]).i32(n.extent[2])
        .i32(static_cast<std::int32_t>(op)).i32(n.skip_outside ? 1 : 0).i32(n.mean_mode)
        .run(range_of(dst), pixel_group(c, dst.shape()));
}

void box_filter(OpCall& c, const Image& src, Image& dst, int radius_x, int radius_y, int radius_z, RankOp op) {
    if (op == RankOp::Median) {
        neighbourhood_filter(c, box_neighbourhood(c, src.shape(), radius_x, radius_y, radius_z), src, dst, op);
        return;
    }
    // Separable: one pass per axis with a non-zero radius. Means keep exact float sums between
    // passes and divide once at the end; minima and maxima stay in the pixel type.
    const int radius[3] = {radius_x, radius_y, radius_z};
    std::vector<int> axes;
    float count = 1.0f;
    for (int a = 0; a < 3; ++a)
        if (radius[a] > 0) {
            axes.push_back(a);
            count *= static_cast<float>(span(radius[a]));
        }
    if (axes.empty()) {
        c.copy_buffer(src.buffer(), dst.buffer(), src.bytes());
        return;
    }
    const PixelType between = op == RankOp::Mean ? PixelType::Float32 : src.type();
    ImagePtr temps[2];
    const Image* current = &src;
    for (std::size_t k = 0; k < axes.size(); ++k) {
        const bool last = k + 1 == axes.size();
        Image* target = &dst;
        if (!last) {
            ImagePtr& t = temps[k % 2];
            if (!t) t = c.temp(src.shape(), between);
            target = t.get();
        }
        c.kernel("rank_filters.cl", "box_line", {{"SRC", current}, {"DST", target}})
            .image(*current).image(*target).shape(*target).i32(axes[k]).i32(radius[axes[k]])
            .i32(static_cast<std::int32_t>(op)).f32(last ? count : 1.0f)
            .run(range_of(*target), pixel_group(c, target->shape()));
        current = target;
    }
}

}  // namespace ijcl
