// Issue 3's two benchmarks: a UDP round trip between two fibers through the runtime's epoll
// poller, against the same round trip between two threads on plain blocking sockets; and the
// timers' overhead with 10,000 sleeping fibers against none.
//
//   UDPRoundTrip/fibers/threads:T   client fiber Write+Read on a dialed go::net::UDPConn, an echo
//                                   fiber ReadFrom+WriteTo on another, both in go::run({.threads = T})
//   UDPRoundTrip/blocking_threads   the same 64-byte echo between two std::threads, blocking
//                                   sendto/recvfrom on plain sockets (no runtime at all)
//   Sleep/virtual/sleepers:K        time.Sleep(1 µs) in the deterministic runtime (virtual time:
//                                   no real waiting, so this is the runtime's own cost per Sleep:
//                                   timer push, park, clock jump, timer fire, wake) with K other
//                                   fibers parked on a 1-hour timer each (a timer heap of K+1)
//   TimerStartStop/sleepers:K       time.NewTimer(1 h) + Stop, with K sleepers' timers in the heap
//   TimerFire/real/sleepers:K       K fibers each sleeping 1 ms, 20 times, on the real clock; per
//                                   iteration all K*20 fires (ideal: 20 ms); counters give the
//                                   worker's CPU ns per fire (fiber creation not timed)
#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "chan/chan.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

namespace gotime = go::time;
constexpr std::size_t kMsg = 64;

void BM_UDPRoundTripFibers(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  go::run({.threads = threads}, [&] {
    go::net::UDPAddr lo(go::net::IPv4(127, 0, 0, 1), 0);
    auto [srv, err] = go::net::ListenUDP("udp", &lo);
    if (err) throw std::runtime_error(err.Error());
    auto srvAddr = std::dynamic_pointer_cast<const go::net::UDPAddr>(srv->LocalAddr());
    auto [cli, err2] = go::net::DialUDP("udp", nullptr, srvAddr.get());
    if (err2) throw std::runtime_error(err2.Error());
    go::go([srv = srv] {  // the echo goroutine: ends when srv is closed
      std::vector<std::uint8_t> buf(1500);
      for (;;) {
        auto [n, from, e] = srv->ReadFrom(buf);
        if (e) return;
        srv->WriteTo(std::span<const std::uint8_t>(buf.data(), static_cast<std::size_t>(n)), *from);
      }
    });
    std::vector<std::uint8_t> msg(kMsg, 0x5a), buf(1500);
    for (auto _ : state) {
      cli->Write(msg);
      auto [n, e] = cli->Read(buf);
      if (e || n != static_cast<int>(kMsg)) throw std::runtime_error("bad echo");
    }
    cli->Close();
    srv->Close();
  });
}
BENCHMARK(BM_UDPRoundTripFibers)->Name("UDPRoundTrip/fibers")->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();

int udp_socket_on_loopback(sockaddr_in* bound) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("bind");
  socklen_t len = sizeof *bound;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(bound), &len);
  return fd;
}

void BM_UDPRoundTripBlockingThreads(benchmark::State& state) {
  sockaddr_in srvAddr{}, cliAddr{};
  int srv = udp_socket_on_loopback(&srvAddr);
  int cli = udp_socket_on_loopback(&cliAddr);
  ::connect(cli, reinterpret_cast<sockaddr*>(&srvAddr), sizeof srvAddr);
  std::thread echo([srv] {  // ends on a 0-byte datagram
    std::uint8_t buf[1500];
    for (;;) {
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n = ::recvfrom(srv, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n <= 0) return;
      ::sendto(srv, buf, static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
    }
  });
  std::uint8_t msg[kMsg] = {}, buf[1500];
  for (auto _ : state) {
    ::send(cli, msg, sizeof msg, 0);
    if (::recv(cli, buf, sizeof buf, 0) != static_cast<ssize_t>(kMsg)) {
      state.SkipWithError("bad echo");
      break;
    }
  }
  ::send(cli, msg, 0, 0);
  echo.join();
  ::close(cli);
  ::close(srv);
}
BENCHMARK(BM_UDPRoundTripBlockingThreads)->Name("UDPRoundTrip/blocking_threads")->UseRealTime();

// K fibers parked on a 1-hour timer each (a select on `stop` and time.After): the heap they fill
// stays until stop is closed.
void park_sleepers(int k, const go::chan<go::struct_>& stop) {
  for (int i = 0; i < k; ++i) {
    go::go([stop] { go::select(go::recv(stop), go::recv(gotime::After(gotime::Hour))); });
  }
  go::yield();  // let every sleeper run to its park (the FIFO runs them all before main again)
}

void BM_SleepVirtual(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  go::run({.seed = 1, .virtual_time = true}, [&] {
    auto stop = go::make_chan<go::struct_>();
    park_sleepers(k, stop);
    for (auto _ : state) gotime::Sleep(gotime::Microsecond);
    stop.close();
  });
}
BENCHMARK(BM_SleepVirtual)->Name("Sleep/virtual")->ArgName("sleepers")->Arg(0)->Arg(10000);

void BM_TimerStartStop(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  go::run({.threads = 1}, [&] {
    auto stop = go::make_chan<go::struct_>();
    park_sleepers(k, stop);
    for (auto _ : state) {
      auto t = gotime::NewTimer(gotime::Hour);
      benchmark::DoNotOptimize(t->Stop());
    }
    stop.close();
  });
}
BENCHMARK(BM_TimerStartStop)->Name("TimerStartStop")->ArgName("sleepers")->Arg(0)->Arg(10000);

double thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

void BM_TimerFireReal(benchmark::State& state) {
  const int k = static_cast<int>(state.range(0));
  constexpr int kRounds = 20;
  double cpu = 0;
  std::int64_t fires = 0;
  go::run({.threads = 1}, [&] {
    for (auto _ : state) {
      // Creating the fibers is not timed (go() only queues them: they start in wg.Wait()).
      state.PauseTiming();
      go::sync::WaitGroup wg;
      wg.Add(k);
      for (int i = 0; i < k; ++i) {
        go::go([&wg] {
          for (int r = 0; r < kRounds; ++r) gotime::Sleep(gotime::Millisecond);
          wg.Done();
        });
      }
      state.ResumeTiming();
      double c0 = thread_cpu_ns();
      wg.Wait();
      cpu += thread_cpu_ns() - c0;
      fires += std::int64_t(k) * kRounds;
    }
  });
  state.counters["cpu_ns_per_fire"] = cpu / static_cast<double>(fires);
  state.counters["fires"] = static_cast<double>(fires);
}
BENCHMARK(BM_TimerFireReal)
    ->Name("TimerFire/real")
    ->ArgName("sleepers")
    ->Arg(1)
    ->Arg(10000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
