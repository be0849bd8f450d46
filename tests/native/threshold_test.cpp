// threshold and automaticThreshold. Levels are worked out by hand in the comments.
#include <cmath>
#include <initializer_list>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u16 = std::uint16_t;

namespace {
// Each value four times, in order: {a, b} -> {a, a, a, a, b, b, b, b}.
template <typename T>
std::vector<T> four_of_each(std::initializer_list<T> values) {
    std::vector<T> out;
    for (T v : values) out.insert(out.end(), 4, v);
    return out;
}
}  // namespace

TEST(ThresholdFixed, GreaterOrEqualAllTypes) {
    push<u8>("t8", 5, 1, 1, {0, 99, 100, 101, 255});
    run("threshold", {img("t8"), img("t8d"), num(100)});
    EXPECT_EQ(pull<u8>("t8d"), (std::vector<u8>{0, 0, 1, 1, 1}));
    EXPECT_EQ(session().get("t8d")->kind(), ijcl::ImageKind::Binary);
    run("threshold", {img("t8"), img("t8e"), num(99.5)});  // 99 < 99.5 <= 100
    EXPECT_EQ(pull<u8>("t8e"), (std::vector<u8>{0, 0, 1, 1, 1}));
    push<u16>("t16", 2, 1, 2, {0, 65535, 1000, 999});
    run("threshold", {img("t16"), img("t16d"), num(1000)});
    EXPECT_EQ(pull<u8>("t16d"), (std::vector<u8>{0, 1, 1, 0}));
    push<float>("tf", 4, 1, 1, {-1.5f, 0.5f, 2.0f, std::nanf("")});
    run("threshold", {img("tf"), img("tfd"), num(0.5)});
    EXPECT_EQ(pull<u8>("tfd"), (std::vector<u8>{0, 1, 1, 0}));  // NaN never passes
    run("threshold", {img("tf"), img("tfe"), num(-10)});
    EXPECT_EQ(pull<u8>("tfe"), (std::vector<u8>{1, 1, 1, 0}));
}

// 5 x 2 8-bit image: five 10s, one 40, one 50, three 90s (N = 10).
//
// Otsu, between-class variance (mu_T * omega - mu)^2 / (omega (1 - omega)), mu_T = 41:
//   t in [10, 40): omega 0.5, mu  5 -> (20.5 -  5)^2 / 0.25 = 961
//   t in [40, 50): omega 0.6, mu  9 -> (24.6 -  9)^2 / 0.24 = 1014
//   t in [50, 90): omega 0.7, mu 14 -> (28.7 - 14)^2 / 0.21 = 1029   <- maximum, first at t = 50
// so level 50 and "dark" keeps pixels > 50: only the 90s.
//
// Default (ImageJ's IsoData): the mode (5 at bin 10) is not above twice the next count (3), so no
// clipping. Moving the split up from 10: split < 40: mean below 10, above (40+50+270)/5 = 72,
// average 41; split 40..49: below (50+40)/6 = 15, above (50+270)/4 = 80, average 47.5. It stops at
// the first split with split + 1 > average (split 47), level round(47.5) = 48: pixels > 48 are
// the 50 and the 90s.
TEST(ThresholdAuto, OtsuAndDefaultOnAHandComputedHistogram) {
    push<u8>("at8", 5, 2, 1, {10, 10, 10, 10, 10, 40, 50, 90, 90, 90});
    run("automaticThreshold", {img("at8"), img("at8o"), std::string("Otsu")});
    EXPECT_EQ(pull<u8>("at8o"), (std::vector<u8>{0, 0, 0, 0, 0, 0, 0, 1, 1, 1}));
    run("automaticThreshold", {img("at8"), img("at8d"), std::string("Default")});
    EXPECT_EQ(pull<u8>("at8d"), (std::vector<u8>{0, 0, 0, 0, 0, 0, 1, 1, 1, 1}));
    EXPECT_EQ(session().get("at8d")->kind(), ijcl::ImageKind::Binary);
    // Method names are matched case-insensitively, as the macro language passes them.
    run("automaticThreshold", {img("at8"), img("at8l"), std::string("otsu")});
    EXPECT_EQ(pull<u8>("at8l"), pull<u8>("at8o"));
}

