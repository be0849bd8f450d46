// Operations that move pixels without changing them: crops, pastes, transposes, 90-degree
// rotations, sub-stacks, stack reduction, slices, concatenation and combination. One table row
// per operation; one kernel (kernels/remap.cl "remap", rules 1-11, and "paste"). Values, pixel
// type and kind (binary, label) are kept. Positions and sizes are in pixels; fractional values
// are truncated toward zero, as CLIJ2 does.
#include <array>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

using Args = std::array<std::int64_t, 3>;

struct NumberParam {
    const char* name;
    const char* default_value;
    const char* doc;
    double min;
};

struct Remap {
    const char* name;
    int rule;                                   // REMAP in kernels/remap.cl; 0 = paste kernel
    std::vector<const char*> inputs;            // input image parameters (CLIJ2's names)
    std::vector<NumberParam> numbers;
    std::function<Shape(const OpCall&)> shape;  // the destination's shape; checks the arguments
    std::function<Args(const OpCall&)> args;    // p0, p1, p2 of the kernel
    std::string doc;
    std::string imagej;
    std::string clij2;                          // CLIJ2's help text where our names differ
    std::vector<const char*> aliases;           // CLIJ2's deprecated names
};

std::int64_t whole(const OpCall& c, const char* name) {
    return static_cast<std::int64_t>(std::trunc(c.number(name)));
}

const Shape& shape_of_input(const OpCall& c, const char* name) { return c.input(name).shape(); }

// Fails naming `arg` unless first + count <= size (a region inside the image along one axis).
void require_inside(const OpCall& c, const char* arg, std::int64_t first, std::int64_t count,
                    std::uint64_t size, const char* axis) {
    if (count < 1) c.fail(arg, "the region must be at least 1 pixel along " + std::string(axis));
    if (first + count > static_cast<std::int64_t>(size))
        c.fail(arg, "the region " + std::to_string(first) + " to " + std::to_string(first + count - 1) +
                        " along " + axis + " goes beyond the image (" + std::to_string(size) +
                        " pixels, 0 to " + std::to_string(size - 1) + ")");
}

void require_same(const OpCall& c, const char* a, const char* b, bool width, bool height, bool depth) {
    const Shape& sa = c.input(a).shape();
    const Shape& sb = c.input(b).shape();
    if ((width && sa.width != sb.width) || (height && sa.height != sb.height) || (depth && sa.depth != sb.depth))
        c.fail(b, "its shape " + sb.to_string() + " does not fit the shape of '" + a + "' (" + sa.to_string() +
                      "): " + std::string(width ? "widths" : "") + (width && (height || depth) ? ", " : "") +
                      (height ? "heights" : "") + (height && depth ? ", " : "") + (depth ? "depths" : "") +
                      " must be equal");
    if (c.input(a).type() != c.input(b).type()) c.fail(b, "its pixel type differs from the pixel type of '" + std::string(a) + "'");
}

// The size of a shape along axis 0 (x), 1 (y) or 2 (z).
std::uint64_t size_along(const Shape& s, int axis) { return axis == 0 ? s.width : axis == 1 ? s.height : s.depth; }

// The shape of input `name` with its axes reordered: the result's x, y, z are the input's axes
// a0, a1, a2 (0: x, 1: y, 2: z).
std::function<Shape(const OpCall&)> permuted(const char* name, int a0, int a1, int a2) {
    return [=](const OpCall& c) {
        const Shape& s = shape_of_input(c, name);
        return Shape{size_along(s, a0), size_along(s, a1), size_along(s, a2)};
    };
}

// concatenateStacks, combineHorizontally, combineVertically: stack2 after stack1 along `axis`;
// the other two axes and the pixel types must agree. The kernel's p0 is where stack2 starts.
std::function<Shape(const OpCall&)> joined_shape(int axis) {
    return [axis](const OpCall& c) {
        require_same(c, "stack1", "stack2", axis != 0, axis != 1, axis != 2);
        const Shape& a = shape_of_input(c, "stack1");
        const std::uint64_t along = size_along(a, axis) + size_along(shape_of_input(c, "stack2"), axis);
        return Shape{axis == 0 ? along : a.width, axis == 1 ? along : a.height, axis == 2 ? along : a.depth};
    };
}

