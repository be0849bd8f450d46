// The reductions table (native/src/ops/reduction_ops.cpp): hand-computed values on small images,
// uint32 labels beyond 2^24, NaN pixels, empty selections and refused calls; and the threshold
// method operations against automaticThreshold (threshold_ops.cpp).
#include <cmath>
#include <algorithm>
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

TEST(ReductionTable, LargeImagesMatchPlainLoops) {
    // 2053 x 1031 x 3 pixels: more than 8 pixels per work item of the largest launch (1024 groups),
    // so the kernels' unrolled loads and their remainder both run. Integer results exact; float
    // sums within double rounding of a double loop; NaN pixels left out, masks and thresholds applied.
    const std::uint64_t w = 2053, h = 1031, d = 3, n = w * h * d;
    std::mt19937 random(7);
    std::vector<std::uint16_t> px(n);
    std::vector<float> fx(n);
    std::vector<u8> mask(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        px[i] = random() % 7 == 0 ? 0 : static_cast<std::uint16_t>(random() % 65536);
        fx[i] = random() % 101 == 0 ? std::numeric_limits<float>::quiet_NaN()
                                    : static_cast<float>(static_cast<int>(random() % 2000001) - 1000000) / 313.0f;
        mask[i] = random() % 3 == 0 ? 1 : 0;
    }
    push<std::uint16_t>("rt_big", w, h, d, px);
    push<float>("rt_bigf", w, h, d, fx);
    push<u8>("rt_bigm", w, h, d, mask);
    std::uint64_t sum = 0, nonzero = 0, masked_sum = 0, masked_count = 0, above = 0, above_count = 0;
    std::uint16_t lo = 65535, hi = 0, masked_hi = 0;
    double fsum = 0, fmagnitude = 0, fsq = 0;
    std::uint64_t fcount = 0;
    float flo = std::numeric_limits<float>::infinity(), fhi = -flo;
    for (std::uint64_t i = 0; i < n; ++i) {
        sum += px[i];
        nonzero += px[i] != 0;
        lo = std::min(lo, px[i]);
        hi = std::max(hi, px[i]);
        if (mask[i]) {
            masked_sum += px[i];
            ++masked_count;
            masked_hi = std::max(masked_hi, px[i]);
        }
        if (px[i] > 40000) {
            above += px[i];
            ++above_count;
        }
        if (!std::isnan(fx[i])) {
            fsum += fx[i];
            fmagnitude += std::fabs(fx[i]);
            ++fcount;
            flo = std::min(flo, fx[i]);
            fhi = std::max(fhi, fx[i]);
        }
    }
    const double fmean = fsum / static_cast<double>(fcount);
    for (float f : fx)
        if (!std::isnan(f)) fsq += (f - fmean) * (f - fmean);
    EXPECT_EQ(value("getSumOfAllPixels", {img("rt_big")}), static_cast<double>(sum));
    EXPECT_EQ(value("countNonZeroPixels", {img("rt_big")}), static_cast<double>(nonzero));
    EXPECT_EQ(value("getMinimumOfAllPixels", {img("rt_big")}), lo);
    EXPECT_EQ(value("getMaximumOfAllPixels", {img("rt_big")}), hi);
    EXPECT_EQ(value("maximumOfMaskedPixels", {img("rt_big"), img("rt_bigm")}), masked_hi);
    EXPECT_DOUBLE_EQ(value("meanOfMaskedPixels", {img("rt_big"), img("rt_bigm")}),
                     static_cast<double>(masked_sum) / static_cast<double>(masked_count));
    EXPECT_DOUBLE_EQ(value("meanOfPixelsAboveThreshold", {img("rt_big"), num(40000)}),
                     static_cast<double>(above) / static_cast<double>(above_count));
    // Devices without fp64 sum float pixels in float per work item (REAL = float in the kernel).
    const double rel = has_fp64() ? 1e-9 : 1e-6;
    EXPECT_EQ(value("getMinimumOfAllPixels", {img("rt_bigf")}), flo);
    EXPECT_EQ(value("getMaximumOfAllPixels", {img("rt_bigf")}), fhi);
    EXPECT_NEAR(value("getSumOfAllPixels", {img("rt_bigf")}), fsum, rel * fmagnitude);
    EXPECT_NEAR(value("getMeanOfAllPixels", {img("rt_bigf")}), fmean, rel * fmagnitude / static_cast<double>(fcount));
    EXPECT_NEAR(value("varianceOfAllPixels", {img("rt_bigf")}), fsq / static_cast<double>(fcount),
                rel * fsq / static_cast<double>(fcount));
    // The whole-image reduction kernel (reduction.cl): squares of the differences from a zero
    // image, each squared in float as the kernel does, summed in double.
    push<std::uint16_t>("rt_bigz", w, h, d, std::vector<std::uint16_t>(n, 0));
    double squares = 0;
    for (std::uint16_t p : px) squares += static_cast<double>(static_cast<float>(p) * static_cast<float>(p));
    EXPECT_NEAR(value("getMeanSquaredError", {img("rt_big"), img("rt_bigz")}), squares / static_cast<double>(n),
                rel * squares / static_cast<double>(n));
}
