// Drawing into an existing image (drawBox, drawSphere, drawLine: one table, one kernel,
// kernels/drawing.cl "draw"), setNonZeroPixelsToPixelIndex ("pixel_index"), stackToTiles
// ("tiles"), writeValuesToPositions ("write_values") and spotsToPointList ("count_spots",
// "spots_to_list").
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// The existing image a drawing operation draws into.
const Image& draw_target(const OpCall& c) {
    const Image* d = c.existing_output("destination");
    if (!d)
        c.fail("destination", "drawing needs an existing image to draw into (make one with create2D or create3D, "
                              "or push one), as in CLIJ2");
    return *d;
}

// Kind after drawing `value`: a binary image stays binary for 0 or 1, a label image stays a
// label image for a whole value >= 0; anything else makes an intensity image.
ImageKind kind_after(const Image& d, double value) {
    if (d.kind() == ImageKind::Binary && (value == 0.0 || value == 1.0)) return ImageKind::Binary;
    if (d.kind() == ImageKind::Label && value >= 0.0 && value == std::floor(value)) return ImageKind::Label;
    return ImageKind::Intensity;
}

// The first and last pixel (inclusive) of [lo, hi] along an axis of `size` pixels, clipped to the
// image, with a margin of one pixel for the kernel's exact float test; false when empty.
bool clip(double lo, double hi, std::uint64_t size, std::int64_t& first, std::int64_t& last) {
    const double s = static_cast<double>(size);
    lo = std::max(-1.0, std::floor(lo) - 1.0);
    hi = std::min(s, std::ceil(hi) + 1.0);
    if (lo > hi) return false;
    first = std::max<std::int64_t>(0, static_cast<std::int64_t>(lo));
    last = std::min<std::int64_t>(static_cast<std::int64_t>(size) - 1, static_cast<std::int64_t>(hi));
    return first <= last;
}

enum Shape3 { Box = 1, Sphere = 2, Line = 3 };

struct Drawing {
    const char* name;
    Shape3 shape;
    std::array<const char*, 6> numbers;   // CLIJ2's parameter names before value (line: + thickness)
    std::array<const char*, 6> defaults;  // CLIJ2's default values
    const char* doc;
};

// clang-format off
const Drawing kDrawings[] = {
    {"drawBox", Box, {"x", "y", "z", "width", "height", "depth"}, {"0", "0", "0", "10", "10", "10"},
     "Sets the pixels of the box from (x, y, z) to (x + width, y + height, z + depth) to value, both "
     "corners included (a box of width 10 covers 11 columns, as CLIJ2's kernel tests "
     "x <= x + width); negative sizes extend the box towards smaller coordinates. The bounds are "
     "compared in float as in CLIJ2, so fractional positions select the whole pixels between them."},
    {"drawSphere", Sphere, {"x", "y", "z", "radius_x", "radius_y", "radius_z"}, {"5", "5", "5", "3", "3", "3"},
     "Sets the pixels (px, py, pz) with (px - x)^2 / radius_x^2 + (py - y)^2 / radius_y^2 + "
     "(pz - z)^2 / radius_z^2 <= 1 to value (an ellipse in a 2D image, where z and radius_z are not "
     "used). Radii must be >= 0; a radius of 0 draws nothing, as CLIJ2's kernel (it divides by the "
     "squared radius: 0/0 is not <= 1). Computed in float as CLIJ2."},
    {"drawLine", Line, {"x1", "y1", "z1", "x2", "y2", "z2"}, {"0", "0", "0", "10", "10", "10"},
     "Sets to value the pixels whose sample points lie closer than thickness / 2 to the line through "
     "(x1, y1, z1) and (x2, y2, z2), within thickness / 2 of the segment's bounding box. As CLIJ2's "
     "kernel: along each axis the samples are min(a1, a2) - thickness/2 + i for i = 0, 1, ... "
     "(floor(|a1 - a2| + 1 + thickness) of them), each written to the pixel its coordinates "
     "truncate to (toward zero), in float arithmetic; whole-number end points and an even thickness "
     "sample pixel centres. A line whose end points are equal draws nothing (CLIJ2 divides by its "
     "length 0); thickness 0 draws nothing. z1, z2 are not used for a 2D image."},
};
// clang-format on

