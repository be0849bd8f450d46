// Segmentation and binary shapes (kernels/segmentation.cl): voronoiOtsuLabeling (CLIJ2's steps:
// its Gaussian, maximum detection, histogram and Otsu, then maskedVoronoiLabeling), erodeLabels,
// flood filling (one declaration: floodFillDiamond, binaryFillHoles), binaryEdgeDetection, the
// overlap measures of two binary images (one table: jaccardIndex, getJaccardIndex,
// sorensenDiceCoefficient, getSorensenDiceCoefficient), the overlap matrices of two label images
// (one table: generateBinaryOverlapMatrix, generateJaccardIndexMatrix) and
// visualizeOutlinesOnOriginal, the ray tests (one table: excludeLabelsOnSurface,
// excludeLabelsSubSurface; labelSurface composes the latter), distanceMap, labelVoronoiOctagon and voronoiOctagon. Composite operations run registered operations on temporaries
// (sub_op) instead of repeating them.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_statistics.hpp"
#include "labeling.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

// Runs the registered operation `name` on the given images (by parameter name), numbers and
// booleans; returns its results. Its output rule is not run: the caller passes outputs of the
// right shape and type.
std::vector<std::pair<std::string, double>> sub_op(OpCall& c, const std::string& name,
                                                   const std::map<std::string, ImagePtr>& images,
                                                   const std::map<std::string, double>& numbers = {},
                                                   const std::map<std::string, bool>& booleans = {}) {
    const OpSpec& spec = Registry::instance().get(name);
    OpCall sub(c.session(), spec);
    for (const ParamSpec& p : spec.params) {
        switch (p.kind) {
            case ParamKind::InputImage: sub.inputs_[p.name] = images.at(p.name); break;
            case ParamKind::OutputImage: sub.outputs_[p.name] = images.at(p.name); break;
            case ParamKind::Number: sub.numbers_[p.name] = numbers.at(p.name); break;
            case ParamKind::Boolean: sub.booleans_[p.name] = booleans.at(p.name); break;
            default: break;
        }
    }
    spec.run(sub);
    c.enqueued_ = true;
    return sub.results_;
}

double result_of(const std::vector<std::pair<std::string, double>>& results, const std::string& name) {
    for (const auto& r : results)
        if (r.first == name) return r.second;
    return std::numeric_limits<double>::quiet_NaN();
}

// ---- voronoiOtsuLabeling -----------------------------------------------------------------------

// CLIJ2's Gaussian (GaussianBlur3D with the same sigma on every axis): separable float passes x,
// y (and z in a stack), kernel size int(8 sigma) made odd (one tap, e.g. sigma 0: an exact copy,
// as CLIJ2 copies for sigma 0). `out` and `tmp` are float images of the source's shape.
void clij2_gaussian(OpCall& c, const Image& src, Image& out, Image& tmp, double sigma) {
    int taps = static_cast<int>(static_cast<float>(sigma) * 8.0f);
    if (taps % 2 == 0) taps += 1;
    const float s = static_cast<float>(sigma);
    const bool stack = src.shape().depth > 1;
    const Image* in = &src;
    Image* order2d[2] = {&tmp, &out};
    Image* order3d[3] = {&out, &tmp, &out};
    const int passes = stack ? 3 : 2;
    for (int dim = 0; dim < passes; ++dim) {
        Image* target = stack ? order3d[dim] : order2d[dim];
        c.kernel("segmentation.cl", "clij2_gaussian_pass", {{"SRC", in}})
            .image(*in).image(*target).shape(src).i32(dim).i32(taps).f32(s)
            .run(range_of(src));
        in = target;
    }
}

// CLIJ2's copy of ImageJ's AutoThresholder Otsu (AutoThresholderImageJ1.Otsu, the between-class
// variance form): k from 1 to 254, the last k with the largest variance (>=) wins.
int clij2_otsu(const std::vector<cl_uint>& data) {
    const int L = 256;
    double S = 0;
    long long N = 0;
    for (int k = 0; k < L; ++k) {
        S += static_cast<double>(k) * data[k];
        N += data[k];
    }
    double Sk = 0;
    long long N1 = data[0];
    double BCVmax = 0;
    int kStar = 0;
    for (int k = 1; k < L - 1; ++k) {
        Sk += static_cast<double>(k) * data[k];
        N1 += data[k];
        const double denom = static_cast<double>(N1) * static_cast<double>(N - N1);
        double BCV = 0;
        if (denom != 0) {
            const double num = (static_cast<double>(N1) / static_cast<double>(N)) * S - Sk;
            BCV = (num * num) / denom;
        }
        if (BCV >= BCVmax) {
            BCVmax = BCV;
            kStar = k;
        }
    }
    return kStar;
}

