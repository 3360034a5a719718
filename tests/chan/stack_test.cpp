// Fiber stacks: the pool of chan/src/stack.cpp (Go: runtime/stack.go stackalloc/stackfree).
#include <gtest/gtest.h>

#include <alloca.h>

#include <atomic>
#include <cstring>
#include <fstream>
#include <string>

#include "../../chan/src/stack.hpp"
#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/sync.hpp"

namespace {

long vm_rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Writes `bytes` of the calling fiber's stack (so those pages are touched) and returns a value
// that depends on them, so the compiler keeps the writes.
[[gnu::noinline]] int touch_stack(std::size_t bytes) {
  auto* buf = static_cast<volatile char*>(alloca(bytes));
  for (std::size_t i = 0; i < bytes; i += 512) buf[i] = static_cast<char>(i);
  int sum = 0;
  for (std::size_t i = 0; i < bytes; i += 512) sum += buf[i];
  return sum;
}

}  // namespace

// 2,000 fibers each touch 32 KiB of stack and park; then all exit. The pool keeps the pages of
// a bounded number of free stacks and gives the rest back, so the resident set falls back
// instead of holding 2,000 stacks' worth (64 MB) for the rest of the process.
TEST(Stacks, FreedStacksGiveTheirPagesBack) {
  if (!go::detail::stack_pool_in_use()) GTEST_SKIP() << "stacks come from malloc under this sanitizer";
  constexpr int n = 2000;
  constexpr std::size_t stack = 64 * 1024;
  for (int threads : {1, 2}) {
    long before = 0, parked = 0, after = 0;
    go::run({.threads = threads, .stack_size = stack}, [&] {
      before = vm_rss_kib();
      auto release = go::make_chan<int>();
      go::sync::WaitGroup wg;
      std::atomic<int> sum{0};
      std::atomic<int> ready{0};
      for (int i = 0; i < n; ++i) {
        wg.Add(1);
        go::go([&, release] {
          sum += touch_stack(32 * 1024);
          ready++;
          release.recv();
          wg.Done();
        });
      }
      while (ready.load() < n) go::yield();
      parked = vm_rss_kib();
      close(release);
      wg.Wait();
      go::yield();
    });
    after = vm_rss_kib();  // the runtime is gone: every fiber's stack has been freed
    const long grown = parked - before;
    EXPECT_GT(grown, n * 32L * 3 / 4) << "threads=" << threads << ": the fibers did not touch their stacks";
    EXPECT_LT(after - before, grown / 3) << "threads=" << threads << ": before " << before << " KiB, parked "
                                         << parked << " KiB, after exit " << after << " KiB";
    EXPECT_LE(go::detail::stack_pool_resident_free(stack), 256u);
  }
}

// Runtimes with different stack sizes one after another on the same threads: each fiber gets a
// stack of its runtime's size (the thread's cache changes size), and deep use of it works.
TEST(Stacks, SuccessiveRuntimesWithOtherStackSizes) {
  for (std::size_t kib : {16, 64, 16, 100, 64}) {
    for (int threads : {1, 2}) {
      std::atomic<int> done{0};
      go::run({.threads = threads, .stack_size = kib * 1024}, [&] {
        go::sync::WaitGroup wg;
        for (int i = 0; i < 100; ++i) {
          wg.Add(1);
          go::go([&, kib] {
            // Leave 8 KiB for the context object, the frames and the park.
            touch_stack(kib * 1024 - 8 * 1024);
            done++;
            wg.Done();
          });
        }
        wg.Wait();
      });
      EXPECT_EQ(done.load(), 100) << kib << " KiB, " << threads << " threads";
    }
  }
}
