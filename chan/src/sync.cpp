// Go's sync package on the runtime's parking mechanism (detail/park.hpp).
// Go builds these on runtime semaphores (sema.go); here each primitive keeps
// its own FIFO of parked waiters under a spinlock, woken with try_claim/ready.
#include "chan/sync.hpp"

#include <chrono>
#include <mutex>

#include "chan/detail/timer.hpp"

namespace go::sync {

namespace gd = go::detail;

namespace detail {

void waitlist::push_back(waiter* w) noexcept {
  w->next = nullptr;
  w->prev = last;
  if (last) {
    last->next = w;
  } else {
    first = w;
  }
  last = w;
  w->queued = true;
}

void waitlist::push_front(waiter* w) noexcept {
  w->prev = nullptr;
  w->next = first;
  if (first) {
    first->prev = w;
  } else {
    last = w;
  }
  first = w;
  w->queued = true;
}

waiter* waitlist::pop_front() noexcept {
  waiter* w = first;
  if (w) remove(w);
  return w;
}

void waitlist::remove(waiter* w) noexcept {
  if (!w->queued) return;
  if (w->prev) {
    w->prev->next = w->next;
  } else {
    first = w->next;
  }
  if (w->next) {
    w->next->prev = w->prev;
  } else {
    last = w->prev;
  }
  w->next = w->prev = nullptr;
  w->queued = false;
}

void wait_on(gd::spinlock& lk, waitlist& q, gd::wait_reason why) {
  gd::parker& p = gd::self();
  waiter w;
  w.p = &p;
  w.gen = gd::begin_park(p);
  q.push_back(&w);
  gd::spinlock* held = &lk;
  gd::park(p, &held, 1, why);
  if (p.aborted) {
    // Runtime shutdown claimed us; a waker that popped us failed its claim
    // and skipped us, so removing is a no-op in that case.
    {
      std::lock_guard<gd::spinlock> g(lk);
      q.remove(&w);
    }
    gd::exit_fiber();
  }
}

}  // namespace detail

// ---------------------------------------------------------------------------
// WaitGroup

// go: sync/waitgroup.go WaitGroup.Add
void WaitGroup::Add(int delta) {
  detail::waiter* wake = nullptr;  // claimed waiters, linked through next
  {
    std::unique_lock<gd::spinlock> g(lk_);
    v_ += delta;
    if (v_ < 0) {
      // Go leaves the counter negative after panicking; so do we.
      g.unlock();
      throw panic_error("sync: negative WaitGroup counter");
    }
    if (v_ > 0 || q_.empty()) return;
    // Counter is 0 and there are waiters: release them all.
    while (detail::waiter* w = q_.pop_front()) {
      if (!gd::try_claim(*w->p, w->gen)) continue;  // aborted by shutdown
      w->next = wake;
      wake = w;
    }
  }
  while (wake) {
    detail::waiter* w = wake;
    wake = w->next;
    gd::parker* p = w->p;  // w is on the waiter's stack: read before readying it
    gd::ready(*p, false);
  }
}

// go: sync/waitgroup.go WaitGroup.Wait
void WaitGroup::Wait() {
  std::unique_lock<gd::spinlock> g(lk_);
  if (v_ == 0) return;
  g.release();
  detail::wait_on(lk_, q_, gd::wait_reason::sync_wait_group);
}

// ---------------------------------------------------------------------------
// Mutex

// go: sync/mutex.go — Go's algorithm, on a semaphore of the mutex's own (Go: runtime_Semacquire /
// Semrelease on m.sema, runtime/sema.go).
//
// Mutex fairness (Go's comment). Mutex can be in 2 modes of operations: normal and starvation.
// In normal mode waiters are queued in FIFO order, but a woken up waiter does not own the mutex
// and competes with new arriving goroutines over the ownership. New arriving goroutines have an
// advantage -- they are already running on CPU and there can be lots of them, so a woken up
// waiter has good chances of losing. In such case it is queued at front of the wait queue. If a
// waiter fails to acquire the mutex for more than 1ms, it switches mutex to the starvation mode.
//
// In starvation mode ownership of the mutex is directly handed off from the unlocking goroutine
// to the waiter at the front of the queue. New arriving goroutines don't try to acquire the
// mutex even if it appears to be unlocked, and don't try to spin. Instead they queue themselves
// at the tail of the wait queue.
//
// If a waiter receives ownership of the mutex and sees that either (1) it is the last waiter in
// the queue, or (2) it waited for less than 1 ms, it switches mutex back to normal operation
// mode. Normal mode has considerably better performance as a goroutine can acquire a mutex
// several times in a row even if there are blocked waiters. Starvation mode is important to
// prevent pathological cases of tail latency.

namespace {
constexpr auto starvationThreshold = std::chrono::milliseconds(1);  // Go: starvationThresholdNs = 1e6
}  // namespace

void Mutex::lockSlow(gd::wait_reason why) {
  gd::clock::time_point waitStartTime{};
  bool waited = false;
  bool starving = false;
  bool awoke = false;
  int iter = 0;
  std::int32_t old = state_.load(std::memory_order_relaxed);
  for (;;) {
    // Don't spin in starvation mode, ownership is handed off to waiters so we won't be able to
    // acquire the mutex anyway.
    if ((old & (mutexLocked | mutexStarving)) == mutexLocked && gd::can_spin(iter)) {
      // Active spinning makes sense. Try to set mutexWoken flag to inform Unlock to not wake
      // other blocked goroutines.
      if (!awoke && (old & mutexWoken) == 0 && (old >> mutexWaiterShift) != 0 &&
          state_.compare_exchange_strong(old, old | mutexWoken, std::memory_order_relaxed)) {
        awoke = true;
      }
      gd::do_spin();
      iter++;
      old = state_.load(std::memory_order_relaxed);
      continue;
    }
    std::int32_t nw = old;
    // Don't try to acquire starving mutex, new arriving goroutines must queue.
    if ((old & mutexStarving) == 0) nw |= mutexLocked;
    if ((old & (mutexLocked | mutexStarving)) != 0) nw += 1 << mutexWaiterShift;
    // The current goroutine switches mutex to starvation mode. But if the mutex is currently
    // unlocked, don't do the switch. Unlock expects that starving mutex has waiters, which will
    // not be true in this case.
    if (starving && (old & mutexLocked) != 0) nw |= mutexStarving;
    if (awoke) {
      // The goroutine has been woken from sleep, so we need to reset the flag in either case.
      if ((nw & mutexWoken) == 0) fatal_inconsistent();
      nw &= ~mutexWoken;
    }
    if (state_.compare_exchange_strong(old, nw, std::memory_order_acquire, std::memory_order_relaxed)) {
      if ((old & (mutexLocked | mutexStarving)) == 0) break;  // locked the mutex with CAS
      // If we were already waiting before, queue at the front of the queue.
      const bool queueLifo = waited;
      if (!waited) {
        waited = true;
        waitStartTime = gd::now();
      }
      semacquire(queueLifo, why);
      starving = starving || gd::now() - waitStartTime > starvationThreshold;
      old = state_.load(std::memory_order_acquire);
      if ((old & mutexStarving) != 0) {
        // If this goroutine was woken and mutex is in starvation mode, ownership was handed off
        // to us but mutex is in somewhat inconsistent state: mutexLocked is not set and we are
        // still accounted as waiter. Fix that.
        if ((old & (mutexLocked | mutexWoken)) != 0 || (old >> mutexWaiterShift) == 0) fatal_inconsistent();
        std::int32_t delta = mutexLocked - (1 << mutexWaiterShift);
        if (!starving || (old >> mutexWaiterShift) == 1) {
          // Exit starvation mode. Critical to do it here and consider wait time. Starvation
          // mode is so inefficient, that two goroutines can go lock-step infinitely once they
          // switch mutex to starvation mode.
          delta -= mutexStarving;
        }
        state_.fetch_add(delta, std::memory_order_acquire);
        break;
      }
      awoke = true;
      iter = 0;
    }
    // (A failed compare_exchange has reloaded `old`: Go's `old = m.state`.)
  }
}

// go: sync/mutex.go Mutex.TryLock
bool Mutex::TryLock() {
  std::int32_t old = state_.load(std::memory_order_relaxed);
  if ((old & (mutexLocked | mutexStarving)) != 0) return false;
  // There may be a goroutine waiting for the mutex, but we are running now and can try to grab
  // the mutex before that goroutine wakes up.
  return state_.compare_exchange_strong(old, old | mutexLocked, std::memory_order_acquire, std::memory_order_relaxed);
}

void Mutex::unlockSlow(std::int32_t nw) {
  if (((nw + mutexLocked) & mutexLocked) == 0) {
    // Go makes this a fatal error; here it throws, and the mutex is left as it was.
    state_.fetch_add(mutexLocked, std::memory_order_relaxed);
    throw panic_error("sync: unlock of unlocked mutex");
  }
  if ((nw & mutexStarving) == 0) {
    std::int32_t old = nw;
    for (;;) {
      // If there are no waiters or a goroutine has already been woken or grabbed the lock, no
      // need to wake anyone. In starvation mode ownership is directly handed off from unlocking
      // goroutine to the next waiter. We are not part of this chain, since we did not observe
      // mutexStarving when we unlocked the mutex above. So get off the way.
      if ((old >> mutexWaiterShift) == 0 || (old & (mutexLocked | mutexWoken | mutexStarving)) != 0) return;
      // Grab the right to wake someone.
      nw = (old - (1 << mutexWaiterShift)) | mutexWoken;
      if (state_.compare_exchange_strong(old, nw, std::memory_order_relaxed)) {
        semrelease();
        return;
      }
    }
  } else {
    // Starving mode: handoff mutex ownership to the next waiter, and yield our time slice so
    // that the next waiter can start to run immediately. Note: mutexLocked is not set, the
    // waiter will set it after wakeup. But mutex is still considered locked if mutexStarving is
    // set, so new coming goroutines won't acquire it.
    // (Go's Semrelease(handoff=true). No yield here: Unlock runs in destructors (lock_guard),
    // also while a fiber unwinds at shutdown, where a yield could throw. semrelease readies the
    // waiter into this worker's runnext, so it runs as soon as this fiber parks.)
    semrelease();
  }
}

// Go: runtime_SemacquireMutex(&m.sema, lifo, 1). A unit released while nobody waits is kept
// (sema_); otherwise semrelease gives its unit to the waiter it wakes.
void Mutex::semacquire(bool lifo, gd::wait_reason why) {
  std::unique_lock<gd::spinlock> g(lk_);
  if (sema_ > 0) {
    sema_--;
    return;
  }
  gd::parker& p = gd::self();
  detail::waiter w;
  w.p = &p;
  w.gen = gd::begin_park(p);
  if (lifo) {
    q_.push_front(&w);
  } else {
    q_.push_back(&w);
  }
  gd::spinlock* held = &lk_;
  g.release();
  gd::park(p, &held, 1, why);
  if (p.aborted) {
    // Runtime shutdown claimed us (a releaser that popped us failed its claim and kept its
    // unit): leave the queue and the waiter count, so the mutex stays consistent for others.
    {
      std::lock_guard<gd::spinlock> lk(lk_);
      q_.remove(&w);
    }
    state_.fetch_sub(1 << mutexWaiterShift, std::memory_order_relaxed);
    gd::exit_fiber();
  }
}

// Go: runtime_Semrelease(&m.sema, handoff, 1)
void Mutex::semrelease() {
  gd::parker* wake = nullptr;
  {
    std::lock_guard<gd::spinlock> g(lk_);
    while (detail::waiter* w = q_.pop_front()) {
      if (gd::try_claim(*w->p, w->gen)) {
        wake = w->p;
        break;
      }
    }
    if (!wake) sema_++;
  }
  if (wake) gd::ready(*wake);
}

void Mutex::fatal_inconsistent() { throw panic_error("sync: inconsistent mutex state"); }

}  // namespace go::sync