void run_draw(OpCall& c, const Drawing& row) {
    Image& d = c.output("destination");
    if (&d != c.existing_output("destination")) c.fail("destination", "drawing needs an existing image to draw into");
    const Shape& s = d.shape();
    const bool three_d = s.depth > 1;
    auto f = [&](const char* name) { return static_cast<float>(c.number(name)); };
    std::array<float, 9> p{};
    std::array<std::int64_t, 3> first{0, 0, 0}, count{1, 1, 1};
    const std::array<std::uint64_t, 3> size{s.width, s.height, s.depth};
    const int axes = three_d ? 3 : 2;
    if (row.shape == Box) {
        for (int a = 0; a < 3; ++a) {
            p[a] = f(row.numbers[a]);
            p[3 + a] = p[a] + f(row.numbers[3 + a]);  // x + width in float, as CLIJ2's Java
        }
        for (int a = 0; a < axes; ++a) {
            std::int64_t lo, hi;
            if (!clip(std::min(p[a], p[3 + a]), std::max(p[a], p[3 + a]), size[a], lo, hi)) return;
            first[a] = lo;
            count[a] = hi - lo + 1;
        }
    } else if (row.shape == Sphere) {
        for (int a = 0; a < 3; ++a) {
            const double radius = c.number(row.numbers[3 + a]);
            p[a] = f(row.numbers[a]);
            p[3 + a] = static_cast<float>(radius);
            p[6 + a] = static_cast<float>(radius * radius);
        }
        for (int a = 0; a < axes; ++a) {
            if (p[3 + a] == 0.0f) return;  // 0/0: nothing is drawn
            std::int64_t lo, hi;
            if (!clip(static_cast<double>(p[a]) - p[3 + a], static_cast<double>(p[a]) + p[3 + a], size[a], lo, hi)) return;
            first[a] = lo;
            count[a] = hi - lo + 1;
        }
    } else {
        const float thickness = f("thickness");
        const float radius = thickness / 2.0f;
        for (int a = 0; a < 6; ++a) p[a] = f(row.numbers[a]);
        p[6] = radius;
        for (int a = 0; a < axes; ++a) {
            // CLIJ2's sample count along the axis: (long)(|a1 - a2| + 1 + thickness), in float
            const float span = std::fabs(p[a] - p[3 + a]) + 1.0f + thickness;
            const double samples = std::floor(static_cast<double>(span));
            if (!(samples >= 1.0)) return;
            // sample i lies at m + i: keep the i whose point can land in [0, size) (margin 2)
            const double m = static_cast<double>(std::min(p[a], p[3 + a])) - radius;
            const double lo = std::max(0.0, std::floor(-1.0 - m) - 2.0);
            const double hi = std::min(samples - 1.0, std::ceil(static_cast<double>(size[a]) - m) + 2.0);
            if (lo > hi) return;
            first[a] = static_cast<std::int64_t>(lo);
            count[a] = static_cast<std::int64_t>(hi) - first[a] + 1;
        }
    }
    const float value = static_cast<float>(c.number("value"));
    auto launch = c.kernel("drawing.cl", "draw", {{"DST", &d}},
                           {{"DRAW", std::to_string(static_cast<int>(row.shape))}, {"DRAW_3D", three_d ? "1" : "0"}});
    launch.image(d).shape(d).i64(first[0]).i64(first[1]).i64(first[2]).i64(count[0]).i64(count[1]).i64(count[2]);
    for (float v : p) launch.f32(v);
    launch.f32(value).run(cl::NDRange(count[0], count[1], count[2]));
}

