// Label image basics (kernels/label.cl): removing and renumbering labels (one table, kRelabels: the
// rows differ only in which labels they keep), growing labels into the background (one table,
// kGrowths: dilateLabels, extendLabelingViaVoronoi, voronoiLabeling, maskedVoronoiLabeling),
// labelSpots, labelToMask and maskLabel.
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "ijcl/op_call.hpp"
#include "label_statistics.hpp"
#include "labeling.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// ---- renumbering -----------------------------------------------------------------------------

enum class Keep { Existing, NotOnEdges, SizeInRange, FlagZero, ValueInRange, ValueOutOfRange };

struct RelabelSpec {
    const char* name;
    Keep keep;
    const char* vector_arg;  // the values/flags vector input, or nullptr
    const char* labels_arg;
    const char* dst_arg;
    const char* min_arg;     // range parameters, or nullptr
    const char* max_arg;
    const char* what;        // which labels are removed
    const char* clij2_class;
};

// clang-format off
const RelabelSpec kRelabels[] = {
    {"closeIndexGapsInLabelMap", Keep::Existing, nullptr, "labeling_input", "labeling_destination",
     nullptr, nullptr,
     "no label is removed; the ids that occur in the image are renumbered 1..n in increasing order "
     "(ids that do not occur get no number), so the result has no gaps",
     "CloseIndexGapsInLabelMap"},
    {"excludeLabelsOnEdges", Keep::NotOnEdges, nullptr, "label_map_input", "label_map_destination",
     nullptr, nullptr,
     "labels with a pixel on the image's border are removed: x = 0 or width - 1, y = 0 or height - 1, "
     "and in a stack (depth > 1) z = 0 or depth - 1 (a single plane is 2D: its one plane is no border)",
     "ExcludeLabelsOnEdges"},
    {"excludeLabelsOutsideSizeRange", Keep::SizeInRange, nullptr, "input", "destination",
     "minimum_size", "maximum_size",
     "labels whose pixel count (area in 2D, volume in 3D, pixels) is below minimum_size or above "
     "maximum_size are removed (both limits inclusive: a label of exactly minimum_size or maximum_size "
     "pixels is kept)",
     "ExcludeLabelsOutsideSizeRange (pixel counts of statisticsOfBackgroundAndLabelledPixels, then "
     "excludeLabelsWithValuesOutOfRange)"},
    {"excludeLabels", Keep::FlagZero, "binary_flaglist", "label_map_input", "label_map_destination",
     nullptr, nullptr,
     "label l is removed when entry l of binary_flaglist is not 0 (entry 0, the background, is "
     "ignored); e.g. flags 0,1,0,0,1 remove labels 1 and 4 and renumber 2 and 3 to 1 and 2",
     "ExcludeLabels"},
    {"excludeLabelsWithValuesOutOfRange", Keep::ValueInRange, "values_vector", "label_map_input",
     "label_map_destination", "minimum_value_range", "maximum_value_range",
     "label l is removed when entry l of values_vector is below minimum_value_range or above "
     "maximum_value_range (a NaN entry is kept: both comparisons are false, as in CLIJ2)",
     "ExcludeLabelsWithValuesOutOfRange"},
    {"excludeLabelsWithValuesWithinRange", Keep::ValueOutOfRange, "values_vector", "label_map_input",
     "label_map_destination", "minimum_value_range", "maximum_value_range",
     "label l is removed when minimum_value_range <= entry l of values_vector <= maximum_value_range "
     "(a NaN entry is kept, as in CLIJ2)",
     "ExcludeLabelsWithValuesWithinRange"},
};
// clang-format on

// Row 0 of plane 0 of a vector image, as doubles.
std::vector<double> read_vector(OpCall& c, const Image& vec) {
    const std::size_t n = static_cast<std::size_t>(vec.shape().width);
    std::vector<unsigned char> raw(n * bytes_per_pixel(vec.type()));
    c.queue().enqueueReadBuffer(vec.buffer(), CL_TRUE, 0, raw.size(), raw.data());
    std::vector<double> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        switch (vec.type()) {
            case PixelType::UInt8: out[i] = raw[i]; break;
            case PixelType::UInt16: { std::uint16_t v; std::memcpy(&v, &raw[2 * i], 2); out[i] = v; break; }
            case PixelType::UInt32: { std::uint32_t v; std::memcpy(&v, &raw[4 * i], 4); out[i] = v; break; }
            default: { float v; std::memcpy(&v, &raw[4 * i], 4); out[i] = v; break; }
        }
    }
    return out;
}

