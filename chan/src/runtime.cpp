// The goroutine runtime on Boost.Fiber: parking, the scheduling algorithm,
// fiber lifetime and shutdown.
//
// Scheduling sits in Boost.Fiber's pluggable seat (`algo::algorithm`), one
// instance per worker thread:
//   - a local FIFO plus Go's `runnext` slot: a fiber woken by a channel
//     operation runs next on the waker's thread, so a producer/consumer pair
//     hands off without a trip through the queue;
//   - with several workers, Go's P run queues: each worker a lock-free ring
//     (runq.hpp) that idle workers steal half of, plus a global queue; a
//     parked fiber belongs to no worker: whoever wakes it takes it into its own
//     runnext (Go's goready), see parker::migrate and switched_out();
//   - Boost's dispatcher fiber (which reaps finished fibers and takes wake-ups
//     from other threads) is kept aside and run only when nothing else is
//     ready, when another thread has posted a wake-up, or every 61st pick
//     (Go checks its global queue with the same period). The stock algorithms
//     run it once per round trip of the ready queue, which costs a clock read
//     on every hand-off;
//   - the runtime's timers are checked between fibers (one atomic load when
//     there are none) and bound the idle wait.
#include <algorithm>
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/algo/round_robin.hpp>
#include <boost/fiber/all.hpp>
#include <boost/fiber/scheduler.hpp>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "chan/chan.hpp"
#include "chan/detail/park.hpp"
#include "chan/detail/timer.hpp"
#include "chan/detail/trace.hpp"
#include "chan/runtime.hpp"
#include "chan/sim.hpp"
#include "poller.hpp"
#include "runq.hpp"
#include "stack.hpp"

namespace go::detail {

namespace bf = boost::fibers;

// Thrown through a fiber's stack when its runtime exits. Deliberately not a
// std::exception, so `catch (const std::exception&)` does not stop it.
struct fiber_exit {};

struct runtime;

// Per-fiber state, attached to the Boost.Fiber context as its properties
// (so it is found in O(1) from context::active() and freed with the context).
struct fiber_record final : bf::fiber_properties {
  fiber_record() : bf::fiber_properties(nullptr) {}
  parker p;
  runtime* rt = nullptr;  // set for fibers started by go() inside a runtime
  const char* file = nullptr;
  int line = 0;
  std::uint64_t id = 0;
  fiber_record* next = nullptr;
  fiber_record* prev = nullptr;
};

thread_local go::sim::trace* tl_trace = nullptr;
thread_local go::sim::trace* tl_recorder = nullptr;

namespace {
class worker_algo;
std::atomic<int> g_external_wakers{0};
thread_local runtime* tl_rt = nullptr;
thread_local bool tl_next_hint = false;
// This thread's scheduler and algorithm while it is a runtime worker: a wake-up
// of a fiber that belongs to the same scheduler goes straight to the algorithm.
thread_local bf::scheduler* tl_sched = nullptr;
thread_local worker_algo* tl_algo = nullptr;
// A migrating fiber's switched_out lock, from its begin_park until Boost unlocks it after the
// switch (scheduler::suspend(lk) unlocks on the next context, on this thread). Thread-local, so
// that only this thread ever touches the lock object itself.
thread_local bf::detail::spinlock_lock tl_switch_lk;
}  // namespace

// ---------------------------------------------------------------------------
// Timers

void timer_queue::up(int i) {
  timer* t = heap_[i];
  while (i > 0) {
    int p = (i - 1) / 2;
    if (!(t->when < heap_[p]->when)) break;
    heap_[i] = heap_[p];
    heap_[i]->index = i;
    i = p;
  }
  heap_[i] = t;
  t->index = i;
}

void timer_queue::down(int i) {
  int n = static_cast<int>(heap_.size());
  timer* t = heap_[i];
  for (;;) {
    int c = 2 * i + 1;
    if (c >= n) break;
    if (c + 1 < n && heap_[c + 1]->when < heap_[c]->when) c++;
    if (!(heap_[c]->when < t->when)) break;
    heap_[i] = heap_[c];
    heap_[i]->index = i;
    i = c;
  }
  heap_[i] = t;
  t->index = i;
}

void timer_queue::remove_at(int i) {
  timer* t = heap_[i];
  int last = static_cast<int>(heap_.size()) - 1;
  if (i != last) {
    heap_[i] = heap_[last];
    heap_[i]->index = i;
    heap_.pop_back();
    down(i);
    up(i);
  } else {
    heap_.pop_back();
  }
  t->index = -1;
  t->q = nullptr;
}

void timer_queue::publish() {
  next_.store(heap_.empty() ? kNone : heap_[0]->when.time_since_epoch().count(), std::memory_order_release);
}

void timer_queue::add(timer* t) {
  bool earlier;
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (t->index >= 0 && t->q == this) remove_at(t->index);
    t->q = this;
    heap_.push_back(t);
    up(static_cast<int>(heap_.size()) - 1);
    earlier = heap_[0] == t;
    publish();
  }
  if (earlier && on_earlier) on_earlier(on_earlier_arg);
}

bool timer_queue::del(timer* t) {
  std::lock_guard<std::mutex> lk(mu_);
  if (t->q != this || t->index < 0) return false;
  remove_at(t->index);
  publish();
  return true;
}

bool timer_queue::del_sync(timer* t) {
  for (;;) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (running_ != t) {
        if (t->q != this || t->index < 0) return false;
        remove_at(t->index);
        publish();
        return true;
      }
    }
    std::this_thread::yield();
  }
}

void timer_queue::drop_all() {
  std::vector<timer*> left;
  {
    std::lock_guard<std::mutex> lk(mu_);
    left.swap(heap_);
    for (timer* t : left) {
      t->index = -1;
      t->q = nullptr;
    }
    publish();
  }
  for (timer* t : left) {
    if (t->drop != nullptr) t->drop(t);
  }
}

std::size_t timer_queue::size() {
  std::lock_guard<std::mutex> lk(mu_);
  return heap_.size();
}

int timer_queue::run_due(clock::time_point now) {
  int ran = 0;
  for (;;) {
    timer* t;
    {
      std::lock_guard<std::mutex> lk(mu_);
      if (heap_.empty() || now < heap_[0]->when) {
        publish();
        return ran;
      }
      t = heap_[0];
      remove_at(0);
      if (t->period > clock::duration::zero()) {
        // Go: a ticker's next deadline is when + period*(1 + missed periods).
        t->when += t->period;
        if (t->when <= now) t->when += t->period * ((now - t->when) / t->period + 1);
        t->q = this;
        heap_.push_back(t);
        up(static_cast<int>(heap_.size()) - 1);
      }
      publish();
      running_ = t;
    }
    t->f(t);
    {
      std::lock_guard<std::mutex> lk(mu_);
      running_ = nullptr;
    }
    ++ran;
  }
}

namespace {

// Serves timers created by threads that are not running a runtime, and the deadlines of
// sockets whose runtime has exited.
struct global_timer_service {
  // Never destroyed, unlike a runtime's queue (drop_all): at process exit its pending timers
  // stay queued, neither run nor freed (freeing an AfterFunc's function could run destructors
  // that touch what static destruction has already destroyed), and a Stop from a later static
  // destructor still finds the queue.
  timer_queue& q = *new timer_queue();
  std::mutex mu;
  std::condition_variable cv;
  bool stop = false;
  std::thread th;

  global_timer_service() {
    q.on_earlier = [](void* a) {
      auto* s = static_cast<global_timer_service*>(a);
      { std::lock_guard<std::mutex> lk(s->mu); }
      s->cv.notify_all();
    };
    q.on_earlier_arg = this;
    th = std::thread([this] { loop(); });
  }
  ~global_timer_service() {
    {
      std::lock_guard<std::mutex> lk(mu);
      stop = true;
    }
    cv.notify_all();
    th.join();
  }
  void loop() {
    std::unique_lock<std::mutex> lk(mu);
    while (!stop) {
      auto n = q.next();
      auto t = clock::now();
      if (n <= t) {
        lk.unlock();
        q.run_due(t);
        lk.lock();
        continue;
      }
      if (n == clock::time_point::max()) {
        cv.wait(lk);
      } else {
        cv.wait_until(lk, n);
      }
    }
  }
};

global_timer_service& global_timers() {
  static global_timer_service s;
  return s;
}

// Serves descriptors opened by threads that are not running a runtime.
struct global_poll_service {
  poller pl{&global_timers().q};
  std::atomic<bool> stop{false};
  std::thread th;
  global_poll_service() {
    th = std::thread([this] {
      while (!stop.load(std::memory_order_acquire)) pl.poll(-1);
    });
  }
  ~global_poll_service() {
    stop.store(true, std::memory_order_release);
    pl.wakeup();
    th.join();
  }
};

}  // namespace

