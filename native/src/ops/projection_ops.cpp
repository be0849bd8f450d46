// Projections along x, y and z: every kind CLIJ2 has (maximum, minimum, sum, mean, standard
// deviation, bounded z ranges, z position of the maximum/minimum, argMaximum). One table row per
// operation; one kernel (kernels/projection.cl "project") specialised by axis and kind, plus
// the vectorised maximum_z kernel for maximumZProjection.
#include <algorithm>
#include <string>

#include "ijcl/op_call.hpp"
#include "filter_support.hpp"
#include "op_helpers.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

enum Axis { X = 0, Y = 1, Z = 2 };
enum Kind {
    Max = 0, Min = 1, Sum = 2, Mean = 3, StdDev = 4, PosOfMax = 5, PosOfMin = 6,
    Median = 7, NonzeroMedian = 8, MinAboveZero = 9
};

struct Projection {
    const char* name;
    Axis axis;
    Kind kind;
    const char* output;       // CLIJ2's name of the destination
    const char* position;     // second destination (argMaximumZProjection), or nullptr
    bool bounded;             // min_z, max_z parameters
    bool float_output;        // float32 destination instead of the source's type
    const char* imagej;       // ImageJ equivalent, or ""
};

// clang-format off
const Projection kProjections[] = {
    {"maximumXProjection", X, Max, "destination_max", nullptr, false, false, ""},
    {"maximumYProjection", Y, Max, "destination_max", nullptr, false, false, ""},
    {"maximumZProjection", Z, Max, "destination_max", nullptr, false, false,
     "Image > Stacks > Z Project... Max Intensity (ZProjector MAX_METHOD, exact)"},
    {"minimumXProjection", X, Min, "destination_min", nullptr, false, false, ""},
    {"minimumYProjection", Y, Min, "destination_min", nullptr, false, false, ""},
    {"minimumZProjection", Z, Min, "destination_min", nullptr, false, false,
     "Image > Stacks > Z Project... Min Intensity (ZProjector MIN_METHOD, exact)"},
    {"meanXProjection", X, Mean, "destination", nullptr, false, false, ""},
    {"meanYProjection", Y, Mean, "destination", nullptr, false, false, ""},
    {"meanZProjection", Z, Mean, "destination", nullptr, false, false,
     "Image > Stacks > Z Project... Average Intensity (ZProjector AVG_METHOD): equal for 32-bit; "
     "8/16-bit: ImageJ's float result rounded to nearest"},
    {"sumXProjection", X, Sum, "destination", nullptr, false, true, ""},
    {"sumYProjection", Y, Sum, "destination", nullptr, false, true, ""},
    {"sumZProjection", Z, Sum, "destination_sum", nullptr, false, true,
     "Image > Stacks > Z Project... Sum Slices (ZProjector SUM_METHOD, exact)"},
    {"standardDeviationZProjection", Z, StdDev, "destination", nullptr, false, false,
     "Image > Stacks > Z Project... Standard Deviation (ZProjector SD_METHOD): equal for 32-bit; "
     "8/16-bit: ImageJ's float result rounded to nearest"},
    {"maximumZProjectionBounded", Z, Max, "destination_max", nullptr, true, false,
     "Z Project... Max Intensity with start and stop slice min_z + 1, max_z + 1 (exact)"},
    {"minimumZProjectionBounded", Z, Min, "destination_min", nullptr, true, false,
     "Z Project... Min Intensity with start and stop slice min_z + 1, max_z + 1 (exact)"},
    {"meanZProjectionBounded", Z, Mean, "destination_mean", nullptr, true, false,
     "Z Project... Average Intensity with start and stop slice min_z + 1, max_z + 1 (as meanZProjection)"},
    {"zPositionOfMaximumZProjection", Z, PosOfMax, "destination", nullptr, false, false, ""},
    {"zPositionOfMinimumZProjection", Z, PosOfMin, "destination", nullptr, false, false, ""},
    {"argMaximumZProjection", Z, PosOfMax, "destination_max", "destination_arg_max", false, false, ""},
    {"medianZProjection", Z, Median, "destination", nullptr, false, false,
     "Image > Stacks > Z Project... Median (ZProjector MEDIAN_METHOD): equal for an odd number of "
     "planes; for an even number ImageJ averages the two middle values, ijcl (as CLIJ2) takes the upper one"},
    {"medianZProjectionMasked", Z, NonzeroMedian, "destination", nullptr, false, false, ""},
    {"minimumZProjectionThresholdedBounded", Z, MinAboveZero, "destination_min", nullptr, true, false, ""},
};
// clang-format on

