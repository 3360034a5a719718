// go: net/ip.go, net/ipsock.go, net/ipsock_posix.go, net/udpsock.go,
// net/udpsock_posix.go, net/net.go (OpError, AddrError, ...), net/port.go,
// internal/poll/fd_unix.go + fd_mutex.go (the shapes of FD.ReadFrom/WriteTo
// and of the reference count that makes Close safe), on chan's poller.
// pion/transport v2: deadline/deadline.go, connctx/connctx.go.
#include "chan/net.hpp"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "chan/detail/hchan.hpp"
#include "chan/detail/poll.hpp"
#include "chan/select.hpp"

namespace go {

// ---------------------------------------------------------------------------
// syscall, os

namespace syscall {

std::string Errno::Error() const {
  char buf[256];
  const char* s = ::strerror_r(errno_, buf, sizeof buf);  // GNU strerror_r
  std::string r(s);
  // Go's table spells them in lower case ("connection refused").
  if (!r.empty() && r[0] >= 'A' && r[0] <= 'Z' && (r.size() < 2 || !(r[1] >= 'A' && r[1] <= 'Z'))) {
    r[0] = static_cast<char>(r[0] - 'A' + 'a');
  }
  return r;
}

// go: syscall/syscall_unix.go Errno.Timeout / Temporary
bool Errno::Timeout() const { return errno_ == EAGAIN || errno_ == EWOULDBLOCK || errno_ == ETIMEDOUT; }
bool Errno::Temporary() const {
  return errno_ == EINTR || errno_ == EMFILE || errno_ == ENFILE || errno_ == ECONNRESET ||
         errno_ == ECONNABORTED || Timeout();
}

}  // namespace syscall

namespace os {

// go: os/error.go SyscallError.Timeout
bool SyscallError::Timeout() const {
  auto* t = dynamic_cast<const net::Error*>(Err.get());
  return t != nullptr && t->Timeout();
}

error NewSyscallError(std::string syscall, error err) {
  if (!err) return nullptr;
  return make_error<SyscallError>(std::move(syscall), std::move(err));
}

}  // namespace os

namespace net {

namespace {

error errno_error(const char* syscall, int e) {
  return os::NewSyscallError(syscall, make_error<syscall::Errno>(e));
}

constexpr std::array<std::uint8_t, 12> v4InV6Prefix = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};


std::string itoa(long long v) { return std::to_string(v); }

}  // namespace

// ---------------------------------------------------------------------------
// IP (go: net/ip.go)

IP::IP(std::span<const std::uint8_t> b) {
  if (b.size() == 4 || b.size() == 16) {
    std::memcpy(b_.data(), b.data(), b.size());
    n_ = b.size();
  }
}

IP IPv4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  std::array<std::uint8_t, 16> p{};
  std::memcpy(p.data(), v4InV6Prefix.data(), 12);
  p[12] = a;
  p[13] = b;
  p[14] = c;
  p[15] = d;
  return IP(p);
}

IP IPv6loopback() {
  std::array<std::uint8_t, 16> p{};
  p[15] = 1;
  return IP(p);
}
IP IPv4zero() { return IPv4(0, 0, 0, 0); }
IP IPv6unspecified() { return IP(std::array<std::uint8_t, 16>{}); }

// go: net/ip.go IP.To4
IP IP::To4() const {
  if (n_ == 4) return *this;
  if (n_ == 16 && std::memcmp(b_.data(), v4InV6Prefix.data(), 12) == 0) {
    return IP(std::span<const std::uint8_t>(b_.data() + 12, 4));
  }
  return IP();
}

// go: net/ip.go IP.To16
IP IP::To16() const {
  if (n_ == 4) return IPv4(b_[0], b_[1], b_[2], b_[3]);
  if (n_ == 16) return *this;
  return IP();
}

// go: net/ip.go IP.Equal
bool IP::Equal(const IP& x) const {
  if (n_ == x.n_) return std::memcmp(b_.data(), x.b_.data(), n_) == 0;
  if (n_ == 4 && x.n_ == 16) {
    return std::memcmp(x.b_.data(), v4InV6Prefix.data(), 12) == 0 && std::memcmp(b_.data(), x.b_.data() + 12, 4) == 0;
  }
  if (n_ == 16 && x.n_ == 4) return x.Equal(*this);
  return false;
}

// go: net/ip.go IP.IsUnspecified
bool IP::IsUnspecified() const { return Equal(IPv4zero()) || Equal(IPv6unspecified()); }

// go: net/ip.go IP.IsLoopback
bool IP::IsLoopback() const {
  IP ip4 = To4();
  if (!ip4.empty()) return ip4[0] == 127;
  return Equal(IPv6loopback());
}

