// Internal: the epoll poller shared by runtime.cpp (which drives it) and
// poll.cpp (which registers descriptors and parks on them).
#pragma once

#include <atomic>

#include "chan/detail/poll.hpp"

namespace go::detail {

class poller {
 public:
  explicit poller(timer_queue* timers);
  ~poller();
  poller(const poller&) = delete;
  poller& operator=(const poller&) = delete;

  // Go: netpoll(delay). Waits up to timeout_ms (-1: forever, 0: just look),
  // readies the fibers whose descriptors are ready. Returns events handled
  // (the wake-up event counts). Safe from several threads at once.
  int poll(int timeout_ms) noexcept;
  // Go: netpollBreak — make a blocked poll() return.
  void wakeup() noexcept;
  // Descriptors registered (a busy worker polls only when there are some).
  bool has_fds() const noexcept { return nfds_.load(std::memory_order_relaxed) > 0; }

  void add(poll_desc* pd);
  void del(poll_desc* pd) noexcept;
  timer_queue* timers() const noexcept { return timers_; }

  // For a runtime that is exiting (its workers have stopped): moves every descriptor still
  // registered here to `to`, with its pending deadlines, which move from this poller's timer
  // queue to `to`'s. `from_now` is the current time on this poller's clock (a virtual-time
  // runtime's differs from `to`'s): a deadline keeps the time it had left. Not safe against
  // another thread closing one of these descriptors or setting its deadline at the same time.
  void hand_over(poller& to, clock::time_point from_now) noexcept;

 private:
  void link(poll_desc* pd) noexcept;
  void unlink(poll_desc* pd) noexcept;

  int epfd_ = -1;
  int evfd_ = -1;
  std::atomic<int> nfds_{0};
  timer_queue* timers_;
  spinlock fds_lk_;
  poll_desc* fds_ = nullptr;  // the registered descriptors (poll_desc::pl_next/pl_prev)
};

// The process-wide poller (with its own thread) that serves descriptors opened outside any
// runtime, and those whose runtime has exited.
poller& global_poller();

// The poller serving the calling thread: its runtime's, or the process-wide one.
poller& current_poller();

}  // namespace go::detail
