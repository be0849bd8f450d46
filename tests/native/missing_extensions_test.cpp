// Operations that need cl_khr_fp64 or cl_khr_int64_base_atomics refuse, on a device without them,
// with an error that names the missing extension (issue 16: Apple Silicon's OpenCL has neither).
// The checks run only where the device lacks the extension: a real such device, or PoCL with them
// switched off by IJCL_DISABLE_EXTENSIONS (tests/portability/cl12_kernels.sh); elsewhere these
// operations' own tests run instead (they skip with IJCL_SKIP_WITHOUT_* where this file checks).
#include "test_support.hpp"

using namespace ijcl_test;
using u32 = std::uint32_t;

namespace {

void push_labels() {
    // two touching labels side by side, and a second label image overlapping both
    push<u32>("me_lbl", 4, 2, 1, {1, 1, 2, 2, 1, 1, 2, 2});
    push<u32>("me_lbl2", 4, 2, 1, {3, 3, 3, 0, 3, 3, 3, 0});
    push<float>("me_f", 4, 2, 1, {0.5f, 1.5f, 2.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f});
}

}  // namespace

TEST(MissingExtensions, HashSetOperationsNameInt64Atomics) {
    if (has_int64_atomics()) GTEST_SKIP() << "the device has cl_khr_int64_base_atomics";
    push_labels();
    for (const char* op : {"touchingNeighborCountMap", "averageNeighborDistanceMap"})
        expect_error([&] { run(op, {img("me_lbl"), img("me_out")}); }, {op, "cl_khr_int64_base_atomics"});
    expect_error([] { run("labelOverlapCountMap", {img("me_lbl"), img("me_lbl2"), img("me_out")}); },
                 {"labelOverlapCountMap", "cl_khr_int64_base_atomics"});
    // Integer per-label sums need no 64-bit atomics (pairs of 32-bit ones): see
    // LabelStatistics.IntegerSumsCarryBeyond32Bits.
}

TEST(MissingExtensions, DoublePrecisionOperationsNameFp64) {
    if (has_fp64()) GTEST_SKIP() << "the device has cl_khr_fp64";
    push_labels();
    expect_error([] { run("getCenterOfMass", {img("me_f"), out(), out(), out()}); }, {"getCenterOfMass", "cl_khr_fp64"});
    expect_error([] { run("statisticsOfLabelledPixels", {img("me_f"), img("me_lbl")}); },
                 {"'input'", "cl_khr_fp64", "16-bit"});
    expect_error([] { run("standardDeviationIntensityMap", {img("me_f"), img("me_lbl"), img("me_out")}); },
                 {"standardDeviationIntensityMap", "cl_khr_fp64"});
    expect_error([] { run("variance2DSphere", {img("me_f"), img("me_out"), num(2)}); }, {"variance2DSphere", "cl_khr_fp64"});
}
