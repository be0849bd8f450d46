// Gaussian blur: gaussianBlur2D, gaussianBlur3D, blur3DSliceBySlice, and CLIJ2's compositions of it:
// differenceOfGaussian2D/3D, divideByGaussianBackground. Kernels: kernels/gaussian.cl; weights:
// gaussian_kernel.cpp.
//
// Both follow ImageJ exactly. gaussianBlur2D is Process > Filters > Gaussian Blur... applied to
// every plane (ij.plugin.filter.GaussianBlur: x pass, then y pass, in float; integer results
// rounded to nearest). gaussianBlur3D is Process > Filters > Gaussian Blur 3D...
// (ij.plugin.GaussianBlur3D.blur): the 2D blur of every plane, written back to the image's pixel
// type, then a z pass with the same kind of kernel. Lines are blurred directly up to sigma 8.5
// and reduced / blurred / enlarged above it, as ImageJ does.
#include <algorithm>
#include <numeric>
#include <array>
#include <string>
#include <vector>

#include "filter_support.hpp"
#include "gaussian_kernel.hpp"
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

std::uint64_t axis_length(const Shape& s, int axis) {
    return axis == 0 ? s.width : (axis == 1 ? s.height : s.depth);
}

Shape with_axis_length(Shape s, int axis, std::uint64_t length) {
    (axis == 0 ? s.width : (axis == 1 ? s.height : s.depth)) = length;
    return s;
}

cl::NDRange range_of_shape(const Shape& s) { return cl::NDRange(s.width, s.height, s.depth); }

// One axis of a blur, planned before any kernel is enqueued: all weight tables of a call go to
// the device in two buffers created up front (creating a buffer between launches can stall the
// queue on some drivers).
struct AxisPass {
    int axis = 0;
    double sigma = 0;
    BlurPlan plan;
    int weight_at = 0, tail_at = 0;  // offsets into the weights table (floats)
    int down_at = 0, up_at = 0;      // offsets into the resampling table (floats)
};

struct PassTables {
    cl::Buffer weights;    // __constant: Gaussian weights and tail sums of every pass
    cl::Buffer resample;   // __global: reduction and enlargement weights of every pass
};

PassTables plan_tables(OpCall& c, std::vector<AxisPass>& passes, const Shape& shape, double accuracy) {
    std::vector<float> weights, resample;
    for (AxisPass& p : passes) {
        p.plan = imagej_blur_plan(p.sigma, accuracy, static_cast<int>(axis_length(shape, p.axis)));
        // ImageJ's kernels never exceed 50 points (see gaussian_kernel.cpp), so the table of all
        // passes stays far below the 64 KB of constant memory every OpenCL device has.
        if (p.plan.kernel.radius() > 64)
            c.fail("", "internal: Gaussian kernel of " + std::to_string(p.plan.kernel.radius()) + " points");
        p.weight_at = static_cast<int>(weights.size());
        weights.insert(weights.end(), p.plan.kernel.weights.begin(), p.plan.kernel.weights.end());
        p.tail_at = static_cast<int>(weights.size());
        weights.insert(weights.end(), p.plan.kernel.tail_sums.begin(), p.plan.kernel.tail_sums.end());
        p.down_at = static_cast<int>(resample.size());
        resample.insert(resample.end(), p.plan.down_kernel.begin(), p.plan.down_kernel.end());
        p.up_at = static_cast<int>(resample.size());
        resample.insert(resample.end(), p.plan.up_kernel.begin(), p.plan.up_kernel.end());
    }
    return {constant_buffer(c, weights), constant_buffer(c, resample)};
}

// Launches gaussian_line: one work item per block of kGaussBlock points along the pass's axis
// (the kernel's GAUSS_N), work groups of 64 x 4 items.
constexpr std::uint64_t kGaussBlock = 8;

