// Ports of Go's sync tests (/usr/lib/go-1.19/src/sync/waitgroup_test.go,
// mutex_test.go, once_test.go) plus tests of the parts Go's suite checks
// only implicitly (mutual exclusion across worker threads, plain threads,
// runtime shutdown while blocked).
//
// Fiber tests run inside go::run with one and with two worker threads.
// t.Fatal in the main goroutine becomes ASSERT; t.Error elsewhere ADD_FAILURE.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

class GoSync : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

// ---------------------------------------------------------------------------
// WaitGroup

// go: sync/waitgroup_test.go testWaitGroup
void testWaitGroup(go::sync::WaitGroup& wg1, go::sync::WaitGroup& wg2) {
  const int n = 16;
  wg1.Add(n);
  wg2.Add(n);
  auto exited = go::make_chan<bool>(n);
  for (int i = 0; i != n; i++) {
    go::go([&wg1, &wg2, exited] {
      wg1.Done();
      wg2.Wait();
      exited.send(true);
    });
  }
  wg1.Wait();
  for (int i = 0; i != n; i++) {
    int idx = go::select(go::recv(exited), go::default_());
    ASSERT_EQ(idx, 1) << "WaitGroup released group too soon";
    wg2.Done();
  }
  for (int i = 0; i != n; i++) {
    exited.recv();  // Will block if barrier fails to unlock someone.
  }
}

// go: sync/waitgroup_test.go TestWaitGroup
TEST_P(GoSync, WaitGroup) {
  go::run(cfg(), [] {
    go::sync::WaitGroup wg1;
    go::sync::WaitGroup wg2;
    // Run the same test a few times to ensure barrier is in a proper state.
    for (int i = 0; i != 8; i++) testWaitGroup(wg1, wg2);
  });
}

// go: sync/waitgroup_test.go TestWaitGroupMisuse
TEST(GoSyncPlain, WaitGroupMisuse) {
  go::sync::WaitGroup wg;
  wg.Add(1);
  wg.Done();
  try {
    wg.Done();
    FAIL() << "Should panic";
  } catch (const go::panic_error& e) {
    EXPECT_STREQ(e.what(), "sync: negative WaitGroup counter");
  }
}

// go: sync/waitgroup_test.go TestWaitGroupRace (Go: 1000 rounds; 300 here)
TEST_P(GoSync, WaitGroupRace) {
  go::run(cfg(), [] {
    for (int i = 0; i < 300; i++) {
      go::sync::WaitGroup wg;
      std::atomic<int> n{0};
      // spawn goroutine 1
      wg.Add(1);
      go::go([&] {
        n.fetch_add(1);
        wg.Done();
      });
      // spawn goroutine 2
      wg.Add(1);
      go::go([&] {
        n.fetch_add(1);
        wg.Done();
      });
      // Wait for goroutine 1 and 2
      wg.Wait();
      ASSERT_EQ(n.load(), 2) << "Spurious wakeup from Wait";
    }
  });
}

// go: sync/waitgroup_test.go TestWaitGroupAlign
TEST_P(GoSync, WaitGroupAlign) {
  go::run(cfg(), [] {
    struct X {
      char x;
      go::sync::WaitGroup wg;
    };
    X x;
    x.wg.Add(1);
    go::go([px = &x] { px->wg.Done(); });
    x.wg.Wait();
  });
}

// Wait on a zero counter returns at once; Wait blocks until the counter is
// zero, not merely decremented.
TEST_P(GoSync, WaitGroupWaitsForZero) {
  go::run(cfg(), [] {
    go::sync::WaitGroup wg;
    wg.Wait();  // counter 0: must not block
    wg.Add(3);
    std::atomic<int> done{0};
    auto released = go::make_chan<int>(4);
    for (int i = 0; i < 4; i++) {
      go::go([&, released] {
        wg.Wait();
        released.send(done.load());
      });
    }
    for (int i = 0; i < 3; i++) {
      go::time::Sleep(go::time::Millisecond);
      ASSERT_EQ(go::select(go::recv(released), go::default_()), 1) << "Wait returned with counter " << 3 - i;
      done.fetch_add(1);
      wg.Done();
    }
    for (int i = 0; i < 4; i++) EXPECT_EQ(released.recv(), 3);
  });
}

