// The 16-pixels-per-work-item kernels (math, binary, threshold, flip, maximumZProjection, the
// pull-view conversion) on random images whose sizes give both whole 16-pixel vectors and a
// partial last one, against plain per-pixel reference loops written here.
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;

namespace {

// 37 x 5 x 3 = 555 pixels: 34 whole vectors and 11 pixels left over; rows and planes not
// multiples of 16 (the flip and projection kernels take their one-pixel paths).
// 64 x 3 x 2: rows of four whole vectors (the flip's vector path). 16 x 4 x 7: planes of 64
// pixels (the projection's vector path; 7 planes = one group of four plus three).
struct Size { std::uint64_t w, h, d; };
const Size kSizes[] = {{37, 5, 3}, {64, 3, 2}, {16, 4, 7}};

std::mt19937& rng() {
    static std::mt19937 r(12345);
    return r;
}

template <typename T> std::vector<T> random_pixels(std::size_t n, double hi) {
    std::uniform_real_distribution<double> u(0.0, hi);
    std::vector<T> v(n);
    for (auto& p : v) p = static_cast<T>(u(rng()));
    return v;
}

// CONVERT_<uint16>: float rounded half up ((int)(x + 0.5f), in float), saturated; NaN -> 0.
u16 to_u16(float x) {
    const float t = x + 0.5f;
    if (!(t > 0.0f)) return 0;
    if (t >= 65535.0f) return 65535;
    return static_cast<u16>(t);
}

std::string name(const char* base, const Size& s) {
    return std::string(base) + "_" + std::to_string(s.w) + "x" + std::to_string(s.h) + "x" + std::to_string(s.d);
}

}  // namespace

TEST(PixelwiseVectors, WeightedSumAndScalarsMatchPerPixelFormulas) {
    for (const Size& s : kSizes) {
        const std::size_t n = s.w * s.h * s.d;
        const auto a = random_pixels<u16>(n, 65536.0), b = random_pixels<u16>(n, 65536.0);
        const std::string an = name("va", s), bn = name("vb", s);
        push<u16>(an, s.w, s.h, s.d, a);
        push<u16>(bn, s.w, s.h, s.d, b);
        run("addImagesWeighted", {an, bn, name("vw", s), num(0.7), num(-0.3)});
        run("addImageAndScalar", {an, name("vs", s), num(-1000.5)});
        run("multiplyImageAndScalar", {an, name("vm", s), num(1.25)});
        const auto w = pull<u16>(name("vw", s)), sc = pull<u16>(name("vs", s)), m = pull<u16>(name("vm", s));
        for (std::size_t i = 0; i < n; ++i) {
            // float products and sum, each rounded to float, then rounded half up and saturated
            const float fw = static_cast<float>(a[i]) * 0.7f + static_cast<float>(b[i]) * -0.3f;
            ASSERT_EQ(w[i], to_u16(fw)) << "addImagesWeighted pixel " << i << " of " << an;
            ASSERT_EQ(sc[i], to_u16(static_cast<float>(a[i]) + -1000.5f)) << "addImageAndScalar pixel " << i;
            // ImageJ: double product, Math.round (ties up), clamped
            const double p = a[i] * 1.25;
            const double r = std::min(65535.0, std::floor(p + 0.5));
            ASSERT_EQ(m[i], static_cast<u16>(r)) << "multiplyImageAndScalar pixel " << i;
        }
    }
}

