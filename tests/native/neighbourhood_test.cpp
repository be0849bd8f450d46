// The neighbourhood operations (native/src/ops/neighbourhood_ops.cpp) and the projections added
// with them (projection_ops.cpp: median, masked median, thresholded bounded minimum, z position
// picks, depth colour, extended depth of focus; measurement_ops.cpp: meanSquaredError) on
// examples worked out by hand. The same operations are compared with CLIJ2's kernels on real
// data in tests/oracles/clij2_oracles.tsv.
#include <cmath>

#include "test_support.hpp"

using namespace ijcl_test;

// 3 x 3 (x fastest):  0 5 2 / 7 0 3 / 1 4 0
TEST(NonzeroFilters, TwoDimensionalByHand) {
    push<std::uint8_t>("nz", 3, 3, 1, {0, 5, 2, 7, 0, 3, 1, 4, 0});
    run("nonzeroMinimumBox", {img("nz"), img("nz_minb")});
    EXPECT_EQ(pull<std::uint8_t>("nz_minb"), (std::vector<std::uint8_t>{0, 2, 2, 1, 0, 2, 1, 1, 0}));
    run("nonzeroMaximumDiamond", {img("nz"), img("nz_maxd")});
    EXPECT_EQ(pull<std::uint8_t>("nz_maxd"), (std::vector<std::uint8_t>{0, 5, 5, 7, 0, 3, 7, 4, 0}));
    run("nonzeroMaximumBox", {img("nz"), img("nz_maxb")});  // a 2D image: the 3 x 3 box
    EXPECT_EQ(pull<std::uint8_t>("nz_maxb"), (std::vector<std::uint8_t>{0, 7, 5, 7, 0, 5, 7, 7, 0}));
    run("nonzeroMinimumDiamond", {img("nz"), img("nz_mind")});
    EXPECT_EQ(pull<std::uint8_t>("nz_mind"), (std::vector<std::uint8_t>{0, 2, 2, 1, 0, 2, 1, 1, 0}));
    run("onlyzeroOverwriteMaximumDiamond", {img("nz"), img("nz_ozd")});
    EXPECT_EQ(pull<std::uint8_t>("nz_ozd"), (std::vector<std::uint8_t>{7, 5, 2, 7, 7, 3, 1, 4, 4}));
    run("onlyzeroOverwriteMaximumBox", {img("nz"), img("nz_ozb")});
    EXPECT_EQ(pull<std::uint8_t>("nz_ozb"), (std::vector<std::uint8_t>{7, 5, 2, 7, 7, 3, 1, 4, 4}));
}

TEST(NonzeroFilters, StackBoxMaximumReadsFaceNeighboursAsClij2AndLabelsStayExact) {
    // plane 0: 1 0 / 0 9, plane 1: zeros. The 9 is a diagonal (edge) neighbour of the 1: the true
    // 3x3x3 box (nonzeroMinimumBox / onlyzero...Box) sees it, CLIJ2's nonzero_maximum_box_3d does not.
    push<std::uint16_t>("nzs", 2, 2, 2, {1, 0, 0, 9, 0, 0, 0, 0});
    run("nonzeroMaximumBox", {img("nzs"), img("nzs_maxb")});
    EXPECT_EQ(pull<std::uint16_t>("nzs_maxb"), (std::vector<std::uint16_t>{1, 0, 0, 9, 0, 0, 0, 0}));
    run("onlyzeroOverwriteMaximumBox", {img("nzs"), img("nzs_ozb")});
    EXPECT_EQ(pull<std::uint16_t>("nzs_ozb"), (std::vector<std::uint16_t>{1, 9, 9, 9, 9, 9, 9, 9}));
    push<std::uint32_t>("nzl", 2, 1, 1, {16777217u, 16777216u}, ijcl::ImageKind::Label);
    run("nonzeroMinimumDiamond", {img("nzl"), img("nzl_min")});
    EXPECT_EQ(pull<std::uint32_t>("nzl_min"), (std::vector<std::uint32_t>{16777216u, 16777216u}));
    EXPECT_EQ(session().get("nzl_min")->kind(), ijcl::ImageKind::Label);
}

TEST(DetectBox, MaximaAndMinimaWithOneRadius) {
    push<float>("db", 3, 3, 1, {1, 2, 3, 4, 9, 4, 3, 2, 1});
    run("detectMaximaBox", {img("db"), img("db_max"), num(1)});
    EXPECT_EQ(pull<std::uint8_t>("db_max"), (std::vector<std::uint8_t>{0, 0, 0, 0, 1, 0, 0, 0, 0}));
    EXPECT_EQ(session().get("db_max")->kind(), ijcl::ImageKind::Binary);
    run("detectMinimaBox", {img("db"), img("db_min"), num(1)});
    EXPECT_EQ(pull<std::uint8_t>("db_min"), (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 0, 0, 0, 1}));
    run("detectMinimaBox", {img("db"), img("db_min0"), num(0)});  // radius 0: every pixel
    EXPECT_EQ(pull<std::uint8_t>("db_min0"), (std::vector<std::uint8_t>(9, 1)));
}

