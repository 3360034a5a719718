// pion: github.com/pion/transport/v2 connctx/connctx.go
// Package connctx wraps net.Conn using context.Context.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <utility>

#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/net.hpp"

namespace pion::transport::connctx {

// ErrClosing is returned on Write to closed connection.
inline const go::error ErrClosing = go::errors::New("use of closed network connection");

// pion: connctx.go Reader
// Reader is an interface for context controlled reader.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual std::pair<int, go::error> ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> b) = 0;
};

// pion: connctx.go Writer
// Writer is an interface for context controlled writer.
class Writer {
 public:
  virtual ~Writer() = default;
  virtual std::pair<int, go::error> WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> b) = 0;
};

// pion: connctx.go ConnCtx
// ConnCtx is a wrapper of net.Conn using context.Context.
class ConnCtx : public Reader, public Writer {
 public:
  virtual go::error Close() = 0;
  virtual std::shared_ptr<const go::net::Addr> LocalAddr() const = 0;
  virtual std::shared_ptr<const go::net::Addr> RemoteAddr() const = 0;
  virtual std::shared_ptr<go::net::Conn> Conn() const = 0;
};

// pion: connctx.go New
// New creates a new ConnCtx wrapping given net.Conn.
std::shared_ptr<ConnCtx> New(std::shared_ptr<go::net::Conn> conn);

}  // namespace pion::transport::connctx
