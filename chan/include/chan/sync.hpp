// Go's sync package: WaitGroup, Mutex, Once.
//
//   Go                                  C++
//   var wg sync.WaitGroup               go::sync::WaitGroup wg;
//   wg.Add(1); wg.Done(); wg.Wait()     wg.Add(1); wg.Done(); wg.Wait();
//   var mu sync.Mutex                   go::sync::Mutex mu;
//   mu.Lock(); defer mu.Unlock()        mu.Lock(); ... mu.Unlock();  /  std::lock_guard lk(mu);
//   var once sync.Once; once.Do(f)      go::sync::Once once; once.Do(f);
//
// Blocking parks the calling fiber (never the worker thread); on a plain
// thread outside any runtime it blocks that thread. A fiber blocked here when
// its runtime exits is unwound like one blocked on a channel.
//
// Misuse throws go::panic_error with Go's message ("sync: negative WaitGroup
// counter", "sync: unlock of unlocked mutex"); Go makes the latter a fatal
// error, here it is an exception like every other panic.
#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

#include "chan/chan.hpp"
#include "chan/detail/park.hpp"

namespace go::sync {

namespace detail {

// One fiber blocked on a sync primitive (lives on that fiber's stack).
struct waiter {
  go::detail::parker* p = nullptr;
  std::uint32_t gen = 0;
  waiter* next = nullptr;
  waiter* prev = nullptr;
  bool queued = false;
};

// FIFO of waiters, protected by the owning primitive's spinlock.
struct waitlist {
  waiter* first = nullptr;
  waiter* last = nullptr;

  void push_back(waiter* w) noexcept;
  void push_front(waiter* w) noexcept;
  waiter* pop_front() noexcept;   // null when empty
  void remove(waiter* w) noexcept;  // no-op if w is not queued
  bool empty() const noexcept { return first == nullptr; }
};

// Enqueue the caller on q and park it; `lk` (held on entry) is released once
// the caller is committed to sleeping. Returns once a waker claimed and readied
// it; unwinds the fiber (go::detail::exit_fiber) if its runtime is exiting.
void wait_on(go::detail::spinlock& lk, waitlist& q, go::detail::wait_reason why);

}  // namespace detail

// Go: sync.WaitGroup
class WaitGroup {
 public:
  WaitGroup() = default;
  WaitGroup(const WaitGroup&) = delete;  // Go: must not be copied after first use
  WaitGroup& operator=(const WaitGroup&) = delete;

  // Adds delta (may be negative) to the counter; at zero every Wait returns.
  // Throws go::panic_error("sync: negative WaitGroup counter").
  void Add(int delta);
  // Add(-1)
  void Done() { Add(-1); }
  // Blocks until the counter is zero.
  void Wait();

 private:
  go::detail::spinlock lk_;
  std::int64_t v_ = 0;
  detail::waitlist q_;
};

// Go: sync.Mutex, with Go's algorithm (sync/mutex.go): the uncontended Lock is one
// compare-and-swap and Unlock one atomic add; under contention a Lock spins briefly when another
// worker is running, then parks on the mutex's semaphore. Normal mode lets a running fiber take
// the mutex ahead of woken waiters; a waiter that has waited over 1 ms switches the mutex to
// starvation mode, where Unlock hands it to the front waiter. Not tied to a fiber: any fiber may
// unlock it, as in Go.
class Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void Lock() { lock_as(go::detail::wait_reason::sync_mutex); }
  // Go 1.18 TryLock: acquire without blocking.
  bool TryLock();
  // Throws go::panic_error("sync: unlock of unlocked mutex").
  void Unlock() {
    // Fast path: drop lock bit.
    const std::int32_t nw = state_.fetch_sub(mutexLocked, std::memory_order_release) - mutexLocked;
    if (nw != 0) [[unlikely]] unlockSlow(nw);
  }

  void lock() { Lock(); }
  bool try_lock() { return TryLock(); }
  void unlock() { Unlock(); }

 private:
  friend class Once;
  void lock_as(go::detail::wait_reason why) {
    // Fast path: grab unlocked mutex.
    std::int32_t old = 0;
    if (state_.compare_exchange_strong(old, mutexLocked, std::memory_order_acquire, std::memory_order_relaxed))
        [[likely]] {
      return;
    }
    lockSlow(why);
  }
  void lockSlow(go::detail::wait_reason why);
  void unlockSlow(std::int32_t nw);
  void semacquire(bool lifo, go::detail::wait_reason why);
  void semrelease();
  [[noreturn]] static void fatal_inconsistent();

  static constexpr std::int32_t mutexLocked = 1;  // mutex is locked
  static constexpr std::int32_t mutexWoken = 2;
  static constexpr std::int32_t mutexStarving = 4;
  static constexpr int mutexWaiterShift = 3;
  std::atomic<std::int32_t> state_{0};
  // The semaphore (Go: m.sema and its runtime wait queue).
  go::detail::spinlock lk_;
  std::uint32_t sema_ = 0;
  detail::waitlist q_;
};

// Go: sync.Once. Do calls f only on the first call; concurrent callers wait
// until that call has returned. If f throws, Do rethrows and, as in Go, the
// Once counts as done.
class Once {
 public:
  Once() = default;
  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;

  template <class F>
  void Do(F&& f) {
    // Go: the fast path is a single atomic load.
    if (done_.load(std::memory_order_acquire) != 0) return;
    m_.lock_as(go::detail::wait_reason::sync_once);
    struct guard {
      Once* o;
      ~guard() {
        o->done_.store(1, std::memory_order_release);
        o->m_.Unlock();
      }
    };
    if (done_.load(std::memory_order_relaxed) == 0) {
      guard g{this};
      std::forward<F>(f)();
    } else {
      m_.Unlock();
    }
  }

 private:
  std::atomic<std::uint32_t> done_{0};
  Mutex m_;
};

}  // namespace go::sync
