// Statistics of the select-fairness tool (header-only, so the tests can use it).
//
// The uniformity test. Go's select picks uniformly among the cases that are
// READY when it decides; which cases are ready changes from select to select
// (a producer-fed case is ready only after its producer has sent). So the
// expectation is computed select by select, from the ready set R_i recorded at
// select i:
//
//   p_i(j)  = 1/|R_i| if j in R_i, else 0      (the uniform choice among R_i)
//   E_j     = sum_i p_i(j)                      (expected times chosen)
//   O_j     = times chosen                      (observed)
//
// Pearson's sum (O-E)^2/E is chi-square(k-1) only when every select has the
// same p; with varying ready sets the variance of O_j is sum_i p_i(j)(1-p_i(j)),
// not E_j(1-E_j/N), and Pearson's sum is mis-scaled. The honest statistic is the
// one Pearson's generalizes: with
//
//   S = sum_i (diag(p_i) - p_i p_i^T)          (the covariance of O under H0)
//
// X2 = (O-E)^T S^- (O-E), which is chi-square with rank(S) degrees of freedom
// asymptotically. That holds even though the choice at select i changes the
// ready set at select i+1 (a case that fired must be refilled): under H0 the
// choice is uniform over R_i GIVEN everything before it, so O-E is a sum of
// martingale differences whose conditional covariances add up to S, and the
// martingale central limit theorem gives the same limit. When every select
// has the same ready set, X2 equals Pearson's statistic exactly.
//
// rank(S): x^T S x = sum_i Var_{p_i}(x) is 0 exactly when x is constant on every
// R_i, so S's null space is spanned by the indicators of the connected
// components of the graph "two cases were ready together". A component of m
// cases contributes m-1 degrees of freedom; O-E sums to zero over each
// component, so dropping one case per component and inverting the rest
// (Cholesky) gives a generalized inverse and the same X2.
//
// Selects are grouped by their ready set (a 64-bit mask: at most 64 cases), so
// S is built from one term per distinct set.
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <span>
#include <stdexcept>
#include <vector>

#include <boost/math/distributions/chi_squared.hpp>

