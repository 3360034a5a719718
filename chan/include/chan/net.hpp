// Go's net package (the UDP part) on the runtime's network poller, plus the
// few pieces of io/os/syscall and of pion/transport that code written against
// net.Conn needs.
//
//   Go                                          C++
//   addr, err := net.ResolveUDPAddr("udp", s)   auto [addr, err] = go::net::ResolveUDPAddr("udp", s);
//   c, err := net.ListenUDP("udp", addr)        auto [c, err] = go::net::ListenUDP("udp", addr.get());
//   c, err := net.DialUDP("udp", nil, raddr)    auto [c, err] = go::net::DialUDP("udp", nullptr, raddr.get());
//   n, from, err := c.ReadFrom(buf)             auto [n, from, err] = c->ReadFrom(buf);
//   n, err := c.WriteTo(buf, from)              auto [n, err] = c->WriteTo(buf, *from);
//   c.SetReadDeadline(time.Now().Add(d))        c->SetReadDeadline(go::time::Now() + d);
//   c.SetReadDeadline(time.Time{})              c->SetReadDeadline(go::time::Time{});   // clears
//   if ne, ok := err.(net.Error); ok && ne.Timeout()
//                                               if (go::net::IsTimeout(err))
//   errors.Is(err, net.ErrClosed)               go::errors::Is(err, go::net::ErrClosed)
//
// Every operation is fiber-aware: a Read with nothing to read parks the fiber
// (never the worker thread) until the socket is readable, its deadline passes
// or the connection is closed (Go's internal/poll.FD on runtime/netpoll).
// Concurrent readers (and writers) of one socket are served one at a time, as
// Go's fdMutex does; Close wakes every parked operation with ErrClosed and
// waits until none is in flight before closing the descriptor.
//
// A socket registers with the poller of the runtime that opens it. It may
// outlive that runtime: when go::run returns, the sockets still open move, with
// their deadlines, to a process-wide poller (its own thread), and stay usable
// from plain threads and other runtimes. Only while that runtime is exiting
// (between main's return and go::run's) must no other thread close one of its
// sockets or set a deadline on it.
//
// net.Addr / net.Conn / net.PacketConn / net.Listener are abstract classes
// held by std::shared_ptr, as conventions.md maps Go interfaces.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "chan/chan.hpp"
#include "chan/context.hpp"
#include "chan/error.hpp"
#include "chan/sync.hpp"
#include "chan/time.hpp"

// ---------------------------------------------------------------------------
// io, os, syscall: the errors the net package returns.

namespace go::io {
// Go: io.EOF — "EOF". (EOF itself is a C macro, hence the underscore.)
inline const error EOF_ = errors::New("EOF");
// Go: io.ErrClosedPipe
inline const error ErrClosedPipe = errors::New("io: read/write on closed pipe");
// Go: io.ErrShortBuffer
inline const error ErrShortBuffer = errors::New("short buffer");
}  // namespace go::io

namespace go::syscall {
// Go: syscall.Errno. Error() is the C library's message with Go's lower-case
// first letter ("connection refused").
struct Errno final : net::Error {
  explicit Errno(int e) : errno_(e) {}
  std::string Error() const override;
  bool Timeout() const override;
  bool Temporary() const override;
  int value() const noexcept { return errno_; }
  int errno_;
};
}  // namespace go::syscall

namespace go::os {
// Go: os.DeadlineExceededError — "i/o timeout", Timeout() and Temporary() true.
struct DeadlineExceededError final : net::Error {
  std::string Error() const override { return "i/o timeout"; }
  bool Timeout() const override { return true; }
  bool Temporary() const override { return true; }
};
// Go: os.ErrDeadlineExceeded
inline const error ErrDeadlineExceeded = make_error<DeadlineExceededError>();

// Go: os.SyscallError — "recvfrom: connection refused"
struct SyscallError final : error_value {
  SyscallError(std::string syscall, error err) : Syscall(std::move(syscall)), Err(std::move(err)) {}
  std::string Error() const override { return Syscall + ": " + Err.Error(); }
  error Unwrap() const override { return Err; }
  bool Timeout() const;
  std::string Syscall;
  error Err;
};
// Go: os.NewSyscallError (nil for a nil err)
error NewSyscallError(std::string syscall, error err);
}  // namespace go::os

namespace go::net {

// ---------------------------------------------------------------------------
// Addresses

// Go: net.IP — nil, 4 bytes or 16 bytes (IPv4 addresses are usually held in
// their 16-byte IPv4-in-IPv6 form, as Go's ParseIP and IPv4 return them).
class IP {
 public:
  IP() = default;  // nil
  // A 4- or 16-byte address; any other length makes a nil IP.
  explicit IP(std::span<const std::uint8_t> b);

