// The stateless cookie exchange of dtls::Listen (dtls/hello_verifier.hpp; a port addition, issue 8:
// "the HelloVerifyRequest cookie keeps the server stateless until the address is proven").
// helloVerifier on its own, then dtls::Listen over real UDP sockets: a ClientHello without a valid
// cookie gets a HelloVerifyRequest and makes no Conn; the ClientHello that carries it makes one,
// whose ServerHello continues the message sequence; a flood of ClientHellos from spoofed
// addresses leaves the accept queue free for a legitimate client. (Ours; no Go origin.)
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iterator>
#include <memory>
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
#include "dtls/hello_verifier.hpp"
#include "dtls/listener.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_client_hello.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "logging/logger.hpp"

namespace dtls {
namespace {

namespace rl = pkg::protocol::recordlayer;
namespace hs = pkg::protocol::handshake;
using bytes = std::vector<std::uint8_t>;

// The first datagram of the captured Pion-Pion PSK handshake: one record, one ClientHello.
bytes capturedHello() {
  std::ifstream f(HELLO_CORPUS, std::ios::binary);
  bytes in{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
  if (in.size() < 3) return {};
  const std::size_t len = (std::size_t{in[1]} << 8) | in[2];  // mode byte, then [u16 len][datagram]
  return bytes(in.begin() + 3, in.begin() + 3 + static_cast<long>(len));
}

struct parsedHello {
  rl::Header record;
  hs::Header header;
  hs::MessageClientHello hello;
};

parsedHello parseHello(const bytes& d) {
  parsedHello p;
  EXPECT_EQ(p.record.Unmarshal(d), nullptr);
  EXPECT_EQ(p.header.Unmarshal(std::span(d).subspan(rl::HeaderSize)), nullptr);
  EXPECT_EQ(p.hello.Unmarshal(std::span(d).subspan(rl::HeaderSize + hs::HeaderLength, p.header.Length)), nullptr);
  return p;
}

// A ClientHello datagram: `hello` with `cookie`, at message sequence `msgSeq`, record sequence `recSeq`.
bytes helloDatagram(hs::MessageClientHello hello, const bytes& cookie, std::uint16_t msgSeq, std::uint64_t recSeq) {
  hello.Cookie = cookie;
  rl::RecordLayer rec;
  rec.Header.Version = pkg::protocol::Version1_2;
  rec.Header.SequenceNumber = recSeq;
  auto h = std::make_shared<hs::Handshake>();
  h->Header.MessageSequence = msgSeq;
  h->Message = std::make_shared<hs::MessageClientHello>(hello);
  rec.Content = h;
  auto [raw, err] = rec.Marshal();
  EXPECT_EQ(err, nullptr);
  return raw;
}

struct parsedHVR {
  rl::Header record;
  hs::Header header;
  hs::MessageHelloVerifyRequest hvr;
};

parsedHVR parseHVR(const bytes& d) {
  parsedHVR p;
  EXPECT_EQ(p.record.Unmarshal(d), nullptr);
  EXPECT_EQ(p.record.ContentType, pkg::protocol::ContentTypeHandshake);
  EXPECT_EQ(p.header.Unmarshal(std::span(d).subspan(rl::HeaderSize)), nullptr);
  EXPECT_EQ(p.header.Type, hs::TypeHelloVerifyRequest);
  EXPECT_EQ(p.hvr.Unmarshal(std::span(d).subspan(rl::HeaderSize + hs::HeaderLength, p.header.Length)), nullptr);
  return p;
}

TEST(HelloVerifier, CookielessHelloGetsAHelloVerifyRequestAndNoConn) {
  const bytes captured = capturedHello();
  ASSERT_FALSE(captured.empty()) << HELLO_CORPUS;
  const auto p = parseHello(captured);
  ASSERT_TRUE(p.hello.Cookie.empty());
  const go::net::UDPAddr from(go::net::IPv4(192, 0, 2, 7), 4242);
  helloVerifier v;

  bytes reply{1, 2, 3};  // admit clears what was there
  const bytes ch1 = helloDatagram(p.hello, {}, 0, 5);
  EXPECT_FALSE(v.admit(ch1, from, reply));
  ASSERT_FALSE(reply.empty());
  EXPECT_LT(reply.size(), ch1.size()) << "the answer must not amplify";
  const auto hvr = parseHVR(reply);
  EXPECT_EQ(hvr.record.Epoch, 0);
  EXPECT_EQ(hvr.record.SequenceNumber, 5u) << "RFC 6347 4.2.1: the ClientHello's record sequence number";
  EXPECT_EQ(hvr.header.MessageSequence, 0);
  EXPECT_TRUE(hvr.hvr.Version.Equal(pkg::protocol::Version1_2));
  EXPECT_EQ(hvr.hvr.Cookie.size(), static_cast<std::size_t>(cookieLength));
  EXPECT_EQ(hvr.hvr.Cookie, v.cookie(from, helloVerifier::periodOf(v.now())));

  // Stateless: asking again gives the same cookie; nothing was kept in between.
  bytes again;
  EXPECT_FALSE(v.admit(ch1, from, again));
  EXPECT_EQ(again, reply);

  // The second ClientHello, with the cookie, is admitted, with nothing to send back.
  const bytes ch2 = helloDatagram(p.hello, hvr.hvr.Cookie, 1, 6);
  EXPECT_TRUE(v.admit(ch2, from, reply));
  EXPECT_TRUE(reply.empty());
}

TEST(HelloVerifier, CookieIsBoundToAddressPeriodAndSecret) {
  const auto p = parseHello(capturedHello());
  const go::net::UDPAddr from(go::net::IPv4(192, 0, 2, 7), 4242);
  helloVerifier v;
  std::int64_t t = 1000 * helloVerifier::periodSeconds;
  v.now = [&t] { return t; };
  const bytes cookie = v.cookie(from, helloVerifier::periodOf(t));
  const bytes ch2 = helloDatagram(p.hello, cookie, 1, 9);
  bytes reply;
  EXPECT_TRUE(v.admit(ch2, from, reply));

  // From another port or address: not admitted; a fresh HelloVerifyRequest answers it, numbered
  // after the ClientHello it answers so a client that saw one already accepts it.
  const go::net::UDPAddr otherPort(go::net::IPv4(192, 0, 2, 7), 4243), otherIP(go::net::IPv4(192, 0, 2, 8), 4242);
  for (const auto* a : {&otherPort, &otherIP}) {
    EXPECT_FALSE(v.admit(ch2, *a, reply)) << a->String();
    ASSERT_FALSE(reply.empty());
    const auto hvr = parseHVR(reply);
    EXPECT_EQ(hvr.header.MessageSequence, 1);
    EXPECT_NE(hvr.hvr.Cookie, cookie);
    EXPECT_EQ(hvr.hvr.Cookie, v.cookie(*a, helloVerifier::periodOf(t)));
  }

  // A cookie one bit off, cut short, or made by another listener's secret.
  bytes flipped = cookie;
  flipped.back() ^= 0x80;
  const bytes shortCookie(cookie.begin(), cookie.end() - 1);
  helloVerifier other;
  for (const auto& c : {flipped, shortCookie, other.cookie(from, helloVerifier::periodOf(t))}) {
    EXPECT_FALSE(v.admit(helloDatagram(p.hello, c, 1, 9), from, reply));
    EXPECT_FALSE(reply.empty());
  }

  // Valid through the next period, expired in the one after (then answered with a new cookie).
  t += helloVerifier::periodSeconds;
  EXPECT_TRUE(v.admit(ch2, from, reply));
  t += helloVerifier::periodSeconds;
  EXPECT_FALSE(v.admit(ch2, from, reply));
  ASSERT_FALSE(reply.empty());
  EXPECT_EQ(parseHVR(reply).hvr.Cookie, v.cookie(from, helloVerifier::periodOf(t)));
}

// A ClientHello datagram cut into two fragments: {first, second}, each a whole record.
std::pair<bytes, bytes> fragments(const bytes& whole, std::size_t firstBody) {
  const std::size_t bodyLen = whole.size() - rl::HeaderSize - hs::HeaderLength;
  auto make = [&](std::size_t off, std::size_t n) {
    constexpr std::size_t head = rl::HeaderSize + hs::HeaderLength;
    bytes d(head + n);
    std::copy_n(whole.begin(), head, d.begin());
    std::copy_n(whole.begin() + static_cast<long>(head + off), n, d.begin() + head);
    const std::size_t content = hs::HeaderLength + n;
    d[11] = static_cast<std::uint8_t>(content >> 8);
    d[12] = static_cast<std::uint8_t>(content);
    for (int i = 0; i < 3; ++i) {  // fragment_offset, fragment_length (uint24 each)
      d[rl::HeaderSize + 6 + i] = static_cast<std::uint8_t>(off >> (16 - 8 * i));
      d[rl::HeaderSize + 9 + i] = static_cast<std::uint8_t>(n >> (16 - 8 * i));
    }
    return d;
  };
  return {make(0, firstBody), make(firstBody, bodyLen - firstBody)};
}

TEST(HelloVerifier, AFragmentedHelloIsCheckedOnItsFirstFragment) {
  const auto p = parseHello(capturedHello());
  const go::net::UDPAddr from(go::net::IPv4(192, 0, 2, 7), 4242);
  helloVerifier v;
  bytes reply;

  // ClientHello 1 in two fragments: the first is answered, the second dropped unanswered.
  const auto [first1, second1] = fragments(helloDatagram(p.hello, {}, 0, 0), 40);
  EXPECT_FALSE(v.admit(first1, from, reply));
  ASSERT_FALSE(reply.empty());
  const bytes cookie = parseHVR(reply).hvr.Cookie;
  EXPECT_FALSE(v.admit(second1, from, reply));
  EXPECT_TRUE(reply.empty());

  // ClientHello 2: its first fragment, holding the cookie field, is admitted (the Conn then
  // collects the rest); cut before the cookie's end it is dropped unanswered.
  const bytes ch2 = helloDatagram(p.hello, cookie, 1, 1);
  const std::size_t cookieEnd = 2 + hs::RandomLength + 1 + p.hello.SessionID.size() + 1 + cookie.size();
  EXPECT_TRUE(v.admit(fragments(ch2, cookieEnd).first, from, reply));
  EXPECT_TRUE(reply.empty());
  EXPECT_FALSE(v.admit(fragments(ch2, cookieEnd - 1).first, from, reply));
  EXPECT_TRUE(reply.empty());
}

TEST(HelloVerifier, AnythingButAnEpochZeroClientHelloIsDroppedUnanswered) {
  const auto p = parseHello(capturedHello());
  const go::net::UDPAddr from(go::net::IPv4(192, 0, 2, 7), 4242);
  helloVerifier v;
  const bytes ch = helloDatagram(p.hello, {}, 0, 0);
  bytes reply;

  // Every truncation short of the cookie field, including the empty datagram.
  const std::size_t cookieEnd = rl::HeaderSize + hs::HeaderLength + 2 + hs::RandomLength + 1 + p.hello.SessionID.size() + 1;
  for (std::size_t n = 0; n < cookieEnd; ++n) {
    EXPECT_FALSE(v.admit(std::span(ch).first(n), from, reply)) << n;
    EXPECT_TRUE(reply.empty()) << n;
  }
  // Not a handshake record; not epoch 0; another handshake type (a ServerHello's type byte on
  // the same body); a session ID length running past the datagram.
  bytes alertRecord = ch;
  alertRecord[0] = pkg::protocol::ContentTypeAlert;
  bytes epoch1 = ch;
  epoch1[4] = 1;
  bytes serverHello = ch;
  serverHello[rl::HeaderSize] = hs::TypeServerHello;
  bytes garbled = ch;
  garbled[rl::HeaderSize + hs::HeaderLength + 2 + hs::RandomLength] = 0xff;
  for (const auto& d : {alertRecord, epoch1, serverHello, garbled}) {
    EXPECT_FALSE(v.admit(d, from, reply));
    EXPECT_TRUE(reply.empty());
  }
}

// --- dtls::Listen over UDP loopback ---

Config pskConfig() {
  Config cfg;
  cfg.PSK = [](std::span<const std::uint8_t>) {
    return std::pair<std::vector<std::uint8_t>, go::error>{{0xAB, 0xC1, 0x23}, nullptr};
  };
  cfg.PSKIdentityHint = std::vector<std::uint8_t>{'f', 'l', 'o', 'o', 'd'};
  cfg.CipherSuites = std::vector<CipherSuiteID>{TLS_PSK_WITH_AES_128_CCM_8};
  auto lf = std::make_shared<pion::logging::DefaultLoggerFactory>();
  lf->DefaultLogLevel = pion::logging::LogLevelDisabled;
  cfg.LoggerFactory = lf;
  return cfg;
}

// A plain UDP socket (the "client" side of the raw exchanges), bound to `src` (host order).
struct rawSocket {
  int fd = -1;
  explicit rawSocket(std::uint32_t src = INADDR_LOOPBACK) {
    fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(src);
    EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
    timeval tv{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~rawSocket() { ::close(fd); }
  void sendTo(int port, const bytes& d) const {
    sockaddr_in dst{};
    dst.sin_family = AF_INET;
    dst.sin_port = htons(static_cast<std::uint16_t>(port));
    dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(::sendto(fd, d.data(), d.size(), 0, reinterpret_cast<sockaddr*>(&dst), sizeof dst),
              static_cast<ssize_t>(d.size()));
  }
  bytes recv() const {  // empty after 5 s without a datagram
    bytes b(2048);
    ssize_t n = ::recv(fd, b.data(), b.size(), 0);
    b.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return b;
  }
};

int listenerPort(const std::shared_ptr<go::net::Listener>& ln) {
  return std::dynamic_pointer_cast<const go::net::UDPAddr>(ln->Addr())->Port;
}

// Accepts (and closes) until the listener is closed; the channel is closed then. With the raw
// clients no handshake completes: each Accept ends at the Config's 300 ms connect timeout, which
// closes that Conn, so nothing of it outlives the test.
go::chan<go::struct_> acceptLoop(const std::shared_ptr<go::net::Listener>& ln) {
  auto done = go::make_chan<go::struct_>();
  go::go([ln, done] {
    for (;;) {
      auto [c, aerr] = ln->Accept();
      if (aerr && aerr.Error().find("closed") != std::string::npos) break;
      if (c) c->Close();
    }
    done.close();
  });
  return done;
}

Config rawClientConfig() {
  auto cfg = pskConfig();
  cfg.ConnectContextMaker = [] { return go::context::WithTimeout(go::context::Background(), 300 * go::time::Millisecond); };
  return cfg;
}

// The raw client plays RFC 6347's exchange by hand and checks what the listener sends: an
// HelloVerifyRequest per cookieless or wrong-cookie ClientHello (record sequence number copied
// from it), and after the right cookie a ServerHello whose message sequence follows the last
// HelloVerifyRequest's and whose record sequence number is the last ClientHello's.
void cookieExchange(int wrongCookies) {
  const auto p = parseHello(capturedHello());
  go::run({.threads = 2}, [&] {
    auto cfg = rawClientConfig();
    go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
    auto [ln, err] = Listen("udp", &laddr, &cfg);
    ASSERT_EQ(err, nullptr) << err.Error();
    auto acceptDone = acceptLoop(ln);  // the raw client never finishes a handshake
    const int port = listenerPort(ln);
    bytes serverHello;
    std::atomic<bool> done{false};
    std::thread client([&] {
      rawSocket s;
      s.sendTo(port, helloDatagram(p.hello, {}, 0, 0));
      auto hvr = parseHVR(s.recv());
      EXPECT_EQ(hvr.header.MessageSequence, 0);
      std::uint16_t seq = 1;
      for (int i = 0; i < wrongCookies && !hvr.hvr.Cookie.empty(); ++i, ++seq) {
        bytes wrong = hvr.hvr.Cookie;
        wrong[0] ^= 1;
        s.sendTo(port, helloDatagram(p.hello, wrong, seq, seq));
        hvr = parseHVR(s.recv());
        EXPECT_EQ(hvr.header.MessageSequence, seq);
      }
      EXPECT_EQ(hvr.record.SequenceNumber, seq - 1u);
      s.sendTo(port, helloDatagram(p.hello, hvr.hvr.Cookie, seq, 10 + seq));
      serverHello = s.recv();
      done = true;
    });
    // The client is an OS thread blocking in recv; the fibers serve it meanwhile.
    while (!done) go::time::Sleep(5 * go::time::Millisecond);
    client.join();
    ASSERT_FALSE(serverHello.empty()) << "no answer to the ClientHello with the cookie";
    rl::Header rh;
    ASSERT_EQ(rh.Unmarshal(serverHello), nullptr);
    hs::Header hh;
    ASSERT_EQ(hh.Unmarshal(std::span(serverHello).subspan(rl::HeaderSize)), nullptr);
    EXPECT_EQ(hh.Type, hs::TypeServerHello);
    EXPECT_EQ(hh.MessageSequence, wrongCookies + 1) << "the ServerHello follows the last HelloVerifyRequest";
    // Above every HelloVerifyRequest's record sequence number (each the ClientHello's it answered),
    // or the client's replay window drops the ServerHello.
    EXPECT_EQ(rh.SequenceNumber, 10u + static_cast<unsigned>(wrongCookies) + 1u);
    ln->Close();
    acceptDone.recv_ok();
  });
}

TEST(ListenHelloVerify, OneHelloVerifyRequestThenServerHelloAtSequenceOne) { cookieExchange(0); }
TEST(ListenHelloVerify, AfterWrongCookiesTheServerHelloFollowsTheLastRequest) { cookieExchange(2); }

// 3,000 ClientHellos, each from its own spoofed loopback address (127.1.x.y), against a listener
// with one Accept loop, then a legitimate client. With Pion's listener each spoofed hello made a
// Conn and a queued handshake that Accept waited out (30 s each), so the client timed out
// (port-notes/hardening.md); here no spoofed hello gets past the cookie, and the first Conn
// Accept returns is the legitimate client's.
TEST(ListenHelloVerify, SpoofedHelloFloodLeavesTheListenerToLegitimateClients) {
  const bytes hello = capturedHello();
  ASSERT_FALSE(hello.empty());
  constexpr int kSpoofed = 3000;
  go::run({.threads = 2}, [&] {
    auto cfg = pskConfig();
    go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
    auto [ln, err] = Listen("udp", &laddr, &cfg);
    ASSERT_EQ(err, nullptr) << err.Error();
    const int port = listenerPort(ln);
    auto firstRemote = go::make_chan<std::string>(1);
    auto served = go::make_chan<go::struct_>(1);  // the echo fiber has closed its Conn
    auto acceptDone = go::make_chan<go::struct_>();
    go::go([ln = ln, firstRemote, served, acceptDone] {
      bool first = true;
      for (;;) {
        auto [c, aerr] = ln->Accept();
        if (aerr) {
          if (aerr.Error().find("closed") != std::string::npos) break;
          continue;
        }
        if (first) firstRemote.send(c->RemoteAddr()->String());
        first = false;
        go::go([c = c, served] {
          std::vector<std::uint8_t> b(1500);
          auto [m, rerr] = c->Read(b);
          if (!rerr) (void)c->Write(std::span<const std::uint8_t>(b.data(), static_cast<std::size_t>(m)));
          c->Close();
          go::select(go::send(served, go::struct_{}), go::default_());
        });
      }
      acceptDone.close();
    });

    std::atomic<int> sent{0};
    std::thread attacker([&] {
      for (int i = 0; i < kSpoofed; ++i) {
        rawSocket s((127u << 24) | (1u << 16) | static_cast<std::uint32_t>(i / 250) << 8 |
                    static_cast<std::uint32_t>(i % 250 + 1));
        s.sendTo(port, hello);
        ++sent;
      }
    });
    while (sent < kSpoofed) go::time::Sleep(5 * go::time::Millisecond);
    attacker.join();
    go::time::Sleep(200 * go::time::Millisecond);  // let the listener read the flood

    auto ccfg = pskConfig();
    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * go::time::Second);
    auto raddr = std::make_shared<go::net::UDPAddr>(go::net::IPv4(127, 0, 0, 1), port);
    auto [client, cerr] = DialWithContext(ctx, "udp", raddr.get(), &ccfg);
    cancel();
    ASSERT_EQ(cerr, nullptr) << "legitimate client after the flood: " << cerr.Error();
    auto [remote, ok] = firstRemote.recv_ok();
    ASSERT_TRUE(ok);
    EXPECT_EQ(remote, client->LocalAddr()->String()) << "a spoofed address got a Conn";
    const bytes msg{'h', 'i'};
    ASSERT_EQ(client->Write(msg).second, nullptr);
    bytes back(16);
    auto [n, rerr] = client->Read(back);
    ASSERT_EQ(rerr, nullptr);
    back.resize(static_cast<std::size_t>(n));
    EXPECT_EQ(back, msg);
    client->Close();
    served.recv_ok();  // nothing of the server side outlives the run
    ln->Close();
    acceptDone.recv_ok();
  });
}

// Config.InsecureSkipVerifyHello keeps Pion's path: no HelloVerifyRequest, a Conn on the first
// ClientHello, the ServerHello at message sequence 0.
TEST(ListenHelloVerify, InsecureSkipVerifyHelloMakesAConnOnTheFirstHello) {
  const auto p = parseHello(capturedHello());
  go::run({.threads = 2}, [&] {
    auto cfg = rawClientConfig();
    cfg.InsecureSkipVerifyHello = true;
    go::net::UDPAddr laddr(go::net::IPv4(127, 0, 0, 1), 0);
    auto [ln, err] = Listen("udp", &laddr, &cfg);
    ASSERT_EQ(err, nullptr) << err.Error();
    auto acceptDone = acceptLoop(ln);
    const int port = listenerPort(ln);
    bytes answer;
    std::atomic<bool> done{false};
    std::thread client([&] {
      rawSocket s;
      s.sendTo(port, helloDatagram(p.hello, {}, 0, 0));
      answer = s.recv();
      done = true;
    });
    while (!done) go::time::Sleep(5 * go::time::Millisecond);
    client.join();
    ASSERT_FALSE(answer.empty());
    hs::Header hh;
    ASSERT_EQ(hh.Unmarshal(std::span(answer).subspan(rl::HeaderSize)), nullptr);
    EXPECT_EQ(hh.Type, hs::TypeServerHello);
    EXPECT_EQ(hh.MessageSequence, 0);
    ln->Close();
    acceptDone.recv_ok();
  });
}

}  // namespace
}  // namespace dtls
