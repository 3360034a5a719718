// select-fairness: does a select choose uniformly among its ready cases, and at
// what cost? Runs a scenario through our select, Go's select, a biased
// first-ready select and a Boost.Fiber polling loop; prints a table per
// implementation, writes JSON and a plot. bench/README.md explains the method;
// stats.hpp the uniformity test; run.hpp the implementations.
#include <boost/json.hpp>
#include <boost/json/src.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "run.hpp"
#include "scenario.hpp"
#include "stats.hpp"

#ifndef SELECT_FAIRNESS_SOURCE_DIR
#define SELECT_FAIRNESS_SOURCE_DIR "bench/select-fairness"
#endif
#ifndef SELECT_FAIRNESS_OUT_DIR
#define SELECT_FAIRNESS_OUT_DIR "build/bench"
#endif

namespace fs = std::filesystem;
using namespace fairness;

namespace {

const char* const kAllImpls[] = {"ours", "go", "biased", "boost"};

const char* kUsage = R"(usage: select-fairness [options]

Runs select scenarios through several select implementations and measures how
fairly each chooses among the cases that are ready, and what a select costs.

Scenario (default: every preset, one after the other):
  --preset NAME[,NAME...]  run these presets ('all' = every preset; see --list)
  --cases LIST             a custom scenario instead (name 'custom'); LIST is
                           DIR:FEED[*COUNT],... with DIR = recv|send and FEED =
                             ready   always ready (refilled/drained after it fires)
                             RATE    fed by a producer (recv) / drained by a
                                     consumer (send) at RATE values/s, e.g. 1e5
                             nil     nil channel, never ready
                             closed  closed channel, always ready (recv only)
                           2 to 64 cases, e.g. recv:ready*4,send:ready*2,recv:1e5,recv:nil
  --threads T              worker threads (GOMAXPROCS for Go); default: the
                           preset's (1 for --cases)
  --selects N              selects in the measured (instrumented) pass
                           (default 1000000)
  --timing-selects N       selects in the uninstrumented pass that gives
                           ns/select (default: = --selects; 0 skips it)
  --yield N                the selector yields (go::yield / runtime.Gosched)
                           every N selects, so producers on its thread run;
                           0 = never (default: 1 when a case is fed, else 0)
  --seed S                 seed for our select's and the Boost loop's random
                           choice (default 0: from the OS; Go's cannot be seeded)

Implementations:
  --impl LIST              comma list of ours,go,biased,boost (default: all)
                             ours    go::select's engine (detail::selectgo)
                             go      Go's select statement (fairness.go, built
                                     with Debian's Go in GOPATH mode)
                             biased  first ready case in case order, with our
                                     non-blocking ops (tokio's `biased;`): the
                                     unfair reference
                             boost   polling loop over boost::fibers::
                                     buffered_channel, try_pop/try_push in a
                                     fresh random order each round
  --go BIN                 the go command (default: go)
  --go-src DIR             where fairness.go is (default: the source tree's
                           bench/select-fairness)

Verdict and output:
  --alpha A                uniformity is accepted when p >= A (default 0.01)
  --out-dir DIR            JSON, plots and the Go build go here
                           (default: the build tree's bench/)
  --json FILE              the results as JSON (default: OUT/select-fairness.json)
  --plot FILE              the plot, PNG via gnuplot (default:
                           OUT/select-fairness.png; with several scenarios one
                           file per scenario, FILE's stem + '-NAME.png')
  --no-plot                skip the plot
  --check                  exit 1 unless ours is uniform on every scenario and
                           biased is not (when they ran)
  --list                   list the presets and exit
  -h, --help               this text

Exit status: 0 done, 1 a run failed (or --check failed), 2 bad flags.
)";

[[noreturn]] void usage_error(const std::string& msg) {
  std::cerr << "select-fairness: " << msg << "\n(select-fairness --help lists the flags)\n";
  std::exit(2);
}

std::uint64_t parse_u64(const std::string& flag, const std::string& v) {
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);  // accepts 1e6
  } catch (const std::exception&) {
    used = 0;
  }
  if (v.empty() || used != v.size() || d < 0 || d != std::floor(d) || d > 1e15)
    usage_error(flag + " needs a non-negative integer, got '" + v + "'");
  return static_cast<std::uint64_t>(d);
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) out.push_back(item);
  return out;
}

struct options {
  std::vector<scenario> scenarios;
  std::vector<std::string> impls;
  std::string go_bin = "go";
  std::string go_src = SELECT_FAIRNESS_SOURCE_DIR;
  double alpha = 0.01;
  std::string out_dir = SELECT_FAIRNESS_OUT_DIR;
  std::string json, plot;
  bool no_plot = false, check = false;
};

options parse_args(int argc, char** argv) {
  options o;
  std::optional<std::string> preset_list, cases;
  std::optional<int> threads, yield;
  std::optional<std::uint64_t> selects, timing, seed;
  std::string impl = "ours,go,biased,boost";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i], v;
    bool has_value = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      v = a.substr(eq + 1);
      a.resize(eq);
      has_value = true;
    }
    auto value = [&]() -> std::string {
      if (has_value) return v;
      if (i + 1 >= argc) usage_error(a + " needs a value");
      return argv[++i];
    };
    auto no_value = [&] {
      if (has_value) usage_error(a + " takes no value");
    };
    if (a == "-h" || a == "--help") {
      std::cout << kUsage;
      std::exit(0);
    } else if (a == "--list") {
      no_value();
      for (auto& p : presets())
        std::cout << p.name << "  threads " << p.threads << "  " << p.cases << "\n    " << p.what << "\n";
      std::exit(0);
    } else if (a == "--preset") {
      preset_list = value();
    } else if (a == "--cases") {
      cases = value();
    } else if (a == "--threads") {
      auto n = parse_u64(a, value());
      if (n < 1 || n > 256) usage_error("--threads must be 1..256");
      threads = static_cast<int>(n);
    } else if (a == "--selects") {
      selects = parse_u64(a, value());
      if (*selects < 1) usage_error("--selects must be at least 1");
    } else if (a == "--timing-selects") {
      timing = parse_u64(a, value());
    } else if (a == "--yield") {
      auto n = parse_u64(a, value());
      if (n > 1000000000) usage_error("--yield is too large");
      yield = static_cast<int>(n);
    } else if (a == "--seed") {
      seed = parse_u64(a, value());
    } else if (a == "--impl") {
      impl = value();
    } else if (a == "--go") {
      o.go_bin = value();
    } else if (a == "--go-src") {
      o.go_src = value();
    } else if (a == "--alpha") {
      std::string s = value();
      std::size_t used = 0;
      try {
        o.alpha = std::stod(s, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (s.empty() || used != s.size() || !(o.alpha > 0 && o.alpha < 1)) usage_error("--alpha must be in (0, 1)");
    } else if (a == "--out-dir") {
      o.out_dir = value();
    } else if (a == "--json") {
      o.json = value();
    } else if (a == "--plot") {
      o.plot = value();
    } else if (a == "--no-plot") {
      no_value();
      o.no_plot = true;
    } else if (a == "--check") {
      no_value();
      o.check = true;
    } else {
      usage_error("unknown flag '" + std::string(argv[i]) + "'");
    }
  }
  if (preset_list && cases) usage_error("--preset and --cases exclude each other");
  if (cases) {
    scenario s;
    s.name = "custom";
    try {
      s.cases = parse_cases(*cases);
    } catch (const std::invalid_argument& e) {
      usage_error(std::string("--cases: ") + e.what());
    }
    o.scenarios.push_back(s);
  } else {
    std::string list = preset_list.value_or("all");
    for (auto& name : split(list, ',')) {
      if (name == "all") {
        for (auto& p : presets()) o.scenarios.push_back(scenario{p.name, parse_cases(p.cases), p.threads});
        continue;
      }
      auto it = std::find_if(presets().begin(), presets().end(), [&](const preset& p) { return name == p.name; });
      if (it == presets().end()) {
        std::string names;
        for (auto& p : presets()) names += std::string(" ") + p.name;
        usage_error("unknown preset '" + name + "' (presets:" + names + ", all)");
      }
      o.scenarios.push_back(scenario{it->name, parse_cases(it->cases), it->threads});
    }
  }
  for (auto& s : o.scenarios) {
    if (threads) s.threads = *threads;
    s.selects = selects.value_or(1000000);
    s.timing_selects = timing.value_or(s.selects);
    if (yield) s.yield_every = *yield;
    s.seed = seed.value_or(0);
  }
  for (auto& name : split(impl, ',')) {
    if (std::find(std::begin(kAllImpls), std::end(kAllImpls), name) == std::end(kAllImpls))
      usage_error("unknown implementation '" + name + "' in --impl (ours, go, biased, boost)");
    if (std::find(o.impls.begin(), o.impls.end(), name) == o.impls.end()) o.impls.push_back(name);
  }
  if (o.impls.empty()) usage_error("--impl is empty");
  if (o.json.empty()) o.json = (fs::path(o.out_dir) / "select-fairness.json").string();
  if (o.plot.empty()) o.plot = (fs::path(o.out_dir) / "select-fairness.png").string();
  return o;
}

