// Projections along z: maximumZProjection. Kernels: kernels/projection.cl.
#include <algorithm>

#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"
#include "work_groups.hpp"

namespace ijcl {

void register_projection_ops(Registry& r) {
    r.add("maximumZProjection", "Projection")
        .doc("For every (x, y), the maximum over all z planes. The result is one plane "
             "(width x height x 1) of the source's pixel type and kind (the projection of a binary "
             "image is binary). Float images: NaN is ignored (a column of only NaN gives "
             "-3.4028235e38, as in ImageJ).")
        .imagej("Image > Stacks > Z Project... Max Intensity (ZProjector MAX_METHOD, exact)")
        .input("source", "stack (or a single plane), any pixel type")
        .output("destination_max", "maximum projection, depth 1",
                [](const OpCall& c) {
                    const Image& s = c.input("source");
                    return OutputDesc{{s.shape().width, s.shape().height, 1}, s.type(), s.kind()};
                })
        .run([](OpCall& c) {
            Image& s = c.input("source");
            Image& d = c.output("destination_max");
            // Planes of a multiple of 16 pixels go 16 pixels per work item (PROJECT_VECTOR,
            // kernels/projection.cl); groups of 64 spread the few work items over the device.
            const std::uint64_t plane = s.shape().width * s.shape().height;
            const bool vector = plane % 16 == 0;
            c.kernel("projection.cl", "maximum_z", {{"SRC", &s}, {"DST", &d}},
                     {{"PROJECT_VECTOR", vector ? "1" : "0"}})
                .image(s).image(d).shape(s)
                .run(cl::NDRange(vector ? plane / 16 : plane), cl::NDRange(std::min<std::size_t>(64, reduction_group_size(c))));
        });
}

}  // namespace ijcl
