// Misuse of the DTLS API (issue 8): each gives an error naming the problem, never a crash or a
// hang. Complements conn_test.go's TestReadWriteDeadline port (Write after Close is
// ErrConnClosed, Read after Close is EOF), config_test.go's port (invalid Config combinations)
// and the channel misuse tests in tests/chan. Expected values follow Pion v2.2.6's code
// (conn.go Conn.close, config.go validateConfig, cipher_suite.go parseCipherSuites).
// (Ours; no Go origin.)
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/time.hpp"
#include "dtls/config.hpp"
#include "dtls/conn.hpp"
#include "dtls/errors.hpp"

namespace dtls {
namespace {

Config pskConfig() {
  Config cfg;
  cfg.PSK = [](std::span<const std::uint8_t>) {
    return std::pair<std::vector<std::uint8_t>, go::error>{{0xAB, 0xC1, 0x23}, nullptr};
  };
  cfg.PSKIdentityHint = std::vector<std::uint8_t>{'m', 'i', 's'};
  cfg.CipherSuites = std::vector<CipherSuiteID>{TLS_PSK_WITH_AES_128_CCM_8};
  return cfg;
}

void run(const std::function<void()>& body) {
  go::run({.threads = 1, .seed = 1, .virtual_time = true, .virtual_timeout = std::chrono::seconds(60)}, body);
}

// conn.go Conn.close: the first Close by the user returns the transport's Close result (nil);
// every later one returns ErrConnClosed.
TEST(Misuse, SecondCloseReturnsErrConnClosed) {
  run([] {
    auto [ca, cb] = internal::net::dpipe::Pipe();
    std::shared_ptr<Conn> server;
    auto done = go::make_chan<go::error>(1);
    go::go([&, cb = cb] {
      auto cfg = pskConfig();
      go::error err;
      std::tie(server, err) = Server(cb, &cfg);
      done.send(err);
    });
    auto cfg = pskConfig();
    auto [client, err] = Client(ca, &cfg);
    ASSERT_FALSE(err) << err.Error();
    ASSERT_FALSE(done.recv());
    EXPECT_EQ(client->Close(), nullptr);
    go::error again = client->Close();
    EXPECT_TRUE(go::errors::Is(again, ErrConnClosed)) << (again ? again.Error() : "nil");
    EXPECT_EQ(server->Close(), nullptr);
  });
}

// cipher_suite.go parseCipherSuites: an ID no suite has is refused before any datagram is sent,
// and the error names the ID.
TEST(Misuse, UnknownCipherSuiteIDIsNamed) {
  run([] {
    auto [ca, cb] = internal::net::dpipe::Pipe();
    auto cfg = pskConfig();
    cfg.CipherSuites = std::vector<CipherSuiteID>{static_cast<CipherSuiteID>(0x1234)};
    auto [client, err] = Client(ca, &cfg);
    ASSERT_TRUE(err);
    EXPECT_EQ(client, nullptr);
    EXPECT_NE(err.Error().find("CipherSuite with id(4660) is not valid"), std::string::npos) << err.Error();
    (void)cb->Close();
  });
}

// config.go validateConfig: a PSK identity hint without a PSK callback.
TEST(Misuse, IdentityHintWithoutPSK) {
  run([] {
    auto [ca, cb] = internal::net::dpipe::Pipe();
    Config cfg;
    cfg.PSKIdentityHint = std::vector<std::uint8_t>{'x'};
    auto [client, err] = Client(ca, &cfg);
    EXPECT_EQ(err, errIdentityNoPSK) << (err ? err.Error() : "nil");
    (void)cb->Close();
  });
}

// A null transport: Go's createConn returns errNilNextConn.
TEST(Misuse, NullTransport) {
  run([] {
    auto cfg = pskConfig();
    auto [client, err] = Client(nullptr, &cfg);
    EXPECT_EQ(err, errNilNextConn) << (err ? err.Error() : "nil");
  });
}

}  // namespace
}  // namespace dtls
