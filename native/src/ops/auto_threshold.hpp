// Histogram-based automatic threshold methods, computed on the host from a 256-bin histogram.
//
// Each method returns the level ImageJ's ij.process.AutoThresholder (ImageJ 1.54p) returns for
// the same histogram, as ImageProcessor.setAutoThreshold(String) calls it (bilevel histograms
// handled first, "subtract one" on). Written from the methods' published descriptions and
// checked against ImageJ on real and synthetic histograms (tests/java/.../ThresholdImageJTest):
// where ImageJ's version deviates from the paper (fixed iteration caps, 32-bit integer sums that
// wrap around on very large images, the order of floating-point operations that decides ties) the
// deviation is reproduced, so that the levels are equal, not merely close: on 3139 histograms
// (every slice of the shared test images, and synthetic ones up to 2e7 pixels) all 17 methods gave
// ImageJ's level. Where ImageJ's Li or MinError fail with an exception (11 of those histograms,
// degenerate ones), a level is still returned here. The bins above the level (pixel bin > level)
// are the bright objects of "<Method> dark".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ijcl {

// The method names, in ImageJ's order: Default, Huang, Intermodes, IsoData, IJ_IsoData, Li,
// MaxEntropy, Mean, MinError, Minimum, Moments, Otsu, Percentile, RenyiEntropy, Shanbhag,
// Triangle, Yen.
const std::vector<std::string>& auto_threshold_methods();

// The level (a bin index; -1 and other out-of-range values are possible for degenerate
// histograms, exactly where ImageJ returns them) for a 256-bin histogram. Counts above 2^31-1 are
// clamped to 2^31-1, as ImageJ's StackStatistics does. Throws std::invalid_argument for an
// unknown method or a histogram that does not have 256 bins.
long long auto_threshold_level(const std::string& method, const std::vector<std::uint64_t>& histogram);

}  // namespace ijcl
