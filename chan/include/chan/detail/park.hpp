// Parking and waking: the one mechanism every blocking operation uses
// (channel send/recv, select, sync, timers, runtime shutdown).
//
// Go's runtime parks a goroutine with gopark(unlockf) and wakes it with
// goready(gp). Here every fiber (and every plain thread) owns one `parker`:
//
//   begin_park():    opens a new park generation; the parker is now claimable
//                    by whoever can see it (it is published only under a lock
//                    the parker holds, e.g. the channel's).
//   park(p, locks):  release those locks, switch away.
//   try_claim(p, g): whoever wants to wake the parker must first win the claim
//                    for generation g (Go's g.selectDone CAS, used for every park,
//                    not just selects): a select parked on several channels, a
//                    timer and the runtime's shutdown can race, exactly one wins.
//   ready(p):        after a successful claim: hand the fiber back to its
//                    scheduler. Safe from any thread, fiber or plain, even while
//                    the parker is still switching away: a same-thread waker
//                    cannot run before the switch, and Boost.Fiber routes a
//                    cross-thread wake-up through the owning scheduler's
//                    remote-ready queue, which that thread drains only after it.
//                    With several workers a fiber instead leaves its worker
//                    while parked (parker::migrate) and may be queued on any
//                    worker at once; none runs it before its switched_out lock,
//                    released by Boost after the switch, can be taken.
//                    A plain thread (outside any runtime) is not a fiber to
//                    schedule: it blocks on an atomic, and ready() sets it and
//                    wakes the thread (a futex), touching nothing of Boost's.
#pragma once

#include <atomic>
#include <cstdint>

#include <boost/fiber/context.hpp>
#include <boost/fiber/detail/spinlock.hpp>

namespace go::detail {

struct hchan;
struct sudog;

// Channel and runtime locks: a test-and-test-and-set spinlock whose
// uncontended path is one exchange (Boost's spinlock pays for a thread_local
// random engine on every lock()). Critical sections are a few dozen
// instructions and never block.
class spinlock {
 public:
  void lock() noexcept {
    if (!locked_.exchange(true, std::memory_order_acquire)) [[likely]] return;
    lock_contended();
  }
  bool try_lock() noexcept { return !locked_.exchange(true, std::memory_order_acquire); }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

 private:
  // Exponential backoff between attempts, up to kMaxBackoff pauses: each look at the lock
  // pulls its cache line away from the holder, so a waiter that looks less often lets the holder
  // finish (and often take the lock again) without paying for a transfer every time.
  static constexpr unsigned kMaxBackoff = 1024;
  void lock_contended() noexcept {
    unsigned backoff = 4;
    for (;;) {
      for (unsigned i = 0; i < backoff; ++i) __builtin_ia32_pause();
      if (!locked_.load(std::memory_order_relaxed) && !locked_.exchange(true, std::memory_order_acquire)) return;
      if (backoff < kMaxBackoff) backoff <<= 1;
    }
  }
  std::atomic<bool> locked_{false};
};

// What a fiber is blocked on, for deadlock reports (Go's waitReason).
enum class wait_reason : std::uint8_t {
  none,
  chan_send,
  chan_recv,
  chan_send_nil,
  chan_recv_nil,
  select,
  select_no_cases,
  sleep,
  sync_wait_group,
  sync_mutex,
  sync_once,
  io_wait,
  runtime_exit,
};
const char* to_string(wait_reason r) noexcept;

struct runtime;

struct parker {
  boost::fibers::context* ctx = nullptr;
  // bit 0: claimed; bits 1..31: park generation. Starts claimed (not parked).
  std::atomic<std::uint32_t> state{1};
  sudog* fired = nullptr;  // Go: gp.param (the sudog that completed us, or null)
  bool aborted = false;    // woken by runtime shutdown: unwind
  wait_reason reason = wait_reason::none;
  // Set by begin_park, before the generation is published, so every claimer sees them:
  // `rt`, the runtime whose worker thread parks (null outside one), and `plain`, a plain
  // thread's main context (outside any runtime), which blocks its thread on `woken` instead of
  // going through Boost.Fiber's scheduler.
  runtime* rt = nullptr;
  bool plain = false;
  std::atomic<std::uint32_t> woken{0};  // plain: 1 once ready() has been called
  // `migrate`: a fiber of a runtime with several workers (not a thread's pinned main context).
  // It leaves its worker's scheduler in begin_park, so that whichever thread wakes it can put it
  // on its own run queue (Go: goready onto the waker's P), and holds `switched_out` from
  // begin_park until its context switch has completed (Boost unlocks it on the next context,
  // after the switch). A worker runs a migrating fiber only once it can take that lock.
  bool migrate = false;
  boost::fibers::detail::spinlock switched_out;
};

// Go's sudog: one waiter on one channel's queue.
struct sudog {
  parker* p = nullptr;
  void* elem = nullptr;  // data element (the sender's value or the receiver's slot)
  hchan* c = nullptr;
  sudog* next = nullptr;
  sudog* prev = nullptr;
  std::uint32_t gen = 0;  // the parker's generation this sudog belongs to
  bool is_select = false;
  bool success = false;  // completed by a value exchange (true) or by close (false)
};

// The calling fiber's (or plain thread's) parker.
parker& self() noexcept;

// Open a park generation on the caller's own parker (clearing p.fired); returns the generation to
// store in sudogs/timers. Must be followed by park() (or by claiming itself).
std::uint32_t begin_park(parker& p) noexcept;

inline bool try_claim(parker& p, std::uint32_t gen) noexcept {
  std::uint32_t expect = gen << 1;
  return p.state.compare_exchange_strong(expect, expect | 1, std::memory_order_acq_rel,
                                         std::memory_order_relaxed);
}

// Park the caller on p, releasing the `n` spinlocks in `held` once committed.
// Returns when ready(p) has been called. If the runtime is shutting down it may
// return without switching, with p.aborted set; the caller then undoes its
// enqueue and calls exit_fiber().
void park(parker& p, spinlock* const* held, int n, wait_reason why);

// Make p's fiber runnable (after winning try_claim). `hint_next`: run it next
// on this worker (Go's runnext).
void ready(parker& p, bool hint_next = true) noexcept;

// Unwind the calling fiber because its runtime is exiting.
[[noreturn]] void exit_fiber();

// Block forever (Go: gopark(nil, nil, waitReasonChanSendNilChan, ...)).
[[noreturn]] void block_forever(wait_reason why);

// Go: sync_runtime_canSpin / sync_runtime_doSpin — may sync.Mutex spin (iteration `iter`) before
// parking: only a few times, with several workers of which another is running, and nothing else
// ready on this one; never in deterministic mode. do_spin: Go's procyield(30).
bool can_spin(int iter) noexcept;
void do_spin() noexcept;

// Per-thread pseudo-random numbers for select's poll order (Go's cheaprandn).
std::uint32_t fastrandn(std::uint32_t n) noexcept;

}  // namespace go::detail
