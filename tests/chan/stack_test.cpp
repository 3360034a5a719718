// Fiber stacks: the pool of chan/src/stack.cpp (Go: runtime/stack.go stackalloc/stackfree).
#include <gtest/gtest.h>

#include <alloca.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

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

// Under AddressSanitizer with detect_stack_use_after_return, each fiber gets its own fake stack
// (an mmap of its own, hundreds of KiB) through Boost.Context's fiber-switch annotations, and
// the fiber's last switch must tell ASan to free it. Boost 1.81 tested the wrong record's
// `terminated` flag there and leaked every one (cmake/boost_fiber_sanitized.cmake patches it):
// ~1 MB of RSS per fuzz input, libFuzzer's 2 GB limit within minutes. Here 64 fibers record
// their fake stack and end; once the runtime is gone, their fake stacks must be unmapped.
// (Ours; no Go origin.)
#if defined(__SANITIZE_ADDRESS__)
#define CHAN_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHAN_TEST_ASAN 1
#endif
#endif
#ifdef CHAN_TEST_ASAN
#include <sanitizer/asan_interface.h>
#include <sys/mman.h>
#include <unistd.h>
namespace {
bool page_mapped(void* p) {
  const auto page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  unsigned char v;
  // mincore fails with ENOMEM exactly when the page is not mapped.
  return mincore(reinterpret_cast<void*>(reinterpret_cast<std::uintptr_t>(p) & ~(page - 1)), 1, &v) == 0;
}
}  // namespace
TEST(Stacks, FakeStacksOfEndedFibersAreFreed) {
  constexpr int n = 64;
  std::vector<void*> fake(n, nullptr);
  for (int threads : {1, 2}) {
    go::run({.threads = threads}, [&] {
      for (int i = 0; i < n; ++i) {
        go::sync::WaitGroup wg;
        wg.Add(1);
        go::go([&, i] {
          touch_stack(2048);
          fake[i] = __asan_get_current_fake_stack();
          wg.Done();
        });
        wg.Wait();
      }
    });
    if (fake[0] == nullptr) {
      // .ci/run sets CHAN_TEST_REQUIRE_FAKE_STACKS with detect_stack_use_after_return=1.
      if (std::getenv("CHAN_TEST_REQUIRE_FAKE_STACKS") != nullptr) FAIL() << "no fake stack in a fiber";
      GTEST_SKIP() << "ASan runs without detect_stack_use_after_return: no fake stacks";
    }
    int still_mapped = 0;
    for (void* f : fake) still_mapped += f != nullptr && page_mapped(f);
    // Freed ranges may be mapped again by later allocations; a leak keeps every one.
    EXPECT_LT(still_mapped, n / 4) << "threads=" << threads << ": " << still_mapped << " of " << n
                                   << " ended fibers' fake stacks are still mapped";
  }
}
#endif