TEST(PixelwiseVectors, MixedTypesFloatAndLabels) {
    const Size s = kSizes[0];
    const std::size_t n = s.w * s.h * s.d;
    auto f = random_pixels<float>(n, 300.0);
    for (std::size_t i = 0; i < n; i += 17) f[i] -= 150.0f;
    const auto b8 = random_pixels<u8>(n, 256.0);
    const auto l = random_pixels<u32>(n, 4.0e9);
    push<float>("mf", s.w, s.h, s.d, f);
    push<u8>("mb8", s.w, s.h, s.d, b8);
    push<u32>("ml", s.w, s.h, s.d, l, ijcl::ImageKind::Label);
    run("subtractImages", {img("mf"), img("mb8"), img("mfd")});
    run("addImages", {img("mb8"), img("mf"), img("m8d")});
    run("multiplyImageAndScalar", {img("ml"), img("mld"), num(0.5)});
    const auto fd = pull<float>("mfd");
    const auto d8 = pull<u8>("m8d");
    const auto ld = pull<u32>("mld");
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(fd[i], f[i] - static_cast<float>(b8[i])) << i;  // float difference, exact in float
        const float sum = static_cast<float>(b8[i]) + f[i] + 0.5f;   // half up, saturated to 0..255
        const u8 e8 = !(sum > 0.0f) ? 0 : sum >= 255.0f ? 255 : static_cast<u8>(sum);
        ASSERT_EQ(d8[i], e8) << i;
        // ties up (Math.round); in float on a device without fp64, where ids above 2^24 round
        // to float first (the product floored, plus 1 where the fraction is 0.5 or more)
        const float pf = static_cast<float>(l[i]) * 0.5f;
        const u32 el = has_fp64() ? static_cast<u32>(std::floor(l[i] * 0.5 + 0.5))
                                  : static_cast<u32>(pf - std::floor(pf) >= 0.5f ? std::floor(pf) + 1 : std::floor(pf));
        ASSERT_EQ(ld[i], el) << i;
    }
}

TEST(PixelwiseVectors, ThresholdAndBinaryLogic) {
    for (const Size& s : kSizes) {
        const std::size_t n = s.w * s.h * s.d;
        const auto a = random_pixels<u16>(n, 65536.0);
        auto f = random_pixels<float>(n, 1.0);
        f[3] = std::numeric_limits<float>::quiet_NaN();
        f[n - 1] = std::numeric_limits<float>::quiet_NaN();
        const auto m = random_pixels<u8>(n, 2.0);  // 0/1 mask
        const std::string an = name("ta", s), fn = name("tf", s), mn = name("tm", s);
        push<u16>(an, s.w, s.h, s.d, a);
        push<float>(fn, s.w, s.h, s.d, f);
        push<u8>(mn, s.w, s.h, s.d, m, ijcl::ImageKind::Binary);
        run("threshold", {an, name("tad", s), num(30000.5)});
        run("threshold", {fn, name("tfd", s), num(0.25)});
        run("binaryAnd", {name("tad", s), mn, name("tand", s)});
        run("binaryOr", {an, fn, name("tor", s)});
        run("binaryNot", {fn, name("tnot", s)});
        const auto ta = pull<u8>(name("tad", s)), tf = pull<u8>(name("tfd", s));
        const auto tand = pull<u8>(name("tand", s)), tor = pull<u8>(name("tor", s)), tnot = pull<u8>(name("tnot", s));
        for (std::size_t i = 0; i < n; ++i) {
            ASSERT_EQ(ta[i], a[i] >= 30001 ? 1 : 0) << i;   // whole values >= 30000.5
            ASSERT_EQ(tf[i], f[i] >= 0.25f ? 1 : 0) << i;   // NaN compares false
            ASSERT_EQ(tand[i], (a[i] >= 30001 && m[i] != 0) ? 1 : 0) << i;
            ASSERT_EQ(tor[i], (a[i] != 0 || f[i] != 0.0f) ? 1 : 0) << i;  // NaN is non-zero
            ASSERT_EQ(tnot[i], f[i] == 0.0f ? 1 : 0) << i;
        }
    }
}

