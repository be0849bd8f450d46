// ImageJ-compatible Gaussian kernel weights (see gaussian_kernel.hpp). The arithmetic follows
// ImageJ 1.54's GaussianBlur step by step (which operations are done in double and where the
// result is rounded to float), because the GPU result is meant to equal ImageJ's bit for bit.
#include "gaussian_kernel.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace ijcl {

GaussianKernel1D imagej_gaussian_kernel(double sigma, double accuracy, int max_radius) {
    const double wanted = std::ceil(sigma * std::sqrt(-2.0 * std::log(accuracy))) + 1;
    // A very small cap would make the normalisation below inaccurate, so ImageJ caps at >= 50.
    max_radius = std::max(max_radius, 50);
    const int radius = wanted > max_radius ? max_radius : static_cast<int>(wanted);
    std::vector<float> k(static_cast<std::size_t>(radius));
    for (int i = 0; i < radius; ++i)
        k[i] = static_cast<float>(std::exp(-0.5 * i * i / sigma / sigma));

    // Smooth cut-off: going inwards from the end, find the steepest slope of sqrt(k) towards the
    // first point outside the kernel, and replace the points beyond it by the parabola
    // (radius - i)^2 * slope^2, which reaches zero (with zero derivative) at i = radius.
    if (radius < max_radius && radius > 3) {
        double slope = DBL_MAX;
        int r = radius;
        while (r > radius / 2) {
            --r;
            const double candidate = std::sqrt(static_cast<double>(k[r])) / (radius - r);
            if (candidate < slope) slope = candidate;
            else break;
        }
        for (int i = r + 2; i < radius; ++i) {
            const int d = radius - i;
            k[i] = static_cast<float>(static_cast<double>(d * d) * slope * slope);
        }
    }

    // Normalisation: over the whole (two-sided) kernel, or, when the kernel was truncated at
    // max_radius, by the integral of the untruncated Gaussian.
    double total;
    if (radius < max_radius) {
        total = k[0];
        for (int i = 1; i < radius; ++i) total += static_cast<double>(2.0f * k[i]);
    } else {
        total = sigma * std::sqrt(2.0 * M_PI);
    }

    GaussianKernel1D out;
    out.weights.resize(k.size());
    out.tail_sums.resize(k.size());
    // Running remainder: the weight of one side beyond point i (the centre counts half).
    double remaining = 0.5 + 0.5 * static_cast<double>(k[0]) / total;
    for (int i = 0; i < radius; ++i) {
        const double w = k[i] / total;
        out.weights[i] = static_cast<float>(w);
        remaining -= w;
        out.tail_sums[i] = static_cast<float>(remaining);
    }
    return out;
}

double imagej_gaussian_accuracy(PixelType type) {
    return type == PixelType::UInt8 ? 0.002 : 0.0002;
}

namespace {

// Weights for reducing a line by `unit`: each reduced point is a weighted sum over 3 * unit
// original points, a piecewise quadratic that preserves the sum and the centre of mass.
std::vector<float> downscale_weights(int unit) {
    const int mid = unit * 3 / 2;
    std::vector<float> k(static_cast<std::size_t>(3 * unit), 0.0f);
    for (int i = 0; i <= unit / 2; ++i) {
        const double x = i / static_cast<double>(unit);
        const float v = static_cast<float>((0.75 - x * x) / unit);
        k[mid - i] = v;
        k[mid + i] = v;
    }
    for (int i = unit / 2 + 1; i < (unit * 3 + 1) / 2; ++i) {
        const double x = i / static_cast<double>(unit);
        const float v = static_cast<float>((0.125 + 0.5 * (x - 1) * (x - 2)) / unit);
        k[mid - i] = v;
        k[mid + i] = v;
    }
    return k;
}

// Weights for enlarging a reduced line by `unit`: a cubic B-spline spanning 4 reduced points.
std::vector<float> upscale_weights(int unit) {
    const int mid = 2 * unit;
    std::vector<float> k(static_cast<std::size_t>(4 * unit), 0.0f);
    for (int i = 0; i < unit; ++i) {
        const double x = i / static_cast<double>(unit);
        const float v = static_cast<float>(2.0 / 3.0 - x * x * (1 - 0.5 * x));
        k[mid + i] = v;
        k[mid - i] = v;
    }
    for (int i = unit; i < 2 * unit; ++i) {
        const double x = i / static_cast<double>(unit);
        const float v = static_cast<float>((2.0 - x) * (2.0 - x) * (2.0 - x) / 6.0);
        k[mid + i] = v;
        k[mid - i] = v;
    }
    return k;
}

}  // namespace

BlurPlan imagej_blur_plan(double sigma, double accuracy, int length) {
    // Below this sigma in the reduced line the reduction would cost accuracy.
    constexpr double kMinReducedSigma = 4.0;
    constexpr int kUpscaleMargin = 2;  // reduced points needed on each side for enlarging
    BlurPlan plan;
    plan.downscale = sigma > kImageJDownscaleSigma;
    if (!plan.downscale) {
        plan.kernel_sigma = sigma;
        plan.kernel = imagej_gaussian_kernel(sigma, accuracy, length);
        return plan;
    }
    // In double first: ImageJ's (int) saturates, so a sigma of 1e10 reduces by the whole length.
    plan.reduce_by = static_cast<int>(std::min(std::floor(sigma / kMinReducedSigma), static_cast<double>(length)));
    const int r = plan.reduce_by;
    // Reducing and enlarging blur by themselves (variances 1/3 and 1/4 reduced pixels squared);
    // the Gaussian supplies the rest of sigma^2.
    plan.kernel_sigma = std::sqrt(sigma * sigma / static_cast<double>(r * r) - 1.0 / 3.0 - 0.25);
    plan.reduced_length = (length + r - 1) / r + 2 * (kUpscaleMargin + 1);
    plan.unscaled0 = -(kUpscaleMargin + 1) * r;
    plan.kernel = imagej_gaussian_kernel(plan.kernel_sigma, accuracy, plan.reduced_length);
    plan.down_kernel = downscale_weights(r);
    plan.up_kernel = upscale_weights(r);
    return plan;
}

BlurFootprint imagej_blur_footprint(double sigma, double accuracy) {
    BlurFootprint f;
    if (!(sigma > 0)) return f;
    const auto radius = [accuracy](double s) {
        return static_cast<std::uint64_t>(std::ceil(s * std::sqrt(-2.0 * std::log(accuracy)))) + 1;
    };
    if (sigma <= kImageJDownscaleSigma) {
        f.halo = radius(sigma) + 1;
        return f;
    }
    const auto r = static_cast<std::uint64_t>(std::max(1.0, std::floor(sigma / 4.0)));
    const double rd = static_cast<double>(r);
    const double kernel_sigma = std::sqrt(sigma * sigma / (rd * rd) - 1.0 / 3.0 - 0.25);
    // Reduced kernel radius, plus 2 reduced points of enlargement, 2 of reduction and ImageJ's 3
    // margin points on each side, with room to spare.
    f.halo = r * (radius(kernel_sigma) + 10);
    f.align = r;
    return f;
}

}  // namespace ijcl