void launch_line(OpCall& c, const Image& in, Image& out, const AxisPass& p, const PassTables& t) {
    Shape items = out.shape();
    std::uint64_t& along = p.axis == 0 ? items.width : (p.axis == 1 ? items.height : items.depth);
    along = (along + kGaussBlock - 1) / kGaussBlock;
    c.kernel("gaussian.cl", "gaussian_line", {{"SRC", &in}, {"DST", &out}})
        .image(in).image(out).shape(out).i32(p.axis).buffer(t.weights).i32(p.weight_at)
        .i32(p.tail_at).i32(p.plan.kernel.radius())
        .run(range_of_shape(items), pixel_group(c, items));
}

// Blurs `in` along the pass's axis into `out` (same shape; out's type may differ).
void blur_axis(OpCall& c, const Image& in, Image& out, const AxisPass& p, const PassTables& t) {
    const Shape& shape = out.shape();
    const BlurPlan& plan = p.plan;
    if (!plan.downscale) {
        launch_line(c, in, out, p, t);
        return;
    }
    const auto length = static_cast<std::int64_t>(axis_length(shape, p.axis));
    const Shape reduced = with_axis_length(shape, p.axis, static_cast<std::uint64_t>(plan.reduced_length));
    ImagePtr small = c.temp(reduced, PixelType::Float32);
    ImagePtr blurred = c.temp(reduced, PixelType::Float32);
    c.kernel("gaussian.cl", "gaussian_reduce", {{"SRC", &in}, {"DST", small.get()}})
        .image(in).image(*small).shape(*small).i32(p.axis).i64(length).buffer(t.resample).i32(p.down_at)
        .i32(plan.reduce_by).i64(plan.unscaled0)
        .run(range_of_shape(reduced), pixel_group(c, reduced));
    launch_line(c, *small, *blurred, p, t);
    c.kernel("gaussian.cl", "gaussian_enlarge", {{"SRC", blurred.get()}, {"DST", &out}})
        .image(*blurred).image(out).shape(out).i32(p.axis).i64(plan.reduced_length).buffer(t.resample)
        .i32(p.up_at).i32(plan.reduce_by).i64(plan.unscaled0)
        .run(range_of(out), pixel_group(c, shape));
}

}  // namespace

// The ImageJ order: x and y in float per plane; if z follows, the plane result is first stored in
// the pixel type (as GaussianBlur3D writes it back to the stack), then z.
namespace {

// gaussian_blur_image with ImageJ's kernel for `accuracy` (the commands use 0.002 for 8-bit and
// 0.0002 otherwise; Unsharp Mask 0.01).
void blur_with_accuracy(OpCall& c, const Image& src, Image& dst, const std::array<double, 3>& sigma,
                        double accuracy) {
    std::vector<AxisPass> passes;
    for (int axis = 0; axis < 3; ++axis)
        if (sigma[axis] > 0) passes.push_back({axis, sigma[axis], {}, 0, 0, 0, 0});
    if (passes.empty()) {
        c.copy_buffer(src.buffer(), dst.buffer(), src.bytes());
        return;
    }
    const PassTables tables = plan_tables(c, passes, src.shape(), accuracy);
    const bool z = passes.back().axis == 2;
    const std::size_t xy = passes.size() - (z ? 1 : 0);
    const Image* current = &src;
    ImagePtr x_done, xy_done;
    for (std::size_t k = 0; k < passes.size(); ++k) {
        Image* target = &dst;
        if (k + 1 < xy) {
            x_done = c.temp(src.shape(), PixelType::Float32);  // x result, before the y pass
            target = x_done.get();
        } else if (k + 1 == xy && z) {
            xy_done = c.temp(src.shape(), src.type());  // planes stored in the pixel type
            target = xy_done.get();
        }
        blur_axis(c, *current, *target, passes[k], tables);
        current = target;
    }
}

}  // namespace

void gaussian_blur_image(OpCall& c, const Image& src, Image& dst, const std::array<double, 3>& sigma) {
    blur_with_accuracy(c, src, dst, sigma, imagej_gaussian_accuracy(src.type()));
}

