// The goroutine runtime: fibers on Boost.Fiber with Go's scheduling shape.
//
//   go::run([] { ... main ... });               // like Go's main: returns when main returns
//   go::run({.threads = 2}, [] { ... });         // two worker threads, fibers migrate between them
//   go::go([&] { ... });                         // `go f()`
//
// When main returns, fibers that are still blocked are unwound (their stacks are
// destroyed, destructors run) and run() returns: the C++ form of Go's "the
// program exits when main returns". The unwinding uses an internal exception
// type that is not derived from std::exception; a `catch (...)` that swallows it
// only delays the exit until the fiber blocks again. A fiber that is ready to run
// when main returns (woken, not yet resumed) runs on until it next blocks and is
// unwound there, so a fiber holding references into main's frame (`[&]`) must be
// waited for (a WaitGroup) before main returns: in Go such variables escape to
// the heap, in C++ the frame is gone.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include <boost/fiber/fiber.hpp>

namespace go {

struct config {
  int threads = 1;                        // worker threads (Go's GOMAXPROCS)
  std::size_t stack_size = 64 * 1024;     // per fiber; pages are touched lazily
  std::uint64_t seed = 0;                 // select/scheduling randomness; 0 = from the OS
  // What to do when every fiber is blocked and nothing can wake one (no timer,
  // no registered socket, no other worker running, no external_waker alive):
  // print Go's report and abort (default, like Go), or throw
  // go::deadlock_error (whose what() is the report) from run().
  bool deadlock_throws = false;
  // Deterministic mode (Go's testing/synctest): time is virtual and only moves
  // when every fiber is blocked, jumping to the next timer. Requires threads == 1;
  // with a fixed seed every run replays the same interleaving.
  bool virtual_time = false;
  // Single thread only: pick the next fiber uniformly at random (from the seed) among the ready
  // ones instead of in FIFO order (runnext first), so that different seeds explore different
  // interleavings; the explorer (chan/sim.hpp) turns it on. Off, the order is FIFO and a seed
  // only drives select's choices.
  bool random_schedule = false;
  // Deterministic mode's limits, for runs that would never end: once the virtual clock would
  // move more than `virtual_timeout` past the start, or after `max_steps` scheduling decisions
  // (a livelock that never lets time move), run() unwinds every fiber and throws
  // go::virtual_timeout_error (whose what() says which limit, then the goroutines as
  // go::stack_all() prints them). 0: no limit.
  std::chrono::nanoseconds virtual_timeout{0};
  std::uint64_t max_steps = 0;
  // An exception escaping a goroutine is Go's unrecovered panic: by default it is printed and
  // the program aborts, as in Go. With panic_throws the run ends instead (every fiber unwound)
  // and run() rethrows that exception, so one failing run need not end the process (the
  // explorer's seeds).
  bool panic_throws = false;
};

// While alive, tells every runtime that a thread outside it (a plain
// std::thread) may still wake one of its fibers, so "every fiber is asleep"
// is not a deadlock. Go has no such threads; C++ programs that mix them with a
// runtime declare them with this guard.
class external_waker {
 public:
  external_waker() noexcept;
  ~external_waker();
  external_waker(const external_waker&) = delete;
  external_waker& operator=(const external_waker&) = delete;
};

// Thrown by run() (config::deadlock_throws) when every fiber is asleep.
struct deadlock_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Thrown by run() when a deterministic run passes config::virtual_timeout or config::max_steps.
struct virtual_timeout_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

namespace detail {
void spawn(std::function<void()> f, const char* file, int line);
void run(const config& cfg, std::function<void()> main);
}  // namespace detail

// `go f()`: start f on a new fiber. Inside run() the fiber belongs to that
// runtime; outside any runtime it is a plain Boost.Fiber fiber on the calling
// thread, which runs whenever that thread blocks in a channel operation.
template <class F>
void go(F&& f, const char* file = __builtin_FILE(), int line = __builtin_LINE()) {
  detail::spawn(std::function<void()>(std::forward<F>(f)), file, line);
}

// Run `main` as a Go program's main goroutine with the given configuration.
inline void run(const config& cfg, std::function<void()> main) { detail::run(cfg, std::move(main)); }
inline void run(std::function<void()> main) { detail::run(config{}, std::move(main)); }

// runtime.Gosched
void yield();

// runtime.Stack(buf, true) without the frames: every goroutine of the current runtime with
// what it is parked on ("chan receive", "select", ...) and where it was started, e.g.
//   goroutine 3 [chan receive]:
//   	created at dtls/conn.cpp:612
// (the running goroutine shows as "running"). Empty outside a runtime.
std::string stack_all();

// runtime.NumGoroutine: fibers started with go() in the current runtime that have not finished (+1 for main).
int num_goroutine();

}  // namespace go
