// pion: pkg/protocol/extension/supported_signature_algorithms.go
#include "dtls/pkg/protocol/extension/supported_signature_algorithms.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/crypto/hash/hash.hpp"
#include "dtls/pkg/crypto/signature/signature.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;
namespace hash = dtls::pkg::crypto::hash;
namespace signature = dtls::pkg::crypto::signature;
namespace signaturehash = dtls::pkg::crypto::signaturehash;

// pion: pkg/protocol/extension/supported_signature_algorithms.go SupportedSignatureAlgorithms.TypeValue
extension::TypeValue SupportedSignatureAlgorithms::TypeValue() const { return SupportedSignatureAlgorithmsTypeValue; }

// pion: pkg/protocol/extension/supported_signature_algorithms.go SupportedSignatureAlgorithms.Marshal
std::pair<std::vector<std::uint8_t>, go::error> SupportedSignatureAlgorithms::Marshal() const {
  std::vector<std::uint8_t> out(supportedSignatureAlgorithmsHeaderSize);

  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(TypeValue()));
  util::PutBigEndianUint16(std::span(out).subspan(2),
                           static_cast<std::uint16_t>(2 + (SignatureHashAlgorithms.size() * 2)));
  util::PutBigEndianUint16(std::span(out).subspan(4), static_cast<std::uint16_t>(SignatureHashAlgorithms.size() * 2));
  for (const auto& v : SignatureHashAlgorithms) {
    out.insert(out.end(), {0x00, 0x00});
    out[out.size() - 2] = static_cast<std::uint8_t>(v.Hash);
    out[out.size() - 1] = static_cast<std::uint8_t>(v.Signature);
  }

  return {std::move(out), nullptr};
}

// pion: pkg/protocol/extension/supported_signature_algorithms.go SupportedSignatureAlgorithms.Unmarshal
go::error SupportedSignatureAlgorithms::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() <= supportedSignatureAlgorithmsHeaderSize) {
    return errBufferTooSmall;
  } else if (static_cast<extension::TypeValue>(util::BigEndianUint16(data)) != TypeValue()) {
    return errInvalidExtensionType;
  }

  std::size_t algorithmCount = util::BigEndianUint16(data.subspan(4)) / 2;
  if (supportedSignatureAlgorithmsHeaderSize + (algorithmCount * 2) > data.size()) {
    return errLengthMismatch;
  }
  for (std::size_t i = 0; i < algorithmCount; i++) {
    auto supportedHashAlgorithm =
        static_cast<hash::Algorithm>(data[supportedSignatureAlgorithmsHeaderSize + (i * 2)]);
    auto supportedSignatureAlgorithm =
        static_cast<signature::Algorithm>(data[supportedSignatureAlgorithmsHeaderSize + (i * 2) + 1]);
    if (hash::Algorithms().contains(supportedHashAlgorithm)) {
      if (signature::Algorithms().contains(supportedSignatureAlgorithm)) {
        SignatureHashAlgorithms.push_back(signaturehash::Algorithm{
            supportedHashAlgorithm,
            supportedSignatureAlgorithm,
        });
      }
    }
  }

  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
