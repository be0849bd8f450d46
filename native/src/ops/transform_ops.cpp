// Geometric transforms: flip2D, flip3D, rotate2D. Kernels: kernels/transform.cl.
#include <cmath>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "real_args.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

// Output rule: shape, pixel type and kind of the source (a flipped binary or label image stays one;
// a rotated binary image stays binary, since interpolated 0/1 values round to 0 or 1).
OutputDesc like_source(const OpCall& c, bool keep_labels) {
    const Image& in = c.input("source");
    ImageKind kind = in.kind();
    if (kind == ImageKind::Label && !keep_labels) kind = ImageKind::Intensity;
    return OutputDesc{in.shape(), in.type(), kind};
}

// Rows whose width is a multiple of 16 move in 16-pixel vectors (FLIP_VECTOR, kernels/transform.cl).
void flip(OpCall& c, bool fx, bool fy, bool fz) {
    Image& s = c.input("source");
    Image& d = c.output("destination");
    const Shape& shape = s.shape();
    const bool vector = shape.width % 16 == 0;
    const std::size_t columns = vector ? shape.width / 16 : shape.width;
    // Groups of up to 256: as many of a row's work items as fit in 64, the rest along y.
    const std::size_t limit = reduction_group_size(c);
    std::size_t lx = 1;
    while (lx < columns && lx < 64 && lx * 2 <= limit) lx *= 2;
    c.kernel("transform.cl", "flip", {{"SRC", &s}, {"DST", &d}}, {{"FLIP_VECTOR", vector ? "1" : "0"}})
        .image(s).image(d).shape(s).i32(fx).i32(fy).i32(fz)
        .run(cl::NDRange(columns, shape.height, shape.depth), cl::NDRange(lx, limit / lx, 1));
}

}  // namespace

void register_transform_ops(Registry& r) {
    r.add("flip2D", "Transform")
        .doc("Mirrors the image left-right (flip_x) and/or top-bottom (flip_y); a stack is "
             "mirrored plane by plane. Same shape and pixel type as source, values unchanged.")
        .imagej("Image > Transform > Flip Horizontally / Flip Vertically (exact; on a stack, "
                "with 'process all slices')")
        .input("source", "image or stack, any pixel type")
        .output("destination", "mirrored image", [](const OpCall& c) { return like_source(c, true); })
        .boolean("flip_x", "true", "mirror along x (left-right)")
        .boolean("flip_y", "false", "mirror along y (top-bottom)")
        .run([](OpCall& c) { flip(c, c.boolean("flip_x"), c.boolean("flip_y"), false); });

    r.add("flip3D", "Transform")
        .doc("Mirrors the image along x, y and/or z (the order of the planes). Same shape and "
             "pixel type as source, values unchanged; done in one pass.")
        .imagej("Image > Transform > Flip Horizontally / Flip Vertically / Flip Z (exact)")
        .input("source", "image or stack, any pixel type")
        .output("destination", "mirrored image", [](const OpCall& c) { return like_source(c, true); })
        .boolean("flip_x", "true", "mirror along x (left-right)")
        .boolean("flip_y", "false", "mirror along y (top-bottom)")
        .boolean("flip_z", "false", "reverse the order of the z planes")
        .run([](OpCall& c) { flip(c, c.boolean("flip_x"), c.boolean("flip_y"), c.boolean("flip_z")); });

    r.add("rotate2D", "Transform")
        .clij2("Image source, ByRef Image destination, Number angle_in_degrees, Boolean rotateAroundCenter")
        .doc("Rotates every z plane by `angle` degrees with bilinear interpolation, keeping the "
             "image size. Positive angles turn the image clockwise as displayed (y pointing down), "
             "as in ImageJ. The centre of rotation is ((width-1)/2, (height-1)/2) when "
             "rotateAroundCenter is true, else the origin (pixel 0,0). Pixels whose source lies "
             "outside the image (more than 0.01 pixel before the first column/row, or at/after "
             "the image edge) get 0; sources within the last pixel are interpolated towards the "
             "edge as ImageJ does (clamped to size - 1.001). Integer results are rounded half up; "
             "NaN neighbours of float images are skipped as in ImageJ. A multiple of 360 degrees "
             "copies the image. Same pixel type as source. Algorithm: ImageJ's "
             "ImageProcessor.rotate (ByteProcessor/ShortProcessor/FloatProcessor), computed in "
             "double on devices with fp64 (in float elsewhere, which may differ by 1 grey level).")
        .imagej("Image > Transform > Rotate... with bilinear interpolation, no enlarge, no fill "
                "(background 0), i.e. ImageProcessor.rotate(angle) after setBackgroundValue(0): "
                "exact except where sin/cos of the host and of Java differ by one ulp (then +-1 at "
                "rounding ties)")
        .input("source", "image or stack, any pixel type")
        .output("destination", "rotated image, same shape and type",
                [](const OpCall& c) { return like_source(c, false); })
        .number("angle", "45", "rotation angle in degrees; positive = clockwise on screen")
        .boolean("rotateAroundCenter", "true", "rotate about the image centre (else about pixel 0,0)")
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination");
            const double angle = c.number("angle");
            if (std::fmod(angle, 360.0) == 0.0) {  // ImageJ leaves the image unchanged
                c.queue().enqueueCopyBuffer(s.buffer(), d.buffer(), 0, 0, s.bytes());
                return;
            }
            const bool centre = c.boolean("rotateAroundCenter");
            const double cx = centre ? (static_cast<double>(s.shape().width) - 1.0) / 2.0 : 0.0;
            const double cy = centre ? (static_cast<double>(s.shape().height) - 1.0) / 2.0 : 0.0;
            const double radians = -angle / 57.29577951308232;  // ImageJ's degrees-to-radians
            const double ca = std::cos(radians), sa = std::sin(radians);
            const double tmp1 = cy * sa - cx * ca;
            const double tmp2 = -cx * sa - cy * ca;
            auto launch = c.kernel("transform.cl", "rotate_bilinear", {{"SRC", &s}, {"DST", &d}}, real_defines(c));
            launch.image(s).image(d).shape(s);
            for (double v : {ca, sa, tmp1, tmp2, cx, cy}) real_arg(launch, c, v);
            launch.run(range_of(s));
        });
}

}  // namespace ijcl
