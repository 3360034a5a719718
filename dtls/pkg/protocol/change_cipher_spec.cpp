// pion: pkg/protocol/change_cipher_spec.go
#include "dtls/pkg/protocol/change_cipher_spec.hpp"

#include "dtls/pkg/protocol/errors.hpp"

namespace dtls::pkg::protocol {

// pion: pkg/protocol/change_cipher_spec.go ChangeCipherSpec.ContentType
protocol::ContentType ChangeCipherSpec::ContentType() const { return ContentTypeChangeCipherSpec; }

// pion: pkg/protocol/change_cipher_spec.go ChangeCipherSpec.Marshal
std::pair<std::vector<std::uint8_t>, go::error> ChangeCipherSpec::Marshal() {
  return {std::vector<std::uint8_t>{0x01}, nullptr};
}

// pion: pkg/protocol/change_cipher_spec.go ChangeCipherSpec.Unmarshal
go::error ChangeCipherSpec::Unmarshal(std::span<const std::uint8_t> data) {
  if (data.size() == 1 && data[0] == 0x01) {
    return nullptr;
  }

  return errInvalidCipherSpec;
}

}  // namespace dtls::pkg::protocol