const char* axis_name(Axis a) { return a == X ? "x" : a == Y ? "y" : "z"; }

std::string what(const Projection& p) {
    switch (p.kind) {
        case Max: return "the maximum";
        case Min: return "the minimum";
        case Sum: return "the sum";
        case Mean: return "the mean";
        case StdDev: return "the standard deviation (n - 1 in the denominator)";
        case PosOfMax: return "the z index (0-based) of the maximum, the smallest index on ties";
        case PosOfMin: return "the z index (0-based) of the minimum, the smallest index on ties";
        case Median: return "the median (the value at index n / 2 of the n sorted values: for an even n the "
                            "upper of the two middle values)";
        case NonzeroMedian: return "the median of the pixels that are not 0 (the value at index n / 2 of "
                                   "those n values sorted; 0 when every pixel of the line is 0)";
        case MinAboveZero: return "the minimum of the pixels that are > 0 (0 when there is none)";
    }
    return "";
}

// What the documentation adds for the projections of some kinds (Kind bits: 1 << kind).
struct KindNote {
    unsigned kinds;
    const char* text;
};

constexpr unsigned bit(Kind k) { return 1u << k; }

// clang-format off
const KindNote kKindNotes[] = {
    {bit(Max) | bit(Min) | bit(PosOfMax) | bit(PosOfMin),
     " Float: NaN never wins (a line of only NaN gives -3.4028235e38 for the maximum, "
     "3.4028235e38 for the minimum, as ImageJ's ZProjector); integers compare exactly, "
     "uint32 labels included."},
    {bit(Sum),
     " Summed in float in index order, as ImageJ's ZProjector; NaN propagates."},
    {bit(Median) | bit(NonzeroMedian),
     " Values compared in the pixel type (exact for uint32); float NaN sorts after every number "
     "(as Java's Arrays.sort; CLIJ2's insertion sort leaves NaN where it meets it). Up to 64 values "
     "a line are sorted in private memory; longer lines are searched by counting ranks (any depth, "
     "slower)."},
    {bit(Median),
     " CLIJ2 and ImageJ agree for an odd number of planes; for an even number ImageJ's ZProjector "
     "averages the two middle values (a float result) while CLIJ2's median_z_projection kernel, "
     "and ijcl, take the upper one."},
    {bit(NonzeroMedian),
     " CLIJ2's medianZProjectionMasked: its help text has no mask parameter and its kernel "
     "(median_z_projection_masked) takes the median of the source's own non-zero pixels, ignoring "
     "the mask argument of its Java method; ijcl does what the kernel does. (CLIJ2's macro call "
     "itself fails: its executeCL reads a third image argument that its help text does not declare.)"},
    {bit(MinAboveZero),
     " Float NaN is never > 0. CLIJ2's minimumZProjectionThresholdedBounded computes the minimum "
     "of the pixels above threshold_intensity within min_z..max_z, but its macro help text has no "
     "threshold (its macro call fails: executeCL reads a fifth argument that the help text does not "
     "declare); ijcl takes the help text's parameters and threshold 0, i.e. the smallest positive "
     "value (CLIJ2's kernel with threshold_intensity 0). CLIJ2's kernel clamps min_z/max_z into the "
     "stack; ijcl refuses planes outside it, as its other bounded projections do."},
    {bit(Mean),
     " 8/16-bit: summed in float in index order and divided by the count, as ImageJ's "
     "ZProjector; float32: the values that are not NaN summed in double and divided by "
     "their count (a line of only NaN gives NaN), as ImageJ 1.54's ZProjector."},
    {bit(StdDev),
     " Sums of v and v*v in double (float on devices without fp64), as ImageJ's "
     "ZProjector: sqrt((n*s2 - s*s)/n/(n - 1)), 0 for one plane."},
};
// clang-format on

