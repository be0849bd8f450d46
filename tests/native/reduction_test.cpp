// The reductions table (native/src/ops/reduction_ops.cpp): hand-computed values on small images,
// uint32 labels beyond 2^24, NaN pixels, empty selections and refused calls; and the threshold
// method operations against automaticThreshold (threshold_ops.cpp).
#include <cmath>
#include <limits>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u32 = std::uint32_t;

namespace {

double value(const char* op, std::vector<ijcl::Value> args) {
    args.push_back(out());
    const auto r = run(op, args);
    EXPECT_EQ(r.numbers.size(), 1u) << op;
    return r.numbers.empty() ? std::nan("") : r.numbers[0].second;
}

}  // namespace

TEST(ReductionTable, HandComputedFloatImageWithMask) {
    // pixels 1 2 3 4 / 5 6 7 8 (4 x 2); mask 1 0 1 0 / 0 0 2 0 selects 1, 3, 7.
    push<float>("rt_f", 4, 2, 1, {1, 2, 3, 4, 5, 6, 7, 8});
    push<u8>("rt_m", 4, 2, 1, {1, 0, 1, 0, 0, 0, 2, 0});
    EXPECT_EQ(value("getMinimumOfAllPixels", {img("rt_f")}), 1.0);
    EXPECT_EQ(value("maximumOfAllPixels", {img("rt_f")}), 8.0);
    EXPECT_EQ(value("sumOfAllPixels", {img("rt_f")}), 36.0);
    EXPECT_EQ(value("getMeanOfAllPixels", {img("rt_f")}), 4.5);
    // population variance of 1..8: (64 - 1) / 12 = 5.25
    EXPECT_DOUBLE_EQ(value("varianceOfAllPixels", {img("rt_f")}), 5.25);
    EXPECT_DOUBLE_EQ(value("standardDeviationOfAllPixels", {img("rt_f")}), std::sqrt(5.25));
    EXPECT_DOUBLE_EQ(value("meanOfMaskedPixels", {img("rt_f"), img("rt_m")}), 11.0 / 3);
    EXPECT_EQ(value("minimumOfMaskedPixels", {img("rt_f"), img("rt_m")}), 1.0);
    EXPECT_EQ(value("maximumOfMaskedPixels", {img("rt_f"), img("rt_m")}), 7.0);
    // deviations from 11/3: -8/3, -2/3, 10/3 -> (64 + 4 + 100) / 9 / 3 = 56 / 9
    expect_real(value("varianceOfMaskedPixels", {img("rt_f"), img("rt_m")}), 56.0 / 9);
    expect_real(value("standardDeviationOfMaskedPixels", {img("rt_f"), img("rt_m")}), std::sqrt(56.0 / 9));
    // above 5: 6, 7, 8
    EXPECT_EQ(value("meanOfPixelsAboveThreshold", {img("rt_f"), num(5)}), 7.0);
    EXPECT_EQ(value("meanOfPixelsAboveThreshold", {img("rt_f"), num(4.5)}), 6.5);
}

TEST(ReductionTable, EmptySelectionsNanAndLabels) {
    push<float>("rt_f", 2, 2, 1, {1, 2, 3, 4});
    push<u8>("rt_zero", 2, 2, 1, {0, 0, 0, 0});
    EXPECT_TRUE(std::isnan(value("meanOfMaskedPixels", {img("rt_f"), img("rt_zero")})));
    EXPECT_TRUE(std::isnan(value("varianceOfMaskedPixels", {img("rt_f"), img("rt_zero")})));
    EXPECT_EQ(value("maximumOfMaskedPixels", {img("rt_f"), img("rt_zero")}), -std::numeric_limits<double>::infinity());
    EXPECT_EQ(value("minimumOfMaskedPixels", {img("rt_f"), img("rt_zero")}), std::numeric_limits<double>::infinity());
    EXPECT_TRUE(std::isnan(value("meanOfPixelsAboveThreshold", {img("rt_f"), num(10)})));
    // NaN pixels are left out of sums, counts, min and max
    const float nan = std::numeric_limits<float>::quiet_NaN();
    push<float>("rt_nan", 3, 1, 1, {2, nan, 4});
    EXPECT_EQ(value("getMeanOfAllPixels", {img("rt_nan")}), 3.0);
    EXPECT_EQ(value("varianceOfAllPixels", {img("rt_nan")}), 1.0);
    EXPECT_EQ(value("getMinimumOfAllPixels", {img("rt_nan")}), 2.0);
    // uint32 ids beyond 2^24 stay exact (min, max, sum in 64-bit integers)
    push<u32>("rt_lbl", 3, 1, 1, {16777217u, 16777219u, 4000000000u}, ijcl::ImageKind::Label);
    EXPECT_EQ(value("getMinimumOfAllPixels", {img("rt_lbl")}), 16777217.0);
    EXPECT_EQ(value("maximumOfAllPixels", {img("rt_lbl")}), 4000000000.0);
    EXPECT_EQ(value("getSumOfAllPixels", {img("rt_lbl")}), 16777217.0 + 16777219.0 + 4000000000.0);
    // a mask of another shape is refused
    push<u8>("rt_small", 1, 1, 1, {1});
    expect_error([] { run("meanOfMaskedPixels", {img("rt_f"), img("rt_small"), out()}); }, {"mask"});
}

TEST(ReductionTable, DimensionsAndSliceSums) {
    push<u8>("rt_s", 3, 2, 2, {1, 2, 3, 4, 5, 6, 10, 20, 30, 40, 50, 60});
    const auto d = run("getDimensions", {img("rt_s"), out(), out(), out()});
    ASSERT_EQ(d.numbers.size(), 3u);
    EXPECT_EQ(d.numbers[0].second, 3.0);
    EXPECT_EQ(d.numbers[1].second, 2.0);
    EXPECT_EQ(d.numbers[2].second, 2.0);
    run("sumImageSliceBySlice", {img("rt_s"), img("rt_sums")});
    EXPECT_EQ(pull<float>("rt_sums"), (std::vector<float>{21, 210}));
}

TEST(ReductionTable, ThresholdMethodsEqualAutomaticThreshold) {
    const auto px = random_image<std::uint16_t>(61, 37, 3, 7, 4000);
    push<std::uint16_t>("rt_in", 61, 37, 3, px);
    for (const char* method : {"Default", "Otsu", "Huang", "Triangle", "Yen"}) {
        run("automaticThreshold", {img("rt_in"), img("rt_a"), std::string(method)});
        run(std::string("threshold") + method, {img("rt_in"), img("rt_b")});
        EXPECT_EQ(pull<u8>("rt_a"), pull<u8>("rt_b")) << method;
        // threshold(getAutomaticThreshold) == automaticThreshold
        const double level = value("getAutomaticThreshold", {img("rt_in"), std::string(method)});
        run("threshold", {img("rt_in"), img("rt_c"), num(level)});
        EXPECT_EQ(pull<u8>("rt_a"), pull<u8>("rt_c")) << method;
    }
}
