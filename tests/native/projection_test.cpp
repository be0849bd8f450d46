// maximumZProjection.
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
