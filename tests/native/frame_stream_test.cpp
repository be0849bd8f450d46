// FrameStream (frame_stream.hpp): a prefetched frame, uploaded on the stream's own queue while
// the session's queue computes, arrives whole under its name; errors are clear.
#include <cstdint>
#include <numeric>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/session.hpp"
#include "ijcl/current_session.hpp"
#include "ijcl/errors.hpp"
#include "ijcl/frame_stream.hpp"
#include "ijcl/progress.hpp"
#include <cstring>

namespace {

ijcl::TransferEngine::HostCopy from(const std::vector<std::uint16_t>& data) {
    const char* bytes = reinterpret_cast<const char*>(data.data());
    return [bytes](std::uint64_t pos, void* staging, std::uint64_t n) { std::memcpy(staging, bytes + pos, n); };
}

std::vector<std::uint16_t> frame(std::uint64_t n, std::uint16_t seed) {
    std::vector<std::uint16_t> v(n);
    for (std::uint64_t i = 0; i < n; ++i) v[i] = static_cast<std::uint16_t>(seed * 1000 + i * 7);
    return v;
}

}  // namespace

TEST(FrameStream, PrefetchedFramesArriveWholeWhileTheSessionComputes) {
    auto s = ijcl::current_session();
    const std::uint64_t w = 37, h = 23, d = 5;
    const std::int64_t handle = ijcl::open_stream(s, {w, h, d}, ijcl::PixelType::UInt16);
    auto stream = ijcl::find_stream(handle);
    for (std::uint16_t t = 1; t <= 4; ++t) {
        const auto data = frame(w * h * d, t);
        // the prefetch runs on another thread, as the Java prefetch thread does
        std::thread prefetch([&] { stream->prefetch(from(data)); });
        const std::vector<float> ones(64 * 64, 1.0f);
        s->create("busy", {64, 64, 1}, ijcl::PixelType::Float32);
        s->write("busy", 0, ones.data(), ones.size() * sizeof(float));
        s->execute("gaussianBlur2D", {std::string("busy"), std::string("busy_out"), 2.0, 2.0});  // the session's queue
        prefetch.join();
        EXPECT_TRUE(stream->pending());
        stream->take("frame");
        EXPECT_FALSE(stream->pending());
        std::vector<std::uint16_t> back(data.size());
        s->read("frame", 0, back.data(), back.size() * sizeof(std::uint16_t));
        EXPECT_EQ(back, data) << "frame " << t;
    }
    ijcl::close_stream(handle);
    EXPECT_THROW(ijcl::find_stream(handle), ijcl::Error);
    s->clear();
}

TEST(FrameStream, TakeWithoutPrefetchAndClosedStreamsAreErrors) {
    auto s = ijcl::current_session();
    const std::int64_t handle = ijcl::open_stream(s, {8, 8, 1}, ijcl::PixelType::UInt16);
    auto stream = ijcl::find_stream(handle);
    try {
        stream->take("x");
        FAIL() << "take without a prefetch must fail";
    } catch (const ijcl::Error& e) {
        EXPECT_NE(std::string(e.what()).find("no frame was prefetched"), std::string::npos) << e.what();
    }
    EXPECT_EQ(s->find("x"), nullptr);
    ijcl::close_stream(handle);
    EXPECT_THROW(stream->prefetch(from(frame(64, 1))), ijcl::Error);
    ijcl::close_stream(handle);  // idempotent
}

TEST(FrameStream, PinnedUploadBandwidthIsPositive) {
    EXPECT_GT(ijcl::pinned_upload_gbps(*ijcl::current_session(), 1 << 20, 3), 0.0);
}

TEST(WorkProgress, ScopesReportTaskUnitsAndEnd) {
    const std::uint64_t before = ijcl::progress_now().serial;
    {
        ijcl::ProgressScope p("tiles", 3);
        auto now = ijcl::progress_now();
        EXPECT_EQ(now.task, "tiles");
        EXPECT_EQ(now.done, 0u);
        EXPECT_EQ(now.total, 3u);
        EXPECT_EQ(now.serial, before + 1);
        p.advance();
        p.advance(5);  // clamped to the total
        EXPECT_EQ(ijcl::progress_now().done, 3u);
    }
    EXPECT_EQ(ijcl::progress_now().task, "");
    ijcl::progress_advance();  // no task: nothing happens
    EXPECT_EQ(ijcl::progress_now().done, 0u);
}
