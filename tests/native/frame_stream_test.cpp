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

TEST(FrameStream, FramesOfSeveralChunksArriveWholeAndHeldFramesStayIntact) {
    // 1024 x 1024 x 9 uint16 = 18 MiB: three upload chunks (8, 8 and 2 MiB), each enqueued as
    // soon as it is copied. Frames still held elsewhere must keep their pixels; a frame nobody
    // holds any more becomes the slot of a later one (no allocation per frame).
    auto s = ijcl::current_session();
    const std::uint64_t w = 1024, h = 1024, d = 9;
    const std::int64_t handle = ijcl::open_stream(s, {w, h, d}, ijcl::PixelType::UInt16);
    auto stream = ijcl::find_stream(handle);
    std::vector<std::vector<std::uint16_t>> sent;
    std::vector<ijcl::ImagePtr> held;
    std::vector<cl_mem> buffers;
    for (std::uint16_t t = 1; t <= 6; ++t) {
        sent.push_back(frame(w * h * d, t));
        stream->prefetch(from(sent.back()));
        stream->take("frame");
        auto image = s->get("frame");
        buffers.push_back(image->buffer()());
        if (t <= 2) held.push_back(image);  // frames 1 and 2 stay held
        std::vector<std::uint16_t> back(sent.back().size());
        s->read("frame", 0, back.data(), back.size() * sizeof(std::uint16_t));
        EXPECT_TRUE(back == sent.back()) << "frame " << t;
    }
    for (std::size_t i = 0; i < held.size(); ++i) {
        std::vector<std::uint16_t> back(sent[i].size());
        s->store("check", held[i]);
        s->read("check", 0, back.data(), back.size() * sizeof(std::uint16_t));
        EXPECT_TRUE(back == sent[i]) << "held frame " << i + 1 << " was overwritten";
    }
    // frames 1 and 2 were held: their buffers never came back; frame 3's did (as frame 5's)
    for (std::size_t t = 2; t < buffers.size(); ++t) {
        EXPECT_NE(buffers[t], buffers[0]);
        EXPECT_NE(buffers[t], buffers[1]);
    }
    EXPECT_EQ(buffers[4], buffers[2]);
    ijcl::close_stream(handle);
    s->clear();
}

TEST(FrameStream, TwoFramesInFlightArriveInOrder) {
    // The Java side's order: frame t + 1's prefetch starts on another thread before frame t is
    // taken, so its copy runs while frame t's upload ends. Three prefetches without a take drop the oldest.
    auto s = ijcl::current_session();
    const std::uint64_t w = 1024, h = 1024, d = 9;
    const std::int64_t handle = ijcl::open_stream(s, {w, h, d}, ijcl::PixelType::UInt16);
    auto stream = ijcl::find_stream(handle);
    const auto check = [&](const std::vector<std::uint16_t>& want, const char* what) {
        std::vector<std::uint16_t> back(want.size());
        s->read("frame", 0, back.data(), back.size() * sizeof(std::uint16_t));
        EXPECT_TRUE(back == want) << what;
    };
    std::vector<std::vector<std::uint16_t>> frames;
    for (std::uint16_t t = 1; t <= 6; ++t) frames.push_back(frame(w * h * d, t));
    stream->prefetch(from(frames[0]));
    for (std::size_t t = 0; t + 1 < frames.size(); ++t) {
        std::thread next([&] { stream->prefetch(from(frames[t + 1])); });
        stream->take("frame");
        next.join();
        check(frames[t], "frame taken while the next was copied");
    }
    stream->take("frame");
    check(frames.back(), "last frame");
    EXPECT_FALSE(stream->pending());
    for (int k = 0; k < 3; ++k) stream->prefetch(from(frames[k]));
    stream->take("frame");
    check(frames[1], "the oldest of three prefetches is dropped");
    stream->take("frame");
    check(frames[2], "then the newest");
    EXPECT_THROW(stream->take("frame"), ijcl::Error);
    ijcl::close_stream(handle);
    s->clear();
}

TEST(ParallelCopy, SegmentsOfAnySizeLandWhole) {
    // segment sizes around the per-thread minimum (256 KiB) and odd ones, laid end to end
    const std::vector<std::uint64_t> sizes = {1, 3, 262144, 262143, 1 << 20, 5, 3 * (1 << 20) + 17, 0, 999};
    std::vector<std::vector<unsigned char>> src, dst;
    std::vector<ijcl::CopySegment> segments;
    for (std::size_t k = 0; k < sizes.size(); ++k) {
        src.emplace_back(sizes[k]);
        for (std::uint64_t i = 0; i < sizes[k]; ++i) src[k][i] = static_cast<unsigned char>((i * 31 + k * 7) % 251);
        dst.emplace_back(sizes[k], 0);
    }
    for (std::size_t k = 0; k < sizes.size(); ++k) segments.push_back({dst[k].data(), src[k].data(), sizes[k]});
    ijcl::parallel_copy(segments);
    for (std::size_t k = 0; k < sizes.size(); ++k) EXPECT_TRUE(dst[k] == src[k]) << "segment " << k;
    EXPECT_GE(ijcl::copy_threads(), 1);
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