// ---------------------------------------------------------------------------
// The runtime

// Has a migrating fiber (parker::migrate) finished switching out, so that another thread may
// resume it? Its `switched_out` lock is held from begin_park until Boost has saved its
// registers. Never waits: a worker that is itself inside a switch must not spin on another's
// (two workers could wait on each other); the caller picks something else and comes back.
bool switched_out(bf::context* c) noexcept {
  auto* rec = static_cast<fiber_record*>(c->get_properties());
  if (rec == nullptr) return true;
  if (!rec->p.switched_out.try_lock()) return false;
  rec->p.switched_out.unlock();
  return true;
}

struct runtime {
  explicit runtime(const config& c) : cfg(c), shared(c.threads > 1), virtual_time(c.virtual_time) {
    timers.on_earlier = [](void* a) { static_cast<runtime*>(a)->wake_idle(); };
    timers.on_earlier_arg = this;
    if (shared) procs = std::make_unique<proc[]>(static_cast<std::size_t>(c.threads));
  }
  // What outlives the runtime (its workers have stopped): sockets still open move to the
  // process-wide poller with their deadlines; timers still pending are dropped, as a Go
  // program's are when main returns (each timer's drop hook: time.cpp).
  ~runtime() {
    if (pl.has_fds()) pl.hand_over(global_poller(), now());
    timers.drop_all();
  }
  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  config cfg;
  // Several workers: a local run queue per worker that the others steal from, a global run
  // queue, and fibers leave their worker while parked and join the waker's (parker::migrate).
  const bool shared;
  // Go's p, the part other workers see: worker i's local run queue and its runnext, which
  // idle workers steal from (worker_algo::steal). Owned by the runtime, so a worker can steal
  // from another that is exiting.
  struct alignas(64) proc {
    runq<bf::context> q;
    // Go: p.runnext. Only migrating (detached) fibers; the owner puts with an exchange and takes
    // with a compare-exchange, a thief takes with a compare-exchange (its own cache line: the
    // owner writes it on every hand-off).
    alignas(64) std::atomic<bf::context*> runnext{nullptr};
  };
  std::unique_ptr<proc[]> procs;
  bool any_runq_nonempty() const noexcept {
    for (int i = 0; shared && i < cfg.threads; ++i) {
      if (!procs[i].q.empty()) return true;
    }
    return false;
  }
  // With any_runq_nonempty, Go's runqempty over every P: findrunnable's last look before it
  // sleeps. Not polled while spinning (spin_for_work): the owner writes runnext on every
  // hand-off, and a spinning worker reading it every microsecond slowed a ping-pong on the
  // other worker (ChanSync at 2 threads 88-110 -> 109-154 ns). A fiber left in a busy worker's
  // runnext is found here, at the latest when the spin ends.
  bool any_runnext_set() const noexcept {
    for (int i = 0; shared && i < cfg.threads; ++i) {
      if (procs[i].runnext.load(std::memory_order_seq_cst) != nullptr) return true;
    }
    return false;
  }
  const bool virtual_time;
  // The virtual clock (deterministic mode): starts at an arbitrary fixed epoch
  // so traces do not depend on when the run happened.
  std::atomic<clock::rep> vnow{std::chrono::duration_cast<clock::duration>(std::chrono::hours(24)).count()};

  clock::time_point now() const noexcept {
    return virtual_time ? clock::time_point(clock::duration(vnow.load(std::memory_order_relaxed))) : clock::now();
  }
  const clock::time_point start = now();
  // config::virtual_timeout as a point on the virtual clock (max: none).
  const clock::time_point vlimit =
      virtual_time && c_virtual_timeout() > clock::duration::zero() ? start + c_virtual_timeout() : clock::time_point::max();
  clock::duration c_virtual_timeout() const noexcept {
    return std::chrono::duration_cast<clock::duration>(cfg.virtual_timeout);
  }
  std::uint64_t steps = 0;  // scheduling decisions so far (counted when tracing or with max_steps)

  // Ending the run early (config::panic_throws, virtual_timeout, max_steps): the first reason
  // wins; main is unwound (now if it is parked, else at its next park or yield) and run()
  // rethrows `end_error` once every fiber is gone.
  std::atomic<bool> ending{false};
  std::exception_ptr end_error;
  void end_run(std::exception_ptr e) noexcept;
  void abort_main() noexcept;

  // Deadlock detection.
  parker* main_parker = nullptr;
  std::vector<std::atomic<bool>*> notified_flags;  // every worker's pending-wake-up flag (guarded by mu)
  bool deadlocked = false;
  std::string deadlock_report;

  // Idle workers and the global run queue.
  std::mutex mu;
  std::condition_variable cv;
  // The global run queue (Go: sched.runq) has its own spinlock: a push or pop is a few
  // instructions. It takes wake-ups from threads that are not workers of this runtime, fibers
  // that yield, and a worker's overflow; workers look at it every 61st pick and when their own
  // queue is empty.
  spinlock global_lk;
  std::vector<bf::context*> global;  // FIFO via head index (guarded by global_lk)
  std::size_t global_head = 0;
  // Workers blocked (or about to block) in suspend_until: changed under mu, read without it by
  // wakep. With global_count and the local queues' tails, a Dekker pair: a worker raises idle and
  // then looks at every queue, a pusher publishes its entry and then looks at idle (all seq_cst),
  // so either the worker sees the work or the pusher sees the sleeper and wakes it under mu.
  std::atomic<int> idle{0};

  timer_queue timers;
  poller pl{&timers};
  bool polling = false;  // a worker is blocked in pl.poll (guarded by mu)

  // Fibers started by go() in this runtime.
  spinlock reg_lk;
  fiber_record* reg_head = nullptr;
  int live = 0;
  std::uint64_t next_id = 1;
  parker* exit_waiter = nullptr;
  std::uint32_t exit_gen = 0;
  std::atomic<bool> stopping{false};

  void wake_idle() {
    bool poll_blocked;
    {
      std::lock_guard<std::mutex> lk(mu);
      poll_blocked = polling;
    }
    cv.notify_all();
    if (poll_blocked) pl.wakeup();
  }

  // Go: globrunqput + wakep.
  void global_push(bf::context* ctx) {
    global_push_batch(&ctx, 1);
    wakep();
  }

  // Go: globrunqputbatch (the caller wakes a worker).
  void global_push_batch(bf::context* const* ctxs, std::size_t n) {
    std::lock_guard<spinlock> lk(global_lk);
    global.insert(global.end(), ctxs, ctxs + n);
    global_count.store(global.size() - global_head, std::memory_order_seq_cst);
  }

  // Go: wakep. New work was published: a worker that is spinning (idle but still looking for
  // work, see suspend_until) will find it, so only when none is spinning is a sleeping worker
  // woken, and then just one.
  void wakep() {
    if (idle.load(std::memory_order_seq_cst) == 0 || spinning.load(std::memory_order_seq_cst) != 0) return;
    bool wake_cv = false;
    bool wake_poller = false;
    {
      std::lock_guard<std::mutex> lk(mu);
      int n = idle.load(std::memory_order_relaxed);
      if (n > 0) {
        if (n > (polling ? 1 : 0)) {
          wake_cv = true;
        } else {
          wake_poller = true;
        }
      }
    }
    if (wake_cv) cv.notify_one();
    if (wake_poller) pl.wakeup();
  }

  // Go: globrunqget(pp, 0)'s share: up to `max` fibers from the head of the global queue, in
  // order (whether or not they have finished switching out); returns how many.
  std::size_t global_pop_batch(bf::context** out, std::size_t max) {
    if (global_count.load(std::memory_order_acquire) == 0) return 0;
    std::lock_guard<spinlock> lk(global_lk);
    const std::size_t len = global.size() - global_head;
    std::size_t n = std::min(len / static_cast<std::size_t>(cfg.threads) + 1, std::min(len, max));
    std::copy_n(global.begin() + static_cast<std::ptrdiff_t>(global_head), n, out);
    global_head += n;
    if (global_head == global.size()) {
      global.clear();
      global_head = 0;
    }
    global_count.store(global.size() - global_head, std::memory_order_release);
    return n;
  }