void voronoi_otsu_labeling(OpCall& c) {
    ImagePtr src = c.inputs_.at("input");
    ImagePtr dst = c.outputs_.at("destination");
    const Shape& s = src->shape();
    const std::int64_t n = pixel_count(*src);
    ImagePtr blurred = c.temp(s, PixelType::Float32);
    ImagePtr tmp = c.temp(s, PixelType::Float32);
    ImagePtr spots = c.temp(s, PixelType::UInt8, ImageKind::Binary);
    ImagePtr segmentation = c.temp(s, PixelType::UInt8, ImageKind::Binary);

    // Spots: maxima of the spot_sigma blur (CLIJ2's detectMaxima3DBox with radius 0).
    clij2_gaussian(c, *src, *blurred, *tmp, c.number("spot_sigma"));
    c.kernel("segmentation.cl", "clij2_maxima", {})
        .image(*blurred).image(*spots).shape(*src).i32(s.depth > 1 ? 1 : 0)
        .run(range_of(*src));

    // Outline: CLIJ2's thresholdOtsu of the outline_sigma blur (GetAutomaticThreshold).
    clij2_gaussian(c, *src, *blurred, *tmp, c.number("outline_sigma"));
    const double mn = result_of(sub_op(c, "getMinimumOfAllPixels", {{"source", blurred}}), "min");
    const double mx = result_of(sub_op(c, "getMaximumOfAllPixels", {{"source", blurred}}), "max");
    const float fmn = static_cast<float>(mn), fmx = static_cast<float>(mx);
    cl::Buffer bins = c.temp_buffer(256 * sizeof(cl_uint));
    c.queue().enqueueFillBuffer(bins, cl_uint{0}, 0, 256 * sizeof(cl_uint));
    const std::size_t items = static_cast<std::size_t>(std::min<std::int64_t>(n, 1 << 16));
    c.kernel("segmentation.cl", "clij2_histogram", {})
        .image(*blurred).i64(n).f32(fmn).f32(fmx).buffer(bins)
        .run(cl::NDRange(items));
    std::vector<cl_uint> histogram(256);
    c.queue().enqueueReadBuffer(bins, CL_TRUE, 0, 256 * sizeof(cl_uint), histogram.data());
    const int level = clij2_otsu(histogram);
    // CLIJ2: threshold = min + ((level + 1) / 255) * (max - min), in float.
    const float step = (static_cast<float>(level) + 1.0f) / 255.0f;
    const float span = fmx - fmn;
    const float scaled = step * span;
    const float threshold = fmn + scaled;
    c.kernel("segmentation.cl", "threshold_and_spots", {})
        .image(*blurred).f32(threshold).image(*segmentation).image(*spots).i64(n)
        .run(cl::NDRange(static_cast<std::size_t>(n)));

    // Seeds (spots inside the segmentation) flooded inside it.
    sub_op(c, "maskedVoronoiLabeling", {{"input", spots}, {"mask", segmentation}, {"destination", dst}});
}

// ---- erodeLabels -------------------------------------------------------------------------------

void erode_labels(OpCall& c) {
    ImagePtr src = c.inputs_.at("labels_input");
    ImagePtr dst = c.outputs_.at("labels_destination");
    const std::int64_t radius = c.integer("radius");
    const bool relabel = c.boolean("relabel_islands");
    const Shape& s = src->shape();
    ImagePtr a = c.temp(s, PixelType::UInt32, ImageKind::Label);
    if (radius <= 0) {
        c.kernel("label.cl", "labels_to_uint", {{"LBL", src.get()}, {"DST", dst.get()}})
            .image(*src).image(*dst).i64(pixel_count(*src))
            .run(cl::NDRange(s.pixels()));
        return;
    }
    c.kernel("segmentation.cl", "label_interior", {{"LBL", src.get()}})
        .image(*src).image(*a).shape(*src)
        .run(range_of(*src));
    // CLIJ2 (ErodeLabels.java): for radius > 1, `radius` minimum filters of radius 1, sphere
    // (face neighbours) at even steps and box at odd steps (radius 1: none).
    ImagePtr b = c.temp(s, PixelType::UInt32, ImageKind::Label);
    // Two steps in a row (one of each shape) that change nothing leave every later step idle: the
    // loop ends there (one 4-byte read per step).
    if (radius > 1) {
        cl::Buffer changed = c.temp_buffer(sizeof(cl_uint));
        int idle = 0;
        for (std::int64_t i = 0; i < radius && idle < 2; ++i) {
            const cl_uint zero = 0;
            c.queue().enqueueWriteBuffer(changed, CL_FALSE, 0, sizeof zero, &zero);
            c.kernel("segmentation.cl", "label_minimum", {})
                .image(*a).image(*b).shape(*src).i32(i % 2 == 0 ? 0 : 1).buffer(changed)
                .run(range_of(*src));
            std::swap(a, b);
            cl_uint any = 0;
            c.queue().enqueueReadBuffer(changed, CL_TRUE, 0, sizeof any, &any);
            idle = any ? 0 : idle + 1;
        }
    }
    if (relabel) {
        sub_op(c, "connectedComponentsLabelingBox", {{"binary_input", a}, {"labeling_destination", dst}});
    } else {
        sub_op(c, "closeIndexGapsInLabelMap", {{"labeling_input", a}, {"labeling_destination", dst}});
    }
}

// ---- flood filling -----------------------------------------------------------------------------

// floodFillDiamond (fill_holes false): pixels equal to `from` that are face-connected, through
// pixels equal to `from`, to a pixel equal to `to` become `to`. binaryFillHoles (true): background
// pixels not face-connected through background to the image border become 1. Both by labelling
// the replaceable pixels (connectedComponentsLabelingDiamond), flagging the components that touch
// a seed, and writing: a constant number of launches instead of CLIJ2's one step per pixel of
// flood distance.
void flood_fill(OpCall& c, const Image& src, const Image& dst, const std::string& src_arg, bool fill_holes,
                float from, float to) {
    const Shape& s = src.shape();
    const std::uint64_t n = s.pixels();
    const Defines holes = {{"FILL_HOLES", fill_holes ? "1" : "0"}};
    ImagePtr cls = c.temp(s, PixelType::UInt8, ImageKind::Binary);
    c.kernel("segmentation.cl", "flood_classes", {{"SRC", &src}}, holes)
        .image(src).image(*cls).shape(src).f32(from).f32(to)
        .run(range_of(src));
    // The components of class 1 (class 2 pixels are not 1: flood_classes writes 1 only for
    // replaceable pixels, so label a 0/1 copy).
    ImagePtr replaceable = c.temp(s, PixelType::UInt8, ImageKind::Binary);
    c.kernel("segmentation.cl", "flood_only_ones", {})
        .image(*cls).image(*replaceable).i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
    ImagePtr labels = c.temp(s, PixelType::UInt32, ImageKind::Label);
    label_components(c, *replaceable, *labels, src_arg, Connectivity::Diamond);
    cl::Buffer reached = c.temp_buffer(n + 1);
    c.queue().enqueueFillBuffer(reached, cl_uchar{0}, 0, n + 1);
    c.kernel("segmentation.cl", "flood_reach", {}, holes)
        .image(*cls).image(*labels).buffer(reached).shape(src)
        .run(range_of(src));
    c.kernel("segmentation.cl", "flood_write", {{"SRC", &src}, {"DST", &dst}}, holes)
        .image(src).image(*cls).image(*labels).buffer(reached).image(dst).i64(static_cast<std::int64_t>(n)).f32(to)
        .run(cl::NDRange(n));
}