void add_drawing(Registry& r, const Drawing& row) {
    OpBuilder b = r.add(row.name, "Visualisation");
    b.doc(std::string(row.doc) +
          " Draws into the existing image destination (any pixel type, 2D or 3D); its other pixels "
          "are kept. Positions and sizes in pixels (0-based), any finite value: the parts outside "
          "the image are left out. value is converted to the destination's pixel type rounded half "
          "up and saturated (CLIJ2 truncates fractional values). A binary destination stays binary "
          "for value 0 or 1, a label image stays one for a whole value >= 0. Errors: no existing "
          "destination (CLIJ2 cannot create one either). Source: CLIJ2 " + row.name + " (its "
          "OpenCL kernel's tests, reproduced in float).")
        .output("destination", "existing image to draw into", [](const OpCall& c) {
            const Image& d = draw_target(c);
            return OutputDesc{d.shape(), d.type(), kind_after(d, c.number("value"))};
        });
    // at most 1e15 in magnitude: exact as doubles, far from overflow once clipped
    for (int a = 0; a < 6; ++a) {
        const bool size = a >= 3;
        std::string doc = row.shape == Line ? (a < 3 ? "first end point, pixels" : "second end point, pixels")
                          : row.shape == Box ? (size ? "size of the box minus 1 (the box is inclusive), pixels; may be negative"
                                                     : "corner of the box, pixels")
                                             : (size ? "radius, pixels, >= 0" : "centre, pixels");
        const double lo = row.shape == Sphere && size ? 0.0 : -1e15;
        b.number(row.numbers[a], row.defaults[a], doc, lo, 1e15);
    }
    if (row.shape == Line) b.number("thickness", "1", "thickness of the line, pixels, >= 0 (radius thickness / 2)", 0, 1e15);
    b.number("value", "255", "the value written, converted to the destination's pixel type");
    const Drawing* p = &row;
    b.run([p](OpCall& c) { run_draw(c, *p); });
}

void add_pixel_index(Registry& r) {
    r.add("setNonZeroPixelsToPixelIndex", "Labeling")
        .doc("Writes into the existing image destination, for every non-zero pixel of source, the "
             "pixel's index counted from 1 in CLIJ2's order, x slowest and z fastest: "
             "x * height * depth + y * depth + z + 1 (2D: x * height + y + 1); zero pixels get 0. "
             "destination must exist with the source's width, height and depth (any pixel type: "
             "uint8/uint16 saturate at 255/65535, float32 is exact up to 2^24, uint32 up to "
             "4294967295); it becomes an intensity image. Used as the start of a connected "
             "components labelling. NaN counts as non-zero. CLIJ2's parameter is a plain Image "
             "(not ByRef): CLIJ2 creates a missing destination like source, ijcl needs it to exist "
             "(create it with create2D/create3D or copy the source). Source: CLIJ2 "
             "setNonZeroPixelsToPixelIndex.")
        .input("source", "image or stack, any pixel type")
        .input("destination", "existing image of the source's shape, written in place")
        .run([](OpCall& c) {
            const Image& s = c.input("source");
            Image& d = c.input("destination");
            if (d.shape() != s.shape())
                c.fail("destination", "its shape " + d.shape().to_string() + " differs from the source's (" +
                                          s.shape().to_string() + ")");
            c.kernel("drawing.cl", "pixel_index", {{"SRC", &s}, {"DST", &d}}, {{"DRAW", "0"}, {"DRAW_3D", "0"}})
                .image(s).image(d).shape(s)
                .run(range_of(s));
            d.set_kind(ImageKind::Intensity);
        });
}

