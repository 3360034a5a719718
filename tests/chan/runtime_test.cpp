// The runtime: deadlock detection (Go's checkdead), deterministic mode
// (virtual time + seeded scheduling), shutdown of blocked fibers, misuse.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "chan/go.hpp"

namespace {

struct unit {};

std::string deadlock_message(const go::config& cfg, std::function<void()> main) {
  try {
    go::run(cfg, std::move(main));
  } catch (const go::deadlock_error& e) {
    return e.what();
  }
  return "";
}

class Deadlock : public ::testing::TestWithParam<int> {};

// go: test/fixedbugs style "all goroutines are asleep": an unbuffered send with no receiver.
TEST_P(Deadlock, UnbufferedSendWithNoReceiver) {
  std::string msg = deadlock_message({.threads = GetParam(), .deadlock_throws = true}, [] {
    auto c = go::make_chan<int>();
    c.send(1);
    ADD_FAILURE() << "send completed with no receiver";
  });
  EXPECT_NE(msg.find("fatal error: all goroutines are asleep - deadlock!"), std::string::npos) << msg;
  EXPECT_NE(msg.find("goroutine 1 [chan send]"), std::string::npos) << msg;
}

// Two fibers each waiting on the other, main waiting on both.
TEST_P(Deadlock, TwoFibersWaitingOnEachOther) {
  std::string msg = deadlock_message({.threads = GetParam(), .deadlock_throws = true}, [] {
    auto a = go::make_chan<int>();
    auto b = go::make_chan<int>();
    auto done = go::make_chan<unit>();
    go::go([=] {
      a.recv();
      b.send(1);
      done.send({});
    });
    go::go([=] {
      b.recv();
      a.send(1);
      done.send({});
    });
    done.recv();
  });
  EXPECT_NE(msg.find("all goroutines are asleep"), std::string::npos) << msg;
  EXPECT_NE(msg.find("goroutine 1 [chan receive]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("goroutine 2 [chan receive]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("goroutine 3 [chan receive]"), std::string::npos) << msg;
  EXPECT_NE(msg.find("runtime_test.cpp"), std::string::npos) << "report names where each fiber started:\n" << msg;
}

TEST_P(Deadlock, SelectWithNoReadyCaseAndNilChannels) {
  std::string msg = deadlock_message({.threads = GetParam(), .deadlock_throws = true}, [] {
    go::chan<int> nil;
    auto c = go::make_chan<int>();
    go::select(go::recv(nil), go::recv(c));
  });
  EXPECT_NE(msg.find("goroutine 1 [select]"), std::string::npos) << msg;
}

TEST_P(Deadlock, NotReportedWhileATimerIsPending) {
  std::string msg = deadlock_message({.threads = GetParam(), .deadlock_throws = true}, [] {
    auto c = go::make_chan<int>();
    go::time::AfterFunc(20 * go::time::Millisecond, [c] { c.send(7); });
    EXPECT_EQ(c.recv(), 7);
  });
  EXPECT_EQ(msg, "");
}

TEST_P(Deadlock, NotReportedWhileAnExternalWakerIsDeclared) {
  std::string msg = deadlock_message({.threads = GetParam(), .deadlock_throws = true}, [] {
    auto c = go::make_chan<int>();
    go::external_waker guard;
    std::thread t([c] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      c.send(5);
    });
    EXPECT_EQ(c.recv(), 5);
    t.join();
  });
  EXPECT_EQ(msg, "");
}

INSTANTIATE_TEST_SUITE_P(Threads, Deadlock, ::testing::Values(1, 2));

// Virtual time: an hour of sleeping takes no real time, and the clock moves by
// exactly the timers' durations.
TEST(VirtualTime, SleepJumpsTheClock) {
  auto real0 = std::chrono::steady_clock::now();
  go::run({.virtual_time = true}, [] {
    auto t0 = go::time::Now();
    go::time::Sleep(go::time::Hour);
    EXPECT_EQ(go::time::Since(t0), go::time::Hour);
    auto c = go::time::After(90 * go::time::Minute);
    c.recv();
    EXPECT_EQ(go::time::Since(t0), go::time::Hour + 90 * go::time::Minute);
  });
  EXPECT_LT(std::chrono::steady_clock::now() - real0, std::chrono::seconds(5));
}

TEST(VirtualTime, RequiresOneThread) {
  EXPECT_THROW(go::run({.threads = 2, .virtual_time = true}, [] {}), std::invalid_argument);
}

// A scenario with many fibers, selects and timers, traced; run twice with the
// same seed in deterministic mode, the traces are identical; another seed
// gives another interleaving.
std::vector<std::string> traced_scenario(std::uint64_t seed) {
  std::vector<std::string> trace;
  go::run({.seed = seed, .virtual_time = true}, [&] {
    auto a = go::make_chan<int>(2);
    auto b = go::make_chan<int>();
    auto done = go::make_chan<unit>();
    for (int w = 0; w < 4; ++w) {
      go::go([=, &trace] {
        for (int i = 0; i < 10; ++i) {
          go::select(go::send(a, w * 100 + i, [&] { trace.push_back("w" + std::to_string(w) + " a<-"); }),
                     go::send(b, w * 100 + i, [&] { trace.push_back("w" + std::to_string(w) + " b<-"); }));
          if (i % 3 == 0) go::time::Sleep((w + 1) * go::time::Millisecond);
        }
        done.send({});
      });
    }
    int finished = 0;
    auto t0 = go::time::Now();
    while (finished < 4) {
      go::select(go::recv(a, [&](int v) { trace.push_back("<-a " + std::to_string(v)); }),
                 go::recv(b, [&](int v) { trace.push_back("<-b " + std::to_string(v)); }),
                 go::recv(done, [&] { ++finished; }));
    }
    trace.push_back("elapsed " + std::to_string(go::time::Since(t0).count()));
  });
  return trace;
}

TEST(Deterministic, SameSeedReplaysExactly) {
  auto t1 = traced_scenario(42);
  auto t2 = traced_scenario(42);
  ASSERT_GT(t1.size(), 40u);
  EXPECT_EQ(t1, t2);
  bool some_differs = false;
  for (std::uint64_t s = 43; s < 53 && !some_differs; ++s) some_differs = traced_scenario(s) != t1;
  EXPECT_TRUE(some_differs) << "different seeds should give different interleavings";
}

TEST(Runtime, BlockedFibersAreUnwoundWhenMainReturns) {
  struct witness {
    std::atomic<int>* n;
    ~witness() { ++*n; }  // on either worker thread, at once
  };
  std::atomic<int> destroyed{0};
  go::run({.threads = 2}, [&] {
    auto c = go::make_chan<int>();
    for (int i = 0; i < 50; ++i) {
      go::go([c, &destroyed] {
        witness w{&destroyed};
        c.recv();  // never satisfied
      });
    }
    go::yield();
  });
  EXPECT_EQ(destroyed, 50);
}

// Go: runqgrab's runnext steal. A fiber woken by a channel operation goes to its waker's
// runnext; when the waker then keeps running (here: a loop that never parks, like a fiber doing
// Lock/Unlock on a mutex nobody else holds), an idle worker must take it, as an idle P does in Go
// after its 3 us back-off. Before, runnext was private to its worker: the woken fiber waited for
// as long as the waker ran, with the other worker idle. (`spin_until` gives up after 5 s so that
// the failure is an assertion, not a hang.)
TEST(Runtime, AFiberWokenIntoABusyWorkersRunnextRunsOnAnIdleWorker) {
  auto spin_until = [](const std::atomic<bool>& flag) {
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!flag.load(std::memory_order_acquire)) {
      if (std::chrono::steady_clock::now() > give_up) return false;
    }
    return true;
  };
  for (int round = 0; round < 20; ++round) {
    std::atomic<bool> ran{false};
    bool seen = false;
    go::run({.threads = 2}, [&] {
      auto c = go::make_chan<int>(1);
      auto done = go::make_chan<unit>();
      go::go([&, c] {
        c.recv();  // parked: the send below readies it into the sender's runnext
        ran.store(true, std::memory_order_release);
      });
      go::go([&, c, done] {
        go::time::Sleep(go::time::Millisecond);  // let the receiver park first
        c.send(1);
        seen = spin_until(ran);  // busy: never parks, never yields
        done.send({});
      });
      done.recv();
    });
    ASSERT_TRUE(seen) << "round " << round << ": the woken fiber did not run in 5 s while a worker was idle";
  }
}