namespace {

// unsharpMask: ImageJ's UnsharpMask.sharpenFloat on the source as float: the Gaussian blur with
// accuracy 0.01, then (source - weight * blurred) / (1 - weight) in float, rounded back to the
// source's type (as PlugInFilterRunner's CONVERT_TO_FLOAT writes the float result back).
void unsharp_mask(OpCall& c) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    const double sigma = c.number("sigma");
    const float weight = static_cast<float>(c.number("weight"));
    if (!(weight < 1.0f)) c.fail("weight", "must be below 1 (the result is divided by 1 - weight)");
    const Image* as_float = &src;
    ImagePtr converted;
    if (src.type() != PixelType::Float32) {
        converted = c.temp(src.shape(), PixelType::Float32);
        c.kernel("imagej_unsharp.cl", "to_float", {{"SRC", &src}, {"DST", converted.get()}})
            .image(src).image(*converted).i64(pixel_count(src))
            .run(cl::NDRange(static_cast<std::size_t>((pixel_count(src) + 255) / 256 * 256)), cl::NDRange(256));
        as_float = converted.get();
    }
    ImagePtr blurred = c.temp(src.shape(), PixelType::Float32);
    blur_with_accuracy(c, *as_float, *blurred, {sigma, sigma, 0.0}, 0.01);
    const std::int64_t n = pixel_count(src);
    c.kernel("imagej_unsharp.cl", "unsharp_combine", {{"SRC", as_float}, {"DST", &dst}})
        .image(*as_float).image(*blurred).image(dst).f32(weight).i64(n)
        .run(cl::NDRange(static_cast<std::size_t>((n + 255) / 256 * 256)), cl::NDRange(256));
}

void gaussian_blur(OpCall& c, const std::array<double, 3>& sigma) {
    gaussian_blur_image(c, c.input("source"), c.output("destination"), sigma);
}

std::string sigma_doc(const std::string& axis) {
    return "standard deviation of the Gaussian along " + axis +
           ", in pixels; 0 leaves this axis unblurred";
}

}  // namespace


namespace {

// differenceOfGaussian2D/3D and divideByGaussianBackground: CLIJ2's compositions of its Gaussian
// blur with subtractImages / divideImages, on ijcl's (ImageJ's) blur. The blurred images have the
// source's pixel type, as CLIJ2 creates them.
void combine(OpCall& c, const Image& a, const Image& b, Image& dst, int op) {
    const std::int64_t n = pixel_count(a);
    c.kernel("gaussian.cl", "gauss_combine", {{"SRC", &a}, {"DST", &dst}}, {{"GAUSS_COMBINE", std::to_string(op)}})
        .image(a).image(b).image(dst).i64(n)
        .run(cl::NDRange(static_cast<std::size_t>((n + 255) / 256 * 256)), cl::NDRange(256));
}

std::array<double, 3> sigmas(const OpCall& c, const Image& src, const char* x, const char* y, const char* z) {
    // z unblurred in a 2D image (a z pass over one plane would only add rounding)
    return {c.number(x), c.number(y), z && src.shape().depth > 1 ? c.number(z) : 0.0};
}

void difference_of_gaussian(OpCall& c, bool three_d) {
    Image& src = c.input("input");
    Image& dst = c.output("destination");
    ImagePtr first = c.temp(src.shape(), src.type());
    ImagePtr second = c.temp(src.shape(), src.type());
    gaussian_blur_image(c, src, *first, sigmas(c, src, "sigma1x", "sigma1y", three_d ? "sigma1z" : nullptr));
    gaussian_blur_image(c, src, *second, sigmas(c, src, "sigma2x", "sigma2y", three_d ? "sigma2z" : nullptr));
    combine(c, *first, *second, dst, 0);
}

std::string dog_doc(bool three_d) {
    const std::string axes = three_d ? "x, y and z" : "x and y (every plane of a stack on its own)";
    return "Difference of Gaussians: the source blurred with sigma1 minus the source blurred with sigma2, each "
           "blur in " + axes + " with ijcl's " + (three_d ? "gaussianBlur3D" : "gaussianBlur2D") +
           " (ImageJ's Gaussian kernel), each stored in the source's pixel type (rounded to nearest for uint8 / "
           "uint16) before the subtraction, which is done in float. Output: same shape and pixel type as the "
           "source (as CLIJ2 creates it), so in uint8 / uint16 negative differences become 0: use a float32 "
           "source for signed results (CLIJ2 recommends it too). Sigmas in pixels; 0 leaves an axis unblurred" +
           std::string(three_d ? "; a 2D image is blurred in x and y only" : "") +
           ". Errors: a negative sigma. Source: CLIJ2 differenceOfGaussian" + (three_d ? "3D" : "2D") +
           " (gaussianBlur twice into images of the source's type, then subtractImages). Difference from CLIJ2: "
           "the blurs are ImageJ's (as ijcl's gaussianBlur2D/3D: kernel radius, accuracy, smoothed tail, "
           "downscaling above sigma 8.5), not CLIJ2's Gaussian kernel, so values differ slightly from CLIJ2's; "
           "integer blurs round to nearest where CLIJ2's truncate.";
}

}  // namespace

