// Pixel-wise arithmetic: subtractImages, addImagesWeighted, addImageAndScalar,
// multiplyImageAndScalar. Expected values are worked out by hand in the comments.
#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;

TEST(MathSubtract, FirstMinusSecondSaturating8Bit) {
    push<u8>("sa", 2, 2, 1, {10, 5, 200, 0});
    push<u8>("sb", 2, 2, 1, {3, 9, 100, 0});
    run("subtractImages", {img("sa"), img("sb"), img("sd")});
    // 10-3 = 7; 5-9 = -4 -> 0 (saturated); 200-100 = 100; 0-0 = 0
    EXPECT_EQ(pull<u8>("sd"), (std::vector<u8>{7, 0, 100, 0}));
}

TEST(MathSubtract, TypesFollowSubtrahend16BitFloatAnd3D) {
    push<u16>("s16a", 3, 1, 1, {1000, 0, 65535});
    push<u16>("s16b", 3, 1, 1, {1, 1, 0});
    run("subtractImages", {img("s16a"), img("s16b"), img("s16d")});
    EXPECT_EQ(pull<u16>("s16d"), (std::vector<u16>{999, 0, 65535}));  // 0-1 saturates at 0
    push<float>("sfa", 1, 1, 2, {1.5f, -2.0f});
    push<u8>("sfb", 1, 1, 2, {1, 3});
    run("subtractImages", {img("sfa"), img("sfb"), img("sfd")});
    EXPECT_EQ(pull<float>("sfd"), (std::vector<float>{0.5f, -5.0f}));  // 1.5-1, -2-3
}

TEST(MathSubtract, ShapeMismatchNamesMinuend) {
    push<u8>("sm1", 2, 2, 1, {1, 2, 3, 4});
    push<u8>("sm2", 2, 1, 2, {1, 2, 3, 4});
    expect_error([] { run("subtractImages", {img("sm1"), img("sm2"), img("smd")}); },
                 {"subtractImages", "argument 'minuend'", "2x1x2", "2x2x1"});
    expect_error([] { run("subtractImages", {img("sm1"), img("nothing_here"), img("smd")}); },
                 {"argument 'minuend'", "nothing_here"});
}

TEST(MathWeighted, RoundsHalfUpAndSaturates) {
    push<u8>("wa", 4, 1, 1, {10, 5, 200, 100});
    push<u8>("wb", 4, 1, 1, {20, 0, 200, 4});
    run("addImagesWeighted", {img("wa"), img("wb"), img("wd"), num(0.5), num(0.25)});
    // 10*0.5 + 20*0.25 = 10; 5*0.5 = 2.5 -> 3 (half up); 100 + 50 = 150; 50 + 1 = 51
    EXPECT_EQ(pull<u8>("wd"), (std::vector<u8>{10, 3, 150, 51}));
    run("addImagesWeighted", {img("wa"), img("wb"), img("wd2"), num(2.0), num(-1.0)});
    // 20-20 = 0; 10-0 = 10; 400-200 = 200; 200-4 = 196
    EXPECT_EQ(pull<u8>("wd2"), (std::vector<u8>{0, 10, 200, 196}));
    run("addImagesWeighted", {img("wa"), img("wb"), img("wd3"), num(-1.0), num(1.5)});
    // -10+30 = 20; -5+0 -> 0; -200+300 = 100; -100+6 -> 0
    EXPECT_EQ(pull<u8>("wd3"), (std::vector<u8>{20, 0, 100, 0}));
}

TEST(MathWeighted, FloatAnd16Bit3D) {
    push<float>("wfa", 2, 1, 1, {1.0f, -2.0f});
    push<float>("wfb", 2, 1, 1, {4.0f, 8.0f});
    run("addImagesWeighted", {img("wfa"), img("wfb"), img("wfd"), num(3.0), num(0.25)});
    EXPECT_EQ(pull<float>("wfd"), (std::vector<float>{4.0f, -4.0f}));  // 3+1, -6+2
    push<u16>("w16a", 1, 1, 2, {60000, 7});
    push<u16>("w16b", 1, 1, 2, {10000, 2});
    run("addImagesWeighted", {img("w16a"), img("w16b"), img("w16d"), num(1.0), num(1.0)});
    EXPECT_EQ(pull<u16>("w16d"), (std::vector<u16>{65535, 9}));  // 70000 saturates
}