TEST(PixelwiseVectors, Flip3DAllAxesBothPaths) {
    for (const Size& s : kSizes) {
        const std::size_t n = s.w * s.h * s.d;
        const auto a = random_pixels<u16>(n, 65536.0);
        const std::string an = name("fa", s);
        push<u16>(an, s.w, s.h, s.d, a);
        for (int flags = 0; flags < 8; ++flags) {
            const bool fx = flags & 1, fy = flags & 2, fz = flags & 4;
            run("flip3D", {an, name("fd", s), flag(fx), flag(fy), flag(fz)});
            const auto d = pull<u16>(name("fd", s));
            for (std::uint64_t z = 0; z < s.d; ++z)
                for (std::uint64_t y = 0; y < s.h; ++y)
                    for (std::uint64_t x = 0; x < s.w; ++x) {
                        const std::uint64_t sx = fx ? s.w - 1 - x : x, sy = fy ? s.h - 1 - y : y,
                                            sz = fz ? s.d - 1 - z : z;
                        ASSERT_EQ(d[x + s.w * (y + s.h * z)], a[sx + s.w * (sy + s.h * sz)])
                            << "flags " << flags << " at " << x << "," << y << "," << z;
                    }
        }
    }
}

TEST(PixelwiseVectors, MaximumZProjectionBothPathsKeepsImageJsOrder) {
    for (const Size& s : kSizes) {
        const std::size_t plane = s.w * s.h, n = plane * s.d;
        const auto a = random_pixels<u16>(n, 65536.0);
        auto f = random_pixels<float>(n, 2.0);
        for (std::size_t i = 0; i < n; ++i) f[i] -= 1.0f;
        // Columns of +0/-0 (the first of equal values stays, as in ImageJ: here -0), NaN, all NaN.
        for (std::uint64_t z = 0; z < s.d; ++z) {
            f[0 + plane * z] = z == 0 ? -0.0f : 0.0f;
            f[1 + plane * z] = z % 2 ? std::numeric_limits<float>::quiet_NaN() : -5.0f;
            f[2 + plane * z] = std::numeric_limits<float>::quiet_NaN();
        }
        const std::string an = name("pa", s), fn = name("pf", s);
        push<u16>(an, s.w, s.h, s.d, a);
        push<float>(fn, s.w, s.h, s.d, f);
        run("maximumZProjection", {an, name("pad", s)});
        run("maximumZProjection", {fn, name("pfd", s)});
        const auto ad = pull<u16>(name("pad", s));
        const auto fd = pull<float>(name("pfd", s));
        for (std::size_t i = 0; i < plane; ++i) {
            u16 ma = 0;
            float mf = -std::numeric_limits<float>::max();
            for (std::uint64_t z = 0; z < s.d; ++z) {
                ma = std::max(ma, a[i + plane * z]);
                if (f[i + plane * z] > mf) mf = f[i + plane * z];
            }
            ASSERT_EQ(ad[i], ma) << i;
            ASSERT_EQ(std::memcmp(&fd[i], &mf, sizeof mf), 0) << i << ": " << fd[i] << " vs " << mf;
        }
        EXPECT_TRUE(std::signbit(fd[0]));
    }
}

TEST(PixelwiseVectors, PullViewConversions) {
    const Size s = kSizes[0];
    const std::size_t n = s.w * s.h * s.d;
    const auto m = random_pixels<u8>(n, 2.0);
    const auto l = random_pixels<u32>(n, 60000.0);
    push<u8>("pvb", s.w, s.h, s.d, m, ijcl::ImageKind::Binary);
    push<u32>("pvl", s.w, s.h, s.d, l, ijcl::ImageKind::Label);
    auto vb = session().pull_view("pvb");
    auto vl = session().pull_view("pvl");
    ASSERT_EQ(vl->type(), ijcl::PixelType::UInt16);  // ids below 65536
    std::vector<u8> pb(n);
    std::vector<u16> pl(n);
    session().device().queue().enqueueReadBuffer(vb->buffer(), CL_TRUE, 0, n, pb.data());
    session().device().queue().enqueueReadBuffer(vl->buffer(), CL_TRUE, 0, 2 * n, pl.data());
    for (std::size_t i = 0; i < n; ++i) {
        ASSERT_EQ(pb[i], m[i] * 255) << i;
        ASSERT_EQ(pl[i], l[i]) << i;
    }
}
