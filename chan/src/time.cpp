// Go's time package (sleep.go, tick.go, the timer parts of runtime/time.go)
// on the runtime's timer heaps (detail/timer.hpp).
//
// Ownership. timer_queue::run_due takes a timer off the heap under the heap's
// lock and then calls t->f(t) without it, so a timer struct must stay valid
// for a callback that del() can no longer prevent. Every armed timer is
// therefore a heap-allocated `node` that holds a strong reference to the
// Timer's shared state, with one owner at a time: the heap while queued;
// whoever takes it off the heap afterwards (del() returning true, the
// callback, or the drop hook when the heap's runtime exits first) frees it.
// A callback runs under the state's lock, and Stop/Reset wait out a callback
// that is in flight, so that (as in Go, where deltimer waits for a running
// timer) Stop returning false means the send has happened.
#include "chan/time.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>
#include <utility>

#include "chan/detail/park.hpp"
#include "chan/runtime.hpp"

namespace go::time {

namespace gd = go::detail;

namespace {

// The process-wide queue that serves threads outside any runtime. A fresh
// std::thread is never a runtime worker, so current_timers() there returns it.
gd::timer_queue* global_queue() {
  static gd::timer_queue* const q = [] {
    gd::timer_queue* r = nullptr;
    std::thread([&r] { r = &gd::current_timers(); }).join();
    return r;
  }();
  return q;
}

// Go: runtime/time.go when(d) — now + d, saturating instead of overflowing.
gd::clock::time_point when(Duration d) {
  auto now = gd::now();
  if (d <= Duration::zero()) return now;
  // Keep clear of time_point::max(), which the heap uses as "empty".
  auto limit = gd::clock::time_point::max() - Hour;
  if (d >= limit - now) return limit;
  return now + std::chrono::duration_cast<gd::clock::duration>(d);
}

void spin_pause() {
  // Waiting for a timer callback running on another thread: a few
  // microseconds at most. Let other fibers on this thread run meanwhile.
  go::yield();
  std::this_thread::yield();
}

}  // namespace

namespace detail {

struct node;

// The shared state of a Timer or Ticker.
struct timer_state {
  gd::spinlock mu;
  node* cur = nullptr;          // armed node: queued, or taken off the heap and in flight
  std::uint64_t fires = 0;      // callbacks completed or nodes dropped (lets Stop wait out one in flight)
  chan<Time> c;                 // nil for AfterFunc
  std::shared_ptr<const std::function<void()>> f;  // AfterFunc's function
  Duration period{0};           // > 0: ticker
};

struct node {
  gd::timer t;
  std::shared_ptr<timer_state> st;
  gd::timer_queue* q = nullptr;  // the heap it was armed on