namespace fairness {

// P(X >= x) for X ~ chi-square(df): the p-value of a chi-square statistic.
inline double chi2_sf(double x, double df) {
  if (df <= 0) return 1.0;
  if (x <= 0) return 1.0;
  if (!std::isfinite(x)) return 0.0;
  boost::math::chi_squared_distribution<double> d(df);
  return boost::math::cdf(boost::math::complement(d, x));
}

// Jain's fairness index (sum x)^2 / (n sum x^2): 1 when all x are equal, 1/n
// when one takes everything. Empty or all-zero input: 1 (nothing is unfair).
inline double jain_index(std::span<const double> x) {
  if (x.empty()) return 1.0;
  double s = 0, s2 = 0;
  for (double v : x) {
    s += v;
    s2 += v * v;
  }
  if (s2 == 0) return 1.0;
  return s * s / (static_cast<double>(x.size()) * s2);
}

// Plain Pearson: sum over cells with expected > 0 of (o-e)^2/e, df = cells-1.
// Valid as a test only when every trial has the same probabilities.
struct chi2_result {
  double stat = 0;
  int df = 0;
  double p = 1;
};
inline chi2_result pearson(std::span<const double> observed, std::span<const double> expected) {
  chi2_result r;
  int cells = 0;
  for (std::size_t j = 0; j < observed.size(); ++j) {
    if (expected[j] <= 0) {
      if (observed[j] > 0) r.stat = std::numeric_limits<double>::infinity();
      continue;
    }
    r.stat += (observed[j] - expected[j]) * (observed[j] - expected[j]) / expected[j];
    ++cells;
  }
  r.df = std::max(0, cells - 1);
  r.p = chi2_sf(r.stat, r.df);
  return r;
}

// Ready set (bit j = case j was ready) -> number of selects decided with that set.
using strata = std::map<std::uint64_t, std::uint64_t>;

// E_j = sum over selects of [j in R]/|R|.
inline std::vector<double> expected_counts(int k, const strata& s) {
  std::vector<double> e(static_cast<std::size_t>(k), 0.0);
  for (auto [mask, n] : s) {
    int size = std::popcount(mask);
    if (size == 0) continue;
    for (int j = 0; j < k; ++j)
      if (mask >> j & 1) e[static_cast<std::size_t>(j)] += static_cast<double>(n) / size;
  }
  return e;
}

struct uniformity_result {
  double stat = 0;     // X2 = (O-E)^T S^- (O-E)
  int df = 0;          // rank of S
  double p = 1;        // P(chi-square(df) >= stat)
  int components = 0;  // groups of cases ever ready together
};

// The test described at the top of this file. observed[j]: times case j was
// chosen in the selects counted in `s` (and only those).
inline uniformity_result uniformity_test(std::span<const std::uint64_t> observed, const strata& s) {
  const int k = static_cast<int>(observed.size());
  if (k > 64) throw std::invalid_argument("uniformity_test: at most 64 cases");
  std::vector<double> e = expected_counts(k, s);
  uniformity_result r;
  // A case chosen but never ready cannot happen under H0.
  for (int j = 0; j < k; ++j)
    if (e[std::size_t(j)] == 0 && observed[std::size_t(j)] > 0) {
      r.stat = std::numeric_limits<double>::infinity();
      r.p = 0;
    }
  if (r.p == 0) return r;

  // Components of "ready together" (union-find over the ready sets).
  std::vector<int> parent(static_cast<std::size_t>(k));
  std::iota(parent.begin(), parent.end(), 0);
  auto find = [&](int x) {
    while (parent[std::size_t(x)] != x) x = parent[std::size_t(x)] = parent[std::size_t(parent[std::size_t(x)])];
    return x;
  };
  for (auto [mask, n] : s) {
    if (n == 0 || std::popcount(mask) < 2) continue;
    int first = std::countr_zero(mask);
    for (int j = first + 1; j < k; ++j)
      if (mask >> j & 1) parent[std::size_t(find(j))] = find(first);
  }

  // S restricted to each component, minus its last case.
  std::vector<std::vector<int>> comps(static_cast<std::size_t>(k));
  for (int j = 0; j < k; ++j)
    if (e[std::size_t(j)] > 0) comps[std::size_t(find(j))].push_back(j);
  for (auto& c : comps) {
    if (c.empty()) continue;
    ++r.components;
    const int m = static_cast<int>(c.size()) - 1;
    if (m == 0) continue;
    std::vector<int> pos(std::size_t(k), -1);
    for (int a = 0; a < m; ++a) pos[std::size_t(c[std::size_t(a)])] = a;
    std::vector<double> S(std::size_t(m) * std::size_t(m), 0.0);
    auto at = [&](int a, int b) -> double& { return S[std::size_t(a) * std::size_t(m) + std::size_t(b)]; };
    for (int a = 0; a < m; ++a) at(a, a) = e[std::size_t(c[std::size_t(a)])];
    for (auto [mask, n] : s) {
      int size = std::popcount(mask);
      if (size < 1) continue;
      double w = static_cast<double>(n) / (double(size) * double(size));
      std::vector<int> in;
      for (std::uint64_t bits = mask; bits; bits &= bits - 1) {
        int j = std::countr_zero(bits);
        if (pos[std::size_t(j)] >= 0) in.push_back(pos[std::size_t(j)]);
      }
      for (int a : in)
        for (int b : in) at(a, b) -= w;
    }
    // Cholesky S = L L^T (in place, lower triangle).
    for (int a = 0; a < m; ++a) {
      for (int b = 0; b <= a; ++b) {
        double sum = at(a, b);
        for (int t = 0; t < b; ++t) sum -= at(a, t) * at(b, t);
        if (a == b) {
          if (!(sum > 0)) throw std::runtime_error("uniformity_test: covariance not positive definite");
          at(a, a) = std::sqrt(sum);
        } else {
          at(a, b) = sum / at(b, b);
        }
      }
    }
    // X2 += |L^-1 d|^2
    std::vector<double> y(static_cast<std::size_t>(m));
    double stat = 0;
    for (int a = 0; a < m; ++a) {
      int j = c[std::size_t(a)];
      double sum = static_cast<double>(observed[std::size_t(j)]) - e[std::size_t(j)];
      for (int t = 0; t < a; ++t) sum -= at(a, t) * y[std::size_t(t)];
      y[std::size_t(a)] = sum / at(a, a);
      stat += y[std::size_t(a)] * y[std::size_t(a)];
    }
    r.stat += stat;
    r.df += m;
  }
  r.p = chi2_sf(r.stat, r.df);
  return r;
}

// Latency histogram: log-linear buckets, 8 per power of two (12.5% wide), the
// same function in fairness.go. Values are nanoseconds.
inline int latency_bucket(std::int64_t v) {
  if (v < 16) return v < 0 ? 0 : static_cast<int>(v);
  int e = 63 - std::countl_zero(static_cast<std::uint64_t>(v));  // 2^e <= v
  int sub = static_cast<int>((static_cast<std::uint64_t>(v) >> (e - 3)) & 7);
  return 16 + (e - 4) * 8 + sub;
}
// Smallest value of bucket b.
// Buckets from 2^63 up hold no int64 value; their bounds saturate at INT64_MAX.
inline std::int64_t bucket_low(int b) {
  if (b < 16) return b;
  int e = (b - 16) / 8 + 4, sub = (b - 16) % 8;
  if (e >= 63) return std::numeric_limits<std::int64_t>::max();
  return (std::int64_t(8 + sub)) << (e - 3);  // at most 15 * 2^59 < 2^63
}
// Largest value of bucket b.
inline std::int64_t bucket_high(int b) {
  if (b < 16) return b;
  std::int64_t next = bucket_low(b + 1);
  return next == std::numeric_limits<std::int64_t>::max() ? next : next - 1;
}

constexpr int kLatencyBuckets = 16 + 60 * 8;

// The q-quantile (0 < q <= 1) of a histogram, as its bucket's upper bound
// (an over-estimate of at most 12.5%); -1 for an empty histogram.
inline std::int64_t hist_quantile(std::span<const std::uint64_t> h, double q) {
  std::uint64_t total = 0;
  for (auto n : h) total += n;
  if (total == 0) return -1;
  auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(total)));
  if (rank < 1) rank = 1;
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < h.size(); ++b) {
    seen += h[b];
    if (seen >= rank) return bucket_high(static_cast<int>(b));
  }
  return bucket_high(static_cast<int>(h.size()) - 1);
}

}  // namespace fairness
