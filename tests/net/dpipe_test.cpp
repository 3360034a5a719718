// Ports of pion/dtls v2 internal/net/dpipe/dpipe_test.go: TestPipe, and
// TestNetTest, which runs golang.org/x/net/nettest.TestConn (conntest.go,
// ported below as nettest::TestConn) over a pipe whose Close is propagated to
// the other end. Each runs with 1 and 2 worker threads.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "nettest/conntest.hpp"

namespace {

using namespace std::chrono_literals;
namespace gtime = go::time;
namespace dpipe = dtls::internal::net::dpipe;
using ConnPtr = std::shared_ptr<go::net::Conn>;
using bytes = std::vector<std::uint8_t>;

class DPipe : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) {
  return "threads" + std::to_string(info.param);
}


// pion: dpipe_test.go closePropagator
class closePropagator final : public go::net::Conn {
 public:
  closePropagator(std::shared_ptr<dpipe::conn> c, std::shared_ptr<dpipe::conn> other)
      : c_(std::move(c)), otherEnd(std::move(other)) {}
  go::error Close() override {
    otherEnd->closing.close();
    return c_->Close();
  }
  std::pair<int, go::error> Read(std::span<std::uint8_t> b) override { return c_->Read(b); }
  std::pair<int, go::error> Write(std::span<const std::uint8_t> b) override { return c_->Write(b); }
  std::shared_ptr<const go::net::Addr> LocalAddr() const override { return c_->LocalAddr(); }
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return c_->RemoteAddr(); }
  go::error SetDeadline(gtime::Time t) override { return c_->SetDeadline(t); }
  go::error SetReadDeadline(gtime::Time t) override { return c_->SetReadDeadline(t); }
  go::error SetWriteDeadline(gtime::Time t) override { return c_->SetWriteDeadline(t); }

 private:
  std::shared_ptr<dpipe::conn> c_;
  std::shared_ptr<dpipe::conn> otherEnd;
};

// pion: dpipe_test.go TestNetTest (one gtest per nettest.TestConn subtest)
using nettest::NetTestCase;
using nettest::netTests;
class DPipeNetTest : public ::testing::TestWithParam<std::tuple<NetTestCase, int>> {};

TEST_P(DPipeNetTest, TestConn) {
  auto [tc, threads] = GetParam();
  go::run({.threads = threads}, [tc = tc] {
    nettest::timeoutWrapper(
        [] {
          auto [ca, cb] = dpipe::Pipe();
          auto caConn = std::dynamic_pointer_cast<dpipe::conn>(ca);
          auto cbConn = std::dynamic_pointer_cast<dpipe::conn>(cb);
          EXPECT_TRUE(caConn && cbConn) << "failed to cast net.Conn to conn";
          std::function<void()> stop = [ca = ca, cb = cb] {
            ca->Close();
            cb->Close();
          };
          return std::tuple<ConnPtr, ConnPtr, std::function<void()>>{
              std::make_shared<closePropagator>(caConn, cbConn), std::make_shared<closePropagator>(cbConn, caConn),
              stop};
        },
        tc.f);
  });
}


INSTANTIATE_TEST_SUITE_P(TestNetTest, DPipeNetTest,
                         ::testing::Combine(::testing::ValuesIn(netTests), ::testing::Values(1, 2)),
                         [](const ::testing::TestParamInfo<std::tuple<NetTestCase, int>>& info) {
                           return std::string(std::get<0>(info.param).name) + "_threads" +
                                  std::to_string(std::get<1>(info.param));
                         });

