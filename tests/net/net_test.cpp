// Tests of go::net (UDP on the poller) and of the pion/transport deadline port.
//
// Loopback only (127.0.0.1 / [::1]). Threaded tests run with 1 and with 2
// worker threads. Deadlines in these tests are deadlock guards or the subject
// under test; none asserts on speed.
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <unistd.h>

#include <any>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "chan/context.hpp"
#include "chan/detail/poll.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace {

using namespace std::chrono_literals;
namespace net = go::net;
namespace gtime = go::time;

std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }
std::string str(const std::vector<std::uint8_t>& b, int n) {
  return std::string(reinterpret_cast<const char*>(b.data()), static_cast<std::size_t>(n));
}

class Net : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}

std::shared_ptr<net::UDPConn> listenLoopback(const char* network = "udp4", const char* addr = "127.0.0.1:0") {
  auto [a, err] = net::ResolveUDPAddr(network, addr);
  EXPECT_FALSE(err) << err.Error();
  if (err) return nullptr;
  auto [c, lerr] = net::ListenUDP(network, a.get());
  EXPECT_FALSE(lerr) << lerr.Error();
  return c;
}

std::shared_ptr<const net::UDPAddr> udpAddr(const std::shared_ptr<const net::Addr>& a) {
  return std::dynamic_pointer_cast<const net::UDPAddr>(a);
}

// ---------------------------------------------------------------------------
// Addresses

// go: net/ip_test.go TestIPString (a selection of ipStringTests)
TEST(NetIP, String) {
  EXPECT_EQ(net::IPv4(192, 0, 2, 1).String(), "192.0.2.1");
  EXPECT_EQ(net::ParseIP("2001:db8::123:12:1").String(), "2001:db8::123:12:1");
  EXPECT_EQ(net::ParseIP("2001:db8:0:0:1:0:0:1").String(), "2001:db8::1:0:0:1");
  EXPECT_EQ(net::ParseIP("2001:db8:1:0:0:0:0:1").String(), "2001:db8:1::1");
  EXPECT_EQ(net::ParseIP("2001:db8:0:1:0:1:0:1").String(), "2001:db8:0:1:0:1:0:1");  // one 0 group: no ::
  EXPECT_EQ(net::ParseIP("::ffff:192.0.2.1").String(), "192.0.2.1");
  EXPECT_EQ(net::ParseIP("::1").String(), "::1");
  EXPECT_EQ(net::ParseIP("::").String(), "::");
  EXPECT_EQ(net::ParseIP("::102:304").String(), "::102:304");  // not "::1.2.3.4" as inet_ntop prints
  EXPECT_EQ(net::IP().String(), "<nil>");
  EXPECT_TRUE(net::ParseIP("127.0.0.1").IsLoopback());
  EXPECT_TRUE(net::ParseIP("::1").IsLoopback());
  EXPECT_TRUE(net::ParseIP("0.0.0.0").IsUnspecified());
  EXPECT_TRUE(net::ParseIP("127.0.0.1").Equal(net::ParseIP("127.0.0.1").To4()));
  EXPECT_EQ(net::ParseIP("127.0.0.1").To4().size(), 4u);
  EXPECT_TRUE(net::ParseIP("::1").To4().empty());
}

// go: net/ip_test.go parseIPTests (rejections)
TEST(NetIP, ParseRejects) {
  for (const char* s : {"127.0.0.256", "127.0.0.1.1", "127.001.0.1", "abc", "1.2.3", "::1::", "fe80::1%eth0", ""}) {
    EXPECT_TRUE(net::ParseIP(s).empty()) << s;
  }
}

// go: net/ipsock_test.go + net/udpsock_test.go resolveUDPAddrTests (loopback subset)
TEST(NetResolve, Good) {
  struct {
    const char* network;
    const char* addr;
    const char* want;
  } cases[] = {
      {"udp", "127.0.0.1:0", "127.0.0.1:0"},
      {"udp", "127.0.0.1:65535", "127.0.0.1:65535"},
      {"udp", "[::1]:53", "[::1]:53"},
      {"udp", "[::1%lo]:53", "[::1%lo]:53"},
      {"udp4", "127.0.0.1:1234", "127.0.0.1:1234"},
      {"udp6", "[::1]:1234", "[::1]:1234"},
      {"udp", "localhost:5", "127.0.0.1:5"},
      {"udp6", "localhost:5", "[::1]:5"},
      {"udp", ":4", ":4"},
      {"", "127.0.0.1:7", "127.0.0.1:7"},
      {"udp", "127.0.0.1:+8", "127.0.0.1:8"},
  };
  for (auto& c : cases) {
    auto [a, err] = net::ResolveUDPAddr(c.network, c.addr);
    ASSERT_FALSE(err) << c.addr << ": " << err.Error();
    EXPECT_EQ(a->String(), c.want) << c.addr;
    EXPECT_EQ(a->Network(), "udp");
  }
}

