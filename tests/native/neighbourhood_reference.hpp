// The neighbourhood walk of the tests' reference rank filters (rank_filter_test, top_hat_test,
// filter_paths_test): one piece of code for how offsets are visited and how edges are treated.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace ijcl_test {

// Calls fn(value) for the pixel at each offset of `off` (x, y, z per entry, in order) from
// (x, y, z) of a w x h x d image stored x fastest: a position outside the image is left out
// (skip) or moved to the nearest edge pixel (clamp).
template <typename T, typename Fn>
void for_each_neighbour(const std::vector<T>& src, int w, int h, int d, int x, int y, int z,
                        const std::vector<int>& off, bool skip, Fn fn) {
    for (std::size_t k = 0; k < off.size(); k += 3) {
        int xx = x + off[k], yy = y + off[k + 1], zz = z + off[k + 2];
        if (skip && (xx < 0 || yy < 0 || zz < 0 || xx >= w || yy >= h || zz >= d)) continue;
        xx = std::clamp(xx, 0, w - 1);
        yy = std::clamp(yy, 0, h - 1);
        zz = std::clamp(zz, 0, d - 1);
        fn(src[xx + w * (yy + h * zz)]);
    }
}

}  // namespace ijcl_test