// ---- Go side ----

// The scenario's select statement, for select_gen.go.
std::string go_select_source(const scenario& sc) {
  std::ostringstream o;
  o << "// Generated by select-fairness for: " << cases_compact(sc.cases) << "\n"
    << "package main\n\n"
    << "func selectOnce(c []chan int64, v []int64) (int, int64, bool) {\n\tselect {\n";
  for (std::size_t j = 0; j < sc.cases.size(); ++j) {
    if (sc.cases[j].d == dir::recv) {
      o << "\tcase x, ok := <-c[" << j << "]:\n\t\treturn " << j << ", x, ok\n";
    } else {
      o << "\tcase c[" << j << "] <- v[" << j << "]:\n\t\treturn " << j << ", 0, true\n";
    }
  }
  o << "\t}\n}\n";
  return o.str();
}

int run_command(const std::vector<std::string>& argv, const std::vector<std::string>& env_extra = {}) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    for (auto& e : env_extra) putenv(const_cast<char*>(e.c_str()));
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    std::perror(("select-fairness: " + argv[0]).c_str());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::uint64_t ju64(const boost::json::value& v) { return boost::json::value_to<std::uint64_t>(v); }
std::int64_t ji64(const boost::json::value& v) { return boost::json::value_to<std::int64_t>(v); }

