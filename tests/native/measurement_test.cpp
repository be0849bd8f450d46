// Reductions and label statistics (native/src/ops/measurement_ops.cpp): against plain loops
// written here (double / 64-bit integer accumulation) and hand-computed values.
#include <cmath>
#include <cstring>
#include <limits>

#include "test_support.hpp"
#include "ijcl/op_call.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;

namespace {

// Deterministic pseudo-random numbers (xorshift32).
struct Random {
    std::uint32_t s;
    std::uint32_t next() {
        s ^= s << 13; s ^= s >> 17; s ^= s << 5;
        return s;
    }
};

double number(const char* op, const char* image) {
    const auto r = run(op, {img(image), out()});
    EXPECT_EQ(r.numbers.size(), 1u);
    return r.numbers.empty() ? std::nan("") : r.numbers[0].second;
}

// 1000 x 37 x 3 = 111000 pixels: many work groups, none of the sizes a multiple of a group.
constexpr std::uint64_t W = 1000, H = 37, D = 3, N = W * H * D;

}  // namespace

TEST(Reductions, Uint16SumMaximumCountMatchPlainLoops) {
    Random rng{12345};
    std::vector<u16> px(N);
    for (auto& p : px) p = (rng.next() % 5 == 0) ? 0 : static_cast<u16>(rng.next() % 65536);
    std::uint64_t sum = 0, count = 0;
    u16 maximum = 0;
    for (u16 p : px) {
        sum += p;
        count += p != 0;
        maximum = std::max(maximum, p);
    }
    push<u16>("r_u16", W, H, D, px);
    EXPECT_EQ(number("getSumOfAllPixels", "r_u16"), static_cast<double>(sum));  // exact
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_u16"), maximum);
    EXPECT_EQ(number("countNonZeroPixels", "r_u16"), static_cast<double>(count));
}

TEST(Reductions, Uint8ImageAndSmallImages) {
    Random rng{99};
    std::vector<u8> px(N);
    for (auto& p : px) p = static_cast<u8>(rng.next() % 200);
    std::uint64_t sum = 0;
    for (u8 p : px) sum += p;
    push<u8>("r_u8", W, H, D, px);
    EXPECT_EQ(number("getSumOfAllPixels", "r_u8"), static_cast<double>(sum));
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_u8"), 199.0);  // 111000 draws of 0..199
    // A single pixel and a 3-pixel image (fewer pixels than one work group).
    push<u8>("r_one", 1, 1, 1, {42});
    EXPECT_EQ(number("getSumOfAllPixels", "r_one"), 42.0);
    EXPECT_EQ(number("countNonZeroPixels", "r_one"), 1.0);
    push<u8>("r_three", 3, 1, 1, {0, 5, 0});
    EXPECT_EQ(number("countNonZeroPixels", "r_three"), 1.0);
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_three"), 5.0);
}

TEST(Reductions, FloatSumIsAccurateToDoubleLoop) {
    // Values of mixed magnitude and sign; the reference adds the same floats in double.
    Random rng{777};
    std::vector<float> px(N);
    double reference = 0, magnitude = 0;
    for (auto& p : px) {
        p = (static_cast<float>(rng.next() % 2000001) - 1000000.0f) / 997.0f;
        reference += p;
        magnitude += std::fabs(p);
    }
    push<float>("r_f32", W, H, D, px);
    // Double accumulation (or compensated float pairs): error far below float's 6e-8 relative.
    EXPECT_NEAR(number("getSumOfAllPixels", "r_f32"), reference, 1e-9 * magnitude);
    float maximum = -1e30f;
    for (float p : px) maximum = std::max(maximum, p);
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_f32"), maximum);
}

