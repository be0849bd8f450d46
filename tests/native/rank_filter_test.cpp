// Rank filters: mean/median/minimum/maximum over 2D/3D spheres and boxes.
//
// Oracles: neighbourhood sizes and small results worked out by hand (arithmetic in the
// comments), and a plain reference loop (neighbourhood collected, std::sort, double mean) on
// small random images. Equality with ImageJ itself is checked by
// tests/java/net/ijcl/ops/RankFilterImageJTest.java.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../../native/src/ops/rank_filters.hpp"
#include "neighbourhood_reference.hpp"
#include "test_support.hpp"

using namespace ijcl_test;

namespace {

std::size_t count(const std::vector<int>& offsets) { return offsets.size() / 3; }

enum class Edge { Clamp, Skip };
enum class Kind { Mean, Min, Max, Median };

// Reference filter: collects the neighbourhood of every pixel (clamped or left out at borders),
// then takes the mean (double), minimum, maximum or median (sorted; even count: mean of the two
// middle values, summed in float). `mean_in_float` rounds the mean to float before rounding to an integer
// (RankFilters); otherwise the double mean is rounded (Filters3D).
template <typename T>
std::vector<double> reference(const std::vector<T>& src, int w, int h, int d, const std::vector<int>& off,
                              Edge edge, Kind kind, bool mean_in_float) {
    const bool is_float = std::is_same<T, float>::value;
    std::vector<double> out(src.size());
    for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                std::vector<double> values;
                for_each_neighbour(src, w, h, d, x, y, z, off, edge == Edge::Skip,
                                   [&](T v) { values.push_back(v); });
                std::sort(values.begin(), values.end());
                const std::size_t n = values.size();
                double r = 0;
                switch (kind) {
                    case Kind::Min: r = values.front(); break;
                    case Kind::Max: r = values.back(); break;
                    case Kind::Median:
                        // Even count: (a + b) / 2 with the sum rounded to float (Filters3D).
                        r = n % 2 ? values[n / 2]
                                  : 0.5f * (static_cast<float>(values[n / 2 - 1]) + static_cast<float>(values[n / 2]));
                        if (!is_float) r = std::floor(r + 0.5);
                        break;
                    case Kind::Mean: {
                        double sum = 0;
                        for (double v : values) sum += v;
                        r = sum / n;
                        if (mean_in_float) r = static_cast<float>(r);
                        if (!is_float) r = std::floor(r + 0.5);
                        break;
                    }
                }
                out[x + w * (y + h * z)] = r;
            }
    return out;
}

// In the order of Kind.
const char* kKindNames[] = {"mean", "minimum", "maximum", "median"};

template <typename T>
void check_against_reference(const std::string& op, int w, int h, int d, const std::vector<double>& radii,
                             const std::vector<int>& off, Edge edge, bool mean_in_float, double max_value,
                             unsigned seed) {
    const auto src = random_image<T>(w, h, d, seed, max_value);
    push<T>("rf_src", w, h, d, src);
    for (int k = 0; k < 4; ++k) {
        const std::string name = kKindNames[k] + op;
        std::vector<ijcl::Value> args = {img("rf_src"), img("rf_dst")};
        for (double r : radii) args.push_back(num(r));
        run(name, args);
        const auto out = pull<T>("rf_dst");
        const auto ref = reference(src, w, h, d, off, edge, static_cast<Kind>(k), mean_in_float);
        // Tolerance: exact, except float means (single vs double rounding of the same sum).
        const double tol = std::is_same<T, float>::value && k == 0 ? 1e-4 * max_value : 0.0;
        int bad = 0;
        for (std::size_t i = 0; i < out.size(); ++i)
            if (std::abs(out[i] - ref[i]) > tol && ++bad <= 3)
                ADD_FAILURE() << name << " radii " << radii[0] << " at " << i << ": " << +out[i] << " vs " << ref[i];
        EXPECT_EQ(bad, 0) << name;
    }
}

}  // namespace

