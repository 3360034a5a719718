// Go's channel benchmarks (runtime/chan_test.go, Go 1.19), ported scenario by
// scenario onto go::chan / go::select, plus the same producer/consumer shapes
// on Boost.Fiber's own channels for comparison.
//
// How ns/op is kept comparable with Go's (see bench/README.md):
//   Go runs a benchmark function with b.N and reports elapsed / b.N. Here the
//   Google Benchmark iteration count plays b.N: each run takes the whole count
//   in one KeepRunningBatch(max_iterations), executes the Go benchmark body once
//   with b.N = that count inside a fresh go::run({.threads = T}), times it with
//   steady_clock from the first statement of the body to its return (runtime
//   start-up and shutdown are outside, as Go's runtime is already up), and
//   reports it with SetIterationTime. Google Benchmark divides the manual time
//   by the iteration count, so the "Time" column is Go's ns/op.
//
//   b.RunParallel is mirrored by run_parallel(): GOMAXPROCS (= worker threads)
//   fibers sharing an atomic iteration counter handed out in grains of ~100 µs
//   of work, computed from the previous run exactly as testing.(*B).RunParallel
//   does.
//
//   Names: <GoName>/threads:<T>/manual_time, T = Go's -cpu value (GOMAXPROCS).
#include <benchmark/benchmark.h>

#include <boost/fiber/buffered_channel.hpp>
#include <boost/fiber/unbuffered_channel.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"

namespace {

using clk = std::chrono::steady_clock;

// The part of Go's *testing.B the benchmark bodies use.
struct B {
  std::int64_t N = 0;
  int gomaxprocs = 1;
  std::uint64_t grain = 1;  // for run_parallel
  std::atomic<int> errors{0};
};

// Go: testing.PB
class PB {
 public:
  PB(std::atomic<std::uint64_t>* global, std::uint64_t grain, std::uint64_t bN)
      : global_(global), grain_(grain), bN_(bN) {}
  bool Next() {
    if (cache_ == 0) {
      std::uint64_t n = global_->fetch_add(grain_, std::memory_order_relaxed) + grain_;
      if (n <= bN_) {
        cache_ = grain_;
      } else if (n < bN_ + grain_) {
        cache_ = bN_ + grain_ - n;
      } else {
        return false;
      }
    }
    cache_--;
    return true;
  }

