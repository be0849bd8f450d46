// Filters whose radius or sigma reaches far beyond the image (issue 8: values that were not in the
// input, a mean of a constant that was not the constant, "cannot create std::vector larger than
// max_size()", neighbourhoods refused on a 2x1x1 image).
//
// Oracles, written here without the library's neighbourhood code: the full (unclipped) circle or
// box is walked offset by offset with every coordinate clamped to the image (RankFilters' and
// CLIJ's nearest-edge padding), collecting the values it reads; Filters3D's ellipsoid keeps the
// voxels inside the volume. Min, max, mean (double sum, RankFilters' rounding) and median are
// taken from what was collected. Constants and hand-worked values where walking is too long.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "../../native/src/ops/rank_filters.hpp"
#include "test_support.hpp"

using namespace ijcl_test;

namespace {

// RankFilters' r2, in 64 bits.
std::int64_t r2_of(double r) {
    if (r >= 1.5 && r < 1.75) r = 1.75;
    else if (r >= 2.5 && r < 2.85) r = 2.85;
    return static_cast<std::int64_t>(r * r) + 1;
}

// Every value a pixel's circle of radii (rx, ry) reads, with its multiplicity (value -> count),
// walking all (dx, dy) of the bounding box row by row; the row's x extent is found by stepping
// (no square roots) so that huge radii stay exact.
template <typename T>
std::map<double, std::int64_t> circle_values(const std::vector<T>& img, int w, int h, int x, int y, double rx,
                                             double ry) {
    const std::int64_t r2x = r2_of(rx), r2y = r2_of(ry);
    std::int64_t ext_x = 0, ext_y = 0;
    while ((ext_x + 1) * (ext_x + 1) <= r2x) ++ext_x;
    while ((ext_y + 1) * (ext_y + 1) <= r2y) ++ext_y;
    std::map<double, std::int64_t> counts;
    std::int64_t row_x = ext_x;  // rows shrink monotonically with |dy|: walk dy = 0, 1, 2, ...
    for (std::int64_t ady = 0; ady <= ext_y; ++ady) {
        auto inside = [&](std::int64_t dx) {
            return static_cast<__int128>(dx) * dx * r2y + static_cast<__int128>(ady) * ady * r2x <=
                   static_cast<__int128>(r2x) * r2y;
        };
        while (row_x >= 0 && !inside(row_x)) --row_x;
        if (row_x < 0) break;
        for (int sign : {1, -1}) {
            if (ady == 0 && sign < 0) continue;
            const int yy = static_cast<int>(std::clamp<std::int64_t>(y + sign * ady, 0, h - 1));
            // dx from -row_x to row_x: how many land on each clamped column.
            for (int xx = 0; xx < w; ++xx) {
                std::int64_t lo = x - row_x, hi = x + row_x;  // the row's columns before clamping
                std::int64_t n;
                if (xx == 0 && xx == w - 1) n = hi - lo + 1;
                else if (xx == 0) n = std::max<std::int64_t>(0, std::min<std::int64_t>(hi, 0) - lo + 1);
                else if (xx == w - 1) n = std::max<std::int64_t>(0, hi - std::max<std::int64_t>(lo, w - 1) + 1);
                else n = (lo <= xx && xx <= hi) ? 1 : 0;
                if (n > 0) counts[static_cast<double>(img[xx + w * yy])] += n;
            }
        }
    }
    return counts;
}

double min_of(const std::map<double, std::int64_t>& m) { return m.begin()->first; }
double max_of(const std::map<double, std::int64_t>& m) { return m.rbegin()->first; }
double mean_of(const std::map<double, std::int64_t>& m) {
    double sum = 0, n = 0;
    for (const auto& [v, c] : m) {
        sum += v * static_cast<double>(c);
        n += static_cast<double>(c);
    }
    return sum / n;
}
double median_of(const std::map<double, std::int64_t>& m) {
    std::int64_t total = 0;
    for (const auto& e : m) total += e.second;
    std::int64_t seen = 0;
    for (const auto& [v, c] : m) {
        seen += c;
        if (seen > (total - 1) / 2) return v;
    }
    return NAN;
}
// RankFilters' integer mean: double mean rounded to float, then half up.
double round_mean(double mean) { return std::floor(static_cast<float>(mean) + 0.5f); }

std::vector<std::uint8_t> binary_image(int w, int h, unsigned seed) {
    auto v = random_image<std::uint8_t>(w, h, 1, seed, 2.0);
    return v;
}

}  // namespace