  // The first fiber of the global queue that has finished switching out (see switched_out).
  bf::context* global_pop() {
    if (global_count.load(std::memory_order_acquire) == 0) return nullptr;
    std::lock_guard<spinlock> lk(global_lk);
    std::size_t i = global_head;
    while (i != global.size() && !switched_out(global[i])) ++i;
    if (i == global.size()) return nullptr;
    std::swap(global[i], global[global_head]);
    bf::context* c = global[global_head++];
    if (global_head == global.size()) {
      global.clear();
      global_head = 0;
    }
    global_count.store(global.size() - global_head, std::memory_order_release);
    return c;
  }

  std::atomic<std::size_t> global_count{0};  // shared-queue length, readable without global_lk

  // Cross-thread wake-ups into this runtime still inside Boost's schedule() (see ready()).
  std::atomic<int> remote_wakers{0};
  // Before a worker's algorithm (or the runtime) is destroyed: wait until no other thread is
  // still inside schedule()/notify() for one of its fibers. A wake-up that starts after the
  // check would be for a fiber of this runtime that is parked, and by then none is.
  void quiesce() noexcept {
    while (remote_wakers.load(std::memory_order_acquire) != 0) std::this_thread::yield();
  }
  // Counts one such wake-up for its lifetime (null: a fiber outside any runtime).
  struct remote_wake {
    runtime* r;
    explicit remote_wake(runtime* rt) noexcept : r(rt) {
      if (r != nullptr) r->remote_wakers.fetch_add(1, std::memory_order_acq_rel);
    }
    ~remote_wake() {
      if (r != nullptr) r->remote_wakers.fetch_sub(1, std::memory_order_release);
    }
    remote_wake(const remote_wake&) = delete;
    remote_wake& operator=(const remote_wake&) = delete;
  };
  std::atomic<int> spinning{0};              // idle workers still looking for work

  bool global_nonempty() const { return global_count.load(std::memory_order_seq_cst) != 0; }

  std::string describe_fibers();
  std::string goroutines_text();
  std::string trace_prefix();
  void on_deadlock() noexcept;

  void register_fiber(fiber_record* r) {
    std::lock_guard<spinlock> lk(reg_lk);
    r->id = next_id++;
    r->next = reg_head;
    if (reg_head) reg_head->prev = r;
    reg_head = r;
    live++;
  }

  void unregister_fiber(fiber_record* r) {
    parker* wake = nullptr;
    {
      std::lock_guard<spinlock> lk(reg_lk);
      if (r->prev) r->prev->next = r->next;
      if (r->next) r->next->prev = r->prev;
      if (reg_head == r) reg_head = r->next;
      r->next = r->prev = nullptr;
      live--;
      if (live == 0 && exit_waiter && try_claim(*exit_waiter, exit_gen)) {
        wake = exit_waiter;
        exit_waiter = nullptr;
      }
    }
    if (wake) ready(*wake, false);
  }
};

namespace {

class worker_algo final : public bf::algo::algorithm {
 public:
  // Worker `index` (0: the thread that called run) of rt.
  worker_algo(runtime* rt, int index)
      : rt_(rt),
        index_(index),
        q_(rt->shared ? &rt->procs[index].q : nullptr),
        runnext_(rt->shared ? rt->procs[index].runnext : own_runnext_) {
    std::lock_guard<std::mutex> lk(rt_->mu);
    rt_->notified_flags.push_back(&notified_);
  }
  ~worker_algo() override {
    std::lock_guard<std::mutex> lk(rt_->mu);
    std::erase(rt_->notified_flags, &notified_);
  }

  // Same-thread wake-up of a parked fiber (Go's goready on the same P). The
  // fiber is parked, so it is not on any of Boost's queues.
  void ready_local(bf::context* ctx, bool next) noexcept {
    tl_next_hint = next;
    awakened(ctx);
  }

  // A migrating fiber (detached since its begin_park) woken by this worker: Go's goready onto
  // the waker's P. With `next` it takes runnext and the fiber it displaces goes to this worker's
  // queue; without, this worker's queue. It may still be switching out on another thread (or be
  // this thread's active fiber, woken from inside its own switch): pick() skips it until then.
  void ready_migrated(bf::context* ctx, bool next) noexcept {
    if (next) {
      // seq_cst: published before wakep looks at idle (the Dekker pair of runtime::idle).
      bf::context* old = runnext_.exchange(ctx, std::memory_order_seq_cst);
      if (old == nullptr) {
        // Go: ready's wakep. If this worker keeps running, an idle one steals it (steal_runnext).
        rt_->wakep();
        return;
      }
      ctx = old;
    }
    runqput(ctx);
  }

  // Go: runqput (not next) + wakep: onto this worker's queue, where idle workers may steal it.
  void runqput(bf::context* ctx) noexcept {
    while (!q_->put(ctx)) {
      // Go: runqputslow. Full: half of it, and then this one, to the global queue.
      bf::context* batch[runq<bf::context>::kSize / 2 + 1];
      std::uint32_t n = q_->take_half(batch);
      if (n == 0) continue;  // stolen meanwhile: there is room now
      batch[n++] = ctx;
      rt_->global_push_batch(batch, n);
      break;
    }
    rt_->wakep();
  }

  void awakened(bf::context* ctx) noexcept override {
    if (ctx->is_context(bf::type::dispatcher_context)) {
      dispatcher_ = ctx;
      return;
    }
    const bool next = tl_next_hint;
    tl_next_hint = false;
    if (next && rt_->shared && !ctx->is_context(bf::type::pinned_context) && ctx != bf::context::active()) {
      // A new fiber (spawn): detached, into runnext like a woken migrating fiber.
      ctx->detach();
      ready_migrated(ctx, true);
      return;
    }
    if (next && !rt_->shared) {
      // Go: runqput(pp, gp, next=true) — the fiber a channel operation woke
      // runs next on this worker; the previous runnext is queued normally.
      // (With several workers runnext holds only migrating fibers: ready_migrated.)
      // One worker: nobody else touches runnext, plain loads and stores suffice.
      bf::context* old = runnext_.load(std::memory_order_relaxed);
      runnext_.store(ctx, std::memory_order_relaxed);
      if (old == nullptr) return;
      ctx = old;
    }
    // Several workers: the shared queue, where any idle worker finds it — except the fiber
    // that is switching away on this thread right now. Timer callbacks and the poller run
    // inside its pick_next (see take_local) and may ready it, directly or by pushing it out of
    // runnext; in the shared queue another worker could resume it before its switch has saved
    // its registers (two threads on one stack: a SIGSEGV in ontop_fcontext, found by the
    // channel stress test at 4 workers). It stays on this worker's queue, which take_local
    // skips until the switch is done.
    if (rt_->shared && !ctx->is_context(bf::type::pinned_context) && ctx != bf::context::active()) {
      ctx->detach();
      rt_->global_push(ctx);
      return;
    }
    ctx->ready_link(local_);
  }

  bf::context* pick_next() noexcept override {
    if (!instrumented_) [[likely]] return pick();
    bf::context* c = pick();
    if (c == nullptr || c->is_context(bf::type::dispatcher_context)) return c;
    step_taken(c);
    return c;
  }

  // One scheduling decision (c runs next): counted, traced, checked against config::max_steps.
  void step_taken(bf::context* c) noexcept {
    ++rt_->steps;
    if (tl_trace != nullptr) trace_pick(c);
    if (rt_->cfg.max_steps != 0 && rt_->steps > rt_->cfg.max_steps && !rt_->ending.load(std::memory_order_relaxed)) {
      rt_->end_run(std::make_exception_ptr(virtual_timeout_error(
          "max_steps: " + std::to_string(rt_->cfg.max_steps) +
          " scheduling decisions without the run ending (a livelock?)\n\n" + rt_->goroutines_text())));
    }
  }

  // The trace's scheduling decision: which goroutine runs, out of which ready ones.
  void trace_pick(bf::context* chosen) noexcept;