// dst = map[id] for every pixel of `labels` (map sized largest id + 1).
void relabel(OpCall& c, const Image& labels, const Image& dst, const std::vector<cl_uint>& map) {
    cl::Buffer b = c.temp_buffer(map.size() * sizeof(cl_uint));
    c.queue().enqueueWriteBuffer(b, CL_TRUE, 0, map.size() * sizeof(cl_uint), map.data());
    const std::uint64_t n = labels.shape().pixels();
    c.kernel("label.cl", "relabel_by_map", {{"LBL", &labels}, {"DST", &dst}})
        .image(labels).buffer(b).i64(static_cast<std::int64_t>(map.size())).image(dst)
        .i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
}

template <typename T>
std::vector<T> read_back(OpCall& c, const cl::Buffer& b, std::size_t count) {
    std::vector<T> out(count);
    c.queue().enqueueReadBuffer(b, CL_TRUE, 0, count * sizeof(T), out.data());
    return out;
}

void run_relabel(OpCall& c, const RelabelSpec& r) {
    Image& labels = c.input(r.labels_arg);
    Image& dst = c.output(r.dst_arg);
    const unsigned needs = r.keep == Keep::NotOnEdges ? kLabelBox : 0u;
    const LabelAccumulators a = accumulate_labels(c, labels, labels, r.labels_arg, r.labels_arg, needs);
    const std::size_t slots = a.slots;
    const std::vector<cl_ulong> counts = read_back<cl_ulong>(c, a.counts, slots);
    std::vector<double> values;
    if (r.vector_arg) {
        values = read_vector(c, c.input(r.vector_arg));
    }
    std::vector<cl_uint> box_min, box_max;
    if (needs & kLabelBox) {
        box_min = read_back<cl_uint>(c, a.box_min, 3 * slots);
        box_max = read_back<cl_uint>(c, a.box_max, 3 * slots);
    }
    const double lo = r.min_arg ? c.number(r.min_arg) : 0, hi = r.max_arg ? c.number(r.max_arg) : 0;
    const Shape& s = labels.shape();
    const std::uint64_t last[3] = {s.width - 1, s.height - 1, s.depth - 1};
    const int axes = s.depth > 1 ? 3 : 2;

    std::vector<cl_uint> map(slots, 0);
    cl_uint next = 1;
    for (std::size_t l = 1; l < slots; ++l) {
        if (r.vector_arg && l >= values.size()) {
            // CLIJ2 builds its table from the vector's entries only and looks ids up with a clamped
            // read: an id past the end takes the new id of the last entry.
            map[l] = map[values.size() - 1];
            continue;
        }
        bool keep = true;
        switch (r.keep) {
            case Keep::Existing: keep = counts[l] > 0; break;
            case Keep::NotOnEdges:
                // An id that does not occur keeps its number (CLIJ2 numbers every id not flagged).
                if (counts[l] > 0)
                    for (int k = 0; k < axes; ++k)
                        if (box_min[3 * l + k] == 0 || box_max[3 * l + k] == last[k]) keep = false;
                break;
            case Keep::SizeInRange: {
                const double size = static_cast<double>(counts[l]);
                keep = !(size < lo || size > hi);
                break;
            }
            case Keep::FlagZero: keep = values[l] == 0; break;
            case Keep::ValueInRange: keep = !(values[l] < lo || values[l] > hi); break;
            case Keep::ValueOutOfRange: keep = !(values[l] >= lo && values[l] <= hi); break;
        }
        if (keep) map[l] = next++;
    }
    relabel(c, labels, dst, map);
}

