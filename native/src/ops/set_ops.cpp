// setRandom: the one set* operation that is not an expression of its pixel's value and position
// (those are rows of the pixel-wise table in pixelwise_ops.cpp, written in place like this one).
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "ijcl/op_call.hpp"
#include "ijcl/registry.hpp"
#include "op_helpers.hpp"
#include "work_groups.hpp"

namespace ijcl {

void register_set_ops(Registry& r) {
    r.add("setRandom", "Math")
        .doc("Fills the image in place with uniformly distributed random numbers: every pixel gets "
             "minimumValue + u * (maximumValue - minimumValue), u uniform on [0, 1) in steps of 2^-24 (as "
             "Java's Random.nextFloat), the product and sum in float. Integer images: the value is "
             "truncated toward zero and saturated, as CLIJ2 copies its float random image into the target "
             "(so the whole numbers minimumValue .. maximumValue - 1 are equally likely; this operation "
             "does not round half up like the rest of ijcl). 2D or 3D, any pixel type; source is CLIJ2's "
             "plain (not ByRef) 'Image source', which must exist and is written in place. The same seed "
             "gives the same image on every device (the seed's whole part is used; CLIJ2 uses "
             "(int) seed too). Deliberate difference: CLIJ2 draws the numbers on the host with "
             "java.util.Random(seed), plane by plane; ijcl computes each pixel's number on the device "
             "from the seed and the pixel's index (the SplitMix64 finaliser of seed + (index + 1) * "
             "0x9E3779B97F4A7C15, Steele, Lea and Flood, OOPSLA 2014), so the values are not CLIJ2's for "
             "the same seed, but follow the same distribution. Bounds beyond float's range are refused; a "
             "range maximumValue - minimumValue beyond it is drawn as 2 * (u * range / 2 + minimumValue / 2), "
             "which cannot overflow. Source: CLIJ2's SetRandom.")
        .in_place("source", "existing image, any pixel type, written in place")
        .number("minimumValue", "0", "lowest value (included)", -std::numeric_limits<float>::max(),
                std::numeric_limits<float>::max())
        .number("maximumValue", "1", "highest value (excluded; for integer images, maximumValue - 1 is the highest)",
                -std::numeric_limits<float>::max(), std::numeric_limits<float>::max())
        .number("seed", "0", "seed of the random numbers (its whole part; the same seed gives the same image)")
        .run([](OpCall& c) {
            Image& dst = c.input("source");
            const double lo = c.number("minimumValue"), hi = c.number("maximumValue");
            const double range = hi - lo;  // in double, as CLIJ2's Java; beyond float's range: halved
            const double s = std::trunc(c.number("seed"));
            const double limit = 9.2e18;
            const std::int64_t seed = static_cast<std::int64_t>(s > limit ? limit : (s < -limit ? -limit : s));
            const std::int64_t n = pixel_count(dst);
            const std::size_t group = reduction_group_size(c);
            const std::size_t items = static_cast<std::size_t>((n + static_cast<std::int64_t>(group) - 1) /
                                                               static_cast<std::int64_t>(group)) * group;
            c.kernel("set.cl", "set_random", {{"DST", &dst}})
                .image(dst).i64(n).i64(seed).f32(static_cast<float>(lo)).f32(static_cast<float>(range))
                .f32(static_cast<float>(range / 2))
                .run(cl::NDRange(items), cl::NDRange(group));
        });
}

}  // namespace ijcl