  bf::context* pick() noexcept {
    if (dispatcher_ && (notified_.load(std::memory_order_relaxed) || --tick_ == 0)) {
      notified_.store(false, std::memory_order_relaxed);
      if (tick_ == 0 && rt_->pl.has_fds()) rt_->pl.poll(0);  // fairness for I/O under load
      tick_ = 61;
      return take_dispatcher();
    }
    bool ran_callbacks = false;
    if (!rt_->timers.empty()) {
      auto now = rt_->now();
      if (rt_->timers.next() <= now) ran_callbacks = rt_->timers.run_due(now) > 0;
    }
    if (rt_->shared && ++schedtick_ % 61 == 0) {
      // Go: schedule checks the global queue first every 61st time, so that local work cannot
      // starve it.
      if (bf::context* c = rt_->global_pop()) return attached(c);
    }
    if (bf::context* c = take_local(ran_callbacks)) return c;
    if (rt_->shared) {
      if (bf::context* c = take_global(ran_callbacks)) return c;
      if (bf::context* c = steal(ran_callbacks)) return c;
    }
    // Nothing runnable here: look at the network without blocking (Go's
    // findrunnable does netpoll(0) before stealing/parking).
    if (rt_->pl.has_fds() && rt_->pl.poll(0) > 0) {
      if (bf::context* c = take_local(true)) return c;
    }
    return dispatcher_ ? take_dispatcher() : nullptr;
  }

  // The next local fiber: runnext first, then the FIFO.
  //
  // Boost.Fiber calls pick_next from inside the suspend of the fiber that is
  // switching away. Timer callbacks and the poller run here too, and may have
  // readied that very fiber (a Sleep whose timer is already due, a ticker
  // sending to the channel it is parking on, a socket that just became
  // readable). It must not be handed back to itself: with `check_active` it
  // is skipped and stays queued; it runs after the switch, like every other
  // ready fiber. (Go runs timers on g0 after the goroutine has parked.)
  bf::context* take_local(bool check_active) noexcept {
    bf::context* avoid = check_active ? bf::context::active() : nullptr;
    if (rt_->cfg.random_schedule) return take_random(avoid);
    if (rt_->shared) {
      // runnext holds a migrating fiber (detached). It runs once it has switched out; the
      // FIFO holds only attached fibers (pinned ones, or this thread's yielding fiber). An idle
      // worker may steal it at any moment (steal_runnext), run it and see it end, so it is taken
      // (Go: runqget's compare-exchange) before anything looks at it; one still switching out
      // goes back, which is safe because only this worker ever puts a fiber there.
      bf::context* c = runnext_.load(std::memory_order_acquire);
      if (c != nullptr && c != avoid &&
          runnext_.compare_exchange_strong(c, nullptr, std::memory_order_acq_rel, std::memory_order_relaxed)) {
        if (!switched_out(c)) {
          runnext_.store(c, std::memory_order_release);
        } else if (++runnext_streak_ <= kRunnextBudget || (local_.empty() && q_->empty())) {
          // The budget keeps a chain of hand-offs from starving this worker's other fibers; with
          // none waiting there is nobody to be fair to, and queueing the chain would only hand it
          // to an idle worker that steals it (a spawn chain moved between the workers every 61
          // picks: CreateGoroutines at 2 threads 257-336 -> 201-217 ns; Go 188-209).
          tl_sched->attach_worker_context(c);
          return c;
        } else {
          runqput(c);  // the budget is spent: behind the others (local_ goes first, below)
        }
      }
    } else if (bf::context* c = runnext_.load(std::memory_order_relaxed); c != nullptr && c != avoid) {
      // A chain of hand-offs (fibers waking each other through channels)
      // would otherwise keep the FIFO waiting forever. Go bounds it by time:
      // a runnext goroutine inherits the current time slice. Here, after
      // kRunnextBudget hand-offs in a row the FIFO's head goes first and the
      // runnext fiber queues behind it.
      runnext_.store(nullptr, std::memory_order_relaxed);
      if (++runnext_streak_ <= kRunnextBudget || local_.empty()) return c;
      c->ready_link(local_);
    }
    runnext_streak_ = 0;
    for (auto it = local_.begin(); it != local_.end(); ++it) {
      bf::context* c = &*it;
      if (c == avoid) continue;
      c->ready_unlink();
      return c;
    }
    if (rt_->shared) return take_runq(avoid);
    return nullptr;
  }

  // Several workers: a fiber from this worker's queue, attached to it, that has finished switching
  // out (and is not `avoid`); one still switching goes to the back (the queue has room for it
  // again: only this worker puts, and it has just taken one).
  bf::context* take_runq(bf::context* avoid) noexcept {
    for (std::uint32_t n = q_->size(); n > 0; --n) {
      bf::context* c = q_->get();
      if (c == nullptr) break;  // stolen meanwhile
      if (c != avoid && switched_out(c)) return attached(c);
      (void)q_->put(c);
    }
    return nullptr;
  }

  // Go: findrunnable's globrunqget: this worker's share of the global queue into its own queue
  // (which is empty but for fibers still switching out), then one of them.
  bf::context* take_global(bool check_active) noexcept {
    bf::context* batch[runq<bf::context>::kSize / 2];
    const std::uint32_t room = runq<bf::context>::kSize / 2 - std::min(q_->size(), runq<bf::context>::kSize / 2);
    const std::size_t n = rt_->global_pop_batch(batch, room);
    for (std::size_t i = 0; i < n; ++i) (void)q_->put(batch[i]);
    if (n > 1) rt_->wakep();  // more than this worker takes now: another may steal the rest
    return n == 0 ? nullptr : take_runq(check_active ? bf::context::active() : nullptr);
  }

  // Go: findrunnable's stealWork: half of another worker's queue, trying each other worker in a
  // random order, four rounds. Only with an empty queue of its own (runq::steal_from needs the
  // room).
  bf::context* steal(bool check_active) noexcept {
    const int n = rt_->cfg.threads;
    if (!q_->empty()) return nullptr;
    for (int round = 0; round < 4; ++round) {
      const int start = static_cast<int>(fastrandn(static_cast<std::uint32_t>(n)));
      for (int k = 0; k < n; ++k) {
        const int j = (start + k) % n;
        if (j == index_) continue;
        bf::context* c = q_->steal_from(rt_->procs[j].q);
        // Go: stealRunNextG, on the last round only.
        if (c == nullptr && round == 3) c = steal_runnext(rt_->procs[j].runnext);
        if (c != nullptr) {
          (void)q_->put(c);  // one runq path: take_runq checks that it has switched out
          return take_runq(check_active ? bf::context::active() : nullptr);
        }
      }
    }
    return nullptr;
  }

  // Go: runqgrab's steal of pp.runnext, when pp's queue is empty. A fiber woken into a worker's
  // runnext waits for that worker's running fiber to park or yield; if it does not (a loop, a
  // computation, a run of uncontended Mutex operations), this is how it gets to run. Go first
  // sleeps, usleep(3), when the victim is running: "The important use case here is when the g
  // running on pp ready()s another g and then almost immediately blocks. Instead of stealing
  // runnext in this window, back off to give pp a chance to schedule runnext and avoid thrashing
  // gs between different Ps." So does this (a channel hand-off takes tens of nanoseconds, so the
  // margin is wide). A 3 us sleep lasts ~60 us on Linux (timer slack), as Go's does; a spin
  // instead kept this worker busy for as long as a spawn chain ran on the other one, and on a VM
  // whose two vCPUs share a core that slowed the chain (CreateGoroutines at 2 threads
  // 350-383 -> 400-510 ns). After a failed try the next idle round sleeps at once (runnext_miss_).
  bf::context* steal_runnext(std::atomic<bf::context*>& runnext) noexcept {
    bf::context* next = runnext.load(std::memory_order_acquire);
    if (next == nullptr) return nullptr;
    std::this_thread::sleep_for(std::chrono::microseconds(3));
    if (!runnext.compare_exchange_strong(next, nullptr, std::memory_order_acq_rel, std::memory_order_relaxed)) {
      runnext_miss_ = true;  // the owner ran it (or another thief took it)
      return nullptr;
    }
    return next;
  }

  // A fiber from a queue other workers share, about to run here.
  static bf::context* attached(bf::context* c) noexcept {
    tl_sched->attach_worker_context(c);  // not active()->attach: the active fiber may be detached
    return c;
  }