TEST(MathAddScalar, RoundingAndSaturationAllTypes) {
    push<u8>("as8", 5, 1, 1, {2, 254, 3, 250, 0});
    run("addImageAndScalar", {img("as8"), img("as8d"), num(0.5)});
    // 2.5 -> 3; 254.5 -> 255; 3.5 -> 4; 250.5 -> 251; 0.5 -> 1 (half up)
    EXPECT_EQ(pull<u8>("as8d"), (std::vector<u8>{3, 255, 4, 251, 1}));
    run("addImageAndScalar", {img("as8"), img("as8e"), num(0.6)});
    // 2.6 -> 3; 254.6 -> 255 (rounded, within range); 3.6 -> 4; 250.6 -> 251; 0.6 -> 1
    EXPECT_EQ(pull<u8>("as8e"), (std::vector<u8>{3, 255, 4, 251, 1}));
    run("addImageAndScalar", {img("as8"), img("as8f"), num(10)});
    // 250 + 10 = 260 saturates at 255
    EXPECT_EQ(pull<u8>("as8f"), (std::vector<u8>{12, 255, 13, 255, 10}));
    run("addImageAndScalar", {img("as8"), img("as8g"), num(-5)});
    // 2-5 and 3-5 and 0-5 are negative -> 0
    EXPECT_EQ(pull<u8>("as8g"), (std::vector<u8>{0, 249, 0, 245, 0}));

    push<u16>("as16", 3, 1, 1, {65535, 100, 0});
    run("addImageAndScalar", {img("as16"), img("as16d"), num(-0.5)});
    // 65534.5 -> 65535 (half up); 99.5 -> 100; -0.5 -> 0
    EXPECT_EQ(pull<u16>("as16d"), (std::vector<u16>{65535, 100, 0}));
    push<float>("asf", 2, 1, 1, {1.5f, -3.0f});
    run("addImageAndScalar", {img("asf"), img("asfd"), num(0.25)});
    EXPECT_EQ(pull<float>("asfd"), (std::vector<float>{1.75f, -2.75f}));  // no rounding for float
    push<u32>("as32", 2, 1, 1, {7, 4000000000u});
    run("addImageAndScalar", {img("as32"), img("as32d"), num(2)});
    // 7+2 = 9; 4e9+2 is computed in float: 4000000000 is a float, +2 rounds back to it
    EXPECT_EQ(pull<u32>("as32d"), (std::vector<u32>{9, 4000000000u}));
}

TEST(MathAddScalar, WorksOnStacks) {
    push<u8>("as3d", 1, 2, 2, {1, 2, 3, 4});
    run("addImageAndScalar", {img("as3d"), img("as3dd"), num(1)});
    EXPECT_EQ(pull<u8>("as3dd"), (std::vector<u8>{2, 3, 4, 5}));
    auto image = session().get("as3dd");
    EXPECT_EQ(image->shape().depth, 2u);
}

TEST(MathMultiplyScalar, RoundsHalfUpAndSaturates8Bit) {
    push<u8>("ms8", 5, 1, 1, {5, 100, 7, 1, 255});
    run("multiplyImageAndScalar", {img("ms8"), img("ms8d"), num(0.5)});
    // 2.5 -> 3; 50; 3.5 -> 4; 0.5 -> 1; 127.5 -> 128 (Math.round: ties up)
    EXPECT_EQ(pull<u8>("ms8d"), (std::vector<u8>{3, 50, 4, 1, 128}));
    run("multiplyImageAndScalar", {img("ms8"), img("ms8e"), num(3)});
    // 15; 300 -> 255; 21; 3; 765 -> 255
    EXPECT_EQ(pull<u8>("ms8e"), (std::vector<u8>{15, 255, 21, 3, 255}));
    run("multiplyImageAndScalar", {img("ms8"), img("ms8f"), num(-1)});
    EXPECT_EQ(pull<u8>("ms8f"), (std::vector<u8>{0, 0, 0, 0, 0}));  // negative -> 0
}

TEST(MathMultiplyScalar, ReproducesImageJsDoubleProduct) {
    // ImageJ multiplies 8/16-bit pixels in double: 45 * 0.7 = 31.499999999999996 (0.7 is
    // 0.6999999999999999556 in double), Math.round gives 31. In float the product is exactly
    // 31.5 (0.7f = 0.69999998807907, 45 * 0.7f = 31.49999946 rounds to the float 31.5), giving 32.
    push<u8>("msd", 1, 1, 1, {45});
    run("multiplyImageAndScalar", {img("msd"), img("msdd"), num(0.7)});
    const u8 expected = session().device_info().has_fp64 ? 31 : 32;
    EXPECT_EQ(pull<u8>("msdd"), (std::vector<u8>{expected}));
}

TEST(MathMultiplyScalar, SixteenBitFloatAndLabels) {
    push<u16>("ms16", 3, 1, 1, {3, 40000, 101});
    run("multiplyImageAndScalar", {img("ms16"), img("ms16d"), num(2.5)});
    // 7.5 -> 8; 100000 -> 65535; 252.5 -> 253
    EXPECT_EQ(pull<u16>("ms16d"), (std::vector<u16>{8, 65535, 253}));
    push<float>("msf", 3, 1, 1, {1.5f, -2.0f, 0.1f});
    run("multiplyImageAndScalar", {img("msf"), img("msfd"), num(-2)});
    EXPECT_EQ(pull<float>("msfd"), (std::vector<float>{-3.0f, 4.0f, -0.2f}));  // 0.1f*-2 is exact
    push<u32>("ms32", 2, 1, 1, {3, 5});
    run("multiplyImageAndScalar", {img("ms32"), img("ms32d"), num(1.5)});
    EXPECT_EQ(pull<u32>("ms32d"), (std::vector<u32>{5, 8}));  // 4.5 -> 5, 7.5 -> 8
}

TEST(MathErrors, MissingImageAndBadScalar) {
    expect_error([] { run("multiplyImageAndScalar", {img("no_such_image"), img("x"), num(2)}); },
                 {"multiplyImageAndScalar", "argument 'source'", "no_such_image"});
    push<u8>("me", 1, 1, 1, {1});
    expect_error([] { run("addImageAndScalar", {img("me"), img("med"), img("me")}); },
                 {"argument 'scalar'", "number"});
}