TEST(Reductions, CompensatedFloatPathWithoutDouble) {
    // The kernel path for devices without cl_khr_fp64 (USE_DOUBLE 0), launched directly:
    // partials are (sum, error) float pairs whose total, added in double, must match the
    // double loop far better than a plain float sum of 111000 values could.
    Random rng{4242};
    std::vector<float> px(N);
    double reference = 0, magnitude = 0;
    for (auto& p : px) {
        p = static_cast<float>(rng.next() % 1000000) / 7.0f + 0.1f;
        reference += p;
        magnitude += std::fabs(p);
    }
    push<float>("r_kahan", W, H, D, px);
    auto image = session().get("r_kahan");
    ijcl::Defines defines;
    ijcl::add_type_defines(defines, "SRC", ijcl::PixelType::Float32);
    defines.emplace_back("REDUCE_OP", "1");
    defines.emplace_back("USE_DOUBLE", "0");
    cl::Kernel k = session().kernels().get("reduction.cl", "reduce_to_partials", defines);
    const std::size_t group = 64, groups = 16;
    cl::Buffer partials(session().device().context(), CL_MEM_READ_WRITE, groups * 2 * sizeof(float));
    k.setArg(0, image->buffer());
    k.setArg(1, static_cast<cl_long>(N));
    k.setArg(2, partials);
    k.setArg(3, cl::Local(group * 2 * sizeof(float)));
    session().device().queue().enqueueNDRangeKernel(k, cl::NullRange, cl::NDRange(group * groups),
                                                    cl::NDRange(group));
    std::vector<float> pairs(groups * 2);
    session().device().queue().enqueueReadBuffer(partials, CL_TRUE, 0, pairs.size() * sizeof(float),
                                                 pairs.data());
    double total = 0;
    for (float v : pairs) total += v;
    // float's unit roundoff is 6e-8; a compensated sum stays within a few ulps of the total.
    EXPECT_NEAR(total, reference, 1e-7 * magnitude);
}

TEST(Reductions, ExactLabelMaximumAndNanHandling) {
    // uint32 ids beyond 2^24 are exact: 16777217 is not rounded to 16777216.
    push<u32>("r_lbl", 3, 1, 1, {16777216u, 16777217u, 5u}, ijcl::ImageKind::Label);
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_lbl"), 16777217.0);
    // NaN is ignored by the maximum and the sum, and counts as non-zero.
    const float nan = std::numeric_limits<float>::quiet_NaN();
    push<float>("r_nan", 4, 1, 1, {-3.0f, nan, -1.5f, 0.0f});
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_nan"), 0.0);
    EXPECT_EQ(number("getSumOfAllPixels", "r_nan"), -4.5);  // -3 + -1.5 + 0
    EXPECT_EQ(number("countNonZeroPixels", "r_nan"), 3.0);  // -3, NaN, -1.5
    push<float>("r_neg", 2, 1, 1, {-7.0f, -2.0f});
    EXPECT_EQ(number("getMaximumOfAllPixels", "r_neg"), -2.0);
}

namespace {

double cell(const ijcl::Table& t, const std::string& column, std::size_t row) {
    for (std::size_t c = 0; c < t.columns.size(); ++c)
        if (t.columns[c] == column) return t.values.at(c).at(row);
    ADD_FAILURE() << "no column " << column;
    return std::nan("");
}

}  // namespace

TEST(LabelStatistics, HandComputedTwoDimensional) {
    // intensity        labels
    //  1  2  3  4       1 1 0 4
    //  5  6  7  8       1 0 0 4
    //  9 10 11 12       0 0 4 4
    // Label 1: pixels (0,0)=1 (1,0)=2 (0,1)=5 -> count 3, sum 8, mean 8/3, min 1, max 5,
    //   centroid x (0+1+0)/3 = 1/3, y (0+0+1)/3 = 1/3, box x 0..1, y 0..1 (2 x 2).
    // Labels 2, 3: absent -> count 0, NaN measurements.
    // Label 4: (3,0)=4 (3,1)=8 (2,2)=11 (3,2)=12 -> count 4, sum 35, mean 8.75, min 4, max 12,
    //   centroid x (3+3+2+3)/4 = 2.75, y (0+1+2+2)/4 = 1.25, box x 2..3, y 0..2 (2 x 3).
    push<u16>("s_int", 4, 3, 1, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    push<u32>("s_lbl", 4, 3, 1, {1, 1, 0, 4, 1, 0, 0, 4, 0, 0, 4, 4}, ijcl::ImageKind::Label);
    const auto r = run("statisticsOfLabelledPixels", {img("s_int"), img("s_lbl")});
    ASSERT_TRUE(r.table.has_value());
    const auto& t = *r.table;
    ASSERT_EQ(t.rows(), 4u);
    for (std::size_t row = 0; row < 4; ++row) EXPECT_EQ(cell(t, "IDENTIFIER", row), row + 1.0);
    EXPECT_EQ(cell(t, "PIXEL_COUNT", 0), 3);
    EXPECT_EQ(cell(t, "SUM_INTENSITY", 0), 8);
    EXPECT_DOUBLE_EQ(cell(t, "MEAN_INTENSITY", 0), 8.0 / 3.0);
    EXPECT_EQ(cell(t, "MINIMUM_INTENSITY", 0), 1);
    EXPECT_EQ(cell(t, "MAXIMUM_INTENSITY", 0), 5);
    EXPECT_DOUBLE_EQ(cell(t, "CENTROID_X", 0), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(cell(t, "CENTROID_Y", 0), 1.0 / 3.0);
    EXPECT_EQ(cell(t, "CENTROID_Z", 0), 0);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_X", 0), 0);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_Y", 0), 0);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_WIDTH", 0), 2);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_HEIGHT", 0), 2);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_DEPTH", 0), 1);
    for (std::size_t row : {1u, 2u}) {
        EXPECT_EQ(cell(t, "PIXEL_COUNT", row), 0);
        EXPECT_TRUE(std::isnan(cell(t, "MEAN_INTENSITY", row)));
        EXPECT_TRUE(std::isnan(cell(t, "CENTROID_X", row)));
    }
    EXPECT_EQ(cell(t, "PIXEL_COUNT", 3), 4);
    EXPECT_EQ(cell(t, "SUM_INTENSITY", 3), 35);
    EXPECT_EQ(cell(t, "MEAN_INTENSITY", 3), 8.75);
    EXPECT_EQ(cell(t, "MINIMUM_INTENSITY", 3), 4);
    EXPECT_EQ(cell(t, "MAXIMUM_INTENSITY", 3), 12);
    EXPECT_EQ(cell(t, "CENTROID_X", 3), 2.75);
    EXPECT_EQ(cell(t, "CENTROID_Y", 3), 1.25);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_X", 3), 2);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_END_X", 3), 3);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_Y", 3), 0);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_END_Y", 3), 2);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_WIDTH", 3), 2);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_HEIGHT", 3), 3);
}