  // go::yield() under config::random_schedule: with n other fibers ready, the caller keeps
  // running with probability 1/(n+1) (a scheduling decision like any other); otherwise it yields
  // and pick_next draws among the n.
  bool keep_running_on_yield() noexcept {
    bf::context* self = bf::context::active();
    std::uint32_t n = runnext_.load(std::memory_order_relaxed) != nullptr ? 1 : 0;
    for (auto& c : local_) {
      (void)c;
      n++;
    }
    if (n == 0 || fastrandn(n + 1) != n) return false;
    if (instrumented_) step_taken(self);
    return true;
  }

  // config::random_schedule: any ready fiber, uniformly, from the seeded source (runnext is
  // just one of them).
  bf::context* take_random(bf::context* avoid) noexcept {
    std::uint32_t n = 0;
    bf::context* next = runnext_.load(std::memory_order_relaxed);  // one worker: nobody steals
    if (next != nullptr && next != avoid) n++;
    for (auto& c : local_) {
      if (&c != avoid) n++;
    }
    if (n == 0) return nullptr;
    std::uint32_t j = fastrandn(n);
    if (next != nullptr && next != avoid) {
      if (j == 0) {
        runnext_.store(nullptr, std::memory_order_relaxed);
        return next;
      }
      j--;
    }
    for (auto it = local_.begin(); it != local_.end(); ++it) {
      bf::context* c = &*it;
      if (c == avoid) continue;
      if (j-- == 0) {
        c->ready_unlink();
        return c;
      }
    }
    return nullptr;  // not reached
  }

  // Go: !runqempty(pp), for sync.Mutex's canSpin: a fiber of this worker is waiting to run.
  // Not has_ready_fibers: Boost's dispatcher is kept ready whenever a fiber runs ("so that the
  // ready queue never becomes empty"), so that is true nearly always, and a contended Mutex never
  // spun: BenchmarkMutex at 2 threads parked one Lock in ~150 and took 18-21 ns an operation
  // (Go 9.1 in the same hour); with this check, 8.6-9.0.
  bool has_runnable_fibers() const noexcept {
    return runnext_.load(std::memory_order_relaxed) != nullptr || !local_.empty() || (q_ != nullptr && !q_->empty());
  }

  bool has_ready_fibers() const noexcept override { return has_runnable_fibers() || dispatcher_ != nullptr; }

  void suspend_until(std::chrono::steady_clock::time_point const& tp) noexcept override {
    if (rt_->virtual_time) {
      // Boost's own sleep queue (tp) runs on the real clock and is not used
      // by this library; virtual time only knows the runtime's timers.
      auto next = rt_->timers.next();
      if (next != clock::time_point::max()) {
        if (next > rt_->vlimit && !rt_->ending.load(std::memory_order_relaxed)) {
          // config::virtual_timeout: the run would go on past its limit.
          auto limit = std::chrono::duration_cast<std::chrono::milliseconds>(rt_->c_virtual_timeout()).count();
          rt_->end_run(std::make_exception_ptr(virtual_timeout_error(
              "virtual_timeout: the virtual clock reached the " + std::to_string(limit) +
              " ms limit with every goroutine blocked\n\n" + rt_->goroutines_text())));
          return;
        }
        // Everything is blocked: jump to the next timer (Go: synctest's fake clock).
        auto cur = rt_->vnow.load(std::memory_order_relaxed);
        rt_->vnow.store(std::max(cur, next.time_since_epoch().count()), std::memory_order_relaxed);
        if (tl_trace != nullptr) [[unlikely]] {
          trace_append(tl_trace, rt_->trace_prefix() + "clock: every goroutine blocked, time jumps to the next timer");
        }
        return;
      }
    }
    // A migrating fiber in runnext or this worker's queue that was still switching out on
    // another thread: it will be runnable in a moment, and nobody will wake this worker for it.
    if (runnext_.load(std::memory_order_relaxed) != nullptr || (q_ != nullptr && !q_->empty())) return;
    auto deadline = rt_->virtual_time ? clock::time_point::max() : std::min(tp, rt_->timers.next());
    // After a failed runnext steal, no spin: what this worker saw was a hand-off on another
    // worker, and it would see the next one too (a spawn chain keeps runnext set): it goes to the
    // wait below, which a fiber left in runnext ends at once (ready_to_go), and steals again.
    if (rt_->shared && !std::exchange(runnext_miss_, false) && spin_for_work()) return;
    auto start = clock::now();
    if (deadline <= start) return;
    std::unique_lock<std::mutex> lk(rt_->mu);
    auto ready_to_go = [&] {
      return notified_.load(std::memory_order_relaxed) ||
             (rt_->shared && (rt_->global_nonempty() || rt_->any_runq_nonempty() || rt_->any_runnext_set())) ||
             rt_->timers.next() < deadline;
    };
    if (ready_to_go()) {
      notified_.store(false, std::memory_order_relaxed);
      return;
    }
    if (deadline == clock::time_point::max() && all_asleep_locked()) {
      lk.unlock();
      rt_->on_deadlock();
      return;
    }
    rt_->idle.fetch_add(1, std::memory_order_seq_cst);
    if (ready_to_go()) {  // the other half of global_push's check (see runtime::idle)
      rt_->idle.fetch_sub(1, std::memory_order_relaxed);
      notified_.store(false, std::memory_order_relaxed);
      return;
    }
    if (!rt_->polling) {
      // Become the runtime's poller: block in epoll until I/O, a wake-up
      // (wake_idle writes the poller's eventfd) or the next deadline.
      rt_->polling = true;
      lk.unlock();
      int ms = -1;
      if (deadline != clock::time_point::max()) {
        auto d = std::chrono::ceil<std::chrono::milliseconds>(deadline - start).count();
        ms = static_cast<int>(std::min<long long>(d, 1 << 30));
      }
      rt_->pl.poll(ms);
      lk.lock();
      rt_->polling = false;
    } else if (deadline == clock::time_point::max()) {
      rt_->cv.wait(lk, ready_to_go);
    } else {
      rt_->cv.wait_until(lk, deadline, ready_to_go);
    }
    rt_->idle.fetch_sub(1, std::memory_order_relaxed);
    notified_.store(false, std::memory_order_relaxed);
  }

  // Go: findrunnable's spinning M. Before going to sleep, look for work for a
  // few microseconds; a worker that is spinning is not woken by wakep,
  // which saves a futex/eventfd round trip per hand-off between workers.
  bool spin_for_work() noexcept {
    rt_->spinning.fetch_add(1, std::memory_order_acq_rel);
    bool found = false;
    for (int i = 0; i < 100 && !found; ++i) {
      for (int k = 0; k < 40; ++k) __builtin_ia32_pause();
      found = notified_.load(std::memory_order_relaxed) || rt_->global_count.load(std::memory_order_acquire) > 0 ||
              rt_->any_runq_nonempty();
    }
    rt_->spinning.fetch_sub(1, std::memory_order_acq_rel);
    if (found) notified_.store(false, std::memory_order_relaxed);
    return found;
  }

  // Go: runtime.checkdead. Called with rt->mu held by a worker about to block
  // with no timer pending: is this the last worker awake, with nothing that
  // could ever wake a fiber?
  bool all_asleep_locked() const noexcept {
    if (rt_->deadlocked || rt_->stopping.load(std::memory_order_relaxed)) return false;
    if (rt_->idle.load(std::memory_order_relaxed) + 1 < rt_->cfg.threads) return false;  // another worker is running
    if (rt_->pl.has_fds()) return false;                  // a socket may become readable
    if (!rt_->timers.empty()) return false;
    if (g_external_wakers.load(std::memory_order_acquire) > 0) return false;
    if (rt_->global_nonempty() || rt_->any_runq_nonempty() || rt_->any_runnext_set()) return false;
    for (auto* f : rt_->notified_flags) {
      if (f->load(std::memory_order_relaxed)) return false;
    }
    return true;
  }

  void notify() noexcept override {
    notified_.store(true, std::memory_order_relaxed);
    rt_->wake_idle();
  }

 private:
  bf::context* take_dispatcher() noexcept {
    bf::context* d = dispatcher_;
    dispatcher_ = nullptr;
    return d;
  }

