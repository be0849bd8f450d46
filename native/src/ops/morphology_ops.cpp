// Binary morphology with radius-1 structuring elements (3x3(x3) box or face-neighbour diamond):
// one step (erodeBox, erodeSphere, dilateBox, dilateSphere and CLIJ2's slice-by-slice names of
// them, the same kernel restricted to the plane) and the openings and closings made of n steps
// (openingBox, openingDiamond, closingBox, closingDiamond). Kernel: kernels/morphology.cl (one
// kernel, parametrised by operation, shape and whether it stays in the plane).
#include <algorithm>
#include <string>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

void binary_step(OpCall& c, const Image& src, Image& dst, bool dilate, bool box, bool planar) {
    c.kernel("morphology.cl", "binary_morphology", {{"SRC", &src}})
        .image(src).image(dst).shape(src).i32(dilate ? 1 : 0).i32(box ? 1 : 0).i32(planar ? 1 : 0)
        .run(range_of(src));
}

const char* kEdges =
    " Pixels outside the image count as background, for erosion and dilation alike, so "
    "foreground touching the image border is eroded from it (ImageJ's rule with \"Pad edges when "
    "eroding\" off, its default; CLIJ2 reads the nearest edge pixel instead, which gives the same "
    "dilations but keeps foreground at the border in erosions). Input: any pixel type, non-zero = "
    "foreground. Output: binary (uint8 0/1), same shape (CLIJ2 gives the source's pixel type, "
    "values 0/1).";

const char* kIn3D =
    " 2D images (depth 1) use the in-plane neighbourhood; stacks with depth > 1 are processed in "
    "3D, planes outside the stack counting as background.";

const char* kPlanar =
    " Every plane of a stack is processed on its own with the in-plane neighbourhood (CLIJ2's "
    "slice-by-slice operation; on a 2D image the same as the 3D-capable operation).";

struct Step {
    const char* name;
    bool dilate, box, planar;
    const char* imagej;  // "" = none
};

const Step kSteps[] = {
    {"erodeBox", false, true, false,
     "Process > Binary > Erode with iterations=1 count=1, black background, pad edges off (exact, "
     "2D; ImageJ has no 3D equivalent)"},
    {"erodeSphere", false, false, false, ""},
    {"dilateBox", true, true, false,
     "Process > Binary > Dilate with iterations=1 count=1, black background (exact, 2D; ImageJ has "
     "no 3D equivalent)"},
    {"dilateSphere", true, false, false, ""},
    {"erodeBoxSliceBySlice", false, true, true,
     "Process > Binary > Erode with iterations=1 count=1, black background, pad edges off, on every "
     "slice (exact)"},
    {"erodeSphereSliceBySlice", false, false, true, ""},
    {"dilateBoxSliceBySlice", true, true, true,
     "Process > Binary > Dilate with iterations=1 count=1, black background, on every slice (exact)"},
    {"dilateSphereSliceBySlice", true, false, true, ""},
};

std::string step_doc(const Step& s) {
    std::string d = std::string("Binary ") + (s.dilate ? "dilation" : "erosion") + " with a " +
                    (s.box ? "3x3 box" : "plus-shaped element (the face neighbours)") +
                    (s.planar ? " in every plane" : (s.box ? " (3x3x3 in 3D)" : "")) + ": a pixel " +
                    (s.dilate ? "becomes foreground if it or any of its " : "stays foreground only if it and all ") +
                    (s.box ? (s.planar ? "8" : "8 (2D) or 26 (3D)") : (s.planar ? "4" : "4 (2D) or 6 (3D)")) +
                    " neighbours " + (s.dilate ? "is" : "are") + " foreground." + kEdges +
                    (s.planar ? kPlanar : kIn3D);
    if (s.box)
        d += std::string(" Algorithm: ImageJ's ij.process.ByteProcessor binary ") + (s.dilate ? "DILATE" : "ERODE") +
             " filter with count 1.";
    d += std::string(" Source: CLIJ2 ") + s.name + ".";
    return d;
}

