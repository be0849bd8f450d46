// Long kernel launches in pieces (launch_split.hpp, issue 16: Windows' display watchdog kills a
// kernel that runs longer than about 2 s). The pieces must cover every work item exactly once at
// offsets the work-group size divides, kernels that read the launch's shape must never be cut,
// and operations must give the same bytes split as whole. The whole suite also runs with every
// launch cut in three (ctest SplitLaunches.Suite, IJCL_SPLIT_LAUNCHES=3), against its own oracles.
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/launch_split.hpp"
#include "ijcl/op_call.hpp"
#include "shared_images.hpp"
#include "test_support.hpp"

namespace {

using namespace ijcl_test;

// Counts how often each work item of the launch is covered by the pieces of `count` units each
// (every count from 1 to all units), checking each piece's alignment to the work-group size.
void expect_exact_cover(const cl::NDRange& global, const cl::NDRange& local) {
    const cl_uint dims = global.dimensions();
    std::size_t g[3] = {1, 1, 1}, l[3] = {1, 1, 1};
    for (cl_uint i = 0; i < dims; ++i) {
        g[i] = global[i];
        l[i] = local.dimensions() ? local[i] : 1;
    }
    const ijcl::LaunchPlan plan(global, local);
    for (std::size_t count = 1; count <= plan.units(); ++count) {
        std::vector<int> covered(g[0] * g[1] * g[2], 0);
        std::size_t pieces = 0;
        for (std::size_t first = 0; first < plan.units();) {
            const auto p = plan.piece(first, count);
            ASSERT_GT(p.units, 0u);
            ASSERT_LE(p.units, count);
            for (int i = 0; i < 3; ++i) {
                ASSERT_EQ(p.offset[i] % l[i], 0u) << "offset not a multiple of the work-group size, axis " << i;
                ASSERT_EQ(p.size[i] % l[i], 0u) << "size not a multiple of the work-group size, axis " << i;
                ASSERT_LE(p.offset[i] + p.size[i], g[i]);
            }
            for (std::size_t z = p.offset[2]; z < p.offset[2] + p.size[2]; ++z)
                for (std::size_t y = p.offset[1]; y < p.offset[1] + p.size[1]; ++y)
                    for (std::size_t x = p.offset[0]; x < p.offset[0] + p.size[0]; ++x) ++covered[(z * g[1] + y) * g[0] + x];
            first += p.units;
            ++pieces;
        }
        for (std::size_t i = 0; i < covered.size(); ++i)
            ASSERT_EQ(covered[i], 1) << "work item " << i << " covered " << covered[i] << " times, " << count << " units a piece";
        // count units a piece: at least ceil(units / count) pieces (more where 3D pieces stop at a plane)
        EXPECT_GE(pieces, (plan.units() + count - 1) / count);
    }
}

// Restores the session's device policy (no splitting on PoCL unless IJCL_SPLIT_LAUNCHES says so).
struct SplitPolicy {
    explicit SplitPolicy(const ijcl::LaunchSplit& split) : saved(session().device().launch_split()) {
        session().device().set_launch_split(split);
    }
    ~SplitPolicy() { session().device().set_launch_split(saved); }
    ijcl::LaunchSplit saved;
};

// Runs `op` on `inputs` (pushed as "in0", "in1", ...) whole, then under `split`; expects the same
// bytes and that the split run cut at least one launch into pieces.
void expect_split_equal(const ijcl::LaunchSplit& split, const std::vector<Raw>& inputs, const std::string& op,
                        const std::vector<ijcl::Value>& args, const std::vector<std::string>& outputs = {"out"}) {
    session().clear();
    for (std::size_t i = 0; i < inputs.size(); ++i) push_raw("in" + std::to_string(i), inputs[i]);
    RunResult whole;
    {
        SplitPolicy off(ijcl::LaunchSplit{});
        whole = run_and_pull(op, args, outputs);
    }
    SplitPolicy on(split);
    const std::uint64_t before = ijcl::KernelLaunch::split_piece_count();
    const RunResult pieces = run_and_pull(op, args, outputs);
    EXPECT_GT(ijcl::KernelLaunch::split_piece_count() - before, 1u) << op << ": no launch was split";
    expect_same_results(whole, pieces, op, outputs, "the split run", "the whole launches");
    session().clear();
}

}  // namespace