TEST(LabelStatistics, IntegerSumsCarryBeyond32Bits) {
    // uint32 intensities near 2^32: label 1 has five of 4e9 (sum 2e10), label 2 three of 2^32 - 1
    // (sum 12884901885), summed by hand. Runs of a label are pre-summed per work item, so single
    // atomic adds exceed 32 bits; on a device without 64-bit atomics the low words' carries must
    // reach the high words (kernels/preamble.cl, ijcl_atomic_add_u64).
    const u32 big = 4000000000u, top = 4294967295u;
    push<u32>("s_big", 4, 2, 1, {big, big, big, top, big, big, top, top});
    push<u32>("s_biglbl", 4, 2, 1, {1, 1, 1, 2, 1, 1, 2, 2});
    const auto r = run("statisticsOfLabelledPixels", {img("s_big"), img("s_biglbl")});
    ASSERT_TRUE(r.table.has_value());
    EXPECT_EQ(cell(*r.table, "SUM_INTENSITY", 0), 5.0 * big);
    EXPECT_EQ(cell(*r.table, "SUM_INTENSITY", 1), 3.0 * top);
    EXPECT_EQ(cell(*r.table, "PIXEL_COUNT", 1), 3);
}

TEST(LabelStatistics, FloatIntensityThreeDimensional) {
    IJCL_SKIP_WITHOUT_FP64();  // tests/native/missing_extensions_test.cpp
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();
    // 2x1x3 stack, one label on voxels (0,0,0)=-1.5, (1,0,1)=2.25, (0,0,2)=0.5; (1,0,0),
    // (0,0,1), (1,0,2) background. count 3, sum 1.25, min -1.5, max 2.25, centroid x 1/3,
    // z (0+1+2)/3 = 1, box z 0..2 (depth 3), x 0..1.
    push<float>("s_f", 2, 1, 3, {-1.5f, 9.0f, 9.0f, 2.25f, 0.5f, 9.0f});
    push<u8>("s_l8", 2, 1, 3, {1, 0, 0, 1, 1, 0});
    const auto r = run("statisticsOfLabelledPixels", {img("s_f"), img("s_l8")});
    ASSERT_TRUE(r.table.has_value());
    const auto& t = *r.table;
    ASSERT_EQ(t.rows(), 1u);
    EXPECT_EQ(cell(t, "PIXEL_COUNT", 0), 3);
    EXPECT_EQ(cell(t, "SUM_INTENSITY", 0), 1.25);
    EXPECT_EQ(cell(t, "MINIMUM_INTENSITY", 0), -1.5);
    EXPECT_EQ(cell(t, "MAXIMUM_INTENSITY", 0), 2.25);
    EXPECT_DOUBLE_EQ(cell(t, "CENTROID_X", 0), 1.0 / 3.0);
    EXPECT_EQ(cell(t, "CENTROID_Z", 0), 1);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_Z", 0), 0);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_DEPTH", 0), 3);
    EXPECT_EQ(cell(t, "BOUNDING_BOX_WIDTH", 0), 2);
}

