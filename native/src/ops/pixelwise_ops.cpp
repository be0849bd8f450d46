// Pixel-wise operations as rows of one table: unary, binary, with a scalar, comparisons, logic,
// and the set* operations that write their image in place (Out::InPlace).
// Each row gives the CLIJ2 name and parameters, the OpenCL expression, the output pixel-type rule,
// the ImageJ counterpart and the documentation; register_pixelwise_ops turns every row into a
// registry entry, and kernels/pixelwise.cl compiles the row's expression (PIXEL_EXPR) into the one
// streaming kernel (16 pixels per work item, as kernels/math.cl). Adding an operation = one row.
//
// Numerics (all rows): inputs are read as float (uint8/uint16 exactly; uint32 above 2^24 rounded
// to float, as CLIJ2 reads every pixel as float), the expression is evaluated in float without
// fused multiply-add, and integer outputs are rounded half up and saturated (NaN -> 0), as ImageJ
// stores float results in 8- and 16-bit images. CLIJ2 itself truncates toward zero when it writes
// an integer image (CONVERT_dst_PIXEL_TYPE = convert_<type>_sat): for results with a fraction ijcl
// can be 1 higher than CLIJ2 (documented per operation as "rounded half up").
//
// addImages, subtractImages, addImagesWeighted, addImageAndScalar and binaryAnd/Or/Not are rows too:
// their expressions are bit for bit the float arithmetic of their former kernels (math.cl
// weighted_sum: a * f0 + b * f1 without fused multiply-add, and a * 1 = a exactly; binary.cl's
// non-zero tests), so ImageJ's results (MathImageJTest, BinaryImageJTest) stay exact.
// multiplyImageAndScalar keeps its own kernel in math_ops.cpp: ImageJ forms that product in double.
#include <limits>
#include <string>
#include <vector>

#include "ijcl/errors.hpp"
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "streaming.hpp"