void add_stack_to_tiles(Registry& r) {
    r.add("stackToTiles", "Transform")
        .doc("Lays the planes of a stack side by side in one 2D image of tiles_x x tiles_y tiles, "
             "(tiles_x * width) x (tiles_y * height) pixels of the source's pixel type and kind. "
             "Plane k goes to tile column k / tiles_y, row k % tiles_y: the planes fill the first "
             "column top to bottom, then the next (the order of CLIJ2's loops: x outer, y inner; "
             "ImageJ's Make Montage fills rows first). Tiles beyond the last plane are 0; planes "
             "beyond tiles_x * tiles_y are left out. Deliberate difference: CLIJ2 2.5's StackToTiles "
             "pastes every plane at (tiles_x * width, tiles_y * height), outside its destination, so "
             "it writes nothing there; ijcl puts each plane at its tile (column * width, row * height) "
             "as its loops intend. Errors: tiles_x or tiles_y below 1 or above 65536; a result over 2^31 - 1 pixels (the most one "
             "ImageJ plane holds). "
             "Source: CLIJ2 stackToTiles.")
        .input("source", "image stack, any pixel type")
        .output("destination", "the tiled 2D image", [](const OpCall& c) {
            const Image& s = c.input("source");
            const double tx = c.number("tiles_x"), ty = c.number("tiles_y");
            const double pixels = static_cast<double>(s.shape().width) * tx * static_cast<double>(s.shape().height) * ty;
            if (pixels > 2147483647.0)
                c.fail("tiles_y", "the result would have " + std::to_string(static_cast<long long>(pixels)) +
                                      " pixels; one 2D image holds at most 2^31 - 1 (an ImageJ plane's limit)");
            return OutputDesc{{s.shape().width * static_cast<std::uint64_t>(tx), s.shape().height * static_cast<std::uint64_t>(ty), 1},
                              s.type(), s.kind()};
        })
        .integer("tiles_x", "2", "number of tile columns, 1 to 65536", 1, 65536)
        .integer("tiles_y", "2", "number of tile rows, 1 to 65536", 1, 65536)
        .run([](OpCall& c) {
            const Image& s = c.input("source");
            Image& d = c.output("destination");
            c.kernel("drawing.cl", "tiles", {{"SRC", &s}, {"DST", &d}}, {{"DRAW", "0"}})
                .image(s).image(d).shape(s).i64(c.integer("tiles_x")).i64(c.integer("tiles_y"))
                .run(cl::NDRange(d.shape().width, d.shape().height));
        });
}

void add_write_values(Registry& r) {
    r.add("writeValuesToPositions", "Visualisation")
        .doc("Writes values at positions given as a point list: column i of positions_and_values "
             "(n x 3 for a 2D destination: rows x, y, value; n x 4 for a stack: rows x, y, z, value; "
             "only its first plane is read, further rows are ignored) sets pixel (x, y[, z]) of "
             "the existing image destination to value (converted to its pixel type, rounded half up "
             "and saturated; CLIJ2 truncates). Positions are in pixels, truncated toward zero as CLIJ2 "
             "does; positions outside the destination (and NaN) are left out. The columns are written "
             "in order, so when several name the same pixel the last one wins on every device (CLIJ2 "
             "writes them in parallel: any one may win). The destination keeps its other pixels; a "
             "binary or label destination becomes an intensity image. Deliberate difference: "
             "destination must exist (pyclesperanto creates a float image sized by the largest "
             "positions when none is given). Errors: no existing destination; a point list with "
             "fewer than 3 (2D) or 4 (3D) rows. Source: CLIJ2 writeValuesToPositions.")
        .input("positions_and_values", "point list: one column per point, rows x, y[, z], value; any pixel type")
        .output("destination", "existing image to write into", [](const OpCall& c) {
            const Image* d = c.existing_output("destination");
            if (!d) c.fail("destination", "writeValuesToPositions needs an existing image to write into (make one with "
                                          "create2D or create3D, or push one)");
            const Image& list = c.input("positions_and_values");
            const std::uint64_t rows = d->shape().depth > 1 ? 4 : 3;
            if (list.shape().height < rows)
                c.fail("positions_and_values", "a " + std::string(rows == 4 ? "3D" : "2D") + " destination needs " +
                                                   std::to_string(rows) + " rows (x, y" + (rows == 4 ? ", z" : "") +
                                                   ", value), the point list has " + std::to_string(list.shape().height));
            if (d == &list) c.fail("destination", "must differ from positions_and_values");
            return OutputDesc{d->shape(), d->type(), ImageKind::Intensity};
        })
        .run([](OpCall& c) {
            const Image& list = c.input("positions_and_values");
            Image& d = c.output("destination");
            if (&d != c.existing_output("destination")) c.fail("destination", "needs an existing image to write into");
            c.kernel("drawing.cl", "write_values", {{"SRC", &list}, {"DST", &d}}, {{"DRAW", "0"}})
                .image(list).image(d).i64(static_cast<std::int64_t>(list.shape().width)).shape(d)
                .i32(d.shape().depth > 1 ? 1 : 0)
                .run(cl::NDRange(1));
        });
}

