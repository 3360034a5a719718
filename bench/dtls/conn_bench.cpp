// Connection-level DTLS benchmarks: Pion's BenchmarkConnReadWrite ported, a handshake benchmark
// over UDP loopback, and memory per established connection. bench/compare-pion runs these
// side by side with Pion (bench/go/pion_dtls_bench.go and Pion's own bench_test.go).
//
//   ConnReadWrite/<n>/threads:<T>/manual_time   pion: bench_test.go BenchmarkConnReadWrite
//   Handshake/<kind>/threads:<T>/manual_time     handshake + one echo over UDP loopback
//   ConnMemory/threads:<T>/iterations:1          RSS growth per established connection (both ends)
//
// Timing follows bench/chan/chan_bench.cpp: each Google Benchmark run takes its whole iteration
// count at once (KeepRunningBatch(max_iterations)) as Go's b.N, runs the Go body once in a fresh
// go::run with T worker threads (T plays GOMAXPROCS), and reports the body's steady_clock time
// with SetIterationTime, so the Time column is Go's ns/op.
#include <benchmark/benchmark.h>

#include <botan/auto_rng.h>
#include <botan/rsa.h>
#include <malloc.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/time.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/listener.hpp"
#include "dtls/pkg/crypto/selfsign/selfsign.hpp"

