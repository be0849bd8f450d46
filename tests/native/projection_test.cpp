// The projection family (native/src/ops/projection_ops.cpp) on worked examples; the Z
// projections are also compared with ImageJ in ProjectionImageJTest.
#include <cfloat>
#include <cmath>

#include "test_support.hpp"

using namespace ijcl_test;

TEST(ProjectionMaxZ, IntegerStack) {
    // 2 x 2 x 3: the maximum of each (x, y) column over the three planes
    push<std::uint16_t>("pz", 2, 2, 3, {1, 9, 3, 0,   5, 2, 3, 0,   4, 8, 65535, 0});
    run("maximumZProjection", {img("pz"), img("pzd")});
    EXPECT_EQ(pull<std::uint16_t>("pzd"), (std::vector<std::uint16_t>{5, 9, 65535, 0}));
    auto out = session().get("pzd");
    EXPECT_EQ(out->shape().width, 2u);
    EXPECT_EQ(out->shape().height, 2u);
    EXPECT_EQ(out->shape().depth, 1u);
}

TEST(ProjectionMaxZ, FloatIgnoresNaNAnd8BitSinglePlane) {
    const float nan = std::nanf("");
    push<float>("pzf", 3, 1, 2, {-5.0f, nan, nan,   -7.0f, 2.0f, nan});
    run("maximumZProjection", {img("pzf"), img("pzfd")});
    // column 0: max(-5, -7) = -5; column 1: NaN ignored -> 2; column 2: only NaN -> -FLT_MAX (ImageJ)
    EXPECT_EQ(pull<float>("pzfd"), (std::vector<float>{-5.0f, 2.0f, -FLT_MAX}));
    push<std::uint8_t>("pz8", 2, 1, 1, {7, 200});
    run("maximumZProjection", {img("pz8"), img("pz8d")});
    EXPECT_EQ(pull<std::uint8_t>("pz8d"), (std::vector<std::uint8_t>{7, 200}));
}

TEST(ProjectionMaxZ, BinaryStaysBinaryAndMissingInput) {
    push<std::uint8_t>("pzb", 2, 1, 2, {0, 1, 0, 0}, ijcl::ImageKind::Binary);
    run("maximumZProjection", {img("pzb"), img("pzbd")});
    EXPECT_EQ(pull<std::uint8_t>("pzbd"), (std::vector<std::uint8_t>{0, 1}));
    EXPECT_EQ(session().get("pzbd")->kind(), ijcl::ImageKind::Binary);
    expect_error([] { run("maximumZProjection", {img("pz_missing"), img("x")}); },
                 {"maximumZProjection", "argument 'source'", "pz_missing"});
}

// X and Y projections and z positions on a worked example: 3 x 2 x 2 (x fastest).
//   plane 0: 1 5 2 / 7 0 7      plane 1: 4 4 9 / 0 3 1
TEST(ProjectionFamily, XYAndPositionsByHand) {
    push<std::uint16_t>("pf", 3, 2, 2, {1, 5, 2, 7, 0, 7,   4, 4, 9, 0, 3, 1});
    // along x: destination (z, y), width = depth 2, height 2: row y holds (plane 0, plane 1)
    run("maximumXProjection", {img("pf"), img("pfx")});
    EXPECT_EQ(pull<std::uint16_t>("pfx"), (std::vector<std::uint16_t>{5, 9, 7, 3}));
    auto sx = session().get("pfx")->shape();
    EXPECT_EQ(sx.width, 2u);
    EXPECT_EQ(sx.height, 2u);
    run("minimumXProjection", {img("pf"), img("pfxn")});
    EXPECT_EQ(pull<std::uint16_t>("pfxn"), (std::vector<std::uint16_t>{1, 4, 0, 0}));
    // sums are float32: (8, 17 / 14, 4)
    run("sumXProjection", {img("pf"), img("pfxs")});
    EXPECT_EQ(pull<float>("pfxs"), (std::vector<float>{8, 17, 14, 4}));
    // along y: destination (x, z), width 3, height = depth 2
    run("maximumYProjection", {img("pf"), img("pfy")});
    EXPECT_EQ(pull<std::uint16_t>("pfy"), (std::vector<std::uint16_t>{7, 5, 7, 4, 4, 9}));
    // means in the source type, rounded to nearest: (4, 2.5, 4.5 / 2, 3.5, 5)
    run("meanYProjection", {img("pf"), img("pfym")});
    EXPECT_EQ(pull<std::uint16_t>("pfym"), (std::vector<std::uint16_t>{4, 3, 5, 2, 4, 5}));
    run("meanXProjection", {img("pf"), img("pfxm")});  // (8/3, 17/3 / 14/3, 4/3)
    EXPECT_EQ(pull<std::uint16_t>("pfxm"), (std::vector<std::uint16_t>{3, 6, 5, 1}));
    // z positions: maximum of (1,4)->1 (5,4)->0 (2,9)->1 (7,0)->0 (0,3)->1 (7,1)->0
    run("zPositionOfMaximumZProjection", {img("pf"), img("pfzp")});
    EXPECT_EQ(pull<std::uint16_t>("pfzp"), (std::vector<std::uint16_t>{1, 0, 1, 0, 1, 0}));
    run("zPositionOfMinimumZProjection", {img("pf"), img("pfzq")});
    EXPECT_EQ(pull<std::uint16_t>("pfzq"), (std::vector<std::uint16_t>{0, 1, 0, 1, 0, 1}));
    run("argMaximumZProjection", {img("pf"), img("pfam"), img("pfaa")});
    EXPECT_EQ(pull<std::uint16_t>("pfam"), (std::vector<std::uint16_t>{4, 5, 9, 7, 3, 7}));
    EXPECT_EQ(pull<std::uint16_t>("pfaa"), (std::vector<std::uint16_t>{1, 0, 1, 0, 1, 0}));
}