TEST(NetResolve, BadAddressesHaveGoMessages) {
  struct {
    const char* network;
    const char* addr;
    const char* want;
  } cases[] = {
      {"udp", "127.0.0.1", "address 127.0.0.1: missing port in address"},
      {"udp", "[::1]", "address [::1]: missing port in address"},
      {"udp", "::1:53", "address ::1:53: too many colons in address"},
      {"udp", "[::1:53", "address [::1:53: missing ']' in address"},
      {"udp", "[::1]x:53", "address [::1]x:53: missing port in address"},
      {"udp", "127.0.0.1]:1", "address 127.0.0.1]:1: unexpected ']' in address"},
      {"udp", "127.0.0.1:65536", "address 65536: invalid port"},
      {"udp", "127.0.0.1:-1", "address -1: invalid port"},
      {"udp", "127.0.0.1:99999999999", "address 99999999999: invalid port"},
      {"udp", "127.0.0.1:domain", "lookup udp/domain: unknown port"},
      {"udp", "no-such-host.invalid:1", "lookup no-such-host.invalid: no such host"},
      {"udp4", "[::1]:1", "address ::1: no suitable address found"},
      {"udp6", "127.0.0.1:1", "address 127.0.0.1: no suitable address found"},
      {"tcp7", "127.0.0.1:1", "unknown network tcp7"},
  };
  for (auto& c : cases) {
    auto [a, err] = net::ResolveUDPAddr(c.network, c.addr);
    ASSERT_TRUE(err) << c.addr;
    EXPECT_EQ(a, nullptr);
    EXPECT_EQ(err.Error(), c.want);
    EXPECT_NE(go::errors::As<net::Error>(err), nullptr) << "a net.Error: " << c.addr;
  }
}

TEST(NetResolve, SplitJoinHostPort) {
  auto [h, p, err] = net::SplitHostPort("[fe80::1%lo]:80");
  ASSERT_FALSE(err);
  EXPECT_EQ(h, "fe80::1%lo");
  EXPECT_EQ(p, "80");
  EXPECT_EQ(net::JoinHostPort("::1", "80"), "[::1]:80");
  EXPECT_EQ(net::JoinHostPort("127.0.0.1", "80"), "127.0.0.1:80");
}

TEST(NetDial, Errors) {
  go::run([] {
    auto [c, err] = net::DialUDP("udp", nullptr, nullptr);
    ASSERT_TRUE(err);
    EXPECT_EQ(c, nullptr);
    EXPECT_EQ(err.Error(), "dial udp: missing address");
    auto [c2, err2] = net::ListenUDP("tcp7", nullptr);
    ASSERT_TRUE(err2);
    EXPECT_EQ(err2.Error(), "listen tcp7: unknown network tcp7");

    // Bind the same port twice: listen udp4 127.0.0.1:P: bind: address already in use
    auto a = listenLoopback();
    ASSERT_TRUE(a);
    auto la = udpAddr(a->LocalAddr());
    auto [b, err3] = net::ListenUDP("udp4", la.get());
    ASSERT_TRUE(err3);
    EXPECT_EQ(err3.Error(), "listen udp4 " + la->String() + ": bind: address already in use");
    auto* op = go::errors::As<net::OpError>(err3);
    ASSERT_NE(op, nullptr);
    EXPECT_EQ(op->Op, "listen");
    EXPECT_FALSE(a->Close());
  });
}

// ---------------------------------------------------------------------------
// Echo

// go: net/udpsock_test.go TestUDPConnSpecificMethods / a UDP echo server as in
// net/mockserver_test.go packetEcho, driven by fibers.
TEST_P(Net, EchoBetweenFibers) {
  go::run(cfg(), [] {
    auto srv = listenLoopback();
    ASSERT_TRUE(srv);
    auto saddr = udpAddr(srv->LocalAddr());
    ASSERT_TRUE(saddr);
    EXPECT_NE(saddr->Port, 0);
    EXPECT_EQ(saddr->IP.String(), "127.0.0.1");

    go::sync::WaitGroup wg;
    wg.Add(1);
    go::go([&] {  // go: packetEcho
      std::vector<std::uint8_t> buf(2048);
      for (;;) {
        auto [n, from, err] = srv->ReadFrom(buf);
        if (err) {
          EXPECT_TRUE(go::errors::Is(err, net::ErrClosed)) << err.Error();
          break;
        }
        auto [wn, werr] = srv->WriteTo(std::span<const std::uint8_t>(buf.data(), n), *from);
        EXPECT_FALSE(werr) << werr.Error();
        EXPECT_EQ(wn, n);
      }
      wg.Done();
    });

    // Several clients in parallel, each a ping-pong of messages.
    const int clients = 4, msgs = 50;
    go::sync::WaitGroup cw;
    cw.Add(clients);
    std::atomic<int> echoed{0};
    for (int k = 0; k < clients; ++k) {
      go::go([&, k] {
        auto [c, err] = net::DialUDP("udp", nullptr, saddr.get());
        EXPECT_FALSE(err) << err.Error();
        if (!err) {
          EXPECT_EQ(c->RemoteAddr()->String(), saddr->String());
          std::vector<std::uint8_t> rb(2048);
          for (int i = 0; i < msgs; ++i) {
            auto msg = bytes("client " + std::to_string(k) + " msg " + std::to_string(i));
            auto [wn, werr] = c->Write(msg);
            EXPECT_FALSE(werr);
            EXPECT_EQ(wn, static_cast<int>(msg.size()));
            c->SetReadDeadline(gtime::Now() + 5s);  // deadlock guard
            auto [n, rerr] = c->Read(rb);
            ASSERT_FALSE(rerr) << rerr.Error();
            EXPECT_EQ(str(rb, n), str(msg, static_cast<int>(msg.size())));
            echoed++;
          }
          EXPECT_FALSE(c->Close());
        }
        cw.Done();
      });
    }
    cw.Wait();
    EXPECT_EQ(echoed.load(), clients * msgs);
    EXPECT_FALSE(srv->Close());
    wg.Wait();
  });
}