std::string documentation(const Projection& p) {
    const std::string ax = axis_name(p.axis);
    std::string layout = p.axis == Z ? "The result is one plane, width x height x 1"
                         : p.axis == X ? "The result is one plane of width = the source's depth and "
                                         "height = the source's height (pixel (z, y) holds the line "
                                         "along x at y, z)"
                                       : "The result is one plane of width = the source's width and "
                                         "height = the source's depth (pixel (x, z) holds the line "
                                         "along y at x, z)";
    std::string range = p.bounded ? " over the planes min_z to max_z (0-based, both included)" : "";
    std::string type = p.float_output ? "float32 (sums do not saturate)"
                                      : "the source's pixel type" + std::string(p.kind == Mean || p.kind == StdDev
                                            ? ", rounded to nearest and saturated in 8/16-bit (CLIJ2 truncates)"
                                            : p.kind == PosOfMax || p.kind == PosOfMin
                                                ? " (as CLIJ2 creates it: an 8-bit source gives positions up to 255)"
                                                : ", values unchanged (a pixel of the line)");
    std::string doc = "For every line along " + ax + range + ", " + what(p) + " of its pixels. " + layout +
                      ", of " + type + ".";
    if (p.position)
        doc += " Also writes the maximum itself to destination_max (as maximumZProjection).";
    for (const KindNote& note : kKindNotes)
        if (note.kinds & bit(p.kind)) doc += note.text;
    if (p.float_output && p.axis != Z)
        doc += " CLIJ2 gives this result the source's pixel type (an 8-bit sum saturates at 255); "
               "ijcl gives float32 as CLIJ2's sumZProjection does.";
    doc += " Errors: min_z/max_z outside the stack or min_z > max_z (bounded variants). Source: CLIJ2 " +
           std::string(p.name) + (p.axis == Z ? "; ImageJ ij.plugin.ZProjector" : "") + ".";
    return doc;
}

void run_projection(OpCall& c, const Projection& p) {
    Image& s = c.input("source");
    Image& d = c.output(p.output);
    Image& pos = c.output(p.position ? p.position : p.output);
    const Shape& sh = s.shape();
    const std::uint64_t along = p.axis == X ? sh.width : p.axis == Y ? sh.height : sh.depth;
    std::int64_t lo = 0, hi = static_cast<std::int64_t>(along) - 1;
    if (p.bounded) {
        lo = c.integer("min_z");
        hi = c.integer("max_z");
    }
    const std::uint64_t outputs = d.shape().pixels();
    if (p.kind == Max && p.axis == Z && !p.bounded) {
        // Planes of a multiple of 16 pixels go 16 pixels per work item (PROJECT_VECTOR).
        const bool vector = outputs % 16 == 0;
        c.kernel("projection.cl", "maximum_z", {{"SRC", &s}, {"DST", &d}}, {{"PROJECT_VECTOR", vector ? "1" : "0"}})
            .image(s).image(d).shape(s)
            .run(cl::NDRange(vector ? outputs / 16 : outputs),
                 cl::NDRange(std::min<std::size_t>(64, reduction_group_size(c))));
        return;
    }
    const std::size_t group = std::min<std::size_t>(64, reduction_group_size(c));
    const std::size_t global = (outputs + group - 1) / group * group;
    c.kernel("projection.cl", "project", {{"SRC", &s}, {"DST", &d}, {"POS", &pos}},
             {{"PROJECT_AXIS", std::to_string(p.axis)},
              {"PROJECT_OP", std::to_string(p.kind)},
              {"PROJECT_BOTH", p.position ? "1" : "0"},
              {"PROJECT_VECTOR", "0"}})
        .image(s).image(d).image(pos).shape(s).i64(lo).i64(hi)
        .run(cl::NDRange(global), cl::NDRange(group));
}

