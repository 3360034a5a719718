// The in-process implementations of the select-fairness tool and the selector
// loop they share (fairness.go has the same loop for Go's select).
//
//   ours    go::select's engine (detail::selectgo over the scenario's cases: what
//           go::select(go::recv(c0), go::send(c1, v), ...) compiles to; the case
//           count is a run-time value here, so the cases are built into the same
//           stack array the static form builds)
//   biased  tokio's `biased;` shape: the cases tried in order with our
//           non-blocking operations (what go::select(go::recv(c), go::default_())
//           compiles to), the first that proceeds wins; when none does, a
//           blocking select. The unfair reference.
//   boost   a polling loop over boost::fibers::buffered_channel: try_pop /
//           try_push in a fresh uniformly random order (a Fisher-Yates permutation,
//           as Go's selectgo builds its pollorder) until one proceeds, yielding
//           between rounds. A fixed order would be the biased shape again; a
//           random rotation is not uniform when ready cases are clustered.
//
// All three run inside go::run({.threads = T}) on the same scheduler; producers and
// consumers are fibers pacing themselves with go::time::Sleep.
//
// Per select the instrumented pass records the ready set before the select and
// after it (see classify in selector_loop): readiness only grows while a select
// runs (a ready case stays ready until the selector itself takes it), so if
// before == after + {chosen}, the set the select decided among is known exactly.
// Otherwise the select is "ambiguous" (a producer on another thread made a case
// ready meanwhile); with nothing ready before, "blocked" (the first case to
// become ready wins; no choice was made). Only exact selects enter the
// uniformity test.
#pragma once

#include <atomic>
#include <bit>
#include <chrono>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/fiber/buffered_channel.hpp>
#include <boost/fiber/operations.hpp>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/time.hpp"
#include "scenario.hpp"
#include "stats.hpp"

namespace fairness {

struct case_counters {
  std::uint64_t chosen = 0;        // every select (instrumented pass)
  std::uint64_t chosen_exact = 0;  // exact selects only
  std::uint64_t longest_passed_over = 0;
  std::vector<std::uint64_t> latency_hist = std::vector<std::uint64_t>(kLatencyBuckets, 0);
};

// The raw counters of one implementation on one scenario (fairness.go writes the same).
struct run_counters {
  std::string impl;
  std::uint64_t selects = 0, exact = 0, blocked = 0, ambiguous = 0;
  std::int64_t elapsed_ns = 0;  // instrumented pass
  std::uint64_t timing_selects = 0;
  std::int64_t timing_ns = 0;  // uninstrumented pass
  std::vector<case_counters> cases;
  strata ready_sets;  // exact selects by ready set
};

using clk = std::chrono::steady_clock;

// Nanoseconds since the pass started.
struct pass_clock {
  clk::time_point t0 = clk::now();
  std::int64_t now() const {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(clk::now() - t0).count();
  }
};

// Producer/consumer pacing: the n-th value is due at n/rate seconds after the
// start; a late fiber catches up without sleeping.
struct pacer {
  std::int64_t period_ns;
  std::int64_t n = 0;
  explicit pacer(double rate) : period_ns(static_cast<std::int64_t>(1e9 / rate)) {}
  void wait(const pass_clock& clock) {
    ++n;
    std::int64_t d = n * period_ns - clock.now();
    if (d > 0) go::time::Sleep(std::chrono::nanoseconds(d));
  }
};

// What the feeder fibers share with the selector; owned jointly, so a feeder
// still running on another worker when the selector returns touches nothing freed.
struct shared_state {
  explicit shared_state(std::size_t k)
      : takes(std::make_unique<std::atomic<std::int64_t>[]>(k)), counts(std::make_unique<std::atomic<std::int64_t>[]>(k)) {
    for (std::size_t j = 0; j < k; ++j) takes[j].store(0), counts[j].store(0);
  }
  pass_clock clock;
  std::atomic<bool> stop{false};
  std::unique_ptr<std::atomic<std::int64_t>[]> takes;   // consumer's last take time (send cases)
  std::unique_ptr<std::atomic<std::int64_t>[]> counts;  // boost: values pushed / taken by the feeder
};

// The loop every implementation runs (fairness.go: selectorLoop). E provides
// ready_mask(), select(value&, ok&) -> case index, after_fire(j), take_time(j),
// yield().
template <class E>
void selector_loop(E& e, const scenario& sc, bool instrumented, run_counters& rc, const pass_clock& clock) {
  const int k = static_cast<int>(sc.cases.size());
  const std::uint64_t n = instrumented ? sc.selects : sc.timing_selects;
  const int yield_every = sc.effective_yield();
  std::vector<std::int64_t> last_fire(std::size_t(k), 0);
  std::vector<std::uint64_t> run(std::size_t(k), 0);
  std::unordered_map<std::uint64_t, std::uint64_t> sets;
  std::int64_t value = 0;
  bool ok = false;
  int until_yield = yield_every;
  auto t_start = clk::now();
  if (!instrumented) {
    std::vector<std::uint64_t> chosen(std::size_t(k), 0);
    for (std::uint64_t i = 0; i < n; ++i) {
      if (yield_every > 0 && --until_yield == 0) {
        until_yield = yield_every;
        e.yield();
      }
      int j = e.select(value, ok);
      ++chosen[std::size_t(j)];
      e.after_fire(j);
    }
    rc.timing_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clk::now() - t_start).count();
    rc.timing_selects = n;
    return;
  }
  for (std::uint64_t i = 0; i < n; ++i) {
    if (yield_every > 0 && --until_yield == 0) {
      until_yield = yield_every;
      e.yield();
    }
    const std::uint64_t before = e.ready_mask();
    const int j = e.select(value, ok);
    const std::uint64_t after = e.ready_mask();
    const std::int64_t t = clock.now();
    const std::uint64_t bit = std::uint64_t(1) << j;
    // classify
    if (before == 0) {
      ++rc.blocked;
    } else if (before == (after | bit)) {
      ++rc.exact;
      ++sets[before];
      ++rc.cases[std::size_t(j)].chosen_exact;
    } else {
      ++rc.ambiguous;
    }
    auto& cc = rc.cases[std::size_t(j)];
    ++cc.chosen;
    // starvation: every case surely ready at this select and not chosen waits one more
    for (std::uint64_t bits = before & ~bit; bits; bits &= bits - 1) {
      auto& r = run[std::size_t(std::countr_zero(bits))];
      ++r;
      auto& lp = rc.cases[std::size_t(std::countr_zero(bits))].longest_passed_over;
      if (r > lp) lp = r;
    }
    run[std::size_t(j)] = 0;
    // latency: from the value (or slot) becoming available to this fire
    const case_spec& cs = sc.cases[std::size_t(j)];
    std::int64_t avail = last_fire[std::size_t(j)];
    if (cs.f == feed::rate) {
      // recv: the producer's stamp, or the previous fire if the value waited
      // behind it in the full buffer; send: the consumer's last take, or the
      // previous fire if the consumer was already waiting.
      std::int64_t other = cs.d == dir::recv ? value : e.take_time(j);
      if (other > avail) avail = other;
    }
    ++cc.latency_hist[std::size_t(latency_bucket(t - avail))];
    last_fire[std::size_t(j)] = t;
    e.after_fire(j);
  }
  rc.elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(clk::now() - t_start).count();
  rc.selects = n;
  for (auto [m, c] : sets) rc.ready_sets[m] += c;
}

