// Device tools that are operations of the registry: invalidateKernelCache.
#include "ijcl/op_call.hpp"
#include "ijcl/session.hpp"

namespace ijcl {

void register_device_ops(Registry& r) {
    r.add("invalidateKernelCache", "Device")
        .doc("Forgets the OpenCL programs compiled in this session, so that the next call of each "
             "operation builds its kernels again (from the on-disk binary cache when it holds them, "
             "else from the sources embedded in the library). GPU images are kept. ijcl's kernels "
             "are built into the library, so this does not pick up edited .cl files as CLIJ2's "
             "does for its kernel folder; it frees the programs' memory and makes the next calls "
             "measure first-call (cache) times. No arguments, no errors. Source: CLIJ2 "
             "invalidateKernelCache.")
        .run([](OpCall& c) { c.session().kernels().clear_memory(); });
}

}  // namespace ijcl