// 16-bit 4 x 4: four pixels each of 1000, 2000, 3000, 4000. ImageJ bins a 2D 16-bit image with
// (v - min) * 256 / (max - min + 1) + 0.5, truncated: 1000 -> 0.5 -> 0; 2000 -> 85.30 -> 85;
// 3000 -> 170.6 -> 171; 4000 -> 256.4 -> 255. Otsu on bins {0, 85, 171, 255} x 4
// (mu_T = 127.75): t in [0,85): (31.94 - 0)^2/0.1875 = 5440; t in [85,171): (63.875 - 21.25)^2
// / 0.25 = 7268 (maximum); t in [171,255): (95.81 - 64)^2/0.1875 = 5398 -> level 85. Back to a
// pixel value: 1000 + (86 / 255) * 3000 = 2011.76, rounded 2012: the 3000s and 4000s pass.
TEST(ThresholdAuto, SixteenBitBinsAndMapsBackAsImageJ) {
    push<u16>("at16", 4, 4, 1, four_of_each<u16>({1000, 2000, 3000, 4000}));
    run("automaticThreshold", {img("at16"), img("at16o"), std::string("Otsu")});
    const auto expected = four_of_each<u8>({0, 0, 1, 1});
    EXPECT_EQ(pull<u8>("at16o"), expected);
    // Default: IsoData ignores the end bins 0 and 255; between 85 and 171 the average of the
    // class means is 128 -> level 128 -> 1000 + 129/255 * 3000 = 2517.6 -> 2518: same pixels.
    run("automaticThreshold", {img("at16"), img("at16d"), std::string("Default")});
    EXPECT_EQ(pull<u8>("at16d"), expected);
}

// A 16-bit stack uses ImageJ's stack histogram: bin = (int)((v - min) / ((max - min + 1) / 256)),
// here 1000 -> 0, 2000 -> 85.3 -> 85, 3000 -> 170.6 -> 170, 4000 -> 255.9 -> 255. Otsu on
// {0, 85, 170, 255} x 1 peaks on [85, 170) -> level 85 -> 2012 again.
TEST(ThresholdAuto, StacksUseOneHistogramForAllPlanes) {
    push<u16>("ats", 1, 1, 4, {1000, 2000, 3000, 4000});
    run("automaticThreshold", {img("ats"), img("atsd"), std::string("Otsu")});
    EXPECT_EQ(pull<u8>("atsd"), (std::vector<u8>{0, 0, 1, 1}));
}

// Float 2D: bins (v - min) * 255 / (max - min) + 0.5: 0 -> 0, 1 -> 85, 2 -> 170, 3 -> 255.
// Otsu: level 85 (as above) -> 0 + 86/255 * 3 = 1.0118: 2 and 3 pass, 1 does not.
TEST(ThresholdAuto, FloatImage) {
    push<float>("atf", 4, 4, 1, four_of_each<float>({0.0f, 1.0f, 2.0f, 3.0f}));
    run("automaticThreshold", {img("atf"), img("atfd"), std::string("Otsu")});
    EXPECT_EQ(pull<u8>("atfd"), four_of_each<u8>({0, 0, 1, 1}));
}

TEST(ThresholdAuto, ConstantAndTwoValuedImages) {
    // One grey value 7: ImageJ's bilevel rule gives level 6, so every pixel passes.
    push<u8>("atc", 3, 1, 1, {7, 7, 7});
    run("automaticThreshold", {img("atc"), img("atcd"), std::string("Otsu")});
    EXPECT_EQ(pull<u8>("atcd"), (std::vector<u8>{1, 1, 1}));
    // Two grey values 3 and 9: level 9 - 1 = 8, the 9s pass (any method).
    push<u8>("at2", 4, 1, 1, {3, 9, 3, 9});
    run("automaticThreshold", {img("at2"), img("at2d"), std::string("Huang")});
    EXPECT_EQ(pull<u8>("at2d"), (std::vector<u8>{0, 1, 0, 1}));
    // A constant 16-bit image: max == min, ImageJ's threshold is the value itself: all pass.
    push<u16>("atc16", 2, 1, 1, {500, 500});
    run("automaticThreshold", {img("atc16"), img("atc16d"), std::string("Default")});
    EXPECT_EQ(pull<u8>("atc16d"), (std::vector<u8>{1, 1}));
}

TEST(ThresholdAuto, Errors) {
    push<u8>("ate", 2, 1, 1, {1, 2});
    expect_error([] { run("automaticThreshold", {img("ate"), img("ated"), std::string("Otsu2")}); },
                 {"automaticThreshold", "argument 'method'", "Otsu2", "Default", "Huang", "Otsu", "Yen"});
    push<std::uint32_t>("atl", 2, 1, 1, {1, 2}, ijcl::ImageKind::Label);
    expect_error([] { run("automaticThreshold", {img("atl"), img("ated"), std::string("Otsu")}); },
                 {"argument 'source'", "label"});
    expect_error([] { run("automaticThreshold", {img("at_missing"), img("ated"), std::string("Otsu")}); },
                 {"argument 'source'", "at_missing"});
}
