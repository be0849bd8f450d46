// topHatBox / topHatSphere: source minus its opening (maximum of the minimum).
//
// Oracles: small profiles worked out by hand, and a reference loop (minimum then maximum over
// the same offsets, then the difference). Equality with ImageJ's Top Hat is checked by
// tests/java/net/ijcl/ops/TopHatImageJTest.java.
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "../../native/src/ops/rank_filters.hpp"
#include "neighbourhood_reference.hpp"
#include "test_support.hpp"

using namespace ijcl_test;

namespace {

// Minimum (or maximum) over `off`, edges clamped or left out.
template <typename T>
std::vector<T> extreme(const std::vector<T>& src, int w, int h, int d, const std::vector<int>& off, bool skip,
                       bool maximum) {
    std::vector<T> out(src.size());
    for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                bool any = false;
                T best{};
                for_each_neighbour(src, w, h, d, x, y, z, off, skip, [&](T v) {
                    if (!any || (maximum ? v > best : v < best)) best = v;
                    any = true;
                });
                out[x + w * (y + h * z)] = best;
            }
    return out;
}

template <typename T>
std::vector<T> reference_top_hat(const std::vector<T>& src, int w, int h, int d, const std::vector<int>& off,
                                 bool skip) {
    const auto opened = extreme(extreme(src, w, h, d, off, skip, false), w, h, d, off, skip, true);
    std::vector<T> out(src.size());
    for (std::size_t i = 0; i < src.size(); ++i) out[i] = static_cast<T>(src[i] - opened[i]);
    return out;
}

}  // namespace

TEST(TopHat, RemovesBackgroundKeepsASpikeByHand) {
    // A 7x1 line: background 10, a spike of 50 at x = 2 and a plateau of 30 over x = 4..6.
    // Box radius 1 (3 pixels, clamped): minimum = 10 10 10 10 10 30 30, maximum of that =
    // 10 10 10 10 30 30 30 (the opening keeps the 3-wide plateau, removes the 1-wide spike).
    // Top hat = source - opening = 0 0 40 0 0 0 0.
    std::vector<std::uint8_t> v = {10, 10, 50, 10, 30, 30, 30};
    push<std::uint8_t>("th_line", 7, 1, 1, v);
    run("topHatBox", {img("th_line"), img("th_line_o"), num(1), num(0), num(0)});
    EXPECT_EQ(pull<std::uint8_t>("th_line_o"), (std::vector<std::uint8_t>{0, 0, 40, 0, 0, 0, 0}));
    // The circle of radius 1 is the 3x3 square; on a one-row image the rows above and below are
    // the row itself, so the result is the same.
    run("topHatSphere", {img("th_line"), img("th_line_o"), num(1), num(1), num(0)});
    EXPECT_EQ(pull<std::uint8_t>("th_line_o"), (std::vector<std::uint8_t>{0, 0, 40, 0, 0, 0, 0}));
}

TEST(TopHat, SphereWithZUsesTheEllipsoid) {
    // 1x1x5 column (z only): 10 10 60 10 10, radius (0, 0, 1): the 3-voxel z segment. Minimum
    // (outside voxels left out) = 10 10 10 10 10; maximum = 10 ... -> top hat 0 0 50 0 0.
    std::vector<std::uint16_t> v = {10, 10, 60, 10, 10};
    push<std::uint16_t>("th_z", 1, 1, 5, v);
    run("topHatSphere", {img("th_z"), img("th_z_o"), num(0), num(0), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("th_z_o"), (std::vector<std::uint16_t>{0, 0, 50, 0, 0}));
    // With radius_z = 0 the 2D circle of radius 0 (the in-plane cross) works per plane: each
    // plane is a single pixel, so nothing changes and the top hat is 0.
    run("topHatSphere", {img("th_z"), img("th_z_o"), num(0), num(0), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("th_z_o"), std::vector<std::uint16_t>(5, 0));
}

TEST(TopHat, MatchesReferenceAllTypes) {
    const int w = 12, h = 10, d = 3;
    {
        const auto src = random_image<std::uint8_t>(w, h, d, 21, 255);
        push<std::uint8_t>("th_8", w, h, d, src);
        run("topHatSphere", {img("th_8"), img("th_8o"), num(2), num(2), num(0)});
        EXPECT_EQ(pull<std::uint8_t>("th_8o"), reference_top_hat(src, w, h, d, ijcl::circle_offsets(2, 2), false));
        run("topHatBox", {img("th_8"), img("th_8o"), num(2), num(1), num(1)});
        EXPECT_EQ(pull<std::uint8_t>("th_8o"), reference_top_hat(src, w, h, d, ijcl::box_offsets(2, 1, 1), false));
    }
    {
        const auto src = random_image<std::uint16_t>(w, h, d, 22, 65535);
        push<std::uint16_t>("th_16", w, h, d, src);
        run("topHatSphere", {img("th_16"), img("th_16o"), num(2), num(1.5), num(1)});
        EXPECT_EQ(pull<std::uint16_t>("th_16o"),
                  reference_top_hat(src, w, h, d, ijcl::ellipsoid_offsets(2, 1.5, 1), true));
    }
    {
        const auto src = random_image<float>(w, h, d, 23, 100);
        push<float>("th_f", w, h, d, src);
        run("topHatSphere", {img("th_f"), img("th_fo"), num(3.5), num(3.5), num(0)});
        EXPECT_EQ(pull<float>("th_fo"), reference_top_hat(src, w, h, d, ijcl::circle_offsets(3.5, 3.5), false));
        run("topHatBox", {img("th_f"), img("th_fo"), num(1), num(1), num(0)});
        EXPECT_EQ(pull<float>("th_fo"), reference_top_hat(src, w, h, d, ijcl::box_offsets(1, 1, 0), false));
    }
}

TEST(TopHat, ErrorsNameTheArgument) {
    push<std::uint8_t>("th_err", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("topHatBox", {img("th_err"), img("th_err_o"), num(1), num(-1), num(0)}); },
                 {"topHatBox", "radius_y"});
    expect_error([] { run("topHatBox", {img("th_err"), img("th_err_o"), num(1), num(1), num(0.5)}); },
                 {"topHatBox", "radius_z", "whole number"});
    expect_error([] { run("topHatSphere", {img("th_err"), img("th_err_o"), num(-3), num(1), num(0)}); },
                 {"topHatSphere", "radius_x"});
}