  runtime* rt_;
  const int index_;
  runq<bf::context>* const q_;  // several workers: rt_->procs[index_].q
  unsigned schedtick_ = 0;      // Go: p.schedtick, for the global queue's turn
  // Counting steps or tracing (config::max_steps, go::sim::trace): pick_next takes the slow path.
  const bool instrumented_ = tl_trace != nullptr || rt_->cfg.max_steps != 0;
  bf::scheduler::ready_queue_type local_;
  // Go: p.runnext. Several workers: the runtime's procs[index_].runnext, which idle workers
  // steal from; one worker: own_runnext_.
  std::atomic<bf::context*> own_runnext_{nullptr};
  std::atomic<bf::context*>& runnext_;
  static constexpr unsigned kRunnextBudget = 61;
  unsigned runnext_streak_ = 0;
  bool runnext_miss_ = false;  // the last steal_runnext found it taken (see suspend_until)
  bf::context* dispatcher_ = nullptr;
  std::atomic<bool> notified_{false};
  unsigned tick_ = 61;
};

fiber_record& record_of(bf::context* ctx) noexcept {
  auto* props = ctx->get_properties();
  if (props == nullptr) {
    // A thread's main context, or a fiber not started by go(): give it a
    // record on first use; Boost.Fiber frees it with the context.
    props = new fiber_record();
    ctx->set_properties(props);
  }
  return *static_cast<fiber_record*>(props);
}

std::string goroutine_name(bf::context* ctx) { return "g" + std::to_string(record_of(ctx).id + 1); }

void worker_algo::trace_pick(bf::context* chosen) noexcept {
  std::vector<std::uint64_t> ready{record_of(chosen).id + 1};
  if (bf::context* next = runnext_.load(std::memory_order_relaxed)) ready.push_back(record_of(next).id + 1);
  for (auto& c : local_) ready.push_back(record_of(&c).id + 1);
  std::string line = rt_->trace_prefix() + "sched " + goroutine_name(chosen);
  if (ready.size() > 1) {
    std::sort(ready.begin(), ready.end());
    line += " [ready";
    for (auto id : ready) line += " g" + std::to_string(id);
    line += "]";
  }
  trace_append(tl_trace, std::move(line));
}

struct rng_state {
  std::uint64_t s = 0;
};
thread_local rng_state tl_rng;

// splitmix64: distinct seeds give unrelated streams (and never the zero state).
std::uint64_t seed_state(std::uint64_t seed) noexcept {
  std::uint64_t z = seed + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return z ? z : 1;
}

}  // namespace

// ---------------------------------------------------------------------------
// Parking

parker& self() noexcept {
  bf::context* ctx = bf::context::active();
  fiber_record& r = record_of(ctx);
  r.p.ctx = ctx;
  return r.p;
}

std::uint32_t begin_park(parker& p) noexcept {
  std::uint32_t gen = (p.state.load(std::memory_order_relaxed) >> 1) + 1;
  p.aborted = false;
  p.fired = nullptr;
  p.rt = tl_rt;
  p.plain = tl_rt == nullptr && p.ctx->is_context(bf::type::main_context);
  p.woken.store(0, std::memory_order_relaxed);
  p.migrate = tl_rt != nullptr && tl_rt->shared && !p.ctx->is_context(bf::type::pinned_context);
  if (p.migrate) {
    // Leave this worker before anyone can claim us: from the publication below, a waker on any
    // thread may queue us on its own worker, which attaches us when it runs us, once
    // switched_out says the switch in park() is done.
    tl_switch_lk = bf::detail::spinlock_lock(p.switched_out);
    tl_sched->detach_worker_context(p.ctx);
  }
  p.state.store(gen << 1, std::memory_order_release);  // publishes the fields above to claimers
  return gen;
}

void park(parker& p, spinlock* const* held, int n, wait_reason why) {
  auto& rec = static_cast<fiber_record&>(*p.ctx->get_properties());
  if ((rec.rt != nullptr && rec.rt->stopping.load(std::memory_order_acquire)) ||
      (rec.rt == nullptr && tl_rt != nullptr && &p == tl_rt->main_parker &&
       tl_rt->ending.load(std::memory_order_acquire) && !tl_rt->stopping.load(std::memory_order_acquire))) {
    // The runtime is exiting: do not go to sleep. If nobody claimed us in the
    // meantime, claim ourselves and unwind; otherwise the claimer will ready()
    // us and we must park to consume that.
    std::uint32_t s = p.state.load(std::memory_order_acquire);
    if ((s & 1) == 0 && try_claim(p, s >> 1)) {
      for (int i = 0; i < n; ++i) held[i]->unlock();
      if (p.migrate) {
        // Nobody can have queued us (we won the claim): back on this worker, not switching.
        tl_sched->attach_worker_context(p.ctx);
        tl_switch_lk.unlock();
      }
      p.aborted = true;
      return;
    }
  }
  p.reason = why;
  if (tl_trace != nullptr) [[unlikely]] trace_event(std::string("park (") + to_string(why) + ")");
  // Once the locks are released a waker may claim us and call ready() before
  // the switch below has happened. That is safe without further locking:
  // a waker on this thread cannot run until we have switched away, and a
  // waker on another thread hands us to this scheduler's remote-ready queue,
  // which only this thread's dispatcher drains — after the switch. A migrating
  // fiber may be queued anywhere at once, but no worker runs it before Boost
  // has unlocked switched_out, on the next context, after the switch.
  for (int i = 0; i < n; ++i) held[i]->unlock();
  if (p.migrate) {
    tl_sched->suspend(tl_switch_lk);  // detached: p.ctx->suspend() would need our scheduler
  } else if (p.plain) {
    // A plain thread: block the thread until ready() (which may already have happened).
    while (p.woken.load(std::memory_order_acquire) == 0) p.woken.wait(0, std::memory_order_acquire);
  } else {
    p.ctx->suspend();
  }
  p.reason = wait_reason::none;
}

void ready(parker& p, bool hint_next) noexcept {
  if (p.plain) {
    // A plain thread blocked in park(): once `woken` is set it may return and free p, so
    // the wake-up (a futex on p's address) is the last thing done with it.
    p.woken.store(1, std::memory_order_release);
    p.woken.notify_one();
    return;
  }
  if (p.migrate) {
    // Detached since begin_park: onto the waker's own worker if it is one of the fiber's
    // runtime, else into that runtime's shared queue (counted, as below: a worker may run the
    // fiber, and the runtime end, before global_push has returned).
    runtime* r = p.rt;
    if (tl_algo != nullptr && tl_rt == r) {
      tl_algo->ready_migrated(p.ctx, hint_next);
      return;
    }
    runtime::remote_wake counted(r);
    r->global_push(p.ctx);
    return;
  }
  if (tl_algo != nullptr && p.ctx->get_scheduler() == tl_sched) {
    // p's fiber belongs to this thread's scheduler, and this thread is
    // running us, so it is switched out: straight to the run queue.
    tl_algo->ready_local(p.ctx, hint_next);
    return;
  }
  // Another thread's fiber: Boost.Fiber routes it through that scheduler's remote-ready
  // queue, then calls its algorithm's notify() — after the fiber is already in the queue, so
  // the woken thread may run it, and its runtime may finish, before notify() returns. The
  // runtime counts such wake-ups in flight and keeps its workers' algorithms (and itself)
  // alive until none is (runtime::quiesce).
  runtime::remote_wake counted(p.rt);
  tl_next_hint = hint_next;
  bf::context* self_ctx = bf::context::active();
  if (self_ctx->get_scheduler() != nullptr) {
    self_ctx->schedule(p.ctx);
  } else {
    // The active fiber is migrating (detached, switching out: we are in its pick_next).
    p.ctx->get_scheduler()->schedule_from_remote(p.ctx);
  }
  tl_next_hint = false;
}

void exit_fiber() { throw fiber_exit{}; }

void block_forever(wait_reason why) {
  parker& p = self();
  begin_park(p);
  park(p, nullptr, 0, why);
  // Only the runtime's shutdown wakes a fiber blocked forever.
  exit_fiber();
}

std::uint32_t fastrandn(std::uint32_t n) noexcept {
  // wyrand, as Go's runtime.fastrand on 64-bit platforms.
  rng_state& r = tl_rng;
  if (r.s == 0) {
    std::random_device rd;
    r.s = (std::uint64_t(rd()) << 32) | rd() | 1;
  }
  r.s += 0xa0761d6478bd642fULL;
  __uint128_t m = static_cast<__uint128_t>(r.s) * (r.s ^ 0xe7037ed1a0b428dbULL);
  auto x = static_cast<std::uint32_t>(static_cast<std::uint64_t>(m >> 64) ^ static_cast<std::uint64_t>(m));
  return static_cast<std::uint32_t>((std::uint64_t(x) * n) >> 32);
}

