// binaryAnd, binaryOr, binaryNot: non-zero inputs are true, outputs are uint8 0/1 binary images.
#include <cmath>

#include "test_support.hpp"

using namespace ijcl_test;
using u8 = std::uint8_t;

TEST(BinaryOps, AndOrOnMasksWith255And1) {
    push<u8>("ba", 4, 1, 1, {0, 255, 0, 255});   // an ImageJ mask
    push<u8>("bb", 4, 1, 1, {0, 0, 1, 1}, ijcl::ImageKind::Binary);
    run("binaryAnd", {img("ba"), img("bb"), img("band")});
    EXPECT_EQ(pull<u8>("band"), (std::vector<u8>{0, 0, 0, 1}));
    run("binaryOr", {img("ba"), img("bb"), img("bor")});
    EXPECT_EQ(pull<u8>("bor"), (std::vector<u8>{0, 1, 1, 1}));
    EXPECT_EQ(session().get("band")->kind(), ijcl::ImageKind::Binary);
}

TEST(BinaryOps, MixedTypesAnd3D) {
    // uint16 and float inputs; any non-zero value (including negative and NaN) is true
    push<std::uint16_t>("bc", 2, 1, 2, {0, 7, 65535, 0});
    push<float>("bd", 2, 1, 2, {-0.5f, 0.0f, std::nanf(""), 0.0f});
    run("binaryAnd", {img("bc"), img("bd"), img("bcd")});
    EXPECT_EQ(pull<u8>("bcd"), (std::vector<u8>{0, 0, 1, 0}));
    run("binaryOr", {img("bc"), img("bd"), img("bcd2")});
    EXPECT_EQ(pull<u8>("bcd2"), (std::vector<u8>{1, 1, 1, 0}));
    EXPECT_EQ(session().get("bcd2")->shape().depth, 2u);
}

TEST(BinaryOps, Not) {
    push<u8>("bn", 3, 1, 1, {0, 1, 255});
    run("binaryNot", {img("bn"), img("bnd")});
    EXPECT_EQ(pull<u8>("bnd"), (std::vector<u8>{1, 0, 0}));
    push<float>("bnf", 2, 1, 1, {0.0f, -3.0f});
    run("binaryNot", {img("bnf"), img("bnfd")});
    EXPECT_EQ(pull<u8>("bnfd"), (std::vector<u8>{1, 0}));
}

TEST(BinaryOps, ShapeMismatchNamesOperand2) {
    push<u8>("bs1", 2, 2, 1, {1, 1, 1, 1});
    push<u8>("bs2", 4, 1, 1, {1, 1, 1, 1});
    expect_error([] { run("binaryOr", {img("bs1"), img("bs2"), img("bsd")}); },
                 {"binaryOr", "argument 'operand2'", "4x1x1", "2x2x1"});
    expect_error([] { run("binaryNot", {img("not_pushed"), img("bsd")}); }, {"argument 'source'", "not_pushed"});
}