std::function<Args(const OpCall&)> joined_args(int axis) {
    return [axis](const OpCall& c) {
        return Args{static_cast<std::int64_t>(size_along(shape_of_input(c, "stack1"), axis)), 0, 0};
    };
}

// The kernel arguments of the rules that take none.
Args no_args(const OpCall&) { return Args{0, 0, 0}; }

// The destination an operation pastes into: it must exist and have the source's pixel type.
const Image& paste_target(const OpCall& c) {
    const Image* d = c.existing_output("destination");
    if (!d) c.fail("destination", "paste needs an existing image to paste into (make one with create2D or create3D, or push one)");
    if (d->type() != c.first_input().type()) c.fail("destination", "its pixel type differs from the source's");
    return *d;
}

std::vector<Remap> table() {
    std::vector<Remap> t;
    t.push_back({"crop2D", 1, {"source"},
                 {{"start_x", "0", "left edge of the region, pixels", 0}, {"start_y", "0", "top edge, pixels", 0},
                  {"width", "1", "width of the region, pixels", 1}, {"height", "1", "height, pixels", 1}},
                 [](const OpCall& c) {
                     const Shape& s = shape_of_input(c, "source");
                     require_inside(c, "width", whole(c, "start_x"), whole(c, "width"), s.width, "x");
                     require_inside(c, "height", whole(c, "start_y"), whole(c, "height"), s.height, "y");
                     return Shape{static_cast<std::uint64_t>(whole(c, "width")), static_cast<std::uint64_t>(whole(c, "height")), 1};
                 },
                 [](const OpCall& c) { return Args{whole(c, "start_x"), whole(c, "start_y"), 0}; },
                 "Copies the rectangle start_x, start_y, width x height of the first plane into a new 2D image.",
                 "Image > Crop on a single plane (exact)",
                 "Image source, ByRef Image destination, Number start_x, Number start_z, Number width, Number height", {}});
    t.push_back({"crop3D", 1, {"source"},
                 {{"start_x", "0", "left edge of the region, pixels", 0}, {"start_y", "0", "top edge, pixels", 0},
                  {"start_z", "0", "first plane, 0-based", 0}, {"width", "1", "width of the region, pixels", 1},
                  {"height", "1", "height, pixels", 1}, {"depth", "1", "number of planes", 1}},
                 [](const OpCall& c) {
                     const Shape& s = shape_of_input(c, "source");
                     require_inside(c, "width", whole(c, "start_x"), whole(c, "width"), s.width, "x");
                     require_inside(c, "height", whole(c, "start_y"), whole(c, "height"), s.height, "y");
                     require_inside(c, "depth", whole(c, "start_z"), whole(c, "depth"), s.depth, "z");
                     return Shape{static_cast<std::uint64_t>(whole(c, "width")), static_cast<std::uint64_t>(whole(c, "height")),
                                  static_cast<std::uint64_t>(whole(c, "depth"))};
                 },
                 [](const OpCall& c) { return Args{whole(c, "start_x"), whole(c, "start_y"), whole(c, "start_z")}; },
                 "Copies the box start_x, start_y, start_z, width x height x depth into a new image.",
                 "Image > Duplicate... with a rectangle and a range of slices (exact)", "", {}});
    const struct {
        const char* name;
        int rule, a0, a1, a2;  // the result's axes (see permuted)
        const char* doc;
    } transposes[] = {
        {"transposeXY", 2, 1, 0, 2, "Swaps x and y: destination (x, y, z) = input (y, x, z); the result is height x width x depth."},
        {"transposeXZ", 3, 2, 1, 0, "Swaps x and z: destination (x, y, z) = input (z, y, x); the result is depth x height x width."},
        {"transposeYZ", 4, 0, 2, 1, "Swaps y and z: destination (x, y, z) = input (x, z, y); the result is width x depth x height."},
    };
    for (const auto& p : transposes)
        t.push_back({p.name, p.rule, {"input"}, {}, permuted("input", p.a0, p.a1, p.a2), no_args, p.doc, "", "", {}});
    t.push_back({"rotateClockwise", 5, {"source"}, {},
                 permuted("source", 1, 0, 2), no_args,
                 "Rotates every plane by 90 degrees clockwise (seen as ImageJ shows images, y down): the "
                 "result is height x width x depth.",
                 "Image > Transform > Rotate 90 Degrees Right (exact)", "", {"rotateRight"}});
    t.push_back({"rotateCounterClockwise", 6, {"source"}, {},
                 permuted("source", 1, 0, 2), no_args,
                 "Rotates every plane by 90 degrees counter-clockwise: the result is height x width x depth.",
                 "Image > Transform > Rotate 90 Degrees Left (exact)", "", {"rotateLeft"}});
    t.push_back({"subStack", 1, {"source_stack"},
                 {{"start_z", "0", "first plane, 0-based, included", 0}, {"end_z", "0", "last plane, 0-based, included", 0}},
                 [](const OpCall& c) {
                     const Shape& s = shape_of_input(c, "source_stack");
                     const std::int64_t a = whole(c, "start_z"), b = whole(c, "end_z");
                     if (b < a) c.fail("end_z", "end_z (" + std::to_string(b) + ") is below start_z (" + std::to_string(a) + ")");
                     require_inside(c, "end_z", a, b - a + 1, s.depth, "z");
                     return Shape{s.width, s.height, static_cast<std::uint64_t>(b - a + 1)};
                 },
                 [](const OpCall& c) { return Args{0, 0, whole(c, "start_z")}; },
                 "Copies the planes start_z to end_z (0-based, both included) into a new stack.",
                 "Image > Stacks > Tools > Make Substack... slices start_z + 1 to end_z + 1 (exact)", "", {}});
    t.push_back({"reduceStack", 7, {"input"},
                 {{"reduction_factor", "2", "keep every reduction_factor-th plane, >= 1", 1},
                  {"offset", "0", "the first plane kept, 0-based, below reduction_factor", 0}},
                 [](const OpCall& c) {
                     const Shape& s = shape_of_input(c, "input");
                     const std::int64_t f = whole(c, "reduction_factor"), o = whole(c, "offset");
                     if (f < 1) c.fail("reduction_factor", "must be at least 1");
                     if (o >= f) c.fail("offset", "must be below reduction_factor (" + std::to_string(f) + ")");
                     const std::uint64_t d = s.depth / static_cast<std::uint64_t>(f);
                     if (d == 0) c.fail("reduction_factor", "the stack has only " + std::to_string(s.depth) + " planes");
                     return Shape{s.width, s.height, d};
                 },
                 [](const OpCall& c) { return Args{whole(c, "reduction_factor"), whole(c, "offset"), 0}; },
                 "Keeps the planes offset, offset + reduction_factor, offset + 2 * reduction_factor, ...: "
                 "depth / reduction_factor planes (rounded down), as CLIJ2.",
                 "", "", {}});
    const struct {
        const char* name;
        int rule, axis;  // stack2 follows stack1 along axis (see joined_shape)
        const char* doc;
        const char* imagej;
    } joins[] = {
        {"concatenateStacks", 9, 2, "The planes of stack1 followed by those of stack2 (same width, height and pixel type).",
         "Image > Stacks > Tools > Concatenate... of two stacks (exact)"},
        {"combineHorizontally", 10, 0, "stack1 on the left, stack2 on the right (same height, depth and pixel type).",
         "Image > Stacks > Tools > Combine... (exact for equal heights)"},
        {"combineVertically", 11, 1, "stack1 on top, stack2 below (same width, depth and pixel type).",
         "Image > Stacks > Tools > Combine... 'Combine vertically' (exact for equal widths)"},
    };
    for (const auto& p : joins)
        t.push_back({p.name, p.rule, {"stack1", "stack2"}, {}, joined_shape(p.axis), joined_args(p.axis), p.doc,
                     p.imagej, "", {}});
    t.push_back({"imageToStack", 8, {"source"}, {{"num_slices", "1", "number of copies, >= 1", 1}},
                 [](const OpCall& c) {
                     const Shape& s = shape_of_input(c, "source");
                     return Shape{s.width, s.height, static_cast<std::uint64_t>(whole(c, "num_slices"))};
                 },
                 no_args,
                 "A stack of num_slices copies of the first plane of source.", "", "", {}});
    t.push_back({"paste2D", 0, {"source"},
                 {{"destination_x", "0", "where the source's left edge goes, pixels (may be negative)", -1e15},
                  {"destination_y", "0", "where the source's top edge goes, pixels (may be negative)", -1e15}},
                 [](const OpCall& c) { return paste_target(c).shape(); },
                 [](const OpCall& c) { return Args{whole(c, "destination_x"), whole(c, "destination_y"), 0}; },
                 "Writes source into the existing image destination with its top-left corner at "
                 "destination_x, destination_y (every plane of a stack at the same z); pixels that fall "
                 "outside the destination are left out. The destination keeps its shape and its other pixels.",
                 "", "", {}});
    t.push_back({"paste3D", 0, {"source"},
                 {{"destination_x", "0", "where the source's left edge goes, pixels (may be negative)", -1e15},
                  {"destination_y", "0", "where the source's top edge goes, pixels (may be negative)", -1e15},
                  {"destination_z", "0", "where the source's first plane goes, 0-based (may be negative)", -1e15}},
                 [](const OpCall& c) { return paste_target(c).shape(); },
                 [](const OpCall& c) {
                     return Args{whole(c, "destination_x"), whole(c, "destination_y"), whole(c, "destination_z")};
                 },
                 "Writes source into the existing image destination at destination_x, destination_y, "
                 "destination_z; voxels that fall outside the destination are left out. The destination "
                 "keeps its shape and its other voxels.",
                 "", "", {}});
    return t;
}