run_counters counters_from_json(const boost::json::value& jv, std::size_t k) {
  const auto& o = jv.as_object();
  run_counters rc;
  rc.impl = std::string(o.at("impl").as_string());
  rc.selects = ju64(o.at("selects"));
  rc.exact = ju64(o.at("exact"));
  rc.blocked = ju64(o.at("blocked"));
  rc.ambiguous = ju64(o.at("ambiguous"));
  rc.elapsed_ns = ji64(o.at("elapsed_ns"));
  rc.timing_selects = ju64(o.at("timing_selects"));
  rc.timing_ns = ji64(o.at("timing_ns"));
  const auto& cs = o.at("cases").as_array();
  if (cs.size() != k) throw std::runtime_error("Go reported " + std::to_string(cs.size()) + " cases");
  for (const auto& c : cs) {
    case_counters cc;
    const auto& co = c.as_object();
    cc.chosen = ju64(co.at("chosen"));
    cc.chosen_exact = ju64(co.at("chosen_exact"));
    cc.longest_passed_over = ju64(co.at("longest_passed_over"));
    for (const auto& b : co.at("latency_hist").as_array()) {
      auto bucket = ji64(b.as_array().at(0));
      if (bucket < 0 || bucket >= kLatencyBuckets) throw std::runtime_error("Go reported a bad latency bucket");
      cc.latency_hist[std::size_t(bucket)] = ju64(b.as_array().at(1));
    }
    rc.cases.push_back(std::move(cc));
  }
  for (const auto& s : o.at("ready_sets").as_array()) {
    std::uint64_t mask = std::stoull(std::string(s.as_array().at(0).as_string()), nullptr, 16);
    rc.ready_sets[mask] += std::stoull(std::string(s.as_array().at(1).as_string()));
  }
  return rc;
}

