// Gaussian blur, rank filters and top-hats on images large enough for the kernels' inner paths
// (blocks of several outputs per work item away from the borders, 8-pixel words for widths that
// are multiples of 8, every median size class) and with their border paths around them.
//
// Oracles, written out here: ImageJ's line convolution in float with ImageJ's order of additions
// (centre, edge shares, then the pairs at distance 1, 2, ...), and neighbourhoods collected point
// by point (min, max, sorted median, double mean). All comparisons are exact.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../../native/src/ops/gaussian_kernel.hpp"
#include "../../native/src/ops/rank_filters.hpp"
#include "neighbourhood_reference.hpp"
#include "test_support.hpp"

using namespace ijcl_test;

namespace {

// ImageJ's rounding of a float result into an integer pixel: (int)(v + 0.5f), saturated.
template <typename T>
T round_to(float v) {
    if (std::is_same<T, float>::value) return static_cast<T>(v);
    const float r = std::floor(v + 0.5f);
    const float top = std::is_same<T, std::uint8_t>::value ? 255.0f : 65535.0f;
    return static_cast<T>(std::min(std::max(r, 0.0f), top));
}

// One axis of ImageJ's blur in float: for each point i of a line of length n, kernel k (radius R):
// v[i]*k[0]; plus tail[i]*v[0] if i < R; plus tail[n-1-i]*v[n-1] where i + R > n (i < R) or
// i + R >= n (i >= R); then k[j] * (v[i-j] + v[i+j]) for j = 1..R-1, points outside the line 0.
std::vector<float> blur_axis(const std::vector<float>& in, int w, int h, int d, int axis, double sigma,
                             double accuracy) {
    const int n = axis == 0 ? w : (axis == 1 ? h : d);
    const auto k = ijcl::imagej_gaussian_kernel(sigma, accuracy, n);
    const int R = k.radius();
    const long step = axis == 0 ? 1 : (axis == 1 ? w : static_cast<long>(w) * h);
    std::vector<float> out(in.size());
    for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int i = axis == 0 ? x : (axis == 1 ? y : z);
                const long row = (axis == 1 ? 0 : y) + static_cast<long>(h) * (axis == 2 ? 0 : z);
                const long start = (axis == 0 ? 0 : x) + static_cast<long>(w) * row;
                auto v = [&](int p) { return p < 0 || p >= n ? 0.0f : in[start + p * step]; };
                float r = v(i) * k.weights[0];
                if (i < R) r += k.tail_sums[i] * v(0);
                if (i < R ? i + R > n : i + R >= n) r += k.tail_sums[n - 1 - i] * v(n - 1);
                for (int j = 1; j < R; ++j) r += k.weights[j] * (v(i - j) + v(i + j));
                out[start + i * step] = r;
            }
    return out;
}

// gaussianBlur3D as ImageJ: x and y in float, stored in the pixel type, then z.
template <typename T>
std::vector<T> reference_blur(const std::vector<T>& src, int w, int h, int d, double sx, double sy, double sz) {
    const double acc = std::is_same<T, std::uint8_t>::value ? 0.002 : 0.0002;
    std::vector<float> f(src.begin(), src.end());
    f = blur_axis(blur_axis(f, w, h, d, 0, sx, acc), w, h, d, 1, sy, acc);
    std::vector<T> out(src.size());
    for (std::size_t i = 0; i < f.size(); ++i) out[i] = round_to<T>(f[i]);
    if (sz <= 0) return out;
    f.assign(out.begin(), out.end());
    f = blur_axis(f, w, h, d, 2, sz, acc);
    for (std::size_t i = 0; i < f.size(); ++i) out[i] = round_to<T>(f[i]);
    return out;
}

template <typename T>
void check_blur(int w, int h, int d, double sx, double sy, double sz, double max, unsigned seed) {
    const auto src = random_image<T>(w, h, d, seed, max);
    push<T>("fp_src", w, h, d, src);
    if (sz > 0) run("gaussianBlur3D", {img("fp_src"), img("fp_dst"), num(sx), num(sy), num(sz)});
    else run("gaussianBlur2D", {img("fp_src"), img("fp_dst"), num(sx), num(sy)});
    const auto out = pull<T>("fp_dst");
    const auto ref = reference_blur(src, w, h, d, sx, sy, sz);
    int bad = 0;
    for (std::size_t i = 0; i < out.size(); ++i)
        if (out[i] != ref[i] && ++bad <= 3)
            ADD_FAILURE() << w << "x" << h << "x" << d << " sigma " << sx << "," << sy << "," << sz << " at " << i
                          << ": " << +out[i] << " vs " << +ref[i];
    EXPECT_EQ(bad, 0);
}