// WriteTo/ReadFrom between two unconnected sockets carry the sender's address.
TEST_P(Net, WriteToReadFromAddresses) {
  go::run(cfg(), [] {
    auto a = listenLoopback();
    auto b = listenLoopback();
    ASSERT_TRUE(a && b);
    auto aa = udpAddr(a->LocalAddr());
    auto ba = udpAddr(b->LocalAddr());
    go::go([=] {
      auto [n, err] = a->WriteTo(bytes("ping"), *ba);
      EXPECT_FALSE(err);
      EXPECT_EQ(n, 4);
    });
    std::vector<std::uint8_t> buf(64);
    b->SetReadDeadline(gtime::Now() + 5s);
    auto [n, from, err] = b->ReadFromUDP(buf);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(str(buf, n), "ping");
    ASSERT_TRUE(from);
    EXPECT_EQ(from->String(), aa->String());
    EXPECT_TRUE(from->IP.Equal(net::IPv4(127, 0, 0, 1)));
    EXPECT_EQ(from->Port, aa->Port);

    auto [wn, werr] = b->WriteToUDP(bytes("pong"), *from);
    EXPECT_FALSE(werr);
    EXPECT_EQ(wn, 4);
    a->SetReadDeadline(gtime::Now() + 5s);
    auto [n2, from2, err2] = a->ReadFrom(buf);
    ASSERT_FALSE(err2) << err2.Error();
    EXPECT_EQ(str(buf, n2), "pong");
    EXPECT_EQ(from2->String(), ba->String());
    EXPECT_EQ(from2->Network(), "udp");

    // A zero-length datagram is a datagram, not EOF.
    a->WriteTo(std::span<const std::uint8_t>(), *ba);
    auto [n3, from3, err3] = b->ReadFrom(buf);
    EXPECT_FALSE(err3);
    EXPECT_EQ(n3, 0);

    EXPECT_FALSE(a->Close());
    EXPECT_FALSE(b->Close());
  });
}

// go: net/udpsock_test.go TestWriteToUDP (the pre-connected case)
TEST(NetUDP, WriteToConnected) {
  go::run([] {
    auto srv = listenLoopback();
    auto sa = udpAddr(srv->LocalAddr());
    auto [c, err] = net::DialUDP("udp4", nullptr, sa.get());
    ASSERT_FALSE(err);
    auto [n, werr] = c->WriteTo(bytes("x"), *sa);
    ASSERT_TRUE(werr);
    EXPECT_EQ(n, 0);
    EXPECT_TRUE(go::errors::Is(werr, net::ErrWriteToConnected));
    EXPECT_EQ(werr.Error(), "write udp4 " + c->LocalAddr()->String() + "->" + sa->String() +
                                ": use of WriteTo with pre-connected connection");
    c->Close();
    srv->Close();
  });
}

TEST_P(Net, IPv6LoopbackEcho) {
  go::run(cfg(), [] {
    auto [a, rerr] = net::ResolveUDPAddr("udp6", "[::1]:0");
    ASSERT_FALSE(rerr);
    auto [srv, err] = net::ListenUDP("udp6", a.get());
    if (err) GTEST_SKIP() << "no IPv6 loopback here: " << err.Error();
    auto sa = udpAddr(srv->LocalAddr());
    EXPECT_EQ(sa->String(), "[::1]:" + std::to_string(sa->Port));
    auto [c, derr] = net::DialUDP("udp6", nullptr, sa.get());
    ASSERT_FALSE(derr) << derr.Error();
    c->Write(bytes("six"));
    std::vector<std::uint8_t> buf(16);
    srv->SetReadDeadline(gtime::Now() + 5s);
    auto [n, from, e] = srv->ReadFrom(buf);
    ASSERT_FALSE(e) << e.Error();
    EXPECT_EQ(str(buf, n), "six");
    EXPECT_EQ(from->String(), c->LocalAddr()->String());
    c->Close();
    srv->Close();
  });
}

// ---------------------------------------------------------------------------
// Deadlines

