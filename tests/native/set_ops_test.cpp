// The in-place image kind (ParamKind::InPlaceImage: CLIJ2's plain "Image source" of set*, written
// by the operation) and setRandom's distribution. setRandom cannot match CLIJ2 value for value
// (CLIJ2 draws with java.util.Random on the host), so its tests check the distribution it promises
// against expectations worked out by hand for a uniform distribution on [min, max).
#include <algorithm>
#include <cmath>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;

namespace {

constexpr int W = 127, H = 93, D = 7;  // odd sizes: 82677 pixels, a partial last vector
constexpr double N = static_cast<double>(W) * H * D;

void release(const char* name) {
    if (session().find(name)) session().release(name);
}

}  // namespace

TEST(InPlaceImage, RegistryDescribesTheKind) {
    const auto& spec = ijcl::Registry::instance().get("set");
    ASSERT_EQ(spec.params.size(), 2u);
    EXPECT_EQ(spec.params[0].kind, ijcl::ParamKind::InPlaceImage);
    EXPECT_EQ(spec.clij2, "Image source, Number value");
    EXPECT_NE(ijcl::Registry::instance().describe().find("param\tsource\timage_inout\t"), std::string::npos);
}

TEST(InPlaceImage, WritesTheSameImageAndMarksItIntensity) {
    push<std::uint8_t>("inplace_a", 5, 3, 2, std::vector<std::uint8_t>(30, 1), ijcl::ImageKind::Binary);
    const auto before = session().get("inplace_a");
    run("set", {img("inplace_a"), num(7)});
    EXPECT_EQ(session().get("inplace_a"), before) << "written in place, not replaced";
    EXPECT_EQ(before->kind(), ijcl::ImageKind::Intensity) << "7 is no binary value any more";
    for (auto v : pull<std::uint8_t>("inplace_a")) EXPECT_EQ(v, 7);
    release("inplace_a");
}

TEST(InPlaceImage, MustExist) {
    release("inplace_missing");
    expect_error([] { run("setRampX", {img("inplace_missing")}); }, {"setRampX", "source", "inplace_missing"});
    EXPECT_EQ(session().find("inplace_missing"), nullptr) << "a refused call creates nothing";
}

TEST(InPlaceImage, RefusedCallLeavesItUnchanged) {
    std::vector<float> px(30);
    for (int i = 0; i < 30; ++i) px[i] = 0.5f * i;
    push<float>("inplace_b", 5, 3, 2, px);
    expect_error([] { run("setRandom", {img("inplace_b"), num(0), num(1e39), num(1)}); },
                 {"setRandom", "maximumValue"});
    EXPECT_EQ(pull<float>("inplace_b"), px);
    release("inplace_b");
}

TEST(SetRandom, FloatUniformOnTheRange) {
    push<float>("random_f", W, H, D, std::vector<float>(W * H * D, 0.0f));
    const double lo = -2, hi = 3;
    run("setRandom", {img("random_f"), num(lo), num(hi), num(42)});
    const auto v = pull<float>("random_f");
    double sum = 0, sq = 0;
    std::vector<double> bins(10, 0);
    for (float x : v) {
        ASSERT_GE(x, lo);
        ASSERT_LT(x, hi);
        sum += x;
        bins[std::min(9, static_cast<int>((x - lo) / (hi - lo) * 10))] += 1;
    }
    const double mean = sum / N;
    for (float x : v) sq += (x - mean) * (x - mean);
    // uniform on [lo, hi): mean (lo + hi) / 2 = 0.5, variance (hi - lo)^2 / 12 = 25 / 12; the mean of N
    // draws has standard error sqrt(25 / 12 / N) = 0.00502: 5 standard errors = 0.0251
    EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(25.0 / 12.0 / N));
    EXPECT_NEAR(sq / N, 25.0 / 12.0, 0.03 * 25.0 / 12.0);
    // ten equal bins: chi-square with 9 degrees of freedom below its 0.999 quantile 27.88
    double chi2 = 0;
    for (double b : bins) chi2 += (b - N / 10) * (b - N / 10) / (N / 10);
    EXPECT_LT(chi2, 27.88);
    release("random_f");
}