enum class Kind { Mean, Min, Max, Median };
const char* kKinds[] = {"mean", "minimum", "maximum", "median"};

// Neighbourhood of every pixel over `off` (clamped, or left out with `skip`), reduced by `kind`.
// Means: RankFilters / box rule (double mean rounded to float, then half up) unless `mean_double`
// (Filters3D: double mean rounded half up). Medians of an even count: the two middle values
// summed in float and halved, rounded half up.
template <typename T>
std::vector<T> reference_rank(const std::vector<T>& src, int w, int h, int d, const std::vector<int>& off,
                              bool skip, Kind kind, bool mean_double) {
    std::vector<T> out(src.size());
    std::vector<T> values;
    for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                values.clear();
                for_each_neighbour(src, w, h, d, x, y, z, off, skip, [&](T v) { values.push_back(v); });
                std::sort(values.begin(), values.end());
                const std::size_t n = values.size();
                T r{};
                if (kind == Kind::Min) r = values.front();
                if (kind == Kind::Max) r = values.back();
                if (kind == Kind::Median)
                    r = n % 2 ? values[n / 2]
                              : round_to<T>(0.5f * (static_cast<float>(values[n / 2 - 1]) +
                                                    static_cast<float>(values[n / 2])));
                if (kind == Kind::Mean) {
                    double sum = 0;
                    for (T v : values) sum += v;
                    const double mean = sum / static_cast<double>(n);
                    r = mean_double ? static_cast<T>(std::floor(mean + 0.5))
                                    : round_to<T>(static_cast<float>(mean));
                }
                out[x + w * (y + h * z)] = r;
            }
    return out;
}

// Runs `kinds` of `op` ("2DSphere", ...) with `radii` and compares with the reference.
template <typename T>
void check_rank(const std::string& op, std::vector<Kind> kinds, int w, int h, int d,
                const std::vector<double>& radii, const std::vector<int>& off, bool skip, double max,
                unsigned seed) {
    const auto src = random_image<T>(w, h, d, seed, max);
    push<T>("fp_src", w, h, d, src);
    for (Kind kind : kinds) {
        const std::string name = kKinds[static_cast<int>(kind)] + op;
        std::vector<ijcl::Value> args = {img("fp_src"), img("fp_dst")};
        for (double r : radii) args.push_back(num(r));
        run(name, args);
        const auto out = pull<T>("fp_dst");
        const auto ref = reference_rank(src, w, h, d, off, skip, kind, skip);
        int bad = 0;
        for (std::size_t i = 0; i < out.size(); ++i)
            if (out[i] != ref[i] && ++bad <= 3)
                ADD_FAILURE() << name << " " << w << "x" << h << "x" << d << " radius " << radii[0] << " at " << i
                              << ": " << +out[i] << " vs " << +ref[i];
        EXPECT_EQ(bad, 0) << name;
    }
}

const std::vector<Kind> kAll = {Kind::Mean, Kind::Min, Kind::Max, Kind::Median};
const std::vector<Kind> kNoMean = {Kind::Min, Kind::Max, Kind::Median};  // float means: rank_filter_test

}  // namespace

TEST(FilterPaths, GaussianBlocksEqualImageJsLineConvolution) {
    // Widths and heights that leave partial blocks; sigma 2 has an 11-point half kernel at
    // accuracy 0.0002 (radius ceil(2 * 4.13) + 1 = 10 points beyond the centre's).
    check_blur<std::uint16_t>(72, 45, 13, 2.0, 1.3, 0.8, 65535, 1);
    check_blur<std::uint16_t>(61, 37, 19, 2.0, 2.0, 2.0, 4095, 2);
    check_blur<float>(70, 44, 1, 3.0, 2.0, 0.0, 1000, 3);
    check_blur<std::uint8_t>(75, 50, 1, 2.0, 2.0, 0.0, 255, 4);
}