void add_projection(Registry& r, const Projection& p) {
    const Axis axis = p.axis;
    const bool float_output = p.float_output;
    const bool bounded = p.bounded;
    // a projection that picks a pixel of the line keeps a binary or label image's kind
    const bool extreme = (p.kind == Max || p.kind == Min || p.kind == Median || p.kind == NonzeroMedian ||
                          p.kind == MinAboveZero) && !float_output;
    // Checks the arguments before any destination is touched: a refused call leaves an existing
    // destination as it was.
    OutputRule rule = [axis, float_output, bounded, extreme](const OpCall& c) {
        const Image& s = c.input("source");
        const Shape& sh = s.shape();
        if (bounded) {
            const std::int64_t along = static_cast<std::int64_t>(sh.depth);
            const std::int64_t lo = c.integer("min_z"), hi = c.integer("max_z");
            if (lo >= along)
                c.fail("min_z", "plane " + std::to_string(lo) + " is beyond the stack (depth " + std::to_string(along) + ")");
            if (hi >= along)
                c.fail("max_z", "plane " + std::to_string(hi) + " is beyond the stack (depth " + std::to_string(along) +
                                    ", planes 0 to " + std::to_string(along - 1) + ")");
            if (lo > hi) c.fail("max_z", "max_z (" + std::to_string(hi) + ") is below min_z (" + std::to_string(lo) + ")");
        }
        Shape out = axis == Z ? Shape{sh.width, sh.height, 1}
                    : axis == X ? Shape{sh.depth, sh.height, 1}
                                : Shape{sh.width, sh.depth, 1};
        // only a picked pixel value (maximum, minimum, median) keeps a binary or label image's
        // kind; positions, means, sums and standard deviations are intensities
        ImageKind kind = extreme ? s.kind() : ImageKind::Intensity;
        return OutputDesc{out, float_output ? PixelType::Float32 : s.type(), kind};
    };
    OpBuilder b = r.add(p.name, "Projection");
    b.doc(documentation(p))
        .input("source", "image stack, any pixel type")
        .output(p.output, p.position ? "the maximum along z" : "the projection, one plane", rule);
    if (p.imagej[0] != '\0') b.imagej(p.imagej);
    if (p.position)
        b.output(p.position, "the z index of the maximum, pixel type of the source", [](const OpCall& c) {
            const Image& s = c.input("source");
            return OutputDesc{{s.shape().width, s.shape().height, 1}, s.type(), ImageKind::Intensity};
        });
    if (p.bounded) {
        b.integer("min_z", "0", "first plane, 0-based, included", 0, 2147483647.0);
        b.integer("max_z", "0", "last plane, 0-based, included", 0, 2147483647.0);
    }
    const Projection* row = &p;
    b.tiles_projection(p.axis);
    b.run([row](OpCall& c) { run_projection(c, *row); });
}

// zPositionProjection / zPositionRangeProjection: pixels picked along z at the plane an
// altitude map names (kernels/projection.cl "z_position_pick").
const char* kPickRule =
    " The plane read for pixel (x, y) is z = (int)(z_position(x, y) + offset), the sum taken in float and "
    "truncated toward zero as CLIJ2 does (its addImageAndScalar into a float image, then an int cast), then "
    "clamped into 0..depth-1 (CLIJ2's clamp-to-edge read; a NaN position reads plane 0). z_position: an image "
    "of the source's width and height, any pixel type (e.g. the result of zPositionOfMaximumZProjection); only "
    "its first plane is used. Output pixel type and kind: the source's (values copied unchanged). Errors: a "
    "z_position of another width or height.";