  node(std::shared_ptr<timer_state> s, gd::timer_queue* queue) : st(std::move(s)), q(queue) {}
  node(const node&) = delete;
  node& operator=(const node&) = delete;
};

}  // namespace detail

namespace {

using detail::node;
using detail::timer_state;

// Go: runtime/time.go runOneTimer + time/sleep.go sendTime / goFunc.
// Runs on a scheduler thread (or the global timer thread), never blocks.
void fire(gd::timer* t) {
  auto* n = static_cast<node*>(t->arg);
  std::shared_ptr<timer_state> st = n->st;
  std::shared_ptr<const std::function<void()>> f;
  bool requeued = false;
  {
    std::lock_guard<gd::spinlock> g(st->mu);
    if (st->cur == n) {
      if (st->period > Duration::zero()) {
        // Go: a ticker's next deadline is when + period*(1 + missed periods).
        auto now = gd::now();
        auto late = now - n->t.when;
        n->t.when += st->period * (1 + late / st->period);
        n->q->add(&n->t);
        requeued = true;
      } else {
        st->cur = nullptr;
      }
      if (st->c != nullptr) {
        // Go: sendTime — select { case c <- Now(): default: }
        Time v = gd::now();
        gd::chansend(st->c.raw(), &v, false);
      } else {
        f = st->f;
      }
    }
    st->fires++;
  }
  if (!requeued) delete n;  // ours: run_due took it off the heap
  if (f) {
    // Go: goFunc — go f(). On a runtime's thread the fiber joins that
    // runtime; the global timer thread runs no fibers, so use a thread.
    if (&gd::current_timers() != global_queue()) {
      go::go([f] { (*f)(); });
    } else {
      std::thread([f] { (*f)(); }).detach();
    }
  }
}

// The node's heap was dropped: the runtime that armed it exited before it fired
// (gd::timer_queue::drop_all). As in a Go program that has exited, the timer never
// fires; its state forgets the node, so Stop finds nothing pending (false) and
// Reset arms it afresh on the caller's heap. Runs outside the heap's lock.
void dropped(gd::timer* t) {
  auto* n = static_cast<node*>(t->arg);
  std::shared_ptr<timer_state> st = n->st;  // may be the last reference: outlive the lock
  {
    std::lock_guard<gd::spinlock> g(st->mu);
    if (st->cur == n) st->cur = nullptr;
    st->fires++;  // a Stop that found the node off the heap (disarm) looks again
  }
  delete n;  // ours, like a callback's: drop_all took it off the heap
}

// Arms st for `at` on the caller's timer heap. Caller holds st->mu and has
// made sure st->cur is null.
void arm_locked(timer_state& st, const std::shared_ptr<timer_state>& self, gd::clock::time_point at) {
  gd::timer_queue* q = &gd::current_timers();
  auto* n = new node(self, q);
  n->t.when = at;
  n->t.f = &fire;
  n->t.drop = &dropped;
  n->t.arg = n;
  st.cur = n;
  q->add(&n->t);
}

// Go: deltimer. Disarms st; true if it was pending (queued). If its callback
// is in flight, waits until it has completed (Go waits for timerRunning).
// Returns with st->mu held.
bool disarm(timer_state& st, std::unique_lock<gd::spinlock>& g) {
  for (;;) {
    node* n = st.cur;
    if (n == nullptr) return false;
    if (n->q->del(&n->t)) {
      st.cur = nullptr;
      delete n;  // we took it off the heap: ours to free (st is kept alive by our caller)
      return true;
    }
    // Off the heap but st->cur still names it: its callback is in flight.
    std::uint64_t seen = st.fires;
    g.unlock();
    for (;;) {
      spin_pause();
      std::lock_guard<gd::spinlock> g2(st.mu);
      if (st.fires != seen) break;
    }
    // A one-shot timer's callback has cleared cur; a ticker's re-queued its
    // node, which the next round deletes from the heap.
    g.lock();
  }
}

}  // namespace

// ---------------------------------------------------------------------------
// Clock

Time Now() { return gd::now(); }
Duration Since(Time t) { return std::chrono::duration_cast<Duration>(gd::now() - t); }
Duration Until(Time t) { return std::chrono::duration_cast<Duration>(t - gd::now()); }

// go: time/time.go Duration.String (with fmtFrac and fmtInt)
std::string String(Duration dur) {
  char buf[32];
  int w = sizeof buf;
  auto fmt_frac = [&](std::uint64_t v, int prec) {
    bool print = false;
    for (int i = 0; i < prec; i++) {
      auto digit = v % 10;
      print = print || digit != 0;
      if (print) buf[--w] = static_cast<char>('0' + digit);
      v /= 10;
    }
    if (print) buf[--w] = '.';
    return v;
  };
  auto fmt_int = [&](std::uint64_t v) {
    if (v == 0) {
      buf[--w] = '0';
    } else {
      while (v > 0) {
        buf[--w] = static_cast<char>('0' + v % 10);
        v /= 10;
      }
    }
  };
  std::int64_t d = dur.count();
  auto u = static_cast<std::uint64_t>(d);
  bool neg = d < 0;
  if (neg) u = -u;
  if (u < static_cast<std::uint64_t>(Second.count())) {
    int prec = 0;
    buf[--w] = 's';
    if (u == 0) return "0s";
    if (u < static_cast<std::uint64_t>(Microsecond.count())) {
      prec = 0;
      buf[--w] = 'n';
    } else if (u < static_cast<std::uint64_t>(Millisecond.count())) {
      prec = 3;
      buf[--w] = '\xb5';  // U+00B5 'µ' micro sign == 0xC2 0xB5
      buf[--w] = '\xc2';
    } else {
      prec = 6;
      buf[--w] = 'm';
    }
    u = fmt_frac(u, prec);
    fmt_int(u);
  } else {
    buf[--w] = 's';
    u = fmt_frac(u, 9);
    // u is now integer seconds
    fmt_int(u % 60);
    u /= 60;
    // u is now integer minutes
    if (u > 0) {
      buf[--w] = 'm';
      fmt_int(u % 60);
      u /= 60;
      // u is now integer hours
      if (u > 0) {
        buf[--w] = 'h';
        fmt_int(u);
      }
    }
  }
  if (neg) buf[--w] = '-';
  return std::string(buf + w, sizeof buf - static_cast<std::size_t>(w));
}

// ---------------------------------------------------------------------------
// Sleep

namespace {

// A sleeping fiber's timer. Two references: the sleeper's and the heap's
// (passed to whoever takes it off the heap).
struct sleep_node {
  gd::timer t;
  gd::parker* p = nullptr;
  std::uint32_t gen = 0;
  std::atomic<int> refs{2};
  std::atomic<bool> done{false};  // callback finished with p (only needed when it lost the claim)