TEST(LabelStatistics, RandomLabelsMatchPlainLoop) {
    // 50 labels scattered over 203x31x4 pixels (many atomics on the same labels from many work
    // items, runs crossing the 32-pixel chunks), against a loop in double / 64-bit integers.
    const std::uint64_t w = 203, h = 31, d = 4, n = w * h * d;
    Random rng{2024};
    std::vector<u16> intensity(n);
    std::vector<u32> labels(n);
    for (std::uint64_t i = 0; i < n; ++i) {
        intensity[i] = static_cast<u16>(rng.next() % 4096);
        // Runs of equal labels along x, lengths 1..40.
        labels[i] = (i % w == 0 || rng.next() % 20 == 0) ? rng.next() % 51 : labels[i - 1];
    }
    labels[5] = 50;  // make sure the largest id is present
    const std::size_t L = 51;
    std::vector<double> count(L), sum(L), sx(L), sy(L), sz(L), vmin(L, 1e9), vmax(L, -1), bx0(L, 1e9), bx1(L, -1);
    for (std::uint64_t i = 0; i < n; ++i) {
        const u32 l = labels[i];
        const double x = double(i % w), y = double((i / w) % h), z = double(i / (w * h));
        count[l] += 1; sum[l] += intensity[i]; sx[l] += x; sy[l] += y; sz[l] += z;
        vmin[l] = std::min(vmin[l], double(intensity[i])); vmax[l] = std::max(vmax[l], double(intensity[i]));
        bx0[l] = std::min(bx0[l], x); bx1[l] = std::max(bx1[l], x);
    }
    push<u16>("s_rint", w, h, d, intensity);
    push<u32>("s_rlbl", w, h, d, labels, ijcl::ImageKind::Label);
    const auto r = run("statisticsOfLabelledPixels", {img("s_rint"), img("s_rlbl")});
    ASSERT_TRUE(r.table.has_value());
    const auto& t = *r.table;
    ASSERT_EQ(t.rows(), 50u);
    for (std::size_t l = 1; l < L; ++l) {
        const std::size_t row = l - 1;
        ASSERT_GT(count[l], 0) << "test data should use every label";
        EXPECT_EQ(cell(t, "PIXEL_COUNT", row), count[l]) << l;
        EXPECT_EQ(cell(t, "SUM_INTENSITY", row), sum[l]) << l;
        EXPECT_DOUBLE_EQ(cell(t, "MEAN_INTENSITY", row), sum[l] / count[l]) << l;
        EXPECT_EQ(cell(t, "MINIMUM_INTENSITY", row), vmin[l]) << l;
        EXPECT_EQ(cell(t, "MAXIMUM_INTENSITY", row), vmax[l]) << l;
        EXPECT_DOUBLE_EQ(cell(t, "CENTROID_X", row), sx[l] / count[l]) << l;
        EXPECT_DOUBLE_EQ(cell(t, "CENTROID_Y", row), sy[l] / count[l]) << l;
        EXPECT_DOUBLE_EQ(cell(t, "CENTROID_Z", row), sz[l] / count[l]) << l;
        EXPECT_EQ(cell(t, "BOUNDING_BOX_X", row), bx0[l]) << l;
        EXPECT_EQ(cell(t, "BOUNDING_BOX_END_X", row), bx1[l]) << l;
    }
}

TEST(LabelStatistics, ErrorsNameTheArgument) {
    push<u8>("s_a", 3, 2, 1, {1, 2, 3, 4, 5, 6});
    push<u32>("s_b", 2, 3, 1, {1, 1, 1, 1, 1, 1}, ijcl::ImageKind::Label);
    expect_error([] { run("statisticsOfLabelledPixels", {img("s_a"), img("s_b")}); },
                 {"operation 'statisticsOfLabelledPixels'", "argument 'labelmap'", "2x3x1", "3x2x1"});
    expect_error([] { run("statisticsOfLabelledPixels", {img("s_a"), img("s_never_pushed")}); },
                 {"argument 'labelmap'", "s_never_pushed"});
    // A label map without labels gives a table with no rows.
    push<u32>("s_zero", 3, 2, 1, std::vector<u32>(6, 0), ijcl::ImageKind::Label);
    const auto r = run("statisticsOfLabelledPixels", {img("s_a"), img("s_zero")});
    ASSERT_TRUE(r.table.has_value());
    EXPECT_EQ(r.table->rows(), 0u);
}