TEST(LaunchSplit, PiecesCoverEveryWorkItemOnceAlignedToWorkGroups) {
    expect_exact_cover(cl::NDRange(37), cl::NullRange);
    expect_exact_cover(cl::NDRange(64), cl::NDRange(16));
    expect_exact_cover(cl::NDRange(8, 12), cl::NDRange(4, 4));
    expect_exact_cover(cl::NDRange(5, 7), cl::NullRange);
    expect_exact_cover(cl::NDRange(8, 12, 6), cl::NDRange(4, 4, 2));
    expect_exact_cover(cl::NDRange(3, 5, 4), cl::NullRange);
    expect_exact_cover(cl::NDRange(4, 1, 9), cl::NDRange(2, 1, 3));
}

TEST(LaunchSplit, KernelsThatReadTheLaunchShapeStayWhole) {
    const std::string source = R"(
        // get_group_id( in a comment does not count
        __kernel void by_id(__global float* a) { a[get_global_id(0)] = 1; /* get_global_size(0) */ }
        __kernel void by_group(__global float* a) { if (get_local_id(0) == 0) a[get_group_id(0)] = 2; }
        kernel void strided(__global float* a, long n) {
            for (long i = get_global_id(0); i < n; i += get_global_size (0)) a[i] = 3;
        }
        __kernel void nested(__global float* a) { if (a[0] > 0) { a[get_global_id(0)] = 4; } }
    )";
    EXPECT_TRUE(ijcl::kernel_splittable_in(source, "by_id"));
    EXPECT_FALSE(ijcl::kernel_splittable_in(source, "by_group"));
    EXPECT_FALSE(ijcl::kernel_splittable_in(source, "strided"));
    EXPECT_TRUE(ijcl::kernel_splittable_in(source, "nested"));
    EXPECT_FALSE(ijcl::kernel_splittable_in(source, "absent"));
    // A helper that reads the shape, called directly or through another helper: the kernels that
    // call it stay whole, the others do not.
    const std::string helpers = "int blocks(void) { return get_num_groups(0); }\n"
                                "inline int twice(int x) { return 2 * blocks() * x; }\n"
                                "__kernel void direct(__global int* a) { a[get_global_id(0)] = blocks(); }\n"
                                "__kernel void through(__global int* a) { if (a[0]) { a[get_global_id(0)] = twice(1); } }\n"
                                "__kernel void apart(__global int* a) { a[get_global_id(0)] = 5; }\n";
    EXPECT_FALSE(ijcl::kernel_splittable_in(helpers, "direct"));
    EXPECT_FALSE(ijcl::kernel_splittable_in(helpers, "through"));
    EXPECT_TRUE(ijcl::kernel_splittable_in(helpers, "apart"));
    // A macro that reads it: no kernel of the source is cut.
    const std::string macro = "#define BLOCK get_group_id(0)\n"
                              "__kernel void m(__global int* a) { a[get_global_id(0)] = 1; }\n";
    EXPECT_FALSE(ijcl::kernel_splittable_in(macro, "m"));
    // The embedded kernels: a reduction to per-group partials and the histogram stay whole; the
    // Gaussian's passes are cut.
    EXPECT_FALSE(ijcl::kernel_splittable("reduction.cl", "reduce_to_partials"));
    EXPECT_FALSE(ijcl::kernel_splittable("threshold.cl", "histogram"));
    EXPECT_FALSE(ijcl::kernel_splittable("labeling.cl", "ccl_count_roots"));   // through its helper
    EXPECT_TRUE(ijcl::kernel_splittable("labeling.cl", "ccl_merge"));
    EXPECT_TRUE(ijcl::kernel_splittable("gaussian.cl", "gaussian_line"));
}

