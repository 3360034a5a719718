// Go's sync package on the runtime's parking mechanism (detail/park.hpp).
// Go builds these on runtime semaphores (sema.go); here each primitive keeps
// its own FIFO of parked waiters under a spinlock, woken with try_claim/ready.
#include "chan/sync.hpp"

#include <mutex>

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

// go: sync/mutex.go Mutex.Lock
void Mutex::lock_as(gd::wait_reason why) {
  std::unique_lock<gd::spinlock> g(lk_);
  if (!locked_) {
    locked_ = true;
    return;
  }
  g.release();
  // Unlock hands the mutex to us before waking us: on return we own it.
  detail::wait_on(lk_, q_, why);
}

// go: sync/mutex.go Mutex.TryLock
bool Mutex::TryLock() {
  std::lock_guard<gd::spinlock> g(lk_);
  if (locked_) return false;
  locked_ = true;
  return true;
}

// go: sync/mutex.go Mutex.Unlock
void Mutex::Unlock() {
  gd::parker* wake = nullptr;
  {
    std::unique_lock<gd::spinlock> g(lk_);
    if (!locked_) {
      g.unlock();
      throw panic_error("sync: unlock of unlocked mutex");
    }
    while (detail::waiter* w = q_.pop_front()) {
      if (gd::try_claim(*w->p, w->gen)) {
        wake = w->p;  // hand off: the mutex stays locked, now owned by w
        break;
      }
    }
    if (!wake) locked_ = false;
  }
  if (wake) gd::ready(*wake);
}

}  // namespace go::sync
