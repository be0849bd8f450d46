// Neighbourhood filters beyond the rank filters: the non-zero minimum/maximum and only-zero
// overwrite filters of radius 1 (one table, shape x combine; kernels/neighbourhood.cl) and
// CLIJ2's detectMaximaBox/detectMinimaBox (the box detector of kernels/detection.cl with one
// radius for every axis); and the local statistics over a box or an ellipsoid (variance, standard
// deviation, entropy, count of non-zero pixels: one table, one kernel, kernels/neighbourhood.cl
// local_statistic).
#include <algorithm>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "filter_support.hpp"
#include "detection.hpp"
#include "op_helpers.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

enum Combine { NonzeroMaximum = 0, NonzeroMinimum = 1, OnlyzeroOverwriteMaximum = 2 };

enum Shape3 { Box = 0, Diamond = 1, BoxIn2DFacesIn3D = 2 };

struct NonzeroFilter {
    const char* name;
    Combine combine;
    Shape3 shape;
};

// clang-format off
const NonzeroFilter kNonzeroFilters[] = {
    {"nonzeroMaximumBox", NonzeroMaximum, BoxIn2DFacesIn3D},  // as CLIJ2's kernels (see nonzero_doc)
    {"nonzeroMaximumDiamond", NonzeroMaximum, Diamond},
    {"nonzeroMinimumBox", NonzeroMinimum, Box},
    {"nonzeroMinimumDiamond", NonzeroMinimum, Diamond},
    {"onlyzeroOverwriteMaximumBox", OnlyzeroOverwriteMaximum, Box},
    {"onlyzeroOverwriteMaximumDiamond", OnlyzeroOverwriteMaximum, Diamond},
};
// clang-format on

std::string nonzero_doc(const NonzeroFilter& f) {
    const std::string shape =
        f.shape == Diamond ? "its 6 face neighbours in 3D (4 in a 2D image: left, right, up, down)"
        : f.shape == Box   ? "the 3 x 3 x 3 box around it (3 x 3 in a 2D image)"
                           : "its neighbourhood (the 3 x 3 box in a 2D image; in a stack only the 6 face "
                             "neighbours, see below)";
    std::string rule;
    switch (f.combine) {
        case NonzeroMaximum:
            rule = "A pixel that is not 0 becomes the largest value among itself and those pixels of " + shape +
                   " that are > 0; a pixel that is 0 stays 0.";
            break;
        case NonzeroMinimum:
            rule = "A pixel that is not 0 becomes the smallest value among itself and those pixels of " + shape +
                   " that are > 0 (0 and negative neighbours are ignored); a pixel that is 0 stays 0.";
            break;
        case OnlyzeroOverwriteMaximum:
            rule = "A pixel that is 0 becomes the largest value among the pixels of " + shape +
                   " that are > 0 (it stays 0 when there is none); every other pixel is kept.";
            break;
    }
    return rule +
           " Radius fixed at 1 pixel; only neighbours inside the image count (CLIJ2 clamps reads to the "
           "edge, which gives the same result). Used to grow or merge labels step by step. Input: any "
           "pixel type, compared exactly in that type (uint32 labels beyond 2^24 included; CLIJ2 compares "
           "in float); float NaN pixels are never chosen as neighbours. Output: same shape, pixel type and "
           "kind (binary, labels, intensity) as the input. Source: CLIJ2 " +
           std::string(f.name) +
           " (its kernels " + (f.combine == NonzeroMaximum ? "nonzero_maximum_" : f.combine == NonzeroMinimum
                                   ? "nonzero_minimum_" : "onlyzero_overwrite_maximum_") +
           (f.shape == Diamond ? "diamond" : "box") + "_2d/3d)." +
           (f.shape == BoxIn2DFacesIn3D
                ? " In a stack this equals nonzeroMaximumDiamond: CLIJ2's nonzero_maximum_box_3d kernel (as "
                  "shipped in clij-opencl-kernels, tested through pyclesperanto_prototype 0.24.6) reads only the "
                  "6 face neighbours, not the 26 of the box its name and description promise, and ijcl, whose "
                  "CLIJ2 names follow CLIJ2's behaviour, does the same; its 2D kernel reads the 3 x 3 box."
                : "") +
           " Differences from CLIJ2: CLIJ2's kernel also sets a 1-pixel flag image when a value "
           "changed, which its macro call creates internally and discards (ijcl has no flag); where the "
           "rule keeps a 0 pixel, CLIJ2 leaves that destination pixel unwritten (a new CLIJ2 destination "
           "is not cleared), ijcl writes the 0.";
}

