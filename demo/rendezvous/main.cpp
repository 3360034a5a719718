// dtls-rendezvous: the project's main demonstration (`make demo`). See port-notes/rendezvous.md.
//
// Part 1 simulates, for every variant of readAndBuffer's handoff and many seeds, one handshake over
// a lossy, delaying link followed by one echoed message, in the deterministic runtime; it prints a
// table, replays the first failing seed of each failing variant with its trace, and can sweep the
// loss rate for a plot. Part 2 runs the same scenario over real UDP sockets through a lossy relay.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "demo/rendezvous/relay.hpp"
#include "demo/rendezvous/sim.hpp"
#include "demo/rendezvous/stats.hpp"

namespace {

using namespace rendezvous;
using dtls::HandshakeRendezvous;

const char* kUsage = R"(usage: dtls-rendezvous [flags]

Reproduces the handshake-handoff race of webrtc-rs's port of Pion's readAndBuffer and shows that
the faithful port (an unbuffered channel inside a select) never gets stuck.

  --variant=NAME       faithful | webrtc-rs | stopgap-check-done | stopgap-biased | oneshot-fix | all
                       (default all)
  --side=SIDE          which side runs the variant: server (default) or client; the other side is
                       the faithful port with a browser-like retransmission timer
  --seeds=N            simulated runs per variant (default 10000)
  --first-seed=S       first seed (default 1); run i uses seed S+i
  --loss=P             datagram loss probability, 0 <= P < 1 (default 0.1)
  --delay-ms=MIN,MAX   one-way delay, uniform (default 10,60)
  --dup=P              probability that a datagram is also delivered a second time (default 0)
  --peer-interval-ms=T the peer's retransmission timer (default 100; browsers use 50..3000)
  --sweep=P1,P2,...    also run each loss rate with --sweep-seeds seeds for the plot
                       (default 0,0.05,0.1,0.2,0.3; --sweep= disables)
  --sweep-seeds=N      seeds per point of the sweep (default 500)
  --trace-seed=S       replay seed S of --variant (one variant) and print its trace, then exit
  --real-runs=N        runs per variant over UDP loopback through the lossy relay (default 20; 0 skips)
  --peer=PEER          real-socket peer: ours (default), pion (Pion built from Debian's source),
                       openssl (openssl s_client; only with --side=server)
  --threads=N          OS threads for the simulation (default: hardware threads)
  --json=FILE          write every number as JSON (default: none)
  --plot=FILE          write the loss sweep as a PNG with gnuplot (default: none)
  --help               this text

Environment: RENDEZVOUS_DEBUG=1 prints why each real-socket run that did not complete ended.
)";

struct options {
  std::vector<HandshakeRendezvous> variants = all_variants();
  Side side = Side::Server;
  long seeds = 10000;
  std::uint64_t first_seed = 1;
  double loss = 0.1;
  double dup = 0;
  long delay_min_ms = 10, delay_max_ms = 60, peer_interval_ms = 100;
  std::vector<double> sweep = {0, 0.05, 0.1, 0.2, 0.3};
  long sweep_seeds = 500;
  std::optional<std::uint64_t> trace_seed;
  long real_runs = 20;
  std::string peer = "ours";
  int threads = 0;
  std::string json, plot;
};

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "dtls-rendezvous: %s\n(see --help)\n", msg.c_str());
  std::exit(2);
}

long parse_long(const std::string& flag, const std::string& v, long lo, long hi) {
  char* end = nullptr;
  errno = 0;
  long x = std::strtol(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0 || x < lo || x > hi)
    usage_error(flag + ": want an integer in [" + std::to_string(lo) + ", " + std::to_string(hi) + "], got '" + v + "'");
  return x;
}

double parse_prob(const std::string& flag, const std::string& v) {
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !(x >= 0 && x < 1))
    usage_error(flag + ": want a probability in [0, 1), got '" + v + "'");
  return x;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  for (std::string item; std::getline(ss, item, ',');) out.push_back(item);
  return out;
}