// go: net/ip.go IP.String
std::string IP::String() const {
  if (n_ == 0) return "<nil>";
  IP p4 = To4();
  if (p4.size() == 4) {
    return itoa(p4[0]) + "." + itoa(p4[1]) + "." + itoa(p4[2]) + "." + itoa(p4[3]);
  }
  if (n_ != 16) return "?";
  // Find the longest run of zeros.
  int e0 = -1, e1 = -1;
  for (int i = 0; i < 16; i += 2) {
    int j = i;
    while (j < 16 && b_[j] == 0 && b_[j + 1] == 0) j += 2;
    if (j > i && j - i > e1 - e0) {
      e0 = i;
      e1 = j;
      i = j;
    }
  }
  // The symbol "::" MUST NOT be used to shorten just one 16 bit 0 field.
  if (e1 - e0 <= 2) {
    e0 = -1;
    e1 = -1;
  }
  static const char hexd[] = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; i += 2) {
    if (i == e0) {
      s += "::";
      i = e1;
      if (i >= 16) break;
    } else if (i > 0) {
      s += ':';
    }
    unsigned v = (unsigned(b_[i]) << 8) | b_[i + 1];
    bool started = false;
    for (int sh = 12; sh >= 0; sh -= 4) {
      unsigned d = (v >> sh) & 0xf;
      if (d != 0 || started || sh == 0) {
        s += hexd[d];
        started = true;
      }
    }
  }
  return s;
}

// go: net/ip.go ParseIP
IP ParseIP(std::string_view s) {
  std::string str(s);
  if (str.find(':') == std::string::npos) {
    in_addr a{};
    if (::inet_pton(AF_INET, str.c_str(), &a) != 1) return IP();
    auto* p = reinterpret_cast<const std::uint8_t*>(&a.s_addr);
    return IPv4(p[0], p[1], p[2], p[3]);
  }
  in6_addr a6{};
  if (::inet_pton(AF_INET6, str.c_str(), &a6) != 1) return IP();
  return IP(std::span<const std::uint8_t>(a6.s6_addr, 16));
}

namespace {

// go: net/ipsock.go splitHostZone
std::pair<std::string, std::string> splitHostZone(std::string_view s) {
  auto i = s.rfind('%');
  if (i != std::string_view::npos && i > 0) return {std::string(s.substr(0, i)), std::string(s.substr(i + 1))};
  return {std::string(s), {}};
}

std::string ipEmptyString(const IP& ip) { return ip.empty() ? std::string() : ip.String(); }

// go: net/ipsock_posix.go (the parts for a UDPAddr)
int addrFamily(const UDPAddr& a) {
  if (a.IP.empty() || a.IP.size() <= 4) return AF_INET;
  if (!a.IP.To4().empty()) return AF_INET;
  return AF_INET6;
}
bool isWildcard(const UDPAddr* a) { return a == nullptr || a->IP.empty() || a->IP.IsUnspecified(); }

}  // namespace

// go: net/udpsock.go UDPAddr.String
std::string UDPAddr::String() const {
  std::string ip = ipEmptyString(IP);
  if (!Zone.empty()) return JoinHostPort(ip + "%" + Zone, itoa(Port));
  return JoinHostPort(ip, itoa(Port));
}

// go: net/ipsock.go SplitHostPort
std::tuple<std::string, std::string, error> SplitHostPort(std::string_view hostport) {
  static constexpr const char* missingPort = "missing port in address";
  static constexpr const char* tooManyColons = "too many colons in address";
  auto addrErr = [&](const char* why) {
    return std::tuple<std::string, std::string, error>{{}, {}, make_error<AddrError>(why, std::string(hostport))};
  };
  std::size_t j = 0, k = 0;
  auto i = hostport.rfind(':');
  if (i == std::string_view::npos) return addrErr(missingPort);
  std::string host;
  if (hostport[0] == '[') {
    auto end = hostport.find(']');
    if (end == std::string_view::npos) return addrErr("missing ']' in address");
    if (end + 1 == hostport.size()) return addrErr(missingPort);
    if (end + 1 != i) {
      if (hostport[end + 1] == ':') return addrErr(tooManyColons);
      return addrErr(missingPort);
    }
    host = std::string(hostport.substr(1, end - 1));
    j = 1;
    k = end + 1;
  } else {
    host = std::string(hostport.substr(0, i));
    if (host.find(':') != std::string::npos) return addrErr(tooManyColons);
  }
  if (hostport.substr(j).find('[') != std::string_view::npos) return addrErr("unexpected '[' in address");
  if (hostport.substr(k).find(']') != std::string_view::npos) return addrErr("unexpected ']' in address");
  return {std::move(host), std::string(hostport.substr(i + 1)), nullptr};
}

// go: net/ipsock.go JoinHostPort
std::string JoinHostPort(std::string_view host, std::string_view port) {
  if (host.find(':') != std::string_view::npos) return "[" + std::string(host) + "]:" + std::string(port);
  return std::string(host) + ":" + std::string(port);
}