void run_remap(OpCall& c, const Remap& row) {
    const Image& a = c.input(row.inputs[0]);
    const Image& b = row.inputs.size() > 1 ? c.input(row.inputs[1]) : a;
    Image& d = c.output("destination");
    const Args p = row.args(c);
    if (row.rule == 0) {
        if (&d != c.existing_output("destination"))  // the output rule returned its shape: reused in place
            c.fail("destination", "paste needs an existing image to paste into");
        c.kernel("remap.cl", "paste", {{"SRC", &a}, {"DST", &d}}, {{"REMAP", "0"}})
            .image(a).image(d).shape(a).shape(d).i64(p[0]).i64(p[1]).i64(p[2])
            .run(range_of(a), cl::NullRange);
        return;
    }
    c.kernel("remap.cl", "remap", {{"SRC", &a}, {"DST", &d}}, {{"REMAP", std::to_string(row.rule)}})
        .image(a).image(b).image(d).shape(a)
        .i64(static_cast<std::int64_t>(b.shape().width)).i64(static_cast<std::int64_t>(b.shape().height))
        .shape(d).i64(p[0]).i64(p[1]).i64(p[2])
        .run(range_of(d), cl::NullRange);
}

// copySlice: a plane out of a stack, or a 2D image into a plane of an existing stack.
void add_copy_slice(Registry& r) {
    r.add("copySlice", "Transform")
        .doc("With a stack as source: copies plane slice_index (0-based) into a new 2D image. With a "
             "2D image as source: writes it into plane slice_index of the existing stack destination "
             "(same width, height and pixel type; its other planes are kept), as CLIJ2 does. Errors: "
             "slice_index beyond the stack; a 2D source without an existing destination stack.")
        .imagej("Image > Duplicate... of one slice (exact)")
        .input("source", "a stack (to take a plane out) or a 2D image (to put in)")
        .output("destination", "the plane, or the stack written into",
                [](const OpCall& c) {
                    const Image& s = c.input("source");
                    const std::int64_t k = whole(c, "slice_index");
                    if (s.shape().depth > 1) {
                        if (k >= static_cast<std::int64_t>(s.shape().depth))
                            c.fail("slice_index", "plane " + std::to_string(k) + " is beyond the stack (" +
                                                      std::to_string(s.shape().depth) + " planes)");
                        return OutputDesc{{s.shape().width, s.shape().height, 1}, s.type(), s.kind()};
                    }
                    const Image* d = c.existing_output("destination");
                    if (!d || d->shape().depth < 2)
                        c.fail("destination", "to copy a 2D image into a plane, destination must be an existing stack");
                    if (d->shape().width != s.shape().width || d->shape().height != s.shape().height || d->type() != s.type())
                        c.fail("destination", "its width, height or pixel type differs from the source's");
                    if (k >= static_cast<std::int64_t>(d->shape().depth))
                        c.fail("slice_index", "plane " + std::to_string(k) + " is beyond the destination stack");
                    return OutputDesc{d->shape(), d->type(), d->kind()};
                })
        .number("slice_index", "0", "the plane, 0-based", 0, 1e15)
        .run([](OpCall& c) {
            const Image& s = c.input("source");
            Image& d = c.output("destination");
            const std::int64_t k = whole(c, "slice_index");
            if (s.shape().depth > 1) {
                c.kernel("remap.cl", "remap", {{"SRC", &s}, {"DST", &d}}, {{"REMAP", "1"}})
                    .image(s).image(s).image(d).shape(s)
                    .i64(static_cast<std::int64_t>(s.shape().width)).i64(static_cast<std::int64_t>(s.shape().height))
                    .shape(d).i64(0).i64(0).i64(k)
                    .run(range_of(d), cl::NullRange);
            } else {
                c.kernel("remap.cl", "paste", {{"SRC", &s}, {"DST", &d}}, {{"REMAP", "0"}})
                    .image(s).image(d).shape(s).shape(d).i64(0).i64(0).i64(k)
                    .run(range_of(s), cl::NullRange);
            }
        });
}

}  // namespace

