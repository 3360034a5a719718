// pion: github.com/pion/transport/v2 connctx/connctx.go
// Package connctx wraps net.Conn using context.Context.
#include "transport/connctx/connctx.hpp"

#include <chrono>
#include <exception>
#include <functional>
#include <memory>

#include "chan/chan.hpp"
#include "chan/go.hpp"
#include "chan/select.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

namespace pion::transport::connctx {

namespace {

// Go: var veryOld = time.Unix(0, 1)
const go::time::Time veryOld = go::time::Time{} + std::chrono::nanoseconds(1);

// pion: connctx.go connCtx
class connCtx final : public ConnCtx {
 public:
  explicit connCtx(std::shared_ptr<go::net::Conn> conn)
      : nextConn(std::move(conn)),
        nextContextIO(dynamic_cast<go::net::ContextReadWriter*>(nextConn.get())),
        closed(go::make_chan<go::struct_>()) {}

  std::pair<int, go::error> ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> b) override;
  std::pair<int, go::error> WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> b) override;
  go::error Close() override;
  std::shared_ptr<const go::net::Addr> LocalAddr() const override { return nextConn->LocalAddr(); }
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override { return nextConn->RemoteAddr(); }
  std::shared_ptr<go::net::Conn> Conn() const override { return nextConn; }

 private:
  // The body shared by ReadContext and WriteContext (Go repeats it in both): a watcher fiber
  // that, when ctx is done before op returns, moves the deadline into the past (unblocking op)
  // and clears it once op has returned.
  std::pair<int, go::error> withContext(const go::context::Context& ctx, const std::function<std::pair<int, go::error>()>& op,
                                        const std::function<go::error(go::time::Time)>& setDeadline);

  std::shared_ptr<go::net::Conn> nextConn;
  // Port addition: nextConn's own ReadContext/WriteContext when it has them (dpipe), used instead
  // of withContext's watcher; null otherwise.
  go::net::ContextReadWriter* nextContextIO;
  go::chan<go::struct_> closed;
  go::sync::Once closeOnce;
  go::sync::Mutex readMu;
  go::sync::Mutex writeMu;
};

std::pair<int, go::error> connCtx::withContext(const go::context::Context& ctx,
                                               const std::function<std::pair<int, go::error>()>& op,
                                               const std::function<go::error(go::time::Time)>& setDeadline) {
  // What the watcher shares with this call (Go: locals captured by the closure). It is held by
  // both, not borrowed from this frame: when a runtime shuts down, blocked fibers are unwound in
  // no particular order, and the watcher's deferred wg.Done() may run after this frame is gone.
  struct shared {
    go::chan<go::struct_> done = go::make_chan<go::struct_>();
    go::sync::WaitGroup wg;
    go::error errSetDeadline;  // Go: atomic.Value; written by the watcher before wg.Done, read after wg.Wait
  };
  auto st = std::make_shared<shared>();
  st->wg.Add(1);
  go::go([st, ctx, setDeadline] {
    struct doneGuard {
      go::sync::WaitGroup& wg;
      ~doneGuard() { wg.Done(); }
    } g{st->wg};  // defer wg.Done()
    switch (go::select(go::recv(ctx->Done()), go::recv(st->done))) {
      case 0:
        // context canceled
        if (go::error err = setDeadline(veryOld)) {
          st->errSetDeadline = err;
          return;
        }
        st->done.recv();
        if (go::error err = setDeadline(go::time::Time{})) {
          st->errSetDeadline = err;
        }
        break;
      default:
        break;
    }
  });

  // The watcher may call setDeadline on this Conn until it is done: wait for it before returning.
  // While an exception unwinds this frame (op threw, or the runtime is shutting down and unwinds
  // its blocked fibers) the watcher is only told to stop: a wait could not park then.
  struct finish {
    shared& st;
    bool ran = false;
    void operator()() {
      if (ran) return;
      ran = true;
      st.done.close();
      if (std::uncaught_exceptions() == 0) st.wg.Wait();
    }
    ~finish() { (*this)(); }
  } fin{*st};

  auto [n, err] = op();

  fin();  // close(done); wg.Wait()
  if (go::error e = ctx->Err(); e && n == 0) {
    err = e;
  }
  if (st->errSetDeadline && !err) {
    err = st->errSetDeadline;
  }
  return {n, err};
}

// pion: connctx.go connCtx.ReadContext
std::pair<int, go::error> connCtx::ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> b) {
  std::lock_guard<go::sync::Mutex> lk(readMu);

  if (go::select(go::recv(closed), go::default_()) == 0) {
    return {0, go::io::EOF_};
  }

  if (nextContextIO) {
    return nextContextIO->ReadContext(ctx, b);
  }
  return withContext(
      ctx, [&] { return nextConn->Read(b); }, [&](go::time::Time t) { return nextConn->SetReadDeadline(t); });
}

// pion: connctx.go connCtx.WriteContext
std::pair<int, go::error> connCtx::WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> b) {
  std::lock_guard<go::sync::Mutex> lk(writeMu);

  if (go::select(go::recv(closed), go::default_()) == 0) {
    return {0, ErrClosing};
  }

  if (nextContextIO) {
    return nextContextIO->WriteContext(ctx, b);
  }
  return withContext(
      ctx, [&] { return nextConn->Write(b); }, [&](go::time::Time t) { return nextConn->SetWriteDeadline(t); });
}

// pion: connctx.go connCtx.Close
go::error connCtx::Close() {
  go::error err = nextConn->Close();
  closeOnce.Do([this] {
    writeMu.Lock();
    readMu.Lock();
    closed.close();
    readMu.Unlock();
    writeMu.Unlock();
  });
  return err;
}

}  // namespace

// pion: connctx.go New
// New creates a new ConnCtx wrapping given net.Conn.
std::shared_ptr<ConnCtx> New(std::shared_ptr<go::net::Conn> conn) { return std::make_shared<connCtx>(std::move(conn)); }

}  // namespace pion::transport::connctx
