// dtls_scale: a DTLS listener holding many concurrent established sessions with traffic on all
// of them, and many concurrent handshakes (issue 7, "Scale"). Pion's side of the same test is
// bench/go/pion_scale.go; bench/run-all runs the pair and prints the ratios.
//
//   dtls_scale [--sessions N] [--concurrency K] [--messages M] [--size B] [--window W]
//              [--threads T] [--timeout S] [--json]
//
// Two processes, so that the server's memory is the server's alone:
//   - the server (this process): dtls::Listen on 127.0.0.1 inside go::run({.threads = T}); K
//     fibers call Accept (Pion's listener runs the handshake inside Accept, so K acceptors are
//     what lets K handshakes proceed at once on the server); each accepted session gets an echo
//     fiber (Read -> Write back, until the peer's close_notify).
//   - the clients (a fork()ed child, its own go::run({.threads = T})): K dialer fibers take
//     session indices from a shared counter and dtls::Dial each (one connected UDP socket per
//     session), so K handshakes are in flight until N sessions are up. With all N established,
//     every session echoes M messages of B bytes, all sessions at once, at most W round trips
//     outstanding in total (default 100: the server's one UDP socket, default rmem 208 KiB, drops
//     datagrams beyond a few hundred queued, and DTLS application data is not retransmitted;
//     Pion's listener lost 56 of 2,500 echoes at W = 250), then all close.
// PSK (TLS_PSK_WITH_AES_128_GCM_SHA256), so the protocol, not public-key crypto, is measured.
//
// Reported: handshakes/s (N / the wall time of the establishment phase, client side), p50/p99
// of one Dial's latency, echo round trips/s and payload MB/s over the traffic phase, the
// server's VmRSS before the first handshake and with all N established (malloc_trim(0) before
// each reading), and so the server's bytes per session; the clients' bytes per session beside.
// A lost echo (a Read that times out after 2 s: DTLS application data is not retransmitted,
// and a full UDP receive queue drops datagrams) is counted, never waited on forever.
#include <fcntl.h>
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "dtls/cipher_suite.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/listener.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct options {
  long sessions = 10000;
  long concurrency = 1000;
  long messages = 10;
  long size = 64;
  long window = 100;  // round trips outstanding at most (the server's one UDP socket drops beyond ~250)
  int threads = 2;
  long timeout = 120;  // seconds, per phase
  bool json = false;
};

void usage(FILE* f) {
  std::fputs(
      "usage: dtls_scale [--sessions N] [--concurrency K] [--messages M] [--size B] [--window W]\n"
      "                  [--threads T] [--timeout S] [--json]\n"
      "  N sessions (default 10000) established over UDP loopback with K concurrent handshakes\n"
      "  (default 1000), PSK; then every session echoes M messages (default 10) of B bytes\n"
      "  (default 64), at most W round trips outstanding (default 100); T worker threads on each\n"
      "  side (default 2); S seconds per phase before giving up (default 120).\n"
      "  Server in this process, clients in a forked child. --json: one JSON line.\n",
      f);
}

bool parseLong(const char* s, long& out) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0') return false;
  out = v;
  return true;
}

// Exit status 2 on any bad flag, as the other bench tools.
options parseArgs(int argc, char** argv) {
  options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--help" || a == "-h") {
      usage(stdout);
      std::exit(0);
    }
    if (a == "--json") {
      o.json = true;
      continue;
    }
    long* target = nullptr;
    long threads = 0;
    if (a == "--sessions") target = &o.sessions;
    else if (a == "--concurrency") target = &o.concurrency;
    else if (a == "--messages") target = &o.messages;
    else if (a == "--size") target = &o.size;
    else if (a == "--window") target = &o.window;
    else if (a == "--timeout") target = &o.timeout;
    else if (a == "--threads") target = &threads;
    if (!target) {
      std::fprintf(stderr, "dtls_scale: unknown flag %s\n", argv[i]);
      usage(stderr);
      std::exit(2);
    }
    if (i + 1 >= argc || !parseLong(argv[i + 1], *target) || *target < 1) {
      std::fprintf(stderr, "dtls_scale: %s needs a positive integer\n", argv[i]);
      std::exit(2);
    }
    ++i;
    if (target == &threads) o.threads = static_cast<int>(std::min(threads, 64L));
  }
  if (o.size < 8 || o.size > 8192) {
    std::fprintf(stderr, "dtls_scale: --size must be in [8, 8192]\n");
    std::exit(2);
  }
  o.concurrency = std::min(o.concurrency, o.sessions);
  o.window = std::min(o.window, o.sessions);
  return o;
}

