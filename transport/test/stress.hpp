// pion: github.com/pion/transport/v2 test/stress.go (+ the wrappers of test/connctx.go and the
// randomizer of test/rand.go it uses)
// Stress tests an io.ReadWriter pair: random messages written on one side must be read, whole
// and in order, on the other.
#pragma once

#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/net.hpp"
#include "transport/connctx/connctx.hpp"

namespace pion::transport::test {

// pion: test/stress.go Options
// Options represents the configuration of the stress test
struct Options {
  int MsgSize = 0;
  int MsgCount = 0;
};

// pion: test/connctx.go wrappedReadWriter
// A connctx Reader and Writer over a net.Conn that ignores the context (Go: wraps an io.ReadWriter).
class wrappedReadWriter final : public connctx::Reader, public connctx::Writer {
 public:
  explicit wrappedReadWriter(std::shared_ptr<go::net::Conn> rw) : rw(std::move(rw)) {}
  std::pair<int, go::error> ReadContext(const go::context::Context&, std::span<std::uint8_t> b) override {
    return rw->Read(b);
  }
  std::pair<int, go::error> WriteContext(const go::context::Context&, std::span<const std::uint8_t> b) override {
    return rw->Write(b);
  }

 private:
  std::shared_ptr<go::net::Conn> rw;
};

// pion: test/stress.go Stress
// Stress enables stress testing of a io.ReadWriter.
// It checks that packets are received correctly and in order.
go::error Stress(std::shared_ptr<go::net::Conn> ca, std::shared_ptr<go::net::Conn> cb, Options opt);

// pion: test/stress.go StressContext
// StressContext enables stress testing of a io.ReadWriter.
// It checks that packets are received correctly and in order.
go::error StressContext(const go::context::Context& ctx, std::shared_ptr<connctx::Writer> ca,
                        std::shared_ptr<connctx::Reader> cb, Options opt);

// pion: test/stress.go StressDuplex
// StressDuplex enables duplex stress testing of a io.ReadWriter.
// It checks that packets are received correctly and in order.
go::error StressDuplex(std::shared_ptr<go::net::Conn> ca, std::shared_ptr<go::net::Conn> cb, Options opt);

// pion: test/stress.go StressDuplexContext
// StressDuplexContext enables duplex stress testing of a io.ReadWriter.
// It checks that packets are received correctly and in order.
go::error StressDuplexContext(const go::context::Context& ctx, std::shared_ptr<wrappedReadWriter> ca,
                              std::shared_ptr<wrappedReadWriter> cb, Options opt);

// pion: test/util.go GatherErrs
// GatherErrs gathers all errors returned by a channel.
// It blocks until the channel is closed.
std::vector<go::error> GatherErrs(go::chan<go::error> c);

// pion: test/util.go FlattenErrs
// FlattenErrs flattens a slice of errors into a single error
go::error FlattenErrs(const std::vector<go::error>& errs);

}  // namespace pion::transport::test
