// Timers: one heap per runtime (Go keeps one per P), serviced by the scheduler
// between fibers and while idle; a process-wide heap with its own thread serves
// timers created outside any runtime.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

namespace go::detail {

using clock = std::chrono::steady_clock;

class timer_queue;

// Go: runtime.timer
struct timer {
  clock::time_point when{};
  clock::duration period{0};       // > 0: re-arm after firing (tickers)
  void (*f)(timer*) = nullptr;     // runs on a scheduler thread, outside the heap's lock
  void* arg = nullptr;
  std::uint64_t arg2 = 0;
  // Called for a timer still queued when its queue is dropped (drop_all: the runtime
  // that owns the queue exited), outside the queue's lock: the timer will never fire
  // there and its owner takes it back. Null: the timer is only unlinked.
  void (*drop)(timer*) = nullptr;
  // Owned by the queue:
  int index = -1;  // position in the heap, -1 when not queued
  timer_queue* q = nullptr;
};

class timer_queue {
 public:
  // Go: addtimer / modtimer. (Re)arms t for t->when.
  void add(timer* t);
  // Go: deltimer. True if t was pending (so this call stopped it).
  bool del(timer* t);
  // del, and if t's callback is running right now on another thread, wait
  // until it has returned: afterwards nothing touches t. For destructors.
  bool del_sync(timer* t);
  // Takes every queued timer off the queue and hands each to its drop hook. For a
  // runtime's queue when the runtime exits; the queue stays usable.
  void drop_all();
  // Runs every timer due at `now`; returns how many ran.
  int run_due(clock::time_point now);
  // Earliest deadline, or time_point::max() when empty. Lock-free.
  clock::time_point next() const noexcept {
    return clock::time_point(clock::duration(next_.load(std::memory_order_acquire)));
  }
  bool empty() const noexcept { return next_.load(std::memory_order_acquire) == kNone; }
  std::size_t size();
  // Called after the earliest deadline moved earlier (wakes an idle waiter).
  void (*on_earlier)(void*) = nullptr;
  void* on_earlier_arg = nullptr;

 private:
  static constexpr clock::rep kNone = clock::duration::max().count();
  void up(int i);
  void down(int i);
  void remove_at(int i);
  void publish();
  std::mutex mu_;
  std::vector<timer*> heap_;
  timer* running_ = nullptr;  // the callback being run by run_due
  std::atomic<clock::rep> next_{kNone};
};

// The timer queue serving the calling thread: its runtime's, or the process-wide one.
timer_queue& current_timers();

// The current time on the calling thread's runtime clock.
clock::time_point now();

}  // namespace go::detail