OutputDesc pick_output(const OpCall& c, std::uint64_t planes) {
    const Image& s = c.input("source_stack");
    const Image& p = c.input("z_position");
    if (p.shape().width != s.shape().width || p.shape().height != s.shape().height)
        c.fail("z_position", "its plane is " + std::to_string(p.shape().width) + " x " +
                                 std::to_string(p.shape().height) + ", the source_stack's is " +
                                 std::to_string(s.shape().width) + " x " + std::to_string(s.shape().height));
    return OutputDesc{{s.shape().width, s.shape().height, planes}, s.type(), s.kind()};
}

void run_pick(OpCall& c, std::int64_t start_z, std::int64_t planes) {
    Image& s = c.input("source_stack");
    Image& p = c.input("z_position");
    Image& d = c.output("destination");
    c.kernel("projection.cl", "z_position_pick", {{"SRC", &s}, {"POSITION", &p}, {"DST", &d}})
        .image(s).image(p).image(d).shape(s).i64(start_z).i64(planes)
        .run(cl::NDRange(s.shape().width, s.shape().height, static_cast<std::size_t>(planes)));
}

void add_position_projections(Registry& r) {
    r.add("zPositionProjection", "Projection")
        .doc(std::string("For every pixel (x, y), the source_stack's value at the plane that z_position names: "
                         "one plane, width x height x 1.") + kPickRule +
             " Source: CLIJ2 zPositionProjection (kernel z_position_projection).")
        .input("source_stack", "image stack to pick from, any pixel type")
        .input("z_position", "altitude map: the plane index (0-based) for every pixel, any pixel type")
        .output("destination", "the picked values, one plane", [](const OpCall& c) { return pick_output(c, 1); })
        .run([](OpCall& c) { run_pick(c, 0, 1); });

    r.add("zPositionRangeProjection", "Projection")
        .doc(std::string("A stack of end_z - start_z + 1 planes: plane i holds, for every pixel (x, y), the "
                         "source_stack's value at the plane z_position(x, y) + start_z + i, i.e. the planes "
                         "around an altitude map from start_z to end_z (relative, in planes; both included).") +
             kPickRule + " Errors also: end_z < start_z. Source: CLIJ2 zPositionRangeProjection "
             "(zPositionProjection of z_position + z for z = start_z..end_z, each copied into a plane).")
        .input("source_stack", "image stack to pick from, any pixel type")
        .input("z_position", "altitude map: the plane index (0-based) for every pixel, any pixel type")
        .output("destination", "the picked planes, width x height x (end_z - start_z + 1)",
                [](const OpCall& c) {
                    const std::int64_t lo = c.integer("start_z"), hi = c.integer("end_z");
                    if (hi < lo)
                        c.fail("end_z", "end_z (" + std::to_string(hi) + ") is below start_z (" +
                                            std::to_string(lo) + ")");
                    return pick_output(c, static_cast<std::uint64_t>(hi - lo + 1));
                })
        .integer("start_z", "-5", "first plane, relative to z_position (planes)", -65536, 65536)
        .integer("end_z", "5", "last plane, relative to z_position (planes), included", -65536, 65536)
        .run([](OpCall& c) {
            const std::int64_t lo = c.integer("start_z"), hi = c.integer("end_z");
            run_pick(c, lo, hi - lo + 1);
        });
}

// Extended depth of focus: a focus measure per pixel (kernels/projection.cl "focus_measure"), blurred
// in x and y, its z of the maximum (the "project" kernel), then the source's pixel at that z
// (z_position_pick): one table row per focus measure.
struct FocusProjection {
    const char* name;
    int focus_op;       // FOCUS_OP of focus_measure
    bool radii;         // radius_x, radius_y parameters (variance)
    const char* measure;
};