// pion: dpipe_test.go TestPipe. Go waits 10 ms to see that the orphaned read
// stays blocked; here 50 ms.
TEST_P(DPipe, TestPipe) {
  go::run(cfg(), [] {
    auto [ca, cb] = dpipe::Pipe();
    const bytes testData = {0x01, 0x02};
    struct {
      const char* name;
      ConnPtr c0, c1;
    } conds[] = {{"AtoB", ca, cb}, {"BtoA", cb, ca}};
    for (auto& cond : conds) {
      SCOPED_TRACE(cond.name);
      auto [n, err] = cond.c0->Write(testData);
      EXPECT_FALSE(err) << "Unexpected error on Write";
      EXPECT_EQ(n, static_cast<int>(testData.size()));
      bytes readData(4);
      std::tie(n, err) = cond.c1->Read(readData);
      EXPECT_FALSE(err) << "Unexpected error on Read";
      ASSERT_EQ(n, static_cast<int>(testData.size()));
      EXPECT_EQ(bytes(readData.begin(), readData.begin() + n), testData);
    }

    EXPECT_FALSE(ca->Close());
    auto [wn, werr] = ca->Write(testData);
    EXPECT_TRUE(go::errors::Is(werr, go::io::ErrClosedPipe)) << "Write to closed conn should fail";

    // Other side should be writable.
    EXPECT_FALSE(cb->Write(testData).second);

    bytes readData(4);
    EXPECT_TRUE(go::errors::Is(ca->Read(readData).second, go::io::EOF_)) << "Read from closed conn should fail";

    // Other side should be readable (it blocks: nothing was written to it).
    auto readDone = go::make_chan<go::struct_>();
    go::go([cb = cb, readDone] {
      bytes rd(4);
      auto [n, err] = cb->Read(rd);
      EXPECT_TRUE(err) << "Unexpected data was arrived to orphaned conn";
      readDone.close();
    });
    EXPECT_EQ(go::select(go::recv(readDone), go::recv(gtime::After(50ms))), 1)
        << "Read should be blocked if the other side is closed";
    EXPECT_FALSE(cb->Close());
    readDone.recv();
  });
}

// Datagram boundaries and truncation; read/write deadlines as context.DeadlineExceeded.
TEST_P(DPipe, DatagramsAndDeadlines) {
  go::run(cfg(), [] {
    auto [ca, cb] = dpipe::Pipe();
    ca->Write(bytes{1, 2, 3});
    ca->Write(bytes{4, 5});
    bytes b(2);
    auto [n, err] = cb->Read(b);
    EXPECT_EQ(n, 2);  // truncated, the rest of the datagram is dropped
    EXPECT_EQ(b, (bytes{1, 2}));
    std::tie(n, err) = cb->Read(b);
    EXPECT_EQ(b, (bytes{4, 5}));
    cb->SetReadDeadline(gtime::Now() + 20ms);
    std::tie(n, err) = cb->Read(b);
    EXPECT_EQ(err, go::context::DeadlineExceeded);
    EXPECT_TRUE(go::net::IsTimeout(err));
    EXPECT_EQ(cb->LocalAddr()->String(), ":1");
    EXPECT_EQ(cb->RemoteAddr()->Network(), "pipe");
    ca->Close();
    cb->Close();
  });
}

// Ours (the port addition go::net::ContextReadWriter): ReadContext and WriteContext end with the
// context's error when it is done, and data that is there is still read (connctx_test.cpp checks
// that pion/transport's connctx uses them).
TEST_P(DPipe, ContextReadWriteEndWithTheContextsError) {
  go::run(cfg(), [] {
    auto [ca, cb] = dpipe::Pipe();
    auto* rb = dynamic_cast<go::net::ContextReadWriter*>(cb.get());
    auto* wa = dynamic_cast<go::net::ContextReadWriter*>(ca.get());
    ASSERT_NE(rb, nullptr);
    ASSERT_NE(wa, nullptr);

    // Data waiting is read whatever the context.
    auto [live, cancelLive] = go::context::WithCancel(go::context::Background());
    EXPECT_EQ(wa->WriteContext(live, bytes{7, 8}).first, 2);
    bytes b(8);
    auto [n, err] = rb->ReadContext(live, b);
    EXPECT_EQ(n, 2);
    EXPECT_EQ(err, nullptr);

    // A Read parked on an empty pipe: the cancel ends it with context.Canceled.
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    go::go([cancel = cancel] {
      gtime::Sleep(10ms);
      cancel();
    });
    std::tie(n, err) = rb->ReadContext(ctx, b);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(err, go::context::Canceled);

    // A Write parked on a full pipe (nobody reads cb's 1000 datagrams): the deadline of a
    // context ends it with context.DeadlineExceeded.
    auto [tctx, tcancel] = go::context::WithTimeout(go::context::Background(), 20 * gtime::Millisecond);
    go::error werr;
    int writes = 0;
    while (!werr && writes < 5000) {
      std::tie(n, werr) = wa->WriteContext(tctx, bytes{1});
      if (!werr) writes++;
    }
    EXPECT_EQ(werr, go::context::DeadlineExceeded);
    EXPECT_GE(writes, 1000);
    EXPECT_LT(writes, 5000);
    tcancel();

    cancelLive();
    ca->Close();
    cb->Close();
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, DPipe, ::testing::Values(1, 2), threads_name);

}  // namespace