// ---- ours and biased: go::chan ----

class go_chan_engine {
 public:
  enum class mode { fair, biased };
  go_chan_engine(const scenario& sc, mode m, std::shared_ptr<shared_state> st) : sc_(sc), mode_(m), st_(std::move(st)) {
    const std::size_t k = sc.cases.size();
    chans_.resize(k);
    slot_.assign(k, 0);
    sendv_.assign(k, 0);
    for (std::size_t j = 0; j < k; ++j) {
      const case_spec& c = sc.cases[j];
      if (c.f == feed::nil) continue;
      chans_[j] = go::make_chan<std::int64_t>(1);
      if (c.f == feed::closed) {
        chans_[j].close();
        closed_mask_ |= std::uint64_t(1) << j;
      } else if (c.f == feed::ready && c.d == dir::recv) {
        chans_[j].send(0);
      }
    }
  }
  void start_feeders() {
    for (std::size_t j = 0; j < sc_.cases.size(); ++j) {
      const case_spec& c = sc_.cases[j];
      if (c.f != feed::rate) continue;
      auto ch = chans_[j];
      if (c.d == dir::recv) {
        go::go([ch, rate = c.rate, st = st_] {
          pacer p(rate);
          for (;;) {
            p.wait(st->clock);
            if (st->stop.load(std::memory_order_relaxed)) return;
            ch.send(st->clock.now());
          }
        });
      } else {
        go::go([ch, rate = c.rate, st = st_, j] {
          pacer p(rate);
          for (;;) {
            p.wait(st->clock);
            if (st->stop.load(std::memory_order_relaxed)) return;
            ch.recv();
            st->takes[j].store(st->clock.now(), std::memory_order_relaxed);
          }
        });
      }
    }
  }
  void stop() { st_->stop.store(true); }

  std::uint64_t ready_mask() const {
    std::uint64_t m = closed_mask_;
    for (std::size_t j = 0; j < chans_.size(); ++j) {
      const auto& ch = chans_[j];
      if (ch == nullptr || (closed_mask_ >> j & 1)) continue;
      int l = go::len(ch);
      if (sc_.cases[j].d == dir::recv ? l > 0 : l < 1) m |= std::uint64_t(1) << j;
    }
    return m;
  }

