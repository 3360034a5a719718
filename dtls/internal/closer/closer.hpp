// pion: internal/closer/closer.go
// Package closer provides signaling channel for shutdown
#pragma once

#include <utility>

#include "chan/context.hpp"

namespace dtls::internal::closer {

// pion: internal/closer/closer.go Closer
// Closer allows for each signaling a channel for shutdown
class Closer {
 public:
  // pion: internal/closer/closer.go NewCloser
  // NewCloser creates a new instance of Closer
  Closer() : Closer(go::context::Background()) {}
  // pion: internal/closer/closer.go NewCloserWithParent
  // NewCloserWithParent creates a new instance of Closer with a parent context
  explicit Closer(go::context::Context parent) {
    auto [ctx, closeFunc] = go::context::WithCancel(std::move(parent));
    ctx_ = std::move(ctx);
    closeFunc_ = std::move(closeFunc);
  }

  // Done returns a channel signaling when it is done
  go::recv_chan<go::struct_> Done() const { return ctx_->Done(); }
  // Err returns an error of the context
  go::error Err() const { return ctx_->Err(); }
  // Close sends a signal to trigger the ctx done channel
  void Close() { closeFunc_(); }

 private:
  go::context::Context ctx_;
  go::context::CancelFunc closeFunc_;
};

}  // namespace dtls::internal::closer
