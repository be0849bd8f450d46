// The core: device listing, the registry, named images, argument checking and error messages.
#include <map>
#include <set>

#include "test_support.hpp"
#include "ijcl/registry.hpp"

using namespace ijcl_test;

TEST(Devices, ListsAtLeastOneAndOpensDefault) {
    const auto devices = ijcl::list_devices();
    ASSERT_FALSE(devices.empty());
    EXPECT_FALSE(session().device_info().name.empty());
    EXPECT_GT(session().device_info().global_memory_bytes, 0u);
}

TEST(Devices, UnknownNameListsAvailableDevices) {
    expect_error([] { ijcl::Session s("no-such-device-xyz"); }, {"no-such-device-xyz", "available"});
}

TEST(Devices, SelectsBySubstringCaseInsensitive) {
    const auto devices = ijcl::list_devices();
    std::string name = devices.front().name.substr(0, 4);
    for (auto& ch : name) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    ijcl::Session s(name);
    EXPECT_EQ(s.device_info().name, devices.front().name);
}

TEST(Registry, EveryOperationIsDescribedOnce) {
    const auto& registry = ijcl::Registry::instance();
    std::set<std::string> names;
    for (const auto* op : registry.all()) {
        EXPECT_TRUE(names.insert(op->name).second) << op->name;
        EXPECT_FALSE(op->doc.empty()) << op->name << " has no documentation";
        EXPECT_FALSE(op->category.empty()) << op->name;
        for (const auto& p : op->params) EXPECT_FALSE(p.name.empty()) << op->name;
    }
    const std::string text = registry.describe();
    EXPECT_NE(text.find("op\tcopy\t"), std::string::npos);
}

// CLIJ2's help text is made from the parameters, or given and then checked kind by kind.
TEST(Registry, Clij2HelpTextIsDerivedOrChecked) {
    std::map<std::string, ijcl::OpSpec> ops;
    auto noop = [](ijcl::OpCall&) {};
    {
        ijcl::OpBuilder b(ops, "derived", "Demo");
        b.doc("d").input("source").output("destination").number("sigma", "1", "s").run(noop);
    }
    EXPECT_TRUE(ops.at("derived").in_clij2);
    EXPECT_EQ(ops.at("derived").clij2, "Image source, ByRef Image destination, Number sigma");
    {
        ijcl::OpBuilder b(ops, "renamed", "Demo");
        b.doc("d").input("source").result("count", "c").clij2("Image input", {"Count"}).run(noop);
    }
    EXPECT_EQ(ops.at("renamed").clij2_results, std::vector<std::string>{"Count"});
    {
        ijcl::OpBuilder b(ops, "ours", "Demo");
        b.doc("d").input("source").ijcl_only().run(noop);
    }
    EXPECT_FALSE(ops.at("ours").in_clij2);
    auto declare = [&](const std::string& name, const std::string& text, std::vector<std::string> columns) {
        ijcl::OpBuilder b(ops, name, "Demo");
        b.doc("d").input("source").output("destination").result("count", "c").clij2(text, columns).run(noop);
    };
    // a kind out of order, a parameter left out that is not a result, a result left out with no column
    expect_error([&] { declare("bad1", "ByRef Image destination, Image source, ByRef Number count", {}); },
                 {"internal", "bad1", "does not match parameter 'source'"});
    expect_error([&] { declare("bad2", "Image source", {"Count"}); }, {"internal", "bad2", "leaves out 'destination'"});
    expect_error([&] { declare("bad3", "Image source, ByRef Image destination", {}); },
                 {"internal", "bad3", "one Results column"});
}

TEST(Registry, UnknownOperationSuggestsCloseNames) {
    expect_error([] { ijcl::Registry::instance().get("addimage"); }, {"unknown operation 'addimage'", "addImages"});
}

TEST(Images, PushPullRoundTripAllTypes) {
    push<std::uint8_t>("u8", 3, 2, 1, {0, 1, 2, 253, 254, 255});
    EXPECT_EQ(pull<std::uint8_t>("u8"), (std::vector<std::uint8_t>{0, 1, 2, 253, 254, 255}));
    push<std::uint16_t>("u16", 2, 1, 2, {0, 65535, 7, 300});
    EXPECT_EQ(pull<std::uint16_t>("u16"), (std::vector<std::uint16_t>{0, 65535, 7, 300}));
    push<float>("f32", 2, 1, 1, {-1.5f, 3.25f});
    EXPECT_EQ(pull<float>("f32"), (std::vector<float>{-1.5f, 3.25f}));
    // Label ids beyond 2^24 are exact in uint32 images.
    push<std::uint32_t>("u32", 2, 1, 1, {16777217u, 4294967295u}, ijcl::ImageKind::Label);
    EXPECT_EQ(pull<std::uint32_t>("u32"), (std::vector<std::uint32_t>{16777217u, 4294967295u}));
}

