// Automatic overlapped tiling: operations on images larger than the device-memory budget.
//
// The budget (Session::max_device_memory) is what the device reports minus a safety margin, or
// IJCL_MAX_DEVICE_MEMORY (bytes, or 512M / 4G), or what Session::set_max_device_memory sets (the
// Java plugin's preference). Allocations beyond it are refused as if the device were that small.
// An image larger than the budget stays in host memory when pushed (Image::on_host), and so does
// an operation's output that does not fit the free budget when the operation tiles.
//
// An operation on such images runs in tiles: boxes of the image with a halo around their core
// as wide as the operation's footprint (OpSpec::tiling, declared once per operation), each pushed
// to the device, processed by the operation's own run() as if it were the whole image, and its
// core copied back. Because every core pixel sees the same neighbours as in the whole image, the
// result equals the untiled run byte for byte. Transfers run on a second queue, so the next
// tile's upload overlaps computing the current one (two tiles in flight).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>

#include "ijcl/op_call.hpp"
#include "ijcl/registry.hpp"

namespace ijcl {

class Session;

// "1048576", "512K", "512M", "4G", "1T" (1024-based; a trailing "B" or "iB" is allowed) in bytes.
// Throws ijcl::Error naming `what` on anything else or on zero.
std::uint64_t parse_memory_size(const std::string& text, const std::string& what);

// A tile: its core (the pixels it computes) and its extent (core plus halo, clipped to the image).
struct TileBox {
    std::uint64_t core_origin[3] = {0, 0, 0}, core_size[3] = {1, 1, 1};
    std::uint64_t origin[3] = {0, 0, 0}, size[3] = {1, 1, 1};
    Shape shape() const { return {size[0], size[1], size[2]}; }
};

// What a tiled operation sees: the whole call (its inputs and outputs may be host-resident) and
// a way to run work over tiles.
class TileRunner {
public:
    TileRunner(Session& session, OpCall& full);

    OpCall& full() { return full_; }
    const OpSpec& spec() const { return full_.spec(); }

    // Runs `fn` once per tile with an OpCall whose image inputs are the tile (core + halo of
    // `footprint`) of every input image, and whose arguments are the whole call's. With
    // `write_outputs`, the call also has output images of the tile's shape (per axis: the tile's
    // size where the output has the input's size, else the output's whole size, and such an
    // axis is never split), whose cores are copied into the whole call's outputs (host or
    // device). `whole_axes` (x, y, z): axes the tiles span whole, besides those; an operation
    // whose output axis is another input axis (an X projection's output x is the input's z)
    // names both, since equal sizes would not tell. Throws a clear error when the budget cannot
    // hold even the smallest tile.
    void for_each_tile(const Footprint& footprint, const std::array<bool, 3>& whole_axes, bool write_outputs,
                       const std::function<void(OpCall& tile, const TileBox& box)>& fn);

private:
    Session& session_;
    OpCall& full_;
};

// Runs `spec` over tiles (Session::execute calls it when an input or output is host-resident).
// Refuses an operation whose TileKind is None with an error naming it.
void run_tiled(Session& session, OpCall& full);

}  // namespace ijcl
