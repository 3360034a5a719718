// Deterministic simulation: the runtime trace and the seed explorer.
//
// The trace records what the scheduler decided in a run (which goroutine ran next, out of which
// ready ones), every select's outcome (which cases were ready, whether it parked, which case
// ran, at which source line), every `go` with its creation site, parks, exits and virtual clock
// jumps, as text:
//
//   go::sim::trace tr;                       // records every go::run on this thread while alive
//   go::run({.seed = 7, .virtual_time = true}, scenario);
//   std::fputs(tr.text().c_str(), stdout);
//
//   t=0.000ms g1 go g2 created at tests/sim/sim_test.cpp:40
//   t=0.000ms g1 park (sync.WaitGroup.Wait)
//   t=0.000ms sched g3 [ready g2 g3]
//   t=0.000ms g3 select tests/sim/sim_test.cpp:52 [0:recv 1:send] ready [0 1] -> 1 (send)
//
// Goroutine ids and creation sites are go::stack_all()'s. Off (no trace object alive), the cost
// is one predictable branch in the scheduler, in park, go and select. Tracing needs one worker
// thread (go::run throws std::invalid_argument otherwise); in deterministic mode
// (config::virtual_time and a fixed seed) the same seed gives the same trace, byte for byte.
//
// The explorer runs a scenario once per seed, each in a fresh deterministic runtime, several
// seeds at a time on OS threads, and classifies each run (Go's testing/synctest, plus schedule
// exploration):
//
//   auto r = go::sim::explore(go::sim::in_runtime([] { ... }), {.first_seed = 1, .last_seed = 1000});
//   for (auto& s : r.failing()) std::printf("seed %llu: %s\n", s.seed, s.message.c_str());
//   auto again = go::sim::replay(scenario, r.failing()[0].seed, options);   // with .trace
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chan/detail/trace.hpp"
#include "chan/runtime.hpp"

namespace go::sim {

// Records every runtime run on the constructing thread while alive (they nest: the innermost
// records). Not thread-safe: read it after the run.
class trace {
 public:
  trace() noexcept;
  ~trace();
  trace(const trace&) = delete;
  trace& operator=(const trace&) = delete;

  const std::vector<std::string>& lines() const noexcept { return lines_; }
  std::string text() const;  // the lines, each ended by '\n'
  void clear() noexcept { lines_.clear(); }

 private:
  friend void go::detail::trace_append(trace* t, std::string line);
  std::vector<std::string> lines_;
  trace* prev_;
};

// A scenario: given the runtime configuration for one seed, run once. Most scenarios are a
// main function for that runtime (in_runtime); a scenario that builds its own runtime (e.g. a
// library's own simulate(seed)) takes the seed from cfg.seed. Failing is throwing: any
// exception is a failure, go::deadlock_error a deadlock, go::virtual_timeout_error a timeout.
using scenario = std::function<void(const go::config& cfg)>;

// The usual scenario: `main` as the main goroutine of go::run(cfg, main).
scenario in_runtime(std::function<void()> main);

struct options {
  std::uint64_t first_seed = 1;  // the seeds first_seed..last_seed, inclusive
  std::uint64_t last_seed = 100;
  int threads = 1;  // OS threads running seeds at once (each seed its own runtime)
  // Each run's limits (config::virtual_timeout, max_steps); a run that reaches one is a timeout.
  std::chrono::nanoseconds virtual_timeout = std::chrono::seconds(60);
  std::uint64_t max_steps = 10'000'000;
  bool random_schedule = true;  // config::random_schedule
  std::size_t stack_size = 64 * 1024;
};

enum class verdict { pass, failure, timeout, deadlock };
const char* to_string(verdict v) noexcept;

struct seed_result {
  std::uint64_t seed = 0;
  verdict kind = verdict::pass;
  std::string message;  // failure: the exception's what(); deadlock/timeout: the runtime's report
  std::vector<std::string> trace;  // only from replay()
};

struct report {
  std::vector<seed_result> results;  // by seed
  std::size_t count(verdict v) const noexcept;
  std::vector<seed_result> failing() const;  // every result that is not a pass
};

// The configuration the explorer gives one seed's runtime.
go::config config_for(std::uint64_t seed, const options& opt);

// Runs every seed of opt (in parallel on opt.threads threads). Throws std::invalid_argument for
// an empty range or threads < 1.
report explore(const scenario& s, const options& opt);

// Runs one seed again, with the trace.
seed_result replay(const scenario& s, std::uint64_t seed, const options& opt);

}  // namespace go::sim
