// The runtime trace and the seed explorer (chan/sim.hpp). Label `sim`: every test runs in
// virtual time and ends in well under a second.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "chan/chan.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sim.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

namespace gotime = go::time;
using go::sim::verdict;

// Workers that hand values through a buffered and an unbuffered channel with selects, sleep on
// timers and finish through a WaitGroup: enough scheduling and select decisions to tell seeds apart.
void busy_scenario() {
  auto a = go::make_chan<int>(2);
  auto b = go::make_chan<int>();
  go::sync::WaitGroup wg;
  for (int w = 0; w < 3; ++w) {
    wg.Add(1);
    go::go([=, &wg] {
      for (int i = 0; i < 6; ++i) {
        go::select(go::send(a, w * 100 + i), go::send(b, w * 100 + i));
        if (i % 2 == 0) gotime::Sleep((w + 1) * gotime::Millisecond);
      }
      wg.Done();
    });
  }
  auto done = go::make_chan<go::struct_>();
  go::go([=] {
    for (int got = 0; got < 18; ++got) go::select(go::recv(a), go::recv(b));
    done.close();
  });
  wg.Wait();
  done.recv();
}

std::string traced_run(std::uint64_t seed, bool random_schedule) {
  go::sim::trace tr;
  go::run({.seed = seed, .virtual_time = true, .random_schedule = random_schedule}, busy_scenario);
  return tr.text();
}

// The same seed gives the same full trace, byte for byte; another seed gives another one.
TEST(Trace, SameSeedSameTraceOtherSeedOtherTrace) {
  for (bool random : {false, true}) {
    std::string t1 = traced_run(42, random);
    std::string t2 = traced_run(42, random);
    EXPECT_GT(t1.size(), 1000u);
    EXPECT_EQ(t1, t2) << "random_schedule=" << random;
    std::string t3 = traced_run(43, random);
    EXPECT_NE(t1, t3) << "random_schedule=" << random;
  }
}

// The trace holds what it says: goroutine creation with its site, scheduling decisions with the
// ready set, parks with the wait reason, clock jumps, exits.
TEST(Trace, RecordsEveryKindOfEvent) {
  std::string t = traced_run(7, true);
  EXPECT_NE(t.find("t=0.000ms g1 go g2 created at "), std::string::npos) << t;
  EXPECT_NE(t.find("sim_test.cpp:"), std::string::npos);
  EXPECT_NE(t.find(" sched g"), std::string::npos);
  EXPECT_NE(t.find(" [ready g"), std::string::npos);
  EXPECT_NE(t.find(" park (sync.WaitGroup.Wait)"), std::string::npos);
  EXPECT_NE(t.find(" park (sleep)"), std::string::npos);
  EXPECT_NE(t.find("clock: every goroutine blocked"), std::string::npos);
  EXPECT_NE(t.find("t=1.000ms "), std::string::npos);  // the first Sleep's wake-up
  EXPECT_NE(t.find(" exit"), std::string::npos);
  // Goroutine ids are go::stack_all()'s: main is g1, the first go() is g2.
  EXPECT_NE(t.find("g2 exit"), std::string::npos);
}

// A select with two ready cases records both as ready, and the case that ran.
TEST(Trace, SelectRecordsReadyCasesAndTheOneThatFired) {
  std::set<int> fired_seen;
  for (std::uint64_t seed = 1; seed <= 16; ++seed) {
    go::sim::trace tr;
    int line = 0;
    int chosen = -1;
    go::run({.seed = seed, .virtual_time = true}, [&] {
      auto a = go::make_chan<int>(1);
      auto b = go::make_chan<int>(1);
      auto nil = go::chan<int>();
      a.send(1);
      b.send(2);
      line = __LINE__ + 1;
      chosen = go::select(go::recv(a), go::send(nil, 5), go::recv(b));
    });
    ASSERT_TRUE(chosen == 0 || chosen == 2);
    fired_seen.insert(chosen);
    std::string want = "sim_test.cpp:" + std::to_string(line) + " [0:recv 1:send(nil) 2:recv] ready [0 2] -> " +
                       std::to_string(chosen) + " (recv)";
    std::string t = tr.text();
    EXPECT_NE(t.find(want), std::string::npos) << "want: " << want << "\ntrace:\n" << t;
  }
  EXPECT_EQ(fired_seen, (std::set<int>{0, 2}));  // the choice really is the seed's
}