  std::size_t size() const noexcept { return n_; }  // len(ip)
  bool empty() const noexcept { return n_ == 0; }   // ip == nil
  const std::uint8_t* data() const noexcept { return b_.data(); }
  std::uint8_t operator[](std::size_t i) const noexcept { return b_[i]; }
  std::span<const std::uint8_t> bytes() const noexcept { return {b_.data(), n_}; }

  // ip.To4(): the 4-byte form, or nil if ip is not an IPv4 address.
  IP To4() const;
  // ip.To16(): the 16-byte form, or nil.
  IP To16() const;
  // ip.String(): dotted decimal, RFC 5952 for IPv6, "<nil>" for nil,
  // "?" followed by hex for a malformed address.
  std::string String() const;
  // ip.Equal(x): a 4-byte and a 16-byte IPv4 address are equal.
  bool Equal(const IP& x) const;
  bool IsUnspecified() const;
  bool IsLoopback() const;

 private:
  std::array<std::uint8_t, 16> b_{};
  std::size_t n_ = 0;
};

// net.IPv4(a, b, c, d): the 16-byte form.
IP IPv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
// net.ParseIP: IPv4 dotted decimal ("192.0.2.1") or IPv6 ("2001:db8::68");
// nil when s is neither.
IP ParseIP(std::string_view s);
// net.IPv6loopback, net.IPv4zero, net.IPv6unspecified
IP IPv6loopback();
IP IPv4zero();
IP IPv6unspecified();

// Go: net.Addr
class Addr {
 public:
  virtual ~Addr() = default;
  virtual std::string Network() const = 0;  // "udp", "pipe", ...
  virtual std::string String() const = 0;   // "127.0.0.1:1234"
};

// Go: net.UDPAddr
class UDPAddr final : public Addr {
 public:
  UDPAddr() = default;
  UDPAddr(go::net::IP ip, int port, std::string zone = {}) : IP(ip), Port(port), Zone(std::move(zone)) {}

  go::net::IP IP;
  int Port = 0;
  std::string Zone;  // IPv6 scoped addressing zone

  std::string Network() const override { return "udp"; }
  std::string String() const override;
};

// net.SplitHostPort("host:port" / "[v6]:port")
std::tuple<std::string, std::string, error> SplitHostPort(std::string_view hostport);
// net.JoinHostPort
std::string JoinHostPort(std::string_view host, std::string_view port);

// net.ResolveUDPAddr(network, address): network "udp", "udp4" or "udp6" (""
// means "udp"); address "host:port" with a numeric IPv4/IPv6 host,
// "localhost" or an empty host. No DNS: any other name fails as an unknown
// host ("lookup NAME: no such host"); a non-numeric port fails as an unknown
// service ("lookup udp/NAME: unknown port").
std::pair<std::shared_ptr<UDPAddr>, error> ResolveUDPAddr(std::string_view network, std::string_view address);

// ---------------------------------------------------------------------------
// Errors

// Go: net.ErrClosed (internal/poll.ErrNetClosing) — "use of closed network connection"
struct errNetClosing final : Error {
  std::string Error() const override { return "use of closed network connection"; }
  bool Timeout() const override { return false; }
  bool Temporary() const override { return false; }
};
inline const error ErrClosed = make_error<errNetClosing>();
// Go: net.ErrWriteToConnected
inline const error ErrWriteToConnected = errors::New("use of WriteTo with pre-connected connection");
// Go: net.errMissingAddress
inline const error errMissingAddress = errors::New("missing address");

// Go: net.OpError — "read udp 127.0.0.1:1234: i/o timeout"
struct OpError final : Error {
  std::string Op;   // "read", "write", "dial", "listen", "close", "set"
  std::string Net;  // "udp", "udp4", ...
  std::shared_ptr<const go::net::Addr> Source;  // local address, may be null
  std::shared_ptr<const go::net::Addr> Addr;    // remote address, may be null
  go::error Err;