namespace {

// go: net/port.go parsePort
std::pair<int, bool> parsePort(std::string_view service) {
  if (service.empty()) return {0, false};
  constexpr std::uint32_t max = 0xffffffffu;
  constexpr std::uint32_t cutoff = 1u << 30;
  bool neg = false;
  if (service[0] == '+') {
    service.remove_prefix(1);
  } else if (service[0] == '-') {
    neg = true;
    service.remove_prefix(1);
  }
  std::uint32_t n = 0;
  for (char c : service) {
    if (c < '0' || c > '9') return {0, true};
    std::uint32_t d = static_cast<std::uint32_t>(c - '0');
    if (n >= cutoff) {
      n = max;
      break;
    }
    n *= 10;
    std::uint32_t nn = n + d;
    if (nn < n) {
      n = max;
      break;
    }
    n = nn;
  }
  int port;
  if (!neg && n >= cutoff) {
    port = static_cast<int>(cutoff - 1);
  } else if (neg && n > cutoff) {
    port = static_cast<int>(cutoff);
  } else {
    port = static_cast<int>(n);
  }
  return {neg ? -port : port, false};
}

// go: net/lookup.go Resolver.LookupPort (no services database: names are unknown)
std::pair<int, error> LookupPort(std::string_view network, std::string_view service) {
  auto [port, needsLookup] = parsePort(service);
  if (needsLookup) {
    auto e = std::make_shared<DNSError>();
    e->Err = "unknown port";
    e->Name = std::string(network) + "/" + std::string(service);
    e->IsNotFound = true;
    return {0, error(std::move(e))};
  }
  if (port < 0 || port > 65535) return {0, make_error<AddrError>("invalid port", std::string(service))};
  return {port, nullptr};
}

}  // namespace

// go: net/udpsock.go ResolveUDPAddr + ipsock.go internetAddrList + filterAddrList
std::pair<std::shared_ptr<UDPAddr>, error> ResolveUDPAddr(std::string_view network, std::string_view address) {
  std::string net(network);
  if (net.empty()) net = "udp";
  if (net != "udp" && net != "udp4" && net != "udp6") {
    return {nullptr, make_error<UnknownNetworkError>(std::string(network))};
  }
  std::string host;
  int portnum = 0;
  if (!address.empty()) {
    auto [h, port, err] = SplitHostPort(address);
    if (err) return {nullptr, err};
    auto [pn, perr] = LookupPort(net, port);
    if (perr) return {nullptr, perr};
    host = std::move(h);
    portnum = pn;
  }
  if (host.empty()) return {std::make_shared<UDPAddr>(IP(), portnum), nullptr};

  // Literal address (with an optional zone), or localhost (no other DNS).
  std::vector<std::pair<IP, std::string>> ips;
  auto [h, zone] = splitHostZone(host);
  IP ip = ParseIP(h);
  if (!ip.empty() && (zone.empty() || ip.To4().empty())) {
    ips.push_back({ip, zone});
  } else if (host == "localhost" || host == "localhost.") {
    ips.push_back({IPv4(127, 0, 0, 1), {}});
    ips.push_back({IPv6loopback(), {}});
  } else {
    auto e = std::make_shared<DNSError>();
    e->Err = "no such host";
    e->Name = host;
    e->IsNotFound = true;
    return {nullptr, error(std::move(e))};
  }
  // go: ipsock.go filterAddrList + addrList.forResolve (prefer IPv4 for "udp")
  const std::pair<IP, std::string>* pick = nullptr;
  for (auto& c : ips) {
    bool v4 = !c.first.To4().empty();
    if (net == "udp4" && !v4) continue;
    if (net == "udp6" && v4) continue;
    if (pick == nullptr || (net == "udp" && v4 && pick->first.To4().empty())) pick = &c;
  }
  if (pick == nullptr) return {nullptr, make_error<AddrError>("no suitable address found", host)};
  return {std::make_shared<UDPAddr>(pick->first, portnum, pick->second), nullptr};
}

// ---------------------------------------------------------------------------
// Errors

// go: net/net.go OpError.Error
std::string OpError::Error() const {
  std::string s = Op;
  if (!Net.empty()) s += " " + Net;
  if (Source) s += " " + Source->String();
  if (Addr) {
    s += Source ? "->" : " ";
    s += Addr->String();
  }
  s += ": " + Err.Error();
  return s;
}

// go: net/net.go OpError.Timeout
bool OpError::Timeout() const {
  if (auto* se = dynamic_cast<const os::SyscallError*>(Err.get())) return se->Timeout();
  auto* t = dynamic_cast<const net::Error*>(Err.get());
  return t != nullptr && t->Timeout();
}

// go: net/net.go OpError.Temporary
bool OpError::Temporary() const {
  if (auto* se = dynamic_cast<const os::SyscallError*>(Err.get())) {
    auto* t = dynamic_cast<const net::Error*>(se->Err.get());
    return t != nullptr && t->Temporary();
  }
  auto* t = dynamic_cast<const net::Error*>(Err.get());
  return t != nullptr && t->Temporary();
}

// go: net/net.go DNSError.Error
std::string DNSError::Error() const {
  std::string s = "lookup " + Name;
  if (!Server.empty()) s += " on " + Server;
  s += ": " + Err;
  return s;
}

bool IsTimeout(const error& err) {
  auto* ne = dynamic_cast<const net::Error*>(err.get());
  return ne != nullptr && ne->Timeout();
}

// ---------------------------------------------------------------------------
// netFD: go internal/poll.FD + net.netFD

namespace detail {

namespace gd = go::detail;

struct netFD {
  int sysfd = -1;
  gd::poll_desc* pd = nullptr;
  int family = AF_INET;
  std::string net;                         // "udp", "udp4", "udp6"
  std::shared_ptr<const UDPAddr> laddr;    // go: fd.laddr
  std::shared_ptr<const UDPAddr> raddr;    // go: fd.raddr (dialed sockets)