TEST(RankNeighbourhoods, ImageJCircleSizes) {
    // RankFilters: r2 = (int)(r*r) + 1, pixels with dx^2 + dy^2 <= r2.
    EXPECT_EQ(ijcl::imagej_circle_r2(1.0), 2);
    // radius 0 and 0.5: r2 = 1 -> centre + 4 neighbours = 5.
    EXPECT_EQ(count(ijcl::circle_offsets(0, 0)), 5u);
    EXPECT_EQ(count(ijcl::circle_offsets(0.5, 0.5)), 5u);
    // radius 1: r2 = 2 -> the full 3x3 = 9.
    EXPECT_EQ(count(ijcl::circle_offsets(1, 1)), 9u);
    // radius 1.5 is widened to 1.75: r2 = (int)3.06 + 1 = 4 -> 1 + 4 (dist 1) + 4 (dist 1.41) + 4 (dist 2) = 13.
    EXPECT_EQ(count(ijcl::circle_offsets(1.5, 1.5)), 13u);
    // radius 2: r2 = 5 -> rows dy=0: 5, dy=+-1: 5 each, dy=+-2: 3 each -> 5 + 10 + 6 = 21.
    EXPECT_EQ(count(ijcl::circle_offsets(2, 2)), 21u);
    // radius 2.5 is widened to 2.85: r2 = (int)8.12 + 1 = 9 -> rows 7, 5+5, 5+5, 1+1 = 29.
    EXPECT_EQ(count(ijcl::circle_offsets(2.5, 2.5)), 29u);
    // radius 3.5: r2 = (int)12.25 + 1 = 13 -> rows dy=0: 7, +-1: 7 each, +-2: 7 each, +-3: 5 each = 45.
    EXPECT_EQ(count(ijcl::circle_offsets(3.5, 3.5)), 45u);
    // Ellipse radius_x 2, radius_y 1: r2x = 5, r2y = 2, pixels with 2 dx^2 + 5 dy^2 <= 10:
    // dy = 0: |dx| <= 2 (5 pixels); dy = +-1: 2 dx^2 <= 5 -> |dx| <= 1 (3 each) -> 11.
    EXPECT_EQ(count(ijcl::circle_offsets(2, 1)), 11u);
    for (std::size_t k = 0; k < ijcl::circle_offsets(2, 1).size(); k += 3)
        EXPECT_EQ(ijcl::circle_offsets(2, 1)[k + 2], 0);
}

TEST(RankNeighbourhoods, Filters3DEllipsoidAndBoxSizes) {
    // Filters3D: dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1.
    EXPECT_EQ(count(ijcl::ellipsoid_offsets(0, 0, 0)), 1u);
    // radius 1: the 6-neighbour cross + centre = 7.
    EXPECT_EQ(count(ijcl::ellipsoid_offsets(1, 1, 1)), 7u);
    // radius 2: 1 + 6 (dist 1) + 12 (dist 1.41) + 8 (dist 1.73) + 6 (dist 2) = 33.
    EXPECT_EQ(count(ijcl::ellipsoid_offsets(2, 2, 2)), 33u);
    // radius (2, 2, 0): the disc dx^2 + dy^2 <= 4: 1 + 4 + 4 + 4 = 13, all in the plane.
    EXPECT_EQ(count(ijcl::ellipsoid_offsets(2, 2, 0)), 13u);
    // radius (1.5, 1.5, 1): ceil -> extents 2, 2, 1; e.g. (1,1,0): 1/2.25 + 1/2.25 = 0.89 <= 1 in,
    // (2,0,0): 4/2.25 > 1 out, (1,0,1): 0.44 + 1 > 1 out -> 9 in the plane + 2 = 11.
    EXPECT_EQ(count(ijcl::ellipsoid_offsets(1.5, 1.5, 1)), 11u);
    EXPECT_EQ(count(ijcl::box_offsets(1, 2, 0)), 15u);  // 3 x 5 x 1
    EXPECT_EQ(count(ijcl::box_offsets(1, 1, 1)), 27u);
}