// The number of non-zero pixels of every line (y, z) of `spots`, in raster order (z, then y).
std::vector<cl_uint> count_spots_per_line(OpCall& c, const Image& spots) {
    const Shape& s = spots.shape();
    const std::size_t lines = s.height * s.depth;
    cl::Buffer counts = c.temp_buffer(lines * sizeof(cl_uint));
    c.kernel("drawing.cl", "count_spots", {{"SRC", &spots}}, {{"DRAW", "0"}})
        .image(spots).buffer(counts).shape(spots)
        .run(cl::NDRange(s.height, s.depth));
    std::vector<cl_uint> out(lines);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, lines * sizeof(cl_uint), out.data());
    return out;
}

std::uint64_t total(const std::vector<cl_uint>& counts) {
    std::uint64_t n = 0;
    for (cl_uint k : counts) n += k;
    return n;
}

void add_spots_to_point_list(Registry& r) {
    r.add("spotsToPointList", "Measurement")
        .doc("Lists the non-zero pixels (spots, e.g. of detectMaxima2DBox) of input_spots as a point "
             "list: a float32 image of n x 2 (2D input: rows x, y) or n x 3 (stack: rows x, y, z) "
             "pixels, one column per spot, positions in pixels (0-based; exact up to 2^24), in CLIJ2's "
             "order: raster order, z then y then x (the spot numbering of CLIJ2's labelSpots). Any "
             "pixel type; NaN counts as a spot. Deliberate difference: CLIJ2 numbers the spots by "
             "sums of pixel values along lines, which is the spot count only for a 0/1 image; ijcl "
             "counts every non-zero pixel once, so a 0/255 or an intensity image lists each spot "
             "once too. Errors: an image without a non-zero pixel (an empty point list cannot be "
             "made, as in CLIJ2). Computed in two passes: spots per line, then a prefix sum on the "
             "host gives each line its first column. Source: CLIJ2 spotsToPointList (labelSpots, "
             "labelledSpotsToPointList).")
        .input("input_spots", "image or stack; non-zero pixels are spots")
        .output("destination_pointlist", "float32 point list, n x 2 or n x 3", [](const OpCall& cc) {
            // the shape depends on the data: count the spots on the device (reads a count per line)
            OpCall& c = const_cast<OpCall&>(cc);
            const Image& spots = c.input("input_spots");
            const std::uint64_t n = total(count_spots_per_line(c, spots));
            if (n == 0) c.fail("input_spots", "has no non-zero pixel: a point list needs at least one spot");
            return OutputDesc{{n, spots.shape().depth > 1 ? 3u : 2u, 1}, PixelType::Float32, ImageKind::Intensity};
        })
        .run([](OpCall& c) {
            const Image& spots = c.input("input_spots");
            Image& list = c.output("destination_pointlist");
            const Shape& s = spots.shape();
            const std::vector<cl_uint> counts = count_spots_per_line(c, spots);
            std::vector<cl_long> starts(counts.size());
            std::int64_t at = 0;
            for (std::size_t i = 0; i < counts.size(); ++i) {
                starts[i] = at;
                at += counts[i];
            }
            if (static_cast<std::uint64_t>(at) != list.shape().width)
                c.fail("input_spots", "internal: the spot count differs between the two passes");
            cl::Buffer first = c.temp_buffer(starts.size() * sizeof(cl_long));
            c.queue().enqueueWriteBuffer(first, CL_TRUE, 0, starts.size() * sizeof(cl_long), starts.data());
            c.kernel("drawing.cl", "spots_to_list", {{"SRC", &spots}}, {{"DRAW", "0"}})
                .image(spots).buffer(first).image(list).shape(spots)
                .i64(static_cast<std::int64_t>(list.shape().width)).i64(static_cast<std::int64_t>(list.shape().height))
                .run(cl::NDRange(s.height, s.depth));
        });
}

}  // namespace

void register_drawing_ops(Registry& r) {
    for (const Drawing& row : kDrawings) add_drawing(r, row);
    add_pixel_index(r);
    add_stack_to_tiles(r);
    add_write_values(r);
    add_spots_to_point_list(r);
}

}  // namespace ijcl
