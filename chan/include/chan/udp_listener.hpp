// Port of github.com/pion/udp v2 (conn.go): a connection-oriented listener
// over one UDP socket. Datagrams are demultiplexed by remote address into
// per-peer Conns; a datagram from a new address makes a new Conn that Accept
// returns (up to Backlog pending Conns; beyond that the datagram is dropped).
//
//   Go                                           C++
//   l, err := udp.Listen("udp", laddr)           auto [l, err] = pion::udp::Listen("udp", laddr.get());
//   lc := udp.ListenConfig{Backlog: 8}           pion::udp::ListenConfig lc{.Backlog = 8};
//   l, err := lc.Listen("udp", laddr)            auto [l, err] = lc.Listen("udp", laddr.get());
//   c, err := l.Accept()                         auto [c, err] = l->Accept();
//
// Also here, because pion/udp is built on them: pion/transport v2
// packetio.Buffer (the per-Conn packet queue) and pion/udp's pkg/sync
// WaitGroup (a WaitGroup that allows Add while Wait is pending).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/net.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

// ---------------------------------------------------------------------------
// pion/transport v2 packetio (buffer.go, errors.go)

namespace pion::transport::packetio {

// pion: packetio/errors.go netError
struct netError final : go::net::Error {
  netError(go::error e, bool timeout, bool temporary) : err(std::move(e)), timeout(timeout), temporary(temporary) {}
  std::string Error() const override { return err.Error(); }
  bool Timeout() const override { return timeout; }
  bool Temporary() const override { return temporary; }
  go::error err;
  bool timeout, temporary;
};

// pion: packetio/errors.go ErrFull / ErrTimeout
inline const go::error ErrFull = go::errors::New("packetio.Buffer is full, discarding write");
inline const go::error ErrTimeout = go::errors::New("i/o timeout");
// pion: packetio/buffer.go errPacketTooBig
inline const go::error errPacketTooBig = go::errors::New("packet too big");

// pion: packetio/buffer.go Buffer — writes are kept as separate packets; each
// Read returns one packet.
class Buffer {
 public:
  Buffer();  // Go: NewBuffer
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  // Appends a copy of the packet. ErrFull past the limits, io.ErrClosedPipe
  // after Close.
  std::pair<int, go::error> Write(std::span<const std::uint8_t> packet);
  // Blocks until a packet is available (io.ErrShortBuffer if p is too small;
  // the rest of the packet is dropped), the buffer is closed and drained
  // (io.EOF) or the read deadline passes (a net.Error with Timeout()).
  std::pair<int, go::error> Read(std::span<std::uint8_t> packet);
  // Port addition: Read that also returns when ctx is done (ctx->Err(), nothing read).
  std::pair<int, go::error> ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> packet);
  // Unblocks pending reads; buffered data can still be read.
  go::error Close();
  int Count();
  void SetLimitCount(int limit);
  int Size();
  void SetLimitSize(int limit);
  go::error SetReadDeadline(go::time::Time t);

 private:
  std::pair<int, go::error> read(std::span<std::uint8_t> packet, const go::context::Context* ctx);
  bool available(int size) const;
  go::error grow();
  int size() const;

  go::sync::Mutex mutex;
  std::vector<std::uint8_t> data;
  int head = 0, tail = 0;
  go::chan<go::struct_> notify;
  bool subs = false;
  bool closed = false;
  int count = 0;
  int limitCount = 0, limitSize = 0;
  std::shared_ptr<pion::transport::deadline::Deadline> readDeadline;
};

// Go: NewBuffer
std::shared_ptr<Buffer> NewBuffer();

}  // namespace pion::transport::packetio

// ---------------------------------------------------------------------------
// pion/udp v2

namespace pion::udp {

namespace pkg::sync {
// pion: udp/pkg/sync/waitgroup.go WaitGroup — unlike sync.WaitGroup, Add may
// be called while another fiber is in Wait. (Go builds it on sync.Cond; here
// a channel closed whenever the counter reaches zero plays the Cond.)
class WaitGroup {
 public:
  WaitGroup() = default;  // Go: NewWaitGroup
  WaitGroup(const WaitGroup&) = delete;
  WaitGroup& operator=(const WaitGroup&) = delete;
  // Throws go::panic_error("udp: negative WaitGroup counter").
  void Add(int delta);
  void Done() { Add(-1); }
  void Wait();

 private:
  go::sync::Mutex mutex;
  std::int64_t c = 0;
  go::chan<go::struct_> zero = go::make_chan<go::struct_>();
};
}  // namespace pkg::sync

// pion: udp/conn.go receiveMTU, defaultListenBacklog
inline constexpr int receiveMTU = 8192;
inline constexpr int defaultListenBacklog = 128;  // same as Linux default

// pion: udp/conn.go ErrClosedListener / ErrListenQueueExceeded
inline const go::error ErrClosedListener = go::errors::New("udp: listener closed");
inline const go::error ErrListenQueueExceeded = go::errors::New("udp: listen queue exceeded");

class Conn;

// ListenConfig::Admit's type: (packet, source address, reply to send back) -> make a Conn?
using AdmitFunc =
    std::function<bool(std::span<const std::uint8_t>, const go::net::Addr&, std::vector<std::uint8_t>&)>;

// pion: udp/conn.go listener (unexported in Go; visible here for the tests,
// which reach into pConn as Go's in-package tests do).
class listener final : public go::net::Listener, public std::enable_shared_from_this<listener> {
 public:
  // Accept waits for and returns the next connection to the listener.
  std::pair<std::shared_ptr<go::net::Conn>, go::error> Accept() override;
  // Close closes the listener. Any blocked Accept operations will be
  // unblocked and return errors. The socket itself is closed when the last
  // accepted Conn is closed too.
  go::error Close() override;
  // Addr returns the listener's network address.
  std::shared_ptr<const go::net::Addr> Addr() const override;