options parse(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    auto eq = a.find('=');
    if (a.rfind("--", 0) != 0 || eq == std::string::npos) usage_error("unknown argument '" + a + "' (flags are --name=value)");
    std::string k = a.substr(0, eq), v = a.substr(eq + 1);
    if (k == "--variant") {
      if (v == "all") {
        o.variants = all_variants();
      } else {
        HandshakeRendezvous hv;
        if (!parse_variant(v, &hv)) usage_error("--variant: unknown variant '" + v + "'");
        o.variants = {hv};
      }
    } else if (k == "--side") {
      if (v == "server") o.side = Side::Server;
      else if (v == "client") o.side = Side::Client;
      else usage_error("--side: want server or client, got '" + v + "'");
    } else if (k == "--seeds") {
      o.seeds = parse_long(k, v, 1, 100000000);
    } else if (k == "--first-seed") {
      o.first_seed = static_cast<std::uint64_t>(parse_long(k, v, 1, 1L << 62));
    } else if (k == "--loss") {
      o.loss = parse_prob(k, v);
    } else if (k == "--dup") {
      o.dup = parse_prob(k, v);
    } else if (k == "--delay-ms") {
      auto parts = split(v);
      if (parts.size() != 2) usage_error("--delay-ms: want MIN,MAX, got '" + v + "'");
      o.delay_min_ms = parse_long(k, parts[0], 0, 60000);
      o.delay_max_ms = parse_long(k, parts[1], o.delay_min_ms, 60000);
    } else if (k == "--peer-interval-ms") {
      o.peer_interval_ms = parse_long(k, v, 1, 60000);
    } else if (k == "--sweep") {
      o.sweep.clear();
      for (auto& s : split(v)) o.sweep.push_back(parse_prob(k, s));
    } else if (k == "--sweep-seeds") {
      o.sweep_seeds = parse_long(k, v, 1, 10000000);
    } else if (k == "--trace-seed") {
      o.trace_seed = static_cast<std::uint64_t>(parse_long(k, v, 1, 1L << 62));
    } else if (k == "--real-runs") {
      o.real_runs = parse_long(k, v, 0, 100000);
    } else if (k == "--peer") {
      if (v != "ours" && v != "pion" && v != "openssl") usage_error("--peer: want ours, pion or openssl, got '" + v + "'");
      o.peer = v;
    } else if (k == "--threads") {
      o.threads = static_cast<int>(parse_long(k, v, 1, 256));
    } else if (k == "--json") {
      o.json = v;
    } else if (k == "--plot") {
      o.plot = v;
    } else {
      usage_error("unknown flag '" + k + "'");
    }
  }
  if (o.trace_seed && o.variants.size() != 1) usage_error("--trace-seed needs one --variant");
  if (o.peer == "openssl" && o.side != Side::Server) usage_error("--peer=openssl plays the client: use --side=server");
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  return o;
}

SimParams params_for(const options& o, HandshakeRendezvous v, double loss) {
  SimParams p;
  p.variant = v;
  p.loss = loss;
  p.duplicate = o.dup;
  p.delay_min = o.delay_min_ms * go::time::Millisecond;
  p.delay_max = o.delay_max_ms * go::time::Millisecond;
  p.peer_interval = o.peer_interval_ms * go::time::Millisecond;
  p.side = o.side;
  return p;
}

struct row {
  HandshakeRendezvous variant;
  double loss = 0;
  long runs = 0, completed = 0, stuck = 0, failed = 0, deadlock = 0;
  std::vector<double> hs_ms;
  std::optional<std::uint64_t> first_stuck, first_deadlock;
};

// Runs seeds [first, first + n) of one variant on `threads` OS threads, each its own runtime.
row run_many(const options& o, HandshakeRendezvous v, double loss, long n) {
  row r;
  r.variant = v;
  r.loss = loss;
  std::mutex mu;
  std::vector<Result> results(static_cast<std::size_t>(n));
  std::vector<double> hs(static_cast<std::size_t>(n));
  std::vector<std::thread> pool;
  std::atomic<long> next{0};
  for (int t = 0; t < o.threads; ++t) {
    pool.emplace_back([&] {
      for (long i; (i = next.fetch_add(1)) < n;) {
        SimParams p = params_for(o, v, loss);
        p.seed = o.first_seed + static_cast<std::uint64_t>(i);
        SimOutcome out = simulate(p);
        results[static_cast<std::size_t>(i)] = out.result;
        hs[static_cast<std::size_t>(i)] = out.handshake_ms;
      }
    });
  }
  for (auto& t : pool) t.join();
  for (long i = 0; i < n; ++i) {
    ++r.runs;
    switch (results[static_cast<std::size_t>(i)]) {
      case Result::Completed: ++r.completed; break;
      case Result::Stuck:
        ++r.stuck;
        if (!r.first_stuck) r.first_stuck = o.first_seed + static_cast<std::uint64_t>(i);
        break;
      case Result::HandshakeFailed: ++r.failed; break;
      case Result::Deadlock:
        ++r.deadlock;
        if (!r.first_deadlock) r.first_deadlock = o.first_seed + static_cast<std::uint64_t>(i);
        break;
    }
    if (results[static_cast<std::size_t>(i)] == Result::Completed || results[static_cast<std::size_t>(i)] == Result::Stuck)
      r.hs_ms.push_back(hs[static_cast<std::size_t>(i)]);
  }
  return r;
}