TEST(SetRandom, IntegerValuesMinToMaxMinusOneEquallyLikely) {
    push<std::uint8_t>("random_u8", W, H, D, std::vector<std::uint8_t>(W * H * D, 200));
    run("setRandom", {img("random_u8"), num(0), num(10), num(7)});
    std::vector<double> count(256, 0);
    for (auto x : pull<std::uint8_t>("random_u8")) count[x] += 1;
    // truncated as CLIJ2's convert_uchar_sat: 0..9, each with probability 1/10; 10 never
    double chi2 = 0;
    for (int k = 0; k < 10; ++k) chi2 += (count[k] - N / 10) * (count[k] - N / 10) / (N / 10);
    for (int k = 10; k < 256; ++k) EXPECT_EQ(count[k], 0) << "value " << k;
    EXPECT_LT(chi2, 27.88);
    release("random_u8");

    push<std::uint16_t>("random_u16", W, H, D, std::vector<std::uint16_t>(W * H * D, 0));
    run("setRandom", {img("random_u16"), num(100), num(1100), num(7)});
    double sum = 0;
    for (auto x : pull<std::uint16_t>("random_u16")) {
        ASSERT_GE(x, 100);
        ASSERT_LE(x, 1099);
        sum += x;
    }
    // uniform on the whole numbers 100..1099: mean 599.5, variance (1000^2 - 1) / 12
    EXPECT_NEAR(sum / N, 599.5, 5 * std::sqrt((1000.0 * 1000.0 - 1) / 12.0 / N));
    release("random_u16");
}

TEST(SetRandom, SeedReproducesAndDistinguishes) {
    std::vector<std::vector<float>> images;
    for (double seed : {5.0, 5.9, 6.0}) {
        push<float>("random_s", 37, 5, 3, std::vector<float>(555, 0.0f));
        run("setRandom", {img("random_s"), num(0), num(1), num(seed)});
        images.push_back(pull<float>("random_s"));
        release("random_s");
    }
    EXPECT_EQ(images[0], images[1]) << "the seed's whole part is used (CLIJ2: (int) seed)";
    EXPECT_NE(images[0], images[2]);
    int equal_neighbours = 0;
    for (std::size_t i = 1; i < images[0].size(); ++i) equal_neighbours += images[0][i] == images[0][i - 1];
    EXPECT_LT(equal_neighbours, 3) << "neighbouring pixels get independent numbers";
}

TEST(SetRandom, RangeBeyondFloatDoesNotOverflow) {
    push<float>("random_wide", 37, 5, 3, std::vector<float>(555, 0.0f));
    run("setRandom", {img("random_wide"), num(-3e38), num(3e38), num(9)});
    int negative = 0;
    for (float x : pull<float>("random_wide")) {
        ASSERT_TRUE(std::isfinite(x));
        ASSERT_GE(x, -3e38f);
        ASSERT_LE(x, 3e38f);
        negative += x < 0;
    }
    EXPECT_GT(negative, 555 / 4);  // half expected: 277.5, standard deviation 11.8
    EXPECT_LT(negative, 3 * 555 / 4);
    release("random_wide");
}

TEST(SetRandom, EqualBoundsGiveThatValue) {
    push<std::uint16_t>("random_c", 37, 5, 3, std::vector<std::uint16_t>(555, 0));
    run("setRandom", {img("random_c"), num(321), num(321), num(3)});
    for (auto x : pull<std::uint16_t>("random_c")) EXPECT_EQ(x, 321);
    release("random_c");
}

TEST(InPlaceImage, PixelsNotWrittenKeepTheirBits) {
    // uint32 ids above 2^24 are not exact in float: the set rows rewrite only the selected pixels
    std::vector<std::uint32_t> ids(5 * 3 * 2);
    for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = 16777217u + 2u * static_cast<std::uint32_t>(i);
    push<std::uint32_t>("inplace_ids", 5, 3, 2, ids, ijcl::ImageKind::Label);
    run("setColumn", {img("inplace_ids"), num(2), num(7)});
    run("setImageBorders", {img("inplace_ids"), num(9)});  // a stack of 2 planes: every pixel is a border
    for (auto v : pull<std::uint32_t>("inplace_ids")) EXPECT_EQ(v, 9u);
    session().write("inplace_ids", 0, ids.data(), ids.size() * 4);
    run("setWhereXequalsY", {img("inplace_ids"), num(1)});
    const auto out = pull<std::uint32_t>("inplace_ids");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const std::size_t x = i % 5, y = (i / 5) % 3;
        EXPECT_EQ(out[i], x == y ? 1u : ids[i]) << "pixel " << i;
    }
    release("inplace_ids");
}

TEST(InPlaceImage, TwoDimensionalImageHasNoPlaneBorders) {
    push<float>("inplace_2d", 5, 4, 1, std::vector<float>(20, 0.5f));
    run("setImageBorders", {img("inplace_2d"), num(2)});
    run("setPlane", {img("inplace_2d"), num(1), num(8)});  // no plane 1: nothing changes
    const auto v = pull<float>("inplace_2d");
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 5; ++x)
            EXPECT_EQ(v[y * 5 + x], (x == 0 || x == 4 || y == 0 || y == 3) ? 2.0f : 0.5f) << x << "," << y;
    release("inplace_2d");
}