  // go: fdMutex — a count of operations in flight plus a closing bit. The
  // descriptor is released by whoever drops the last reference after Close.
  gd::spinlock lk;
  int refs = 0;
  bool closing = false;
  bool destroyed = false;
  go::chan<int> drained = go::make_chan<int>(1);  // closed when destroyed
  // go: fdMutex's read and write locks (one reader and one writer at a time,
  // which is also what the pollDesc's single waiter slot per mode needs).
  go::sync::Mutex rmu, wmu;

  ~netFD() { destroy(); }

  bool incref() {
    std::lock_guard<gd::spinlock> g(lk);
    if (closing) return false;
    ++refs;
    return true;
  }
  void decref() {
    bool last;
    {
      std::lock_guard<gd::spinlock> g(lk);
      --refs;
      last = closing && refs == 0;
    }
    if (last) destroy();
  }
  // go: fdMutex.increfAndClose; false if already closing.
  bool increfAndClose() {
    std::lock_guard<gd::spinlock> g(lk);
    if (closing) return false;
    closing = true;
    ++refs;
    return true;
  }
  bool isClosing() {
    std::lock_guard<gd::spinlock> g(lk);
    return closing;
  }
  // go: FD.destroy
  void destroy() {
    {
      std::lock_guard<gd::spinlock> g(lk);
      if (destroyed) return;
      destroyed = true;
    }
    if (pd != nullptr) {
      gd::poll_close(pd);  // no-op if Close already did it
      gd::poll_free(pd);
      pd = nullptr;
    }
    if (sysfd >= 0) ::close(sysfd);
    sysfd = -1;
    drained.close();
  }
};

}  // namespace detail

namespace {

using detail::netFD;
namespace gd = go::detail;

// An operation's hold on the fd (go: fd.readLock/readUnlock, writeLock/...).
// Unwinds cleanly if the runtime exits while the fiber is parked.
class fdLock {
 public:
  explicit fdLock(netFD* fd) : fd_(fd) {}
  ~fdLock() {
    if (mu_) mu_->Unlock();
    if (ref_) fd_->decref();
  }
  fdLock(const fdLock&) = delete;
  fdLock& operator=(const fdLock&) = delete;
  // incref + take `mu`; ErrClosed if the fd is closing.
  error lock(go::sync::Mutex* mu) {
    if (!fd_->incref()) return ErrClosed;
    ref_ = true;
    if (mu) {
      mu->Lock();
      mu_ = mu;
      if (fd_->isClosing()) return ErrClosed;
    }
    return nullptr;
  }

 private:
  netFD* fd_;
  go::sync::Mutex* mu_ = nullptr;
  bool ref_ = false;
};

// The canceled result of ioLoop: the context's Done channel was ready before anything was
// transferred. The public functions return the context's error for it, not an OpError.
const error errIOCanceled = errors::New("chan: i/o canceled by its context");

// go: internal/poll.FD's loop: try the syscall; on EAGAIN wait for the poller
// (and, when `cancel` is not nil, for a receive from it: errIOCanceled).
template <class Sys>
std::pair<ssize_t, error> ioLoop(netFD* fd, char mode, const char* syscall, Sys sys, gd::hchan* cancel = nullptr) {
  // go: fd.pd.prepareRead / prepareWrite
  if (gd::poll_expired(fd->pd, mode)) return {0, os::ErrDeadlineExceeded};
  for (;;) {
    ssize_t n = sys();
    if (n >= 0) return {n, nullptr};
    int e = errno;
    if (e == EINTR) continue;
    if (e == EAGAIN || e == EWOULDBLOCK) {
      switch (gd::poll_wait(fd->pd, mode, cancel)) {
        case gd::poll_result::ready:
          continue;
        case gd::poll_result::timeout:
          return {0, os::ErrDeadlineExceeded};
        case gd::poll_result::closed:
          return {0, ErrClosed};
        case gd::poll_result::canceled:
          return {0, errIOCanceled};
      }
    }
    return {0, errno_error(syscall, e)};
  }
}

// The cancel channel for ioLoop from an optional context (nil: not cancelable), and whether the
// context is done already. The caller holds the channel for the whole call: a Context need not
// keep its Done channel alive (a pion Deadline replaces its channel once it has fired), and the
// parked call still takes itself off the channel's queue after waking.
recv_chan<struct_> doneOf(const context::Context* ctx) {
  if (ctx == nullptr) return {};
  return (*ctx)->Done();
}
// `select { case <-done: return true; default: return false }`
bool doneAlready(gd::hchan* done) {
  switch (gd::nb_recv_check(done)) {
    case gd::nb_recv::would_block:
      return false;
    case gd::nb_recv::closed_drained:
      return true;
    case gd::nb_recv::call:
      break;
  }
  return gd::chanrecv(done, nullptr, false).first;
}

// go: net/ipsock_posix.go ipToSockaddr
std::pair<socklen_t, error> toSockaddr(int family, const UDPAddr& a, sockaddr_storage* ss) {
  std::memset(ss, 0, sizeof *ss);
  if (family == AF_INET) {
    IP ip = a.IP;
    if (ip.empty()) ip = IPv4zero();
    IP ip4 = ip.To4();
    if (ip4.empty()) return {0, make_error<AddrError>("non-IPv4 address", ip.String())};
    auto* sa = reinterpret_cast<sockaddr_in*>(ss);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(static_cast<std::uint16_t>(a.Port));
    std::memcpy(&sa->sin_addr, ip4.data(), 4);
    return {sizeof(sockaddr_in), nullptr};
  }
  // AF_INET6. In IPv6 mode, Linux treats the IPv4 wildcard specially: use ::.
  IP ip = a.IP;
  if (ip.empty() || ip.Equal(IPv4zero())) ip = IPv6unspecified();
  IP ip6 = ip.To16();
  if (ip6.empty()) return {0, make_error<AddrError>("non-IPv6 address", ip.String())};
  auto* sa = reinterpret_cast<sockaddr_in6*>(ss);
  sa->sin6_family = AF_INET6;
  sa->sin6_port = htons(static_cast<std::uint16_t>(a.Port));
  std::memcpy(&sa->sin6_addr, ip6.data(), 16);
  if (!a.Zone.empty()) {
    unsigned idx = ::if_nametoindex(a.Zone.c_str());
    if (idx == 0) {
      char* end = nullptr;
      unsigned long v = std::strtoul(a.Zone.c_str(), &end, 10);
      if (end && *end == '\0') idx = static_cast<unsigned>(v);
    }
    sa->sin6_scope_id = idx;
  }
  return {sizeof(sockaddr_in6), nullptr};
}

// go: net/udpsock_posix.go sockaddrToUDP
std::shared_ptr<UDPAddr> fromSockaddr(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET) {
    auto* sa = reinterpret_cast<const sockaddr_in*>(&ss);
    return std::make_shared<UDPAddr>(IP(std::span<const std::uint8_t>(
                                         reinterpret_cast<const std::uint8_t*>(&sa->sin_addr), 4)),
                                     ntohs(sa->sin_port));
  }
  if (ss.ss_family == AF_INET6) {
    auto* sa = reinterpret_cast<const sockaddr_in6*>(&ss);
    std::string zone;
    if (sa->sin6_scope_id != 0) {
      char name[IF_NAMESIZE];
      if (::if_indextoname(sa->sin6_scope_id, name) != nullptr) {
        zone = name;
      } else {
        zone = std::to_string(sa->sin6_scope_id);
      }
    }
    return std::make_shared<UDPAddr>(IP(std::span<const std::uint8_t>(sa->sin6_addr.s6_addr, 16)),
                                     ntohs(sa->sin6_port), std::move(zone));
  }
  return nullptr;
}

