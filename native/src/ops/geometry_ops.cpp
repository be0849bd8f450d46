// Affine, scale, translate, rotate3D, rigid, resample, makeIsotropic and vector-field transforms
// (kernels/geometry.cl). Every matrix-based operation reduces to one target-to-source matrix, an
// output shape and a sampling mode, and runs the one kernel "warp"; the rows below differ only in
// how they build that matrix and shape. CLIJ2 semantics throughout: the matrix maps the centre of
// a destination voxel (i + 0.5, j + 0.5, k + 0.5) to a source position, computed in float.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "geometry.hpp"
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

namespace ijcl {

Affine Affine::operator*(const Affine& o) const {
    Affine r;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) {
            double s = 0;
            for (int k = 0; k < 4; ++k) s += m[i][k] * o.m[k][j];
            r.m[i][j] = s;
        }
    return r;
}

namespace {

// The identity with x, y, z written into rows 0, 1, 2 of `column` (3: a translation), or onto the
// diagonal when `column` is negative (a scaling).
Affine with_entries(int column, double x, double y, double z) {
    Affine a;
    const double v[3] = {x, y, z};
    for (int r = 0; r < 3; ++r) a.m[r][column < 0 ? r : column] = v[r];
    return a;
}

}  // namespace

Affine Affine::translation(double x, double y, double z) { return with_entries(3, x, y, z); }

Affine Affine::scaling(double x, double y, double z) { return with_entries(-1, x, y, z); }

Affine Affine::rotation(int axis, double radians) {
    const double c = std::cos(radians), s = std::sin(radians);
    Affine a;
    const int p = axis == 0 ? 1 : 0, q = axis == 2 ? 1 : 2;  // the plane that turns
    a.m[p][p] = c;
    a.m[q][q] = c;
    // imglib2: about x [[1,0,0],[0,c,-s],[0,s,c]]; about y [[c,0,s],[0,1,0],[-s,0,c]]; about z [[c,-s,0],[s,c,0],[0,0,1]]
    if (axis == 1) {
        a.m[p][q] = s;
        a.m[q][p] = -s;
    } else {
        a.m[p][q] = -s;
        a.m[q][p] = s;
    }
    return a;
}

double clij2_negated_radians(double degrees) {
    const float f = -static_cast<float>(degrees) / 180.0f;
    return static_cast<double>(static_cast<float>(static_cast<double>(f) * 3.141592653589793));
}

namespace {

// A finite number in the whole of `text` (Java's Double.parseDouble without NaN, Infinity and
// the d/f suffixes), or false.
bool parse_number(const std::string& text, double& value) {
    if (text.empty() || std::isspace(static_cast<unsigned char>(text[0]))) return false;
    if (text.find_first_of("xX") != std::string::npos) return false;  // strtod's hexadecimal floats
    char* end = nullptr;
    value = std::strtod(text.c_str(), &end);
    return end == text.c_str() + text.size() && std::isfinite(value);
}

}  // namespace

