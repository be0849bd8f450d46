// The automatic threshold methods (see auto_threshold.hpp). References are given per method.
//
// Conventions that make the levels equal to ImageJ 1.54p's:
// - the histogram is held as 32-bit ints, and every sum ImageJ keeps in an int wraps around at
//   2^32 here too (add32/mul32); sums ImageJ keeps in double are doubles here, accumulated in the
//   same order;
// - Java's (int) cast (truncation, NaN -> 0, saturation) and Math.round (half up) are emulated;
// - arg-max/arg-min searches use the same strict or non-strict comparison as ImageJ, so ties go
//   to the same bin.
#include "auto_threshold.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <stdexcept>

namespace ijcl {
namespace {

using i32 = std::int32_t;
using Hist = std::vector<i32>;  // 256 bins
constexpr int kBins = 256;
constexpr double kEps = 2.220446049250313e-16;  // DBL_EPSILON

i32 add32(i32 a, i32 b) { return static_cast<i32>(static_cast<std::uint32_t>(a) + static_cast<std::uint32_t>(b)); }
i32 mul32(i32 a, i32 b) { return static_cast<i32>(static_cast<std::uint32_t>(a) * static_cast<std::uint32_t>(b)); }

// Java's (int) of a double.
i32 java_int(double x) {
    if (std::isnan(x)) return 0;
    if (x >= 2147483647.0) return std::numeric_limits<i32>::max();
    if (x <= -2147483648.0) return std::numeric_limits<i32>::min();
    return static_cast<i32>(x);
}

// Java's Math.round(double) = floor(x + 1/2) evaluated exactly (ties go up).
long long java_round(double x) {
    if (std::isnan(x)) return 0;
    const double r = std::floor(x);
    return static_cast<long long>(x - r >= 0.5 ? r + 1.0 : r);
}

i32 total32(const Hist& h) {
    i32 t = 0;
    for (i32 v : h) t = add32(t, v);
    return t;
}

// h[i] / total for each bin, total taken as ImageJ does (an int sum).
std::vector<double> normalised(const Hist& h) {
    const double total = static_cast<double>(total32(h));
    std::vector<double> p(kBins);
    for (int i = 0; i < kBins; ++i) p[i] = static_cast<double>(h[i]) / total;
    return p;
}

// Cumulative sums P1[i] = p[0] + ... + p[i] and P2[i] = 1 - P1[i]; first/last bins where P1 / P2
// are not (numerically) zero.
struct Cumulative {
    std::vector<double> p1, p2;
    int first = 0, last = kBins - 1;
};

Cumulative cumulative(const std::vector<double>& p) {
    Cumulative c;
    c.p1.resize(kBins);
    c.p2.resize(kBins);
    c.p1[0] = p[0];
    c.p2[0] = 1.0 - c.p1[0];
    for (int i = 1; i < kBins; ++i) {
        c.p1[i] = c.p1[i - 1] + p[i];
        c.p2[i] = 1.0 - c.p1[i];
    }
    for (int i = 0; i < kBins; ++i)
        if (!(std::fabs(c.p1[i]) < kEps)) { c.first = i; break; }
    for (int i = kBins - 1; i >= c.first; --i)
        if (!(std::fabs(c.p2[i]) < kEps)) { c.last = i; break; }
    return c;
}

// True when the (smoothed) histogram has exactly two strict local maxima.
bool bimodal(const std::vector<double>& y) {
    int modes = 0;
    for (std::size_t k = 1; k + 1 < y.size(); ++k) {
        if (y[k - 1] < y[k] && y[k + 1] < y[k]) {
            if (++modes > 2) return false;
        }
    }
    return modes == 2;
}

// --- IsoData family ------------------------------------------------------------------------------

// ImageJ's original iterative intermeans (Ridler & Calvard 1978) as NIH Image did it: the end
// bins 0 and 255 are ignored; starting at the lowest populated bin, the split moves up while the
// mean of the two class means is at least split + 1; the level is that mean rounded.
int ij_isodata(Hist h) {
    h[0] = 0;
    h[kBins - 1] = 0;
    int lo = 0;
    while (h[lo] == 0 && lo < kBins - 1) ++lo;
    int hi = kBins - 1;
    while (h[hi] == 0 && hi > 0) --hi;
    if (lo >= hi) return kBins / 2;
    int split = lo;
    double result = 0.0;
    do {
        double s1 = 0.0, n1 = 0.0, s2 = 0.0, n2 = 0.0;
        for (int i = lo; i <= split; ++i) { s1 += static_cast<double>(i) * h[i]; n1 += h[i]; }
        for (int i = split + 1; i <= hi; ++i) { s2 += static_cast<double>(i) * h[i]; n2 += h[i]; }
        result = (s1 / n1 + s2 / n2) / 2.0;
        ++split;
    } while (split + 1 <= result && split < hi - 1);
    return static_cast<int>(java_round(result));
}

// ImageJ's "Default": IJ_IsoData after clipping a dominant mode (a bin more than twice as full as
// any other) to 1.5 times the second-highest count.
int default_isodata(Hist h) {
    int mode = 0;
    i32 max1 = 0;
    for (int i = 0; i < kBins; ++i)
        if (h[i] > max1) { max1 = h[i]; mode = i; }
    i32 max2 = 0;
    for (int i = 0; i < kBins; ++i)
        if (h[i] > max2 && i != mode) max2 = h[i];
    if (max1 > max2 * 2 && max2 != 0) h[mode] = java_int(max2 * 1.5);
    return ij_isodata(h);
}

// Ridler & Calvard's intermeans in the form of ImageJ's "IsoData": the first split g (starting one
// above the lowest populated bin > 0) for which g equals the rounded mean of the integer means of
// the bins below and above g (integer arithmetic, as ImageJ).
int isodata(const Hist& h) {
    int g = 0;
    for (int i = 1; i < kBins; ++i)
        if (h[i] > 0) { g = i + 1; break; }
    while (true) {
        i32 l = 0, totl = 0;
        for (int i = 0; i < g; ++i) { totl = add32(totl, h[i]); l = add32(l, mul32(h[i], i)); }
        i32 u = 0, totu = 0;
        for (int i = g + 1; i < kBins; ++i) { totu = add32(totu, h[i]); u = add32(u, mul32(h[i], i)); }
        if (totl > 0 && totu > 0) {
            l /= totl;
            u /= totu;
            if (g == java_round((l + u) / 2.0)) return g;
        }
        ++g;
        if (g > kBins - 2) return -1;
    }
}

// --- Mode-based ----------------------------------------------------------------------------------

// Smooths with a 3-point running mean (zero outside) until exactly two local maxima remain (at
// most 10000 times). Prewitt & Mendelsohn 1966.
bool smooth_until_bimodal(std::vector<double>& y) {
    int iterations = 0;
    std::vector<double> t(y.size());
    while (!bimodal(y)) {
        const std::size_t n = y.size();
        for (std::size_t i = 1; i + 1 < n; ++i) t[i] = (y[i - 1] + y[i] + y[i + 1]) / 3.0;
        t[0] = (y[0] + y[1]) / 3.0;
        t[n - 1] = (y[n - 2] + y[n - 1]) / 3.0;
        y = t;
        if (++iterations > 10000) return false;
    }
    return true;
}

// Intermodes: the midpoint (rounded down) of the two maxima of the smoothed histogram.
int intermodes(const Hist& h) {
    std::vector<double> y(h.begin(), h.end());
    if (!smooth_until_bimodal(y)) return -1;
    int sum = 0;
    for (int i = 1; i < kBins - 1; ++i)
        if (y[i - 1] < y[i] && y[i + 1] < y[i]) sum += i;
    return static_cast<int>(std::floor(sum / 2.0));
}

// Minimum: the first local minimum of the smoothed histogram below the last populated bin.
int minimum(const Hist& h) {
    int last = -1;
    std::vector<double> y(kBins);
    for (int i = 0; i < kBins; ++i) {
        y[i] = h[i];
        if (h[i] > 0) last = i;
    }
    if (!smooth_until_bimodal(y)) return -1;
    for (int i = 1; i < last; ++i)
        if (y[i - 1] > y[i] && y[i + 1] >= y[i]) return i;
    return -1;
}

// --- Moments and means --------------------------------------------------------------------------

// Mean: the integer mean grey level (Glasbey 1993).
int mean(const Hist& h) {
    long long total = 0, sum = 0;
    for (int i = 0; i < kBins; ++i) {
        total += h[i];
        sum += static_cast<long long>(i) * h[i];
    }
    return total == 0 ? 0 : static_cast<int>(sum / total);
}

// Otsu 1979: the split maximising the between-class variance, from cumulative class
// probabilities and first moments.
int otsu(const Hist& h) {
    const double inv_n = 1.0 / static_cast<double>(total32(h));
    std::vector<double> p(kBins), omega(kBins), mu(kBins);
    for (int i = 0; i < kBins; ++i) p[i] = inv_n * h[i];
    omega[0] = p[0];
    for (int i = 1; i < kBins; ++i) omega[i] = omega[i - 1] + p[i];
    mu[0] = 0.0;
    for (int i = 1; i < kBins; ++i) mu[i] = mu[i - 1] + i * p[i];
    const double mu_total = mu[kBins - 1];
    int best = std::numeric_limits<i32>::min();
    double best_var = 0.0;
    for (int i = 0; i < kBins; ++i) {
        const double num = mu_total * omega[i] - mu[i];
        const double var = num * (num / (omega[i] * (1.0 - omega[i])));
        if (best_var < var) { best_var = var; best = i; }
    }
    return best;
}

// Moments: Tsai 1985, moment-preserving; the level is the first bin where the cumulative
// fraction exceeds the object fraction p0.
int moments(const Hist& h) {
    double total = 0.0;
    for (int i = 0; i < kBins; ++i) total += h[i];
    std::vector<double> p(kBins);
    for (int i = 0; i < kBins; ++i) p[i] = h[i] / total;
    const double m0 = 1.0;
    double m1 = 0.0, m2 = 0.0, m3 = 0.0;
    for (int i = 0; i < kBins; ++i) {
        m1 += static_cast<double>(i) * p[i];
        m2 += static_cast<double>(i * i) * p[i];
        m3 += static_cast<double>(i * i * i) * p[i];
    }
    const double cd = m0 * m2 - m1 * m1;
    const double c0 = (-m2 * m2 + m1 * m3) / cd;
    const double c1 = (m0 * -m3 + m2 * m1) / cd;
    const double root = std::sqrt(c1 * c1 - 4.0 * c0);
    const double z0 = 0.5 * (-c1 - root);
    const double z1 = 0.5 * (-c1 + root);
    const double p0 = (z1 - m1) / (z1 - z0);
    double sum = 0.0;
    for (int i = 0; i < kBins; ++i) {
        sum += p[i];
        if (sum > p0) return i;
    }
    return -1;
}

// Percentile (Doyle 1962): the bin whose cumulative fraction is closest to one half.
int percentile(const Hist& h) {
    auto partial = [&](int j) {
        double s = 0.0;
        for (int i = 0; i <= j; ++i) s += h[i];
        return s;
    };
    const double total = partial(kBins - 1);
    double best = 1.0;
    int level = -1;
    for (int i = 0; i < kBins; ++i) {
        const double d = std::fabs(partial(i) / total - 0.5);
        if (d < best) { best = d; level = i; }
    }
    return level;
}

// Li & Tam 1998, iterative minimum cross entropy: t <- (mb - mo) / (ln mb - ln mo), rounded,
// from the mean; stops when t changes by at most 0.5.
int li(const Hist& h) {
    i32 n = 0;
    for (int i = 0; i < kBins; ++i) n = add32(n, h[i]);
    double m = 0.0;
    for (int i = 0; i < kBins; ++i) m += static_cast<double>(mul32(i, h[i]));
    m /= static_cast<double>(n);
    double next = m, previous;
    int level;
    int guard = 0;
    do {
        previous = next;
        level = java_int(previous + 0.5);
        i32 sb = 0, nb = 0, so = 0, no = 0;
        for (int i = 0; i <= level && i < kBins; ++i) { sb = add32(sb, mul32(i, h[i])); nb = add32(nb, h[i]); }
        for (int i = std::max(level + 1, 0); i < kBins; ++i) { so = add32(so, mul32(i, h[i])); no = add32(no, h[i]); }
        const double mb = nb == 0 ? 0.0 : static_cast<double>(sb) / nb;
        const double mo = no == 0 ? 0.0 : static_cast<double>(so) / no;
        const double t = (mb - mo) / (std::log(mb) - std::log(mo));
        next = t < -kEps ? static_cast<double>(java_int(t - 0.5)) : static_cast<double>(java_int(t + 0.5));
    } while (std::fabs(next - previous) > 0.5 && ++guard < 100000);
    return level;
}

// Kittler & Illingworth 1986, minimum error (iterative version of Glasbey 1993), from the Mean
// level; A, B, C are the partial sums of h, i*h and i*i*h (32-bit products, as ImageJ).
int min_error(const Hist& h) {
    auto A = [&](int j) { double x = 0; for (int i = 0; i <= j; ++i) x += h[i]; return x; };
    auto B = [&](int j) { double x = 0; for (int i = 0; i <= j; ++i) x += mul32(i, h[i]); return x; };
    auto C = [&](int j) { double x = 0; for (int i = 0; i <= j; ++i) x += mul32(i * i, h[i]); return x; };
    const int last = kBins - 1;
    int t = mean(h);
    int previous = -2;
    int guard = 0;
    while (t != previous && guard++ < 100000) {
        if (t < 0 || t > last) return t;  // cannot happen for a non-empty histogram
        const double mu = B(t) / A(t);
        const double nu = (B(last) - B(t)) / (A(last) - A(t));
        const double p = A(t) / A(last);
        const double q = (A(last) - A(t)) / A(last);
        const double sigma2 = C(t) / A(t) - mu * mu;
        const double tau2 = (C(last) - C(t)) / (A(last) - A(t)) - nu * nu;
        const double w0 = 1.0 / sigma2 - 1.0 / tau2;
        const double w1 = mu / sigma2 - nu / tau2;
        const double w2 = mu * mu / sigma2 - nu * nu / tau2 + std::log10((sigma2 * (q * q)) / (tau2 * (p * p)));
        const double sq = w1 * w1 - w0 * w2;
        if (sq < 0) return t;  // the next level would be imaginary
        previous = t;
        const double x = (w1 + std::sqrt(sq)) / w0;
        t = std::isnan(x) ? previous : java_int(std::floor(x));
    }
    return t;
}

// --- Entropy-based -------------------------------------------------------------------------------

// Sum over the bins [from, to] with counts of -(p/P) ln(p/P): the Shannon entropy of a class.
double class_entropy(const Hist& h, const std::vector<double>& p, int from, int to, double P) {
    double e = 0.0;
    for (int i = from; i <= to; ++i)
        if (h[i] != 0) e -= (p[i] / P) * std::log(p[i] / P);
    return e;
}

// Kapur, Sahoo & Wong 1985: the split maximising the sum of the two class entropies.
int max_entropy_split(const Hist& h, const std::vector<double>& p, const Cumulative& c, double start) {
    int level = -1;
    double best = start;
    for (int t = c.first; t <= c.last; ++t) {
        const double total = class_entropy(h, p, 0, t, c.p1[t]) + class_entropy(h, p, t + 1, kBins - 1, c.p2[t]);
        if (best < total) { best = total; level = t; }
    }
    return level;
}

int max_entropy(const Hist& h) {
    const auto p = normalised(h);
    return max_entropy_split(h, p, cumulative(p), std::numeric_limits<double>::denorm_min());
}

// Kapur, Sahoo & Wong's Renyi-entropy variant (as in Sahoo, Wilkins & Yeager 1997): the
// maximum-entropy levels for alpha = 0.5, 1 and 2, combined with weights that depend on how close
// they are.
int renyi_entropy(const Hist& h) {
    const auto p = normalised(h);
    const auto c = cumulative(p);
    int t2 = max_entropy_split(h, p, c, 0.0);
    if (t2 < 0) t2 = 0;
    // alpha = 0.5: term 1/(1-alpha) = 2, sums of sqrt(p/P); alpha = 2: term -1, sums of (p/P)^2.
    auto renyi = [&](bool half) {
        const double term = half ? 1.0 / (1.0 - 0.5) : 1.0 / (1.0 - 2.0);
        int level = 0;
        double best = 0.0;
        for (int t = c.first; t <= c.last; ++t) {
            double back = 0.0, obj = 0.0;
            for (int i = 0; i <= t; ++i)
                back += half ? std::sqrt(p[i] / c.p1[t]) : (p[i] * p[i]) / (c.p1[t] * c.p1[t]);
            for (int i = t + 1; i < kBins; ++i)
                obj += half ? std::sqrt(p[i] / c.p2[t]) : (p[i] * p[i]) / (c.p2[t] * c.p2[t]);
            const double total = term * (back * obj > 0.0 ? std::log(back * obj) : 0.0);
            if (total > best) { best = total; level = t; }
        }
        return level;
    };
    int t1 = renyi(true);
    int t3 = renyi(false);
    if (t2 < t1) std::swap(t1, t2);
    if (t3 < t2) std::swap(t2, t3);
    if (t2 < t1) std::swap(t1, t2);
    int b1, b2, b3;
    if (std::abs(t1 - t2) <= 5) {
        if (std::abs(t2 - t3) <= 5) { b1 = 1; b2 = 2; b3 = 1; } else { b1 = 0; b2 = 1; b3 = 3; }
    } else {
        if (std::abs(t2 - t3) <= 5) { b1 = 3; b2 = 1; b3 = 0; } else { b1 = 1; b2 = 2; b3 = 1; }
    }
    const double omega = c.p1[t3] - c.p1[t1];
    const double level = static_cast<double>(t1) * (c.p1[t1] + 0.25 * omega * b1) +
                         0.25 * static_cast<double>(t2) * omega * b2 +
                         static_cast<double>(t3) * (c.p2[t3] + 0.25 * omega * b3);
    return java_int(level);
}

// Shanbhag 1994: the split minimising the difference of the two classes' fuzzy information.
int shanbhag(const Hist& h) {
    const auto p = normalised(h);
    const auto c = cumulative(p);
    int level = -1;
    double best = std::numeric_limits<double>::max();
    for (int t = c.first; t <= c.last; ++t) {
        double back = 0.0;
        double term = 0.5 / c.p1[t];
        for (int i = 1; i <= t; ++i) back -= p[i] * std::log(1.0 - term * c.p1[i - 1]);
        back *= term;
        double obj = 0.0;
        term = 0.5 / c.p2[t];
        for (int i = t + 1; i < kBins; ++i) obj -= p[i] * std::log(1.0 - term * c.p2[i]);
        obj *= term;
        const double total = std::fabs(back - obj);
        if (total < best) { best = total; level = t; }
    }
    return level;
}

// Yen, Chang & Chang 1995: the split maximising the entropic correlation.
int yen(const Hist& h) {
    const auto p = normalised(h);
    std::vector<double> p1(kBins), p1sq(kBins), p2sq(kBins);
    p1[0] = p[0];
    for (int i = 1; i < kBins; ++i) p1[i] = p1[i - 1] + p[i];
    p1sq[0] = p[0] * p[0];
    for (int i = 1; i < kBins; ++i) p1sq[i] = p1sq[i - 1] + p[i] * p[i];
    p2sq[kBins - 1] = 0.0;
    for (int i = kBins - 2; i >= 0; --i) p2sq[i] = p2sq[i + 1] + p[i + 1] * p[i + 1];
    int level = -1;
    double best = std::numeric_limits<double>::denorm_min();
    for (int t = 0; t < kBins; ++t) {
        const double a = p1sq[t] * p2sq[t];
        const double b = p1[t] * (1.0 - p1[t]);
        const double crit = -1.0 * (a > 0.0 ? std::log(a) : 0.0) + 2 * (b > 0.0 ? std::log(b) : 0.0);
        if (crit > best) { best = crit; level = t; }
    }
    return level;
}

// Huang & Wang 1995, fuzzy thresholding with Shannon's entropy: the split minimising the
// fuzziness of the pixels' memberships to their class means (membership 1/(1 + |i - mean|/C),
// C = the populated range).
int huang(const Hist& h) {
    int first = 0;
    for (int i = 0; i < kBins; ++i)
        if (h[i] != 0) { first = i; break; }
    int last = kBins - 1;
    for (int i = kBins - 1; i >= first; --i)
        if (h[i] != 0) { last = i; break; }
    const double term = 1.0 / static_cast<double>(last - first);
    std::vector<double> mu0(kBins, 0.0), mu1(kBins, 0.0);
    i32 sum = 0, num = 0;
    for (int i = first; i < kBins; ++i) {
        sum = add32(sum, mul32(i, h[i]));
        num = add32(num, h[i]);
        mu0[i] = static_cast<double>(sum) / static_cast<double>(num);
    }
    sum = 0;
    num = 0;
    for (int i = last; i > 0; --i) {
        sum = add32(sum, mul32(i, h[i]));
        num = add32(num, h[i]);
        mu1[i - 1] = static_cast<double>(sum) / static_cast<double>(num);
    }
    auto fuzziness = [&](int i, double class_mean) {
        const double m = 1.0 / (1.0 + term * std::fabs(i - class_mean));
        if (m < 1e-06 || m > 0.999999) return 0.0;
        return static_cast<double>(h[i]) * (-m * std::log(m) - (1.0 - m) * std::log(1.0 - m));
    };
    int level = -1;
    double best = std::numeric_limits<double>::max();
    for (int t = 0; t < kBins; ++t) {
        double e = 0.0;
        for (int i = 0; i <= t; ++i) e += fuzziness(i, mu0[t]);
        for (int i = t + 1; i < kBins; ++i) e += fuzziness(i, mu1[t]);
        if (e < best) { best = e; level = t; }
    }
    return level;
}

// Zack, Rogers & Latt 1977, the triangle method: the bin farthest from the line joining the
// histogram's peak to the (empty) bin just beyond its far end, minus one; the far end is the side
// with the longer tail (ImageJ's variant).
int triangle(Hist h) {
    int lo = 0, hi = 0, peak = 0;
    for (int i = 0; i < kBins; ++i)
        if (h[i] > 0) { lo = i; break; }
    if (lo > 0) --lo;
    for (int i = kBins - 1; i > 0; --i)
        if (h[i] > 0) { hi = i; break; }
    if (hi < kBins - 1) ++hi;
    i32 peak_count = 0;
    for (int i = 0; i < kBins; ++i)
        if (h[i] > peak_count) { peak = i; peak_count = h[i]; }
    bool flipped = false;
    if (peak - lo < hi - peak) {
        flipped = true;
        std::reverse(h.begin(), h.end());
        lo = kBins - 1 - hi;
        peak = kBins - 1 - peak;
    }
    if (lo == peak) return lo;  // as ImageJ: not mapped back when flipped
    double nx = h[peak];
    double ny = lo - peak;
    double d = std::sqrt(nx * nx + ny * ny);
    nx /= d;
    ny /= d;
    d = nx * lo + ny * h[lo];
    int split = lo;
    double split_distance = 0.0;
    for (int i = lo + 1; i <= peak; ++i) {
        const double distance = nx * i + ny * h[i] - d;
        if (distance > split_distance) { split = i; split_distance = distance; }
    }
    --split;
    return flipped ? kBins - 1 - split : split;
}

// A histogram with one or two populated bins: the level just below the upper (or only) value, so
// that "level < value" selects it; -1 otherwise (not bilevel, or the only value is bin 0).
int bilevel(const Hist& h) {
    int count = 0, first = -1, second = -1;
    for (int i = 0; i < kBins; ++i) {
        if (h[i] > 0) {
            if (++count > 2) return -1;
            if (first == -1) first = i; else second = i;
        }
    }
    if (count == 1) return first - 1;
    if (count == 2) return second - 1;
    return -1;
}

const std::map<std::string, std::function<int(const Hist&)>>& method_table() {
    static const std::map<std::string, std::function<int(const Hist&)>> table = {
        {"Default", default_isodata}, {"Huang", huang},       {"Intermodes", intermodes},
        {"IsoData", isodata},         {"IJ_IsoData", ij_isodata}, {"Li", li},
        {"MaxEntropy", max_entropy},  {"Mean", mean},         {"MinError", min_error},
        {"Minimum", minimum},         {"Moments", moments},   {"Otsu", otsu},
        {"Percentile", percentile},   {"RenyiEntropy", renyi_entropy}, {"Shanbhag", shanbhag},
        {"Triangle", triangle},       {"Yen", yen}};
    return table;
}

}  // namespace

const std::vector<std::string>& auto_threshold_methods() {
    static const std::vector<std::string> names = {
        "Default", "Huang",   "Intermodes", "IsoData",    "IJ_IsoData",   "Li",
        "MaxEntropy", "Mean", "MinError",   "Minimum",    "Moments",      "Otsu",
        "Percentile", "RenyiEntropy", "Shanbhag", "Triangle", "Yen"};
    return names;
}

long long auto_threshold_level(const std::string& method, const std::vector<std::uint64_t>& histogram) {
    const auto& table = method_table();
    auto it = table.find(method);
    if (it == table.end()) throw std::invalid_argument("unknown threshold method '" + method + "'");
    if (histogram.size() != static_cast<std::size_t>(kBins))
        throw std::invalid_argument("the histogram must have 256 bins");
    Hist h(kBins);
    for (int i = 0; i < kBins; ++i)
        h[i] = static_cast<i32>(std::min<std::uint64_t>(histogram[i], std::numeric_limits<i32>::max()));
    const int two = bilevel(h);
    if (two >= 0) return two;
    const int level = it->second(h);
    return level == -1 ? 0 : level;
}

}  // namespace ijcl