TEST(ProjectionPicks, MedianMaskedMedianAndThresholdedMinimum) {
    // columns: (0, 3, 0, 1) and (0, 0, 0, 0)
    push<std::uint16_t>("pm", 2, 1, 4, {0, 0, 3, 0, 0, 0, 1, 0});
    run("medianZProjection", {img("pm"), img("pm_med")});  // sorted 0 0 1 3: index 2; 0 0 0 0
    EXPECT_EQ(pull<std::uint16_t>("pm_med"), (std::vector<std::uint16_t>{1, 0}));
    run("medianZProjectionMasked", {img("pm"), img("pm_mm")});  // non-zero 1 3: index 1; none -> 0
    EXPECT_EQ(pull<std::uint16_t>("pm_mm"), (std::vector<std::uint16_t>{3, 0}));
    const float nan = std::nanf("");
    push<float>("pmf", 1, 1, 3, {nan, 1.0f, 2.0f});  // NaN sorts last: 1 2 NaN -> 2
    run("medianZProjection", {img("pmf"), img("pmf_med")});
    EXPECT_EQ(pull<float>("pmf_med"), (std::vector<float>{2.0f}));
    push<float>("pt", 1, 1, 5, {0.0f, -3.0f, 5.0f, nan, 2.0f});
    run("minimumZProjectionThresholdedBounded", {img("pt"), img("pt_all"), num(0), num(4)});
    EXPECT_EQ(pull<float>("pt_all"), (std::vector<float>{2.0f}));
    run("minimumZProjectionThresholdedBounded", {img("pt"), img("pt_none"), num(0), num(1)});
    EXPECT_EQ(pull<float>("pt_none"), (std::vector<float>{0.0f}));
    expect_error([] { run("minimumZProjectionThresholdedBounded", {img("pt"), img("pt_x"), num(2), num(5)}); },
                 {"argument 'max_z'", "beyond the stack"});
}

TEST(ProjectionPicks, ZPositionsTruncatedAndClamped) {
    push<std::uint16_t>("zs", 2, 1, 3, {10, 20, 30, 40, 50, 60});
    push<float>("zp", 2, 1, 1, {1.9f, -4.0f});
    run("zPositionProjection", {img("zs"), img("zp"), img("zs_p")});
    EXPECT_EQ(pull<std::uint16_t>("zs_p"), (std::vector<std::uint16_t>{30, 20}));
    push<std::uint8_t>("zq", 2, 1, 1, {1, 2});
    run("zPositionRangeProjection", {img("zs"), img("zq"), img("zs_r"), num(-1), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("zs_r"), (std::vector<std::uint16_t>{10, 40, 30, 60, 50, 60}));
    EXPECT_EQ(session().get("zs_r")->shape().depth, 3u);
    expect_error([] { run("zPositionRangeProjection", {img("zs"), img("zq"), img("zs_e"), num(2), num(1)}); },
                 {"argument 'end_z'", "below start_z"});
    push<std::uint8_t>("zbad", 3, 1, 1, {0, 0, 0});
    expect_error([] { run("zPositionProjection", {img("zs"), img("zbad"), img("zs_b")}); },
                 {"argument 'z_position'"});
}

TEST(ProjectionPicks, DepthColourByHand) {
    // pixel 0: maximum 200 in plane 0 -> column 0; pixel 1: in plane 1 -> relative z clamped to 1,
    // column 255 clamped to the table's last column 2; intensity (200 - 0) / (200 - 0) = 1
    push<std::uint8_t>("dc", 2, 1, 2, {200, 10, 10, 200});
    push<std::uint8_t>("dc_lut", 3, 1, 3, {100, 150, 200, 0, 1, 2, 50, 60, 70});
    run("depthColorProjection", {img("dc"), img("dc_lut"), img("dc_rgb"), num(0), num(200)});
    EXPECT_EQ(pull<std::uint8_t>("dc_rgb"), (std::vector<std::uint8_t>{100, 200, 0, 2, 50, 70}));
    // intensity 0.5 halves the table's values (rounded to nearest)
    run("depthColorProjection", {img("dc"), img("dc_lut"), img("dc_half"), num(0), num(400)});
    EXPECT_EQ(pull<std::uint8_t>("dc_half"), (std::vector<std::uint8_t>{50, 100, 0, 1, 25, 35}));
}

TEST(ProjectionPicks, ExtendedDepthOfFocusPicksTheSharpPlane) {
    // plane 0 flat (variance and Sobel 0), plane 1 a ramp along x (both > 0): plane 1 is chosen
    std::vector<float> v(4 * 3 * 2, 5.0f);
    for (int y = 0; y < 3; ++y)
        for (int x = 0; x < 4; ++x) v[12 + 4 * y + x] = 3.0f * x;
    push<float>("edf", 4, 3, 2, v);
    const std::vector<float> ramp(v.begin() + 12, v.end());
    run("extendedDepthOfFocusVarianceProjection", {img("edf"), img("edf_v"), num(1), num(1), num(1)});
    EXPECT_EQ(pull<float>("edf_v"), ramp);
    run("extendedDepthOfFocusSobelProjection", {img("edf"), img("edf_s"), num(0)});
    EXPECT_EQ(pull<float>("edf_s"), ramp);
}

TEST(MeanSquaredError, ByHandAndShapeCheck) {
    push<std::uint8_t>("mse_a", 4, 1, 1, {1, 2, 3, 4});
    push<std::uint16_t>("mse_b", 4, 1, 1, {1, 0, 3, 0});
    const auto r = run("meanSquaredError", {img("mse_a"), img("mse_b"), out()});
    ASSERT_EQ(r.numbers.size(), 1u);
    EXPECT_EQ(r.numbers[0].second, 5.0);  // (0 + 4 + 0 + 16) / 4
    push<std::uint8_t>("mse_c", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("meanSquaredError", {img("mse_a"), img("mse_c"), out()}); }, {"argument 'source2'"});
}

TEST(Blur3DSliceBySlice, IsGaussianBlur2D) {
    push<float>("bs", 9, 7, 3, random_image<float>(9, 7, 3, 5, 1000.0));
    run("blur3DSliceBySlice", {img("bs"), img("bs_a"), num(1.5), num(0.7)});
    run("gaussianBlur2D", {img("bs"), img("bs_b"), num(1.5), num(0.7)});
    EXPECT_EQ(pull<float>("bs_a"), pull<float>("bs_b"));
}