 private:
  std::atomic<std::uint64_t>* global_;
  std::uint64_t grain_;
  std::uint64_t bN_;
  std::uint64_t cache_ = 0;
};

// Go: testing.(*B).RunParallel — one goroutine per GOMAXPROCS (parallelism 1),
// waited for with a WaitGroup (here: a buffered channel, off the hot path).
template <class Body>
void run_parallel(B& b, Body body) {
  if (b.N == 0) return;
  std::atomic<std::uint64_t> n{0};
  const int procs = b.gomaxprocs;
  auto wg = go::make_chan<int>(procs);
  for (int p = 0; p < procs; ++p) {
    go::go([&, wg] {
      PB pb(&n, b.grain, static_cast<std::uint64_t>(b.N));
      body(pb);
      wg.send(1);
    });
  }
  for (int p = 0; p < procs; ++p) wg.recv();
}

struct previous_run {
  std::int64_t n = 0;
  double seconds = 0;
};

// Runs `body(b)` once per Google Benchmark run with b.N = the run's iteration
// count, on T = state.range(0) worker threads.
template <class Body>
void go_bench(benchmark::State& state, const char* name, Body body) {
  const int threads = static_cast<int>(state.range(0));
  static std::map<std::pair<std::string, int>, previous_run> previous;
  previous_run& prev = previous[{name, threads}];
  while (state.KeepRunningBatch(state.max_iterations)) {
    B b;
    b.N = static_cast<std::int64_t>(state.max_iterations);
    b.gomaxprocs = threads;
    // Go: grain = 1e5 * previousN / previousDuration(ns), clamped to [1, 1e4].
    std::uint64_t grain = 0;
    if (prev.n > 0 && prev.seconds > 0) {
      grain = static_cast<std::uint64_t>(1e5 * static_cast<double>(prev.n) / (prev.seconds * 1e9));
    }
    b.grain = std::min<std::uint64_t>(std::max<std::uint64_t>(grain, 1), 10000);
    double secs = 0;
    go::run({.threads = threads}, [&] {
      auto t0 = clk::now();
      body(b);
      secs = std::chrono::duration<double>(clk::now() - t0).count();
    });
    state.SetIterationTime(secs);
    prev = {b.N, secs};
    if (b.errors.load() != 0) {
      state.SkipWithError("benchmark body reported an error (Go: b.Error)");
      break;
    }
  }
}

// ---------------------------------------------------------------------------
// Channel adapters, so the producer/consumer shapes run unchanged on
// go::chan<int> and on Boost.Fiber's channels.

struct go_int_chan {
  explicit go_int_chan(int size) : c(go::make_chan<int>(size)) {}
  void send(int v) { c.send(v); }
  int recv() { return c.recv(); }
  go::chan<int> c;
};

// boost::fibers::unbuffered_channel: push() returns once a consumer took the value.
struct boost_unbuffered_chan {
  explicit boost_unbuffered_chan(int /*size: 0*/) {}
  void send(int v) { c.push(v); }
  int recv() { return c.value_pop(); }
  boost::fibers::unbuffered_channel<int> c;
};

// boost::fibers::buffered_channel needs a power-of-two capacity >= 2 and holds
// capacity-1 values: Go's size 10 becomes 16 (15 slots), 100 becomes 128 (127).
struct boost_buffered_chan {
  static std::size_t pow2_above(int size) {
    std::size_t c = 2;
    while (c < static_cast<std::size_t>(size) + 1) c *= 2;
    return c;
  }
  explicit boost_buffered_chan(int size) : c(pow2_above(size)) {}
  void send(int v) { c.push(v); }
  int recv() { return c.value_pop(); }
  boost::fibers::buffered_channel<int> c;
};

// ---------------------------------------------------------------------------
// go: runtime/chan_test.go BenchmarkChanNonblocking

void BM_ChanNonblocking(benchmark::State& state) {
  go_bench(state, "ChanNonblocking", [](B& b) {
    auto myc = go::make_chan<int>();
    run_parallel(b, [&](PB& pb) {
      while (pb.Next()) {
        go::select(go::recv(myc), go::default_());
      }
    });
  });
}

// go: runtime/chan_test.go BenchmarkSelectUncontended
void BM_SelectUncontended(benchmark::State& state) {
  go_bench(state, "SelectUncontended", [](B& b) {
    run_parallel(b, [&](PB& pb) {
      auto myc1 = go::make_chan<int>(1);
      auto myc2 = go::make_chan<int>(1);
      myc1.send(0);
      while (pb.Next()) {
        switch (go::select(go::recv(myc1), go::recv(myc2))) {
          case 0: myc2.send(0); break;
          case 1: myc1.send(0); break;
        }
      }
    });
  });
}

// go: runtime/chan_test.go BenchmarkSelectSyncContended
void BM_SelectSyncContended(benchmark::State& state) {
  go_bench(state, "SelectSyncContended", [](B& b) {
    auto myc1 = go::make_chan<int>();
    auto myc2 = go::make_chan<int>();
    auto myc3 = go::make_chan<int>();
    auto done = go::make_chan<int>();
    run_parallel(b, [&](PB& pb) {
      go::go([=] {
        for (;;) {
          if (go::select(go::send(myc1, 0), go::send(myc2, 0), go::send(myc3, 0), go::recv(done)) == 3) return;
        }
      });
      while (pb.Next()) {
        go::select(go::recv(myc1), go::recv(myc2), go::recv(myc3));
      }
    });
    close(done);
  });
}

// go: runtime/chan_test.go BenchmarkSelectAsyncContended
void BM_SelectAsyncContended(benchmark::State& state) {
  go_bench(state, "SelectAsyncContended", [](B& b) {
    const int procs = b.gomaxprocs;
    auto myc1 = go::make_chan<int>(procs);
    auto myc2 = go::make_chan<int>(procs);
    run_parallel(b, [&](PB& pb) {
      myc1.send(0);
      while (pb.Next()) {
        switch (go::select(go::recv(myc1), go::recv(myc2))) {
          case 0: myc2.send(0); break;
          case 1: myc1.send(0); break;
        }
      }
    });
  });
}

// go: runtime/chan_test.go BenchmarkChanUncontended
void BM_ChanUncontended(benchmark::State& state) {
  go_bench(state, "ChanUncontended", [](B& b) {
    constexpr int C = 100;
    run_parallel(b, [&](PB& pb) {
      auto myc = go::make_chan<int>(C);
      while (pb.Next()) {
        for (int i = 0; i < C; i++) myc.send(0);
        for (int i = 0; i < C; i++) myc.recv();
      }
    });
  });
}

// go: runtime/chan_test.go BenchmarkChanContended
void BM_ChanContended(benchmark::State& state) {
  go_bench(state, "ChanContended", [](B& b) {
    constexpr int C = 100;
    auto myc = go::make_chan<int>(C * b.gomaxprocs);
    run_parallel(b, [&](PB& pb) {
      while (pb.Next()) {
        for (int i = 0; i < C; i++) myc.send(0);
        for (int i = 0; i < C; i++) myc.recv();
      }
    });
  });
}

// go: runtime/chan_test.go benchmarkChanSync (work = 0): two goroutines whatever
// GOMAXPROCS is, ping-ponging on one unbuffered channel.
template <class Chan>
void chan_sync(B& b) {
  constexpr int CallsPerSched = 1000;
  constexpr int procs = 2;
  std::atomic<std::int32_t> N{static_cast<std::int32_t>(b.N / CallsPerSched / procs * procs)};
  auto c = go::make_chan<bool>(procs);
  Chan myc(0);
  for (int p = 0; p < procs; p++) {
    go::go([&, c] {
      for (;;) {
        std::int32_t i = N.fetch_sub(1) - 1;  // atomic.AddInt32(&N, -1)
        if (i < 0) break;
        for (int g = 0; g < CallsPerSched; g++) {
          if (i % 2 == 0) {
            myc.recv();
            myc.send(0);
          } else {
            myc.send(0);
            myc.recv();
          }
        }
      }
      c.send(true);
    });
  }
  for (int p = 0; p < procs; p++) c.recv();
}

void BM_ChanSync(benchmark::State& state) { go_bench(state, "ChanSync", chan_sync<go_int_chan>); }
void BM_BoostFiber_ChanSync(benchmark::State& state) {
  go_bench(state, "BoostFiber/ChanSync", chan_sync<boost_unbuffered_chan>);
}

// go: runtime/chan_test.go benchmarkChanProdCons (localWork = 0)
template <class Chan>
void chan_prod_cons(B& b, int chanSize) {
  constexpr int CallsPerSched = 1000;
  const int procs = b.gomaxprocs;
  std::atomic<std::int32_t> N{static_cast<std::int32_t>(b.N / CallsPerSched)};
  auto c = go::make_chan<bool>(2 * procs);
  Chan myc(chanSize);
  for (int p = 0; p < procs; p++) {
    go::go([&, c] {
      int foo = 0;
      while (N.fetch_sub(1) - 1 >= 0) {
        for (int g = 0; g < CallsPerSched; g++) {
          myc.send(1);
        }
      }
      myc.send(0);
      c.send(foo == 42);
    });
    go::go([&, c] {
      int foo = 0;
      for (;;) {
        int v = myc.recv();
        if (v == 0) break;
      }
      c.send(foo == 42);
    });
  }
  for (int p = 0; p < procs; p++) {
    c.recv();
    c.recv();
  }
}

void BM_ChanProdCons0(benchmark::State& state) {
  go_bench(state, "ChanProdCons0", [](B& b) { chan_prod_cons<go_int_chan>(b, 0); });
}
void BM_ChanProdCons10(benchmark::State& state) {
  go_bench(state, "ChanProdCons10", [](B& b) { chan_prod_cons<go_int_chan>(b, 10); });
}
void BM_ChanProdCons100(benchmark::State& state) {
  go_bench(state, "ChanProdCons100", [](B& b) { chan_prod_cons<go_int_chan>(b, 100); });
}
void BM_BoostFiber_ChanProdCons0(benchmark::State& state) {
  go_bench(state, "BoostFiber/ChanProdCons0", [](B& b) { chan_prod_cons<boost_unbuffered_chan>(b, 0); });
}
void BM_BoostFiber_ChanProdCons10(benchmark::State& state) {
  go_bench(state, "BoostFiber/ChanProdCons10", [](B& b) { chan_prod_cons<boost_buffered_chan>(b, 10); });
}
void BM_BoostFiber_ChanProdCons100(benchmark::State& state) {
  go_bench(state, "BoostFiber/ChanProdCons100", [](B& b) { chan_prod_cons<boost_buffered_chan>(b, 100); });
}

// go: runtime/chan_test.go BenchmarkSelectProdCons
//
// Go's `mytimer := time.After(time.Hour)` is a capacity-1 channel that nothing
// sends on while the benchmark runs; a select case on it costs what a case on
// any such channel costs, so an idle capacity-1 channel stands in for it.
void local_work_100(int& foo) {
  // Go: for i := 0; i < 100; i++ { foo *= 2; foo /= 2 }
  // Go's int wraps, so foo*2/2 is not foo and the loop stays; the unsigned
  // multiply keeps that (a signed one would let the compiler fold it away), and
  // DoNotOptimize keeps the loop from being collapsed.
  for (int i = 0; i < 100; i++) {
    foo = static_cast<int>(static_cast<unsigned>(foo) * 2u);
    foo /= 2;
    benchmark::DoNotOptimize(foo);
  }
}

void BM_SelectProdCons(benchmark::State& state) {
  go_bench(state, "SelectProdCons", [](B& b) {
    constexpr int CallsPerSched = 1000;
    const int procs = b.gomaxprocs;
    std::atomic<std::int32_t> N{static_cast<std::int32_t>(b.N / CallsPerSched)};
    auto c = go::make_chan<bool>(2 * procs);
    auto myc = go::make_chan<int>(128);
    auto myclose = go::make_chan<bool>();
    for (int p = 0; p < procs; p++) {
      go::go([&, c] {
        // Producer: sends to myc.
        int foo = 0;
        auto mytimer = go::make_chan<bool>(1);  // time.After(time.Hour)
        while (N.fetch_sub(1) - 1 >= 0) {
          for (int g = 0; g < CallsPerSched; g++) {
            local_work_100(foo);
            go::select(go::send(myc, 1), go::recv(mytimer), go::recv(myclose));
          }
        }
        myc.send(0);
        c.send(foo == 42);
      });
      go::go([&, c] {
        // Consumer: receives from myc.
        int foo = 0;
        auto mytimer = go::make_chan<bool>(1);  // time.After(time.Hour)
        for (;;) {
          int v = -1;
          if (go::select(go::recv(myc, &v), go::recv(mytimer), go::recv(myclose)) == 0 && v == 0) break;
          local_work_100(foo);
        }
        c.send(foo == 42);
      });
    }
    for (int p = 0; p < procs; p++) {
      c.recv();
      c.recv();
    }
  });
}

// go: runtime/chan_test.go BenchmarkChanSem
void BM_ChanSem(benchmark::State& state) {
  go_bench(state, "ChanSem", [](B& b) {
    struct Empty {};
    auto myc = go::make_chan<Empty>(b.gomaxprocs);
    run_parallel(b, [&](PB& pb) {
      while (pb.Next()) {
        myc.send(Empty{});
        myc.recv();
      }
    });
  });
}

// go: sync/mutex_test.go BenchmarkMutexUncontended (each worker its own padded mutex)
void BM_MutexUncontended(benchmark::State& state) {
  go_bench(state, "MutexUncontended", [](B& b) {
    struct PaddedMutex {
      go::sync::Mutex mu;
      std::uint8_t pad[128];
    };
    run_parallel(b, [&](PB& pb) {
      PaddedMutex mu;
      while (pb.Next()) {
        mu.mu.Lock();
        mu.mu.Unlock();
      }
    });
  });
}

// go: sync/mutex_test.go BenchmarkMutex (benchmarkMutex(b, false, false): one mutex, every worker)
void BM_Mutex(benchmark::State& state) {
  go_bench(state, "Mutex", [](B& b) {
    go::sync::Mutex mu;
    run_parallel(b, [&](PB& pb) {
      while (pb.Next()) {
        mu.Lock();
        mu.Unlock();
      }
    });
  });
}

// go: runtime/chan_test.go BenchmarkChanPopular
void BM_ChanPopular(benchmark::State& state) {
  go_bench(state, "ChanPopular", [](B& b) {
    constexpr int n = 1000;
    auto c = go::make_chan<bool>();
    std::vector<go::chan<bool>> a;
    auto wg = go::make_chan<int>(n);  // sync.WaitGroup (Add(n) ... Wait), off the hot path
    for (int j = 0; j < n; j++) {
      auto d = go::make_chan<bool>();
      a.push_back(d);
      go::go([&b, c, d, wg] {
        for (std::int64_t i = 0; i < b.N; i++) {
          go::select(go::recv(c), go::recv(d));
        }
        wg.send(1);
      });
    }
    for (std::int64_t i = 0; i < b.N; i++) {
      for (auto& d : a) d.send(true);
    }
    for (int j = 0; j < n; j++) wg.recv();
  });
}

// go: runtime/chan_test.go BenchmarkChanClosed
void BM_ChanClosed(benchmark::State& state) {
  go_bench(state, "ChanClosed", [](B& b) {
    struct Empty {};
    auto c = go::make_chan<Empty>();
    close(c);
    run_parallel(b, [&](PB& pb) {
      while (pb.Next()) {
        go::select(go::recv(c), go::default_([&] { b.errors.fetch_add(1); }));  // b.Error("Unreachable")
      }
    });
  });
}

// go: runtime/proc_test.go BenchmarkCreateGoroutines (benchmarkCreateGoroutines(b, 1)): a chain
// of b.N goroutines, each starting the next and exiting, so one op is a spawn, a first run and an
// exit (the stack taken from and given back to the stack cache).
void BM_CreateGoroutines(benchmark::State& state) {
  go_bench(state, "CreateGoroutines", [](B& b) {
    auto c = go::make_chan<bool>();
    std::function<void(std::int64_t)> f;
    f = [&f, c](std::int64_t n) {
      if (n == 0) {
        c.send(true);
        return;
      }
      go::go([&f, n] { f(n - 1); });
    };
    go::go([&f, &b] { f(b.N); });
    c.recv();
  });
}

void threads_1_2(benchmark::internal::Benchmark* bm) {
  bm->ArgName("threads")->Arg(1)->Arg(2)->UseManualTime()->Unit(benchmark::kNanosecond);
}

}  // namespace