error opError(const char* op, std::string net, std::shared_ptr<const Addr> source, std::shared_ptr<const Addr> addr,
              error err) {
  auto e = std::make_shared<OpError>();
  e->Op = op;
  e->Net = std::move(net);
  e->Source = std::move(source);
  e->Addr = std::move(addr);
  e->Err = std::move(err);
  return error(std::move(e));
}

// What a context-taking call returns when its context ended it (pion/transport connctx: ctx.Err()
// when nothing was transferred). A Done channel that fired without an Err (a Context of the
// user's own) reads as the deadline connctx would have moved into the past.
error canceledError(const context::Context& ctx, const char* op, netFD* fd) {
  if (error e = ctx->Err()) return e;
  return opError(op, fd->net, fd->laddr, fd->raddr, os::ErrDeadlineExceeded);
}

time::Time normalize(time::Time t) { return t == time::Time{} ? time::Time::max() : t; }

// go: net/sock_posix.go socket + internal/poll.FD.Init
std::pair<std::unique_ptr<netFD>, error> socket(const std::string& net, int family, bool ipv6only,
                                                const UDPAddr* laddr, const UDPAddr* raddr) {
  int s = ::socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s < 0) return {nullptr, errno_error("socket", errno)};
  auto fd = std::make_unique<netFD>();
  fd->sysfd = s;
  fd->family = family;
  fd->net = net;
  // go: net/sockopt_posix.go setDefaultSockopts
  int one = 1, v6 = ipv6only ? 1 : 0;
  if (family == AF_INET6) ::setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v6, sizeof v6);
  ::setsockopt(s, SOL_SOCKET, SO_BROADCAST, &one, sizeof one);

  sockaddr_storage ss;
  if (laddr != nullptr || raddr == nullptr) {
    UDPAddr any;
    auto [len, err] = toSockaddr(family, laddr ? *laddr : any, &ss);
    if (err) return {nullptr, err};
    if (::bind(s, reinterpret_cast<sockaddr*>(&ss), len) != 0) return {nullptr, errno_error("bind", errno)};
  }
  if (raddr != nullptr) {
    auto [len, err] = toSockaddr(family, *raddr, &ss);
    if (err) return {nullptr, err};
    if (::connect(s, reinterpret_cast<sockaddr*>(&ss), len) != 0) return {nullptr, errno_error("connect", errno)};
    sockaddr_storage peer;
    socklen_t plen = sizeof peer;
    if (::getpeername(s, reinterpret_cast<sockaddr*>(&peer), &plen) == 0) {
      fd->raddr = fromSockaddr(peer);
    } else {
      fd->raddr = std::make_shared<UDPAddr>(*raddr);
    }
  }
  sockaddr_storage local;
  socklen_t llen = sizeof local;
  if (::getsockname(s, reinterpret_cast<sockaddr*>(&local), &llen) == 0) fd->laddr = fromSockaddr(local);
  fd->pd = gd::poll_open(s);
  return {std::move(fd), nullptr};
}

