// Parametric label maps (native/src/ops/label_map_ops.cpp): values worked out by hand on a small
// label image, and label images with more than 65,535 labels and ids beyond 2^24 (float cannot
// hold them: 2^24 + 1 rounds to 2^24), checked against a plain loop over the pixels.
#include <cmath>
#include <cstdint>
#include <map>
#include <vector>

#include "test_support.hpp"

using namespace ijcl_test;
using u16 = std::uint16_t;
using u32 = std::uint32_t;

namespace {

// 4 x 3 labels and uint16 intensities:
//   labels      intensities
//   1 1 2 0     2  4 10 99
//   1 0 2 2     6 99 20 30
//   0 3 3 3    99  1  1  4
const std::vector<u32> kLabels = {1, 1, 2, 0, 1, 0, 2, 2, 0, 3, 3, 3};
const std::vector<u16> kIntensity = {2, 4, 10, 99, 6, 99, 20, 30, 99, 1, 1, 4};

// The value each pixel must get, from one value per label (background 0).
std::vector<float> per_pixel(double v1, double v2, double v3) {
    std::vector<float> out;
    for (u32 l : kLabels) out.push_back(l == 0 ? 0.0f : static_cast<float>(l == 1 ? v1 : l == 2 ? v2 : v3));
    return out;
}

void expect_map(const char* op, bool with_intensity, const std::vector<float>& want) {
    if (with_intensity) run(op, {img("lm_int"), img("lm_lbl"), img("lm_out")});
    else run(op, {img("lm_lbl"), img("lm_out")});
    const auto got = pull<float>("lm_out");
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (std::isnan(want[i])) EXPECT_TRUE(std::isnan(got[i])) << op << " pixel " << i;
        else EXPECT_NEAR(got[i], want[i], 1e-6 * std::fabs(want[i])) << op << " pixel " << i;
    }
}

}  // namespace

TEST(LabelMaps, HandWorkedValues) {
    IJCL_SKIP_WITHOUT_INT64_ATOMICS();
    IJCL_SKIP_WITHOUT_FP64();  // tests/native/missing_extensions_test.cpp
    push<u32>("lm_lbl", 4, 3, 1, kLabels, ijcl::ImageKind::Label);
    push<u16>("lm_int", 4, 3, 1, kIntensity);
    // label 1: values 2, 4, 6 at (0,0), (1,0), (0,1); label 2: 10, 20, 30 at (2,0), (2,1), (3,1);
    // label 3: 1, 1, 4 at (1,2), (2,2), (3,2).
    expect_map("pixelCountMap", false, per_pixel(3, 3, 3));
    expect_map("meanIntensityMap", true, per_pixel(4, 20, 2));
    expect_map("minimumIntensityMap", true, per_pixel(2, 10, 1));
    expect_map("maximumIntensityMap", true, per_pixel(6, 30, 4));
    // population standard deviation: sqrt((4 + 0 + 4) / 3), sqrt((100 + 0 + 100) / 3), sqrt((1 + 1 + 4) / 3)
    expect_map("standardDeviationIntensityMap", true, per_pixel(std::sqrt(8.0 / 3), std::sqrt(200.0 / 3), std::sqrt(2.0)));
    // centroids: label 1 (1/3, 1/3): distances sqrt(2)/3, sqrt(5)/3, sqrt(5)/3;
    // label 2 (7/3, 2/3): (2,0) sqrt(1/9 + 4/9) = sqrt(5)/3, (2,1) sqrt(1/9 + 1/9) = sqrt(2)/3,
    // (3,1) sqrt(4/9 + 1/9) = sqrt(5)/3; label 3 (2, 2): distances 1, 0, 1.
    const double s2 = std::sqrt(2.0), s5 = std::sqrt(5.0);
    const double mean12 = (s2 + 2 * s5) / 9, max12 = s5 / 3;
    expect_map("meanExtensionMap", false, per_pixel(mean12, mean12, 2.0 / 3));
    expect_map("maximumExtensionMap", false, per_pixel(max12, max12, 1));
    expect_map("extensionRatioMap", false, per_pixel(max12 / mean12, max12 / mean12, 1.5));
    // a float label image with the same ids gives the same map
    std::vector<float> float_labels(kLabels.begin(), kLabels.end());
    push<float>("lm_lbl", 4, 3, 1, float_labels);
    expect_map("meanIntensityMap", true, per_pixel(4, 20, 2));
    // a one-pixel label: extension ratio 0 / 0 = NaN (as CLIJ2), mean and maximum extension 0
    push<u32>("lm_lbl", 4, 3, 1, {0, 0, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0}, ijcl::ImageKind::Label);
    run("extensionRatioMap", {img("lm_lbl"), img("lm_out")});
    const auto ratio = pull<float>("lm_out");
    EXPECT_TRUE(std::isnan(ratio[5]));
    EXPECT_EQ(ratio[0], 0.0f);
    run("maximumExtensionMap", {img("lm_lbl"), img("lm_out")});
    EXPECT_EQ(pull<float>("lm_out")[5], 0.0f);
}