void register_remap_ops(Registry& r) {
    static const std::vector<Remap> rows = table();
    for (const Remap& row : rows) {
        const Remap* p = &row;
        OpBuilder b = r.add(row.name, "Transform");
        b.doc(row.doc + " Values, pixel type and kind (binary, label) are kept. Positions and sizes "
              "in pixels; fractional values are truncated, as CLIJ2 does. Source: CLIJ2 " + row.name + ".");
        if (!row.imagej.empty()) b.imagej(row.imagej);
        for (const char* in : row.inputs) b.input(in, in == row.inputs[0] ? "image or stack, any pixel type" : "second image, same pixel type");
        b.output("destination", row.rule == 0 ? "existing image to paste into" : "the result", [p](const OpCall& c) {
            const Image& s = c.input(p->inputs[0]);
            if (p->rule == 0) {
                const Image& d = paste_target(c);
                return OutputDesc{d.shape(), d.type(), d.kind()};
            }
            return OutputDesc{p->shape(c), s.type(), s.kind()};
        });
        // at most 1e15: every position and size stays exact in a double and far from int64 overflow
        for (const NumberParam& n : row.numbers) b.number(n.name, n.default_value, n.doc, n.min, 1e15);
        if (!row.clij2.empty()) b.clij2(row.clij2);
        for (const char* alias : row.aliases) b.clij2_alias(alias);
        b.run([p](OpCall& c) { run_remap(c, *p); });
    }
    add_copy_slice(r);
}

}  // namespace ijcl
