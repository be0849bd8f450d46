// Filters that reproduce an ImageJ command's own order of floating-point operations, so that
// results equal ImageJ's bit for bit for every pixel type (GPU mode's twins use them):
// variance2DSphere (Process > Filters > Variance..., RankFilters' running sums) and
// variance3DSphere (Process > Filters > Variance 3D..., Filters3D); smooth, sharpen and findEdges
// (Process > Smooth, Sharpen, Find Edges: one table, one kernel). Kernels:
// kernels/imagej_variance.cl, kernels/imagej_filter3x3.cl.
#include <cmath>
#include <string>
#include <vector>

#include "filter_support.hpp"
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "rank_filters.hpp"

namespace ijcl {
namespace {

// Largest radius of variance2DSphere (its work per pixel grows with the kernel height).
constexpr double kMaxVarianceRadius = 1000;

void require_fp64(OpCall& c) {
    if (!c.device_info().has_fp64)
        c.fail("", "needs a device with double precision (cl_khr_fp64): ImageJ sums in double");
}

// RankFilters.makeLineRadii: half width of each kernel row, top to bottom; npoints.
std::vector<int> imagej_line_radii(double radius, int* npoints) {
    if (radius >= 1.5 && radius < 1.75) radius = 1.75;
    else if (radius >= 2.5 && radius < 2.85) radius = 2.85;
    const int r2 = static_cast<int>(radius * radius) + 1;
    const int kradius = static_cast<int>(std::sqrt(r2 + 1e-10));
    std::vector<int> rows(static_cast<std::size_t>(2 * kradius + 1));
    rows[kradius] = kradius;
    int n = 2 * kradius + 1;
    for (int y = 1; y <= kradius; ++y) {
        const int dx = static_cast<int>(std::sqrt(r2 - y * y + 1e-10));
        rows[kradius - y] = dx;
        rows[kradius + y] = dx;
        n += 4 * dx + 2;
    }
    *npoints = n;
    return rows;
}

void variance_2d(OpCall& c) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    require_fp64(c);
    int npoints = 0;
    const std::vector<int> rows = imagej_line_radii(c.number("radius"), &npoints);
    const int kradius = static_cast<int>(rows.size() / 2);
    const cl::Buffer table = constant_buffer(c, rows);
    const Shape& s = src.shape();
    c.kernel("imagej_variance.cl", "variance_rankfilters", {{"SRC", &src}, {"DST", &dst}})
        .image(src).image(dst).shape(dst).buffer(table).i32(kradius).i32(npoints)
        .run(cl::NDRange((s.height + 63) / 64 * 64, s.depth), cl::NDRange(64, 1));
}

void variance_3d(OpCall& c) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    require_fp64(c);
    const Neighbourhood n = ellipsoid_neighbourhood(c, src.shape(), c.number("radius_x"), c.number("radius_y"),
                                                    c.number("radius_z"));
    const cl::Buffer table = constant_buffer(c, n.offsets);
    c.kernel("imagej_variance.cl", "variance_filters3d", {{"SRC", &src}, {"DST", &dst}})
        .image(src).image(dst).shape(dst).buffer(table).i32(n.count)
        .run(range_of(dst), pixel_group(c, dst.shape()));
}

// ImageJ's 3x3 filters: one row each (FILTER3X3 of kernels/imagej_filter3x3.cl).
struct Filter3x3 {
    const char* name;
    int code;
    const char* what;    // the definition
    const char* imagej;  // the command
};

const Filter3x3 kFilters3x3[] = {
    {"smooth", 0,
     "Replaces every pixel by the mean of its 3x3 neighbourhood, as ImageJ's Process > Smooth "
     "(ImageProcessor.smooth, BLUR_MORE): uint8 and uint16 (v1 + ... + v9 + 4) / 9 in integers; float32 "
     "(v1 + ... + v9) * 0.11111111f in float, summed row by row, left to right.",
     "Process > Smooth (every slice of a stack): equal, bit for bit"},
    {"sharpen", 1,
     "Sharpens with ImageJ's 3x3 kernel [-1 -1 -1; -1 12 -1; -1 -1 -1] / 4, as ImageJ's Process > Sharpen "
     "(ImageProcessor.sharpen, convolve3x3): uint8 and uint16 (sum + 2) / 4 in integers (Java's "
     "division, truncating towards 0), limited to 0..255 / 0..65535; float32 the products summed in float "
     "in the kernel's order, times 0.25f.",
     "Process > Sharpen (every slice of a stack): equal, bit for bit"},
    {"findEdges", 2,
     "The 3x3 Sobel gradient magnitude, as ImageJ's Process > Find Edges (ImageProcessor.findEdges, "
     "FIND_EDGES): sum1 = v1 + 2 v2 + v3 - v7 - 2 v8 - v9, sum2 = v1 + 2 v4 + v7 - v3 - 2 v6 - v9 "
     "(v1..v9 the 3x3 neighbourhood row by row); uint8 and uint16 (int)sqrt(sum1^2 + sum2^2) in double, "
     "truncated and limited to 255 / 65535; float32 sums and squares in float, the square root in double "
     "rounded to float. sobelSliceBySlice computes the same magnitude with CLIJ2's rounding.",
     "Process > Find Edges (every slice of a stack): equal, bit for bit"},
};

}  // namespace

