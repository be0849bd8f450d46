// Local maxima detection (native/src/ops/detection_ops.cpp) on hand-made images.
#include <cmath>
#include <algorithm>
#include <limits>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;

namespace {

std::vector<u8> maxima2d(const char* in, double rx, double ry) {
    run("detectMaxima2DBox", {img(in), img("dm_out"), num(rx), num(ry)});
    EXPECT_EQ(session().get("dm_out")->kind(), ijcl::ImageKind::Binary);
    return pull<u8>("dm_out");
}

std::vector<u8> maxima3d(const char* in, double rx, double ry, double rz) {
    run("detectMaxima3DBox", {img(in), img("dm_out"), num(rx), num(ry), num(rz)});
    return pull<u8>("dm_out");
}

}  // namespace

TEST(DetectMaxima, RadiusSetsTheBoxSize) {
    // 1D profile 1 3 2 5 2 4 1 (a 7x1 image).
    // radius 1: index 1 (3 > 1, 2), index 3 (5 > 2, 2), index 5 (4 > 2, 1) are maxima.
    // radius 2: index 1 sees 5 at index 3, index 5 sees 5 at index 3: only index 3 is left.
    push<float>("dm_line", 7, 1, 1, {1, 3, 2, 5, 2, 4, 1});
    EXPECT_EQ(maxima2d("dm_line", 1, 1), (std::vector<u8>{0, 1, 0, 1, 0, 1, 0}));
    EXPECT_EQ(maxima2d("dm_line", 2, 0), (std::vector<u8>{0, 0, 0, 1, 0, 0, 0}));
    // radius 0: every pixel is alone in its box.
    EXPECT_EQ(maxima2d("dm_line", 0, 0), std::vector<u8>(7, 1));
}

TEST(DetectMaxima, BordersAndPlateaus) {
    // 5x4 uint8:
    //   9 1 1 1 1      (0,0)=9: its box is the 2x2 corner, no larger pixel -> maximum.
    //   1 1 4 4 1      (2,1) and (3,1) are a plateau of 4: (2,1) comes first in raster order
    //   1 1 1 1 1        and wins; (3,1) has an equal pixel with a smaller index -> not.
    //   1 2 1 1 3      (4,3)=3 on the bottom-right corner -> maximum; (1,3)=2 -> maximum (its
    //                  box x 0..2, y 2..3 holds only 1s besides it).
    // The 1-valued pixels all have a larger or an earlier equal pixel in their 3x3 box.
    push<u8>("dm_img", 5, 4, 1, {9, 1, 1, 1, 1,
                                 1, 1, 4, 4, 1,
                                 1, 1, 1, 1, 1,
                                 1, 2, 1, 1, 3});
    EXPECT_EQ(maxima2d("dm_img", 1, 1), (std::vector<u8>{1, 0, 0, 0, 0,
                                                         0, 0, 1, 0, 0,
                                                         0, 0, 0, 0, 0,
                                                         0, 1, 0, 0, 1}));
}

TEST(DetectMaxima, FlatImageHasOneMaximumPerBoxReach) {
    // A constant 4x1 row with radius 1: pixel 0 has no earlier equal pixel -> maximum; pixels
    // 1..3 each have an earlier equal neighbour -> not. With radius 0 all are maxima.
    push<std::uint16_t>("dm_flat", 4, 1, 1, {7, 7, 7, 7});
    EXPECT_EQ(maxima2d("dm_flat", 1, 1), (std::vector<u8>{1, 0, 0, 0}));
}

TEST(DetectMaxima, TwoDimensionalWorksPlaneByPlaneThreeDimensionalAcrossPlanes) {
    // 3x3x2 stack, all 1 except the centres: plane 0 centre 5, plane 1 centre 7.
    // 2D: each centre is the maximum of its plane. 3D (radius 1): plane 0's centre sees 7.
    std::vector<float> stack(18, 1.0f);
    stack[4] = 5.0f;
    stack[13] = 7.0f;
    push<float>("dm_stack", 3, 3, 2, stack);
    std::vector<u8> both(18, 0), upper(18, 0);
    both[4] = both[13] = 1;
    upper[13] = 1;
    EXPECT_EQ(maxima2d("dm_stack", 1, 1), both);
    EXPECT_EQ(maxima3d("dm_stack", 1, 1, 1), upper);
    // radius_z 0 makes the 3D detection plane by plane again.
    EXPECT_EQ(maxima3d("dm_stack", 1, 1, 0), both);
}

TEST(DetectMaxima, ComparesUint32Exactly) {
    // 16777217 and 16777216 are equal as floats; compared as uint32 the second pixel is larger.
    push<std::uint32_t>("dm_u32", 2, 1, 1, {16777216u, 16777217u});
    EXPECT_EQ(maxima2d("dm_u32", 1, 0), (std::vector<u8>{0, 1}));
}