void add_step(Registry& r, const Step& s) {
    OpBuilder b = r.add(s.name, "Binary");
    b.doc(step_doc(s))
        .input("source", "binary image (non-zero = foreground)")
        .output("destination", std::string(s.dilate ? "dilated" : "eroded") + " binary image (0/1)",
                shape_of("source", PixelType::UInt8, ImageKind::Binary));
    if (*s.imagej) b.imagej(s.imagej);
    const Step step = s;
    b.run([step](OpCall& c) {
        binary_step(c, c.input("source"), c.output("destination"), step.dilate, step.box, step.planar);
    });
}

// n steps of one kind and then n of the other: openings (erosions first) and closings.
struct Composite {
    const char* name;
    bool box, closing;
    const char* count;  // CLIJ2's parameter name (with its spelling)
    const char* imagej;
};

const Composite kComposites[] = {
    {"openingBox", true, false, "number_of_erotions_and_dilations",
     "Process > Binary > Open with iterations=n count=1, black background, pad edges off (exact, 2D)"},
    {"openingDiamond", false, false, "number_of_erotions_and_dilations", ""},
    {"closingBox", true, true, "number_of_dilations_and_erosions",
     "Process > Binary > Close with iterations=n count=1, black background, pad edges off (exact, 2D)"},
    {"closingDiamond", false, true, "number_of_dilations_and_erotions", ""},
};

constexpr double kMaxSteps = 1e9;

void run_composite(OpCall& c, const Composite& k) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    const Shape& s = src.shape();
    // CLIJ2 runs one step of each kind even for n = 0.
    const std::int64_t n = std::max<std::int64_t>(c.integer(k.count), 1);
    // Beyond these counts the image no longer changes, so more steps are not run: after
    // (w-1)+(h-1)+(d-1) dilations every pixel is foreground (or none is), and after w erosions
    // none is (each erosion removes the pixels next to the left and right borders).
    const std::int64_t dilations = std::min<std::int64_t>(n, static_cast<std::int64_t>(s.width + s.height + s.depth));
    const std::int64_t erosions = std::min<std::int64_t>(n, static_cast<std::int64_t>(s.width) + 1);
    ImagePtr temps[2];
    const Image* current = &src;
    const std::int64_t total = dilations + erosions;
    for (std::int64_t i = 0; i < total; ++i) {
        const bool first_kind = k.closing ? i < dilations : i < erosions;
        const bool dilate = k.closing ? first_kind : !first_kind;
        Image* target = &dst;
        if (i + 1 < total) {
            ImagePtr& t = temps[i % 2];
            if (!t) t = c.temp(s, PixelType::UInt8, ImageKind::Binary);
            target = t.get();
        }
        binary_step(c, *current, *target, dilate, k.box, false);
        current = target;
    }
}

void add_composite(Registry& r, const Composite& k) {
    const std::string first = k.closing ? "dilations" : "erosions";
    const std::string second = k.closing ? "erosions" : "dilations";
    const std::string element = k.box ? "dilateBox/erodeBox (3x3 box, 3x3x3 in 3D)"
                                      : "dilateSphere/erodeSphere (the 4 or 6 face neighbours: a diamond)";
    OpBuilder b = r.add(k.name, "Binary");
    b.clij2(std::string("Image input, ByRef Image destination, Number ") + k.count)
        .doc(std::string("Binary ") + (k.closing ? "closing" : "opening") + ": n " + first + " followed by n " +
             second + " with " + element + "; " +
             (k.closing ? "closes gaps and holes up to about 2n pixels wide." : "removes foreground parts up to about 2n pixels wide.") +
             kEdges + kIn3D + " n = 0 runs one step of each kind, as CLIJ2 does. Counts beyond the "
             "image's extent give the same result as the extent (the image no longer changes). "
             "Errors: a negative or fractional count. Source: CLIJ2 " + k.name +
             (k.box ? "; ImageJ ij.plugin.filter.Binary " + std::string(k.closing ? "close" : "open") + "." : "."))
        .input("source", "binary image (non-zero = foreground)")
        .output("destination", "binary result (0/1)", shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .integer(k.count, "1", "n, the number of " + first + " and of " + second + ", a whole number >= 0",
                 0, kMaxSteps);
    if (*k.imagej) b.imagej(k.imagej);
    const Composite* row = &k;
    b.run([row](OpCall& c) { run_composite(c, *row); });
}

}  // namespace

void register_morphology_ops(Registry& r) {
    for (const Step& s : kSteps) add_step(r, s);
    for (const Composite& k : kComposites) add_composite(r, k);
}

}  // namespace ijcl
