// gaussianBlur2D / gaussianBlur3D and the host-side ImageJ kernel weights.
//
// Oracles: the kernel rule written out below in double precision, and a plain reference
// convolution (edge pixels repeated) in double. Equality with ImageJ itself is checked by the
// JUnit test tests/java/net/ijcl/ops/GaussianImageJTest.java.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "../../native/src/ops/gaussian_kernel.hpp"
#include "test_support.hpp"

using namespace ijcl_test;

namespace {

// The kernel rule of ImageJ's GaussianBlur, written out independently in double precision:
//   R = ceil(sigma * sqrt(-2 ln accuracy)) + 1 points on one side (index 0 = centre);
//   g(i) = exp(-i^2 / (2 sigma^2));
//   tail: s = the smallest of sqrt(g(r)) / (R - r), taken for r = R-1, R-2, ... while it keeps
//   decreasing (and r > R/2); points i >= r_stop + 2 become (R - i)^2 * s^2, where r_stop is
//   the r at which the search stopped;
//   normalised: g(0) + 2 * sum_{i>0} g(i) = 1.
std::vector<double> reference_kernel(double sigma, double accuracy) {
    const int R = static_cast<int>(std::ceil(sigma * std::sqrt(-2.0 * std::log(accuracy)))) + 1;
    std::vector<double> g(R);
    for (int i = 0; i < R; ++i) g[i] = std::exp(-(i * i) / (2.0 * sigma * sigma));
    if (R > 3) {
        double s = 1e300;
        int r = R;
        while (r > R / 2) {
            --r;
            const double a = std::sqrt(g[r]) / (R - r);
            if (a < s) s = a;
            else break;
        }
        for (int i = r + 2; i < R; ++i) g[i] = (R - i) * (R - i) * s * s;
    }
    double total = g[0];
    for (int i = 1; i < R; ++i) total += 2 * g[i];
    for (double& v : g) v /= total;
    return g;
}

// One-dimensional convolution along `axis` of a w x h x d volume, out-of-image = edge value.
std::vector<double> convolve(const std::vector<double>& in, int w, int h, int d, int axis,
                             const std::vector<double>& k) {
    std::vector<double> out(in.size());
    const int len = axis == 0 ? w : (axis == 1 ? h : d);
    const int R = static_cast<int>(k.size());
    for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const int pos = axis == 0 ? x : (axis == 1 ? y : z);
                double sum = 0;
                for (int j = -(R - 1); j <= R - 1; ++j) {
                    const int q = std::clamp(pos + j, 0, len - 1);
                    const int xx = axis == 0 ? q : x, yy = axis == 1 ? q : y, zz = axis == 2 ? q : z;
                    sum += k[std::abs(j)] * in[xx + w * (yy + h * zz)];
                }
                out[x + w * (y + h * z)] = sum;
            }
    return out;
}

std::vector<double> round_all(std::vector<double> v) {
    for (double& x : v) x = std::floor(x + 0.5);
    return v;
}

// A deterministic test pattern: smooth ramps plus a few bright pixels, values in [0, 250].
template <typename T>
std::vector<T> pattern(int w, int h, int d) {
    std::vector<T> v(static_cast<std::size_t>(w) * h * d);
    for (int z = 0; z < d; ++z)
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                double value = 3.0 * x + 2.0 * y + 5.0 * z + ((x * 7 + y * 13 + z * 5) % 11) * 4.0;
                if ((x + 2 * y + 3 * z) % 9 == 0) value += 120;
                v[x + w * (y + h * z)] = static_cast<T>(std::min(value, 250.0));
            }
    return v;
}

template <typename T>
std::vector<double> to_double(const std::vector<T>& v) { return std::vector<double>(v.begin(), v.end()); }

}  // namespace

TEST(GaussianKernel, RadiusRule) {
    // sigma 2, accuracy 0.002: sqrt(-2 ln 0.002) = sqrt(12.429) = 3.5255; 2 * 3.5255 = 7.05 ->
    // ceil 8, + 1 = 9 points on one side.
    EXPECT_EQ(ijcl::imagej_gaussian_kernel(2.0, 0.002, 100).radius(), 9);
    // accuracy 0.0002: sqrt(-2 ln 0.0002) = sqrt(17.034) = 4.1273; 2 * 4.1273 = 8.25 -> 9, + 1 = 10.
    EXPECT_EQ(ijcl::imagej_gaussian_kernel(2.0, 0.0002, 100).radius(), 10);
    // sigma 1, accuracy 0.002: 3.5255 -> 4, + 1 = 5.
    EXPECT_EQ(ijcl::imagej_gaussian_kernel(1.0, 0.002, 100).radius(), 5);
    EXPECT_DOUBLE_EQ(ijcl::imagej_gaussian_accuracy(ijcl::PixelType::UInt8), 0.002);
    EXPECT_DOUBLE_EQ(ijcl::imagej_gaussian_accuracy(ijcl::PixelType::UInt16), 0.0002);
    EXPECT_DOUBLE_EQ(ijcl::imagej_gaussian_accuracy(ijcl::PixelType::Float32), 0.0002);
}

