// Ports of Go's channel test programs, /usr/share/go-1.19/test/chan/*.go.
//
// Each Go program is a `package main` that panics (or prints "BUG") on
// failure; here each becomes a GoogleTest whose main goroutine runs inside
// go::run, with Go's panics turned into test failures. Every program runs with
// one and with two worker threads (Go would use GOMAXPROCS = number of CPUs).
// test/chan/perm.go is in perm_compile_test.cpp and test/chan/select5.go in
// go_test_chan_select5_test.cpp.
#include <gtest/gtest.h>

#include <malloc.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/time.hpp"

namespace {

class GoTestChan : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

// ---------------------------------------------------------------------------
// go: test/chan/fifo.go — unbuffered channels act as pure fifos.

namespace fifo {

constexpr int N = 10;

void AsynchFifo() {
  auto ch = go::make_chan<int>(N);
  for (int i = 0; i < N; i++) {
    ch.send(i);
  }
  for (int i = 0; i < N; i++) {
    if (ch.recv() != i) {
      ADD_FAILURE() << "bad receive";
      return;
    }
  }
}

void Chain(go::recv_chan<int> ch, int val, go::recv_chan<int> in, go::send_chan<int> out) {
  in.recv();
  if (int v = ch.recv(); v != val) {
    ADD_FAILURE() << "Chain " << val << " received " << v;  // Go: panic(val)
  }
  out.send(1);
}

// thread together a daisy chain to read the elements in sequence
void SynchFifo() {
  auto ch = go::make_chan<int>();
  auto in = go::make_chan<int>();
  auto start = in;
  for (int i = 0; i < N; i++) {
    auto out = go::make_chan<int>();
    go::go([=] { Chain(ch, i, in, out); });
    in = out;
  }
  start.send(0);
  for (int i = 0; i < N; i++) {
    ch.send(i);
  }
  in.recv();
}

}  // namespace fifo

// go: test/chan/fifo.go
TEST_P(GoTestChan, Fifo) {
  go::run(cfg(), [] {
    fifo::AsynchFifo();
    fifo::SynchFifo();
  });
}

// ---------------------------------------------------------------------------
// go: test/chan/goroutines.go — make a lot of goroutines, threaded together,
// and tear them down cleanly.

TEST_P(GoTestChan, Goroutines) {
  // Go's default n (10000), with the runtime's smallest fiber stack so that
  // 10000 fibers stay cheap on a shared machine. ThreadSanitizer tracks every fiber as a thread
  // and stops at 8128 alive at once: 4000 there.
#if defined(__SANITIZE_THREAD__)
  constexpr int n = 4000;
#else
  constexpr int n = 10000;
#endif
  int got = 0;
  int live_at_peak = 0;
  go::config c = cfg();
  c.stack_size = 16 * 1024;
  go::run(c, [&] {
    auto f = [](go::chan<int> left, go::chan<int> right) { left.send(right.recv()); };
    auto leftmost = go::make_chan<int>();
    auto right = leftmost;
    auto left = leftmost;
    for (int i = 0; i < n; i++) {
      right = go::make_chan<int>();
      go::go([=] { f(left, right); });
      left = right;
    }
    live_at_peak = go::num_goroutine();
    go::go([c = right] { c.send(1); });
    got = leftmost.recv();
  });
  EXPECT_EQ(got, 1);
  EXPECT_GE(live_at_peak, n + 1);  // n relays (+ main) were alive at once
}

// ---------------------------------------------------------------------------
// go: test/chan/nonblock.go — channel operations that test for blocking, with
// several sizes and types of operands.

namespace nonblock {

void i32receiver(go::chan<std::int32_t> c, go::chan<bool> strobe) {
  if (c.recv() != 123) ADD_FAILURE() << "i32 value";
  strobe.send(true);
}
void i32sender(go::chan<std::int32_t> c, go::chan<bool> strobe) {
  c.send(234);
  strobe.send(true);
}
void i64receiver(go::chan<std::int64_t> c, go::chan<bool> strobe) {
  if (c.recv() != 123456) ADD_FAILURE() << "i64 value";
  strobe.send(true);
}
void i64sender(go::chan<std::int64_t> c, go::chan<bool> strobe) {
  c.send(234567);
  strobe.send(true);
}
void breceiver(go::chan<bool> c, go::chan<bool> strobe) {
  if (!c.recv()) ADD_FAILURE() << "b value";
  strobe.send(true);
}
void bsender(go::chan<bool> c, go::chan<bool> strobe) {
  c.send(true);
  strobe.send(true);
}
void sreceiver(go::chan<std::string> c, go::chan<bool> strobe) {
  if (c.recv() != "hello") ADD_FAILURE() << "s value";
  strobe.send(true);
}
void ssender(go::chan<std::string> c, go::chan<bool> strobe) {
  c.send("hello again");
  strobe.send(true);
}

// Go: var ticker = time.Tick(10 * 1000) // 10 us
// (Made by main rather than at package level: a timer belongs to the runtime
// whose thread armed it. A 10 us ticker is the case of the regression test
// GoChanEdgeDeathTest.TimerDueWhileParking in go_chan_edge_test.cpp.)
struct sleeper {
  go::recv_chan<go::time::Time> ticker = go::time::Tick(10 * go::time::Microsecond);
  void operator()() const {
    ticker.recv();
    ticker.recv();
    go::yield();  // runtime.Gosched()
    go::yield();
    go::yield();
  }
};

constexpr int maxTries = 10000;  // Up to 100ms per test.

// One "Send<T>: for { select { case c <- v: break; default: try++; sleep() } }"
// loop of nonblock.go.
template <class T>
bool send_until_taken(const go::chan<T>& c, T v, const sleeper& sleep, const char* what, int buffer) {
  for (int try_ = 0;;) {
    int k = go::select(go::send(c, v), go::default_());
    if (k == 0) return true;
    if (++try_ > maxTries) {
      ADD_FAILURE() << what << " buffer=" << buffer << ": fail";
      return false;
    }
    sleep();
  }
}

template <class T>
bool recv_until_ready(const go::chan<T>& c, T* out, const sleeper& sleep, const char* what, int buffer) {
  for (int try_ = 0;;) {
    int k = go::select(go::recv(c, out), go::default_());
    if (k == 0) return true;
    if (++try_ > maxTries) {
      ADD_FAILURE() << what << " buffer=" << buffer << ": fail";
      return false;
    }
    sleep();
  }
}

void main_() {
  std::int32_t i32 = 0;
  std::int64_t i64 = 0;
  bool b = false;
  std::string s;
  sleeper sleep;

  auto sync = go::make_chan<bool>();

  for (int buffer = 0; buffer < 2; buffer++) {
    auto c32 = go::make_chan<std::int32_t>(buffer);
    auto c64 = go::make_chan<std::int64_t>(buffer);
    auto cb = go::make_chan<bool>(buffer);
    auto cs = go::make_chan<std::string>(buffer);

    EXPECT_EQ(go::select(go::recv(c32, &i32), go::default_()), 1) << "blocked i32sender";
    EXPECT_EQ(go::select(go::recv(c64, &i64), go::default_()), 1) << "blocked i64sender";
    EXPECT_EQ(go::select(go::recv(cb, &b), go::default_()), 1) << "blocked bsender";
    EXPECT_EQ(go::select(go::recv(cs, &s), go::default_()), 1) << "blocked ssender";

    go::go([=] { i32receiver(c32, sync); });
    if (!send_until_taken<std::int32_t>(c32, 123, sleep, "i32receiver", buffer)) return;
    sync.recv();

    go::go([=] { i32sender(c32, sync); });
    if (buffer > 0) sync.recv();
    if (!recv_until_ready(c32, &i32, sleep, "i32sender", buffer)) return;
    EXPECT_EQ(i32, 234) << "i32sender value";
    if (buffer == 0) sync.recv();

    go::go([=] { i64receiver(c64, sync); });
    if (!send_until_taken<std::int64_t>(c64, 123456, sleep, "i64receiver", buffer)) return;
    sync.recv();

    go::go([=] { i64sender(c64, sync); });
    if (buffer > 0) sync.recv();
    if (!recv_until_ready(c64, &i64, sleep, "i64sender", buffer)) return;
    EXPECT_EQ(i64, 234567) << "i64sender value";
    if (buffer == 0) sync.recv();

    go::go([=] { breceiver(cb, sync); });
    if (!send_until_taken(cb, true, sleep, "breceiver", buffer)) return;
    sync.recv();

    go::go([=] { bsender(cb, sync); });
    if (buffer > 0) sync.recv();
    if (!recv_until_ready(cb, &b, sleep, "bsender", buffer)) return;
    EXPECT_TRUE(b) << "bsender value";
    if (buffer == 0) sync.recv();

    go::go([=] { sreceiver(cs, sync); });
    if (!send_until_taken<std::string>(cs, "hello", sleep, "sreceiver", buffer)) return;
    sync.recv();

    go::go([=] { ssender(cs, sync); });
    if (buffer > 0) sync.recv();
    if (!recv_until_ready(cs, &s, sleep, "ssender", buffer)) return;
    EXPECT_EQ(s, "hello again") << "ssender value";
    if (buffer == 0) sync.recv();
  }
}

}  // namespace nonblock

// go: test/chan/nonblock.go
TEST_P(GoTestChan, Nonblock) { go::run(cfg(), nonblock::main_); }

// ---------------------------------------------------------------------------
// go: test/chan/select.go — simple select.

namespace select_go {

unsigned counter = 0;
unsigned shift = 0;

unsigned GetValue() {
  counter++;
  return 1u << shift;
}

// Go: func Send(a, b chan uint) int — a and b are the function's own copies,
// set to nil as each send succeeds.
int Send(go::chan<unsigned> a, go::chan<unsigned> b) {
  int i = 0;
  for (;;) {
    // Both send values are evaluated on entry to the select (Go spec), which
    // is what the counter checks.
    int k = go::select(go::send(a, GetValue(), [&] {
                         i++;
                         a = nullptr;
                       }),
                       go::send(b, GetValue(), [&] {
                         i++;
                         b = nullptr;
                       }),
                       go::default_());
    if (k == 2) break;  // default: break LOOP
    shift++;
  }
  return i;
}

}  // namespace select_go

// go: test/chan/select.go
TEST_P(GoTestChan, Select) {
  go::run(cfg(), [] {
    using namespace select_go;
    counter = 0;
    shift = 0;
    auto a = go::make_chan<unsigned>(1);
    auto b = go::make_chan<unsigned>(1);
    if (int v = Send(a, b); v != 2) ADD_FAILURE() << "Send returned " << v << " != 2";
    unsigned av = a.recv(), bv = b.recv();
    EXPECT_EQ(av | bv, 3u) << "bad values " << av << " " << bv;
    if (int v = Send(a, nullptr); v != 1) ADD_FAILURE() << "Send returned " << v << " != 1";
    EXPECT_EQ(counter, 10u) << "counter is " << counter << " != 10";
  });
}

// ---------------------------------------------------------------------------
// go: test/chan/select2.go — selects do not consume undue memory.
//
// Go measures runtime.MemStats.Alloc (live heap bytes) after a warm-up round of
// 100,000 two-case selects and again after a second round, and reports a bug if
// the heap grew by more than 1.1e5 bytes. The C++ counterpart of MemStats.Alloc
// is glibc's mallinfo2(): uordblks (bytes in use in every malloc arena) plus
// hblkhd (bytes in mmap'd chunks). A select that leaked even one small block
// per call (a sudog, a lock-order array) would grow it by megabytes.

namespace select2 {

void sender(go::chan<int> c, int n) {
  for (int i = 0; i < n; i++) c.send(1);
}

void receiver(go::chan<int> c, go::chan<int> dummy, int n) {
  for (int i = 0; i < n; i++) {
    go::select(go::recv(c), go::recv(dummy, [] { ADD_FAILURE() << "dummy"; }));
  }
}

std::size_t heap_in_use() {
  struct mallinfo2 mi = mallinfo2();
  return mi.uordblks + mi.hblkhd;
}

}  // namespace select2

// go: test/chan/select2.go
TEST_P(GoTestChan, Select2) {
  std::size_t alloc = 0, after = 0;
  go::run(cfg(), [&] {
    using namespace select2;
    auto c = go::make_chan<int>();
    auto dummy = go::make_chan<int>();
    auto done = go::make_chan<bool>();
    // Go's runtime.GC() before each reading: here, wait until the sender's
    // fiber has finished and give the runtime a few turns to free it.
    auto settle = [&] {
      done.recv();
      for (int i = 0; i < 10; i++) go::yield();
    };

    // warm up
    go::go([=] {
      sender(c, 100000);
      done.send(true);
    });
    receiver(c, dummy, 100000);
    settle();
    alloc = heap_in_use();

    // second time shouldn't increase footprint by much
    go::go([=] {
      sender(c, 100000);
      done.send(true);
    });
    receiver(c, dummy, 100000);
    settle();
    after = heap_in_use();
  });
  // Be careful to avoid wraparound.
  if (after > alloc) {
    EXPECT_LE(after - alloc, 110000u) << "BUG: too much memory for 100,000 selects: " << after - alloc;
  }
}

// ---------------------------------------------------------------------------
// go: test/chan/select3.go — the semantics of the select statement for basic
// empty/non-empty cases.

namespace select3 {

const std::string always = "function did not";
const std::string never = "function did";

void unreachable() { ADD_FAILURE() << "control flow shouldn't reach here"; }

// Calls f and verifies that f always/never panics depending on signal.
// (Go: defer/recover; here go::panic_error is what Go's panic becomes.)
void testPanic(const std::string& signal, const std::function<void()>& f) {
  std::string s = never;
  try {
    f();
  } catch (const go::panic_error&) {
    s = always;  // f panicked
  }
  EXPECT_EQ(s, signal) << signal << " panic";
}

// Calls f and empirically verifies that f always/never blocks depending on signal.
void testBlock(const std::string& signal, std::function<void()> f) {
  auto c = go::make_chan<std::string>();
  go::go([c, f] {
    f();
    c.send(never);  // f didn't block
  });
  go::go([c, signal] {
    if (signal == never) {
      // Wait a long time to make sure that we don't miss our window by accident on a slow machine.
      go::time::Sleep(10 * go::time::Second);
    } else {
      // Wait as short a time as we can without false negatives.
      // 10ms should be long enough to catch most failures.
      go::time::Sleep(10 * go::time::Millisecond);
    }
    c.send(always);  // f blocked always
  });
  EXPECT_EQ(c.recv(), signal) << signal << " block";
  // The goroutine that lost stays blocked (f forever, or the sleeper on c);
  // as in Go, the runtime disposes of them when main returns.
}

void main_() {
  const int async = 1;  // asynchronous channels
  go::chan<int> nilch;
  auto closedch = go::make_chan<int>();
  close(closedch);

  // sending/receiving from a nil channel blocks
  testBlock(always, [=] { nilch.send(7); });
  testBlock(always, [=] { nilch.recv(); });

  // sending/receiving from a nil channel inside a select is never selected
  testPanic(never, [=] { go::select(go::send(nilch, 7, unreachable), go::default_()); });
  testPanic(never, [=] { go::select(go::recv(nilch, unreachable), go::default_()); });

  // sending to an async channel with free buffer space never blocks
  testBlock(never, [=] {
    auto ch = go::make_chan<int>(async);
    ch.send(7);
  });

  // receiving from a closed channel never blocks
  testBlock(never, [=] {
    for (int i = 0; i < 10; i++) {
      if (closedch.recv() != 0) {
        ADD_FAILURE() << "expected zero value when reading from closed channel";
      }
      if (auto [x, ok] = closedch.recv_ok(); x != 0 || ok) {
        ADD_FAILURE() << "closedch: " << x << " " << ok << ": expected 0, false from closed channel";
      }
    }
  });

  // sending to a closed channel panics.
  testPanic(always, [=] { closedch.send(7); });

  // receiving from a non-ready channel always blocks
  testBlock(always, [] {
    auto ch = go::make_chan<int>();
    ch.recv();
  });

  // empty selects always block
  testBlock(always, [] { go::select(); });

  // selects with only nil channels always block
  testBlock(always, [=] { go::select(go::recv(nilch, unreachable)); });
  testBlock(always, [=] { go::select(go::send(nilch, 7, unreachable)); });
  testBlock(always, [=] { go::select(go::recv(nilch, unreachable), go::send(nilch, 7, unreachable)); });

  // selects with non-ready non-nil channels always block
  testBlock(always, [] {
    auto ch = go::make_chan<int>();
    go::select(go::recv(ch, unreachable));
  });

  // selects with default cases don't block
  testBlock(never, [] { go::select(go::default_()); });
  testBlock(never, [=] { go::select(go::recv(nilch, unreachable), go::default_()); });
  testBlock(never, [=] { go::select(go::send(nilch, 7, unreachable), go::default_()); });

  // selects with ready channels don't block
  testBlock(never, [] {
    auto ch = go::make_chan<int>(async);
    go::select(go::send(ch, 7), go::default_(unreachable));
  });
  testBlock(never, [] {
    auto ch = go::make_chan<int>(async);
    ch.send(7);
    go::select(go::recv(ch), go::default_(unreachable));
  });

  // selects with closed channels behave like ordinary operations
  testBlock(never, [=] { go::select(go::recv(closedch)); });
  testBlock(never, [=] { go::select(go::recv(closedch, [](int x) { (void)x; })); });
  testBlock(never, [=] {
    go::select(go::recv(closedch, [](int x, bool ok) {
      EXPECT_EQ(x, 0);
      EXPECT_FALSE(ok);
    }));
  });
  testPanic(always, [=] { go::select(go::send(closedch, 7)); });

  // select should not get confused if it sees itself
  testBlock(always, [] {
    auto c = go::make_chan<int>();
    go::select(go::send(c, 1), go::recv(c));
  });
}

}  // namespace select3

// go: test/chan/select3.go
TEST_P(GoTestChan, Select3) { go::run(cfg(), select3::main_); }

// go: test/chan/select3.go, in the runtime's deterministic mode: time only
// moves when every fiber is blocked, so "blocks always" means exactly that and
// the 10 s waits cost nothing.
TEST(GoTestChanVirtualTime, Select3) { go::run({.threads = 1, .virtual_time = true}, select3::main_); }

// ---------------------------------------------------------------------------
// go: test/chan/select4.go — a select statement proceeds when a value is ready.

TEST_P(GoTestChan, Select4) {
  go::run(cfg(), [] {
    struct {
      int a;
    } x{};
    bool called_f = false;
    auto f = [&]() -> int* {
      called_f = true;  // Go: println("BUG: called f")
      return new int;
    };
    auto c = go::make_chan<int>(1);
    auto c1 = go::make_chan<int>();
    c.send(42);
    go::select(go::recv(c1,
                        [&](int v) {
                          // case *f() = <-c1: the left-hand side is evaluated only if
                          // the case is chosen.
                          int* p = f();
                          *p = v;
                          delete p;
                        }),
               go::recv(c, [&](int v) {
                 x.a = v;
                 if (x.a != 42) ADD_FAILURE() << "BUG: " << x.a;
               }));
    EXPECT_EQ(x.a, 42);
    EXPECT_FALSE(called_f) << "BUG: called f";
  });
}

// ---------------------------------------------------------------------------
// go: test/chan/sieve1.go — classical inefficient concurrent prime sieve.

namespace sieve1 {

// Send the sequence 2, 3, 4, ... to channel 'ch'.
void Generate(go::send_chan<int> ch) {
  for (int i = 2;; i++) {
    ch.send(i);  // Send 'i' to channel 'ch'.
  }
}

// Copy the values from channel 'in' to channel 'out',
// removing those divisible by 'prime'.
void Filter(go::recv_chan<int> in, go::send_chan<int> out, int prime) {
  for (int i : in) {  // Loop over values received from 'in'.
    if (i % prime != 0) {
      out.send(i);  // Send 'i' to channel 'out'.
    }
  }
}

// The prime sieve: Daisy-chain Filter processes together.
void Sieve(go::send_chan<int> primes) {
  auto ch = go::make_chan<int>();  // Create a new channel.
  go::go([=] { Generate(ch); });   // Start Generate() as a subprocess.
  for (;;) {
    // Note that ch is different on each iteration.
    int prime = ch.recv();
    primes.send(prime);
    auto ch1 = go::make_chan<int>();
    go::go([=] { Filter(ch, ch1, prime); });
    ch = ch1;
  }
}

}  // namespace sieve1

// go: test/chan/sieve1.go
TEST_P(GoTestChan, Sieve1) {
  go::run(cfg(), [] {
    auto primes = go::make_chan<int>();
    go::go([=] { sieve1::Sieve(primes); });
    const int a[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
    for (int want : a) {
      int x = primes.recv();
      ASSERT_EQ(x, want) << x << " != " << want;
    }
    // main returns with Generate, Sieve and 25 Filters blocked: the runtime unwinds them.
  });
}

// ---------------------------------------------------------------------------
// go: test/chan/zerosize.go — making channels of a zero-sized type.
// (C++ objects have size >= 1: std::array<std::uint8_t, 0> and an empty struct
// are the closest counterparts of [0]byte and struct{}.) Go only makes them;
// here each is also used once, unbuffered and buffered.

struct empty {};

template <class T>
void zerosize_roundtrip() {
  auto u = go::make_chan<T>();
  auto b = go::make_chan<T>(1);
  EXPECT_EQ(go::cap(u), 0);
  EXPECT_EQ(go::cap(b), 1);
  b.send(T{});
  EXPECT_EQ(go::len(b), 1);
  b.recv();
  EXPECT_EQ(go::len(b), 0);
  go::go([=] { u.send(T{}); });
  auto [v, ok] = u.recv_ok();
  (void)v;
  EXPECT_TRUE(ok);
  close(u);
  EXPECT_FALSE(u.recv_ok().second);
}

TEST_P(GoTestChan, Zerosize) {
  go::run(cfg(), [] {
    (void)go::make_chan<std::array<std::uint8_t, 0>>();
    (void)go::make_chan<std::array<std::uint8_t, 0>>(1);
    (void)go::make_chan<empty>();
    (void)go::make_chan<empty>(1);
    zerosize_roundtrip<std::array<std::uint8_t, 0>>();
    zerosize_roundtrip<empty>();
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, GoTestChan, ::testing::Values(1, 2), threads_name);

}  // namespace