void print_trace(const options& o, HandshakeRendezvous v, std::uint64_t seed) {
  SimParams p = params_for(o, v, o.loss);
  p.seed = seed;
  p.trace = true;
  SimOutcome out = simulate(p);
  std::printf("\n== trace: variant %s, seed %llu (%s%s%s)\n", variant_name(v), static_cast<unsigned long long>(seed),
              to_string(out.result), out.error.empty() ? "" : ": ", out.error.c_str());
  for (auto& line : out.trace) std::printf("  %s\n", line.c_str());
  std::printf("  ---- goroutines at the end of the run (runtime.Stack of every fiber):\n");
  std::istringstream gs(out.goroutines);
  for (std::string line; std::getline(gs, line);) std::printf("  %s\n", line.c_str());
}

std::string fmt_rate(long k, long n) {
  auto [lo, hi] = wilson95(k, n);
  char b[96];
  std::snprintf(b, sizeof b, "%6.2f%% [%5.2f, %5.2f]", 100.0 * double(k) / double(n ? n : 1), 100 * lo, 100 * hi);
  return b;
}

void print_table(const std::vector<row>& rows, const char* title) {
  std::printf("\n%s\n", title);
  std::printf("%-20s %5s %7s %9s %6s %8s %8s  %-26s %-26s %9s %9s\n", "variant", "loss", "runs", "completed", "stuck",
              "hs-fail", "deadlock", "stuck rate [95% CI]", "hs-fail rate [95% CI]", "hs p50", "hs p99");
  for (const auto& r : rows) {
    std::printf("%-20s %4.0f%% %7ld %9ld %6ld %8ld %8ld  %-26s %-26s %7.0fms %7.0fms\n", variant_name(r.variant),
                100 * r.loss, r.runs,
                r.completed, r.stuck, r.failed, r.deadlock, fmt_rate(r.stuck, r.runs).c_str(),
                fmt_rate(r.failed, r.runs).c_str(), percentile(r.hs_ms, 0.5), percentile(r.hs_ms, 0.99));
  }
}

std::string json_row(const row& r) {
  auto [slo, shi] = wilson95(r.stuck, r.runs);
  auto [flo, fhi] = wilson95(r.failed, r.runs);
  char b[512];
  std::snprintf(b, sizeof b,
                "{\"variant\":\"%s\",\"loss\":%g,\"runs\":%ld,\"completed\":%ld,\"stuck\":%ld,\"handshake_failed\":%ld,"
                "\"stuck_rate\":%g,\"stuck_ci95\":[%g,%g],\"handshake_failed_rate\":%g,\"handshake_failed_ci95\":[%g,%g],"
                "\"deadlock\":%ld,\"handshake_ms_p50\":%g,\"handshake_ms_p99\":%g%s}",
                variant_name(r.variant), r.loss, r.runs, r.completed, r.stuck, r.failed, double(r.stuck) / double(r.runs),
                slo, shi, double(r.failed) / double(r.runs), flo, fhi, r.deadlock, percentile(r.hs_ms, 0.5), percentile(r.hs_ms, 0.99),
                r.first_stuck ? (",\"first_stuck_seed\":" + std::to_string(*r.first_stuck)).c_str() : "");
  return b;
}

