// flip2D, flip3D, rotate2D.
#include <cmath>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;
using u16 = std::uint16_t;

TEST(TransformFlip, Flip2DEachPlaneOfAStack) {
    // 3 x 2 x 2, planes [1 2 3; 4 5 6] and [7 8 9; 10 11 12]
    push<u16>("f2", 3, 2, 2, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    run("flip2D", {img("f2"), img("f2x"), flag(true), flag(false)});
    EXPECT_EQ(pull<u16>("f2x"), (std::vector<u16>{3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}));
    run("flip2D", {img("f2"), img("f2y"), flag(false), flag(true)});
    EXPECT_EQ(pull<u16>("f2y"), (std::vector<u16>{4, 5, 6, 1, 2, 3, 10, 11, 12, 7, 8, 9}));
    run("flip2D", {img("f2"), img("f2xy"), flag(true), flag(true)});
    EXPECT_EQ(pull<u16>("f2xy"), (std::vector<u16>{6, 5, 4, 3, 2, 1, 12, 11, 10, 9, 8, 7}));
    run("flip2D", {img("f2"), img("f2n"), flag(false), flag(false)});
    EXPECT_EQ(pull<u16>("f2n"), (std::vector<u16>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
}

TEST(TransformFlip, Flip3DReversesPlanesAndKeepsKind) {
    push<float>("f3", 2, 1, 3, {1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f});
    run("flip3D", {img("f3"), img("f3z"), flag(false), flag(false), flag(true)});
    EXPECT_EQ(pull<float>("f3z"), (std::vector<float>{5.0f, 6.0f, 3.0f, 4.0f, 1.0f, 2.0f}));
    run("flip3D", {img("f3"), img("f3xz"), flag(true), flag(false), flag(true)});
    EXPECT_EQ(pull<float>("f3xz"), (std::vector<float>{6.0f, 5.0f, 4.0f, 3.0f, 2.0f, 1.0f}));
    push<std::uint32_t>("f3l", 2, 1, 1, {1, 2}, ijcl::ImageKind::Label);
    run("flip3D", {img("f3l"), img("f3ld"), flag(true), flag(false), flag(false)});
    EXPECT_EQ(pull<std::uint32_t>("f3ld"), (std::vector<std::uint32_t>{2, 1}));
    EXPECT_EQ(session().get("f3ld")->kind(), ijcl::ImageKind::Label);
}

TEST(TransformFlip, InPlace) {
    push<u8>("fip", 3, 1, 1, {1, 2, 3});
    run("flip2D", {img("fip"), img("fip"), flag(true), flag(false)});
    EXPECT_EQ(pull<u8>("fip"), (std::vector<u8>{3, 2, 1}));
}

TEST(TransformRotate, QuarterTurnClockwiseAboutCentre) {
    // 3x3 [10 20 30; 40 50 60; 70 80 90]; centre (1, 1). ImageJ: angle 90 -> a = -pi/2,
    // cos a ~ 6e-17, sin a = -1: source x = (y - 1) + 1 = y, source y = -(x - 1) + 1 = 2 - x,
    // i.e. dst(x, y) = src(y, 2 - x): a clockwise turn. Samples on the last row/column are
    // clamped to 1.999 and interpolate 0.001 of the neighbour (< 0.1 grey level), so they round
    // to the pixel itself.
    push<u8>("r90", 3, 3, 1, {10, 20, 30, 40, 50, 60, 70, 80, 90});
    run("rotate2D", {img("r90"), img("r90d"), num(90), flag(true)});
    EXPECT_EQ(pull<u8>("r90d"), (std::vector<u8>{70, 40, 10, 80, 50, 20, 90, 60, 30}));
    run("rotate2D", {img("r90"), img("r90m"), num(-90), flag(true)});
    EXPECT_EQ(pull<u8>("r90m"), (std::vector<u8>{30, 60, 90, 20, 50, 80, 10, 40, 70}));
}

TEST(TransformRotate, BackgroundIsZeroOutsideTheSource) {
    // 5x5 of 100 turned by 45 degrees about (2, 2); with a = -45deg, c = cos a = 0.7071,
    // s = sin a = -0.7071 the source of (x, y) is ((x-2)c - (y-2)s + 2, (x-2)s + (y-2)c + 2).
    // ImageJ's edge rule is asymmetric: a source is inside when -0.01 <= xs < width (not width-1).
    push<u8>("r45", 5, 5, 1, std::vector<u8>(25, 100));
    run("rotate2D", {img("r45"), img("r45d"), num(45), flag(true)});
    const auto out = pull<u8>("r45d");
    EXPECT_EQ(out[0], 0);     // (0,0) -> (-1.414 - 1.414 + 2, ...) = (-0.83, 0.59): outside
    EXPECT_EQ(out[4], 0);     // (4,0) -> (2, -1.414 - 1.414 + 2 = -0.83): outside
    EXPECT_EQ(out[20], 100);  // (0,4) -> (2, 1.414 + 1.414 + 2 = 4.83): 4.83 < 5, inside
    EXPECT_EQ(out[24], 100);  // (4,4) -> (4.83, 2): inside (clamped to 3.999)
    EXPECT_EQ(out[12], 100);  // the centre samples itself
    EXPECT_EQ(out[2], 100);   // (2,0) -> (0.59, 0.59): inside, all neighbours 100
}

TEST(TransformRotate, AboutTheOrigin) {
    // Centre (0, 0), angle 90: source x = -y * sin(-90deg) = y, source y = x * sin(-90deg) = -x.
    // Only x = 0 samples inside (source y = 0): dst(0, y) = src(y, 0); everything else is 0.
    push<u8>("ro", 3, 3, 1, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    run("rotate2D", {img("ro"), img("rod"), num(90), flag(false)});
    EXPECT_EQ(pull<u8>("rod"), (std::vector<u8>{1, 0, 0, 2, 0, 0, 3, 0, 0}));
}

TEST(TransformRotate, FullTurnCopiesAndStacksRotatePlaneByPlane) {
    push<u16>("rs", 2, 2, 2, {1, 2, 3, 4, 5, 6, 7, 8});
    run("rotate2D", {img("rs"), img("rs360"), num(360), flag(true)});
    EXPECT_EQ(pull<u16>("rs360"), (std::vector<u16>{1, 2, 3, 4, 5, 6, 7, 8}));
    // 180 degrees about (0.5, 0.5): dst(x, y) = src(1 - x, 1 - y) in each plane (samples at
    // 1.0 are clamped to 0.999: 0.001 of the other pixel, rounded away).
    run("rotate2D", {img("rs"), img("rs180"), num(180), flag(true)});
    EXPECT_EQ(pull<u16>("rs180"), (std::vector<u16>{4, 3, 2, 1, 8, 7, 6, 5}));
}

// An independent double-precision reference of ImageJ's bilinear rotate (ImageProcessor.rotate).
std::vector<double> reference_rotate(const std::vector<double>& src, int w, int h, double angle) {
    const double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
    const double a = -angle / 57.29577951308232, ca = std::cos(a), sa = std::sin(a);
    std::vector<double> out(src.size());
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            double xs = (x - cx) * ca - (y - cy) * sa + cx;
            double ys = (x - cx) * sa + (y - cy) * ca + cy;
            if (xs < -0.01 || xs >= w || ys < -0.01 || ys >= h) { out[x + w * y] = 0.0; continue; }
            xs = std::min(std::max(xs, 0.0), w - 1.001);
            ys = std::min(std::max(ys, 0.0), h - 1.001);
            const int xb = static_cast<int>(xs), yb = static_cast<int>(ys);
            const double fx = xs - xb, fy = ys - yb;
            auto p = [&](int i, int j) { return src[i + w * j]; };
            const double lower = p(xb, yb) + fx * (p(xb + 1, yb) - p(xb, yb));
            const double upper = p(xb, yb + 1) + fx * (p(xb + 1, yb + 1) - p(xb, yb + 1));
            out[x + w * y] = lower + fy * (upper - lower);
        }
    return out;
}

TEST(TransformRotate, MatchesAReferenceForFloatAnd8Bit) {
    const int w = 7, h = 5;
    std::vector<float> pf(w * h);
    std::vector<u8> p8(w * h);
    std::vector<double> pd(w * h);
    for (int i = 0; i < w * h; ++i) {
        p8[i] = static_cast<u8>((i * 37) % 251);
        pf[i] = static_cast<float>(p8[i]) * 0.5f;
        pd[i] = p8[i];
    }
    push<float>("rf", w, h, 1, pf);
    push<u8>("r8", w, h, 1, p8);
    for (double angle : {30.0, -17.5, 123.0}) {
        run("rotate2D", {img("rf"), img("rfd"), num(angle), flag(true)});
        run("rotate2D", {img("r8"), img("r8d"), num(angle), flag(true)});
        const auto ref = reference_rotate(pd, w, h, angle);
        const auto gf = pull<float>("rfd");
        const auto g8 = pull<u8>("r8d");
        for (int i = 0; i < w * h; ++i) {
            // float: the reference on values * 0.5, to float precision
            EXPECT_NEAR(gf[i], ref[i] * 0.5, 1e-4) << "angle " << angle << " pixel " << i;
            // 8-bit: rounded half up (the reference is never within 1e-6 of a .5 here)
            EXPECT_EQ(g8[i], static_cast<int>(std::floor(ref[i] + 0.5))) << "angle " << angle << " pixel " << i;
        }
    }
}