// Plain threads (no runtime) block the thread in Wait and are woken by Done
// from other threads.
TEST(GoSyncPlain, WaitGroupThreads) {
  go::sync::WaitGroup wg;
  std::atomic<int> n{0};
  std::vector<std::thread> ts;
  wg.Add(4);
  for (int i = 0; i < 4; i++) {
    ts.emplace_back([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      n.fetch_add(1);
      wg.Done();
    });
  }
  wg.Wait();
  EXPECT_EQ(n.load(), 4);
  for (auto& t : ts) t.join();
}

// A fiber blocked in Wait when main returns is unwound and leaves the
// WaitGroup's queue: a later Done must not touch it.
TEST_P(GoSync, WaitGroupShutdownWhileWaiting) {
  go::sync::WaitGroup wg;
  std::atomic<bool> passed{false};
  wg.Add(1);
  go::run(cfg(), [&] {
    for (int i = 0; i < 3; i++) {
      go::go([&] {
        wg.Wait();
        passed = true;
      });
    }
    go::time::Sleep(2 * go::time::Millisecond);  // let them block
  });
  EXPECT_FALSE(passed.load());
  wg.Done();  // no waiters left: nothing to wake
  wg.Wait();
}

// ---------------------------------------------------------------------------
// Mutex

// go: sync/mutex_test.go HammerMutex
void HammerMutex(go::sync::Mutex* m, int loops, go::chan<bool> cdone) {
  for (int i = 0; i < loops; i++) {
    if (i % 3 == 0) {
      if (m->TryLock()) m->Unlock();
      continue;
    }
    m->Lock();
    m->Unlock();
  }
  cdone.send(true);
}

// go: sync/mutex_test.go TestMutex
TEST_P(GoSync, Mutex) {
  go::run(cfg(), [] {
    go::sync::Mutex m;
    m.Lock();
    ASSERT_FALSE(m.TryLock()) << "TryLock succeeded with mutex locked";
    m.Unlock();
    ASSERT_TRUE(m.TryLock()) << "TryLock failed with mutex unlocked";
    m.Unlock();

    auto c = go::make_chan<bool>();
    for (int i = 0; i < 10; i++) go::go([&m, c] { HammerMutex(&m, 1000, c); });
    for (int i = 0; i < 10; i++) c.recv();
  });
}

// go: sync/mutex_test.go TestMutexMisuse (the Mutex cases; Go runs each in a
// child process because the failure is fatal there; here it throws)
TEST(GoSyncPlain, MutexMisuse) {
  {
    go::sync::Mutex mu;  // "Mutex.Unlock"
    try {
      mu.Unlock();
      FAIL() << "Mutex.Unlock: no panic";
    } catch (const go::panic_error& e) {
      EXPECT_STREQ(e.what(), "sync: unlock of unlocked mutex");
    }
  }
  {
    go::sync::Mutex mu;  // "Mutex.Unlock2"
    mu.Lock();
    mu.Unlock();
    EXPECT_THROW(mu.Unlock(), go::panic_error);
    // Still usable afterwards.
    EXPECT_TRUE(mu.TryLock());
    mu.Unlock();
  }
}

// go: sync/mutex_test.go TestMutexFairness
TEST_P(GoSync, MutexFairness) {
  go::run(cfg(), [] {
    // Go's `var mu Mutex` escapes to the heap: the first goroutine may still be between its
    // Sleep and its Unlock when the test returns, so the Mutex must outlive this frame.
    auto mu = std::make_shared<go::sync::Mutex>();
    auto stop = go::make_chan<bool>();
    go::go([mu, stop] {
      for (;;) {
        mu->Lock();
        go::time::Sleep(100 * go::time::Microsecond);
        mu->Unlock();
        if (go::select(go::recv(stop), go::default_()) == 0) return;
      }
    });
    auto done = go::make_chan<bool>(1);
    go::go([mu, done] {
      for (int i = 0; i < 10; i++) {
        go::time::Sleep(100 * go::time::Microsecond);
        mu->Lock();
        mu->Unlock();
      }
      done.send(true);
    });
    int idx = go::select(go::recv(done), go::recv(go::time::After(10 * go::time::Second)));
    EXPECT_EQ(idx, 0) << "can't acquire Mutex in 10 seconds";
    stop.close();  // defer close(stop)
  });
}