TEST(GaussianKernel, WeightsMatchTheWrittenOutRule) {
    for (double sigma : {0.5, 1.0, 2.0, 3.3, 8.5})
        for (double accuracy : {0.002, 0.0002}) {
            const auto k = ijcl::imagej_gaussian_kernel(sigma, accuracy, 1000);
            const auto ref = reference_kernel(sigma, accuracy);
            ASSERT_EQ(k.radius(), static_cast<int>(ref.size())) << "sigma " << sigma;
            double total = k.weights[0];
            for (int i = 0; i < k.radius(); ++i) {
                // The host rounds the unnormalised points to float (as ImageJ): relative 1e-6.
                EXPECT_NEAR(k.weights[i], ref[i], 1e-6 * ref[0]) << "sigma " << sigma << " i " << i;
                if (i > 0) total += 2.0 * k.weights[i];
                double beyond = 0;
                for (int j = i + 1; j < k.radius(); ++j) beyond += ref[j];
                EXPECT_NEAR(k.tail_sums[i], beyond, 1e-6) << "sigma " << sigma << " i " << i;
            }
            EXPECT_NEAR(total, 1.0, 1e-6);
            // The tail is smooth: it decreases to the last point.
            for (int i = 1; i < k.radius(); ++i) EXPECT_LT(k.weights[i], k.weights[i - 1]);
        }
}

TEST(GaussianKernel, TruncatedKernelIsNormalisedByTheIntegral) {
    // sigma 30, accuracy 0.002 would need 108 points; capped at max(60, 50) = 60 there is no
    // smoothed tail and the normalisation is 1 / (sigma sqrt(2 pi)).
    const auto k = ijcl::imagej_gaussian_kernel(30.0, 0.002, 60);
    ASSERT_EQ(k.radius(), 60);
    EXPECT_NEAR(k.weights[0], 1.0 / (30.0 * std::sqrt(2 * M_PI)), 1e-8);
    EXPECT_NEAR(k.weights[59], std::exp(-59.0 * 59.0 / (2 * 900.0)) / (30.0 * std::sqrt(2 * M_PI)), 1e-8);
    // An absurd sigma is capped the same way instead of overflowing the radius.
    EXPECT_EQ(ijcl::imagej_gaussian_kernel(1e12, 0.002, 60).radius(), 60);
}

TEST(GaussianKernel, DownscalePlanAboveSigma8_5) {
    EXPECT_FALSE(ijcl::imagej_blur_plan(8.5, 0.002, 500).downscale);
    const auto plan = ijcl::imagej_blur_plan(10.0, 0.002, 500);
    ASSERT_TRUE(plan.downscale);
    // reduce by floor(10 / 4) = 2; remaining sigma sqrt(100/4 - 1/3 - 1/4) = sqrt(24.4167) = 4.9413.
    EXPECT_EQ(plan.reduce_by, 2);
    EXPECT_NEAR(plan.kernel_sigma, 4.941322, 1e-6);
    // (500 + 1) / 2 + 6 = 256 reduced points; reduced index 0 is original position -3 * 2 = -6.
    EXPECT_EQ(plan.reduced_length, 256);
    EXPECT_EQ(plan.unscaled0, -6);
    // Both resampling kernels preserve the sum: the down kernel sums to 1, and the up kernel's
    // 4 weights of every phase t (t, t+r, t+2r, t+3r) sum to 1.
    double down = 0;
    for (float v : plan.down_kernel) down += v;
    EXPECT_NEAR(down, 1.0, 1e-6);
    for (int t = 0; t < 2; ++t)
        EXPECT_NEAR(plan.up_kernel[t] + plan.up_kernel[t + 2] + plan.up_kernel[t + 4] + plan.up_kernel[t + 6], 1.0, 1e-6);
}

TEST(GaussianBlur, DeltaGivesTheKernelFloat) {
    // A single 1000 at x = 10 of a 21 x 1 float line, sigma_x 2, sigma_y 0: the output at distance
    // i is 1000 * k[i] (accuracy 0.0002 for float: 10 points on a side, all inside the line).
    std::vector<float> line(21, 0.0f);
    line[10] = 1000.0f;
    push<float>("g_delta", 21, 1, 1, line);
    run("gaussianBlur2D", {img("g_delta"), img("g_delta_out"), num(2), num(0)});
    const auto out = pull<float>("g_delta_out");
    const auto k = reference_kernel(2.0, 0.0002);
    for (int x = 0; x < 21; ++x) {
        const int dist = std::abs(x - 10);
        const double expected = dist < static_cast<int>(k.size()) ? 1000.0 * k[dist] : 0.0;
        EXPECT_NEAR(out[x], expected, 1e-3) << "x " << x;
    }
}