// go: net/ipsock_posix.go favoriteAddrFamily
std::pair<int, bool> favoriteAddrFamily(const std::string& net, const UDPAddr* laddr, const UDPAddr* raddr,
                                        bool listen) {
  switch (net.back()) {
    case '4':
      return {AF_INET, false};
    case '6':
      return {AF_INET6, true};
  }
  if (listen && isWildcard(laddr)) return {AF_INET6, false};  // supportsIPv4map on Linux
  if ((laddr == nullptr || addrFamily(*laddr) == AF_INET) && (raddr == nullptr || addrFamily(*raddr) == AF_INET)) {
    return {AF_INET, false};
  }
  return {AF_INET6, false};
}

std::shared_ptr<const Addr> opAddr(const UDPAddr* a) {
  if (a == nullptr) return nullptr;
  return std::make_shared<UDPAddr>(*a);
}

}  // namespace

// go: net/udpsock.go ListenUDP
std::pair<std::shared_ptr<UDPConn>, error> ListenUDP(std::string_view network, const UDPAddr* laddr) {
  std::string net(network);
  if (net != "udp" && net != "udp4" && net != "udp6") {
    return {nullptr, opError("listen", net, nullptr, opAddr(laddr), make_error<UnknownNetworkError>(net))};
  }
  auto [family, v6only] = favoriteAddrFamily(net, laddr, nullptr, true);
  auto [fd, err] = socket(net, family, v6only, laddr, nullptr);
  if (err && family == AF_INET6 && net == "udp" && isWildcard(laddr)) {
    std::tie(fd, err) = socket(net, AF_INET, false, laddr, nullptr);  // no IPv6 here
  }
  if (err) {
    auto e = std::make_shared<OpError>();
    e->Op = "listen";
    e->Net = net;
    e->Addr = opAddr(laddr);
    e->Err = err;
    return {nullptr, error(std::move(e))};
  }
  return {std::make_shared<UDPConn>(std::move(fd)), nullptr};
}

// go: net/udpsock.go DialUDP
std::pair<std::shared_ptr<UDPConn>, error> DialUDP(std::string_view network, const UDPAddr* laddr,
                                                   const UDPAddr* raddr) {
  std::string net(network);
  auto fail = [&](error err) {
    auto e = std::make_shared<OpError>();
    e->Op = "dial";
    e->Net = net;
    e->Source = opAddr(laddr);
    e->Addr = opAddr(raddr);
    e->Err = std::move(err);
    return std::pair<std::shared_ptr<UDPConn>, error>{nullptr, error(std::move(e))};
  };
  if (net != "udp" && net != "udp4" && net != "udp6") return fail(make_error<UnknownNetworkError>(net));
  if (raddr == nullptr) return fail(errMissingAddress);
  auto [family, v6only] = favoriteAddrFamily(net, laddr, raddr, false);
  auto [fd, err] = socket(net, family, v6only, laddr, raddr);
  if (err) return fail(err);
  return {std::make_shared<UDPConn>(std::move(fd)), nullptr};
}

// ---------------------------------------------------------------------------
// UDPConn

UDPConn::UDPConn(std::unique_ptr<detail::netFD> fd) : fd_(std::move(fd)) {}

UDPConn::~UDPConn() = default;  // netFD's destructor closes a socket still open

std::shared_ptr<const go::net::Addr> UDPConn::LocalAddr() const { return fd_->laddr; }
std::shared_ptr<const go::net::Addr> UDPConn::RemoteAddr() const { return fd_->raddr; }

// go: net/udpsock.go UDPConn.ReadFromUDP / readFrom + internal/poll FD.ReadFrom
std::tuple<int, std::shared_ptr<UDPAddr>, error> UDPConn::ReadFromUDP(std::span<std::uint8_t> b) {
  netFD* fd = fd_.get();
  sockaddr_storage ss;
  error err;
  ssize_t n = 0;
  {
    fdLock l(fd);
    err = l.lock(&fd->rmu);
    if (!err) {
      std::tie(n, err) = ioLoop(fd, 'r', "recvfrom", [&] {
        socklen_t len = sizeof ss;
        return ::recvfrom(fd->sysfd, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&ss), &len);
      });
    }
  }
  if (err) return {0, nullptr, opError("read", fd->net, fd->laddr, fd->raddr, err)};
  return {static_cast<int>(n), fromSockaddr(ss), nullptr};
}

std::tuple<int, std::shared_ptr<const go::net::Addr>, error> UDPConn::ReadFrom(std::span<std::uint8_t> p) {
  auto [n, addr, err] = ReadFromUDP(p);
  return {n, std::move(addr), std::move(err)};
}

// go: net/net.go conn.Read + internal/poll FD.Read
std::pair<int, error> UDPConn::Read(std::span<std::uint8_t> b) { return read(b, nullptr); }