namespace ijcl {
namespace {

// SameAsFirst: a new destination of the first input's shape and type; Binary: a uint8 0/1 one;
// InPlace: no destination, the first input (ParamKind::InPlaceImage) is written in place (CLIJ2's
// set, setRampX, ...: their "Image source" is not ByRef).
enum class Out { SameAsFirst, Binary, InPlace };

struct Number {
    const char* name;
    const char* default_value;
    const char* doc;
    bool integer = false;  // a whole number in [min, max] (checked by the registry)
    double min = -std::numeric_limits<double>::infinity();
    double max = std::numeric_limits<double>::infinity();
};

struct PixelwiseRow {
    const char* name;
    const char* category;              // "Binary" exactly for the rows with binary results
    std::vector<const char*> inputs;   // input image parameter names, CLIJ2's order (1 or 2)
    std::vector<Number> numbers;       // number parameters after the destination (0..2): s0, s1
    const char* expression;            // OpenCL over float16 a, b; float s0, s1; float16 coord
    Out out;
    const char* imagej;                // ImageJ counterpart, "" if none
    const char* doc;                   // what it computes; the common notes are appended
    const char* clij2_source;          // the CLIJ2 class it follows
    const char* clij2_alias = "";      // CLIJ2's deprecated name for the same operation, if any
    bool plane = false;                // the second input is one plane used for every plane of the first
    const char* destination = "destination";  // CLIJ2's name of the output image
    // In-place rows: the pixels the expression's value is written to (a condition over the same
    // variables, OpenCL vector truth: -1), "" = every pixel. The other pixels are not rewritten at
    // all, so uint32 values above 2^24 stay exact.
    const char* where = "";
};

const char* const kRounding =
    " Computed in float per pixel; integer results are rounded half up and saturated (NaN gives 0), "
    "where CLIJ2 truncates toward zero: for results with a fraction ijcl can be 1 higher than CLIJ2.";

// The table. Inputs of any pixel type (uint8, uint16, uint32, float32), 2D or 3D; two-image rows
// need the same shape.
const std::vector<PixelwiseRow>& rows() {
    static const std::vector<PixelwiseRow> table = {
        // --- ImageJ's Image Calculator / Process > Math arithmetic (formerly math_ops.cpp) ---
        {"addImages", "Math", {"summand1", "summand2"}, {}, "a + b", Out::SameAsFirst,
         "Process > Image Calculator... Add (exact for 8/16-bit)", "destination = summand1 + summand2.",
         "net.haesleinhuepf.clij2.plugins.AddImages"},
        {"subtractImages", "Math", {"subtrahend", "minuend"}, {}, "a - b", Out::SameAsFirst,
         "Process > Image Calculator... Subtract, image1 = subtrahend, image2 = minuend (exact for 8/16/32-bit)",
         "destination = subtrahend - minuend. Note the parameter names: as in CLIJ2, the FIRST image is "
         "the one subtracted from (the names are swapped with respect to their mathematical meaning); "
         "negative differences become 0 in 8- and 16-bit images.",
         "net.haesleinhuepf.clij2.plugins.SubtractImages"},
        {"addImagesWeighted", "Math", {"summand1", "summand2"},
         {{"factor1", "1", "weight of summand1"}, {"factor2", "1", "weight of summand2"}}, "a * s0 + b * s1",
         Out::SameAsFirst, "", "destination = factor1 * summand1 + factor2 * summand2 (each product "
         "rounded to float, then the sum, no fused multiply-add).",
         "net.haesleinhuepf.clij2.plugins.AddImagesWeighted"},
        {"addImageAndScalar", "Math", {"source"}, {{"scalar", "1", "value added to every pixel"}}, "a + s0",
         Out::SameAsFirst,
         "Process > Math > Add... (exact for float images and, on 8/16-bit images, for whole scalars; "
         "ImageJ truncates a fractional scalar to an integer first on 8/16-bit images, so e.g. adding "
         "2.5 gives +2 there and +3 (2.5 rounded half up) here)",
         "destination = source + scalar, e.g. an 8-bit 2 + 0.5 gives 3, 250 + 10 gives 255, 3 - 5 gives 0.",
         "net.haesleinhuepf.clij2.plugins.AddImageAndScalar"},
        // --- unary math (result in the pixel type of the source) ---
        {"absolute", "Math", {"source"}, {}, "fabs(a)", Out::SameAsFirst,
         "Process > Math > Abs (exact; a no-op on 8/16-bit images, as here)",
         "destination = |source|.", "net.haesleinhuepf.clij2.plugins.Absolute"},
        {"exponential", "Math", {"source"}, {}, "exp(a)", Out::SameAsFirst,
         "Process > Math > Exp on 32-bit images (within 1e-5 relative: float exp vs ImageJ's double)",
         "destination = e^source.", "net.haesleinhuepf.clij2.plugins.Exponential"},
        {"logarithm", "Math", {"source"}, {}, "log(a)", Out::SameAsFirst,
         "Process > Math > Log on 32-bit images (within 1e-5 relative: float log vs ImageJ's double); "
         "ImageJ scales the log of 8/16-bit images to their range, CLIJ2 and ijcl do not",
         "destination = natural logarithm of source (log(0) = -infinity: 0 in integer images; "
         "negative values give NaN: 0 in integer images).",
         "net.haesleinhuepf.clij2.plugins.Logarithm"},
        {"sinus", "Math", {"source"}, {}, "sin(a)", Out::SameAsFirst, "",
         "destination = sin(source), source in radians (integer images hold only 0 and 1 after rounding).",
         "net.haesleinhuepf.clij2.plugins.Sinus"},
        {"cosinus", "Math", {"source"}, {}, "cos(a)", Out::SameAsFirst, "",
         "destination = cos(source), source in radians (integer images hold only 0 and 1 after rounding).",
         "net.haesleinhuepf.clij2.plugins.Cosinus"},
        {"invert", "Math", {"source"}, {}, "-a", Out::SameAsFirst, "",
         "destination = -source (CLIJ2's invert negates; it is NOT ImageJ's Edit > Invert). Integer "
         "images therefore become 0 everywhere, as in CLIJ2.",
         "net.haesleinhuepf.clij2.plugins.Invert"},
        {"undefinedToZero", "Math", {"source"}, {}, "select(a, (float16)0, isnan(a) | isinf(a))",
         Out::SameAsFirst, "",
         "destination = source, with NaN and +-infinity replaced by 0 (integer images are copied).",
         "net.haesleinhuepf.clij2.plugins.UndefinedToZero"},
        // --- image and scalar ---
        {"maximumImageAndScalar", "Math", {"source"}, {{"scalar", "0", "lower bound"}}, "fmax(a, s0)",
         Out::SameAsFirst,
         "Process > Math > Min... (ImageJ's 'Min' raises pixels below the value to it; exact for "
         "whole values, ImageJ truncates a fractional value on 8/16-bit images)",
         "destination = max(source, scalar).", "net.haesleinhuepf.clij2.plugins.MaximumImageAndScalar"},
        {"minimumImageAndScalar", "Math", {"source"}, {{"scalar", "0", "upper bound"}}, "fmin(a, s0)",
         Out::SameAsFirst,
         "Process > Math > Max... (ImageJ's 'Max' lowers pixels above the value to it; exact for "
         "whole values, ImageJ truncates a fractional value on 8/16-bit images)",
         "destination = min(source, scalar).", "net.haesleinhuepf.clij2.plugins.MinimumImageAndScalar"},
        {"subtractImageFromScalar", "Math", {"input"}, {{"scalar", "0", "value the pixels are subtracted from"}},
         "s0 - a", Out::SameAsFirst, "", "destination = scalar - input.",
         "net.haesleinhuepf.clij2.plugins.SubtractImageFromScalar"},
        {"divideScalarByImage", "Math", {"image"}, {{"scalar", "1", "dividend"}}, "s0 / a", Out::SameAsFirst,
         "", "destination = scalar / image (division by 0 gives +-infinity, or NaN for 0 / 0; in "
         "integer images the maximum or 0).",
         "net.haesleinhuepf.clij2.plugins.DivideScalarByImage"},
        {"power", "Math", {"source"}, {{"exponent", "1", "the power"}}, "pow(a, (float16)(s0))",
         Out::SameAsFirst, "",
         "destination = source ^ exponent (OpenCL pow: a negative base with a fractional exponent "
         "gives NaN, 0 in integer images).",
         "net.haesleinhuepf.clij2.plugins.Power"},
        {"multiplyImageAndCoordinate", "Math", {"source"}, {{"dimension", "0", "0 = x, 1 = y, 2 = z", true, 0, 2}},
         "a * coord", Out::SameAsFirst, "",
         "destination = source * the pixel's coordinate along dimension (0 = x, 1 = y, 2 = z, in "
         "pixels from 0). Other dimensions are refused (CLIJ2 multiplies by get_global_id(dimension), "
         "which is 0 for a dimension above 2, giving a black image).",
         "net.haesleinhuepf.clij2.plugins.MultiplyImageAndCoordinate"},
        // --- two images (result in the pixel type of the first) ---
        {"absoluteDifference", "Math", {"source1", "source2"}, {}, "fabs(a - b)", Out::SameAsFirst,
         "Process > Image Calculator... Difference (exact for 8/16/32-bit)",
         "destination = |source1 - source2|.", "net.haesleinhuepf.clij2.plugins.AbsoluteDifference"},
        {"squaredDifference", "Math", {"source1", "source2"}, {}, "pow(a - b, (float16)2.0f)", Out::SameAsFirst, "",
         "destination = (source1 - source2)^2, squared with OpenCL's pow as CLIJ2 does (it subtracts, "
         "then runs its power kernel with exponent 2): on float images pow may differ from the "
         "correctly rounded product (a - b) * (a - b) by a few ulps, as CLIJ2's result does.", "net.haesleinhuepf.clij2.plugins.SquaredDifference"},
        {"multiplyImages", "Math", {"factor1", "factor2"}, {}, "a * b", Out::SameAsFirst,
         "Process > Image Calculator... Multiply (exact for 8/16/32-bit)",
         "destination = factor1 * factor2.", "net.haesleinhuepf.clij2.plugins.MultiplyImages"},
        {"divideImages", "Math", {"divident", "divisor"}, {}, "a / b", Out::SameAsFirst,
         "Process > Image Calculator... Divide on 32-bit images (exact where the divisor is not 0; "
         "ImageJ gives its 'divide by zero value' there); ImageJ divides 8/16-bit images in integers "
         "(truncating), CLIJ2 and ijcl in float",
         "destination = divident / divisor (division by 0 gives +-infinity, or NaN for 0 / 0; in "
         "integer images the maximum or 0).",
         "net.haesleinhuepf.clij2.plugins.DivideImages"},
        {"maximumImages", "Math", {"source1", "source2"}, {}, "fmax(a, b)", Out::SameAsFirst,
         "Process > Image Calculator... Max (exact)", "destination = max(source1, source2).",
         "net.haesleinhuepf.clij2.plugins.MaximumImages"},
        {"minimumImages", "Math", {"source1", "source2"}, {}, "fmin(a, b)", Out::SameAsFirst,
         "Process > Image Calculator... Min (exact)", "destination = min(source1, source2).",
         "net.haesleinhuepf.clij2.plugins.MinimumImages"},
        {"powerImages", "Math", {"input", "exponent"}, {}, "pow(a, b)", Out::SameAsFirst, "",
         "destination = input ^ exponent, pixel by pixel (OpenCL pow).",
         "net.haesleinhuepf.clij2.plugins.PowerImages"},
        {"replacePixelsIfZero", "Math", {"input1", "input2"}, {}, "select(a, b, a == 0.0f)",
         Out::SameAsFirst, "", "destination = input1 where it is not 0, else input2.",
         "net.haesleinhuepf.clij2.plugins.ReplacePixelsIfZero"},
        {"mask", "Math", {"source", "mask"}, {}, "select((float16)0, a, b != 0.0f)", Out::SameAsFirst, "",
         "destination = source where mask is not 0, else 0 (any non-zero mask value counts, so "
         "ImageJ's 0/255 masks work as well as 0/1 ones).",
         "net.haesleinhuepf.clij2.plugins.Mask"},
        // --- comparisons: binary uint8 0/1 results ---
        {"greater", "Binary", {"source1", "source2"}, {}, "a > b", Out::Binary, "",
         "destination = 1 where source1 > source2, else 0.", "net.haesleinhuepf.clij2.plugins.Greater"},
        {"greaterOrEqual", "Binary", {"source1", "source2"}, {}, "a >= b", Out::Binary, "",
         "destination = 1 where source1 >= source2, else 0.", "net.haesleinhuepf.clij2.plugins.GreaterOrEqual"},
        {"smaller", "Binary", {"source1", "source2"}, {}, "a < b", Out::Binary, "",
         "destination = 1 where source1 < source2, else 0.", "net.haesleinhuepf.clij2.plugins.Smaller"},
        {"smallerOrEqual", "Binary", {"source1", "source2"}, {}, "a <= b", Out::Binary, "",
         "destination = 1 where source1 <= source2, else 0.", "net.haesleinhuepf.clij2.plugins.SmallerOrEqual"},
        {"equal", "Binary", {"source1", "source2"}, {}, "a == b", Out::Binary, "",
         "destination = 1 where source1 == source2, else 0.", "net.haesleinhuepf.clij2.plugins.Equal"},
        {"notEqual", "Binary", {"source1", "source2"}, {}, "a != b", Out::Binary, "",
         "destination = 1 where source1 != source2, else 0.", "net.haesleinhuepf.clij2.plugins.NotEqual"},
        {"greaterConstant", "Binary", {"source"}, {{"constant", "0", "compared value"}}, "a > s0", Out::Binary, "",
         "destination = 1 where source > constant, else 0.", "net.haesleinhuepf.clij2.plugins.GreaterConstant"},
        {"greaterOrEqualConstant", "Binary", {"source"}, {{"constant", "0", "compared value"}}, "a >= s0",
         Out::Binary, "", "destination = 1 where source >= constant, else 0.",
         "net.haesleinhuepf.clij2.plugins.GreaterOrEqualConstant"},
        {"smallerConstant", "Binary", {"source"}, {{"constant", "0", "compared value"}}, "a < s0", Out::Binary, "",
         "destination = 1 where source < constant, else 0.", "net.haesleinhuepf.clij2.plugins.SmallerConstant"},
        {"smallerOrEqualConstant", "Binary", {"source"}, {{"constant", "0", "compared value"}}, "a <= s0",
         Out::Binary, "", "destination = 1 where source <= constant, else 0.",
         "net.haesleinhuepf.clij2.plugins.SmallerOrEqualConstant"},
        {"equalConstant", "Binary", {"source"}, {{"constant", "0", "compared value"}}, "a == s0", Out::Binary, "",
         "destination = 1 where source == constant, else 0.", "net.haesleinhuepf.clij2.plugins.EqualConstant"},
        {"notEqualConstant", "Binary", {"source"}, {{"constant", "0", "compared value"}}, "a != s0", Out::Binary,
         "", "destination = 1 where source != constant, else 0.",
         "net.haesleinhuepf.clij2.plugins.NotEqualConstant"},
        {"withinIntensityRange", "Binary", {"input"},
         {{"above_intensity", "0", "lower bound (excluded)"}, {"below_intensity", "255", "upper bound (excluded)"}},
         "(a > s0) & (a < s1)", Out::Binary, "",
         "destination = 1 where above_intensity < input < below_intensity (both bounds excluded), else 0.",
         "net.haesleinhuepf.clij2.plugins.WithinIntensityRange"},
        // --- logic on masks (non-zero = true): binary uint8 0/1 results ---
        {"binaryAnd", "Binary", {"operand1", "operand2"}, {}, "(a != 0.0f) & (b != 0.0f)", Out::Binary,
         "Process > Image Calculator... AND on two 0/255 masks (exact)",
         "destination = 1 where both operand1 and operand2 are non-zero, else 0.",
         "net.haesleinhuepf.clij2.plugins.BinaryAnd", "binaryIntersection"},
        {"binaryOr", "Binary", {"operand1", "operand2"}, {}, "(a != 0.0f) | (b != 0.0f)", Out::Binary,
         "Process > Image Calculator... OR on two 0/255 masks (exact)",
         "destination = 1 where at least one of operand1, operand2 is non-zero, else 0.",
         "net.haesleinhuepf.clij2.plugins.BinaryOr", "binaryUnion"},
        {"binaryNot", "Binary", {"source"}, {}, "a == 0.0f", Out::Binary, "Edit > Invert on a 0/255 mask (exact)",
         "destination = 1 where source is 0, else 0.", "net.haesleinhuepf.clij2.plugins.BinaryNot"},
        {"binaryXOr", "Binary", {"operand1", "operand2"}, {}, "(a != 0.0f) ^ (b != 0.0f)", Out::Binary,
         "Process > Image Calculator... XOR on two 0/255 masks (exact)",
         "destination = 1 where exactly one of operand1, operand2 is non-zero, else 0.",
         "net.haesleinhuepf.clij2.plugins.BinaryXOr"},
        {"binarySubtract", "Binary", {"minuend", "subtrahend"}, {}, "(a != 0.0f) & (b == 0.0f)", Out::Binary,
         "", "destination = 1 where minuend is non-zero and subtrahend is 0, else 0. (CLIJ2 writes "
         "minuend's value there, which is 1 for its binary inputs; ijcl always writes 1.)",
         "net.haesleinhuepf.clij2.plugins.BinarySubtract"},
        // --- written in place (CLIJ2's "Image source" without ByRef); x, y, z in pixels from 0 ---
        {"set", "Math", {"source"}, {{"value", "0", "the value every pixel gets"}}, "(float16)(s0)", Out::InPlace,
         "", "Every pixel of source becomes value.", "net.haesleinhuepf.clij2.plugins.Set"},
        {"setColumn", "Math", {"source"},
         {{"column_index", "0", "x of the column (pixels from 0; a fraction is truncated toward 0 as CLIJ2's "
                                "asInteger does; a column outside the image changes nothing)"},
          {"value", "0", "the value the column's pixels get"}},
         "(float16)(s1)", Out::InPlace, "",
         "Every pixel of column x = column_index (in every row and plane) becomes value. A column "
         "outside the image changes nothing (CLIJ2 writes outside its buffer there).",
         "net.haesleinhuepf.clij2.plugins.SetColumn", "", false, "destination", "cx == (float16)(trunc(s0))"},
        {"setRow", "Math", {"source"},
         {{"row_index", "0", "y of the row (pixels from 0; a fraction is truncated toward 0 as CLIJ2's "
                             "asInteger does; a row outside the image changes nothing)"},
          {"value", "0", "the value the row's pixels get"}},
         "(float16)(s1)", Out::InPlace, "",
         "Every pixel of row y = row_index (in every plane) becomes value. A row outside the image "
         "changes nothing (CLIJ2 writes outside its buffer there).",
         "net.haesleinhuepf.clij2.plugins.SetRow", "", false, "destination", "cy == (float16)(trunc(s0))"},
        {"setPlane", "Math", {"source"},
         {{"plane_index", "0", "z of the plane (pixels from 0; a fraction is truncated toward 0 as CLIJ2's "
                               "asInteger does; a plane outside the image changes nothing)"},
          {"value", "0", "the value the plane's pixels get"}},
         "(float16)(s1)", Out::InPlace, "",
         "Every pixel of plane z = plane_index becomes value; a 2D image is the single plane 0. A "
         "plane outside the image changes nothing (CLIJ2 writes outside its buffer there, and its 2D "
         "kernel writes the whole image whatever the index).",
         "net.haesleinhuepf.clij2.plugins.SetPlane", "", false, "destination", "cz == (float16)(trunc(s0))"},
        {"setRampX", "Math", {"source"}, {}, "cx", Out::InPlace, "",
         "Every pixel becomes its x coordinate (0 at the left; uint8 saturates at 255).",
         "net.haesleinhuepf.clij2.plugins.SetRampX"},
        {"setRampY", "Math", {"source"}, {}, "cy", Out::InPlace, "",
         "Every pixel becomes its y coordinate (0 at the top; uint8 saturates at 255).",
         "net.haesleinhuepf.clij2.plugins.SetRampY"},
        {"setRampZ", "Math", {"source"}, {}, "cz", Out::InPlace, "",
         "Every pixel becomes its z coordinate (0 in the first plane).",
         "net.haesleinhuepf.clij2.plugins.SetRampZ"},
        {"setImageBorders", "Math", {"destination"}, {{"value", "0", "the value the border pixels get"}},
         "(float16)(s0)", Out::InPlace, "",
         "The outermost pixels become value: the first and last column and row of every plane and, "
         "when the image has more than one plane, every pixel of the first and last plane (CLIJ2's 2D "
         "and 3D kernels). The image is CLIJ2's plain 'Image destination', written in place.",
         "net.haesleinhuepf.clij2.plugins.SetImageBorders", "", false, "destination", "border"},
        {"setWhereXequalsY", "Math", {"source"}, {{"value", "0", "the value the diagonal's pixels get"}},
         "(float16)(s0)", Out::InPlace, "",
         "Pixels with x = y (in every plane) become value; the others are unchanged.",
         "net.haesleinhuepf.clij2.plugins.SetWhereXequalsY", "", false, "destination", "cx == cy"},
        {"setWhereXgreaterThanY", "Math", {"source"}, {{"value", "0", "the value those pixels get"}},
         "(float16)(s0)", Out::InPlace, "",
         "Pixels with x > y (in every plane) become value; the others are unchanged.",
         "net.haesleinhuepf.clij2.plugins.SetWhereXgreaterThanY", "", false, "destination", "cx > cy"},
        {"setWhereXsmallerThanY", "Math", {"source"}, {{"value", "0", "the value those pixels get"}},
         "(float16)(s0)", Out::InPlace, "",
         "Pixels with x < y (in every plane) become value; the others are unchanged.",
         "net.haesleinhuepf.clij2.plugins.SetWhereXsmallerThanY", "", false, "destination", "cx < cy"},
        // --- replacing, comparing with a tolerance, thresholding with an image ---
        {"replaceIntensity", "Filter", {"input"},
         {{"value_to_replace", "0", "the pixel value to replace (compared exactly, in float)"},
          {"value_replacement", "0", "the value those pixels get"}},
         "select(a, (float16)(s1), a == s0)", Out::SameAsFirst, "",
         "destination = value_replacement where input == value_to_replace, else input.",
         "net.haesleinhuepf.clij2.plugins.ReplaceIntensity"},
        {"different", "Binary", {"input_image1", "input_image2"},
         {{"tolerance", "10", "largest absolute difference still counted as similar"}}, "fabs(a - b) > s0", Out::Binary,
         "", "binary_destination = 1 where |input_image1 - input_image2| > tolerance, else 0. (CLIJ2 "
         "stores the difference in input_image1's pixel type first, saturated: it can differ only when "
         "input_image2 holds values beyond that type's range and tolerance is not below the type's "
         "maximum. CLIJ2 files the operation under Math.)",
         "net.haesleinhuepf.clij2.plugins.Different", "", false, "binary_destination"},
        {"similar", "Binary", {"input_image1", "input_image2"},
         {{"tolerance", "10", "largest absolute difference counted as similar"}}, "fabs(a - b) <= s0", Out::Binary,
         "", "binary_destination = 1 where |input_image1 - input_image2| <= tolerance, else 0. (CLIJ2 "
         "stores the difference in input_image1's pixel type first, saturated: it can differ only when "
         "input_image2 holds values beyond that type's range and tolerance is not below the type's "
         "maximum. CLIJ2 files the operation under Math.)",
         "net.haesleinhuepf.clij2.plugins.Similar", "", false, "binary_destination"},
        {"localThreshold", "Binary", {"source", "localThreshold"}, {}, "a >= b", Out::Binary, "",
         "destination = 1 where source >= localThreshold (pixel by pixel), else 0: CLIJ2's Java "
         "(LocalThreshold.localThreshold calls greaterOrEqual) and its description ('above or equal') "
         "both include equality.",
         "net.haesleinhuepf.clij2.plugins.LocalThreshold"},
        {"maskStackWithPlane", "Math", {"source", "mask"}, {}, "select((float16)0, a, b != 0.0f)", Out::SameAsFirst,
         "", "destination = source where the mask plane is not 0 at (x, y), else 0, in every plane of "
         "source (any non-zero mask value counts).",
         "net.haesleinhuepf.clij2.plugins.MaskStackWithPlane", "", true},
        {"multiplyStackWithPlane", "Math", {"sourceStack", "sourcePlane"}, {}, "a * b", Out::SameAsFirst, "",
         "destination = sourceStack * sourcePlane(x, y), in every plane of sourceStack.",
         "net.haesleinhuepf.clij2.plugins.MultiplyStackWithPlane", "", true},
    };
    return table;
}

std::string full_doc(const PixelwiseRow& row) {
    std::string d = row.doc;
    if (row.plane)
        d += std::string(" Pixel by pixel; ") + row.inputs[0] + " is 2D or 3D, " + row.inputs[1] +
             " one plane (depth 1) of the same width and height (else refused), any pixel types.";
    else
        d += row.inputs.size() == 2 ? " Pixel by pixel; both images must have the same shape (2D or 3D), any pixel types."
                                    : " Pixel by pixel; 2D or 3D, any pixel type.";
    if (row.out == Out::InPlace)
        d += std::string(" Writes ") + row.inputs[0] +
             " in place: CLIJ2 declares it as a plain (not ByRef) image, which must exist; a refused call "
             "leaves it unchanged. Values are stored in its pixel type" +
             std::string(*row.where ? "; the pixels not set keep their stored value bit for bit (uint32 above "
                                      "2^24 included)." : ".") + kRounding;
    else if (row.out == Out::Binary)
        d += " The result is a uint8 binary image (0/1); computed in float (uint32 values above 2^24 "
             "are rounded to float first, as CLIJ2 reads every pixel as float).";
    else
        d += std::string(" The result has the shape and pixel type of ") + row.inputs[0] + "." + kRounding;
    d += std::string(" Follows CLIJ2's ") + row.clij2_source + ".";
    return d;
}

void register_row(Registry& r, const PixelwiseRow& row) {
    const std::string first = row.inputs[0];
    const std::string second = row.inputs.size() > 1 ? row.inputs[1] : "";
    const std::string expression = row.expression;
    const std::string where = row.where;
    if (!where.empty() && row.out != Out::InPlace)
        throw Error(std::string("pixel-wise table: ") + row.name + ": only in-place rows have a 'where' condition");
    const bool coordinate = expression.find("coord") != std::string::npos;
    const std::string both = expression + " " + where;
    const bool xyz = both.find("cx") != std::string::npos || both.find("cy") != std::string::npos ||
                     both.find("cz") != std::string::npos || both.find("border") != std::string::npos;
    const bool plane = row.plane;
    OutputRule rule = [first, second, coordinate, plane, out = row.out](const OpCall& c) {
        if (plane) {
            const Shape& sa = c.input(first).shape();
            const Shape& sb = c.input(second).shape();
            if (sb.width != sa.width || sb.height != sa.height || sb.depth != 1)
                c.fail(second, "must be one plane of " + std::to_string(sa.width) + " x " + std::to_string(sa.height) +
                                   " pixels (the width and height of '" + first + "', depth 1), got " + sb.to_string());
        } else if (!second.empty()) {
            require_same_shape(c, first, second);
        }
        if (coordinate) {
            const double dim = c.number("dimension");
            if (!(dim == 0 || dim == 1 || dim == 2)) c.fail("dimension", "must be 0 (x), 1 (y) or 2 (z)");
        }
        const Image& in = c.input(first);
        return out == Out::Binary ? OutputDesc{in.shape(), PixelType::UInt8, ImageKind::Binary}
                                  : OutputDesc{in.shape(), in.type(), ImageKind::Intensity};
    };
    if ((row.out == Out::Binary) != (std::string(row.category) == "Binary"))
        throw Error(std::string("pixel-wise table: ") + row.name + ": category Binary must go with a binary result");
    if (row.plane && row.inputs.size() != 2)
        throw Error(std::string("pixel-wise table: ") + row.name + ": a plane input needs two inputs");
    if (row.out == Out::InPlace && (row.inputs.size() != 1 || row.plane))
        throw Error(std::string("pixel-wise table: ") + row.name + ": an in-place row has one image");
    auto b = r.add(row.name, row.category);
    b.doc(full_doc(row));
    // Rows that read coordinates learn where their tile lies (OpCall::tile_origin_); a plane shared
    // by every plane would need its own tile box, so those rows are not tiled.
    if (!plane) b.tiles_pixelwise();
    if (*row.imagej) b.imagej(row.imagej);
    if (*row.clij2_alias) b.clij2_alias(row.clij2_alias);
    const std::string destination = row.destination;
    if (row.out == Out::InPlace) {
        b.in_place(first, "existing image, any pixel type, written in place");
    } else {
        b.input(first, row.inputs.size() > 1 ? "first image" : "image, any pixel type");
        if (!second.empty())
            b.input(second, row.plane ? "one plane, the width and height of " + first
                                      : "second image, same shape as " + first);
        b.output(destination, row.out == Out::Binary ? "binary image (0/1)" : "result, pixel type of " + first, rule);
    }
    for (const Number& n : row.numbers) {
        if (n.integer) b.integer(n.name, n.default_value, n.doc, n.min, n.max);
        else b.number(n.name, n.default_value, n.doc, n.min, n.max);
    }
    std::vector<std::string> numbers;
    for (const Number& n : row.numbers) numbers.push_back(n.name);
    b.run([first, second, numbers, coordinate, xyz, plane, destination, where, expr = expression,
           binary = row.out == Out::Binary, in_place = row.out == Out::InPlace](OpCall& c) {
        Image& a = c.input(first);
        Image* other = second.empty() ? nullptr : &c.input(second);
        Image& d = in_place ? a : c.output(destination);
        std::vector<std::pair<std::string, const Image*>> typed = {{"SRC0", &a}, {"DST", &d}};
        if (other) typed.push_back({"SRC1", other});
        Defines defines = {{"PIXEL_EXPR", expr}, {"OUT_BINARY", binary ? "1" : "0"}};
        if (coordinate) defines.push_back({"COORD_DIM", std::to_string(static_cast<int>(c.number("dimension")))});
        if (xyz) defines.push_back({"COORD_XYZ", "1"});
        if (plane) defines.push_back({"SRC1_PLANE", "1"});
        if (in_place) defines.push_back({"IN_PLACE", "1"});
        if (!where.empty()) defines.push_back({"PIXEL_WHERE", where});
        auto launch = c.kernel("pixelwise.cl", "pixelwise", typed, defines);
        launch.image(a);
        if (other) launch.image(*other);
        const float s0 = numbers.size() > 0 ? static_cast<float>(c.number(numbers[0])) : 0.0f;
        const float s1 = numbers.size() > 1 ? static_cast<float>(c.number(numbers[1])) : 0.0f;
        launch.image(d).i64(pixel_count(d)).f32(s0).f32(s1)
            .i64(static_cast<std::int64_t>(d.shape().width)).i64(static_cast<std::int64_t>(d.shape().height));
        if (coordinate || xyz) {
            const Shape whole = c.whole_shape_ ? *c.whole_shape_ : d.shape();
            for (std::uint64_t v : {c.tile_origin_[0], c.tile_origin_[1], c.tile_origin_[2], whole.width, whole.height,
                                    whole.depth})
                launch.i64(static_cast<std::int64_t>(v));
        }
        run_streaming(launch, c, pixel_count(d));
    });
}

}  // namespace

void register_pixelwise_ops(Registry& r) {
    for (const PixelwiseRow& row : rows()) register_row(r, row);
}

}  // namespace ijcl