std::string relabel_doc(const RelabelSpec& r) {
    std::string d = "Removes labels from a label image and renumbers the rest: ";
    d += r.what;
    d += ". ";
    if (r.keep != Keep::Existing)
        d += "The kept labels are renumbered 1, 2, ... in the order of their old ids (ids that do not "
             "occur in the image are numbered too when they are not removed, as CLIJ2 does: the result "
             "then has gaps where the input had); removed labels become background (0). ";
    d += std::string("Input: a label image (any pixel type holding ids: uint32 exact for every id; float "
                     "ids truncated), 2D or 3D, ids below 2^28") +
         (r.vector_arg ? std::string("; ") + r.vector_arg +
                             ": a vector image (width = largest id + 1, row 0 of plane 0 is read; any "
                             "pixel type), entry l for label l, entry 0 for the background"
                       : std::string()) +
         ". Output: label image (uint32), the label image's shape; new ids written exactly. "
         "Errors: ids of 2^28 or more";
    d += ". Algorithm: CLIJ2's ";
    d += r.clij2_class;
    d += ": one flag per label id (ijcl: from the per-label pixel counts";
    if (r.keep == Keep::NotOnEdges) d += " and bounding boxes";
    d += " of statisticsOfLabelledPixels's accumulation), a renumbering table built on the host in id "
         "order, written back by lookup (CLIJ2's replaceIntensities). Differences from CLIJ2: ids are read "
         "and written as integers (CLIJ2 works in float: ids above 2^24 merge); CLIJ2's destination has the "
         "input's pixel type, ijcl's is a uint32 label image whatever the input (labels are uint32 end to end).";
    if (r.vector_arg)
        d += " A vector with fewer entries than largest id + 1 behaves as in CLIJ2, whose table has one entry "
             "per vector entry and whose lookup clamps: an id at or past the vector's width gets the new id of "
             "the last entry (so such labels merge with it, or vanish when it is removed).";
    return d;
}

// ---- growing labels --------------------------------------------------------------------------

enum class Grow { Dilate, Extend, Voronoi, MaskedVoronoi };

struct GrowSpec {
    const char* name;
    Grow grow;
    const char* input_arg;
    const char* dst_arg;
    const char* category;
    const char* what;
    const char* clij2_class;
};

// clang-format off
const GrowSpec kGrowths[] = {
    {"dilateLabels", Grow::Dilate, "input", "destination", "Label",
     "Grows every label into the background by `radius` steps, labels never overwriting each other "
     "(where two labels meet, the larger id wins the pixels both reach in the same step). Step k "
     "(from 0) gives every background pixel the largest id among its neighbours: the 3 x 3 (x 3) box "
     "at even k, the 4 (6 in a stack) face neighbours at odd k, approximating a disc (sphere) of "
     "the radius; growth stops early when a step changes nothing. Radius 0: a copy",
     "DilateLabels"},
    {"extendLabelingViaVoronoi", Grow::Extend, "input", "destination", "Label",
     "Grows every label into the background until no background pixel touches a label, so the "
     "labels fill the image in a Voronoi-like partition (an image without labels stays 0). Steps as "
     "in dilateLabels: box and face neighbours alternating, the largest id winning ties",
     "ExtendLabelingViaVoronoi"},
    {"voronoiLabeling", Grow::Voronoi, "input", "destination", "Label",
     "Labels the connected components of a binary image (connectedComponentsLabelingBox: 8/26 "
     "neighbours, ids in raster order of each object's first pixel) and grows them into the "
     "background until the labels fill the image (extendLabelingViaVoronoi)",
     "VoronoiLabeling"},
    {"maskedVoronoiLabeling", Grow::MaskedVoronoi, "input", "destination", "Label",
     "Labels the connected components of a binary image of seeds (connectedComponentsLabelingBox: "
     "8/26 neighbours, ids in raster order of each seed object's first pixel) and grows them only "
     "inside the mask (its non-zero pixels) until no unlabelled mask pixel touches a label (steps as "
     "in extendLabelingViaVoronoi); pixels outside the mask are 0 and neither hold nor pass on a label, "
     "so mask regions without a seed stay 0",
     "MaskedVoronoiLabeling"},
};
// clang-format on