TEST(FarRadius, SphereMinMaxOfBinaryImageStayBinary) {
    // The fuzzed calls: minimum2DSphere (1, 99999) gave 8, maximum2DSphere (7.25, 99999) 144.
    const int w = 6, h = 5;
    const auto src = binary_image(w, h, 81);
    push<std::uint8_t>("fr_bin", w, h, 1, src);
    run("minimum2DSphere", {img("fr_bin"), img("fr_min"), num(1), num(99999)});
    run("maximum2DSphere", {img("fr_bin"), img("fr_max"), num(7.25), num(99999)});
    const auto mn = pull<std::uint8_t>("fr_min"), mx = pull<std::uint8_t>("fr_max");
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            EXPECT_EQ(mn[x + w * y], min_of(circle_values(src, w, h, x, y, 1, 99999))) << x << "," << y;
            EXPECT_EQ(mx[x + w * y], max_of(circle_values(src, w, h, x, y, 7.25, 99999))) << x << "," << y;
        }
}

TEST(FarRadius, SphereMeanAndMedianFoldedOntoTheImage) {
    // mean2DSphere (99999, 3) gave 176 on an image of values <= 2.
    const int w = 4, h = 3;
    const std::vector<std::uint8_t> src = {0, 1, 2, 2, 1, 0, 2, 1, 2, 2, 0, 1};
    push<std::uint8_t>("fr_small", w, h, 1, src);
    for (auto radii : std::vector<std::pair<double, double>>{{99999, 3}, {100000, 2}, {3, 50000}, {20.5, 7}}) {
        run("mean2DSphere", {img("fr_small"), img("fr_mean"), num(radii.first), num(radii.second)});
        run("median2DSphere", {img("fr_small"), img("fr_median"), num(radii.first), num(radii.second)});
        const auto mean = pull<std::uint8_t>("fr_mean"), median = pull<std::uint8_t>("fr_median");
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const auto values = circle_values(src, w, h, x, y, radii.first, radii.second);
                EXPECT_EQ(mean[x + w * y], round_mean(mean_of(values)))
                    << "mean r " << radii.first << "," << radii.second << " at " << x << "," << y;
                EXPECT_EQ(median[x + w * y], median_of(values))
                    << "median r " << radii.first << "," << radii.second << " at " << x << "," << y;
            }
    }
}

TEST(FarRadius, SphereMeanOfTinyConstantIsTheConstant) {
    // mean2DSphere (100000, 2) gave 1024 on an image of 1e-30.
    push<float>("fr_tiny", 3, 2, 1, std::vector<float>(6, 1e-30f));
    for (auto radii : std::vector<std::pair<double, double>>{{100000, 2}, {99999, 3}, {2, 100000}}) {
        run("mean2DSphere", {img("fr_tiny"), img("fr_tiny_o"), num(radii.first), num(radii.second)});
        for (float v : pull<float>("fr_tiny_o")) EXPECT_EQ(v, 1e-30f) << radii.first << "," << radii.second;
    }
}

TEST(FarRadius, BoxMeansOfConstantsAreTheConstant) {
    // mean3DBox (100000, 0, 0) of 60000 (1x3x1, 16-bit) gave 60071.
    push<std::uint16_t>("fr_c16", 1, 3, 1, {60000, 60000, 60000});
    run("mean3DBox", {img("fr_c16"), img("fr_c16_o"), num(100000), num(0), num(0)});
    for (auto v : pull<std::uint16_t>("fr_c16_o")) EXPECT_EQ(v, 60000);
    run("mean3DBox", {img("fr_c16"), img("fr_c16_o"), num(100000), num(100000), num(100000)});
    for (auto v : pull<std::uint16_t>("fr_c16_o")) EXPECT_EQ(v, 60000);
    // mean2DBox (65535, 10) of 1e-30 gave 9.993e-31.
    push<float>("fr_cf", 5, 4, 1, std::vector<float>(20, 1e-30f));
    run("mean2DBox", {img("fr_cf"), img("fr_cf_o"), num(65535), num(10)});
    for (float v : pull<float>("fr_cf_o")) EXPECT_EQ(v, 1e-30f);
    run("mean3DBox", {img("fr_cf"), img("fr_cf_o"), num(3), num(70000), num(9)});
    for (float v : pull<float>("fr_cf_o")) EXPECT_EQ(v, 1e-30f);
}

