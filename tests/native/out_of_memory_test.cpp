// Running out of device memory: a request larger than the device, and many live images, end in an
// ijcl::Error that says what was asked, what is free and what to release; the session stays usable
// and no partly written image is left under a destination's name.
//
// These tests fill the device. They run where that is cheap and safe: a GPU, or PoCL with its
// memory limited (ctest's OutOfMemory entry sets POCL_MEMORY_LIMIT=1, i.e. 1 GB; PoCL's device
// memory is host memory, so without the limit filling it would wake the system's OOM killer
// instead). Elsewhere they are skipped.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/errors.hpp"
#include "ijcl/image.hpp"
#include "ijcl/session.hpp"

namespace {

constexpr std::uint64_t kSafeHostBytes = 4ULL << 30;

std::string device_name() { return std::getenv("IJCL_TEST_DEVICE") ? std::getenv("IJCL_TEST_DEVICE") : ""; }

// A session on the test device, or nullptr (test skipped) where filling it is not safe.
std::unique_ptr<ijcl::Session> fillable_session() {
    auto s = std::make_unique<ijcl::Session>(device_name());
    if (!s->device_info().is_gpu && s->device_info().global_memory_bytes > kSafeHostBytes) return nullptr;
    return s;
}

void expect_memory_message(const std::string& message, const std::string& op, const std::string& argument) {
    EXPECT_NE(message.find("operation '" + op + "'"), std::string::npos) << message;
    if (!argument.empty()) EXPECT_NE(message.find("argument '" + argument + "'"), std::string::npos) << message;
    EXPECT_NE(message.find("needs"), std::string::npos) << message;          // how much was asked
    EXPECT_NE(message.find("is free"), std::string::npos) << message;        // how much is free
    EXPECT_NE(message.find("Ext.IJCL_release"), std::string::npos) << message;  // what to release
}

// Image size for filling: a quarter of the device's memory, within one allocation's limit and at
// most 2 GiB (fewer than 2^32 pixels: these tests are about memory, not 64-bit indexing).
ijcl::Shape quarter(const ijcl::Session& s) {
    const auto& info = s.device_info();
    std::uint64_t bytes = std::min({info.global_memory_bytes / 4, info.max_alloc_bytes, std::uint64_t(2) << 30});
    const std::uint64_t width = 4096;
    return {width, bytes / 4 / width, 1};  // float32
}

TEST(OutOfMemory, RequestLargerThanTheDevice) {
    auto s = fillable_session();
    if (!s) GTEST_SKIP() << "CPU device with more than 4 GiB: run under POCL_MEMORY_LIMIT (ctest does)";
    const std::uint64_t total = s->device_info().global_memory_bytes;
    const std::uint64_t live_before = ijcl::Image::live_bytes();
    // An image larger than the device-memory budget stays in host memory (tiling.hpp); where the
    // host cannot hold it either, the push is refused saying so.
    bool on_host = false;
    try {
        s->create("huge", {total / 1024 + 1, 1024, 1}, ijcl::PixelType::UInt8);
        on_host = s->get("huge")->on_host();
        EXPECT_TRUE(on_host) << "an image larger than the device was created on the device";
    } catch (const ijcl::Error& e) {
        EXPECT_NE(std::string(e.what()).find("host memory"), std::string::npos) << e.what();
    }
    EXPECT_EQ(ijcl::Image::live_bytes(), live_before);
    if (on_host) {
        // An operation that cannot be tiled says so and names itself.
        try {
            s->execute("transposeXY", {std::string("huge"), std::string("t")});
            FAIL() << "transposeXY ran on an image kept in host memory";
        } catch (const ijcl::Error& e) {
            EXPECT_NE(std::string(e.what()).find("operation 'transposeXY'"), std::string::npos) << e.what();
            EXPECT_NE(std::string(e.what()).find("cannot be tiled"), std::string::npos) << e.what();
        }
        EXPECT_EQ(s->find("t"), nullptr);
        s->release("huge");
    }
    // Absurd sizes whose byte count overflows are refused the same way, not wrapped around.
    EXPECT_THROW(s->create("overflow", {1ULL << 40, 1ULL << 40, 1ULL << 40}, ijcl::PixelType::Float32), ijcl::Error);

    // Still usable.
    const std::vector<float> one{1.5f, -2.0f};
    s->create("a", {2, 1, 1}, ijcl::PixelType::Float32);
    s->write("a", 0, one.data(), 8);
    s->execute("copy", {std::string("a"), std::string("b")});
    std::vector<float> back(2);
    s->read("b", 0, back.data(), 8);
    EXPECT_EQ(back, one);
}

TEST(OutOfMemory, ManyLiveImagesThenReleaseAndGoOn) {
    auto s = fillable_session();
    if (!s) GTEST_SKIP() << "CPU device with more than 4 GiB: run under POCL_MEMORY_LIMIT (ctest does)";
    const ijcl::Shape shape = quarter(*s);
    int made = 0;
    std::string message;
    for (; made < 1024; ++made) {
        try {
            s->create("im" + std::to_string(made), shape, ijcl::PixelType::Float32);
        } catch (const ijcl::Error& e) {
            message = e.what();
            break;
        }
    }
    ASSERT_FALSE(message.empty()) << "1024 images of up to a quarter of the device all fitted";
    EXPECT_GE(made, 2);
    expect_memory_message(message, "push", "image");
    EXPECT_NE(message.find("(largest: 'im"), std::string::npos) << "names the images held: " << message;
    EXPECT_EQ(s->find("im" + std::to_string(made)), nullptr) << "the refused image must not exist";

    // Releasing one image makes room: the same request now succeeds, and an operation works.
    ASSERT_TRUE(s->release("im0"));
    s->create("im" + std::to_string(made), shape, ijcl::PixelType::Float32);
    s->execute("getMaximumOfAllPixels", {std::string("im1"), std::monostate{}});
    s->clear();
}

TEST(OutOfMemory, FailedOperationLeavesNoPartlyWrittenDestination) {
    auto s = fillable_session();
    if (!s) GTEST_SKIP() << "CPU device with more than 4 GiB: run under POCL_MEMORY_LIMIT (ctest does)";
    const ijcl::Shape shape = quarter(*s);
    // source and an existing destination of the output's shape and type (reused in place), then
    // fill the rest so that the blur's float temporary (one more image of this size) cannot fit.
    s->create("source", shape, ijcl::PixelType::Float32);
    s->create("destination", shape, ijcl::PixelType::Float32);
    // a marker in the destination's first plane row: the only content a refused call may leave
    const std::vector<float> marker(shape.width, 7.25f);
    s->write("destination", 0, marker.data(), marker.size() * sizeof(float));
    for (int i = 0; i < 1024; ++i) {
        try {
            s->create("fill" + std::to_string(i), shape, ijcl::PixelType::Float32);
        } catch (const ijcl::Error&) {
            break;
        }
    }
    try {
        s->execute("gaussianBlur2D", {std::string("source"), std::string("destination"), 2.0, 2.0});
        FAIL() << "the blur's temporary fitted although the device was full";
    } catch (const ijcl::Error& e) {
        expect_memory_message(e.what(), "gaussianBlur2D", "");
    }
    // Either the destination is gone (the blur had started writing), or it is untouched (the
    // blur failed before it enqueued any work): never partly written.
    if (s->find("destination")) {
        std::vector<float> row(shape.width);
        s->read("destination", 0, row.data(), row.size() * sizeof(float));
        EXPECT_EQ(row, marker) << "a partly written destination was left";
    }
    EXPECT_NE(s->find("source"), nullptr) << "the input must stay";
    ASSERT_TRUE(s->release("fill0"));
    s->execute("gaussianBlur2D", {std::string("source"), std::string("destination"), 2.0, 2.0});
    EXPECT_NE(s->find("destination"), nullptr);
    s->clear();
}

}  // namespace
