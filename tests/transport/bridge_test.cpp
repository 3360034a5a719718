// pion: github.com/pion/transport test/bridge_test.go — TestBridge (all nine subtests, one gtest
// each) and TestNetTest (golang.org/x/net/nettest.TestConn over the Bridge, one gtest per
// nettest subtest, ported in tests/nettest/conntest.hpp). Each runs in its own runtime on one
// worker thread; Go's test.TimeOut(30 s) is timeOut below.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "chan/go.hpp"
#include "chan/runtime.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "nettest/conntest.hpp"
#include "transport/test/bridge.hpp"

namespace pion::transport::test {

// bridge_test.go is in package test: it reaches the Bridge's unexported fields and methods.
struct bridgeTestAccess {
  static bool isClosed(bridgeConn& c) { return c.isClosed(); }
  static void clear(Bridge& br) { br.clear(); }
  static std::shared_ptr<bridgeConn> conn0(Bridge& br) { return br.conn0; }
  static std::shared_ptr<bridgeConn> conn1(Bridge& br) { return br.conn1; }
};

// pion: test/bridge_test.go closePropagator
class closePropagator final : public go::net::Conn {
 public:
  closePropagator(std::shared_ptr<bridgeConn> c, std::shared_ptr<bridgeConn> other)
      : bridgeConn_(std::move(c)), otherEnd(std::move(other)) {}
  // pion: test/bridge_test.go closePropagator.Close
  go::error Close() override {
    {
      std::lock_guard<go::sync::Mutex> lk(otherEnd->mutex);
      otherEnd->closing = true;
    }
    return bridgeConn_->Close();
  }
  // The embedded *bridgeConn's methods.
  std::pair<int, go::error> Read(std::span<std::uint8_t> b) override { return bridgeConn_->Read(b); }
  std::pair<int, go::error> Write(std::span<const std::uint8_t> b) override { return bridgeConn_->Write(b); }
  std::shared_ptr<const go::net::Addr> LocalAddr() const override { return bridgeConn_->LocalAddr(); }
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return bridgeConn_->RemoteAddr(); }
  go::error SetDeadline(go::time::Time t) override { return bridgeConn_->SetDeadline(t); }
  go::error SetReadDeadline(go::time::Time t) override { return bridgeConn_->SetReadDeadline(t); }
  go::error SetWriteDeadline(go::time::Time t) override { return bridgeConn_->SetWriteDeadline(t); }

 private:
  std::shared_ptr<bridgeConn> bridgeConn_;
  std::shared_ptr<bridgeConn> otherEnd;
};

