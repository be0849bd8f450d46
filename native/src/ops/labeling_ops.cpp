// Connected-component labelling: connectedComponentsLabelingBox. Kernels: kernels/labeling.cl.
//
// Host round trips are constant: the kernels are enqueued back to back, and the only transfer
// is one read of the per-block root counts (one number per block of L*K pixels) followed by one
// write of their prefix sums.
#include <algorithm>
#include <vector>

#include "ijcl/op_call.hpp"
#include "labeling.hpp"
#include "op_helpers.hpp"
#include "work_groups.hpp"

namespace ijcl {
namespace {

void label_box(OpCall& c) {
    label_components(c, c.input("binary_input"), c.output("labeling_destination"), "binary_input",
                     Connectivity::Box);
}

void label_diamond(OpCall& c) {
    label_components(c, c.input("binary_input"), c.output("labeling_destination"), "binary_input",
                     Connectivity::Diamond);
}

}  // namespace

void label_components(OpCall& c, const Image& src, const Image& dst, const std::string& arg,
                      Connectivity connectivity) {
    const Shape& s = src.shape();
    const std::uint64_t n = s.pixels();
    if (n >= 0xFFFFFFFFull)
        c.fail(arg, "images of 2^32 - 1 pixels or more (this one has " + std::to_string(n) +
                        ") cannot be labelled: label ids are uint32");
    const std::vector<std::pair<std::string, PixelType>> types = {{"SRC", src.type()}};
    const auto n64 = static_cast<std::int64_t>(n);

    cl::Buffer parent = c.temp_buffer(n * sizeof(cl_uint));
    if (connectivity == Connectivity::None) {
        c.kernel("labeling.cl", "ccl_init_spots", {{"SRC", &src}})
            .image(src).buffer(parent).i64(n64)
            .run(cl::NDRange(n));
    } else {
        const Defines diamond = {{"CCL_DIAMOND", connectivity == Connectivity::Diamond ? "1" : "0"}};
        c.kernel("labeling.cl", "ccl_init_runs", {{"SRC", &src}})
            .image(src).buffer(parent).shape(src)
            .run(cl::NDRange(s.height, s.depth));
        c.kernel("labeling.cl", "ccl_merge", {{"SRC", &src}}, diamond)
            .image(src).buffer(parent).shape(src)
            .run(range_of(src));
    }
    c.kernel_t("labeling.cl", "ccl_compress", types).buffer(parent).i64(n64).run(cl::NDRange(n));

    // Number the roots in index order: per-block counts, their prefix sum on the host, then
    // each block numbers its roots from its offset.
    const std::size_t group = reduction_group_size(c);
    const std::uint64_t per_item =
        std::max<std::uint64_t>(16, (n + group * 65536 - 1) / (group * 65536));
    const std::size_t blocks = static_cast<std::size_t>((n + group * per_item - 1) / (group * per_item));
    cl::Buffer counts = c.temp_buffer(blocks * sizeof(cl_uint));
    c.kernel_t("labeling.cl", "ccl_count_roots", types)
        .buffer(parent).i64(n64).i64(static_cast<std::int64_t>(per_item)).buffer(counts)
        .local_bytes(group * sizeof(cl_uint))
        .run(cl::NDRange(blocks * group), cl::NDRange(group));
    std::vector<cl_uint> offsets(blocks);
    c.queue().enqueueReadBuffer(counts, CL_TRUE, 0, blocks * sizeof(cl_uint), offsets.data());
    cl_uint total = 0;
    for (auto& o : offsets) {
        const cl_uint count = o;
        o = total;
        total += count;
    }
    c.queue().enqueueWriteBuffer(counts, CL_TRUE, 0, blocks * sizeof(cl_uint), offsets.data());
    c.kernel_t("labeling.cl", "ccl_label_roots", types)
        .buffer(parent).i64(n64).i64(static_cast<std::int64_t>(per_item)).buffer(counts).image(dst)
        .local_bytes(group * sizeof(cl_uint))
        .run(cl::NDRange(blocks * group), cl::NDRange(group));
    c.kernel_t("labeling.cl", "ccl_gather", types).buffer(parent).image(dst).i64(n64).run(cl::NDRange(n));
}

void register_labeling_ops(Registry& r) {
    r.add("connectedComponentsLabelingBox", "Label")
        .clij2_alias("connectedComponentsLabeling")
        .doc("Labels the connected components of a binary image: every foreground (non-zero) pixel "
             "gets the id of its object, background 0. Connectivity: 8 neighbours in 2D, 26 in 3D "
             "(stacks with depth > 1). Ids are 1..n, numbered in raster order of each object's "
             "first pixel (x fastest, then y, then z), so the result is deterministic and "
             "independent of the device. Input: any pixel type. Output: label image (uint32), "
             "same shape. Error when the image has 2^32 - 1 pixels or more (beyond the device-memory "
             "budget it is labelled in tiles, joined across tile borders on the host: the same "
             "result). Algorithm: union-find "
             "with atomic_min on the GPU after Playne & Hawick, 'A new algorithm for parallel "
             "connected-component labelling on GPUs', IEEE TPDS 29(6):1217-1230, 2018 (runs along x "
             "initialise the trees; unions with the previous row/plane; path compression; roots "
             "numbered by a prefix sum over root flags). A constant number of host round trips.")
        .imagej("Analyze > Analyze Particles... on the thresholded image (8-connected particles): "
                "same objects (as a partition) and the same count, exact; ImageJ's particle order "
                "is also the raster order of each particle's first pixel")
        .input("binary_input", "binary image, non-zero = foreground")
        .output("labeling_destination", "label image (uint32; 0 background, objects 1..n)",
                shape_of("binary_input", PixelType::UInt32, ImageKind::Label))
        .tiles_custom([](TileRunner& t) {
            label_components_tiled(t, "binary_input", "labeling_destination", Connectivity::Box);
        })
        .run(label_box);

    r.add("connectedComponentsLabelingDiamond", "Label")
        .doc("Labels the connected components of a binary image: every foreground (non-zero) pixel "
             "gets the id of its object, background 0. Connectivity: 4 neighbours in 2D (left, right, "
             "up, down), 6 in 3D (stacks with depth > 1: also the pixels in front and behind). Ids are "
             "1..n in raster order of each object's first pixel (x fastest, then y, then z): "
             "deterministic and independent of the device. Input: any pixel type (NaN counts as "
             "foreground). Output: label image (uint32), same shape. Error when the image has 2^32 - 1 "
             "pixels or more. Algorithm: as connectedComponentsLabelingBox (union-find with atomic_min "
             "after Playne & Hawick, IEEE TPDS 29(6), 2018), joining only face neighbours. Source: "
             "CLIJ2's ConnectedComponentsLabelingDiamond (same objects). Difference from CLIJ2: CLIJ2 "
             "numbers the objects in another order and returns a float image (ids above 2^24 merge); "
             "ijcl numbers in raster order and returns uint32.")
        .imagej("Analyze > Analyze Particles... does not offer 4-connectivity; 3D Objects Counter is "
                "not part of ImageJ: no ImageJ oracle")
        .input("binary_input", "binary image, non-zero = foreground")
        .output("labeling_destination", "label image (uint32; 0 background, objects 1..n)",
                shape_of("binary_input", PixelType::UInt32, ImageKind::Label))
        .tiles_custom([](TileRunner& t) {
            label_components_tiled(t, "binary_input", "labeling_destination", Connectivity::Diamond);
        })
        .run(label_diamond);
}

}  // namespace ijcl