const char* to_string(wait_reason r) noexcept {
  switch (r) {
    case wait_reason::none: return "running";
    case wait_reason::chan_send: return "chan send";
    case wait_reason::chan_recv: return "chan receive";
    case wait_reason::chan_send_nil: return "chan send (nil chan)";
    case wait_reason::chan_recv_nil: return "chan receive (nil chan)";
    case wait_reason::select: return "select";
    case wait_reason::select_no_cases: return "select (no cases)";
    case wait_reason::sleep: return "sleep";
    case wait_reason::sync_wait_group: return "sync.WaitGroup.Wait";
    case wait_reason::sync_mutex: return "sync.Mutex.Lock";
    case wait_reason::sync_once: return "sync.Once.Do";
    case wait_reason::io_wait: return "IO wait";
    case wait_reason::runtime_exit: return "runtime exit";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------
// Timers and clock on the calling thread

timer_queue& current_timers() { return tl_rt ? tl_rt->timers : global_timers().q; }

poller& global_poller() {
  static global_poll_service s;
  return s.pl;
}

poller& current_poller() { return tl_rt ? tl_rt->pl : global_poller(); }

clock::time_point now() { return tl_rt ? tl_rt->now() : clock::now(); }

// Go's report: "fatal error: all goroutines are asleep - deadlock!" and every
// goroutine with what it waits on.
std::string runtime::describe_fibers() {
  return "fatal error: all goroutines are asleep - deadlock!\n\n" + goroutines_text();
}

// Every goroutine with its state, in Go's traceback order and shape (runtime.Stack(buf, true)).
std::string runtime::goroutines_text() {
  std::string out = "goroutine 1 [";
  out += main_parker ? to_string(main_parker->reason) : "unknown";
  out += "]:\n\tmain (go::run)\n";
  std::lock_guard<spinlock> lk(reg_lk);
  std::vector<fiber_record*> all;
  for (fiber_record* r = reg_head; r; r = r->next) all.push_back(r);
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->id < b->id; });
  for (fiber_record* r : all) {
    out += "\ngoroutine " + std::to_string(r->id + 1) + " [" + to_string(r->p.reason) + "]:\n\tcreated at " +
           (r->file ? r->file : "?") + ":" + std::to_string(r->line) + "\n";
  }
  return out;
}

void runtime::on_deadlock() noexcept {
  std::string report = describe_fibers();
  if (!cfg.deadlock_throws) {
    std::fputs(report.c_str(), stderr);
    std::fflush(stderr);
    std::abort();
  }
  {
    std::lock_guard<std::mutex> lk(mu);
    deadlocked = true;
    deadlock_report = std::move(report);
  }
  // Unwind main out of its wait; run() turns that into go::deadlock_error.
  std::uint32_t s = main_parker->state.load(std::memory_order_acquire);
  if ((s & 1) == 0 && try_claim(*main_parker, s >> 1)) {
    main_parker->aborted = true;
    main_parker->fired = nullptr;
    ready(*main_parker, false);
  }
}

// Ending a run early: record the reason (the first wins) and unwind main.
void runtime::end_run(std::exception_ptr e) noexcept {
  {
    std::lock_guard<std::mutex> lk(mu);
    if (end_error) return;
    end_error = std::move(e);
  }
  ending.store(true, std::memory_order_release);
  abort_main();
}

// Unwind main out of its wait (if it is running or ready, park() and yield() do it next time).
void runtime::abort_main() noexcept {
  std::uint32_t s = main_parker->state.load(std::memory_order_acquire);
  if ((s & 1) == 0 && try_claim(*main_parker, s >> 1)) {
    main_parker->aborted = true;
    main_parker->fired = nullptr;
    ready(*main_parker, false);
  }
}

// ---------------------------------------------------------------------------
// The trace (go::sim::trace)

std::string runtime::trace_prefix() {
  if (!virtual_time) return "";
  char buf[48];
  std::snprintf(buf, sizeof buf, "t=%.3fms ", std::chrono::duration<double, std::milli>(now() - start).count());
  return buf;
}

void trace_append(go::sim::trace* t, std::string line) { t->lines_.push_back(std::move(line)); }

void trace_event(std::string_view what) {
  if (tl_trace == nullptr || tl_rt == nullptr) return;
  std::string line = tl_rt->trace_prefix() + goroutine_name(bf::context::active()) + " ";
  line += what;
  trace_append(tl_trace, std::move(line));
}

void trace_select(const std::source_location& where, const scase* cases, int ncases, const int* ready, int nready,
                  bool parked, int fired, bool recv_ok) {
  std::string line = "select ";
  line += where.file_name()[0] != '\0' ? where.file_name() : "?";
  line += ":" + std::to_string(where.line()) + " [";
  for (int i = 0; i < ncases; ++i) {
    if (i > 0) line += ' ';
    line += std::to_string(i) + (cases[i].is_send ? ":send" : ":recv");
    if (cases[i].c == nullptr) line += "(nil)";
  }
  line += "] ready [";
  for (int i = 0; i < nready; ++i) {
    if (i > 0) line += ' ';
    line += std::to_string(ready[i]);
  }
  line += parked ? "] parked -> " : "] -> ";
  if (fired < 0) {
    line += "default";
  } else {
    line += std::to_string(fired);
    line += cases[fired].is_send ? " (send)" : recv_ok ? " (recv)" : " (recv, closed)";
  }
  trace_event(line);
}

// ---------------------------------------------------------------------------
// go / run

void spawn(std::function<void()> f, const char* file, int line) {
  runtime* rt = tl_rt;
  auto* rec = new fiber_record();
  rec->file = file;
  rec->line = line;
  if (rt) {
    rec->rt = rt;
    rt->register_fiber(rec);
    if (tl_trace != nullptr) [[unlikely]] {
      trace_event("go g" + std::to_string(rec->id + 1) + " created at " + (file ? file : "?") + ":" +
                  std::to_string(line));
    }
  }
  std::size_t stack = rt ? rt->cfg.stack_size : config{}.stack_size;
  // Inside a migrating fiber's switch (a timer's AfterFunc starting a goroutine from pick_next)
  // the active context is detached, and Boost attaches a new fiber to the active context's
  // scheduler: for that moment, the active one rejoins this worker.
  bf::context* active = bf::context::active();
  const bool lend = active->get_scheduler() == nullptr;
  if (lend) tl_sched->attach_worker_context(active);
  // Go: newproc puts the new goroutine in its creator's runnext. With several workers the same
  // here (awakened() hands it to ready_migrated); on one worker it keeps FIFO order, which the
  // deterministic mode's recorded schedules depend on.
  tl_next_hint = rt != nullptr && rt->shared;
  bf::fiber fb(bf::launch::post, static_cast<bf::fiber_properties*>(rec), std::allocator_arg, pooled_stack(stack),
               [f = std::move(f), rec]() mutable {
                 try {
                   f();
                 } catch (const fiber_exit&) {
                   // the runtime is exiting
                 } catch (const std::exception& e) {
                   if (rec->rt != nullptr && rec->rt->cfg.panic_throws) {
                     // config::panic_throws: the run ends, run() rethrows the panic.
                     if (tl_trace != nullptr) trace_event(std::string("panic: ") + e.what());
                     rec->rt->end_run(std::current_exception());
                     f = nullptr;
                     rec->rt->unregister_fiber(rec);
                     return;
                   }
                   // Go: an unrecovered panic in a goroutine ends the program.
                   std::fprintf(stderr, "panic: %s\n\ngoroutine %llu [running]:\ncreated at %s:%d\n", e.what(),
                                static_cast<unsigned long long>(rec->id), rec->file, rec->line);
                   std::abort();
                 }
                 f = nullptr;  // destroy captures while the runtime is alive
                 if (tl_trace != nullptr && rec->rt) [[unlikely]] trace_event("exit");
                 if (rec->rt) rec->rt->unregister_fiber(rec);
               });
  fb.detach();
  if (lend) tl_sched->detach_worker_context(active);
}

namespace {

// Make the calling thread a worker of rt.
void install(runtime* rt, int index) {
  auto* algo = new worker_algo(rt, index);
  bf::context::active()->get_scheduler()->set_algo(algo);
  tl_rt = rt;
  tl_algo = algo;
  tl_sched = bf::context::active()->get_scheduler();
}

// Hand the thread back to Boost.Fiber's default scheduling.
void uninstall() {
  tl_rt = nullptr;
  tl_algo = nullptr;
  tl_sched = nullptr;
  bf::use_scheduling_algorithm<bf::algo::round_robin>();
}

}  // namespace