std::optional<run_counters> run_go(const options& o, const scenario& sc) {
  fs::path dir = fs::path(o.out_dir) / "select-fairness-go" / sc.name;
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::path src = fs::path(o.go_src) / "fairness.go";
  if (!fs::exists(src)) {
    std::cerr << "select-fairness: " << src << " not found (--go-src)\n";
    return std::nullopt;
  }
  fs::copy_file(src, dir / "fairness.go", fs::copy_options::overwrite_existing, ec);
  if (ec) {
    std::cerr << "select-fairness: copying " << src << ": " << ec.message() << "\n";
    return std::nullopt;
  }
  std::ofstream(dir / "select_gen.go") << go_select_source(sc);
  std::string bin = (dir / "fairness-go").string();
  // GOPATH mode, offline: the program uses the standard library only.
  std::vector<std::string> env = {"GO111MODULE=off", "GOFLAGS=", "GOTOOLCHAIN=local"};
  std::string cwd = fs::current_path().string();
  fs::current_path(dir);
  int rc = run_command({o.go_bin, "build", "-o", bin, "."}, env);
  fs::current_path(cwd);
  if (rc != 0) {
    std::cerr << "select-fairness: go build in " << dir << " failed (status " << rc << ")\n";
    return std::nullopt;
  }
  std::string out = (dir / "counters.json").string();
  rc = run_command({bin, "-cases", cases_expanded(sc.cases), "-threads", std::to_string(sc.threads), "-selects",
                    std::to_string(sc.selects), "-timing-selects", std::to_string(sc.timing_selects), "-yield",
                    std::to_string(sc.effective_yield()), "-json", out});
  if (rc != 0) {
    std::cerr << "select-fairness: " << bin << " failed (status " << rc << ")\n";
    return std::nullopt;
  }
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    return counters_from_json(boost::json::parse(ss.str()), sc.cases.size());
  } catch (const std::exception& e) {
    std::cerr << "select-fairness: reading " << out << ": " << e.what() << "\n";
    return std::nullopt;
  }
}

// ---- results ----

struct case_result {
  double share = 0, expected_share = 0;  // over exact selects
  std::int64_t p50 = -1, p90 = -1, p99 = -1, p999 = -1, max = -1;
};

struct impl_result {
  run_counters rc;
  double ns_per_select = 0;
  uniformity_result u;
  double jain = 1;
  bool uniform = false;
  std::uint64_t worst_starvation = 0;
  std::vector<case_result> cases;
};

impl_result analyze(run_counters rc, double alpha) {
  impl_result r;
  const std::size_t k = rc.cases.size();
  r.ns_per_select = rc.timing_selects ? double(rc.timing_ns) / double(rc.timing_selects) : 0;
  std::vector<std::uint64_t> obs(k);
  for (std::size_t j = 0; j < k; ++j) obs[j] = rc.cases[j].chosen_exact;
  r.u = uniformity_test(obs, rc.ready_sets);
  r.uniform = r.u.p >= alpha && r.u.df > 0;
  auto e = expected_counts(static_cast<int>(k), rc.ready_sets);
  std::vector<double> ratio;
  for (std::size_t j = 0; j < k; ++j) {
    case_result c;
    if (rc.exact) {
      c.share = double(obs[j]) / double(rc.exact);
      c.expected_share = e[j] / double(rc.exact);
    }
    if (e[j] > 0) ratio.push_back(double(obs[j]) / e[j]);
    const auto& h = rc.cases[j].latency_hist;
    c.p50 = hist_quantile(h, 0.5);
    c.p90 = hist_quantile(h, 0.9);
    c.p99 = hist_quantile(h, 0.99);
    c.p999 = hist_quantile(h, 0.999);
    c.max = hist_quantile(h, 1.0);
    r.worst_starvation = std::max(r.worst_starvation, rc.cases[j].longest_passed_over);
    r.cases.push_back(c);
  }
  r.jain = jain_index(ratio);
  r.rc = std::move(rc);
  return r;
}

