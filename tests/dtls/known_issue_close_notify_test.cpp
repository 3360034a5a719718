// Known issue, open (disabled so that CI stays green; run it with
//   build/tests/dtls_tests --gtest_also_run_disabled_tests --gtest_filter='KnownIssue.*'):
// a client that Dials a dtls::Listen server, exchanges one message and Closes. With one worker
// thread the server's Read returns io.EOF for every session (the client's close_notify); with two,
// some sessions' close_notify is not seen within 2 s (8-29 of 300 in runs here), although the
// kernel delivered every datagram (UDP InErrors unchanged). The leftover server Conns also show
// in bench/dtls_bench's Handshake rows at 2 threads (DTLS_BENCH_DEBUG=1). Not yet explained.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <span>
#include <vector>

#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/runtime.hpp"
#include "chan/time.hpp"
#include "dtls/conn.hpp"
#include "dtls/listener.hpp"

namespace {

void sessions(int threads, int n, int* missed, int* dialFails) {
  std::atomic<int> miss{0};
  int fails = 0;
  go::run({.threads = threads}, [&] {
    dtls::Config cfg;
    cfg.PSK = [](std::span<const std::uint8_t>) -> std::pair<std::vector<std::uint8_t>, go::error> {
      return {{1, 2, 3}, nullptr};
    };
    cfg.PSKIdentityHint = std::vector<std::uint8_t>{'x'};
    cfg.CipherSuites = std::vector<dtls::CipherSuiteID>{dtls::TLS_PSK_WITH_AES_128_GCM_SHA256};
    go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
    auto [ln, err] = dtls::Listen("udp", &laddr, &cfg);
    ASSERT_EQ(err, nullptr) << err.Error();
    auto raddr = std::make_shared<go::net::UDPAddr>(*std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr()));
    go::go([ln = ln, &miss] {
      for (;;) {
        auto [c, aErr] = ln->Accept();
        if (aErr) return;
        go::go([c = c, &miss] {
          std::vector<std::uint8_t> buf(8192);
          auto [k, rErr] = c->Read(buf);
          if (!rErr) {
            c->Write(std::span(buf.data(), static_cast<std::size_t>(k)));
            c->SetReadDeadline(go::time::Now() + 2 * go::time::Second);
            auto [k2, e2] = c->Read(buf);
            auto* ne = go::errors::As<go::net::Error>(e2);
            if (ne && ne->Timeout()) miss++;
          }
          c->Close();
        });
      }
    });
    for (int i = 0; i < n; i++) {
      auto [conn, derr] = dtls::Dial("udp", raddr.get(), &cfg);
      if (derr) {
        fails++;
        continue;
      }
      std::vector<std::uint8_t> p{'p'};
      conn->Write(p);
      std::vector<std::uint8_t> b(64);
      conn->Read(b);
      conn->Close();
    }
    go::time::Sleep(3 * go::time::Second);
    ln->Close();
  });
  *missed = miss.load();
  *dialFails = fails;
}

TEST(KnownIssue, DISABLED_CloseNotifySeenByServerAtTwoThreads) {
  int missed = 0, fails = 0;
  sessions(2, 300, &missed, &fails);
  EXPECT_EQ(fails, 0);
  EXPECT_EQ(missed, 0) << "sessions whose close_notify the server's Read did not see within 2 s";
}

// The same at one worker thread holds (this one runs in CI).
TEST(KnownIssue, CloseNotifySeenByServerAtOneThread) {
  int missed = 0, fails = 0;
  sessions(1, 100, &missed, &fails);
  EXPECT_EQ(fails, 0);
  EXPECT_EQ(missed, 0) << "sessions whose close_notify the server's Read did not see within 2 s";
}

}  // namespace
