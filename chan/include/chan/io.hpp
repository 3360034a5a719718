// Go's io.Writer and io.Reader interfaces, for ported code that takes them
// (pion/logging's output, dtls.Config.KeyLogWriter). io's error values
// (io.EOF, io.ErrClosedPipe, ...) are declared in chan/net.hpp.
#pragma once

#include <cstdint>
#include <span>
#include <utility>

#include "chan/error.hpp"

namespace go::io {

// Go: io.Writer
class Writer {
 public:
  virtual ~Writer() = default;
  virtual std::pair<int, error> Write(std::span<const std::uint8_t> p) = 0;
};

// Go: io.Reader
class Reader {
 public:
  virtual ~Reader() = default;
  virtual std::pair<int, error> Read(std::span<std::uint8_t> p) = 0;
};

}  // namespace go::io