TEST(RankFilter, MeanBoxOfOneBrightPixelByHand) {
    // 5x5 with 90 in the middle: mean2DBox radius 1 gives 90/9 = 10 on the 3x3 around it, 0 elsewhere.
    std::vector<std::uint8_t> v(25, 0);
    v[12] = 90;
    push<std::uint8_t>("rf_one", 5, 5, 1, v);
    run("mean2DBox", {img("rf_one"), img("rf_one_o"), num(1), num(1)});
    const auto out = pull<std::uint8_t>("rf_one_o");
    for (int y = 0; y < 5; ++y)
        for (int x = 0; x < 5; ++x)
            EXPECT_EQ(out[x + 5 * y], (std::abs(x - 2) <= 1 && std::abs(y - 2) <= 1) ? 10 : 0) << x << "," << y;
    // 100 instead: 100/9 = 11.11 -> 11 (uint16); float keeps 11.111111.
    std::vector<std::uint16_t> v16(25, 0);
    v16[12] = 100;
    push<std::uint16_t>("rf_one16", 5, 5, 1, v16);
    run("mean2DSphere", {img("rf_one16"), img("rf_one16_o"), num(1), num(1)});  // radius 1 circle = 3x3
    EXPECT_EQ(pull<std::uint16_t>("rf_one16_o")[6], 11);
    std::vector<float> vf(25, 0.0f);
    vf[12] = 100.0f;
    push<float>("rf_onef", 5, 5, 1, vf);
    run("mean2DBox", {img("rf_onef"), img("rf_onef_o"), num(1), num(1)});
    EXPECT_NEAR(pull<float>("rf_onef_o")[18], 100.0f / 9.0f, 1e-5f);
}

TEST(RankFilter, EdgesRepeatTheNearestPixelIn2D) {
    // 90 at the corner (0,0) of a 5x5: with clamped neighbourhoods the corner pixel is counted
    // 4 times at (0,0) (x in {0,0,1}, y in {0,0,1}) -> 360/9 = 40; twice at (1,0) -> 20; once at
    // (1,1) -> 10; not at all at (2,0) -> 0.
    std::vector<std::uint8_t> v(25, 0);
    v[0] = 90;
    push<std::uint8_t>("rf_corner", 5, 5, 1, v);
    for (const char* op : {"mean2DBox", "mean2DSphere"}) {
        run(op, {img("rf_corner"), img("rf_corner_o"), num(1), num(1)});
        const auto out = pull<std::uint8_t>("rf_corner_o");
        EXPECT_EQ(out[0], 40) << op;
        EXPECT_EQ(out[1], 20) << op;
        EXPECT_EQ(out[5], 20) << op;
        EXPECT_EQ(out[6], 10) << op;
        EXPECT_EQ(out[2], 0) << op;
    }
    // Maximum over the circle of radius 1.5 (13 pixels, reaching 2 along the axes): the corner's
    // 90 reaches (2,0) and (0,2) but not (2,1) (4 + 1 > 4).
    run("maximum2DSphere", {img("rf_corner"), img("rf_corner_o"), num(1.5), num(1.5)});
    const auto mx = pull<std::uint8_t>("rf_corner_o");
    EXPECT_EQ(mx[2], 90);
    EXPECT_EQ(mx[10], 90);
    EXPECT_EQ(mx[7], 0);
    EXPECT_EQ(mx[3], 0);
}

TEST(RankFilter, Filters3DLeavesOutsideVoxelsOut) {
    // 3x3x3 with 70 at the centre, mean3DSphere radius 1 (the 7-voxel cross):
    //  centre: 70 / 7 = 10;
    //  face centre (1,1,0): 6 voxels inside (itself, 4 in-plane, (1,1,1)) -> 70 / 6 = 11.67 -> 12
    //    (with clamped edges it would be 70 / 7 = 10);
    //  corner (0,0,0): 4 voxels inside, none is the centre -> 0.
    std::vector<std::uint8_t> v(27, 0);
    v[13] = 70;
    push<std::uint8_t>("rf_3d", 3, 3, 3, v);
    run("mean3DSphere", {img("rf_3d"), img("rf_3d_o"), num(1), num(1), num(1)});
    const auto out = pull<std::uint8_t>("rf_3d_o");
    EXPECT_EQ(out[13], 10);
    EXPECT_EQ(out[4], 12);
    EXPECT_EQ(out[0], 0);
    // mean3DBox radius 1 clamps instead: the centre 70 / 27 = 2.59 -> 3 everywhere in 3x3x3.
    run("mean3DBox", {img("rf_3d"), img("rf_3d_b"), num(1), num(1), num(1)});
    EXPECT_EQ(pull<std::uint8_t>("rf_3d_b")[0], 3);
}