TEST(ProjectionFamily, TiesTakeTheFirstPlaneAndLabelsStayExact) {
    // ties: the smallest z wins
    push<std::uint8_t>("pt", 1, 1, 3, {6, 6, 2});
    run("zPositionOfMaximumZProjection", {img("pt"), img("ptp")});
    EXPECT_EQ(pull<std::uint8_t>("ptp"), (std::vector<std::uint8_t>{0}));
    // uint32 labels beyond 2^24 compare exactly (float would merge 16777217 and 16777216)
    push<std::uint32_t>("pl", 1, 1, 2, {16777217u, 16777216u}, ijcl::ImageKind::Label);
    run("maximumZProjection", {img("pl"), img("plm")});
    run("minimumYProjection", {img("pl"), img("pln")});
    run("zPositionOfMaximumZProjection", {img("pl"), img("plp")});
    EXPECT_EQ(pull<std::uint32_t>("plm"), (std::vector<std::uint32_t>{16777217u}));
    EXPECT_EQ(pull<std::uint32_t>("pln"), (std::vector<std::uint32_t>{16777217u, 16777216u}));
    EXPECT_EQ(pull<std::uint32_t>("plp"), (std::vector<std::uint32_t>{0u}));
}

TEST(ProjectionFamily, BoundsAreCheckedAndIncluded) {
    push<float>("pb", 1, 1, 4, {1.0f, 2.0f, 4.0f, 8.0f});
    run("meanZProjectionBounded", {img("pb"), img("pbm"), num(1), num(2)});
    EXPECT_EQ(pull<float>("pbm"), (std::vector<float>{3.0f}));
    run("maximumZProjectionBounded", {img("pb"), img("pbx"), num(0), num(2)});
    EXPECT_EQ(pull<float>("pbx"), (std::vector<float>{4.0f}));
    expect_error([] { run("minimumZProjectionBounded", {img("pb"), img("pbn"), num(1), num(4)}); },
                 {"minimumZProjectionBounded", "argument 'max_z'", "beyond the stack"});
    expect_error([] { run("minimumZProjectionBounded", {img("pb"), img("pbn"), num(3), num(2)}); },
                 {"argument 'max_z'", "below min_z"});
    // the float mean leaves NaN out; a line of only NaN gives NaN
    const float nan = std::nanf("");
    push<float>("pn", 2, 1, 3, {nan, nan, 2.0f, nan, 4.0f, nan});
    run("meanZProjection", {img("pn"), img("pnm")});
    auto m = pull<float>("pnm");
    EXPECT_EQ(m[0], 3.0f);
    EXPECT_TRUE(std::isnan(m[1]));
}

TEST(ProjectionFamily, PositionsAndMeansOfBinaryImagesAreIntensities) {
    push<std::uint8_t>("pbin", 1, 1, 3, {1, 0, 1}, ijcl::ImageKind::Binary);
    run("zPositionOfMinimumZProjection", {img("pbin"), img("pbinp")});
    EXPECT_EQ(pull<std::uint8_t>("pbinp"), (std::vector<std::uint8_t>{1}));
    EXPECT_EQ(session().get("pbinp")->kind(), ijcl::ImageKind::Intensity);
    run("maximumZProjection", {img("pbin"), img("pbinm")});
    EXPECT_EQ(session().get("pbinm")->kind(), ijcl::ImageKind::Binary);
    run("meanZProjection", {img("pbin"), img("pbinmean")});
    EXPECT_EQ(session().get("pbinmean")->kind(), ijcl::ImageKind::Intensity);
}
