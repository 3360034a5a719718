// Port addition, not in Pion: the stateless cookie exchange of dtls::Listen (RFC 6347 4.2.1).
//
// Pion answers a ClientHello with a HelloVerifyRequest from inside a Conn, so every ClientHello
// from a new address costs an entry in pion/udp's accept queue and a handshake that Accept runs
// until it times out; spoofed ClientHellos fill the queue and lock legitimate clients out
// (port-notes/hardening.md). Here the listener answers a ClientHello whose cookie is missing or
// wrong with a HelloVerifyRequest straight from its read loop, keeping nothing, and makes a Conn
// only for a ClientHello that carries the cookie computed for its address. The Conn is then told
// (handshakeConfig::helloVerified) that the cookie exchange is done.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "chan/net.hpp"

namespace dtls {

class helloVerifier {
 public:
  // A verifier with a fresh random secret; cookies it made are valid only for it.
  helloVerifier();

  // admit decides about a datagram from an address that has no Conn yet. True when the datagram's
  // first record is an epoch-0 ClientHello, whole or its first fragment, whose cookie is one this
  // verifier made for `from` in the current or the previous cookie period. Otherwise false; when
  // the first record was such a ClientHello without a valid cookie, `reply` then holds the
  // HelloVerifyRequest to send back (RFC 6347 4.2.1: a ClientHello with an invalid cookie is
  // treated as one without). The HelloVerifyRequest is smaller than the ClientHello it answers, so
  // the exchange amplifies nothing. Anything else (later fragments, other records, a hello too
  // short to hold its cookie field) is dropped without an answer.
  bool admit(std::span<const std::uint8_t> datagram, const go::net::Addr& from,
             std::vector<std::uint8_t>& reply) const;

  // The cookie for `from` in cookie period `period`: HMAC-SHA256 over the period and the address,
  // truncated to cookieLength bytes. It does not cover the hello's fields, so that the first
  // fragment of a fragmented ClientHello can be checked without reassembling it.
  std::vector<std::uint8_t> cookie(const go::net::Addr& from, std::int64_t period) const;

  // The period a time (in seconds) falls in; a cookie lives one to two periods.
  static constexpr std::int64_t periodSeconds = 60;
  static std::int64_t periodOf(std::int64_t seconds) { return seconds / periodSeconds; }

  // The clock, in seconds: go::time::Now()'s (monotonic, or virtual in deterministic mode) unless
  // a test sets another.
  std::function<std::int64_t()> now;

 private:
  std::array<std::uint8_t, 32> secret{};
};

}  // namespace dtls
