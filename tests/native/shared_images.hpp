// Real images from ../shared/data for the GoogleTest suite (IJCL_DATA_DIR overrides), read by a
// minimal TIFF reader and enlarged in memory (nothing generated is written to disk), and the
// byte-for-byte comparison of one operation's results between two runs (tiled and untiled, split
// and whole launches).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ijcl_test {

// A minimal reader for the uncompressed, strip-organised TIFFs of ../shared/data (ImageJ writes
// them; big- or little-endian, 8- or 16-bit, one IFD per plane).
struct Raw {
    std::uint64_t width = 0, height = 0, depth = 0;
    int bits = 0;
    std::vector<unsigned char> bytes;  // native endianness, x fastest
};

inline std::string data_dir() {
    if (const char* d = std::getenv("IJCL_DATA_DIR")) return d;
    for (const char* d : {"../shared/data", "../../shared/data", "/work/shared/data"}) {
        std::ifstream probe(std::string(d) + "/blobs.tif");
        if (probe) return d;
    }
    return "";
}

inline Raw read_tiff(const std::string& file) {
    std::ifstream in(data_dir() + "/" + file, std::ios::binary);
    std::vector<unsigned char> f((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Raw r;
    if (f.size() < 8) return r;
    const bool big = f[0] == 'M';
    auto u16 = [&](std::size_t at) { return big ? (f[at] << 8 | f[at + 1]) : (f[at] | f[at + 1] << 8); };
    auto u32 = [&](std::size_t at) {
        return big ? (std::uint32_t(f[at]) << 24 | f[at + 1] << 16 | f[at + 2] << 8 | f[at + 3])
                   : (std::uint32_t(f[at + 3]) << 24 | f[at + 2] << 16 | f[at + 1] << 8 | f[at]);
    };
    std::size_t ifd = u32(4);
    while (ifd != 0 && ifd + 2 < f.size()) {
        const int entries = u16(ifd);
        std::uint32_t w = 0, h = 0, bits = 8, strips = 0, offsets_at = 0, type_of_offsets = 4;
        for (int e = 0; e < entries; ++e) {
            const std::size_t at = ifd + 2 + 12 * e;
            const int tag = u16(at), type = u16(at + 2);
            const std::uint32_t count = u32(at + 4);
            const std::uint32_t value = type == 3 ? u16(at + 8) : u32(at + 8);
            if (tag == 256) w = value;
            if (tag == 257) h = value;
            if (tag == 258) bits = value;
            if (tag == 273) { strips = count; offsets_at = count == 1 ? 0 : value; type_of_offsets = type; if (count == 1) offsets_at = static_cast<std::uint32_t>(at + 8); }
        }
        r.width = w;
        r.height = h;
        r.bits = static_cast<int>(bits);
        const std::size_t plane = std::size_t(w) * h * (bits / 8);
        std::vector<unsigned char> pixels;
        for (std::uint32_t s = 0; s < strips && pixels.size() < plane; ++s) {
            const std::size_t off = type_of_offsets == 3 ? u16(offsets_at + 2 * s) : u32(offsets_at + 4 * s);
            const std::size_t n = std::min(plane - pixels.size(), f.size() - off);
            pixels.insert(pixels.end(), f.begin() + off, f.begin() + off + n);
        }
        if (bits == 16 && big)
            for (std::size_t i = 0; i + 1 < pixels.size(); i += 2) std::swap(pixels[i], pixels[i + 1]);
        r.bytes.insert(r.bytes.end(), pixels.begin(), pixels.end());
        r.depth += 1;
        ifd = u32(ifd + 2 + 12 * entries);
    }
    return r;
}

// `raw` repeated nx x ny times side by side (a larger image of real content).
inline Raw repeat(const Raw& raw, int nx, int ny) {
    Raw r = raw;
    const std::size_t bpp = raw.bits / 8;
    r.width = raw.width * nx;
    r.height = raw.height * ny;
    r.bytes.resize(r.width * r.height * raw.depth * bpp);
    for (std::uint64_t z = 0; z < raw.depth; ++z)
        for (std::uint64_t y = 0; y < r.height; ++y)
            for (std::uint64_t x = 0; x < r.width; ++x)
                std::memcpy(&r.bytes[((z * r.height + y) * r.width + x) * bpp],
                            &raw.bytes[((z * raw.height + y % raw.height) * raw.width + x % raw.width) * bpp], bpp);
    return r;
}

// The top-left `width` x `height` of every plane of `raw`.
inline Raw crop(const Raw& raw, std::uint64_t width, std::uint64_t height) {
    Raw r = raw;
    const std::size_t bpp = raw.bits / 8;
    r.width = width;
    r.height = height;
    r.bytes.resize(width * height * raw.depth * bpp);
    for (std::uint64_t z = 0; z < raw.depth; ++z)
        for (std::uint64_t y = 0; y < height; ++y)
            std::memcpy(&r.bytes[(z * height + y) * width * bpp], &raw.bytes[(z * raw.height + y) * raw.width * bpp],
                        width * bpp);
    return r;
}

inline void push_raw(const std::string& name, const Raw& raw) {
    session().create(name, {raw.width, raw.height, raw.depth},
                     raw.bits == 32 ? ijcl::PixelType::Float32 : raw.bits == 16 ? ijcl::PixelType::UInt16 : ijcl::PixelType::UInt8);
    session().write(name, 0, raw.bytes.data(), raw.bytes.size());
}

inline std::vector<unsigned char> pull_bytes(const std::string& name) {
    auto image = session().get(name);
    std::vector<unsigned char> out(image->bytes());
    session().read(name, 0, out.data(), out.size());
    return out;
}

// What one run of an operation left: the bytes of each named output and its numbers and table.
struct RunResult {
    std::vector<std::vector<unsigned char>> outputs;
    ijcl::OpResult result;
};

inline RunResult run_and_pull(const std::string& op, const std::vector<ijcl::Value>& args,
                              const std::vector<std::string>& outputs) {
    RunResult r;
    r.result = run(op, args);
    for (const auto& o : outputs) r.outputs.push_back(pull_bytes(o));
    return r;
}

// Expects run `b` of `op` to equal run `a` byte for byte: every output, every table cell (the
// doubles' bits), every number. `b_name` and `a_name` name the runs in failure messages.
inline void expect_same_results(const RunResult& a, const RunResult& b, const std::string& op,
                                const std::vector<std::string>& outputs, const std::string& b_name,
                                const std::string& a_name) {
    ASSERT_EQ(a.outputs.size(), outputs.size());
    ASSERT_EQ(b.outputs.size(), outputs.size());
    for (std::size_t k = 0; k < outputs.size(); ++k) {
        ASSERT_EQ(b.outputs[k].size(), a.outputs[k].size());
        std::size_t differ = 0, first = 0;
        for (std::size_t i = 0; i < b.outputs[k].size(); ++i)
            if (b.outputs[k][i] != a.outputs[k][i] && differ++ == 0) first = i;
        EXPECT_EQ(differ, 0u) << op << ", output '" << outputs[k] << "': " << differ << " bytes of " << b_name
                              << " differ from " << a_name << ", the first at byte " << first;
    }
    ASSERT_EQ(b.result.table.has_value(), a.result.table.has_value());
    if (b.result.table) {
        const ijcl::Table &x = *b.result.table, &y = *a.result.table;
        ASSERT_EQ(x.columns, y.columns);
        ASSERT_EQ(x.rows(), y.rows());
        for (std::size_t col = 0; col < x.columns.size(); ++col)
            for (std::size_t row = 0; row < x.rows(); ++row)
                EXPECT_TRUE(std::memcmp(&x.values[col][row], &y.values[col][row], sizeof(double)) == 0)
                    << op << ": table column " << x.columns[col] << ", row " << row << ": " << x.values[col][row]
                    << " in " << b_name << ", " << y.values[col][row] << " in " << a_name;
    }
    ASSERT_EQ(b.result.numbers.size(), a.result.numbers.size());
    for (std::size_t i = 0; i < b.result.numbers.size(); ++i)
        EXPECT_EQ(b.result.numbers[i].second, a.result.numbers[i].second) << op << " " << b.result.numbers[i].first;
}

#define REQUIRE_DATA()                                                         \
    if (data_dir().empty()) GTEST_SKIP() << "../shared/data not found (set IJCL_DATA_DIR)"


}  // namespace ijcl_test
