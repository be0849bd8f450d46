// Label points (native/src/ops/label_point_ops.cpp): values worked out by hand on small images
// (CLIJ2 Java's bounding-box defect at x = 0, the centre of mass, the 2D / 3D bins of histogram),
// and the spot and point-list operations with more than 65,535 labels and ids beyond 2^24
// (distinct only as integers: float ids would merge).
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u32 = std::uint32_t;

namespace {

// The values of an operation's result numbers, in parameter order.
std::vector<double> values(const ijcl::OpResult& r) {
    std::vector<double> v;
    for (const auto& p : r.numbers) v.push_back(p.second);
    return v;
}

}  // namespace

TEST(LabelPoints, BoundingBoxFollowsClij2JavaAtTheBorder) {
    // 5 x 4, an object at x 2..3, y 1..2: off the border, the exact box
    push<std::uint8_t>("lp_bin", 5, 4, 1, {0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0});
    auto r = run("getBoundingBox", {img("lp_bin"), out(), out(), out(), out(), out(), out()});
    EXPECT_EQ(values(r), (std::vector<double>{2, 1, 0, 2, 2, 0}));
    // the object at x 0..2, y 0..1 touches the left and top border: CLIJ2's masked minimum skips
    // coordinate 0, so X = Y = 1 and the width and height are one too small
    push<std::uint8_t>("lp_bin", 5, 4, 1, {1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
    r = run("getBoundingBox", {img("lp_bin"), out(), out(), out(), out(), out(), out()});
    EXPECT_EQ(values(r), (std::vector<double>{1, 1, 0, 2, 1, 0}));
    // only pixels at x = 0: no non-zero product, start Float.MAX_VALUE (as CLIJ2)
    push<std::uint8_t>("lp_bin", 3, 2, 1, {0, 0, 0, 255, 0, 0});
    r = run("boundingBox", {img("lp_bin"), out(), out(), out(), out(), out(), out()});
    EXPECT_EQ(values(r)[0], static_cast<double>(FLT_MAX));
    EXPECT_EQ(values(r)[3], 0 - static_cast<double>(FLT_MAX) + 1);
    // a stack: a column with a foreground pixel at z = 0 never starts the box in z
    push<std::uint8_t>("lp_bin", 2, 1, 3, {1, 0, 1, 1, 0, 1});  // (0,0): z 0, 1; (1,0): z 1, 2
    r = run("getBoundingBox", {img("lp_bin"), out(), out(), out(), out(), out(), out()});
    EXPECT_EQ(values(r), (std::vector<double>{1, FLT_MAX, 1, 1, 0 - static_cast<double>(FLT_MAX) + 1, 2}));
    session().release("lp_bin");
}

TEST(LabelPoints, CenterOfMassIsTheWeightedMeanPosition) {
    IJCL_SKIP_WITHOUT_FP64();  // tests/native/missing_extensions_test.cpp
    // 3 x 2 x 2: weights 1 at (0,0,0), 3 at (2,1,0), 4 at (1,0,1)
    push<float>("lp_m", 3, 2, 2, {1, 0, 0, 0, 0, 3, 0, 4, 0, 0, 0, 0});
    const auto r = run("getCenterOfMass", {img("lp_m"), out(), out(), out()});
    ASSERT_EQ(r.numbers.size(), 3u);
    EXPECT_NEAR(values(r)[0], (0 * 1 + 2 * 3 + 1 * 4) / 8.0, 1e-12);
    EXPECT_NEAR(values(r)[1], (0 * 1 + 1 * 3 + 0 * 4) / 8.0, 1e-12);
    EXPECT_NEAR(values(r)[2], (0 * 1 + 0 * 3 + 1 * 4) / 8.0, 1e-12);
    session().release("lp_m");
}

TEST(LabelPoints, HistogramTruncatesIn2DAndRoundsIn3D) {
    // values 0..4, 3 bins over [0, 4]: step 2; 2D bin = floor(v / 2), 3D bin = floor(v / 2 + 0.5)
    push<std::uint16_t>("lp_h", 5, 1, 1, {0, 1, 2, 3, 4});
    run("histogram", {img("lp_h"), img("lp_hist"), num(3), num(0), num(4), flag(false)});
    EXPECT_EQ(pull<float>("lp_hist"), (std::vector<float>{2, 2, 1}));
    push<std::uint16_t>("lp_h", 5, 1, 2, {0, 1, 2, 3, 4, 4, 3, 2, 1, 0});
    run("histogram", {img("lp_h"), img("lp_hist"), num(3), num(100), num(200), flag(true)});  // own range 0..4
    EXPECT_EQ(pull<float>("lp_hist"), (std::vector<float>{2, 4, 4}));
    // below the minimum: bin 0; past the last bin: left out
    push<float>("lp_h", 4, 1, 1, {-5, 0.5f, 10, 100});
    run("histogram", {img("lp_h"), img("lp_hist"), num(2), num(0), num(10), flag(false)});
    EXPECT_EQ(pull<float>("lp_hist"), (std::vector<float>{2, 1}));
    expect_error([] { run("histogram", {img("lp_h"), img("lp_hist"), num(0), num(0), num(1), flag(true)}); },
                 {"histogram", "number_of_bins"});
    for (const char* name : {"lp_h", "lp_hist"}) session().release(name);
}

TEST(LabelPoints, SpotsAndPointListsBeyond65535LabelsAndIdsBeyond2To24) {
    // label base + k covers pixels 2k and 2k + 1 of one row (70,000 labels, ids from 2^24 + 1)
    const std::uint64_t w = 500, h = 280, n = w * h, labels = n / 2;
    const u32 base = (1u << 24) + 1;
    std::vector<u32> a(n);
    std::vector<float> index(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        a[i] = base + static_cast<u32>(i / 2);
        index[i] = static_cast<float>(i);
    }
    push<u32>("lp_a", w, h, 1, a, ijcl::ImageKind::Label);
    push<float>("lp_index", w, h, 1, index);

    // centroid of label k: (2k mod w + 0.5, 2k / w), truncated to pixel 2k
    run("reduceLabelsToCentroids", {img("lp_a"), img("lp_spots")});
    const auto spots = pull<u32>("lp_spots");
    std::size_t bad = 0;
    for (std::uint64_t i = 0; i < n; ++i)
        if (spots[i] != (i % 2 == 0 ? a[i] : 0u)) ++bad;
    EXPECT_EQ(bad, 0u);

    // the point list of the spots: column id - 1 = (2k mod w, 2k / w) for id base + k; 0 below base
    run("labelledSpotsToPointList", {img("lp_spots"), img("lp_points")});
    EXPECT_EQ(session().get("lp_points")->shape().width, base + labels - 1);
    const auto points = pull<float>("lp_points");
    const std::uint64_t cols = base + labels - 1;
    bad = 0;
    for (std::uint64_t k = 0; k < labels; ++k) {
        const std::uint64_t c = base + k - 1;
        if (points[c] != static_cast<float>((2 * k) % w) || points[c + cols] != static_cast<float>((2 * k) / w)) ++bad;
    }
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(points[0], 0.0f);
    EXPECT_EQ(points[cols + base - 2], 0.0f);

    // spots from a point list of 70,000 points: point k at pixel 2k gets id k + 1 (beyond 65,535)
    std::vector<float> list(2 * labels);
    for (std::uint64_t k = 0; k < labels; ++k) {
        list[k] = static_cast<float>((2 * k) % w);
        list[k + labels] = static_cast<float>((2 * k) / w);
    }
    push<float>("lp_list", labels, 2, 1, list);
    run("pointlistToLabelledSpots", {img("lp_list"), img("lp_back")});
    EXPECT_EQ(session().get("lp_back")->shape().to_string(), "499x280x1");  // largest x 498, + 1
    const auto back = pull<u32>("lp_back");
    bad = 0;
    for (std::uint64_t i = 0; i < 499 * h; ++i) {
        const std::uint64_t x = i % 499, y = i / 499, j = x + w * y;  // pixel j of the 500-wide layout
        if (back[i] != (j % 2 == 0 ? static_cast<u32>(j / 2 + 1) : 0u)) ++bad;
    }
    EXPECT_EQ(bad, 0u);

    // values from a map: id base + k reads its last pixel, 2k + 1; entry 0 (no background pixel) 0
    run("readValuesFromMap", {img("lp_a"), img("lp_index"), img("lp_values")});
    const auto vec = pull<float>("lp_values");
    ASSERT_EQ(vec.size(), base + labels);
    bad = 0;
    for (std::uint64_t k = 0; k < labels; ++k)
        if (vec[base + k] != static_cast<float>(2 * k + 1)) ++bad;
    EXPECT_EQ(bad, 0u);
    EXPECT_EQ(vec[0], 0.0f);

    // the parametric image of those values: every pixel gets its label's last pixel index
    run("generateParametricImage", {img("lp_a"), img("lp_values"), img("lp_param")});
    const auto param = pull<float>("lp_param");
    bad = 0;
    for (std::uint64_t i = 0; i < n; ++i)
        if (param[i] != static_cast<float>(i | 1)) ++bad;
    EXPECT_EQ(bad, 0u);
    for (const char* name : {"lp_a", "lp_index", "lp_spots", "lp_points", "lp_list", "lp_back", "lp_values", "lp_param"})
        session().release(name);
}