// ---- distanceMap --------------------------------------------------------------------------------

// CLIJ2's DistanceMap: the pixels > 0 are eroded step by step, face neighbours (diamond) at even
// steps and the box at odd steps, until nothing is left; each pixel's value is the number of
// steps it is inside (1 for a pixel that the first erosion removes). One 4-byte read per step.
void distance_map(OpCall& c) {
    Image& src = c.input("source");
    Image& dst = c.output("destination");
    const Shape& s = src.shape();
    const std::uint64_t n = s.pixels();
    ImagePtr a = c.temp(s, PixelType::UInt8, ImageKind::Binary);
    ImagePtr b = c.temp(s, PixelType::UInt8, ImageKind::Binary);
    c.kernel("segmentation.cl", "distance_init", {{"SRC", &src}})
        .image(src).image(*a).image(dst).i64(static_cast<std::int64_t>(n))
        .run(cl::NDRange(n));
    // flags: [0] a pixel stayed inside, [1] a pixel was removed. An image whose foreground no step
    // can remove (no background pixel) would make CLIJ2 loop forever: stop after two steps (one
    // of each shape) that remove nothing.
    cl::Buffer flags = c.temp_buffer(2 * sizeof(cl_uint));
    int idle = 0;
    for (std::int64_t step = 0;; ++step) {
        const cl_uint zero[2] = {0, 0};
        c.queue().enqueueWriteBuffer(flags, CL_FALSE, 0, sizeof zero, zero);
        c.kernel("segmentation.cl", "distance_step", {})
            .image(*a).image(*b).image(dst).shape(src).i32(step % 2 == 0 ? 0 : 1).buffer(flags)
            .run(range_of(src));
        std::swap(a, b);
        cl_uint got[2] = {0, 0};
        c.queue().enqueueReadBuffer(flags, CL_TRUE, 0, sizeof got, got);
        if (!got[0]) break;
        idle = got[1] ? 0 : idle + 1;
        if (idle >= 2) break;
    }
}

// ---- labels on the surface --------------------------------------------------------------------

// The rays of CLIJ2's exclude_labels_(sub_)surface kernels for n_items label ids, with a point list
// `points` (pw columns, ph rows); then CLIJ2's renumbering: ids whose flag is kept (found_another
// for excludeLabelsOnSurface, not found for the sub-surface variant; id 0 never) numbered 1, 2, ...
// in id order, and every pixel's id looked up with CLIJ2's clamped read (ids >= n_items take the
// entry of id n_items - 1).
void surface_filter(OpCall& c, const Image& points, const Image& labels, const Image& dst, const std::string& labels_arg,
                    std::int64_t n_items, float cx, float cy, float cz, bool keep_found) {
    const Shape& s = labels.shape();
    const std::size_t max_id = max_label_of(c, labels, labels_arg);
    std::vector<cl_uint> map(max_id + 1, 0);
    if (n_items > 0) {
        cl::Buffer found = c.temp_buffer(static_cast<std::size_t>(n_items));
        c.kernel("segmentation.cl", "surface_rays", {{"PTS", &points}, {"LBL", &labels}})
            .image(points).i64(static_cast<std::int64_t>(points.shape().width))
            .i64(static_cast<std::int64_t>(points.shape().height)).image(labels).shape(labels)
            .f32(cx).f32(cy).f32(cz).i32(s.depth > 1 ? 1 : 0).buffer(found).i64(n_items)
            .run(cl::NDRange(static_cast<std::size_t>(n_items)));
        std::vector<cl_uchar> flags(static_cast<std::size_t>(n_items));
        c.queue().enqueueReadBuffer(found, CL_TRUE, 0, flags.size(), flags.data());
        std::vector<cl_uint> index(flags.size(), 0);
        cl_uint count = 1;
        for (std::size_t i = 1; i < flags.size(); ++i)
            if ((flags[i] != 0) == keep_found) index[i] = count++;
        for (std::size_t l = 0; l <= max_id; ++l) map[l] = index[std::min<std::size_t>(l, index.size() - 1)];
    }
    cl::Buffer b = c.temp_buffer(map.size() * sizeof(cl_uint));
    c.queue().enqueueWriteBuffer(b, CL_TRUE, 0, map.size() * sizeof(cl_uint), map.data());
    c.kernel("label.cl", "relabel_by_map", {{"LBL", &labels}, {"DST", &dst}})
        .image(labels).buffer(b).i64(static_cast<std::int64_t>(map.size())).image(dst)
        .i64(static_cast<std::int64_t>(s.pixels()))
        .run(cl::NDRange(s.pixels()));
}

// ---- overlap measures ------------------------------------------------------------------------

struct OverlapSpec {
    const char* name;
    bool dice;               // Sorensen-Dice coefficient instead of the Jaccard index
    bool byref;              // the get* twin: a ByRef Number instead of a Results row
    const char* result;      // ByRef name
    const char* column;      // CLIJ2's Results column
};

const OverlapSpec kOverlaps[] = {
    {"jaccardIndex", false, false, "jaccard_index", "Jaccard_Index"},
    {"getJaccardIndex", false, true, "jaccard_index", "Jaccard_Index"},
    {"sorensenDiceCoefficient", true, false, "sorensen_dice_coefficient", "Sorensen_Dice_coefficient"},
    {"getSorensenDiceCoefficient", true, true, "sorensen_dice_coefficient", "Sorensen_Dice_coefficient"},
};

