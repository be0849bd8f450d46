// Runs every registered operation on tiny images (1x1x1, 1xN, Nx1, 5x4x3; every pixel type and
// image kind), with arguments made from the operation's ParamSpecs: the defaults, then every
// number at 0 (or its minimum), 1000 and its maximum (radii far beyond the image), then, on the
// 5x4x3 shape, every boolean flipped and every choice of every string. Meant to run under Oclgrind, the simulated OpenCL device that
// reports out-of-bounds and uninitialised accesses inside kernels (see CMakeLists.txt, test
// "Oclgrind.AllOperations", label "oclgrind"; `./ijcl test --full`).
//
// After every call the Oclgrind log (OCLGRIND_LOG) is checked: anything written there is printed
// with the call that caused it, and the program exits with status 1. Calls that the operation
// refuses with a clear ijcl::Error (a pixel type it does not take, an out-of-range argument) are
// counted, not failures; an error that says "internal" is a failure. Minimum, maximum and median
// results must consist of input values (median3DSphere may average two, so it is left out).
//
//   ijcl_oclgrind [--any-device] [--only NAME] [--quick]
//     --any-device  run on whatever device the session picks (default: require Oclgrind)
//     --only NAME   only operations whose name contains NAME
//     --quick       the 5x4x3 and 1x1x1 shapes only, defaults and 1000 only
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ijcl/errors.hpp"
#include "ijcl/registry.hpp"
#include "ijcl/session.hpp"

namespace {

using ijcl::ParamKind;
using ijcl::PixelType;
using ijcl::Value;

struct Input {
    PixelType type;
    ijcl::ImageKind kind;
    const char* label;
};

const Input kInputs[] = {
    {PixelType::UInt8, ijcl::ImageKind::Intensity, "uint8"},
    {PixelType::UInt16, ijcl::ImageKind::Intensity, "uint16"},
    {PixelType::Float32, ijcl::ImageKind::Intensity, "float32"},
    {PixelType::UInt32, ijcl::ImageKind::Intensity, "uint32"},
    {PixelType::UInt8, ijcl::ImageKind::Binary, "binary"},
    {PixelType::UInt32, ijcl::ImageKind::Label, "labels"},
};

std::uint64_t file_size(const std::string& path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    return f ? static_cast<std::uint64_t>(f.tellg()) : 0;
}

std::string file_tail(const std::string& path, std::uint64_t from) {
    std::ifstream f(path, std::ios::binary);
    if (!f) return "";
    f.seekg(static_cast<std::streamoff>(from));
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
}

// Pixels of an input: small random values (binary 0/1, labels 0..3).
std::vector<unsigned char> make_pixels(const Input& in, std::uint64_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::vector<unsigned char> bytes(n * ijcl::bytes_per_pixel(in.type));
    for (std::uint64_t i = 0; i < n; ++i) {
        const double r = std::uniform_real_distribution<double>(0.0, 1.0)(gen);
        double v = in.kind == ijcl::ImageKind::Binary ? std::floor(2 * r)
                 : in.kind == ijcl::ImageKind::Label  ? std::floor(4 * r)
                                                      : std::floor(200 * r);
        switch (in.type) {
            case PixelType::UInt8: bytes[i] = static_cast<std::uint8_t>(v); break;
            case PixelType::UInt16: {
                const std::uint16_t x = static_cast<std::uint16_t>(v * 300);
                std::memcpy(&bytes[2 * i], &x, 2);
                break;
            }
            case PixelType::Float32: {
                const float x = static_cast<float>(v / 7.0 - 3.0);
                std::memcpy(&bytes[4 * i], &x, 4);
                break;
            }
            case PixelType::UInt32: {
                const std::uint32_t x = static_cast<std::uint32_t>(v);
                std::memcpy(&bytes[4 * i], &x, 4);
                break;
            }
        }
    }
    return bytes;
}

double pixel_at(const std::vector<unsigned char>& bytes, PixelType type, std::uint64_t i) {
    switch (type) {
        case PixelType::UInt8: return bytes[i];
        case PixelType::UInt16: { std::uint16_t x; std::memcpy(&x, &bytes[2 * i], 2); return x; }
        case PixelType::Float32: { float x; std::memcpy(&x, &bytes[4 * i], 4); return x; }
        case PixelType::UInt32: { std::uint32_t x; std::memcpy(&x, &bytes[4 * i], 4); return x; }
    }
    return 0;
}

// One argument list: `number` for every number (clamped to its range, whole where required;
// NaN = the default), booleans flipped when `flip`, strings at `choice` where they have choices.
struct Variant {
    double number;
    bool flip;
    int choice;  // -1: default
    std::string label;
};

std::string shape_label(const ijcl::Shape& s) {
    return std::to_string(s.width) + "x" + std::to_string(s.height) + "x" + std::to_string(s.depth);
}

}  // namespace