namespace {

using bytes = std::vector<std::uint8_t>;

// pion: test/bridge_test.go msg1, msg2
const std::string msg1 = "ADC";
const std::string msg2 = "DEFG";

bytes b(const std::string& s) { return bytes(s.begin(), s.end()); }

// pion: test/bridge_test.go closeBridge
// helper to close both conns
go::error closeBridge(Bridge& br) {
  if (auto err = br.GetConn0()->Close(); err) {
    return err;
  }
  return br.GetConn1()->Close();
}

// pion: test/bridge_test.go AsyncResult
struct AsyncResult {
  int n = 0;
  go::error err;
  std::string msg;
};

// pion/transport test.TimeOut: if the test is still running after d, print every goroutine and
// abort (Go panics with the goroutine dump). Go: defer tt.Stop().
struct timeOut {
  std::shared_ptr<go::time::Timer> t;
  explicit timeOut(go::time::Duration d)
      : t(go::time::AfterFunc(d, [] {
          std::fprintf(stderr, "test timed out\n%s\n", go::stack_all().c_str());
          std::abort();
        })) {}
  ~timeOut() { t->Stop(); }
};

// pion: test/bridge_test.go TestBridge: the shared prologue (tt := TimeOut(30 s); buf).
template <class F>
void testBridge(F subtest) {
  go::run({.threads = 1}, [&] {
    timeOut tt(30 * go::time::Second);
    auto buf = std::make_shared<bytes>(256);
    subtest(buf);
  });
}

// Write msg on c, expecting no error and the whole length.
void write(go::net::Conn& c, const std::string& msg) {
  auto [n, err] = c.Write(b(msg));
  EXPECT_FALSE(err) << err.Error();
  EXPECT_EQ(n, static_cast<int>(msg.size())) << "unexpected length";
}

// pion: test/bridge_test.go TestBridge "normal"
TEST(TestBridge, Normal) {
  testBridge([](std::shared_ptr<bytes> buf) {
    auto readRes = go::make_chan<AsyncResult>();
    auto br = NewBridge(0);
    auto conn0 = br->GetConn0();
    auto conn1 = br->GetConn1();

    EXPECT_EQ(conn0->LocalAddr()->String(), "a0") << "conn0 local addr name should be a0";
    EXPECT_EQ(conn1->LocalAddr()->String(), "a1") << "conn0 local addr name should be a1";
    EXPECT_EQ(conn0->LocalAddr()->Network(), "udp") << "conn0 local addr name should be a0";
    EXPECT_EQ(conn1->LocalAddr()->Network(), "udp") << "conn0 local addr name should be a1";

    write(*conn0, msg1);

    go::go([=] {
      auto [nInner, errInner] = conn1->Read(*buf);
      readRes.send({nInner, errInner, ""});
    });

    br->Process();

    AsyncResult ar = readRes.recv();
    EXPECT_FALSE(ar.err) << ar.err.Error();
    EXPECT_EQ(ar.n, static_cast<int>(msg1.size())) << "unexpected length";
    EXPECT_EQ(std::string(buf->begin(), buf->begin() + ar.n), msg1);  // port addition: the bytes too
    if (auto err = closeBridge(*br); err) ADD_FAILURE() << err.Error();
  });
}

// pion: test/bridge_test.go TestBridge "drop 1st/2nd packet from conn0/conn1": two writes from
// `from`, one read on the other end after Drop(from, offset, 1); the read gets `want`.
void dropTest(std::shared_ptr<bytes> buf, int from, int offset, const std::string& want) {
  auto readRes = go::make_chan<AsyncResult>();
  auto br = NewBridge(0);
  auto conn0 = br->GetConn0();
  auto conn1 = br->GetConn1();
  auto src = from == 0 ? conn0 : conn1;
  auto dst = from == 0 ? conn1 : conn0;

  write(*src, msg1);
  write(*src, msg2);

  go::go([=] {
    auto [nInner, errInner] = dst->Read(*buf);
    readRes.send({nInner, errInner, ""});
  });

  br->Drop(from, offset, 1);
  br->Process();

  AsyncResult ar = readRes.recv();
  EXPECT_FALSE(ar.err) << ar.err.Error();
  EXPECT_EQ(ar.n, static_cast<int>(want.size())) << "unexpected length";
  EXPECT_EQ(std::string(buf->begin(), buf->begin() + ar.n), want);  // port addition: the bytes too
  if (auto err = closeBridge(*br); err) ADD_FAILURE() << err.Error();
}

// pion: test/bridge_test.go TestBridge "drop 1st packet from conn0"
TEST(TestBridge, Drop1stPacketFromConn0) {
  testBridge([](auto buf) { dropTest(buf, 0, 0, msg2); });
}
// pion: test/bridge_test.go TestBridge "drop 2nd packet from conn0"
TEST(TestBridge, Drop2ndPacketFromConn0) {
  testBridge([](auto buf) { dropTest(buf, 0, 1, msg1); });
}
// pion: test/bridge_test.go TestBridge "drop 1st packet from conn1"
TEST(TestBridge, Drop1stPacketFromConn1) {
  testBridge([](auto buf) { dropTest(buf, 1, 0, msg2); });
}
// pion: test/bridge_test.go TestBridge "drop 2nd packet from conn1"
TEST(TestBridge, Drop2ndPacketFromConn1) {
  testBridge([](auto buf) { dropTest(buf, 1, 1, msg1); });
}

// pion: test/bridge_test.go TestBridge "reorder packets from conn0/conn1"
void reorderTest(std::shared_ptr<bytes> buf, int from) {
  auto br = NewBridge(0);
  auto conn0 = br->GetConn0();
  auto conn1 = br->GetConn1();
  auto src = from == 0 ? conn0 : conn1;
  auto dst = from == 0 ? conn1 : conn0;

  write(*src, msg1);
  write(*src, msg2);

  auto done = go::make_chan<bool>();

  go::go([=] {
    auto [nInner, errInner] = dst->Read(*buf);
    EXPECT_FALSE(errInner) << errInner.Error();
    EXPECT_EQ(nInner, static_cast<int>(msg2.size())) << "unexpected length";
    EXPECT_EQ(std::string(buf->begin(), buf->begin() + nInner), msg2);  // port addition
    std::tie(nInner, errInner) = dst->Read(*buf);
    EXPECT_FALSE(errInner) << errInner.Error();
    EXPECT_EQ(nInner, static_cast<int>(msg1.size())) << "unexpected length";
    EXPECT_EQ(std::string(buf->begin(), buf->begin() + nInner), msg1);  // port addition
    done.send(true);
  });

  auto err = br->Reorder(from);
  EXPECT_FALSE(err) << err.Error();
  br->Process();
  done.recv();
  if (auto e = closeBridge(*br); e) ADD_FAILURE() << e.Error();
}

// pion: test/bridge_test.go TestBridge "reorder packets from conn0"
TEST(TestBridge, ReorderPacketsFromConn0) {
  testBridge([](auto buf) { reorderTest(buf, 0); });
}
// pion: test/bridge_test.go TestBridge "reorder packets from conn1"
TEST(TestBridge, ReorderPacketsFromConn1) {
  testBridge([](auto buf) { reorderTest(buf, 1); });
}

// pion: test/bridge_test.go TestBridge "inverse error"
TEST(TestBridge, InverseError) {
  std::vector<bytes> q;
  q.push_back(b("ABC"));
  EXPECT_TRUE(inverse(q)) << "inverse should fail if less than 2 pkts";
  // Port addition: two or more are reversed in place.
  q.push_back(b("DE"));
  EXPECT_FALSE(inverse(q));
  EXPECT_EQ(q[0], b("DE"));
  EXPECT_EQ(q[1], b("ABC"));
}

// pion: test/bridge_test.go TestBridge "drop next N packets" (testFrom)
void dropNextNTestFrom(std::shared_ptr<bytes> buf, int fromID) {
  auto readRes = go::make_chan<AsyncResult>(5);
  auto br = NewBridge(0);
  auto conn0 = br->GetConn0();
  auto conn1 = br->GetConn1();

  go::sync::WaitGroup wg;
  wg.Add(1);

  std::shared_ptr<go::net::Conn> srcConn, dstConn;

  if (fromID == 0) {
    br->DropNextNWrites(0, 3);
    srcConn = conn0;
    dstConn = conn1;
  } else {
    br->DropNextNWrites(1, 3);
    srcConn = conn1;
    dstConn = conn0;
  }

  go::go([&, buf] {
    for (;;) {
      auto [nInner, errInner] = dstConn->Read(*buf);
      if (errInner) {
        break;
      }
      readRes.send({nInner, nullptr, std::string(buf->begin(), buf->begin() + nInner)});
    }
    wg.Done();  // Go: defer wg.Done()
  });
  std::vector<std::string> msgs;

  for (int i = 0; i < 5; ++i) {
    std::string msg = "msg" + std::to_string(i);
    msgs.push_back(msg);
    auto [n, err] = srcConn->Write(b(msg));
    EXPECT_FALSE(err) << "[" << fromID << "] " << err.Error();
    EXPECT_EQ(n, static_cast<int>(msg.size())) << "[" << fromID << "] unexpected length";

    br->Process();
  }

  if (auto err = closeBridge(*br); err) ADD_FAILURE() << "[" << fromID << "] " << err.Error();
  br->Process();
  wg.Wait();

  int nResults = readRes.len();
  EXPECT_EQ(nResults, 2) << "[" << fromID << "] unexpected number of packets, expected 2, got " << nResults;

  for (int i = 0; i < 2 && i < nResults; ++i) {
    AsyncResult ar = readRes.recv();
    EXPECT_FALSE(ar.err) << "[" << fromID << "] " << ar.err.Error();
    EXPECT_EQ(ar.n, static_cast<int>(msgs[std::size_t(i) + 3].size())) << "[" << fromID << "] unexpected length";
    EXPECT_EQ(ar.msg, msgs[std::size_t(i) + 3]);  // port addition: the survivors are msg3, msg4
  }
}

// pion: test/bridge_test.go TestBridge "drop next N packets"
TEST(TestBridge, DropNextNPackets) {
  testBridge([](auto buf) {
    dropNextNTestFrom(buf, 0);
    dropNextNTestFrom(buf, 1);
  });
}

// pion: test/bridge_test.go TestNetTest (one gtest per nettest.TestConn subtest)
using nettest::NetTestCase;
using nettest::netTests;
class BridgeNetTest : public ::testing::TestWithParam<NetTestCase> {};

TEST_P(BridgeNetTest, TestConn) {
  NetTestCase tc = GetParam();
  go::run({.threads = 1}, [tc] {
    nettest::timeoutWrapper(
        [] {
          auto br = NewBridge(0);
          auto conn0 = std::dynamic_pointer_cast<bridgeConn>(br->GetConn0());
          auto conn1 = std::dynamic_pointer_cast<bridgeConn>(br->GetConn1());
          EXPECT_TRUE(conn0 && conn1);
          auto wg = std::make_shared<go::sync::WaitGroup>();
          wg->Add(1);
          go::go([=] {
            for (;;) {
              br->Process();
              if (bridgeTestAccess::isClosed(*conn0) && bridgeTestAccess::isClosed(*conn1)) {
                wg->Done();
                return;
              }
            }
          });
          std::function<void()> stop = [=] {
            // RacyRead test leave receive buffer filled.
            // As net.Conn.Read() should return received data even after Close()-ed,
            // queue must be cleared explicitly.
            bridgeTestAccess::clear(*br);
            conn0->Close();
            conn1->Close();

            // Tick the clock to actually close conns.
            br->Tick();

            wg->Wait();
          };
          return std::tuple<std::shared_ptr<go::net::Conn>, std::shared_ptr<go::net::Conn>, std::function<void()>>{
              std::make_shared<closePropagator>(conn0, conn1), std::make_shared<closePropagator>(conn1, conn0), stop};
        },
        tc.f);
  });
}

INSTANTIATE_TEST_SUITE_P(TestNetTest, BridgeNetTest, ::testing::ValuesIn(netTests),
                         [](const ::testing::TestParamInfo<NetTestCase>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace pion::transport::test
