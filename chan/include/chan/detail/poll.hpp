// The network poller: Go's runtime/netpoll.go shape on epoll.
//
// A socket is opened non-blocking and registered once (edge-triggered) with
// the poller of the runtime that opens it. An I/O operation tries the system
// call first; on EAGAIN it parks in poll_wait until the poller reports
// readiness, the deadline passes, or the descriptor is closed. Readiness that
// arrives while nobody waits is remembered (Go's pdReady), so no edge is lost.
//
// Each runtime's poller is driven by its workers: an idle worker blocks in
// epoll_wait instead of a condition variable (bounded by the next timer), and
// busy workers poll without blocking between fibers. Descriptors opened
// outside any runtime use a process-wide poller with its own thread.
//
// A descriptor may outlive the runtime that opened it: when that runtime exits,
// its poller hands every descriptor still registered (and its deadlines) to the
// process-wide poller, which serves it from then on (poller::hand_over).
#pragma once

#include <chrono>
#include <cstdint>

#include "chan/detail/park.hpp"
#include "chan/detail/timer.hpp"

namespace go::detail {

class poller;
struct poll_desc;

enum class poll_result : std::uint8_t {
  ready,    // try the system call again
  timeout,  // the deadline passed (Go: os.ErrDeadlineExceeded, "i/o timeout")
  closed,   // poll_close was called (Go: net.ErrClosed, "use of closed network connection")
  canceled, // the `cancel` channel given to poll_wait became ready (a context's Done())
};

struct hchan;

// Register fd (already O_NONBLOCK) with the calling thread's poller.
poll_desc* poll_open(int fd);
// Wake every waiter with `closed` and make later waits fail. The descriptor
// itself is closed by the caller after poll_free.
void poll_close(poll_desc* pd) noexcept;
// Unregister and free (after poll_close; no waiter may remain).
void poll_free(poll_desc* pd) noexcept;
// Block until fd is readable ('r') or writable ('w').
poll_result poll_wait(poll_desc* pd, char mode);
// The same, and also until a receive from `cancel` can proceed (it is closed, or holds or is
// offered a value, which is taken): then `canceled`. The fiber parks once, on the descriptor and
// on the channel's receive queue together, as a select parks on its cases; whichever wakes it
// first wins the parker's claim. A nil `cancel` is the plain wait. (Not Go's: Go's net package has
// no context-taking I/O; pion/transport's connctx runs a goroutine that moves the deadline into
// the past instead, which this replaces for our own conns.)
poll_result poll_wait(poll_desc* pd, char mode, hchan* cancel);
// Go: poll_runtime_pollSetDeadline. mode 'r', 'w' or 'b' (both); a time_point
// of max() clears the deadline; a deadline in the past wakes waiters now.
void poll_set_deadline(poll_desc* pd, clock::time_point d, char mode) noexcept;
// A deadline has passed and has not been reset (checked before a syscall, as Go does).
bool poll_expired(poll_desc* pd, char mode) noexcept;

}  // namespace go::detail