std::pair<int, error> UDPConn::read(std::span<std::uint8_t> b, const context::Context* ctx) {
  netFD* fd = fd_.get();
  const recv_chan<struct_> doneCh = doneOf(ctx);
  gd::hchan* done = doneCh.raw();
  if (doneAlready(done)) return {0, canceledError(*ctx, "read", fd)};
  error err;
  ssize_t n = 0;
  {
    fdLock l(fd);
    err = l.lock(&fd->rmu);
    if (!err) {
      std::tie(n, err) =
          ioLoop(fd, 'r', "read", [&] { return ::recv(fd->sysfd, b.data(), b.size(), 0); }, done);
    }
  }
  if (err == errIOCanceled) return {0, canceledError(*ctx, "read", fd)};
  if (err) return {0, opError("read", fd->net, fd->laddr, fd->raddr, err)};
  return {static_cast<int>(n), nullptr};
}

// go: net/net.go conn.Write + internal/poll FD.Write
std::pair<int, error> UDPConn::Write(std::span<const std::uint8_t> b) { return write(b, nullptr); }

std::pair<int, error> UDPConn::write(std::span<const std::uint8_t> b, const context::Context* ctx) {
  netFD* fd = fd_.get();
  const recv_chan<struct_> doneCh = doneOf(ctx);
  gd::hchan* done = doneCh.raw();
  if (doneAlready(done)) return {0, canceledError(*ctx, "write", fd)};
  error err;
  ssize_t n = 0;
  {
    fdLock l(fd);
    err = l.lock(&fd->wmu);
    if (!err) {
      std::tie(n, err) = ioLoop(
          fd, 'w', "write", [&] { return ::send(fd->sysfd, b.data(), b.size(), MSG_NOSIGNAL); }, done);
    }
  }
  if (err == errIOCanceled) return {0, canceledError(*ctx, "write", fd)};
  if (err) return {static_cast<int>(n), opError("write", fd->net, fd->laddr, fd->raddr, err)};
  return {static_cast<int>(n), nullptr};
}

// go: net/udpsock.go UDPConn.WriteToUDP / writeTo + internal/poll FD.WriteTo
std::pair<int, error> UDPConn::WriteToUDP(std::span<const std::uint8_t> b, const UDPAddr& addr) {
  return writeToUDP(b, addr, nullptr);
}

std::pair<int, error> UDPConn::WriteToUDPContext(const context::Context& ctx, std::span<const std::uint8_t> b,
                                                 const UDPAddr& addr) {
  return writeToUDP(b, addr, &ctx);
}

std::pair<int, error> UDPConn::writeToUDP(std::span<const std::uint8_t> b, const UDPAddr& addr,
                                          const context::Context* ctx) {
  netFD* fd = fd_.get();
  auto fail = [&](error err) {
    return std::pair<int, error>{0, opError("write", fd->net, fd->laddr, std::make_shared<UDPAddr>(addr), err)};
  };
  if (fd->raddr) return fail(ErrWriteToConnected);
  sockaddr_storage ss;
  auto [len, aerr] = toSockaddr(fd->family, addr, &ss);
  if (aerr) return fail(aerr);
  const recv_chan<struct_> doneCh = doneOf(ctx);
  gd::hchan* done = doneCh.raw();
  if (doneAlready(done)) return {0, canceledError(*ctx, "write", fd)};
  error err;
  ssize_t n = 0;
  {
    fdLock l(fd);
    err = l.lock(&fd->wmu);
    if (!err) {
      std::tie(n, err) = ioLoop(
          fd, 'w', "sendto",
          [&] {
            return ::sendto(fd->sysfd, b.data(), b.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&ss), len);
          },
          done);
    }
  }
  if (err == errIOCanceled) return {0, canceledError(*ctx, "write", fd)};
  if (err) return fail(err);
  return {static_cast<int>(n), nullptr};
}

// go: net/udpsock.go UDPConn.WriteTo
std::pair<int, error> UDPConn::WriteTo(std::span<const std::uint8_t> p, const go::net::Addr& addr) {
  auto* a = dynamic_cast<const UDPAddr*>(&addr);
  if (a == nullptr) {
    auto e = std::make_shared<OpError>();
    e->Op = "write";
    e->Net = fd_->net;
    e->Source = fd_->laddr;
    e->Err = make_error<syscall::Errno>(EINVAL);
    return {0, error(std::move(e))};
  }
  return WriteToUDP(p, *a);
}

// go: net/net.go conn.Close + internal/poll FD.Close
error UDPConn::Close() {
  netFD* fd = fd_.get();
  if (!fd->increfAndClose()) return opError("close", fd->net, fd->laddr, fd->raddr, ErrClosed);
  // go: fd.pd.evict — wake every parked reader and writer with ErrClosed.
  gd::poll_close(fd->pd);
  fd->decref();
  // go: runtime_Semacquire(&fd.csema) — wait until the last operation in
  // flight has dropped its reference and the descriptor is closed.
  fd->drained.recv();
  return nullptr;
}

namespace {
// go: net/net.go conn.SetDeadline etc. + internal/poll FD.SetDeadline
error setDeadline(netFD* fd, time::Time t, char mode) {
  fdLock l(fd);
  if (error err = l.lock(nullptr)) {
    auto e = std::make_shared<OpError>();
    e->Op = "set";
    e->Net = fd->net;
    e->Addr = fd->laddr;
    e->Err = err;
    return error(std::move(e));
  }
  gd::poll_set_deadline(fd->pd, normalize(t), mode);
  return nullptr;
}

error setBuffer(netFD* fd, int opt, int bytes) {
  fdLock l(fd);
  error err = l.lock(nullptr);
  if (!err && ::setsockopt(fd->sysfd, SOL_SOCKET, opt, &bytes, sizeof bytes) != 0) {
    err = errno_error("setsockopt", errno);
  }
  if (!err) return nullptr;
  auto e = std::make_shared<OpError>();
  e->Op = "set";
  e->Net = fd->net;
  e->Source = fd->laddr;
  e->Addr = fd->raddr;
  e->Err = err;
  return error(std::move(e));
}
}  // namespace

