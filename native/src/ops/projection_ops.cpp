// Projections along z: maximumZProjection. Kernels: kernels/projection.cl.
#include "ijcl/op_call.hpp"
#include "op_helpers.hpp"

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
            c.kernel("projection.cl", "maximum_z", {{"SRC", &s}, {"DST", &d}})
                .image(s).image(d).shape(s)
                .run(cl::NDRange(s.shape().width, s.shape().height));
        });
}

}  // namespace ijcl