std::string fmt_ns(std::int64_t ns) {
  if (ns < 0) return "-";
  char b[32];
  if (ns < 10000) {
    std::snprintf(b, sizeof b, "%lldns", static_cast<long long>(ns));
  } else if (ns < 10000000) {
    std::snprintf(b, sizeof b, "%.1fus", double(ns) / 1e3);
  } else {
    std::snprintf(b, sizeof b, "%.1fms", double(ns) / 1e6);
  }
  return b;
}

std::string fmt_p(double p) {
  char b[32];
  if (p >= 0.001 || p == 0) {
    std::snprintf(b, sizeof b, "%.3f", p);
  } else {
    std::snprintf(b, sizeof b, "%.1e", p);
  }
  return b;
}

void print_impl(const scenario& sc, const impl_result& r, double alpha) {
  const auto& rc = r.rc;
  std::printf("-- %s: %.1f ns/select (uninstrumented, %llu selects); measured %llu selects: %llu exact, %llu blocked, "
              "%llu ambiguous\n",
              rc.impl.c_str(), r.ns_per_select, static_cast<unsigned long long>(rc.timing_selects),
              static_cast<unsigned long long>(rc.selects), static_cast<unsigned long long>(rc.exact),
              static_cast<unsigned long long>(rc.blocked), static_cast<unsigned long long>(rc.ambiguous));
  std::printf("   uniformity: chi2 %.2f, df %d, p %s -> %s (alpha %.3g); Jain %.5f; longest passed-over run %llu\n",
              r.u.stat, r.u.df, fmt_p(r.u.p).c_str(),
              r.u.df == 0 ? "no test (never two cases ready together)" : r.uniform ? "uniform" : "NOT uniform", alpha,
              r.jain, static_cast<unsigned long long>(r.worst_starvation));
  std::printf("   %4s  %-14s %10s %8s %8s %6s %8s %8s %8s %8s %9s\n", "case", "kind", "chosen", "share", "expect", "o/e",
              "starve", "wait50", "wait99", "waitmax", "fired/s");
  for (std::size_t j = 0; j < sc.cases.size(); ++j) {
    const auto& c = r.cases[j];
    char ratio[16] = "-";
    if (c.expected_share > 0) std::snprintf(ratio, sizeof ratio, "%.3f", c.share / c.expected_share);
    std::printf("   %4zu  %-14s %10llu %8.4f %8.4f %6s %8llu %8s %8s %8s %9.3g\n", j, to_string(sc.cases[j]).c_str(),
                static_cast<unsigned long long>(rc.cases[j].chosen), c.share, c.expected_share, ratio,
                static_cast<unsigned long long>(rc.cases[j].longest_passed_over), fmt_ns(c.p50).c_str(),
                fmt_ns(c.p99).c_str(), fmt_ns(c.max).c_str(),
                rc.elapsed_ns > 0 ? double(rc.cases[j].chosen) * 1e9 / double(rc.elapsed_ns) : 0.0);
  }
}

