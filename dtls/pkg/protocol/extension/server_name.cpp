// pion: pkg/protocol/extension/server_name.go
#include "dtls/pkg/protocol/extension/server_name.hpp"

#include "dtls/pkg/protocol/extension/cryptobyte.hpp"
#include "dtls/pkg/protocol/extension/errors.hpp"

namespace dtls::pkg::protocol::extension {

// pion: pkg/protocol/extension/server_name.go ServerName.TypeValue
extension::TypeValue ServerName::TypeValue() const { return ServerNameTypeValue; }

// pion: pkg/protocol/extension/server_name.go ServerName.Marshal
std::pair<std::vector<std::uint8_t>, go::error> ServerName::Marshal() const {
  cryptobyte::Builder b;
  b.AddUint16(static_cast<std::uint16_t>(TypeValue()));
  b.AddUint16LengthPrefixed([&](cryptobyte::Builder& b) {
    b.AddUint16LengthPrefixed([&](cryptobyte::Builder& b) {
      b.AddUint8(serverNameTypeDNSHostName);
      b.AddUint16LengthPrefixed([&](cryptobyte::Builder& b) { b.AddBytes(ServerName); });
    });
  });
  return b.Bytes();
}

// pion: pkg/protocol/extension/server_name.go ServerName.Unmarshal
go::error ServerName::Unmarshal(std::span<const std::uint8_t> data) {
  cryptobyte::String val(data);
  std::uint16_t extension = 0;
  val.ReadUint16(&extension);
  if (static_cast<extension::TypeValue>(extension) != TypeValue()) {
    return errInvalidExtensionType;
  }

  cryptobyte::String extData;
  val.ReadUint16LengthPrefixed(&extData);

  cryptobyte::String nameList;
  if (!extData.ReadUint16LengthPrefixed(&nameList) || nameList.Empty()) {
    return errInvalidSNIFormat;
  }
  while (!nameList.Empty()) {
    std::uint8_t nameType = 0;
    cryptobyte::String serverName;
    if (!nameList.ReadUint8(&nameType) || !nameList.ReadUint16LengthPrefixed(&serverName) || serverName.Empty()) {
      return errInvalidSNIFormat;
    }
    if (nameType != serverNameTypeDNSHostName) {
      continue;
    }
    if (ServerName.size() != 0) {
      // Multiple names of the same name_type are prohibited.
      return errInvalidSNIFormat;
    }
    ServerName = serverName.str();
    // An SNI value may not include a trailing dot.
    if (ServerName.ends_with(".")) {
      return errInvalidSNIFormat;
    }
  }
  return nullptr;
}

}  // namespace dtls::pkg::protocol::extension
