// rollingBallBackground and slidingParaboloidBackground: ImageJ's Process > Subtract
// Background... backgrounds (ij.plugin.filter.BackgroundSubtracter 1.54p, rollingBallFloatBackground
// and slidingParaboloidFloatBackground with "create background"), bit for bit: the ball patch
// (RollingBall), shrinking, rolling and enlarging; the paraboloid's presmoothing, corner
// correction and nine directional passes. Kernels: kernels/background.cl, kernels/paraboloid.cl.
// GPU mode's Subtract Background... twin uses them.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// RollingBall(radius): the shrink factor and the ball patch, with ImageJ's double arithmetic.
struct Ball {
    int shrink = 1;
    int half = 0;  // half of the patch's width
    std::vector<float> data;
};

// The patch itself (data) only when `with_data`: the output rule checks its width first.
Ball make_ball(double radius, bool with_data) {
    Ball b;
    int trim_percent = 24;
    if (radius <= 10) b.shrink = 1;
    else if (radius <= 30) b.shrink = 2;
    else if (radius <= 100) { b.shrink = 4; trim_percent = 32; }
    else { b.shrink = 8; trim_percent = 40; }
    double small_radius = radius / b.shrink;
    if (small_radius < 1) small_radius = 1;
    if (!(small_radius <= 1e6)) {  // far beyond any accepted ball (and no int overflow below)
        b.half = 1000000;
        return b;
    }
    const double rsquare = small_radius * small_radius;
    const int xtrim = static_cast<int>(trim_percent * small_radius) / 100;
    b.half = static_cast<int>(std::floor(small_radius - xtrim + 0.5));  // Math.round
    const int width = 2 * b.half + 1;
    if (!with_data) return b;
    b.data.resize(static_cast<std::size_t>(width) * width);
    for (int y = 0, p = 0; y < width; y++)
        for (int x = 0; x < width; x++, p++) {
            const int xv = x - b.half, yv = y - b.half;
            const double t = rsquare - xv * xv - yv * yv;
            b.data[p] = t > 0. ? static_cast<float>(std::sqrt(t)) : 0.0f;
        }
    return b;
}

// makeInterpolationArrays, in float as ImageJ.
void interpolation(std::vector<int>& index, std::vector<float>& weight, long length, long small_length, int shrink) {
    index.resize(length);
    weight.resize(length);
    for (long i = 0; i < length; i++) {
        long s = (i - shrink / 2) / shrink;  // truncation toward zero, as Java
        if (s >= small_length - 1) s = small_length - 2;
        index[i] = static_cast<int>(s);
        const float distance = (static_cast<float>(i) + 0.5f) / static_cast<float>(shrink) - (static_cast<float>(s) + 0.5f);
        weight[i] = 1.0f - distance;
    }
}

constexpr int kMaxHalfWidth = 1000;

}  // namespace