TEST(Images, ReleaseClearAndMemoryReport) {
    session().clear();
    push<std::uint16_t>("a", 4, 4, 2, std::vector<std::uint16_t>(32, 1));
    push<float>("b", 2, 2, 1, std::vector<float>(4, 1.0f));
    EXPECT_EQ(session().memory_in_use(), 32u * 2 + 4u * 4);
    const std::string report = session().report_memory();
    EXPECT_NE(report.find("a: 4x4x2 uint16"), std::string::npos) << report;
    EXPECT_NE(report.find("2 images"), std::string::npos) << report;
    EXPECT_TRUE(session().release("a"));
    EXPECT_FALSE(session().release("a"));
    EXPECT_EQ(session().memory_in_use(), 16u);
    session().clear();
    EXPECT_EQ(session().memory_in_use(), 0u);
}

TEST(Images, ZeroSizeAndOutOfRangeWritesAreErrors) {
    expect_error([] { session().create("z", {0, 4, 1}, ijcl::PixelType::UInt8); }, {"at least 1"});
    push<std::uint8_t>("small", 2, 2, 1, {1, 2, 3, 4});
    std::vector<std::uint8_t> big(8);
    expect_error([&] { session().write("small", 0, big.data(), big.size()); }, {"exceeds"});
}

TEST(Images, PullViewOfBinaryAndLabels) {
    push<std::uint8_t>("bin", 3, 1, 1, {0, 1, 1}, ijcl::ImageKind::Binary);
    auto view = session().pull_view("bin");
    ASSERT_EQ(view->type(), ijcl::PixelType::UInt8);
    std::vector<std::uint8_t> px(3);
    session().device().queue().enqueueReadBuffer(view->buffer(), CL_TRUE, 0, 3, px.data());
    EXPECT_EQ(px, (std::vector<std::uint8_t>{0, 255, 255}));
}

TEST(Execute, CopyAndAddImages) {
    push<std::uint8_t>("x", 2, 2, 1, {10, 20, 250, 0});
    push<std::uint8_t>("y", 2, 2, 1, {1, 2, 10, 0});
    run("copy", {img("x"), img("xc")});
    EXPECT_EQ(pull<std::uint8_t>("xc"), (std::vector<std::uint8_t>{10, 20, 250, 0}));
    run("addImages", {img("x"), img("y"), img("sum")});
    // 250 + 10 saturates at 255 as ImageJ's Image Calculator does for 8-bit.
    EXPECT_EQ(pull<std::uint8_t>("sum"), (std::vector<std::uint8_t>{11, 22, 255, 0}));
}

TEST(Execute, OutputMayBeAnInput) {
    push<std::uint8_t>("inplace", 2, 1, 1, {1, 2});
    run("addImages", {img("inplace"), img("inplace"), img("inplace")});
    EXPECT_EQ(pull<std::uint8_t>("inplace"), (std::vector<std::uint8_t>{2, 4}));
}

TEST(Execute, ErrorsNameOperationAndArgument) {
    push<std::uint8_t>("p", 2, 2, 1, {1, 2, 3, 4});
    push<std::uint8_t>("q", 3, 1, 1, {1, 2, 3});
    expect_error([] { run("addImages", {img("p"), img("never_pushed"), img("o")}); },
                 {"operation 'addImages'", "argument 'summand2'", "never_pushed", "push it first"});
    expect_error([] { run("addImages", {img("p"), img("q"), img("o")}); },
                 {"operation 'addImages'", "argument 'summand2'", "3x1x1", "2x2x1"});
    expect_error([] { run("addImages", {img("p"), img("q")}); }, {"expects 3 arguments"});
    expect_error([] { run("addImages", {img("p"), num(3), img("o")}); }, {"argument 'summand2'", "name of an image"});
    expect_error([] { run("noSuchOp", {}); }, {"unknown operation 'noSuchOp'"});
}

// No device memory outlives its owner: after failing and succeeding calls (temporaries included)
// and clear(), the number of live device buffers is back where it started.
TEST(Memory, NoBuffersLeakThroughErrorsOrTemporaries) {
    session().clear();
    const auto before = ijcl::Image::live_count();
    push<std::uint16_t>("leak_a", 64, 48, 3, std::vector<std::uint16_t>(64 * 48 * 3, 7));
    push<std::uint16_t>("leak_b", 5, 5, 1, std::vector<std::uint16_t>(25, 1));
    for (int i = 0; i < 3; ++i) {
        run("gaussianBlur3D", {img("leak_a"), img("leak_out"), num(2), num(2), num(1)});
        run("topHatSphere", {img("leak_a"), img("leak_out2"), num(2), num(2), num(1)});
        run("connectedComponentsLabelingBox", {img("leak_a"), img("leak_labels")});
        run("statisticsOfLabelledPixels", {img("leak_a"), img("leak_labels")});
        expect_error([] { run("addImages", {img("leak_a"), img("leak_b"), img("leak_c")}); }, {"summand2", "5x5x1"});
        expect_error([] { run("gaussianBlur2D", {img("leak_a"), img("leak_d"), num(-1), num(2)}); }, {"sigma_x"});
        expect_error([] { run("mean3DSphere", {img("missing"), img("leak_e"), num(1), num(1), num(1)}); }, {"missing"});
    }
    session().finish();
    EXPECT_EQ(ijcl::Image::live_count(), before + 5);  // leak_a, leak_b, leak_out, leak_out2, leak_labels
    session().clear();
    EXPECT_EQ(ijcl::Image::live_count(), before);
}