void run_grow(OpCall& c, const GrowSpec& g) {
    Image& src = c.input(g.input_arg);
    Image& dst = c.output(g.dst_arg);
    const Shape& s = src.shape();
    const std::uint64_t n = s.pixels();
    const Image* mask = nullptr;
    if (g.grow == Grow::MaskedVoronoi) mask = &c.input("mask");

    std::int64_t max_steps = std::numeric_limits<std::int64_t>::max();
    if (g.grow == Grow::Dilate) max_steps = c.integer("radius");

    ImagePtr flip = c.temp(s, PixelType::UInt32, ImageKind::Label);
    ImagePtr flop = c.temp(s, PixelType::UInt32, ImageKind::Label);
    if (g.grow == Grow::Voronoi || g.grow == Grow::MaskedVoronoi) {
        label_components(c, src, *flip, g.input_arg, Connectivity::Box);
    } else {
        c.kernel("label.cl", "labels_to_uint", {{"LBL", &src}, {"DST", flip.get()}})
            .image(src).image(*flip).i64(static_cast<std::int64_t>(n))
            .run(cl::NDRange(n));
    }
    cl::Buffer changed = c.temp_buffer(sizeof(cl_uint));
    Defines defines = {{"HAS_MASK", mask ? "1" : "0"}};
    std::vector<std::pair<std::string, const Image*>> types;
    if (mask) types.push_back({"MSK", mask});
    // Every step's output is complete (a masked step also clears the pixels outside the mask), so
    // the last one is the result; a step that changes nothing ends the growth.
    for (std::int64_t step = 0; step < max_steps; ++step) {
        const cl_uint zero = 0;
        c.queue().enqueueWriteBuffer(changed, CL_FALSE, 0, sizeof zero, &zero);
        auto k = c.kernel("label.cl", "grow_labels", types, defines);
        k.image(*flip);
        if (mask) k.image(*mask);
        k.image(*flop).shape(src).i32(step % 2 == 0 ? 0 : 1).buffer(changed).run(range_of(src));
        std::swap(flip, flop);
        cl_uint any = 0;
        c.queue().enqueueReadBuffer(changed, CL_TRUE, 0, sizeof any, &any);
        if (!any) break;
    }
    c.kernel("label.cl", "labels_to_uint", {{"LBL", flip.get()}, {"DST", &dst}})
        .image(*flip).image(dst).i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
}

std::string grow_doc(const GrowSpec& g) {
    std::string d = std::string(g.what) + ". ";
    const bool from_binary = g.grow == Grow::Voronoi || g.grow == Grow::MaskedVoronoi;
    d += from_binary
             ? "Input: a binary image (non-zero = seed; any pixel type), 2D or 3D"
             : "Input: a label image (any pixel type holding ids: uint32 exact for every id; float ids "
               "truncated), 2D or 3D";
    if (g.grow == Grow::MaskedVoronoi) d += "; mask: the same shape, any pixel type, non-zero = inside";
    d += from_binary ? ". Output: label image (uint32), same shape. "
                     : ". Output: label image (uint32), same shape; ids kept exactly (CLIJ2's destination has the "
                       "input's pixel type; ijcl's labels are uint32 end to end). ";
    d += "Neighbours are the pixels inside the image (CLIJ2 clamps reads to the edge, which gives the same "
         "result). Errors: ";
    d += g.grow == Grow::MaskedVoronoi ? "mask and input shapes differ (names 'mask'), " : "";
    d += from_binary ? "images of 2^32 - 1 pixels or more. " : "none beyond the argument checks. ";
    d += "Algorithm: CLIJ2's ";
    d += g.clij2_class;
    d += ": onlyzeroOverwriteMaximumBox and onlyzeroOverwriteMaximumDiamond alternating on a uint32 "
         "work image, a device flag telling whether a step changed anything (one 4-byte read per step). "
         "Differences from CLIJ2: ids are compared and kept as integers (CLIJ2 works in float: ids above "
         "2^24 merge)";
    if (from_binary)
        d += "; CLIJ2 numbers the components in another order and returns a float image, ijcl numbers them in "
             "raster order and returns uint32. Because the larger id wins a pixel that two labels reach in the "
             "same step, the numbering also decides such ties: the result is CLIJ2's growth applied to the "
             "raster-ordered seed labels (what the oracle test checks), and can differ from CLIJ2's own output "
             "by a pixel along boundaries where two seeds tie";
    if (g.grow == Grow::MaskedVoronoi)
        d += "; CLIJ2 adds mask - 1 to the seed labels, so with a 0/1 mask a seed pixel outside the mask "
             "holds id - 1 and passes that id on into the mask (and a 0/255 mask breaks it); ijcl ignores "
             "seed pixels outside the mask and reads the mask as non-zero = inside. Both agree when the "
             "seeds lie inside the mask, as in voronoiOtsuLabeling";
    d += ".";
    return d;
}

}  // namespace

