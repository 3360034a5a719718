// The select-fairness tool's statistics (bench/select-fairness/stats.hpp) against
// known values, and small runs in which our select passes the uniformity test
// and the biased first-ready select fails it.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../../bench/select-fairness/run.hpp"
#include "../../bench/select-fairness/scenario.hpp"
#include "../../bench/select-fairness/stats.hpp"

namespace fairness {
namespace {

// Critical values from the chi-square table (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.4).
TEST(SelectFairnessStats, ChiSquarePValuesMatchTables) {
  struct row {
    double x, df, p;
  } rows[] = {
      {2.706, 1, 0.10},   {3.841, 1, 0.05},    {6.635, 1, 0.01},    {10.828, 1, 0.001}, {5.991, 2, 0.05},
      {9.210, 2, 0.01},   {14.067, 7, 0.05},   {18.475, 7, 0.01},   {18.307, 10, 0.05}, {23.209, 10, 0.01},
      {43.773, 30, 0.05}, {124.342, 100, 0.05}, {135.807, 100, 0.01},
  };
  for (auto r : rows) EXPECT_NEAR(chi2_sf(r.x, r.df), r.p, r.p * 2e-3) << "x=" << r.x << " df=" << r.df;
  // df = 2 has the closed form exp(-x/2).
  EXPECT_NEAR(chi2_sf(3.0, 2), std::exp(-1.5), 1e-12);
  // df = 63 (64 cases): the median of chi-square(k) is about k(1-2/(9k))^3.
  double median63 = 63 * std::pow(1 - 2.0 / (9 * 63), 3);
  EXPECT_NEAR(chi2_sf(median63, 63), 0.5, 2e-3);
  EXPECT_EQ(chi2_sf(0, 5), 1.0);
  EXPECT_EQ(chi2_sf(INFINITY, 5), 0.0);
}

TEST(SelectFairnessStats, JainIndex) {
  std::vector<double> equal(64, 3.5);
  EXPECT_NEAR(jain_index(equal), 1.0, 1e-12);
  std::vector<double> one{1, 0, 0, 0};
  EXPECT_NEAR(jain_index(one), 0.25, 1e-12);
  std::vector<double> two{1, 2};
  EXPECT_NEAR(jain_index(two), 0.9, 1e-12);  // 9 / (2 * 5)
  std::vector<double> half{1, 1, 0, 0};
  EXPECT_NEAR(jain_index(half), 0.5, 1e-12);
}

// With one ready set for every select the test is Pearson's.
TEST(SelectFairnessStats, ConstantReadinessIsPearson) {
  std::vector<std::uint64_t> obs{260, 240, 255, 245};
  strata s{{0b1111, 1000}};
  auto u = uniformity_test(obs, s);
  std::vector<double> o(obs.begin(), obs.end()), e(4, 250.0);
  auto p = pearson(o, e);
  EXPECT_NEAR(u.stat, p.stat, 1e-9);
  EXPECT_NEAR(u.stat, (100 + 100 + 25 + 25) / 250.0, 1e-9);
  EXPECT_EQ(u.df, 3);
  EXPECT_NEAR(u.p, chi2_sf(1.0, 3), 1e-12);
}

// Varying readiness: case 0 alone in 50 selects, cases 0 and 1 together in 100.
// Case 1 was chosen 40 times: only the 100 shared selects carry information, a
// binomial(100, 1/2) with z = (40-50)/5 = -2, so X2 = 4 with 1 df. Pearson's sum
// over E = (100, 50) would give 10^2/100 + 10^2/50 = 3, mis-scaled.
TEST(SelectFairnessStats, VaryingReadinessUsesTheTrueCovariance) {
  std::vector<std::uint64_t> obs{110, 40};
  strata s{{0b11, 100}, {0b01, 50}};
  auto e = expected_counts(2, s);
  EXPECT_NEAR(e[0], 100, 1e-12);
  EXPECT_NEAR(e[1], 50, 1e-12);
  auto u = uniformity_test(obs, s);
  EXPECT_NEAR(u.stat, 4.0, 1e-9);
  EXPECT_EQ(u.df, 1);
  EXPECT_NEAR(u.p, chi2_sf(4.0, 1), 1e-12);
  std::vector<double> o{110, 40};
  EXPECT_NEAR(pearson(o, e).stat, 3.0, 1e-9);
}

// Cases never ready together form separate groups, one df less each; a nil
// case (never ready) adds nothing; a case chosen but never ready fails outright.
TEST(SelectFairnessStats, ComponentsAndImpossibleChoices) {
  std::vector<std::uint64_t> obs{50, 50, 30, 30, 0};
  strata s{{0b00011, 100}, {0b01100, 60}};
  auto u = uniformity_test(obs, s);
  EXPECT_EQ(u.df, 2);
  EXPECT_EQ(u.components, 2);
  EXPECT_NEAR(u.stat, 0.0, 1e-12);
  EXPECT_NEAR(u.p, 1.0, 1e-12);
  std::vector<std::uint64_t> bad{50, 50, 30, 29, 1};
  auto b = uniformity_test(bad, s);
  EXPECT_EQ(b.p, 0.0);
}

TEST(SelectFairnessStats, LatencyBuckets) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  constexpr int kLast = kLatencyBuckets - 9;  // [15 * 2^59, 2^63): the last bucket an int64 reaches
  for (int b = 0; b < kLast; ++b) {
    EXPECT_EQ(latency_bucket(bucket_low(b)), b);
    EXPECT_EQ(latency_bucket(bucket_high(b)), b);
    EXPECT_EQ(bucket_high(b) + 1, bucket_low(b + 1));
  }
  EXPECT_EQ(latency_bucket(bucket_low(kLast)), kLast);
  EXPECT_EQ(latency_bucket(kMax), kLast);
  EXPECT_EQ(bucket_high(kLast), kMax);  // saturates (UBSan caught the shift past 2^63 here)
  EXPECT_EQ(bucket_low(kLast + 1), kMax);
  EXPECT_EQ(bucket_high(kLatencyBuckets - 1), kMax);
  EXPECT_EQ(latency_bucket(-5), 0);
  EXPECT_EQ(latency_bucket(1000), latency_bucket(960));   // 1000 is in [960, 1023]
  EXPECT_EQ(latency_bucket(1000), latency_bucket(1023));
  EXPECT_EQ(latency_bucket(1024), latency_bucket(1023) + 1);
  std::vector<std::uint64_t> h(kLatencyBuckets, 0);
  EXPECT_EQ(hist_quantile(h, 0.5), -1);
  h[std::size_t(latency_bucket(100))] = 90;
  h[std::size_t(latency_bucket(5000))] = 10;
  EXPECT_EQ(hist_quantile(h, 0.5), bucket_high(latency_bucket(100)));
  EXPECT_EQ(hist_quantile(h, 0.9), bucket_high(latency_bucket(100)));
  EXPECT_EQ(hist_quantile(h, 0.91), bucket_high(latency_bucket(5000)));
  EXPECT_GE(hist_quantile(h, 1.0), 5000);
  EXPECT_LE(hist_quantile(h, 1.0), 5000 * 9 / 8);
}

TEST(SelectFairnessScenario, ParsesAndRejects) {
  auto cs = parse_cases("recv:ready*3,send:1e5,recv:nil,recv:closed");
  ASSERT_EQ(cs.size(), 6u);
  EXPECT_EQ(cs[3].d, dir::send);
  EXPECT_EQ(cs[3].f, feed::rate);
  EXPECT_EQ(cs[3].rate, 1e5);
  EXPECT_EQ(cases_compact(cs), "recv:ready*3,send:100000,recv:nil,recv:closed");
  EXPECT_EQ(parse_cases(cases_expanded(cs)), cs);
  for (const char* bad : {"", "recv:ready", "recv:ready,", "recv:ready*0,recv:ready", "sned:ready*2",
                          "send:closed,recv:ready", "recv:fast*2", "recv:ready*65", "recv:nil*2", "recv:-5*2"})
    EXPECT_THROW(parse_cases(bad), std::invalid_argument) << bad;
  for (auto& p : presets()) EXPECT_NO_THROW(parse_cases(p.cases)) << p.name;
}

scenario small(const char* cases, std::uint64_t selects) {
  scenario s;
  s.name = "test";
  s.cases = parse_cases(cases);
  s.selects = selects;
  s.timing_selects = 0;
  s.seed = 12345;  // our select's choices are then reproducible on one thread
  return s;
}

// 10^5 selects over always-ready sends and receives, nil and closed channels:
// ours is uniform, the biased shape is not.
TEST(SelectFairnessRun, OursUniformBiasedNot) {
  scenario sc = small("recv:ready*3,send:ready*2,recv:nil,send:nil,recv:closed", 100000);
  auto ours = run_impl("ours", sc);
  EXPECT_EQ(ours.selects, 100000u);
  EXPECT_EQ(ours.exact, 100000u);  // one thread, nothing fed: every ready set is known
  EXPECT_EQ(ours.cases[5].chosen, 0u);
  EXPECT_EQ(ours.cases[6].chosen, 0u);
  std::vector<std::uint64_t> obs;
  for (auto& c : ours.cases) obs.push_back(c.chosen_exact);
  auto u = uniformity_test(obs, ours.ready_sets);
  EXPECT_EQ(u.df, 5);
  EXPECT_GE(u.p, 0.01) << "chi2 " << u.stat;
  for (std::size_t j : {0u, 1u, 2u, 3u, 4u, 7u}) EXPECT_LT(ours.cases[j].longest_passed_over, 200u) << j;

  auto biased = run_impl("biased", sc);
  std::vector<std::uint64_t> bobs;
  for (auto& c : biased.cases) bobs.push_back(c.chosen_exact);
  auto b = uniformity_test(bobs, biased.ready_sets);
  EXPECT_LT(b.p, 1e-9);
  EXPECT_EQ(biased.cases[0].chosen, 100000u);
  EXPECT_EQ(biased.cases[1].longest_passed_over, 100000u);
}

// The Boost.Fiber polling loop (random order) is uniform too.
TEST(SelectFairnessRun, BoostRandomOrderPollingIsUniform) {
  scenario sc = small("recv:ready*2,send:ready*2,recv:closed", 50000);
  auto r = run_impl("boost", sc);
  std::vector<std::uint64_t> obs;
  for (auto& c : r.cases) obs.push_back(c.chosen_exact);
  EXPECT_EQ(r.exact, 50000u);
  auto u = uniformity_test(obs, r.ready_sets);
  EXPECT_EQ(u.df, 4);
  EXPECT_GE(u.p, 0.01) << "chi2 " << u.stat;
}

// Producer-fed cases: the ready sets vary with real time, so the statistic is
// not reproducible; the bar is p >= 1e-4 (a false failure once in 10,000 runs)
// for ours, while biased lands far below it.
//
// Under a sanitizer every operation is an order of magnitude slower: producers at the normal
// rates fall behind, stay parked on their channels, and every select sees the same ready set
// (measured under ASan: one ready set in 40,000 selects). The rates there are 20 times lower so
// readiness still varies, which is what this test is about.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr const char* kFedCases = "recv:ready,recv:10000,recv:5000,send:5000";
#else
constexpr const char* kFedCases = "recv:ready,recv:200000,recv:100000,send:100000";
#endif
TEST(SelectFairnessRun, ProducerFedCasesWeightedByReadiness) {
  scenario sc = small(kFedCases, 40000);
  auto ours = run_impl("ours", sc);
  std::vector<std::uint64_t> obs;
  for (auto& c : ours.cases) obs.push_back(c.chosen_exact);
  ASSERT_GT(ours.exact, 30000u);
  EXPECT_GT(ours.ready_sets.size(), 1u);  // readiness did vary
  auto u = uniformity_test(obs, ours.ready_sets);
  EXPECT_EQ(u.df, 3);
  EXPECT_GE(u.p, 1e-4) << "chi2 " << u.stat;
  for (std::size_t j = 1; j < 4; ++j) EXPECT_GT(ours.cases[j].chosen, 0u) << j;

  auto biased = run_impl("biased", sc);
  std::vector<std::uint64_t> bobs;
  for (auto& c : biased.cases) bobs.push_back(c.chosen_exact);
  EXPECT_LT(uniformity_test(bobs, biased.ready_sets).p, 1e-9);
}

}  // namespace
}  // namespace fairness