  int select(std::int64_t& value, bool& ok) {
    const int k = static_cast<int>(chans_.size());
    go::detail::scase sc[64];
    for (int j = 0; j < k; ++j) {
      bool is_send = sc_.cases[std::size_t(j)].d == dir::send;
      sc[j] = go::detail::scase{chans_[std::size_t(j)].raw(), is_send ? &sendv_[std::size_t(j)] : &slot_[std::size_t(j)],
                                is_send};
    }
    if (mode_ == mode::biased) {
      for (int j = 0; j < k; ++j) {
        if (sc[j].c == nullptr) continue;
        if (sc[j].is_send) {
          if (go::detail::chansend(sc[j].c, sc[j].elem, false)) {
            ok = true;
            return j;
          }
        } else {
          auto [selected, received] = go::detail::chanrecv(sc[j].c, sc[j].elem, false);
          if (selected) {
            ok = received;
            value = slot_[std::size_t(j)];
            return j;
          }
        }
      }
    }
    auto [casi, recv_ok] = go::detail::selectgo(sc, k, true);
    ok = recv_ok;
    if (!sc[casi].is_send) value = slot_[std::size_t(casi)];
    return casi;
  }

  void after_fire(int j) {
    const case_spec& c = sc_.cases[std::size_t(j)];
    if (c.f != feed::ready) return;
    if (c.d == dir::recv) {
      chans_[std::size_t(j)].send(0);  // refill: the buffer is empty, never blocks
    } else {
      chans_[std::size_t(j)].recv();  // drain: the value just sent is there
    }
  }
  std::int64_t take_time(int j) const { return st_->takes[std::size_t(j)].load(std::memory_order_relaxed); }
  void yield() { go::yield(); }

 private:
  const scenario& sc_;
  mode mode_;
  std::shared_ptr<shared_state> st_;
  std::vector<go::chan<std::int64_t>> chans_;
  std::vector<std::int64_t> slot_, sendv_;
  std::uint64_t closed_mask_ = 0;
};

// ---- boost: a polling loop over boost::fibers::buffered_channel ----

class boost_engine {
  using bchan = boost::fibers::buffered_channel<std::int64_t>;

 public:
  boost_engine(const scenario& sc, std::shared_ptr<shared_state> st, std::uint64_t seed) : sc_(sc), st_(std::move(st)) {
    const std::size_t k = sc.cases.size();
    chans_.resize(k);
    full_.assign(k, false);
    local_.assign(k, 0);
    for (std::size_t j = 0; j < k; ++j) {
      const case_spec& c = sc.cases[j];
      if (c.f == feed::nil) continue;
      chans_[j] = std::make_shared<bchan>(2);  // a power of two; holds 2-1 = 1 value, as cap 1
      if (c.f == feed::closed) {
        chans_[j]->close();
        closed_mask_ |= std::uint64_t(1) << j;
      } else if (c.f == feed::ready && c.d == dir::recv) {
        chans_[j]->push(0);
        full_[j] = true;
      }
    }
    rng_ = seed ? seed : (std::uint64_t(std::random_device{}()) << 32 | std::random_device{}());
    perm_.resize(k);
  }
  void start_feeders() {
    for (std::size_t j = 0; j < sc_.cases.size(); ++j) {
      const case_spec& c = sc_.cases[j];
      if (c.f != feed::rate) continue;
      auto ch = chans_[j];
      if (c.d == dir::recv) {
        go::go([ch, rate = c.rate, st = st_, j] {
          pacer p(rate);
          for (;;) {
            p.wait(st->clock);
            if (st->stop.load(std::memory_order_relaxed)) return;
            if (ch->push(st->clock.now()) != boost::fibers::channel_op_status::success) return;
            st->counts[j].fetch_add(1, std::memory_order_release);  // values pushed
          }
        });
      } else {
        go::go([ch, rate = c.rate, st = st_, j] {
          pacer p(rate);
          for (;;) {
            p.wait(st->clock);
            if (st->stop.load(std::memory_order_relaxed)) return;
            std::int64_t v;
            if (ch->pop(v) != boost::fibers::channel_op_status::success) return;
            st->takes[j].store(st->clock.now(), std::memory_order_relaxed);
            st->counts[j].fetch_add(1, std::memory_order_release);  // values taken
          }
        });
      }
    }
  }
  // Closing releases feeders blocked in push/pop (Boost.Fiber waits are not
  // the runtime's, so they are ended here rather than unwound by go::run).
  void stop() {
    st_->stop.store(true);
    for (auto& c : chans_)
      if (c) c->close();
  }