BENCHMARK(BM_ChanNonblocking)->Name("ChanNonblocking")->Apply(threads_1_2);
BENCHMARK(BM_SelectUncontended)->Name("SelectUncontended")->Apply(threads_1_2);
BENCHMARK(BM_SelectSyncContended)->Name("SelectSyncContended")->Apply(threads_1_2);
BENCHMARK(BM_SelectAsyncContended)->Name("SelectAsyncContended")->Apply(threads_1_2);
BENCHMARK(BM_ChanUncontended)->Name("ChanUncontended")->Apply(threads_1_2);
BENCHMARK(BM_ChanContended)->Name("ChanContended")->Apply(threads_1_2);
BENCHMARK(BM_ChanSync)->Name("ChanSync")->Apply(threads_1_2);
BENCHMARK(BM_ChanProdCons0)->Name("ChanProdCons0")->Apply(threads_1_2);
BENCHMARK(BM_ChanProdCons10)->Name("ChanProdCons10")->Apply(threads_1_2);
BENCHMARK(BM_ChanProdCons100)->Name("ChanProdCons100")->Apply(threads_1_2);
BENCHMARK(BM_SelectProdCons)->Name("SelectProdCons")->Apply(threads_1_2);
BENCHMARK(BM_ChanSem)->Name("ChanSem")->Apply(threads_1_2);
BENCHMARK(BM_ChanPopular)->Name("ChanPopular")->Apply(threads_1_2);
BENCHMARK(BM_ChanClosed)->Name("ChanClosed")->Apply(threads_1_2);
BENCHMARK(BM_CreateGoroutines)->Name("CreateGoroutines")->Apply(threads_1_2);
BENCHMARK(BM_MutexUncontended)->Name("MutexUncontended")->Apply(threads_1_2);
BENCHMARK(BM_Mutex)->Name("Mutex")->Apply(threads_1_2);

BENCHMARK(BM_BoostFiber_ChanSync)->Name("BoostFiber/ChanSync")->Apply(threads_1_2);
BENCHMARK(BM_BoostFiber_ChanProdCons0)->Name("BoostFiber/ChanProdCons0")->Apply(threads_1_2);
BENCHMARK(BM_BoostFiber_ChanProdCons10)->Name("BoostFiber/ChanProdCons10")->Apply(threads_1_2);
BENCHMARK(BM_BoostFiber_ChanProdCons100)->Name("BoostFiber/ChanProdCons100")->Apply(threads_1_2);

BENCHMARK_MAIN();