// The tiling footprint of a blur with these sigmas (x, y, z) at `accuracy`.
Footprint blur_footprint(const std::array<double, 3>& sigma, double accuracy) {
    Footprint f;
    for (int a = 0; a < 3; ++a) {
        const BlurFootprint b = imagej_blur_footprint(sigma[a], accuracy);
        f.halo[a] = b.halo;
        f.align[a] = b.align;
    }
    return f;
}

// The footprint covering two blurs (difference of Gaussians): the larger halo, both grids.
Footprint union_footprint(const Footprint& a, const Footprint& b) {
    Footprint f;
    for (int i = 0; i < 3; ++i) {
        const std::uint64_t align = std::lcm(a.align[i], b.align[i]);
        f.align[i] = align;
        f.halo[i] = (std::max(a.halo[i], b.halo[i]) + align - 1) / align * align;
    }
    return f;
}

void register_gaussian_derived_ops(Registry& r) {
    for (const bool three_d : {false, true}) {
        auto b = r.add(three_d ? "differenceOfGaussian3D" : "differenceOfGaussian2D", "Filter");
        b.doc(dog_doc(three_d))
            .imagej(three_d ? "Process > Filters > Gaussian Blur 3D... with each sigma on a copy (same pixel type), "
                              "then Process > Image Calculator... Subtract (stack): equal, bit for bit"
                            : "Process > Filters > Gaussian Blur... with each sigma on a copy (same pixel type), then "
                              "Process > Image Calculator... Subtract: equal, bit for bit")
            .input("input", three_d ? "image stack" : "image or stack")
            .output("destination", "difference, same shape and pixel type", same_as("input"));
        const std::vector<std::string> axes = three_d ? std::vector<std::string>{"x", "y", "z"}
                                                      : std::vector<std::string>{"x", "y"};
        for (const char* which : {"1", "2"})
            for (const std::string& a : axes)
                b.number(std::string("sigma") + which + a, which[0] == '1' ? "2" : "10",
                         sigma_doc(a) + (which[0] == '1' ? " (first blur)" : " (second blur, subtracted)"), 0);
        b.tiles_with_halo([three_d](const OpCall& c) {
            const double acc = imagej_gaussian_accuracy(c.input("input").type());
            const double z1 = three_d ? c.number("sigma1z") : 0.0, z2 = three_d ? c.number("sigma2z") : 0.0;
            return union_footprint(blur_footprint({c.number("sigma1x"), c.number("sigma1y"), z1}, acc),
                                   blur_footprint({c.number("sigma2x"), c.number("sigma2y"), z2}, acc));
        });
        b.run([three_d](OpCall& c) { difference_of_gaussian(c, three_d); });
    }

    r.add("divideByGaussianBackground", "Filter")
        .doc("Flat-field correction by the image's own blur: destination = source / background, background = "
             "the source blurred in x, y and z with ijcl's gaussianBlur3D (ImageJ's Gaussian kernel; a 2D image "
             "in x and y only) and stored in the source's pixel type (rounded to nearest for uint8 / uint16), the "
             "division in float. Where the background is 0 the result is Infinity (or NaN for 0 / 0), as in "
             "CLIJ2. Output: float32, same shape (as CLIJ2 creates it). Sigmas in pixels; 0 leaves an axis "
             "unblurred. Errors: a negative sigma. Source: CLIJ2 divideByGaussianBackground (gaussianBlur into an "
             "image of the source's type, then divideImages). Difference from CLIJ2: the blur is ImageJ's (as "
             "gaussianBlur3D), not CLIJ2's Gaussian kernel, so values differ slightly from CLIJ2's; integer blurs "
             "round to nearest where CLIJ2's truncate.")
        .imagej("Process > Filters > Gaussian Blur 3D... on a copy (same pixel type; a 2D image: Gaussian Blur...), "
                "then the float quotient source / background: equal, bit for bit")
        .input("input", "image or stack")
        .output("destination", "float32 quotient, same shape", shape_of("input", PixelType::Float32))
        .number("sigmaX", "2", sigma_doc("x"), 0)
        .number("sigmaY", "2", sigma_doc("y"), 0)
        .number("sigmaZ", "2", sigma_doc("z") + " (ignored for a 2D image)", 0)
        .tiles_with_halo([](const OpCall& c) {
            return blur_footprint({c.number("sigmaX"), c.number("sigmaY"), c.number("sigmaZ")},
                                  imagej_gaussian_accuracy(c.input("input").type()));
        })
        .run([](OpCall& c) {
            Image& src = c.input("input");
            Image& dst = c.output("destination");
            ImagePtr background = c.temp(src.shape(), src.type());
            gaussian_blur_image(c, src, *background, sigmas(c, src, "sigmaX", "sigmaY", "sigmaZ"));
            combine(c, src, *background, dst, 1);
        });
}

