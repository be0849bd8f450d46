// Points and labels (kernels/label_point.cl): the bounding box and centre of mass of an image
// (boundingBox/getBoundingBox and centerOfMass/getCenterOfMass: one table, kImageMeasures, whose
// rows differ in Results row vs. ByRef numbers), centroids of background and labels,
// reduceLabelsToCentroids, point lists from spots and spots from point lists, values read from
// maps (readValuesFromMap, readValuesFromPositions) and generateParametricImage. The per-label
// reduction is statisticsOfLabelledPixels's (label_statistics.hpp).
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "ijcl/device.hpp"
#include "ijcl/op_call.hpp"
#include "label_statistics.hpp"
#include "op_helpers.hpp"

namespace ijcl {
namespace {

template <typename T>
std::vector<T> read_back(OpCall& c, const cl::Buffer& b, std::size_t count) {
    std::vector<T> out(count);
    if (count) c.queue().enqueueReadBuffer(b, CL_TRUE, 0, count * sizeof(T), out.data());
    return out;
}

// Plane 0 of an image as floats (point lists and vectors are small).
std::vector<float> read_as_float(OpCall& c, const Image& image, std::uint64_t count) {
    std::vector<unsigned char> raw(count * bytes_per_pixel(image.type()));
    if (!raw.empty()) c.queue().enqueueReadBuffer(image.buffer(), CL_TRUE, 0, raw.size(), raw.data());
    std::vector<float> out(count);
    for (std::uint64_t i = 0; i < count; ++i) {
        switch (image.type()) {
            case PixelType::UInt8: out[i] = raw[i]; break;
            case PixelType::UInt16: { std::uint16_t v; std::memcpy(&v, &raw[2 * i], 2); out[i] = v; break; }
            case PixelType::UInt32: { std::uint32_t v; std::memcpy(&v, &raw[4 * i], 4); out[i] = static_cast<float>(v); break; }
            default: std::memcpy(&out[i], &raw[4 * i], 4);
        }
    }
    return out;
}

void zero_fill(OpCall& c, const Image& dst) {
    c.queue().enqueueFillBuffer(dst.buffer(), cl_uint{0}, 0, dst.bytes() / 4 * 4);
    if (dst.bytes() % 4) c.queue().enqueueFillBuffer(dst.buffer(), cl_uchar{0}, dst.bytes() / 4 * 4, dst.bytes() % 4);
}

// --- boundingBox / centerOfMass -----------------------------------------------------------------

enum class Measure { BoundingBox, CenterOfMass };

struct ImageMeasureSpec {
    const char* name;
    Measure measure;
    bool byref;
};

const ImageMeasureSpec kImageMeasures[] = {
    {"boundingBox", Measure::BoundingBox, false},
    {"getBoundingBox", Measure::BoundingBox, true},
    {"centerOfMass", Measure::CenterOfMass, false},
    {"getCenterOfMass", Measure::CenterOfMass, true},
};

const char* const kBoxResults[] = {"boundingBoxX", "boundingBoxY", "boundingBoxZ",
                                   "boundingBoxWidth", "boundingBoxHeight", "boundingBoxDepth"};
const char* const kBoxColumns[] = {"BoundingBoxX", "BoundingBoxY", "BoundingBoxZ",
                                   "BoundingBoxWidth", "BoundingBoxHeight", "BoundingBoxDepth"};
const char* const kMassResults[] = {"centerOfMassX", "centerOfMassY", "centerOfMassZ"};
const char* const kMassColumns[] = {"MassX", "MassY", "MassZ"};

void run_bounding_box(OpCall& c) {
    const Image& src = c.input("source");
    const Shape& s = src.shape();
    cl::Buffer mins = c.temp_buffer(s.height * 3 * sizeof(float));
    cl::Buffer maxs = c.temp_buffer(s.height * 3 * sizeof(float));
    c.kernel("label_point.cl", "bounding_box_rows", {{"SRC", &src}})
        .image(src).shape(src).buffer(mins).buffer(maxs)
        .run(cl::NDRange(s.height));
    const std::vector<float> lo_rows = read_back<float>(c, mins, 3 * s.height);
    const std::vector<float> hi_rows = read_back<float>(c, maxs, 3 * s.height);
    double lo[3], hi[3];
    for (int a = 0; a < 3; ++a) {
        float l = std::numeric_limits<float>::max(), h = -std::numeric_limits<float>::infinity();
        for (std::uint64_t y = 0; y < s.height; ++y) {
            l = std::fmin(l, lo_rows[3 * y + a]);
            h = std::fmax(h, hi_rows[3 * y + a]);
        }
        lo[a] = l;
        hi[a] = h;
    }
    const bool three_d = s.depth > 1;
    const double v[6] = {lo[0], lo[1], three_d ? lo[2] : 0.0, hi[0] - lo[0] + 1, hi[1] - lo[1] + 1,
                         three_d ? hi[2] - lo[2] + 1 : 0.0};
    for (int k = 0; k < 6; ++k) c.set_result(kBoxResults[k], v[k]);
}

void run_center_of_mass(OpCall& c) {
    const Image& src = c.input("source");
    const Shape& s = src.shape();
    if (!c.device_info().has_fp64)
        c.fail("", "the device '" + c.device_info().name + "' lacks cl_khr_fp64, which the sums of the centre of mass need");
    const std::uint64_t rows = s.height * s.depth;
    cl::Buffer sums = c.temp_buffer(rows * 4 * sizeof(double));
    c.kernel("label_point.cl", "mass_rows", {{"SRC", &src}})
        .image(src).shape(src).buffer(sums)
        .run(cl::NDRange(s.height, s.depth));
    const std::vector<double> part = read_back<double>(c, sums, 4 * rows);
    double t[4] = {0, 0, 0, 0};
    for (std::uint64_t r = 0; r < rows; ++r)
        for (int k = 0; k < 4; ++k) t[k] += part[4 * r + k];
    for (int k = 0; k < 3; ++k) c.set_result(kMassResults[k], t[k + 1] / t[0]);
}

std::string image_measure_doc(const ImageMeasureSpec& m) {
    const std::string where = m.byref
        ? "into the ByRef numbers"
        : "as a new row of the Results table";
    if (m.measure == Measure::BoundingBox)
        return "The bounding box of the non-zero pixels of an image, written " + where +
               (m.byref ? std::string(" boundingBoxX/Y/Z/Width/Height/Depth")
                        : std::string(" (CLIJ2's columns BoundingBoxX, BoundingBoxY, BoundingBoxZ, BoundingBoxWidth, "
                                      "BoundingBoxHeight, BoundingBoxDepth)")) +
               ": start position and size in pixels; for a single plane Z and depth are 0. Input: any pixel "
               "type; every non-zero pixel (NaN included) is foreground. Follows CLIJ2's Java (BoundingBox) "
               "for its documented input, a 0/1 binary image, including its defect at the image border: CLIJ2 "
               "multiplies the image with each coordinate (p = value x coordinate), takes the maximum of p over "
               "all pixels as the end and, as the start, the smallest p that is not 0 (MinimumOfMaskedPixels "
               "reads its mask from p itself, not from the image). So pixels at x = 0 (y = 0) never start a "
               "box: an object touching the left (top) border gets X = 1 (Y = 1) and a width (height) one too "
               "small, and an image whose only foreground pixels lie at x = 0 gets X = 3.4028234663852886E38 "
               "(Float.MAX_VALUE) and a hugely negative width (an image without foreground: X = Float.MAX_VALUE "
               "as well). In a stack CLIJ2 first takes the smallest p of each (x, y) column over the planes "
               "where the pixel is foreground and then skips the columns whose minimum is 0, so a column with a "
               "foreground pixel at z = 0 never starts the box in z, even through its other planes. Width = "
               "end - start + 1. pyclesperanto_prototype's bounding_box masks with the image and has no such "
               "defect; the Ext.CLIJ2_ name follows CLIJ2's Java (acceptance, issues 9-11), and so does "
               "Ext.IJCL_ (one registry entry): use statisticsOfImage's BOUNDING_BOX_ columns for the exact box. "
               "Difference from CLIJ2: for images with values other than 0 and 1 CLIJ2 weights the coordinates "
               "by the values (and stores the products in the input's type, so 8/16-bit products saturate, "
               "e.g. a 0/255 mask gives 255 x coordinates, clamped at 255); ijcl uses the non-zero pixels, "
               "which is what CLIJ2 documents. Algorithm: one work item per row y walks its columns, the host combines the rows.";
    return "The centre of mass of an image: the intensity-weighted mean position, sum(v x) / sum(v), "
           "sum(v y) / sum(v), sum(v z) / sum(v), in pixels (pixel centres at whole numbers), written " + where +
           (m.byref ? std::string(" centerOfMassX/Y/Z") : std::string(" (CLIJ2's columns MassX, MassY, MassZ)")) +
           "; Z is 0 for a single plane. All pixels count, including negative float values; sum(v) = 0 gives "
           "NaN (0/0) or +-Infinity. Input: any pixel type. Algorithm: CLIJ2's CenterOfMass (sums of the image "
           "multiplied with each coordinate); here row sums in double, combined on the host in double. "
           "Difference from CLIJ2: CLIJ2 stores the products in the input's pixel type (8/16-bit products "
           "saturate) and sums in float; ijcl's sums are exact for integer images below 2^53.";
}

// --- centroids of background and labels, reduceLabelsToCentroids --------------------------------

// Centroids (x, y, z, double; NaN for an empty id) of ids 0..max, index id (BackgroundAndLabels).
std::vector<double> background_and_label_centroids(OpCall& c, const Image& labels, const std::string& arg,
                                                   std::size_t* ids) {
    const LabelAccumulators a = accumulate_labels(c, labels, labels, arg, arg, kLabelPositions,
                                                  LabelSelection::BackgroundAndLabels);
    const std::vector<cl_ulong> counts = read_back<cl_ulong>(c, a.counts, a.slots);
    const std::vector<cl_ulong> xyz = read_back<cl_ulong>(c, a.sums_xyz, 3 * a.slots);
    *ids = a.max_label;  // slots 1..max_label hold ids 0..max_label - 1
    std::vector<double> out(3 * a.max_label, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t slot = 1; slot < a.slots; ++slot)
        if (counts[slot])
            for (int k = 0; k < 3; ++k)
                out[3 * (slot - 1) + k] = static_cast<double>(xyz[3 * slot + k]) / static_cast<double>(counts[slot]);
    return out;
}

std::size_t max_label_for_rule(const OpCall& c, const std::string& arg) {
    OpCall& call = const_cast<OpCall&>(c);
    return max_label_of(call, call.input(arg), arg);
}

// Fails on `arg` when an output of `pixels` 4-byte pixels exceeds the device's largest single allocation.
void require_output_fits(const OpCall& c, const std::string& arg, double pixels, const std::string& what) {
    const double bytes = 4.0 * pixels;
    const double limit = static_cast<double>(c.device_info().max_alloc_bytes);
    if (bytes > limit)
        c.fail(arg, what + " would need " + std::to_string(static_cast<long long>(bytes / 1e6)) +
                        " MB, more than the device's largest single allocation (" +
                        std::to_string(static_cast<long long>(limit / 1e6)) + " MB)");
}

void centroids_of_background_and_labels(OpCall& c) {
    const Image& labels = c.input("source");
    Image& dst = c.output("pointlist_destination");
    std::size_t ids = 0;
    const std::vector<double> centroids = background_and_label_centroids(c, labels, "source", &ids);
    const std::size_t n = dst.shape().width, rows = dst.shape().height;
    std::vector<float> out(n * rows, 0.0f);
    for (std::size_t id = 0; id < ids && id < n; ++id)
        for (std::size_t k = 0; k < rows; ++k) out[id + n * k] = static_cast<float>(centroids[3 * id + k]);
    c.queue().enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, out.size() * sizeof(float), out.data());
}

// Writes (x, y, z, id) entries (in range, checked here) into a zeroed uint32 destination.
void write_spots(OpCall& c, Image& dst, const std::vector<cl_long>& entries) {
    zero_fill(c, dst);
    const std::size_t n = entries.size() / 4;
    if (n == 0) return;
    cl::Buffer b = c.temp_buffer(entries.size() * sizeof(cl_long));
    c.queue().enqueueWriteBuffer(b, CL_TRUE, 0, entries.size() * sizeof(cl_long), entries.data());
    c.kernel_t("label_point.cl", "write_spots", {})
        .buffer(b).i64(static_cast<std::int64_t>(n)).i64(static_cast<std::int64_t>(dst.shape().width))
        .i64(static_cast<std::int64_t>(dst.shape().height)).buffer(dst.buffer())
        .run(cl::NDRange(n));
}

// A float coordinate as CLIJ2's kernels turn it into a pixel index ((int) truncation toward 0);
// -1 for NaN or a position outside [0, size).
std::int64_t pixel_index(double v, std::uint64_t size) {
    if (!(v > -1.0) || !(v < static_cast<double>(size))) return -1;
    return static_cast<std::int64_t>(v);  // truncation; (-1, 0) truncates to 0 as in CLIJ2
}

void reduce_labels_to_centroids(OpCall& c) {
    const Image& labels = c.input("input_labels");
    Image& dst = c.output("destination_labels");
    const Shape& s = labels.shape();
    std::size_t ids = 0;
    const std::vector<double> centroids = background_and_label_centroids(c, labels, "input_labels", &ids);
    std::vector<cl_long> entries;
    for (std::size_t id = 1; id < ids; ++id) {  // id 0, the background, gets no spot (as CLIJ2)
        const double x = centroids[3 * id], y = centroids[3 * id + 1], z = centroids[3 * id + 2];
        // CLIJ2 stores the centroid as float and truncates it to a pixel position
        const std::int64_t px = pixel_index(static_cast<float>(x), s.width);
        const std::int64_t py = pixel_index(static_cast<float>(y), s.height);
        const std::int64_t pz = pixel_index(static_cast<float>(z), s.depth);
        if (px < 0 || py < 0 || pz < 0) continue;  // an id without pixels (NaN centroid)
        entries.insert(entries.end(), {px, py, pz, static_cast<cl_long>(id)});
    }
    write_spots(c, dst, entries);
}

// --- spots <-> point lists, values from maps ----------------------------------------------------

// last[id] = 1 + the raster index of id's last pixel (0: none), ids 0..n_ids-1.
cl::Buffer last_pixels(OpCall& c, const Image& labels, const std::string& arg, std::size_t n_ids) {
    const std::uint64_t n = labels.shape().pixels();
    if (n >= 0xFFFFFFFFull)
        c.fail(arg, "has " + std::to_string(n) + " pixels; this operation indexes pixels in 32 bits (at most 4294967294)");
    cl::Buffer last = c.temp_buffer(n_ids * sizeof(cl_uint));
    c.queue().enqueueFillBuffer(last, cl_uint{0}, 0, n_ids * sizeof(cl_uint));
    c.kernel("label_point.cl", "last_pixel_of_id", {{"LBL", &labels}})
        .image(labels).i64(static_cast<std::int64_t>(n)).i64(static_cast<std::int64_t>(n_ids)).buffer(last)
        .run(cl::NDRange(n));
    return last;
}

void labelled_spots_to_point_list(OpCall& c) {
    const Image& labels = c.input("input_labelled_spots");
    Image& dst = c.output("destination_pointlist");
    const std::size_t n = dst.shape().width;  // the largest id (output rule)
    cl::Buffer last = last_pixels(c, labels, "input_labelled_spots", n + 1);
    c.kernel("label_point.cl", "spot_coordinates", {{"LBL", &labels}})
        .buffer(last).i64(static_cast<std::int64_t>(n + 1)).i64(static_cast<std::int64_t>(labels.shape().width))
        .i64(static_cast<std::int64_t>(labels.shape().height)).i64(static_cast<std::int64_t>(dst.shape().height))
        .buffer(dst.buffer())
        .run(cl::NDRange(n));
}

void read_values_from_map(OpCall& c) {
    const Image& labels = c.input("labels");
    const Image& map = c.input("map_image");
    Image& dst = c.output("values_destination");
    const std::size_t n_ids = dst.shape().width;  // largest id + 1 (output rule)
    cl::Buffer last = last_pixels(c, labels, "labels", n_ids);
    c.kernel("label_point.cl", "values_at_last_pixel", {{"MAP", &map}})
        .buffer(last).i64(static_cast<std::int64_t>(n_ids)).image(map).buffer(dst.buffer())
        .run(cl::NDRange(n_ids));
}

void read_values_from_positions(OpCall& c) {
    const Image& pts = c.input("pointlist");
    const Image& map = c.input("map_image");
    Image& dst = c.output("values_destination");
    const Shape& sm = map.shape();
    const std::uint64_t n = pts.shape().width;
    c.kernel("label_point.cl", "read_values_from_positions", {{"PTS", &pts}, {"MAP", &map}})
        .image(pts).i64(static_cast<std::int64_t>(n)).i64(static_cast<std::int64_t>(pts.shape().height))
        .image(map).shape(map).buffer(dst.buffer())
        .run(cl::NDRange(n));
    (void)sm;
}

// The shape CLIJ2 gives spots from a point list: the largest coordinate of each row, truncated,
// plus 1 (rows x, y[, z]).
Shape spots_shape(const OpCall& cc) {
    OpCall& c = const_cast<OpCall&>(cc);
    const Image& pts = c.input("pointlist");
    const std::uint64_t n = pts.shape().width, rows = pts.shape().height;
    if (rows != 2 && rows != 3)
        c.fail("pointlist", "a point list has 2 or 3 rows (x, y[, z]); this one has " + std::to_string(rows));

    const std::vector<float> v = read_as_float(c, pts, n * rows);
    std::uint64_t size[3] = {1, 1, 1};
    for (std::uint64_t k = 0; k < rows; ++k) {
        float m = -std::numeric_limits<float>::infinity();
        for (std::uint64_t i = 0; i < n; ++i) m = std::fmax(m, v[i + n * k]);
        if (!(m >= 0) || !(m < 1e7f))
            c.fail("pointlist", "the largest coordinate of row " + std::to_string(k) + " is " + std::to_string(m) +
                                    "; spots need coordinates from 0 to below 10,000,000 pixels");
        size[k] = static_cast<std::uint64_t>(m) + 1;
    }
    require_output_fits(c, "pointlist", static_cast<double>(size[0]) * static_cast<double>(size[1]) * static_cast<double>(size[2]),
                        "the spot image of " + std::to_string(size[0]) + " x " + std::to_string(size[1]) + " x " +
                            std::to_string(size[2]) + " pixels (CLIJ2's size: the largest coordinates + 1)");
    return {size[0], size[1], size[2]};
}

void pointlist_to_labelled_spots(OpCall& c) {
    const Image& pts = c.input("pointlist");
    Image& dst = c.output("spots_destination");
    const Shape& s = dst.shape();
    const std::uint64_t n = pts.shape().width, rows = pts.shape().height;
    const std::vector<float> v = read_as_float(c, pts, n * rows);
    std::vector<cl_long> entries;
    for (std::uint64_t i = 0; i < n; ++i) {
        const std::int64_t x = pixel_index(v[i], s.width);
        const std::int64_t y = pixel_index(v[i + n], s.height);
        const std::int64_t z = rows > 2 ? pixel_index(v[i + 2 * n], s.depth) : 0;
        if (x < 0 || y < 0 || z < 0) continue;  // outside the destination (an existing one) or NaN
        entries.insert(entries.end(), {x, y, z, static_cast<cl_long>(i + 1)});
    }
    write_spots(c, dst, entries);
}

void histogram(OpCall& c) {
    const Image& src = c.input("source");
    Image& dst = c.output("destination");
    const Shape& s = src.shape();
    const std::uint64_t bins = dst.shape().width;  // number_of_bins (output rule)
    float lo = static_cast<float>(c.number("minimum_intensity"));
    float hi = static_cast<float>(c.number("maximum_intensity"));
    if (c.boolean("determine_min_max")) {
        const std::uint64_t rows = s.height * s.depth;
        cl::Buffer mm = c.temp_buffer(rows * 2 * sizeof(float));
        c.kernel("label_point.cl", "row_min_max", {{"SRC", &src}})
            .image(src).shape(src).buffer(mm).run(cl::NDRange(s.height, s.depth));
        const std::vector<float> v = read_back<float>(c, mm, 2 * rows);
        lo = std::numeric_limits<float>::infinity();
        hi = -std::numeric_limits<float>::infinity();
        for (std::uint64_t r = 0; r < rows; ++r) {
            lo = std::fmin(lo, v[2 * r]);
            hi = std::fmax(hi, v[2 * r + 1]);
        }
    }
    cl::Buffer counts = c.temp_buffer(bins * sizeof(cl_uint));
    c.queue().enqueueFillBuffer(counts, cl_uint{0}, 0, bins * sizeof(cl_uint));
    const std::uint64_t n = s.pixels();
    c.kernel("label_point.cl", "histogram_counts", {{"SRC", &src}})
        .image(src).i64(static_cast<std::int64_t>(n)).f32(lo).f32(hi).u32(static_cast<std::uint32_t>(bins))
        .f32(s.depth > 1 ? 0.5f : 0.0f).buffer(counts)
        .run(cl::NDRange(n));
    const std::vector<cl_uint> h = read_back<cl_uint>(c, counts, bins);
    std::vector<float> out(h.begin(), h.end());
    c.queue().enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, bins * sizeof(float), out.data());
}

}  // namespace