void add_nonzero_filter(Registry& r, const NonzeroFilter& f) {
    const NonzeroFilter* row = &f;
    r.add(f.name, "Filter")
        .doc(nonzero_doc(f))
        .input("input", "image or stack, any pixel type (labels, masks, intensities)")
        .output("destination", "filtered image, same shape, pixel type and kind as input",
                [](const OpCall& c) {
                    const Image& in = c.input("input");
                    return OutputDesc{in.shape(), in.type(), in.kind()};
                })
        .run([row](OpCall& c) {
            Image& src = c.input("input");
            Image& dst = c.output("destination");
            c.kernel("neighbourhood.cl", "nonzero_filter", {{"SRC", &src}},
                     {{"NZ_MODE", std::to_string(static_cast<int>(row->combine))},
                      {"NZ_SHAPE", std::to_string(static_cast<int>(row->shape))}})
                .image(src).image(dst).shape(src)
                .run(range_of(src));
        });
}

// detectMaximaBox / detectMinimaBox: CLIJ2's DetectMaximaBox/DetectMinimaBox run their box
// kernel with one radius in every axis, without smoothing first (unlike detectMaxima2DBox).
void add_detect_box(Registry& r, const char* name, bool minima) {
    const std::string what = minima ? "minima" : "maxima";
    const std::string extreme = minima ? "smaller" : "larger";
    r.add(name, "Detection")
        .doc("Marks local " + what + " in a (2*radius+1) x (2*radius+1) x (2*radius+1) box (a 2D image: the "
             "(2*radius+1)^2 square). A pixel is marked 1 when no pixel of the box around it (the part inside "
             "the image) is " + extreme + " and no pixel of the box with the same value comes earlier in raster "
             "order (smaller index x + width*(y + height*z)), else 0; so a plateau that fits in the box gives "
             "one mark, its first pixel in raster order. NaN pixels are never marked and are ignored as "
             "neighbours. Radius 0 marks every pixel. Input: any pixel type, compared exactly in that type. "
             "Output: binary (uint8 0/1), same shape. Radius in pixels. Source: CLIJ2 " + std::string(name) +
             " (kernel detect_" + what + "_2d/3d with its radius argument; no smoothing first, unlike "
             "detectMaxima2DBox/3DBox, and unlike pyclesperanto_prototype's detect_" + what + "_box, which "
             "smooths with a mean box and then uses radius 1: ijcl follows CLIJ2's Java). Differences from "
             "CLIJ2: CLIJ2's destination has the source's pixel type (values 0/1), ijcl's is a binary uint8 "
             "image; CLIJ2 breaks ties by its scan order (x outermost) over clamped coordinates, which never "
             "marks a pixel of the first row, column or plane; ijcl's tie-break is raster order over the pixels "
             "inside the image, so such edge pixels are marked when they are " + what + ".")
        .input("source", "image or stack to search, any pixel type")
        .output("destination", "1 at " + what + ", 0 elsewhere",
                shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .integer("radius", "1", "half size of the box in every axis, pixels", 0, 1000)
        .run([minima](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const std::int64_t radius = c.integer("radius");
            detect_box(c, src, dst, minima, {radius, radius, radius});
        });
}


// Local statistics: one row per operation; LS_OP / LS_SPHERE / LS_PLANE_2Z of local_statistic.
enum class LocalStat { Variance = 0, StandardDeviation = 1, Entropy = 2, CountNonZero = 3 };
enum class Axes { XYZ, XY_PerPlane, XY_Plane2Z };  // radii given; how z is treated

struct LocalStatistic {
    const char* name;
    LocalStat stat;
    bool sphere;
    Axes axes;
    const char* clij2_help;  // CLIJ2's help text when its parameter names differ from ours
};

// clang-format off
const LocalStatistic kLocalStatistics[] = {
    {"varianceBox", LocalStat::Variance, false, Axes::XYZ, nullptr},
    {"varianceSphere", LocalStat::Variance, true, Axes::XYZ, nullptr},
    {"standardDeviationBox", LocalStat::StandardDeviation, false, Axes::XYZ, nullptr},
    {"standardDeviationSphere", LocalStat::StandardDeviation, true, Axes::XYZ, nullptr},
    {"entropyBox", LocalStat::Entropy, false, Axes::XYZ,
     "Image input, ByRef Image destination, Number radiusX, number radiusY, Number radiusZ"},
    {"countNonZeroPixels2DSphere", LocalStat::CountNonZero, true, Axes::XY_PerPlane, nullptr},
    {"countNonZeroPixelsSliceBySliceSphere", LocalStat::CountNonZero, true, Axes::XY_Plane2Z, nullptr},
    {"countNonZeroVoxels3DSphere", LocalStat::CountNonZero, true, Axes::XYZ, nullptr},
};
// clang-format on

constexpr int kMaxLocalRadius = 64;

// ImageJ's Process > Filters > Variance... has another neighbourhood (ij.plugin.filter.RankFilters).
constexpr const char* kNotImageJVariance =
    " Not ImageJ's Process > Filters > Variance...: ImageJ's circular kernel of radius r holds the points with "
    "x^2 + y^2 <= (int)(r^2) + 1 (radius 1: the 3 x 3 box, 9 points; radius 2: 21 points), CLIJ2's ellipse those "
    "with x^2/r^2 + y^2/r^2 <= 1 (5 and 13 points), so pyclesperanto_prototype (CLIJ2's kernel) is the oracle.";

bool float_output(const LocalStatistic& f) { return f.stat != LocalStat::CountNonZero; }

std::string local_statistic_doc(const LocalStatistic& f) {
    const bool xyz = f.axes == Axes::XYZ;
    std::string where = f.sphere
        ? (xyz ? "the ellipsoid of radii rx, ry, rz around it: the offsets (dx, dy, dz) with dx^2/rx^2 + dy^2/ry^2 + "
                 "dz^2/rz^2 <= 1 (computed in float; a radius 0 keeps offset 0 on that axis only)"
               : "the ellipse of radii rx, ry around it within its plane: the offsets (dx, dy) with dx^2/rx^2 + "
                 "dy^2/ry^2 <= 1 (computed in float; a radius 0 keeps offset 0 on that axis only)")
        : "the box |dx| <= rx, |dy| <= ry, |dz| <= rz around it";
    std::string what;
    switch (f.stat) {
        case LocalStat::Variance:
            what = "the local population variance of the pixels in " + where +
                   ": their float mean, then the float mean of the squared deviations from it (CLIJ2's "
                   "two-pass float sums, in its loop order: dx outermost, dz innermost)";
            break;
        case LocalStat::StandardDeviation:
            what = "the local standard deviation of the pixels in " + where +
                   ": pow(local variance, 0.5) (the variance computed as in variance" +
                   (f.sphere ? std::string("Sphere") : std::string("Box")) + ")";
            break;
        case LocalStat::Entropy:
            what = "the local Shannon entropy (bits) of the pixels in " + where +
                   ": a 256-bin histogram of them over the image's range (bin (int)((v - min) / ((max - min) / "
                   "256)) in float, min and max of all pixels of the image, NaN ignored there; the bin clamped "
                   "into 0..255; NaN pixels in bin 0), then the sum over the bins of -p log2(p), p = count / "
                   "points of the box. An image with a single value gives 0";
            break;
        case LocalStat::CountNonZero:
            what = "the number of pixels that are not 0 (NaN counts as non-zero) in " + where;
            break;
    }
    std::string doc = "For every pixel, " + what + ". Pixels outside the image take the value of the nearest edge "
        "pixel (CLIJ2's clamp-to-edge reads), so edge pixels count several times and every pixel's neighbourhood "
        "has the same number of points. Sums are in float, as CLIJ2's: values whose neighbourhood sum passes the float "
        "limit (about 3.4e38) give Infinity or NaN there, as in CLIJ2. ";
    if (f.axes == Axes::XYZ)
        doc += "A 2D image (depth 1) ignores the z radius (CLIJ2 runs its 2D kernel there). ";
    else if (f.axes == Axes::XY_PerPlane)
        doc += "Every plane of a stack is counted on its own (CLIJ2's 2D kernel only reads and writes plane 0 of a "
               "stack: a deliberate difference). ";
    else
        doc += "Within planes only, but as CLIJ2's kernel count_nonzero_pixels_slice_by_slice_sphere_3d (shipped "
               "with CLIJ2 and pyclesperanto_prototype 0.24.6) does: it adds the plane index to the read position "
               "twice, so output plane z counts the pixels of input plane min(2z, depth - 1); ijcl, whose CLIJ2 "
               "names follow CLIJ2's behaviour, does the same (plane 0 and, in a 2D image, the result equal "
               "countNonZeroPixels2DSphere). ";
    doc += "Radii in pixels, whole numbers 0.." + std::to_string(kMaxLocalRadius) +
           " (larger radii are refused: the cost grows with the neighbourhood's volume). Input: any pixel type, "
           "read as float (uint32 labels beyond 2^24 rounded, as in CLIJ2). Output: same shape, ";
    doc += float_output(f) ? "float32 (as CLIJ2 creates it). "
                           : "the input's pixel type (as CLIJ2 creates it; counts above 255 saturate in uint8). ";
    doc += std::string("Errors: a negative or too large radius. Source: CLIJ2 ") + f.name + " (its OpenCL kernel";
    switch (f.stat) {
        case LocalStat::Variance:
            doc += std::string(" variance_") + (f.sphere ? "sphere" : "box") + "_2d/3d).";
            if (f.sphere) doc += kNotImageJVariance;
            break;
        case LocalStat::StandardDeviation:
            doc += std::string(" variance_") + (f.sphere ? "sphere" : "box") +
                   "_2d/3d, then CLIJ2's power with exponent 0.5; ijcl also takes pow(variance, 0.5)).";
            if (f.sphere) doc += kNotImageJVariance;
            break;
        case LocalStat::Entropy:
            doc += " entropy_2d/3d, min and max from minimumOfAllPixels / maximumOfAllPixels). Difference from "
                   "CLIJ2: CLIJ2's kernel computes the bin as (int)(v / ((max - min) / 256)) without subtracting the "
                   "minimum, so the image's maximum (and, where the minimum is above 0, many more values) indexes "
                   "past its 256-bin histogram (undefined behaviour on the GPU); ijcl bins relative to the minimum "
                   "and puts the maximum into the last bin: CLIJ2's bins wherever the minimum is 0 and CLIJ2's index "
                   "is valid.";
            break;
        case LocalStat::CountNonZero:
            doc += f.axes == Axes::XYZ ? " count_nonzero_voxels_sphere_3d)."
                   : f.axes == Axes::XY_PerPlane ? " count_nonzero_pixels_sphere_2d)."
                                                 : " count_nonzero_pixels_slice_by_slice_sphere_3d).";
            break;
    }
    return doc;
}

void add_local_statistic(Registry& r, const LocalStatistic& f) {
    const LocalStatistic* row = &f;
    const bool counts = f.stat == LocalStat::CountNonZero;
    const bool entropy = f.stat == LocalStat::Entropy;
    const std::string in_name = entropy ? "input" : "source";
    OpBuilder b = r.add(f.name, counts ? "Measurements" : "Filter");
    b.doc(local_statistic_doc(f))
        .input(in_name, "image or stack, any pixel type")
        .output("destination", float_output(f) ? "float32 image of the local statistic, same shape"
                                               : "the counts, same shape and pixel type as the source",
                [row, in_name](const OpCall& c) {
                    const Image& in = c.input(in_name);
                    return OutputDesc{in.shape(), float_output(*row) ? PixelType::Float32 : in.type(),
                                      ImageKind::Intensity};
                });
    const std::string rmax = std::to_string(kMaxLocalRadius);
    const char* def = counts ? "1" : "2";
    const bool camel = counts || entropy;  // CLIJ2's names: radiusX (counts, entropy) or radius_x
    b.integer(camel ? "radiusX" : "radius_x", def, "half width of the neighbourhood in x, pixels (0.." + rmax + ")", 0,
              kMaxLocalRadius);
    b.integer(camel ? "radiusY" : "radius_y", def, "half height of the neighbourhood in y, pixels (0.." + rmax + ")", 0,
              kMaxLocalRadius);
    if (f.axes == Axes::XYZ)
        b.integer(camel ? "radiusZ" : "radius_z", def,
                  "half depth of the neighbourhood in z, pixels (0.." + rmax + "; ignored for a 2D image)", 0,
                  kMaxLocalRadius);
    if (f.clij2_help) b.clij2(f.clij2_help);
    b.run([row, in_name, camel](OpCall& c) {
        Image& src = c.input(in_name);
        Image& dst = c.output("destination");
        const Shape& sh = src.shape();
        const int rx = static_cast<int>(c.integer(camel ? "radiusX" : "radius_x"));
        const int ry = static_cast<int>(c.integer(camel ? "radiusY" : "radius_y"));
        const int rz = row->axes == Axes::XYZ && sh.depth > 1
                           ? static_cast<int>(c.integer(camel ? "radiusZ" : "radius_z")) : 0;
        const Defines defines = {{"LS_OP", std::to_string(static_cast<int>(row->stat))},
                                 {"LS_SPHERE", row->sphere ? "1" : "0"},
                                 {"LS_PLANE_2Z", row->axes == Axes::XY_Plane2Z ? "1" : "0"}};
        cl::Buffer range = c.temp_buffer(2 * sizeof(float));
        if (row->stat == LocalStat::Entropy) {
            const std::size_t group = std::min<std::size_t>(256, reduction_group_size(c));
            const std::int64_t n = pixel_count(src);
            const std::size_t groups = static_cast<std::size_t>(std::clamp<std::int64_t>(
                (n + static_cast<std::int64_t>(group) - 1) / static_cast<std::int64_t>(group), 1, 256));
            cl::Buffer partial = c.temp_buffer(2 * groups * sizeof(float));
            c.kernel("neighbourhood.cl", "ls_range_partial", {{"SRC", &src}, {"DST", &dst}}, defines)
                .image(src).i64(n).buffer(partial).local_bytes(group * 4).local_bytes(group * 4)
                .run(cl::NDRange(groups * group), cl::NDRange(group));
            c.kernel("neighbourhood.cl", "ls_range_final", {{"SRC", &src}, {"DST", &dst}}, defines)
                .buffer(partial).i32(static_cast<std::int32_t>(groups)).buffer(range)
                .local_bytes(group * 4).local_bytes(group * 4)
                .run(cl::NDRange(group), cl::NDRange(group));
        }
        c.kernel("neighbourhood.cl", "local_statistic", {{"SRC", &src}, {"DST", &dst}}, defines)
            .image(src).image(dst).shape(src).i32(rx).i32(ry).i32(rz).buffer(range)
            .run(range_of(src), pixel_group(c, sh));
    });
}

}  // namespace

void register_neighbourhood_ops(Registry& r) {
    for (const NonzeroFilter& f : kNonzeroFilters) add_nonzero_filter(r, f);
    add_detect_box(r, "detectMaximaBox", false);
    add_detect_box(r, "detectMinimaBox", true);
    for (const LocalStatistic& f : kLocalStatistics) add_local_statistic(r, f);
}

}  // namespace ijcl