TEST(Runtime, MisuseIsReported) {
  EXPECT_THROW(go::run({.threads = 0}, [] {}), std::invalid_argument);
  EXPECT_THROW(go::run({.stack_size = 1024}, [] {}), std::invalid_argument);
  go::run([] { EXPECT_THROW(go::run([] {}), std::logic_error); });
  EXPECT_THROW(go::run([] { throw std::runtime_error("from main"); }), std::runtime_error);
  EXPECT_THROW(go::make_chan<int>(-1), go::panic_error);
}

}  // namespace

// runtime.Stack(buf, true): every goroutine with what it is parked on and where it was started.
TEST(Runtime, StackAllListsEveryGoroutineWithItsWaitReason) {
  EXPECT_EQ(go::stack_all(), "") << "outside a runtime there are no goroutines";
  std::string text;
  go::run({.threads = 1}, [&] {
    auto c = go::make_chan<int>();
    auto d = go::make_chan<int>();
    go::go([c] { c.recv(); });
    go::go([c, d] { go::select(go::recv(c), go::recv(d)); });
    go::yield();
    go::yield();
    text = go::stack_all();
    c.close();
  });
  EXPECT_NE(text.find("goroutine 1 [running]:\n\tmain (go::run)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("goroutine 2 [chan receive]:\n\tcreated at "), std::string::npos) << text;
  EXPECT_NE(text.find("goroutine 3 [select]:\n\tcreated at "), std::string::npos) << text;
  EXPECT_NE(text.find("runtime_test.cpp:"), std::string::npos) << text;
}