TEST(LaunchSplit, PolicyFromEnvironment) {
    ijcl::DeviceInfo watchdog, plain;
    watchdog.kernel_watchdog = true;
    watchdog.watchdog_source = "test";
    const char* saved = std::getenv("IJCL_SPLIT_LAUNCHES");
    const std::string restore = saved ? saved : "";
    auto with = [](const char* value) {
#ifdef _WIN32
        _putenv_s("IJCL_SPLIT_LAUNCHES", value ? value : "");   // "" removes it
#else
        if (value) setenv("IJCL_SPLIT_LAUNCHES", value, 1); else unsetenv("IJCL_SPLIT_LAUNCHES");
#endif
    };
    with(nullptr);
    EXPECT_EQ(ijcl::launch_split_for(watchdog).mode, ijcl::LaunchSplit::Mode::Timed);
    EXPECT_EQ(ijcl::launch_split_for(plain).mode, ijcl::LaunchSplit::Mode::Off);
    EXPECT_NE(ijcl::launch_split_summary(watchdog).find("split"), std::string::npos);
    with("off");
    EXPECT_EQ(ijcl::launch_split_for(watchdog).mode, ijcl::LaunchSplit::Mode::Off);
    with("on");
    EXPECT_EQ(ijcl::launch_split_for(plain).mode, ijcl::LaunchSplit::Mode::Timed);
    with("5");
    EXPECT_EQ(ijcl::launch_split_for(plain).mode, ijcl::LaunchSplit::Mode::Parts);
    EXPECT_EQ(ijcl::launch_split_for(plain).parts, 5u);
    with("lots");
    expect_error([&] { ijcl::launch_split_for(plain); }, {"IJCL_SPLIT_LAUNCHES", "lots", "auto, on, off"});
    with("1");
    expect_error([&] { ijcl::launch_split_for(plain); }, {"IJCL_SPLIT_LAUNCHES", "from 2 to 1000"});
    with(saved ? restore.c_str() : nullptr);
}

// The session's device took the policy IJCL_SPLIT_LAUNCHES gives (so SplitLaunches.Suite does
// run every test with its launches in pieces).
TEST(LaunchSplit, SessionTakesThePolicyOfTheEnvironment) {
    const ijcl::LaunchSplit expected = ijcl::launch_split_for(session().device_info());
    EXPECT_EQ(session().device().launch_split().mode, expected.mode);
    EXPECT_EQ(session().device().launch_split().parts, expected.parts);
    if (expected.mode == ijcl::LaunchSplit::Mode::Off) return;
    push<float>("ls_env", 1024, 256, 1, random_image<float>(1024, 256, 1, 3, 100));  // 16384 work items
    const std::uint64_t before = ijcl::KernelLaunch::split_piece_count();
    run("addImageAndScalar", {img("ls_env"), img("ls_env_out"), num(1)});
    EXPECT_GT(ijcl::KernelLaunch::split_piece_count() - before, 1u);
    session().clear();
}

// Timed pieces of about a millisecond each (as a 2 s watchdog sees far longer kernels): filters,
// labeling and measurements on real images give the bytes of whole launches.
TEST(LaunchSplit, TimedPiecesGiveTheSameBytes) {
    REQUIRE_DATA();
    ijcl::LaunchSplit timed;
    timed.mode = ijcl::LaunchSplit::Mode::Timed;
    timed.target_seconds = 1e-3;
    const Raw blobs = read_tiff("blobs.tif");                     // 256 x 254 uint8
    const Raw beads = read_tiff("beads_3d.tif");                  // 150 x 150 x 41 uint8
    expect_split_equal(timed, {blobs}, "gaussianBlur2D", {img("in0"), img("out"), num(3), num(3)});
    expect_split_equal(timed, {beads}, "gaussianBlur3D", {img("in0"), img("out"), num(2), num(2), num(1)});
    expect_split_equal(timed, {beads}, "median3DSphere", {img("in0"), img("out"), num(1), num(1), num(1)});
    expect_split_equal(timed, {blobs}, "median2DSphere", {img("in0"), img("out"), num(4), num(4)});
    expect_split_equal(timed, {blobs}, "automaticThreshold", {img("in0"), img("out"), std::string("Otsu")});
    expect_split_equal(timed, {beads}, "connectedComponentsLabelingBox", {img("in0"), img("out")});
    expect_split_equal(timed, {beads}, "detectMaximaBox", {img("in0"), img("out"), num(2)});
}

// Fixed pieces (IJCL_SPLIT_LAUNCHES=N) of odd sizes on a volume whose planes are not a multiple of
// the pieces.
TEST(LaunchSplit, FixedPiecesGiveTheSameBytes) {
    REQUIRE_DATA();
    ijcl::LaunchSplit parts;
    parts.mode = ijcl::LaunchSplit::Mode::Parts;
    parts.parts = 7;
    const Raw beads = read_tiff("beads_3d.tif");                  // 150 x 150 x 41 uint8
    expect_split_equal(parts, {beads}, "maximum3DBox", {img("in0"), img("out"), num(3), num(3), num(3)});
    expect_split_equal(parts, {beads}, "addImageAndScalar", {img("in0"), img("out"), num(3.5)});
    expect_split_equal(parts, {beads}, "maximumZProjection", {img("in0"), img("out")});
}