void register_gaussian_ops(Registry& r) {
    register_gaussian_derived_ops(r);
    r.add("gaussianBlur2D", "Filter")
        .clij2_alias("blur2D")
        .doc("Gaussian blur in x and y of every plane: destination = source convolved with a "
             "Gaussian of standard deviations sigma_x, sigma_y (pixels). Same shape and pixel type "
             "as source (uint8, uint16, float32); integer results are rounded to nearest. "
             "Algorithm of ImageJ's ij.plugin.filter.GaussianBlur: kernel radius "
             "ceil(sigma*sqrt(-2 ln a))+1 with accuracy a = 0.002 (uint8) or 0.0002 (other "
             "types), a smoothed kernel tail, pixels outside the image equal to the nearest edge "
             "pixel, an x pass then a y pass in float; for sigma > 8.5 each line is reduced by "
             "floor(sigma/4), blurred and enlarged again, as ImageJ does. Errors: a negative "
             "sigma.")
        .imagej("Process > Filters > Gaussian Blur... (sigma in pixels, each slice of a stack): "
                "equal, bit for bit")
        .input("source", "image or stack to blur")
        .output("destination", "blurred image, same shape and pixel type", same_as("source"))
        .number("sigma_x", "2", sigma_doc("x"), 0)
        .number("sigma_y", "2", sigma_doc("y"), 0)
        .tiles_with_halo([](const OpCall& c) {
            return blur_footprint({c.number("sigma_x"), c.number("sigma_y"), 0.0},
                                  imagej_gaussian_accuracy(c.input("source").type()));
        })
        .run([](OpCall& c) { gaussian_blur(c, {c.number("sigma_x"), c.number("sigma_y"), 0.0}); });

    r.add("unsharpMask", "Filter")
        .ijcl_only()
        .doc("Unsharp masking, as ImageJ's Process > Filters > Unsharp Mask... (ij.plugin.filter.UnsharpMask."
             "sharpenFloat) applied to every plane: the plane as float32, blurred with ImageJ's Gaussian "
             "(as gaussianBlur2D, but with the kernel accuracy 0.01 that Unsharp Mask uses), then "
             "(source - weight * blurred) / (1 - weight) in float (weight rounded to float, the quotient "
             "correctly rounded), written back in the source's pixel type (uint8 / uint16 rounded half up "
             "and limited to their range, as ImageJ converts the float result back). Same shape and pixel "
             "type as source (uint8, uint16, float32). sigma in pixels; weight 0.1 to 0.9 in ImageJ's "
             "dialog. Errors: a negative sigma, a negative weight or one of 1 or more. Source: ImageJ "
             "ij.plugin.filter.UnsharpMask. Not a CLIJ2 operation.")
        .imagej("Process > Filters > Unsharp Mask... (radius = sigma in pixels, mask weight; every slice of a "
                "stack): equal, bit for bit")
        .input("source", "image or stack to sharpen")
        .output("destination", "sharpened image, same shape and pixel type", same_as("source"))
        .number("sigma", "1", "standard deviation of the Gaussian (ImageJ's 'Radius (Sigma)'), in pixels", 0)
        .number("weight", "0.6", "mask weight, 0 <= weight < 1 (ImageJ's 'Mask Weight'; at most 1 - 2^-24, the largest "
                "float below 1)", 0, 1.0 - 1.0 / 16777216.0)
        .tiles_with_halo([](const OpCall& c) { return blur_footprint({c.number("sigma"), c.number("sigma"), 0.0}, 0.01); })
        .run(unsharp_mask);

    r.add("gaussianBlur3D", "Filter")
        .clij2_alias("blur3D")
        .doc("Gaussian blur in x, y and z: destination = source convolved with a Gaussian of "
             "standard deviations sigma_x, sigma_y, sigma_z (pixels). Same shape and pixel type as "
             "source; integer results rounded to nearest. Algorithm of ImageJ's "
             "ij.plugin.GaussianBlur3D: the 2D blur of gaussianBlur2D on every plane, stored in "
             "the pixel type, then a z pass with the same kernel rule (accuracy 0.002 for uint8, "
             "0.0002 otherwise; nearest-edge padding; reduction for sigma > 8.5). Errors: a "
             "negative sigma.")
        .imagej("Process > Filters > Gaussian Blur 3D... (sigmas in pixels): equal, bit for bit")
        .input("source", "image stack to blur")
        .output("destination", "blurred stack, same shape and pixel type", same_as("source"))
        .number("sigma_x", "2", sigma_doc("x"), 0)
        .number("sigma_y", "2", sigma_doc("y"), 0)
        .number("sigma_z", "2", sigma_doc("z"), 0)
        .tiles_with_halo([](const OpCall& c) {
            return blur_footprint({c.number("sigma_x"), c.number("sigma_y"), c.number("sigma_z")},
                                  imagej_gaussian_accuracy(c.input("source").type()));
        })
        .run([](OpCall& c) {
            gaussian_blur(c, {c.number("sigma_x"), c.number("sigma_y"), c.number("sigma_z")});
        });

    r.add("blur3DSliceBySlice", "Filter")
        .doc("Gaussian blur in x and y of every plane of a stack, planes independent (no blur along z): "
             "gaussianBlur2D with sigmaX, sigmaY (pixels), i.e. ImageJ's Process > Filters > Gaussian "
             "Blur... on every slice. Same shape and pixel type as source; integer results rounded to "
             "nearest. Errors: a negative sigma. Source: CLIJ2 blur3DSliceBySlice (deprecated there in "
             "favour of gaussianBlur3D), which runs CLIJ2's gaussianBlur3D with sigma_z 0. Difference "
             "from CLIJ2: ijcl's blurs follow ImageJ's kernel (see gaussianBlur2D: accuracy, kernel "
             "radius, smoothed tail, downscaling above sigma 8.5), not CLIJ2's Gaussian kernel, so values "
             "differ slightly from CLIJ2's.")
        .imagej("Process > Filters > Gaussian Blur... (sigma in pixels, each slice of a stack): equal, "
                "bit for bit")
        .input("source", "image or stack to blur")
        .output("destination", "blurred stack, same shape and pixel type", same_as("source"))
        .number("sigmaX", "2", sigma_doc("x"), 0)
        .number("sigmaY", "2", sigma_doc("y"), 0)
        .tiles_with_halo([](const OpCall& c) {
            return blur_footprint({c.number("sigmaX"), c.number("sigmaY"), 0.0},
                                  imagej_gaussian_accuracy(c.input("source").type()));
        })
        .run([](OpCall& c) { gaussian_blur(c, {c.number("sigmaX"), c.number("sigmaY"), 0.0}); });
}

}  // namespace ijcl
