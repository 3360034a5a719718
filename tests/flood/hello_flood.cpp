// ClientHello flood against dtls::Listen (issue 8), a measurement program, not a test:
//   hello_flood [N=100000] [accepters=4]
// A plain thread sends N copies of a real ClientHello (the first datagram of the captured
// Pion-Pion PSK handshake, tests/fuzz/corpus/server/pion-pion-psk), each from a fresh UDP socket
// bound to its own loopback address 127.1.x.y (all of 127/8 is local on Linux), so every hello
// comes from a new "spoofed" address, as a flood that never answers a HelloVerifyRequest looks.
// The listener runs `accepters` Accept loops, as a server would. Printed: datagrams sent, the
// process's peak RSS (VmHWM) before and after the flood, RSS per hello, and whether a legitimate
// client then completes a handshake. (Ours; no Go origin.)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "chan/context.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/listener.hpp"
#include "logging/logger.hpp"

namespace {

long statusKiB(const char* key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(std::string(key).size()));
  }
  return -1;
}

dtls::Config pskConfig() {
  dtls::Config cfg;
  cfg.PSK = [](std::span<const std::uint8_t>) {
    return std::pair<std::vector<std::uint8_t>, go::error>{{0xAB, 0xC1, 0x23}, nullptr};
  };
  cfg.PSKIdentityHint = std::vector<std::uint8_t>{'f', 'l', 'o', 'o', 'd'};
  cfg.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_CCM_8};
  auto lf = std::make_shared<pion::logging::DefaultLoggerFactory>();
  lf->DefaultLogLevel = pion::logging::LogLevelDisabled;
  cfg.LoggerFactory = lf;
  return cfg;
}

}  // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::stol(argv[1]) : 100000;
  const int accepters = argc > 2 ? std::stoi(argv[2]) : 4;
  std::ifstream f(FLOOD_HELLO, std::ios::binary);
  std::vector<std::uint8_t> in{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  if (in.size() < 3) {
    std::fprintf(stderr, "cannot read %s\n", FLOOD_HELLO);
    return 2;
  }
  const std::size_t len = (std::size_t{in[1]} << 8) | in[2];  // file: mode byte, then [u16 len][datagram]...
  const std::vector<std::uint8_t> hello(in.begin() + 3, in.begin() + 3 + static_cast<long>(len));

  int rc = 0;
  go::run({.threads = 2}, [&] {
    auto cfg = pskConfig();
    auto laddr = go::net::ResolveUDPAddr("udp", "127.0.0.1:0").first;
    auto [ln, err] = dtls::Listen("udp", laddr.get(), &cfg);
    if (err) {
      std::fprintf(stderr, "listen: %s\n", err.Error().c_str());
      rc = 1;
      return;
    }
    auto addr = std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr());
    const int port = addr->Port;
    auto accepted = std::make_shared<std::atomic<int>>(0), failed = std::make_shared<std::atomic<int>>(0);
    for (int i = 0; i < accepters; ++i) {
      go::go([ln, accepted, failed] {
        for (;;) {
          auto [c, aerr] = ln->Accept();
          if (aerr) {
            if (aerr.Error().find("closed") != std::string::npos) return;
            ++*failed;
            continue;
          }
          ++*accepted;
          go::go([c] {
            std::vector<std::uint8_t> b(1500);
            for (;;) {
              auto [m, rerr] = c->Read(b);
              if (rerr || c->Write(std::span<const std::uint8_t>(b.data(), static_cast<std::size_t>(m))).second) break;
            }
            c->Close();
          });
        }
      });
    }
    const long hwmBefore = statusKiB("VmHWM:"), rssBefore = statusKiB("VmRSS:");
    std::atomic<long> sent{0};
    auto t0 = std::chrono::steady_clock::now();
    std::thread attacker([&] {
      sockaddr_in dst{};
      dst.sin_family = AF_INET;
      dst.sin_port = htons(static_cast<std::uint16_t>(port));
      dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      for (long i = 0; i < n; ++i) {
        int s = ::socket(AF_INET, SOCK_DGRAM, 0);
        sockaddr_in src{};
        src.sin_family = AF_INET;
        src.sin_addr.s_addr = htonl((127u << 24) | (1u << 16) | static_cast<std::uint32_t>((i / 250) % 250) << 8 |
                                    static_cast<std::uint32_t>(i % 250 + 1));
        src.sin_port = htons(static_cast<std::uint16_t>(20000 + i / 62500));
        if (::bind(s, reinterpret_cast<sockaddr*>(&src), sizeof src) == 0 &&
            ::sendto(s, hello.data(), hello.size(), 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst) ==
                static_cast<ssize_t>(hello.size())) {
          ++sent;
        }
        ::close(s);
        if (i % 2000 == 1999) std::this_thread::sleep_for(std::chrono::milliseconds(5));  // let the server read
      }
    });
    // Sample the RSS while the flood runs, from a fiber.
    long rssPeak = rssBefore;
    while (sent < n && std::chrono::steady_clock::now() - t0 < std::chrono::minutes(5)) {
      go::time::Sleep(20 * go::time::Millisecond);
      rssPeak = std::max(rssPeak, statusKiB("VmRSS:"));
      if (sent >= n) break;
      if (attacker.joinable() && sent >= n) break;
    }
    attacker.join();
    const double floodSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    go::time::Sleep(500 * go::time::Millisecond);
    rssPeak = std::max(rssPeak, statusKiB("VmRSS:"));
    const long hwmAfter = statusKiB("VmHWM:");

    // A legitimate client after the flood.
    auto ccfg = pskConfig();
    auto t1 = std::chrono::steady_clock::now();
    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 60 * go::time::Second);
    auto raddr = go::net::ResolveUDPAddr("udp", "127.0.0.1:" + std::to_string(port)).first;
    auto [client, cerr] = dtls::DialWithContext(ctx, "udp", raddr.get(), &ccfg);
    cancel();
    const double legitSecs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
    std::printf("hello_flood: %ld ClientHellos sent from %ld distinct addresses in %.1f s, %d accepters\n",
                sent.load(), sent.load(), floodSecs, accepters);
    std::printf("  RSS before %ld KiB, peak during/after %ld KiB (VmHWM %ld -> %ld KiB): %.2f KiB per hello\n",
                rssBefore, rssPeak, hwmBefore, hwmAfter,
                sent ? double(rssPeak - rssBefore) / double(sent.load()) : 0.0);
    std::printf("  handshakes accepted %d, Accept errors %d; legitimate client afterwards: %s in %.2f s\n",
                accepted->load(), failed->load(), cerr ? cerr.Error().c_str() : "connected", legitSecs);
    if (client) client->Close();
    ln->Close();
    rc = cerr ? 1 : 0;
  });
  return rc;
}
