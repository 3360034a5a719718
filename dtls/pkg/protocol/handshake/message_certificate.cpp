// pion: pkg/protocol/handshake/message_certificate.go
#include "dtls/pkg/protocol/handshake/message_certificate.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_certificate.go MessageCertificate.Type
// Type returns the Handshake Type
handshake::Type MessageCertificate::Type() const { return TypeCertificate; }

// pion: pkg/protocol/handshake/message_certificate.go MessageCertificate.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageCertificate::Marshal() const {
  std::vector<std::uint8_t> out(handshakeMessageCertificateLengthFieldSize);

  for (const auto& r : Certificate) {
    // Certificate Length
    out.resize(out.size() + handshakeMessageCertificateLengthFieldSize);
    util::PutBigEndianUint24(std::span(out).last(handshakeMessageCertificateLengthFieldSize),
                             static_cast<std::uint32_t>(r.size()));

    // Certificate body
    out.insert(out.end(), r.begin(), r.end());
  }

  // Total Payload Size
  util::PutBigEndianUint24(out, static_cast<std::uint32_t>(out.size() - handshakeMessageCertificateLengthFieldSize));
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_certificate.go MessageCertificate.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageCertificate::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < handshakeMessageCertificateLengthFieldSize) {
    return errBufferTooSmall;
  }

  if (const std::size_t certificateBodyLen = util::BigEndianUint24(data);
      certificateBodyLen + handshakeMessageCertificateLengthFieldSize != data.size()) {
    return errLengthMismatch;
  }

  std::size_t offset = handshakeMessageCertificateLengthFieldSize;
  while (offset < data.size()) {
    // BigEndianUint24 returns 0 for fewer than 3 bytes, as in Go; the check below then fails.
    const std::size_t certificateLen = util::BigEndianUint24(data.subspan(offset));
    offset += handshakeMessageCertificateLengthFieldSize;

    if (offset + certificateLen > data.size()) {
      return errLengthMismatch;
    }

    Certificate.emplace_back(data.begin() + offset, data.begin() + offset + certificateLen);
    offset += certificateLen;
  }

  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