long vmRSSKiB() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return -1;
}

// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the soft limit in force.
long raiseNoFile() {
  rlimit rl{};
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return -1;
  rl.rlim_cur = rl.rlim_max;
  setrlimit(RLIMIT_NOFILE, &rl);
  getrlimit(RLIMIT_NOFILE, &rl);
  return static_cast<long>(rl.rlim_cur);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, v.size());
  return v[rank - 1];
}

// Same configuration as conn_bench.cpp's PSK kind and pion_scale.go's.
dtls::Config pskConfig() {
  dtls::Config c;
  c.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
    return {{0xAB, 0xC1, 0x23}, nullptr};
  };
  c.PSKIdentityHint = std::vector<std::uint8_t>{'b', 'e', 'n', 'c', 'h'};
  c.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_GCM_SHA256};
  return c;
}

// The pipes between the two processes carry short lines. Reads poll a non-blocking fd with
// go::time::Sleep, so no worker thread blocks in read(2).
struct lineReader {
  int fd;
  std::string buf;
  // Returns the next line (without '\n'), or "" after `limit` has passed or on EOF.
  std::string next(go::time::Duration limit) {
    const auto deadline = go::time::Now() + limit;
    for (;;) {
      if (auto nl = buf.find('\n'); nl != std::string::npos) {
        std::string line = buf.substr(0, nl);
        buf.erase(0, nl + 1);
        return line;
      }
      char tmp[4096];
      ssize_t n = ::read(fd, tmp, sizeof tmp);
      if (n > 0) {
        buf.append(tmp, static_cast<std::size_t>(n));
        continue;
      }
      if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)) return "";
      if (go::time::Now() >= deadline) return "";
      go::time::Sleep(2 * go::time::Millisecond);
    }
  }
};

void writeLine(int fd, const std::string& s) {
  std::string line = s + "\n";
  std::size_t off = 0;
  while (off < line.size()) {
    ssize_t n = ::write(fd, line.data() + off, line.size() - off);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      return;
    }
    off += static_cast<std::size_t>(n);
  }
}

std::string field(const std::string& json, const std::string& key) {
  auto k = json.find("\"" + key + "\":");
  if (k == std::string::npos) return "";
  auto v = k + key.size() + 3;
  auto e = json.find_first_of(",}", v);
  return json.substr(v, e - v);
}