// clang-format off
const FocusProjection kFocusProjections[] = {
    {"extendedDepthOfFocusVarianceProjection", 0, true,
     "the local variance (CLIJ2's varianceSphere with radius_x, radius_y and radius_z 0: the float variance of "
     "the pixels of the plane in the ellipse x^2/radius_x^2 + y^2/radius_y^2 <= 1, edges clamped)"},
    {"extendedDepthOfFocusSobelProjection", 1, false,
     "the Sobel gradient magnitude within the plane (CLIJ2's sobelSliceBySlice: sqrt(gx^2 + gy^2) of the 3x3 "
     "Sobel kernels, edges clamped)"},
    {"extendedDepthOfFocusTenengradProjection", 2, false,
     "CLIJ2's tenengradSliceBySlice: gx^2 + gy^2 of two 3x3x3 kernels, edges clamped; despite its name its gx "
     "is the Sobel gradient along z and gy the one along y (each smoothed 1-2-1 in the other axes), which "
     "ijcl reproduces"},
};
// clang-format on

void run_focus_projection(OpCall& c, const FocusProjection& f) {
    Image& s = c.input("source");
    Image& d = c.output("destination");
    const Shape& sh = s.shape();
    const std::int64_t rx = f.radii ? c.integer("radius_x") : 0, ry = f.radii ? c.integer("radius_y") : 0;
    const double sigma = c.number("sigma");
    ImagePtr measure = c.temp(sh, PixelType::Float32);
    c.kernel("projection.cl", "focus_measure", {{"SRC", &s}, {"DST", measure.get()}}, {{"FOCUS_OP", std::to_string(f.focus_op)}})
        .image(s).image(*measure).shape(s).i64(rx).i64(ry)
        .run(range_of(s));
    ImagePtr blurred = c.temp(sh, PixelType::Float32);
    gaussian_blur_image(c, *measure, *blurred, {sigma, sigma, 0.0});
    ImagePtr altitude = c.temp({sh.width, sh.height, 1}, PixelType::UInt16);  // as CLIJ2's altitude map
    const std::size_t group = std::min<std::size_t>(64, reduction_group_size(c));
    const std::size_t outputs = static_cast<std::size_t>(sh.width * sh.height);
    c.kernel("projection.cl", "project", {{"SRC", blurred.get()}, {"DST", altitude.get()}, {"POS", altitude.get()}},
             {{"PROJECT_AXIS", "2"}, {"PROJECT_OP", std::to_string(PosOfMax)}, {"PROJECT_BOTH", "0"},
              {"PROJECT_VECTOR", "0"}})
        .image(*blurred).image(*altitude).image(*altitude).shape(*blurred).i64(0)
        .i64(static_cast<std::int64_t>(sh.depth) - 1)
        .run(cl::NDRange((outputs + group - 1) / group * group), cl::NDRange(group));
    c.kernel("projection.cl", "z_position_pick", {{"SRC", &s}, {"POSITION", altitude.get()}, {"DST", &d}})
        .image(s).image(*altitude).image(d).shape(s).i64(0).i64(1)
        .run(cl::NDRange(sh.width, sh.height, 1));
}

void add_focus_projection(Registry& r, const FocusProjection& f) {
    const FocusProjection* row = &f;
    OpBuilder b = r.add(f.name, "Projection");
    b.doc(std::string("Extended depth of focus: for every pixel (x, y), the source's value at the plane where ") +
          f.measure + ", blurred in x and y with a Gaussian of sigma (the altitude map's smoothing), is largest "
          "(the first plane on ties). One plane, width x height x 1, the source's pixel type (values copied "
          "unchanged). Steps as CLIJ2's " + f.name + ": the focus measure into a float stack, gaussianBlur3D "
          "with sigma, sigma, 0, zPositionOfMaximumZProjection into a uint16 altitude map, zPositionProjection. "
          "Difference from CLIJ2: the blur is ijcl's (ImageJ's Gaussian kernel, as gaussianBlur2D), not CLIJ2's, "
          "so where two planes' blurred focus measures nearly tie the chosen plane can differ from CLIJ2's. "
          "Float NaN focus values never win. Errors: a negative sigma" + (f.radii ? " or radius" : "") + ".")
        .input("source", "image stack, any pixel type")
        .output("destination", "the in-focus pixels, one plane", [](const OpCall& c) {
            const Image& s = c.input("source");
            return OutputDesc{{s.shape().width, s.shape().height, 1}, s.type(), s.kind()};
        });
    if (f.radii) {
        b.integer("radius_x", "2", "half width of the variance ellipse, pixels", 0, 255);
        b.integer("radius_y", "2", "half height of the variance ellipse, pixels", 0, 255);
    }
    b.number("sigma", "10", "standard deviation of the Gaussian that smooths the focus measure in x and y, pixels", 0);
    b.run([row](OpCall& c) { run_focus_projection(c, *row); });
}