  // buffered_channel has no len(): readiness is kept by counting. Always-ready
  // cases by the selector's own bookkeeping; fed cases from the producer's
  // pushed count (recv) / the consumer's taken count (send) against ours. The
  // feeder counts after its push/pop returns, so a count never runs ahead of
  // the channel.
  std::uint64_t ready_mask() const {
    std::uint64_t m = closed_mask_;
    for (std::size_t j = 0; j < chans_.size(); ++j) {
      if (!chans_[j] || (closed_mask_ >> j & 1)) continue;
      const case_spec& c = sc_.cases[j];
      bool r;
      if (c.f == feed::ready) {
        r = c.d == dir::recv ? bool(full_[j]) : !full_[j];
      } else {
        std::int64_t theirs = st_->counts[j].load(std::memory_order_acquire);
        r = c.d == dir::recv ? theirs > local_[j] : local_[j] - theirs < 1;
      }
      if (r) m |= std::uint64_t(1) << j;
    }
    return m;
  }

  int select(std::int64_t& value, bool& ok) {
    const int k = static_cast<int>(chans_.size());
    for (;;) {
      for (int i = 0; i < k; ++i) perm_[std::size_t(i)] = i;
      for (int i = k - 1; i > 0; --i)
        std::swap(perm_[std::size_t(i)], perm_[std::size_t(next() % std::uint64_t(i + 1))]);
      for (int i = 0; i < k; ++i) {
        const int j = perm_[std::size_t(i)];
        bchan* ch = chans_[std::size_t(j)].get();
        if (!ch) continue;
        const case_spec& c = sc_.cases[std::size_t(j)];
        if (c.d == dir::recv) {
          auto st = ch->try_pop(value);
          if (st == boost::fibers::channel_op_status::success) {
            ok = true;
            if (c.f == feed::rate) ++local_[std::size_t(j)];
            if (c.f == feed::ready) full_[std::size_t(j)] = false;
            return j;
          }
          if (st == boost::fibers::channel_op_status::closed) {
            value = 0;
            ok = false;
            return j;
          }
        } else if (ch->try_push(0) == boost::fibers::channel_op_status::success) {
          ok = true;
          if (c.f == feed::rate) ++local_[std::size_t(j)];
          if (c.f == feed::ready) full_[std::size_t(j)] = true;
          return j;
        }
      }
      boost::this_fiber::yield();  // nothing ready: let producers run, poll again
    }
  }

  void after_fire(int j) {
    const case_spec& c = sc_.cases[std::size_t(j)];
    if (c.f != feed::ready) return;
    if (c.d == dir::recv) {
      chans_[std::size_t(j)]->push(0);
      full_[std::size_t(j)] = true;
    } else {
      std::int64_t v;
      chans_[std::size_t(j)]->pop(v);
      full_[std::size_t(j)] = false;
    }
  }
  std::int64_t take_time(int j) const { return st_->takes[std::size_t(j)].load(std::memory_order_relaxed); }
  void yield() { boost::this_fiber::yield(); }

 private:
  std::uint64_t next() {  // wyrand
    rng_ += 0xa0761d6478bd642fULL;
    __uint128_t t = static_cast<__uint128_t>(rng_) * (rng_ ^ 0xe7037ed1a0b428dbULL);
    return static_cast<std::uint64_t>(t >> 64) ^ static_cast<std::uint64_t>(t);
  }
  const scenario& sc_;
  std::shared_ptr<shared_state> st_;
  std::vector<std::shared_ptr<bchan>> chans_;
  std::vector<bool> full_;
  std::vector<std::int64_t> local_;
  std::uint64_t closed_mask_ = 0;
  std::uint64_t rng_;
  std::vector<int> perm_;
};

// One pass of one implementation in a fresh runtime.
inline void run_pass(const std::string& impl, const scenario& sc, bool instrumented, run_counters& rc) {
  go::config cfg;
  cfg.threads = sc.threads;
  cfg.seed = sc.seed;
  go::run(cfg, [&] {
    auto st = std::make_shared<shared_state>(sc.cases.size());
    if (impl == "boost") {
      boost_engine e(sc, st, sc.seed);
      e.start_feeders();
      selector_loop(e, sc, instrumented, rc, st->clock);
      e.stop();
    } else {
      go_chan_engine e(sc, impl == "biased" ? go_chan_engine::mode::biased : go_chan_engine::mode::fair, st);
      e.start_feeders();
      selector_loop(e, sc, instrumented, rc, st->clock);
      e.stop();
    }
  });
}

// impl: "ours", "biased" or "boost". The timing pass first, then the instrumented one.
inline run_counters run_impl(const std::string& impl, const scenario& sc) {
  run_counters rc;
  rc.impl = impl;
  rc.cases.resize(sc.cases.size());
  if (sc.timing_selects > 0) run_pass(impl, sc, false, rc);
  run_pass(impl, sc, true, rc);
  return rc;
}

}  // namespace fairness