  std::shared_ptr<go::net::UDPConn> pConn;

 private:
  friend class Conn;
  friend struct ListenConfig;

  void readLoop();
  std::tuple<std::shared_ptr<Conn>, bool, go::error> getConn(std::shared_ptr<const go::net::Addr> raddr,
                                                            std::span<const std::uint8_t> buf,
                                                            std::vector<std::uint8_t>& reply);
  std::shared_ptr<Conn> newConn(std::shared_ptr<const go::net::Addr> rAddr);

  std::atomic<bool> accepting{false};
  go::chan<std::shared_ptr<Conn>> acceptCh;
  go::chan<go::struct_> doneCh;
  go::sync::Once doneOnce;
  std::function<bool(std::span<const std::uint8_t>)> acceptFilter;
  AdmitFunc admit;  // port addition (ListenConfig::Admit)

  go::sync::Mutex connLock;
  std::map<std::string, std::shared_ptr<Conn>> conns;
  pkg::sync::WaitGroup connWG;

  go::sync::WaitGroup readWG;
  go::sync::Mutex errCloseMu;  // Go: atomic.Value
  go::error errClose;
};

// pion: udp/conn.go ListenConfig
struct ListenConfig {
  // Backlog defines the maximum length of the queue of pending connections
  // (the backlog argument of POSIX listen). If a connection request arrives
  // when the queue is full, the request is silently discarded, unlike TCP.
  // Zero means defaultListenBacklog (128, the Linux default).
  int Backlog = 0;
  // AcceptFilter determines whether a new conn should be made for the
  // incoming packet. If not set, any packet creates a new conn.
  std::function<bool(std::span<const std::uint8_t>)> AcceptFilter;
  // Admit (port addition, not in pion/udp) is asked after AcceptFilter passes a packet from a remote
  // that has no Conn yet. It sees the packet and its source address, may fill `reply` with one
  // datagram that the listener sends back to that address (after releasing its lock), and returns
  // whether a Conn is made. A protocol uses it to prove a remote's address before any per-remote
  // state exists: dtls::Listen answers a ClientHello without a valid cookie with a stateless
  // HelloVerifyRequest here. Called only from the listener's read loop, one packet at a time.
  AdmitFunc Admit;
  // ReadBufferSize sets the size of the operating system's
  // receive buffer associated with the listener.
  // (From pion/transport v2's later udp.ListenConfig, absent in v0.14: a listener whose read loop
  // is not scheduled for a while loses whatever the socket's buffer cannot hold. Zero leaves the
  // system default; Linux caps the request at net.core.rmem_max and doubles it.)
  int ReadBufferSize = 0;
  // WriteBufferSize sets the size of the operating system's
  // send buffer associated with the connection.
  int WriteBufferSize = 0;

  // Listen creates a new listener based on the ListenConfig.
  std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view network,
                                                                  const go::net::UDPAddr* laddr);
};

// Listen creates a new listener using the default ListenConfig.
std::pair<std::shared_ptr<go::net::Listener>, go::error> Listen(std::string_view network,
                                                                const go::net::UDPAddr* laddr);

// pion: udp/conn.go Conn — one remote peer of a listener.
class Conn final : public go::net::Conn, public go::net::ContextReadWriter {
 public:
  // Read reads the next datagram from this peer.
  std::pair<int, go::error> Read(std::span<std::uint8_t> p) override;
  // Write sends p to this peer through the listener's socket.
  std::pair<int, go::error> Write(std::span<const std::uint8_t> p) override;
  // Close closes the conn and releases any Read calls.
  go::error Close() override;
  std::shared_ptr<const go::net::Addr> LocalAddr() const override;
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override;
  go::error SetDeadline(go::time::Time t) override;
  go::error SetReadDeadline(go::time::Time t) override;
  // The socket is shared, so only this Conn's own write deadline changes.
  go::error SetWriteDeadline(go::time::Time t) override;
  // go::net::ContextReadWriter (port addition): Read/Write that ctx also ends (ctx->Err() when
  // nothing was transferred), parking on ctx->Done() beside the buffer or the socket.
  std::pair<int, go::error> ReadContext(const go::context::Context& ctx, std::span<std::uint8_t> p) override;
  std::pair<int, go::error> WriteContext(const go::context::Context& ctx, std::span<const std::uint8_t> p) override;

 private:
  friend class listener;
  std::pair<int, go::error> write(std::span<const std::uint8_t> p, const go::context::Context* ctx);

  std::shared_ptr<listener> listener_;  // Go: listener
  std::shared_ptr<const go::net::Addr> rAddr;
  std::shared_ptr<pion::transport::packetio::Buffer> buffer;
  go::chan<go::struct_> doneCh;
  go::sync::Once doneOnce;
  std::shared_ptr<pion::transport::deadline::Deadline> writeDeadline;
};

}  // namespace pion::udp
