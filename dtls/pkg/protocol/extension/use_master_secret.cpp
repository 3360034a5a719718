// pion: pkg/protocol/extension/use_master_secret.go
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;

// pion: pkg/protocol/extension/use_master_secret.go UseExtendedMasterSecret.TypeValue
extension::TypeValue UseExtendedMasterSecret::TypeValue() const { return UseExtendedMasterSecretTypeValue; }

// pion: pkg/protocol/extension/use_master_secret.go UseExtendedMasterSecret.Marshal
std::pair<std::vector<std::uint8_t>, go::error> UseExtendedMasterSecret::Marshal() const {
  if (!Supported) {
    return {std::vector<std::uint8_t>{}, nullptr};
  }

  std::vector<std::uint8_t> out(useExtendedMasterSecretHeaderSize);

  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(TypeValue()));
  util::PutBigEndianUint16(std::span(out).subspan(2), 0);  // length
  return {std::move(out), nullptr};
}

// pion: pkg/protocol/extension/use_master_secret.go UseExtendedMasterSecret.Unmarshal
go::error UseExtendedMasterSecret::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() < useExtendedMasterSecretHeaderSize) {
    return errBufferTooSmall;
  } else if (static_cast<extension::TypeValue>(util::BigEndianUint16(data)) != TypeValue()) {
    return errInvalidExtensionType;
  }

  Supported = true;

  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