void register_background_ops(Registry& r) {
    r.add("rollingBallBackground", "Filter")
        .doc("The rolling-ball background of ImageJ's Process > Subtract Background... (its 'create background' "
             "output), bit for bit, on every plane of the source: the plane as float (negated when "
             "light_background is true: objects darker than the background), optionally smoothed (presmooth: "
             "ImageJ's 3x3 mean, x pass then y pass, (a + b + c) * 0.33333333f, end pixels repeated), shrunk by "
             "the minimum of 2x2, 4x4 or 8x8 blocks for radii above 10, 30 and 100 pixels, rolled with ImageJ's "
             "ball patch (RollingBall: a sphere of radius / shrink trimmed by 24, 32 or 40 percent; the ball's "
             "height at every centre is the minimum of pixel - ball over the patch inside the image, the "
             "background the maximum of height + ball over the centres covering the pixel), enlarged with "
             "ImageJ's bilinear interpolation (makeInterpolationArrays) and negated back. Every step does "
             "ImageJ's float operations in ImageJ's order, so the result equals "
             "BackgroundSubtracter.rollingBallBackground(ip as float, radius, true, light, false, presmooth, "
             "true). Input: any pixel type, 2D or a stack (planes on their own). Output: float32, same shape. "
             "Radius in pixels. Errors: a radius that is not above 0, a ball wider than 2001 pixels after "
             "shrinking (radius above about 13000), a plane narrower or lower than 2 shrunk pixels (ImageJ "
             "fails there too). Source: ImageJ ij.plugin.filter.BackgroundSubtracter (Sternberg's rolling ball, "
             "M. Schmid's implementation). CLIJ2 has no rolling ball (its topHat is a flat-disc opening).")
        .imagej("Process > Subtract Background... with 'create' and without 'sliding' on a 32-bit copy "
                "(BackgroundSubtracter.rollingBallBackground(fp, radius, true, light, false, presmooth, true)): "
                "equal, bit for bit")
        .input("source", "image or stack, any pixel type")
        .output("destination", "float32 background, same shape", [](const OpCall& c) {
            const double radius = c.number("radius");
            if (!(radius > 0)) c.fail("radius", "must be above 0");
            const Ball b = make_ball(radius, false);
            if (b.half > kMaxHalfWidth)
                c.fail("radius", "the ball is " + std::to_string(2 * b.half + 1) +
                                     " pixels wide after shrinking; at most " + std::to_string(2 * kMaxHalfWidth + 1));
            const Shape& s = c.input("source").shape();
            if (b.shrink > 1 && ((static_cast<long>(s.width) + b.shrink - 1) / b.shrink < 2 ||
                                 (static_cast<long>(s.height) + b.shrink - 1) / b.shrink < 2))
                c.fail("source", "a plane of " + std::to_string(s.width) + " x " + std::to_string(s.height) +
                                     " pixels shrinks to less than 2 x 2 pixels for this radius (shrink factor " +
                                     std::to_string(b.shrink) + "); ImageJ cannot interpolate it either");
            return OutputDesc{s, PixelType::Float32, ImageKind::Intensity};
        })
        .number("radius", "50", "the rolling ball's radius (pixels)", 0)
        .boolean("light_background", "false", "true: objects are darker than the background (the plane is negated)")
        .boolean("presmooth", "true", "smooth with ImageJ's 3x3 mean first (ImageJ's default; its 'disable' unchecks it)")
        .ijcl_only()
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const Ball b = make_ball(c.number("radius"), true);
            const bool invert = c.boolean("light_background"), presmooth = c.boolean("presmooth");
            const long w = static_cast<long>(src.shape().width), h = static_cast<long>(src.shape().height);
            const long n = w * h, f = b.shrink;
            const long sw = f > 1 ? (w + f - 1) / f : w, sh = f > 1 ? (h + f - 1) / f : h;
            const long ew = sw + 2 * b.half, eh = sh + 2 * b.half;
            std::vector<int> xi, yi;
            std::vector<float> xw, yw;
            if (f > 1) {
                interpolation(xi, xw, w, sw, b.shrink);
                interpolation(yi, yw, h, sh, b.shrink);
            }
            // every buffer up front (creating one between launches can stall the queue)
            cl::Buffer plane = c.temp_buffer(n * sizeof(float)), work = c.temp_buffer(n * sizeof(float));
            cl::Buffer small = c.temp_buffer(sw * sh * sizeof(float)), rolled = c.temp_buffer(sw * sh * sizeof(float));
            cl::Buffer heights = c.temp_buffer(ew * eh * sizeof(float));
            cl::Buffer ball = c.temp_buffer(b.data.size() * sizeof(float));
            c.queue().enqueueWriteBuffer(ball, CL_TRUE, 0, b.data.size() * sizeof(float), b.data.data());
            cl::Buffer bxi, bxw, byi, byw;
            if (f > 1) {
                bxi = c.temp_buffer(w * sizeof(int));
                bxw = c.temp_buffer(w * sizeof(float));
                byi = c.temp_buffer(h * sizeof(int));
                byw = c.temp_buffer(h * sizeof(float));
                c.queue().enqueueWriteBuffer(bxi, CL_TRUE, 0, w * sizeof(int), xi.data());
                c.queue().enqueueWriteBuffer(bxw, CL_TRUE, 0, w * sizeof(float), xw.data());
                c.queue().enqueueWriteBuffer(byi, CL_TRUE, 0, h * sizeof(int), yi.data());
                c.queue().enqueueWriteBuffer(byw, CL_TRUE, 0, h * sizeof(float), yw.data());
            }
            const cl::NDRange full(w, h), reduced(sw, sh);
            for (std::uint64_t z = 0; z < src.shape().depth; z++) {
                const long offset = static_cast<long>(z) * n;
                c.kernel("background.cl", "rb_load", {{"SRC", &src}})
                    .image(src).buffer(plane).i64(n).i64(offset).i32(invert ? 1 : 0).run(cl::NDRange(n));
                if (presmooth) {
                    c.kernel_t("background.cl", "rb_mean3", {{"SRC", src.type()}}).buffer(plane).buffer(work).i64(w).i64(h).i32(0).run(full);
                    c.kernel_t("background.cl", "rb_mean3", {{"SRC", src.type()}}).buffer(work).buffer(plane).i64(w).i64(h).i32(1).run(full);
                }
                const cl::Buffer& image = f > 1 ? small : plane;
                if (f > 1)
                    c.kernel_t("background.cl", "rb_shrink", {{"SRC", src.type()}})
                        .buffer(plane).buffer(small).i64(w).i64(h).i64(sw).i64(sh).i32(b.shrink).run(reduced);
                c.kernel_t("background.cl", "rb_heights", {{"SRC", src.type()}})
                    .buffer(image).buffer(ball).buffer(heights).i64(sw).i64(sh).i32(b.half).run(cl::NDRange(ew, eh));
                c.kernel_t("background.cl", "rb_roll", {{"SRC", src.type()}})
                    .buffer(heights).buffer(ball).buffer(f > 1 ? rolled : work).i64(sw).i64(sh).i32(b.half).run(reduced);
                if (f > 1)
                    c.kernel_t("background.cl", "rb_enlarge", {{"SRC", src.type()}})
                        .buffer(rolled).buffer(bxi).buffer(bxw).buffer(byi).buffer(byw).buffer(dst.buffer())
                        .i64(w).i64(h).i64(sw).i64(offset).i32(invert ? 1 : 0).run(full);
                else
                    c.kernel_t("background.cl", "rb_store", {{"SRC", src.type()}})
                        .buffer(work).buffer(dst.buffer()).i64(n).i64(offset).i32(invert ? 1 : 0).run(cl::NDRange(n));
            }
        });

    r.add("slidingParaboloidBackground", "Filter")
        .doc("The sliding-paraboloid background of ImageJ's Process > Subtract Background... (its 'sliding' "
             "and 'create background' options), bit for bit, on every plane of the source: the plane as float "
             "(negated when light_background is true), optionally presmoothed (presmooth: ImageJ's 3x3 maximum, "
             "whose mean shift is subtracted again at the end, then its 3x3 mean), the corners corrected for "
             "particles in them (correct_corners, ImageJ's default), then a parabola of curvature 1 / radius slid "
             "from below along every line in x, y, x again and the two diagonals (twice the first), each pixel "
             "raised to the parabola (BackgroundSubtracter.lineSlideParabola), and negated back. Lines of one "
             "direction are independent work items running ImageJ's sequential walk with its float operations "
             "in its order (the search limit in double, division correctly rounded), so the result equals "
             "BackgroundSubtracter.rollingBallBackground(ip as float, radius, true, light, true, presmooth, "
             "correct_corners). Input: any pixel type, 2D or a stack (planes on their own). Output: float32, "
             "same shape. Radius in pixels. Errors: a radius that is not above 0; a device without "
             "correctly rounded float division or without double precision. NaN or infinite pixels: ImageJ's "
             "walk does not end on them; here the line's walk stops and its pixels stay as they are (GPU mode "
             "leaves such images to ImageJ). Source: ImageJ ij.plugin.filter.BackgroundSubtracter "
             "(M. Schmid's sliding paraboloid). CLIJ2 has none.")
        .imagej("Process > Subtract Background... with 'sliding' and 'create' on a 32-bit copy "
                "(BackgroundSubtracter.rollingBallBackground(fp, radius, true, light, true, presmooth, corners)): "
                "equal, bit for bit")
        .input("source", "image or stack, any pixel type")
        .output("destination", "float32 background, same shape", [](const OpCall& c) {
            const double radius = c.number("radius");
            if (!(radius > 0)) c.fail("radius", "must be above 0");
            const DeviceInfo& d = c.device_info();
            if (!d.correctly_rounded_divide_sqrt || !d.has_fp64)
                c.fail("", "needs correctly rounded float division and double precision, which the device '" + d.name +
                               "' lacks");
            return OutputDesc{c.input("source").shape(), PixelType::Float32, ImageKind::Intensity};
        })
        .number("radius", "50", "the paraboloid's curvature radius (pixels)", 0)
        .boolean("light_background", "false", "true: objects are darker than the background (the plane is negated)")
        .boolean("presmooth", "true", "3x3 maximum and mean first (ImageJ's default; its 'disable' unchecks it)")
        .boolean("correct_corners", "true", "correct the corners for particles in them (ImageJ's default)")
        .ijcl_only()
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            const float radius = static_cast<float>(c.number("radius"));
            const float coeff2 = 0.5f / radius, coeff2diag = 1.f / radius;
            const bool invert = c.boolean("light_background"), presmooth = c.boolean("presmooth");
            const bool corners = c.boolean("correct_corners");
            const long w = static_cast<long>(src.shape().width), h = static_cast<long>(src.shape().height);
            const long n = w * h;
            cl::Buffer plane = c.temp_buffer(n * sizeof(float));
            // per-line work arrays, at each line's own pixel positions (kernels/paraboloid.cl)
            cl::Buffer cache = c.temp_buffer(n * sizeof(float));
            cl::Buffer next = c.temp_buffer(n * sizeof(int));
            cl::Buffer row_shifts = c.temp_buffer(h * sizeof(double)), column_shifts = c.temp_buffer(w * sizeof(double));
            std::vector<double> host_shifts(static_cast<std::size_t>(w + h));
            auto filter3 = [&](bool maximum) {  // rows, then columns, as ImageJ's filter3x3
                c.kernel_t("paraboloid.cl", "sp_filter3", {})
                    .buffer(plane).i64(h).i64(w).i64(w).i64(1).i32(maximum ? 1 : 0).buffer(row_shifts).run(cl::NDRange(h));
                c.kernel_t("paraboloid.cl", "sp_filter3", {})
                    .buffer(plane).i64(w).i64(h).i64(1).i64(w).i32(maximum ? 1 : 0).buffer(column_shifts).run(cl::NDRange(w));
            };
            auto pass = [&](int direction, long first, long last, float k) {
                if (last <= first) return;
                c.kernel_t("paraboloid.cl", "sp_filter1d", {})
                    .buffer(plane).i64(w).i64(h).i32(direction).i64(first).i64(last).f32(k).buffer(cache).buffer(next)
                    .run(cl::NDRange(last - first));
            };
            for (std::uint64_t z = 0; z < src.shape().depth; z++) {
                const long offset = static_cast<long>(z) * n;
                c.kernel("background.cl", "rb_load", {{"SRC", &src}})
                    .image(src).buffer(plane).i64(n).i64(offset).i32(invert ? 1 : 0).run(cl::NDRange(n));
                float shift = 0;
                if (presmooth) {
                    filter3(true);
                    c.queue().enqueueReadBuffer(row_shifts, CL_FALSE, 0, h * sizeof(double), host_shifts.data());
                    c.queue().enqueueReadBuffer(column_shifts, CL_TRUE, 0, w * sizeof(double), host_shifts.data() + h);
                    double total = 0;  // ImageJ's order: every row's sum, then every column's
                    for (double line : host_shifts) total += line;
                    shift = static_cast<float>(total / w / h);
                    filter3(false);
                }
                if (corners)
                    c.kernel_t("paraboloid.cl", "sp_correct_corners", {})
                        .buffer(plane).i64(w).i64(h).f32(coeff2).buffer(cache).buffer(next).run(cl::NDRange(1));
                pass(0, 0, h, coeff2);
                pass(1, 0, w, coeff2);
                pass(0, 0, h, coeff2);
                pass(2, 0, w - 2, coeff2diag);
                pass(3, 1, h - 2, coeff2diag);
                pass(4, 2, w, coeff2diag);
                pass(5, 0, h - 2, coeff2diag);
                pass(2, 0, w - 2, coeff2diag);
                pass(3, 1, h - 2, coeff2diag);
                c.kernel_t("paraboloid.cl", "sp_store", {})
                    .buffer(plane).buffer(dst.buffer()).i64(n).i64(offset).i32(invert ? 1 : 0).f32(shift).run(cl::NDRange(n));
            }
        });
}

}  // namespace ijcl