void run(const config& cfg, std::function<void()> main) {
  if (tl_rt != nullptr) throw std::logic_error("go::run: already inside a runtime on this thread");
  if (cfg.threads < 1) throw std::invalid_argument("go::run: config.threads must be at least 1");
  if (cfg.stack_size < 16 * 1024) throw std::invalid_argument("go::run: config.stack_size must be at least 16 KiB");
  if (cfg.virtual_time && cfg.threads != 1) {
    throw std::invalid_argument("go::run: config.virtual_time requires threads == 1");
  }
  if (cfg.random_schedule && cfg.threads != 1) {
    throw std::invalid_argument("go::run: config.random_schedule requires threads == 1");
  }
  if (tl_recorder != nullptr && cfg.threads != 1) {
    throw std::invalid_argument("go::run: a go::sim::trace records only runtimes with threads == 1");
  }
  if (cfg.virtual_timeout < std::chrono::nanoseconds::zero()) {
    throw std::invalid_argument("go::run: config.virtual_timeout must not be negative");
  }

  auto rt = std::make_unique<runtime>(cfg);
  if (cfg.seed != 0) tl_rng.s = seed_state(cfg.seed);
  tl_trace = tl_recorder;
  install(rt.get(), 0);
  rt->main_parker = &self();

  // Extra worker threads park their main context until the runtime stops.
  std::vector<std::thread> workers;
  struct worker_slot {
    spinlock mu;
    parker* p = nullptr;
    std::uint32_t gen = 0;
    bool stop = false;
  };
  std::vector<std::unique_ptr<worker_slot>> slots;
  for (int i = 1; i < cfg.threads; ++i) {
    slots.push_back(std::make_unique<worker_slot>());
    worker_slot* slot = slots.back().get();
    std::uint64_t seed = cfg.seed ? seed_state(cfg.seed + std::uint64_t(i)) : 0;
    workers.emplace_back([r = rt.get(), slot, seed, i] {
      install(r, i);
      if (seed) tl_rng.s = seed;
      parker& me = self();
      std::unique_lock<spinlock> lk(slot->mu);
      while (!slot->stop) {
        slot->gen = begin_park(me);
        slot->p = &me;
        spinlock* held = &slot->mu;
        lk.release();
        park(me, &held, 1, wait_reason::runtime_exit);
        lk = std::unique_lock<spinlock>(slot->mu);
      }
      lk.unlock();
      r->quiesce();  // main's ready() of this thread may still be inside our notify()
      uninstall();
    });
  }

  std::exception_ptr failure;
  try {
    main();
  } catch (const fiber_exit&) {
    // main was unwound: a detected deadlock, or the run ended early (runtime::end_run).
    if (rt->ending.load(std::memory_order_acquire)) {
      std::lock_guard<std::mutex> lk(rt->mu);
      failure = rt->end_error;
    } else {
      failure = std::make_exception_ptr(deadlock_error(rt->deadlock_report));
    }
  } catch (...) {
    failure = std::current_exception();
  }

  // main returned: unwind every fiber that is still blocked.
  rt->stopping.store(true, std::memory_order_release);
  for (;;) {
    std::vector<parker*> kick;
    {
      std::lock_guard<spinlock> lk(rt->reg_lk);
      for (fiber_record* r = rt->reg_head; r; r = r->next) {
        std::uint32_t s = r->p.state.load(std::memory_order_acquire);
        if ((s & 1) == 0 && try_claim(r->p, s >> 1)) {
          r->p.aborted = true;
          r->p.fired = nullptr;
          kick.push_back(&r->p);
        }
      }
    }
    for (parker* p : kick) ready(*p, false);
    parker& me = self();
    std::unique_lock<spinlock> lk(rt->reg_lk);
    if (rt->live == 0) break;
    rt->exit_gen = begin_park(me);
    rt->exit_waiter = &me;
    spinlock* held = &rt->reg_lk;
    lk.release();
    // Woken when the last fiber exits; loop to kick fibers that started late.
    // A short timeout covers fibers that are running or ready (not parked)
    // during the scan: they unwind at their next park.
    timer t;
    t.when = rt->now() + std::chrono::milliseconds(1);
    t.arg = rt.get();
    t.arg2 = rt->exit_gen;
    t.f = [](timer* tm) {
      auto* r = static_cast<runtime*>(tm->arg);
      parker* w = nullptr;
      {
        std::lock_guard<spinlock> g(r->reg_lk);
        if (r->exit_waiter && try_claim(*r->exit_waiter, static_cast<std::uint32_t>(tm->arg2))) {
          w = r->exit_waiter;
          r->exit_waiter = nullptr;
        }
      }
      if (w) ready(*w, false);
    };
    rt->timers.add(&t);
    park(me, &held, 1, wait_reason::runtime_exit);
    rt->timers.del(&t);
  }

  // Stop the extra workers.
  for (auto& slot : slots) {
    parker* p = nullptr;
    {
      std::lock_guard<spinlock> lk(slot->mu);
      slot->stop = true;
      if (slot->p && try_claim(*slot->p, slot->gen)) p = slot->p;
    }
    if (p) ready(*p, false);
  }
  for (auto& w : workers) w.join();

  rt->quiesce();  // a plain thread may still be inside a notify() of this thread's algorithm
  uninstall();
  tl_trace = nullptr;
  if (!failure && rt->ending.load(std::memory_order_acquire)) {
    // The run ended early (a goroutine's panic) after main had already finished its work.
    std::lock_guard<std::mutex> lk(rt->mu);
    failure = rt->end_error;
  }
  rt.reset();
  if (failure) std::rethrow_exception(failure);
}

}  // namespace go::detail

namespace go {

external_waker::external_waker() noexcept { detail::g_external_wakers.fetch_add(1, std::memory_order_acq_rel); }
external_waker::~external_waker() {
  detail::g_external_wakers.fetch_sub(1, std::memory_order_acq_rel);
}

// A yield is a preemption point: a fiber whose runtime is exiting (or main, when the run ends
// early) unwinds here, so a loop of yields cannot keep the runtime from stopping.
namespace detail {

bool can_spin(int iter) noexcept {
  if (iter >= 4) return false;
  runtime* rt = tl_rt;
  if (rt == nullptr) {
    static const bool multicore = std::thread::hardware_concurrency() > 1;
    return multicore;  // a plain thread: another thread may hold the mutex
  }
  if (rt->cfg.threads <= 1 || rt->virtual_time || rt->cfg.random_schedule) return false;
  // Go: gomaxprocs <= npidle + nmspinning + 1 — nobody else is running to release it soon.
  if (rt->cfg.threads <= rt->idle.load(std::memory_order_relaxed) + rt->spinning.load(std::memory_order_relaxed) + 1) {
    return false;
  }
  return tl_algo == nullptr || !tl_algo->has_runnable_fibers();
}

void do_spin() noexcept {
  for (int i = 0; i < 30; ++i) __builtin_ia32_pause();
}

}  // namespace detail

void yield() {
  if (auto* rt = detail::tl_rt) {
    auto& rec = detail::record_of(boost::fibers::context::active());
    if (rec.rt != nullptr ? rt->stopping.load(std::memory_order_acquire)
                          : rt->ending.load(std::memory_order_acquire) && &rec.p == rt->main_parker &&
                                !rt->stopping.load(std::memory_order_acquire)) {
      detail::exit_fiber();
    }
    if (detail::tl_trace != nullptr) [[unlikely]] detail::trace_event("yield");
    // config::random_schedule: the yielding fiber is one of the candidates too (Boost.Fiber
    // queues it only after picking the next one, so pick_next alone never chooses it).
    if (rt->cfg.random_schedule && detail::tl_algo != nullptr && detail::tl_algo->keep_running_on_yield()) return;
  }
  boost::this_fiber::yield();
}

std::string stack_all() {
  auto* rt = detail::tl_rt;
  if (!rt) return "";
  return rt->goroutines_text();
}

int num_goroutine() {
  auto* rt = detail::tl_rt;
  if (!rt) return 1;
  std::lock_guard<detail::spinlock> lk(rt->reg_lk);
  return rt->live + 1;
}

}  // namespace go
