// The operation registry: every operation is declared here once, with its name, typed
// parameters, defaults, category and documentation. The JNI bridge and the Java plugin build the
// macro functions (Ext.IJCL_*), help text and reference docs from it; nothing lists the
// operations a second time.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "ijcl/image.hpp"

namespace ijcl {

class OpCall;
class TileRunner;

// How an operation runs on images that exceed the device-memory budget (native/include/ijcl/
// tiling.hpp): declared once per operation (or table row) with OpBuilder::tiles_*.
enum class TileKind : int {
    None = 0,       // cannot be tiled: a host-resident input is refused with a clear error
    Pixelwise,      // every output pixel depends on the input pixels at the same place only
    Neighbourhood,  // ... on the input pixels within a footprint (halo per axis) of it
    Projection,     // every output pixel depends on one input line along TilingSpec::axis:
                    // (x, y) on the column along z (output w x h x 1), (z, y) on row y of plane z
                    // along x (output d x h x 1), (x, z) on column x of plane z along y (w x d x 1)
    Custom          // the operation's own tiled algorithm (reductions, thresholds, labeling)
};

// Halo in pixels per axis (x, y, z) that a tile needs around its core, and the grid tile origins
// must lie on (a multiple of align[axis], for algorithms anchored at the image origin such as
// ImageJ's downscaled Gaussian).
struct Footprint {
    std::uint64_t halo[3] = {0, 0, 0};
    std::uint64_t align[3] = {1, 1, 1};
};

struct TilingSpec {
    TileKind kind = TileKind::None;
    std::function<Footprint(const OpCall&)> footprint;  // Neighbourhood: from the call's arguments
    std::function<void(TileRunner&)> custom;            // Custom
    int axis = 2;                                       // Projection: the projected axis, 0/1/2 = x/y/z
};

enum class ParamKind : int {
    InputImage = 0,   // the name of a GPU image that must exist
    OutputImage = 1,  // the name of a GPU image to write (created or replaced as needed)
    Number = 2,
    Boolean = 3,
    String = 4,
    OutputNumber = 5, // a number the operation computes and returns
    InPlaceImage = 6  // the name of a GPU image that must exist and that the operation WRITES in
                      // place (CLIJ2's plain, not ByRef, "Image source" of set, setRampX, ...; its
                      // macro argument is a text like an input's). The operation reads it with
                      // OpCall::input. A refused call (c.fail before any kernel) leaves it
                      // unchanged; a call that fails after its kernels were enqueued releases it
                      // (no partly written image stays under its name, as for reused outputs); a
                      // successful call marks it an intensity image (the written values need not
                      // be 0/1 or label ids any more).
};

const char* param_kind_name(ParamKind kind);  // "image_in", "image_out", "image_inout", "number", ...

// How an output image is allocated: its pixel type, kind and shape, decided from the call's
// inputs. The default is the shape and type of the first input image.
struct OutputDesc {
    Shape shape;
    PixelType type = PixelType::Float32;
    ImageKind kind = ImageKind::Intensity;
};
using OutputRule = std::function<OutputDesc(const OpCall&)>;

struct ParamSpec {
    std::string name;
    ParamKind kind = ParamKind::Number;
    std::string doc;               // meaning, units ("pixels"), allowed values
    std::string default_value;     // as the macro/dialog shows it ("2", "true", "Otsu")
    double min = -std::numeric_limits<double>::infinity();  // for numbers, inclusive
    double max = std::numeric_limits<double>::infinity();
    bool integer = false;          // numbers that must be whole (radii, counts)
    std::vector<std::string> choices;  // for strings with a fixed set of values
    OutputRule output_rule;        // for output images; empty = like the first input
};

struct OpSpec {
    std::string name;        // CLIJ2's name where one exists, e.g. "gaussianBlur3D"
    std::string category;    // "Filter", "Math", "Binary", "Threshold", "Transform", ...
    std::string doc;         // what it computes, pixel types, algorithm source
    std::string imagej;      // the ImageJ command it equals, with tolerance, or "" if none
    bool produces_table = false;  // writes a results table (e.g. statisticsOfLabelledPixels)
    std::vector<ParamSpec> params;
    // in_clij2: CLIJ2 has this operation under the same name. clij2: CLIJ2's parameter help text
    // for Ext.CLIJ2_<name> ("Image source, ByRef Image destination,
    // Number radiusX"), or "" when CLIJ2 has no operation of this name (ijcl_only()). Unless set
    // with clij2(text), it is made from the parameters above (their names must then be CLIJ2's).
    // Its parameters are the first ones of `params`, kind for kind; the parameters it leaves out
    // at the end must be results, which CLIJ2 writes to a new row of the Results table under the
    // columns `clij2_results` (e.g. countNonZeroPixels: "CountNonZero").
    bool in_clij2 = false;
    std::string clij2;
    std::vector<std::string> clij2_results;
    std::vector<std::string> clij2_aliases;  // CLIJ2's deprecated names for the same operation
    std::function<void(OpCall&)> run;
    TilingSpec tiling;