TEST(FarRadius, BoxFiltersByHandBeyondTheLine) {
    // A 3x1 line (10, 40, 100), radius 1000 along x: the window of pixel x holds 1001 - x copies
    // of 10 (positions <= 0), one 40 and 999 + x copies of 100 (positions >= 2). Means: x = 0:
    // (10010 + 40 + 99900) / 2001 = 54.95; x = 1: (10000 + 40 + 100000) / 2001 = 54.99; x = 2:
    // (9990 + 40 + 100100) / 2001 = 55.04: all 55. Medians (rank 1000 of 2001): x = 0: 10 (ranks
    // 0..1000); x = 1: 40 (ranks 0..999 are 10); x = 2: 100 (40 is rank 999).
    push<std::uint8_t>("fr_line", 3, 1, 1, {10, 40, 100});
    run("mean2DBox", {img("fr_line"), img("fr_line_o"), num(1000), num(0)});
    EXPECT_EQ(pull<std::uint8_t>("fr_line_o"), (std::vector<std::uint8_t>{55, 55, 55}));
    run("minimum2DBox", {img("fr_line"), img("fr_line_o"), num(1000), num(5)});
    EXPECT_EQ(pull<std::uint8_t>("fr_line_o"), (std::vector<std::uint8_t>{10, 10, 10}));
    run("maximum3DBox", {img("fr_line"), img("fr_line_o"), num(1000), num(5), num(100000)});
    EXPECT_EQ(pull<std::uint8_t>("fr_line_o"), (std::vector<std::uint8_t>{100, 100, 100}));
    run("median2DBox", {img("fr_line"), img("fr_line_o"), num(1000), num(0)});
    EXPECT_EQ(pull<std::uint8_t>("fr_line_o"), (std::vector<std::uint8_t>{10, 40, 100}));
    // Along y through a 3D box with z beyond the stack: the same numbers (each plane alike).
    push<std::uint8_t>("fr_col", 1, 3, 2, {10, 40, 100, 10, 40, 100});
    run("median3DBox", {img("fr_col"), img("fr_col_o"), num(7), num(1000), num(300)});
    EXPECT_EQ(pull<std::uint8_t>("fr_col_o"), (std::vector<std::uint8_t>{10, 40, 100, 10, 40, 100}));
    run("mean3DBox", {img("fr_col"), img("fr_col_o"), num(7), num(1000), num(300)});
    EXPECT_EQ(pull<std::uint8_t>("fr_col_o"), (std::vector<std::uint8_t>{55, 55, 55, 55, 55, 55}));
    // topHatBox: the opening of a 3x1 line with radius 1000 is its minimum everywhere.
    run("topHatBox", {img("fr_line"), img("fr_line_o"), num(1000), num(0), num(0)});
    EXPECT_EQ(pull<std::uint8_t>("fr_line_o"), (std::vector<std::uint8_t>{0, 30, 90}));
}

