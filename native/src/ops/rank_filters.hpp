// Mean, minimum, maximum and median filters over three kinds of neighbourhood, shared by the
// rank filter operations and the top-hats (rank_filter_ops.cpp). Kernels: kernels/rank_filters.cl.
//
//  - circle (per plane): ImageJ RankFilters' circular kernel. For a radius r ImageJ uses
//    r2 = (int)(r*r) + 1 (after widening r in [1.5, 1.75) to 1.75 and r in [2.5, 2.85) to 2.85)
//    and takes the pixels with dx^2 + dy^2 <= r2: radius 0 or 0.5 is the 4-neighbour cross
//    (5 pixels), 1 the 3x3 square (9), 2 has 21 pixels, 3.5 has 45. With different radii the
//    ellipse dx^2 / r2x + dy^2 / r2y <= 1 is used, which is ImageJ's circle when r2x == r2y.
//    Pixels outside the image take the value of the nearest edge pixel.
//  - ellipsoid: ImageJ Filters3D's kernel (ij.process.StackProcessor.filter3D): the voxels with
//    dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 (radii as float; a radius of 0 gives no extent along
//    its axis). Voxels outside the volume are left out, so the neighbourhood shrinks at borders.
//  - box: (2rx+1) x (2ry+1) x (2rz+1) pixels, outside pixels = nearest edge pixel.
//
// Neighbourhoods reaching beyond the image are clipped to it on the host, with the same result:
// with nearest-edge padding every offset dx beyond +-(width-1) reads the same pixel as
// +-(width-1) for every pixel of the image (likewise dy, dz), so such offsets are folded onto the
// image's extent and counted with a weight (their multiplicity; only means and medians need it);
// offsets left out at the borders (ellipsoid) beyond the extent are never inside, so they are
// dropped. The number of offsets is then at most (2w-1)(2h-1)(2d-1), whatever the radius.
#pragma once

#include <cstdint>
#include <vector>

#include "ijcl/op_call.hpp"

namespace ijcl {

enum class RankOp : int { Mean = 0, Minimum = 1, Maximum = 2, Median = 3 };  // kernel codes

// Neighbourhoods that need more offsets than this, after clipping to the image, are refused (the
// message gives the limit).
constexpr std::int64_t kMaxNeighbourhoodPoints = std::int64_t(1) << 24;

// ImageJ RankFilters' squared radius for `radius` (ImageJ's int arithmetic overflows beyond
// radius 46340; this does not).
std::int64_t imagej_circle_r2(double radius);

// Offset lists, three ints (dx, dy, dz) per neighbour.
std::vector<int> circle_offsets(double radius_x, double radius_y);
std::vector<int> ellipsoid_offsets(double radius_x, double radius_y, double radius_z);
std::vector<int> box_offsets(int radius_x, int radius_y, int radius_z);

// A neighbourhood, made once for images of one shape and usable for several passes (the
// top-hat's minimum and maximum); its device tables are made on first use by the kernel that
// needs them. Neighbourhoods too large for kMaxNeighbourhoodPoints fail on argument "radius_x".
struct Neighbourhood {
    std::vector<int> offsets;   // dx, dy, dz per neighbour
    Shape shape;                // of the images it is used on
    int count = 0;
    int extent[3] = {0, 0, 0};  // largest |dx|, |dy|, |dz|
    bool skip_outside = false;  // leave outside neighbours out (else: nearest edge pixel)
    int mean_mode = 0;          // 0: RankFilters' rounding of means, 1: Filters3D's
    // Where offsets were folded onto the image (see above): the multiplicity of each offset
    // (empty: 1 each). Means and medians then use the weighted kernel.
    std::vector<std::int64_t> weights;
    // Device tables (rank_filters.cpp): general offsets and linear offsets, runs, median points,
    // weights.
    mutable cl::Buffer offsets_table, linear_table, runs_table, points_table, weights_table;
    mutable int run_count = 0;
};

Neighbourhood circle_neighbourhood(OpCall& c, const Shape& shape, double radius_x, double radius_y);
Neighbourhood ellipsoid_neighbourhood(OpCall& c, const Shape& shape, double radius_x, double radius_y,
                                      double radius_z);
Neighbourhood box_neighbourhood(OpCall& c, const Shape& shape, int radius_x, int radius_y, int radius_z);

// Filters src into dst (same shape and pixel type; dst must be another image). With `minuend`
// (an image of src's shape and type), dst = minuend - filtered instead (the top-hat's last step;
// integer types stop at 0).
void neighbourhood_filter(OpCall& c, const Neighbourhood& n, const Image& src, Image& dst, RankOp op,
                          const Image* minuend = nullptr);
// dst = minuend - subtrahend, pixel by pixel (all three of one shape and type; integer types stop
// at 0): the bottom-hat's last step (closing - source).
void subtract_images(OpCall& c, const Image& minuend, const Image& subtrahend, Image& dst);
// Box filters; mean, minimum and maximum by separable passes. `minuend` as above.
void box_filter(OpCall& c, const Image& src, Image& dst, int radius_x, int radius_y, int radius_z, RankOp op,
                const Image* minuend = nullptr);

}  // namespace ijcl
