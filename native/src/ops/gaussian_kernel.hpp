// Host-side weights for ImageJ-compatible Gaussian blurring (ij.plugin.filter.GaussianBlur,
// ImageJ 1.54). The GPU passes in kernels/gaussian.cl use these weights unchanged, so a blur
// equals ImageJ's to the last float bit.
//
// How ImageJ blurs one line (a row, column or z column) of length `length` with sigma s:
//  - accuracy a: 0.002 for 8-bit (and RGB) images, 0.0002 for 16- and 32-bit images;
//  - for s <= 8.5 the line is convolved directly with a one-sided kernel k[0..R-1] of radius
//    R = ceil(s * sqrt(-2 ln a)) + 1 (capped at max(length, 50)); k[i] = exp(-i^2 / (2 s^2)) in
//    float, the last points of the tail replaced by a parabola that reaches zero at i = R, then
//    normalised so that k[0] + 2 * sum k[i>0] = 1. Out-of-line pixels take the value of the
//    nearest edge pixel; this is done with the tail sums t[i] = sum of k[j] over j > i;
//  - for s > 8.5 the line is first reduced by an integer factor, blurred with a smaller sigma and
//    enlarged again (see BlurPlan).
#pragma once

#include <cstdint>
#include <vector>

#include "ijcl/pixel_type.hpp"

namespace ijcl {

// One side of a symmetric, normalised kernel: weights[0] is the centre, weights[i] the weight of
// the pixels at distance i. tail_sums[i] is the total weight of all points farther than i.
struct GaussianKernel1D {
    std::vector<float> weights;
    std::vector<float> tail_sums;
    int radius() const { return static_cast<int>(weights.size()); }
};

// The kernel ImageJ's GaussianBlur.makeGaussianKernel(sigma, accuracy, max_radius) produces,
// computed with the same arithmetic (double, rounded to float where ImageJ rounds).
GaussianKernel1D imagej_gaussian_kernel(double sigma, double accuracy, int max_radius);

// The kernel accuracy ImageJ uses for an image of this pixel type (0.002 for uint8, else 0.0002).
double imagej_gaussian_accuracy(PixelType type);

// ImageJ reduces a line before blurring when sigma exceeds this many pixels.
constexpr double kImageJDownscaleSigma = 8.5;

// How one line of `length` pixels is blurred with `sigma`.
struct BlurPlan {
    bool downscale = false;
    int reduce_by = 1;         // reduction factor (1 without downscaling)
    double kernel_sigma = 0;   // sigma of the Gaussian applied (in reduced pixels when downscaling)
    int reduced_length = 0;    // length of the reduced line, with margins (downscaling only)
    int unscaled0 = 0;         // position in the original line of reduced index 0 (downscaling only)
    GaussianKernel1D kernel;
    std::vector<float> down_kernel;  // 3 * reduce_by weights (downscaling only)
    std::vector<float> up_kernel;    // 4 * reduce_by weights (downscaling only)
};

BlurPlan imagej_blur_plan(double sigma, double accuracy, int length);

// The tiling footprint of one axis of such a blur (tiling.hpp): the pixels on each side of a
// tile's core whose values reach the core (the kernel radius; for sigma > 8.5 the reduced
// kernel's radius, the reduction and enlargement weights and ImageJ's margins, in original
// pixels), and the grid tile origins must lie on (the reduction factor: ImageJ anchors the reduced
// line at the line's start). A tile longer than the halo gets the same kernel as the whole line.
struct BlurFootprint {
    std::uint64_t halo = 0;
    std::uint64_t align = 1;
};
BlurFootprint imagej_blur_footprint(double sigma, double accuracy);

}  // namespace ijcl
