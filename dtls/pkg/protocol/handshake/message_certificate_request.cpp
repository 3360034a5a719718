// pion: pkg/protocol/handshake/message_certificate_request.go
#include "dtls/pkg/protocol/handshake/message_certificate_request.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/protocol/handshake/errors.hpp"

namespace dtls::pkg::protocol::handshake {

namespace clientcertificate = dtls::pkg::crypto::clientcertificate;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace signaturehash = dtls::pkg::crypto::signaturehash;
namespace util = dtls::internal::util;

// pion: pkg/protocol/handshake/message_certificate_request.go MessageCertificateRequest.Type
// Type returns the Handshake Type
handshake::Type MessageCertificateRequest::Type() const { return TypeCertificateRequest; }

// pion: pkg/protocol/handshake/message_certificate_request.go MessageCertificateRequest.Marshal
// Marshal encodes the Handshake
std::pair<std::vector<std::uint8_t>, go::error> MessageCertificateRequest::Marshal() const {
  std::vector<std::uint8_t> out{static_cast<std::uint8_t>(CertificateTypes.size())};
  for (auto v : CertificateTypes) {
    out.push_back(static_cast<std::uint8_t>(v));
  }

  out.insert(out.end(), {0x00, 0x00});
  util::PutBigEndianUint16(std::span(out).last(2), static_cast<std::uint16_t>(SignatureHashAlgorithms.size() * 2));
  for (const auto& v : SignatureHashAlgorithms) {
    out.push_back(static_cast<std::uint8_t>(v.Hash));
    out.push_back(static_cast<std::uint8_t>(v.Signature));
  }

  // Distinguished Names
  std::size_t casLength = 0;
  for (const auto& ca : CertificateAuthoritiesNames) {
    casLength += ca.size() + 2;
  }
  out.insert(out.end(), {0x00, 0x00});
  util::PutBigEndianUint16(std::span(out).last(2), static_cast<std::uint16_t>(casLength));
  if (casLength > 0) {
    for (const auto& ca : CertificateAuthoritiesNames) {
      out.insert(out.end(), {0x00, 0x00});
      util::PutBigEndianUint16(std::span(out).last(2), static_cast<std::uint16_t>(ca.size()));
      out.insert(out.end(), ca.begin(), ca.end());
    }
  }
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/handshake/message_certificate_request.go MessageCertificateRequest.Unmarshal
// Unmarshal populates the message from encoded data
go::error MessageCertificateRequest::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < messageCertificateRequestMinLength) {
    return errBufferTooSmall;
  }

  std::size_t offset = 0;
  const std::size_t certificateTypesLength = data[0];
  offset++;

  if ((offset + certificateTypesLength) > data.size()) {
    return errBufferTooSmall;
  }

  for (std::size_t i = 0; i < certificateTypesLength; i++) {
    const auto certType = static_cast<clientcertificate::Type>(data[offset + i]);
    if (clientcertificate::Types().count(certType) != 0) {
      CertificateTypes.push_back(certType);
    }
  }
  offset += certificateTypesLength;
  if (data.size() < offset + 2) {
    return errBufferTooSmall;
  }
  const std::size_t signatureHashAlgorithmsLength = util::BigEndianUint16(data.subspan(offset));
  offset += 2;

  if ((offset + signatureHashAlgorithmsLength) > data.size()) {
    return errBufferTooSmall;
  }

  for (std::size_t i = 0; i < signatureHashAlgorithmsLength; i += 2) {
    if (data.size() < (offset + i + 2)) {
      return errBufferTooSmall;
    }
    const auto h = static_cast<hash::Algorithm>(data[offset + i]);
    const auto s = static_cast<signature::Algorithm>(data[offset + i + 1]);

    if (hash::Algorithms().count(h) == 0) {
      continue;
    } else if (signature::Algorithms().count(s) == 0) {
      continue;
    }
    signaturehash::Algorithm a;
    a.Signature = s;
    a.Hash = h;
    SignatureHashAlgorithms.push_back(a);
  }

  offset += signatureHashAlgorithmsLength;
  if (data.size() < offset + 2) {
    return errBufferTooSmall;
  }
  const std::size_t casLength = util::BigEndianUint16(data.subspan(offset));
  offset += 2;
  if ((offset + casLength) > data.size()) {
    return errBufferTooSmall;
  }
  std::span<const std::uint8_t> cas = data.subspan(offset, casLength);
  CertificateAuthoritiesNames.clear();
  while (!cas.empty()) {
    if (cas.size() < 2) {
      return errBufferTooSmall;
    }
    const std::size_t caLen = util::BigEndianUint16(cas);
    cas = cas.subspan(2);

    if (cas.size() < caLen) {
      return errBufferTooSmall;
    }

    CertificateAuthoritiesNames.emplace_back(cas.begin(), cas.begin() + caLen);
    cas = cas.subspan(caLen);
  }

  return nullptr;
}

}  // namespace dtls::pkg::protocol::handshake
