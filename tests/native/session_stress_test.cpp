// Stress test of the process-wide session (ijcl/current_session.hpp), written to be run under the
// sanitizers (./ijcl test: build-asan with AddressSanitizer + UndefinedBehaviorSanitizer,
// build-tsan with ThreadSanitizer), where a data race, a use after free of a replaced session or
// a leak is reported and fails the run. It also runs, and must pass, in the normal build.
//
// Two threads, bounded iterations, no sleeps:
// - the replacer: kRounds times { replace_session(""); push a float image; median2DSphere radius 2;
//   pull } and compares every result with a CPU oracle (the median of ImageJ's circular
//   neighbourhood, computed here);
// - the round-tripper: kTrips times { current_session(); push bytes; pull them } and checks them
//   byte-equal. A caller that still holds a replaced session may go on using it (its images are
//   released once the last holder lets go), so the API defines no "session was replaced" failure
//   and none is tolerated here.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/errors.hpp"
#include "test_support.hpp"

#include "ijcl/current_session.hpp"

namespace {

constexpr int kW = 61, kH = 37;  // not multiples of any work-group size: tails and borders
constexpr float kMax = 1000.0f;

// Rounds, from IJCL_STRESS_ROUNDS when set (bounded either way).
int rounds(int fallback) {
    const char* v = std::getenv("IJCL_STRESS_ROUNDS");
    const int n = v ? std::atoi(v) : fallback;
    return std::clamp(n, 1, 1000);
}

// ImageJ's RankFilters median, radius 2: r2 = (int)(2 * 2) + 1 = 5, so the neighbourhood is every
// (dx, dy) with dx^2 + dy^2 <= 5 (21 pixels), borders clamped to the nearest edge pixel; 21 is odd,
// so the median is the 11th smallest value.
std::vector<float> median_radius2(const std::vector<float>& src, int w, int h) {
    std::vector<float> out(src.size());
    std::vector<float> values;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            values.clear();
            for (int dy = -2; dy <= 2; ++dy)
                for (int dx = -2; dx <= 2; ++dx) {
                    if (dx * dx + dy * dy > 5) continue;
                    const int xx = std::clamp(x + dx, 0, w - 1), yy = std::clamp(y + dy, 0, h - 1);
                    values.push_back(src[xx + w * yy]);
                }
            EXPECT_EQ(values.size(), 21u);
            std::nth_element(values.begin(), values.begin() + 10, values.end());
            out[x + w * y] = values[10];
        }
    return out;
}

}  // namespace

TEST(SessionStress, ReplaceWhileAnotherThreadPushesAndPulls) {
    const int replace_rounds = rounds(6);
    const int trips = 4 * replace_rounds;

    const auto src = ijcl_test::random_image<float>(kW, kH, 1, 11, kMax);
    const auto expected = median_radius2(src, kW, kH);

    std::atomic<int> median_mismatches{0}, median_done{0}, trip_mismatches{0}, trips_done{0};
    std::vector<std::string> errors[2];

    std::thread replacer([&] {
        try {
            for (int i = 0; i < replace_rounds; ++i) {
                auto session = ijcl::replace_session("");
                session->create("stress_src", {kW, kH, 1}, ijcl::PixelType::Float32);
                session->write("stress_src", 0, src.data(), src.size() * sizeof(float));
                session->execute("median2DSphere", {std::string("stress_src"), std::string("stress_dst"), 2.0, 2.0});
                std::vector<float> out(src.size());
                session->read("stress_dst", 0, out.data(), out.size() * sizeof(float));
                if (out != expected) ++median_mismatches;
                ++median_done;
            }
        } catch (const std::exception& e) {
            errors[0].push_back(e.what());
        }
    });

    std::thread round_tripper([&] {
        try {
            for (int i = 0; i < trips; ++i) {
                // A different size and content every trip, so a stale read cannot pass.
                const int w = 100 + 7 * i, h = 33 + i;
                std::vector<std::uint8_t> bytes(static_cast<std::size_t>(w) * h);
                for (std::size_t k = 0; k < bytes.size(); ++k)
                    bytes[k] = static_cast<std::uint8_t>((k * 31 + i * 17) >> 1);
                auto session = ijcl::current_session();
                session->create("stress_trip", {static_cast<std::uint64_t>(w), static_cast<std::uint64_t>(h), 1},
                                ijcl::PixelType::UInt8);
                session->write("stress_trip", 0, bytes.data(), bytes.size());
                std::vector<std::uint8_t> back(bytes.size(), 0xAB);
                session->read("stress_trip", 0, back.data(), back.size());
                if (back != bytes) ++trip_mismatches;
                session->release("stress_trip");
                ++trips_done;
            }
        } catch (const std::exception& e) {
            errors[1].push_back(e.what());
        }
    });

    replacer.join();
    round_tripper.join();

    for (const auto& e : errors[0]) ADD_FAILURE() << "replacing thread: " << e;
    for (const auto& e : errors[1]) ADD_FAILURE() << "round-trip thread: " << e;
    EXPECT_EQ(median_done.load(), replace_rounds);
    EXPECT_EQ(median_mismatches.load(), 0) << "median2DSphere results that differ from the CPU oracle";
    EXPECT_EQ(trips_done.load(), trips);
    EXPECT_EQ(trip_mismatches.load(), 0) << "push/pull round trips that came back different";

    // The last session is current and still works after both threads are done.
    auto last = ijcl::current_session();
    std::vector<float> out(src.size());
    last->read("stress_dst", 0, out.data(), out.size() * sizeof(float));
    EXPECT_EQ(out, expected);
}

