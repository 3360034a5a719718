// Ports of Go's runtime channel tests: /usr/lib/go-1.19/src/runtime/chan_test.go
// (and TestChanSendSelectBarrier from runtime/chanbarrier_test.go).
//
// Every test runs its body inside go::run, once with one worker thread and
// once with two (Go's tests set GOMAXPROCS to 2, 4 or 10; this machine has two
// cores shared with other jobs). Where Go's iteration counts are large they are
// scaled down (each scaling is noted at the test) so that every test stays well
// under ~3 s here; the scaled counts are at least Go's own `testing.Short()`
// counts. t.Fatalf inside the main goroutine becomes ASSERT/return; t.Error in
// another goroutine becomes ADD_FAILURE (GoogleTest assertions are
// thread-safe).
#include <gtest/gtest.h>

#include <any>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chan/chan.hpp"
#include "chan/error.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

class GoRuntimeChan : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

// go: runtime/proc_test.go stackGrowthRecursive — uses i * 1 KiB of stack.
std::uint64_t padData[128];
__attribute__((noinline)) void stackGrowthRecursive(int i) {
  volatile std::uint64_t pad[128];
  for (int j = 0; j < 128; j++) pad[j] = padData[j];
  for (int j = 0; j < 128; j++) {
    if (pad[j] != 0) return;
  }
  if (i != 0) stackGrowthRecursive(i - 1);
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestChan
// Go runs chanCap 0..199 (20 with -short); here 0..99: every code path (unbuffered,
// buffer smaller than / equal to / larger than the 2 or 4 concurrent senders)
// is exercised many times over, and each capacity costs three 1 ms sleeps.

TEST_P(GoRuntimeChan, TestChan) {
  go::run(cfg(), [] {
    const int N = 100;
    for (int chanCap = 0; chanCap < N; chanCap++) {
      {
        // Ensure that receive from empty chan blocks.
        auto c = go::make_chan<int>(chanCap);
        std::atomic<bool> recv1{false};
        go::go([&recv1, c] {
          (void)c.recv();
          recv1 = true;
        });
        std::atomic<bool> recv2{false};
        go::go([&recv2, c] {
          (void)c.recv_ok();
          recv2 = true;
        });
        go::time::Sleep(go::time::Millisecond);
        ASSERT_FALSE(recv1 || recv2) << "chan[" << chanCap << "]: receive from empty chan";
        // Ensure that non-blocking receive does not block.
        ASSERT_EQ(go::select(go::recv(c), go::default_()), 1) << "chan[" << chanCap << "]: receive from empty chan";
        ASSERT_EQ(go::select(go::recv(c, [](int, bool) {}), go::default_()), 1)
            << "chan[" << chanCap << "]: receive from empty chan";
        c.send(0);
        c.send(0);
        // (Go lets the two receivers finish on their own; they capture recv1/recv2
        // by reference here, so wait for them.)
        while (!(recv1 && recv2)) go::yield();
      }

      {
        // Ensure that send to full chan blocks.
        auto c = go::make_chan<int>(chanCap);
        for (int i = 0; i < chanCap; i++) {
          c.send(i);
        }
        auto sent = std::make_shared<std::atomic<std::uint32_t>>(0);
        go::go([=] {
          c.send(0);
          sent->store(1);
        });
        go::time::Sleep(go::time::Millisecond);
        ASSERT_EQ(sent->load(), 0u) << "chan[" << chanCap << "]: send to full chan";
        // Ensure that non-blocking send does not block.
        ASSERT_EQ(go::select(go::send(c, 0), go::default_()), 1) << "chan[" << chanCap << "]: send to full chan";
        c.recv();
      }

      {
        // Ensure that we receive 0 from closed chan.
        auto c = go::make_chan<int>(chanCap);
        for (int i = 0; i < chanCap; i++) {
          c.send(i);
        }
        close(c);
        for (int i = 0; i < chanCap; i++) {
          int v = c.recv();
          ASSERT_EQ(v, i) << "chan[" << chanCap << "]: received " << v << ", expected " << i;
        }
        if (int v = c.recv(); v != 0) {
          FAIL() << "chan[" << chanCap << "]: received " << v << ", expected 0";
        }
        if (auto [v, ok] = c.recv_ok(); v != 0 || ok) {
          FAIL() << "chan[" << chanCap << "]: received " << v << "/" << ok << ", expected 0/false";
        }
      }

      {
        // Ensure that close unblocks receive.
        auto c = go::make_chan<int>(chanCap);
        auto done = go::make_chan<bool>();
        go::go([=] {
          auto [v, ok] = c.recv_ok();
          done.send(v == 0 && ok == false);
        });
        go::time::Sleep(go::time::Millisecond);
        close(c);
        ASSERT_TRUE(done.recv()) << "chan[" << chanCap << "]: received non zero from closed chan";
      }

      {
        // Send 100 integers,
        // ensure that we receive them non-corrupted in FIFO order.
        auto c = go::make_chan<int>(chanCap);
        go::go([=] {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
        });
        for (int i = 0; i < 100; i++) {
          int v = c.recv();
          ASSERT_EQ(v, i) << "chan[" << chanCap << "]: received " << v << ", expected " << i;
        }

        // Same, but using recv2.
        go::go([=] {
          for (int i = 0; i < 100; i++) {
            c.send(i);
          }
        });
        for (int i = 0; i < 100; i++) {
          auto [v, ok] = c.recv_ok();
          ASSERT_TRUE(ok) << "chan[" << chanCap << "]: receive failed, expected " << i;
          ASSERT_EQ(v, i) << "chan[" << chanCap << "]: received " << v << ", expected " << i;
        }

        // Send 1000 integers in 4 goroutines,
        // ensure that we receive what we send.
        const int P = 4;
        const int L = 1000;
        for (int p = 0; p < P; p++) {
          go::go([=] {
            for (int i = 0; i < L; i++) {
              c.send(i);
            }
          });
        }
        auto done = go::make_chan<std::map<int, int>>();
        for (int p = 0; p < P; p++) {
          go::go([=] {
            std::map<int, int> recv;
            for (int i = 0; i < L; i++) {
              int v = c.recv();
              recv[v] = recv[v] + 1;
            }
            done.send(std::move(recv));
          });
        }
        std::map<int, int> recv;
        for (int p = 0; p < P; p++) {
          for (auto [k, v] : done.recv()) {
            recv[k] = recv[k] + v;
          }
        }
        ASSERT_EQ(static_cast<int>(recv.size()), L)
            << "chan[" << chanCap << "]: received " << recv.size() << " values, expected " << L;
        for (auto [k, v] : recv) {
          ASSERT_EQ(v, P) << "chan[" << chanCap << "]: received " << v << " values, expected " << P;
        }
      }

      {
        // Test len/cap.
        auto c = go::make_chan<int>(chanCap);
        ASSERT_TRUE(go::len(c) == 0 && go::cap(c) == chanCap)
            << "chan[" << chanCap << "]: bad len/cap, expect 0/" << chanCap << ", got " << go::len(c) << "/"
            << go::cap(c);
        for (int i = 0; i < chanCap; i++) {
          c.send(i);
        }
        ASSERT_TRUE(go::len(c) == chanCap && go::cap(c) == chanCap)
            << "chan[" << chanCap << "]: bad len/cap, expect " << chanCap << "/" << chanCap << ", got " << go::len(c)
            << "/" << go::cap(c);
      }
    }
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestNonblockRecvRace (Go's n = 10000)

TEST_P(GoRuntimeChan, TestNonblockRecvRace) {
  go::run(cfg(), [] {
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer tracks every fiber as a thread and stops at 8128 alive at once; at one
    // worker thread all n fibers exist before the first one runs.
    const int n = 4000;
#else
    const int n = 10000;
#endif
    std::atomic<int> failed{0};
    for (int i = 0; i < n; i++) {
      auto c = go::make_chan<int>(1);
      c.send(1);
      go::go([c, &failed] {
        if (go::select(go::recv(c), go::default_()) == 1) {
          failed++;  // t.Error("chan is not ready")
        }
      });
      close(c);
      c.recv();
      if (failed.load() != 0) break;  // if t.Failed() { return }
    }
    // The last goroutine may still be running: wait for every one (they only
    // touch `failed`, which lives on this stack).
    while (go::num_goroutine() > 1) go::yield();
    EXPECT_EQ(failed.load(), 0) << "chan is not ready";
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestNonblockSelectRace
// Select acts on the state of the channels at one moment, not over a smeared
// time window. Go's n = 100000 (1000 with -short).

// ThreadSanitizer sets up every fiber as a thread: about 3 ms a fiber on a 2-vCPU machine like
// the CI's (perf: 70% in TSan's internal_memset and the page faults it takes), so the
// 100,000 fibers of the two tests below took 300-350 s each. Under TSan they run 4,000
// iterations, as TestNonblockRecvRace does (Go itself runs 1,000 with -short).
#if defined(__SANITIZE_THREAD__)
constexpr int kNonblockSelectRaceN = 4000;
#else
constexpr int kNonblockSelectRaceN = 100000;
#endif

TEST_P(GoRuntimeChan, TestNonblockSelectRace) {
  go::run(cfg(), [] {
    const int n = kNonblockSelectRaceN;
    auto done = go::make_chan<bool>(1);
    for (int i = 0; i < n; i++) {
      auto c1 = go::make_chan<int>(1);
      auto c2 = go::make_chan<int>(1);
      c1.send(1);
      go::go([=] {
        if (go::select(go::recv(c1), go::recv(c2), go::default_()) == 2) {
          done.send(false);
          return;
        }
        done.send(true);
      });
      c2.send(1);
      go::select(go::recv(c1), go::default_());
      ASSERT_TRUE(done.recv()) << "no chan is ready (iteration " << i << ")";
    }
  });
}

// go: runtime/chan_test.go TestNonblockSelectRace2
// Same, but close(c2) replaces c2 <- 1. Go's n = 100000.
TEST_P(GoRuntimeChan, TestNonblockSelectRace2) {
  go::run(cfg(), [] {
    const int n = kNonblockSelectRaceN;
    auto done = go::make_chan<bool>(1);
    for (int i = 0; i < n; i++) {
      auto c1 = go::make_chan<int>(1);
      auto c2 = go::make_chan<int>();
      c1.send(1);
      go::go([=] {
        if (go::select(go::recv(c1), go::recv(c2), go::default_()) == 2) {
          done.send(false);
          return;
        }
        done.send(true);
      });
      close(c2);
      go::select(go::recv(c1), go::default_());
      ASSERT_TRUE(done.recv()) << "no chan is ready (iteration " << i << ")";
    }
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestSelfSelect
// Ensure that send/recv on the same chan in select does not crash nor deadlock.
// (Go's counts.)

TEST_P(GoRuntimeChan, TestSelfSelect) {
  go::run(cfg(), [] {
    for (int chanCap : {0, 10}) {
      go::sync::WaitGroup wg;
      wg.Add(2);
      auto c = go::make_chan<int>(chanCap);
      for (int p = 0; p < 2; p++) {
        go::go([&wg, c, p, chanCap] {
          struct done_guard {
            go::sync::WaitGroup& wg;
            ~done_guard() { wg.Done(); }  // defer wg.Done()
          } g{wg};
          for (int i = 0; i < 1000; i++) {
            bool self_receive = false;
            auto on_recv = [&](int v) {
              if (chanCap == 0 && v == p) self_receive = true;
            };
            if (p == 0 || i % 2 == 0) {
              go::select(go::send(c, p), go::recv(c, on_recv));
            } else {
              go::select(go::recv(c, on_recv), go::send(c, p));
            }
            if (self_receive) {
              ADD_FAILURE() << "self receive";
              return;
            }
          }
        });
      }
      wg.Wait();
    }
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestSelectStress
// Go's N = 1e5: 10 goroutines, 3.2 million channel operations in all.

TEST_P(GoRuntimeChan, TestSelectStress) {
  go::run(cfg(), [] {
    std::array<go::chan<int>, 4> c;
    c[0] = go::make_chan<int>();
    c[1] = go::make_chan<int>();
    c[2] = go::make_chan<int>(2);
    c[3] = go::make_chan<int>(3);
    static constexpr int N = 100000;
    // There are 4 goroutines that send N values on each of the chans,
    // + 4 goroutines that receive N values on each of the chans,
    // + 1 goroutine that sends N values on each of the chans in a single select,
    // + 1 goroutine that receives N values on each of the chans in a single select.
    // All these sends, receives and selects interact chaotically at runtime,
    // but we are careful that this whole construct does not deadlock.
    go::sync::WaitGroup wg;
    wg.Add(10);
    for (int k = 0; k < 4; k++) {
      go::go([&wg, c, k] {
        for (int i = 0; i < N; i++) {
          c[k].send(0);
        }
        wg.Done();
      });
      go::go([&wg, c, k] {
        for (int i = 0; i < N; i++) {
          c[k].recv();
        }
        wg.Done();
      });
    }
    go::go([&wg, c] {
      int n[4] = {};
      auto c1 = c;
      for (int i = 0; i < 4 * N; i++) {
        auto sent = [&](int k) {
          return [&, k] {
            n[k]++;
            if (n[k] == N) c1[k] = nullptr;
          };
        };
        go::select(go::send(c1[3], 0, sent(3)), go::send(c1[2], 0, sent(2)), go::send(c1[0], 0, sent(0)),
                   go::send(c1[1], 0, sent(1)));
      }
      for (int k = 0; k < 4; k++) EXPECT_EQ(n[k], N);
      wg.Done();
    });
    go::go([&wg, c] {
      int n[4] = {};
      auto c1 = c;
      for (int i = 0; i < 4 * N; i++) {
        auto got = [&](int k) {
          return [&, k] {
            n[k]++;
            if (n[k] == N) c1[k] = nullptr;
          };
        };
        go::select(go::recv(c1[0], got(0)), go::recv(c1[1], got(1)), go::recv(c1[2], got(2)),
                   go::recv(c1[3], got(3)));
      }
      for (int k = 0; k < 4; k++) EXPECT_EQ(n[k], N);
      wg.Done();
    });
    wg.Wait();
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestSelectFairness (Go's trials = 10000)

TEST_P(GoRuntimeChan, TestSelectFairness) {
  go::run(cfg(), [] {
    constexpr int trials = 10000;
    auto c1 = go::make_chan<std::uint8_t>(trials + 1);
    auto c2 = go::make_chan<std::uint8_t>(trials + 1);
    for (int i = 0; i < trials + 1; i++) {
      c1.send(1);
      c2.send(2);
    }
    auto c3 = go::make_chan<std::uint8_t>();
    auto c4 = go::make_chan<std::uint8_t>();
    auto out = go::make_chan<std::uint8_t>();
    auto done = go::make_chan<std::uint8_t>();
    go::sync::WaitGroup wg;
    wg.Add(1);
    go::go([=, &wg] {
      for (;;) {
        std::uint8_t b = 0;
        go::select(go::recv(c3, &b), go::recv(c4, &b), go::recv(c1, &b), go::recv(c2, &b));
        if (go::select(go::send(out, b), go::recv(done)) == 1) {
          wg.Done();
          return;
        }
      }
    });
    int cnt1 = 0, cnt2 = 0;
    for (int i = 0; i < trials; i++) {
      switch (std::uint8_t b = out.recv(); b) {
        case 1: cnt1++; break;
        case 2: cnt2++; break;
        default: FAIL() << "unexpected value " << int(b) << " on channel";
      }
    }
    // If the select in the goroutine is fair,
    // cnt1 and cnt2 should be about the same value.
    // With 10,000 trials, the expected margin of error at
    // a confidence level of six nines is 4.891676 / (2 * Sqrt(10000)).
    double r = double(cnt1) / trials;
    double e = std::abs(r - 0.5);
    EXPECT_LE(e, 4.891676 / (2 * std::sqrt(double(trials))))
        << "unfair select: in " << trials << " trials, results were " << cnt1 << ", " << cnt2;
    close(done);
    wg.Wait();
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestChanSendInterface
// (chan any: std::any holding a pointer; the test is that these selects compile and do not block.)

TEST_P(GoRuntimeChan, TestChanSendInterface) {
  go::run(cfg(), [] {
    struct mt {};
    auto m = std::make_shared<mt>();
    auto c = go::make_chan<std::any>(1);
    c.send(m);
    EXPECT_EQ(go::select(go::send(c, m), go::default_()), 1);
    EXPECT_EQ(go::select(go::send(c, m), go::send(c, std::make_shared<mt>()), go::default_()), 2);
    EXPECT_EQ(std::any_cast<std::shared_ptr<mt>>(c.recv()), m);
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestPseudoRandomSend (Go's n = 100)

TEST_P(GoRuntimeChan, TestPseudoRandomSend) {
  go::run(cfg(), [] {
    const int n = 100;
    for (int chanCap : {0, n}) {
      auto c = go::make_chan<int>(chanCap);
      std::vector<int> l(n);
      go::sync::Mutex m;
      m.Lock();
      go::go([&, c] {
        for (int i = 0; i < n; i++) {
          go::yield();  // runtime.Gosched()
          l[i] = c.recv();
        }
        m.Unlock();
      });
      for (int i = 0; i < n; i++) {
        go::select(go::send(c, 1), go::send(c, 0));
      }
      m.Lock();  // wait
      int n0 = 0;
      int n1 = 0;
      for (int i : l) {
        n0 += (i + 1) % 2;
        n1 += i;
      }
      EXPECT_TRUE(n0 > n / 10 && n1 > n / 10)
          << "Want pseudorandom, got " << n0 << " zeros and " << n1 << " ones (chan cap " << chanCap << ")";
      m.Unlock();
    }
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestMultiConsumer
// Go's counts (niter = 271828, 23 workers).

TEST_P(GoRuntimeChan, TestMultiConsumer) {
  go::run(cfg(), [] {
    constexpr int nwork = 23;
    constexpr int niter = 271828;

    const std::vector<int> pn = {2, 3, 7, 11, 13, 17, 19, 23, 27, 31};

    auto q = go::make_chan<int>(nwork * 3);
    auto r = go::make_chan<int>(nwork * 3);

    // workers
    go::sync::WaitGroup wg;
    for (int i = 0; i < nwork; i++) {
      wg.Add(1);
      go::go([&, q, r, w = i] {
        for (int v : q) {
          // mess with the fifo-ish nature of range
          if (pn[w % pn.size()] == v) {
            go::yield();
          }
          r.send(v);
        }
        wg.Done();
      });
    }

    // feeder & closer
    long long expect = 0;
    go::go([&, q, r] {
      for (int i = 0; i < niter; i++) {
        int v = pn[i % pn.size()];
        expect += v;
        q.send(v);
      }
      close(q);   // no more work
      wg.Wait();  // workers done
      close(r);   // ... so there can be no more results
    });

    // consume & check
    int n = 0;
    long long s = 0;
    for (int v : r) {
      n++;
      s += v;
    }
    EXPECT_TRUE(n == niter && s == expect)
        << "Expected sum " << expect << " (got " << s << ") from " << niter << " iter (saw " << n << ")";
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chanbarrier_test.go TestChanSendSelectBarrier (and TestChanSendBarrier)
// Go's outer = 100, inner = 100000 (10 and 1000 with -short); here 100 x 1000
// requests, each with its own goroutine (under ThreadSanitizer Go's -short 10 x 1000:
// TSan's set-up of a fiber, above, made 100,000 of them take 400 s). In Go the test is
// about GC write barriers on the value passed through the channel; here it
// checks that the value (an error with a dynamic type) arrives intact.

namespace barrier {

struct response {};

struct myError : go::error_value {
  std::string Error() const override { return ""; }
};

struct async {
  response* resp = nullptr;
  go::error err;
};

std::pair<response*, go::error> doRequest(bool useSelect) {
  auto ch = go::make_chan<std::shared_ptr<async>>(0);
  auto done = go::make_chan<std::uint8_t>(0);  // chan struct{}

  if (useSelect) {
    go::go([=] {
      go::select(go::send(ch, std::make_shared<async>(async{nullptr, go::make_error<myError>()})), go::recv(done));
    });
  } else {
    go::go([=] { ch.send(std::make_shared<async>(async{nullptr, go::make_error<myError>()})); });
  }

  auto r = ch.recv();
  go::yield();  // runtime.Gosched()
  return {r->resp, r->err};
}

void testChanSendBarrier(bool useSelect) {
  go::sync::WaitGroup wg;
  go::sync::Mutex globalMu;
  std::vector<std::uint8_t> global;
#if defined(__SANITIZE_THREAD__)
  const int outer = 10;
#else
  const int outer = 100;
#endif
  const int inner = 1000;
  std::atomic<int> bad{0};
  for (int i = 0; i < outer; i++) {
    wg.Add(1);
    go::go([&] {
      std::vector<std::uint8_t> garbage;
      for (int j = 0; j < inner; j++) {
        auto [resp, err] = doRequest(useSelect);
        (void)resp;
        if (dynamic_cast<const myError*>(err.get()) == nullptr) {  // _, ok := err.(myError)
          bad++;                                                    // Go: panic(1)
        }
        garbage = std::vector<std::uint8_t>(1 << 10);
      }
      globalMu.Lock();
      global = garbage;
      globalMu.Unlock();
      wg.Done();  // defer wg.Done()
    });
  }
  wg.Wait();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_EQ(global.size(), 1024u);
}

}  // namespace barrier

TEST_P(GoRuntimeChan, TestChanSendSelectBarrier) {
  go::run(cfg(), [] { barrier::testChanSendBarrier(true); });
}

TEST_P(GoRuntimeChan, TestChanSendBarrier) {
  go::run(cfg(), [] { barrier::testChanSendBarrier(false); });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestSelectDuplicateChannel
// This test makes sure we can queue a G on the same channel multiple times.

TEST_P(GoRuntimeChan, TestSelectDuplicateChannel) {
  go::run(cfg(), [] {
    auto c = go::make_chan<int>();
    auto d = go::make_chan<int>();
    auto e = go::make_chan<int>();

    // goroutine A
    go::go([=] {
      go::select(go::recv(c), go::recv(c), go::recv(d));
      e.send(9);
    });
    go::time::Sleep(go::time::Millisecond);  // make sure goroutine A gets queued first on c

    // goroutine B
    auto b_got = go::make_chan<int>(1);
    go::go([=] { b_got.send(c.recv()); });
    go::time::Sleep(go::time::Millisecond);  // make sure goroutine B gets queued on c before continuing

    d.send(7);  // wake up A, it dequeues itself from c.  This operation used to corrupt c.recvq.
    EXPECT_EQ(e.recv(), 9);  // A tells us it's done
    c.send(8);  // wake up B.  This operation used to fail because c.recvq was corrupted (it tries to wake up an
                // already running G instead of B)
    EXPECT_EQ(b_got.recv(), 8);  // (added: B really received the value)
  });
}

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go TestSelectStackAdjust
// In Go the test checks that receive slots pointing into a goroutine's stack
// are adjusted when the GC shrinks (moves) that stack while it is parked in a
// select. Fibers' stacks never move, so that failure mode does not exist here
// and runtime.GC() has no counterpart. What remains meaningful, and is kept
// unchanged: a select parked with a receive slot on its own stack (cx), a nil
// channel case and, in the `dup` goroutine, the same channels twice, all woken
// by close(d); the slot of the unchosen case (cx) must be left untouched.

TEST_P(GoRuntimeChan, TestSelectStackAdjust) {
  go::run(cfg(), [] {
    // Test that channel receive slots that contain local stack
    // pointers are adjusted correctly by stack shrinking.
    auto c = go::make_chan<int*>();
    auto d = go::make_chan<int*>();
    auto ready1 = go::make_chan<bool>();
    auto ready2 = go::make_chan<bool>();

    auto f = [=](go::chan<bool> ready, bool dup) {
      // Temporarily grow the stack to 10K.
      stackGrowthRecursive((10 << 10) / (128 * 8));

      // We're ready to trigger GC and stack shrink.
      ready.send(true);

      int val = 42;
      int* cx = &val;

      go::chan<int*> c2;
      go::chan<int*> d2;
      if (dup) {
        c2 = c;
        d2 = d;
      }

      // Receive from d. cx won't be affected.
      go::select(go::recv(c, &cx), go::recv(c2), go::recv(d), go::recv(d2));

      // Check that pointer in cx was adjusted correctly.
      if (cx != &val) {
        ADD_FAILURE() << "cx no longer points to val";
      } else if (val != 42) {
        ADD_FAILURE() << "val changed";
      } else {
        *cx = 43;
        if (val != 43) {
          ADD_FAILURE() << "changing *cx failed to change val";
        }
      }
      ready.send(true);
    };

    go::go([=] { f(ready1, false); });
    go::go([=] { f(ready2, true); });

    // Let the goroutines get into the select.
    ready1.recv();
    ready2.recv();
    go::time::Sleep(10 * go::time::Millisecond);

    // Force concurrent GC to shrink the stacks. (No counterpart: see above.)

    // Wake selects.
    close(d);
    ready1.recv();
    ready2.recv();
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, GoRuntimeChan, ::testing::Values(1, 2), threads_name);

}  // namespace