TEST(GaussianBlur, ConstantImageStaysConstantAllTypes) {
    // Weights sum to 1 and edges repeat the edge pixel, so a constant image is unchanged
    // (integer types exactly, float within rounding).
    push<std::uint8_t>("g_c8", 9, 7, 3, std::vector<std::uint8_t>(9 * 7 * 3, 77));
    run("gaussianBlur3D", {img("g_c8"), img("g_c8o"), num(1.5), num(2), num(1)});
    EXPECT_EQ(pull<std::uint8_t>("g_c8o"), std::vector<std::uint8_t>(9 * 7 * 3, 77));
    push<std::uint16_t>("g_c16", 9, 7, 3, std::vector<std::uint16_t>(9 * 7 * 3, 60000));
    run("gaussianBlur3D", {img("g_c16"), img("g_c16o"), num(3), num(0.7), num(12)});
    EXPECT_EQ(pull<std::uint16_t>("g_c16o"), std::vector<std::uint16_t>(9 * 7 * 3, 60000));
    push<float>("g_cf", 9, 7, 1, std::vector<float>(9 * 7, 3.25f));
    run("gaussianBlur2D", {img("g_cf"), img("g_cfo"), num(2), num(2)});
    for (float v : pull<float>("g_cfo")) EXPECT_NEAR(v, 3.25f, 1e-5f);
}

TEST(GaussianBlur, Matches2DReferenceWithEdgesAllTypes) {
    // Reference: x pass then y pass in double with repeated edge pixels, rounded for integers.
    // Tolerance: float within 1e-3 (single vs double precision); integers within 0.5 + 1e-3 of
    // the unrounded reference (equal to round-to-nearest except at exact ties).
    const int w = 23, h = 17;
    const double sx = 2.0, sy = 1.3;
    const auto src8 = pattern<std::uint8_t>(w, h, 1);
    push<std::uint8_t>("g2_8", w, h, 1, src8);
    run("gaussianBlur2D", {img("g2_8"), img("g2_8o"), num(sx), num(sy)});
    auto ref8 = convolve(convolve(to_double(src8), w, h, 1, 0, reference_kernel(sx, 0.002)), w, h, 1, 1,
                         reference_kernel(sy, 0.002));
    const auto out8 = pull<std::uint8_t>("g2_8o");
    for (std::size_t i = 0; i < out8.size(); ++i) EXPECT_NEAR(out8[i], ref8[i], 0.501) << i;

    const auto src16 = pattern<std::uint16_t>(w, h, 1);
    push<std::uint16_t>("g2_16", w, h, 1, src16);
    run("gaussianBlur2D", {img("g2_16"), img("g2_16o"), num(sx), num(sy)});
    auto ref16 = convolve(convolve(to_double(src16), w, h, 1, 0, reference_kernel(sx, 0.0002)), w, h, 1,
                          1, reference_kernel(sy, 0.0002));
    const auto out16 = pull<std::uint16_t>("g2_16o");
    for (std::size_t i = 0; i < out16.size(); ++i) EXPECT_NEAR(out16[i], ref16[i], 0.501) << i;

    const auto srcf = pattern<float>(w, h, 1);
    push<float>("g2_f", w, h, 1, srcf);
    run("gaussianBlur2D", {img("g2_f"), img("g2_fo"), num(sx), num(sy)});
    const auto outf = pull<float>("g2_fo");
    for (std::size_t i = 0; i < outf.size(); ++i) EXPECT_NEAR(outf[i], ref16[i], 1e-3) << i;
}

TEST(GaussianBlur, TwoDOnAStackBlursEachPlaneAlone) {
    // Plane 1 is all zero; a 2D blur must not bring anything over from plane 0.
    std::vector<std::uint8_t> v(7 * 7 * 2, 0);
    v[3 + 7 * 3] = 200;
    push<std::uint8_t>("g_stack", 7, 7, 2, v);
    run("gaussianBlur2D", {img("g_stack"), img("g_stack_o"), num(1), num(1)});
    const auto out = pull<std::uint8_t>("g_stack_o");
    for (int i = 49; i < 98; ++i) EXPECT_EQ(out[i], 0) << i;
    // Centre: 200 * k0^2 with k0 = 1 / (1 + 2 (e^-0.5 + e^-2 + e^-4.5 + tail)) ~ 0.3990 -> 31.8 -> 32.
    const auto k = reference_kernel(1.0, 0.002);
    EXPECT_EQ(out[3 + 7 * 3], static_cast<int>(std::floor(200 * k[0] * k[0] + 0.5)));
}