TEST(FilterPaths, Sphere2DInnerBlocksAndWords) {
    for (double r : {1.0, 2.0, 3.5}) {
        const auto off = ijcl::circle_offsets(r, r);
        check_rank<std::uint16_t>("2DSphere", kAll, 72, 45, 2, {r, r}, off, false, 65535, 10);  // 8-pixel words
        check_rank<std::uint8_t>("2DSphere", kAll, 75, 45, 1, {r, r}, off, false, 255, 11);     // single pixels
    }
    check_rank<float>("2DSphere", kNoMean, 72, 45, 1, {2, 2}, ijcl::circle_offsets(2, 2), false, 1000, 12);
}

TEST(FilterPaths, Sphere3DInnerBlocksBorderPlanesAndWords) {
    const auto ball = ijcl::ellipsoid_offsets(2, 2, 2);  // 33 voxels
    check_rank<std::uint16_t>("3DSphere", kAll, 48, 37, 9, {2, 2, 2}, ball, true, 65535, 20);
    check_rank<std::uint8_t>("3DSphere", kAll, 45, 37, 9, {2, 2, 2}, ball, true, 255, 21);
    check_rank<float>("3DSphere", kNoMean, 48, 37, 9, {2, 2, 2}, ball, true, 1000, 22);
    check_rank<std::uint16_t>("3DSphere", kAll, 40, 30, 7, {1, 1, 1}, ijcl::ellipsoid_offsets(1, 1, 1), true,
                              4095, 23);
    // 123 voxels: the largest median class (125).
    check_rank<std::uint16_t>("3DSphere", {Kind::Median}, 32, 26, 9, {3, 3, 3}, ijcl::ellipsoid_offsets(3, 3, 3),
                              true, 4095, 24);
}

TEST(FilterPaths, BoxesInnerBlocksAndMedianClasses) {
    check_rank<std::uint16_t>("2DBox", kAll, 72, 45, 1, {2, 2}, ijcl::box_offsets(2, 2, 0), false, 65535, 30);
    check_rank<std::uint8_t>("3DBox", kAll, 40, 30, 7, {1, 1, 1}, ijcl::box_offsets(1, 1, 1), false, 255, 31);
    check_rank<std::uint16_t>("3DBox", kAll, 32, 27, 9, {2, 2, 2}, ijcl::box_offsets(2, 2, 2), false, 4095, 32);
    check_rank<std::uint16_t>("2DBox", {Kind::Median}, 40, 36, 1, {4, 4}, ijcl::box_offsets(4, 4, 0), false, 65535,
                              33);  // 81 pixels
    check_rank<float>("2DBox", {Kind::Median}, 40, 36, 1, {3, 3}, ijcl::box_offsets(3, 3, 0), false, 1000, 34);
}

TEST(FilterPaths, TopHatsSubtractInTheirLastPass) {
    const int w = 48, h = 37, d = 9;
    const auto src = random_image<std::uint16_t>(w, h, d, 40, 65535);
    push<std::uint16_t>("fp_th", w, h, d, src);
    struct Case { const char* op; std::vector<double> radii; std::vector<int> off; bool skip; };
    const Case cases[] = {{"topHatSphere", {2, 2, 2}, ijcl::ellipsoid_offsets(2, 2, 2), true},
                          {"topHatSphere", {2, 2, 0}, ijcl::circle_offsets(2, 2), false},
                          {"topHatBox", {2, 1, 1}, ijcl::box_offsets(2, 1, 1), false}};
    for (const Case& cs : cases) {
        run(cs.op, {img("fp_th"), img("fp_th_o"), num(cs.radii[0]), num(cs.radii[1]), num(cs.radii[2])});
        const auto out = pull<std::uint16_t>("fp_th_o");
        const auto eroded = reference_rank(src, w, h, d, cs.off, cs.skip, Kind::Min, false);
        const auto opened = reference_rank(eroded, w, h, d, cs.off, cs.skip, Kind::Max, false);
        int bad = 0;
        for (std::size_t i = 0; i < out.size(); ++i)
            if (out[i] != src[i] - opened[i] && ++bad <= 3)
                ADD_FAILURE() << cs.op << " at " << i << ": " << out[i] << " vs " << src[i] - opened[i];
        EXPECT_EQ(bad, 0) << cs.op;
    }
}