namespace {

using Clock = std::chrono::steady_clock;

// pion: conn_test.go testClient
std::pair<std::shared_ptr<dtls::Conn>, go::error> testClient(const go::context::Context& ctx,
                                                             std::shared_ptr<go::net::Conn> c, dtls::Config* cfg,
                                                             bool generateCertificate) {
  if (generateCertificate) {
    auto [clientCert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
    if (err) {
      return {nullptr, err};
    }
    cfg->Certificates = {clientCert};
  }
  cfg->InsecureSkipVerify = true;
  return dtls::ClientWithContext(ctx, std::move(c), cfg);
}

// pion: conn_test.go testServer
std::pair<std::shared_ptr<dtls::Conn>, go::error> testServer(const go::context::Context& ctx,
                                                             std::shared_ptr<go::net::Conn> c, dtls::Config* cfg,
                                                             bool generateCertificate) {
  if (generateCertificate) {
    auto [serverCert, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
    if (err) {
      return {nullptr, err};
    }
    cfg->Certificates = {serverCert};
  }
  return dtls::ServerWithContext(ctx, std::move(c), cfg);
}

// First error seen by any fiber of a run (Go: b.Error), reported with SkipWithError.
struct firstError {
  std::mutex mu;
  std::string msg;
  void set(const std::string& m) {
    std::lock_guard<std::mutex> lk(mu);
    if (msg.empty()) msg = m;
  }
};

// pion: bench_test.go benchmarkConn
//
// The Go body, with b.N = iterations: a server handshakes over one end of a dpipe, a client
// over the other end then writes n-byte records in a loop, and the benchmark reads b.N records
// on the server. Go's timer runs over the whole body (no ResetTimer), handshake included; so does
// ours. Differences, all after the timed region: Go's writer goroutine loops forever and both
// Conns leak (the test binary exits); here the server and client are closed after the b.N reads
// and the writer returns on its first error once the loop is done (an error before that is
// reported, as Go's b.Error does).
double benchmarkConn(std::int64_t n, std::int64_t iterations, firstError& fail) {
  Clock::time_point start;
  Clock::time_point end;
  start = Clock::now();
  auto ctx = go::context::Background();

  auto [ca, cb] = dtls::internal::net::dpipe::Pipe();
  auto [certificate, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();
  auto server = go::make_chan<std::shared_ptr<dtls::Conn>>();
  go::go([&fail, ctx, server, cb = cb, certificate = certificate] {
    dtls::Config cfg;
    cfg.Certificates = {certificate};
    auto [s, sErr] = testServer(ctx, cb, &cfg, false);
    if (sErr) {
      fail.set("server: " + sErr.Error());
      server.send(nullptr);
      return;
    }
    server.send(s);
  });
  if (err) {
    fail.set("GenerateSelfSigned: " + err.Error());
    return 0;
  }
  auto hw = std::make_shared<std::vector<std::uint8_t>>(static_cast<std::size_t>(n));
  auto done = std::make_shared<std::atomic<bool>>(false);
  auto clientCh = go::make_chan<std::shared_ptr<dtls::Conn>>(1);
  auto writerExited = go::make_chan<go::struct_>();
  go::go([&fail, ctx, ca = ca, hw, done, clientCh, writerExited] {
    dtls::Config cfg;
    cfg.InsecureSkipVerify = true;
    auto [client, cErr] = testClient(ctx, ca, &cfg, false);
    clientCh.send(client);
    if (cErr) {
      fail.set("client: " + cErr.Error());
    } else {
      for (;;) {
        if (auto [_, wErr] = client->Write(*hw); wErr) {
          if (!done->load()) fail.set("client Write: " + wErr.Error());
          break;
        }
      }
    }
    writerExited.close();
  });
  auto s = server.recv();
  if (!s) {
    return 0;
  }
  std::vector<std::uint8_t> buf(2048);
  for (std::int64_t i = 0; i < iterations; ++i) {
    if (auto [_, rErr] = s->Read(buf); rErr) {
      fail.set("server Read: " + rErr.Error());
      break;
    }
  }
  end = Clock::now();

  // After the timed region: stop the writer (Go leaks it) and wait for it to return. The writer
  // is typically blocked in dpipe's Write (the 1000-datagram queue is full) holding the client
  // Conn's lock, which Conn.Close needs for its close_notify (in Go too), so the client's pipe
  // end is closed first: the blocked Write fails, the writer returns, then both Conns close.
  done->store(true);
  ca->Close();
  writerExited.recv();
  if (auto client = clientCh.recv()) client->Close();
  s->Close();
  return std::chrono::duration<double>(end - start).count();
}

void BM_ConnReadWrite(benchmark::State& state) {
  const auto n = state.range(0);
  const int threads = static_cast<int>(state.range(1));
  firstError fail;
  double seconds = 0;
  while (state.KeepRunningBatch(state.max_iterations)) {
    const auto iterations = static_cast<std::int64_t>(state.max_iterations);
    go::run({.threads = threads}, [&] { seconds = benchmarkConn(n, iterations, fail); });
    state.SetIterationTime(seconds);
  }
  if (!fail.msg.empty()) {
    state.SkipWithError(fail.msg.c_str());
    return;
  }
  state.SetBytesProcessed(state.iterations() * n);
  state.SetLabel(std::to_string(n) + " B records over dpipe");
}

// ConnReadWrite/<n>/threads:<T>: Pion's sizes (bench_test.go BenchmarkConnReadWrite).
void connReadWriteArgs(benchmark::internal::Benchmark* b) {
  b->ArgNames({"", "threads"});
  for (int t : {1, 2}) {
    for (int n : {16, 128, 512, 1024, 2048}) b->Args({n, t});
  }
}
BENCHMARK(BM_ConnReadWrite)->Name("ConnReadWrite")->Apply(connReadWriteArgs)->UseManualTime();

// ---------------------------------------------------------------------------------------------
// Handshake + one echo over UDP loopback (the scenario of bench/go/pion_dtls_bench.go -mode
// handshake): a dtls::Listen server on 127.0.0.1 accepts in a loop and, per connection, reads
// one message, writes it back and closes when the client has closed. One sample is one
// client: Dial (handshake) -> Write("ping") -> Read the echo; then the client closes (not
// timed). Samples are sequential; the server keeps running between them.

enum class hsKind { ECDSA, RSA, PSK };

const char* hsKindName(hsKind k) {
  switch (k) {
    case hsKind::ECDSA: return "ECDSA_P256";
    case hsKind::RSA: return "RSA_2048";
    case hsKind::PSK: return "PSK";
  }
  return "?";
}

// Server and client configurations of one kind. Certificates are made once per process (as the
// Go program does), outside any timed region.
struct hsConfigs {
  dtls::Config server;
  dtls::Config client;
};

hsConfigs makeHsConfigs(hsKind kind) {
  hsConfigs c;
  switch (kind) {
    case hsKind::ECDSA: {
      static const auto cert = [] {
        auto [crt, err] = dtls::pkg::crypto::selfsign::GenerateSelfSigned();  // ECDSA P-256
        if (err) throw std::runtime_error("GenerateSelfSigned: " + err.Error());
        return crt;
      }();
      c.server.Certificates = {cert};
      c.server.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
      c.client.CipherSuites = c.server.CipherSuites;
      c.client.InsecureSkipVerify = true;
      break;
    }
    case hsKind::RSA: {
      static const auto cert = [] {
        Botan::AutoSeeded_RNG rng;
        auto [crt, err] = dtls::pkg::crypto::selfsign::SelfSign(std::make_shared<Botan::RSA_PrivateKey>(rng, 2048));
        if (err) throw std::runtime_error("SelfSign(RSA-2048): " + err.Error());
        return crt;
      }();
      c.server.Certificates = {cert};
      c.server.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
      c.client.CipherSuites = c.server.CipherSuites;
      c.client.InsecureSkipVerify = true;
      break;
    }
    case hsKind::PSK: {
      auto psk = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
        return {{0xAB, 0xC1, 0x23}, nullptr};
      };
      c.server.PSK = psk;
      c.server.PSKIdentityHint = std::vector<std::uint8_t>{'b', 'e', 'n', 'c', 'h'};
      c.server.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_GCM_SHA256};
      c.client.PSK = psk;
      c.client.PSKIdentityHint = c.server.PSKIdentityHint;
      c.client.CipherSuites = c.server.CipherSuites;
      break;
    }
  }
  if (std::getenv("DTLS_BENCH_DEBUG")) {
    c.client.ConnectContextMaker = [] { return go::context::WithTimeout(go::context::Background(), 3 * go::time::Second); };
  }
  return c;
}

// The echo server: accepts until the listener is closed. Returns the listener's port.
struct echoServer {
  std::shared_ptr<go::net::Listener> ln;
  std::shared_ptr<go::net::UDPAddr> addr;
};

std::pair<echoServer, go::error> startEchoServer(const dtls::Config* cfg, firstError& fail) {
  go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
  auto [ln, err] = dtls::Listen("udp", &laddr, cfg);
  if (err) return {{}, err};
  auto a = std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr());
  echoServer s{ln, std::make_shared<go::net::UDPAddr>(*a)};
  go::go([ln = ln, &fail] {
    for (;;) {
      auto [c, aErr] = ln->Accept();
      if (aErr) return;  // listener closed (or a failed handshake: the client reports it)
      go::go([c = c, &fail] {
        std::vector<std::uint8_t> buf(8192);
        auto [n, rErr] = c->Read(buf);
        if (rErr) {
          fail.set("server Read: " + rErr.Error());
          c->Close();
          return;
        }
        if (auto [_, wErr] = c->Write(std::span(buf.data(), static_cast<std::size_t>(n))); wErr) {
          fail.set("server Write: " + wErr.Error());
        }
        c->Read(buf);  // until the client's close_notify
        c->Close();
      });
    }
  });
  return {s, nullptr};
}

// handshakeOnce's client socket: sample i binds 127.0.0.(2 + i%250), port chosen by the kernel
// (as bench/go/pion_dtls_bench.go). Linux often gives a new socket the port just freed; a
// ClientHello from the address of an earlier client whose server Conn is still open (the server
// closes it when the close_notify arrives) is routed to that old Conn, and the Dial then waits for
// retransmissions or times out. Rotating the source address keeps every sample's address unused
// for the 249 samples before it.
go::net::UDPAddr clientAddr(std::size_t i) {
  return go::net::UDPAddr(go::net::IPv4(127, 0, 0, static_cast<std::uint8_t>(2 + i % 250)), 0);
}

// One sample: Dial, echo, close. Returns the time from Dial to the echo's arrival.
double handshakeOnce(std::size_t i, const echoServer& srv, const dtls::Config* cfg, firstError& fail) {
  static const std::vector<std::uint8_t> ping{'p', 'i', 'n', 'g'};
  const auto t0 = Clock::now();
  // dtls::Dial(network, raddr, cfg) is go::net::DialUDP(network, nullptr, raddr) + dtls::Client;
  // here with the local address above.
  const go::net::UDPAddr laddr = clientAddr(i);
  auto [pConn, derr] = go::net::DialUDP("udp", &laddr, srv.addr.get());
  if (derr) {
    fail.set(std::string("Dial: ") + derr.Error());
    return 0;
  }
  auto [conn, err] = dtls::Client(pConn, cfg);
  if (err) {
    pConn->Close();
    fail.set(std::string("Dial: ") + err.Error());
    if (std::getenv("DTLS_BENCH_DEBUG")) std::fprintf(stderr, "%s\n", go::stack_all().c_str());
    return 0;
  }
  std::vector<std::uint8_t> buf(64);
  if (auto [_, wErr] = conn->Write(ping); wErr) fail.set("client Write: " + wErr.Error());
  auto [n, rErr] = conn->Read(buf);
  const auto t1 = Clock::now();
  if (rErr) {
    fail.set("client Read: " + rErr.Error());
  } else if (n != 4 || !std::equal(ping.begin(), ping.end(), buf.begin())) {
    fail.set("client Read: echo differs");
  }
  conn->Close();
  return std::chrono::duration<double>(t1 - t0).count();
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  // nearest rank
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, v.size());
  return v[rank - 1];
}