void register_label_ops(Registry& reg) {
    for (const RelabelSpec& r : kRelabels) {
        const RelabelSpec* row = &r;
        auto b = reg.add(r.name, "Label");
        b.doc(relabel_doc(r));
        if (r.vector_arg) b.input(r.vector_arg, r.keep == Keep::FlagZero
                                                    ? "vector image: entry l not 0 = remove label l"
                                                    : "vector image: entry l = the value of label l");
        b.input(r.labels_arg, "label image, 0 = background");
        const std::string labels_arg = r.labels_arg;
        b.output(r.dst_arg, "the renumbered label image (uint32), the input's shape",
                 [labels_arg](const OpCall& c) {
                     const Image& in = c.input(labels_arg);
                     return OutputDesc{in.shape(), PixelType::UInt32, ImageKind::Label};
                 });
        if (r.min_arg) {
            const bool size = r.keep == Keep::SizeInRange;
            b.number(r.min_arg, "0", size ? "smallest pixel count kept (inclusive), pixels"
                                          : "lower end of the range (inclusive)");
            b.number(r.max_arg, "100", size ? "largest pixel count kept (inclusive), pixels"
                                            : "upper end of the range (inclusive)");
        }
        b.run([row](OpCall& c) { run_relabel(c, *row); });
    }

    for (const GrowSpec& g : kGrowths) {
        const GrowSpec* row = &g;
        auto b = reg.add(g.name, g.category);
        b.doc(grow_doc(g));
        const bool from_binary = g.grow == Grow::Voronoi || g.grow == Grow::MaskedVoronoi;
        b.input(g.input_arg, from_binary ? "binary image of seeds, non-zero = foreground"
                                         : "label image, 0 = background");
        if (g.grow == Grow::MaskedVoronoi) b.input("mask", "binary mask, non-zero = where labels may grow");
        const std::string in = g.input_arg;
        const bool masked = g.grow == Grow::MaskedVoronoi;
        b.output(g.dst_arg, "label image (uint32), same shape",
                 [in, from_binary, masked](const OpCall& c) {
                     if (masked) require_same_shape(c, in, "mask");
                     const Image& src = c.input(in);
                     return OutputDesc{src.shape(), PixelType::UInt32, ImageKind::Label};
                 });
        if (g.grow == Grow::Dilate)
            b.integer("radius", "2", "number of growth steps (pixels), 0 = copy", 0, 100000);
        b.run([row](OpCall& c) { run_grow(c, *row); });
    }

    struct EdgeSpec {
        const char* name;
        bool keep_label;
        const char* input_arg;
        const char* dst_arg;
    };
    static const EdgeSpec kEdges[] = {
        {"detectLabelEdges", false, "label_map", "edge_image_destination"},  // category Detection: binary
        {"reduceLabelsToLabelEdges", true, "input_labels", "destination_labels"},
    };
    for (const EdgeSpec& e : kEdges) {
        const EdgeSpec* row = &e;
        const std::string in = e.input_arg;
        const bool keep = e.keep_label;
        reg.add(e.name, keep ? "Label" : "Detection")
            .doc(std::string(keep ? "Keeps only the edge pixels of every label: a label pixel stays when one of "
                                    "its face neighbours holds another id (background included), else it becomes 0. "
                                  : "Marks the pixels where labels meet: 1 where one of the pixel's face neighbours "
                                    "holds another id, else 0 (background pixels next to a label are marked too). ") +
                 "Face neighbours: 4 in a 2D image, 6 in a stack; only neighbours inside the image count (CLIJ2 "
                 "clamps reads to the edge, which repeats the pixel itself: the same result). Input: a label image "
                 "(any pixel type holding ids: uint32 compared exactly, float ids truncated), 2D or 3D. Output: " +
                 (keep ? "label image (uint32), same shape, ids kept exactly (CLIJ2: the input's pixel type). "
                       : "binary (uint8 0/1), same shape. ") +
                 "Algorithm: CLIJ2's " + (keep ? "ReduceLabelsToLabelEdges (detectLabelEdges, then mask)" : "DetectLabelEdges") +
                 " (kernel detect_label_edges_diamond_2d/3d), one work item per pixel. Differences from CLIJ2: ids "
                 "compared as integers (CLIJ2 compares in float: ids above 2^24 merge)" +
                 (keep ? "." : "; CLIJ2 writes 0/1 into a destination of the input's type, ijcl a binary image."))
            .input(e.input_arg, "label image, 0 = background")
            .output(e.dst_arg, keep ? "label image of the edges (uint32), same shape" : "binary edge image",
                    [in, keep](const OpCall& c) {
                        const Image& src = c.input(in);
                        return keep ? OutputDesc{src.shape(), PixelType::UInt32, ImageKind::Label}
                                    : OutputDesc{src.shape(), PixelType::UInt8, ImageKind::Binary};
                    })
            .run([row](OpCall& c) {
                Image& src = c.input(row->input_arg);
                Image& dst = c.output(row->dst_arg);
                c.kernel("label.cl", "label_edges", {{"LBL", &src}, {"DST", &dst}},
                         {{"KEEP_LABEL", row->keep_label ? "1" : "0"}})
                    .image(src).image(dst).shape(src)
                    .run(range_of(src));
            });
    }

    reg.add("labelSpots", "Label")
        .doc("Gives every non-zero pixel of a spot image its own label id: 1, 2, ... in raster order "
             "(x fastest, then y, then z), background 0. Input: any pixel type, 2D or 3D (typically the "
             "binary output of detectMaxima). Output: label image (uint32), same shape. Error when the "
             "image has 2^32 - 1 pixels or more. Algorithm: CLIJ2's LabelSpots numbers spots per row from "
             "sum projections of the spot image; ijcl flags the non-zero pixels and numbers them with the "
             "prefix sum of connectedComponentsLabelingBox (every pixel its own component). Differences "
             "from CLIJ2: CLIJ2 counts by summing pixel values, so it numbers correctly only 0/1 images "
             "(a pixel of value 2 takes two ids); ijcl counts every non-zero pixel once. CLIJ2 returns a "
             "float image (ids above 2^24 merge), ijcl uint32.")
        .input("input_spots", "spot image, non-zero = spot")
        .output("labelled_spots_destination", "label image (uint32), same shape",
                shape_of("input_spots", PixelType::UInt32, ImageKind::Label))
        .tiles_custom([](TileRunner& t) {
            label_components_tiled(t, "input_spots", "labelled_spots_destination", Connectivity::None);
        })
        .run([](OpCall& c) {
            label_components(c, c.input("input_spots"), c.output("labelled_spots_destination"), "input_spots",
                             Connectivity::None);
        });

    reg.add("labelToMask", "Binary")
        .doc("A binary mask of one label: 1 where the label image holds label_index, else 0. Input: a "
             "label image (any pixel type; uint32 ids compared exactly, float ids truncated), 2D or 3D. "
             "Output: binary (uint8 0/1), same shape. Algorithm: CLIJ2's LabelToMask (label_to_mask "
             "kernel), one work item per pixel. Differences from CLIJ2: CLIJ2 compares in float (ids above "
             "2^24 merge) and writes 0/1 into a destination of the input's type; ijcl writes a binary "
             "image.")
        .input("label_map_source", "label image")
        .output("mask_destination", "binary mask (uint8 0/1), same shape",
                shape_of("label_map_source", PixelType::UInt8, ImageKind::Binary))
        .integer("label_index", "1", "the label id to select", 0, 4294967295.0)
        .run([](OpCall& c) {
            Image& src = c.input("label_map_source");
            Image& dst = c.output("mask_destination");
            const std::uint64_t n = src.shape().pixels();
            c.kernel("label.cl", "label_to_mask", {{"LBL", &src}, {"DST", &dst}})
                .image(src).u32(static_cast<std::uint32_t>(c.integer("label_index"))).image(dst)
                .i64(static_cast<std::int64_t>(n))
                .run(cl::NDRange(n));
        });

    reg.add("maskLabel", "Math")
        .doc("Keeps the pixels of source under one label: destination = source where label_map holds "
             "label_index, else 0. Inputs: source (any pixel type) and label_map (the same shape; any pixel "
             "type holding ids, uint32 compared exactly, float ids truncated), 2D or 3D. Output: the "
             "source's shape and pixel type, values copied exactly. Errors: shapes differ (names "
             "'label_map'). Algorithm: CLIJ2's MaskLabel (mask_label kernel), one work item per pixel. "
             "Difference from CLIJ2: CLIJ2 compares ids in float (ids above 2^24 merge).")
        .input("source", "image to mask, any pixel type")
        .input("label_map", "label image of the same shape")
        .output("destination", "the masked source, same shape and pixel type",
                [](const OpCall& c) {
                    require_same_shape(c, "source", "label_map");
                    const Image& in = c.input("source");
                    return OutputDesc{in.shape(), in.type(), in.kind()};
                })
        .integer("label_index", "1", "the label id to keep", 0, 4294967295.0)
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& lbl = c.input("label_map");
            Image& dst = c.output("destination");
            const std::uint64_t n = src.shape().pixels();
            c.kernel("label.cl", "mask_label", {{"SRC", &src}, {"LBL", &lbl}, {"DST", &dst}})
                .image(src).image(lbl).u32(static_cast<std::uint32_t>(c.integer("label_index"))).image(dst)
                .i64(static_cast<std::int64_t>(n))
                .run(cl::NDRange(n));
        });
}

}  // namespace ijcl