void register_label_point_ops(Registry& r) {
    r.add("histogram", "Measurement")
        .doc("The histogram of an image (all planes) as a float32 image of number_of_bins x 1 x 1 pixels: bin k "
             "counts the pixels v with k = (v - minimum_intensity) x (number_of_bins - 1) / (maximum_intensity - "
             "minimum_intensity), computed in float as CLIJ2's kernels do and then truncated toward 0 for a "
             "single plane (CLIJ2's histogram_2d) but rounded half up for a stack (histogram_3d adds 0.5): "
             "CLIJ2's bins are centred on minimum + k x step, step = (maximum - minimum) / (number_of_bins - 1), "
             "in 3D, and start there in 2D. With determine_min_max the image's own minimum and maximum are "
             "used (as float) and the two numbers are ignored. Values below the minimum, NaN, and every pixel "
             "of a constant image (0 / 0) count in bin 0 (CLIJ2's saturating conversion); values whose bin "
             "lies past the last are left out (CLIJ2 writes them past its private array, undefined). Counts "
             "are exact (32-bit integer atomics), stored as float (exact below 2^24). No Results table (CLIJ2's "
             "macro writes none). Input: any pixel type. Errors: number_of_bins below 1 or above 2^24. "
             "Algorithm: CLIJ2's Histogram (histogram_2d_x.cl / histogram_3d_x.cl: per-row partial histograms "
             "summed over z); here one work item per pixel with atomic increments. Equals ImageJ's histogram "
             "(StackStatistics with nBins bins) over [minimum, minimum + bins x step) in 2D and [minimum - "
             "step / 2, maximum + step / 2] in 3D, up to float rounding at bin edges.")
        .imagej("ij.process.StackStatistics(imp, bins, histMin, histMax).histogram with histMin/histMax shifted to "
                "CLIJ2's bin edges (2D: [min, min + bins x step), 3D: [min - step/2, max + step/2]); exact on the tests' data")
        .input("source", "image, any pixel type")
        .output("destination", "float32 histogram, number_of_bins x 1 x 1",
                [](const OpCall& c) {
                    const double bins = c.number("number_of_bins");
                    if (!(bins >= 1) || bins > 16777216.0 || bins != std::floor(bins))
                        c.fail("number_of_bins", "must be a whole number from 1 to 16777216");
                    return OutputDesc{{static_cast<std::uint64_t>(bins), 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .integer("number_of_bins", "256", "number of bins", 1, 16777216)
        .number("minimum_intensity", "0", "value at the centre (3D) or start (2D) of bin 0 (ignored with determine_min_max)")
        .number("maximum_intensity", "255", "value at the centre (3D) of the last bin (ignored with determine_min_max)")
        .boolean("determine_min_max", "true", "use the image's own minimum and maximum")
        .run(histogram);

    for (const ImageMeasureSpec& m : kImageMeasures) {
        auto b = r.add(m.name, "Measurement");
        const bool box = m.measure == Measure::BoundingBox;
        b.doc(image_measure_doc(m));
        if (box)
            b.imagej("none for CLIJ2's defect at x = 0 / y = 0; for objects off the border equal to Analyze "
                     "Particles' BX/BY/Width/Height of a single particle");
        b.input("source", box ? "image, typically binary (0/1); non-zero pixels are foreground" : "intensity image");
        if (box) {
            const char* docs[] = {"start x, pixels", "start y, pixels", "start z, pixels (0 for one plane)",
                                  "width, pixels", "height, pixels", "depth, planes (0 for one plane)"};
            for (int k = 0; k < 6; ++k) b.result(kBoxResults[k], docs[k]);
            if (m.byref) {
                b.clij2("Image source, ByRef Number boundingBoxX, ByRef Number boundingBoxY, ByRef Number boundingBoxZ, "
                        "ByRef Number boundingBoxWidth, ByRef Number boundingBoxHeight, ByRef Number boundingBoxDepth");
            } else {
                b.clij2("Image source", std::vector<std::string>(std::begin(kBoxColumns), std::end(kBoxColumns)));
            }
            b.run(run_bounding_box);
        } else {
            const char* docs[] = {"x of the centre of mass, pixels", "y, pixels", "z, pixels (0 for one plane)"};
            for (int k = 0; k < 3; ++k) b.result(kMassResults[k], docs[k]);
            if (m.byref)
                b.clij2("Image source, ByRef Number centerOfMassX, ByRef Number centerOfMassY, ByRef Number centerOfMassZ");
            else
                b.clij2("Image source", std::vector<std::string>(std::begin(kMassColumns), std::end(kMassColumns)));
            b.run(run_center_of_mass);
        }
    }

    r.add("centroidsOfBackgroundAndLabels", "Label")
        .doc("The centroid of the background and of every label as a point list: a float32 image of (n+1) x d "
             "pixels for the largest id n, column 0 holding the background's centroid (every pixel of value 0), "
             "column l label l's; rows 0, 1 (and 2) hold x, y (and z): d = 2 for a single plane, 3 for a stack. "
             "Centroid = mean pixel position in pixels (x, y, z unscaled, pixel centres at whole numbers), "
             "computed in double from exact 64-bit sums and stored as float. An id without pixels (also the "
             "background of an image without background) gets NaN (0 / 0, as in CLIJ2). Input: a label image "
             "(any pixel type holding ids; uint32 exact; float ids truncated; ids below 2^28). Errors: ids of "
             "2^28 or more. Algorithm: CLIJ2's "
             "CentroidsOfBackgroundAndLabels (the centroid columns of statisticsOfBackgroundAndLabelledPixels); "
             "here the same per-label accumulation as statisticsOfBackgroundAndLabelledPixels. Difference from "
             "CLIJ2: ids are read as integers (CLIJ2 reads them as float: ids above 2^24 merge).")
        .input("source", "label image, 0 = background")
        .output("pointlist_destination", "float32 point list, (n+1) x d (d = 2 or 3)",
                [](const OpCall& c) {
                    const std::size_t n = max_label_for_rule(c, "source");
                    const Shape& s = c.input("source").shape();
                    require_output_fits(c, "source", 3.0 * (static_cast<double>(n) + 1), "the point list of ids 0.." + std::to_string(n));
                    return OutputDesc{{n + 1, s.depth > 1 ? 3u : 2u, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(centroids_of_background_and_labels);

    r.add("reduceLabelsToCentroids", "Label")
        .doc("Reduces every label to a single pixel at its centroid: the destination is 0 except, for each "
             "label l, the pixel at its centroid (mean pixel position, stored as float and truncated toward 0 "
             "to whole pixels, as CLIJ2's write_values_to_positions does), which gets l. Background stays 0. "
             "A centroid can lie outside its label (e.g. a ring); when two labels' centroids fall on the same "
             "pixel the larger id is kept (CLIJ2: whichever work item writes last). Input: a label image (any "
             "pixel type holding ids; float ids truncated; ids below 2^28). Output: uint32 label image of the "
             "input's shape (ijcl's label type; CLIJ2 gives the input's type). Errors: ids of 2^28 or more. "
             "Algorithm: CLIJ2's ReduceLabelsToCentroids "
             "(centroidsOfBackgroundAndLabels, then the ids written at the centroids, the background's "
             "column skipped).")
        .input("input_labels", "label image, 0 = background")
        .output("destination_labels", "uint32 label image, the input's shape",
                shape_of("input_labels", PixelType::UInt32, ImageKind::Label))
        .run(reduce_labels_to_centroids);

    r.add("labelledSpotsToPointList", "Label")
        .doc("The coordinates of labelled spots as a point list: a float32 image of n x d pixels for the "
             "largest id n, column l - 1 holding the x, y (and z) position of the pixel of id l in rows 0, 1 "
             "(and 2): d = 2 for a single plane, 3 for a stack; an id with no pixel keeps 0. Meant for spot "
             "images (one pixel per id, e.g. from labelSpots or reduceLabelsToCentroids). For an id with "
             "several pixels ijcl writes the position of its last pixel in raster order (x fastest, then y, "
             "then z); CLIJ2 writes whichever of them its work items write last (not reproducible). Input: "
             "any pixel type holding ids (float ids truncated; ids below 2^28). Errors: an image without a "
             "non-zero id (the point list would be empty), ids of 2^28 or more, images of 2^32 - 1 pixels or "
             "more. Algorithm: CLIJ2's LabelledSpotsToPointList (labelled_spots_to_point_list kernel); here "
             "the last pixel of each id by an atomic maximum of its raster index, then one work item per id.")
        .input("input_labelled_spots", "label image of spots, 0 = background")
        .output("destination_pointlist", "float32 point list, n x d (d = 2 or 3)",
                [](const OpCall& c) {
                    const std::size_t n = max_label_for_rule(c, "input_labelled_spots");
                    if (n == 0)
                        c.fail("input_labelled_spots", "the image holds no spot (every pixel is 0): the point list would be empty");
                    const Shape& s = c.input("input_labelled_spots").shape();
                    require_output_fits(c, "input_labelled_spots", 3.0 * static_cast<double>(n), "the point list of ids 1.." + std::to_string(n));
                    return OutputDesc{{n, s.depth > 1 ? 3u : 2u, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(labelled_spots_to_point_list);

    r.add("pointlistToLabelledSpots", "Label")
        .doc("Labelled spots from a point list (n x d: column i holds point i's x, y (and z) in rows 0, 1 "
             "(and 2), pixels; any pixel type): point i becomes the pixel of id i + 1 at its position truncated "
             "toward 0; all other pixels are 0. Output shape as CLIJ2 makes it: the largest coordinate of each "
             "row, truncated, plus 1 (a 2-row list gives one plane); an existing destination keeps its shape and "
             "points outside it are left out, as are NaN coordinates. Two points on one pixel: the larger id is "
             "kept (CLIJ2: whichever work item writes last). Output: uint32 label image (ijcl's label type; "
             "CLIJ2 makes a float image). Plane 0 of the point list is read (as CLIJ2's kernels read it). Errors: a point list of other than 2 or 3 rows; a largest coordinate that is negative, NaN or 10^7 or more in "
             "a row; a destination larger than the device's largest single allocation. Algorithm: CLIJ2's PointlistToLabelledSpots "
             "(a ramp of ids pasted under the coordinates, then write_values_to_positions).")
        .input("pointlist", "point list, n x 2 or n x 3")
        .output("spots_destination", "uint32 label image; CLIJ2's size from the largest coordinates",
                [](const OpCall& c) {
                    const Shape s = spots_shape(c);
                    return OutputDesc{s, PixelType::UInt32, ImageKind::Label};
                })
        .run(pointlist_to_labelled_spots);

    r.add("readValuesFromMap", "Label")
        .doc("Reads one value per label from a parametric map: a float32 vector of (n+1) x 1 x 1 pixels for "
             "the largest id n, entry l = the map's value at a pixel of label l (entry 0: at a background "
             "pixel), 0 for an id without pixels. Meant for maps that are constant on each label (e.g. "
             "pixelCountMap) or spot labels; for other maps ijcl reads the label's last pixel in raster order "
             "(x fastest, then y, then z), where CLIJ2 reads whichever pixel its work items write last (not "
             "reproducible). Inputs: a label image (any pixel type holding ids; float ids truncated; ids below "
             "2^28) and a map of the same shape, any pixel type (values stored as float). Errors: shapes "
             "differ (names 'map_image'); ids of 2^28 or more; images of 2^32 - 1 pixels or more. Algorithm: "
             "CLIJ2's ReadValuesFromMap (read_intensities_from_map kernel); here the last pixel of each id "
             "by an atomic maximum of its raster index.")
        .input("labels", "label image, 0 = background")
        .input("map_image", "parametric image of the same shape, any pixel type")
        .output("values_destination", "float32 vector, (n+1) x 1 x 1",
                [](const OpCall& c) {
                    require_same_shape(c, "labels", "map_image");
                    const std::size_t n = max_label_for_rule(c, "labels");
                    require_output_fits(c, "labels", static_cast<double>(n) + 1, "the vector of ids 0.." + std::to_string(n));
                    return OutputDesc{{n + 1, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(read_values_from_map);

    r.add("readValuesFromPositions", "Label")
        .doc("Reads the map's value at every point of a point list: a float32 vector of n x 1 x 1 pixels for "
             "an n x d point list (column i holds point i's x, y (and z) in rows 0, 1 (and 2), pixels; any "
             "pixel type). Coordinates are truncated toward 0 and clamped into the map (CLIJ2's clamped read; "
             "NaN reads 0). As in CLIJ2's kernel, z is read from row 2 only when the map's height is above 2, "
             "and a row the list does not have reads its last row (a 2-row list on a stack reads z from the y "
             "row). Map: any pixel type, values stored as float. Algorithm: CLIJ2's ReadValuesFromPositions "
             "(read_intensities_from_positions kernel), one work item per point.")
        .input("pointlist", "point list, n x d")
        .input("map_image", "image to read, any pixel type")
        .output("values_destination", "float32 vector, n x 1 x 1",
                [](const OpCall& c) {
                    return OutputDesc{{c.input("pointlist").shape().width, 1, 1}, PixelType::Float32, ImageKind::Intensity};
                })
        .run(read_values_from_positions);

    r.add("generateParametricImage", "Label")
        .doc("Writes one value per label into every pixel of the label: destination = parameter_value_vector"
             "[l] for a pixel of label l (entry 0 for the background), as float32. The vector is row 0 of plane "
             "0 of parameter_value_vector (CLIJ2: an (n+1) x 1 x 1 image, e.g. from readValuesFromMap or a "
             "Results column), any pixel type; ids past its end read its last entry, as CLIJ2's clamped read "
             "does. Input: a label image (any pixel type holding ids; float ids truncated). Output: float32, "
             "the label image's shape. Algorithm: CLIJ2's GenerateParametricImage (replaceIntensities into a "
             "float image); here replaceIntensities's kernel (label_map.cl).")
        .input("label_map", "label image, 0 = background")
        .input("parameter_value_vector", "vector image: entry l = the value of label l")
        .output("parametric_image_destination", "float32 image, the label image's shape",
                shape_of("label_map", PixelType::Float32, ImageKind::Intensity))
        .run([](OpCall& c) {
            replace_intensities(c, c.input("label_map"), c.input("parameter_value_vector"),
                                c.output("parametric_image_destination"));
        });
}

}  // namespace ijcl
