// sim-explore: run a scenario over a range of seeds, each in its own deterministic runtime
// (virtual time, seeded scheduling and select), several seeds at a time on OS threads; report
// which seeds fail and how (failure / timeout / deadlock), and replay one seed with the runtime
// trace. The library is chan/sim.hpp; this program adds built-in scenarios: Go classics, and the
// DTLS rendezvous race of demo/rendezvous (port-notes/rendezvous.md).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "chan/chan.hpp"
#include "chan/go.hpp"
#include "chan/select.hpp"
#include "chan/sim.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "demo/rendezvous/sim.hpp"

namespace {

namespace gotime = go::time;
using go::sim::verdict;

// ---------------------------------------------------------------------------
// Built-in scenarios

// go: the racy counter — two goroutines add twice to a shared int without a mutex; the yield between
// the read and the write stands for a preemption point. Fails on the seeds whose schedule
// interleaves two read-modify-writes.
void racy_counter() {
  constexpr int kGoroutines = 2, kAdds = 2;
  int counter = 0;
  go::sync::WaitGroup wg;
  for (int g = 0; g < kGoroutines; ++g) {
    wg.Add(1);
    go::go([&] {
      for (int i = 0; i < kAdds; ++i) {
        int v = counter;
        go::yield();
        counter = v + 1;
      }
      wg.Done();
    });
  }
  wg.Wait();
  if (counter != kGoroutines * kAdds) {
    throw std::runtime_error("racy counter: got " + std::to_string(counter) + ", want " +
                             std::to_string(kGoroutines * kAdds));
  }
}

// go: the classic deadlock — an unbuffered send with no receiver.
void unbuffered_deadlock() {
  auto c = go::make_chan<int>();
  c.send(1);  // fatal error: all goroutines are asleep - deadlock!
}

// go: a select loop — workers take jobs until the jobs channel is closed or done is closed,
// with a per-job timeout; main checks every result. Passes on every seed (its trace shows the
// select choices).
void select_loop() {
  auto jobs = go::make_chan<int>(4);
  auto results = go::make_chan<int>();
  auto done = go::make_chan<go::struct_>();
  for (int w = 0; w < 3; ++w) {
    go::go([=] {
      for (;;) {
        int j;
        bool ok;
        switch (go::select(go::recv(jobs, &j, &ok), go::recv(done), go::recv(gotime::After(gotime::Second)))) {
          case 0:
            if (!ok) return;
            gotime::Sleep(j * gotime::Millisecond);
            results.send(j * j);
            break;
          case 1: return;
          case 2: throw std::runtime_error("select loop: a worker waited a second for a job");
        }
      }
    });
  }
  go::go([=] {
    for (int i = 1; i <= 8; ++i) jobs.send(i);
    jobs.close();
  });
  int sum = 0;
  for (int i = 0; i < 8; ++i) sum += results.recv();
  done.close();
  if (sum != 204) throw std::runtime_error("select loop: sum of squares " + std::to_string(sum) + ", want 204");
}

// go: a leaky ticker — a goroutine drains time.Tick forever while main waits for a result that
// never comes. Not a deadlock (a timer is always pending): the run hits the virtual-time limit.
void leaky_ticker() {
  auto tick = gotime::Tick(100 * gotime::Millisecond);
  auto result = go::make_chan<int>();
  go::go([=] {
    for (;;) tick.recv();
  });
  result.recv();
}

// demo/rendezvous: one PSK handshake and one echo over the lossy, delaying Bridge, with
// readAndBuffer's hand-off in the given shape. simulate() builds its own deterministic runtime
// from the seed (FIFO scheduling, the demo's fixed timeouts), so the explorer's limits and
// random_schedule do not apply; a seed's result is the demo's.
go::sim::scenario rendezvous_scenario(dtls::HandshakeRendezvous v) {
  return [v](const go::config& cfg) {
    rendezvous::SimParams p;
    p.variant = v;
    p.seed = cfg.seed;
    auto out = rendezvous::simulate(p);
    switch (out.result) {
      case rendezvous::Result::Completed: return;
      case rendezvous::Result::Stuck:
        throw std::runtime_error("stuck: both handshakes done, the echo never came back (" + out.error + ")");
      case rendezvous::Result::HandshakeFailed: throw std::runtime_error("handshake failed: " + out.error);
      case rendezvous::Result::Deadlock: throw go::deadlock_error(out.goroutines);
    }
  };
}

struct scenario_entry {
  const char* name;
  const char* what;
  go::sim::scenario run;
};

const std::vector<scenario_entry>& scenarios() {
  static const std::vector<scenario_entry> all = {
      {"racy-counter", "2 goroutines x 2 unsynchronized increments (fails on some seeds)",
       go::sim::in_runtime(racy_counter)},
      {"unbuffered-deadlock", "an unbuffered send with no receiver (deadlock on every seed)",
       go::sim::in_runtime(unbuffered_deadlock)},
      {"select-loop", "3 workers in a select loop over jobs/done/timeout (passes on every seed)",
       go::sim::in_runtime(select_loop)},
      {"leaky-ticker", "a ticker that never stops, main waiting forever (timeout on every seed)",
       go::sim::in_runtime(leaky_ticker)},
      {"rendezvous-faithful", "DTLS handshake + echo, Pion's unbuffered hand-off (never fails)",
       rendezvous_scenario(dtls::HandshakeRendezvous::Faithful)},
      {"rendezvous-webrtc-rs", "DTLS handshake + echo, webrtc-rs's buffered hand-off (fails on some seeds)",
       rendezvous_scenario(dtls::HandshakeRendezvous::WebrtcRs)},
  };
  return all;
}

// ---------------------------------------------------------------------------
// Command line

const char* const kUsage = R"(usage: sim-explore --scenario NAME [--seeds A..B] [--threads N] [--json]
       sim-explore --scenario NAME --replay SEED [--json]
       sim-explore --list | --help

Runs scenario NAME once per seed, each in a fresh deterministic runtime (virtual time; the seed
orders the ready goroutines and drives every select), and reports the seeds that fail, by kind:
failure (an exception or assertion), timeout (virtual time or step limit), deadlock (Go's report).
--replay runs one seed again and prints the runtime trace: every scheduling decision, select
(cases ready, case fired, source line), go, park and clock jump.

  --scenario NAME        a built-in scenario (--list shows them)
  --seeds A..B           seeds A to B inclusive, or one seed A (default 1..1000; A >= 1)
  --threads N            OS threads running seeds at once (default 2; 1..256)
  --virtual-timeout MS   per-run virtual time limit in ms (default 60000)
  --max-steps N          per-run scheduling-decision limit (default 10000000)
  --fifo                 FIFO scheduling instead of seeded (only select choices vary)
  --replay SEED          run SEED with the trace and print it
  --json                 print JSON instead of text
  --list                 list the scenarios
  --help                 this text

Exit status: 0 when every seed passed, 1 when some seed did not, 2 for bad arguments.
)";

[[noreturn]] void usage_error(const std::string& msg) {
  std::fprintf(stderr, "sim-explore: %s\n\n%s", msg.c_str(), kUsage);
  std::exit(2);
}

std::uint64_t parse_u64(const std::string& flag, const std::string& s, std::uint64_t lo, std::uint64_t hi) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos || s.size() > 19) {
    usage_error(flag + ": not a number: '" + s + "'");
  }
  std::uint64_t v = std::stoull(s);
  if (v < lo || v > hi) {
    usage_error(flag + ": " + s + " is out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return v;
}

struct options {
  const scenario_entry* scenario = nullptr;
  go::sim::options sim{.first_seed = 1, .last_seed = 1000, .threads = 2};
  bool replay = false;
  std::uint64_t replay_seed = 0;
  bool json = false;
};

options parse(int argc, char** argv) {
  options o;
  std::string name;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    std::string k = a, v;
    bool has_v = false;
    if (auto eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      k = a.substr(0, eq);
      v = a.substr(eq + 1);
      has_v = true;
    }
    auto value = [&]() -> std::string {
      if (has_v) return v;
      if (i + 1 >= argc) usage_error(k + " needs a value");
      return argv[++i];
    };
    auto no_value = [&] {
      if (has_v) usage_error(k + " takes no value");
    };
    if (k == "--help" || k == "-h") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    } else if (k == "--list") {
      no_value();
      for (const auto& s : scenarios()) std::printf("%-22s %s\n", s.name, s.what);
      std::exit(0);
    } else if (k == "--scenario") {
      name = value();
    } else if (k == "--seeds") {
      std::string s = value();
      auto dots = s.find("..");
      constexpr std::uint64_t kMaxSeed = 1ull << 62;
      if (dots == std::string::npos) {
        o.sim.first_seed = o.sim.last_seed = parse_u64("--seeds", s, 1, kMaxSeed);
      } else {
        o.sim.first_seed = parse_u64("--seeds", s.substr(0, dots), 1, kMaxSeed);
        o.sim.last_seed = parse_u64("--seeds", s.substr(dots + 2), 1, kMaxSeed);
        if (o.sim.last_seed < o.sim.first_seed) usage_error("--seeds: empty range '" + s + "'");
        if (o.sim.last_seed - o.sim.first_seed >= 100'000'000) usage_error("--seeds: at most 100,000,000 seeds");
      }
    } else if (k == "--threads") {
      o.sim.threads = static_cast<int>(parse_u64("--threads", value(), 1, 256));
    } else if (k == "--virtual-timeout") {
      o.sim.virtual_timeout =
          std::chrono::milliseconds(parse_u64("--virtual-timeout", value(), 1, 1000ull * 3600 * 24 * 365));
    } else if (k == "--max-steps") {
      o.sim.max_steps = parse_u64("--max-steps", value(), 1, 1ull << 62);
    } else if (k == "--fifo") {
      no_value();
      o.sim.random_schedule = false;
    } else if (k == "--replay") {
      o.replay = true;
      o.replay_seed = parse_u64("--replay", value(), 1, 1ull << 62);
    } else if (k == "--json") {
      no_value();
      o.json = true;
    } else {
      usage_error("unknown argument '" + a + "'");
    }
  }
  if (name.empty()) usage_error("--scenario is required");
  for (const auto& s : scenarios()) {
    if (name == s.name) o.scenario = &s;
  }
  if (o.scenario == nullptr) usage_error("unknown scenario '" + name + "' (--list shows them)");
  return o;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// The first line of a message (deadlock/timeout reports go on with the goroutine dump).