// A select that finds nothing ready parks, and the trace says which case woke it; a closed
// channel's receive is marked; a default is recorded.
TEST(Trace, SelectParkedClosedAndDefault) {
  go::sim::trace tr;
  int l1 = 0, l2 = 0;
  go::run({.seed = 1, .virtual_time = true}, [&] {
    auto c = go::make_chan<int>();
    auto never = go::make_chan<int>();
    go::go([=] {
      gotime::Sleep(gotime::Millisecond);
      c.close();
    });
    l1 = __LINE__ + 1;
    go::select(go::recv(never), go::recv(c));
    l2 = __LINE__ + 1;
    go::select(go::recv(never), go::default_());
  });
  std::string t = tr.text();
  EXPECT_NE(t.find("sim_test.cpp:" + std::to_string(l1) + " [0:recv 1:recv] ready [] parked -> 1 (recv, closed)"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("t=1.000ms g1 select "), std::string::npos) << t;
  EXPECT_NE(t.find("sim_test.cpp:" + std::to_string(l2) + " [0:recv] ready [] -> default"), std::string::npos) << t;
}

TEST(Trace, NeedsOneThreadAndIsOffWithoutARecorder) {
  {
    go::sim::trace tr;
    EXPECT_THROW(go::run({.threads = 2}, [] {}), std::invalid_argument);
    EXPECT_TRUE(tr.lines().empty());
  }
  // Without a recorder alive nothing is recorded anywhere (the next recorder starts empty).
  go::run({.seed = 1, .virtual_time = true}, busy_scenario);
  go::sim::trace tr;
  EXPECT_TRUE(tr.lines().empty());
  // Normal mode, one thread: recorded, without virtual timestamps.
  go::run({.threads = 1}, [] {
    go::go([] {});
    go::yield();
  });
  ASSERT_FALSE(tr.lines().empty());
  EXPECT_EQ(tr.lines()[0].rfind("g1 go g2 created at ", 0), 0u) << tr.lines()[0];
}

// go: the racy counter (two goroutines increment a shared int with no mutex; the yield between
// the read and the write stands for a preemption point).
void racy_counter() {
  int counter = 0;
  go::sync::WaitGroup wg;
  for (int g = 0; g < 2; ++g) {
    wg.Add(1);
    go::go([&] {
      int v = counter;
      go::yield();
      counter = v + 1;
      wg.Done();
    });
  }
  wg.Wait();
  if (counter != 2) throw std::runtime_error("racy counter: got " + std::to_string(counter) + ", want 2");
}

TEST(Explorer, FindsTheFailingSeedsOfARacyCounter) {
  auto s = go::sim::in_runtime(racy_counter);
  auto r = go::sim::explore(s, {.first_seed = 1, .last_seed = 200, .threads = 2});
  ASSERT_EQ(r.results.size(), 200u);
  for (std::size_t i = 0; i < r.results.size(); ++i) EXPECT_EQ(r.results[i].seed, i + 1);
  auto failing = r.failing();
  EXPECT_GT(r.count(verdict::pass), 20u);
  EXPECT_GT(r.count(verdict::failure), 20u);
  EXPECT_EQ(r.count(verdict::failure), failing.size());
  for (auto& f : failing) EXPECT_EQ(f.message, "racy counter: got 1, want 2");
  // FIFO scheduling (random_schedule off) interleaves the two the same way on every seed: the
  // seeds only explore schedules when the scheduler takes its order from them.
  auto fifo = go::sim::explore(s, {.first_seed = 1, .last_seed = 50, .random_schedule = false});
  EXPECT_TRUE(fifo.count(verdict::failure) == 50 || fifo.count(verdict::pass) == 50);
}

// Parallel exploration gives each seed the result a lone run gives it.
TEST(Explorer, ThreadsDoNotChangeResults) {
  auto s = go::sim::in_runtime(racy_counter);
  auto one = go::sim::explore(s, {.first_seed = 1, .last_seed = 64, .threads = 1});
  auto four = go::sim::explore(s, {.first_seed = 1, .last_seed = 64, .threads = 4});
  for (std::size_t i = 0; i < 64; ++i) EXPECT_EQ(one.results[i].kind, four.results[i].kind) << "seed " << i + 1;
}

// Replaying a reported seed reproduces its failure and its trace.
TEST(Explorer, ReplayReproducesFailureAndTrace) {
  auto s = go::sim::in_runtime(racy_counter);
  go::sim::options opt{.first_seed = 1, .last_seed = 40};
  auto r = go::sim::explore(s, opt);
  auto failing = r.failing();
  ASSERT_FALSE(failing.empty());
  for (std::uint64_t seed : {failing.front().seed, failing.back().seed}) {
    auto a = go::sim::replay(s, seed, opt);
    auto b = go::sim::replay(s, seed, opt);
    EXPECT_EQ(a.kind, verdict::failure);
    EXPECT_EQ(a.message, r.results[seed - 1].message);
    ASSERT_FALSE(a.trace.empty());
    EXPECT_EQ(a.trace, b.trace);
  }
  // A passing seed replays as a pass, with a different trace from a failing one.
  auto passing = std::find_if(r.results.begin(), r.results.end(), [](auto& x) { return x.kind == verdict::pass; });
  ASSERT_NE(passing, r.results.end());
  auto p = go::sim::replay(s, passing->seed, opt);
  EXPECT_EQ(p.kind, verdict::pass);
  EXPECT_NE(p.trace, go::sim::replay(s, failing.front().seed, opt).trace);
}

// go: the classic deadlock — an unbuffered send with no receiver.
TEST(Explorer, ClassifiesADeadlock) {
  auto s = go::sim::in_runtime([] {
    auto c = go::make_chan<int>();
    c.send(1);
  });
  auto r = go::sim::explore(s, {.first_seed = 1, .last_seed = 5});
  EXPECT_EQ(r.count(verdict::deadlock), 5u);
  EXPECT_NE(r.results[0].message.find("fatal error: all goroutines are asleep - deadlock!"), std::string::npos);
  EXPECT_NE(r.results[0].message.find("goroutine 1 [chan send]:"), std::string::npos) << r.results[0].message;
}

// A ticker that never stops keeps a timer pending forever, so it is no deadlock: the run ends at
// the virtual-time limit, as a timeout.
TEST(Explorer, ClassifiesAVirtualTimeTimeout) {
  auto s = go::sim::in_runtime([] {
    auto tick = gotime::Tick(gotime::Second);
    auto never = go::make_chan<int>();
    go::go([=] {
      for (;;) tick.recv();
    });
    never.recv();
  });
  auto real0 = std::chrono::steady_clock::now();
  auto r = go::sim::explore(s, {.first_seed = 1, .last_seed = 3, .virtual_timeout = std::chrono::minutes(10)});
  EXPECT_LT(std::chrono::steady_clock::now() - real0, std::chrono::seconds(5));
  EXPECT_EQ(r.count(verdict::timeout), 3u);
  EXPECT_EQ(r.results[0].message.rfind("virtual_timeout: the virtual clock reached the 600000 ms limit", 0), 0u)
      << r.results[0].message;
  EXPECT_NE(r.results[0].message.find("goroutine 1 [chan receive]:"), std::string::npos) << r.results[0].message;
}

// A livelock (goroutines that only yield) never lets virtual time move; the step limit ends it.
TEST(Explorer, ClassifiesALivelockAsATimeout) {
  auto s = go::sim::in_runtime([] {
    for (int i = 0; i < 2; ++i) {
      go::go([] {
        for (;;) go::yield();
      });
    }
    go::make_chan<int>().recv();
  });
  auto r = go::sim::explore(s, {.first_seed = 1, .last_seed = 2, .max_steps = 10'000});
  EXPECT_EQ(r.count(verdict::timeout), 2u);
  EXPECT_EQ(r.results[0].message.rfind("max_steps: 10000 scheduling decisions", 0), 0u) << r.results[0].message;
}

// A panic in a goroutine fails the seed instead of aborting the explorer (config::panic_throws).
TEST(Explorer, AGoroutinePanicIsAFailure) {
  auto s = go::sim::in_runtime([] {
    auto c = go::make_chan<int>();
    go::go([=] {
      c.close();
      c.close();  // Go: panic: close of closed channel
    });
    go::make_chan<int>().recv();
  });
  auto r = go::sim::explore(s, {.first_seed = 1, .last_seed = 3});
  EXPECT_EQ(r.count(verdict::failure), 3u);
  EXPECT_EQ(r.results[0].message, "close of closed channel");
}

TEST(Explorer, BadOptions) {
  auto s = go::sim::in_runtime([] {});
  EXPECT_THROW(go::sim::explore(s, {.first_seed = 5, .last_seed = 4}), std::invalid_argument);
  EXPECT_THROW(go::sim::explore(s, {.first_seed = 0, .last_seed = 4}), std::invalid_argument);
  EXPECT_THROW(go::sim::explore(s, {.threads = 0}), std::invalid_argument);
  EXPECT_EQ(go::sim::explore(s, {.first_seed = 1, .last_seed = 3}).count(verdict::pass), 3u);
}

}  // namespace