void overlap_measure(OpCall& c, const OverlapSpec& o) {
    require_same_shape(c, "source1", "source2");
    Image& a = c.input("source1");
    Image& b = c.input("source2");
    const std::int64_t n = pixel_count(a);
    const std::size_t items = static_cast<std::size_t>(std::max<std::int64_t>(1, std::min<std::int64_t>(n, 1 << 14)));
    cl::Buffer counts = c.temp_buffer(2 * items * sizeof(cl_ulong));
    c.kernel("segmentation.cl", "overlap_counts", {{"SRC", &a}, {"SRC2", &b}})
        .image(a).image(b).i64(n).buffer(counts)
        .run(cl::NDRange(items));
    std::vector<cl_ulong> host(2 * items);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, host.size() * sizeof(cl_ulong), host.data());
    cl_ulong both = 0, either = 0;
    for (std::size_t i = 0; i < items; ++i) {
        both += host[2 * i];
        either += host[2 * i + 1];
    }
    const double j = static_cast<double>(both) / static_cast<double>(either);  // 0/0: NaN, as CLIJ2
    c.set_result(o.result, o.dice ? 2.0 * j / (j + 1.0) : j);
}

// ---- overlap matrices ------------------------------------------------------------------------

std::size_t max_label_for_rule(const OpCall& c, const std::string& arg) {
    OpCall& call = const_cast<OpCall&>(c);
    return max_label_of(call, call.input(arg), arg);
}

OutputDesc pair_matrix_rule(const OpCall& c) {
    require_same_shape(c, "label_map1", "label_map2");
    const std::uint64_t w = max_label_for_rule(c, "label_map1") + 1;
    const std::uint64_t h = max_label_for_rule(c, "label_map2") + 1;
    const double bytes = 4.0 * static_cast<double>(w) * static_cast<double>(h);
    if (bytes > static_cast<double>(c.device_info().max_alloc_bytes)) {
        char text[96];
        std::snprintf(text, sizeof text, "%.3g GB", bytes / 1e9);
        c.fail("label_map1", "the matrix is a dense " + std::to_string(w) + " x " + std::to_string(h) +
                                 " float matrix (CLIJ2's layout, background at index 0): " + text +
                                 ", more than the device's largest single allocation");
    }
    return OutputDesc{{w, h, 1}, PixelType::Float32, ImageKind::Intensity};
}

void pair_matrix(OpCall& c, bool jaccard, const std::string& dst_arg) {
    Image& l1 = c.input("label_map1");
    Image& l2 = c.input("label_map2");
    Image& dst = c.output(dst_arg);
    const std::uint64_t w = dst.shape().width, h = dst.shape().height;
    const std::int64_t n = pixel_count(l1);
    cl::Buffer counts = c.temp_buffer(w * h * sizeof(cl_uint));
    c.queue().enqueueFillBuffer(counts, cl_uint{0}, 0, w * h * sizeof(cl_uint));
    c.kernel("segmentation.cl", "pair_counts", {{"LBL", &l1}, {"LBL2", &l2}}, {{"BINARY", jaccard ? "0" : "1"}})
        .image(l1).image(l2).i64(n).buffer(counts).i64(static_cast<std::int64_t>(w)).i64(static_cast<std::int64_t>(h))
        .run(cl::NDRange(static_cast<std::size_t>(n)));
    std::vector<cl_uint> tp(w * h);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, tp.size() * sizeof(cl_uint), tp.data());
    std::vector<float> out(w * h);
    if (!jaccard) {
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = tp[i] ? 1.0f : 0.0f;
    } else {
        // CLIJ2: true positives tp(l1, l2); jaccard = tp / (count1(l1) - tp + count2(l2)) in float
        // (0/0 = NaN where neither id occurs).
        std::vector<double> count1(w, 0.0), count2(h, 0.0);
        for (std::uint64_t y = 0; y < h; ++y)
            for (std::uint64_t x = 0; x < w; ++x) {
                count1[x] += tp[x + w * y];
                count2[y] += tp[x + w * y];
            }
        for (std::uint64_t y = 0; y < h; ++y)
            for (std::uint64_t x = 0; x < w; ++x) {
                const double t = tp[x + w * y];
                out[x + w * y] = static_cast<float>(t / (count1[x] - t + count2[y]));
            }
    }
    c.queue().enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, out.size() * sizeof(float), out.data());
}

// ---- docs ------------------------------------------------------------------------------------

const char* kIdsDoc =
    "Label ids are read as integers (float ids truncated, negative ones and NaN read as 0) and written "
    "exactly (CLIJ2 works in float: ids above 2^24 merge).";

std::string overlap_doc(const OverlapSpec& o) {
    std::string d = o.dice ? "The Sorensen-Dice coefficient of two binary images: 2 j / (j + 1) from the Jaccard "
                             "index j = |A and B| / |A or B| "
                           : "The Jaccard index of two binary images: |A and B| / |A or B| ";
    d += "(A, B: the non-zero pixels of source1 and source2; counts over all planes, exact 64-bit "
         "integers), between 0 (no overlap) and 1 (identical). ";
    d += o.byref ? std::string("Returned in the ByRef number ") + o.result + ". "
                 : std::string("CLIJ2 adds it as a new row of the Results table, column ") + o.column +
                       "; ijcl returns it as the result " + o.result + " (the Results row under Ext.CLIJ2_). ";
    d += "Inputs: two images of the same shape, any pixel types (non-zero = foreground, NaN counts as "
         "foreground), 2D or 3D. Two empty images: 0 / 0 = NaN, as in CLIJ2. Errors: shapes differ "
         "(names 'source2'). Algorithm: CLIJ2's JaccardIndex";
    d += o.dice ? " and SorensenDiceCoefficient (2 j / (j + 1))" : "";
    d += " (binaryIntersection and binaryUnion counted with countNonZeroPixels); ijcl counts both in one "
         "pass. Difference from CLIJ2: CLIJ2 counts in a float sum (exact below 2^24 pixels), ijcl exactly.";
    return d;
}

}  // namespace