// ---------------------------------------------------------------------------------------------
// The clients (child process). Protocol on the pipes: the server sends "PORT <p>"; the clients
// answer "E" once every Dial has returned, wait for "T", run the traffic phase, close every
// session and send "R {json}".
int runClients(const options& o, int rfd, int wfd, long nofile) {
  std::string result;
  go::run({.threads = o.threads}, [&] {
    lineReader in{rfd, {}};
    std::string portLine = in.next(30 * go::time::Second);
    if (portLine.rfind("PORT ", 0) != 0) {
      result = "{\"error\":\"no port from the server\"}";
      return;
    }
    go::net::UDPAddr raddr(go::net::IPv4(127, 0, 0, 1), std::atoi(portLine.c_str() + 5));
    dtls::Config cfg = pskConfig();
    const auto phase = std::chrono::seconds(o.timeout);
    cfg.ConnectContextMaker = [phase] { return go::context::WithTimeout(go::context::Background(), phase); };

    malloc_trim(0);
    const long rssBefore = vmRSSKiB();
    std::vector<std::shared_ptr<dtls::Conn>> conns(static_cast<std::size_t>(o.sessions));
    std::vector<double> latency(static_cast<std::size_t>(o.sessions), -1);
    std::atomic<long> next{0};
    std::atomic<long> failed{0};
    std::mutex errMu;
    std::string firstErr;
    go::sync::WaitGroup wg;

    // Establishment: K dialers.
    const auto t0 = Clock::now();
    for (long d = 0; d < o.concurrency; ++d) {
      wg.Add(1);
      go::go([&] {
        for (long i = next++; i < o.sessions; i = next++) {
          const auto s = Clock::now();
          auto [c, err] = dtls::Dial("udp", &raddr, &cfg);
          if (err) {
            ++failed;
            std::lock_guard<std::mutex> lk(errMu);
            if (firstErr.empty()) firstErr = "Dial: " + err.Error();
            continue;
          }
          latency[static_cast<std::size_t>(i)] = std::chrono::duration<double>(Clock::now() - s).count();
          conns[static_cast<std::size_t>(i)] = c;
        }
        wg.Done();
      });
    }
    wg.Wait();
    const double establish = std::chrono::duration<double>(Clock::now() - t0).count();
    malloc_trim(0);
    const long rssAfter = vmRSSKiB();
    std::vector<double> ok;
    for (double l : latency)
      if (l >= 0) ok.push_back(l);
    const long established = static_cast<long>(ok.size());

    writeLine(wfd, "E");
    if (in.next(phase) != "T") {
      result = "{\"error\":\"no go-ahead from the server\"}";
      return;
    }

    // Traffic: every established session echoes M messages; a window of W tokens bounds the
    // round trips outstanding.
    auto window = go::make_chan<go::struct_>(static_cast<long long>(o.window));
    std::atomic<long> lost{0};
    std::atomic<long> echoed{0};
    const auto t1 = Clock::now();
    for (long i = 0; i < o.sessions; ++i) {
      auto c = conns[static_cast<std::size_t>(i)];
      if (!c) continue;
      wg.Add(1);
      go::go([&, c, i] {
        std::vector<std::uint8_t> msg(static_cast<std::size_t>(o.size), 'x');
        std::vector<std::uint8_t> buf(2048);
        for (long j = 0; j < o.messages; ++j) {
          std::memcpy(msg.data(), &i, sizeof(std::int32_t));
          std::memcpy(msg.data() + 4, &j, sizeof(std::int32_t));
          window.send(go::struct_{});
          bool good = false;
          if (auto [_, wErr] = c->Write(msg); !wErr) {
            // A late echo of an earlier, timed-out message is skipped, not counted twice.
            for (;;) {
              c->SetReadDeadline(go::time::Now() + 2 * go::time::Second);
              auto [n, rErr] = c->Read(buf);
              if (rErr) break;
              if (n == o.size && std::equal(msg.begin(), msg.end(), buf.begin())) {
                good = true;
                break;
              }
            }
          }
          window.recv();
          if (good) ++echoed;
          else ++lost;
        }
        wg.Done();
      });
    }
    wg.Wait();
    const double traffic = std::chrono::duration<double>(Clock::now() - t1).count();
    for (auto& c : conns)
      if (c) c->Close();

    char out[1024];
    std::snprintf(out, sizeof out,
                  "{\"established\":%ld,\"failed_handshakes\":%ld,\"establish_s\":%.4f,"
                  "\"handshakes_per_s\":%.1f,\"hs_p50_us\":%.1f,\"hs_p99_us\":%.1f,"
                  "\"traffic_s\":%.4f,\"echoes\":%ld,\"lost\":%ld,\"echo_per_s\":%.1f,\"echo_MBps\":%.3f,"
                  "\"client_rss_before_kib\":%ld,\"client_rss_after_kib\":%ld,\"nofile\":%ld,\"first_error\":\"%s\"}",
                  established, failed.load(), establish, static_cast<double>(established) / establish,
                  percentile(ok, 50) * 1e6, percentile(ok, 99) * 1e6, traffic, echoed.load(), lost.load(),
                  static_cast<double>(echoed.load()) / traffic,
                  static_cast<double>(echoed.load()) * static_cast<double>(o.size) / traffic / 1e6, rssBefore,
                  rssAfter, nofile, firstErr.substr(0, 200).c_str());
    result = out;
  });
  writeLine(wfd, "R " + result);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// The server (this process).
int runServer(const options& o, int rfd, int wfd, pid_t child, long nofile) {
  std::string clientJson;
  std::string err;
  long rssBefore = 0;
  long rssAfter = 0;
  long accepted = 0;
  long acceptErrors = 0;
  // The echo fibers count themselves in `live`; a session whose close_notify was lost keeps its
  // fiber parked in Read until run() unwinds it, so `live` outlives run()'s main function.
  std::atomic<long> live{0};
  go::run({.threads = o.threads}, [&] {
    lineReader in{rfd, {}};
    dtls::Config cfg = pskConfig();
    go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
    auto [ln, lErr] = dtls::Listen("udp", &laddr, &cfg);
    if (lErr) {
      err = "Listen: " + lErr.Error();
      writeLine(wfd, "FAIL");
      return;
    }
    auto port = std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr())->Port;
    std::atomic<bool> closing{false};
    std::atomic<long> nAccepted{0};
    std::atomic<long> nAcceptErr{0};
    go::sync::WaitGroup acceptors;
    malloc_trim(0);
    rssBefore = vmRSSKiB();
    for (long a = 0; a < o.concurrency; ++a) {
      acceptors.Add(1);
      go::go([&] {
        for (;;) {
          auto [c, aErr] = ln->Accept();
          if (aErr) {
            if (closing.load()) break;
            ++nAcceptErr;  // a failed handshake; the client counts it too
            continue;
          }
          ++nAccepted;
          ++live;
          go::go([c = c, &live] {
            std::vector<std::uint8_t> buf(2048);
            for (;;) {
              auto [n, rErr] = c->Read(buf);
              if (rErr) break;  // the client's close_notify (EOF), or an error
              if (auto [_, wErr] = c->Write(std::span(buf.data(), static_cast<std::size_t>(n))); wErr) break;
            }
            c->Close();
            --live;
          });
        }
        acceptors.Done();
      });
    }
    writeLine(wfd, "PORT " + std::to_string(port));
    const auto phase = std::chrono::seconds(o.timeout);
    if (std::string e = in.next(phase + std::chrono::seconds(10)); e != "E") {
      err = "clients did not finish establishing";
    } else {
      // The last handshake's server side may finish just after the client's; wait briefly.
      for (int i = 0; i < 200 && nAccepted.load() + nAcceptErr.load() < o.sessions; ++i)
        go::time::Sleep(5 * go::time::Millisecond);
      malloc_trim(0);
      rssAfter = vmRSSKiB();
      writeLine(wfd, "T");
      std::string r = in.next(phase + std::chrono::seconds(10));
      if (r.rfind("R ", 0) == 0) clientJson = r.substr(2);
      else err = "no result from the clients";
      for (int i = 0; i < 2000 && live.load() > 0; ++i) go::time::Sleep(5 * go::time::Millisecond);
    }
    closing.store(true);
    ln->Close();
    // Every acceptor reads this frame (closing, the counters, ln): main may return only after
    // each has seen its Accept fail. (Without this wait an acceptor woken by Close ran on after
    // main had returned and read a dead frame: a SIGSEGV in about one run in three.)
    acceptors.Wait();
    accepted = nAccepted.load();
    acceptErrors = nAcceptErr.load();
    // Sessions still open (a lost close_notify) are unwound when run() returns.
  });
  int status = 0;
  waitpid(child, &status, 0);
  if (err.empty() && clientJson.find("\"error\"") != std::string::npos) err = "clients: " + clientJson;
  if (!err.empty()) {
    std::fprintf(stderr, "dtls_scale: %s\n", err.c_str());
    return 1;
  }
  const double perSession = static_cast<double>(rssAfter - rssBefore) * 1024.0 / static_cast<double>(std::max(accepted, 1L));
  const double clientPerSession =
      (std::atof(field(clientJson, "client_rss_after_kib").c_str()) - std::atof(field(clientJson, "client_rss_before_kib").c_str())) *
      1024.0 / std::max(1.0, std::atof(field(clientJson, "established").c_str()));
  char head[1024];
  std::snprintf(head, sizeof head,
                "{\"impl\":\"cpp\",\"kind\":\"psk\",\"threads\":%d,\"sessions\":%ld,\"concurrency\":%ld,\"messages\":%ld,"
                "\"size\":%ld,\"window\":%ld,\"accepted\":%ld,\"accept_errors\":%ld,\"server_rss_before_kib\":%ld,"
                "\"server_rss_after_kib\":%ld,\"server_bytes_per_session\":%.0f,\"client_bytes_per_session\":%.0f,"
                "\"server_nofile\":%ld,",
                o.threads, o.sessions, o.concurrency, o.messages, o.size, o.window, accepted, acceptErrors, rssBefore,
                rssAfter, perSession, clientPerSession, nofile);
  std::string all = std::string(head) + clientJson.substr(1);
  if (o.json) {
    std::printf("%s\n", all.c_str());
  } else {
    std::printf("dtls_scale (C++ port, PSK, %d threads each side; server and clients in two processes)\n", o.threads);
    std::printf("  sessions %ld, concurrent handshakes %ld, %ld echoes of %ld B each, window %ld\n", o.sessions,
                o.concurrency, o.messages, o.size, o.window);
    std::printf("  established           %s (failed %s, server accepted %ld)\n", field(all, "established").c_str(),
                field(all, "failed_handshakes").c_str(), accepted);
    std::printf("  handshakes/s          %s (establishment %s s)\n", field(all, "handshakes_per_s").c_str(),
                field(all, "establish_s").c_str());
    std::printf("  handshake p50 / p99   %s / %s us\n", field(all, "hs_p50_us").c_str(), field(all, "hs_p99_us").c_str());
    std::printf("  echo round trips/s    %s (%s MB/s payload; lost %s)\n", field(all, "echo_per_s").c_str(),
                field(all, "echo_MBps").c_str(), field(all, "lost").c_str());
    std::printf("  server VmRSS          %ld -> %ld KiB: %.0f bytes/session\n", rssBefore, rssAfter, perSession);
    std::printf("  client VmRSS          %s -> %s KiB: %.0f bytes/session\n", field(all, "client_rss_before_kib").c_str(),
                field(all, "client_rss_after_kib").c_str(), clientPerSession);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  options o = parseArgs(argc, argv);
  const long nofile = raiseNoFile();
  // Each client session is one UDP socket; keep 64 descriptors for everything else.
  if (nofile > 0 && o.sessions > nofile - 64) {
    std::fprintf(stderr, "dtls_scale: RLIMIT_NOFILE is %ld; sessions capped from %ld to %ld\n", nofile, o.sessions,
                 nofile - 64);
    o.sessions = nofile - 64;
    o.concurrency = std::min(o.concurrency, o.sessions);
    o.window = std::min(o.window, o.sessions);
  }
  int toChild[2];
  int toParent[2];
  if (pipe(toChild) != 0 || pipe(toParent) != 0) {
    std::perror("dtls_scale: pipe");
    return 1;
  }
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("dtls_scale: fork");
    return 1;
  }
  if (pid == 0) {
    close(toChild[1]);
    close(toParent[0]);
    fcntl(toChild[0], F_SETFL, O_NONBLOCK);
    return runClients(o, toChild[0], toParent[1], nofile);
  }
  close(toChild[0]);
  close(toParent[1]);
  fcntl(toParent[0], F_SETFL, O_NONBLOCK);
  return runServer(o, toParent[0], toChild[1], pid, nofile);
}