TEST(GaussianBlur, ThreeDRoundsPlanesBeforeZLikeImageJ) {
    // ImageJ's GaussianBlur3D stores the xy-blurred planes in the pixel type before blurring z,
    // so the reference rounds after the y pass for uint16 (and not for float).
    const int w = 11, h = 9, d = 7;
    const double sx = 1.0, sy = 2.0, sz = 1.5;
    const auto src = pattern<std::uint16_t>(w, h, d);
    push<std::uint16_t>("g3_16", w, h, d, src);
    run("gaussianBlur3D", {img("g3_16"), img("g3_16o"), num(sx), num(sy), num(sz)});
    auto xy = round_all(convolve(convolve(to_double(src), w, h, d, 0, reference_kernel(sx, 0.0002)), w, h,
                                 d, 1, reference_kernel(sy, 0.0002)));
    const auto ref = convolve(xy, w, h, d, 2, reference_kernel(sz, 0.0002));
    const auto out = pull<std::uint16_t>("g3_16o");
    for (std::size_t i = 0; i < out.size(); ++i) EXPECT_NEAR(out[i], ref[i], 0.501) << i;

    // Only z (sigma_x = sigma_y = 0): no xy pass, the source goes straight into the z pass.
    run("gaussianBlur3D", {img("g3_16"), img("g3_z"), num(0), num(0), num(sz)});
    const auto zref = convolve(to_double(src), w, h, d, 2, reference_kernel(sz, 0.0002));
    const auto zout = pull<std::uint16_t>("g3_z");
    for (std::size_t i = 0; i < zout.size(); ++i) EXPECT_NEAR(zout[i], zref[i], 0.501) << i;
}

TEST(GaussianBlur, ZeroSigmaCopies) {
    const auto src = pattern<std::uint8_t>(5, 4, 2);
    push<std::uint8_t>("g_zero", 5, 4, 2, src);
    run("gaussianBlur3D", {img("g_zero"), img("g_zero_o"), num(0), num(0), num(0)});
    EXPECT_EQ(pull<std::uint8_t>("g_zero_o"), src);
}

TEST(GaussianBlur, LargeSigmaUsesImageJsReductionCloseToTheTrueGaussian) {
    // sigma 12 > 8.5: ImageJ reduces lines by 3, blurs, enlarges. The result approximates the
    // exact Gaussian; on a step from 0 to 1000 the difference stays below 0.5% of the step
    // (ImageJ's scheme, not ours, limits this; equality with ImageJ is checked in JUnit).
    const int w = 200;
    std::vector<float> step(w);
    for (int x = 0; x < w; ++x) step[x] = x < 100 ? 0.0f : 1000.0f;
    push<float>("g_big", w, 1, 1, step);
    run("gaussianBlur2D", {img("g_big"), img("g_big_o"), num(12), num(0)});
    const auto out = pull<float>("g_big_o");
    std::vector<double> exact_kernel(80);
    double total = 0;
    for (int i = 0; i < 80; ++i) total += (i ? 2 : 1) * (exact_kernel[i] = std::exp(-i * i / (2.0 * 144)));
    for (double& v : exact_kernel) v /= total;
    const auto ref = convolve(to_double(step), w, 1, 1, 0, exact_kernel);
    for (int x = 0; x < w; ++x) EXPECT_NEAR(out[x], ref[x], 5.0) << x;
    EXPECT_NEAR(out[0], 0.0, 1e-3);
    EXPECT_NEAR(out[w - 1], 1000.0, 1e-2);
}

TEST(GaussianBlur, InPlaceIsAllowed) {
    std::vector<float> v(9, 0.0f);
    v[4] = 9.0f;
    push<float>("g_inplace", 9, 1, 1, v);
    run("gaussianBlur2D", {img("g_inplace"), img("g_inplace"), num(1), num(0)});
    const auto out = pull<float>("g_inplace");
    const auto k = reference_kernel(1.0, 0.0002);
    EXPECT_NEAR(out[4], 9.0 * k[0], 1e-5);
    EXPECT_NEAR(out[5], 9.0 * k[1], 1e-5);
}

TEST(GaussianBlur, NegativeSigmaNamesTheArgument) {
    push<std::uint8_t>("g_err", 2, 2, 1, {1, 2, 3, 4});
    expect_error([] { run("gaussianBlur2D", {img("g_err"), img("g_err_o"), num(-1), num(2)}); },
                 {"gaussianBlur2D", "sigma_x"});
    expect_error([] { run("gaussianBlur3D", {img("g_err"), img("g_err_o"), num(1), num(1), num(-0.5)}); },
                 {"gaussianBlur3D", "sigma_z"});
}
