// pion/transport: connctx/connctx_test.go
//
// Go's tests use net.Pipe: a synchronous, in-memory stream pipe where a Write blocks until the
// other end reads. TestWriteTimeout/TestWriteCancel depend on that (nobody reads, so the Write
// can only end through the context). dpipe and UDP buffer writes and would make those Writes
// succeed at once, so Go's net/pipe.go is ported below (netPipe) on go::chan, with
// pion::transport::deadline::Deadline standing in for its pipeDeadline. Each test runs with 1 and
// 2 worker threads.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "chan/context.hpp"
#include "chan/dpipe.hpp"
#include "chan/go.hpp"
#include "chan/net.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"
#include "transport/connctx/connctx.hpp"

namespace {

using namespace std::chrono_literals;
namespace connctx = pion::transport::connctx;
namespace gtime = go::time;
using bytes = std::vector<std::uint8_t>;

// ---------------------------------------------------------------------------
// go: net/pipe.go (net.Pipe)

class pipeAddr final : public go::net::Addr {
 public:
  std::string Network() const override { return "pipe"; }
  std::string String() const override { return "pipe"; }
};

bool isClosedChan(const go::recv_chan<go::struct_>& c) { return go::select(go::recv(c), go::default_()) == 0; }

class pipe final : public go::net::Conn {
 public:
  go::sync::Mutex wrMu;  // Serialize Write operations

  // Used by local Read to interact with remote Write.
  // Successful receive on rdRx is always followed by send on rdTx.
  go::chan<bytes> rdRx;
  go::chan<int> rdTx;

  // Used by local Write to interact with remote Read.
  // Successful send on wrTx is always followed by receive on wrRx.
  go::chan<bytes> wrTx;
  go::chan<int> wrRx;

  go::sync::Once once;  // Protects closing localDone
  go::chan<go::struct_> localDone;
  go::chan<go::struct_> remoteDone;

  std::shared_ptr<pion::transport::deadline::Deadline> readDeadline = pion::transport::deadline::New();
  std::shared_ptr<pion::transport::deadline::Deadline> writeDeadline = pion::transport::deadline::New();

  std::shared_ptr<const go::net::Addr> LocalAddr() const override { return std::make_shared<pipeAddr>(); }
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return std::make_shared<pipeAddr>(); }

  std::pair<int, go::error> Read(std::span<std::uint8_t> b) override {
    if (isClosedChan(localDone)) return {0, go::io::ErrClosedPipe};
    if (isClosedChan(remoteDone)) return {0, go::io::EOF_};
    if (isClosedChan(readDeadline->Done())) return {0, go::os::ErrDeadlineExceeded};

    bytes bw;
    switch (go::select(go::recv(rdRx, &bw), go::recv(localDone), go::recv(remoteDone), go::recv(readDeadline->Done()))) {
      case 0: {
        const auto nr = std::min(b.size(), bw.size());
        std::copy_n(bw.begin(), nr, b.begin());
        rdTx.send(static_cast<int>(nr));
        return {static_cast<int>(nr), nullptr};
      }
      case 1:
        return {0, go::io::ErrClosedPipe};
      case 2:
        return {0, go::io::EOF_};
      default:
        return {0, go::os::ErrDeadlineExceeded};
    }
  }

  std::pair<int, go::error> Write(std::span<const std::uint8_t> b) override {
    if (isClosedChan(localDone)) return {0, go::io::ErrClosedPipe};
    if (isClosedChan(remoteDone)) return {0, go::io::ErrClosedPipe};
    if (isClosedChan(writeDeadline->Done())) return {0, go::os::ErrDeadlineExceeded};

    std::lock_guard<go::sync::Mutex> lk(wrMu);  // Ensure entirety of b is written together
    int n = 0;
    for (bool first = true; first || !b.empty(); first = false) {
      switch (go::select(go::send(wrTx, bytes(b.begin(), b.end())), go::recv(localDone), go::recv(remoteDone),
                         go::recv(writeDeadline->Done()))) {
        case 0: {
          const int nw = wrRx.recv();
          b = b.subspan(static_cast<std::size_t>(nw));
          n += nw;
          break;
        }
        case 1:
        case 2:
          return {n, go::io::ErrClosedPipe};
        default:
          return {n, go::os::ErrDeadlineExceeded};
      }
    }
    return {n, nullptr};
  }