// go: net/timeout_test.go TestReadTimeout (+ the message check of net_test.go)
TEST_P(Net, ReadDeadlineTimesOutThenClearedReadWorks) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    std::vector<std::uint8_t> buf(64);

    ASSERT_FALSE(c->SetReadDeadline(gtime::Now() + 20ms));
    auto [n, from, err] = c->ReadFrom(buf);
    ASSERT_TRUE(err);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(from, nullptr);
    EXPECT_TRUE(net::IsTimeout(err));
    EXPECT_TRUE(go::errors::Is(err, go::os::ErrDeadlineExceeded));
    EXPECT_FALSE(go::errors::Is(err, net::ErrClosed));
    EXPECT_EQ(err.Error(), "read udp4 " + c->LocalAddr()->String() + ": i/o timeout");
    auto* ne = go::errors::As<net::Error>(err);
    ASSERT_NE(ne, nullptr);
    EXPECT_TRUE(ne->Timeout());

    // Still expired: a second read fails at once (Go: prepareRead).
    auto [n2, from2, err2] = c->ReadFrom(buf);
    EXPECT_TRUE(net::IsTimeout(err2));

    // A deadline in the past fails at once too.
    c->SetReadDeadline(gtime::Now() - 1s);
    auto [n3, from3, err3] = c->ReadFrom(buf);
    EXPECT_TRUE(net::IsTimeout(err3));

    // Clear the deadline (zero time): a later read works.
    ASSERT_FALSE(c->SetReadDeadline(gtime::Time{}));
    auto la = udpAddr(c->LocalAddr());
    go::go([la] {
      auto [s, e] = net::DialUDP("udp4", nullptr, la.get());
      EXPECT_FALSE(e);
      gtime::Sleep(30ms);  // after the read has parked
      s->Write(bytes("later"));
      s->Close();
    });
    auto [n4, from4, err4] = c->ReadFrom(buf);
    ASSERT_FALSE(err4) << err4.Error();
    EXPECT_EQ(str(buf, n4), "later");
    c->Close();
  });
}

// go: net/timeout_test.go TestReadTimeoutMustNotReturn's shape: a deadline
// changed while the read is parked takes effect (shortened: wakes now;
// cleared: the old deadline no longer fires).
TEST_P(Net, DeadlineChangedWhileParked) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    std::vector<std::uint8_t> buf(64);

    // Shorten: park with a far deadline, then move it close.
    c->SetReadDeadline(gtime::Now() + 60s);
    go::go([c] {
      gtime::Sleep(30ms);
      c->SetReadDeadline(gtime::Now() + 10ms);
    });
    auto start = gtime::Now();
    auto [n, from, err] = c->ReadFrom(buf);
    EXPECT_TRUE(net::IsTimeout(err)) << err.Error();
    EXPECT_LT(gtime::Since(start), 30s);  // deadlock guard, not a speed check

    // Shorten into the past: wakes the reader with a timeout.
    c->SetReadDeadline(gtime::Time{});
    go::go([c] {
      gtime::Sleep(30ms);
      c->SetReadDeadline(gtime::Now() - 1ms);
    });
    auto [n1, from1, err1] = c->ReadFrom(buf);
    EXPECT_TRUE(net::IsTimeout(err1)) << err1.Error();

    // Clear while parked: the old deadline must not fire; data arrives later.
    c->SetReadDeadline(gtime::Now() + 50ms);
    auto la = udpAddr(c->LocalAddr());
    auto cleared = go::make_chan<int>(1);
    go::go([c, la, cleared] {
      gtime::Sleep(10ms);
      c->SetReadDeadline(gtime::Time{});
      cleared.send(1);
      gtime::Sleep(150ms);  // well past the old deadline
      auto [s, e] = net::DialUDP("udp4", nullptr, la.get());
      s->Write(bytes("data"));
      s->Close();
    });
    auto [n2, from2, err2] = c->ReadFrom(buf);
    ASSERT_FALSE(err2) << err2.Error();
    EXPECT_EQ(str(buf, n2), "data");
    cleared.recv();
    c->Close();
  });
}

// go: net/timeout_test.go TestWriteTimeout (a deadline in the past)
TEST(NetUDP, WriteDeadlinePast) {
  go::run([] {
    auto c = listenLoopback();
    auto la = udpAddr(c->LocalAddr());
    c->SetWriteDeadline(gtime::Now() - 1s);
    auto [n, err] = c->WriteTo(bytes("x"), *la);
    EXPECT_EQ(n, 0);
    EXPECT_TRUE(net::IsTimeout(err));
    EXPECT_EQ(err.Error(), "write udp4 " + la->String() + "->" + la->String() + ": i/o timeout");
    // The read side is unaffected.
    c->SetReadDeadline(gtime::Now() + 10ms);
    c->SetWriteDeadline(gtime::Time{});
    auto [wn, werr] = c->WriteTo(bytes("y"), *la);
    EXPECT_FALSE(werr);
    std::vector<std::uint8_t> buf(8);
    auto [rn, from, rerr] = c->ReadFrom(buf);
    EXPECT_FALSE(rerr);
    EXPECT_EQ(str(buf, rn), "y");
    c->Close();
  });
}

// ---------------------------------------------------------------------------
// Close

