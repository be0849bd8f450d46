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

// The kernel's work item: 4 pixels of a row in 8 planes (passed as MORPH_PIXELS, MORPH_PLANES;
// the row's pixels and their two neighbours are bits of a uint, so at most 30 pixels).
constexpr std::size_t kPixelsPerItem = 4, kPlanesPerItem = 8;

void binary_step(OpCall& c, const Image& src, Image& dst, bool dilate, bool box, bool planar) {
    const Shape& s = src.shape();
    c.kernel("morphology.cl", "binary_morphology", {{"SRC", &src}},
             {{"MORPH_PIXELS", std::to_string(kPixelsPerItem)}, {"MORPH_PLANES", std::to_string(kPlanesPerItem)}})
        .image(src).image(dst).shape(src).i32(dilate ? 1 : 0).i32(box ? 1 : 0).i32(planar ? 1 : 0)
        .run(cl::NDRange((s.width + kPixelsPerItem - 1) / kPixelsPerItem, s.height,
                         (s.depth + kPlanesPerItem - 1) / kPlanesPerItem));
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


// ImageJ's own 3x3 binary filters of Process > Binary (ij.process.ByteProcessor.filter ERODE and
// DILATE with a neighbour count and a background value, BinaryProcessor.outline), pixel for pixel,
// on 8-bit images with ImageJ's 0/255 values (not ijcl's 0/1 binary images): the operations GPU
// mode runs for Erode, Dilate, Open, Close-, Outline. One table row per operation; one kernel
// (kernels/morphology.cl "imagej_binary"), every plane of a stack on its own.
struct ImageJBinary {
    const char* name;
    int mode;  // 0 erode, 1 dilate, 2 outline
    const char* doc;
    const char* imagej;
};

// clang-format off
const ImageJBinary kImageJBinary[] = {
    {"imagejBinaryErode", 0,
     "ImageJ's binary erosion of an 8-bit image with background value `background` (foreground = "
     "255 - background): a pixel equal to background stays background; any other pixel becomes "
     "background when at least `count` of its 8 neighbours equal background, else foreground (so "
     "values other than 0 and 255 become 0 or 255). Neighbours outside the image count as "
     "background, or as foreground when pad_edges is true (ImageJ's \"Pad edges when eroding\").",
     "Process > Binary > Erode with iterations=1, this count and pad-edges setting; background = 0 "
     "for black background with a normal LUT, else 255 (exact)"},
    {"imagejBinaryDilate", 1,
     "ImageJ's binary dilation of an 8-bit image with background value `background` (foreground = "
     "255 - background): a pixel equal to foreground stays foreground; any other pixel becomes "
     "foreground when at least `count` of its 8 neighbours equal foreground, else background. "
     "Neighbours outside the image count as background (ImageJ pads only erosions).",
     "Process > Binary > Dilate with iterations=1 and this count; background = 0 for black "
     "background with a normal LUT, else 255 (exact)"},
    {"imagejBinaryOutline", 2,
     "ImageJ's outline rule (ij.process.BinaryProcessor.outline) on an 8-bit image: a pixel that "
     "is not `background` and has none of its 8 neighbours equal to `background` becomes "
     "background; every other pixel keeps its value, and the pixels of the image's border rows and "
     "columns are never changed (ImageJ processes only the interior).",
     "Process > Binary > Outline without black background (background 255, or 0 with an inverted "
     "LUT); with black background ImageJ inverts before and after (exact)"},
};
// clang-format on

void add_imagej_binary(Registry& r, const ImageJBinary& k) {
    OpBuilder b = r.add(k.name, "Binary");
    b.ijcl_only()
        .doc(std::string(k.doc) +
             " Input: uint8 only (other pixel types are refused), 2D or a stack (each plane "
             "processed on its own, in-plane neighbours). Output: uint8, same shape, values 0/255 "
             "(and, for the outline, the kept values). Errors: a source that is not uint8; count "
             "outside 1..8, background outside 0..255. Algorithm: ImageJ 1.54 "
             "ij.process.ByteProcessor.filter / BinaryProcessor.process (used by "
             "ij.plugin.filter.Binary); CLIJ2 has no such operation (its erodeBox/dilateBox give "
             "0/1 images with count 1).")
        .imagej(k.imagej)
        .input("source", "8-bit image (ImageJ binary: 0 and 255)")
        .output("destination", "the result, uint8 0/255, same shape",
                [](const OpCall& c) {
                    const Image& in = c.input("source");
                    if (in.type() != PixelType::UInt8)
                        c.fail("source", "must be an 8-bit (uint8) image, as ImageJ's binary commands take");
                    return OutputDesc{in.shape(), PixelType::UInt8, ImageKind::Intensity};
                });
    if (k.mode != 2)
        b.integer("count", "1", "how many of the 8 neighbours must be " +
                                    std::string(k.mode == 0 ? "background" : "foreground") +
                                    " (ImageJ's Binary Options count), 1..8", 1, 8);
    b.integer("background", "0", "the background value (0 or 255 in ImageJ binary images), 0..255", 0, 255);
    if (k.mode == 0)
        b.boolean("pad_edges", "false", "true: pixels outside the image count as foreground (ImageJ's "
                                        "\"Pad edges when eroding\"); false: as background");
    const int mode = k.mode;
    b.run([mode](OpCall& c) {
        const Image& src = c.input("source");
        Image& dst = c.output("destination");
        const std::int64_t count = mode == 2 ? 1 : c.integer("count");
        const std::int64_t background = c.integer("background");
        const bool pad = mode == 0 && c.boolean("pad_edges");
        c.kernel("morphology.cl", "imagej_binary", {{"SRC", &src}})
            .image(src).image(dst).shape(src).i32(mode).i32(static_cast<int>(count))
            .i32(static_cast<int>(background)).i32(pad ? 1 : 0)
            .run(range_of(src));
    });
}

}  // namespace

void register_morphology_ops(Registry& r) {
    for (const Step& s : kSteps) add_step(r, s);
    for (const Composite& k : kComposites) add_composite(r, k);
    for (const ImageJBinary& k : kImageJBinary) add_imagej_binary(r, k);
}

}  // namespace ijcl
