// pion/dtls v2: internal/net/dpipe/dpipe.go
#include "chan/dpipe.hpp"

#include <algorithm>
#include <cstring>

#include "chan/select.hpp"

namespace dtls::internal::net::dpipe {

namespace deadline = pion::transport::deadline;
using bytes = std::vector<std::uint8_t>;

// pion: dpipe.go Pipe
std::pair<std::shared_ptr<go::net::Conn>, std::shared_ptr<go::net::Conn>> Pipe() {
  auto ch0 = go::make_chan<bytes>(1000);
  auto ch1 = go::make_chan<bytes>(1000);
  return {std::make_shared<conn>(ch0, ch1), std::make_shared<conn>(ch1, ch0)};
}

conn::conn(go::chan<bytes> r, go::chan<bytes> w)
    : rCh(std::move(r)),
      wCh(std::move(w)),
      closed(go::make_chan<go::struct_>()),
      closing(go::make_chan<go::struct_>()),
      readDeadline(deadline::New()),
      writeDeadline(deadline::New()) {}

// pion: dpipe.go conn.LocalAddr / RemoteAddr
std::shared_ptr<const go::net::Addr> conn::LocalAddr() const { return std::make_shared<pipeAddr>(); }
std::shared_ptr<const go::net::Addr> conn::RemoteAddr() const { return std::make_shared<pipeAddr>(); }

// pion: dpipe.go conn.SetDeadline
go::error conn::SetDeadline(go::time::Time t) {
  readDeadline->Set(t);
  writeDeadline->Set(t);
  return nullptr;
}

// pion: dpipe.go conn.SetReadDeadline
go::error conn::SetReadDeadline(go::time::Time t) {
  readDeadline->Set(t);
  return nullptr;
}

// pion: dpipe.go conn.SetWriteDeadline
go::error conn::SetWriteDeadline(go::time::Time t) {
  writeDeadline->Set(t);
  return nullptr;
}

// pion: dpipe.go conn.Read
std::pair<int, go::error> conn::Read(std::span<std::uint8_t> data) { return read(data, nullptr); }

std::pair<int, go::error> conn::ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> data) {
  return read(data, &ctx);
}

// pion: dpipe.go conn.Read (the body; ctx is the port addition's)
std::pair<int, go::error> conn::read(std::span<std::uint8_t> data, const go::context::Context* ctx) {
  const go::recv_chan<go::struct_> done = ctx ? (*ctx)->Done() : go::recv_chan<go::struct_>{};  // nil: never ready
  switch (go::select(go::recv(closed), go::recv(closing), go::recv(readDeadline->Done()), go::recv(done),
                     go::default_())) {
    case 0:
      return {0, go::io::EOF_};
    case 1:
      if (go::len(rCh) == 0) return {0, go::io::EOF_};
      break;
    case 2:
      return {0, go::context::DeadlineExceeded};
    case 3:
      return {0, (*ctx)->Err()};
    default:
      break;
  }

  for (;;) {
    bytes d;
    switch (go::select(go::recv(rCh, &d), go::recv(closed), go::recv(closing), go::recv(readDeadline->Done()),
                       go::recv(done))) {
      case 0: {
        std::size_t n = std::min(d.size(), data.size());
        if (n > 0) std::memcpy(data.data(), d.data(), n);
        return {static_cast<int>(n), nullptr};
      }
      case 1:
        return {0, go::io::EOF_};
      case 2:
        if (go::len(rCh) == 0) return {0, go::io::EOF_};
        break;
      case 3:
        return {0, go::context::DeadlineExceeded};
      case 4:
        return {0, (*ctx)->Err()};
    }
  }
}

// pion: dpipe.go conn.cleanWriteBuffer
void conn::cleanWriteBuffer() {
  for (;;) {
    if (go::select(go::recv(wCh), go::default_()) != 0) return;
  }
}

// pion: dpipe.go conn.Write
std::pair<int, go::error> conn::Write(std::span<const std::uint8_t> data) { return write(data, nullptr); }

std::pair<int, go::error> conn::WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> data) {
  return write(data, &ctx);
}

// pion: dpipe.go conn.Write (the body; ctx is the port addition's). A done ctx ends
// the Write as the write deadline does, cleanWriteBuffer included: what connctx's deadline in the
// past would make it do.
std::pair<int, go::error> conn::write(std::span<const std::uint8_t> data, const go::context::Context* ctx) {
  const go::recv_chan<go::struct_> done = ctx ? (*ctx)->Done() : go::recv_chan<go::struct_>{};  // nil: never ready
  switch (go::select(go::recv(closed), go::recv(writeDeadline->Done()), go::recv(done), go::default_())) {
    case 0:
      return {0, go::io::ErrClosedPipe};
    case 1:
      cleanWriteBuffer();
      return {0, go::context::DeadlineExceeded};
    case 2:
      cleanWriteBuffer();
      return {0, (*ctx)->Err()};
    default:
      break;
  }

  bytes cData(data.begin(), data.end());
  const int n = static_cast<int>(cData.size());

  switch (go::select(go::recv(closed), go::recv(writeDeadline->Done()), go::recv(done),
                     go::send(wCh, std::move(cData)))) {
    case 0:
      return {0, go::io::ErrClosedPipe};
    case 1:
      cleanWriteBuffer();
      return {0, go::context::DeadlineExceeded};
    case 2:
      cleanWriteBuffer();
      return {0, (*ctx)->Err()};
    default:
      return {n, nullptr};
  }
}

// pion: dpipe.go conn.Close
go::error conn::Close() {
  closeOnce.Do([&] { closed.close(); });
  return nullptr;
}

}  // namespace dtls::internal::net::dpipe
