// pion: pkg/protocol/extension/extension.go
#include "dtls/pkg/protocol/extension/extension.hpp"

#include "dtls/internal/util/util.hpp"
#include "dtls/pkg/protocol/extension/alpn.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"
#include "dtls/pkg/protocol/extension/renegotiation_info.hpp"
#include "dtls/pkg/protocol/extension/server_name.hpp"
#include "dtls/pkg/protocol/extension/supported_elliptic_curves.hpp"
#include "dtls/pkg/protocol/extension/use_master_secret.hpp"
#include "dtls/pkg/protocol/extension/use_srtp.hpp"

namespace dtls::pkg::protocol::extension {

namespace util = dtls::internal::util;

// pion: pkg/protocol/extension/extension.go Unmarshal
std::pair<std::vector<std::shared_ptr<Extension>>, go::error> Unmarshal(std::span<const std::uint8_t> buf) {
  if (buf.size() == 0) {
    return {std::vector<std::shared_ptr<Extension>>{}, nullptr};
  } else if (buf.size() < 2) {
    return {{}, errBufferTooSmall};
  }

  std::uint16_t declaredLen = util::BigEndianUint16(buf);
  if (buf.size() - 2 != static_cast<std::size_t>(declaredLen)) {
    return {{}, errLengthMismatch};
  }

  std::vector<std::shared_ptr<Extension>> extensions;
  auto unmarshalAndAppend = [&](std::span<const std::uint8_t> data, std::shared_ptr<Extension> e) -> go::error {
    auto err = e->Unmarshal(data);
    if (err) {
      return err;
    }
    extensions.push_back(std::move(e));
    return nullptr;
  };

  for (std::size_t offset = 2; offset < buf.size();) {
    if (buf.size() < (offset + 2)) {
      return {{}, errBufferTooSmall};
    }
    go::error err;
    switch (static_cast<TypeValue>(util::BigEndianUint16(buf.subspan(offset)))) {
      case ServerNameTypeValue:
        err = unmarshalAndAppend(buf.subspan(offset), std::make_shared<ServerName>());
        break;
      case SupportedEllipticCurvesTypeValue:
        err = unmarshalAndAppend(buf.subspan(offset), std::make_shared<SupportedEllipticCurves>());
        break;
      case UseSRTPTypeValue:
        err = unmarshalAndAppend(buf.subspan(offset), std::make_shared<UseSRTP>());
        break;
      case ALPNTypeValue:
        err = unmarshalAndAppend(buf.subspan(offset), std::make_shared<ALPN>());
        break;
      case UseExtendedMasterSecretTypeValue:
        err = unmarshalAndAppend(buf.subspan(offset), std::make_shared<UseExtendedMasterSecret>());
        break;
      case RenegotiationInfoTypeValue:
        err = unmarshalAndAppend(buf.subspan(offset), std::make_shared<RenegotiationInfo>());
        break;
      default:
        break;
    }
    if (err) {
      return {{}, err};
    }
    if (buf.size() < (offset + 4)) {
      return {{}, errBufferTooSmall};
    }
    std::uint16_t extensionLength = util::BigEndianUint16(buf.subspan(offset + 2));
    offset += (4 + static_cast<std::size_t>(extensionLength));
  }
  return {std::move(extensions), nullptr};
}

// pion: pkg/protocol/extension/extension.go Marshal
std::pair<std::vector<std::uint8_t>, go::error> Marshal(const std::vector<std::shared_ptr<Extension>>& e) {
  std::vector<std::uint8_t> extensions;
  for (const auto& ext : e) {
    auto [raw, err] = ext->Marshal();
    if (err) {
      return {{}, err};
    }
    extensions.insert(extensions.end(), raw.begin(), raw.end());
  }
  std::vector<std::uint8_t> out{0x00, 0x00};
  util::PutBigEndianUint16(out, static_cast<std::uint16_t>(extensions.size()));
  out.insert(out.end(), extensions.begin(), extensions.end());
  return {std::move(out), nullptr};
}

}  // namespace dtls::pkg::protocol::extension