boost::json::object impl_json(const impl_result& r) {
  const auto& rc = r.rc;
  boost::json::object o;
  o["impl"] = rc.impl;
  o["ns_per_select"] = r.ns_per_select;
  o["chi2"] = r.u.stat;
  o["df"] = r.u.df;
  o["p"] = r.u.p;
  o["uniform"] = r.uniform;
  o["jain"] = r.jain;
  o["longest_passed_over"] = r.worst_starvation;
  o["selects"] = rc.selects;
  o["exact"] = rc.exact;
  o["blocked"] = rc.blocked;
  o["ambiguous"] = rc.ambiguous;
  o["elapsed_ns"] = rc.elapsed_ns;
  o["timing_selects"] = rc.timing_selects;
  o["timing_ns"] = rc.timing_ns;
  boost::json::array cases;
  for (std::size_t j = 0; j < rc.cases.size(); ++j) {
    const auto& cc = rc.cases[j];
    const auto& c = r.cases[j];
    boost::json::object x;
    x["chosen"] = cc.chosen;
    x["chosen_exact"] = cc.chosen_exact;
    x["share"] = c.share;
    x["fired_per_s"] = rc.elapsed_ns > 0 ? double(cc.chosen) * 1e9 / double(rc.elapsed_ns) : 0.0;
    x["expected_share"] = c.expected_share;
    x["longest_passed_over"] = cc.longest_passed_over;
    x["wait_ns"] = {{"p50", c.p50}, {"p90", c.p90}, {"p99", c.p99}, {"p999", c.p999}, {"max", c.max}};
    boost::json::array hist;
    for (std::size_t b = 0; b < cc.latency_hist.size(); ++b)
      if (cc.latency_hist[b]) hist.push_back(boost::json::array{b, cc.latency_hist[b]});
    x["latency_hist"] = std::move(hist);
    cases.push_back(std::move(x));
  }
  o["cases"] = std::move(cases);
  boost::json::array sets;
  for (auto [m, n] : rc.ready_sets) {
    char hex[20];
    std::snprintf(hex, sizeof hex, "%llx", static_cast<unsigned long long>(m));
    sets.push_back(boost::json::array{hex, std::to_string(n)});
  }
  o["ready_sets"] = std::move(sets);
  return o;
}

bool write_plot(const options& o, const scenario& sc, const std::vector<impl_result>& rs, const fs::path& png) {
  fs::path base = png;
  base.replace_extension();
  fs::path dat = base.string() + ".dat", gp = base.string() + ".gp";
  {
    std::ofstream d(dat);
    d << "# case";
    for (auto& r : rs) d << " " << r.rc.impl << "_share " << r.rc.impl << "_expected";
    d << "\n";
    for (std::size_t j = 0; j < sc.cases.size(); ++j) {
      d << j;
      for (auto& r : rs) d << " " << r.cases[j].share << " " << r.cases[j].expected_share;
      d << "\n";
    }
  }
  {
    std::ofstream g(gp);
    int n = static_cast<int>(rs.size());
    int cols = n > 1 ? 2 : 1, rows = (n + cols - 1) / cols;
    g << "set terminal pngcairo size " << 560 * cols << "," << 360 * rows << " font 'sans,9'\n"
      << "set output '" << png.string() << "'\n"
      << "set multiplot layout " << rows << "," << cols << " title '" << sc.name << ": " << cases_compact(sc.cases)
      << ", threads " << sc.threads << ", " << sc.selects << " selects'\n"
      << "set style fill solid 0.6\nset boxwidth 0.7\nset grid ytics\nset key top right\n"
      << "set xlabel 'case'\nset ylabel 'share of exact selects'\nset yrange [0:*]\n"
      << "set xrange [-1:" << sc.cases.size() << "]\n";
    for (int i = 0; i < n; ++i) {
      const auto& r = rs[std::size_t(i)];
      char title[160];
      std::snprintf(title, sizeof title, "%s: p = %s (%s), %.0f ns/select", r.rc.impl.c_str(), fmt_p(r.u.p).c_str(),
                    r.uniform ? "uniform" : "not uniform", r.ns_per_select);
      g << "set title '" << title << "'\n"
        << "plot '" << dat.string() << "' using 1:" << 2 + 2 * i << " with boxes title 'chosen', '' using 1:"
        << 3 + 2 * i << " with linespoints lw 2 pt 7 ps 0.5 title 'uniform among ready'\n";
    }
    g << "unset multiplot\n";
  }
  int rc = run_command({"gnuplot", gp.string()});
  if (rc != 0) {
    std::cerr << "select-fairness: gnuplot " << gp << " failed (status " << rc << "); no plot\n";
    return false;
  }
  (void)o;
  return true;
}