// go: net/net_test.go TestCloseUnblocksRead (UDP)
TEST_P(Net, CloseUnblocksParkedRead) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    auto res = go::make_chan<go::error>(2);
    for (int i = 0; i < 2; ++i) {  // one parked in the poller, one queued behind it
      go::go([c, res] {
        std::vector<std::uint8_t> buf(64);
        auto [n, from, err] = c->ReadFrom(buf);
        res.send(err);
      });
    }
    gtime::Sleep(30ms);
    EXPECT_FALSE(c->Close());
    for (int i = 0; i < 2; ++i) {
      go::error err;
      int k = go::select(go::recv(res, &err), go::recv(gtime::After(10s)));
      ASSERT_EQ(k, 0) << "Read did not return after Close";
      ASSERT_TRUE(err);
      EXPECT_TRUE(go::errors::Is(err, net::ErrClosed)) << err.Error();
      EXPECT_NE(err.Error().find("use of closed network connection"), std::string::npos);
      EXPECT_FALSE(net::IsTimeout(err));
    }
    // After Close: every operation fails at once, never hangs.
    std::vector<std::uint8_t> buf(8);
    auto [n, from, err] = c->ReadFrom(buf);
    EXPECT_TRUE(go::errors::Is(err, net::ErrClosed));
    EXPECT_EQ(err.Error(), "read udp4 " + c->LocalAddr()->String() + ": use of closed network connection");
    auto [rn, rerr] = c->Read(buf);
    EXPECT_TRUE(go::errors::Is(rerr, net::ErrClosed));
    auto [wn, werr] = c->WriteTo(bytes("x"), *udpAddr(c->LocalAddr()));
    EXPECT_TRUE(go::errors::Is(werr, net::ErrClosed));
    EXPECT_TRUE(go::errors::Is(c->SetReadDeadline(gtime::Now()), net::ErrClosed));
    go::error cerr = c->Close();
    EXPECT_TRUE(go::errors::Is(cerr, net::ErrClosed));
    EXPECT_EQ(cerr.Error(), "close udp4 " + c->LocalAddr()->String() + ": use of closed network connection");
  });
}

// Close racing with many readers and writers on other fibers (fdMutex).
// (Before core fix f22e0c5, looping this with 2 threads occasionally crashed
// in ontop_fcontext or stalled; it is a useful stress of Close vs. I/O.)
TEST_P(Net, CloseRacesWithOperations) {
  go::run(cfg(), [] {
    for (int round = 0; round < 20; ++round) {
      auto c = listenLoopback();
      ASSERT_TRUE(c);
      auto la = udpAddr(c->LocalAddr());
      go::sync::WaitGroup wg;
      wg.Add(6);
      for (int i = 0; i < 3; ++i) {
        go::go([&] {
          std::vector<std::uint8_t> buf(64);
          for (;;) {
            auto [n, from, err] = c->ReadFrom(buf);
            if (err) {
              EXPECT_TRUE(go::errors::Is(err, net::ErrClosed)) << err.Error();
              break;
            }
          }
          wg.Done();
        });
        go::go([&] {
          for (;;) {
            auto [n, err] = c->WriteTo(bytes("abc"), *la);
            if (err) {
              EXPECT_TRUE(go::errors::Is(err, net::ErrClosed)) << err.Error();
              break;
            }
            go::yield();
          }
          wg.Done();
        });
      }
      gtime::Sleep(2ms);
      EXPECT_FALSE(c->Close());
      wg.Wait();
    }
  });
}

// ---------------------------------------------------------------------------
// Context (pion/transport connctx shape)

// pion: transport/connctx/connctx_test.go TestReadContext / TestCancel (shape)
TEST_P(Net, ReadContextCanceledThenReadWorks) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    auto la = udpAddr(c->LocalAddr());
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    go::go([cancel] {
      gtime::Sleep(30ms);
      cancel();
    });
    auto [s, e] = net::DialUDP("udp4", nullptr, la.get());
    ASSERT_FALSE(e);
    std::vector<std::uint8_t> buf(64);
    auto [n, err] = c->ReadContext(ctx, buf);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(err, go::context::Canceled) << err.Error();

    // The deadline is untouched (none was set): a read now waits for data.
    go::go([s] {
      gtime::Sleep(20ms);
      s->Write(bytes("after"));
    });
    auto [ctx2, cancel2] = go::context::WithTimeout(go::context::Background(), 10s);
    auto [n2, err2] = c->ReadContext(ctx2, buf);
    ASSERT_FALSE(err2) << err2.Error();
    EXPECT_EQ(str(buf, n2), "after");
    cancel2();

    // An expired context: DeadlineExceeded.
    auto [ctx3, cancel3] = go::context::WithTimeout(go::context::Background(), 10ms);
    auto [n3, err3] = c->ReadContext(ctx3, buf);
    EXPECT_EQ(err3, go::context::DeadlineExceeded) << err3.Error();
    cancel3();
    s->Close();
    c->Close();
  });
}

// Port addition: ReadContext parks on the socket and on ctx.Done() together. No helper fiber runs
// beside it (connctx's watcher), and a cancel leaves the read deadline the caller set (the watcher
// moved it into the past and then cleared it).
TEST_P(Net, ReadContextRunsNoHelperFiberAndKeepsTheDeadline) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    ASSERT_FALSE(c->SetReadDeadline(gtime::Now() + 300ms));
    const int before = go::num_goroutine();
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    auto during = go::make_chan<int>(1);
    go::go([cancel = cancel, during, before] {
      gtime::Sleep(20ms);
      during.send(go::num_goroutine() - before);  // this fiber, and a helper if there were one
      cancel();
    });
    std::vector<std::uint8_t> buf(64);
    auto [n, err] = c->ReadContext(ctx, buf);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(err, go::context::Canceled) << err.Error();
    EXPECT_EQ(during.recv(), 1);

    // The deadline still holds: a plain Read ends with it, a timeout.
    auto [n2, err2] = c->Read(buf);
    EXPECT_EQ(n2, 0);
    EXPECT_TRUE(go::errors::Is(err2, go::os::ErrDeadlineExceeded)) << err2.Error();

    // A context already done: its error, before any wait.
    ASSERT_FALSE(c->SetReadDeadline(gtime::Time{}));
    auto [n3, err3] = c->ReadContext(ctx, buf);
    EXPECT_EQ(n3, 0);
    EXPECT_EQ(err3, go::context::Canceled) << err3.Error();
    auto [wn, werr] = c->WriteContext(ctx, bytes("x"));
    EXPECT_EQ(wn, 0);
    EXPECT_EQ(werr, go::context::Canceled) << werr.Error();
    c->Close();
  });
}

