// The edge filters, local statistics and Gaussian compositions (native/src/ops/edge_filter_ops.cpp,
// neighbourhood_ops.cpp, gaussian_ops.cpp) on examples worked out by hand, including CLIJ2's quirks
// that ijcl reproduces (documented in each operation). The same operations are compared with
// CLIJ2's kernels on real data in tests/oracles/clij2_oracles.tsv and with ImageJ in
// EdgeFilterImageJTest.
#include <cmath>

#include "test_support.hpp"

using namespace ijcl_test;

TEST(LocalStatistics, VarianceAndStandardDeviationWithEdgesRepeated) {
    // neighbourhoods of radius 1 in x: {1,1,2}, {1,2,6}, {2,6,6}
    push<float>("ls", 3, 1, 1, {1, 2, 6});
    run("varianceBox", {img("ls"), img("ls_var"), num(1), num(0), num(0)});
    const auto var = pull<float>("ls_var");
    ASSERT_EQ(var.size(), 3u);
    EXPECT_NEAR(var[0], 6.0 / 27, 1e-6);
    EXPECT_NEAR(var[1], 14.0 / 3, 1e-5);
    EXPECT_NEAR(var[2], 96.0 / 27, 1e-5);
    push<std::uint8_t>("ls8", 3, 1, 1, {1, 2, 6});
    run("standardDeviationSphere", {img("ls8"), img("ls_std"), num(1), num(0), num(0)});
    EXPECT_EQ(session().get("ls_std")->type(), ijcl::PixelType::Float32);
    const auto sd = pull<float>("ls_std");
    EXPECT_NEAR(sd[1], std::sqrt(14.0 / 3), 1e-5);
}

TEST(LocalStatistics, EntropyBinsFromTheMinimumAndKeepsTheMaximumInTheLastBin) {
    // 256 bins over 0..255: 0 in bin 0, 255 in bin 255 (CLIJ2's kernel would index bin 256)
    push<std::uint8_t>("en", 4, 1, 1, {0, 0, 255, 255});
    run("entropyBox", {img("en"), img("en_out"), num(1), num(0), num(0)});
    const auto e = pull<float>("en_out");
    const double h = -(std::log2(1.0 / 3) / 3 + 2 * std::log2(2.0 / 3) / 3);  // 0.918 bits
    EXPECT_NEAR(e[0], 0, 1e-6);
    EXPECT_NEAR(e[1], h, 1e-5);
    EXPECT_NEAR(e[2], h, 1e-5);
    EXPECT_NEAR(e[3], 0, 1e-6);
}

TEST(LocalStatistics, CountNonZeroInTheEllipseAndClij2sSliceBySlicePlaneRule) {
    // 3 x 3: 0 5 2 / 7 0 3 / 1 4 0; radius 1, 1: the centre and its 4 face neighbours, edges repeated
    push<std::uint8_t>("cz", 3, 3, 1, {0, 5, 2, 7, 0, 3, 1, 4, 0});
    run("countNonZeroPixels2DSphere", {img("cz"), img("cz_out"), num(1), num(1)});
    EXPECT_EQ(pull<std::uint8_t>("cz_out"), (std::vector<std::uint8_t>{2, 3, 5, 3, 4, 3, 5, 3, 2}));
    // a 1 x 1 x 3 stack 0, 0, 5: output plane z counts input plane min(2z, 2), as CLIJ2's kernel
    push<std::uint16_t>("czs", 1, 1, 3, {0, 0, 5});
    run("countNonZeroPixelsSliceBySliceSphere", {img("czs"), img("czs_out"), num(0), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("czs_out"), (std::vector<std::uint16_t>{0, 1, 1}));
    run("countNonZeroVoxels3DSphere", {img("czs"), img("czs_3d"), num(0), num(0), num(1)});
    EXPECT_EQ(pull<std::uint16_t>("czs_3d"), (std::vector<std::uint16_t>{0, 1, 2}));
}

TEST(EdgeStencils, GradientsLaplaceAndTypeRules) {
    push<float>("g", 3, 1, 1, {1, 2, 4});
    run("gradientX", {img("g"), img("g_x")});
    EXPECT_EQ(pull<float>("g_x"), (std::vector<float>{1, 3, 2}));
    run("gradientZ", {img("g"), img("g_z")});  // a 2D image: 0
    EXPECT_EQ(pull<float>("g_z"), (std::vector<float>{0, 0, 0}));
    push<std::uint8_t>("g8", 3, 1, 1, {4, 2, 1});
    run("gradientX", {img("g8"), img("g8_x")});  // -2, -3, -1 saturate to 0 in uint8
    EXPECT_EQ(pull<std::uint8_t>("g8_x"), (std::vector<std::uint8_t>{0, 0, 0}));
    // a constant stack: CLIJ2's laplace_box_3d weights the centre 1, so k - 26 k = -25 k
    push<float>("lb", 3, 3, 3, std::vector<float>(27, 2.0f));
    run("laplaceBox", {img("lb"), img("lb_out")});
    EXPECT_EQ(pull<float>("lb_out"), std::vector<float>(27, -50.0f));
    push<float>("lb2", 3, 3, 1, std::vector<float>(9, 2.0f));  // a plane: 8 k - 8 k
    run("laplaceBox", {img("lb2"), img("lb2_out")});
    EXPECT_EQ(pull<float>("lb2_out"), std::vector<float>(9, 0.0f));
    run("tenengrad", {img("lb"), img("lb_t")});
    EXPECT_EQ(session().get("lb_t")->type(), ijcl::PixelType::Float32);
    EXPECT_EQ(pull<float>("lb_t"), std::vector<float>(27, 0.0f));
}

TEST(Convolve, EvenKernelReadsItsLastColumnTwice) {
    // kernel 10 1 (width 2): centre index 1, offsets -1..1 read kernel columns 0, 1, 1 (clamped)
    push<float>("cv", 3, 1, 1, {1, 2, 4});
    push<std::uint8_t>("cv_k", 2, 1, 1, {10, 1});
    run("convolve", {img("cv"), img("cv_k"), img("cv_out")});
    EXPECT_EQ(pull<float>("cv_out"), (std::vector<float>{13, 16, 28}));
}

TEST(GaussianCompositions, ZeroSigmasGiveZeroDifferenceAndUnitQuotient) {
    push<std::uint16_t>("gc", 3, 2, 1, {1, 2, 3, 4, 5, 6});
    run("differenceOfGaussian2D", {img("gc"), img("gc_dog"), num(0), num(0), num(0), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("gc_dog"), std::vector<std::uint16_t>(6, 0));
    run("divideByGaussianBackground", {img("gc"), img("gc_div"), num(0), num(0), num(0)});
    EXPECT_EQ(session().get("gc_div")->type(), ijcl::PixelType::Float32);
    EXPECT_EQ(pull<float>("gc_div"), std::vector<float>(6, 1.0f));
}
