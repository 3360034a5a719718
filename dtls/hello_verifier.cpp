// Port addition, not in Pion: see hello_verifier.hpp.
#include "dtls/hello_verifier.hpp"

#include <botan/mac.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "chan/time.hpp"
#include "dtls/conn.hpp"
#include "dtls/pkg/crypto/ccm/go_crypto.hpp"
#include "dtls/pkg/protocol/content.hpp"
#include "dtls/pkg/protocol/handshake/handshake.hpp"
#include "dtls/pkg/protocol/handshake/message_hello_verify_request.hpp"
#include "dtls/pkg/protocol/recordlayer/header.hpp"
#include "dtls/pkg/protocol/recordlayer/recordlayer.hpp"
#include "dtls/pkg/protocol/version.hpp"

namespace dtls {

namespace {
namespace protocol = pkg::protocol;
namespace handshake = pkg::protocol::handshake;
namespace recordlayer = pkg::protocol::recordlayer;

// The cookie field of a ClientHello body (RFC 6347 4.2.1: client_version, random, session_id,
// cookie, ...), read from as much of the body as `b` holds. False when `b` ends before it does.
bool cookieField(std::span<const std::uint8_t> b, std::span<const std::uint8_t>& cookie) {
  std::size_t off = 2 + handshake::RandomLength;
  if (b.size() < off + 1) return false;
  off += 1 + b[off];  // session_id
  if (b.size() < off + 1) return false;
  const std::size_t n = b[off];
  if (b.size() < off + 1 + n) return false;
  cookie = b.subspan(off + 1, n);
  return true;
}
}  // namespace

helloVerifier::helloVerifier()
    : now([] { return std::chrono::duration_cast<std::chrono::seconds>(go::time::Now().time_since_epoch()).count(); }) {
  if (auto [n, err] = go::crypto::rand::Read(secret); err) {
    throw std::runtime_error("dtls: no random bytes for the HelloVerifyRequest secret: " + err.Error());
  }
}

std::vector<std::uint8_t> helloVerifier::cookie(const go::net::Addr& from, std::int64_t period) const {
  auto mac = Botan::MessageAuthenticationCode::create_or_throw("HMAC(SHA-256)");
  mac->set_key(secret.data(), secret.size());
  for (int shift = 56; shift >= 0; shift -= 8) {
    mac->update(static_cast<std::uint8_t>(static_cast<std::uint64_t>(period) >> shift));
  }
  mac->update(from.Network() + " " + from.String());
  auto sum = mac->final();
  return std::vector<std::uint8_t>(sum.begin(), sum.begin() + cookieLength);
}

bool helloVerifier::admit(std::span<const std::uint8_t> datagram, const go::net::Addr& from,
                          std::vector<std::uint8_t>& reply) const {
  reply.clear();
  recordlayer::Header rh;
  if (rh.Unmarshal(datagram) || rh.ContentType != protocol::ContentTypeHandshake || rh.Epoch != 0) {
    return false;
  }
  // Header.Unmarshal leaves ContentLen alone (as Pion's does); it is the header's last two bytes.
  const std::size_t contentLen = (std::size_t{datagram[recordlayer::HeaderSize - 2]} << 8) |
                                 datagram[recordlayer::HeaderSize - 1];
  if (datagram.size() < recordlayer::HeaderSize + contentLen) {
    return false;
  }
  auto content = datagram.subspan(recordlayer::HeaderSize, contentLen);
  handshake::Header hh;
  if (hh.Unmarshal(content) || hh.Type != handshake::TypeClientHello || hh.FragmentOffset != 0) {
    return false;
  }
  auto body = content.subspan(handshake::HeaderLength);
  body = body.first(std::min<std::size_t>(body.size(), hh.FragmentLength));
  std::span<const std::uint8_t> got;
  if (!cookieField(body, got)) {
    return false;
  }

  const std::int64_t period = periodOf(now());
  auto want = cookie(from, period);
  if (got.size() == want.size()) {
    if (go::crypto::subtle::ConstantTimeCompare(got, want) == 1 ||
        go::crypto::subtle::ConstantTimeCompare(got, cookie(from, period - 1)) == 1) {
      return true;
    }
  }

  // As Pion's flight2Generate words it (version 1.2 in the message and the record); RFC 6347
  // 4.2.1: the record sequence number is the ClientHello's, and the message sequence number
  // mirrors the ClientHello's so a client that already saw one HelloVerifyRequest takes this one.
  auto hvr = std::make_shared<handshake::MessageHelloVerifyRequest>();
  hvr->Version = protocol::Version1_2;
  hvr->Cookie = std::move(want);
  recordlayer::RecordLayer rec;
  rec.Header.Version = protocol::Version1_2;
  rec.Header.Epoch = 0;
  rec.Header.SequenceNumber = rh.SequenceNumber;
  auto hs = std::make_shared<handshake::Handshake>();
  hs->Header.MessageSequence = hh.MessageSequence;
  hs->Message = std::move(hvr);
  rec.Content = std::move(hs);
  auto [raw, err] = rec.Marshal();
  if (!err) {
    reply = std::move(raw);
  }
  return false;
}

}  // namespace dtls