  go::error SetDeadline(gtime::Time t) override {
    if (isClosedChan(localDone) || isClosedChan(remoteDone)) return go::io::ErrClosedPipe;
    readDeadline->Set(t);
    writeDeadline->Set(t);
    return nullptr;
  }
  go::error SetReadDeadline(gtime::Time t) override {
    if (isClosedChan(localDone) || isClosedChan(remoteDone)) return go::io::ErrClosedPipe;
    readDeadline->Set(t);
    return nullptr;
  }
  go::error SetWriteDeadline(gtime::Time t) override {
    if (isClosedChan(localDone) || isClosedChan(remoteDone)) return go::io::ErrClosedPipe;
    writeDeadline->Set(t);
    return nullptr;
  }
  go::error Close() override {
    once.Do([this] { localDone.close(); });
    return nullptr;
  }
};

// go: net.Pipe
std::pair<std::shared_ptr<go::net::Conn>, std::shared_ptr<go::net::Conn>> netPipe() {
  auto cb1 = go::make_chan<bytes>();
  auto cb2 = go::make_chan<bytes>();
  auto cn1 = go::make_chan<int>();
  auto cn2 = go::make_chan<int>();
  auto done1 = go::make_chan<go::struct_>();
  auto done2 = go::make_chan<go::struct_>();

  auto p1 = std::make_shared<pipe>();
  p1->rdRx = cb1;
  p1->rdTx = cn1;
  p1->wrTx = cb2;
  p1->wrRx = cn2;
  p1->localDone = done1;
  p1->remoteDone = done2;
  auto p2 = std::make_shared<pipe>();
  p2->rdRx = cb2;
  p2->rdTx = cn2;
  p2->wrTx = cb1;
  p2->wrRx = cn1;
  p2->localDone = done2;
  p2->remoteDone = done1;
  return {p1, p2};
}

// ---------------------------------------------------------------------------

class ConnCtx : public ::testing::TestWithParam<int> {
 protected:
  go::config cfg() const { return go::config{.threads = GetParam()}; }
};

std::string threads_name(const ::testing::TestParamInfo<int>& info) { return "threads" + std::to_string(info.param); }

// pion/transport: connctx/connctx_test.go TestRead
// Port addition: a ReadContext whose Read returns (the conn is closed) just as main returns: the
// call's wait for its watcher is cut short by the shutdown, and the watcher, woken by the call,
// runs or unwinds afterwards; it must not touch the call's frame (it aborted with "sync:
// negative WaitGroup counter" when the watcher borrowed the caller's WaitGroup). Repeated so
// that freed stacks are reused meanwhile.
TEST_P(ConnCtx, CallReturningAtShutdown) {
  for (int i = 0; i < 200; ++i) {
    go::run(cfg(), [] {
      auto [ca, cb] = netPipe();
      auto c = connctx::New(ca);
      auto ctx = go::context::Background();
      go::go([c, ctx] {
        bytes b(100);
        c->ReadContext(ctx, b);  // nobody writes
      });
      gtime::Sleep(100us);
      ca->Close();  // the Read returns while the runtime is about to stop
    });
  }
}

TEST_P(ConnCtx, Read) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    const bytes data = {0x01, 0x02, 0xFF};
    auto chErr = go::make_chan<go::error>();

    go::go([cb = cb, &data, chErr] {
      auto [_, err] = cb->Write(data);
      chErr.send(err);
    });

    auto c = connctx::New(ca);
    bytes b(100);
    auto [n, err] = c->ReadContext(go::context::Background(), b);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(n, static_cast<int>(data.size())) << "Wrong data length";
    EXPECT_EQ(bytes(b.begin(), b.begin() + n), data) << "Wrong data";

    go::error werr = chErr.recv();
    EXPECT_FALSE(werr) << werr.Error();
    (void)ca->Close();
  });
}

// pion/transport: connctx/connctx_test.go TestReadTImeout
TEST_P(ConnCtx, ReadTimeout) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * gtime::Millisecond);

    auto c = connctx::New(ca);
    bytes b(100);
    auto [n, err] = c->ReadContext(ctx, b);
    EXPECT_TRUE(err) << "Read unexpectedly succeeded";
    EXPECT_EQ(n, 0) << "Wrong data length";
    cancel();
    (void)ca->Close();
  });
}

