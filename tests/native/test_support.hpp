// Helpers for the GoogleTest suite: one session on the default device (PoCL on a machine without
// a GPU; set IJCL_TEST_DEVICE to choose), and typed push/pull of small images.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <type_traits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ijcl/errors.hpp"
#include "ijcl/session.hpp"

namespace ijcl_test {

inline ijcl::Session& session() {
    static ijcl::Session s(std::getenv("IJCL_TEST_DEVICE") ? std::getenv("IJCL_TEST_DEVICE") : "");
    return s;
}

template <typename T> ijcl::PixelType type_of();
template <> inline ijcl::PixelType type_of<std::uint8_t>() { return ijcl::PixelType::UInt8; }
template <> inline ijcl::PixelType type_of<std::uint16_t>() { return ijcl::PixelType::UInt16; }
template <> inline ijcl::PixelType type_of<float>() { return ijcl::PixelType::Float32; }
template <> inline ijcl::PixelType type_of<std::uint32_t>() { return ijcl::PixelType::UInt32; }

// Creates image `name` of shape w x h x d from `pixels` (x fastest).
template <typename T>
void push(const std::string& name, std::uint64_t w, std::uint64_t h, std::uint64_t d,
          const std::vector<T>& pixels, ijcl::ImageKind kind = ijcl::ImageKind::Intensity) {
    ASSERT_EQ(pixels.size(), w * h * d) << "test data of the wrong size";
    session().create(name, {w, h, d}, type_of<T>(), kind);
    session().write(name, 0, pixels.data(), pixels.size() * sizeof(T));
}

// Reads image `name`; fails the test if its pixel type is not T.
template <typename T>
std::vector<T> pull(const std::string& name) {
    auto image = session().get(name);
    EXPECT_EQ(image->type(), type_of<T>()) << "image '" << name << "' has type "
                                           << ijcl::pixel_type_name(image->type());
    std::vector<T> out(image->shape().pixels());
    if (image->type() == type_of<T>()) session().read(name, 0, out.data(), out.size() * sizeof(T));
    return out;
}

// A w x h x d image of uniform random values in [0, max) (whole numbers for integer types),
// reproducible from the seed.
template <typename T>
std::vector<T> random_image(int w, int h, int d, unsigned seed, double max) {
    std::mt19937 gen(seed);
    std::uniform_real_distribution<double> dist(0.0, max);
    std::vector<T> v(static_cast<std::size_t>(w) * h * d);
    for (auto& x : v) x = static_cast<T>(std::is_same<T, float>::value ? dist(gen) : std::floor(dist(gen)));
    return v;
}

// Runs an operation; arguments as in Session::execute.
inline ijcl::OpResult run(const std::string& op, const std::vector<ijcl::Value>& args) {
    return session().execute(op, args);
}

// Shorthands for argument lists.
inline ijcl::Value img(const char* name) { return std::string(name); }
inline ijcl::Value num(double v) { return v; }
inline ijcl::Value flag(bool v) { return v; }
inline ijcl::Value out() { return std::monostate{}; }

// Expects `fn` to throw ijcl::Error whose message contains every one of `parts`.
template <typename Fn>
void expect_error(Fn fn, const std::vector<std::string>& parts) {
    try {
        fn();
        ADD_FAILURE() << "expected an ijcl::Error";
    } catch (const ijcl::Error& e) {
        const std::string message = e.what();
        for (const auto& p : parts) EXPECT_NE(message.find(p), std::string::npos) << "message: " << message;
    }
}

// The test device's extensions as ijcl sees them: a device without them (Apple Silicon), or one
// with them switched off by IJCL_DISABLE_EXTENSIONS (tests/portability/cl12_kernels.sh).
inline bool has_fp64() { return session().device_info().has_fp64; }
inline bool has_int64_atomics() { return session().device_info().has_int64_atomics; }

// Expects a value computed in double on devices with cl_khr_fp64: equal to `expected` to double
// precision there, and to float precision (relative 1e-6) on a device without, where ijcl
// computes it in float (each operation's documentation says which).
inline void expect_real(double actual, double expected) {
    if (has_fp64()) EXPECT_DOUBLE_EQ(actual, expected);
    else EXPECT_NEAR(actual, expected, 1e-6 * std::fabs(expected));
}

}  // namespace ijcl_test

// Skips the rest of a test whose operations need a device extension, on a device without it; the
// MissingExtensions tests (tests/native/missing_extensions_test.cpp) check that those operations
// refuse there with the extension named.
#define IJCL_SKIP_WITHOUT_INT64_ATOMICS() \
    if (!ijcl_test::has_int64_atomics()) GTEST_SKIP() << "the device lacks cl_khr_int64_base_atomics"
#define IJCL_SKIP_WITHOUT_FP64() \
    if (!ijcl_test::has_fp64()) GTEST_SKIP() << "the device lacks cl_khr_fp64"