// Mutual exclusion with the critical section spanning scheduling points
// (yields, sleeps) and, with two workers, two threads.
TEST_P(GoSync, MutexExcludes) {
  go::run(cfg(), [] {
    go::sync::Mutex mu;
    int counter = 0;   // protected by mu, deliberately not atomic
    bool inside = false;
    go::sync::WaitGroup wg;
    const int fibers = 8, loops = 200;
    wg.Add(fibers);
    for (int f = 0; f < fibers; f++) {
      go::go([&, f] {
        for (int i = 0; i < loops; i++) {
          std::lock_guard<go::sync::Mutex> g(mu);
          if (inside) ADD_FAILURE() << "two holders at once";
          inside = true;
          int v = counter;
          if ((i + f) % 7 == 0) go::yield();
          if ((i + f) % 50 == 0) go::time::Sleep(100 * go::time::Microsecond);
          counter = v + 1;
          inside = false;
        }
        wg.Done();
      });
    }
    wg.Wait();
    EXPECT_EQ(counter, fibers * loops);
  });
}

// Go's Mutex is not owned by a goroutine: another one may unlock it, and
// that wakes a blocked Lock.
TEST_P(GoSync, MutexUnlockFromOtherFiber) {
  go::run(cfg(), [] {
    go::sync::Mutex mu;
    mu.Lock();
    auto got = go::make_chan<int>(1);
    go::go([&mu, got] {
      mu.Lock();  // blocks: main holds it
      got.send(1);
      mu.Unlock();
    });
    go::time::Sleep(2 * go::time::Millisecond);
    ASSERT_EQ(go::select(go::recv(got), go::default_()), 1) << "Lock did not block";
    go::go([&mu] { mu.Unlock(); });
    EXPECT_EQ(got.recv(), 1);
  });
}

// Plain threads contend on the same Mutex (blocking the threads).
TEST(GoSyncPlain, MutexThreads) {
  go::sync::Mutex mu;
  long counter = 0;
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; t++) {
    ts.emplace_back([&] {
      for (int i = 0; i < 2000; i++) {
        mu.Lock();
        counter++;
        mu.Unlock();
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(counter, 8000);
}

// A fiber blocked in Lock when main returns is unwound and leaves the queue.
TEST_P(GoSync, MutexShutdownWhileLocking) {
  go::sync::Mutex mu;
  std::atomic<bool> got{false};
  mu.Lock();
  go::run(cfg(), [&] {
    for (int i = 0; i < 3; i++) {
      go::go([&] {
        mu.Lock();
        got = true;
      });
    }
    go::time::Sleep(2 * go::time::Millisecond);
  });
  EXPECT_FALSE(got.load());
  mu.Unlock();  // no waiters left: the mutex becomes free
  EXPECT_TRUE(mu.TryLock());
  mu.Unlock();
}

// ---------------------------------------------------------------------------
// Once

// go: sync/once_test.go run
void onceRun(go::sync::Once* once, int* o, go::chan<bool> c) {
  once->Do([o] { ++*o; });
  if (int v = *o; v != 1) ADD_FAILURE() << "once failed inside run: " << v << " is not 1";
  c.send(true);
}

// go: sync/once_test.go TestOnce
TEST_P(GoSync, Once) {
  go::run(cfg(), [] {
    int o = 0;
    go::sync::Once once;
    auto c = go::make_chan<bool>();
    const int N = 10;
    for (int i = 0; i < N; i++) go::go([&, c] { onceRun(&once, &o, c); });
    for (int i = 0; i < N; i++) c.recv();
    EXPECT_EQ(o, 1) << "once failed outside run";
  });
}

// go: sync/once_test.go TestOncePanic
TEST(GoSyncPlain, OncePanic) {
  go::sync::Once once;
  EXPECT_THROW(once.Do([] { throw std::runtime_error("failed"); }), std::runtime_error) << "Once.Do did not panic";
  once.Do([] { ADD_FAILURE() << "Once.Do called twice"; });
}

// Concurrent callers wait until the first call's f has returned, even when f
// parks (here: sleeps) in the middle.
TEST_P(GoSync, OnceWaitsForF) {
  go::run(cfg(), [] {
    go::sync::Once once;
    std::atomic<bool> finished{false};
    std::atomic<int> calls{0};
    auto c = go::make_chan<bool>();
    for (int i = 0; i < 5; i++) {
      go::go([&, c] {
        once.Do([&] {
          calls++;
          go::time::Sleep(5 * go::time::Millisecond);
          finished = true;
        });
        c.send(finished.load());
      });
    }
    for (int i = 0; i < 5; i++) EXPECT_TRUE(c.recv()) << "Do returned before f finished";
    EXPECT_EQ(calls.load(), 1);
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, GoSync, ::testing::Values(1, 2), threads_name);

}  // namespace