// pion/transport: connctx/connctx_test.go TestReadCancel
TEST_P(ConnCtx, ReadCancel) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    go::go([cancel = cancel] {
      gtime::Sleep(10 * gtime::Millisecond);
      cancel();
    });

    auto c = connctx::New(ca);
    bytes b(100);
    auto [n, err] = c->ReadContext(ctx, b);
    EXPECT_TRUE(err) << "Read unexpectedly succeeded";
    EXPECT_EQ(n, 0) << "Wrong data length";
    (void)ca->Close();
  });
}

// pion/transport: connctx/connctx_test.go TestReadClosed
TEST_P(ConnCtx, ReadClosed) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto c = connctx::New(ca);
    (void)c->Close();

    bytes b(100);
    auto [n, err] = c->ReadContext(go::context::Background(), b);
    EXPECT_TRUE(go::errors::Is(err, go::io::EOF_)) << "Expected error 'EOF', got '" << err.Error() << "'";
    EXPECT_EQ(n, 0) << "Wrong data length";
  });
}

// pion/transport: connctx/connctx_test.go TestWrite
TEST_P(ConnCtx, Write) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto chErr = go::make_chan<go::error>();
    auto chRead = go::make_chan<bytes>();

    go::go([cb = cb, chErr, chRead] {
      bytes b(100);
      auto [n, err] = cb->Read(b);
      chErr.send(err);
      chRead.send(bytes(b.begin(), b.begin() + n));
    });

    auto c = connctx::New(ca);
    const bytes data = {0x01, 0x02, 0xFF};
    auto [n, err] = c->WriteContext(go::context::Background(), data);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(n, static_cast<int>(data.size())) << "Wrong data length";

    go::error rerr = chErr.recv();
    bytes b = chRead.recv();
    EXPECT_EQ(b, data) << "Wrong data";
    EXPECT_FALSE(rerr) << rerr.Error();
    (void)ca->Close();
  });
}

// pion/transport: connctx/connctx_test.go TestWriteTimeout
TEST_P(ConnCtx, WriteTimeout) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * gtime::Millisecond);

    auto c = connctx::New(ca);
    bytes b(100);
    auto [n, err] = c->WriteContext(ctx, b);
    EXPECT_TRUE(err) << "Write unexpectedly succeeded";
    EXPECT_EQ(n, 0) << "Wrong data length";
    cancel();
    (void)ca->Close();
  });
}

// pion/transport: connctx/connctx_test.go TestWriteCancel
TEST_P(ConnCtx, WriteCancel) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    go::go([cancel = cancel] {
      gtime::Sleep(10 * gtime::Millisecond);
      cancel();
    });

    auto c = connctx::New(ca);
    bytes b(100);
    auto [n, err] = c->WriteContext(ctx, b);
    EXPECT_TRUE(err) << "Write unexpectedly succeeded";
    EXPECT_EQ(n, 0) << "Wrong data length";
    (void)ca->Close();
  });
}

// pion/transport: connctx/connctx_test.go TestWriteClosed
TEST_P(ConnCtx, WriteClosed) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();

    auto c = connctx::New(ca);
    (void)c->Close();

    bytes b(100);
    auto [n, err] = c->WriteContext(go::context::Background(), b);
    EXPECT_TRUE(go::errors::Is(err, connctx::ErrClosing))
        << "Expected error '" << connctx::ErrClosing.Error() << "', got '" << err.Error() << "'";
    EXPECT_EQ(n, 0) << "Wrong data length";
  });
}

// Test for TestLocalAddrAndRemoteAddr
class stringAddr final : public go::net::Addr {
 public:
  stringAddr(std::string n, std::string a) : network(std::move(n)), addr(std::move(a)) {}
  std::string network;
  std::string addr;
  std::string Network() const override { return network; }
  std::string String() const override { return addr; }
};