TEST(DetectMaxima, NanIsNeverAMaximumAndIgnored) {
    // Row [2, NaN, 3], radius 1. Index 0's box is x 0..1: the NaN is ignored, 2 is its maximum.
    // Index 2's box is x 1..2: 3 is its maximum. The NaN itself is never marked.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    push<float>("dm_nan", 3, 1, 1, {2.0f, nan, 3.0f});
    EXPECT_EQ(maxima2d("dm_nan", 1, 0), (std::vector<u8>{1, 0, 1}));
}

TEST(DetectMaxima, NegativeRadiusIsRejected) {
    push<u8>("dm_small", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("detectMaxima2DBox", {img("dm_small"), img("dm_o"), num(-1), num(1)}); },
                 {"operation 'detectMaxima2DBox'", "argument 'radius_x'"});
    expect_error([] { run("detectMaxima3DBox", {img("dm_small"), img("dm_o"), num(1), num(1), num(1.5)}); },
                 {"argument 'radius_z'", "whole number"});
}

// Every detector against a brute force written from the rule (scan the whole box; larger wins,
// equal and earlier in raster order wins; NaN never marked, never a neighbour), on random float
// images with few distinct values (many ties) and some NaNs, in shapes and radii that make boxes
// clip at every border, radii wider than the image included.
namespace {

std::vector<u8> brute_force_maxima(const std::vector<float>& in, long w, long h, long d, long rx, long ry, long rz,
                                   bool minima) {
    std::vector<u8> out(in.size(), 0);
    for (long z = 0; z < d; ++z)
        for (long y = 0; y < h; ++y)
            for (long x = 0; x < w; ++x) {
                const long index = x + w * (y + h * z);
                const float value = in[index];
                bool marked = !std::isnan(value);
                for (long zz = std::max(z - rz, 0L); marked && zz <= std::min(z + rz, d - 1); ++zz)
                    for (long yy = std::max(y - ry, 0L); marked && yy <= std::min(y + ry, h - 1); ++yy)
                        for (long xx = std::max(x - rx, 0L); marked && xx <= std::min(x + rx, w - 1); ++xx) {
                            const long other = xx + w * (yy + h * zz);
                            const float v = in[other];
                            if (std::isnan(v)) continue;
                            if ((minima ? v < value : v > value) || (v == value && other < index)) marked = false;
                        }
                out[index] = marked ? 1 : 0;
            }
    return out;
}

}  // namespace

TEST(DetectMaximaBruteForce, EveryDetectorOnRandomImagesWithTiesAndNaN) {
    const long shapes[][3] = {{1, 1, 1}, {9, 1, 1}, {1, 8, 3}, {7, 5, 1}, {12, 7, 4}, {5, 9, 13}};
    const long radii[][3] = {{0, 0, 0}, {1, 1, 1}, {2, 1, 0}, {0, 3, 2}, {4, 4, 4}, {20, 1, 2}};
    std::mt19937 random(4051);
    std::uniform_int_distribution<int> level(0, 3);
    std::bernoulli_distribution is_nan(0.05);
    for (const auto& s : shapes) {
        const long w = s[0], h = s[1], d = s[2];
        std::vector<float> px(static_cast<std::size_t>(w * h * d));
        for (auto& v : px) v = is_nan(random) ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(level(random));
        push<float>("dmbf_in", w, h, d, px);
        for (const auto& r : radii) {
            for (bool minima : {false, true}) {
                const std::string what = minima ? "Minima" : "Maxima";
                const std::string shape = std::to_string(w) + "x" + std::to_string(h) + "x" + std::to_string(d);
                const std::string radius = std::to_string(r[0]) + "," + std::to_string(r[1]) + "," + std::to_string(r[2]);
                SCOPED_TRACE(what + " on " + shape + ", radii " + radius);
                run("detect" + what + "3DBox", {img("dmbf_in"), img("dmbf_out"), num(r[0]), num(r[1]), num(r[2])});
                EXPECT_EQ(pull<u8>("dmbf_out"), brute_force_maxima(px, w, h, d, r[0], r[1], r[2], minima));
                run("detect" + what + "2DBox", {img("dmbf_in"), img("dmbf_out"), num(r[0]), num(r[1])});
                EXPECT_EQ(pull<u8>("dmbf_out"), brute_force_maxima(px, w, h, d, r[0], r[1], 0, minima));
                run("detect" + what + "Box", {img("dmbf_in"), img("dmbf_out"), num(r[1])});
                EXPECT_EQ(pull<u8>("dmbf_out"), brute_force_maxima(px, w, h, d, r[1], r[1], r[1], minima));
            }
        }
    }
}