TEST(FarRadius, SpheresOnTwoPixelsAreNotRefused) {
    // Radius 5000: the bounding box has 10001^2 = 1e8 pixels, beyond the 2^24 limit, but on a
    // 2x1x1 image the neighbourhood folds onto 3 offsets.
    push<std::uint16_t>("fr_two", 2, 1, 1, {100, 300});
    const std::vector<std::uint16_t> src = {100, 300};
    run("minimum2DSphere", {img("fr_two"), img("fr_two_o"), num(5000), num(5000)});
    EXPECT_EQ(pull<std::uint16_t>("fr_two_o"), (std::vector<std::uint16_t>{100, 100}));
    run("maximum2DSphere", {img("fr_two"), img("fr_two_o"), num(5000), num(5000)});
    EXPECT_EQ(pull<std::uint16_t>("fr_two_o"), (std::vector<std::uint16_t>{300, 300}));
    run("mean2DSphere", {img("fr_two"), img("fr_two_o"), num(5000), num(5000)});
    const auto mean = pull<std::uint16_t>("fr_two_o");
    for (int x = 0; x < 2; ++x) EXPECT_EQ(mean[x], round_mean(mean_of(circle_values(src, 2, 1, x, 0, 5000, 5000))));
    // The circle has one more point at dx <= 0 than at dx >= 1 (the centre column), so the
    // median of pixel 0 is 100 and that of pixel 1 (dx >= 0 reads 300) is 300.
    run("median2DSphere", {img("fr_two"), img("fr_two_o"), num(5000), num(5000)});
    EXPECT_EQ(pull<std::uint16_t>("fr_two_o"), (std::vector<std::uint16_t>{100, 300}));
    // Filters3D's ellipsoid leaves out what is outside: both pixels, whatever the radius.
    // Mean (100 + 300) / 2 = 200; median of two values: their mean, 200.
    for (const char* op : {"mean3DSphere", "median3DSphere"}) {
        run(op, {img("fr_two"), img("fr_two_o"), num(100000), num(5000), num(5000)});
        EXPECT_EQ(pull<std::uint16_t>("fr_two_o"), (std::vector<std::uint16_t>{200, 200})) << op;
    }
    run("minimum3DSphere", {img("fr_two"), img("fr_two_o"), num(5000), num(100000), num(5000)});
    EXPECT_EQ(pull<std::uint16_t>("fr_two_o"), (std::vector<std::uint16_t>{100, 100}));
    run("topHatSphere", {img("fr_two"), img("fr_two_o"), num(5000), num(5000), num(0)});
    EXPECT_EQ(pull<std::uint16_t>("fr_two_o"), (std::vector<std::uint16_t>{0, 200}));
    // Still refused where the image itself is large enough: 3000x3000 with radius 5000 folds
    // onto 5999^2 = 36e6 offsets.
    push<std::uint8_t>("fr_big", 3000, 3000, 1, std::vector<std::uint8_t>(9000000, 1));
    expect_error([] { run("median2DSphere", {img("fr_big"), img("fr_big_o"), num(5000), num(5000)}); },
                 {"median2DSphere", "radius_x", std::to_string(ijcl::kMaxNeighbourhoodPoints)});
    ijcl_test::session().release("fr_big");
}

TEST(FarRadius, GaussianWithHugeSigma) {
    // sigma 1e10 or 1e30 failed with "cannot create std::vector larger than max_size()". ImageJ
    // reduces every line to about one point (its (int) saturates): the blur tends to the mean of
    // the line's two ends with nearest-edge padding. A constant stays (nearly) constant; any
    // result stays within the input's range.
    push<float>("fr_g", 5, 4, 3, std::vector<float>(60, 7.0f));
    for (double sigma : {1e10, 1e30}) {
        run("gaussianBlur2D", {img("fr_g"), img("fr_g_o"), num(sigma), num(sigma)});
        for (float v : pull<float>("fr_g_o")) EXPECT_NEAR(v, 7.0f, 1e-4) << sigma;
        run("gaussianBlur3D", {img("fr_g"), img("fr_g_o"), num(sigma), num(2), num(sigma)});
        for (float v : pull<float>("fr_g_o")) EXPECT_NEAR(v, 7.0f, 1e-4) << sigma;
    }
    const auto ramp = random_image<std::uint16_t>(6, 5, 2, 83, 1000);
    push<std::uint16_t>("fr_g16", 6, 5, 2, ramp);
    const auto [lo, hi] = std::minmax_element(ramp.begin(), ramp.end());
    run("gaussianBlur3D", {img("fr_g16"), img("fr_g16_o"), num(1e30), num(1e10), num(1e30)});
    for (auto v : pull<std::uint16_t>("fr_g16_o")) {
        EXPECT_GE(v, *lo);
        EXPECT_LE(v, *hi);
    }
}