std::string parse_affine_transform(const std::string& text, const Shape& source, bool three_d, Affine& out) {
    std::string lower = text;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    // Java's long division: width / 2 rounded toward zero.
    const double cx = static_cast<double>(source.width / 2), cy = static_cast<double>(source.height / 2);
    const double cz = three_d ? static_cast<double>(source.depth / 2) : 0.0;
    Affine at;
    std::istringstream words(lower);
    std::string word;
    if (lower.find_first_not_of(" \t\r\n") == std::string::npos)
        return "no command given (an empty transform; e.g. \"-center rotate=45 center\")";
    while (words >> word) {  // CLIJ2 splits at single spaces; empty words are skipped
        const std::size_t eq = word.find('=');
        const std::string key = word.substr(0, eq);
        Affine t;
        if (key == "center" || key == "-center") {
            if (eq != std::string::npos) return "'" + word + "': " + key + " takes no value";
            const double sign = key == "center" ? -1.0 : 1.0;
            t = Affine::translation(sign * cx, sign * cy, sign * cz);
            at = at * t;
            continue;
        }
        static const std::vector<std::string> keys2 = {"scale", "scalex", "scaley", "rotate", "translatex", "translatey", "shearxy"};
        static const std::vector<std::string> keys3 = {"scalez", "rotatex", "rotatey", "rotatez", "translatez",
                                                       "shearxz", "shearyx", "shearyz", "shearzx", "shearzy"};
        const bool known2 = std::find(keys2.begin(), keys2.end(), key) != keys2.end();
        const bool known3 = std::find(keys3.begin(), keys3.end(), key) != keys3.end();
        if (!known2 && !known3)
            return "unknown command '" + key + "' (known: center, -center, scale, scaleX, scaleY, " +
                   std::string(three_d ? "scaleZ, rotate, rotateX, rotateY, rotateZ, translateX, translateY, translateZ, "
                                         "shearXY, shearXZ, shearYX, shearYZ, shearZX, shearZY"
                                       : "rotate, translateX, translateY, shearXY") + ")";
        if (known3 && !three_d) return "'" + key + "' exists only in affineTransform3D";
        double v = 0;
        if (eq == std::string::npos || !parse_number(word.substr(eq + 1), v))
            return "'" + word + "': expected " + key + "=<number>";
        const bool scale = key.rfind("scale", 0) == 0;
        if (scale && v == 0) return "'" + word + "': a scale factor must not be 0";
        const int axis = key.back() - 'x';  // of scaleX/Y/Z, rotateX/Y/Z, translateX/Y/Z
        double one_axis[3] = {scale ? 1.0 : 0.0, scale ? 1.0 : 0.0, scale ? 1.0 : 0.0};
        if (axis >= 0 && axis < 3) one_axis[axis] = scale ? 1.0 / v : v;
        if (key == "scale") t = Affine::scaling(1.0 / v, 1.0 / v, three_d ? 1.0 / v : 1.0);
        else if (scale) t = Affine::scaling(one_axis[0], one_axis[1], one_axis[2]);
        else if (key == "rotate") t = Affine::rotation(2, clij2_negated_radians(v));
        else if (key.rfind("rotate", 0) == 0) t = Affine::rotation(axis, clij2_negated_radians(v));
        else if (key.rfind("translate", 0) == 0) t = Affine::translation(one_axis[0], one_axis[1], one_axis[2]);
        else {  // shearAB: row A, column B
            const int row = key[5] - 'x', column = key[6] - 'x';
            t.m[row][column] = v;
        }
        at = at * t;
    }
    out = at;
    return "";
}