  std::string Error() const override;
  go::error Unwrap() const override { return Err; }
  bool Timeout() const override;
  bool Temporary() const override;
};

// Go: net.AddrError — "address 1.2.3.4: missing port in address"
struct AddrError final : Error {
  AddrError(std::string err, std::string addr) : Err(std::move(err)), Addr(std::move(addr)) {}
  std::string Err;
  std::string Addr;
  std::string Error() const override { return Addr.empty() ? Err : "address " + Addr + ": " + Err; }
  bool Timeout() const override { return false; }
  bool Temporary() const override { return false; }
};

// Go: net.UnknownNetworkError — "unknown network tcp7"
struct UnknownNetworkError final : Error {
  explicit UnknownNetworkError(std::string n) : name(std::move(n)) {}
  std::string name;
  std::string Error() const override { return "unknown network " + name; }
  bool Timeout() const override { return false; }
  bool Temporary() const override { return false; }
};

// Go: net.DNSError — "lookup example.invalid: no such host"
struct DNSError final : Error {
  std::string Err, Name, Server;
  bool IsTimeout = false, IsTemporary = false, IsNotFound = false;
  std::string Error() const override;
  bool Timeout() const override { return IsTimeout; }
  bool Temporary() const override { return IsTimeout || IsTemporary; }
};

// Go: `ne, ok := err.(net.Error); ok && ne.Timeout()` (on err itself, as a
// type assertion does; OpError forwards Timeout to the error it wraps).
bool IsTimeout(const error& err);

// ---------------------------------------------------------------------------
// Interfaces

// Go: net.Conn
class Conn {
 public:
  virtual ~Conn() = default;
  virtual std::pair<int, error> Read(std::span<std::uint8_t> b) = 0;
  virtual std::pair<int, error> Write(std::span<const std::uint8_t> b) = 0;
  virtual error Close() = 0;
  virtual std::shared_ptr<const Addr> LocalAddr() const = 0;
  virtual std::shared_ptr<const Addr> RemoteAddr() const = 0;
  // A zero time::Time{} (or time::Time::max()) means no deadline.
  virtual error SetDeadline(time::Time t) = 0;
  virtual error SetReadDeadline(time::Time t) = 0;
  virtual error SetWriteDeadline(time::Time t) = 0;
};

// Ours, no Go counterpart: a Conn whose Read and Write can also end when a context is done, with
// no helper goroutine. pion/transport's connctx otherwise runs, for every call, a goroutine that
// watches the context and moves the deadline into the past when it is done (Go's way; here a
// fiber, a channel and a WaitGroup per datagram); for a Conn that implements this it calls these.
class ContextReadWriter {
 public:
  virtual ~ContextReadWriter() = default;
  // As Read and Write; when ctx is done before anything was transferred, ctx->Err().
  virtual std::pair<int, error> ReadContext(const context::Context& ctx, std::span<std::uint8_t> b) = 0;
  virtual std::pair<int, error> WriteContext(const context::Context& ctx, std::span<const std::uint8_t> b) = 0;
};

// Go: net.PacketConn
class PacketConn {
 public:
  virtual ~PacketConn() = default;
  virtual std::tuple<int, std::shared_ptr<const Addr>, error> ReadFrom(std::span<std::uint8_t> p) = 0;
  virtual std::pair<int, error> WriteTo(std::span<const std::uint8_t> p, const Addr& addr) = 0;
  virtual error Close() = 0;
  virtual std::shared_ptr<const Addr> LocalAddr() const = 0;
  virtual error SetDeadline(time::Time t) = 0;
  virtual error SetReadDeadline(time::Time t) = 0;
  virtual error SetWriteDeadline(time::Time t) = 0;
};

// Go: net.Listener
class Listener {
 public:
  virtual ~Listener() = default;
  virtual std::pair<std::shared_ptr<Conn>, error> Accept() = 0;
  virtual error Close() = 0;
  virtual std::shared_ptr<const go::net::Addr> Addr() const = 0;
};

// ---------------------------------------------------------------------------
// UDP

namespace detail {
struct netFD;
}

// Go: net.UDPConn — both a Conn (when dialed: Read/Write to the peer) and a
// PacketConn (ReadFrom/WriteTo any address).
class UDPConn final : public Conn, public PacketConn, public ContextReadWriter {
 public:
  explicit UDPConn(std::unique_ptr<detail::netFD> fd);
  ~UDPConn() override;  // closes the socket if Close was not called
  UDPConn(const UDPConn&) = delete;
  UDPConn& operator=(const UDPConn&) = delete;

  // net.Conn: for a connected (dialed) socket.
  std::pair<int, error> Read(std::span<std::uint8_t> b) override;
  std::pair<int, error> Write(std::span<const std::uint8_t> b) override;
  // Closes the socket. Parked operations return ErrClosed; a second Close
  // returns "close udp ...: use of closed network connection".
  error Close() override;
  std::shared_ptr<const go::net::Addr> LocalAddr() const override;
  std::shared_ptr<const go::net::Addr> RemoteAddr() const override;  // null unless dialed
  error SetDeadline(time::Time t) override;
  error SetReadDeadline(time::Time t) override;
  error SetWriteDeadline(time::Time t) override;