// Port addition: cancels racing arriving datagrams (the canceller on another worker at 2 threads).
// Whichever wins, nothing is lost or read twice: a canceled read leaves its datagram in the socket
// for the next read. The sender keeps at most 8 datagrams in flight so loopback never drops one.
// For the first half 8 are in flight, so a read mostly finds one waiting and wins before its
// canceller runs; for the second half one is, so a read mostly parks first and the cancel races
// the datagram's arrival. Some reads must be canceled (the race was run, not only the data path).
TEST_P(Net, ReadContextCancelRacingDatagramsLosesNone) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    auto la = udpAddr(c->LocalAddr());
    auto [s, e] = net::DialUDP("udp4", nullptr, la.get());
    ASSERT_FALSE(e);
    constexpr int N = 3000;
    auto tokens = go::make_chan<int>(8);
    for (int i = 0; i < 8; ++i) tokens.send(1);
    go::go([s, tokens] {
      for (int i = 0; i < N; ++i) {
        if (!tokens.recv_ok().second) return;
        std::string m = std::to_string(i);
        s->Write(bytes(m));
      }
    });
    std::vector<int> seen(N, 0);
    int got = 0, canceled = 0;
    std::vector<std::uint8_t> buf(64);
    ASSERT_FALSE(c->SetReadDeadline(gtime::Now() + 60s));  // a deadlock guard
    while (got < N) {
      auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
      go::go([cancel = cancel, i = got + canceled] {
        if (i % 3 == 0) go::yield();
        cancel();
      });
      auto [n, err] = c->ReadContext(ctx, buf);
      if (err == go::context::Canceled) {
        ++canceled;
        continue;
      }
      ASSERT_FALSE(err) << err.Error();
      int v = std::stoi(str(buf, n));
      ASSERT_GE(v, 0);
      ASSERT_LT(v, N);
      ++seen[static_cast<std::size_t>(v)];
      ++got;
      // Seven tokens kept back at the half: from there one datagram is in flight.
      if (got <= N / 2 || got > N / 2 + 7) tokens.send(1);
    }
    for (int i = 0; i < N; ++i) EXPECT_EQ(seen[static_cast<std::size_t>(i)], 1) << "datagram " << i;
    std::printf("    %d datagrams read, %d reads canceled\n", got, canceled);
    EXPECT_GT(canceled, 0);  // the race was run, not only the data path
    tokens.close();
    s->Close();
    c->Close();
  });
}

// The deadline's context, telling when the read has taken its Done channel (see below).
struct DoneTaken final : go::context::ContextI {
  go::context::Context inner;
  go::chan<go::struct_> taken = go::make_chan<go::struct_>();
  mutable std::atomic<bool> told{false};
  explicit DoneTaken(go::context::Context c) : inner(std::move(c)) {}
  std::pair<gtime::Time, bool> Deadline() const override { return inner->Deadline(); }
  go::recv_chan<go::struct_> Done() const override {
    auto done = inner->Done();
    if (!told.exchange(true)) taken.close();
    return done;
  }
  go::error Err() const override { return inner->Err(); }
  std::any Value(const go::context::Key& key) const override { return inner->Value(key); }
};

// Port addition: a read parked on a context whose Done channel the context then drops. A pion
// Deadline used as a context (dtls' Conn does this) replaces its channel on Set once it has fired,
// so the fired channel may lose its last owner between waking the read and the read taking itself
// off that channel's queue: the read must hold the channel itself (under ASan, a use after free
// otherwise). The deadline fires and is reset from another fiber while reads park on it.
TEST_P(Net, ReadContextOnADeadlineThatReplacesItsChannel) {
  go::run(cfg(), [] {
    auto c = listenLoopback();
    ASSERT_TRUE(c);
    std::vector<std::uint8_t> buf(16);
    int timedOut = 0;
    for (int i = 0; i < 300; ++i) {
      auto d = pion::transport::deadline::New();
      d->Set(gtime::Now() + 200us);
      auto ctx = std::make_shared<DoneTaken>(d->AsContext());
      auto stop = go::make_chan<go::struct_>();
      auto resetter = go::make_chan<go::struct_>();
      go::go([d, ctx, stop, resetter] {
        // Wait for the deadline to fire, then replace its channel at once (Set after expiry) —
        // but not before the read has taken the channel: a read that takes the new one waits on
        // a deadline that is no longer set, with nobody writing, for ever. (This fiber runs on
        // the other worker as soon as an idle one steals it from main's runnext; under
        // ThreadSanitizer the 200 us could pass before main got to ReadContext.)
        go::select(go::recv(d->Done()), go::recv(stop));
        go::select(go::recv(ctx->taken), go::recv(stop));
        d->Set(gtime::Time{});
        resetter.close();
      });
      auto [n, err] = c->ReadContext(ctx, buf);
      EXPECT_EQ(n, 0);
      // The deadline's error, or, when the reset came first, the timeout the fired deadline
      // stands for (its Err() is nil again by then).
      if (err == go::context::DeadlineExceeded || go::errors::Is(err, go::os::ErrDeadlineExceeded)) {
        ++timedOut;
      } else {
        ADD_FAILURE() << "read " << i << ": " << (err ? err.Error() : std::string("no error"));
      }
      stop.close();
      resetter.recv();
    }
    EXPECT_EQ(timedOut, 300);  // nobody writes: every read ends with the deadline's error
    c->Close();
  });
}