std::string host_line() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::ifstream cpu("/proc/cpuinfo");
  std::string line, model;
  while (std::getline(cpu, line))
    if (line.rfind("model name", 0) == 0) {
      model = line.substr(line.find(':') + 2);
      break;
    }
  return std::string(host) + ", " + model + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " CPUs";
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse_args(argc, argv);
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) {
    std::cerr << "select-fairness: cannot create " << o.out_dir << ": " << ec.message() << "\n";
    return 1;
  }
  bool failed = false, check_failed = false;
  boost::json::array jscen;
  struct summary_row {
    std::string scen, impl;
    double ns, p;
    bool uniform;
    double jain;
    std::uint64_t starve;
  };
  std::vector<summary_row> summary;
  for (const auto& sc : o.scenarios) {
    std::printf("== %s: %s; threads %d; %llu selects (+%llu timing); yield every %d\n", sc.name.c_str(),
                cases_compact(sc.cases).c_str(), sc.threads, static_cast<unsigned long long>(sc.selects),
                static_cast<unsigned long long>(sc.timing_selects), sc.effective_yield());
    std::fflush(stdout);
    std::vector<impl_result> rs;
    for (const auto& impl : o.impls) {
      std::optional<run_counters> rc;
      if (impl == "go") {
        rc = run_go(o, sc);
      } else {
        try {
          rc = run_impl(impl, sc);
        } catch (const std::exception& e) {
          std::cerr << "select-fairness: " << impl << " on " << sc.name << ": " << e.what() << "\n";
        }
      }
      if (!rc) {
        failed = true;
        continue;
      }
      rs.push_back(analyze(std::move(*rc), o.alpha));
      print_impl(sc, rs.back(), o.alpha);
      std::fflush(stdout);
      const auto& r = rs.back();
      summary.push_back({sc.name, r.rc.impl, r.ns_per_select, r.u.p, r.uniform, r.jain, r.worst_starvation});
      if (o.check && ((impl == "ours" && !r.uniform) || (impl == "biased" && r.uniform))) check_failed = true;
    }
    std::printf("\n");
    boost::json::object js;
    js["name"] = sc.name;
    js["cases"] = cases_compact(sc.cases);
    js["threads"] = sc.threads;
    js["selects"] = sc.selects;
    js["timing_selects"] = sc.timing_selects;
    js["yield_every"] = sc.effective_yield();
    js["seed"] = sc.seed;
    boost::json::array ji;
    for (auto& r : rs) ji.push_back(impl_json(r));
    js["implementations"] = std::move(ji);
    if (!o.no_plot && !rs.empty()) {
      fs::path png = o.plot;
      if (o.scenarios.size() > 1) {
        fs::path stem = png;
        stem.replace_extension();
        png = stem.string() + "-" + sc.name + ".png";
      }
      if (write_plot(o, sc, rs, png)) js["plot"] = png.string();
    }
    jscen.push_back(std::move(js));
  }

  std::printf("summary (alpha %.3g)\n%-18s %-7s %11s %10s %-12s %8s %8s\n", o.alpha, "scenario", "impl", "ns/select",
              "p", "verdict", "Jain", "starve");
  for (auto& s : summary)
    std::printf("%-18s %-7s %11.1f %10s %-12s %8.5f %8llu\n", s.scen.c_str(), s.impl.c_str(), s.ns, fmt_p(s.p).c_str(),
                s.uniform ? "uniform" : "NOT uniform", s.jain, static_cast<unsigned long long>(s.starve));

  boost::json::object root;
  root["tool"] = "select-fairness";
  root["alpha"] = o.alpha;
  root["host"] = host_line();
  root["unix_time"] = static_cast<std::int64_t>(std::time(nullptr));
  root["scenarios"] = std::move(jscen);
  {
    fs::path jp = o.json;
    if (jp.has_parent_path()) fs::create_directories(jp.parent_path(), ec);
    std::ofstream out(jp);
    out << boost::json::serialize(root) << "\n";
    if (!out) {
      std::cerr << "select-fairness: cannot write " << jp << "\n";
      failed = true;
    } else {
      std::printf("json: %s\n", jp.string().c_str());
    }
  }
  if (failed) return 1;
  if (check_failed) {
    std::fprintf(stderr, "select-fairness: --check: ours not uniform, or biased uniform, somewhere above\n");
    return 1;
  }
  return 0;
}
