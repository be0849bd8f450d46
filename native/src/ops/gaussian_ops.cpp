// Gaussian blur: gaussianBlur2D, gaussianBlur3D. Kernels: kernels/gaussian.cl; weights:
// gaussian_kernel.cpp.
//
// Both follow ImageJ exactly. gaussianBlur2D is Process > Filters > Gaussian Blur... applied to
// every plane (ij.plugin.filter.GaussianBlur: x pass, then y pass, in float; integer results
// rounded to nearest). gaussianBlur3D is Process > Filters > Gaussian Blur 3D...
// (ij.plugin.GaussianBlur3D.blur): the 2D blur of every plane, written back to the image's pixel
// type, then a z pass with the same kind of kernel. Lines are blurred directly up to sigma 8.5
// and reduced / blurred / enlarged above it, as ImageJ does.
#include <array>
#include <string>

#include "constant_buffer.hpp"
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

// Blurs `in` along `axis` into `out` (same shape; out's type may differ: float or the pixel type).
void blur_axis(OpCall& c, const Image& in, Image& out, int axis, double sigma, double accuracy) {
    const Shape& shape = out.shape();
    const auto length = static_cast<int>(axis_length(shape, axis));
    const BlurPlan plan = imagej_blur_plan(sigma, accuracy, length);
    const cl::Buffer weights = constant_buffer(c, plan.kernel.weights);
    const cl::Buffer tails = constant_buffer(c, plan.kernel.tail_sums);
    if (!plan.downscale) {
        c.kernel("gaussian.cl", "gaussian_line", {{"SRC", &in}, {"DST", &out}})
            .image(in).image(out).shape(out).i32(axis).buffer(weights).buffer(tails)
            .i32(plan.kernel.radius())
            .run(range_of(out));
        return;
    }
    const Shape reduced = with_axis_length(shape, axis, static_cast<std::uint64_t>(plan.reduced_length));
    ImagePtr small = c.temp(reduced, PixelType::Float32);
    ImagePtr blurred = c.temp(reduced, PixelType::Float32);
    const cl::Buffer down = constant_buffer(c, plan.down_kernel);
    const cl::Buffer up = constant_buffer(c, plan.up_kernel);
    c.kernel("gaussian.cl", "gaussian_reduce", {{"SRC", &in}, {"DST", small.get()}})
        .image(in).image(*small).shape(*small).i32(axis).i64(length).buffer(down)
        .i32(plan.reduce_by).i64(plan.unscaled0)
        .run(range_of_shape(reduced));
    c.kernel("gaussian.cl", "gaussian_line", {{"SRC", small.get()}, {"DST", blurred.get()}})
        .image(*small).image(*blurred).shape(*blurred).i32(axis).buffer(weights).buffer(tails)
        .i32(plan.kernel.radius())
        .run(range_of_shape(reduced));
    c.kernel("gaussian.cl", "gaussian_enlarge", {{"SRC", blurred.get()}, {"DST", &out}})
        .image(*blurred).image(out).shape(out).i32(axis).i64(plan.reduced_length).buffer(up)
        .i32(plan.reduce_by).i64(plan.unscaled0)
        .run(range_of(out));
}

// The ImageJ order: x and y in float per plane; if z follows, the plane result is first stored in
// the pixel type (as GaussianBlur3D writes it back to the stack), then z.
void gaussian_blur(OpCall& c, const std::array<double, 3>& sigma) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    const double accuracy = imagej_gaussian_accuracy(src.type());
    std::vector<int> xy;
    for (int axis = 0; axis < 2; ++axis)
        if (sigma[axis] > 0) xy.push_back(axis);
    const bool z = sigma[2] > 0;
    if (xy.empty() && !z) {
        c.copy_buffer(src.buffer(), dst.buffer(), src.bytes());
        return;
    }
    const Image* current = &src;
    ImagePtr x_done, xy_done;
    for (std::size_t k = 0; k < xy.size(); ++k) {
        const bool last_xy = k + 1 == xy.size();
        Image* target;
        if (!last_xy) {
            x_done = c.temp(src.shape(), PixelType::Float32);
            target = x_done.get();
        } else if (z) {
            xy_done = c.temp(src.shape(), src.type());
            target = xy_done.get();
        } else {
            target = &dst;
        }
        blur_axis(c, *current, *target, xy[k], sigma[xy[k]], accuracy);
        current = target;
    }
    if (z) blur_axis(c, *current, dst, 2, sigma[2], accuracy);
}

std::string sigma_doc(const std::string& axis) {
    return "standard deviation of the Gaussian along " + axis +
           ", in pixels; 0 leaves this axis unblurred";
}

}  // namespace

void register_gaussian_ops(Registry& r) {
    r.add("gaussianBlur2D", "Filter")
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
        .run([](OpCall& c) { gaussian_blur(c, {c.number("sigma_x"), c.number("sigma_y"), 0.0}); });

    r.add("gaussianBlur3D", "Filter")
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
        .run([](OpCall& c) {
            gaussian_blur(c, {c.number("sigma_x"), c.number("sigma_y"), c.number("sigma_z")});
        });
}

}  // namespace ijcl