// A call refused for its arguments (before it enqueues any work) leaves an existing destination
// of the output's shape as it was; a call that starts writing and then fails drops it
// (OutOfMemory.FailedOperationLeavesNoPartlyWrittenDestination).
TEST(Images, RefusedCallLeavesAnExistingDestinationIntact) {
    push<std::uint16_t>("ri_a", 3, 2, 1, {1, 2, 3, 4, 5, 6});
    push<std::uint16_t>("ri_b", 2, 2, 1, {1, 1, 1, 1});
    push<std::uint16_t>("ri_keep", 3, 2, 1, {9, 8, 7, 6, 5, 4});
    expect_error([] { run("addImages", {img("ri_a"), img("ri_b"), img("ri_keep")}); }, {"addImages", "argument 'summand2'"});
    ASSERT_NE(session().find("ri_keep"), nullptr);
    EXPECT_EQ(pull<std::uint16_t>("ri_keep"), (std::vector<std::uint16_t>{9, 8, 7, 6, 5, 4}));
}

TEST(Images, RefusedCallKeepsTheDestinationsKind) {
    push<std::uint8_t>("rk_a", 3, 1, 1, {1, 0, 1}, ijcl::ImageKind::Binary);
    push<std::uint8_t>("rk_b", 2, 1, 1, {1, 1}, ijcl::ImageKind::Binary);
    push<std::uint8_t>("rk_keep", 3, 1, 1, {9, 8, 7});
    expect_error([] { run("binaryOr", {img("rk_a"), img("rk_b"), img("rk_keep")}); }, {"binaryOr", "argument 'operand2'"});
    EXPECT_EQ(session().get("rk_keep")->kind(), ijcl::ImageKind::Intensity);
    EXPECT_EQ(pull<std::uint8_t>("rk_keep"), (std::vector<std::uint8_t>{9, 8, 7}));
    run("binaryOr", {img("rk_a"), img("rk_a"), img("rk_keep")});  // a successful call sets it
    EXPECT_EQ(session().get("rk_keep")->kind(), ijcl::ImageKind::Binary);
}

namespace {

ijcl::DeviceInfo fake_device(const std::string& name, bool gpu, bool cpu, bool unified, std::uint64_t mib,
                             std::uint32_t units) {
    ijcl::DeviceInfo d;
    d.name = name;
    d.is_gpu = gpu;
    d.is_cpu = cpu;
    d.host_unified_memory = unified;
    d.global_memory_bytes = mib << 20;
    d.compute_units = units;
    return d;
}

}  // namespace

// The default device: discrete GPU > integrated GPU > accelerator > CPU, then memory, then compute
// units, then the order listed (worked out by hand for each list).
TEST(DeviceChoice, DiscreteGpuBeforeIntegratedBeforeCpu) {
    const auto cpu = fake_device("pthread-cpu", false, true, true, 64000, 64);
    const auto igpu = fake_device("Intel UHD", true, false, true, 16000, 24);
    const auto dgpu = fake_device("NVIDIA RTX", true, false, false, 8000, 40);
    const auto other = fake_device("FPGA", false, false, false, 4000, 1);
    std::string reason;
    EXPECT_EQ(ijcl::default_device_index({cpu, igpu, dgpu}, &reason), 2u);
    EXPECT_NE(reason.find("'NVIDIA RTX' (discrete GPU"), std::string::npos) << reason;
    EXPECT_NE(reason.find("preferred over 'pthread-cpu' (CPU), 'Intel UHD' (integrated GPU)"), std::string::npos) << reason;
    EXPECT_NE(reason.find("IJCL_DEVICE"), std::string::npos) << reason;
    EXPECT_EQ(ijcl::default_device_index({cpu, igpu}), 1u);   // a laptop without a discrete GPU
    EXPECT_EQ(ijcl::default_device_index({cpu, other}), 1u);  // an accelerator before a CPU
    EXPECT_EQ(ijcl::default_device_index({cpu}, &reason), 0u);
    EXPECT_EQ(reason.find("preferred over"), std::string::npos) << reason;  // no choice, nothing to say
    // two discrete GPUs: the larger memory, then more compute units, then the first listed
    const auto big = fake_device("A100", true, false, false, 40000, 108);
    const auto small = fake_device("T4", true, false, false, 16000, 40);
    const auto same = fake_device("A100 twin", true, false, false, 40000, 108);
    const auto more_units = fake_device("H100-ish", true, false, false, 40000, 132);
    EXPECT_EQ(ijcl::default_device_index({small, big}), 1u);
    EXPECT_EQ(ijcl::default_device_index({big, same}), 0u);
    EXPECT_EQ(ijcl::default_device_index({big, more_units}), 1u);
    EXPECT_EQ(ijcl::default_device_index({}), 0u);
}