class connAddrMock final : public go::net::Conn {
 public:
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override {
    return std::make_shared<stringAddr>("remote_net", "remote_addr");
  }
  std::shared_ptr<const go::net::Addr> LocalAddr() const override {
    return std::make_shared<stringAddr>("local_net", "local_addr");
  }
  std::pair<int, go::error> Read(std::span<std::uint8_t>) override { throw std::logic_error("unimplemented"); }
  std::pair<int, go::error> Write(std::span<const std::uint8_t>) override { throw std::logic_error("unimplemented"); }
  go::error Close() override { throw std::logic_error("unimplemented"); }
  go::error SetDeadline(gtime::Time) override { throw std::logic_error("unimplemented"); }
  go::error SetReadDeadline(gtime::Time) override { throw std::logic_error("unimplemented"); }
  go::error SetWriteDeadline(gtime::Time) override { throw std::logic_error("unimplemented"); }
};

// pion/transport: connctx/connctx_test.go TestLocalAddrAndRemoteAddr
TEST(ConnCtxAddr, LocalAddrAndRemoteAddr) {
  auto c = connctx::New(std::make_shared<connAddrMock>());
  auto al = c->LocalAddr();
  auto ar = c->RemoteAddr();

  EXPECT_EQ(al->String(), "local_addr") << "Wrong LocalAddr implementation";
  EXPECT_EQ(ar->String(), "remote_addr") << "Wrong RemoteAddr implementation";
  EXPECT_EQ(c->Conn()->LocalAddr()->Network(), "local_net");
}

// Port addition: a ReadContext cancelled mid-read leaves the conn usable (the watcher clears the
// deadline it moved), so a later read with a live context gets the data.
TEST_P(ConnCtx, ReadAfterCancelClearsDeadline) {
  go::run(cfg(), [] {
    auto [ca, cb] = netPipe();
    auto c = connctx::New(ca);
    {
      auto [ctx, cancel] = go::context::WithTimeout(go::context::Background(), 10 * gtime::Millisecond);
      bytes b(100);
      auto [n, err] = c->ReadContext(ctx, b);
      EXPECT_TRUE(go::errors::Is(err, go::context::DeadlineExceeded)) << err.Error();
      EXPECT_EQ(n, 0);
      cancel();
    }
    const bytes data = {0xAA, 0xBB};
    go::go([cb = cb, &data] { (void)cb->Write(data); });
    bytes b(100);
    auto [n, err] = c->ReadContext(go::context::Background(), b);
    ASSERT_FALSE(err) << err.Error();
    EXPECT_EQ(bytes(b.begin(), b.begin() + n), data);
    (void)c->Close();
  });
}

// Port addition: over a Conn that implements go::net::ContextReadWriter (dpipe), connctx calls its
// ReadContext instead of running a watcher fiber beside each call; a cancel still ends the read.
TEST_P(ConnCtx, ContextReadWriterConnRunsNoWatcher) {
  go::run(cfg(), [] {
    auto [ca, cb] = dtls::internal::net::dpipe::Pipe();
    auto c = connctx::New(cb);
    const int before = go::num_goroutine();
    auto [ctx, cancel] = go::context::WithCancel(go::context::Background());
    auto during = go::make_chan<int>(1);
    go::go([cancel = cancel, during, before] {
      gtime::Sleep(10 * gtime::Millisecond);
      during.send(go::num_goroutine() - before);  // this fiber, and a watcher if there were one
      cancel();
    });
    bytes b(8);
    auto [n, err] = c->ReadContext(ctx, b);
    EXPECT_EQ(n, 0);
    EXPECT_EQ(err, go::context::Canceled);
    EXPECT_EQ(during.recv(), 1);

    // Over a Conn without it (Go's net.Pipe port), the watcher runs, as in Pion.
    auto [pa, pb] = netPipe();
    auto p = connctx::New(pa);
    const int before2 = go::num_goroutine();
    auto [ctx2, cancel2] = go::context::WithCancel(go::context::Background());
    go::go([cancel2 = cancel2, during, before2] {
      gtime::Sleep(10 * gtime::Millisecond);
      during.send(go::num_goroutine() - before2);
      cancel2();
    });
    std::tie(n, err) = p->ReadContext(ctx2, b);
    EXPECT_EQ(n, 0);
    EXPECT_TRUE(go::errors::Is(err, go::context::Canceled)) << err.Error();
    EXPECT_EQ(during.recv(), 2);
    (void)c->Close();
    (void)p->Close();
    (void)ca->Close();
    (void)pb->Close();
  });
}

INSTANTIATE_TEST_SUITE_P(Threads, ConnCtx, ::testing::Values(1, 2), threads_name);

}  // namespace