std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

int do_replay(const options& o) {
  auto r = go::sim::replay(o.scenario->run, o.replay_seed, o.sim);
  if (o.json) {
    std::printf("{\"scenario\": %s, \"seed\": %llu, \"verdict\": %s, \"message\": %s, \"trace\": [",
                json_string(o.scenario->name).c_str(), static_cast<unsigned long long>(r.seed),
                json_string(go::sim::to_string(r.kind)).c_str(), json_string(r.message).c_str());
    for (std::size_t i = 0; i < r.trace.size(); ++i) {
      std::printf("%s\n  %s", i ? "," : "", json_string(r.trace[i]).c_str());
    }
    std::printf("]}\n");
  } else {
    std::printf("== replay: scenario %s, seed %llu: %s\n", o.scenario->name, static_cast<unsigned long long>(r.seed),
                go::sim::to_string(r.kind));
    std::printf("== trace (%zu events)\n", r.trace.size());
    for (const auto& l : r.trace) std::printf("%s\n", l.c_str());
    if (!r.message.empty()) std::printf("== %s\n%s\n", go::sim::to_string(r.kind), r.message.c_str());
  }
  return r.kind == verdict::pass ? 0 : 1;
}

int do_explore(const options& o) {
  auto t0 = std::chrono::steady_clock::now();
  auto rep = go::sim::explore(o.scenario->run, o.sim);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto failing = rep.failing();
  // Failing seeds grouped by verdict and first line of the message.
  std::map<std::pair<int, std::string>, std::vector<std::uint64_t>> groups;
  for (const auto& f : failing) groups[{static_cast<int>(f.kind), first_line(f.message)}].push_back(f.seed);
  const verdict kinds[] = {verdict::pass, verdict::failure, verdict::timeout, verdict::deadlock};

  if (o.json) {
    std::printf("{\"scenario\": %s, \"first_seed\": %llu, \"last_seed\": %llu, \"threads\": %d, \"seconds\": %.3f,\n",
                json_string(o.scenario->name).c_str(), static_cast<unsigned long long>(o.sim.first_seed),
                static_cast<unsigned long long>(o.sim.last_seed), o.sim.threads, secs);
    std::printf(" \"counts\": {");
    for (int i = 0; i < 4; ++i) {
      std::printf("%s\"%s\": %zu", i ? ", " : "", go::sim::to_string(kinds[i]), rep.count(kinds[i]));
    }
    std::printf("},\n \"failing\": [");
    for (std::size_t i = 0; i < failing.size(); ++i) {
      std::printf("%s\n  {\"seed\": %llu, \"verdict\": %s, \"message\": %s}", i ? "," : "",
                  static_cast<unsigned long long>(failing[i].seed), json_string(go::sim::to_string(failing[i].kind)).c_str(),
                  json_string(failing[i].message).c_str());
    }
    std::printf("]}\n");
  } else {
    std::size_t n = rep.results.size();
    std::printf("scenario %s: seeds %llu..%llu (%zu runs) on %d threads in %.2f s (%.0f runs/s)\n", o.scenario->name,
                static_cast<unsigned long long>(o.sim.first_seed), static_cast<unsigned long long>(o.sim.last_seed), n,
                o.sim.threads, secs, secs > 0 ? static_cast<double>(n) / secs : 0.0);
    for (auto k : kinds) std::printf("  %-9s %zu\n", go::sim::to_string(k), rep.count(k));
    for (const auto& [key, seeds] : groups) {
      std::printf("\n%s x%zu: %s\n  seeds:", go::sim::to_string(static_cast<verdict>(key.first)), seeds.size(),
                  key.second.c_str());
      for (std::size_t i = 0; i < seeds.size() && i < 20; ++i) {
        std::printf(" %llu", static_cast<unsigned long long>(seeds[i]));
      }
      if (seeds.size() > 20) std::printf(" ... (%zu more)", seeds.size() - 20);
      std::printf("\n");
    }
    if (!failing.empty()) {
      std::printf("\nreplay one with its trace: sim-explore --scenario %s --replay %llu\n", o.scenario->name,
                  static_cast<unsigned long long>(failing.front().seed));
    }
  }
  return failing.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  options o = parse(argc, argv);
  try {
    return o.replay ? do_replay(o) : do_explore(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sim-explore: %s\n", e.what());
    return 2;
  }
}