void register_imagej_filter_ops(Registry& r) {
    for (const Filter3x3& f : kFilters3x3) {
        const int code = f.code;
        r.add(f.name, "Filter")
            .ijcl_only()
            .doc(std::string(f.what) + " Neighbours outside the image are the nearest edge pixel; every plane of "
                 "a stack is filtered on its own. Same shape and pixel type as source (uint8, uint16, float32). "
                 "Errors: none beyond the image checks. Source: ImageJ ij.process.ByteProcessor / ShortProcessor / "
                 "FloatProcessor (filter, filter3x3, convolve3x3), called by ij.plugin.filter.Filters. Not a CLIJ2 "
                 "operation.")
            .imagej(f.imagej)
            .input("source", "image or stack to filter")
            .output("destination", "filtered image, same shape and pixel type", same_as("source"))
            .run([code](OpCall& c) {
                const Image& src = c.input("source");
                Image& dst = c.output("destination");
                c.kernel("imagej_filter3x3.cl", "filter3x3", {{"SRC", &src}, {"DST", &dst}},
                         {{"FILTER3X3", std::to_string(code)}})
                    .image(src).image(dst).shape(dst)
                    .run(range_of(dst), pixel_group(c, dst.shape()));
            });
    }

    r.add("variance2DSphere", "Filter")
        .ijcl_only()
        .doc("Replaces every pixel by the population variance of its neighbourhood, as ImageJ's Process > "
             "Filters > Variance... does, in every plane of a stack: ImageJ RankFilters' circular kernel "
             "(the pixels with dx^2 + dy^2 <= (int)(r*r) + 1 after widening r in [1.5, 1.75) to 1.75 and "
             "[2.5, 2.85) to 2.85; radius 1: 3x3, 2: 21 pixels; 0 or 0.5: the 5-pixel cross), pixels "
             "outside the image taking the value of the nearest edge pixel. Variance = (sum2 - sum*sum/n)/n "
             "in double, rounded to float, negative values (rounding noise) set to 0; for uint8 and uint16 "
             "limited to 255 / 65535 and rounded half up into the source's type. Same shape and pixel type "
             "as source (uint8, uint16, float32). The sums follow RankFilters' order exactly (along each "
             "row from x = 0: the whole kernel at the first pixel, at every pixel for kernel radii below 2 "
             "and after a NaN sum, otherwise the previous sums plus the entering and minus the leaving "
             "column, row by row), so float32 results equal ImageJ's bit for bit when it filters the whole "
             "width (a ROI starting at x > 0 starts ImageJ's sums there). Each row is one work item. "
             "Errors: a negative radius or one above 1000; a device without double precision. Source: "
             "ImageJ ij.plugin.filter.RankFilters (VARIANCE). Not a CLIJ2 operation (CLIJ2's varianceSphere "
             "uses its own kernel shape and float sums).")
        .imagej("Process > Filters > Variance... (radius; every slice of a stack): equal, bit for bit")
        .input("source", "image or stack to filter")
        .output("destination", "variance, same shape and pixel type", same_as("source"))
        .number("radius", "2", "radius in pixels, 0 to 1000", 0, kMaxVarianceRadius)
        .run(variance_2d);

    r.add("variance3DSphere", "Filter")
        .ijcl_only()
        .doc("Replaces every voxel by the sample variance of its neighbourhood, as ImageJ's Process > "
             "Filters > Variance 3D... does (ij.plugin.Filters3D, VAR): Filters3D's ellipsoid, the voxels "
             "with dx^2/rx^2 + dy^2/ry^2 + dz^2/rz^2 <= 1 (radii taken as float; a radius of 0 gives no "
             "extent along its axis; radius 2 in all axes: 33 voxels), voxels outside the volume left out "
             "so the neighbourhood shrinks at the borders. Variance = (sum2 - sum*sum/n)/(n-1), with the "
             "values (as float) and their squares (float products) summed in double in Filters3D's order "
             "(z, then y, then x offsets), 0 where n = 1; written as float32 for every source type "
             "(uint8, uint16, float32), so results equal ImageJ's bit for bit. A 2D image is one plane "
             "(radius_z then has no effect). Errors: a negative radius; a neighbourhood beyond 2^24 "
             "voxels; a device without double precision. Source: ImageJ ij.plugin.Filters3D / "
             "ij.process.StackProcessor.filter3D / ij.util.ArrayUtil.getVariance. Not a CLIJ2 operation "
             "(CLIJ2's varianceSphere uses its own kernel shape and float sums).")
        .imagej("Process > Filters > Variance 3D... (x, y, z radius): equal, bit for bit")
        .input("source", "image or stack to filter")
        .output("destination", "float32 variance, same shape", shape_of("source", PixelType::Float32))
        .number("radius_x", "2", "radius in pixels along x, any number >= 0", 0, 100000)
        .number("radius_y", "2", "radius in pixels along y, any number >= 0", 0, 100000)
        .number("radius_z", "2", "radius in pixels along z, any number >= 0", 0, 100000)
        .run(variance_3d);
}

}  // namespace ijcl