TEST(RankFilter, Median3DEvenCountAveragesTheMiddleTwo) {
    // Corner (0,0,0) of a 2x2x2 volume, median3DSphere radius 1: 4 voxels inside, values
    // 10 (itself), 21 (x+1), 30 (y+1), 41 (z+1) -> sorted 10 21 30 41 -> (21 + 30) / 2 = 25.5,
    // rounded half up to 26 in uint8 (Filters3D: 0.5f * (a + b), then (int)(v + 0.5)); float keeps 25.5.
    std::vector<std::uint8_t> v = {10, 21, 30, 0, 41, 0, 0, 0};
    push<std::uint8_t>("rf_even", 2, 2, 2, v);
    run("median3DSphere", {img("rf_even"), img("rf_even_o"), num(1), num(1), num(1)});
    EXPECT_EQ(pull<std::uint8_t>("rf_even_o")[0], 26);
    push<float>("rf_evenf", 2, 2, 2, std::vector<float>(v.begin(), v.end()));
    run("median3DSphere", {img("rf_evenf"), img("rf_evenf_o"), num(1), num(1), num(1)});
    EXPECT_FLOAT_EQ(pull<float>("rf_evenf_o")[0], 25.5f);
}

TEST(RankFilter, MinMaxMedianByHand) {
    // A 3x3 image; with radius 1 (3x3 neighbourhood, clamped) the centre sees all nine values
    // 5 1 9 / 7 3 8 / 2 6 4 -> min 1, max 9, median of 1..9 = 5.
    std::vector<std::uint16_t> v = {5, 1, 9, 7, 3, 8, 2, 6, 4};
    push<std::uint16_t>("rf_3x3", 3, 3, 1, v);
    run("minimum2DBox", {img("rf_3x3"), img("rf_o"), num(1), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("rf_o")[4], 1);
    run("maximum2DSphere", {img("rf_3x3"), img("rf_o"), num(1), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("rf_o")[4], 9);
    run("median2DSphere", {img("rf_3x3"), img("rf_o"), num(1), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("rf_o")[4], 5);
    // Corner (0,0) with clamping sees 5 5 1 / 5 5 1 / 7 7 3 -> sorted 1 1 3 5 5 5 5 7 7 -> median 5.
    EXPECT_EQ(pull<std::uint16_t>("rf_o")[0], 5);
    // The 5-pixel cross of radius 0 at the centre: 3, 1, 7, 8, 6 -> median 6.
    run("median2DSphere", {img("rf_3x3"), img("rf_o"), num(0), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("rf_o")[4], 6);
    // Box radius 0 is the identity.
    run("median2DBox", {img("rf_3x3"), img("rf_o"), num(0), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("rf_o"), v);
}

TEST(RankFilter, TwoDOpsOnAStackWorkPerPlane) {
    std::vector<std::uint8_t> v(3 * 3 * 2, 0);
    v[4] = 200;  // centre of plane 0
    push<std::uint8_t>("rf_stack", 3, 3, 2, v);
    for (const char* op : {"maximum2DBox", "maximum2DSphere"}) {
        run(op, {img("rf_stack"), img("rf_stack_o"), num(1), num(1)});
        const auto out = pull<std::uint8_t>("rf_stack_o");
        for (int i = 0; i < 9; ++i) EXPECT_EQ(out[i], 200) << op;
        for (int i = 9; i < 18; ++i) EXPECT_EQ(out[i], 0) << op;
    }
}

TEST(RankFilter, Sphere2DMatchesReferenceAllTypes) {
    for (double r : {1.0, 2.0, 3.5}) {
        const auto off = ijcl::circle_offsets(r, r);
        check_against_reference<std::uint8_t>("2DSphere", 13, 11, 2, {r, r}, off, Edge::Clamp, true, 255, 1);
        check_against_reference<std::uint16_t>("2DSphere", 13, 11, 1, {r, r}, off, Edge::Clamp, true, 65535, 2);
        check_against_reference<float>("2DSphere", 13, 11, 1, {r, r}, off, Edge::Clamp, true, 1000, 3);
    }
    // An ellipse.
    check_against_reference<std::uint8_t>("2DSphere", 13, 11, 1, {3, 1.2}, ijcl::circle_offsets(3, 1.2),
                                          Edge::Clamp, true, 255, 4);
}

TEST(RankFilter, Sphere3DMatchesReferenceAllTypes) {
    check_against_reference<std::uint8_t>("3DSphere", 9, 8, 7, {2, 2, 2}, ijcl::ellipsoid_offsets(2, 2, 2),
                                          Edge::Skip, false, 255, 5);
    check_against_reference<std::uint16_t>("3DSphere", 9, 8, 7, {1.5, 2, 1}, ijcl::ellipsoid_offsets(1.5, 2, 1),
                                           Edge::Skip, false, 65535, 6);
    check_against_reference<float>("3DSphere", 9, 8, 7, {2, 1, 3}, ijcl::ellipsoid_offsets(2, 1, 3), Edge::Skip,
                                   false, 1000, 7);
}

TEST(RankFilter, BoxesMatchReferenceAllTypes) {
    check_against_reference<std::uint8_t>("2DBox", 12, 9, 2, {2, 1}, ijcl::box_offsets(2, 1, 0), Edge::Clamp,
                                          true, 255, 8);
    check_against_reference<std::uint16_t>("2DBox", 12, 9, 1, {1, 3}, ijcl::box_offsets(1, 3, 0), Edge::Clamp,
                                           true, 65535, 9);
    check_against_reference<float>("3DBox", 8, 7, 6, {1, 2, 1}, ijcl::box_offsets(1, 2, 1), Edge::Clamp, true,
                                   1000, 10);
    check_against_reference<std::uint8_t>("3DBox", 8, 7, 6, {2, 0, 1}, ijcl::box_offsets(2, 0, 1), Edge::Clamp,
                                          true, 255, 11);
}

TEST(RankFilter, LargeMedianNeighbourhoodHasNoFixedCap) {
    // median2DBox radius 20: 41 x 41 = 1681 pixels (more than CLIJ2's 1000-value array).
    check_against_reference<std::uint16_t>("2DBox", 9, 7, 1, {20, 20}, ijcl::box_offsets(20, 20, 0), Edge::Clamp,
                                           true, 65535, 12);
}

TEST(RankFilter, ErrorsNameTheArgument) {
    push<std::uint8_t>("rf_err", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("mean2DSphere", {img("rf_err"), img("rf_err_o"), num(-1), num(1)}); },
                 {"mean2DSphere", "radius_x"});
    expect_error([] { run("median3DSphere", {img("rf_err"), img("rf_err_o"), num(1), num(1), num(-2)}); },
                 {"median3DSphere", "radius_z"});
    expect_error([] { run("minimum2DBox", {img("rf_err"), img("rf_err_o"), num(1), num(1.5)}); },
                 {"minimum2DBox", "radius_y", "whole number"});
    // A neighbourhood beyond the limit is refused with the limit in the message; on this 2x2
    // image a radius of 200 folds onto 3x3 offsets (tests/native/far_radius_test.cpp refuses one
    // on a 3000x3000 image).
    push<std::uint8_t>("rf_err_big", 300, 300, 200, std::vector<std::uint8_t>(300 * 300 * 200, 1));
    expect_error([] { run("median3DBox", {img("rf_err_big"), img("rf_err_o"), num(200), num(200), num(200)}); },
                 {"median3DBox", "radius_x", std::to_string(ijcl::kMaxNeighbourhoodPoints)});
    ijcl_test::session().release("rf_err_big");
}