    const ParamSpec& param(const std::string& param_name) const;
};

// Fluent declaration of one operation, registered when it goes out of scope:
//   r.add("gaussianBlur2D", "Filter").doc("...").input("source").output("destination")
//    .number("sigma_x", "2", "...").run([](OpCall& c) { ... });
class OpBuilder {
public:
    OpBuilder(std::map<std::string, OpSpec>& target, std::string name, std::string category);
    ~OpBuilder() noexcept(false);
    OpBuilder(const OpBuilder&) = delete;
    OpBuilder& operator=(const OpBuilder&) = delete;

    OpBuilder& doc(std::string text);
    OpBuilder& imagej(std::string equivalent);
    OpBuilder& table();
    OpBuilder& input(std::string name, std::string doc = "");
    OpBuilder& output(std::string name, std::string doc = "", OutputRule rule = {});
    // An existing image the operation writes in place (ParamKind::InPlaceImage).
    OpBuilder& in_place(std::string name, std::string doc = "");
    OpBuilder& number(std::string name, std::string default_value, std::string doc,
                      double min = -std::numeric_limits<double>::infinity(),
                      double max = std::numeric_limits<double>::infinity());
    OpBuilder& integer(std::string name, std::string default_value, std::string doc,
                       double min = -std::numeric_limits<double>::infinity(),
                       double max = std::numeric_limits<double>::infinity());
    OpBuilder& boolean(std::string name, std::string default_value, std::string doc);
    OpBuilder& string(std::string name, std::string default_value, std::string doc,
                      std::vector<std::string> choices = {});
    OpBuilder& result(std::string name, std::string doc);
    // CLIJ2's parameter help text when its names differ from ours; results_columns: see
    // OpSpec::clij2_results.
    OpBuilder& clij2(std::string help_text, std::vector<std::string> results_columns = {});
    OpBuilder& clij2_alias(std::string deprecated_name);
    OpBuilder& ijcl_only();  // CLIJ2 has no such operation: no Ext.CLIJ2_ name
    OpBuilder& run(std::function<void(OpCall&)> fn);
    // Tiling (see TilingSpec): pixel by pixel; with a halo from the arguments; a projection along z;
    // an algorithm of its own over TileRunner.
    OpBuilder& tiles_pixelwise();
    OpBuilder& tiles_with_halo(std::function<Footprint(const OpCall&)> footprint);
    OpBuilder& tiles_projection(int axis);
    OpBuilder& tiles_custom(std::function<void(TileRunner&)> fn);

private:
    std::map<std::string, OpSpec>& target_;
    OpSpec spec_;
    bool ijcl_only_ = false;
};

// The CLIJ2 parameter help text made from parameters: "Image a, ByRef Image b, Number c, ...".
std::string clij2_help_text(const std::vector<ParamSpec>& params);

class Registry {
public:
    // The process-wide registry, filled on first use by the register_*_ops functions.
    static const Registry& instance();

    // Throws ijcl::Error "unknown operation 'NAME'" (with close matches) when absent.
    const OpSpec& get(const std::string& name) const;
    bool contains(const std::string& name) const;
    std::vector<const OpSpec*> all() const;  // sorted by name

    // Machine-readable description for the JNI/Java side; one line per record, fields separated
    // by tabs, tabs/newlines/backslashes in text escaped as \t \n \\:
    //   op <name> <category> <imagej> <produces_table 0|1> <doc>
    //   param <name> <kind> <default> <min> <max> <integer 0|1> <choices|...> <doc>
    //   clij2 <help text> <aliases|...> <results columns|...>   (only for CLIJ2 operations)
    //   end
    std::string describe() const;

    OpBuilder add(std::string name, std::string category);

private:
    Registry();
    std::map<std::string, OpSpec> ops_;
};

// One function per source file in native/src/ops/; each declares the operations of its file.
void register_math_ops(Registry& r);
void register_binary_ops(Registry& r);
void register_threshold_ops(Registry& r);
void register_transform_ops(Registry& r);
void register_projection_ops(Registry& r);
void register_remap_ops(Registry& r);
void register_conversion_ops(Registry& r);
void register_gaussian_ops(Registry& r);
void register_rank_filter_ops(Registry& r);
void register_morphology_ops(Registry& r);
void register_detection_ops(Registry& r);
void register_labeling_ops(Registry& r);
void register_measurement_ops(Registry& r);
void register_geometry_ops(Registry& r);
void register_reslice_ops(Registry& r);
void register_drawing_ops(Registry& r);
void register_neighbourhood_ops(Registry& r);
void register_label_map_ops(Registry& r);
void register_label_graph_ops(Registry& r);
void register_device_ops(Registry& r);
void register_pixelwise_ops(Registry& r);
void register_reduction_ops(Registry& r);
void register_label_ops(Registry& r);
void register_label_neighbour_ops(Registry& r);
void register_set_ops(Registry& r);
void register_slice_filter_ops(Registry& r);
void register_edge_filter_ops(Registry& r);
void register_segmentation_ops(Registry& r);
void register_label_point_ops(Registry& r);
void register_label_mesh_ops(Registry& r);
void register_label_distance_ops(Registry& r);
void register_imagej_filter_ops(Registry& r);
void register_background_ops(Registry& r);

}  // namespace ijcl