void write_plot(const options& o, const std::vector<row>& sweep) {
  std::string dat = o.plot + ".dat";
  {
    std::ofstream f(dat);
    for (auto v : o.variants) {
      f << "\"" << variant_name(v) << "\"\n";
      for (const auto& r : sweep) {
        if (r.variant != v) continue;
        auto [lo, hi] = wilson95(r.stuck, r.runs);
        f << 100 * r.loss << " " << 100.0 * double(r.stuck) / double(r.runs) << " " << 100 * lo << " " << 100 * hi << "\n";
      }
      f << "\n\n";
    }
  }
  std::string gp = o.plot + ".gp";
  {
    std::ofstream f(gp);
    f << "set terminal pngcairo size 900,560\nset output '" << o.plot << "'\n"
      << "set title 'Stuck runs (handshake done, echo never delivered) vs loss, " << o.sweep_seeds << " seeds per point'\n"
      << "set xlabel 'datagram loss (%)'\nset ylabel 'stuck runs (%), 95% CI'\nset key top left\nset grid\n"
      << "plot for [i=0:" << o.variants.size() - 1 << "] '" << dat
      << "' index i using 1:2:3:4 with yerrorlines title columnheader(1)\n";
  }
  std::string cmd = "gnuplot '" + gp + "'";
  if (std::system(cmd.c_str()) == 0)
    std::printf("\nplot: %s (data %s)\n", o.plot.c_str(), dat.c_str());
  else
    std::printf("\nplot: gnuplot failed or is not installed; data left in %s\n", dat.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);

  if (o.trace_seed) {
    print_trace(o, o.variants[0], *o.trace_seed);
    return 0;
  }

  std::printf("Simulation: %s side runs the variant; the peer is the faithful port retransmitting every %ld ms.\n",
              o.side == Side::Server ? "server" : "client", o.peer_interval_ms);
  std::printf("Link: loss %.0f%% (application data never dropped), duplication %.0f%%, one-way delay %ld..%ld ms; "
              "virtual time, seeds %llu..%llu.\n",
              100 * o.loss, 100 * o.dup, o.delay_min_ms, o.delay_max_ms, static_cast<unsigned long long>(o.first_seed),
              static_cast<unsigned long long>(o.first_seed + static_cast<std::uint64_t>(o.seeds) - 1));
  std::vector<row> rows;
  for (auto v : o.variants) rows.push_back(run_many(o, v, o.loss, o.seeds));
  print_table(rows, "== 1. deterministic simulation: handshake, then one echoed message");

  for (const auto& r : rows) {
    if (r.first_stuck) print_trace(o, r.variant, *r.first_stuck);
    if (r.first_deadlock) print_trace(o, r.variant, *r.first_deadlock);
  }

  std::vector<row> sweep;
  if (!o.sweep.empty() && (!o.plot.empty() || !o.json.empty())) {
    for (double loss : o.sweep)
      for (auto v : o.variants) sweep.push_back(run_many(o, v, loss, o.sweep_seeds));
    print_table(sweep, "== loss sweep (for the plot)");
    if (!o.plot.empty()) write_plot(o, sweep);
  }

  std::vector<real_stats> real;
  if (o.real_runs > 0) {
    std::printf("\n== 2. real sockets: UDP loopback through a lossy relay (loss %.0f%%, delay %ld..%ld ms), peer: %s, "
                "%ld runs per variant, multi-threaded runtime\n",
                100 * o.loss, o.delay_min_ms, o.delay_max_ms, o.peer.c_str(), o.real_runs);
    std::vector<real_params> all;
    for (auto v : o.variants) {
      real_params rp;
      rp.variant = v;
      rp.side = o.side;
      rp.peer = o.peer;
      rp.runs = static_cast<int>(o.real_runs);
      rp.loss = o.loss;
      rp.delay_min_ms = o.delay_min_ms;
      rp.delay_max_ms = o.delay_max_ms;
      rp.peer_interval_ms = o.peer_interval_ms;
      rp.seed = o.first_seed;
      all.push_back(rp);
    }
    real = run_real(all);
    std::printf("%-20s %7s %9s %6s %8s  %-26s %9s\n", "variant", "runs", "completed", "stuck", "hs-fail",
                "stuck rate [95% CI]", "hs p50");
    for (const auto& s : real) {
      std::printf("%-20s %7d %9d %6d %8d  %-26s %7.0fms%s%s\n", variant_name(s.variant), s.runs, s.completed, s.stuck,
                  s.failed, fmt_rate(s.stuck, s.runs).c_str(), percentile(s.hs_ms, 0.5), s.note.empty() ? "" : "  ",
                  s.note.c_str());
    }
  }

  if (!o.json.empty()) {
    std::ofstream f(o.json);
    f << "{\"side\":\"" << (o.side == Side::Server ? "server" : "client") << "\",\"peer_interval_ms\":" << o.peer_interval_ms
      << ",\"delay_ms\":[" << o.delay_min_ms << "," << o.delay_max_ms << "],\"simulation\":[";
    for (std::size_t i = 0; i < rows.size(); ++i) f << (i ? "," : "") << json_row(rows[i]);
    f << "],\"sweep\":[";
    for (std::size_t i = 0; i < sweep.size(); ++i) f << (i ? "," : "") << json_row(sweep[i]);
    f << "],\"real\":[";
    for (std::size_t i = 0; i < real.size(); ++i) {
      const auto& s = real[i];
      f << (i ? "," : "") << "{\"variant\":\"" << variant_name(s.variant) << "\",\"peer\":\"" << o.peer
        << "\",\"runs\":" << s.runs << ",\"completed\":" << s.completed << ",\"stuck\":" << s.stuck
        << ",\"handshake_failed\":" << s.failed << ",\"handshake_ms_p50\":" << percentile(s.hs_ms, 0.5) << "}";
    }
    f << "]}\n";
    std::printf("\njson: %s\n", o.json.c_str());
  }
  return 0;
}