error UDPConn::SetDeadline(time::Time t) { return setDeadline(fd_.get(), t, 'b'); }
error UDPConn::SetReadDeadline(time::Time t) { return setDeadline(fd_.get(), t, 'r'); }
error UDPConn::SetWriteDeadline(time::Time t) { return setDeadline(fd_.get(), t, 'w'); }
error UDPConn::SetReadBuffer(int bytes) { return setBuffer(fd_.get(), SO_RCVBUF, bytes); }
error UDPConn::SetWriteBuffer(int bytes) { return setBuffer(fd_.get(), SO_SNDBUF, bytes); }

// Port addition (go::net::ContextReadWriter): the fiber parks on the socket and on ctx.Done()
// at once (detail::poll_wait with a cancel channel), instead of pion/transport connctx's watcher
// goroutine that moves the deadline into the past; the deadline is left as the caller set it.
std::pair<int, error> UDPConn::ReadContext(const context::Context& ctx, std::span<std::uint8_t> b) {
  return read(b, &ctx);
}

std::pair<int, error> UDPConn::WriteContext(const context::Context& ctx, std::span<const std::uint8_t> b) {
  return write(b, &ctx);
}

}  // namespace net
}  // namespace go

// ---------------------------------------------------------------------------
// pion/transport v2 deadline/deadline.go

namespace pion::transport::deadline {

namespace {
bool isZero(go::time::Time t) { return t == go::time::Time{} || t == go::time::Time::max(); }
}  // namespace

// pion: deadline/deadline.go New
Deadline::Deadline()
    : exceeded(go::make_chan<go::struct_>()),
      stop(go::make_chan<go::struct_>()),
      stopped(go::make_chan<bool>(1)) {
  stopped.send(true);
}

std::shared_ptr<Deadline> New() { return std::make_shared<Deadline>(); }

// pion: deadline/deadline.go Deadline.Set
void Deadline::Set(go::time::Time t) {
  std::lock_guard<go::sync::Mutex> lk(mu);

  deadline = isZero(t) ? go::time::Time{} : t;

  stop.close();

  if (go::select(go::recv(exceeded), go::default_()) == 0) {
    exceeded = go::make_chan<go::struct_>();
  } else {
    bool wasStopped = stopped.recv();
    if (!wasStopped) exceeded = go::make_chan<go::struct_>();
  }
  stop = go::make_chan<go::struct_>();
  stopped = go::make_chan<bool>(1);

  if (isZero(t)) {
    stopped.send(true);
    return;
  }

  if (auto dur = go::time::Until(t); dur > go::time::Duration::zero()) {
    // Go's goroutine reads d.stop when it starts, which is the channel made
    // above (the next Set closes it before replacing it): capture it.
    go::chan<go::struct_> exceededC = exceeded;
    go::chan<bool> stoppedC = stopped;
    go::chan<go::struct_> stopC = stop;
    go::go([exceededC, stoppedC, stopC, dur] {
      auto timer = go::time::NewTimer(dur);
      switch (go::select(go::recv(timer->C), go::recv(stopC))) {
        case 0:
          exceededC.close();
          stoppedC.send(false);
          break;
        case 1:
          if (!timer->Stop()) timer->C.recv();
          stoppedC.send(true);
          break;
      }
    });
    return;
  }

  exceeded.close();
  stopped.send(false);
}

// pion: deadline/deadline.go Deadline.Done
go::recv_chan<go::struct_> Deadline::Done() const {
  std::lock_guard<go::sync::Mutex> lk(mu);
  return exceeded;
}

// pion: deadline/deadline.go Deadline.Err
go::error Deadline::Err() const {
  std::lock_guard<go::sync::Mutex> lk(mu);
  if (go::select(go::recv(exceeded), go::default_()) == 0) return go::context::DeadlineExceeded;
  return nullptr;
}

// pion: deadline/deadline.go Deadline.Deadline
std::pair<go::time::Time, bool> Deadline::Get() const {
  std::lock_guard<go::sync::Mutex> lk(mu);
  if (deadline == go::time::Time{}) return {deadline, false};
  return {deadline, true};
}

go::context::Context Deadline::AsContext() const {
  auto self = weak_from_this().lock();
  if (!self) throw go::panic_error("deadline: AsContext on a Deadline not made by deadline::New");
  // The aliasing constructor: the context lives in this Deadline and keeps it alive.
  return go::context::Context(std::move(self), &face);
}

std::pair<go::time::Time, bool> deadlineContext::Deadline() const { return d_->Get(); }
go::recv_chan<go::struct_> deadlineContext::Done() const { return d_->Done(); }
go::error deadlineContext::Err() const { return d_->Err(); }

}  // namespace pion::transport::deadline