  // net.PacketConn
  std::tuple<int, std::shared_ptr<const go::net::Addr>, error> ReadFrom(std::span<std::uint8_t> p) override;
  // addr must be a UDPAddr. On a dialed socket: ErrWriteToConnected.
  std::pair<int, error> WriteTo(std::span<const std::uint8_t> p, const go::net::Addr& addr) override;

  // UDPConn.ReadFromUDP / WriteToUDP
  std::tuple<int, std::shared_ptr<UDPAddr>, error> ReadFromUDP(std::span<std::uint8_t> b);
  std::pair<int, error> WriteToUDP(std::span<const std::uint8_t> b, const UDPAddr& addr);
  // UDPConn.SetReadBuffer / SetWriteBuffer (SO_RCVBUF / SO_SNDBUF)
  error SetReadBuffer(int bytes);
  error SetWriteBuffer(int bytes);

  // ContextReadWriter (a port addition; pion/transport connctx's ReadContext / WriteContext
  // semantics): Read/Write that also return when ctx is done, with ctx->Err() when nothing
  // was transferred. The call parks on the socket and on ctx->Done() together, with no helper
  // fiber, and leaves the deadlines as they were (connctx clears them after a cancel).
  std::pair<int, error> ReadContext(const context::Context& ctx, std::span<std::uint8_t> b) override;
  std::pair<int, error> WriteContext(const context::Context& ctx, std::span<const std::uint8_t> b) override;
  // WriteToUDP, likewise ended by ctx (the listener's per-peer conns write through it).
  std::pair<int, error> WriteToUDPContext(const context::Context& ctx, std::span<const std::uint8_t> b,
                                          const UDPAddr& addr);

 private:
  std::pair<int, error> read(std::span<std::uint8_t> b, const context::Context* ctx);
  std::pair<int, error> write(std::span<const std::uint8_t> b, const context::Context* ctx);
  std::pair<int, error> writeToUDP(std::span<const std::uint8_t> b, const UDPAddr& addr, const context::Context* ctx);

  std::unique_ptr<detail::netFD> fd_;
};

// net.ListenUDP(network, laddr): laddr may be null (any address, port 0).
std::pair<std::shared_ptr<UDPConn>, error> ListenUDP(std::string_view network, const UDPAddr* laddr);
// net.DialUDP(network, laddr, raddr): a connected socket; laddr may be null.
std::pair<std::shared_ptr<UDPConn>, error> DialUDP(std::string_view network, const UDPAddr* laddr,
                                                   const UDPAddr* raddr);

}  // namespace go::net

// ---------------------------------------------------------------------------
// pion/transport v2 deadline: an updatable deadline whose Done channel closes
// when it passes. Used by the pion ports (pion/udp, dpipe, dtls) as Go code
// uses it, including as a context.Context (AsContext).

namespace pion::transport::deadline {

class Deadline;

// The context.Context face of a Deadline (Go: *Deadline implements
// context.Context). Separate because a C++ class cannot have a method named
// after itself (Deadline.Deadline).
class deadlineContext : public go::context::ContextI {
 public:
  std::pair<go::time::Time, bool> Deadline() const override;
  go::recv_chan<go::struct_> Done() const override;
  go::error Err() const override;
  std::any Value(const go::context::Key&) const override { return {}; }
  std::string String() const override { return "deadline.Deadline"; }

 protected:
  explicit deadlineContext(const pion::transport::deadline::Deadline* d) : d_(d) {}
  const pion::transport::deadline::Deadline* d_;
};

// Go: deadline.Deadline
class Deadline : public std::enable_shared_from_this<Deadline> {
 public:
  // Go: deadline.New (use New(); public for make_shared)
  Deadline();
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  // Set new deadline. Zero value (go::time::Time{}) means no deadline.
  void Set(go::time::Time t);
  // Done receives deadline signal.
  go::recv_chan<go::struct_> Done() const;
  // Err returns context.DeadlineExceeded if the deadline is exceeded, else nil.
  go::error Err() const;
  // Go: Deadline.Deadline() — the current deadline; false when none.
  std::pair<go::time::Time, bool> Get() const;
  // *Deadline as a context.Context (shares ownership of this Deadline).
  go::context::Context AsContext() const;

 private:
  go::chan<go::struct_> exceeded;
  go::chan<go::struct_> stop;
  go::chan<bool> stopped;
  go::time::Time deadline{};
  mutable go::sync::Mutex mu;  // Go: sync.RWMutex
  // What AsContext hands out: a context that shares this Deadline's ownership (no allocation).
  struct contextFace final : deadlineContext {
    explicit contextFace(const pion::transport::deadline::Deadline* d) : deadlineContext(d) {}
  };
  contextFace face{this};
};

// Go: deadline.New
std::shared_ptr<Deadline> New();

}  // namespace pion::transport::deadline