// ---------------------------------------------------------------------------
// pion/transport deadline

// pion: transport/deadline/deadline_test.go sendOnDone / collectCh
void sendOnDone(const go::context::Context& ctx, go::recv_chan<go::struct_> done, go::chan<std::uint8_t> dest,
                std::uint8_t val) {
  if (go::select(go::recv(done), go::recv(ctx->Done())) == 1) return;
  dest.send(val);
}

std::vector<std::uint8_t> collectCh(go::chan<std::uint8_t> ch, std::size_t n, gtime::Duration timeout) {
  auto a = gtime::After(timeout);
  std::vector<std::uint8_t> calls;
  while (calls.size() < n) {
    std::uint8_t call = 0;
    if (go::select(go::recv(ch, &call), go::recv(a)) == 1) return calls;
    calls.push_back(call);
  }
  return calls;
}

// pion: transport/deadline/deadline_test.go TestDeadline. The three signals
// are 10 ms apart in Go (40/50/60 ms); here 100/200/300 ms (the pretended
// deadline 50 ms). A fiber whose signal fired before it first ran sends in
// spawn order, not signal order, so the margin must cover the setup: under
// ThreadSanitizer the contexts, Sets and spawns take 10-20 ms, and with
// 40/80/120 ms (pretend 20) the test failed 4 runs in 10 there.
TEST_P(Net, PionDeadlineTestDeadline) {
  go::run(cfg(), [] {
    namespace deadline = pion::transport::deadline;
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    struct C {
      const char* name;
      std::vector<gtime::Duration> sets;  // successive d.Set(now + x); 0 = Set(Time{})
      std::vector<std::uint8_t> want;
      bool withCtx1;
    } cases[] = {
        {"Deadline", {200ms}, {0, 2, 1}, true},
        {"DeadlineExtend", {200ms, 400ms}, {0, 1, 2}, true},
        {"DeadlinePretend", {200ms, 50ms}, {2, 0, 1}, true},
        {"DeadlineCancel", {200ms, gtime::Duration::zero()}, {0}, false},
    };
    for (auto& tc : cases) {
      SCOPED_TRACE(tc.name);
      auto now = gtime::Now();
      auto [ctx0, cancel0] = go::context::WithDeadline(ctx, now + 100ms);
      auto [ctx1, cancel1] = go::context::WithDeadline(ctx, now + 300ms);
      auto d = deadline::New();
      for (auto s : tc.sets) d->Set(s == gtime::Duration::zero() ? gtime::Time{} : now + s);
      auto ch = go::make_chan<std::uint8_t>();
      go::go([=] { sendOnDone(ctx, ctx0->Done(), ch, 0); });
      if (tc.withCtx1) go::go([=] { sendOnDone(ctx, ctx1->Done(), ch, 1); });
      go::go([=] { sendOnDone(ctx, d->Done(), ch, tc.withCtx1 ? 2 : 1); });
      auto calls = collectCh(ch, tc.want.size() + (tc.withCtx1 ? 0 : 1), tc.withCtx1 ? 750ms : 350ms);
      EXPECT_EQ(calls, tc.want);
      cancel0();
      cancel1();
    }
    cancel();
  });
}

// pion: transport/deadline/deadline_test.go TestContext
TEST_P(Net, PionDeadlineTestContext) {
  go::run(cfg(), [] {
    namespace deadline = pion::transport::deadline;
    {  // Cancel
      auto d = deadline::New();
      EXPECT_EQ(go::select(go::recv(d->Done()), go::recv(gtime::After(50ms))), 1) << "Deadline unexpectedly done";
      EXPECT_EQ(d->Err(), nullptr);
      d->Set(gtime::Time{} + 1ns);  // exceeded (Go: time.Unix(0, 1))
      EXPECT_EQ(go::select(go::recv(d->Done()), go::recv(gtime::After(5s))), 0) << "Timeout";
      EXPECT_TRUE(go::errors::Is(d->Err(), go::context::DeadlineExceeded));
    }
    {  // Deadline
      auto d = deadline::New();
      auto [t0, expired0] = d->Get();
      EXPECT_EQ(t0, gtime::Time{});
      EXPECT_FALSE(expired0);
      auto dl = gtime::Time{} + 12345s;
      d->Set(dl);
      auto [t1, expired1] = d->Get();
      EXPECT_EQ(t1, dl);
      EXPECT_TRUE(expired1);
    }
    {  // As a context.Context
      auto d = deadline::New();
      go::context::Context c = d->AsContext();
      EXPECT_FALSE(c->Deadline().second);
      EXPECT_EQ(c->Err(), nullptr);
      d->Set(gtime::Now() + 20ms);
      EXPECT_TRUE(c->Deadline().second);
      EXPECT_EQ(go::select(go::recv(c->Done()), go::recv(gtime::After(5s))), 0);
      EXPECT_EQ(c->Err(), go::context::DeadlineExceeded);
      // A child context is canceled with it.
      auto d2 = deadline::New();
      auto [child, cancelChild] = go::context::WithCancel(d2->AsContext());
      d2->Set(gtime::Now() + 10ms);
      EXPECT_EQ(go::select(go::recv(child->Done()), go::recv(gtime::After(5s))), 0);
      EXPECT_EQ(child->Err(), go::context::DeadlineExceeded);
      cancelChild();
    }
  });
}

