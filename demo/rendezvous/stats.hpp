// Small statistics for the demonstration's table: Wilson score intervals and percentiles.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace rendezvous {

// 95% Wilson score interval for k successes out of n trials (well-behaved at k = 0 and k = n).
inline std::pair<double, double> wilson95(long k, long n) {
  if (n == 0) return {0, 1};
  const double z = 1.959963984540054, p = double(k) / double(n), z2n = z * z / double(n);
  const double centre = (p + z2n / 2) / (1 + z2n);
  const double half = z * std::sqrt(p * (1 - p) / double(n) + z2n / (4 * double(n))) / (1 + z2n);
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

// Nearest-rank percentile (q in [0, 1]) of v; 0 for an empty sample.
inline double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(q * double(v.size())));
  return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

}  // namespace rendezvous