int main(int argc, char** argv) {
    bool any_device = false, quick = false;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--any-device") any_device = true;
        else if (a == "--quick") quick = true;
        else if (a == "--only" && i + 1 < argc) only = argv[++i];
        else {
            std::cerr << "usage: ijcl_oclgrind [--any-device] [--only NAME] [--quick]\n";
            return 2;
        }
    }
    const char* log_env = std::getenv("OCLGRIND_LOG");
    const std::string log_path = log_env ? log_env : "";

    ijcl::Session session("");
    const auto& info = session.device_info();
    std::cout << "device: " << info.name << " (" << info.platform << ")" << std::endl;
    if (!any_device && info.platform.find("Oclgrind") == std::string::npos) {
        std::cerr << "not running on Oclgrind (platform '" << info.platform
                  << "'); set OCL_ICD_VENDORS to a folder holding only oclgrind.icd, or pass --any-device\n";
        return 2;
    }
    if (!any_device && log_path.empty()) {
        std::cerr << "OCLGRIND_LOG is not set: Oclgrind's reports could not be checked\n";
        return 2;
    }

    std::vector<ijcl::Shape> shapes = {{5, 4, 3}, {1, 1, 1}, {1, 7, 1}, {7, 1, 1}};
    std::vector<Variant> variants = {{NAN, false, -1, "defaults"}, {1000, false, -1, "1000"}};
    if (!quick) {
        variants.push_back({0, false, -1, "0"});
        variants.push_back({INFINITY, false, -1, "max"});
        variants.push_back({NAN, true, -1, "flipped booleans"});
        for (int k = 0; k < 32; ++k) variants.push_back({NAN, false, k, "choice " + std::to_string(k)});
    } else {
        shapes.resize(2);
    }

    std::uint64_t log_seen = log_path.empty() ? 0 : file_size(log_path);
    int calls = 0, refused = 0, failures = 0;
    std::set<std::string> ops_run;
    unsigned seed = 1;
    for (const ijcl::OpSpec* op : ijcl::Registry::instance().all()) {
        if (!only.empty() && op->name.find(only) == std::string::npos) continue;
        int max_choices = 0;
        bool has_boolean = false;
        for (const auto& p : op->params) {
            max_choices = std::max<int>(max_choices, static_cast<int>(p.choices.size()));
            has_boolean = has_boolean || p.kind == ParamKind::Boolean;
        }
        const bool check_values = (op->name.rfind("minimum", 0) == 0 || op->name.rfind("maximum", 0) == 0 ||
                                   op->name.rfind("median", 0) == 0) &&
                                  op->name != "median3DSphere" &&
                                  op->name.find("Projection") == std::string::npos;  // a line of NaN gives -FLT_MAX
        for (const ijcl::Shape& shape : shapes)
            for (const Input& in : kInputs)
                for (const Variant& var : variants) {
                    if (var.choice >= max_choices || (var.flip && !has_boolean)) continue;
                    // other choices and flipped booleans on the first (small 3D) shape only
                    if ((var.choice >= 0 || var.flip) && &shape != &shapes.front()) continue;
                    // Inputs: one image per input parameter, same shape and type.
                    std::vector<Value> args;
                    std::vector<std::string> inputs, outputs;
                    std::ostringstream what;
                    what << op->name << "(";
                    std::vector<unsigned char> first_pixels;
                    for (const auto& p : op->params) {
                        if (&p != &op->params.front()) what << ", ";
                        switch (p.kind) {
                            case ParamKind::InputImage:
                            case ParamKind::InPlaceImage: {
                                const std::string name = "in" + std::to_string(inputs.size());
                                const auto pixels = make_pixels(in, shape.pixels(), seed++);
                                if (inputs.empty()) first_pixels = pixels;
                                session.create(name, shape, in.type, in.kind);
                                session.write(name, 0, pixels.data(), pixels.size());
                                inputs.push_back(name);
                                args.emplace_back(name);
                                what << name;
                                break;
                            }
                            case ParamKind::OutputImage: {
                                const std::string name = "out" + std::to_string(outputs.size());
                                outputs.push_back(name);
                                args.emplace_back(name);
                                what << name;
                                break;
                            }
                            case ParamKind::Number: {
                                double v = std::isnan(var.number) ? std::strtod(p.default_value.c_str(), nullptr)
                                                                  : var.number;
                                if (std::isinf(v) && std::isinf(p.max)) v = 1e10;  // "max" of an unbounded number
                                v = std::min(std::max(v, p.min), p.max);
                                if (p.integer) v = std::floor(v);
                                args.emplace_back(v);
                                what << v;
                                break;
                            }
                            case ParamKind::Boolean: {
                                bool b = p.default_value == "true";
                                if (var.flip) b = !b;
                                args.emplace_back(b);
                                what << (b ? "true" : "false");
                                break;
                            }
                            case ParamKind::String: {
                                std::string s = p.default_value;
                                if (var.choice >= 0 && var.choice < static_cast<int>(p.choices.size()))
                                    s = p.choices[var.choice];
                                args.emplace_back(s);
                                what << '"' << s << '"';
                                break;
                            }
                            case ParamKind::OutputNumber:
                                args.emplace_back(std::monostate{});
                                what << "out";
                                break;
                        }
                    }
                    what << ") on " << shape_label(shape) << " " << in.label << " [" << var.label << "]";
                    ++calls;
                    std::string outcome;
                    try {
                        session.execute(op->name, args);
                        ops_run.insert(op->name);
                        if (check_values && !outputs.empty()) {
                            auto image = session.get(outputs[0]);
                            if (image->type() == in.type) {
                                std::vector<unsigned char> result(image->bytes());
                                session.read(outputs[0], 0, result.data(), result.size());
                                std::set<double> values;
                                for (std::uint64_t i = 0; i < shape.pixels(); ++i)
                                    values.insert(pixel_at(first_pixels, in.type, i));
                                for (std::uint64_t i = 0; i < shape.pixels(); ++i)
                                    if (!values.count(pixel_at(result, in.type, i))) {
                                        outcome = "value " + std::to_string(pixel_at(result, in.type, i)) +
                                                  " at pixel " + std::to_string(i) + " is not in the input";
                                        break;
                                    }
                            }
                        }
                    } catch (const ijcl::Error& e) {
                        const std::string m = e.what();
                        if (m.find("internal") != std::string::npos) outcome = "error: " + m;
                        else ++refused;
                    } catch (const std::exception& e) {
                        outcome = std::string("exception: ") + e.what();
                    }
                    if (!log_path.empty()) {
                        session.finish();
                        const std::uint64_t size = file_size(log_path);
                        if (size > log_seen) {
                            outcome += (outcome.empty() ? "" : "\n") + std::string("Oclgrind reported:\n") +
                                       file_tail(log_path, log_seen);
                            log_seen = size;
                        }
                    }
                    if (!outcome.empty()) {
                        ++failures;
                        std::cout << "FAIL " << what.str() << ": " << outcome << std::endl;
                    }
                    for (const auto& n : inputs) session.release(n);
                    for (const auto& n : outputs) session.release(n);
                }
        std::cout << "done " << op->name << " (" << calls << " calls so far, " << failures << " failures)"
                  << std::endl;
    }
    std::cout << calls << " calls of " << ops_run.size() << " operations (" << refused
              << " refused with a clear error), " << failures << " failures" << std::endl;
    if (ops_run.empty()) return 1;
    return failures == 0 ? 0 : 1;
}
