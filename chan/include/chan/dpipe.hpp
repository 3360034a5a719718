// Port of pion/dtls v2 internal/net/dpipe (dpipe.go): a pair of in-memory
// datagram connections, built on channels exactly as pion builds it. Each
// Write is one datagram; Read returns one datagram (truncated to the buffer).
// Close of one end doesn't affect the other end.
//
//   Go                          C++
//   ca, cb := dpipe.Pipe()      auto [ca, cb] = dtls::internal::net::dpipe::Pipe();
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/net.hpp"
#include "chan/sync.hpp"

namespace dtls::internal::net::dpipe {

// pion: dpipe.go pipeAddr
class pipeAddr final : public go::net::Addr {
 public:
  std::string Network() const override { return "pipe"; }
  std::string String() const override { return ":1"; }
};

// pion: dpipe.go conn (unexported in Go; visible here for the tests, which
// reach into `closing` as Go's in-package tests do).
class conn : public go::net::Conn, public go::net::ContextReadWriter {
 public:
  conn(go::chan<std::vector<std::uint8_t>> rCh, go::chan<std::vector<std::uint8_t>> wCh);

  std::shared_ptr<const go::net::Addr> LocalAddr() const override;
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override;
  go::error SetDeadline(go::time::Time t) override;
  go::error SetReadDeadline(go::time::Time t) override;
  go::error SetWriteDeadline(go::time::Time t) override;
  // io.EOF once closed (or once the peer's close is propagated and nothing
  // is left); context.DeadlineExceeded past the read deadline.
  std::pair<int, go::error> Read(std::span<std::uint8_t> data) override;
  // io.ErrClosedPipe once closed; context.DeadlineExceeded past the write
  // deadline (blocks while the peer's 1000-datagram queue is full).
  std::pair<int, go::error> Write(std::span<const std::uint8_t> data) override;
  // Port addition (go::net::ContextReadWriter): Read and Write that also end, with ctx->Err(),
  // when ctx is done; each selects on ctx->Done() beside the deadline. The same result as
  // pion/transport's connctx gets by moving the deadline into the past, without its goroutine.
  std::pair<int, go::error> ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> data) override;
  std::pair<int, go::error> WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> data) override;
  go::error Close() override;

  go::chan<std::vector<std::uint8_t>> rCh;
  go::chan<std::vector<std::uint8_t>> wCh;
  go::chan<go::struct_> closed;
  go::chan<go::struct_> closing;
  go::sync::Once closeOnce;

  std::shared_ptr<pion::transport::deadline::Deadline> readDeadline;
  std::shared_ptr<pion::transport::deadline::Deadline> writeDeadline;

 private:
  void cleanWriteBuffer();
  // Read and Write with one more case, ctx's Done (none when ctx is null: Read and Write).
  std::pair<int, go::error> read(std::span<std::uint8_t> data, const go::context::Context* ctx);
  std::pair<int, go::error> write(std::span<const std::uint8_t> data, const go::context::Context* ctx);
};

// pion: dpipe.go Pipe — creates a pair of non-stream conns in memory.
std::pair<std::shared_ptr<go::net::Conn>, std::shared_ptr<go::net::Conn>> Pipe();

}  // namespace dtls::internal::net::dpipe