  void unref() {
    if (refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }
};

void sleep_fire(gd::timer* t) {
  auto* n = static_cast<sleep_node*>(t->arg);
  gd::parker* p = n->p;
  if (gd::try_claim(*p, n->gen)) {
    gd::ready(*p);
  } else {
    // The sleeper was claimed by runtime shutdown and is unwinding; it waits
    // for this flag before its parker (and stack) go away.
    n->done.store(true, std::memory_order_release);
  }
  n->unref();
}

}  // namespace

// go: runtime/time.go timeSleep
void Sleep(Duration d) {
  if (d <= Duration::zero()) return;
  auto at = when(d);
  gd::timer_queue& q = gd::current_timers();
  auto* n = new sleep_node;
  n->t.when = at;
  n->t.f = &sleep_fire;
  n->t.arg = n;
  gd::parker& p = gd::self();
  n->p = &p;
  n->gen = gd::begin_park(p);
  q.add(&n->t);
  gd::park(p, nullptr, 0, gd::wait_reason::sleep);
  if (p.aborted) {
    if (q.del(&n->t)) {
      n->unref();  // the heap's reference: the callback will never run
    } else {
      while (!n->done.load(std::memory_order_acquire)) spin_pause();
    }
    n->unref();
    gd::exit_fiber();
  }
  n->unref();
}

// ---------------------------------------------------------------------------
// Timer

Timer::~Timer() = default;

// go: time/sleep.go Timer.Stop
bool Timer::Stop() {
  if (!st_) throw panic_error("time: Stop called on uninitialized Timer");
  std::unique_lock<gd::spinlock> g(st_->mu);
  return disarm(*st_, g);
}

// go: time/sleep.go Timer.Reset
bool Timer::Reset(Duration d) {
  if (!st_) throw panic_error("time: Reset called on uninitialized Timer");
  auto at = when(d);
  std::unique_lock<gd::spinlock> g(st_->mu);
  bool active = disarm(*st_, g);
  arm_locked(*st_, st_, at);
  return active;
}

// go: time/sleep.go NewTimer
std::shared_ptr<Timer> NewTimer(Duration d) {
  auto t = std::make_shared<Timer>();
  auto c = make_chan<Time>(1);
  t->C = c;
  t->st_ = std::make_shared<timer_state>();
  t->st_->c = c;
  auto at = when(d);
  std::lock_guard<gd::spinlock> g(t->st_->mu);
  arm_locked(*t->st_, t->st_, at);
  return t;
}

// go: time/sleep.go After
recv_chan<Time> After(Duration d) { return NewTimer(d)->C; }

// go: time/sleep.go AfterFunc
std::shared_ptr<Timer> AfterFunc(Duration d, std::function<void()> f) {
  global_queue();  // resolve before the first callback can need it
  auto t = std::make_shared<Timer>();
  t->st_ = std::make_shared<timer_state>();
  t->st_->f = std::make_shared<const std::function<void()>>(std::move(f));
  auto at = when(d);
  std::lock_guard<gd::spinlock> g(t->st_->mu);
  arm_locked(*t->st_, t->st_, at);
  return t;
}

// ---------------------------------------------------------------------------
// Ticker

Ticker::~Ticker() = default;

// go: time/tick.go Ticker.Stop
void Ticker::Stop() {
  if (!st_) return;  // Go: a Ticker not made by NewTicker has nothing to stop
  std::unique_lock<gd::spinlock> g(st_->mu);
  disarm(*st_, g);
}

// go: time/tick.go Ticker.Reset
void Ticker::Reset(Duration d) {
  if (d <= Duration::zero()) throw panic_error("non-positive interval for Ticker.Reset");
  if (!st_) throw panic_error("time: Reset called on uninitialized Ticker");
  auto at = when(d);
  std::unique_lock<gd::spinlock> g(st_->mu);
  disarm(*st_, g);
  st_->period = d;
  arm_locked(*st_, st_, at);
}

// go: time/tick.go NewTicker
std::shared_ptr<Ticker> NewTicker(Duration d) {
  if (d <= Duration::zero()) throw panic_error("non-positive interval for NewTicker");
  // Give the channel a 1-element time buffer.
  // If the client falls behind while reading, we drop ticks
  // on the floor until the client catches up.
  auto t = std::make_shared<Ticker>();
  auto c = make_chan<Time>(1);
  t->C = c;
  t->st_ = std::make_shared<timer_state>();
  t->st_->c = c;
  t->st_->period = d;
  auto at = when(d);
  std::lock_guard<gd::spinlock> g(t->st_->mu);
  arm_locked(*t->st_, t->st_, at);
  return t;
}

// go: time/tick.go Tick
recv_chan<Time> Tick(Duration d) {
  if (d <= Duration::zero()) return nullptr;
  return NewTicker(d)->C;
}

}  // namespace go::time
