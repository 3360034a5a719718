// The seed explorer and the trace recorder (chan/sim.hpp). The recording itself happens where
// the decisions are made: the scheduler, park and go in runtime.cpp, selectgo in chan.cpp.
#include "chan/sim.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <stdexcept>
#include <thread>
#include <utility>

#include "chan/detail/trace.hpp"

namespace go::sim {

trace::trace() noexcept : prev_(detail::tl_recorder) { detail::tl_recorder = this; }

trace::~trace() { detail::tl_recorder = prev_; }

std::string trace::text() const {
  std::string out;
  for (const auto& l : lines_) {
    out += l;
    out += '\n';
  }
  return out;
}

scenario in_runtime(std::function<void()> main) {
  return [main = std::move(main)](const go::config& cfg) { go::run(cfg, main); };
}

const char* to_string(verdict v) noexcept {
  switch (v) {
    case verdict::pass: return "pass";
    case verdict::failure: return "failure";
    case verdict::timeout: return "timeout";
    case verdict::deadlock: return "deadlock";
  }
  return "?";
}

std::size_t report::count(verdict v) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(results.begin(), results.end(), [v](const seed_result& r) { return r.kind == v; }));
}

std::vector<seed_result> report::failing() const {
  std::vector<seed_result> out;
  for (const auto& r : results) {
    if (r.kind != verdict::pass) out.push_back(r);
  }
  return out;
}

go::config config_for(std::uint64_t seed, const options& opt) {
  go::config cfg;
  cfg.threads = 1;
  cfg.stack_size = opt.stack_size;
  cfg.seed = seed;
  cfg.virtual_time = true;
  cfg.deadlock_throws = true;
  cfg.panic_throws = true;
  cfg.random_schedule = opt.random_schedule;
  cfg.virtual_timeout = opt.virtual_timeout;
  cfg.max_steps = opt.max_steps;
  return cfg;
}

namespace {

// One seed, on the calling thread; classifies what the scenario threw.
seed_result run_seed(const scenario& s, std::uint64_t seed, const options& opt) {
  seed_result r;
  r.seed = seed;
  try {
    s(config_for(seed, opt));
    r.kind = verdict::pass;
  } catch (const go::deadlock_error& e) {
    r.kind = verdict::deadlock;
    r.message = e.what();
  } catch (const go::virtual_timeout_error& e) {
    r.kind = verdict::timeout;
    r.message = e.what();
  } catch (const std::exception& e) {
    r.kind = verdict::failure;
    r.message = e.what();
  } catch (...) {
    r.kind = verdict::failure;
    r.message = "a non-std::exception was thrown";
  }
  return r;
}

void check(const options& opt) {
  if (opt.last_seed < opt.first_seed) throw std::invalid_argument("go::sim: empty seed range (last_seed < first_seed)");
  if (opt.first_seed == 0) throw std::invalid_argument("go::sim: seed 0 means 'from the OS'; seeds start at 1");
  if (opt.threads < 1) throw std::invalid_argument("go::sim: options.threads must be at least 1");
}

}  // namespace

report explore(const scenario& s, const options& opt) {
  check(opt);
  const std::uint64_t n = opt.last_seed - opt.first_seed + 1;
  report rep;
  rep.results.resize(static_cast<std::size_t>(n));
  // Each worker thread takes the next seed; every seed runs in its own runtime on that thread.
  std::atomic<std::uint64_t> next{0};
  auto work = [&] {
    for (;;) {
      std::uint64_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      rep.results[static_cast<std::size_t>(i)] = run_seed(s, opt.first_seed + i, opt);
    }
  };
  const auto nthreads = static_cast<std::uint64_t>(opt.threads) < n ? static_cast<std::uint64_t>(opt.threads) : n;
  std::vector<std::thread> threads;
  for (std::uint64_t t = 1; t < nthreads; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  return rep;
}

seed_result replay(const scenario& s, std::uint64_t seed, const options& opt) {
  options one = opt;
  one.first_seed = one.last_seed = seed;
  check(one);
  trace tr;
  seed_result r = run_seed(s, seed, opt);
  r.trace = tr.lines();
  return r;
}

}  // namespace go::sim
