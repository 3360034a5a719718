// A fiber readied by a timer or the poller while it is still switching away (issue 8's stress
// test found this as a rare SIGSEGV in ontop_fcontext at 4 worker threads). With several workers
// the ready fiber used to go to the shared run queue at once, where an idle worker could resume
// it before its own switch had saved its registers: two threads on one stack. The runtime keeps
// such a fiber on the worker it is leaving until the switch is done. (Ours; no Go origin.)
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <string>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

class SelfReady : public ::testing::TestWithParam<int> {};

// Sleeps of 1 to 2000 ns: a timer is often due by the time its fiber parks, so the timer
// check inside that same park readies the parking fiber, either directly or by pushing it out
// of runnext when a second due timer readies another fiber of the same worker. Many fibers on
// several workers, many times each.
TEST_P(SelfReady, SleepWhoseTimerIsDueWhileParking) {
  std::atomic<long> done{0};
  go::run({.threads = GetParam()}, [&] {
    go::sync::WaitGroup wg;
    constexpr int kFibers = 16;
    constexpr int kSleeps = 20000;
    wg.Add(kFibers);
    for (int i = 0; i < kFibers; ++i) {
      go::go([&, i] {
        std::uint32_t x = 2463534242u + static_cast<std::uint32_t>(i);
        for (int k = 0; k < kSleeps; ++k) {
          x ^= x << 13, x ^= x >> 17, x ^= x << 5;  // xorshift32
          go::time::Sleep(go::time::Duration(1 + x % 2000));
        }
        done.fetch_add(kSleeps);
        wg.Done();
      });
    }
    wg.Wait();
  });
  EXPECT_EQ(done.load(), 16L * 20000);
}

// The same through a context deadline that passes while its waiter parks in a select.
TEST_P(SelfReady, ContextDeadlineDueWhileParkingInSelect) {
  std::atomic<long> done{0};
  go::run({.threads = GetParam()}, [&] {
    go::sync::WaitGroup wg;
    constexpr int kFibers = 16;
    constexpr int kRounds = 5000;
    wg.Add(kFibers);
    for (int i = 0; i < kFibers; ++i) {
      go::go([&] {
        auto never = go::make_chan<int>();
        for (int k = 0; k < kRounds; ++k) {
          auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), go::time::Duration(1));
          int got = go::select(go::recv(never), go::recv(ctx->Done()));
          if (got == 1) done.fetch_add(1);
          cancel();
        }
        wg.Done();
      });
    }
    wg.Wait();
  });
  EXPECT_EQ(done.load(), 16L * 5000);
}

INSTANTIATE_TEST_SUITE_P(Threads, SelfReady, ::testing::Values(1, 2, 4),
                         [](const ::testing::TestParamInfo<int>& i) { return "threads" + std::to_string(i.param); });

}  // namespace