void BM_Handshake(benchmark::State& state, hsKind kind) {
  const int threads = static_cast<int>(state.range(0));
  hsConfigs cfgs = makeHsConfigs(kind);
  firstError fail;
  std::vector<double> samples;
  while (state.KeepRunningBatch(state.max_iterations)) {
    samples.clear();
    samples.reserve(state.max_iterations);
    double total = 0;
    go::run({.threads = threads}, [&] {
      auto [srv, err] = startEchoServer(&cfgs.server, fail);
      if (err) {
        fail.set("Listen: " + err.Error());
        return;
      }
      for (benchmark::IterationCount i = 0; i < state.max_iterations && fail.msg.empty(); ++i) {
        double s = handshakeOnce(samples.size(), srv, &cfgs.client, fail);
        samples.push_back(s);
        total += s;
      }
      srv.ln->Close();
    });
    state.SetIterationTime(total);
  }
  if (!fail.msg.empty()) {
    state.SkipWithError(fail.msg.c_str());
    return;
  }
  state.counters["p50_us"] = percentile(samples, 50) * 1e6;
  state.counters["p99_us"] = percentile(samples, 99) * 1e6;
  state.counters["samples"] = static_cast<double>(samples.size());
}

// Handshake/<kind>/threads:<T>
const bool handshakeRegistered = [] {
  for (auto k : {hsKind::ECDSA, hsKind::RSA, hsKind::PSK}) {
    benchmark::RegisterBenchmark((std::string("Handshake/") + hsKindName(k)).c_str(),
                                 [k](benchmark::State& st) { BM_Handshake(st, k); })
        ->ArgName("threads")
        ->Arg(1)
        ->Arg(2)
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

// ---------------------------------------------------------------------------------------------
// Memory per established connection (the scenario of pion_dtls_bench.go -mode memory): one
// process holds a dtls::Listen server on 127.0.0.1 and N clients Dial'ed to it, every pair
// handshaken (ECDSA P-256, AES-128-GCM) and idle. Reports (VmRSS after - VmRSS before) / N, so
// one "connection" is both ends: the client Conn and the server Conn, with their fibers,
// buffers and the UDP socket/listener state in user space. One warm-up connection is made
// before the first reading. N comes from DTLS_BENCH_MEMORY_N (default 500). Run it alone in a
// fresh process (compare-pion does), since freed memory of earlier benchmarks skews VmRSS.

long vmRSSKiB() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

void BM_ConnMemory(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  long n = 500;
  if (const char* e = std::getenv("DTLS_BENCH_MEMORY_N")) n = std::strtol(e, nullptr, 10);
  if (n < 1) {
    state.SkipWithError("DTLS_BENCH_MEMORY_N must be a positive integer");
    return;
  }
  hsConfigs cfgs = makeHsConfigs(hsKind::ECDSA);
  firstError fail;
  long before = 0;
  long after = 0;
  for (auto _ : state) {
    go::run({.threads = threads}, [&] {
      go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
      auto [ln, err] = dtls::Listen("udp", &laddr, &cfgs.server);
      if (err) {
        fail.set("Listen: " + err.Error());
        return;
      }
      auto raddr = std::make_shared<go::net::UDPAddr>(*std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr()));
      std::vector<std::shared_ptr<go::net::Conn>> servers;
      std::vector<std::shared_ptr<dtls::Conn>> clients;
      auto accepted = go::make_chan<std::shared_ptr<go::net::Conn>>(static_cast<long long>(n + 1));
      go::go([ln = ln, accepted] {
        for (;;) {
          auto [c, aErr] = ln->Accept();
          if (aErr) return;
          accepted.send(c);
        }
      });
      auto dialOne = [&]() -> bool {
        auto [c, dErr] = dtls::Dial("udp", raddr.get(), &cfgs.client);
        if (dErr) {
          fail.set("Dial: " + dErr.Error());
          return false;
        }
        clients.push_back(c);
        servers.push_back(accepted.recv());
        return true;
      };
      if (!dialOne()) return;  // warm-up
      malloc_trim(0);
      before = vmRSSKiB();
      for (long i = 0; i < n; ++i) {
        if (!dialOne()) return;
      }
      malloc_trim(0);
      after = vmRSSKiB();
      for (auto& c : clients) c->Close();
      for (auto& c : servers) c->Close();
      ln->Close();
    });
  }
  if (!fail.msg.empty()) {
    state.SkipWithError(fail.msg.c_str());
    return;
  }
  state.counters["conns"] = static_cast<double>(n);
  state.counters["rss_before_kib"] = static_cast<double>(before);
  state.counters["rss_after_kib"] = static_cast<double>(after);
  state.counters["bytes_per_conn"] = static_cast<double>(after - before) * 1024.0 / static_cast<double>(n);
}
BENCHMARK(BM_ConnMemory)->Name("ConnMemory")->ArgName("threads")->Arg(1)->Arg(2)->Iterations(1);

}  // namespace
