// pion: pkg/protocol/handshake/message_certificate_verify.go
#include "dtls/pkg/protocol/handshake/message_certificate_verify.hpp"

#include <algorithm>

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_certificate_verify.go MessageCertificateVerify.Type
// Type returns the Handshake Type
handshake::Type MessageCertificateVerify::Type() const { return TypeCertificateVerify; }

// pion: pkg/protocol/handshake/message_certificate_verify.go MessageCertificateVerify.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageCertificateVerify::Marshal() const {
  std::vector<std::uint8_t> out(1 + 1 + 2 + Signature.size());

  out[0] = static_cast<std::uint8_t>(HashAlgorithm);
  out[1] = static_cast<std::uint8_t>(SignatureAlgorithm);
  util::PutBigEndianUint16(std::span(out).subspan(2), static_cast<std::uint16_t>(Signature.size()));
  std::copy(Signature.begin(), Signature.end(), out.begin() + 4);
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_certificate_verify.go MessageCertificateVerify.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageCertificateVerify::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < handshakeMessageCertificateVerifyMinLength) {
    return errBufferTooSmall;
  }

  HashAlgorithm = static_cast<hash::Algorithm>(data[0]);
  if (hash::Algorithms().count(HashAlgorithm) == 0) {
    return errInvalidHashAlgorithm;
  }

  SignatureAlgorithm = static_cast<signature::Algorithm>(data[1]);
  if (signature::Algorithms().count(SignatureAlgorithm) == 0) {
    return errInvalidSignatureAlgorithm;
  }

  const std::size_t signatureLength = util::BigEndianUint16(data.subspan(2));
  if ((signatureLength + 4) != data.size()) {
    return errBufferTooSmall;
  }

  Signature.assign(data.begin() + 4, data.end());
  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