TEST(LabelMaps, ShapeMismatchIsRefusedBeforeWriting) {
    push<u32>("lm_lbl", 4, 3, 1, kLabels, ijcl::ImageKind::Label);
    push<u16>("lm_int2", 3, 4, 1, kIntensity);
    push<float>("lm_keep", 4, 3, 1, std::vector<float>(12, 5.0f));
    expect_error([] { run("meanIntensityMap", {img("lm_int2"), img("lm_lbl"), img("lm_keep")}); },
                 {"meanIntensityMap", "label_map", "differs"});
    for (float v : pull<float>("lm_keep")) EXPECT_EQ(v, 5.0f);
}

TEST(LabelMaps, MoreThan65535LabelsWithIdsBeyond2To24) {
    // 75,000 labels with ids 2^24 + 1 ... 2^24 + 75,000 (consecutive ids that float cannot tell
    // apart), label k covering 1 + k % 3 consecutive pixels of a 500 x 300 image; intensities
    // (7 i) mod 1000 at pixel i.
    const std::uint64_t w = 500, h = 300, n = w * h;
    const u32 base = (1u << 24) + 1;
    std::vector<u32> labels;
    std::vector<u16> intensity(n);
    for (u32 k = 0; labels.size() < n; ++k)
        for (u32 j = 0; j < 1 + k % 3 && labels.size() < n; ++j) labels.push_back(base + k);
    for (std::uint64_t i = 0; i < n; ++i) intensity[i] = static_cast<u16>((7 * i) % 1000);
    std::map<u32, std::pair<double, double>> by_label;  // id -> (count, sum)
    for (std::uint64_t i = 0; i < n; ++i) {
        by_label[labels[i]].first += 1;
        by_label[labels[i]].second += intensity[i];
    }
    ASSERT_GT(by_label.size(), 65535u);
    push<u32>("lm_big_lbl", w, h, 1, labels, ijcl::ImageKind::Label);
    push<u16>("lm_big_int", w, h, 1, intensity);

    run("pixelCountMap", {img("lm_big_lbl"), img("lm_big_cnt")});
    const auto count = pull<float>("lm_big_cnt");
    run("meanIntensityMap", {img("lm_big_int"), img("lm_big_lbl"), img("lm_big_mean")});
    const auto mean = pull<float>("lm_big_mean");
    // by hand: label 2^24 + 1 (k = 0) is pixel 0 alone, intensity 0; label 2^24 + 2 (k = 1) is
    // pixels 1, 2 (intensities 7, 14: mean 10.5); label 2^24 + 3 (k = 2) is pixels 3, 4, 5
    // (21, 28, 35: mean 28).
    EXPECT_EQ(count[0], 1.0f);
    EXPECT_EQ(mean[0], 0.0f);
    EXPECT_EQ(count[1], 2.0f);
    EXPECT_EQ(count[2], 2.0f);
    EXPECT_EQ(mean[1], 10.5f);
    EXPECT_EQ(count[3], 3.0f);
    EXPECT_EQ(mean[5], 28.0f);
    std::size_t bad = 0;
    for (std::uint64_t i = 0; i < n; ++i) {
        const auto& cs = by_label[labels[i]];
        if (count[i] != static_cast<float>(cs.first) || mean[i] != static_cast<float>(cs.second / cs.first)) ++bad;
    }
    EXPECT_EQ(bad, 0u);
    for (const char* name : {"lm_big_lbl", "lm_big_int", "lm_big_cnt", "lm_big_mean"}) session().release(name);
}

TEST(LabelMaps, ReplaceIntensitiesClampsAndKeepsIdsExact) {
    // vector (10, 20, 30): 0 -> 10, 1 -> 20, 2 -> 30, 7 (past the end) -> 30; float 1.9 -> entry 1,
    // -3 and NaN -> entry 0
    push<float>("ri_vec", 3, 1, 1, {10, 20, 30});
    push<u16>("ri_src", 4, 1, 1, {0, 1, 2, 7});
    run("replaceIntensities", {img("ri_src"), img("ri_vec"), img("ri_out")});
    const auto a = pull<u16>("ri_out");
    EXPECT_EQ(a, (std::vector<u16>{10, 20, 30, 30}));
    push<float>("ri_srcf", 3, 1, 1, {1.9f, -3.0f, std::nanf("")});
    run("replaceIntensities", {img("ri_srcf"), img("ri_vec"), img("ri_outf")});
    EXPECT_EQ(pull<float>("ri_outf"), (std::vector<float>{20, 10, 10}));
    // uint32 ids beyond 2^24 index exactly: a vector of 2^24 + 3 entries, entry k = k mod 7
    const std::size_t w = (1u << 24) + 3;
    std::vector<u16> vec(w);
    for (std::size_t k = 0; k < w; ++k) vec[k] = static_cast<u16>(k % 7);
    push<u16>("ri_big_vec", w, 1, 1, vec);
    push<u32>("ri_ids", 3, 1, 1, {(1u << 24) + 1, (1u << 24) + 2, 1u << 24}, ijcl::ImageKind::Label);
    run("replaceIntensities", {img("ri_ids"), img("ri_big_vec"), img("ri_big_out")});
    const auto b = pull<u32>("ri_big_out");
    EXPECT_EQ(b, (std::vector<u32>{((1u << 24) + 1) % 7, ((1u << 24) + 2) % 7, (1u << 24) % 7}));
    for (const char* name : {"ri_big_vec", "ri_ids", "ri_big_out"}) session().release(name);
}