namespace {

enum class Sampling { Nearest, Linear };

// Output kind: interpolation keeps 0/1 images binary (values in [0, 1] round to 0 or 1) and makes
// label images intensity images; nearest-neighbour sampling keeps labels too.
ImageKind kind_after(const Image& in, Sampling s) {
    if (in.kind() == ImageKind::Label && s == Sampling::Linear) return ImageKind::Intensity;
    return in.kind();
}

bool flat(const Image& in) { return in.shape().depth == 1; }

void run_warp(OpCall& c, const Image& s, Image& d, const Affine& a, Sampling sampling, int field = 0,
              const Image* vx = nullptr, const Image* vy = nullptr, const Image* vz = nullptr) {
    const Image* x = vx ? vx : &s;
    const Image* y = vy ? vy : &s;
    const Image* z = vz ? vz : &s;
    auto launch = c.kernel("geometry.cl", "warp", {{"SRC", &s}, {"DST", &d}, {"VX", x}, {"VY", y}, {"VZ", z}},
                           {{"FIELD", std::to_string(field)}, {"SAMPLE", sampling == Sampling::Linear ? "1" : "0"},
                            {"BOUNDED", field != 0 ? "1" : "0"}});
    launch.image(s).image(d).image(*x).image(*y).image(*z).shape(s).shape(d);
    for (int r = 0; r < 3; ++r)
        for (int col = 0; col < 4; ++col) launch.f32(static_cast<float>(a.m[r][col]));
    launch.run(range_of(d));
}

// Java's (long)(size * factor) with a float factor; fails naming `arg` unless 1 .. 2^31 - 1.
std::uint64_t scaled_size(const OpCall& c, const char* arg, std::uint64_t size, float factor) {
    const float v = static_cast<float>(size) * factor;
    if (!(v >= 1.0f)) c.fail(arg, "gives an image size below 1 pixel (" + std::to_string(size) + " x factor)");
    if (v >= 2147483648.0f) c.fail(arg, "gives an image size above 2^31 pixels along one axis");
    return static_cast<std::uint64_t>(v);
}

float fnum(const OpCall& c, const char* name) { return static_cast<float>(c.number(name)); }

// A result shape, refused (naming `arg`) when its voxel count would not even fit the index
// arithmetic (the allocation itself then reports what the device cannot hold).
Shape checked(const OpCall& c, const char* arg, Shape s) {
    const double voxels = static_cast<double>(s.width) * static_cast<double>(s.height) * static_cast<double>(s.depth);
    if (voxels > 1e15) c.fail(arg, "the result would have " + std::to_string(voxels) + " voxels (" + s.to_string() + ")");
    return s;
}

// The centring CLIJ2's Rotate3D/Scale2D/Scale3D put around a matrix: T(+c) * m * T(-c), c = size / 2
// rounded down (Java's long division).
Affine centred(const Image& s, const Affine& m, bool three_d) {
    const double cx = static_cast<double>(s.shape().width / 2), cy = static_cast<double>(s.shape().height / 2);
    const double cz = three_d ? static_cast<double>(s.shape().depth / 2) : 0.0;
    return Affine::translation(cx, cy, cz) * m * Affine::translation(-cx, -cy, -cz);
}

std::string fmt(float v) {
    std::ostringstream o;
    o.precision(9);  // every float round-trips (Java's Float.toString gives the shortest such text)
    o << v;
    return o.str();
}

// One row per operation of the matrix family: its parameters, its matrix and its sampling.
struct MatrixOp {
    const char* name;
    std::string input;  // CLIJ2's name of the source parameter
    std::function<void(OpBuilder&)> params;
    std::function<Affine(const OpCall&, const Image&)> matrix;  // may fail on bad arguments
    std::function<Sampling(const OpCall&)> sampling;
    std::function<Shape(const OpCall&, const Image&)> shape;    // empty: the source's shape
    std::string doc;
    std::string clij2;  // CLIJ2's help text where it differs from the derived one
    std::vector<const char*> aliases;
};

Sampling linear(const OpCall&) { return Sampling::Linear; }

const char* kLinearDoc =
    " Linear interpolation as CLIJ2 does it on devices with image support (its usual case): the 2 x 2 "
    "(x 2) voxels around the source position weighted by distance, voxels outside the source counting "
    "0, so edges fade over half a pixel; ijcl uses exact float weights where GPU texture samplers use "
    "8-bit fractions (differences up to about 0.4% of the local contrast; CLIJ2 copies the source "
    "into a float OpenCL image for this, so every pixel type is interpolated). On devices without "
    "image support CLIJ2 falls back to nearest neighbour; ijcl always interpolates. Positions outside "
    "the source give 0. Integer results are rounded half up (CLIJ2 truncates).";

std::vector<MatrixOp> matrix_ops() {
    std::vector<MatrixOp> t;
    auto transform_param = [](OpBuilder& b) {
        b.string("transform", "-center scale=2 rotate=45 center",
                 "space-separated commands, applied as CLIJ2 composes them (see the operation's doc)");
    };
    auto parse = [](bool three_d) {
        return [three_d](const OpCall& c, const Image& s) {
            Affine a;
            const bool three = three_d && !flat(s);
            const std::string error = parse_affine_transform(c.string("transform"), s.shape(), three, a);
            if (!error.empty()) c.fail("transform", error);
            return a;
        };
    };
    const std::string grammar =
        " The transform string is CLIJ2's: commands separated by spaces, case-insensitive: center, "
        "-center, scale=f, scaleX=f, scaleY=f, rotate=deg (about z), translateX=px, translateY=px, "
        "shearXY=s";
    const std::string meaning =
        ". As in CLIJ2 the commands build the matrix that maps destination positions to source "
        "positions, multiplied left to right: scale=f contributes a scaling by 1/f and rotate=a a "
        "rotation by -a degrees (so that they act as zoom and rotation of the content), translateX=t "
        "adds t to the source position (the content moves by -t), center translates by minus half the "
        "source size (rounded down, Java's long division) and -center by plus half; CLIJ2's documentation "
        "therefore writes a rotation about the image centre as \"-center rotate=45 center\". shearAB=s adds "
        "s times the B coordinate to the A coordinate. Errors (deliberate difference: CLIJ2 prints "
        "\"Unknown transform\" and goes on, or throws): an empty transform, an unknown command, a missing or non-numeric "
        "value, a scale of 0; the message names the argument `transform`. Same shape and pixel type as "
        "source.";
    t.push_back({"affineTransform2D", "source", transform_param, parse(false), linear, {},
                 "Applies an affine transform to a 2D image; a stack is transformed plane by plane with the "
                 "same matrix (CLIJ2's 2D kernel is not meant for stacks)." + grammar + meaning + kLinearDoc +
                     " Source: CLIJ2 AffineTransform2D (affine_transform_2d_interpolate kernel).",
                 "", {}});
    t.push_back({"affineTransform3D", "source", transform_param, parse(true), linear, {},
                 "Applies an affine transform to a 3D image." + grammar +
                     ", and in 3D also scaleZ=f, rotateX=deg, rotateY=deg, rotateZ=deg, translateZ=px, "
                     "shearXZ, shearYX, shearYZ, shearZX, shearZY" + meaning +
                     " A single-plane image is transformed as affineTransform2D does (CLIJ2's "
                     "deprecated affineTransform, an alias here, sends 2D images there); the 3D-only "
                     "commands are then refused." + kLinearDoc +
                     " Source: CLIJ2 AffineTransform3D (affine_transform_3d_interpolate kernel).",
                 "", {"affineTransform"}});
    t.push_back({"rotate3D", "source",
                 [](OpBuilder& b) {
                     b.number("angle_x_in_degrees", "0", "rotation about the x axis, degrees", -1e9, 1e9)
                         .number("angle_y_in_degrees", "0", "rotation about the y axis, degrees", -1e9, 1e9)
                         .number("angle_z_in_degrees", "45", "rotation about the z axis, degrees", -1e9, 1e9)
                         .boolean("rotateAroundCenter", "true", "rotate about the centre (size / 2 rounded down), else about voxel 0,0,0");
                 },
                 [](const OpCall& c, const Image& s) {
                     Affine r = Affine::rotation(2, clij2_negated_radians(c.number("angle_z_in_degrees"))) *
                                Affine::rotation(1, clij2_negated_radians(c.number("angle_y_in_degrees"))) *
                                Affine::rotation(0, clij2_negated_radians(c.number("angle_x_in_degrees")));
                     return c.boolean("rotateAroundCenter") ? centred(s, r, true) : r;
                 },
                 linear, {},
                 "Rotates a stack about the x, then y, then z axis (as CLIJ2: the target-to-source matrix "
                 "is Rz(-az) Ry(-ay) Rx(-ax), around (width / 2, height / 2, depth / 2) rounded down when "
                 "rotateAroundCenter). Same shape and pixel type as source." + std::string(kLinearDoc) +
                     " Source: CLIJ2 Rotate3D.",
                 "", {}});
    t.push_back({"rigidTransform", "input",
                 [](OpBuilder& b) {
                     b.number("translation_x", "0", "pixels (CLIJ2: the content moves by -translation_x)", -1e9, 1e9)
                         .number("translation_y", "0", "pixels", -1e9, 1e9)
                         .number("translation_z", "0", "pixels (ignored for a single plane)", -1e9, 1e9)
                         .number("rotation_angle_x", "0", "degrees (ignored for a single plane)", -1e9, 1e9)
                         .number("rotation_angle_y", "0", "degrees (ignored for a single plane)", -1e9, 1e9)
                         .number("rotation_angle_z", "0", "degrees", -1e9, 1e9);
                 },
                 [](const OpCall& c, const Image& s) {
                     const bool three = !flat(s);
                     std::string text = "-center translateX=" + fmt(fnum(c, "translation_x")) +
                                        " translateY=" + fmt(fnum(c, "translation_y"));
                     if (three)
                         text += " translateZ=" + fmt(fnum(c, "translation_z")) + " rotateX=" + fmt(fnum(c, "rotation_angle_x")) +
                                 " rotateY=" + fmt(fnum(c, "rotation_angle_y")) + " rotateZ=" + fmt(fnum(c, "rotation_angle_z"));
                     else
                         text += " rotate=" + fmt(fnum(c, "rotation_angle_z"));
                     text += " center";
                     Affine a;
                     const std::string error = parse_affine_transform(text, s.shape(), three, a);
                     if (!error.empty()) c.fail("translation_x", error);
                     return a;
                 },
                 linear, {},
                 "A rotation about the image centre plus a translation, as CLIJ2 builds it: the "
                 "affineTransform3D string \"-center translateX=tx translateY=ty translateZ=tz rotateX=ax "
                 "rotateY=ay rotateZ=az center\" (a single plane: affineTransform2D's \"-center translateX=tx "
                 "translateY=ty rotate=az center\"), i.e. source = c + t + Rx(-ax) Ry(-ay) Rz(-az) (destination "
                 "- c) with c = size / 2 rounded down. Same shape and pixel type as input." +
                     std::string(kLinearDoc) + " Source: CLIJ2 RigidTransform.",
                 "", {}});
    t.push_back({"scale2D", "source",
                 [](OpBuilder& b) {
                     b.number("scaling_factor_x", "2", "zoom along x (not 0)", -1e6, 1e6)
                         .number("scaling_factor_y", "2", "zoom along y (not 0)", -1e6, 1e6)
                         .boolean("scale_to_center", "true", "zoom about the centre (size / 2 rounded down), else about pixel 0,0");
                 },
                 [](const OpCall& c, const Image& s) {
                     const double fx = fnum(c, "scaling_factor_x"), fy = fnum(c, "scaling_factor_y");
                     if (fx == 0) c.fail("scaling_factor_x", "must not be 0");
                     if (fy == 0) c.fail("scaling_factor_y", "must not be 0");
                     const Affine m = Affine::scaling(1.0 / fx, 1.0 / fy, 1);
                     return c.boolean("scale_to_center") ? centred(s, m, false) : m;
                 },
                 linear, {},
                 "Zooms every plane by scaling_factor_x, scaling_factor_y into an image of the source's "
                 "shape (what leaves it is cut off; a zoom below 1 leaves a 0 border): source position = "
                 "destination / factor, about the centre when scale_to_center." + std::string(kLinearDoc) +
                     " Source: CLIJ2 Scale2D (the 1 / factor matrix of CLIJ2's Scale3D; the Scale2D source we "
                     "could read predates its separate x and y factors).",
                 "", {}});
    t.push_back({"scale3D", "source",
                 [](OpBuilder& b) {
                     b.number("scaling_factor_x", "2", "zoom along x (not 0)", -1e6, 1e6)
                         .number("scaling_factor_y", "2", "zoom along y (not 0)", -1e6, 1e6)
                         .number("scaling_factor_z", "2", "zoom along z (not 0; ignored for a single plane)", -1e6, 1e6)
                         .boolean("scale_to_center", "true", "zoom about the centre (size / 2 rounded down), else about voxel 0,0,0");
                 },
                 [](const OpCall& c, const Image& s) {
                     const double fx = fnum(c, "scaling_factor_x"), fy = fnum(c, "scaling_factor_y");
                     const double fz = flat(s) ? 1.0 : fnum(c, "scaling_factor_z");
                     if (fx == 0) c.fail("scaling_factor_x", "must not be 0");
                     if (fy == 0) c.fail("scaling_factor_y", "must not be 0");
                     if (fz == 0) c.fail("scaling_factor_z", "must not be 0");
                     const Affine m = Affine::scaling(1.0 / fx, 1.0 / fy, 1.0 / fz);
                     return c.boolean("scale_to_center") ? centred(s, m, !flat(s)) : m;
                 },
                 linear, {},
                 "Zooms a stack by the three factors into an image of the source's shape: source position "
                 "= destination / factor, about the centre when scale_to_center. A single plane is zoomed "
                 "in x and y only (CLIJ2's deprecated scale, an alias here, sends 2D images to scale2D)." +
                     std::string(kLinearDoc) + " Source: CLIJ2 Scale3D.",
                 "Image source, ByRef Image destination, Number scaling_factor_x, Number scaling_factor_y, "
                 "Number scaling_factor_z,  Boolean scale_to_center",
                 {"scale"}});
    t.push_back({"translate2D", "source",
                 [](OpBuilder& b) {
                     b.number("translateX", "0", "pixels; as in CLIJ2 the content moves by -translateX", -1e9, 1e9)
                         .number("translateY", "0", "pixels; the content moves by -translateY", -1e9, 1e9);
                 },
                 [](const OpCall& c, const Image&) {
                     return Affine::translation(fnum(c, "translateX"), fnum(c, "translateY"), 0);
                 },
                 linear, {},
                 "Shifts every plane: destination (x, y) = source (x + translateX, y + translateY), which "
                 "is what CLIJ2's macro translate2D does (its executeCL negates the values and its "
                 "translate2D negates them again, so the content moves by -translateX; pyclesperanto's "
                 "translate moves it by +translate_x). Same shape and pixel type as source." +
                     std::string(kLinearDoc) + " Source: CLIJ2 Translate2D.",
                 "", {}});
    t.push_back({"translate3D", "source",
                 [](OpBuilder& b) {
                     b.number("translateX", "0", "pixels; as in CLIJ2 the content moves by -translateX", -1e9, 1e9)
                         .number("translateY", "0", "pixels; the content moves by -translateY", -1e9, 1e9)
                         .number("translateZ", "0", "planes; the content moves by -translateZ", -1e9, 1e9);
                 },
                 [](const OpCall& c, const Image&) {
                     return Affine::translation(fnum(c, "translateX"), fnum(c, "translateY"), fnum(c, "translateZ"));
                 },
                 linear, {},
                 "Shifts a stack: destination (x, y, z) = source (x + translateX, y + translateY, z + "
                 "translateZ), as CLIJ2's macro translate3D does (the content moves by minus the values; "
                 "pyclesperanto's translate moves it by plus them). Same shape and pixel type as source." +
                     std::string(kLinearDoc) + " Source: CLIJ2 Translate3D.",
                 "", {}});
    t.push_back({"resample", "source",
                 [](OpBuilder& b) {
                     b.number("factor_x", "2", "size factor along x (> 0, at most 16)", 0, 16)
                         .number("factor_y", "2", "size factor along y (> 0, at most 16)", 0, 16)
                         .number("factor_z", "2", "size factor along z (> 0, at most 16; ignored for a single plane)", 0, 16)
                         .boolean("linear_interpolation", "false", "interpolate linearly, else take the nearest voxel");
                 },
                 [](const OpCall& c, const Image& s) {
                     const double fz = flat(s) ? 1.0 : fnum(c, "factor_z");
                     return Affine::scaling(1.0 / fnum(c, "factor_x"), 1.0 / fnum(c, "factor_y"), 1.0 / fz);
                 },
                 [](const OpCall& c) { return c.boolean("linear_interpolation") ? Sampling::Linear : Sampling::Nearest; },
                 [](const OpCall& c, const Image& s) {
                     const Shape& in = s.shape();
                     return checked(c, "factor_x", Shape{scaled_size(c, "factor_x", in.width, fnum(c, "factor_x")),
                                  scaled_size(c, "factor_y", in.height, fnum(c, "factor_y")),
                                  flat(s) ? 1 : scaled_size(c, "factor_z", in.depth, fnum(c, "factor_z"))});
                 },
                 "Resamples to a new size: (long)(width * factor_x) x (long)(height * factor_y) x "
                 "(long)(depth * factor_z) (a single plane keeps depth 1), source position = destination "
                 "/ factor. Nearest neighbour (CLIJ2's buffer kernel: the voxel containing the position) "
                 "or, with linear_interpolation, linear interpolation as described below. Matches "
                 "pyclesperanto's resample; the CLIJ2 Java source we read passes the factors themselves "
                 "(not their inverses) as target-to-source matrix, which would sample outside the source "
                 "for factors above 1, so ijcl follows the documented meaning (\"resamples with given size "
                 "factors\"). Factors above 16 are refused (an ijcl limit that keeps results of a few "
                 "pixels' input reasonable; CLIJ2 has none)." + std::string(kLinearDoc) + " Source: CLIJ2 Resample.",
                 "", {}});
    t.push_back({"makeIsotropic", "input",
                 [](OpBuilder& b) {
                     b.number("original_voxel_size_x", "1", "voxel width, any unit (> 0)", 1e-9, 1e9)
                         .number("original_voxel_size_y", "1", "voxel height, same unit (> 0)", 1e-9, 1e9)
                         .number("original_voxel_size_z", "1", "voxel depth, same unit (> 0)", 1e-9, 1e9)
                         .number("new_voxel_size", "1", "the isotropic voxel size of the result, same unit (> 0)", 1e-9, 1e9);
                 },
                 [](const OpCall& c, const Image& s) {
                     const float n = fnum(c, "new_voxel_size");
                     const float sx = fnum(c, "original_voxel_size_x") / n, sy = fnum(c, "original_voxel_size_y") / n;
                     const float sz = flat(s) ? 1.0f : fnum(c, "original_voxel_size_z") / n;
                     return Affine::scaling(1.0 / sx, 1.0 / sy, 1.0 / sz);
                 },
                 linear,
                 [](const OpCall& c, const Image& s) {
                     const float n = fnum(c, "new_voxel_size");
                     const Shape& in = s.shape();
                     return checked(c, "new_voxel_size", Shape{scaled_size(c, "original_voxel_size_x", in.width, fnum(c, "original_voxel_size_x") / n),
                                  scaled_size(c, "original_voxel_size_y", in.height, fnum(c, "original_voxel_size_y") / n),
                                  flat(s) ? 1 : scaled_size(c, "original_voxel_size_z", in.depth, fnum(c, "original_voxel_size_z") / n)});
                 },
                 "Rescales a stack to cubic voxels of new_voxel_size: with s = original_voxel_size / "
                 "new_voxel_size per axis (in float), the result is (long)(width * sx) x (long)(height * "
                 "sy) x (long)(depth * sz) and source position = destination / s. A single plane keeps "
                 "depth 1 (CLIJ2 would scale its depth of 1 too)." + std::string(kLinearDoc) +
                     " Source: CLIJ2 MakeIsotropic.",
                 "", {}});
    return t;
}

void register_matrix_ops(Registry& r) {
    static const std::vector<MatrixOp> rows = matrix_ops();
    for (const MatrixOp& row : rows) {
        const MatrixOp* p = &row;
        OpBuilder b = r.add(row.name, "Transform");
        b.doc(row.doc);
        b.input(row.input, "image or stack, any pixel type");
        b.output("destination", "the transformed image", [p](const OpCall& c) {
            const Image& s = c.input(p->input);
            p->matrix(c, s);  // validates the arguments before anything is written
            const Shape shape = p->shape ? p->shape(c, s) : s.shape();
            return OutputDesc{shape, s.type(), kind_after(s, p->sampling(c))};
        });
        row.params(b);
        if (!row.clij2.empty()) b.clij2(row.clij2);
        for (const char* alias : row.aliases) b.clij2_alias(alias);
        b.run([p](OpCall& c) {
            const Image& s = c.input(p->input);
            run_warp(c, s, c.output("destination"), p->matrix(c, s), p->sampling(c));
        });
    }
}

// The vector images must have the source's shape (CLIJ2 reads them at the destination voxel,
// clamped to their edge; a different shape there is almost surely a mistake).
void require_field(const OpCall& c, const char* name) {
    const Shape& s = c.input("source").shape();
    const Shape& v = c.input(name).shape();
    if (s != v) c.fail(name, "its shape " + v.to_string() + " differs from the source's (" + s.to_string() + ")");
}

const char* kFieldDoc =
    " The destination has the source's shape and pixel type; the vector images (any pixel type, "
    "float recommended) must have the source's shape. The source position (x + 0.5 + vector_x, ...) "
    "outside the source gives 0; inside, the value is interpolated linearly as CLIJ2 does with image "
    "support (its apply_vectorfield_*_interpolate kernels): the voxels around the position weighted "
    "by distance, voxels outside counting 0; exact float weights where GPU samplers use 8-bit "
    "fractions. Integer results are rounded half up (CLIJ2 truncates).";

void register_field_ops(Registry& r) {
    r.add("applyVectorField2D", "Transform")
        .doc(std::string("Deforms an image: destination (x, y) = source (x + vector_x(x, y), y + vector_y(x, "
                         "y)), in pixels; a stack plane by plane with the vectors of the same plane.") +
             kFieldDoc + " Source: CLIJ2 ApplyVectorField2D.")
        .input("source", "image or stack, any pixel type")
        .input("vector_x", "shift along x per pixel, pixels")
        .input("vector_y", "shift along y per pixel, pixels")
        .output("destination", "the deformed image",
                [](const OpCall& c) {
                    require_field(c, "vector_x");
                    require_field(c, "vector_y");
                    const Image& s = c.input("source");
                    return OutputDesc{s.shape(), s.type(), kind_after(s, Sampling::Linear)};
                })
        .run([](OpCall& c) {
            run_warp(c, c.input("source"), c.output("destination"), Affine{}, Sampling::Linear, 2,
                     &c.input("vector_x"), &c.input("vector_y"));
        });
    r.add("applyVectorField3D", "Transform")
        .doc(std::string("Deforms a stack: destination (x, y, z) = source (x + vectorX, y + vectorY, z + "
                         "vectorZ), the vectors taken at (x, y, z), in pixels.") +
             kFieldDoc + " Source: CLIJ2 ApplyVectorField3D.")
        .input("source", "stack, any pixel type")
        .input("vectorX", "shift along x per voxel, pixels")
        .input("vectorY", "shift along y per voxel, pixels")
        .input("vectorZ", "shift along z per voxel, planes")
        .output("destination", "the deformed stack",
                [](const OpCall& c) {
                    require_field(c, "vectorX");
                    require_field(c, "vectorY");
                    require_field(c, "vectorZ");
                    const Image& s = c.input("source");
                    return OutputDesc{s.shape(), s.type(), kind_after(s, Sampling::Linear)};
                })
        .run([](OpCall& c) {
            run_warp(c, c.input("source"), c.output("destination"), Affine{}, Sampling::Linear, 3,
                     &c.input("vectorX"), &c.input("vectorY"), &c.input("vectorZ"));
        });
}

void downsample(OpCall& c, bool three_d) {
    const Image& s = c.input("source");
    Image& d = c.output("destination");
    const float fz = three_d ? 1.0f / fnum(c, "factorZ") : 1.0f;
    c.kernel("geometry.cl", "downsample", {{"SRC", &s}, {"DST", &d}})
        .image(s).image(d).shape(s).shape(d)
        .f32(1.0f / fnum(c, "factorX")).f32(1.0f / fnum(c, "factorY")).f32(fz)
        .run(range_of(d));
}

void register_downsample_ops(Registry& r) {
    const std::string nearest =
        " Nearest neighbour, as CLIJ2's downsample kernels: destination voxel i takes source voxel "
        "(int)(i * (1 / factor)) with 1 / factor in float, clamped to the last voxel; values, pixel "
        "type and kind (binary, label) are kept. ImageJ's nearest equivalent is Image > Scale with "
        "interpolation none (it samples at other positions). Errors: a factor that makes a size below "
        "1 pixel; a factor above 16 (an ijcl limit; CLIJ2 has none).";
    r.add("downsample2D", "Transform")
        .doc("Shrinks (or enlarges) every plane to (long)(width * factorX) x (long)(height * factorY) "
             "(Java's float product, truncated)." + nearest + " Source: CLIJ2 Downsample2D.")
        .input("source", "image or stack, any pixel type")
        .output("destination", "the resampled image",
                [](const OpCall& c) {
                    const Image& s = c.input("source");
                    return OutputDesc{checked(c, "factorX", {scaled_size(c, "factorX", s.shape().width, fnum(c, "factorX")),
                                       scaled_size(c, "factorY", s.shape().height, fnum(c, "factorY")), s.shape().depth}),
                                      s.type(), s.kind()};
                })
        .number("factorX", "0.5", "size factor along x (> 0, at most 16)", 0, 16)
        .number("factorY", "0.5", "size factor along y (> 0, at most 16)", 0, 16)
        .run([](OpCall& c) { downsample(c, false); });
    r.add("downsample3D", "Transform")
        .doc("Shrinks (or enlarges) a stack to (long)(width * factorX) x (long)(height * factorY) x "
             "(long)(depth * factorZ)." + nearest + " Source: CLIJ2 Downsample3D.")
        .input("source", "stack, any pixel type")
        .output("destination", "the resampled stack",
                [](const OpCall& c) {
                    const Image& s = c.input("source");
                    return OutputDesc{checked(c, "factorX", {scaled_size(c, "factorX", s.shape().width, fnum(c, "factorX")),
                                       scaled_size(c, "factorY", s.shape().height, fnum(c, "factorY")),
                                       scaled_size(c, "factorZ", s.shape().depth, fnum(c, "factorZ"))}),
                                      s.type(), s.kind()};
                })
        .number("factorX", "0.5", "size factor along x (> 0, at most 16)", 0, 16)
        .number("factorY", "0.5", "size factor along y (> 0, at most 16)", 0, 16)
        .number("factorZ", "0.5", "size factor along z (> 0, at most 16)", 0, 16)
        .run([](OpCall& c) { downsample(c, true); });
    r.add("downsampleSliceBySliceHalfMedian", "Transform")
        .doc("Halves width and height (rounded down), keeping the planes: each destination pixel is "
             "the median of the 2 x 2 source block it covers, i.e. the mean of its two middle values "
             "(an odd width or height leaves the last column or row out). Same pixel type; integer "
             "results rounded half up (CLIJ2 truncates); a binary image stays binary, labels become "
             "intensities. Errors: a width or height of 1. Source: CLIJ2 "
             "DownsampleSliceBySliceHalfMedian (after fastfuse's downsampling kernel).")
        .input("source", "image or stack, any pixel type, at least 2 x 2")
        .output("destination", "the half-size image",
                [](const OpCall& c) {
                    const Image& s = c.input("source");
                    if (s.shape().width < 2 || s.shape().height < 2)
                        c.fail("source", "needs at least 2 x 2 pixels, got " + s.shape().to_string());
                    const ImageKind kind = s.kind() == ImageKind::Label ? ImageKind::Intensity : s.kind();
                    return OutputDesc{{s.shape().width / 2, s.shape().height / 2, s.shape().depth}, s.type(), kind};
                })
        .run([](OpCall& c) {
            const Image& s = c.input("source");
            Image& d = c.output("destination");
            c.kernel("geometry.cl", "half_median", {{"SRC", &s}, {"DST", &d}})
                .image(s).image(d).shape(s).shape(d)
                .run(range_of(d));
        });
}

}  // namespace

void register_geometry_ops(Registry& r) {
    register_matrix_ops(r);
    register_field_ops(r);
    register_downsample_ops(r);
}

}  // namespace ijcl