// Regression test for a core bug found by these tests (fixed by the lead in
// f22e0c5): with two worker threads and one descriptor registered with the
// poller (so an idle worker blocks in epoll_wait), a fiber woken through a
// channel or go::sync::Mutex was sometimes never run again (one worker in
// epoll_wait(-1), the other in its condition variable). The loop runs for
// ~2 s in a child process; a stall becomes a failure through alarm().
TEST(NetRegression, LostWakeupWithRegisteredFd) {
  EXPECT_EXIT(
      {
        ::alarm(6);
        auto start = std::chrono::steady_clock::now();
        while (std::chrono::steady_clock::now() - start < 2s) {
          go::run({.threads = 2}, [] {
            int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            auto* pd = go::detail::poll_open(s);  // idle workers now block in epoll
            auto tok = go::make_chan<int>(1);
            tok.send(1);
            go::sync::WaitGroup wg;
            std::atomic<bool> stop{false};
            wg.Add(6);
            for (int i = 0; i < 6; ++i) {
              go::go([&] {
                while (!stop.load()) {
                  tok.recv();
                  tok.send(1);
                }
                wg.Done();
              });
            }
            gtime::Sleep(1ms);
            stop = true;
            wg.Wait();
            go::detail::poll_close(pd);
            go::detail::poll_free(pd);
            ::close(s);
          });
        }
        std::exit(0);
      },
      ::testing::ExitedWithCode(0), "");
}

// A socket may outlive the runtime that opened it (chan/detail/poll.hpp): when the runtime
// exits, its poller hands the socket, with its pending deadline, to the process-wide poller.
// Before that hand-over, closing the socket afterwards used the exited runtime's freed timer
// queue and poller, and a read parked on it was never woken.
TEST_P(Net, SocketOutlivesItsRuntime) {
  std::shared_ptr<net::UDPConn> a, b, c;
  go::run(cfg(), [&] {
    a = listenLoopback();
    ASSERT_TRUE(a);
    c = listenLoopback();
    ASSERT_TRUE(c);
    auto [d, err] = net::DialUDP("udp4", nullptr, udpAddr(a->LocalAddr()).get());
    ASSERT_FALSE(err) << err.Error();
    b = d;
    // Armed on this runtime's timers: the first must still fire after the hand-over, the
    // second must be cancelled there by clearing it.
    ASSERT_FALSE(c->SetReadDeadline(gtime::Now() + 300ms));
    ASSERT_FALSE(a->SetReadDeadline(gtime::Now() + 24h));
    // A datagram that arrives while the runtime runs, read only after it has exited.
    ASSERT_FALSE(b->Write(bytes("before")).second);
    gtime::Sleep(20ms);
  });
  ASSERT_TRUE(a && b && c);
  std::vector<std::uint8_t> buf(64);

  // Plain thread from here on: the process-wide poller serves all three.
  auto [n0, e0] = a->Read(buf);
  ASSERT_FALSE(e0) << e0.Error();
  EXPECT_EQ(str(buf, n0), "before");

  // A read that parks before the datagram comes is woken by the process-wide poller (the new
  // deadline, replacing the one armed in the runtime, is only a guard).
  ASSERT_FALSE(a->SetReadDeadline(gtime::Now() + 10s));
  std::thread writer([&b] {
    std::this_thread::sleep_for(30ms);
    b->Write(bytes("after"));
  });
  auto [n1, e1] = a->Read(buf);
  writer.join();
  ASSERT_FALSE(e1) << e1.Error();
  EXPECT_EQ(str(buf, n1), "after");

  // The deadline set inside the runtime fires on the process-wide timer thread.
  auto [n2, e2] = c->Read(buf);
  EXPECT_TRUE(net::IsTimeout(e2)) << (e2 ? e2.Error() : "no error");

  // And a second runtime may use them too.
  go::run(cfg(), [&] {
    ASSERT_FALSE(b->Write(bytes("again")).second);
    auto [n3, e3] = a->Read(buf);
    ASSERT_FALSE(e3) << e3.Error();
    EXPECT_EQ(str(buf, n3), "again");
  });

  EXPECT_FALSE(a->Close());
  EXPECT_FALSE(b->Close());
  EXPECT_FALSE(c->Close());
}

INSTANTIATE_TEST_SUITE_P(Threads, Net, ::testing::Values(1, 2), threads_name);

}  // namespace
