// Go's time package: durations, Sleep, timers and tickers on the runtime's
// timer heap.
//
//   Go                                   C++
//   time.Sleep(10 * time.Millisecond)    go::time::Sleep(10 * go::time::Millisecond);
//   <-time.After(d)                      go::time::After(d).recv();
//   t := time.NewTimer(d); <-t.C         auto t = go::time::NewTimer(d); t->C.recv();
//   t.Stop(); t.Reset(d)                 t->Stop(); t->Reset(d);
//   tk := time.NewTicker(d); tk.Stop()   auto tk = go::time::NewTicker(d); tk->Stop();
//   time.AfterFunc(d, f)                 go::time::AfterFunc(d, f);
//   start := time.Now(); time.Since(s)   auto start = go::time::Now(); go::time::Since(start);
//
// Semantics are Go 1.19's: a timer's channel has capacity 1 and the timer's
// send does not block (a value nobody has received yet is not duplicated, so a
// slow receiver misses ticks); Stop reports whether it stopped a pending timer
// and, when it did not, the timer's send (or AfterFunc's fiber start) has
// already happened; Reset does not drain the channel.
//
// Time is the runtime's monotonic clock (std::chrono::steady_clock); there is
// no wall clock here.
//
// Lifetime: like a Go timer, an armed timer keeps running when the last
// shared_ptr to its Timer is dropped (time.After and a discarded AfterFunc
// rely on this); dropping the handle never leaves a dangling callback. A timer
// belongs to the runtime whose thread armed it (AfterFunc's f starts as a
// fiber there; outside any runtime, on a new thread). When that runtime exits
// (go::run returns), its pending timers are dropped, as a Go program's are when
// main returns: they never fire, their memory is freed, Stop on them returns
// false and Reset arms them again on the caller's runtime (or, outside any, on
// the process-wide timer thread).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "chan/chan.hpp"
#include "chan/detail/timer.hpp"

namespace go::time {

// Go: time.Duration (int64 nanoseconds)
using Duration = std::chrono::nanoseconds;

inline constexpr Duration Nanosecond{1};
inline constexpr Duration Microsecond = 1000 * Nanosecond;
inline constexpr Duration Millisecond = 1000 * Microsecond;
inline constexpr Duration Second = 1000 * Millisecond;
inline constexpr Duration Minute = 60 * Second;
inline constexpr Duration Hour = 60 * Minute;

// A point on the runtime's monotonic clock.
using Time = go::detail::clock::time_point;

// time.Now
Time Now();
// time.Since(t) == Now().Sub(t)
Duration Since(Time t);
// time.Until(t) == t.Sub(Now())
Duration Until(Time t);

// Go: Duration.String ("1h2m3.5s", "1.5ms", "0s").
std::string String(Duration d);

// time.Sleep: parks the calling fiber for at least d; d <= 0 returns at once.
void Sleep(Duration d);

namespace detail {
struct timer_state;
}

// Go: time.Timer. Made by NewTimer or AfterFunc (held by std::shared_ptr, as
// Go's *Timer). A default-constructed Timer is Go's zero Timer: Stop and
// Reset throw go::panic_error.
class Timer {
 public:
  // The channel on which the time is delivered (nil for AfterFunc timers).
  recv_chan<Time> C;

  Timer() = default;
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer();

  // Prevents the timer from firing. True if the call stops the timer, false
  // if it had already expired or been stopped.
  bool Stop();
  // Changes the timer to expire after d. True if the timer had been active.
  bool Reset(Duration d);

 private:
  friend std::shared_ptr<Timer> NewTimer(Duration d);
  friend std::shared_ptr<Timer> AfterFunc(Duration d, std::function<void()> f);
  std::shared_ptr<detail::timer_state> st_;
};

// time.NewTimer: sends the current time on C after at least d.
std::shared_ptr<Timer> NewTimer(Duration d);
// time.After(d) == NewTimer(d).C
recv_chan<Time> After(Duration d);
// time.AfterFunc: after d, starts f in its own fiber (go f()).
std::shared_ptr<Timer> AfterFunc(Duration d, std::function<void()> f);

// Go: time.Ticker. Made by NewTicker. A default-constructed Ticker (Go's
// &Ticker{C: c}) may be stopped (a no-op); Reset throws.
class Ticker {
 public:
  recv_chan<Time> C;

  Ticker() = default;
  Ticker(const Ticker&) = delete;
  Ticker& operator=(const Ticker&) = delete;
  ~Ticker();

  // Turns the ticker off; no more ticks are sent. Does not close C.
  void Stop();
  // Stops the ticker and resets its period to d; the next tick comes after d.
  // Throws go::panic_error for d <= 0.
  void Reset(Duration d);

 private:
  friend std::shared_ptr<Ticker> NewTicker(Duration d);
  std::shared_ptr<detail::timer_state> st_;
};

// time.NewTicker: ticks every d, dropping ticks for slow receivers. Throws
// go::panic_error("non-positive interval for NewTicker") for d <= 0.
std::shared_ptr<Ticker> NewTicker(Duration d);
// time.Tick: NewTicker(d).C, or a nil channel for d <= 0. The ticker is never
// stopped (as in Go).
recv_chan<Time> Tick(Duration d);

}  // namespace go::time
