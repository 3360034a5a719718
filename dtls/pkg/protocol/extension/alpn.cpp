// pion: pkg/protocol/extension/alpn.go
#include "dtls/pkg/protocol/extension/alpn.hpp"

#include "dtls/pkg/protocol/extension/cryptobyte.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace dtls::pkg::protocol::extension {

// pion: pkg/protocol/extension/alpn.go ALPN.TypeValue
extension::TypeValue ALPN::TypeValue() const { return ALPNTypeValue; }

// pion: pkg/protocol/extension/alpn.go ALPN.Marshal
std::pair<std::vector<std::uint8_t>, go::error> ALPN::Marshal() const {
  cryptobyte::Builder b;
  b.AddUint16(static_cast<std::uint16_t>(TypeValue()));
  b.AddUint16LengthPrefixed([&](cryptobyte::Builder& b) {
    b.AddUint16LengthPrefixed([&](cryptobyte::Builder& b) {
      for (const auto& proto : ProtocolNameList) {
        const auto& p = proto;  // Satisfy range scope lint
        b.AddUint8LengthPrefixed([&](cryptobyte::Builder& b) { b.AddBytes(p); });
      }
    });
  });
  return b.Bytes();
}

// pion: pkg/protocol/extension/alpn.go ALPN.Unmarshal
go::error ALPN::Unmarshal(std::span<const std::uint8_t> data) {
  cryptobyte::String val(data);

  std::uint16_t extension = 0;
  val.ReadUint16(&extension);
  if (static_cast<extension::TypeValue>(extension) != TypeValue()) {
    return errInvalidExtensionType;
  }

  cryptobyte::String extData;
  val.ReadUint16LengthPrefixed(&extData);

  cryptobyte::String protoList;
  if (!extData.ReadUint16LengthPrefixed(&protoList) || protoList.Empty()) {
    return ErrALPNInvalidFormat;
  }
  while (!protoList.Empty()) {
    cryptobyte::String proto;
    if (!protoList.ReadUint8LengthPrefixed(&proto) || proto.Empty()) {
      return ErrALPNInvalidFormat;
    }
    ProtocolNameList.push_back(proto.str());
  }
  return nullptr;
}

// pion: pkg/protocol/extension/alpn.go ALPNProtocolSelection
std::pair<std::string, go::error> ALPNProtocolSelection(const std::vector<std::string>& supportedProtocols,
                                                        const std::vector<std::string>& peerSupportedProtocols) {
  if (supportedProtocols.empty() || peerSupportedProtocols.empty()) {
    return {"", nullptr};
  }
  for (const auto& s : supportedProtocols) {
    for (const auto& c : peerSupportedProtocols) {
      if (s == c) {
        return {s, nullptr};
      }
    }
  }
  return {"", errALPNNoAppProto};
}

}  // namespace dtls::pkg::protocol::extension