void add_depth_color_projection(Registry& r) {
    r.add("depthColorProjection", "Projection")
        .doc("A maximum projection along z colour-coded by the depth of the maximum: for every pixel (x, y), "
             "destination planes 0, 1, 2 (red, green, blue) = lookup_table(column, 0, plane) * intensity, where "
             "intensity = (maximum - min_display_intensity) / (max_display_intensity - min_display_intensity) "
             "clamped into 0..1, and column = (int)(255 * z / (depth - 1)) for the z of the maximum, clamped into "
             "0..1 before and into the table's width after. As CLIJ2's depth_projection kernel (buffers), step for "
             "step: z is sampled about 256 times, at z = k * depth / 255 < depth (reading plane (int)z; stacks "
             "deeper than 255 planes skip planes), the first sample of the largest value wins and keeps its "
             "fractional z (so a maximum in plane p gives z slightly above p: column (int)(255 * z / (depth - 1)) "
             "as CLIJ2 computes it). lookup_table: CLIJ2 expects an 8-bit stack 255 pixels wide, 1 high, 3 planes "
             "(red, green, blue); any pixel type and size is read as CLIJ2 reads it (row 0; columns and planes "
             "beyond the table clamped to its edge). Output: width x height x 3, the source's pixel type (values "
             "of the table times intensity; 8/16-bit rounded to nearest and saturated, CLIJ2 truncates). A "
             "one-plane source gives column 0. Errors: none beyond missing images (min_display_intensity equal to "
             "max_display_intensity divides by 0 as in CLIJ2: intensity 0 or 1, or 0/0 = NaN, which an integer "
             "destination stores as 0). Source: CLIJ2 depthColorProjection. CLIJ2's Java prints both display "
             "values to the console; ijcl does not.")
        .input("source", "image stack, any pixel type")
        .input("lookup_table", "colour table: column = depth, row 0, planes red, green, blue (CLIJ2: 8-bit, 255 x 1 x 3)")
        .output("destination_max", "the coloured projection, width x height x 3 (planes red, green, blue)",
                [](const OpCall& c) {
                    const Image& s = c.input("source");
                    return OutputDesc{{s.shape().width, s.shape().height, 3}, s.type(), ImageKind::Intensity};
                })
        .number("min_display_intensity", "0", "intensity shown black (intensity 0)")
        .number("max_display_intensity", "255", "intensity shown at the table's full colour (intensity 1)")
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& lut = c.input("lookup_table");
            Image& d = c.output("destination_max");
            c.kernel("projection.cl", "depth_color", {{"SRC", &s}, {"LUT", &lut}, {"DST", &d}})
                .image(s).image(lut).image(d).shape(s).shape(lut)
                .f32(static_cast<float>(c.number("min_display_intensity")))
                .f32(static_cast<float>(c.number("max_display_intensity")))
                .run(cl::NDRange(s.shape().width, s.shape().height));
        });
}

}  // namespace

void register_projection_ops(Registry& r) {
    for (const Projection& p : kProjections) add_projection(r, p);
    add_position_projections(r);
    add_depth_color_projection(r);
    for (const FocusProjection& f : kFocusProjections) add_focus_projection(r, f);
}

}  // namespace ijcl