void register_segmentation_ops(Registry& r) {
    r.add("voronoiOtsuLabeling", "Label")
        .doc("Labels objects directly in an intensity image, as CLIJ2's VoronoiOtsuLabeling composes it: "
             "(1) CLIJ2's Gaussian blur of the input with spot_sigma on every axis (separable float passes "
             "x, y and, in a stack, z; kernel size int(8 sigma) made odd, weights exp(-v^2 / (2 sigma^2)) "
             "normalised to sum 1, reads clamped to the edge); (2) its local maxima (CLIJ2's "
             "detectMaxima3DBox with radius 0: 3 x 3 (x 3) neighbourhood, edges clamped; of equal values "
             "the first in CLIJ2's scan order wins, and the first column, row and plane are never maxima); "
             "(3) CLIJ2's Gaussian blur with outline_sigma; (4) CLIJ2's thresholdOtsu of it: a 256-bin "
             "histogram between its minimum and maximum (bin = (int)((v - min) * 255 / (max - min) + 0.5)), "
             "ImageJ's AutoThresholder Otsu method on it (the between-class variance form CLIJ2 copied, "
             "AutoThresholderImageJ1: the last bin of largest variance), the level mapped back as min + "
             "((level + 1) / 255) (max - min) in float, pixels >= it are foreground; (5) the maxima inside "
             "the foreground as seeds, flooded inside the foreground (maskedVoronoiLabeling: seeds "
             "labelled with 8/26 connectivity, ids in raster order of each seed's first pixel, grown by "
             "box and diamond steps alternating, the larger id winning ties). Input: any pixel type, 2D "
             "or 3D; sigmas in pixels. Output: label image (uint32), same shape, 0 = background. "
             "Errors: sigmas below 0 or above 256. Differences: pyclesperanto_prototype's "
             "voronoi_otsu_labeling thresholds with scikit-image's Otsu (keeping about 1% more "
             "foreground); ijcl follows CLIJ2's Java (ImageJ's AutoThresholder). CLIJ2 numbers the "
             "seed components in another order (ijcl: raster order) and returns a float image; because "
             "the larger id wins a pixel two seeds reach in the same step, the result equals CLIJ2's up "
             "to renumbering except for such ties. The blurs are CLIJ2's Gaussian, not ImageJ's (ijcl's "
             "gaussianBlur3D is ImageJ's), so that the spots and outline are CLIJ2's.")
        .input("input", "intensity image")
        .output("destination", "label image (uint32), same shape",
                shape_of("input", PixelType::UInt32, ImageKind::Label))
        .number("spot_sigma", "2", "sigma of the blur before spot detection, pixels", 0, 256)
        .number("outline_sigma", "2", "sigma of the blur before thresholding, pixels", 0, 256)
        .run(voronoi_otsu_labeling);

    r.add("erodeLabels", "Label")
        .doc("Shrinks every label, as CLIJ2's ErodeLabels: first every label pixel with a face neighbour "
             "(4 in 2D, 6 in a stack; inside the image) of another id, background included, becomes 0 "
             "(so touching labels separate); then, for radius > 1, `radius` minimum filters of radius 1, "
             "face neighbours (CLIJ2's minimum sphere) at even steps and the 3 x 3 (x 3) box at odd steps "
             "(radius 1: the first step only; radius 0 or less: a copy). A box step can give a pixel a "
             "diagonal neighbour's smaller id, as in CLIJ2. Then, without relabel_islands, the ids that "
             "remain are renumbered 1..n in increasing order (closeIndexGapsInLabelMap); with "
             "relabel_islands, the non-zero pixels are labelled again as connected components "
             "(connectedComponentsLabelingBox: 8/26 neighbours, ids in raster order of each object's first "
             "pixel), so a label split in parts gets one id per part. Input: a label image, any pixel type, "
             "2D or 3D; radius in pixels. Output: label image (uint32), same shape. " +
             std::string(kIdsDoc) +
             " Algorithm: CLIJ2's ErodeLabels (detectLabelEdges, binaryNot, mask, minimum2D/3DSphere and "
             "Box alternating, closeIndexGapsInLabelMap or connectedComponentsLabelingBox). Differences "
             "from CLIJ2: relabel_islands numbers the parts in raster order (CLIJ2: another order) and the "
             "result is uint32 (CLIJ2: the input's type). pyclesperanto_prototype's erode_labels runs one "
             "minimum filter fewer (radius - 1) than CLIJ2's Java; ijcl follows the Java.")
        .input("labels_input", "label image")
        .output("labels_destination", "label image (uint32), same shape",
                shape_of("labels_input", PixelType::UInt32, ImageKind::Label))
        .integer("radius", "1", "erosion steps, pixels", -1000000, 100000)
        .boolean("relabel_islands", "false", "label the separate parts of a label separately")
        .run(erode_labels);

    r.add("floodFillDiamond", "Filter")
        .doc("Replaces, recursively, pixels of value_to_replace that have a face neighbour (4 in 2D, 6 in a "
             "stack; inside the image) of value_replacement by value_replacement: every pixel equal to "
             "value_to_replace that is connected through face neighbours equal to value_to_replace to a pixel "
             "equal to value_replacement becomes value_replacement; other pixels are copied. Values are "
             "compared as floats (as CLIJ2 does). Input: any pixel type, 2D or 3D. Output: the input's "
             "shape and pixel type (value_replacement stored as the type stores it: rounded and saturated "
             "for 8/16-bit). Algorithm: CLIJ2's FloodFillDiamond repeats a one-pixel flooding step until "
             "nothing changes (one step per pixel of flood distance); ijcl labels the replaceable pixels "
             "(connectedComponentsLabelingDiamond), flags the components with a face neighbour of "
             "value_replacement and writes them: the same result in a constant number of steps. "
             "Difference from CLIJ2: with value_to_replace equal to value_replacement CLIJ2 never ends "
             "(every step reports a change); ijcl copies the image.")
        .input("source", "image")
        .output("destination", "the flooded image, same shape and pixel type", same_as("source"))
        .number("value_to_replace", "0", "the value of the pixels that may be replaced")
        .number("value_replacement", "1", "the value that spreads")
        .run([](OpCall& c) {
            flood_fill(c, c.input("source"), c.output("destination"), "source", false,
                       static_cast<float>(c.number("value_to_replace")),
                       static_cast<float>(c.number("value_replacement")));
        });

    r.add("binaryFillHoles", "Binary")
        .doc("Fills holes: background (0) pixels that are not connected, through background face "
             "neighbours (4 in 2D, 6 in a stack), to the image's border become 1; foreground stays 1. In a "
             "stack the border includes the first and last planes and holes are 3D (a background region "
             "enclosed in 3D is filled, one open in another plane is not). Input: any pixel type, non-zero = "
             "foreground, 2D or 3D. Output: binary (uint8 0/1), same shape. Algorithm: CLIJ2's "
             "BinaryFillHoles (pad with a border, floodFillDiamond from it, keep what was not flooded), "
             "computed by labelling the background (connectedComponentsLabelingDiamond) and keeping the "
             "components that reach the border as background. Differences: CLIJ2 writes into a destination "
             "of the input's type and treats a source pixel of value 2 as flooded (0 in the result); ijcl "
             "reads non-zero as foreground. ImageJ's Process > Binary > Fill Holes is the same in 2D "
             "(4-connected background from the edges) but works plane by plane in a stack.")
        .imagej("Process > Binary > Fill Holes on a single 2D image: the same pixels (background "
                "4-connected to the edges stays); on stacks ImageJ fills plane by plane, CLIJ2 and ijcl in 3D")
        .input("source", "binary image, non-zero = foreground")
        .output("destination", "binary image (uint8 0/1), same shape",
                shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) {
            flood_fill(c, c.input("source"), c.output("destination"), "source", true, 0.0f, 0.0f);
        });

    r.add("binaryEdgeDetection", "Binary")
        .doc("The inner edge of binary objects: 1 where a pixel is non-zero and one of its face neighbours "
             "inside the image (4 in 2D, 6 in a stack) is 0, else 0. The image border is no edge (CLIJ2 "
             "clamps reads to the edge: the same result). Input: any pixel type, non-zero = foreground (NaN "
             "too), 2D or 3D. Output: binary (uint8 0/1), same shape. Algorithm: CLIJ2's "
             "BinaryEdgeDetection (binary_edge_detection_2d/3d kernels), one work item per pixel. "
             "Differences: CLIJ2 writes 0/1 into a destination of the input's type, ijcl a binary image. "
             "ImageJ's Process > Binary > Outline differs (it keeps pixels with a background neighbour among "
             "8 and works plane by plane): no ImageJ oracle.")
        .input("source", "binary image, non-zero = foreground")
        .output("destination", "binary edge image (uint8 0/1), same shape",
                shape_of("source", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) {
            Image& src = c.input("source");
            Image& dst = c.output("destination");
            c.kernel("segmentation.cl", "binary_edges", {{"SRC", &src}})
                .image(src).image(dst).shape(src)
                .run(range_of(src));
        });

    for (const OverlapSpec& o : kOverlaps) {
        const OverlapSpec* row = &o;
        auto b = r.add(o.name, "Measurement");
        b.doc(overlap_doc(o));
        if (o.byref) b.clij2(std::string("Image source1, Image source2, ByRef Number ") + o.result);
        else b.clij2("Image source1, Image source2", {o.column});
        b.input("source1", "binary image, non-zero = foreground")
            .input("source2", "binary image of the same shape")
            .result(o.result, o.dice ? "the Sorensen-Dice coefficient (0..1)" : "the Jaccard index (0..1)")
            .run([row](OpCall& c) { overlap_measure(c, *row); });
    }

    struct MatrixSpec {
        const char* name;
        bool jaccard;
        const char* dst;
    };
    static const MatrixSpec kMatrices[] = {
        {"generateBinaryOverlapMatrix", false, "binary_overlap_matrix_destination"},
        {"generateJaccardIndexMatrix", true, "jaccard_index_matrix_destination"},
    };
    for (const MatrixSpec& m : kMatrices) {
        const MatrixSpec* row = &m;
        r.add(m.name, "Measurement")
            .doc(std::string(m.jaccard
                                 ? "The Jaccard index of every pair of labels of two label images: entry (l1, l2) "
                                   "(x = l1, y = l2) = |l1 and l2| / (|l1| + |l2| - |l1 and l2|), the pixel "
                                   "counts of id l1 in label_map1 and l2 in label_map2 and of the pixels where "
                                   "both occur, computed in double and stored in float (CLIJ2: float, the same "
                                   "rounding below 2^24 pixels); 0 for pairs that do not overlap; NaN where "
                                   "neither id occurs (0 / 0, as CLIJ2). "
                                 : "Which labels of two label images overlap: entry (l1, l2) (x = l1, y = l2) = 1 "
                                   "when some pixel holds l1 in label_map1 and l2 in label_map2, else 0. ") +
                 "Background is id 0 (row and column 0 included, as CLIJ2). Inputs: two label images of the same "
                 "shape, any pixel types, 2D or 3D. Output: float32 matrix of (n1 + 1) x (n2 + 1), n1 and n2 "
                 "the largest ids. Size limit: the matrix is dense, 4 (n1 + 1)(n2 + 1) bytes (100,000 labels "
                 "each: 40 GB); larger than the device's largest allocation is an error naming label_map1. " +
                 kIdsDoc + " Errors: shapes differ ('label_map2'), ids of 2^28 or more. Algorithm: CLIJ2's " +
                 (m.jaccard ? "GenerateJaccardIndexMatrix (pair counts, then sums along x and y)"
                            : "GenerateBinaryOverlapMatrix (generate_binary_overlap_matrix kernel)") +
                 "; ijcl counts the pairs with atomics on the device and finishes on the host.")
            .input("label_map1", "label image")
            .input("label_map2", "label image of the same shape")
            .output(m.dst, "float32 (n1 + 1) x (n2 + 1) matrix", pair_matrix_rule)
            .run([row](OpCall& c) { pair_matrix(c, row->jaccard, row->dst); });
    }

    r.add("distanceMap", "Measurement")
        .doc("A distance map of a binary image as CLIJ2's DistanceMap computes it: the pixels > 0 are eroded "
             "repeatedly, by face neighbours (4 in 2D, 6 in a stack) at the first, third, ... step and by the "
             "3 x 3 (x 3) box at the second, fourth, ..., until nothing is left; a pixel's value is the number "
             "of these erosions it is inside for, counting the start (1 for a foreground pixel next to "
             "background, 0 for background): an octagonal approximation of the distance to the nearest "
             "background pixel, in pixels. Neighbours outside the image do not erode (CLIJ2 clamps reads to "
             "the edge): an object touching the border grows deeper towards it. Input: any pixel type (pixels "
             "> 0 are foreground; 0, negative values and NaN are background), 2D or 3D. Output: float32, same "
             "shape. Algorithm: CLIJ2's DistanceMap (greaterConstant, then distancemap_local_positive_minimum "
             "diamond and box alternating, summed), one launch and one 4-byte read per erosion. Not the "
             "Euclidean distance map of ImageJ's Process > Binary > Distance Map (no ImageJ oracle). Difference from "
             "CLIJ2: an image whose foreground no erosion can remove (it has no background pixel) makes CLIJ2 "
             "loop forever; ijcl stops after two steps that remove nothing (the foreground then holds the count "
             "so far, e.g. 3).")
        .input("source", "binary image, > 0 = foreground")
        .output("destination", "float32 distance map, same shape",
                shape_of("source", PixelType::Float32, ImageKind::Intensity))
        .run(distance_map);

    r.add("labelVoronoiOctagon", "Label")
        .doc("Grows every label into the background until the labels fill the image, as CLIJ2's "
             "LabelVoronoiOctagon: box (3 x 3 (x 3)) and face-neighbour steps alternating, starting with the "
             "box, a background pixel taking the largest id among its neighbours, until a step changes "
             "nothing (an octagonal growth; the same steps as extendLabelingViaVoronoi, which ijcl runs). "
             "Input: a label image, any pixel type, 2D or 3D. Output: label image (uint32), same shape. " +
             std::string(kIdsDoc) +
             " Difference from CLIJ2: its description calls the result a binary Voronoi diagram, but its code "
             "returns the grown labels (in the input's type); ijcl returns them as uint32.")
        .input("label_map", "label image")
        .output("label_voronoi_destination", "label image (uint32), same shape",
                shape_of("label_map", PixelType::UInt32, ImageKind::Label))
        .run([](OpCall& c) {
            sub_op(c, "extendLabelingViaVoronoi",
                   {{"input", c.inputs_.at("label_map")}, {"destination", c.outputs_.at("label_voronoi_destination")}});
        });

    r.add("voronoiOctagon", "Binary")
        .doc("The Voronoi diagram of the objects of a binary image, as CLIJ2's VoronoiOctagon: the objects are "
             "labelled and grown until they fill the image (voronoiLabeling: connected components with 8/26 "
             "neighbours, ids in raster order, box and face-neighbour steps alternating, the larger id winning "
             "ties), then the pixels with a face neighbour of another id are 1 (detectLabelEdges), else 0. "
             "Input: any pixel type, non-zero = object, 2D or 3D. Output: binary (uint8 0/1), same shape. "
             "Difference from CLIJ2: CLIJ2 numbers the components in another order; because ties go to the "
             "larger id, a boundary can lie one pixel apart where two objects reach a pixel in the same step.")
        .input("input", "binary image, non-zero = object")
        .output("destination", "binary Voronoi diagram (uint8 0/1), same shape",
                shape_of("input", PixelType::UInt8, ImageKind::Binary))
        .run([](OpCall& c) {
            ImagePtr src = c.inputs_.at("input");
            ImagePtr labels = c.temp(src->shape(), PixelType::UInt32, ImageKind::Label);
            sub_op(c, "voronoiLabeling", {{"input", src}, {"destination", labels}});
            sub_op(c, "detectLabelEdges", {{"label_map", labels}, {"edge_image_destination", c.outputs_.at("destination")}});
        });

    struct SurfaceSpec {
        const char* name;
        bool keep_found;
        const char* what;
    };
    static const SurfaceSpec kSurfaces[] = {
        {"excludeLabelsOnSurface", true,
         "removes the labels on the surface: a label is kept only when its ray meets another label between "
         "it and the image border"},
        {"excludeLabelsSubSurface", false,
         "keeps the labels on the surface: a label is removed when its ray meets another label between it "
         "and the image border"},
    };
    const std::string ray_doc =
        "For each label id l, a ray starts at column l - 1 of the point list (x, y, z rows, e.g. from "
        "centroidsOfLabels) and walks in steps of 1 pixel away from the centre (centerX, centerY, centerZ, "
        "pixels; centerZ unused in 2D) until it leaves the image; the label under each position (truncated "
        "to whole pixels) is read, and the ray 'meets another label' when, after its own id, it reads a "
        "different non-zero id. ";
    for (const SurfaceSpec& sp : kSurfaces) {
        const SurfaceSpec* row = &sp;
        r.add(sp.name, "Label")
            .doc(std::string("Ray test against the image border, as CLIJ2's ") +
                 (sp.keep_found ? "ExcludeLabelsOnSurface" : "ExcludeLabelsSubSurface") + ": " + sp.what + ". " +
                 ray_doc +
                 "The kept labels are renumbered 1, 2, ... in id order, removed ones become 0. As in CLIJ2 (its "
                 "kernel runs one work item per point-list column, ids 0 .. width - 1), only ids below the point "
                 "list's width are tested, and an id at or above it takes the result of id width - 1 (CLIJ2's "
                 "clamped lookup): with the n-column list of centroidsOfLabels, label n shares label n - 1's "
                 "fate (labelSurface passes n + 1 columns). Inputs: pointlist (any pixel type; 2 or 3 rows, rows "
                 "beyond its height read as its last row, as CLIJ2's clamped reads), label_map_input (any pixel "
                 "type holding ids), 2D or 3D. Output: label image (uint32), the label map's shape. " +
                 kIdsDoc +
                 " Errors: ids of 2^28 or more. A point equal to the centre (no direction) or NaN (an id without "
                 "pixels) ends its ray at once: CLIJ2's ray would never end there. Algorithm: CLIJ2's "
                 "exclude_labels_" + (sp.keep_found ? "on_surface" : "sub_surface") +
                 "_2d/3d kernel (float steps), then replaceIntensities with the renumbering.")
            .input("pointlist", "point list: x, y (, z) rows, column l - 1 for label l")
            .input("label_map_input", "label image")
            .output("label_map_destination", "label image (uint32), same shape",
                    shape_of("label_map_input", PixelType::UInt32, ImageKind::Label))
            .number("centerX", "0", "ray centre x, pixels")
            .number("centerY", "0", "ray centre y, pixels")
            .number("centerZ", "0", "ray centre z, pixels (3D only)")
            .run([row](OpCall& c) {
                Image& points = c.input("pointlist");
                surface_filter(c, points, c.input("label_map_input"), c.output("label_map_destination"),
                               "label_map_input", static_cast<std::int64_t>(points.shape().width),
                               static_cast<float>(c.number("centerX")), static_cast<float>(c.number("centerY")),
                               static_cast<float>(c.number("centerZ")), row->keep_found);
            });
    }

    r.add("labelSurface", "Label")
        .doc("Keeps the labels on the surface of a labelled tissue, as CLIJ2's LabelSurface: the centroids of "
             "the labels (centroidsOfLabels, n + 1 columns for n = the largest id) and excludeLabelsSubSurface "
             "with the centre (width relative_center_x, height relative_center_y, depth relative_center_z), so "
             "a label stays when the ray from the centre through its centroid meets no other label between it "
             "and the image border; kept labels renumbered 1, 2, ... in id order. " + ray_doc +
             "Input: a label image (any pixel type holding ids), 2D or 3D; relative centres as fractions of the "
             "image size (0.5 = the middle). Output: label image (uint32), same shape. " + kIdsDoc +
             " Errors: ids of 2^28 or more. Difference from CLIJ2: centroids are averaged in double and "
             "rounded to float (CLIJ2 sums in float: the same for coordinate sums below 2^24).")
        .input("input_labels", "label image")
        .output("destination_labels", "label image (uint32), same shape",
                shape_of("input_labels", PixelType::UInt32, ImageKind::Label))
        .number("relative_center_x", "0.5", "ray centre x as a fraction of the width")
        .number("relative_center_y", "0.5", "ray centre y as a fraction of the height")
        .number("relative_center_z", "0.5", "ray centre z as a fraction of the depth")
        .run([](OpCall& c) {
            Image& labels = c.input("input_labels");
            const Shape& s = labels.shape();
            std::size_t max_label = 0;
            const std::vector<double> centroids = label_centroids(c, labels, "input_labels", &max_label);
            const std::size_t cols = max_label + 1, rows = s.depth > 1 ? 3 : 2;
            std::vector<float> list(cols * rows, 0.0f);
            for (std::size_t l = 1; l <= max_label; ++l)
                for (std::size_t k = 0; k < rows; ++k) list[(l - 1) + cols * k] = static_cast<float>(centroids[3 * l + k]);
            ImagePtr points = c.temp({cols, rows, 1}, PixelType::Float32);
            c.queue().enqueueWriteBuffer(points->buffer(), CL_TRUE, 0, list.size() * sizeof(float), list.data());
            const float cx = static_cast<float>(s.width) * static_cast<float>(c.number("relative_center_x"));
            const float cy = static_cast<float>(s.height) * static_cast<float>(c.number("relative_center_y"));
            const float cz = static_cast<float>(s.depth) * static_cast<float>(c.number("relative_center_z"));
            surface_filter(c, *points, labels, c.output("destination_labels"), "input_labels",
                           static_cast<std::int64_t>(cols), cx, cy, cz, false);
        });

    r.add("visualizeOutlinesOnOriginal", "Math")
        .clij2("Image intensity, Image labels, ByRef Image destination")
        .doc("Draws label outlines onto an intensity image: where a pixel of `labels` has a face neighbour "
             "(4 in 2D, 6 in a stack; inside the image) of another id (CLIJ2's detectLabelEdges, background "
             "included), the maximum of the intensity image + 1 (saturated for 8/16-bit: 255 / 65535 when the "
             "maximum is already there); elsewhere the intensity pixel. Inputs: intensity (any pixel type) and "
             "labels (the same shape, any pixel type holding ids), 2D or 3D. Output: the intensity's shape and "
             "pixel type. Errors: shapes differ ('labels'). Algorithm: CLIJ2's VisualizeOutlinesOnOriginal "
             "(detectLabelEdges, multiplyImageAndScalar by max + 1, maximumImages). " +
             std::string(kIdsDoc) + " (ids compared, not written)")
        .input("intensity", "intensity image")
        .input("labels", "label image of the same shape")
        .output("destination", "the intensity image with outlines, same shape and pixel type",
                [](const OpCall& c) {
                    require_same_shape(c, "intensity", "labels");
                    const Image& in = c.input("intensity");
                    return OutputDesc{in.shape(), in.type(), ImageKind::Intensity};
                })
        .run([](OpCall& c) {
            Image& src = c.input("intensity");
            Image& lbl = c.input("labels");
            Image& dst = c.output("destination");
            const double mx = maximum_of_all_pixels(c, src);
            const double outline = mx + 1.0;
            const double type_max = src.type() == PixelType::UInt8    ? 255.0
                                    : src.type() == PixelType::UInt16 ? 65535.0
                                                                      : 4294967295.0;
            const double sat = std::isnan(outline) ? 0.0 : std::min(std::max(outline, 0.0), type_max);
            c.kernel("segmentation.cl", "outlines_on_original", {{"SRC", &src}, {"LBL", &lbl}, {"DST", &dst}})
                .image(src).image(lbl).image(dst).shape(src).f32(static_cast<float>(outline))
                .u32(static_cast<std::uint32_t>(sat))
                .run(range_of(src));
        });
}

}  // namespace ijcl
