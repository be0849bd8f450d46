// Connected-component labelling of images beyond the device-memory budget (labeling.hpp): each
// tile's core is labelled on the device by label_components, then the host joins the labels of
// touching foreground pixels across tile borders (union-find) and renumbers in raster order of
// each component's first pixel, so the result equals the untiled run byte for byte.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "ijcl/session.hpp"
#include "ijcl/tiling.hpp"
#include "labeling.hpp"

namespace ijcl {
namespace {

// Union-find over global label ids (1..n; 0 unused), joined towards the smaller id.
class Forest {
public:
    explicit Forest(std::uint64_t n) : parent_(n + 1) {
        for (std::uint64_t i = 0; i <= n; ++i) parent_[i] = i;
    }
    std::uint64_t find(std::uint64_t i) {
        while (parent_[i] != i) i = parent_[i] = parent_[parent_[i]];
        return i;
    }
    void join(std::uint64_t a, std::uint64_t b) {
        a = find(a);
        b = find(b);
        if (a < b) parent_[b] = a;
        else if (b < a) parent_[a] = b;
    }

private:
    std::vector<std::uint64_t> parent_;
};

}  // namespace

void label_components_tiled(TileRunner& t, const std::string& input, const std::string& output,
                            Connectivity connectivity) {
    // 1. Every tile's core labelled on its own (ids 1..n_t in the tile's raster order).
    std::vector<TileBox> boxes;
    t.for_each_tile(Footprint{}, {}, true, [&](OpCall& tile, const TileBox& box) {
        label_components(tile, tile.input(input), tile.output(output), input, connectivity);
        boxes.push_back(box);
    });
    Image& dst = t.full().output(output);
    const Shape s = dst.shape();
    const std::uint64_t dims[3] = {s.width, s.height, s.depth};
    std::vector<std::uint32_t> device_copy;
    std::uint32_t* labels = reinterpret_cast<std::uint32_t*>(dst.host_data());
    cl::CommandQueue& queue = t.full().session().device().queue();
    if (!dst.on_host()) {
        device_copy.resize(static_cast<std::size_t>(s.pixels()));
        queue.enqueueReadBuffer(dst.buffer(), CL_TRUE, 0, dst.bytes(), device_copy.data());
        labels = device_copy.data();
    }

    // The tile grid: equal cores along each axis, the last one possibly smaller.
    std::uint64_t core[3], count[3];
    for (int a = 0; a < 3; ++a) {
        core[a] = boxes.front().core_size[a];
        count[a] = (dims[a] + core[a] - 1) / core[a];
    }
    auto at = [&](std::uint64_t x, std::uint64_t y, std::uint64_t z) { return (z * dims[1] + y) * dims[0] + x; };
    auto tile_of = [&](std::uint64_t x, std::uint64_t y, std::uint64_t z) {
        return ((z / core[2]) * count[1] + y / core[1]) * count[0] + x / core[0];
    };

    // 2. Global ids: each tile's ids shifted by the labels of the tiles before it.
    std::vector<std::uint64_t> offset(boxes.size() + 1, 0);
    for (std::size_t i = 0; i < boxes.size(); ++i) {
        const TileBox& b = boxes[i];
        const std::uint64_t ti = tile_of(b.core_origin[0], b.core_origin[1], b.core_origin[2]);
        std::uint32_t most = 0;
        for (std::uint64_t z = b.core_origin[2]; z < b.core_origin[2] + b.core_size[2]; ++z)
            for (std::uint64_t y = b.core_origin[1]; y < b.core_origin[1] + b.core_size[1]; ++y) {
                const std::uint32_t* row = labels + at(b.core_origin[0], y, z);
                for (std::uint64_t x = 0; x < b.core_size[0]; ++x) most = std::max(most, row[x]);
            }
        offset[ti + 1] = most;
    }
    for (std::size_t i = 1; i < offset.size(); ++i) offset[i] += offset[i - 1];
    const std::uint64_t total = offset.back();
    auto global = [&](std::uint64_t x, std::uint64_t y, std::uint64_t z) {
        return offset[tile_of(x, y, z)] + labels[at(x, y, z)];
    };

    // 3. Joins across every tile border: pixel p on the last plane of a core along axis a and
    // its neighbours q one step further along a (face neighbours only for Diamond; 2D images have
    // no z neighbours).
    Forest forest(total);
    const bool three_d = dims[2] > 1;
    if (connectivity != Connectivity::None) {
        for (int a = 0; a < 3; ++a)
            for (std::uint64_t k = 1; k < count[a]; ++k) {
                const std::uint64_t c = k * core[a] - 1;
                std::uint64_t lo[3] = {0, 0, 0}, hi[3] = {dims[0], dims[1], dims[2]};
                lo[a] = c;
                hi[a] = c + 1;
                for (std::uint64_t z = lo[2]; z < hi[2]; ++z)
                    for (std::uint64_t y = lo[1]; y < hi[1]; ++y)
                        for (std::uint64_t x = lo[0]; x < hi[0]; ++x) {
                            if (labels[at(x, y, z)] == 0) continue;
                            const std::uint64_t p[3] = {x, y, z};
                            const std::uint64_t gp = global(x, y, z);
                            for (int dz = -1; dz <= 1; ++dz)
                                for (int dy = -1; dy <= 1; ++dy)
                                    for (int dx = -1; dx <= 1; ++dx) {
                                        const int d[3] = {dx, dy, dz};
                                        if (d[a] != 1 || (!three_d && dz != 0)) continue;
                                        if (connectivity == Connectivity::Diamond &&
                                            std::abs(dx) + std::abs(dy) + std::abs(dz) != 1)
                                            continue;
                                        std::uint64_t q[3];
                                        bool inside = true;
                                        for (int i = 0; i < 3; ++i) {
                                            q[i] = p[i] + static_cast<std::uint64_t>(static_cast<std::int64_t>(d[i]));
                                            inside = inside && (d[i] >= 0 || p[i] > 0) && q[i] < dims[i];
                                        }
                                        if (inside && labels[at(q[0], q[1], q[2])] != 0)
                                            forest.join(gp, global(q[0], q[1], q[2]));
                                    }
                        }
            }
    }

    // 4. Final ids 1..n in raster order of each component's first pixel, as the untiled run.
    std::vector<std::uint32_t> final_id(total + 1, 0);
    std::uint64_t next = 0;
    for (std::uint64_t z = 0; z < dims[2]; ++z)
        for (std::uint64_t y = 0; y < dims[1]; ++y)
            for (std::uint64_t x0 = 0; x0 < dims[0]; x0 += core[0]) {
                const std::uint64_t shift = offset[tile_of(x0, y, z)];
                std::uint32_t* row = labels + at(x0, y, z);
                const std::uint64_t n = std::min(core[0], dims[0] - x0);
                for (std::uint64_t x = 0; x < n; ++x) {
                    if (row[x] == 0) continue;
                    const std::uint64_t root = forest.find(shift + row[x]);
                    if (final_id[root] == 0) {
                        if (next == 0xFFFFFFFFull)
                            t.full().fail(input, "has more than 2^32 - 2 objects: label ids are uint32");
                        final_id[root] = static_cast<std::uint32_t>(++next);
                    }
                    row[x] = final_id[root];
                }
            }
    if (!dst.on_host()) queue.enqueueWriteBuffer(dst.buffer(), CL_TRUE, 0, dst.bytes(), device_copy.data());
}

}  // namespace ijcl
